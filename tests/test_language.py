"""Language detection and lexicons: labels decide, langdetect only without labels."""
from pathlib import Path

import pytest

from ogpparse import parse_text
from ogpparse.blocks import text_lines
from ogpparse.detect import detect_language
from ogpparse.lexicon import load_all, load_file, validate

DATA = Path(__file__).parent / "data"


def test_french_interface_full_of_spanish_names_is_french(lexicons):
    # fr/commitment_CR0071: Spanish institution names under French labels.
    page = ("Ignorer la navigation\nCosta Rica\n\nDonnées ouvertes (CR0071)\n\nInstitution principale : "
            "Directeur de Comunicación y Enlace, Presidencia de la República\n\nInstitution(s) de soutien : "
            "Ministerio de Justicia y Paz, Procuraduría de la Ética Pública, Agencia de Protección de Datos de "
            "los Habitantes, Defensoría de los Habitantes, Comisión Nacional de Datos Abiertos\n")
    assert detect_language(text_lines(page), lexicons)[0] == "fr"


def test_short_page_with_two_labels(lexicons):
    assert detect_language(text_lines("Estado: Activo\nInstitución líder: X"), lexicons)[0] == "es"


@pytest.mark.parametrize("page", ["es/irm_guatemala-action-plan-review-2021-2023.txt",
                                  "es/other_estrategia-de-ogp-2023-2028.txt",
                                  "en/irm_argentina-action-plan-review-2022-2024.txt"])
def test_interface_language_decides_over_the_body(page, lexicons):
    # The site's "Skip Navigation" line is English above a Spanish body (and Spanish report
    # labels): the page's language is its interface's (fixtures/README.md, page kind and language).
    path = Path(__file__).parent.parent / "fixtures/corpus" / page
    assert detect_language(text_lines(path.read_text(encoding="utf-8")), lexicons)[0] == "en"


def test_langdetect_is_deterministic(lexicons):
    text = ("Les réformes de la justice ouverte peuvent créer un système de justice transparent et "
            "responsable devant le public, afin que chacun bénéficie d'une égale protection de la loi.")
    results = {detect_language(text_lines(text), lexicons)[0] for _ in range(5)}
    assert results == {"fr"}


def test_bundled_lexicons_are_valid():
    lexicons = load_all()
    assert sorted(lexicons) == ["en", "es", "fr"]
    for code, lex in lexicons.items():
        assert validate(lex, lexicons["en"]) == [], code


def test_every_label_of_every_lexicon_is_read_by_an_extractor():
    """No dead data: each [labels] key is a field some page kind reads."""
    from ogpparse.extract import MODULES, extractor

    read = set().union(*(extractor(kind).FIELDS for kind in MODULES))
    for code, lex in load_all().items():
        assert set(lex.data["labels"]) <= read, (code, sorted(set(lex.data["labels"]) - read))


def test_adding_a_language_is_adding_a_lexicon_file():
    """A German page, parsed with a small extra lexicon and no code change."""
    de = load_file(DATA / "lexicons/de.toml")
    assert de.code == "de"
    page = ("Navigation überspringen\nKolumbien\n\nTransparenzgesetz unterstützen (CO0028)\n\nÜberblick\n\n"
            "Auf einen Blick\n\nAktionsplan: Aktionsplan Kolumbien 2015-2017\n\nAktionsplanzyklus: 2015\n\n"
            "Status: Inaktiv\n\nInstitutionen\n\nFederführende Institution: Secretaría de Transparencia; "
            "Presidencia de la República\n\nUnterstützende Institution(en): NA\n\nPolitikbereiche\n\n"
            "Bildung, Gesundheit, Offene Daten\n\nUmsetzungsstand: Begrenzt\n\nBeschreibung\n\nProblem\n\n"
            "Das Gesetz 1712 von 2014 wird kaum angewandt.\n\nOpen Government Partnership\n")
    record = parse_text(page, lexicon_dirs=(str(DATA / "lexicons"),))
    assert record.language == "de"
    assert record.page_type == "commitment"
    assert record.commitment_id == "CO0028"
    assert record.member == "Kolumbien"
    assert record.status == "inactive"
    assert record.action_plan_cycle == 2015
    assert [b.name for b in record.institutions.lead] == ["Secretaría de Transparencia", "Presidencia de la República"]
    assert record.institutions.supporting == []
    assert record.institutions.printed == {"lead": "Secretaría de Transparencia; Presidencia de la República"}
    assert record.policy_areas == ["Bildung", "Gesundheit", "Offene Daten"]
    assert record.completion == "limited"
    assert record.description == {"Problem": "Das Gesetz 1712 von 2014 wird kaum angewandt."}
    assert record.warnings == []
