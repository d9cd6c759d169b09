"""langdetect's language detection, the same answers bit for bit, at a fraction of its cost.

langdetect (the library, 1.0.9, its last release) spends most of a detection in Python
loops over characters: to copy the text, count its scripts and cut it into n-grams. Here
its own Detector keeps its algorithm, its random draws and its arithmetic (the same floats
in the same order); the copy and the count become regexes, and the n-grams of each word,
which depend on the word alone, are cut once and kept. CPU a detection of a bench page
(6,000 characters) in a new process: the first 16, 4.0 ms against langdetect's 3.6 (each
word's probabilities are made on first use, below); over 100, 2.7 against 3.4; warm, 1.8.

Its profiles are loaded the same way (the same files, in the order os.listdir gives, the
same divisions), but a word's 55 probabilities are built the first time a detection needs
them, not for all 87,598 words up front: loading takes a third of the time (0.18 s
against 0.49 in a new process, imports included) and 31 MiB less memory.

tests/test_language.py compares every probability with langdetect's own.
"""
from __future__ import annotations

import json
import os
import re
from types import SimpleNamespace

import langdetect
from langdetect.detector import Detector
from langdetect.utils.ngram import NGram

_PROFILES = os.path.join(os.path.dirname(langdetect.__file__), "profiles")


class Profiles:
    """What langdetect's DetectorFactory holds after load_profile: the languages in their
    order, and each n-gram's probability in each language (`vector`, made on first use)."""

    def __init__(self, directory: str = _PROFILES):
        self.langlist: list[str] = []
        freqs: list[tuple[int, dict, list]] = []
        for name in os.listdir(directory):  # langdetect's order, not sorted: it fixes the indexes
            path = os.path.join(directory, name)
            if name.startswith(".") or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            if data["name"] in self.langlist:
                raise ValueError(f"two langdetect profiles of {data['name']!r}")
            freqs.append((len(self.langlist), data["freq"], data["n_words"]))
            self.langlist.append(data["name"])
        self._freqs = freqs
        self._size = len(os.listdir(directory))  # langdetect sizes its lists by the files listed
        self.words = frozenset().union(*(freq for _, freq, _ in freqs))
        self._vectors: dict[str, list[float]] = {}

    def vector(self, word: str) -> list[float]:
        """langdetect's word_lang_prob_map[word] (the word is one of `words`)."""
        vec = self._vectors.get(word)
        if vec is None:
            vec = self._vectors[word] = self._build(word)
        return vec

    def _build(self, word: str) -> list[float]:
        vec = [0.0] * self._size
        length = len(word)
        if 1 <= length <= 3:
            for index, freq, n_words in self._freqs:
                count = freq.get(word)
                if count is not None:
                    vec[index] = 1.0 * count / n_words[length - 1]
        return vec


_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # langdetect's 'A' <= ch <= 'z', the six signs between included
# Characters from U+0300 on. langdetect means to leave out Latin Extended Additional, but it
# compares the block's number with its name, which is never equal: none is left out.
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")


class FastDetector(Detector):
    """langdetect's Detector over `Profiles`, its loops done by C-level calls."""

    def __init__(self, profiles: Profiles, seed: int | None = 0):
        # langdetect's own set-up, given the languages and the seed a factory would give
        super().__init__(SimpleNamespace(word_lang_prob_map=None, langlist=profiles.langlist, seed=seed))
        self.profiles = profiles

    def append(self, text: str) -> None:
        text = self.URL_RE.sub(" ", text)
        text = self.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        # langdetect copies the first max_text_length characters but a space after a space
        self.text += _SPACES.sub(" ", text[:self.max_text_length])

    def cleaning_text(self) -> None:
        latin = len(_LATIN.findall(self.text))
        if latin * 2 < len(_NON_LATIN.findall(self.text)):
            self.text = _LATIN.sub("", self.text)

    def _extract_ngrams(self) -> list[str]:
        """langdetect's n-grams of the text, in its order: the n-grams of each word (a run of
        characters between spaces, once normalised), which depend on the word alone."""
        words = self.profiles.words
        tokens = _normalized(self.text).split(" ")
        result: list[str] = []
        extend = result.extend
        for token in tokens[:-1]:
            if token:
                extend(_token_ngrams(token, words, True))
        if tokens[-1]:
            extend(_token_ngrams(tokens[-1], words, False))  # no space after it
        return result

    def _update_lang_prob(self, prob: list[float], word: str, alpha: float) -> bool:
        if word is None or word not in self.profiles.words:
            return False
        vector = self.profiles.vector(word)
        weight = alpha / self.BASE_FREQ
        for i in range(len(prob)):  # langdetect's loop: in Python 3.11 faster than map()
            prob[i] *= weight + vector[i]
        return True


_TOKENS: dict[tuple[str, bool], tuple[str, ...]] = {}  # (word, space after it) -> its n-grams
_TOKENS_KEPT = 50_000  # entries, each of a short word: the cache is emptied when full
_LONG_TOKEN = 24  # longer words are not kept


def _token_ngrams(token: str, words: frozenset, spaced: bool) -> tuple[str, ...]:
    key = (token, spaced)
    found = _TOKENS.get(key)
    if found is None:
        found = _ngrams_of(token, words, spaced)
        if len(token) <= _LONG_TOKEN:
            if len(_TOKENS) >= _TOKENS_KEPT:
                _TOKENS.clear()
            _TOKENS[key] = found
    return found


def _ngrams_of(token: str, words: frozenset, spaced: bool) -> tuple[str, ...]:
    """NGram.add_char over " " + token (+ " " when a space follows it), with langdetect's
    n-gram loop after each character: its 1-, 2- and 3-grams, but none after a character
    that makes two capitals in a row (NGram.capitalword)."""
    out = []
    grams, capital, last = " ", False, " "
    for ch in token:
        grams = (grams + ch)[-3:]
        if ch.isupper():
            capital = capital or last.isupper()
        else:
            capital = False
        last = ch
        if not capital:
            for n in range(1, len(grams) + 1):
                w = grams[-n:]
                if w in words:
                    out.append(w)
    if spaced:  # the space: capitalword is False again, and the window keeps its last two
        grams = grams[-2:] + " "
        for w in (grams[-2:], grams):
            if w in words:
                out.append(w)
    return tuple(out)


_SEEN: set[str] = set()  # the characters NGram.normalize was asked of (a pure function)
_CHANGED: dict[int, str] = {}  # those it changes: a str.translate table


def _normalized(text: str) -> str:
    """NGram.normalize of each character of the text (it maps one character to one)."""
    for ch in set(text).difference(_SEEN):
        _SEEN.add(ch)
        to = NGram.normalize(ch)
        if to != ch:
            _CHANGED[ord(ch)] = to
    return text.translate(_CHANGED)
