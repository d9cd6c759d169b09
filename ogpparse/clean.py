"""Shared cleaning of lines, for every page kind: page chrome, glossary tooltips, headings
that compact dumps run into the line before, and the cut-off check.

Tooltips: text dumps glue the site's glossary definitions into sentences, e.g.
"des électionsAméliorer la transparence des élections ... la démocratie. Plus, ce qui".
A definition starts right after a word (no space) or with a known opening, and ends with
an ellipsis or with the "More" word of the page's language.
"""
from __future__ import annotations

import functools
import re

from .blocks import Line
from .lexicon import Lexicon, norm

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_GLUED_HEADING = re.compile(rf"(?<=[{_LOWER}0-9).])(?=[{_UPPER}])")


@functools.lru_cache(maxsize=8)
def tooltip_pattern(lexicons: tuple[Lexicon, ...]) -> re.Pattern:
    more = sorted({w for lex in lexicons for w in lex.more_words()}, key=len, reverse=True)
    openings = sorted({o for lex in lexicons for o in lex.glossary_openings()}, key=len, reverse=True)
    more_alt = "|".join(map(re.escape, more)) or "More"
    end = rf"(?:\s?(?:\.\.\.|…)(?:\s*(?:{more_alt})\b)?|[.!?]\s+(?:{more_alt})\b)"
    known = r"\s?(?:" + "|".join(map(re.escape, openings)) + ")" if openings else None
    glued = rf"(?<=[{_LOWER}])[{_UPPER}][{_LOWER}'’]"
    starts = f"{known}|{glued}" if known else glued
    return re.compile(rf"(?:{starts})[^\n]{{10,420}}?{end}")


def remove_tooltips(text: str, lexicons: tuple[Lexicon, ...]) -> str:
    if "..." not in text and "…" not in text and not _mentions_more(text, lexicons):
        return text  # fast path: no tooltip can end here
    out = tooltip_pattern(lexicons).sub("", text)
    return re.sub(r"\s{2,}", " ", out).replace(" ,", ",").strip()


def _mentions_more(text: str, lexicons: tuple[Lexicon, ...]) -> bool:
    return any(f" {w}" in text for lex in lexicons for w in lex.more_words())


@functools.lru_cache(maxsize=8)
def _chrome_sets(lexicons: tuple[Lexicon, ...]) -> tuple[frozenset, tuple[str, ...], frozenset]:
    drop = frozenset(norm(s) for lex in lexicons for s in lex.chrome("drop"))
    prefixes = tuple(norm(s) for lex in lexicons for s in lex.chrome("drop_prefixes"))
    end = frozenset(norm(s) for lex in lexicons for s in lex.chrome("page_end"))
    return drop, prefixes, end


def is_complete(lines: list[Line], lexicons: tuple[Lexicon, ...]) -> bool:
    """A page is complete when one of its last lines is the site's footer, or when it ends
    on a finished sentence; a dump cut after N bytes usually stops mid-word."""
    if not lines:
        return False
    _, prefixes, end = _chrome_sets(lexicons)
    for line in lines[-4:]:
        key = norm(line.text)
        if key in end or any(key.startswith(p) for p in prefixes if p):
            return True
    last = lines[-1].text.rstrip()
    last_word = last.rsplit(None, 1)[-1]
    if "://" in last_word or last_word.startswith("www.") or "@" in last_word:
        return False  # an address cut short is not the end of a sentence
    return last.endswith((".", "!", "?", "»", '"', "”", ")"))


def split_glued_headings(line: Line, lex: Lexicon) -> list[Line]:
    """"Public ParticipationIRM Review" -> ["Public Participation", "IRM Review"]."""
    for m in _GLUED_HEADING.finditer(line.text):
        tail = line.text[m.start():]
        key = norm(tail)
        if len(tail) < 60 and (key in lex.labels or key in lex.sections):
            head = line.text[:m.start()].rstrip()
            return [line._replace(text=head), Line(tail)]
    return [line]


def clean_lines(lines: list[Line], lex: Lexicon | None, lexicons: tuple[Lexicon, ...]) -> list[Line]:
    drop, prefixes, end = _chrome_sets(lexicons)
    out: list[Line] = []
    for line in lines:
        key = norm(line.text)
        if key in drop or key in end or (prefixes and any(key.startswith(p) for p in prefixes if p)):
            continue
        text = remove_tooltips(line.text, lexicons)
        if not text:
            continue
        line = line._replace(text=text)
        out.extend(split_glued_headings(line, lex) if lex else [line])
    return out
