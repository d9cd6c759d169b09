"""Shared cleaning of lines, for every page kind: page chrome, glossary tooltips, headings
that compact dumps run into the line before, and the cut-off check.

Tooltips: text dumps glue the site's glossary definitions into sentences, e.g.
"des électionsAméliorer la transparence des élections ... la démocratie. Plus, ce qui".
A definition starts right after a word (no space) or with a known opening, and ends with
an ellipsis or with the "More" word of the page's language.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re

from .blocks import Line, label_keys_of
from .detect import label_colon
from .lexicon import Lexicon, norm

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_GLUED_HEADING = re.compile(rf"(?<=[{_LOWER}0-9).])(?=[{_UPPER}])")


# A tooltip's text between its start and its end: 10 to 420 characters.
_BODY_MIN, _BODY_MAX = 10, 420


@functools.lru_cache(maxsize=8)
def _longest_first(lexicons: tuple[Lexicon, ...], kind: str) -> tuple[str, ...]:
    """The lexicons' "More" words (kind "more") or glossary openings ("openings"), each once,
    the longest first: an alternation of them then tries a longer one before its prefix."""
    texts = {t for lex in lexicons for t in (lex.more_words() if kind == "more" else lex.glossary_openings())}
    return tuple(sorted(texts, key=len, reverse=True))


@functools.lru_cache(maxsize=8)
def _tooltip_parts(lexicons: tuple[Lexicon, ...]) -> tuple[str, str]:
    """(the pattern of a tooltip's start, of its end): a known opening of the glossary, or a
    capital glued to the word before; an ellipsis, or the "More" word of a language."""
    openings = _longest_first(lexicons, "openings")
    more_alt = "|".join(map(re.escape, _longest_first(lexicons, "more"))) or "More"
    end = rf"(?:\s?(?:\.\.\.|…)(?:\s*(?:{more_alt})\b)?|[.!?]\s+(?:{more_alt})\b)"
    # The lookahead on the openings' first characters: without it the regex tried every
    # opening at every position of the line, not only where one can start.
    firsts = "".join(map(re.escape, sorted({o[:1] for o in openings})))
    ahead = f"(?=[{firsts}])" if all(openings) else ""  # an empty opening starts anywhere
    known = rf"\s?{ahead}(?:" + "|".join(map(re.escape, openings)) + ")" if openings else None
    glued = rf"(?<=[{_LOWER}])[{_UPPER}][{_LOWER}'’]"
    return (f"{known}|{glued}" if known else glued), end


@functools.lru_cache(maxsize=8)
def tooltip_pattern(lexicons: tuple[Lexicon, ...]) -> re.Pattern:
    starts, end = _tooltip_parts(lexicons)
    return re.compile(rf"(?:{starts})[^\n]{{{_BODY_MIN},{_BODY_MAX}}}?{end}")


def remove_tooltips(text: str, lexicons: tuple[Lexicon, ...]) -> str:
    if "..." not in text and "…" not in text and not _has_more_word(text, lexicons):
        return text  # fast path: no tooltip can end here
    pattern = tooltip_pattern(lexicons)
    out = pattern.sub("", text) if len(text) <= _LONG_LINE else _sub_near_ends(pattern, text, lexicons)
    return re.sub(r"\s{2,}", " ", out).replace(" ,", ",").strip()


_LONG_LINE = 4000


def _sub_near_ends(pattern: re.Pattern, text: str, lexicons: tuple[Lexicon, ...]) -> str:
    """pattern.sub("", text) for a long line, in time linear in its length. sub() tries the
    pattern at every position: on a 1 MB line that took seconds, each glued capital starting
    a search of 420 characters for an end. Here the pattern is tried only where a tooltip
    can start (where its start pattern matches) with an end marker ("...", "…", ". More")
    close enough ahead; past a start too far from the next marker, the next start looked
    for is the first that marker can be reached from. (A window searched around each marker
    went over the same characters again for every marker near them: 12 s for a 0.9 MB line
    of "... ", as the dot leaders of a contents page would be.)

    Why a start skipped here is one the pattern fails at: a match's end begins inside a
    marker that the marker search finds, or one character before it (the end's optional
    space), and 10 to 420 characters after the match's start text, which is at most
    `longest` characters long. So a match at `at` ends in the first marker that ends after
    at + 10 or in a later one, and that first one starts before at + longest + 422: before
    at + 424 when the start text found is a glued capital's two letters (the openings are
    tried first, and one that matches at `at` is the longest there)."""
    starts, longest = _tooltip_starts(lexicons)
    reach = longest + _BODY_MAX + 2
    markers = _end_marker(lexicons).finditer(text)
    marker = next(markers, None)
    parts, pos = [], 0
    start = starts.search(text)
    while start is not None and marker is not None:
        at = start.start()
        while marker is not None and marker.end() <= at + _BODY_MIN:
            marker = next(markers, None)  # ends too soon for this start and for every later one
        if marker is None:
            break
        if marker.start() > at + max(start.end() - at, 2) + _BODY_MAX + 2:
            # too far from this start, and from every start before marker.start() - reach
            start = starts.search(text, max(at + 1, marker.start() - reach))
            continue
        found = pattern.match(text, at)
        if found:
            parts.append(text[pos:at])
            pos = found.end()
        start = starts.search(text, pos if found else at + 1)
    parts.append(text[pos:])
    return "".join(parts)


@functools.lru_cache(maxsize=8)
def _tooltip_starts(lexicons: tuple[Lexicon, ...]) -> tuple[re.Pattern, int]:
    """(the pattern of a tooltip's start alone, the longest text it can match): a space and
    the longest glossary opening, or a capital and the letter after it."""
    openings = _longest_first(lexicons, "openings")
    longest = (len(openings[0]) if openings else 0) + 1
    return re.compile(_tooltip_parts(lexicons)[0]), max(longest, 2)


@functools.lru_cache(maxsize=8)
def _end_marker(lexicons: tuple[Lexicon, ...]) -> re.Pattern:
    words = _longest_first(lexicons, "more") or ["More"]
    return re.compile(r"\.\.\.|…|[.!?]\s+(?:" + "|".join(map(re.escape, words)) + r")\b")


@functools.lru_cache(maxsize=8)
def _more_word(lexicons: tuple[Lexicon, ...]) -> tuple[tuple[str, ...], re.Pattern]:
    """(the "More" words, the pattern of one as a word after a space)."""
    words = sorted({w for lex in lexicons for w in lex.more_words()}) or ["More"]
    return tuple(words), re.compile(r"\s(?:" + "|".join(map(re.escape, words)) + r")\b")


def _has_more_word(text: str, lexicons: tuple[Lexicon, ...]) -> bool:
    words, pattern = _more_word(lexicons)
    if not all(words):  # an empty word may follow any space
        return pattern.search(text) is not None
    # The pattern is tried only where a word starts, one character after the space it needs:
    # every match starts there, and the search over the whole text, which cost ~15
    # instructions a character, ran on every page that holds "More" or "Plus" anywhere.
    match = pattern.match
    for word in words:
        if word not in text:  # most texts hold none: `in` scans as find does, without parsing its arguments
            continue
        at = text.find(word, 1)
        while at >= 0:
            if match(text, at - 1):
                return True
            at = text.find(word, at + 1)
    return False


@functools.lru_cache(maxsize=8)
def _chrome_sets(lexicons: tuple[Lexicon, ...]) -> tuple[frozenset, tuple[str, ...], frozenset, frozenset]:
    """(lines to drop, prefixes of lines to drop, footer lines, attachment buttons), normalised."""
    def keys(name):
        return frozenset(norm(s) for lex in lexicons for s in lex.chrome(name))
    prefixes = tuple(p for lex in lexicons for s in lex.chrome("drop_prefixes") if (p := norm(s)))
    return keys("drop"), prefixes, keys("page_end"), keys("attachment_marker")


@functools.lru_cache(maxsize=8)
def _chrome_suffixes(lexicons: tuple[Lexicon, ...]) -> tuple[str, ...]:
    """Normalised endings of breadcrumb lines ("Category: Evaluations | Back to Glossary")."""
    return tuple(p for lex in lexicons for s in lex.chrome("drop_suffixes") if (p := norm(s)))


def is_complete(lines: list[Line], lexicons: tuple[Lexicon, ...]) -> bool:
    """A page is complete when one of its last lines is the site's ending (footer, comment
    form, hidden link). A dump cut after N bytes may stop at the end of a sentence too, so a
    finished sentence proves nothing."""
    if not lines:
        return False
    _, prefixes, end, _ = _chrome_sets(lexicons)
    limit = _longest_ending(lexicons)
    for line in lines[-4:]:
        key = line.key_head(limit)  # a cut paragraph is not normalised whole
        if key in end or key.startswith(prefixes):
            return True
    return False


@functools.lru_cache(maxsize=8)
def _longest_ending(lexicons: tuple[Lexicon, ...]) -> int:
    _, prefixes, end, _ = _chrome_sets(lexicons)
    return max(map(len, (*prefixes, *end)), default=0)


_GLUED_TAIL = 60  # a heading run into the line before it is short


def split_glued_headings(line: Line, lex: Lexicon, lexicons: tuple[Lexicon, ...] = ()) -> list[Line]:
    """"Public ParticipationIRM Review" -> ["Public Participation", "IRM Review"]; and a
    heading run into the labelled line after it, "Tabla 1. Vista rápidaParticipa desde: 2012"
    -> ["Tabla 1. Vista rápida", "Participa desde: 2012"]."""
    text = line.text
    offset = max(0, len(text) - _GLUED_TAIL)
    # One search first: most lines have no capital right after a lower-case letter.
    if _GLUED_HEADING.search(text, offset) is not None:
        for m in _GLUED_HEADING.finditer(text, offset):
            tail = text[m.start():]
            key = norm(tail)
            if key in lex.labels or key in lex.sections:
                return [line._replace(text=text[:m.start()].rstrip()), Line(tail)]
    return _split_glued_label(line, lexicons or (lex,))


def _split_glued_label(line: Line, lexicons: tuple[Lexicon, ...]) -> list[Line]:
    """A short heading glued to the "Label: value" line after it. The label may be of any
    language: an IRM page with an English interface prints its body's labels in Spanish."""
    text = line.text
    for m in _GLUED_HEADING.finditer(text, 0, _GLUED_TAIL):
        tail = text[m.start():]
        colon = label_colon(tail)
        if colon > 0 and any(norm(tail[:colon]) in lex.labels for lex in lexicons):
            return [line._replace(text=text[:m.start()].rstrip()), Line(tail)]
    return [line]


_MAX_WRAPPED = 90  # a label or heading wrapped over two lines has two short halves


def join_wrapped(lines: list[Line], lex: Lexicon, candidates: list[int] | None = None) -> list[Line]:
    """Join a label or question that a PDF-made dump wrapped over two lines:
    "Institución o actor responsable de la" + "implementación" is one label, and
    "¿Cómo será el compromiso" + "contribuir a resolver el problema?" one question.
    `candidates`: the lines that may start one, ascending (clean_lines knows them); the
    others are not tested. Every line when not given."""
    out: list[Line] = []
    starts = _wrap_starts(lex)
    last = len(lines) - 1
    done = 0  # lines[:done] are in `out`
    for i in range(len(lines)) if candidates is None else candidates:
        if i < done or i >= last:
            continue  # the second half of a joined pair, or the last line
        line, nxt = lines[i], lines[i + 1]
        if not (line.bullet or nxt.bullet) and len(line.text) <= _MAX_WRAPPED \
                and len(nxt.text) <= _MAX_WRAPPED and (line.key in starts or line.text[:1] == "¿") \
                and _wrapped(line, nxt, lex):
            out.extend(lines[done:i])
            out.append(line._replace(text=f"{line.text} {nxt.text}"))
            done = i + 2
    out.extend(lines[done:])
    return out


@functools.lru_cache(maxsize=8)
def _wrap_starts(lex: Lexicon) -> frozenset[str]:
    """Every beginning of a label or section key ("" and the whole key included): a line
    whose key is none of them is not the first half of a wrapped label (_wrapped is False
    unless its text starts with "¿"), which most lines are not. ~2,500 keys a lexicon (160 KB)."""
    return frozenset(key[:n] for key in (*lex.labels, *lex.sections) for n in range(len(key) + 1))


@functools.lru_cache(maxsize=8)
def _wrap_firsts(lex: Lexicon) -> frozenset[str]:
    """The keys of a line that may start a wrapped label: a beginning of a label or section
    key that is no label (_wrapped is False for a label unless the line starts with "¿")."""
    return _wrap_starts(lex) - lex.labels.keys()


def _wrapped(first: Line, second: Line, lex: Lexicon) -> bool:
    if first.text.startswith("¿") and "?" not in first.text and second.text.rstrip().endswith("?"):
        return True
    if first.key in lex.labels:
        return False
    # norm() drops the joining space and maps each character on its own: the two keys
    # concatenated are norm(f"{first} {second}"), without normalising the pair again.
    key = first.key + second.key
    return key in lex.labels or key in lex.sections


_MAX_ATTACHMENT = 120
_LONGEST_CHROME = 120


def _drop_attachments(out: list[Line]) -> None:
    """Remove the file names listed just above a "Download" button (they are links, not text)."""
    for _ in range(3):
        if not out or out[-1].bullet or len(out[-1].text) > _MAX_ATTACHMENT or out[-1].text.endswith((".", ":", "?")):
            return
        out.pop()


_CUT_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.$|^\d{1,2}(?:\.\d{1,2})+$")
_WRAPPED_HEAD = 90  # the first line of a heading wrapped over two lines is short


def drop_cut_label(lines: list[Line], lexicons: tuple[Lexicon, ...]) -> list[Line]:
    """A page cut inside a label ("Pertinent pour les valeurs O", "Vérifi") ends on the
    start of that label: it is not content, and no value follows it. So does a page cut
    inside a heading wrapped over two lines ("What is the problem that the" / "com"), or
    right after the number of the next question ("1.")."""
    if len(lines) < 2 or len(lines[-1].text) > 60:
        return lines
    if not lines[-1].bullet and _CUT_NUMBER.match(lines[-1].text):
        return lines[:-1]
    key = lines[-1].key
    if len(key) < 3:
        return lines
    starts = _label_starts(lexicons)
    two = lines[-2].key + key if len(lines) > 2 and len(lines[-2].text) <= _WRAPPED_HEAD else ""
    if two and _is_label_start(two, starts):
        return lines[:-2]
    if _is_label_start(key, starts):
        return lines[:-1]
    return lines


@functools.lru_cache(maxsize=8)
def _label_starts(lexicons: tuple[Lexicon, ...]) -> tuple[str, ...]:
    """Every label and section key of every lexicon, sorted: the keys that start with a
    given text are then side by side."""
    return tuple(sorted({label for lex in lexicons for label in (*lex.labels, *lex.sections)}))


def _is_label_start(key: str, labels: tuple[str, ...]) -> bool:
    """Some label starts with `key` and is longer (binary search, not a scan of them all)."""
    i = bisect.bisect_left(labels, key)
    if i < len(labels) and labels[i] == key:
        i += 1
    return i < len(labels) and labels[i].startswith(key)


# A capital right after a lower-case letter, a digit, ")" or ".": where split_glued_headings
# looks. Found as b"aA" in the page's Latin-1 bytes mapped to their class: "a" for what a
# glued capital follows, "A" for a capital, " " for the rest (every character past U+00FF,
# which both classes leave out, is encoded as "?"). bytes.translate and find cost a fifth of
# the regex search they replace, which stopped at every capital.
_GLUED_BEFORE = re.compile(f"[{_LOWER}0-9).]")
_CAPITAL = re.compile(f"[{_UPPER}]")
_CASE_CLASSES = bytes(ord("a") if _GLUED_BEFORE.fullmatch(chr(b)) else ord("A") if _CAPITAL.fullmatch(chr(b))
                      else ord(" ") for b in range(256))


def _glued_candidates(page: str, texts: list[str]) -> set[int]:
    """The lines (indexes into `texts`; `page` is them joined by newlines) with a capital
    glued to what precedes it where split_glued_headings looks: in the first _GLUED_TAIL
    characters or the last. A newline is neither a letter nor a capital, so no glued pair
    spans two lines."""
    classes = page.encode("latin-1", "replace").translate(_CASE_CLASSES)  # a byte a character
    found = []  # the glued capitals' offsets in the page
    pos = classes.find(b"aA")
    while pos >= 0:
        found.append(pos + 1)
        pos = classes.find(b"aA", pos + 2)  # pos + 1 is a capital: no "aA" starts there
    if not found:
        return set()  # most pages: the lines' offsets are not needed
    starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    lines = set()
    for pos in found:
        i = bisect.bisect_right(starts, pos) - 1
        at = pos - starts[i]
        if at < _GLUED_TAIL or at >= len(texts[i]) - _GLUED_TAIL:  # not inside a paragraph
            lines.add(i)
    return lines


def _may_hold_tooltips(page: str, lexicons: tuple[Lexicon, ...]) -> bool:
    """False when no line of the page can hold a tooltip: remove_tooltips leaves every line
    as it is (its fast path, asked once of the whole page)."""
    return "..." in page or "…" in page or _has_more_word(page, lexicons)


# A line's text (its first field) read in C: map() then runs no bytecode a line.
_TEXT_OF = operator.itemgetter(0)


def clean_lines(lines: list[Line], lex: Lexicon | None, lexicons: tuple[Lexicon, ...]) -> list[Line]:
    chrome, attachment, prefixes, suffixes = _line_chrome(lexicons)
    # The page's text once: two searches of it tell which lines the per-line steps can change.
    texts = list(map(_TEXT_OF, lines))
    page = "\n".join(texts)
    tooltips = _may_hold_tooltips(page, lexicons)
    glued = _glued_candidates(page, texts) if lex else set()
    firsts, questions = (_wrap_firsts(lex) if lex else frozenset()), "¿" in page
    out: list[Line] = []
    wraps: list[int] = []  # the lines of `out` that may start a wrapped label (join_wrapped)
    # Every line's label keys in one pass (detect may not have read them): the first is the
    # line's key when the line is short enough to be chrome.
    for i, (line, keys) in enumerate(zip(lines, label_keys_of(lines))):
        text = line.text
        # Chrome lines are short; a paragraph is never normalised just to be compared.
        key = keys[0] if len(text) <= _LONGEST_CHROME else ""
        # One look-up for most lines, which are no chrome: `chrome` holds the attachment
        # buttons and the lines to drop, so a key outside it is in neither.
        if key in chrome:
            if key in attachment:
                _drop_attachments(out)
                del wraps[bisect.bisect_left(wraps, len(out)):]  # the lines it dropped
                continue
            if key:  # a line to drop, or the footer
                continue
        if key and (key.startswith(prefixes) or key.endswith(suffixes)):
            continue
        if tooltips:
            text = remove_tooltips(text, lexicons)
        if not text:
            continue
        if text is not line.text:
            line = line._replace(text=text)
            parts = split_glued_headings(line, lex, lexicons) if lex else [line]
        elif glued and i in glued:
            parts = split_glued_headings(line, lex, lexicons)
        else:  # what split_glued_headings gives a line without a glued capital
            # join_wrapped's tests for the few lines that may pass them (~2,000 instructions
            # a line); keys[0] is the line's key when it is short enough to be wrapped
            if len(text) <= _MAX_WRAPPED and (keys[0] in firsts or questions and text[:1] == "¿"):
                wraps.append(len(out))
            out.append(line)
            continue
        wraps.extend(range(len(out), len(out) + len(parts)))  # new lines: tested whatever their key
        out.extend(parts)
    return join_wrapped(out, lex, wraps) if lex else out


@functools.lru_cache(maxsize=8)
def _line_chrome(lexicons: tuple[Lexicon, ...]) -> tuple[frozenset, frozenset, tuple[str, ...], tuple[str, ...]]:
    """(the keys of every line clean_lines drops or reads as an attachment button, those of
    the buttons, the prefixes and the suffixes of lines to drop): _chrome_sets and
    _chrome_suffixes as clean_lines reads them."""
    drop, prefixes, end, attachment = _chrome_sets(lexicons)
    return drop | end | attachment, attachment, prefixes, _chrome_suffixes(lexicons)
