"""One commitment across its languages: the site publishes each commitment page in English,
French and Spanish; this groups the pages of one commitment ID into one record.

- Canonical values (dates, status, completion, OGP values, IRM values, milestone count,
  milestone numbers, dates and status, institution groups) are language-free: they are taken
  once and checked against each other. A page that does not give a value (null) does not
  contradict the others; two pages that give different values do: the merged value is null
  and a `language_conflict` warning names the field and each language's value. Never
  silently resolved.
- Texts (title, member as printed, description, policy areas, institution names, milestone
  titles) are kept per language: {"en": ..., "fr": ..., "es": ...}.
- Two pages of one language (copies, or two snapshots mixed) keep the first; the warning
  `several_pages` names the others.
"""
from __future__ import annotations

import json
from typing import Iterable

CANONICAL = ("start_date", "end_date", "status", "action_plan_cycle", "completion", "milestone_count")
TEXTS = ("title", "member", "policy_areas", "primary_sector", "description")
IRM_FIELDS = ("report", "starred", "early_results", "verifiable", "relevant_to_ogp_values", "potential_impact")
ROLES = ("lead", "supporting", "involved")


def _key(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


class Merger:
    """Collects records (dicts) one at a time; `merged()` gives one record per commitment ID,
    in the order the IDs were first seen. Only commitment pages with an ID take part."""

    def __init__(self):
        self.groups: dict[str, list[dict]] = {}

    def add(self, record: dict) -> None:
        if record.get("page_type") == "commitment" and record.get("commitment_id"):
            self.groups.setdefault(record["commitment_id"], []).append(_slim(record))

    def merged(self) -> list[dict]:
        return [merge_pages(pages) for pages in self.groups.values()]


def _slim(record: dict) -> dict:
    """What merging needs of a record: a database run keeps only this for every commitment."""
    from .tables import record_key

    keep = ("commitment_id", "language", *CANONICAL, *TEXTS, "ogp_values", "irm", "institutions",
            "milestones", "source")
    out = {k: record.get(k) for k in keep}
    out["record_key"] = record_key(record)
    return out


def merge_records(records: Iterable[dict]) -> list[dict]:
    merger = Merger()
    for record in records:
        merger.add(record)
    return merger.merged()


def merge_pages(pages: list[dict]) -> dict:
    """The pages of one commitment (any languages) as one record."""
    by_lang: dict[str, dict] = {}
    warnings: list[dict] = []
    for page in pages:
        lang = page.get("language") or "xx"
        if lang in by_lang:
            warnings.append({"code": "several_pages", "field": None, "languages": [lang],
                             "message": f"{lang}: {page['record_key']} also; {by_lang[lang]['record_key']} is used"})
        else:
            by_lang[lang] = page
    langs = sorted(by_lang)
    check = _Checker(by_lang, warnings)
    out: dict = {"commitment_id": pages[0]["commitment_id"], "languages": langs,
                 "record_keys": {lang: by_lang[lang]["record_key"] for lang in langs}}
    for field in CANONICAL:
        out[field] = check(field, {lang: p.get(field) for lang, p in by_lang.items()})
    out["ogp_values"] = check("ogp_values", {l: sorted(p["ogp_values"]) if p.get("ogp_values") is not None else None
                                             for l, p in by_lang.items()})
    out["irm"] = {f: check(f"irm.{f}.value", {l: ((p.get("irm") or {}).get(f) or {}).get("value")
                                              for l, p in by_lang.items()}) for f in IRM_FIELDS}
    for field in TEXTS:
        out[field] = {lang: by_lang[lang].get(field) for lang in langs if by_lang[lang].get(field) not in (None, [], {})}
    out["institutions"] = _institutions(by_lang, check)
    out["milestones"] = _milestones(by_lang, check)
    out["warnings"] = warnings
    return out


class _Checker:
    """The one value the languages agree on (nulls aside), or None and a warning."""

    def __init__(self, by_lang: dict, warnings: list):
        self.by_lang, self.warnings = by_lang, warnings

    def __call__(self, field: str, values: dict):
        given = {lang: v for lang, v in values.items() if v is not None}
        distinct = {_key(v) for v in given.values()}
        if len(distinct) <= 1:
            return next(iter(given.values()), None)
        shown = "; ".join(f"{lang}: {_key(v)}" for lang, v in sorted(given.items()))
        self.warnings.append({"code": "language_conflict", "field": field, "languages": sorted(given),
                              "values": dict(sorted(given.items())),
                              "message": f"the languages disagree on {field} ({shown})"})
        return None


def _institutions(by_lang: dict, check: _Checker) -> dict:
    """Per role: the groups (canonical, in page order), and names and printed values per language."""
    out = {}
    for role in ROLES:
        bodies = {l: ((p.get("institutions") or {}).get(role) or []) for l, p in by_lang.items()}
        if not any(bodies.values()):
            continue
        # a different number of bodies (split differently, or one page lists more) is its own
        # disagreement; groups are compared body by body only when the counts agree
        count = check(f"institutions.{role}.count", {l: len(bs) if bs else None for l, bs in bodies.items()})
        groups = None if count is None else check(
            f"institutions.{role}.groups", {l: [b.get("group") for b in bs] if bs else None for l, bs in bodies.items()})
        out[role] = {"groups": groups,
                     "names": {l: [b["name"] for b in bs] for l, bs in sorted(bodies.items()) if bs},
                     "printed": {l: ((by_lang[l].get("institutions") or {}).get("printed") or {}).get(role)
                                 for l in sorted(bodies) if bodies[l]}}
    return out


def _milestones(by_lang: dict, check: _Checker) -> list[dict]:
    """Matched by number: dates and status checked, titles per language."""
    lists = {l: {m["number"]: m for m in p.get("milestones") or []} for l, p in by_lang.items()}
    check("milestones.numbers", {l: sorted(ms) if ms else None for l, ms in lists.items()})
    out = []
    for number in sorted({n for ms in lists.values() for n in ms}):
        have = {l: ms[number] for l, ms in lists.items() if number in ms}
        item = {"number": number}
        for field in ("start_date", "end_date", "status"):
            item[field] = check(f"milestones.{number}.{field}", {l: m.get(field) for l, m in have.items()})
        item["title"] = {l: m.get("title") for l, m in sorted(have.items()) if m.get("title")}
        out.append(item)
    return out
