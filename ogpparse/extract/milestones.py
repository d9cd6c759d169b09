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

from ..lexicon import Lexicon, norm
from ..normalize import scale_value
from .base import Doc

_NUMBER_LINE = re.compile(r"^\d{1,3}$")


def strip_label(text: str, labels: tuple[tuple[str, ...], frozenset[str]]) -> str | None:
    """The rest of `text` when it starts with one of the labels (compared as label keys;
    `labels` is label_keys() of them), even with no separator: "Start Date07/2023" -> "07/2023"."""
    keys, prefixes = labels
    if not norm(text[:60]).startswith(keys):
        return None
    acc = ""
    for i, ch in enumerate(text):
        acc += norm(ch)
        if acc in keys:
            return text[i + 1:].lstrip(" :\t-")
        if acc not in prefixes:  # no key starts with it
            return None
    return None


@functools.lru_cache(maxsize=32)
def label_keys(labels: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """(the labels' keys, every beginning of a key, "" too), once per run: strip_label tests
    a line's beginning against them in C, not with a generator over the keys (most
    milestone lines start with none)."""
    keys = tuple(norm(label) for label in labels)
    return keys, frozenset(key[:n] for key in keys for n in range(len(key) + 1))


def milestones_block(doc: Doc, heading: int) -> tuple[int | None, list[dict]]:
    count = None
    out: list[dict] = []
    legend_seen = False
    title_lines: list[str] = []
    starts = label_keys(tuple(doc.lex.field_labels("start_date")))
    ends = label_keys(tuple(doc.lex.field_labels("end_date")))
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
                norm(text) in _legend_keys(doc.lex, slug):
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


@functools.lru_cache(maxsize=32)
def _legend_keys(lex: Lexicon, slug: str) -> frozenset[str]:
    """The keys of the legend phrases of `slug` (a title mentioning "stuck" is no legend
    item), once per run, not normalised again for each bullet; and "": a bullet without
    letters or digits was compared with "" when no phrase was it, and kept as a legend item."""
    table = lex.data.get("scales", {}).get("milestone_status", {})
    return frozenset({"", *(norm(phrase) for phrase in table.get(slug, []))})


def milestone_activities(doc: Doc, description: dict[str, str]) -> list[dict]:
    keys = doc.lex.section_sets.get("milestone_activities", frozenset())
    for heading, text in description.items():
        if norm(heading) in keys:
            titles = [t.removeprefix("- ").strip() for t in text.split("\n") if t.strip()]
            return [{"number": n, "title": t, "start_date": None, "end_date": None, "status": None}
                    for n, t in enumerate(titles, 1)]
    return []
