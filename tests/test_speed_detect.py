"""The shortcuts of detect, pipeline and the extractors' Doc give the answers of the plain
code they replace."""
from ogpparse import detect
from ogpparse.blocks import Line
from ogpparse.line_search import any_search
from ogpparse.pipeline import lexicons_for

TITLES = ["End of Commitment Report – Open data", "Mexico Action Plan Review 2021-2023",
          "Inception Report – Action plan – Jalisco, 2022 – 2024", "Action plan – Córdoba, 2021 – 2023",
          "Plan de acción – Jalisco, 2023 – 2024", "Rapport de fin d'engagement – X", "News",
          "Chile Action Plan 2018 - 2020 Review", "İstanbul Action Plan 2014 - 2016", ""]


def _kind_by_kinds(lex, others, title):
    for kind, patterns in detect._title_patterns(lex, others):
        if any_search(patterns, title):
            return kind
    return None


def test_title_kind_is_the_first_kind_whose_patterns_match():
    lexicons = lexicons_for()
    for lex in (None, *lexicons):
        for title in TITLES:
            assert detect._title_kind(lex, lexicons, title) == _kind_by_kinds(lex, lexicons, title), (lex, title)


def test_head_commitment_id_screen():
    texts = ["Open data (MX0001)", "Open data (mx0001.2) ", "Open data (MX0001", "(AB1234)\n", "no id",
             "x (ABCDEF1234)", "t ( AB1234 )\u00a0"]
    for text in texts:
        expected = any(detect.title_commitment_id(t) for t in [text])
        assert detect._head_has_commitment_id([Line(text)]) == expected, text
