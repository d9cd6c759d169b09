"""The screens that spare extractors work: they rule out only what the full test rules out."""
import inspect
import re

from ogpparse import detect
from ogpparse.extract import commitment
from ogpparse.extract.milestones import label_keys, strip_label
from ogpparse.lexicon import norm_words
from ogpparse.pipeline import lexicons_for

TEXTS = [
    "The commitment will result in a change of the rules, practices or policies that govern a policy area.",
    "Le résultat: entraîneront un changement des règles, pratiques ou politiques.",
    "Daráncomo resultado un cambio en las reglas",
    "A text with “quotes” – and dashes but none of the sentences.",
    "Straße, groß: mais ne générera pas de changement contraignant ou institutionnalisé",
    "ЕКОНОМІКА і positive change to a process, practice or policy but will not generate a binding "
    "or institutionalized change",
]


def test_may_print_keeps_every_text_whose_words_hold_a_phrase():
    phrases = commitment._sentence_phrases(lexicons_for(), "potential_impact")
    for text in TEXTS:
        for line in (text, text + "\nanother line"):
            holds = any(phrase in norm_words(part) for part in line.split("\n") for phrase, _ in phrases)
            if holds:
                assert commitment._may_print(phrases, line), line
    assert not commitment._may_print(phrases, TEXTS[3])


def test_strip_label_reads_a_label_run_into_its_value():
    keys = label_keys(("Start Date", "Fecha de inicio"))
    assert strip_label("Start Date07/2023", keys) == "07/2023"
    assert strip_label("Fecha de inicio: 01/2022", keys) == "01/2022"
    assert strip_label("Start of the project", keys) is None
    assert strip_label("Other text", keys) is None


def test_screen_of_non_ascii_texts_keeps_their_matches():
    import re
    from ogpparse.line_search import any_search, first_match
    patterns = (re.compile(r"independent researcher", re.I), re.compile(r"bakery", re.I),
                re.compile(r"chercheur indépendant", re.I))
    for text in ["“Ana”, an Independent Researcher, wrote", "a \u212aey: BA\u212aERY", "ſtill INDEPENDENT reſearcher",
                 "un chercheur indépendant – écrit", "İndependent researcher"]:
        expected = next(((k, p.search(text).group()) for k, p in enumerate(patterns) if p.search(text)), None)
        found = first_match(patterns, [text])
        assert (found and (found[0], found[1].group())) == (expected or None), text
        assert any_search(patterns, text) == (expected is not None)


def test_head_fields_cover_every_field_detect_page_type_asks_of():
    # _head_fields reads only the labels of _HEAD_FIELDS: a field detect_page_type asks
    # about ("X" in labelled) and that set forgot would never be found, and the page typed
    # otherwise without any error.
    asked = set(re.findall(r'"(\w+)" in labelled', inspect.getsource(detect.detect_page_type)))
    assert asked == {"commitment_id", "member_since", "submitted_year", "plan_end"}
    assert asked <= detect._HEAD_FIELDS
