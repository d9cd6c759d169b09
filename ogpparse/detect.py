"""Stage 3: which language is the page's interface in, and what kind of page is it.

Language: a vote of the lexicon labels and interface strings found on the page (fast and
deterministic); langdetect, seeded, only when no label of any lexicon matches. The vote
reads labels, not content, so a French page full of Spanish institution names stays French.
"""
from __future__ import annotations

import functools
import itertools
import operator
import re
from collections import Counter

from .blocks import Line, label_keys_of
from .line_search import first_match
from .lexicon import Lexicon, _label_keys, label_colon, label_keys, norm  # noqa: F401 - label_colon: for importers

ID_SHAPE = re.compile(r"^[A-Z]{2}[A-Z]{0,3}\d{4}(\.\d+)?$")
_TITLE_ID = re.compile(r"\(\s*([A-Za-z]{2}[A-Za-z]{0,3}\d{4}(?:\.\d+)?)\s*\)\s*$")
_VOTE_LINES = 400
_SURE = 3  # field labels enough to decide the language without reading the text


@functools.lru_cache(maxsize=8)
def _vote_index(lexicons: tuple[Lexicon, ...]) -> tuple[dict, dict, frozenset]:
    """(field labels, interface strings): norm(text) -> languages that use it; and the keys
    of both, which most lines' keys are not."""
    labels: dict[str, set[str]] = {}
    chrome: dict[str, set[str]] = {}
    for lex in lexicons:
        for key in lex.labels:
            labels.setdefault(key, set()).add(lex.code)
        for s in lex.chrome("interface"):
            if norm(s):
                chrome.setdefault(norm(s), set()).add(lex.code)
    freeze = lambda d: {k: frozenset(v) for k, v in d.items()}  # noqa: E731
    return freeze(labels), freeze(chrome), frozenset(labels) | frozenset(chrome)


# The label keys live beside norm() (lexicon.py), where a Line computes its own once; these
# names (and label_colon) stay for the callers and tests that ask detect for them.
label_candidates = label_keys
_label_candidates = _label_keys


def vote_language(lines: list[Line], lexicons: tuple[Lexicon, ...]) -> tuple[Counter, Counter]:
    """(field-label votes, interface-string votes) per language. A string shared by every
    language ("Description") says nothing; one shared by two gives each half a vote."""
    votes: Counter = Counter()
    ui: Counter = Counter()
    counters = (votes, ui)
    for which, langs in _votes(lines, lexicons):
        counter = counters[which]
        share = 1 / len(langs)
        for lang in langs:
            counter[lang] = counter.get(lang, 0) + share  # not Counter.__missing__
    return votes, ui


_VOTE_CHUNK = 50  # lines whose keys are read at a time: labels_reach may stop after the first


def _votes(lines: list[Line], lexicons: tuple[Lexicon, ...]):
    """Each vote of vote_language, in line order: (0 for a field label or 1 for an interface
    string, the languages that share it), for the first _VOTE_LINES lines."""
    labels, chrome, known = _vote_index(lexicons)
    indexes = ((0, labels), (1, chrome))
    languages = len(lexicons)
    head = lines[:_VOTE_LINES]
    for start in range(0, len(head), _VOTE_CHUNK):
        for keys in label_keys_of(head[start:start + _VOTE_CHUNK]):
            whole = keys[0]
            before_colon = keys[1] if len(keys) > 1 else None  # None: in no index
            if whole not in known and before_colon not in known:
                continue  # neither a label nor an interface string: no vote
            for which, index in indexes:
                # the first key the index knows (its values are never empty)
                langs = index.get(whole) or index.get(before_colon)
                if langs and len(langs) < languages:
                    yield which, langs
                    break


def _best(votes: Counter, lexicons: tuple[Lexicon, ...]) -> str:
    # Ties go to the order of the lexicons, which is stable (sorted file names).
    order = {lex.code: i for i, lex in enumerate(lexicons)}
    return max(votes.items(), key=lambda kv: (kv[1], -order.get(kv[0], 99)))[0]


def detect_language(lines: list[Line], lexicons: tuple[Lexicon, ...]) -> tuple[str | None, float]:
    """Return (language code or None, the number of site labels and interface strings found).

    Field labels decide. A page without any (news, guides) is given to langdetect; its
    interface strings ("Skip Navigation") decide only when langdetect cannot, because a dump
    may keep an untranslated menu above a translated text."""
    language, strength = page_language(lines, lexicons)
    return language, label_strength(lines, lexicons) if strength is None else strength


def page_language(lines: list[Line], lexicons: tuple[Lexicon, ...]) -> tuple[str | None, float | None]:
    """detect_language, but without the vote on a page whose "Skip Navigation" line decides
    (most pages): the strength is then None, for label_strength to count if it is asked."""
    skip = _interface_language(lines, lexicons)
    if skip:
        return skip, None
    return _voted_language(lines, lexicons)


def label_strength(lines: list[Line], lexicons: tuple[Lexicon, ...]) -> float:
    """The number of site labels and interface strings found (the votes of vote_language)."""
    votes, ui = vote_language(lines, lexicons)
    return sum(votes.values()) + sum(ui.values())


def labels_reach(lines: list[Line], lexicons: tuple[Lexicon, ...], needed: int) -> bool:
    """label_strength(lines, lexicons) >= needed, reading the lines only until it is (a page
    without its language's lexicon is asked for two, which most reach in their first lines).
    Each vote's shares add up to one, and exactly so in floating point when each vote is
    shared by a power of two languages (1, 1/2, 1/4: sums without rounding): the strength is
    then the number of votes. Another share is rounded; label_strength then counts."""
    found = 0
    for _, langs in _votes(lines, lexicons):
        if len(langs) & (len(langs) - 1):  # not a power of two: a rounded share
            return label_strength(lines, lexicons) >= needed
        found += 1
        if found >= needed:
            return True
    return found >= needed


def _voted_language(lines: list[Line], lexicons: tuple[Lexicon, ...]) -> tuple[str | None, float]:
    """detect_language of a page without a "Skip Navigation" line."""
    votes, ui = vote_language(lines, lexicons)
    strength = sum(votes.values()) + sum(ui.values())
    known = {lex.code for lex in lexicons}
    if sum(votes.values()) >= _SURE:
        return _best(votes + ui, lexicons), strength
    text = "\n".join(line.text for line in lines)[:6000]
    code = stopword_language(text, lexicons) or langdetect_code(text)
    if votes:
        # A label or two ("Status") may be shared with a language that has no lexicon: the
        # text decides then. Otherwise the labels do (a Spanish page may quote English text).
        return (code if code and code not in known else _best(votes + ui, lexicons)), strength
    if code in known or not ui:
        return code, strength
    return _best(ui, lexicons), strength


def _interface_language(lines: list[Line], lexicons: tuple[Lexicon, ...]) -> str | None:
    """The language of the site's "Skip Navigation" line, when a dump starts with it: the
    interface's language is the page's, even above a body in another language."""
    codes = _skip_navigation_codes(lexicons)
    for line in lines[:3]:
        code = codes.get(line.key)
        if code is not None:
            return code
    return None


@functools.lru_cache(maxsize=8)
def _skip_navigation_codes(lexicons: tuple[Lexicon, ...]) -> dict[str, str]:
    """norm("Skip Navigation") of each lexicon -> the code of the first lexicon (in order)
    that lists it: one look-up a line gives the lexicon the loop over lexicons found."""
    codes: dict[str, str] = {}
    for lex in lexicons:
        for key in lex.norm_sets.get("skip_navigation", ()):
            codes.setdefault(key, lex.code)
    return codes


_WORD = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=8)
def _stopwords(lexicons: tuple[Lexicon, ...]) -> dict[str, str]:
    """word -> language, for words that only one lexicon lists."""
    seen: dict[str, set[str]] = {}
    for lex in lexicons:
        for w in lex.words("stopwords"):
            seen.setdefault(w.casefold(), set()).add(lex.code)
    return {w: next(iter(langs)) for w, langs in seen.items() if len(langs) == 1}


def stopword_language(text: str, lexicons: tuple[Lexicon, ...], sample: int = 4000) -> str | None:
    """The language whose frequent words dominate the text (at least 8 of them, and twice as
    many as the next language), or None when the vote is not clear."""
    table = _stopwords(lexicons)
    # C-level calls, not a generator step a word: each word's language, None ones dropped
    counts = Counter(filter(None, map(table.get, _WORD.findall(text[:sample].casefold()))))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 8:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


def langdetect_code(text: str) -> str | None:
    """langdetect's answer (langid.py: its algorithm, faster), seeded so the same text always
    gives the same answer, and quiet on failure."""
    if len(text.strip()) < 20:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    from .langid import FastDetector

    detector = FastDetector(load_langdetect(), seed=0)
    detector.append(text)
    try:
        return detector.language()
    except LangDetectException:
        return None


_profiles = None  # langid.Profiles, loaded once per process


def load_langdetect():
    """langdetect's language profiles (~0.06 s), loaded once per process; the workers of a
    pool inherit them. An interrupt while they load leaves nothing half-loaded: they are
    kept only once complete."""
    global _profiles
    if _profiles is None:
        from .langid import Profiles

        _profiles = Profiles()
    return _profiles


def title_commitment_id(text: str) -> str | None:
    m = _TITLE_ID.search(text)
    if m and ID_SHAPE.match(m.group(1).upper()):
        return m.group(1).upper()
    return None


def detect_page_type(lines: list[Line], lex: Lexicon | None, others: tuple[Lexicon, ...],
                     title: str | None) -> str:
    """One of the page types; "unknown" when no rule holds."""
    if _head_has_commitment_id(lines[:8]):
        return "commitment"
    labelled = _head_fields(lines, lex) if lex is not None else frozenset()
    if "commitment_id" in labelled:
        return "commitment"
    if title:
        kind = _title_kind(lex, others, title)
        if kind:
            return kind
    if lex is not None:
        if "member_since" in labelled or _mentions(lines[:20], lex.patterns.get("member_since", ())):
            return "member"
        if "submitted_year" in labelled or "plan_end" in labelled:
            return "action_plan"
    return "unknown"


def _head_has_commitment_id(head: list[Line]) -> bool:
    """Whether a line of the head ends with an ID in parentheses (title_commitment_id)."""
    for line in head:
        text = line.text
        # _TITLE_ID ends with a literal ")": a line without one is not searched (a plain
        # loop, not any() of a generator: 8 lines a page).
        if ")" in text and title_commitment_id(text):
            return True
    return False


_TITLE_KINDS = ("commitment_report", "irm_report", "action_plan")  # the order they are tried in


def prepare(lexicons: tuple[Lexicon, ...]) -> None:
    """Build the title patterns of each page language (what the first page of each
    language would build): see pipeline.prepare."""
    for lex in lexicons:
        _all_title_patterns(lex, lexicons)


def _title_kind(lex: Lexicon | None, others: tuple[Lexicon, ...], title: str) -> str | None:
    """The first page type (in _TITLE_KINDS order) one of whose title patterns the title
    matches. The patterns of all kinds are one list in that order, so the first pattern
    that matches is one of that kind's: first_match screens them all with one lower-cased
    copy of the title, where any_search per kind made one per kind."""
    patterns, kinds = _all_title_patterns(lex, others)
    found = first_match(patterns, [title[:_TITLE_REACH]])
    return kinds[found[0]] if found else None


# The characters of a title its kind is read from: far more than a title holds (191 at most
# in the fixtures), and a bound on the search. A page dumped as one line has that line as
# its "title", and a pattern of the form "a report's name ... a year" (.*\d{4}) read the
# rest of the line again from each name in it: 160 KB of them, 2.9 s; 400 KB, 20 s.
_TITLE_REACH = 1000


@functools.lru_cache(maxsize=8)
def _all_title_patterns(lex: Lexicon | None, others: tuple[Lexicon, ...]) -> tuple[tuple, tuple[str, ...]]:
    """(every title pattern of _title_patterns in order, the page type of each)."""
    pairs = [(p, kind) for kind, patterns in _title_patterns(lex, others) for p in patterns]
    return tuple(p for p, _ in pairs), tuple(kind for _, kind in pairs)


@functools.lru_cache(maxsize=8)
def _title_patterns(lex: Lexicon | None, others: tuple[Lexicon, ...]) -> tuple[tuple[str, tuple], ...]:
    """(page type, its title patterns: the page language's, then the other lexicons') in the
    order detect_page_type tries them, for searches without a Lexicon.match call each."""
    ordered = ((lex,) if lex else ()) + tuple(o for o in others if o is not lex)
    return tuple((kind, tuple(p for o in ordered for p in o.patterns.get("page_type:" + kind, ())))
                 for kind in _TITLE_KINDS)


def _mentions(lines: list[Line], patterns) -> bool:
    """Whether one of the patterns is found in one of the lines."""
    # Plain loops, not any() of a generator: the same searches in the same order, without
    # a generator step per (line, pattern).
    for line in lines:
        text = line.text
        for pattern in patterns:
            if pattern.search(text):
                return True
    return False


_HEAD_FIELDS = frozenset({"commitment_id", "member_since", "submitted_year", "plan_end"})  # those it asks of
_LABEL_KEYS = operator.attrgetter("label_keys")  # a line's whole key, and its key before a colon


def _head_fields(lines: list[Line], lex: Lexicon) -> set[str]:
    """The fields of _HEAD_FIELDS (and any other a label of theirs names) whose label is on
    one of the first 120 lines: one pass answers every "is there a label of X" question of
    detect_page_type."""
    # The lines' keys are matched against the few labels of those fields by C-level calls
    # (map, chain, frozenset.intersection), not two dict look-ups a line in Python.
    keys = _head_labels(lex).intersection(itertools.chain.from_iterable(map(_LABEL_KEYS, lines[:120])))
    found: set[str] = set()
    for key in keys:
        found.update(lex.labels[key])
    return found


@functools.lru_cache(maxsize=8)
def _head_labels(lex: Lexicon) -> frozenset[str]:
    """The label keys of the lexicon that name a field of _HEAD_FIELDS."""
    return frozenset(key for key, fields in lex.labels.items() if not _HEAD_FIELDS.isdisjoint(fields))
