"""The shortcuts institutions.py takes for speed answer as the slow way would."""
import random
import re

import pytest

from ogpparse.institutions import _Screen, vocabulary
from ogpparse.lexicon import load_all


@pytest.fixture(scope="module")
def vocab():
    return vocabulary(tuple(load_all().values()))


def _phrases(vocab_lexicons, key):
    return [w for lex in vocab_lexicons for w in lex.data.get("institutions", {}).get(key, [])]


def _variants(phrase: str, rnd: random.Random) -> str:
    """The phrase as a page may print it: any case, any dash, spaces doubled or dropped,
    letters IGNORECASE also matches, a colon or a numbered list after it, text around it."""
    out = []
    for ch in phrase:
        if ch == "-":
            ch = rnd.choice(["-", "–", "—", " - ", ":"])
        elif ch == " ":
            ch = rnd.choice([" ", "  ", "\n", "\xa0"])
        elif ch.isalpha():
            ch = rnd.choice([ch.lower(), ch.upper(), ch])
            ch = {"i": rnd.choice("iıİ"), "s": rnd.choice("sſ"), "k": rnd.choice("kK")}.get(ch.lower(), ch) \
                if rnd.random() < 0.1 else ch
        out.append(ch)
    text = "".join(out).rstrip(":")
    end = rnd.choice([":", " :", " 1. Foo", "", ", ", " bar"])
    return rnd.choice(["", "; ", "• ", "Ministry of X, "]) + text + end


@pytest.mark.parametrize("kind", ["labels", "joiners", "standalone"])
def test_screen_never_hides_a_match(vocab, kind):
    lexicons = tuple(load_all().values())
    pattern, screen = {"labels": (vocab.labels, vocab.label_screen),
                       "joiners": (vocab.joiners, vocab.joiner_screen),
                       "standalone": (vocab.standalone, vocab.standalone_screen)}[kind]
    if kind == "labels":
        phrases = [p for lex in lexicons for ps in lex.data["institutions"].get("groups", {}).values() for p in ps]
        phrases += [f"{w} des projets:" for w in _phrases(lexicons, "role_words")]
    else:
        phrases = _phrases(lexicons, kind)
    rnd = random.Random(16)
    matched = 0
    for _ in range(20):
        for phrase in phrases:
            text = _variants(phrase, rnd)
            if pattern.search(text):
                matched += 1
                assert screen.may_match(text), (phrase, text)
    assert matched > len(phrases) * 5  # the variants do match, most of the time


def test_screen_passes_over_plain_lists(vocab):
    assert not vocab.label_screen.may_match("Ministry of Finance, Office of the Auditor General (OAG)")
    assert vocab.label_screen.may_match("Ministry of Finance Civil society: Transparency International")


def test_screen_without_ascii_letters_is_open():
    assert _Screen(["ÉÉ"]).may_match("anything")
    assert not _Screen(["Média"]).may_match("anything")


def test_screen_reads_the_letters_that_match_ascii_ones():
    # IGNORECASE matches "k" to the Kelvin sign and "i" to "İ", which the screen's lowering
    # makes a "?": such a text is not screened
    for phrase, text in [("Kenya Office", "\u212aenya Office"), ("Civil society:", "C\u0130vil society:"),
                         ("Média", "La m\u00e9dia")]:
        assert re.search(phrase, text, re.I)
        assert _Screen([phrase]).may_match(text), text
