"""Field labels printed inside a line of description text (fixtures/README.md: "a field
label printed inside a description line is a field with its value, not description text").

Older pages run the template's fields into the description: at the start of a line
("Ministerios responsables: X; Otros actores: Y; Status quo o problema a tratar: ...") or
at its end ("... del 2014. Institución responsable: X Institución(es) de apoyo: Ninguna").
Those runs are fields; a labelled phrase between two pieces of text stays text.
"""
from __future__ import annotations

import functools
import re

from ..institutions import _Screen
from ..lexicon import Lexicon
from ..line_search import has_ascii_case_fold
from .base import HEADINGS, Doc

# Fields whose labels are not "Label: value" pairs inside a text.
_NOT_INLINE = HEADINGS | {"ogp_value_explanations"}
# Field runs are short: the search is bounded so that a pathological line stays linear.
_MAX_LEADING = 12  # "Label: value;" segments at a line's start
_TRAILING_REACH = 500  # characters from a line's end where a trailing run may start
_LONGEST_LABEL = 160  # a label closed by a colon starts at most this far before it


def prepare(lexicons: tuple[Lexicon, ...], fields: frozenset[str], inline: tuple[str, ...] = ()) -> None:
    """Build the labels strip_inline_fields reads on a page kind of these `fields`, and the
    ones inline_value reads for each field of `inline` (what a first page would build; a
    pattern of every label of every language takes ~0.1 s to compile): see pipeline.prepare."""
    pattern = _labels(lexicons, fields)
    if pattern is not None:
        pattern.start, pattern.end  # noqa: B018 - cached properties, made here
    for fname in inline:
        pattern = _labels(lexicons, frozenset({fname}), groups=False)
        if pattern is not None:
            pattern.build()


def strip_inline_fields(doc: Doc, text: str) -> str:
    """The text of a description line without the field runs at its start and its end."""
    pattern = _labels(doc.lexicons, doc.fields)
    if pattern is None or ":" not in text:
        return text
    return _strip_trailing(pattern, _strip_leading(pattern, text))


def inline_value(doc: Doc, fname: str, text: str) -> str | None:
    """The value after a label of `fname` inside the line, up to the next ";" (a labelled
    period "Calendrier de mise en œuvre: 2016-2018;" inside a long first line)."""
    pattern = _labels(doc.lexicons, frozenset({fname}), groups=False)
    if pattern is None or ":" not in text or not pattern.screen.may_match(text):
        return None
    for m in pattern.start.finditer(text):
        if _at_boundary(text, m.start()):
            return text[m.end():].split(";", 1)[0].strip() or None
    return None


def _strip_leading(pattern: "_Labels", text: str) -> str:
    """"Label: value; Label: value; Text: ..." -> "Text: ...": the segments before the first
    ";" that begin with a field label are fields."""
    for _ in range(_MAX_LEADING):
        end = pattern.match_end(text)
        if end is None:
            break
        semi = text.find(";", end)
        if semi < 0:
            return ""
        text = text[semi + 1:].lstrip(" .;")
    return text


def _strip_trailing(pattern: "_Labels", text: str) -> str:
    """"Text. Label: value Label: value" -> "Text.": a run that starts with a field label
    after a sentence end and whose every colon closes a field label is fields."""
    reach = max(1, len(text) - _TRAILING_REACH)
    if pattern.ends_sentences:
        starts = (m.start() for m in pattern.start.finditer(text, reach))
    else:
        starts = (pos for pos in _after_sentence_ends(text, reach) if pattern.match_end(text, pos) is not None)
    for pos in starts:
        if _at_boundary(text, pos) and _only_fields(pattern, text, pos):
            return text[:pos].rstrip()
    return text


_SENTENCE_END = re.compile(r"[.;]\s+")


def _after_sentence_ends(text: str, start: int):
    """The positions from `start` on that _at_boundary accepts (but the line's start): one to
    three spaces after a "." or ";"."""
    for m in _SENTENCE_END.finditer(text, max(0, start - 4)):
        for pos in range(max(start, m.start() + 2), min(m.end(), m.start() + 4) + 1):
            yield pos


def _at_boundary(text: str, pos: int) -> bool:
    """Line start, or after a sentence's end ("." or ";" and a space)."""
    before = text[max(0, pos - 4):pos].rstrip()
    return pos == 0 or (before.endswith((".", ";")) and text[pos - 1].isspace())


def _only_fields(pattern: "_Labels", text: str, start: int) -> bool:
    """Every colon from `start` to the line's end closes a field label."""
    colon = text.find(":", start)
    while colon >= 0:
        if not pattern.end.search(text, max(start, colon - _LONGEST_LABEL), colon):
            return False
        colon = text.find(":", colon + 1)
    return True


class _Labels:
    def __init__(self, phrases: list[str]):
        self._alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
        self.phrases = phrases
        # _strip_trailing cuts at a label that follows a sentence end. Matches of `start`
        # never overlap such a place when no label holds a sentence end of its own ("Núm. de
        # ...") and none starts with a colon: the label can then be tried at those few
        # places alone, not searched for along the line (~140 us a line, for a pattern of
        # every label of every language).
        self.ends_sentences = any(w.endswith((".", ";")) for p in phrases for w in p.split()[:-1]) \
            or any(p.startswith(":") for p in phrases)

        self._plain_keys = _plain_keys(phrases)

    # `start` and `end` are compiled when first used (~15 ms each for the labels of every
    # language): on most pages match_end's look-up answers without `start`, and `end` is
    # asked only of a run that may be trailing fields. pipeline.prepare builds both before
    # a pool forks, so that the workers inherit them.
    @functools.cached_property
    def start(self) -> re.Pattern:
        """A label: it begins a word and is followed by its colon."""
        return re.compile(rf"(?<!\w)(?:{self._alternatives})\s*:", re.IGNORECASE)

    @functools.cached_property
    def end(self) -> re.Pattern:
        """A label that ends the text searched."""
        return re.compile(rf"(?<!\w)(?:{self._alternatives})\s*$", re.IGNORECASE)

    def build(self) -> None:
        """Compile every pattern now (see pipeline.prepare)."""
        self.start, self.end, self.screen  # noqa: B018 - cached properties, made here

    def match_end(self, text: str, pos: int = 0) -> int | None:
        """The end of `start`'s match at `pos` (after its colon), or None.

        The pattern tries each of its hundreds of labels in turn, a character at a time with
        case ignored (~150,000 instructions a line). Its colon is the first one from `pos`
        when no label holds one, so a match is the text before that colon being a label
        (words apart by spaces, spaces before the colon): for an ASCII text, whose letters
        match only ASCII letters with case ignored but for four that no label holds (see
        _plain_keys), a look-up of that text's words lower-cased."""
        colon = text.find(":", pos)
        if colon < 0:
            return None
        head = text[pos:colon]
        if self._plain_keys is None or not head.isascii():
            m = self.start.match(text, pos)
            return m.end() if m else None
        if pos and (text[pos - 1].isalnum() or text[pos - 1] == "_"):  # (?<!\w), \w as str.isalnum() or "_"
            return None
        if not head or head[0].isspace():  # a label begins at `pos`, with no space before it
            return None
        return colon + 1 if " ".join(head.split()).lower() in self._plain_keys else None

    @functools.cached_property
    def screen(self) -> _Screen:
        """`start` is tried at every word of a text: a text without every ASCII run of one
        label (lower-cased; the screen of institutions' patterns) holds none. Made when
        first asked (by inline_value): a screen of every label takes long to make."""
        return _Screen(self.phrases)


def _plain_keys(phrases: list[str]) -> frozenset[str] | None:
    """The ASCII labels' words lower-cased and single-spaced, for _Labels.match_end; None
    when a label holds a character that matches an ASCII letter (has_ascii_case_fold: it
    matches ASCII texts that no lower-casing tells), or a colon after an ASCII beginning (that
    label could match an ASCII text beyond its first colon; a label with a non-ASCII
    character before its colon matches no ASCII text before the colon)."""
    if any(has_ascii_case_fold(p) or p.split(":")[0].isascii() and ":" in p for p in phrases):
        return None
    return frozenset(" ".join(p.split()).lower() for p in phrases if p.isascii())


@functools.lru_cache(maxsize=32)
def _labels(lexicons: tuple[Lexicon, ...], fields: frozenset[str] | None, groups: bool = True) -> _Labels | None:
    """Labels of the page kind's fields in every language, and the institutions template's
    group labels ("Otros actores:", "Sociedad civil, iniciativa privada, ..."), which are
    template labels too."""
    phrases: set[str] = set()
    for lex in lexicons:
        for fname, variants in lex.data.get("labels", {}).items():
            if fname not in _NOT_INLINE and (fields is None or fname in fields):
                phrases.update(variants)
        if groups:
            for labels in lex.data.get("institutions", {}).get("groups", {}).values():
                phrases.update(labels)
    phrases = {p.strip().rstrip(":").strip() for p in phrases}
    phrases.discard("")
    if not phrases:
        return None
    return _Labels(sorted(phrases, key=len, reverse=True))
