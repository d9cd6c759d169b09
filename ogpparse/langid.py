"""langdetect's language detection, the same answers bit for bit, at a fraction of its cost.

langdetect (the library, 1.0.9, its last release) spends most of a detection in Python
loops over characters: to copy the text, count its scripts and cut it into n-grams. Here
its own Detector keeps its algorithm, its random draws and its arithmetic (the same floats
in the same order); the copy and the count become regexes, and the n-grams of each word,
which depend on the word alone, are cut once and kept. CPU a detection of a bench page
(6,000 characters) in a new process: the first 16, 4.0 ms against langdetect's 3.6 (each
word's probabilities are made on first use, below); over 100, 2.7 against 3.4; warm, 1.8.
Its trials then cost most: their updates are made five at a time in one pass over the
languages (with the normalisation before them), and langdetect_code stops the trials once
their answer is decided (`language`):
45.9 M instructions a warm detection of a bench page before, 20.5 M since (cachegrind).

Its profiles are loaded the same way (the same files, in the order os.listdir gives, the
same divisions), but a word's 55 probabilities are built the first time a detection needs
them, not for all 87,598 words up front: loading takes a third of the time (0.18 s
against 0.49 in a new process, imports included) and 31 MiB less memory.

tests/test_language.py compares every probability with langdetect's own.
"""
from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Iterator
from types import SimpleNamespace

import langdetect
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
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

    def vectors(self, words: list[str]) -> list[list[float]]:
        """[self.vector(w) for w in words], without a call for a word whose vector is made."""
        made, vector = self._vectors.get, self.vector
        return [made(w) or vector(w) for w in words]  # a vector is never empty (a list of 55)

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

    def _detect_block(self) -> None:
        """langdetect's _detect_block: the same random draws, and the same float operations
        on each language's probability in the same order (see _trial)."""
        langprob = [0.0] * len(self.langlist)
        for langprob in self._running_sums():
            pass
        self.langprob = langprob

    def language(self) -> str:
        """detect()'s answer, the trials stopped once no trial left can change it: a trial
        adds at most 1/n_trial to a language's sum (its probabilities are normalised, so
        none is above 1), so a lead of more than that times the trials left is final. On a
        bench page the first trials agree, and 4 of the 7 are run. `langprob` is then left
        unset: it would hold the sums of the trials run, not langdetect's."""
        trials = left = self.n_trial
        if self.langprob is None:
            for sums in self._running_sums():
                left -= 1
                if left == 0:
                    self.langprob = sums
                    break
                second, first = sorted(sums)[-2:]
                if first - second > left / trials + 1e-9:  # 1e-9: far above rounding errors
                    return self.langlist[sums.index(first)]
        return self.detect()

    def _running_sums(self) -> Iterator[list[float]]:
        """langdetect's sum of each language's probability / n_trial, after each trial."""
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        trials = self.n_trial
        langprob = [0.0] * len(self.langlist)
        self.random.seed(self.seed)
        for _ in range(trials):
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            prob = self._trial(self._init_probability(), ngrams, alpha / self.BASE_FREQ)
            langprob = [total + p / trials for total, p in zip(langprob, prob)]
            yield langprob

    def _trial(self, prob: list[float], ngrams: list[str], weight: float) -> list[float]:
        """One trial of langdetect's: n-grams drawn at random update the probabilities until
        one language's passes CONV_THRESHOLD, checked after updates 0, 5, 10... up to
        ITERATION_LIMIT (its `i % 5 == 0`). The updates between two of those checks are
        made in one pass over the languages (_updated), where langdetect made a Python loop
        over the 55 languages for each."""
        rng, vectors = self.random, self.profiles.vectors
        # every n-gram of _extract_ngrams has a profile: langdetect's update of a word
        # without one (which changes nothing) never happens here
        prob = _updated(prob, 1.0, weight, vectors(_choices(rng, ngrams, 1)))  # p / 1.0 is p
        i = 0
        while True:
            # _normalize_prob (each probability / their sum) and its maximum: the largest
            # quotient is that of the largest probability (division by a positive number
            # keeps the order, rounded too; none is negative); the division is then made in
            # the next update's pass, in the order langdetect makes it: p / total, then * ...
            total = sum(prob)
            if max(prob) / total > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                return [p / total for p in prob]
            i += 5
            prob = _updated(prob, total, weight, vectors(_choices(rng, ngrams, 5)))


def _choices(rng: random.Random, seq: list, count: int) -> list:
    """[rng.choice(seq) for _ in range(count)]: the same draws, without choice's and
    _randbelow's Python calls for each (random.Random.choice takes seq[_randbelow(len(seq))],
    and _randbelow draws getrandbits(len(seq).bit_length()) until one is below len(seq))."""
    if type(rng)._randbelow is not random.Random._randbelow_with_getrandbits:
        return [rng.choice(seq) for _ in range(count)]  # another generator: its own draws
    n = len(seq)
    bits, getrandbits = n.bit_length(), rng.getrandbits
    out = []
    for _ in range(count):
        r = getrandbits(bits)
        while r >= n:
            r = getrandbits(bits)
        out.append(seq[r])
    return out


def _updated(prob: list[float], total: float, weight: float, vectors: list[list[float]]) -> list[float]:
    """The probabilities divided by `total` (langdetect's _normalize_prob), then updated by
    its _update_lang_prob with each vector in turn: each multiplied by (weight + the
    vector's) for one vector, then the next. Five vectors (the run between two
    normalisations) are applied in the same pass as the division, one comprehension."""
    if len(vectors) == 5:
        a, b, c, d, e = vectors
        return [p / total * (weight + x1) * (weight + x2) * (weight + x3) * (weight + x4) * (weight + x5)
                for p, x1, x2, x3, x4, x5 in zip(prob, a, b, c, d, e)]
    prob = [p / total for p in prob]
    for vector in vectors:
        prob = [p * (weight + x) for p, x in zip(prob, vector)]
    return prob


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
