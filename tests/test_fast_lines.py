"""text_lines and the label keys give what the plain code gives, on random pages."""
import random

from ogpparse.blocks import Line, text_lines


def _plain_text_lines(page):
    # each line of the page, its whitespace collapsed, its bullet split off
    out = []
    for raw in page.splitlines():
        s = " ".join(raw.split())
        if not s:
            continue
        bullet = False
        if s[0] in "•▪◦●·*▸►" and (len(s) == 1 or s[1] == " "):
            s, bullet = s[1:].strip(), s[0]
        elif s.startswith(("- ", "– ")):
            s, bullet = s[2:].strip(), s[0]
        if s:
            out.append(Line(s, bullet, False, raw[:1] in " \t"))
    return out


def test_text_lines_as_the_plain_split_and_join():
    pieces = ["a", "Bé", "’", ":", " ", " ", "  ", "\n", "\n", "\n ", "\t", "\u2003", "\r", "\u2028",
              "•", "- ", "– ", "-", "\x07", "\u200b"]
    rnd = random.Random(11)
    for _ in range(20000):
        page = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        if "\u200b" in page:  # zero-width characters are taken out first
            continue
        assert text_lines(page) == _plain_text_lines(page), repr(page)


def test_text_lines_indented_and_spaced_lines():
    lines = text_lines("  Indented  twice \nplain\n\tTabbed\u2003line\n   \n -  dash item\n")
    assert [(l.text, l.bullet, l.indented) for l in lines] == [
        ("Indented twice", False, True), ("plain", False, False), ("Tabbed line", False, True),
        ("dash item", "-", True)]


def test_key_as_the_fold_of_the_text():
    from ogpparse.lexicon import _NOT_ALNUM, _fold, norm

    pieces = ["a", "Z", "9", " ", ":", "(", "é", "Ç", "ß", "’", "–", "\x85", "\xa0", "Œ", "ж", "€", "ﬁ", "_"]
    rnd = random.Random(5)
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        assert norm(text) == _fold(text).encode("ascii").translate(None, _NOT_ALNUM).decode("ascii"), repr(text)
    assert norm("Institution (s)") == "institutions" and norm("Straße – Élan") == "strasseelan"
