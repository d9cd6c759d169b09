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


# langid.py does langdetect's detection with its loops in C: every probability must be the
# one langdetect itself gives, on real pages of the three languages and on texts that take
# its other paths (capital words, URLs and e-mail addresses, Vietnamese marks, scripts that
# make it drop the Latin letters, runs of spaces, a text that yields no n-gram).
_LANGID_TEXTS = [
    "ABC DEF ghi JKL mno. Voir https://www.opengovpartnership.org/fr/ et info@ogp.org   fin",
    "Tiếng Việt có dấu: e\u0301 a\u0300 ẠẢẤầẩẫậ, ș ț",
    "日本語の文章です。漢字とひらがな、カタカナ ㄅㄆ 한국어 русский текст العربية یک abc",
    "1234 5678 !!! ???",
    "漢字_漢字^日本`語[日]本\\語 ab",  # langdetect's "Latin" letters: A to z, signs between
]


def _langdetect_own(text):
    from langdetect.detector_factory import DetectorFactory, init_factory
    from langdetect import detector_factory

    init_factory()
    DetectorFactory.seed = 0
    detector = detector_factory._factory.create()
    detector.append(text)
    return detector


@pytest.mark.parametrize("name", ["fr/commitment_CR0071.txt", "es/commitment_AR0090.txt", "en/commitment_ARBA0001.txt",
                                  "es/other_estrategia-de-ogp-2023-2028.txt", None])
def test_langid_gives_langdetects_probabilities(name):
    from langdetect.lang_detect_exception import LangDetectException

    from ogpparse.detect import load_langdetect
    from ogpparse.langid import FastDetector

    corpus = Path(__file__).parent.parent / "fixtures/corpus"
    texts = [(corpus / name).read_text(encoding="utf-8")[:6000]] if name else _LANGID_TEXTS
    for text in texts:
        theirs, ours = _langdetect_own(text), FastDetector(load_langdetect(), seed=0)
        ours.append(text)
        assert ours.text == theirs.text
        try:
            expected = theirs.get_probabilities()
        except LangDetectException:
            with pytest.raises(LangDetectException):
                ours.get_probabilities()
            continue
        assert [(x.lang, x.prob) for x in ours.get_probabilities()] == [(x.lang, x.prob) for x in expected]
        assert ours.langprob == theirs.langprob  # every language's probability, to the last bit
        early = FastDetector(load_langdetect(), seed=0)  # its trials stopped once decided
        early.append(text)
        assert early.language() == theirs.detect()
    if name:
        assert ours.detect() == name[:2]


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
