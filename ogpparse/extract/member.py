"""Member pages ("Jalisco, Mexico": Member Since, the current action plan, the member's
commitments and its resources)."""
from __future__ import annotations

import re

from ..lexicon import norm
from ..normalize import clean_value, to_int, year_range
from .base import Doc
from .common import first_title, related_commitments

FIELDS = frozenset({"member_since", "current_action_plan", "commitments_count", "commitments_list",
                    "resources_list", "contact_heading"})
_YEAR_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})\b")
_RESOURCE = re.compile(r"^(?P<year>\d{4}),\s*(?P<rest>.+)$")
_NUMBER = re.compile(r"^\d{1,3}[.)]\s+")


def extract(doc: Doc) -> dict:
    _, name = first_title(doc)
    resources = _resources(doc)
    kinds = {norm(k) for k in doc.lex.words("action_plan_kind")}
    return {
        "title": name,
        "member": name,
        "member_since": _member_since(doc),
        "action_plan": _current_plan(doc),
        "commitments_count": to_int(doc.raw("commitments_count")) or _count_in_sentence(doc),
        "related_commitments": related_commitments(doc, 0),
        "resources": resources,
        "action_plans": [_plan(r["title"]) for r in resources if r["kind"] and norm(r["kind"]) in kinds],
    }


def _member_since(doc: Doc) -> int | None:
    patterns = doc.lex.patterns.get("member_since", ())  # fetched once, not per line
    for line in doc.lines[:30]:
        for p in patterns:
            m = p.search(line.text)
            if m:
                return int(m.group("year"))
    return to_int(doc.raw("member_since"))


def _current_plan(doc: Doc) -> dict | None:
    """The current action plan: the first year range in the lines under "Current Action
    Plan" ("2019-2021", or "... from their 2022-2024 action plan")."""
    i = doc.find("current_action_plan")
    if i is None:
        return None
    for line in doc.value_lines(i)[:3]:
        m = _YEAR_RANGE.search(line.text)
        if m:
            return {"title": None, "start_year": int(m[1]), "end_year": int(m[2])}
    return None


def _plan(title: str) -> dict:
    start, end = year_range(title)
    return {"title": title, "start_year": start, "end_year": end}


def _count_in_sentence(doc: Doc) -> int | None:
    """"They are currently implementing four commitments": the count the page states in words
    or digits in the sentence the site prints under the member's name."""
    # Each lexicon's patterns, in the order Lexicon.match would try them, fetched once.
    patterns = [(lex, p) for lex in (doc.lex, *doc.lexicons)
                for p in lex.patterns.get("commitments_sentence", ())]
    for line in doc.lines[:30]:
        for lex, p in patterns:
            m = p.search(line.text)
            if m:
                word = m["count"]
                return int(word) if word.isdigit() else lex.data.get("numbers", {}).get(word.lower())
    return None


def _resources(doc: Doc) -> list[dict]:
    """Items "1. Title" followed by "2024, IRM Report, Web page" (the last part is the format)."""
    out, last = [], 0
    for i in range(1, len(doc.lines)):
        m = _RESOURCE.match(doc.lines[i].text)
        if not m:
            continue
        title = clean_value(_NUMBER.sub("", doc.lines[i - 1].text), doc.lexicons)
        if not title:
            continue
        parts = [p.strip() for p in m["rest"].split(",") if p.strip()]
        kind = ", ".join(parts[:-1]) or None
        out.append({"title": title, "year": int(m["year"]), "kind": kind})
        last = i
    if out and _cut_after(doc, last):
        # the page stops on the next item's title, before its "year, kind" line
        title = clean_value(_NUMBER.sub("", doc.lines[-1].text), doc.lexicons)
        if title:
            out.append({"title": title, "year": None, "kind": None})
    return out


def _cut_after(doc: Doc, i: int) -> bool:
    """The only line after line i is a numbered item's title: a list cut by the page's end."""
    rest = [line.text for line in doc.lines[i + 1:] if line.text.strip()]
    return len(rest) == 1 and bool(_NUMBER.match(rest[0]))
