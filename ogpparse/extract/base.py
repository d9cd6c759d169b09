"""The page as extractors see it: lines, each line's label (if any), and questions asked in
canonical field names ("the value of `lead`"), whatever the page language.

A labelled line is either "Label: value" (the value inline) or "Label" alone (the value is
on the lines below, up to the next label or heading).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..blocks import Line
from ..lexicon import Lexicon, all_months, label_colon
from ..normalize import clean_value, parse_date, parse_date_range


# Block headings: they stand alone on their line ("Jalons:" inside a text is not the
# Milestones heading).
HEADINGS = frozenset({"overview", "at_a_glance", "institutions_heading", "irm_review", "design",
                      "implementation", "description", "milestones_heading", "commitments_list",
                      "resources_list", "contact_heading", "inception_summary"})


# parse_date_range reads no text longer than this (its first test): a longer one is no range.
LONGEST_RANGE = 160


@functools.lru_cache(maxsize=64)
def longest(keys: frozenset[str]) -> int:
    """The length of the longest key of a set (for Line.key_head), once per set."""
    return max(map(len, keys), default=0)


@functools.lru_cache(maxsize=8)
def description_headings(lexicons: tuple[Lexicon, ...]) -> frozenset[str]:
    """Description headings of every language: a page's description is often left in the
    language it was written in ("Breve descripción del compromiso" on an English page)."""
    return frozenset().union(*(lex.sections for lex in lexicons))


@functools.lru_cache(maxsize=64)
def label_fields(lex: Lexicon, lexicons: tuple[Lexicon, ...],
                 fields: frozenset[str] | None) -> dict[str, frozenset[str]]:
    """norm(label) -> the fields it names on a page in `lex` that reads `fields`: the page
    language's labels first, then any language's, because a page whose interface is English
    may print its report body's labels in Spanish. Built once per run, not asked per line."""
    out: dict[str, frozenset[str]] = {}
    for other in (lex, *lexicons):
        for key, names in other.labels.items():
            if key not in out:
                out[key] = frozenset(names if fields is None else names & fields)
    return {key: names for key, names in out.items() if names}


@functools.lru_cache(maxsize=64)
def label_fields_after_colon(lex: Lexicon, lexicons: tuple[Lexicon, ...],
                             fields: frozenset[str] | None) -> dict[str, frozenset[str]]:
    """label_fields without the block headings, for the keys of a line that holds a colon
    ("Jalons:" inside a text is not the Milestones heading): made once per table, not per line."""
    out = {key: names - HEADINGS for key, names in label_fields(lex, lexicons, fields).items()}
    return {key: names for key, names in out.items() if names}


class Hit(NamedTuple):
    """A labelled line (a tuple: made for about a third of a page's lines, and a frozen
    dataclass's __init__ cost several times a tuple's)."""
    fields: frozenset[str]
    label: str
    inline: str | None  # None when the label stands alone on its line


_new_tuple = tuple.__new__  # builds a Hit from its fields in C: Hit() runs a Python __new__


@functools.lru_cache(maxsize=64)
def _doc_tables(lex: Lexicon, lexicons: tuple[Lexicon, ...], fields: frozenset[str] | None) -> tuple:
    """(label_fields, label_fields_after_colon, (description headings, their longest length))
    of a Doc: one cached call a Doc (two or three a page), not four."""
    sections = description_headings(lexicons)
    return (label_fields(lex, lexicons, fields), label_fields_after_colon(lex, lexicons, fields),
            (sections, longest(sections)))


def _read_labels(lines: list[Line], by_key: dict, before_colon: dict) -> tuple[list, dict]:
    """(the Hit of each line, None for a line that is no label; field -> the lines that
    carry its label). A line with one key is a label when its key is a label ("Overview",
    "Jalons" alone: a block heading too); a line with a colon when its whole key names a
    field that is not a block heading ("Jalons:"), else when its key before the colon
    does (its value then follows the colon). One loop reads each line's keys once (an
    attribute read of a line costs a few hundred instructions) and makes the Hit inline."""
    hits: list[Hit | None] = [None] * len(lines)
    where: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        keys = line.label_keys
        if len(keys) == 1:
            fields = by_key.get(keys[0])
            if not fields:
                continue  # most lines: no label
            hit = _new_tuple(Hit, (fields, line.text.rstrip(" :"), None))
        elif fields := before_colon.get(keys[0]):
            hit = _new_tuple(Hit, (fields, line.text.rstrip(" :"), None))
        elif fields := before_colon.get(keys[1]):
            text = line.text
            colon = label_colon(text)
            hit = _new_tuple(Hit, (fields, text[:colon].strip(), text[colon + 1:].strip()))
        else:
            continue
        hits[i] = hit
        for f in fields:
            where.setdefault(f, []).append(i)
    return hits, where


@dataclass
class Warn:
    code: str
    field: str | None
    message: str


@dataclass
class Doc:
    lines: list[Line]
    lex: Lexicon
    lexicons: tuple[Lexicon, ...]
    # The canonical fields this page kind reads: labels of other kinds are plain text here
    # ("Engagement" is a field of a report but a description heading on a commitment page).
    fields: frozenset[str] | None = None
    hits: list[Hit | None] = field(init=False)
    warnings: list[Warn] = field(default_factory=list)

    def __post_init__(self):
        # _headings: the description headings and their longest length (value_span asks of
        # every line).
        by_key, before_colon, self._headings = _doc_tables(self.lex, self.lexicons, self.fields)
        self.hits, self._where = _read_labels(self.lines, by_key, before_colon)

    # --- where things are --------------------------------------------------------------
    def find(self, fname: str, start: int = 0, end: int | None = None) -> int | None:
        found = self.find_all(fname, start, end)
        return found[0] if found else None

    def find_all(self, fname: str, start: int = 0, end: int | None = None) -> list[int]:
        where = self._where.get(fname)
        if where is None:  # most fields asked of a page: their label is not on it
            return ()  # what the slices of an empty tuple gave
        stop = len(self.lines) if end is None else end
        return where[bisect.bisect_left(where, start):bisect.bisect_left(where, stop)]

    @property
    def sections(self) -> frozenset[str]:
        return description_headings(self.lexicons)

    def is_heading(self, i: int) -> bool:
        """A line that ends the value of the label above it."""
        if self.hits[i] is not None:
            return True
        sections, limit = self._headings
        return self.lines[i].key_head(limit) in sections

    def value_span(self, i: int, end: int | None = None) -> tuple[int, int]:
        """Lines [a, b) that hold the value of the label on line i: up to the next label or
        heading, and never past `end`."""
        stop = len(self.lines) if end is None else min(end, len(self.lines))
        j = i + 1
        while j < stop and not self.is_heading(j):
            j += 1
        return i + 1, j

    def value_lines(self, i: int, end: int | None = None) -> list[Line]:
        hit = self.hits[i]
        if hit is not None and hit.inline:
            return [Line(hit.inline)]
        a, b = self.value_span(i, end)
        return self.lines[a:b]

    def raw(self, fname: str, start: int = 0, end: int | None = None, first_nonempty: bool = False) -> str | None:
        """The text of a field's value (lines joined by newlines), placeholders removed; the
        label is looked for in [start, end) and its value does not run past `end`."""
        for i in self.find_all(fname, start, end):
            text = clean_value(join(self.value_lines(i, end)), self.lexicons)
            if text or not first_nonempty:
                return text
        return None

    # --- values ------------------------------------------------------------------------
    @property
    def months(self) -> dict[str, int]:
        return all_months(self.lexicons)

    @property
    def fillers(self) -> frozenset[str]:
        return self.lex.norm_sets.get("date_fillers", frozenset())

    def date(self, text: str | None) -> str | None:
        """The date on the first line of `text` (a label's value may run on below it)."""
        if not text:
            return None  # parse_date's answer, without reading the month tables
        return parse_date(text.split("\n", 1)[0] if text else None, self.months, self.fillers)

    def date_range(self, text: str | None) -> tuple[str, str] | None:
        if not text or len(text) > LONGEST_RANGE:
            return None  # parse_date_range's first test, without reading the tables it is given
        return parse_date_range(text, self.months, self.fillers, self.lex.words("range_separators"))

    def warn(self, code: str, fname: str | None, message: str) -> None:
        self.warnings.append(Warn(code, fname, message))


def is_heading_alone(line: Line, lex: Lexicon, lexicons: tuple[Lexicon, ...]) -> bool:
    """Doc([line], lex, lexicons).is_heading(0), without making the Doc: whether a line is a
    label or a heading is read from that line alone."""
    by_key, before_colon, (sections, limit) = _doc_tables(lex, lexicons, None)
    return _read_labels([line], by_key, before_colon)[0][0] is not None or line.key_head(limit) in sections


def join(lines: list[Line]) -> str:
    """Lines to text: one line per paragraph, list items prefixed with "- "."""
    return "\n".join(("- " + line.text) if line.bullet else line.text for line in lines)


_QUESTION_END = re.compile(r"[?？]\s*:?$")


def is_question(line: Line) -> bool:
    """A question line: it ends with "?", or its question is followed by one short
    instruction ("... de ce plan d'action ? Mentionnez les espaces hors ligne et en ligne.")."""
    text = line.text
    if line.bullet or len(text) > 400:
        return False
    # Both tests need a question mark (the pattern's class, or the rfind below): a text
    # without one is not scanned by the pattern.
    if "?" not in text and "？" not in text:
        return False
    if _QUESTION_END.search(text):
        return True
    last = max(text.rfind("?"), text.rfind("？"))
    return 0 < last and len(text) <= 300 and len(text) - last <= 100 and text.endswith(".")
