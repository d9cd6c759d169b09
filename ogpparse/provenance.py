"""Where each value of a record was read: field path -> {"line", "end_line", "text"}.

The extractors work on cleaned lines (tooltips removed, chrome dropped, headings unglued), so
they cannot say which line of the file a value came from. This module finds it afterwards,
from the finished record and the page as a user sees it in an editor:

- a text dump is its own lines; an HTML page is its source lines with the markup removed
  (tags, scripts, comments) and character references decoded, so line N is line N of the
  file in an editor;
- every non-empty line is folded (spaces collapsed) and the lines are joined once into one
  string, searched with `str.find` (C speed): a page is indexed once, never re-scanned per
  line in Python;
- a value is looked for after its field's label (found at a line start, outer path parts
  first: `open_government.civic_participation.answer` after "Civic Participation"), after the
  previous item of its list, else anywhere on the page;
- values that were derived rather than read point to the text they came from: a canonical
  slug to its scale words (or to the `text` beside it), an ISO date to the printed date, a
  number to its digits, a boolean to its item or label line, an institution's group to the
  group label printed before the body.

Long texts are located by their first and last words, because the record's text lacks the
glossary tooltips that the page prints inside it; the provenance text is the page's span.
"""
from __future__ import annotations

import bisect
from bisect import bisect_right
import functools
import html
import itertools
import re
from operator import add
from typing import Iterable

from .blocks import closing_tag, sub_spans, sub_tags
from .institutions import GROUPS, group_label_texts
from .lexicon import Lexicon, norm
from .paths import SKIP

# Record-level values that no line gives: they are decided by the whole page.
UNTRACED = frozenset({"page_type", "language"})

# Labels that stand for a field whose own label is not printed near its value.
ALIASES = {
    "start_date": ("start_date", "date_range"), "end_date": ("end_date", "date_range"),
    "milestone_count": ("milestones_heading",), "member_since": ("member_since", "participating_since"),
    "submitted": ("submitted", "submitted_year"), "commitments_count": ("commitments_count",),
}

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_INDEX = re.compile(r"\[(\d+)\]")
_WORD = re.compile(r"[^\W\d_]+")
_LEAD = re.compile(r"[^\W\d_]+")  # the letters a line (or a label) starts with
_HEADING_KEY = re.compile(r"[a-z][a-z0-9_]*")  # canonical names; other dict keys are printed headings

# --- the page as an editor shows it ------------------------------------------------------

# Where markup with no text starts: a comment, an element whose content is no text, a
# CDATA section; each ends at its own end (_skipped_end).
_HTML_SKIP_START = re.compile(r"<!--|<(script|style|template|noscript)\b|<!\[CDATA\[", re.I)
_COMMENT_END, _CDATA_END = re.compile("-->"), re.compile(r"\]\]>")
_HTML_TAG = re.compile(r"<[^>]*>", re.S)
_HTML_BLOCK = re.compile(r"</?\s*(?:p|div|li|h[1-6]|tr|td|th|br|ul|ol|dt|dd|section|article|header|footer|main|span|label|option|a)\b", re.I)


def _blank_keeping_lines(text: str) -> str:
    """Markup removed but its line breaks kept, so that line numbers stay the file's; block
    tags (and inline ones, which often separate words) leave a space."""
    return "\n" * text.count("\n") or (" " if _HTML_BLOCK.match(text) else "")


def _skipped_end(start: re.Match) -> re.Pattern:
    if start.group(1):
        return closing_tag(start)
    return _COMMENT_END if start.group() == "<!--" else _CDATA_END


def _has_invisible(text: str) -> bool:
    """Whether `text` holds a zero-width mark: eight substring tests (C speed; a mark wider
    than the string's widest character is ruled out at once) instead of a regex scan."""
    return not text.isascii() and ("\u00ad" in text or "\u200b" in text or "\u200c" in text or "\u200d" in text
                                   or "\u200e" in text or "\u200f" in text or "\u2060" in text or "\ufeff" in text)


def _without_invisible(text: str) -> str:
    """`text` without zero-width marks (never part of a value)."""
    return _INVISIBLE.sub("", text) if _has_invisible(text) else text


def _split_lines(text: str) -> list[str]:
    # Most pages end their lines with "\n" alone: str.split is the regex split's result then.
    return text.split("\n") if "\r" not in text else _LINE_BREAK.split(text)


def source_lines(text: str, fmt: str) -> list[str]:
    """The page's lines, 1-based line N at index N-1: a text dump's lines, or the HTML source's
    lines with the markup removed and character references decoded."""
    text = _without_invisible(text)
    if fmt == "html":
        text = sub_spans(text, _HTML_SKIP_START, _skipped_end, _blank_keeping_lines)
        text = sub_tags(_HTML_TAG, lambda tag: _blank_keeping_lines(tag.group()), text)
        return [html.unescape(line) if "&" in line else line for line in _split_lines(text)]
    return _split_lines(text)


def fold(text: str) -> str:
    # Most values are folded already: printable (so no zero-width mark and no whitespace but
    # ASCII spaces), without double, leading or trailing spaces.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(_without_invisible(text).split())


class PageIndex:
    """The non-empty lines of a page, folded and joined: `joined` keeps the case and joins
    lines with "\\n" (provenance texts are slices of it); `lowered` is the same length, lower
    case, lines joined by a space (what is searched)."""

    def __init__(self, lines: list[str]):
        # Comprehensions and whole-string calls: this runs on every line of every page.
        # A line is kept as it is when folding would not change it: ASCII spaces are the only
        # whitespace that isprintable() lets through, so a printable line without double,
        # leading or trailing spaces has nothing to fold (most lines; the check is cheaper).
        folded = [line if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " "
                  else " ".join(line.split()) for line in lines]
        self.numbers = list(itertools.compress(range(1, len(folded) + 1), folded))  # of the non-empty lines
        parts = list(filter(None, folded))
        # Line i starts after the lengths of the lines before it and their i "\n"s (all in C).
        self.starts = list(map(add, itertools.accumulate(map(len, parts[:-1]), initial=0), itertools.count())) \
            if parts else []
        self.joined = "\n".join(parts)
        lowered = self.joined.lower()
        if len(lowered) != len(self.joined):  # a rare letter whose lower case is longer ("İ")
            lowered = "\n".join(low if len(low := t.lower()) == len(t) else t for t in parts)
        self._lowered_lines = lowered
        self.lowered = lowered.replace("\n", " ")
        self._norms: dict[int, str] = {}
        self._leads: dict[str, list[int]] | None = None

    def leads(self) -> dict[str, list[int]]:
        """First letters of a line (lower case) -> offsets of the lines that start so: where
        a label can be, found without scanning the page for every label variant."""
        if self._leads is None:
            leads: dict[str, list[int]] = {}
            for line, start in zip(self._lowered_lines.split("\n"), self.starts):
                # A first word of letters only is the lead itself, without a regex match.
                word = line.partition(" ")[0]
                if not word.isalpha():
                    m = _LEAD.match(word)
                    if not m:
                        continue
                    word = m.group()
                leads.setdefault(word, []).append(start)
            self._leads = leads
        return self._leads

    def line_index(self, offset: int) -> int:
        index = bisect_right(self.starts, offset) - 1
        return index if index > 0 else 0

    def line_start(self, index: int) -> int:
        return self.starts[max(0, min(index, len(self.starts) - 1))] if self.starts else 0

    def line_end(self, index: int) -> int:
        if index + 1 < len(self.starts):
            return self.starts[index + 1] - 1
        return len(self.joined)

    def norm_line(self, index: int) -> str:
        if index not in self._norms:
            self._norms[index] = norm(self.joined[self.line_start(index):self.line_end(index)])
        return self._norms[index]

    def find_word(self, needle: str, start: int, end: int | None = None) -> int:
        """First offset >= start of `needle` (lower case, folded) not inside a longer word."""
        hay, n = self.lowered, len(needle)
        if not n:
            return -1
        pos = hay.find(needle, start if start > 0 else 0, end)
        if pos < 0:  # most misses: no need to look at the needle's ends
            return -1
        check_left, check_right = needle[0].isalnum(), needle[-1].isalnum()
        while pos >= 0:
            if (not check_left or pos == 0 or not hay[pos - 1].isalnum()) and \
                    (not check_right or pos + n >= len(hay) or not hay[pos + n].isalnum()):
                return pos
            pos = hay.find(needle, pos + 1, end)
        return -1

    def span(self, start: int, end: int) -> dict:
        first, last = self.line_index(start), self.line_index(max(start, end - 1))
        return {"line": self.numbers[first], "end_line": self.numbers[last], "text": self.joined[start:end]}

    def spans(self, found: dict[str, tuple[int, int]], leaves: list[tuple[str, object]]) -> dict[str, dict]:
        """`span` of each leaf path that is in `found`, in the order of `leaves`: the same
        dicts, with the line lookups inlined (this runs for every field of every page)."""
        starts, numbers, joined, out = self.starts, self.numbers, self.joined, {}
        get = found.get
        for path, _ in leaves:
            where = get(path)
            if where is not None:
                start, end = where
                # Offsets are never negative and starts[0] is 0: bisect gives at least 1.
                first = bisect_right(starts, start) - 1
                last = bisect_right(starts, end - 1, first) - 1 if end - 1 > start else first
                out[path] = {"line": numbers[first], "end_line": numbers[last], "text": joined[start:end]}
        return out


# --- finding values ----------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[•▪◦●·*▸►]|-|–)\s+")


def _value_line(line: str) -> str:
    """A line of a value as the page prints it, bullets removed: the extractor writes "- "
    where a page has "•"."""
    return fold(_BULLET.sub("", line.strip())).lower()


def _first_and_last_lines(value: str) -> tuple[str, str, bool]:
    """(first, last, whether that is the only one) of the value's non-empty lines: only
    these are searched for, so the lines between are not folded (long descriptions)."""
    lines = value.splitlines()
    first_at = next((i for i, line in enumerate(lines) if _value_line(line)), None)
    if first_at is None:
        return "", "", False
    last_at = next(i for i in range(len(lines) - 1, -1, -1) if _value_line(lines[i]))
    return _value_line(lines[first_at]), _value_line(lines[last_at]), first_at == last_at


class Needle:
    """A text value as it is searched for, folded once for every start tried."""

    __slots__ = ("value", "text", "_ends")

    def __init__(self, value: str):
        self.value, self.text, self._ends = value, fold(value).lower(), None

    def ends(self) -> tuple[str, str, bool]:
        if self._ends is None:
            self._ends = _first_and_last_lines(self.value)
        return self._ends


def locate_text(page: PageIndex, value: str | Needle, start: int, limit: int | None = None) -> tuple[int, int] | None:
    """(start, end) of a text value at or after `start`: the whole value, else its first and
    last words (tooltips and glued headings make the middle differ from the page)."""
    value = value if isinstance(value, Needle) else Needle(value)
    needle = value.text
    if not needle:
        return None
    pos = page.find_word(needle, start, limit)
    if pos < 0 and len(needle) >= 6:  # glued to a heading: "Public ParticipationIRM Review"
        pos = page.lowered.find(needle, start, limit)
    if pos >= 0:
        return pos, pos + len(needle)
    first_line, last_line, single = value.ends()
    first, last = first_line.split(" ") if first_line else [], last_line.split(" ") if last_line else []
    if single and len(first) < 3:
        return None
    # A leading number the extractor rewrote ("4." -> "4") is left out of the head.
    heads = [first] + ([first[1:]] if len(first) > 2 and not any(c.isalpha() for c in first[0]) else [])
    for size, first in ((size, words) for words in heads for size in (4, 2, 1)):
        if single:
            size = min(size, len(first) // 2)
        head, tail = " ".join(first[:size]), " ".join(last[-size:])
        if not size or len(head) < 2 or len(tail) < 3:
            continue
        pos = page.find_word(head, start, limit)
        while pos >= 0:
            # The tail must come soon after the head: the page adds tooltips, never pages.
            reach = pos + 3 * len(needle) + 600
            end = page.find_word(tail, pos + len(head), min(reach, limit or reach))
            if end >= 0:
                return pos, end + len(tail)
            pos = page.find_word(head, pos + 1, limit)
            if pos > start + 20000:  # a head too common to chase across the whole page
                break
    return None


def _month_tokens(line: str, month: int, months: dict[str, int]) -> list[tuple[int, int]]:
    out = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\d)0?{month}(?!\d)", line)]
    out += [(m.start(), m.end()) for m in _WORD.finditer(line) if months.get(norm(m.group(0))) == month]
    return sorted(out)


def locate_date(page: PageIndex, iso: str, start: int, limit: int | None, months: dict[str, int],
                seen: dict[tuple[int, int], list[tuple[int, int]]] | None = None):
    """The printed date that gives `iso` ("Jul 2023", "07/2023", "Août 31, 2020"): the part of
    a line that holds its year, month and day, the first such line at or after `start`.
    `seen` keeps each line's month tokens (by line and month) for the next search on the
    same page: a date is looked for in several windows that share lines."""
    seen = {} if seen is None else seen
    m = _ISO.match(iso)
    if not m:
        return None
    year, month, day = m[1], m[2] and int(m[2]), m[3] and int(m[3])
    pos = page.find_word(year, start, limit)
    while pos >= 0:
        index = page.line_index(pos)
        line_start = page.line_start(index)
        line = page.joined[line_start:page.line_end(index)]
        year_at = pos - line_start
        spans = [(year_at, year_at + 4)]
        ok = True
        if month:
            tokens = seen.get((index, month))
            if tokens is None:
                seen[(index, month)] = tokens = _month_tokens(line, month, months)
            found = [s for s in tokens if not (year_at <= s[0] < year_at + 4)]
            ok = bool(found)
            if found:
                spans.append(min(found, key=lambda s: abs(s[0] - year_at)))
        if ok and day:
            days = [(d.start(), d.end()) for d in re.finditer(rf"(?<!\d)0?{day}(?!\d)", line)
                    if (d.start(), d.end()) not in spans and not (year_at <= d.start() < year_at + 4)]
            ok = bool(days)
            if days:
                spans.append(min(days, key=lambda s: abs(s[0] - year_at)))
        if ok:
            return line_start + min(s[0] for s in spans), line_start + max(s[1] for s in spans)
        pos = page.find_word(year, page.line_end(index), limit)
    return None


# --- the tracer --------------------------------------------------------------------------

@functools.lru_cache(maxsize=65536)  # the same paths come back on every page
def _parts(path: str) -> tuple[str, ...]:
    """"milestones[3].end_date" -> ["milestones", "[3]", "end_date"]."""
    out = []
    for piece in path.split("."):
        head, *rest = _INDEX.split(piece)
        out.append(head)
        out.extend(f"[{i}]" for i in rest[::2])
    return tuple(p for p in out if p)


@functools.lru_cache(maxsize=65536)  # the same paths come back on every page
def _parent(path: str) -> str:
    """The path of the object holding a leaf: "milestones[3].end_date" -> "milestones[3]"."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


@functools.lru_cache(maxsize=65536)  # the same paths come back on every page
def _item(path: str) -> tuple[str, int] | None:
    """The innermost list item holding a leaf: ("milestones", 3) for milestones[3].title."""
    matches = list(re.finditer(r"\[(\d+)\]", path))
    if not matches:
        return None
    last = matches[-1]
    return path[:last.start()], int(last[1])


class Words:
    """What the tracer needs from the lexicons, folded once per set of lexicons (not per
    page): month words, scale phrases per slug, group labels, label variants per field."""

    def __init__(self, lexicons: tuple[Lexicon, ...]):
        self.lexicons = lexicons
        self.months: dict[str, int] = {}
        for x in reversed(lexicons):
            self.months.update(x.months)
        phrases: dict[str, set[str]] = {}
        for x in lexicons:
            for table in x.data.get("scales", {}).values():
                for slug, words in table.items():
                    phrases.setdefault(slug, set()).update(fold(w).lower() for w in words)
        self.phrases = {slug: sorted(words, key=len, reverse=True) for slug, words in phrases.items()}
        self.groups = {g: [fold(text).lower() for text in group_label_texts(lexicons, g)] for g in GROUPS}
        self._variants: dict[str, tuple[str, ...]] = {}
        self._by_lead: dict[str, tuple] = {}
        # Numbers the page writes as words ("implementing four commitments"), per value.
        self.number_words: dict[int, list[str]] = {}
        for x in lexicons:
            for word, number in x.data.get("numbers", {}).items():
                if isinstance(number, int):
                    self.number_words.setdefault(number, []).append(fold(word).lower())

    def variants(self, key: str) -> tuple[tuple[str, str, bool], ...]:
        """The labels of a field (folded, lower case), in every language, each with the
        letters it starts with and whether it ends with a letter."""
        if key not in self._variants:
            out: list[str] = []
            for name in ALIASES.get(key, (key,)):
                for x in self.lexicons:
                    out += x.field_labels(name)
            if key in self.phrases and not out:  # an OGP value's heading ("Civic Participation")
                out += self.phrases[key]
            if not _HEADING_KEY.fullmatch(key):  # a printed heading used as a key ("Problem")
                out.append(key)
            labels = dict.fromkeys(fold(v).lower() for v in out if v.strip())
            self._variants[key] = tuple((v, lead.group(0), v[-1].isalpha())
                                        for v in labels if (lead := _LEAD.match(v)))
        return self._variants[key]

    def variants_by_lead(self, key: str) -> tuple[tuple[str, tuple[tuple[str, int, bool], ...]], ...]:
        """`variants(key)` grouped by the letters they start with: (lead, ((label, its
        length, ends with a letter), ...)), so that a page's line leads are looked up once
        per lead, not once per label."""
        if key not in self._by_lead:
            groups: dict[str, list[tuple[str, int, bool]]] = {}
            for variant, lead, ends_in_letter in self.variants(key):
                groups.setdefault(lead, []).append((variant, len(variant), ends_in_letter))
            self._by_lead[key] = tuple((lead, tuple(group)) for lead, group in groups.items())
        return self._by_lead[key]


@functools.lru_cache(maxsize=16)
def words_for(lexicons: tuple[Lexicon, ...]) -> Words:
    return Words(lexicons)


@functools.lru_cache(maxsize=65536)
def _search_keys(path: str) -> tuple[str | None, tuple[str, ...]]:
    """(the previous item of the leaf's list, e.g. "milestones[2]" for milestones[3].title,
    or None; the named parts of the path, whose labels are looked for)."""
    item = _item(path)
    previous = f"{item[0]}[{item[1] - 1}]" if item and item[1] > 0 else None
    return previous, tuple(p for p in _parts(path) if p[0] != "[")


@functools.lru_cache(maxsize=65536)  # the same paths come back on every page
def _item_prefixes(path: str) -> tuple[str, ...]:
    """"a[1].b[2].c" -> ["a[1]", "a[1].b[2]"]: the list items that hold a leaf."""
    return tuple(path[:m.end()] for m in _INDEX.finditer(path))


class Tracer:
    def __init__(self, page: PageIndex, lexicons: Iterable[Lexicon], lex: Lexicon | None):
        self.page = page
        # The page's language first: its labels and scale words are the likely ones, but
        # pages mix languages (interface in one, text in another).
        words = words_for(tuple(([lex] if lex else []) + [x for x in lexicons if x is not lex]))
        self.words, self.months = words, words.months
        self._phrases, self._groups = words.phrases, words.groups
        self.found: dict[str, tuple[int, int]] = {}
        # Indexes of `found`, so that windows cost no scan of every traced field.
        self.by_parent: dict[str, list[tuple[str, tuple[int, int]]]] = {}
        self.item_start: dict[str, int] = {}
        self._labels: dict[str, list[int]] = {}
        self._chains: dict[tuple[str, ...], list[int]] = {}
        self._hits: dict[str, list[tuple[int, int, int]]] = {}  # group labels on the page
        self._months_seen: dict[tuple[int, int], list[tuple[int, int]]] = {}  # locate_date's month tokens

    def record(self, path: str, span: tuple[int, int]) -> None:
        self.found[path] = span
        self.by_parent.setdefault(_parent(path), []).append((path, span))
        item_start, start = self.item_start, span[0]
        for item in _item_prefixes(path):
            earlier = item_start.get(item)
            if earlier is None or start < earlier:
                item_start[item] = start

    # -- labels ------------------------------------------------------------------------
    def label_offsets(self, key: str) -> list[int]:
        """Offsets of the lines that start with one of `key`'s labels, in page order."""
        if key in self._labels:
            return self._labels[key]
        page, offsets = self.page, set()
        hay, leads = page.lowered, page.leads()
        for lead, labels in self.words.variants_by_lead(key):
            # Only the lines that start with the label's first word are candidates.
            positions = leads.get(lead)
            if not positions:
                continue
            for variant, n, ends_in_letter in labels:
                for pos in positions:
                    # Not the start of a longer word; a value may be glued to its label
                    # ("End Date07/2023").
                    if hay.startswith(variant, pos) and not (ends_in_letter and hay[pos + n:pos + n + 1].isalpha()):
                        offsets.add(pos)
        self._labels[key] = found = sorted(offsets)
        return found

    def starts_for(self, path: str) -> list[int]:
        """Where to start looking for a value, best first: after its list's previous item,
        after the labels of its path's parts (outer parts first), then the page start."""
        previous, keys = _search_keys(path)
        after = self._chains.get(keys) or self._after_labels(keys)
        prev = self.item_start.get(previous) if previous else None
        if prev is None:
            return after
        return [prev + 1] + [o for o in after if o != prev + 1]

    def _after_labels(self, keys: tuple[str, ...]) -> list[int]:
        """Offsets after the labels of `keys`, each found after the one before it (outer
        first), deepest first, then the page start; the same for every item of a list."""
        if keys in self._chains:
            return self._chains[keys]
        pos, chain = 0, []
        for key in keys:
            labels = self.label_offsets(key)
            i = bisect.bisect_left(labels, pos)
            if i < len(labels):
                pos = labels[i]
                chain.append(pos)
        self._chains[keys] = sorted(set(chain), reverse=True) + [0]
        return self._chains[keys]

    def context(self, path: str) -> tuple[int, int] | None:
        """The stretch of page the traced siblings of `path` cover, widened by a few lines:
        where a number, a date or a scale word of the same object is printed."""
        parent = _parent(path)
        spans = [s for p, s in self.by_parent.get(parent, ()) if p != path]
        if not parent or not spans:
            return None
        page = self.page
        first = page.line_index(min(s for s, _ in spans))
        last = page.line_index(max(e for _, e in spans) - 1)
        end = page.line_end(min(last + 12, len(page.starts) - 1))
        item = _item(path)
        if item:  # the next item of the list bounds this one's window
            nxt = self.item_start.get(f"{item[0]}[{item[1] + 1}]")
            if nxt is not None:
                end = min(end, nxt)
        return page.line_start(first - 3), end

    # -- one value ---------------------------------------------------------------------
    def trace_text(self, path: str, value: str) -> tuple[int, int] | None:
        """The starts of `starts_for`, tried in its order without building its list; the
        labels are looked up only when the start after the list's previous item fails."""
        needle, page = Needle(value), self.page
        previous, keys = _search_keys(path)
        prev = self.item_start.get(previous) if previous else None
        if prev is not None:
            span = locate_text(page, needle, prev + 1)
            if span:
                return span
        for start in self._chains.get(keys) or self._after_labels(keys):
            if prev is None or start != prev + 1:
                span = locate_text(page, needle, start)
                if span:
                    return span
        return None

    def _in_windows(self, path: str, find) -> tuple[int, int] | None:
        """`find(start, limit)` in the sibling context first, then after the labels."""
        window = self.context(path)
        if window:
            # Its own label inside the window first: "End Date" after "Start Date" in one item.
            key = _parts(path)[-1]
            labels = [o for o in self.label_offsets(key) if window[0] <= o < window[1]] if key[0] != "[" else []
            span = find(labels[0], window[1]) if labels else None
            if span:
                return span
            span = find(*window)
            if span:
                return span
        for start in self.starts_for(path):
            span = find(start, None)
            if span:
                return span
        return None

    def trace_slug(self, path: str, value: str) -> tuple[int, int] | None:
        parent = _parent(path)
        if path.endswith(".value") and f"{parent}.text" in self.found:
            return self.found[f"{parent}.text"]  # an IRM rating's value is read from its text
        phrases = self._phrases.get(value) or [value.replace("_", " ")]

        def find(start, limit):
            best = None
            for phrase in phrases:
                pos = self.page.find_word(phrase, start, limit)
                if pos >= 0 and (best is None or pos < best[0]):
                    best = (pos, pos + len(phrase))
            return best
        return self._in_windows(path, find)

    def trace_number(self, path: str, value: int) -> tuple[int, int] | None:
        digits = str(value)

        def find(start, limit):
            pos = self.page.find_word(digits, start, limit)
            while pos >= 0 and self.page.lowered[pos - 1:pos] in (".", ","):  # not "1" of "2.1"
                pos = self.page.find_word(digits, pos + 1, limit)
            return (pos, pos + len(digits)) if pos >= 0 else None

        def find_word(start, limit):  # the number written out, from the lexicons' [numbers]
            best = None
            for word in self.words.number_words.get(value, ()):
                pos = self.page.find_word(word, start, limit)
                if pos >= 0 and (best is None or pos < best[0]):
                    best = (pos, pos + len(word))
            return best
        for sibling in self._sibling_spans(path):
            span = find(*sibling)
            if span:
                return span
        return self._in_windows(path, find) or self._in_windows(path, find_word)

    def trace_date(self, path: str, value: str) -> tuple[int, int] | None:
        return self._in_windows(path, lambda s, e: locate_date(self.page, value, s, e, self.months, self._months_seen))

    def trace_flag(self, path: str) -> tuple[int, int] | None:
        """A boolean: the line of its item (a star beside a related commitment), else its
        label's line, which holds or precedes the yes/no that decided it."""
        spans = self._sibling_spans(path)
        if spans:
            index = self.page.line_index(spans[0][0])
            return self.page.line_start(index), self.page.line_end(index)
        key = next((p for p in reversed(_parts(path)) if not p.startswith("[")), "")
        labels = self.label_offsets(key)
        if labels:
            index = self.page.line_index(labels[0])
            return self.page.line_start(index), self.page.line_end(min(index + 1, len(self.page.starts) - 1))
        return None

    def trace_group(self, path: str, group: str) -> tuple[int, int] | None:
        """The group label printed before the body: the closest one above its name, on its
        line ("Other Government actors involved: MDA's, Senate") or on a line above."""
        name = self.found.get(path.rsplit(".", 1)[0] + ".name")
        if not name:
            return None
        page = self.page
        low, high = page.line_start(page.line_index(name[0]) - 400), name[0]
        labels = self._groups.get(group) or []
        if not all(labels):  # an empty label: rfind's own answer (the window's end)
            return self._closest_label_by_rfind(labels, low, high)
        # The closest label that fits in [low, high): the last occurrence by position, the
        # first label of the list among those at that position (as one rfind per label gives).
        hits = self._group_hits(group, labels)
        i, best = bisect.bisect_left(hits, (high,)) - 1, None
        while i >= 0 and hits[i][0] >= low:
            pos, _, end = hits[i]
            if best is not None and pos < best[0]:
                break
            if end <= high:
                best = (pos, end)
            i -= 1
        return best

    def _group_hits(self, group: str, labels: list[str]) -> list[tuple[int, int, int]]:
        """Every occurrence of a group's labels on the page, (offset, label's place in the
        list, end), in page order: found once per page, not once per institution."""
        if group not in self._hits:
            hay, hits = self.page.lowered, []
            for order, label in enumerate(labels):
                pos = hay.find(label)
                while pos >= 0:
                    hits.append((pos, order, pos + len(label)))
                    pos = hay.find(label, pos + 1)
            self._hits[group] = sorted(hits)
        return self._hits[group]

    def _closest_label_by_rfind(self, labels: list[str], low: int, high: int) -> tuple[int, int] | None:
        best = None
        for label in labels:
            pos = self.page.lowered.rfind(label, low, high)
            if pos >= 0 and (best is None or pos > best[0]):
                best = (pos, pos + len(label))
        return best

    def _sibling_spans(self, path: str) -> list[tuple[int, int]]:
        parent = _parent(path)
        return sorted(s for p, s in self.by_parent.get(parent, ()) if p != path)


def _leaves(value, path: str, out: list) -> None:
    """paths.walk's (path, value) of the non-null leaves, appended to `out`: a plain
    recursion, without the generators' cost, that calls itself only for the dicts and lists
    inside (this runs for every field of every page)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                _leaves(item, f"{path}.{key}", out)
            elif item is not None:
                out.append((f"{path}.{key}", item))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, (dict, list)):
                _leaves(item, f"{path}[{i}]", out)
            elif item is not None:
                out.append((f"{path}[{i}]", item))
    elif value is not None:
        out.append((path, value))


def trace(text: str, fmt: str, record: dict, lexicons: Iterable[Lexicon], lex: Lexicon | None) -> dict[str, dict]:
    """The provenance map of `record` (a record as JSON data) read from `text`, the page's
    decoded content in format `fmt` ("text" | "html")."""
    page = PageIndex(source_lines(text, fmt))
    tracer = Tracer(page, lexicons, lex)
    leaves: list[tuple[str, object]] = []
    for key, value in record.items():
        if key not in UNTRACED and key not in SKIP and key != "provenance":
            _leaves(value, key, leaves)
    slugs = tracer._phrases
    derived = []
    trace_text, record_span, is_iso = tracer.trace_text, tracer.record, _ISO.match
    # Texts first: they anchor the windows where derived values (numbers, dates, slugs) are
    # looked for.
    for path, value in leaves:
        if isinstance(value, str) and not is_iso(value) and not (value in slugs and value == value.lower()) \
                and not path.endswith(".group"):
            span = trace_text(path, value)
            if span:
                record_span(path, span)
        else:
            derived.append((path, value))
    for path, value in derived:
        if isinstance(value, bool):
            span = tracer.trace_flag(path)
        elif isinstance(value, int):
            span = tracer.trace_number(path, value)
        elif path.endswith(".group"):
            span = tracer.trace_group(path, value)
        elif _ISO.match(value):
            span = tracer.trace_text(path, value) if len(value) == 4 else None
            span = span or tracer.trace_date(path, value)
        else:
            span = tracer.trace_slug(path, value)
        if span:
            tracer.record(path, span)
    return page.spans(tracer.found, leaves)  # in field order
