"""Milestones of a commitment.

Newer layout: a "Milestones" heading, the announced count ("24 Milestones"), then per
milestone its number alone on a line, its title, "Start Date07/2023", "End Date07/2023" and
the status legend (Not started / In progress / Stuck / Finished / Incomplete). A text dump
cannot show which status is selected, so `status` is None there; in HTML the selected item
is marked by the markup.
Older layout: the description's "Milestone activity with a verifiable deliverable" section
lists the milestone titles, one per line, with no dates or status.
"""
from __future__ import annotations

import functools
import re

from ..lexicon import norm
from ..normalize import scale_value
from .base import Doc

_NUMBER_LINE = re.compile(r"^\d{1,3}$")


def strip_label(text: str, labels: list[str]) -> str | None:
    """The rest of `text` when it starts with one of `labels` (compared as label keys), even
    with no separator: "Start Date07/2023" -> "07/2023"."""
    keys = _keys(tuple(labels))
    head = norm(text[:60])
    if not any(head.startswith(k) for k in keys):
        return None
    acc = ""
    for i, ch in enumerate(text):
        acc += norm(ch)
        if acc in keys:
            return text[i + 1:].lstrip(" :\t-")
        if not any(k.startswith(acc) for k in keys):
            return None
    return None


@functools.lru_cache(maxsize=32)
def _keys(labels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(norm(label) for label in labels)


def milestones_block(doc: Doc, heading: int) -> tuple[int | None, list[dict]]:
    count = None
    out: list[dict] = []
    legend_seen = False
    title_lines: list[str] = []
    starts = doc.lex.field_labels("start_date")
    ends = doc.lex.field_labels("end_date")
    for i in range(heading + 1, len(doc.lines)):
        line = doc.lines[i]
        text = line.text
        if doc.hits[i] is not None and "commitments_list" in doc.hits[i].fields:
            break
        if count is None and not out and (m := doc.lex.match("milestone_count", text)):
            count = int(m.group("count"))
            continue
        if _NUMBER_LINE.match(text) and not line.bullet:
            out.append({"number": int(text), "title": None, "start_date": None,
                        "end_date": None, "status": None})
            title_lines = []
            continue
        if not out:
            continue
        current = out[-1]
        if (rest := strip_label(text, starts)) is not None:
            current["start_date"] = doc.date(rest)
        elif (rest := strip_label(text, ends)) is not None:
            current["end_date"] = doc.date(rest)
        elif line.bullet and (slug := scale_value(text, doc.lex, "milestone_status")) and \
                norm(text) == norm(_phrase_for(doc, slug, text)):
            legend_seen = True
            if line.marked:
                current["status"] = slug
        elif current["start_date"] is None and current["end_date"] is None:
            title_lines.append(text)
            current["title"] = title_lines  # joined once below: joining per line is quadratic
    for m in out:
        if isinstance(m["title"], list):
            m["title"] = " ".join(m["title"])
    if legend_seen and any(m["status"] is None for m in out):
        doc.warn("milestone_status_unknown", None,
                 "the page shows the status legend but not which status is selected")
    return count, out


def _phrase_for(doc: Doc, slug: str, text: str) -> str:
    """The legend phrase of `slug` that `text` is (so a title mentioning "stuck" is not a legend item)."""
    table = doc.lex.data.get("scales", {}).get("milestone_status", {})
    for phrase in table.get(slug, []):
        if norm(phrase) == norm(text):
            return phrase
    return ""


def milestone_activities(doc: Doc, description: dict[str, str]) -> list[dict]:
    keys = doc.lex.section_sets.get("milestone_activities", frozenset())
    for heading, text in description.items():
        if norm(heading) in keys:
            titles = [t.removeprefix("- ").strip() for t in text.split("\n") if t.strip()]
            return [{"number": n, "title": t, "start_date": None, "end_date": None, "status": None}
                    for n, t in enumerate(titles, 1)]
    return []
