"""The speed tricks of read, blocks, lexicon and clean give what the plain code gave."""
import random

from ogpparse import clean, pipeline
from ogpparse.blocks import Line, text_lines
from ogpparse.lexicon import label_colon
from ogpparse.read import looks_binary


def _plain_label_colon(text):
    colon = text.find(":", 0, 160)
    if colon < 0 or "(" not in text[:colon]:
        return colon
    depth = 0
    for i, ch in enumerate(text[:160]):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ":" and depth == 0:
            return i
    return -1


def test_label_colon_as_the_character_loop():
    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice("():ab ") for _ in range(rnd.randint(0, 200)))
        assert label_colon(text) == _plain_label_colon(text), text


def test_has_more_word_as_the_search():
    lexicons = pipeline.lexicons_for(())
    words, pattern = clean._more_word(lexicons)
    pieces = [*words, " ", "\n", "\u2003", "a", "_", "é", ".", "ore", "1"]
    rnd = random.Random(3)
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        expected = any(w in text for w in words) and pattern.search(text) is not None
        assert clean._has_more_word(text, lexicons) == expected, repr(text)


def _plain_text_lines(page):
    out = []
    for raw in page.split("\n"):
        for piece in raw.splitlines():
            s = " ".join(piece.split())
            if not s:
                continue
            if s[0] in "•▪◦●·*▸►" and (len(s) == 1 or s[1] == " "):
                s, bullet = s[1:].strip(), s[0]
            elif s.startswith(("- ", "– ")):
                s, bullet = s[2:].strip(), s[0]
            else:
                bullet = False
            if s:
                out.append(Line(s, bullet, False, piece[:1] in " \t"))
    return out


def test_text_lines_without_other_spaces_but_not_printable():
    # a control character (not printable, not a space) in a page that is not single-spaced
    page = "A\x01b  c\nx\x02y\n- \x03item\nplain line\n"
    assert text_lines(page) == _plain_text_lines(page)
    page = "A\x01b c\n\tindented\x02  x\n"
    assert text_lines(page) == _plain_text_lines(page)


def test_looks_binary_counts_controls_only_when_present():
    assert not looks_binary(b"plain text\n" * 100)
    assert looks_binary(b"\x00\x01\x02" * 100 + b"text")
    assert not looks_binary(b"\x01" + b"x" * 4000)
    sample = bytes(random.Random(1).randrange(256) for _ in range(5000))
    controls = sum(1 for b in sample[:4096] if b < 9 or 13 < b < 32)
    assert looks_binary(sample) == (controls / 4096 > 0.05)


def test_clean_lines_chrome_keys():
    lexicons = pipeline.lexicons_for(())
    chrome, attachment, prefixes, suffixes = clean._line_chrome(lexicons)
    drop, prefixes2, end, attachment2 = clean._chrome_sets(lexicons)
    assert chrome == drop | end | attachment2 and attachment == attachment2 and prefixes == prefixes2
