"""The screen inline_value asks before its label search passes every text the search matches."""
import random

from ogpparse.extract.inline_fields import _labels
from ogpparse.lexicon import load_all


def test_screen_passes_every_matched_text():
    lexicons = tuple(load_all().values())
    pattern = _labels(lexicons, frozenset({"date_range"}), groups=False)
    phrases = pattern.phrases
    rng = random.Random(16)
    odd = ["İ", "ı", "ſ", "K", " ", ";", ".", ":", "x"]
    for _ in range(3000):
        phrase = rng.choice(phrases)
        chars = [c.upper() if rng.random() < 0.3 else c for c in phrase]
        text = "Texte. " + "".join(chars) + rng.choice([":", " :", ": 2016-2018;"]) + rng.choice(odd)
        if pattern.start.search(text):
            assert pattern.screen.may_match(text), text
    for _ in range(3000):
        text = "".join(rng.choice(odd + ["a", "e", "ó"]) for _ in range(rng.randint(0, 30)))
        if pattern.start.search(text):
            assert pattern.screen.may_match(text), text
