"""Two readers' blind records -> disagreements to settle, the institution test set, and the
expected files (fixtures/LABELLING.md). It never runs ogpparse: it only compares what two
people wrote from the page text and what a third reading settled.

    python tests/tools/blind_labels.py disagreements   # fixtures/blind/disagreements/<lang>.json
    python tests/tools/blind_labels.py institutions    # tests/data/institutions_blind.json
    python tests/tools/blind_labels.py expected        # NAME.txt.expected.json beside each page
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLIND = ROOT / "fixtures" / "blind"
READERS = ("a", "b")
ROLES = ("lead", "supporting", "involved")


def squash(value):
    """Whitespace-insensitive form, as the golden test compares."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    if isinstance(value, list):
        return [squash(v) for v in value]
    if isinstance(value, dict):
        return {k: squash(v) for k, v in value.items()}
    return value


def normal(record: dict) -> dict:
    record = dict(record)
    record.pop("source", None)
    record["warnings"] = sorted(({"code": w.get("code"), "field": w.get("field")} for w in record.get("warnings", [])),
                                key=lambda w: (w["code"] or "", w["field"] or ""))
    return record


def pages():
    """(group, page file) for every page the readers label: seeds and corpus/{en,fr,es}."""
    for p in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        yield "seeds", p
    for lang in ("en", "fr", "es"):
        for p in sorted((ROOT / "fixtures" / "corpus" / lang).glob("*.txt")):
            yield lang, p


def reader_record(reader: str, group: str, page: Path) -> dict | None:
    path = BLIND / reader / group / (page.name + ".expected.json")
    if not path.exists():
        return None
    return normal(json.loads(path.read_text(encoding="utf-8")))


def disagreements() -> None:
    out: dict[str, list] = {}
    counts = {"fields": 0, "agree": 0}
    for group, page in pages():
        a, b = (reader_record(r, group, page) for r in READERS)
        if a is None or b is None:
            out.setdefault(group, []).append({"page": page.name, "missing_reader": [r for r, x in zip(READERS, (a, b)) if x is None]})
            continue
        for field in sorted(set(a) | set(b)):
            counts["fields"] += 1
            if squash(a.get(field)) == squash(b.get(field)):
                counts["agree"] += 1
                continue
            out.setdefault(group, []).append({"page": page.name, "field": field, "a": a.get(field), "b": b.get(field)})
    target = BLIND / "disagreements"
    target.mkdir(exist_ok=True)
    for group, items in out.items():
        (target / f"{group}.json").write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{counts['agree']} of {counts['fields']} fields agree; "
          + ", ".join(f"{g}: {len(v)} to settle" for g, v in out.items()))


def institutions() -> None:
    """Every institution field of every commitment page where both readers wrote the same
    list of names: the blind set of the institution test."""
    cases, seen = [], 0
    for group, page in pages():
        a, b = (reader_record(r, group, page) for r in READERS)
        if not a or not b or a.get("page_type") != "commitment" or b.get("page_type") != "commitment":
            continue
        for role in ROLES:
            na = [squash(i["name"]) for i in (a.get("institutions") or {}).get(role) or []]
            nb = [squash(i["name"]) for i in (b.get("institutions") or {}).get(role) or []]
            if not na and not nb:
                continue
            seen += 1
            if na == nb:
                lang = a.get("language") or group
                cases.append({"page": f"{'seeds' if group == 'seeds' else 'corpus/' + group}/{page.name}",
                              "language": lang, "role": role, "names": na})
    target = ROOT / "tests" / "data" / "institutions_blind.json"
    target.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} of {seen} institution fields agreed by both readers -> {target.relative_to(ROOT)}")


def expected() -> None:
    """Agreed fields, with each settled disagreement (fixtures/blind/settled/<group>.json:
    [{"page", "field", "value"}]) -> the expected file beside each page."""
    settled: dict[tuple[str, str, str], object] = {}  # (group, page, field); names repeat across languages
    for path in (BLIND / "settled").glob("*.json"):
        for item in json.loads(path.read_text(encoding="utf-8")):
            settled[(path.stem, item["page"], item["field"])] = item["value"]
    written, open_fields = 0, []
    for group, page in pages():
        a, b = (reader_record(r, group, page) for r in READERS)
        if a is None or b is None:
            open_fields.append((page.name, "*"))
            continue
        record = {}
        for field in sorted(set(a) | set(b)):
            if (group, page.name, field) in settled:
                record[field] = settled[(group, page.name, field)]
            elif squash(a.get(field)) == squash(b.get(field)):
                record[field] = a.get(field)
            else:
                open_fields.append((page.name, field))
        if any(p == page.name for p, _ in open_fields):
            continue
        if record.get("page_type") == "commitment" and record.get("ogp_values") is None:
            # LABELLING.md asked for null when the page does not say; the record keeps an
            # empty list then (the answer itself is irm.relevant_to_ogp_values)
            record["ogp_values"] = []
        target = page.with_name(page.name + ".expected.json")
        target.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written += 1
    html_page()
    print(f"{written} expected files written; {len(open_fields)} fields still to settle")
    for p, f in open_fields[:50]:
        print(f"  {p}: {f}")


STATUS_SLUGS = {"Not started": "not_started", "In progress": "in_progress", "Stuck": "stuck",
                "Finished": "finished", "Incomplete": "incomplete"}


def html_page() -> None:
    """fixtures/html/commitment_MXROO0006.html is CONSTRUCTED from seed 002's text by
    tests/tools/make_html_fixture.py, which marks each milestone's status in the markup: its
    expected record is seed 002's, with those statuses (so no milestone_status_unknown)."""
    seed = ROOT / "fixtures/seeds/002_d0aed3a1e4458158.txt.expected.json"
    if not seed.exists():
        return
    sys.path.insert(0, str(Path(__file__).parent))
    from make_html_fixture import MARKED

    record = json.loads(seed.read_text(encoding="utf-8"))
    for m in record["milestones"]:
        m["status"] = STATUS_SLUGS[MARKED[m["number"]][0]]
    record["warnings"] = [w for w in record["warnings"] if w["code"] != "milestone_status_unknown"]
    target = ROOT / "fixtures/html/commitment_MXROO0006.html.expected.json"
    target.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    {"disagreements": disagreements, "institutions": institutions, "expected": expected}[sys.argv[1]]()
