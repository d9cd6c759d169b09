"""Questionnaires: the numbered questions of end-of-commitment reports and OGP Local
inception reports ("1.1 What was the overall level of progress ...?").

Each question's block runs to the next question or "Section N." heading. Inside it, the
template's sub-prompts split the block: the text before any sub-prompt is the answer; the
text after "Provide a brief explanation" is the explanation; after "Degree of result" the
degree; after "Provide references here" the references. A question the page leaves
unanswered gets None, never the next prompt's text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..lexicon import Lexicon, norm
from ..normalize import clean_value
from ..blocks import Line
from .base import Doc, join, longest

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*(?:[–—-]\s*)?(?P<text>\S.*)$")
SUB_PROMPTS = ("explanation", "justification", "references", "degree")
FIELDS = frozenset(SUB_PROMPTS) | {"section"}


@dataclass
class Question:
    number: str
    text: str
    answer: str | None = None
    explanation: str | None = None
    justification: str | None = None
    references: str | None = None
    degree: str | None = None


_DIGITS = "0123456789"


@functools.lru_cache(maxsize=8)
def _section_keys(lex: Lexicon) -> frozenset[str]:
    """The keys of a lexicon's section labels, once per lexicon (8: a few lexicons a run)."""
    return frozenset(norm(label) for label in lex.field_labels("section"))


@functools.lru_cache(maxsize=8)
def _initials(keys: frozenset[str]) -> frozenset[str]:
    """The first characters of the section keys."""
    return frozenset(key[:1] for key in keys)


def is_section_heading(doc: Doc, i: int) -> bool:
    """"Section 1." / "Sección 2": the section label followed by a number."""
    keys = _section_keys(doc.lex)
    return _is_section_line(doc.lines[i], keys, longest(keys))


def _is_section_line(line: Line, keys: frozenset[str], limit: int) -> bool:
    """is_section_heading of a line, given the section keys and their longest length."""
    # The beginning of a long line's key tells most lines apart without normalising the
    # whole line: a key that is a label and digits begins with the label and digits.
    head = line.key_head(limit)
    stripped = head.rstrip(_DIGITS)
    if stripped == head or stripped not in keys:
        return False
    key = line.key  # the head may be only the beginning of the key
    stripped = key.rstrip(_DIGITS)
    return stripped != key and stripped in keys


def question_at(doc: Doc, i: int) -> tuple[str, str] | None:
    """(number, text) when line i is a numbered question of the template."""
    line = doc.lines[i]
    if line.bullet:
        return None
    m = _NUMBERED.match(line.text)
    if not m:
        return None
    text = m["text"].rstrip()
    # Template questions end with "?" or are long prompts ending with "." ("1.2 Describe the
    # main external or internal factors ..."); a short numbered line is a list item.
    if text.endswith(("?", "?:")) or (text.endswith(".") and len(text) >= 60):
        return m["num"], text
    return None


def first_question_line(doc: Doc) -> int:
    """Where the questionnaire starts (its first "Section N." or numbered question): the
    fields above it (evaluators, action, problem) end there."""
    keys = _section_keys(doc.lex)
    limit = longest(keys)
    initials = _initials(keys)
    for i, line in enumerate(doc.lines):
        first = line.text[:1]
        # The key of a line that begins with an ASCII letter or digit begins with it lower-
        # cased (norm keeps those, and maps each character on its own): a line whose first
        # character begins no section key is not normalised to be told apart (most lines).
        if (first.lower() in initials or not (first.isascii() and first.isalnum())) \
                and _is_section_line(line, keys, limit):
            return i
        # _NUMBERED begins with "^\d", which matches what str.isdecimal() calls a decimal
        # character (re's \d of a str pattern is Unicode category Nd, as isdecimal): a line
        # that does not begin with one is no question, and is not matched.
        if first.isdecimal() and question_at(doc, i):
            return i
    return len(doc.lines)


def questions(doc: Doc, start: int = 0, end: int | None = None) -> list[Question]:
    stop = len(doc.lines) if end is None else end
    marks = [(i, q) for i in range(start, stop) if (q := question_at(doc, i))]
    out = []
    for k, (i, (num, text)) in enumerate(marks):
        block_end = marks[k + 1][0] if k + 1 < len(marks) else stop
        for j in range(i + 1, block_end):
            if is_section_heading(doc, j):
                block_end = j
                break
        out.append(_read_block(doc, Question(num, text), i + 1, block_end))
    return out


def _read_block(doc: Doc, q: Question, a: int, b: int) -> Question:
    parts: dict[str, list] = {"answer": []}
    current = "answer"
    for i in range(a, b):
        hit = doc.hits[i]
        prompt = next((f for f in SUB_PROMPTS if hit is not None and f in hit.fields), None)
        if prompt:
            current = prompt
            parts.setdefault(current, [])
            if hit.inline:
                parts[current].append(doc.lines[i]._replace(text=hit.inline))
            continue
        parts.setdefault(current, []).append(doc.lines[i])
    for name, lines in parts.items():
        setattr(q, name, clean_value(join(lines), doc.lexicons))
    return q
