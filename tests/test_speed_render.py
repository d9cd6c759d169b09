"""render_jsonl writes a model through pydantic's serialiser: the same bytes as json.dumps of
its model_dump, on every fixture page and on texts made to be awkward."""
import json
from pathlib import Path

from ogpparse.export import render_jsonl
from ogpparse.pipeline import parse_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _dumps(model) -> str:
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False) + "\n"


def test_render_jsonl_as_json_dumps_on_fixture_pages():
    pages = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".html"))
    assert len(pages) > 100
    for page in pages:
        model = parse_file(page)
        assert render_jsonl(model) == _dumps(model), page


def test_render_jsonl_as_json_dumps_on_awkward_texts():
    page = FIXTURES / "corpus" / "en" / "actionplan_jalisco-2023-2024.txt"
    model = parse_file(page, provenance=True)
    assert model.member == "Jalisco, Mexico"
    awkward = ['a,\nb', '",', '\\",\\"', "x: y, z", "\u2028\u2029\x7f", "".join(map(chr, range(32))), "{[,]}", ""]
    for text in awkward:
        model.title = text
        model.institutions.printed = {"lead": text}
        assert render_jsonl(model) == _dumps(model), repr(text)
    model.title = "cut \udc80 text"  # a lone surrogate: pydantic refuses it, json.dumps keeps it
    assert render_jsonl(model) == _dumps(model)
