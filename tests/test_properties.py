"""Property-based tests: whatever the bytes, text, cut or order of lines, the readers and
extractors raise nothing but a one-line PageError, and every record they give validates
against the JSON Schema of schemas/."""
import json
import random
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, strategies as st

from ogpparse import PageError, parse_bytes, parse_text
from ogpparse.read import ReadError, read_bytes

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures").rglob("*.txt")) + [ROOT / "fixtures/html/commitment_MXROO0006.html"]
SCHEMA = json.loads((ROOT / "schemas/record.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def check(make):
    """make() either returns a record that validates against the schema, or raises PageError
    with a one-line message."""
    try:
        record = make()
    except PageError as exc:
        assert str(exc) and "\n" not in str(exc)
        return None
    data = record.model_dump(mode="json")
    errors = list(VALIDATOR.iter_errors(data))
    assert not errors, errors[0].message
    return data


@given(st.binary(max_size=4000))
def test_read_bytes_never_raises_but_read_error(data):
    try:
        raw = read_bytes(data)
    except ReadError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert raw.format in ("text", "html") and isinstance(raw.text, str)


@given(st.binary(max_size=4000))
def test_any_bytes(data):
    check(lambda: parse_bytes(data))


@given(st.text(max_size=3000))
def test_any_text(text):
    check(lambda: parse_text(text))


LABELS = ["Skip Navigation", "Lead Institution:", "Commitment Start: ", "Milestones", "24 Milestones", "1",
          "Start Date", "End Date07/2023", "• Finished", "Action Plan: Action plan – X, 2023 – 2025", "(AB1234)",
          "Institution chef de file :", "Revisión de IRM", "Section 1.", "1.1 ¿Existe un foro?", "Nom de membre",
          "Description", "Commitments", "KR0036, 2018, Anti-corruption", "Member Since 2016", "...", " More", "?"]


@given(st.lists(st.one_of(st.sampled_from(LABELS), st.text(max_size=80)), max_size=80))
def test_lines_made_of_site_labels_and_noise(lines):
    check(lambda: parse_text("\n".join(lines)))


@given(st.sampled_from(PAGES), st.floats(min_value=0, max_value=1))
def test_real_pages_cut_anywhere(page, where):
    data = page.read_bytes()
    cut = data[: int(len(data) * where)]  # may split a UTF-8 character or an HTML tag
    record = check(lambda: parse_bytes(cut, page.name))
    if record and record["page_type"] == "commitment" and len(cut) < len(data) and page.suffix == ".txt":
        assert record["commitment_id"] is None or len(record["commitment_id"]) <= 10


@given(st.sampled_from(PAGES), st.randoms(use_true_random=False))
def test_real_pages_with_shuffled_lines(page, rnd: random.Random):
    lines = page.read_text(encoding="utf-8").splitlines()
    rnd.shuffle(lines)
    check(lambda: parse_text("\n".join(lines), page.name))


@given(st.sampled_from(PAGES), st.lists(st.sampled_from(["<div>", "</div>", "<li class='active'>", "<p>", "</ul>",
                                                         "<script>", "</script>", "<!--", "-->", "&amp;", "&#0;",
                                                         "<span class='tooltip'>", "<![CDATA[", "<br/>"]),
                                       max_size=30), st.randoms(use_true_random=False))
def test_real_pages_in_broken_html(page, tags, rnd: random.Random):
    lines = page.read_text(encoding="utf-8").splitlines()
    for tag in tags:
        lines.insert(rnd.randrange(len(lines) + 1), tag)
    check(lambda: parse_bytes(("<html><body>" + "\n".join(lines)).encode(), page.name + ".html"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_fixture_validates(page):
    assert check(lambda: parse_bytes(page.read_bytes(), page.name)) is not None
