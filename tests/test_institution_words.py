"""The fast word and acronym tests of institutions.py give what the regexes they stand for give."""
import random

from ogpparse import institutions as inst

SAMPLES = [
    "", "   ", "Comisión de Justicia Administrativa (CAJ) (p9952)", "l'Auditeur général", "d’élèves",
    "Sekondi-Takoradi 2nd -abc 12-ab _x a_b", "Inc., S.A. de C.V.", "ARTÍCULO 19 África", "x²y ½ Ⅳ",
    "«Ministère» [ONU] {BID} \"UE\" a/b & c", "Ministry\nof\tFinance", "×A ÷b a×b", "PhilDHRRA BudgIT",
    "--- ((( ))) ...", "A1 A& A-B A/B AB\n", "İstanbul ſ ı",
]
ALPHABET = "aZé É(),.;:'’-_/&0 9\n×÷²ß"


def _random_texts(n=2000, seed=7):
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))) for _ in range(n)]


def test_find_words_is_the_word_pattern():
    for text in SAMPLES + _random_texts():
        assert inst._find_words(text) == inst._WORD.findall(text), text
        assert list(inst._short_words(text)) == inst._WORD.findall(text), text


def test_is_acronym_is_the_acronym_pattern():
    for text in SAMPLES + _random_texts():
        for word in [text, *text.split(), *(w.strip("()") for w in text.split())]:
            assert inst._is_acronym(word) == bool(inst._ACRONYM.match(word)), word
