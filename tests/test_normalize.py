"""Dates, institution lists and scales, as data: each case says where it comes from."""
import pytest

from ogpparse.lexicon import norm
from ogpparse.normalize import parse_date, parse_date_range, scale_value, scale_values, undouble

DATES = [
    # (text, expected, source)
    ("Jul 2023", "2023-07", "seed 002, Commitment Start"),
    ("Dec 2023", "2023-12", "seed 002, Commitment End"),
    ("07/2023", "2023-07", "seed 002, milestone 1 'Start Date07/2023'"),
    ("June 2022", "2022-06", "issue 2"),
    ("juillet 2022", "2022-07", "seed 000, Fin du plan d'action"),
    ("junio de 2027", "2027-06", "es/actionplan_laayoune, Fin del plan de acción"),
    ("2021", "2021", "seed 000, Soumission du plan d'action"),
    ("31st August 2021", "2021-08-31", "issue 2"),
    ("22nd Février 2022", "2022-02-22", "seed 000, Date de soumission"),
    ("7th February 2023", "2023-02-07", "en/actionplan_jalisco, Date Submitted"),
    ("2nd abril 2025", "2025-04-02", "es/actionplan_laayoune, Fecha de presentación"),
    ("1st May 2023", "2023-05-01", "en/actionplan_ozurgeti, Date Submitted"),
    ("Septembre 1, 2018", "2018-09-01", "seed 003"),
    ("Septiembre 01, 2018", "2018-09-01", "issue 2"),
    ("30 Julio 2018", "2018-07-30", "es/commitment_MO0016"),
    ("1 de diciembre de 2018", "2018-12-01", "es/commitment_CL0061"),
    ("Principios de octubre 2018", "2018-10", "es/commitment_TN0037"),
    ("February 30, 2024", "2024-02", "constructed: impossible day keeps year and month"),
    ("Not a date 2020 at all", None, "constructed: words that are not a date"),
    ("", None, "constructed"),
    ("12/2022", "2022-12", "seed 002, milestone 2"),
]


@pytest.mark.parametrize("text,expected,source", DATES, ids=[d[0] or "empty" for d in DATES])
def test_parse_date(text, expected, source, months, lexicons):
    fillers = frozenset().union(*(lex.norm_sets.get("date_fillers", frozenset()) for lex in lexicons))
    assert parse_date(text, months, fillers) == expected, source


RANGES = [
    ("Septembre 1, 2018 ~ Août 31, 2020", ("2018-09-01", "2020-08-31"), "seed 003"),
    ("Septiembre 01, 2018 - Septiembre 30, 2020", ("2018-09-01", "2020-09-30"), "issue 2"),
    ("Décembre 2018 - Décembre 2019", ("2018-12", "2019-12"), "fr/commitment_MO0001"),
    ("Diciembre 2018 -Diciembre 2019", ("2018-12", "2019-12"), "es/commitment_MO0001"),
    ("Plazo de ejecución: 1 de diciembre de 2018 al 31 de agosto de 2020", ("2018-12-01", "2020-08-31"),
     "es/commitment_CL0061"),
    ("Fecha de inicio y finalización del compromiso: septiembre 2018 a junio 2020.", ("2018-09", "2020-06"),
     "es/commitment_UY0106"),
    ("Principios de octubre 2018 - Finales de agosto 2020", ("2018-10", "2020-08"), "es/commitment_TN0037"),
    ("Enero 2019 - Diciembre 2020", ("2019-01", "2020-12"), "es/commitment_ID0098"),
    ("Forum des citoyens sur l'innovation gouvernementale", None, "seed 003: a title is not a range"),
]


@pytest.mark.parametrize("text,expected,source", RANGES, ids=[r[0][:40] for r in RANGES])
def test_parse_date_range(text, expected, source, months, lexicons):
    seps = [w for lex in lexicons for w in lex.words("range_separators")]
    fillers = frozenset().union(*(lex.norm_sets.get("date_fillers", frozenset()) for lex in lexicons))
    assert parse_date_range(text, months, fillers, seps) == expected, source


def _lex(lexicons, code):
    return next(lex for lex in lexicons if lex.code == code)


@pytest.mark.parametrize("code,text,scale,expected", [
    ("en", "Pending IRM Review", "completion", "pending"),
    ("fr", "examen IRM en attente", "completion", "pending"),
    ("es", "Revisión pendiente de IRM", "completion", "pending"),
    ("fr", "complet", "completion", "complete"),
    ("es", "Sustancial", "completion", "substantial"),
    ("en", "Substantial", "completion", "substantial"),
    ("fr", "Majeurs", "degree", "major"),
    ("es", "importante Clasificacion Mayor", "early_results", "major"),
    ("fr", "n'ont pas changé", "early_results", "did_not_change"),
    ("en", "No early results to report yet", "early_results", "no_results_yet"),
    ("es", "Alto", "potential_impact", "high"),
    ("fr", "Faible", "potential_impact", "low"),
    ("en", "Yes Starred", "answer", "yes"),
    ("fr", "oui Suivis", "answer", "yes"),
    ("fr", "actif", "status", "active"),
    ("es", "Activo", "status", "active"),
    ("en", "Inactive", "status", "inactive"),
])
def test_scales_are_the_same_in_every_language(code, text, scale, expected, lexicons):
    assert scale_value(text, _lex(lexicons, code), scale) == expected


@pytest.mark.parametrize("code,text,expected", [
    ("en", "Access to Information Civic Participation", ["access_to_information", "civic_participation"]),
    ("fr", "accès à l'information, à la technologie", ["access_to_information", "technology_and_innovation"]),
    ("fr", "accès à l'information, participation civique, responsabilité publique, technologie",
     ["access_to_information", "civic_participation", "public_accountability", "technology_and_innovation"]),
    ("es", "acceso a la información, tecnología", ["access_to_information", "technology_and_innovation"]),
    ("en", "Technology and Innovation for Transparency and Accountability", ["technology_and_innovation"]),
    ("en", "Yes", []),
])
def test_ogp_values_canonical(code, text, expected, lexicons):
    assert scale_values(text, _lex(lexicons, code), "ogp_values") == expected


@pytest.mark.parametrize("text,expected", [
    ("Outstanding Outstanding", "Outstanding"), ("Majeur Majeurs", "Majeur"),
    ("exceptionnel Exceptionnel", "exceptionnel"), ("Yes Starred", "Yes Starred"),
    ("importante Clasificacion Mayor", "importante Clasificacion Mayor"),
])
def test_undouble(text, expected):
    assert undouble(text) == expected


def test_norm_ignores_accents_case_punctuation_and_spaces():
    assert norm("Institution (s) de soutien") == norm("Institution(s) de soutien") == norm("INSTITUTION(S) DE SOUTIEN :")
    assert norm("Vérifiable") == norm("verifiable")
