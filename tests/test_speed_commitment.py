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


def test_two_years_screen_passes_every_date_range():
    """_dates asks TWO_YEARS before parse_date_range: every text it reads a range from has
    two runs of four digits."""
    from ogpparse.normalize import TWO_YEARS
    from ogpparse.lexicon import all_months
    from ogpparse.normalize import parse_date_range

    lexicons = tuple(load_all().values())
    months = all_months(lexicons)
    names = sorted(months)
    separators = sorted({w for lex in lexicons for w in lex.words("range_separators")})
    rng = random.Random(7)
    pieces = ["2016", "2018", "16", "1", "31", "12/2017", "01/02/2019", "2020-05", "2021-06-30",
              "٢٠١٩", "1er", "°", ",", ".", "(", ")", ":", "de", "x", "", ""]

    def side() -> str:
        year = rng.choice(["2016", "1899", "2018", "٢٠١٩", "20190", "18"])
        forms = [year, f"{rng.choice(names)} {year}", f"{rng.randint(1, 32)} {rng.choice(names)} {year}",
                 f"{rng.choice(names)} {rng.randint(1, 31)}, {year}", f"{rng.randint(1, 13)}/{year}",
                 f"{rng.randint(1, 31)}/{rng.randint(1, 13)}/{year}", f"{year}-{rng.randint(1, 13)}"]
        noise = [rng.choice(pieces + names) for _ in range(rng.choice([0, 0, 0, 1, 2]))]
        return " ".join([*noise, rng.choice(forms)] if rng.random() < 0.5 else [rng.choice(forms), *noise])
    read = 0
    for _ in range(20000):
        sep = rng.choice([" - ", "-", " – ", "~", " ~ ", *(f" {w} " for w in separators)])
        text = side() + sep + side()
        if parse_date_range(text, months, frozenset(), separators):
            read += 1
            assert TWO_YEARS.search(text), text
    assert read > 2000  # the texts hold ranges often enough for the test to mean something


def test_section_heading_reads_the_key_of_the_stripped_text():
    from ogpparse.blocks import Line
    from ogpparse.extract.base import description_headings, longest
    from ogpparse.extract.commitment import _section_heading
    from ogpparse.lexicon import norm
    from ogpparse.pipeline import lexicons_for

    sections = description_headings(lexicons_for(()))
    limit = longest(sections)
    heading = next(iter(sorted(sections)))  # a key is a heading's text too (letters and digits only)
    texts = [heading, f"  {heading.upper()} ", f"{heading}:", f"{heading} and more", heading + " x" * 200,
             "Why does it matter?", "Status Quo: pobre", "", "   ", "é" * 40, f"\u00a0{heading}\u2028"]
    for text in texts:
        for bullet in (False, "•"):
            line = Line(text, bullet)
            stripped = text.strip()
            expected = (not bullet and bool(stripped) and len(stripped) <= 300
                        and (norm(stripped) in sections or stripped.endswith(("?", "?:", "？"))))
            assert _section_heading(line, sections, limit) == expected, (text, bullet)
    assert _section_heading(Line(f"  {heading.upper()} "), sections, limit)


def test_match_end_is_where_the_label_pattern_ends():
    from ogpparse.extract.inline_fields import _labels
    from ogpparse.pipeline import _extractor, lexicons_for

    lexicons = lexicons_for(())
    rng = random.Random(11)
    for fields in (_extractor("commitment").FIELDS, frozenset({"date_range"})):
        for groups in (True, False):
            pattern = _labels(lexicons, fields, groups)
            assert pattern._plain_keys, "the fast path is taken"
            pieces = [*rng.sample(pattern.phrases, min(40, len(pattern.phrases))), "x", "ano", " ", "  ", "\t", ":", ": ", ";", ". ", "é", "K",
                      "\u212a", "ſ", "_", "1"]
            for _ in range(3000):
                text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
                text = "".join(c.upper() if rng.random() < 0.2 else c for c in text)
                for pos in range(len(text) + 1):
                    m = pattern.start.match(text, pos)
                    assert pattern.match_end(text, pos) == (m.end() if m else None), (text, pos)


def test_first_question_line_as_every_line_asked():
    from ogpparse.blocks import Line
    from ogpparse.extract import questionnaire
    from ogpparse.extract.base import Doc
    from ogpparse.pipeline import lexicons_for

    lexicons = lexicons_for(())
    starts = ["Section 1.", "SECTION 2", "Sección 3", "Seccion 4:", "Section", "Sections 5", " Section 6",
              "(Section 7)", "«Section 8»", "ſection 9", "Ⓢection 10", "1.1 What was the level of progress?",
              "2. A short item.", "Some text", "Sólo texto", "section one", "", "_Section 11"]
    rng = random.Random(5)
    for lex in lexicons:
        for _ in range(300):
            texts = rng.sample(starts, 4) + ["Plain words here"] * rng.randint(0, 2)
            rng.shuffle(texts)
            doc = Doc([Line(t) for t in texts], lex, lexicons, fields=questionnaire.FIELDS)
            expected = next((i for i in range(len(texts)) if questionnaire.is_section_heading(doc, i)
                             or questionnaire.question_at(doc, i)), len(texts))
            assert questionnaire.first_question_line(doc) == expected, (lex.code, texts)
