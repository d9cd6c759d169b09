"""The record models, renderers and helpers after extraction, made cheaper: same results."""
from __future__ import annotations

import pytest

from ogpparse import models


def _fields():
    seen = set()
    for model in [*models.MODELS.values(), models.Institutions, models.Source, models.IrmReview]:
        for name, info in model.model_fields.items():
            if (model, name) not in seen:
                seen.add((model, name))
                yield model, name, info


@pytest.mark.parametrize("model,name,info", list(_fields()), ids=lambda v: getattr(v, "__name__", str(v)))
def test_no_field_default_is_deep_copied(model, name, info):
    """A mutable default (`= []`) is deep-copied by pydantic-core through Python for every
    record; list and dict fields have a factory instead."""
    if info.default_factory is None:
        hash(info.default)  # raises for an unhashable (deep-copied) default


def test_empty_defaults_are_fresh_and_unset():
    a, b = models.Unknown(source={"path": "a", "sha256": "x", "format": "text"}, language=None), \
        models.Unknown(source={"path": "b", "sha256": "y", "format": "text"}, language=None)
    assert a.warnings == [] and a.warnings is not b.warnings
    assert a.institutions.lead == [] and a.institutions.lead is not b.institutions.lead
    assert a.institutions.printed == {} and a.institutions is not b.institutions
    assert "warnings" not in a.model_fields_set and a.institutions.model_fields_set == set()
    schema = models.Commitment.model_json_schema()
    assert schema["properties"]["policy_areas"]["default"] == []
    assert schema["properties"]["description"]["default"] == {}


def test_render_jsonl_edits_bytes_as_the_decoded_text():
    """render_jsonl edits the serialiser's bytes; the same edits of model_dump_json's text."""
    from pathlib import Path

    from ogpparse.export import render_jsonl
    from ogpparse.pipeline import parse_file

    page = Path(__file__).resolve().parent.parent / "fixtures" / "corpus" / "en" / "actionplan_jalisco-2023-2024.txt"
    model = parse_file(page, provenance=True)
    for text in ["日本語,\n✓", "é,\n\u2028", "\U0001f600 ,", "\n", ",", "a\u0a0ab"]:
        model.title = text
        model.institutions.printed = {"lead": text, "supporting": text[::-1]}
        expected = model.model_dump_json(indent=0).replace(",\n", ", ").replace("\n", "") + "\n"
        assert render_jsonl(model) == expected, repr(text)


def test_word_characters_are_alnum_or_underscore():
    """is_placeholder skips _ONLY_PUNCT for a text that begins with an isalnum() character:
    re's \\w is exactly those and "_", on all of Unicode."""
    import re
    import sys

    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert bool(word.match(ch)) == (ch.isalnum() or ch == "_"), hex(code)


def test_is_placeholder_as_the_pattern():
    from ogpparse.normalize import _ONLY_PUNCT, _placeholders, is_placeholder
    from ogpparse.lexicon import norm
    from ogpparse.pipeline import lexicons_for

    lexicons = lexicons_for(())
    for text in ["", " ", "NA", "n/a", "-", "—", "_", "__a", "a", "1", "²", "...\n", "\n", "Ⅻ", " NA",
                 "Ministry", "x" * 45, "." * 45, "sin información", "N.D."]:
        expected = bool(_ONLY_PUNCT.match(text)) or (len(text) < 40 and norm(text) in _placeholders(lexicons))
        assert is_placeholder(text, lexicons) == expected == is_placeholder(text, list(lexicons)), repr(text)
    assert is_placeholder(None, lexicons)


def test_path_of_tail_reads_past_empty_containers():
    from ogpparse.paths import path_of_tail

    record = {"source": {"path": "x the end"}, "policy_areas": [], "description": {},
              "institutions": {"lead": [], "printed": {}, "supporting": [{"name": "Ministry of the end"}]},
              "milestones": [{}, [], {"title": "the end"}], "title": "to the end"}
    assert path_of_tail(record, "Ministry of  the end") == "institutions.supporting[0].name"
    assert path_of_tail(record, "and so, to the end") == "title"
    assert path_of_tail({"a": [[], {}], "b": [[{"c": "one end"}]]}, "end") == "b[0][0].c"


def test_range_splitter_finds_what_the_pattern_without_lookahead_finds():
    import random
    import re

    from ogpparse.normalize import _RANGE_SYMBOLS, _range_splitter
    from ogpparse.pipeline import lexicons_for

    seps_of = [(), ("",), ("to", "until", "through")]
    seps_of += [tuple(lex.words("range_separators")) for lex in lexicons_for(())]
    rng = random.Random(7)
    alphabet = ["a", "t", "o", "T", "O", "u", "à", "'", "1", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "-", "–", "—",
                "~", "/", ":", "hasta", "HASTA", "until", "To", "jusqu'au", "ſ", "K"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14))) for _ in range(3000)]
    texts += ["Enero 2019 - Diciembre 2020", "1 al 30 de junio", "Septembre 1, 2018 ~ Août 31, 2020", "2018-2020",
              "January 2019 to June 2020", "-", " - ", "a -b", "a- b", "x\u2003–\u2003y"]
    for seps in seps_of:
        words = "|".join(re.escape(w) for w in sorted(seps, key=len, reverse=True))
        plain = re.compile(_RANGE_SYMBOLS + (rf"|\s+(?:{words})\s+" if words else ""), re.I)
        fast = _range_splitter(tuple(seps))
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], (seps, text)


def test_parse_date_range_as_without_the_two_years_screen(monkeypatch):
    import random
    import re

    from ogpparse import normalize
    from ogpparse.pipeline import lexicons_for

    rng = random.Random(11)
    parts = ["2018", "2020", "201", "9", "1", "12", "31", "١٢٣٤", "٢٠٢٠", "²⁰¹⁹", " ", "-", " - ", "–", "~", "/", ":", ".",
             ",", "(", ")", "de", "to", "al", "au", "hasta", "enero", "January", "Août", "juin", "1st", "mid", "th", "e"]
    texts = ["".join(rng.choice(parts) for _ in range(rng.randrange(1, 12))) for _ in range(4000)]
    texts += ["Enero 2019 - Diciembre 2020", "2018-2020", "1 al 30 de junio de 2019", "Plazo: 1/2/2018 – 3/4/2019"]
    cases = [(lex.months, lex.words("range_separators")) for lex in lexicons_for(())]
    fast = [[normalize.parse_date_range(t, months, frozenset({"de", "mid"}), seps) for t in texts] for months, seps in cases]
    monkeypatch.setattr(normalize, "TWO_YEARS", re.compile(""))  # matches every text: no screen
    slow = [[normalize.parse_date_range(t, months, frozenset({"de", "mid"}), seps) for t in texts] for months, seps in cases]
    assert fast == slow
    assert any(r for row in slow for r in row)  # some ranges are found


def test_path_of_tail_matches_a_value_ending_with_the_tail_unfolded_as_folded():
    from ogpparse.paths import _fold, path_of_tail

    tail = "of the end"
    for value in ["Ministry of the end", "Ministry\tof the end", "Ministry  of the end", "... of the end",
                  "x\u00a0of the end", "of the end", "Ministryof the end"]:
        assert value.endswith(tail) and _fold(value).endswith(tail), repr(value)
        assert path_of_tail({"title": "x", "member": value}, tail) == "member", repr(value)
    # Not ending with the tail as it is: matched once folded, or as an item the tail ends with.
    assert path_of_tail({"title": "Ministry of the  end"}, "of the end") == "title"
    assert path_of_tail({"title": "x", "member": "the  end"}, "GH0023, 2017, the end") == "member"
    assert path_of_tail({"title": "x", "member": "the  end"}, "to the end") is None
