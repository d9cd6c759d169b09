"""Language knowledge, loaded from one TOML file per language.

A lexicon is data only: labels keyed by canonical field names, month names, the words of
each canonical scale and a few regular expressions. This module loads, validates and
indexes those files once per process; extractors ask it questions in canonical terms.
"""
from __future__ import annotations

import codecs
import encodings.cp1252
import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("lexicons")

# The bytes that a key drops and that norm_words turns into spaces: all but ASCII digits and
# lower-case letters. bytes.translate does that in one C loop; the regex substitution it
# replaces (re.sub of "[^0-9a-z]+") took three times as long.
_NOT_ALNUM = bytes(b for b in range(256) if not (48 <= b <= 57 or 97 <= b <= 122))
_TO_SPACE = bytes.maketrans(_NOT_ALNUM, b" " * len(_NOT_ALNUM))


def _fold(text: str) -> str:
    """Lower-case ASCII: accents split off by NFKD and dropped with every other non-ASCII mark."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).casefold().encode("ascii", "ignore").decode("ascii")


# Only short texts (labels, headings, values) are cached: they repeat from page to page. A
# cache keyed on whole paragraphs kept ~1.8 MB per page of long lines, and grew with the run.
CACHED_KEY_CHARS = 200
# Entries per cache: the labels, headings and chrome that repeat fit many times over, while a
# run of distinct pages (~6 new short lines each) fills it within ~700 pages and then holds
# its memory (~1.2 MB per cache); 65,536 entries took 40,000 pages to fill, so a long run's
# memory kept growing (bench/run.py: 1.42x from 1,000 to 50,000 pages). On 15,000 distinct
# pages 4,096 entries hit as often as 8,192 (88%); 2,048 hit 63% for norm().
CACHE_ENTRIES = 4096


def norm(text: str) -> str:
    """Label key: accents, case, punctuation and spaces removed ("Institution (s)" = "institutions")."""
    return _norm(text) if len(text) <= CACHED_KEY_CHARS else _key(text)


@functools.lru_cache(maxsize=CACHE_ENTRIES)
def _norm(text: str) -> str:
    return _key(text)


def _key(text: str) -> str:
    data = text.encode("ascii") if text.isascii() else _cp1252(text)  # most texts: no call
    if data is not None:
        key = data.translate(_KEY_SPACED).replace(b" ", b"")  # see _KEY_SPACED
        if key.isascii():  # else a byte whose key is two characters ("ß" -> "ss") is left
            return key.decode("ascii")
    # _fold's result is ASCII: its bytes are its characters
    return _fold(text).encode("ascii").translate(None, _NOT_ALNUM).decode("ascii")


def norm_words(text: str) -> str:
    """Like norm() but keeps word boundaries as single spaces, padded: ' access to information '."""
    return _norm_words(text) if len(text) <= CACHED_KEY_CHARS else _words(text)


@functools.lru_cache(maxsize=CACHE_ENTRIES)
def _norm_words(text: str) -> str:
    return _words(text)


def _words(text: str) -> str:
    data = _cp1252(text)
    if data is not None:
        data = data.translate(_WORDS_MAP, _WORDS_DROP)
        if not data.isascii():  # a byte whose fold is two characters ("ß" -> "ss") is left
            data = None
    if data is None:
        # every other byte a space, then the runs of spaces made one: a space between words
        data = _fold(text).encode("ascii").translate(_TO_SPACE)
    return " " + b" ".join(data.split()).decode("ascii") + " "


# --- the folds of a cp1252 text, a byte at a time --------------------------------------------
# NFKD, casefold and the dropping of non-ASCII characters each map a character on its own (the
# canonical reordering of NFKD moves combining marks only, which are dropped), so the fold of
# a text is the folds of its characters put end to end. The pages' texts are nearly all
# cp1252 (ASCII, Latin-1 letters, dashes and quotes): encoded to those bytes, a key and the
# words are one bytes.translate, where NFKD and casefold cost ~100 instructions a character.
_CP1252 = codecs.charmap_build(encodings.cp1252.decoding_table)


def _cp1252(text: str) -> bytes | None:
    """The text's cp1252 bytes; None when a character has none."""
    if text.isascii():
        return text.encode("ascii")
    try:
        return codecs.charmap_encode(text, "strict", _CP1252)[0]
    except UnicodeEncodeError:
        return None


def _byte_tables(fold_of) -> tuple[bytes, bytes]:
    """(translate table, bytes to delete) that give fold_of(character) for every cp1252 byte
    whose fold is at most one byte; the others are mapped to themselves (not ASCII: the
    caller then folds the text as a whole)."""
    table, drop = bytearray(range(256)), bytearray()
    for byte in range(256):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # never in an encoded text
        folded = fold_of(char)
        if not folded:
            drop.append(byte)
        elif len(folded) == 1:
            table[byte] = folded[0]
        elif byte < 128:
            raise AssertionError("an ASCII character folds to more than one")
    return bytes(table), bytes(drop)


def _key_of_char(char: str) -> bytes:
    return _fold(char).encode("ascii").translate(None, _NOT_ALNUM)


def _words_of_char(char: str) -> bytes:
    # a run of spaces is one space in norm_words ("…" is "..." is "   ")
    spaced = _fold(char).encode("ascii").translate(_TO_SPACE)
    return b" " if spaced and spaced.isspace() else spaced


_KEY_MAP, _KEY_DROP = _byte_tables(_key_of_char)
# _KEY_MAP with every byte that a key drops made a space, which no byte's key holds: a key is
# then one translate() and one replace() of the spaces. A translate() that deletes bytes first
# builds a table of 256 entries and marks the ~120 dropped bytes in it (~1,000 instructions,
# several times the work of translating a label).
_KEY_SPACED = bytes(b" "[0] if byte in _KEY_DROP else to for byte, to in enumerate(_KEY_MAP))
_WORDS_MAP, _WORDS_DROP = _byte_tables(_words_of_char)


# --- label keys ----------------------------------------------------------------------------

LONGEST_LABEL = 160  # the longest label of the lexicons is about 110 characters


def label_keys(text: str) -> tuple[str, ...]:
    """The normalised forms under which a line could be a label: whole, or before its colon.
    Cached for short lines only (see CACHED_KEY_CHARS): paragraphs would fill memory."""
    return _label_keys(text) if len(text) <= CACHED_KEY_CHARS else _keys(text)


@functools.lru_cache(maxsize=CACHE_ENTRIES)
def _label_keys(text: str) -> tuple[str, ...]:
    return _keys(text)


def _keys(text: str) -> tuple[str, ...]:
    # The whole key with _key, not through _norm's cache: _keys runs when _label_keys's cache
    # missed this very text, so _norm's would nearly always miss too (a look-up and an entry
    # for nothing). The text before the colon ("Status") repeats: _norm (not norm(), it is
    # shorter than CACHED_KEY_CHARS: a call less per line).
    whole = _key(text) if len(text) <= LONGEST_LABEL else ""
    colon = text.find(":", 0, 160)
    if colon > 0 and "(" in text[:colon]:
        colon = label_colon(text)  # a colon inside parentheses does not end the label
    if colon > 0:
        return whole, _norm(text[:colon])
    return (whole,)


def label_colon(text: str) -> int:
    """Position of the colon that ends a label, skipping colons inside parentheses
    ("Ambición (consulta: definición): Bajo"); -1 if none in the first 160 characters."""
    colon = text.find(":", 0, 160)
    if colon < 0 or "(" not in text[:colon]:
        return colon  # the common cases, without a character loop
    # Only the parentheses and colons change the depth or end the label: the regex finds
    # them in C, where a loop over every character cost ~100 instructions each. The walk
    # starts at the first "(": before it the depth is 0 whatever ")" are there, and no
    # colon is (the first colon comes after that "(").
    depth = 0
    for m in _PAREN_OR_COLON.finditer(text, text.index("("), 160):
        ch = m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:  # a colon
            return m.start()
    return -1


_PAREN_OR_COLON = re.compile(r"[():]")


@dataclass(eq=False)  # hashed by identity: lexicons are loaded once and cached
class Lexicon:
    code: str
    name: str
    data: dict
    labels: dict[str, set[str]] = field(default_factory=dict)  # norm label -> fields
    section_sets: dict[str, frozenset[str]] = field(default_factory=dict)  # [sections] tables, normalised
    months: dict[str, int] = field(default_factory=dict)  # norm month word -> 1..12 (clipped forms too)
    real_months: dict[str, int] = field(default_factory=dict)  # the month words as the lexicon lists them
    clipped_months: dict[str, int] = field(default_factory=dict)  # the same without their first letter

    @property
    def sections(self) -> frozenset[str]:
        """Headings of a commitment description."""
        return self.section_sets.get("description", frozenset())

    # --- raw data access -------------------------------------------------------------
    def words(self, key: str) -> list[str]:
        return self.data.get("words", {}).get(key, [])

    def chrome(self, key: str) -> list[str]:
        return self.data.get("chrome", {}).get(key, [])

    def field_labels(self, name: str) -> list[str]:
        return self.data.get("labels", {}).get(name, [])

    @functools.cached_property
    def norm_sets(self) -> dict[str, frozenset[str]]:
        """Normalised forms of the chrome and word lists, for set lookups."""
        out = {}
        for group in ("chrome", "words"):
            for key, values in self.data.get(group, {}).items():
                out[key] = frozenset(norm(v) for v in values)
        return out

    @functools.cached_property
    def patterns(self) -> dict[str, list[re.Pattern]]:
        out = {}
        for key, value in self.data.get("patterns", {}).items():
            items = value if isinstance(value, list) else [value]
            out[key] = [re.compile(p, re.IGNORECASE) for p in items]
        for key, value in self.data.get("page_types", {}).items():
            out["page_type:" + key] = [re.compile(p, re.IGNORECASE) for p in value]
        return out

    def match(self, key: str, text: str) -> re.Match | None:
        for pattern in self.patterns.get(key, ()):
            m = pattern.search(text)
            if m:
                return m
        return None

    @functools.cached_property
    def scales(self) -> dict[str, list[tuple[str, str]]]:
        """scale name -> [(normalised phrase, slug)], longest phrase first."""
        out = {}
        for name, table in self.data.get("scales", {}).items():
            pairs = [(norm_words(p), slug) for slug, phrases in table.items() for p in phrases]
            out[name] = sorted(pairs, key=lambda x: -len(x[0]))
        return out

    def glossary_openings(self) -> list[str]:
        return self.data.get("glossary", {}).get("openings", [])

    def more_words(self) -> list[str]:
        return self.data.get("glossary", {}).get("more", [])


def build(data: dict) -> Lexicon:
    meta = data.get("language", {})
    lex = Lexicon(code=meta.get("code", ""), name=meta.get("name", ""), data=data)
    for fname, variants in data.get("labels", {}).items():
        for v in variants:
            lex.labels.setdefault(norm(v), set()).add(fname)
    for name, headings in data.get("sections", {}).items():
        lex.section_sets[name] = frozenset(norm(h) for h in headings)
    for number, names in data.get("months", {}).items():
        for n in names:
            lex.real_months[norm(n)] = int(number)
    lex.clipped_months = _clipped(lex.real_months)
    lex.months = {**lex.clipped_months, **lex.real_months}
    return lex


_CLIPPED_FROM = 6  # shorter month names lose too much with their first letter ("mars" -> "ars")


def _clipped(months: dict[str, int]) -> dict[str, int]:
    """A dump made from a table may lose a cell's first letter ("anuary 2019 - December
    2020"): the long month names are known without it too, when that form names one month."""
    found: dict[str, set[int]] = {}
    for key, number in months.items():
        if len(key) >= _CLIPPED_FROM:
            found.setdefault(key[1:], set()).add(number)
    return {key: numbers.pop() for key, numbers in found.items() if len(numbers) == 1 and key not in months}


def load_file(path: Path) -> Lexicon:
    with open(path, "rb") as fh:
        return build(tomllib.load(fh))


@functools.lru_cache(maxsize=8)
def load_all(extra_dirs: tuple[str, ...] = ()) -> dict[str, Lexicon]:
    """Every lexicon: the bundled ones, then those in `extra_dirs` (which may add or replace)."""
    out: dict[str, Lexicon] = {}
    for directory in (LEXICON_DIR, *map(Path, extra_dirs)):
        for path in sorted(Path(directory).glob("*.toml")):
            lex = load_file(path)
            out[lex.code or path.stem] = lex
    return out


@functools.lru_cache(maxsize=8)
def all_months(lexicons: tuple[Lexicon, ...]) -> dict[str, int]:
    """Month words of every language: dumps mix them ("22nd Février 2022")."""
    months: dict[str, int] = {}
    for lex in lexicons:
        months.update(lex.clipped_months)
    for lex in lexicons:  # a month word of any language wins over a clipped form
        months.update(lex.real_months)
    return months


REQUIRED_TABLES = ("language", "chrome", "words", "months", "labels", "scales", "patterns")


def validate(lex: Lexicon, reference: Lexicon | None = None) -> list[str]:
    """Problems in a lexicon file: missing tables, bad regexes, scale slugs unknown to the reference."""
    problems = [f"missing table [{t}]" for t in REQUIRED_TABLES if t not in lex.data]
    if not re.fullmatch(r"[a-z]{2}", lex.code or ""):
        problems.append(f"language.code {lex.code!r} is not a two-letter code")
    if sorted(lex.months.values()) and set(lex.months.values()) != set(range(1, 13)):
        problems.append("months must name all twelve months")
    for key, value in {**lex.data.get("patterns", {}), **lex.data.get("page_types", {})}.items():
        for p in value if isinstance(value, list) else [value]:
            try:
                re.compile(p)
            except re.error as exc:
                problems.append(f"pattern {key}: {exc}")
    if reference is not None:
        for name, table in reference.data.get("scales", {}).items():
            mine = lex.data.get("scales", {}).get(name, {})
            unknown = set(mine) - set(table)
            if unknown:
                problems.append(f"scale {name}: unknown slugs {sorted(unknown)}")
        unknown_fields = set(lex.data.get("labels", {})) - set(reference.data.get("labels", {}))
        if unknown_fields:
            problems.append(f"labels for unknown fields {sorted(unknown_fields)}")
    return problems
