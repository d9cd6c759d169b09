"""Value normalisation shared by every extractor: dates, lists, institutions, scales.

Everything language-specific comes from the lexicons passed in; nothing here knows a
French or Spanish word.
"""
from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable

from .lexicon import Lexicon, norm, norm_words

# --- placeholders ------------------------------------------------------------------------

_ONLY_PUNCT = re.compile(r"^[\W_]*$")


def is_placeholder(text: str | None, lexicons: Iterable[Lexicon]) -> bool:
    if text is None:
        return True
    # A text that begins with a letter or digit is not all punctuation (most values): the
    # pattern's [\W_]* then matches nothing and "$" fails, as \w is a character whose
    # str.isalnum() is true, or "_" (checked on all of Unicode by a test).
    if not text[:1].isalnum() and _ONLY_PUNCT.match(text):
        return True
    return len(text) < 40 and norm(text) in _placeholders(tuple(lexicons))


@functools.lru_cache(maxsize=8)
def _placeholders(lexicons: tuple[Lexicon, ...]) -> frozenset[str]:
    return frozenset().union(*(lex.norm_sets.get("placeholders", frozenset()) for lex in lexicons))


def clean_value(text: str | None, lexicons: Iterable[Lexicon]) -> str | None:
    """The value as the page shows it, or None for an empty field or a placeholder ("NA")."""
    if text is None:
        return None
    text = text.strip()
    return None if is_placeholder(text, lexicons) else text


# --- dates -------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TOKEN = re.compile(r"(\d+)(?:st|nd|rd|th|er|ère|eme|ème|e|º|°|o)?(?![^\W\d_])|[^\W\d_]+(?:['’][^\W\d_]+)?", re.I)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None or day > calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: str | None, months: dict[str, int], fillers: frozenset[str] = frozenset()) -> str | None:
    """An ISO partial date ("2023-07", "2018-09-01", "2021") from the forms the site uses."""
    if not text:
        return None
    s = text.strip().strip(".,;:()")
    if m := _ISO.match(s):
        return _iso(int(m[1]), m[2] and int(m[2]), m[3] and int(m[3]))
    if m := _MONTH_YEAR.match(s):
        return _iso(int(m[2]), int(m[1]))
    if m := _DMY.match(s):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        # Day first unless that is impossible; an ambiguous date keeps its year and month
        # only when both readings agree on them.
        if a > 12:
            return _iso(y, b, a)
        if b > 12:
            return _iso(y, a, b)
        return _iso(y, a, b) if a == b else _iso(y)
    year = month = day = None
    unknown = 0
    for tok in _TOKEN.finditer(s):
        if tok.group(1):
            n = int(tok.group(1))
            if len(tok.group(1)) == 4 and year is None:
                year = n
            elif 1 <= n <= 31 and day is None:
                day = n
            else:
                unknown += 1
        else:
            key = norm(tok.group(0))
            if key in months and month is None:
                month = months[key]
            elif key not in fillers:
                unknown += 1
    if year is None or unknown > 1 or (day is not None and month is None):
        return None
    return _iso(year, month, day)


_RANGE_SYMBOLS = r"\s*[~–—]\s*|\s+-\s*|\s*-\s+"
# Compiled here, not looked up in re's cache by a call of re.fullmatch for each text.
_YEARS = re.compile(r"(\d{4})\s*[-–—]\s*(\d{4})")
# Every date parse_date reads has four digits in a row (its year: \d{4} in each of its
# patterns, a token of four digits otherwise), and a range's two dates are apart in the text:
# a text without two runs of four digits holds no range (extractors screen lines with it too).
TWO_YEARS = re.compile(r"\d{4}.*?\d{4}", re.S)


def parse_date_range(text: str | None, months: dict[str, int], fillers: frozenset[str] = frozenset(),
                     separators: Iterable[str] = ()) -> tuple[str, str] | None:
    """("2018-09-01", "2020-08-31") from "Septembre 1, 2018 ~ Août 31, 2020", or None."""
    if not text or len(text) > 160:
        return None
    s = text.strip().rstrip(".")
    if not TWO_YEARS.search(s):
        return None  # most texts asked: no range without two dates, each with its year
    if m := _YEARS.fullmatch(s):
        return m[1], m[2]
    for m in _range_splitter(tuple(separators)).finditer(s):
        left, right = s[:m.start()], s[m.end():]
        # A label before the range ("Plazo de ejecución: 1 de diciembre ...") is not a date.
        if ":" in left:
            left = left.rsplit(":", 1)[1]
        start, end = parse_date(left, months, fillers), parse_date(right, months, fillers)
        if start and end:
            return start, end
    return None


@functools.lru_cache(maxsize=16)
def _range_splitter(separators: tuple[str, ...]) -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(separators, key=len, reverse=True))
    return re.compile(_RANGE_FIRST + "(?:" + _RANGE_SYMBOLS + (rf"|\s+(?:{words})\s+" if words else "") + ")", re.I)


# Each alternative above begins with a space or one of its symbols, and none matches empty:
# a lookahead for that character leaves the matches as they are, and rules out the other
# positions of a text with one test instead of four alternatives (half the time finditer
# took on the bench's dates).
_RANGE_FIRST = r"(?=[\s~–—-])"


def month_key(iso: str | None) -> str | None:
    return iso[:7] if iso and len(iso) >= 7 else None


# --- lists and institutions --------------------------------------------------------------



@functools.lru_cache(maxsize=16)
def _specials(seps: str) -> re.Pattern:
    return re.compile("[][()" + re.escape(seps) + "]")


def split_outside_parens(text: str, seps: str) -> list[str]:
    """Split on any char of `seps` that is not inside parentheses or brackets."""
    if "(" not in text and "[" not in text and len(seps) == 1:
        return [p.strip() for p in text.split(seps)]
    out, depth, start = [], 0, 0
    for m in _specials(seps).finditer(text):
        ch = m.group(0)
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(text[start:m.start()])
            start = m.end()
    out.append(text[start:])
    return [p.strip() for p in out]


def dedupe(items: Iterable[str]) -> list[str]:
    """First-seen order; two names that differ only in case, accents or final dot are one."""
    seen, out = set(), []
    for item in items:
        key = norm(item)
        if item and key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def split_list(value: str | None, lexicons: Iterable[Lexicon], seps: str = ",") -> list[str]:
    """A plain comma list (policy areas): items kept as written, placeholders dropped."""
    lexicons = list(lexicons)
    if not value:
        return []
    items = []
    for line in value.split("\n"):
        for piece in split_outside_parens(line, seps):
            piece = piece.strip(" ;,")
            if piece and not is_placeholder(piece, lexicons):
                items.append(piece)
    return dedupe(items)


# --- scales ------------------------------------------------------------------------------

def scale_value(text: str | None, lex: Lexicon, scale: str) -> str | None:
    """The canonical slug of a scale whose words appear in `text`, or None."""
    if not text:
        return None
    words = norm_words(text)
    for phrase, slug in lex.scales.get(scale, ()):
        if phrase in words:
            return slug
    return None


def scale_values(text: str | None, lex: Lexicon, scale: str) -> list[str]:
    """Every slug of a scale found in `text`, in page order, each once."""
    if not text:
        return []
    words = bytearray(norm_words(text), "ascii")  # norm_words is ASCII; blanked in place
    found: list[tuple[int, str]] = []
    for phrase, slug in lex.scales.get(scale, ()):
        key = phrase.encode("ascii", "ignore")
        pos = words.find(key)
        while pos >= 0:
            found.append((pos, slug))
            # Blank the match so a shorter phrase ("technology") does not match inside it; in
            # place and searching on from here, so that N matches cost N, not N squared.
            words[pos:pos + len(key) - 1] = b" " * (len(key) - 1)
            pos = words.find(key, pos + 1)
    out: list[str] = []
    for _, slug in sorted(found):
        if slug not in out:
            out.append(slug)
    return out


def undouble(text: str) -> str:
    """"Outstanding Outstanding" -> "Outstanding": the site prints a rating twice (text + icon)."""
    words = text.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0:
        a, b = " ".join(words[:half]), " ".join(words[half:])
        if norm(b) in (norm(a), norm(a) + "s"):  # "Did Not Change Did Not Change", "Majeur Majeurs"
            return a
    return text


# Compiled once, not looked up in re's cache at each call (to_int and year_range run on most pages).
_DIGITS = re.compile(r"\d+")
_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*[-–—/]\s*((?:19|20)\d{2})")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def to_int(text: str | None) -> int | None:
    if not text:
        return None
    m = _DIGITS.search(text)
    return int(m.group(0)) if m and len(m.group(0)) < 10 else None


def year_range(text: str | None) -> tuple[int | None, int | None]:
    """(2021, 2022) from "... 2021 – 2022" or "2018-2020"; (2018, None) from a single year."""
    if not text:
        return None, None
    m = _YEAR_SPAN.search(text)
    if m:
        return int(m[1]), int(m[2])
    years = _YEAR.findall(text)
    return (int(years[0]), None) if years else (None, None)
