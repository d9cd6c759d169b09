"""`ogpparse show PAGE`: a page's lines with their numbers and, beside each line that gave a
value, the field(s) it gave - the quickest way for a person to check one page.

Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Iterable


@dataclass
class PageView:
    """One page, parsed with provenance: the record (JSON data) and the page's source lines
    as an editor shows them (for HTML, without the markup)."""
    path: str
    record: dict
    lines: list[str]


def load_page(path: str, lexicon_dirs: tuple[str, ...] = ()) -> PageView:
    """Raises `pipeline.PageError` (one-line reason) for a page that yields no record."""
    from .pipeline import PageError, lexicons_for, parse_raw
    from .provenance import source_lines
    from .read import ReadError, read_path

    try:
        raw = read_path(path)
    except ReadError as exc:
        raise PageError(str(exc)) from None
    try:
        model = parse_raw(raw, lexicons_for(lexicon_dirs), provenance=True)
    except RecursionError:
        raise PageError("page too deeply nested to read") from None
    return PageView(path, model.model_dump(mode="json"), source_lines(raw.text, raw.format))


def selected(provenance: dict, field: str | None) -> dict:
    """The provenance of `field` and of everything under it ("milestones[3]" selects its
    number, title, dates and status); all of it when `field` is None."""
    if field is None:
        return provenance
    return {p: s for p, s in provenance.items()
            if p == field or p.startswith(field + ".") or p.startswith(field + "[")}


def fields_by_line(provenance: dict) -> dict[int, list[str]]:
    """Line number -> the fields whose span starts there."""
    out: dict[int, list[str]] = {}
    for path, span in provenance.items():
        out.setdefault(span["line"], []).append(path)
    return out


def use_colour(stream: IO[str]) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def render(view: PageView, field: str | None, stream: IO[str], colour: bool, context: int = 2) -> bool:
    """Print the page's lines with their fields; with `field`, only its lines and `context`
    lines around them. False when `field` has no provenance on this page."""
    spans = selected(view.record.get("provenance") or {}, field)
    if field is not None and not spans:
        return False
    starts = fields_by_line(spans)
    covered = {n for s in spans.values() for n in range(s["line"], s["end_line"] + 1)}
    shown = _lines_to_show(covered, len(view.lines), context) if field else None
    dim, cyan, bold, reset = ("\x1b[2m", "\x1b[36m", "\x1b[1m", "\x1b[0m") if colour else ("", "", "", "")
    record = view.record
    stream.write(f"{bold}{view.path}{reset}  {record.get('page_type')}, {record.get('language') or '?'}, "
                 f"{len(spans)} field(s) traced\n")
    for warning in record.get("warnings") or []:
        if warning["code"] == "truncated":
            stream.write(f"{bold}truncated:{reset} {warning['message']}\n")
    width = len(str(len(view.lines)))
    previous = 0
    for number, text in enumerate(view.lines, 1):
        text = " ".join(text.split())
        if not text or (shown is not None and number not in shown):
            continue
        if shown is not None and previous and number > previous + 1 and not _blank_between(view.lines, previous, number):
            stream.write(f"{dim}{'.' * width}{reset}\n")
        previous = number
        gutter = "▌" if number in covered else "│"
        line = f"{dim}{number:>{width}}{reset} {cyan if number in covered else dim}{gutter}{reset} {text}"
        if number in starts:
            line += f"   {cyan}◂ {', '.join(starts[number])}{reset}"
        stream.write(line + "\n")
    return True


def _lines_to_show(covered: set[int], total: int, context: int) -> set[int]:
    return {n for c in covered for n in range(max(1, c - context), min(total, c + context) + 1)}


def _blank_between(lines: list[str], a: int, b: int) -> bool:
    return all(not lines[i - 1].strip() for i in range(a + 1, b))


def show_pages(paths: Iterable[str], field: str | None, stream: IO[str], echo_error) -> tuple[list[PageView], int]:
    """Load every page (errors go to `echo_error`, one line each); returns the views and the
    exit code (1 when a page failed or `field` was not found)."""
    from .pipeline import PageError

    views, code = [], 0
    for path in paths:
        try:
            views.append(load_page(path))
        except PageError as exc:
            echo_error(f"ogpparse: {path}: {exc}")
            code = 1
    return views, code
