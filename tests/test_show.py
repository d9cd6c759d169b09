"""`ogpparse show` on every fixture, and the review page's structure: every field of the
record present, every span's text found in the page text beside it, nothing fetched."""
from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ogpparse.cli import app
from ogpparse.paths import walk
from ogpparse.review import render_review, write_review
from ogpparse.show import load_page, render, use_colour

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".html") and p.is_file())
SEED = ROOT / "fixtures/seeds/002_d0aed3a1e4458158.txt"
IDS = dict(ids=lambda p: str(p.relative_to(ROOT / "fixtures")))


@pytest.mark.parametrize("page", PAGES, **IDS)
def test_show_prints_every_traced_field_beside_its_line(page):
    view = load_page(str(page))
    out = io.StringIO()
    assert render(view, None, out, colour=False)
    text = out.getvalue()
    assert "\x1b[" not in text
    for path, span in view.record["provenance"].items():
        line = next(x for x in text.splitlines() if x.lstrip().startswith(f"{span['line']} "))
        assert path in line, (path, line)


def test_show_command_and_field_option():
    runner = CliRunner()
    result = runner.invoke(app, ["show", str(SEED)])
    assert result.exit_code == 0
    assert " 14 ▌ Commitment Start: Jul 2023   ◂ start_date" in result.output
    one = runner.invoke(app, ["show", str(SEED), "--field", "milestones[1]"])
    assert one.exit_code == 0
    assert "milestones[1].end_date" in one.output and "milestones[2]" not in one.output
    assert "Skip Navigation" not in one.output  # only the field's lines and their context


def test_show_unknown_field_and_bad_page_fail_in_one_line(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(app, ["show", str(SEED), "--field", "no_such_field"])
    assert missing.exit_code == 1
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    bad = runner.invoke(app, ["show", str(empty)])
    assert bad.exit_code == 1
    assert "Traceback" not in bad.output
    assert f"{empty}: empty file" in bad.output


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(_Tty()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(_Tty())


class _Review(HTMLParser):
    """The review page's parts: left lines by number, marks (fields, text), field rows."""

    def __init__(self):
        super().__init__()
        self.lines: dict[tuple[str, int], str] = {}
        self.marks: list[tuple[str, str]] = []
        self.rows: dict[str, dict] = {}
        self.external: list[str] = []
        self._line = None
        self._mark = None
        self._section = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self._section = a.get("data-k")
        if tag in ("script", "link", "img", "iframe") and (a.get("src") or a.get("href")):
            self.external.append(tag)
        if tag == "div" and (a.get("id") or "").startswith("p") and "-L" in a.get("id", ""):
            self._line = (self._section, int(a["id"].split("-L")[1]))
            self.lines[self._line] = ""
        if tag == "mark":
            self._mark = [a["data-f"], ""]
        if tag == "tr":
            self.rows[a["data-path"]] = a

    def handle_endtag(self, tag):
        if tag == "mark" and self._mark:
            self.marks.append(tuple(self._mark))
            self._mark = None
        if tag == "div":
            self._line = None

    def handle_data(self, data):
        if self._line is not None and self._line in self.lines:
            self.lines[self._line] += data
        if self._mark is not None:
            self._mark[1] += data


@pytest.mark.parametrize("page", PAGES, **IDS)
def test_review_page_has_every_field_and_every_span(page):
    view = load_page(str(page))
    parsed = _Review()
    document = render_review([view])
    parsed.feed(document)
    assert not parsed.external  # no script, style sheet, image or frame is fetched
    record = view.record
    leaves = [p for p, _ in walk(record) if not p.startswith("provenance")]
    assert set(leaves) <= set(parsed.rows), set(leaves) - set(parsed.rows)
    marked_ids = {f for fields, _ in parsed.marks for f in fields.split()}
    for path, span in record["provenance"].items():
        row = parsed.rows[path]
        assert row["data-id"] in marked_ids, f"{path}: no highlighted span"
        shown = [n for n in range(span["line"], span["end_line"] + 1) if ("0", n) in parsed.lines]
        for piece, n in zip(span["text"].split("\n"), shown):
            assert piece in parsed.lines[("0", n)], (path, n, piece)
    for w in record["warnings"]:
        if w.get("field") in parsed.rows:
            assert "warn" in parsed.rows[w["field"]]["class"]
    if any(w["code"] == "truncated" for w in record["warnings"]):
        assert "This page is truncated" in document


def test_review_file_is_self_contained_and_written_atomically(tmp_path):
    views = [load_page(str(SEED)), load_page(str(ROOT / "fixtures/html/commitment_MXROO0006.html"))]
    target = tmp_path / "review.html"
    write_review(views, str(target))
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]  # no temporary file left
    document = target.read_text(encoding="utf-8")
    assert "default-src 'none'" in document  # the browser may fetch nothing
    assert "<script src" not in document and "<link" not in document and "@import" not in document
    assert 'data-k="1"' in document and document.count('<section class="page"') == 2


def test_review_command_writes_the_file(tmp_path):
    target = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["show", str(SEED), "--html", str(target)])
    assert result.exit_code == 0, result.output
    assert 'data-path="milestones[3].end_date"' in target.read_text(encoding="utf-8")
