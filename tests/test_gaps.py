"""No silent gaps: values the page shows never come out as null, empty or 0 (issue "Golden
files written blind", part 3). Each case is a real page of fixtures/ and the value it prints."""
from __future__ import annotations

from pathlib import Path

import pytest

from ogpparse import parse_file, records_to_rows

FIX = Path(__file__).resolve().parent.parent / "fixtures"


def record(page: str):
    return parse_file(FIX / page)


@pytest.mark.parametrize("page,values", [
    # "Relevant to OGP Values: Access to Information Civic Participation"
    ("corpus/en/commitment_CL0033.txt", ["access_to_information", "civic_participation"]),
    # "Relevante para los valores de OGP: acceso a la información, tecnología"
    ("corpus/es/commitment_ID0098.txt", ["access_to_information", "technology_and_innovation"]),
    # "Relatif aux valeurs du PGO: accès à l'information, participation civique, responsabilité publique, technologie"
    ("corpus/fr/commitment_HR0014.txt", ["access_to_information", "civic_participation", "public_accountability",
                                         "technology_and_innovation"]),
    # "Pertinent par rapport aux valeurs OGP: responsabilité publique"
    ("corpus/fr/commitment_PH0033.txt", ["public_accountability"]),
])
def test_ogp_values_from_the_relevance_line(page, values):
    assert record(page).ogp_values == values


def test_not_relevant_is_an_answer_and_yes_alone_names_no_value():
    not_relevant = record("corpus/en/commitment_CR0028.txt")  # "Relevant to OGP Values: Not Relevant"
    assert (not_relevant.ogp_values, not_relevant.irm.relevant_to_ogp_values.value) == ([], "no")
    bare_yes = record("corpus/en/commitment_KE0031.txt")  # "Relevant to OGP Values: Yes", no list
    assert (bare_yes.ogp_values, bare_yes.irm.relevant_to_ogp_values.value) == ([], "yes")


def test_csv_ogp_value_columns_are_one_zero_or_empty():
    rows = {r["commitment_id"]: r for r in records_to_rows(
        [record("corpus/en/commitment_GH0025.txt"), record("corpus/en/commitment_CR0028.txt"),
         record("corpus/en/commitment_KE0031.txt")])["pages"]}
    cols = ("access_to_information", "civic_participation", "public_accountability", "technology_and_innovation")
    assert [rows["GH0025"][c] for c in cols] == [1, 0, 0, 0]  # names access to information only
    assert [rows["CR0028"][c] for c in cols] == [0, 0, 0, 0]  # "Not Relevant"
    assert [rows["KE0031"][c] for c in cols] == [None, None, None, None]  # does not say


@pytest.mark.parametrize("page,value,start", [
    ("seeds/002_d0aed3a1e4458158.txt", "modest", "The commitment activities is a positive change"),
    ("corpus/en/commitment_MXMEX0009.txt", "substantial", "The commitment activities will result in a change"),
])
def test_inception_summary_sentence_is_the_potential_impact(page, value, start):
    rating = record(page).irm.potential_impact
    assert (rating.value, rating.text[:len(start)]) == (value, start)


def test_report_texts_read_at_their_template_positions_without_labels():
    r = record("corpus/en/report_mexico-state-open-government-culture.txt")
    assert r.commitment_title == "Open government culture"
    assert r.action.startswith("Articulate the local and municipal open government agendas")
    assert r.problem.startswith("Lack of interest and knowledge of transparency")


def test_a_page_without_the_site_ending_is_truncated_even_after_a_full_sentence():
    # the dump stops after "... a commencé à être mis en œuvre en octobre 2015. "
    r = record("corpus/fr/irm_philippines-end-of-term-report-2013-2015.txt")
    assert [(w.code, w.field) for w in r.warnings] == [("truncated", None)]


def test_the_item_cut_by_the_page_end_is_flagged():
    r = record("corpus/en/commitment_GH0025.txt")  # last line "GH0023, 2017, Fiscal "
    assert r.related_commitments[3].policy_area == "Fiscal"
    assert [(w.code, w.field) for w in r.warnings] == [("truncated", "related_commitments[3].policy_area")]


def test_two_people_on_one_line_are_two_contacts():
    contacts = record("seeds/003_870d1cf21ae36b1b.txt").contacts
    assert [(c.name, c.email) for c in contacts] == [("Myeongjin Lee", "lmj777@korea.kr"), ("Hyeonmo Seong", None)]
    assert contacts[1].title == "Directeur principal adjoint, Division de la planification de l'innovation"


@pytest.mark.parametrize("page,kind,language", [
    ("corpus/fr/irm_cote-divoire-action-plan-review-2022-2024.txt", "action_plan_review", "fr"),
    ("corpus/fr/irm_nigeria-implementation-report-2017-2019.txt", "end_of_term", "fr"),
    ("corpus/es/irm_ghana-2013-2014-end-of-term-report.txt", "end_of_term", "es"),
    # English interface ("Skip Navigation"), Spanish body and labels
    ("corpus/es/irm_guatemala-action-plan-review-2021-2023.txt", "action_plan_review", "en"),
])
def test_irm_pages_of_every_kind_and_the_interface_language(page, kind, language):
    r = record(page)
    assert (r.page_type, r.report_kind, r.language) == ("irm_report", kind, language)


def test_a_site_page_without_field_labels_is_unknown_not_an_error():
    r = record("corpus/es/other_estrategia-de-ogp-2023-2028.txt")
    assert (r.page_type, r.title) == ("unknown", "Estrategia de OGP")
