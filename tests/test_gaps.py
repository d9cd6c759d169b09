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


# --- description text: field labels, quoted-text labels, lists, glued and cut headings ----

def test_field_labels_run_into_a_description_line_are_fields_not_text():
    # "... del 2014. Institución responsable: ... Institución(es) de apoyo: Ninguna Fecha de inicio: 2015"
    tail = record("corpus/en/commitment_CO0028.txt").description["Description"]
    assert tail.endswith("en la implementación de la Ley 1712 del 2014.")
    # "Ministerios responsables: ...; Otros actores: ...; Sociedad civil, ...: ...; Status quo ..."
    lead = record("corpus/es/commitment_ES0029.txt").description["Descripción"]
    assert lead.startswith("Status quo o problema a tratar: existe una gran diversidad")


def test_a_labelled_period_inside_the_first_description_line_gives_the_dates():
    # "... «sur la prévention de la corruption». Calendrier de mise en œuvre: 2016-2018; Entités ..."
    r = record("corpus/fr/commitment_UA0059.txt")
    assert (r.start_date, r.end_date) == ("2016", "2018")
    assert "Calendrier de mise en œuvre: 2016-2018;" in r.description["Description"]  # between texts: text


@pytest.mark.parametrize("page,section,label", [
    ("corpus/en/commitment_CR0026.txt", "IRM Midterm Status Summary", "Texto del compromiso:"),
    ("corpus/fr/commitment_TN0023.txt", "Résumé du statut à mi-parcours de l'IRM", "Texte d'engagement:"),
])
def test_the_label_of_the_quoted_commitment_text_is_not_a_heading(page, section, label):
    description = record(page).description
    assert label.rstrip(":") not in description
    assert f"\n{label}\n" in description[section]


def test_indented_lines_after_a_colon_phrase_are_the_list_it_introduces():
    r = record("corpus/en/commitment_UY0032.txt")  # "Metas:" then " Formalizar el grupo ..."
    assert list(r.description) == ["Description"]
    assert r.description["Description"].split("\n")[1:3] == [
        "Metas:", "Formalizar el grupo de trabajo de Datos Abiertos, contemplando representación de "
                  "sociedad civil, academia y empresas. Diciembre 2014"]
    assert ("truncated", "description.Description") in [(w.code, w.field) for w in r.warnings]


def test_a_description_heading_run_into_its_first_line_and_a_cut_two_line_heading():
    r = record("corpus/en/commitment_UY0110.txt")  # "Description the State close to its citizens."
    assert r.description["Description"].startswith("the State close to its citizens.\nNew commitment.")
    # the page ends "What is the problem that the" / "com": a cut heading, not text
    assert r.description["Commitment description"].endswith("accountability and\ncitizen control.")
    assert [(w.code, w.field) for w in r.warnings] == [("truncated", None)]


def test_a_page_cut_after_the_next_question_number_ends_before_it():
    r = record("corpus/en/irm_inception-report-action-plan-quintana-roo-mexico-2021-2022.txt")  # last line "1."
    assert r.sections[1].references == "https://docs.google.com/document/d/14UyDKMcdWWXLmMAHbO00XcJ-PKQJsC1zMgKTSeJ-Zio/edit"
    assert [(w.code, w.field) for w in r.warnings] == [("truncated", None)]


# --- action plans, members, IRM pages ----------------------------------------------------

def test_two_titles_of_one_plan_after_their_years_are_several_plans():
    r = record("corpus/en/commitment_UY0032.txt")  # "Uruguay Action Plan 2014-2016, Uruguay, Second Action Plan, 2014-2016"
    assert (r.action_plan.title, r.action_plan.start_year) == ("Uruguay Action Plan 2014-2016", 2014)
    assert ("several_action_plans", "action_plan") in [(w.code, w.field) for w in r.warnings]


def test_member_from_a_numbered_national_action_plan_title():
    assert record("corpus/en/commitment_PH0002.txt").member == "Philippines"  # "Philippines – First National Action Plan – 2012-2013"


def test_a_heading_glued_to_the_labelled_line_after_it_is_split():
    # "Tabla 1. Vista rápidaParticipa desde: 2012 Desarrollo del plan de acción ..."
    assert record("corpus/en/irm_argentina-design-report-2017-2019.txt").member_since == 2012


def test_irm_sentences_name_the_researcher_and_the_public_comment_title():
    # "In Armenia, the IRM researcher Tatevik Margaryan’s findings are summarized below:"
    r = record("corpus/en/irm_armenia-design-report-2018-2020-for-public-comment.txt")
    assert [(e.name, e.email) for e in r.evaluators] == [("Tatevik Margaryan", None)]
    # "Rapport de mise en œuvre du Nigéria 2017-2019 - Pour commentaires du public"
    assert record("corpus/fr/irm_nigeria-implementation-report-2017-2019-for-public-comment.txt").public_comment


def test_a_starred_mark_before_the_title_of_a_list_item():
    items = record("corpus/en/member_italy.txt").related_commitments  # "13. Starred commitment Open Administration Week"
    assert [(c.id, c.title) for c in items if c.starred] == [("IT0035", "Open Administration Week"),
                                                           ("IT0038", "Rome cooperates")]


@pytest.mark.parametrize("page,title", [
    # the member line above the heading, then "Overview" / "Noticias" + "Nivel de Gobierno: Nacional"
    ("corpus/en/other_quintana-roo-co-create-new-strategy-to-strengthen-rule-of-law.txt",
     "Co‑Create a New Strategy to Strengthen the Rule of Law"),
    ("corpus/es/other_open-gov-challenge-nigeria-beneficial-ownership.txt",
     "Mejorar la accesibilidad de los datos sobre titularidad real"),
    # "Category: Evaluations | Back to Glossary" is a breadcrumb; the page prints no heading
    ("corpus/en/other_glossary-completion.txt", None),
])
def test_the_heading_of_other_pages_below_a_member_line_or_a_breadcrumb(page, title):
    assert record(page).title == title


def test_a_month_name_that_lost_its_first_letter():
    r = record("corpus/fr/commitment_ID0104.txt")  # "anuary 2019 - December 2020"
    assert (r.start_date, r.end_date) == ("2019-01", "2020-12")


def test_unanswered_prompts_and_evidence_prompts_of_questionnaires():
    sections = record("seeds/000_454bd8c8b2feaf25.txt").sections
    assert ("Fournissez les coordonnées de l'organisme de contrôle indépendant.", None) in [
        (s.question, s.answer) for s in sections]
    # "Provide evidence for your answer:" ends the explanation (nothing follows it on the page)
    first = record("corpus/en/irm_inception-report-action-plan-cordoba-city-argentina-2021-2023-3.txt").sections[0]
    assert first.explanation.endswith("the Action Plan was formulated with their commitments.")
    assert first.references is None


def test_a_contact_block_of_one_label_a_line():
    contacts = record("corpus/es/commitment_SEK0007.txt").contacts
    assert [c.model_dump() for c in contacts] == [{
        "name": "Evans Mark -Andoh", "title": "Analista de Presupuesto Metropolitano",
        "email": "paaboah2002@yahoo.com", "phone": "+ 233-24-462660"}]
