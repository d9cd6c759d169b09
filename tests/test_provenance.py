"""Provenance must be true: on every fixture page, each field's provenance text is on the
page at the lines it gives, and the field's value can be read from that text (after the
documented normalisation); every extracted field has provenance."""
from __future__ import annotations

import re
import time
from functools import lru_cache
from pathlib import Path

import pytest

from ogpparse import parse_file, parse_text
from ogpparse.institutions import GROUPS, group_label_texts
from ogpparse.lexicon import load_all, norm
from ogpparse.paths import walk
from ogpparse.provenance import UNTRACED, fold, source_lines
from ogpparse.read import read_path

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".html") and p.is_file())

# Fields that no line of the page gives, with the reason (every other non-null leaf must be
# traced): the page type and the language are decided by the whole page (a vote of the
# labels it shows, then frequent words), not read from one line.
UNTRACED_REASONS = {
    "page_type": "decided by the page's labels and title patterns as a whole",
    "language": "decided by a vote of every label on the page",
}
ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def test_untraced_fields_have_a_reason():
    assert set(UNTRACED) == set(UNTRACED_REASONS)


@lru_cache(maxsize=None)
def traced(page: Path) -> tuple[dict, list[str]]:
    record = parse_file(page, provenance=True).model_dump(mode="json")
    raw = read_path(page)
    if raw.format == "text":  # the file's own lines, independent of the module under test
        lines = re.split(r"\r\n|\r|\n", raw.text)
    else:
        lines = source_lines(raw.text, "html")
        assert len(lines) == len(re.split(r"\r\n|\r|\n", raw.text))  # line N is the file's line N
    return record, lines


@lru_cache(maxsize=1)
def _lexicon_data():
    lexicons = tuple(load_all().values())
    months: dict[str, int] = {}
    phrases: dict[str, set[str]] = {}
    groups: dict[str, set[str]] = {}
    for lex in lexicons:
        months.update(lex.months)
        for table in lex.data.get("scales", {}).values():
            for slug, words in table.items():
                phrases.setdefault(slug, set()).update(fold(w).lower() for w in words)
    for group in GROUPS:  # the label texts institutions.py reads a group from
        groups[group] = {fold(w).lower() for w in group_label_texts(lexicons, group)}
    number_words: dict[int, set[str]] = {}
    for lex in lexicons:
        for word, number in lex.data.get("numbers", {}).items():
            number_words.setdefault(number, set()).add(fold(word).lower())
    return months, phrases, groups, number_words


def _words_of_lines(value: str) -> tuple[list[str], list[str]]:
    lines = [fold(re.sub(r"^(?:[•▪◦●·*▸►]|-|–)\s+", "", x.strip())).lower() for x in value.splitlines()]
    lines = [x for x in lines if x]
    return lines[0].split(" "), lines[-1].split(" ")


def readable(path: str, value, text: str, record: dict) -> bool:
    """The documented normalisation from the page's text to the record's value."""
    months, phrases, groups, number_words = _lexicon_data()
    low = fold(text.replace("\n", " ")).lower()
    if isinstance(value, bool):
        return bool(low)  # a boolean points to the line of its item or its label
    if isinstance(value, int):  # its digits, or the word for it in a lexicon's [numbers]
        return re.search(rf"(?<!\d){value}(?!\d)", low) is not None or low in number_words.get(value, ())
    if path.endswith(".group"):
        return any(label in low for label in groups[value])
    if path.endswith(".value") and value in phrases:  # an IRM rating: read from its text
        sibling = path[: -len(".value")] + ".text"
        return record["provenance"].get(sibling, {}).get("text") == text
    if value in phrases and value == value.lower():  # a canonical slug: its scale words
        return any(p in low for p in phrases[value])
    if m := ISO.match(value):  # an ISO date from the printed date
        year, month, day = m[1], m[2], m[3]
        if year not in low:
            return False
        if month:
            words = {months.get(norm(w)) for w in re.findall(r"[^\W\d_]+", low)}
            numbers = {int(n) for n in re.findall(r"\d+", low) if n != year}
            if int(month) not in words and int(month) not in numbers:
                return False
            if day and int(day) not in numbers:
                return False
        return True
    needle = fold(value).lower()
    if needle in low:
        return True
    # A long text: the page prints glossary tooltips inside it, so its first and last words
    # (leading numbering like "4." aside) are what the span must hold.
    first, last = _words_of_lines(value)
    head = [w for w in first[:2]]
    if head and not any(c.isalpha() for c in head[0]) and len(first) > 2:
        head = first[1:3]
    return " ".join(head) in low and " ".join(last[-1:]) in low


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_every_provenance_is_on_the_page_and_gives_the_value(page):
    record, lines = traced(page)
    values = dict(walk(record))
    problems = []
    for path, span in record["provenance"].items():
        assert 1 <= span["line"] <= span["end_line"] <= len(lines), (path, span)
        shown = [n for n in range(span["line"], span["end_line"] + 1) if fold(lines[n - 1])]
        pieces = span["text"].split("\n")
        if len(pieces) != len(shown) or any(p not in fold(lines[n - 1]) for p, n in zip(pieces, shown)):
            problems.append(f"{path}: text not at lines {span['line']}-{span['end_line']}")
        elif not readable(path, values[path], span["text"], record):
            problems.append(f"{path}: {values[path]!r} not readable from {span['text'][:120]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_every_extracted_field_has_provenance(page):
    record, _ = traced(page)
    missing = [p for p, v in walk(record) if v is not None and not p.startswith("provenance")
               and p not in UNTRACED_REASONS and p not in record["provenance"]]
    # nulls have nothing to point at; empty lists and dicts have no leaves (walk skips them)
    assert not missing, f"fields without provenance: {missing}"


def test_provenance_is_off_by_default_and_absent_from_output():
    page = ROOT / "fixtures/seeds/002_d0aed3a1e4458158.txt"
    plain = parse_file(page)
    assert plain.provenance is None
    assert "provenance" not in plain.model_dump(mode="json")
    assert "provenance" not in plain.model_dump_json()


def test_provenance_of_seed_002_points_at_the_printed_text():
    record = parse_file(ROOT / "fixtures/seeds/002_d0aed3a1e4458158.txt", provenance=True)
    prov = record.provenance
    assert prov["start_date"] == {"line": 14, "end_line": 14, "text": "Jul 2023"}
    assert prov["member"]["line"] == 2
    assert prov["milestones[0].number"]["text"] == "1"
    assert prov["milestones[0].end_date"]["line"] == 105  # "End Date07/2023", not the start line
    assert prov["irm.verifiable.value"]["text"] == "Yes"
    assert prov["ogp_values[1]"]["text"] == "Technology and Innovation for Transparency and Accountability"
    assert prov["institutions.printed.involved"]["line"] == 19
    assert prov["institutions.printed.involved"]["end_line"] == 31


def test_html_provenance_gives_lines_of_the_html_source():
    page = ROOT / "fixtures/html/commitment_MXROO0006.html"
    record = parse_file(page, provenance=True)
    source = page.read_text(encoding="utf-8").split("\n")
    span = record.provenance["commitment_id"]
    assert "MXROO0006" in source[span["line"] - 1]


def test_parse_text_with_provenance_and_a_large_page_stays_fast():
    text = (ROOT / "fixtures/seeds/002_d0aed3a1e4458158.txt").read_text(encoding="utf-8")
    # about 1 MB: the page's description repeated (a long page, many candidate lines)
    filler = "\n\n".join(text.split("Milestones")[0].split("\n")[60:]) * 1
    big = text.replace("Primary Policy Area\n", filler * (900_000 // max(1, len(filler))) + "\nPrimary Policy Area\n", 1)
    assert 800_000 < len(big.encode()) < 1_048_576
    started = time.perf_counter()
    record = parse_text(big, provenance=True)
    assert time.perf_counter() - started < 3.0  # the whole parse; tracing alone is well under it
    assert record.provenance["milestones[8].end_date"]["text"] == "07/2024"


def test_csv_provenance_table(tmp_path):
    from ogpparse.api import extract_paths

    page = str(ROOT / "fixtures/seeds/002_d0aed3a1e4458158.txt")
    assert extract_paths([page], fmt="csv", output=str(tmp_path / "plain"), jobs=1, quiet=True) == 0
    assert not (tmp_path / "plain" / "provenance.csv").exists()
    assert extract_paths([page], fmt="csv", output=str(tmp_path / "p"), jobs=1, quiet=True, provenance=True) == 0
    import csv

    rows = list(csv.DictReader(open(tmp_path / "p" / "provenance.csv", encoding="utf-8", newline="")))
    assert rows[0].keys() == {"record_key", "field", "line", "end_line", "text"}
    by_field = {r["field"]: r for r in rows}
    assert by_field["start_date"]["line"] == "14" and by_field["start_date"]["text"] == "Jul 2023"
    assert by_field["start_date"]["record_key"].startswith("MXROO0006-en-")


def test_records_with_provenance_follow_the_schema():
    import json

    jsonschema = pytest.importorskip("jsonschema")

    schema = json.loads((ROOT / "schemas/record.schema.json").read_text(encoding="utf-8"))
    for page in (ROOT / "fixtures/seeds/002_d0aed3a1e4458158.txt", ROOT / "fixtures/html/commitment_MXROO0006.html"):
        record, _ = traced(page)
        jsonschema.Draft202012Validator(schema).validate(record)
