"""Lexicon patterns searched line by line ("the first line that one of them matches"), with
the patterns that cannot match ruled out first.

The lexicons' patterns ignore case, so re finds no literal prefix to scan for and tries each
pattern at every character of every line: for a sentence the IRM may print somewhere in a
page's first 40 lines, that was about a tenth of a page's CPU. But nearly every pattern
needs a piece of plain text ("..., an independent researcher, ..."), and one `in` test of
the lines joined and lower-cased tells when a page does not have it.
"""
from __future__ import annotations

import functools
import re

try:
    from re import _parser as _sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse as _sre_parse  # type: ignore[no-redef]


def first_match(patterns: tuple[re.Pattern, ...], texts: list[str]) -> tuple[int, re.Match] | None:
    """(index of the pattern, match) of the first text that one of the patterns finds
    something in, the first pattern in order on that text; None when none does."""
    live = _live(patterns, "\n".join(texts))
    if not live:
        return None
    for text in texts:
        for k in live:
            m = patterns[k].search(text)
            if m:
                return k, m
    return None


def any_search(patterns: tuple[re.Pattern, ...], text: str) -> bool:
    """any(p.search(text) for p in patterns), without the searches that cannot find."""
    return any(patterns[k].search(text) for k in _live(patterns, text))


def _live(patterns: tuple[re.Pattern, ...], text: str) -> list[int] | range:
    """The indexes of the patterns that may find something in `text` (or in its lines): a
    pattern that finds something finds the plain text it needs there too."""
    if has_ascii_case_fold(text):  # searched without the screen (as institutions' _Screen is)
        return range(len(patterns))
    live = []
    folded = ascii_lower(text)
    for k, needs in enumerate(_needs(patterns)):
        if needs is None:
            live.append(k)
        else:
            for need in needs:
                if need in folded:
                    live.append(k)
                    break
    return live


def has_ascii_case_fold(text: str) -> bool:
    """Whether the text holds a character that, case ignored, matches an ASCII letter: "İ",
    "ı", "ſ" or the Kelvin sign (the re documentation; a search of all of Unicode finds no
    other). Where such a text matches an ASCII phrase, no ASCII lower-casing tells."""
    return "\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text


def ascii_lower(text: str) -> str:
    """The text lower-cased, each non-ASCII character made a "?". No such character matches
    a needed (ASCII) text but those of has_ascii_case_fold, which screens leave unscreened, so a need is found where it was
    (at worst a need holding "?" is found where it is not: a search more). The pages' texts
    are nearly all non-ASCII, which str.lower() maps a character at a time through the
    Unicode tables: the bytes' lower() and the ASCII codecs take half that time."""
    if text.isascii():
        return text.lower()
    return text.encode("ascii", "replace").lower().decode("ascii")


def _needs(patterns: tuple[re.Pattern, ...]) -> tuple[tuple[str, ...] | None, ...]:
    """_needs_of_patterns, found by the tuple's identity first: the callers pass the tuples
    their own caches keep, and hashing a tuple of patterns hashes each one's compiled code
    (the page types' title patterns: ~45 us, on every page)."""
    kept = _NEEDS_BY_ID.get(id(patterns))
    if kept is not None and kept[0] is patterns:
        return kept[1]
    needs = _needs_of_patterns(patterns)
    if len(_NEEDS_BY_ID) >= _NEEDS_KEPT:
        _NEEDS_BY_ID.clear()
    _NEEDS_BY_ID[id(patterns)] = (patterns, needs)  # the tuple kept: its id is not reused
    return needs


_NEEDS_KEPT = 64  # tuples of patterns a run asks about: a few per lexicon
_NEEDS_BY_ID: dict[int, tuple] = {}


def _forget_needs() -> None:
    """Both caches of _needs emptied (its cache_clear, as an lru_cache's)."""
    _NEEDS_BY_ID.clear()
    _needs_of_patterns.cache_clear()


_needs.cache_clear = _forget_needs


@functools.lru_cache(maxsize=64)
def _needs_of_patterns(patterns: tuple[re.Pattern, ...]) -> tuple[tuple[str, ...] | None, ...]:
    return tuple(_needed_or_none(p) for p in patterns)


def _needed_or_none(pattern: re.Pattern) -> tuple[str, ...] | None:
    # re's parser is private: should a later Python change its shapes, a pattern is only
    # searched without the screen (slower, never wrong), not a page lost.
    try:
        return needed_texts(pattern)
    except Exception:  # noqa: BLE001 - any change of the private parser's shapes
        return None


def needed_texts(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Plain ASCII texts (lower-cased) one of which every match of the pattern contains;
    None when it is not known to need any."""
    needs = _needs_of(_sre_parse.parse(pattern.pattern, pattern.flags).data)
    if needs is None:
        return None
    # A text that holds another of them is left out: where it is, the other is too (the
    # French report kinds' 22 texts are 9).
    return tuple(sorted({need for need in needs if not any(other in need and other != need for other in needs)},
                        key=needs.index))


def _needs_of(items: list) -> tuple[str, ...] | None:
    """needed_texts of a sequence of parsed items: the best of what its items need (a run of
    characters that follow each other, a group, one of alternatives, a repetition that
    happens at least once), the one whose shortest text is the longest."""
    best: tuple[str, ...] | None = None
    run: list[str] = []
    for op, arg in [*items, (None, None)]:  # (None, None): ends the last run
        if op is _sre_parse.LITERAL and arg < 128:
            run.append(chr(arg).lower())
            continue
        found = [("".join(run),)] if run else []
        run = []
        if op is _sre_parse.SUBPATTERN:
            found.append(_needs_of(arg[-1].data))
        elif op is _sre_parse.ATOMIC_GROUP:
            found.append(_needs_of(arg.data))
        elif op in _REPEATS and arg[0] >= 1:
            found.append(_needs_of(arg[2].data))
        elif op is _sre_parse.BRANCH:
            alternatives = [_needs_of(branch.data) for branch in arg[1]]
            if all(alternatives):
                found.append(tuple(text for alt in alternatives for text in alt))
        for needs in found:
            if needs and (best is None or min(map(len, needs)) > min(map(len, best))):
                best = needs
    return best


_REPEATS = (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT, _sre_parse.POSSESSIVE_REPEAT)
