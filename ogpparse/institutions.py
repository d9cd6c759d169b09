"""Institution lists: the bodies a page names under a lead / supporting / involved label.

The printed value is read as an expert reads it (fixtures/README.md, "institutions"):
template sub-headings and group labels give each body its group and are never part of a
name; notes in parentheses are dropped; a list is split where a new body begins, which is
decided from language data (the `[institutions]` table of each lexicon: head words that
begin a body's name, standalone bodies, joining phrases, conjunctions, notes, group labels),
never from page-specific rules. Extractors call `read_institutions` and nothing else.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass
from typing import Iterable

from .lexicon import CACHED_KEY_CHARS, Lexicon, norm
from .line_search import ascii_lower, has_ascii_case_fold
from .normalize import dedupe, is_placeholder, split_outside_parens

GROUPS = ("government", "civil_society", "private_sector", "multilateral", "other")


@dataclass(frozen=True, eq=False)  # hashed by identity: built once per lexicon tuple, a cache key
class Vocabulary:
    """The `[institutions]` data of every lexicon of a run, merged: dumps mix languages."""
    heads: frozenset[str]  # normalised head words ("ministry", "ministere", "secretaria")
    head_forms: frozenset[str]  # the heads and their plurals in -s and -es: one lookup per word
    head_first: frozenset[str]  # heads only of languages whose names begin with the head word
    label_source: str | None  # the pattern of `labels`, compiled when first used
    label_groups: tuple[str, ...]  # the group of each alternative
    label_alternatives: tuple[str, ...]  # each alternative's pattern: which one matched (_alternative)
    label_screen: _Screen  # asked before `labels` is searched
    notes: re.Pattern | None  # a note in parentheses and the spaces before it: what is dropped
    notes_from_paren: re.Pattern | None  # the same from its "(": see _from_parenthesis
    joiners: re.Pattern | None
    joiner_screen: _Screen
    conjunctions: re.Pattern
    conjunction_screen: tuple[frozenset[str], tuple[str, ...]] | None  # see _may_hold_conjunction
    conjunction_words: frozenset[str]
    paren_conjunct: re.Pattern  # "(et cellule e-gouvernement)": a parenthesis naming a further body
    paren_conjunct_from_paren: re.Pattern  # the same from its "(": see _from_parenthesis
    standalone: re.Pattern | None  # bodies that are a body by themselves ("Civil society")
    standalone_screen: _Screen
    function_words: frozenset[str]
    modifiers: frozenset[str]
    continuations: frozenset[str]
    articles: frozenset[str]
    lead_articles: frozenset[str]  # articles, and the ones a lower-case body may begin with ("the Ministry")
    indefinites: frozenset[str]
    suffixes: frozenset[str]
    body_openers: frozenset[str]  # articles and head forms: the words a body can begin at inside a run
    glue: frozenset[str]  # words after which no new body begins: function words, conjunctions, modifiers
    contact_block: re.Pattern | None  # "Institución:" (group body) / "Cargo:", "E-mail:" (group person)
    examples: re.Pattern | None  # "(p. ej., GIZ, CDD-Ghana)"

    # Compiled when first used: the group labels of every language are a pattern of ~6,000
    # characters (~20 ms to compile), asked only of a text that label_screen lets through.
    @functools.cached_property
    def labels(self) -> re.Pattern | None:
        """Group labels, longest first, one alternative each."""
        return None if self.label_source is None else re.compile(self.label_source, re.I)


def _phrase(text: str) -> str:
    """A label as a pattern: flexible spaces and dashes; a final ':' must be printed, unless a
    numbered list follows the label ("... PTCIJ OSC 1. Groupe de travail ...")."""
    colon = text.rstrip().endswith(":")
    body = text.rstrip().rstrip(":").strip()
    parts = [re.escape(w) for w in body.split()]
    pattern = r"\s*".join(parts) if len(parts) == 1 else r"\s+".join(parts)
    pattern = pattern.replace(r"\s+\-\s+", r"\s*[-–—:]\s*").replace(r"\-", r"\s*[-–—]\s*")
    return pattern + (r"(?:\s*:|(?=\s+1[.)]\s))" if colon else r"(?:\s*[:;,.–—-])?")


def _alternation(phrases: Iterable[str]) -> re.Pattern | None:
    phrases = sorted(set(phrases), key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"(?<!\w)" + _first_characters(phrases) + "(?:" + "|".join(_phrase(p) for p in phrases)
                      + r")(?!\w)", re.I)


def _first_characters(phrases: Iterable[str]) -> str:
    """A lookahead on the characters the phrases (as `_phrase` reads them) can begin with, or
    a space. Case-blind alternatives cannot be skipped on their first letter: without it the
    engine tries each of them at every word; with it, only at words that begin as one does."""
    chars = {p.strip()[:1] for p in phrases} - {""}
    if "-" in chars:
        chars |= set("–—")  # a dash is any dash
    return r"(?=[\s" + "".join(re.escape(c) for c in sorted(chars)) + "])"


_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
# where `_phrase` lets a numbered list stand for a label's colon: "\s1[.)]\s" from its "1"
# on, a literal first character the engine skips to (the class first is tried at every one)
_LIST_ONE = re.compile(r"1(?<=\s1)[.)]\s")


class _Screen:
    """A quick test that a case-blind pattern made of phrases (as `_phrase` reads them) finds
    nothing in a text, asked before the pattern: such a pattern is tried at every word of
    the text (~20 us for a list of 200 characters), the screen asks str.lower() and a few
    substring tests of the whole text. Each phrase's words, split at their dashes (which
    the pattern lets be any dash), are literals the pattern matches case-blind; so a match
    holds each ASCII run of them in lower case, and a phrase with a final colon holds a
    colon or, when a numbered list follows, a " 1." or " 1)". When no phrase has all its
    runs in the text, there is no match. Exact for ASCII runs: IGNORECASE matches an ASCII
    letter to its other case and to 'İ', 'ı', 'ſ' or 'K' (the re documentation): a text
    holding one of those is not screened. The text is lowered by line_search.ascii_lower,
    which makes every other character a "?" (no other lowers to ASCII): an ASCII run is in
    it where it is in text.lower(), in half the time."""

    def __init__(self, phrases: Iterable[str]):
        runs = {False: set(), True: set()}
        for phrase in phrases:
            body = phrase.rstrip().rstrip(":").strip()
            literal = {r.lower() for w in body.split() for part in w.split("-") for r in _ASCII_RUN.findall(part)}
            runs[phrase.rstrip().endswith(":")].add(tuple(sorted(literal)))
        # a phrase with no ASCII character at all could match any text
        self.open = () in runs[False] | runs[True]
        self.plain, self.colon = _key_runs(runs[False] - {()}), _key_runs(runs[True] - {()})

    def may_match(self, text: str) -> bool:
        if self.open or has_ascii_case_fold(text):
            return True
        low = ascii_lower(text)
        if _holds_one(self.plain, low):
            return True
        if not self.colon:  # no phrase needs a colon: what follows would be read for nothing
            return False
        colon_or_list = ":" in low or "1" in low and _LIST_ONE.search(low) is not None
        return colon_or_list and _holds_one(self.colon, low)


_KEY_CHARS = 4  # a shorter run is in most texts (see _key_runs)


def _key_runs(phrases: set[tuple[str, ...]]) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """(key, the other runs of each phrase that holds the key): the run that most phrases
    hold is the first key, and so on, so that a text without any key is told so in a few
    substring tests. A run of two or three letters ("de", "en") is in most texts: as a key
    it rules nothing out and sends the test on to each phrase under it, so a run of four
    characters or more is taken first (_KEY_CHARS) when a phrase has one; which run keys a
    phrase changes only the order of the tests, not the answer. A phrase whose runs hold
    another phrase's is left out: the other matches where it does."""
    left = sorted(p for p in phrases if not any(set(q) < set(p) for q in phrases))
    out = []
    while left:
        count: dict[str, int] = {}
        for phrase in left:
            for run in phrase:
                count[run] = count.get(run, 0) + 1
        key = max(sorted(count), key=lambda run: (len(run) >= _KEY_CHARS, count[run], len(run)))
        out.append((key, tuple(tuple(sorted(set(p) - {key}, key=len, reverse=True)) for p in left if key in p)))
        left = [p for p in left if key not in p]
    return tuple(out)


def _holds_one(keyed: tuple, low: str) -> bool:
    """Does the text hold every run of one phrase (`_key_runs`)?"""
    for key, others in keyed:
        if key in low:
            for runs in others:
                for run in runs:  # loops, not all(): no generator made for each key found
                    if run not in low:
                        break
                else:
                    return True
    return False


@functools.lru_cache(maxsize=8)
def vocabulary(lexicons: tuple[Lexicon, ...]) -> Vocabulary:
    tables = [lex.data.get("institutions", {}) for lex in lexicons]
    labels: list[tuple[str, str]] = []
    for table in tables:
        for group, phrases in table.get("groups", {}).items():
            labels.extend((p, group) for p in phrases)
    labels.sort(key=lambda pair: len(pair[0]), reverse=True)

    def words(key: str) -> list[str]:
        return [w for table in tables for w in table.get(key, [])]

    # No named group per alternative: a group opens each alternative with a MARK, and then
    # the regex engine cannot skip an alternative on its first letter; it tried all of them
    # at every word (3x slower). The few matches are told apart after (_alternative).
    alternatives = [_phrase(p) for p, _ in labels]
    label_groups = [g for _, g in labels]
    if words("role_words"):
        # "Clients d'audit : ...", "• Partenaires pour le renforcement des capacités : ...": a
        # label naming the bodies' role, at the start of an item; the template gives no group
        roles = "|".join(re.escape(w) for w in sorted(set(words("role_words")), key=len, reverse=True))
        alternatives.append(f"(?:(?:^|(?<=[;•▪●])|(?<=[;•▪●]\\s))\\s*(?:{roles})"
                            r"(?:\s[^\W\d_][^:;•,()]{0,60}?)?\s*:)")
        label_groups.append("other")
    starts = _first_characters([p for p, _ in labels] + words("role_words"))
    label_source = r"(?<!\w)" + starts + "(?:" + "|".join(alternatives) + r")(?!\w)" if alternatives else None

    conj = words("conjunctions") or ["&"]
    notes = _notes_pattern(words("notes"))
    paren_conjunct = re.compile(r"\s*\(\s*(?:" + "|".join(re.escape(c) for c in sorted(set(conj)) if c.isalpha())
                                + r")\s+([^()]+)\)", re.I)
    heads = frozenset(norm(w) for w in words("heads"))
    head_forms = heads | {h + "s" for h in heads} | {h + "es" for h in heads}
    function_words = frozenset(norm(w) for w in words("function_words"))
    modifiers = frozenset(norm(w) for w in words("modifiers"))
    conjunction_words = frozenset(norm(c) for c in conj)
    articles = frozenset(norm(w) for w in words("articles"))
    return Vocabulary(
        heads=heads,
        head_forms=head_forms,
        head_first=_head_first_words(tables),
        label_source=label_source, label_groups=tuple(label_groups), label_alternatives=tuple(alternatives),
        # a role label ends with its colon
        label_screen=_Screen([p for p, _ in labels] + [f"{w}:" for w in words("role_words")]),
        notes=notes, notes_from_paren=_from_parenthesis(notes) if notes else None,
        joiners=_alternation(words("joiners")), joiner_screen=_Screen(words("joiners")),
        # \s\s* is \s+ (same matches, tried in the same order) that the engine can skip to:
        # a pattern that begins with a character class is tried only where one is
        conjunctions=re.compile(r"\s\s*(?:" + "|".join(re.escape(c) for c in sorted(set(conj), key=len, reverse=True))
                                + r")\s+", re.I),
        conjunction_screen=_conjunction_screen(conj),
        conjunction_words=conjunction_words,
        paren_conjunct=paren_conjunct, paren_conjunct_from_paren=_from_parenthesis(paren_conjunct),
        standalone=_alternation(words("standalone")), standalone_screen=_Screen(words("standalone")),
        function_words=function_words,
        modifiers=modifiers,
        continuations=frozenset(norm(w) for w in words("continuations")),
        articles=articles,
        lead_articles=articles | frozenset(norm(w) for w in words("lead_articles")),
        indefinites=frozenset(norm(w) for w in words("indefinites")),
        suffixes=frozenset(norm(s) for lex in lexicons for s in lex.words("legal_suffixes")),
        glue=function_words | conjunction_words | modifiers,
        body_openers=articles | head_forms,
        contact_block=_contact_pattern(words("contact_institution"), words("contact_fields")),
        examples=re.compile(r"\(\s*(?:" + "|".join(re.escape(e) for e in sorted(set(words("examples")), key=len, reverse=True))
                            + r")\s*,?\s*([^()]+)\)") if words("examples") else None,
    )


def _conjunction_screen(conj: list[str]) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """(the conjunctions that are words, in each mix of cases; the ones without a letter), or
    None when a conjunction is neither: see `_may_hold_conjunction`. A word with 'i', 's' or
    'k', which IGNORECASE also matches to other letters, with other than ASCII letters, or
    too long to write in every case, is not screened either."""
    words, symbols = set(), []
    for c in set(conj):
        if c.isascii() and c.isalpha() and not set(c.lower()) & set("isk") and len(c) <= 6:
            words.update(map("".join, itertools.product(*({ch.lower(), ch.upper()} for ch in c))))
        elif not any(ch.isalpha() for ch in c):
            symbols.append(c)
        else:
            return None
    return frozenset(words), tuple(sorted(symbols))


def _contact_pattern(body_labels: list[str], person_labels: list[str]) -> re.Pattern | None:
    if not person_labels:
        return None

    def alt(labels):
        return "|".join(re.escape(w) for w in sorted(set(labels), key=len, reverse=True)) or r"(?!)"
    # case as printed: a contact block's labels are capitalised ("nombre:" in a sentence is not one)
    return re.compile(rf"(?<!\w)(?:(?P<body>{alt(body_labels)})|(?P<person>{alt(person_labels)}))\s*:")


def _head_first_words(tables: list[dict]) -> frozenset[str]:
    """Head words (singular and plural as listed) of the languages marked `head_first`, less
    any another language shares ("Programme" is English and French)."""
    first = {norm(w) for t in tables if t.get("head_first") for w in t.get("heads", [])}
    other = {norm(w) for t in tables if not t.get("head_first") for w in t.get("heads", [])}
    return frozenset(first - other)


def group_label_texts(lexicons: Iterable[Lexicon], group: str) -> list[str]:
    """The texts that give a body `group` as a page prints them: each label variant, and
    without its colon before a numbered list ("OSC 1."); for `other`, the role words that
    begin a role label ("Clients d'audit :"). Provenance points to them."""
    out = []
    for lex in lexicons:
        table = lex.data.get("institutions", {})
        for variant in table.get("groups", {}).get(group, []):
            out.append(variant)
            if variant.rstrip().endswith(":"):
                out.append(variant.rstrip().rstrip(":").rstrip() + " 1.")
        if group == "other":
            out.extend(table.get("role_words", []))
    return list(dict.fromkeys(out))


def _from_parenthesis(pattern: re.Pattern) -> re.Pattern:
    """`pattern`, which begins with the spaces before a parenthesis, from the parenthesis
    on: every match of the pattern holds a match of this one, which the regex engine finds
    by looking for "(" alone (a literal first character), where the pattern itself is tried
    at every character of the text. Searched first, it spares most texts (which hold no
    such parenthesis) the substitution: ~2 us a text each."""
    assert pattern.pattern.startswith(r"\s*\(")
    return re.compile(pattern.pattern[len(r"\s*"):], pattern.flags)


def _notes_pattern(notes: list[str]) -> re.Pattern | None:
    if not notes:
        return None
    inner = "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(set(notes), key=len, reverse=True))
    # a note fills the parenthesis or opens it ("(avec co-engagement des OSC partenaires)")
    return re.compile(r"\s*\(\s*(?:" + inner + r")(?:\s[^()]*)?\)", re.I)


# --- the public step ---------------------------------------------------------------------

def printed_text(lines) -> str | None:
    """The value as printed: its lines joined with one space, bullets shown, spaces folded."""
    parts = [(f"{line.bullet if isinstance(line.bullet, str) else '•'} {line.text}") if line.bullet else line.text
             for line in lines]
    text = _single_spaced(" ".join(parts)).strip()
    return text or None


def _single_spaced(text: str) -> str:
    """The text with each run of whitespace made one space. Every whitespace character but
    the space is one isprintable() rejects, so a printable text without a double space is
    kept as it is: two C scans, where most texts would go through the regex for nothing."""
    return text if text.isprintable() and "  " not in text else _SPACES.sub(" ", text)


def read_institutions(lines, lexicons: Iterable[Lexicon]) -> tuple[list[dict], str | None]:
    """(bodies as {"name", "group"}, printed text) for the value lines of one label."""
    lexicons = tuple(lexicons)
    printed = printed_text(lines)
    if not printed or is_placeholder(printed, lexicons):
        return [], None
    vocab = vocabulary(lexicons)
    names: list[str] = []
    groups: list[str | None] = []  # the group of each name
    chunks = [line.text for line in lines] if lines and all(line.bullet for line in lines) else [printed]
    group = None
    for chunk in chunks:
        for group, text in _grouped(chunk, vocab, group):
            found = split_bodies(text, vocab, lexicons)
            names.extend(found)
            groups.extend([group] * len(found))
    # each name's first group: later pairs are written first, and the first one over them
    first = dict(zip(reversed(names), reversed(groups)))
    return [{"name": n, "group": first[n]} for n in dedupe(names)], printed


def _grouped(text: str, vocab: Vocabulary, group: str | None):
    """(group, text) runs: each group label starts a run of its group; the label is removed."""
    if vocab.labels is None or not vocab.label_screen.may_match(text):
        yield group, text
        return
    start = 0
    for m in vocab.labels.finditer(text):
        if m.start() > start:
            yield group, text[start:m.start()]
        group = vocab.label_groups[_alternative(m, vocab)]
        start = m.end()
    yield group, text[start:]


def _alternative(m: re.Match, vocab: Vocabulary) -> int:
    """Which label alternative gave the match: the first that matches there on its own, as
    the alternation tries them in order."""
    return next(i for i, alt in enumerate(vocab.label_alternatives) if _alone(alt).match(m.string, m.start()))


@functools.lru_cache(maxsize=None)  # an entry per group label of the lexicons read
def _alone(alternative: str) -> re.Pattern:
    """One label alternative as a pattern, compiled when a match first asks for it (the
    alternatives of every language take ~30 ms to compile, and a page's matches ask for a
    few of them)."""
    return re.compile(rf"(?<!\w)(?:{alternative})(?!\w)", re.I)


def prepare(lexicons: tuple[Lexicon, ...]) -> None:
    """Build the vocabulary and every pattern it compiles on first use (see pipeline.prepare)."""
    vocab = vocabulary(lexicons)
    vocab.labels  # noqa: B018 - a cached property, made here
    for alternative in vocab.label_alternatives:
        _alone(alternative)


# --- splitting one run of text into bodies --------------------------------------------------

_BULLET_CHARS = "▪•●◦"
_BULLETS = re.compile(rf"\s*[{_BULLET_CHARS}]\s*")
_LEADING_DASH_ITEM = re.compile(r"(?:^|\s)-\s*(?=\S)")
_NUMBERED_ITEM = re.compile(r"(?:^|(?<=\s))\d{1,2}[.)]?\s+(?=[^\W\d_])")
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")
# The period first, then what stands before it: the engine looks for a literal first
# character alone, where a lookbehind first is tried at every character.
_PERIOD_BREAK = re.compile(r"\.(?:(?<=[^\W\d_]{3}\.)|(?<=\)\.))\s+(?=[A-ZÀ-Ý])")
_ENUMERATION = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}|[a-z])[.)]\s+")
_ACRONYM = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý0-9&\-/]{1,}$")
_TRAILING_ACRONYM = re.compile(r"\(([A-ZÀ-Ý][A-ZÀ-Ý0-9\-]{1,11})\)\s*\.?$")
_MIXED_ACRONYM = re.compile(r"^[A-ZÀ-Ý](?=(?:[^A-ZÀ-Ý]*[A-ZÀ-Ý]){2})(?=.*[a-zà-ÿ])[A-Za-zÀ-ÿ]+$")  # "PhilDHRRA", "BudgIT"
_WORD = re.compile(r"[^\W\d_][\w\-]*")  # "l'Auditeur" is two words: "l", "Auditeur"
_COMMA_OR_BRACKET = re.compile(r"[,()\[\]]")
# Matches the capital (its start is where the names part): the engine skips the text to
# each capital, where a pattern that begins with a lookbehind is tried at every character.
_GLUED = re.compile(r"[A-ZÀ-Ý](?<=[a-zà-ÿ][A-ZÀ-Ý])(?=[a-zà-ÿ])")
# A dash item ahead: "(?:^|;)\s*-" as two patterns, one matched at the start and one that
# begins with a literal (the engine looks for the ";" alone, where an alternation with "^"
# is tried at every character: ~40,000 instructions for a list of 200 characters).
_DASH_ITEM_FIRST = re.compile(r"\s*-")
_DASH_ITEM_AFTER = re.compile(r";\s*-")
_NUMBERED_FIRST = re.compile(r"1[.)]?\s")
# "\s1[.)]\s.*\s2[.)]\s" from its "1" on (a literal first character, as above)
_NUMBERED_INSIDE = re.compile(r"1(?<=\s1)[.)]\s.*\s2[.)]\s")
_FIRST_CLAUSE_END = re.compile(r"[,.]")
_SPACES = re.compile(r"\s+")
_PARENTHESIS = re.compile(r"\([^()]*\)")
_CLOSING_PARENTHESIS_BEFORE_NAME = re.compile(r"\(([^()]{1,60})\)\s+(?=[A-ZÀ-Ý])")
_ELIDED_ARTICLE = re.compile(r"[ldLD]['’]\w")
# a word with two capitals, or a capital and then an acronym's character: no word without
# one can be an acronym (_ACRONYM) or a mixed-case acronym (_MIXED_ACRONYM)
# (the capital later in the word is the first one after the non-capitals, which are taken
# possessively: a word without one fails at once, not after giving back each character)
_MAY_BE_ACRONYM = re.compile(r"[A-ZÀ-Ý](?:[A-ZÀ-Ý0-9&\-/]|[^\sA-ZÀ-Ý]*+[A-ZÀ-Ý])")


# The same bodies are named on page after page of a plan: what a short run of a list gives
# (`split_bodies`), and what a short comma piece of it gives (its names here, its facts
# in `_short_piece`), is kept. Bounded as the lexicon caches
# are: keys of CACHED_KEY_CHARS at most, and 1,024 entries each. The benchmark's distinct
# pages bring ~0.6 new pieces a page, so they hold the pieces of the last ~1,700 pages: on
# 15,000 of them the hit rates (82% and 79%) were those of 4,096 entries, whose three caches,
# filling until ~7,000 pages, were a third of a worker's growth from 1,000 to 50,000 pages.
PIECE_CACHE_ENTRIES = 1024


def _kept_when_short(names_of):
    """names_of(text, vocab, lexicons), its results kept for texts of CACHED_KEY_CHARS at
    most (PIECE_CACHE_ENTRIES of them); `.cache_info()` tells the cache's use."""
    kept = functools.lru_cache(maxsize=PIECE_CACHE_ENTRIES)(names_of)

    @functools.wraps(names_of)
    def read(text: str, vocab: Vocabulary, lexicons: tuple[Lexicon, ...]) -> tuple[str, ...]:
        if len(text) <= CACHED_KEY_CHARS:
            return kept(text, vocab, lexicons)
        return names_of(text, vocab, lexicons)

    read.cache_info = kept.cache_info
    return read


@_kept_when_short
def split_bodies(text: str, vocab: Vocabulary, lexicons: tuple[Lexicon, ...]) -> tuple[str, ...]:
    """The names a run of a list gives (a tuple: a cached value cannot be changed). A short
    run is often a whole value that page after page of a plan prints again ("Ministry of
    Finance, Open Contracting Partnership"): its names are kept, as its pieces' are
    (`_piece_bodies`), which spares the run's own steps (substitutions, screens, comma
    pieces) too; on 1,000 pages, 337 of the 832 short runs came back."""
    text = text.strip(" ,;:")
    if text[:1] in "-–—":
        text = _LEADING_DASH_ITEM.sub(";", text)
    text = text.strip(" ,;:-–—")
    if not text:
        return ()
    if vocab.notes is not None and "(" in text and vocab.notes_from_paren.search(text):  # a note is a parenthesis
        text = vocab.notes.sub("", text)
    text = _name_examples(_drop_contact_block(text, vocab), vocab)
    if vocab.joiners is not None and vocab.joiner_screen.may_match(text):
        text = vocab.joiners.sub(";", text)
    # "Secrétariat d'Etat ... (et cellule e-gouvernement)": the parenthesis names a further body
    if "(" in text and vocab.paren_conjunct_from_paren.search(text):
        text = vocab.paren_conjunct.sub(r"; \1", text)
    for bullet in _BULLET_CHARS:  # a C scan each, where the regex tries every character
        if bullet in text:
            text = _BULLETS.sub(";", text)
            break
    if "-" in text and (_DASH_ITEM_FIRST.match(text) or ";" in text and _DASH_ITEM_AFTER.search(text)):
        text = _LEADING_DASH_ITEM.sub(";", text)
    if "1" in text and (_NUMBERED_FIRST.match(text) or _NUMBERED_INSIDE.search(text)):
        text = _NUMBERED_ITEM.sub(";", text)
    names: list[str] = []
    # without a ";" there is one group: split_outside_parens would walk the parentheses for nothing
    for group in split_outside_parens(text, ";") if ";" in text else (text.strip(),):
        clause_end = _FIRST_CLAUSE_END.search(group)
        if not _is_sentence(group[:clause_end.start()] if clause_end else group, vocab):
            for piece in _comma_pieces(group, vocab):
                names.extend(_piece_bodies(piece, vocab, lexicons))
    return tuple(names)


def _finished_name(name: str, vocab: Vocabulary, lexicons: tuple[Lexicon, ...]) -> str | None:
    """A split name as the record gives it, or None when it names no body."""
    name = _unnumbered(name.strip()).strip(" ,;:-–—")
    name = _single_spaced(name).rstrip(",").strip()
    if name.endswith(".") and not _keeps_dot(name, vocab):
        name = name[:-1].rstrip()
    if (name and not is_placeholder(name, lexicons) and not _is_sentence(name, vocab)
            and not _described(name, vocab)):
        # "un organisme non gouvernemental", "Un Ministerio ... que se elija": a kind of
        # body described, not a body named
        return name
    return None


def _drop_contact_block(text: str, vocab: Vocabulary) -> str:
    """"ISD Institución: Fundación Social Berea Cargo: Administrador ... Nombre: Joyce Cudjoe
    Teléfono: ... E-mail: x@y.com Amigos de la Nación": a contact block glued into the list
    (two person fields or more). The institution field's value is a body; a person field's
    value runs to the next field, the last one's is one token (an address, a number)."""
    if vocab.contact_block is None or text.count(":") < 2:  # each field has its colon
        return text
    marks = list(vocab.contact_block.finditer(text))
    if sum(m.lastgroup == "person" for m in marks) < 2:
        return text
    out, pos = [], 0
    for k, m in enumerate(marks):
        out.append(text[pos:m.start()] + "; ")
        if m.lastgroup == "body":
            pos = m.end()
        elif k + 1 < len(marks):
            pos = marks[k + 1].start()
        else:
            token = re.match(r"\s*\S+", text[m.end():])
            pos = m.end() + (token.end() if token else 0)
    return "".join(out) + text[pos:]


def _name_examples(text: str, vocab: Vocabulary) -> str:
    """"Media y otras organizaciones locales e internacionales relevantes (p. ej., GIZ, SEND
    Ghana)": the examples are the bodies named; the kind described in lower case before
    them is not a body ("Media" before it still is)."""
    if vocab.examples is None or "(" not in text:  # examples are in parentheses
        return text
    out, pos = [], 0
    for m in vocab.examples.finditer(text):
        before = text[pos:m.start()]
        cut = max(before.rfind(","), before.rfind(";")) + 1
        out.append(f"{before[:cut]} {_named_kind(before[cut:].strip(), vocab)}; {m.group(1)};")
        pos = m.end()
    return "".join(out) + text[pos:]


def _named_kind(kind: str, vocab: Vocabulary) -> str:
    """What a kind before examples names itself: nothing when it is lower case ("otras
    organizaciones ..."), the names before a lower-case conjunct ("Media y otras ...")."""
    if kind[:1].islower():
        return ""
    for conj in vocab.conjunctions.finditer(kind):
        if kind[conj.end():][:1].islower():
            return kind[:conj.start()]
    return kind


def _keeps_dot(name: str, vocab: Vocabulary) -> bool:
    last = name.split()[-1]
    return norm(last) in vocab.suffixes or bool(re.search(r"\b[A-Z]\.$", name))


@_kept_when_short
def _piece_bodies(piece: str, vocab: Vocabulary, lexicons: tuple[Lexicon, ...]) -> tuple[str, ...]:
    """The finished names of one comma piece of a list (a tuple: a cached value cannot be changed)."""
    names = []  # loops, not a chain of generators: each step is a list already
    for part in _dash_list(piece):
        for chunk in _period_chunks(part, vocab):
            for name in _split_run(chunk, vocab):
                name = _finished_name(name, vocab, lexicons)
                if name:
                    names.append(name)
    return tuple(names)


def _dash_list(group: str) -> list[str]:
    """"A - B - C" (two or more spaced dashes) is a list; "Transparency International -
    Georgia" (one) is a name."""
    if group.count("-") + group.count("–") + group.count("—") < 2:  # each spaced dash is a dash
        return [group]
    return _SPACED_DASH.split(group) if len(_SPACED_DASH.findall(group)) >= 2 else [group]


def _period_chunks(part: str, vocab: Vocabulary) -> list[str]:
    if "." not in part:
        return [part]
    chunks = _PERIOD_BREAK.split(part)
    # "CartoCrítica. Investigación": one word before the period (not an acronym) is one name.
    if len(chunks) > 1 and len(chunks[0].split()) < 2 and not _is_acronym(chunks[0].strip()):
        return [part]
    out = [chunks[0]]
    for chunk in chunks[1:]:
        words = _words(chunk)
        first = words[0] if words else ""
        if norm(first) in vocab.continuations:  # "... Sociedad Civil. Portavoz del Gobierno"
            out[-1] = f"{out[-1]}. {chunk}"
        else:
            out.append(chunk)
    return out


def _comma_pieces(chunk: str, vocab: Vocabulary) -> list[str]:
    """Split on commas outside parentheses, then give back to the body before it every piece
    that cannot begin a body's name; joined pieces keep the page's own spacing."""
    if "," not in chunk:  # one piece, which the loop below would only ask whether it is described
        text = chunk.strip()
        return [text] if text and not _described(text, vocab) else []
    spans = _comma_spans(chunk)
    last_end = spans[-1][1] if spans else None
    pieces: list[list[int]] = []  # [start, end] in chunk
    head_at = None  # index of the last piece that names a body by its portfolio

    for start, end in spans:
        text = chunk[start:end]  # a short piece's facts are cached (_short_piece)
        piece = _short_piece(text, vocab) if len(text) <= CACHED_KEY_CHARS else _Piece(text, vocab)
        if piece.described:
            continue  # ", un organisme non gouvernemental": the body before, described
        if pieces and piece.lead_end is not None:
            # ", and Code of Conduct Bureau": the last item of a list, unless it ends the
            # portfolio of the body before ("..., Institutional Strengthening, and Sustainability")
            if head_at is not None and piece.closes_after_lead:
                pieces[head_at:] = [[pieces[head_at][0], end]]
                head_at = None
                continue
            pieces.append([start + piece.lead_end, end])
            head_at = len(pieces) - 1 if end != last_end and piece.portfolio_after_lead else None
            continue
        if pieces and (piece.continues or piece.ends_with_acronym
                       and _acronym_spans(chunk[pieces[-1][0]:pieces[-1][1]], piece.text)):
            pieces[-1][1] = end
            continue
        if head_at is not None and piece.closes_portfolio:
            # "Ministry of Interior, Public Works and Housing": the pieces after the head-word
            # piece, up to the one with the conjunction, are that body's portfolio.
            pieces[head_at:] = [[pieces[head_at][0], end]]
            head_at = None
            continue
        pieces.append([start, end])
        if end == last_end:
            break  # `head_at` is for the pieces after: the last one's facts are not read
        if piece.opens_portfolio:
            head_at = len(pieces) - 1
        elif piece.names_body:
            head_at = None
    out = [chunk[a:b] for a, b in pieces]  # trimmed: each begins and ends as a span or a name does
    if len(out) >= 3:
        out[-1:] = _split_last_item(out[-1], vocab)
    return out


def _comma_spans(chunk: str) -> list[tuple[int, int]]:
    """(start, end) of each comma piece outside parentheses, spaces trimmed."""
    spans, depth, start = [], 0, 0
    # only these characters change anything; without a comma, no parenthesis does either
    for m in _COMMA_OR_BRACKET.finditer(chunk) if "," in chunk else ():
        ch = m.group()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            spans.append((start, m.start()))
            start = m.start() + 1
    spans.append((start, len(chunk)))
    out = []
    for a, b in spans:
        while a < b and chunk[a].isspace():
            a += 1
        while b > a and chunk[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _is_standalone(piece: str, vocab: Vocabulary) -> bool:
    return vocab.standalone is not None and vocab.standalone.fullmatch(piece.strip()) is not None


def _portfolio_head(piece: str, vocab: Vocabulary) -> bool:
    """A body named by its portfolio: a head word then a preposition ("Ministry of ...",
    "Secretaría de ...", "Committees on ..."), which a comma list may continue."""
    words = _lead_words(piece)
    k = _head_position(words, vocab)
    if k is None and len(words) > 2 and words[0][:1].isupper() and _is_head(words[1], vocab):
        k = 1  # "African Centre for Leadership": a name word before the head
    if k is None:
        return False
    # the preposition follows the head, perhaps after one modifier ("Ministerio Federal de")
    after = words[k + 1:k + 3]
    function_words = vocab.function_words
    return bool(after) and (norm(after[0]) in function_words
                            or (len(after) == 2 and norm(after[1]) in function_words))


def _split_last_item(piece: str, vocab: Vocabulary) -> list[str]:
    """"A, B, C y D": the last item of a list of names may join two names with a
    conjunction ("Poder Ciudadano, Salta Transparente y Nuestra Mendoza"); only when neither
    is a body with a head word ("Oil and Gas Platform" stays one)."""
    if _has_head(_outside_parens(piece), vocab):
        return [piece]
    parts = vocab.conjunctions.split(piece)
    if len(parts) == 2 and all(p[:1].isupper() for p in parts):
        return parts
    return [piece]


@functools.lru_cache(maxsize=PIECE_CACHE_ENTRIES)
def _short_piece(text: str, vocab: Vocabulary) -> _Piece:
    return _Piece(text, vocab)


class _read_once:
    """A fact computed on first read and then kept in the instance (functools.cached_property
    without the lock Python 3.11 takes on each first read: a piece's facts are pure)."""

    def __init__(self, read):
        self.read, self.name = read, read.__name__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.read(obj)
        return value


class _Piece:
    """What one comma piece says by itself, for `_comma_pieces`: each fact is read when the
    list first asks for it, then kept with the piece (the same pieces come back page after page)."""

    def __init__(self, text: str, vocab: Vocabulary):
        self.text, self.vocab = text, vocab

    @_read_once
    def described(self) -> bool:
        return _described(self.text, self.vocab)

    @_read_once
    def lead_end(self) -> int | None:
        """Where the name begins after a leading conjunction (", and Code of Conduct Bureau"),
        when a capital begins it; else None."""
        lead = self.vocab.conjunctions.match(" " + self.text)
        if lead and self.text[lead.end() - 1:][:1].isupper():
            return lead.end() - 1
        return None

    @_read_once
    def closes_after_lead(self) -> bool:
        return _closes_portfolio(self.text[self.lead_end:], self.vocab, after_conjunction=True)

    @_read_once
    def portfolio_after_lead(self) -> bool:
        return _portfolio_head(self.text[self.lead_end:], self.vocab)

    @_read_once
    def ends_with_acronym(self) -> bool:
        """Only a piece that ends with an acronym in parentheses can be spelled with the one
        before it (`_acronym_spans`): most pieces are not, and are asked once."""
        return _TRAILING_ACRONYM.search(self.text) is not None

    @_read_once
    def continues(self) -> bool:
        """The piece cannot begin a body, whatever comes before it (`_continues`)."""
        return _continues(self.text, self.vocab)

    @_read_once
    def closes_portfolio(self) -> bool:
        return _closes_portfolio(_PERIOD_BREAK.split(self.text)[0], self.vocab)

    @_read_once
    def opens_portfolio(self) -> bool:
        """A body named by its portfolio, which the pieces after it may continue."""
        vocab, text = self.vocab, self.text
        last = vocab.conjunctions.split(text)[-1] if _may_hold_conjunction(text, vocab) else text
        return (_portfolio_head(last, vocab) and not self.ends_with_acronym
                and not _is_standalone(text, vocab))  # "Organizaciones de la Sociedad Civil" is whole

    @_read_once
    def names_body(self) -> bool:
        return _has_head(_outside_parens(self.text), self.vocab) or _has_acronym(self.text)


def _described(piece: str, vocab: Vocabulary) -> bool:
    """", un organisme non gouvernemental": a kind of body described, not named."""
    words = piece.split(maxsplit=1)  # the first word, and whether another follows
    return len(words) > 1 and norm(words[0]) in vocab.indefinites


def _outside_parens(text: str) -> str:
    return _PARENTHESIS.sub(" ", text) if "(" in text else text


def _continues(piece: str, vocab: Vocabulary) -> bool:
    """A piece that cannot begin a body: a legal suffix, a lower-case phrase that is not a
    lower-case head word followed by a preposition ("ministère des Finances" begins a body,
    "instituts" and "de la Recherche" do not). The end of a name its acronym spells cannot
    either (`_acronym_spans`, which reads the piece before)."""
    if norm(piece) in vocab.suffixes:
        return True
    words = _words(piece)
    if (piece[:1].islower() and not _portfolio_head(piece, vocab) and not _has_acronym(_outside_parens(piece))
            and not (len(words) > 1 and norm(words[0]) in vocab.lead_articles and words[1][0].isupper())
            # "..., organisation non gouvernementale Transparency International Ukraine"
            and not (len(words) > 2 and _singular_head(words[0], vocab))):
        return True
    if norm(words[0] if words else "") in vocab.continuations:
        return True  # "..., Responsable de las Relaciones con el Parlamento": the body's remit
    return False


def _closes_portfolio(piece: str, vocab: Vocabulary, after_conjunction: bool = False) -> bool:
    """A piece "B and C" that names no body of its own (no conjunct begins with a head word
    and a preposition, no acronym, no closing acronym of its own): the end of
    "Ministry of A, B and C". With `after_conjunction`, the piece is what follows an "and"
    (its first conjunct is the piece's start)."""
    if _TRAILING_ACRONYM.search(piece):
        return False
    bare = _outside_parens(piece)
    conjuncts = vocab.conjunctions.split(bare)
    if after_conjunction:
        return _closes_after_conjunction(bare, conjuncts, vocab)
    return (len(conjuncts) > 1 and not _has_acronym(bare)
            and not _starts_with_head(conjuncts[0], vocab)
            and not _portfolio_head(conjuncts[0], vocab)  # "Affiliated Network for Social ..."
            # "... Ethics and Compliance Institute": an English name ends with its head word
            and not _singular_head((_words(bare) or [""])[-1], vocab)
            and not any(_portfolio_head(c, vocab) for c in conjuncts[1:]))


def _closes_after_conjunction(bare: str, conjuncts: list[str], vocab: Vocabulary) -> bool:
    """`_closes_portfolio` of "A and " + `bare`, for an A that is no head, portfolio or
    acronym: every conjunct of `bare` is one after a conjunction."""
    return (not _has_acronym(bare)
            and not _singular_head((_words(bare) or [""])[-1], vocab)
            and not any(_portfolio_head(c, vocab) for c in conjuncts))


def _words(text: str) -> tuple[str, ...] | list[str]:
    """The words of a text (read only). A piece's text is read word by word by several
    tests in turn (`_continues`, `_has_head`, `_split_before_head`, `_is_sentence`): its
    words are found once, then kept."""
    return _short_words(text) if len(text) <= CACHED_KEY_CHARS else _find_words(text)


@functools.lru_cache(maxsize=PIECE_CACHE_ENTRIES)
def _short_words(text: str) -> tuple[str, ...]:
    # letters and spaces only: each token is one word (a letter begins a word, letters go on
    # with it), found by two C scans and a split where the regex costs ~2,000 instructions a word
    if text.replace(" ", "").isalpha():
        return tuple(text.split())
    return tuple(_find_words(text))


# ASCII characters that are neither a word's nor a space: "(CAJ)", "Justice," and "Inc." are
# one word each once they are stripped
_PUNCTUATION = "()[]{}.,;:!?'\"/&*+<=>|~`$%#@^"


def _find_words(text: str) -> list[str]:
    """_WORD.findall(text), one whitespace token at a time: no word holds a space, so the
    words of the text are those of its tokens, and a token that is letters once stripped of
    punctuation is one word (two C scans), where the regex costs ~300 instructions a
    character. The other tokens ("l'Auditeur", "p9953", "Sekondi-Takoradi") go to the regex."""
    words = []
    for token in text.split():
        core = token.strip(_PUNCTUATION)
        if core.isalpha():
            words.append(core)
        elif core:
            words.extend(_WORD.findall(core))
    return words


def _starts_with_head(text: str, vocab: Vocabulary) -> bool:
    """The text begins a body: a head word first, perhaps after an article or a modifier
    ("La Commission du pétrole", "Federal Ministry of Justice")."""
    return _head_index(text, vocab) is not None


def _head_index(text: str, vocab: Vocabulary) -> int | None:
    """Index (in `_lead_words`) of the head word that begins the text, if one does."""
    return _head_position(_lead_words(text), vocab)


def _lead_words(text: str) -> list[str]:
    """The words of a text after its enumeration mark ("2. Ministry of ..."), if any; of a
    long text, its first words at least: the tests of a name's beginning read five
    (`_head_position` three, `_portfolio_head` two after the head), and a text is often a
    window of _LOOKAHEAD characters. When the words found in the first _LEAD_CHARS
    characters are more than five, the first five are whole (a sixth begins after them)."""
    text = _unnumbered(text.strip())
    if len(text) <= _LEAD_CHARS:
        return _words(text)  # a name's words, most often found already
    words = _find_words(text[:_LEAD_CHARS])  # _WORD.findall(text, 0, _LEAD_CHARS), the faster way
    return words if len(words) > 5 else _words(text)


def _unnumbered(text: str) -> str:
    """The text without the enumeration mark it begins with ("2. ", "iv) "). The mark's "."
    or ")" is among the first five characters: a text without one there needs no regex."""
    head = text[:5]
    return _ENUMERATION.sub("", text) if "." in head or ")" in head else text


_LEAD_CHARS = 60  # holds six words of most names


def _head_position(words: list[str], vocab: Vocabulary) -> int | None:
    """Index of the head word among the first three words, after only articles, prepositions
    or modifiers; one normalisation per word read."""
    for k, w in enumerate(words[:3]):
        key = norm(w)
        if key in vocab.head_forms:
            return k
        if key not in vocab.function_words and key not in vocab.modifiers:
            return None
    return None


def _head_word(text: str, vocab: Vocabulary) -> str:
    """The head word that begins the text ("autres institutions de ..." -> "institutions"), or ""."""
    words = _lead_words(text)
    k = _head_position(words, vocab)
    return "" if k is None else words[k]


def _singular_head(word: str, vocab: Vocabulary) -> bool:
    key = norm(word)  # one normalisation for both tests
    return key in vocab.heads and not key.endswith("s")


def _plural_head(word: str, vocab: Vocabulary) -> bool:
    key = norm(word)  # _is_head inline: one normalisation for both tests
    return key.endswith("s") and key in vocab.head_forms


def _is_head(word: str, vocab: Vocabulary) -> bool:
    """A head word, singular or plural ("Comités", "Unidades", "Consejos")."""
    return norm(word) in vocab.head_forms


def _has_head(text: str, vocab: Vocabulary) -> bool:
    head_forms = vocab.head_forms  # _is_head inline, and a loop: no call or generator per word
    for w in _words(text):
        if norm(w) in head_forms:
            return True
    return False


def _is_acronym(word: str) -> bool:
    """_ACRONYM matches the word. Its second character is never a lower-case letter, which
    most words have: one C test, where the regex costs ~3,000 instructions."""
    return not word[1:2].islower() and _ACRONYM.match(word) is not None


def _has_acronym(text: str) -> bool:
    for w in text.split():  # a loop, not any(): no generator made for each text
        if _is_acronym(w.strip("()")):
            return True
    return False


def _acronym_spans(before: str, piece: str) -> bool:
    """True when the acronym closing `piece` spells the initials of `before` + `piece` but not
    of `piece` alone: "Agencia de Seguridad" + "Energía y Ambiente (ASEA)" is one name."""
    m = _TRAILING_ACRONYM.search(piece)
    if not m:
        return False
    acronym = m.group(1)
    alone = _initials(piece[:m.start()])
    joined = _initials(before.split("(")[0]) + alone
    return not alone.startswith(acronym) and joined.startswith(acronym)


def _initials(text: str) -> str:
    return "".join(w[0] for w in _words(text) if w[0].isupper())


def _split_run(piece: str, vocab: Vocabulary) -> list[str]:
    """Names run together with no separator: split where a new body begins."""
    if piece.isupper() and " " in piece.strip():
        return [piece]  # a name in capitals ("MINISTRY OF FINANCE AND PLANNING"): no acronyms to read
    parts = []  # loops, not a chain of generators: each step is a list already
    # most pieces hold no slash or colon: those two steps are not called for them
    for slash in _split_slash(piece, vocab) if "/" in piece else (piece,):
        for colon in _split_colon(slash, vocab) if ":" in slash else (slash,):
            for chunk in _split_glued(colon, vocab):
                for part in _split_after_acronym(chunk, vocab):
                    parts.extend(_split_before_head(part, vocab))
    names = []
    for part in parts:
        for conjunct in _split_conjunction(part, vocab):
            names.extend(_acronym_run(conjunct))
    return names


def _split_slash(piece: str, vocab: Vocabulary) -> list[str]:
    """"Defensoría de los Habitantes/ Contraloría General": a slash between two bodies that
    each begin with a head word and share no word of their names is two bodies; when they
    share words it gives one body's two names ("Ministerio de Planificación Nacional del
    Desarrollo/ Agencia Nacional de Planificación del Desarrollo") and stays."""
    out, rest = [], piece
    while True:
        left, sep, right = rest.partition("/")
        if (not sep or _open_paren(left)
                or not (_starts_with_head(left[:_LOOKAHEAD], vocab) and _starts_with_head(right[:_LOOKAHEAD], vocab))
                or _name_words(left, vocab) & _name_words(right.partition("/")[0], vocab)):
            return [*out, rest]
        out.append(left)
        rest = right


def _name_words(text: str, vocab: Vocabulary) -> set[str]:
    """The words that make a name its own: not head words, not prepositions or articles."""
    function_words, head_forms = vocab.function_words, vocab.head_forms
    keys = set()  # a loop, one normalisation per word (_is_head inline)
    for w in _words(text):
        key = norm(w)
        if key not in function_words and key not in head_forms:
            keys.add(key)
    return keys


def _split_colon(piece: str, vocab: Vocabulary) -> list[str]:
    """"Comité Directivo Nacional: Autoridad Nacional de ...": a colon before a body that
    begins with a head word separates two bodies; "BIOS : Participación Política" is one."""
    out, rest = [], piece
    while True:
        left, sep, right = rest.partition(":")
        if not (sep and left.strip() and _portfolio_head(right[:_LOOKAHEAD], vocab) and not _open_paren(left)):
            return [*out, rest]
        out.append(left)
        rest = right


def _split_glued(piece: str, vocab: Vocabulary) -> list[str]:
    """"...généralServices ...": a lower-case letter then a capitalised head word, with no
    space, is two names; "CartoCrítica" is one word."""
    out, start = [], 0
    for m in _GLUED.finditer(piece):
        if _starts_with_head(piece[m.start():m.start() + _LOOKAHEAD], vocab) \
                and " " in piece[start:m.start()].strip():
            out.append(piece[start:m.start()])
            start = m.start()
    out.append(piece[start:])
    return out


def _split_before_head(part: str, vocab: Vocabulary) -> list[str]:
    """Inside a run, a new body begins at a capitalised article ("... parents d'élèves Les
    organisations de défense ...") or, in a body that begins with a head word, at a
    capitalised head word followed by a preposition ("Département des politiques de cohésion
    Municipalité de Rome"), when the word before is not a preposition or conjunction. A body
    named in English order ends with its head word: after it, the same holds
    ("PrivatePublishers Association (...) SEP Union nationale de l'Audiovisuel").
    One pass over the words (a run can be a whole page long)."""
    openers = vocab.body_openers
    names = _words(part)  # the words as strings; `words` below gives their places
    # a body begins only at a capitalised article or head word, as below; most runs have none
    for w in names[1:-1]:
        if w[0].isupper() and norm(w) in openers:
            break
    else:
        return [part]
    words = list(_WORD.finditer(part))
    glue, head_forms, articles = vocab.glue, vocab.head_forms, vocab.articles
    opens = _Parens(part)
    tail = _TRAILING_ACRONYM.search(part)
    out, cut, first = [], 0, 0  # the current body begins at `cut`, its first word is words[first]
    heads_too = _starts_with_head(part[:_LOOKAHEAD], vocab)
    initials = ""  # capital initials of the current body's words so far
    key = norm(names[0])
    for i in range(len(words) - 2):  # a word must follow the head
        prev, word = words[i], words[i + 1]
        before, text = names[i], names[i + 1]
        before_key, key = key, norm(text)  # one normalisation a word; _is_head is `in head_forms`
        if before[0].isupper():
            initials += before[0]
        heads_too = heads_too or (before_key in head_forms and not opens.open_between(cut, prev.start()))
        # set lookups first: most capitalised words are neither an article nor a head word,
        # and are passed over before the parentheses and the text between words are read
        if (not text[0].isupper() or before_key in glue or not (key in articles or heads_too and key in head_forms)
                or opens.open_between(cut, word.start()) or part[prev.end():word.start()].strip()):
            continue
        if key in articles or (
                heads_too and key in head_forms
                # after a name: "... SEP Union nationale de"
                and (before[0].islower() or _is_acronym(before)
                     or i > first and _after_adjective(words, i, vocab) and key in vocab.head_first)
                and _portfolio_head(part[word.start():word.start() + _LOOKAHEAD], vocab)
                and not _acronym_reaches_back(initials, text, tail)):
            out.append(part[cut:word.start()])
            cut, first, initials = word.start(), i + 1, ""
            heads_too = _starts_with_head(part[cut:cut + _LOOKAHEAD], vocab)
    out.append(part[cut:])
    return out


_LOOKAHEAD = 200  # characters enough to read the first words of a name


def _positions(text: str, char: str) -> list[int]:
    """Where `char` is in the text, found by str.find: a text holds few parentheses."""
    out, at = [], text.find(char)
    while at >= 0:
        out.append(at)
        at = text.find(char, at + 1)
    return out


class _Parens:
    """Where a text's parentheses are, to answer "is one open in text[a:b]?" without
    counting the characters again for every word (the same test as `_open_paren`)."""

    def __init__(self, text: str):
        self.opens = _positions(text, "(")
        self.closes = _positions(text, ")") if self.opens else []

    def open_between(self, a: int, b: int) -> bool:
        if not self.opens:
            return False
        count = bisect.bisect_left
        return count(self.opens, b) - count(self.opens, a) > count(self.closes, b) - count(self.closes, a)


def _after_adjective(words: list[re.Match], i: int, vocab: Vocabulary) -> bool:
    """words[i] is a capitalised word after a noun, as adjectives follow nouns in head-first
    languages: "... de Gobierno Local | Programa de las Naciones Unidas" begins a body there,
    "... de Buen Gobierno de USAID" (adjective first) and "Ministerio Secretaría General" (a
    head word before) do not. English names ("Budget Office of ...") are not read so."""
    prev = words[i].group(0)
    before = words[i - 1].group(0) if i else ""
    return (bool(before) and not _is_head(prev, vocab) and norm(before) not in vocab.function_words
            and norm(before) not in vocab.conjunction_words)


def _acronym_reaches_back(left_initials: str, head: str, tail: re.Match | None) -> bool:
    """The acronym closing the run cannot spell the body that `head` begins (it does not
    begin with its initial) but begins with an initial of the body before: one body,
    translated word by word ("Oficina Anticorrupción transparencia Unidad del Consejo (ACTU)")."""
    if tail is None:
        return False
    acronym = tail.group(1)
    return head[0] != acronym[0] and acronym[0] in left_initials


def _split_after_acronym(chunk: str, vocab: Vocabulary) -> list[str]:
    """"Coalition ... (CRTI) Centre for ..." -> two bodies: a closing acronym ends a name
    when a capitalised word follows; a standalone body ends the run before it too."""
    out, start = [], 0
    for m in _CLOSING_PARENTHESIS_BEFORE_NAME.finditer(chunk) if "(" in chunk else ():
        rest = chunk[m.end():]
        if _short_name(m.group(1).strip()) or _starts_with_head(rest, vocab):
            out.append(chunk[start:m.end()])
            start = m.end()
    out.append(chunk[start:])
    if vocab.standalone is not None and any(map(vocab.standalone_screen.may_match, out)):
        split = []
        for part in out:
            pos = 0
            for m in vocab.standalone.finditer(part):
                before = part[pos:m.start()].strip()
                # "Órganos políticos locales Sociedad civil": a standalone body ending a run
                # after a name of two words or more ("Private Media Outlets" is one name)
                if before and len(_words(before)) >= 2 and not part[m.end():].strip() \
                        and part[m.start() - 1] == " " and m.group(0)[0].isupper() \
                        and norm(_words(before)[-1]) not in vocab.function_words:
                    split.append(part[pos:m.start()])
                    pos = m.start()
            split.append(part[pos:])
        out = split
    return list(filter(str.strip, out))  # the parts with a character that is not a space


def _short_name(text: str) -> bool:
    """An acronym as pages print them in parentheses: "CHRI", "DPCoe", "SP-MABG"."""
    return " " not in text and len(text) <= 12 and sum(c.isupper() for c in text) >= 2


def _split_conjunction(text: str, vocab: Vocabulary) -> list[str]:
    """"A and B" is two bodies when B begins a body: a head word ("... y Departamento de
    Presupuesto"), or a closing acronym that spells B alone ("... and Commonwealth Human
    Rights Initiative (CHRI)"). "Ministerio de Hacienda y Función Pública" stays one.
    One pass; each test reads a window of words, as a run can be a whole page long."""
    if not _may_hold_conjunction(text, vocab):
        return [text.strip()]
    out, seg = [], 0
    opens = spells = None  # read at the first conjunction: most runs have none
    for m in vocab.conjunctions.finditer(text):
        if opens is None:
            opens, spells = _Parens(text), _acronym_spelling(text)
        left_start = text[seg:min(m.start(), seg + _LOOKAHEAD)]
        left_end = text[max(seg, m.start() - _LOOKAHEAD):m.start()].rstrip()
        right = text[m.end():m.end() + _LOOKAHEAD].strip()
        if not left_end.strip() or not right or opens.open_between(seg, m.start()):
            continue
        if _begins_after_conjunction(left_start, left_end, right, vocab) and _complete(left_start, vocab) \
                or spells(m.end()):
            out.append(text[seg:m.start()].strip())
            seg = m.end()
    out.append(text[seg:].strip())
    return out


def _may_hold_conjunction(text: str, vocab: Vocabulary) -> bool:
    """False when `vocab.conjunctions` cannot match the text, told from its kept words
    (`_words`) where the case-blind pattern costs ~200 instructions a character: the pattern
    puts spaces around a conjunction, so a word conjunction it matches is one of the text's
    words, in some mix of cases (a set lookup each), and a conjunction without a letter is
    in the text as it is."""
    screen = vocab.conjunction_screen
    if screen is None:
        return True
    words, symbols = screen
    for symbol in symbols:
        if symbol in text:
            return True
    return not words.isdisjoint(_words(text))


def _begins_after_conjunction(left_start: str, left_end: str, right: str, vocab: Vocabulary) -> bool:
    """Does a new body begin after the conjunction? `left_start`/`left_end` are the first and
    last words of the text before it, `right` the first words after it."""
    first = right.split(maxsplit=1)[0]  # windows of _LOOKAHEAD characters: one word is read
    last = (left_end.rsplit(maxsplit=1) or [""])[-1]
    begins = _is_acronym(first) or (
        (first[0].isupper() or _is_head(first, vocab)) and _portfolio_head(right, vocab)
        and not (_plural_head(first, vocab) and norm(last).endswith("s")
                 and first[0].isupper() == last[:1].isupper())) or (
        _plural_head(first, vocab) and _plural_head(_head_word(left_start, vocab), vocab))
    # a plural head after "and" begins a body beside another plural one ("Agences ... et
    # unités ...") or after a singular name ("NFIU y Comités de la Asamblea ..."), but
    # "Bienes y Servicios del Gobierno" coordinates two plurals inside one name
    if (left_end.endswith(")") or _ELIDED_ARTICLE.match(right)) and _starts_with_head(right, vocab):
        begins = True  # "... (SEFIPLAN) y la Consejería Jurídica", "... rural et l'Auditeur général"
    return begins


def _acronym_spelling(text: str):
    """A test `spells(pos)`: the acronym closing `text` spells the initials of text[pos:]
    ("... and Commonwealth Human Rights Initiative (CHRI)")."""
    m = _TRAILING_ACRONYM.search(text)
    if not m:
        return lambda pos: False
    acronym = m.group(1).replace("-", "")
    capitals = [(w.start(), w.group(0)[0]) for w in _WORD.finditer(text, 0, m.start()) if w.group(0)[0].isupper()]
    starts = [start for start, _ in capitals]

    def spells(pos: int) -> bool:
        k = bisect.bisect_left(starts, pos)
        return len(capitals) - k == len(acronym) and "".join(c for _, c in capitals[k:]).upper() == acronym
    return spells


def _open_paren(text: str) -> bool:
    return text.count("(") > text.count(")")


def _complete(left: str, vocab: Vocabulary) -> bool:
    """A name that can stand alone: it begins with a head word or a capital, or is an acronym."""
    first = _WORD.search(left)  # its first word: the words after it are not read
    return first is not None and (first.group()[0].isupper() or _starts_with_head(left, vocab))


def _acronym_run(text: str) -> list[str]:
    """"ISODEC IEA IDEG": a run of acronyms is one body per acronym; so are two or more
    acronyms after a name ("Banca d'Italia UIF CONSIP"), while one acronym after a name is
    part of it ("Osservatorio Civico PNRR"). A bare mixed-case acronym after a name of two
    capitalised words or more begins a body ("Paulina Lawsin Nayra PhilDHRRA"): inside a
    name pages print such acronyms in parentheses ("Right to Information Cooperators (RtIC)")."""
    if not _MAY_BE_ACRONYM.search(text):
        return [text]
    words = text.split()
    if len(words) >= 3 and all(map(_is_acronym, words)):
        return words
    segments, current, name_so_far = [], [], True  # name_so_far: capitalised, no acronym
    for word in words:
        if len(current) >= 2 and name_so_far and _MIXED_ACRONYM.match(word):
            segments.append(current)
            current = []
        current.append(word)
        name_so_far = (len(current) == 1 or name_so_far) and word[:1].isupper() and not _is_acronym(word)
    tail = 0
    while tail < len(current) and _is_acronym(current[-1 - tail]):
        tail += 1
    if 2 <= tail < len(current):
        segments.extend([current[:-tail], *([w] for w in current[-tail:])])
    else:
        segments.append(current)
    return [text] if len(segments) == 1 else [" ".join(seg) for seg in segments]


_SENTENCE_CHARS = 13 + 12  # thirteen words of one letter and the twelve spaces between them


def _is_sentence(name: str, vocab: Vocabulary) -> bool:
    """A sentence about kinds of actors, not a name: long, and no head word begins it."""
    if len(name) < _SENTENCE_CHARS:
        return False
    words = _words(name)
    if len(words) <= 12 or _starts_with_head(name, vocab) or _has_acronym(name):
        return False
    content = [w for w in words if norm(w) not in vocab.function_words]
    return sum(w[0].isupper() for w in content) * 2 < len(content)
