"""Institution lists read as an expert reads them (fixtures/README.md, "institutions").

Each case is a value printed on a real page of ../shared/corpus or the seeds, with the
bodies it names; the groups come from the page's template sub-headings and group labels.
"""
from __future__ import annotations

import pytest

from ogpparse.blocks import Line
from ogpparse.institutions import read_institutions


def _read(value: str, lexicons):
    return read_institutions([Line(value)], lexicons)


CASES = [
    # (printed value, expected names, source)
    ("Ministerio del Interior, Obras Públicas y Vivienda", ["Ministerio del Interior, Obras Públicas y Vivienda"],
     "class 3: one Argentine ministry (es/commitment_AR0090)"),
    ("Secretaría de Cambio Climático, Desarrollo Sostenible e Innovación, Ministerio de Ambiente y Desarrollo "
     "Sostenible ; Fundeps, Acción Colectiva",
     ["Secretaría de Cambio Climático, Desarrollo Sostenible e Innovación", "Ministerio de Ambiente y Desarrollo Sostenible",
      "Fundeps", "Acción Colectiva"], "class 3: fr/commitment_AR0097"),
    ("ministère des Finances, GHEITI, ministère du Pétrole, ministère des Terres et des Ressources naturelles",
     ["ministère des Finances", "GHEITI", "ministère du Pétrole", "ministère des Terres et des Ressources naturelles"],
     "class 3: lower-case 'ministère' begins a body (fr/commitment_GH0018)"),
    ("Coalition on the Rights to Information Bill (CRTI) Centre for Democratic Development and Commonwealth Human "
     "Rights Initiative (CHRI)",
     ["Coalition on the Rights to Information Bill (CRTI)", "Centre for Democratic Development",
      "Commonwealth Human Rights Initiative (CHRI)"], "class 4: three bodies run together (en/commitment_GH0025)"),
    ("Parlement et ministère de l'Information", ["Parlement", "ministère de l'Information"], "fr/commitment_GH0025"),
    ("ministère des Finances et bureau du président", ["ministère des Finances", "bureau du président"],
     "fr/commitment_GH0023"),
    ("Departamento del Interior y Gobierno Local (DILG)", ["Departamento del Interior y Gobierno Local (DILG)"],
     "one department: 'Gobierno Local' is part of its name (es/commitment_PH0034)"),
    ("Comisión Nacional de Agua (CONAGUA), Agencia de Seguridad, Energía y Ambiente (ASEA), Causa Natura, A.C., "
     "CartoCrítica. Investigación, mapas y datos para la sociedad civil, A.C.",
     ["Comisión Nacional de Agua (CONAGUA)", "Agencia de Seguridad, Energía y Ambiente (ASEA)", "Causa Natura, A.C.",
      "CartoCrítica. Investigación, mapas y datos para la sociedad civil, A.C."], "en/commitment_MX0084"),
    ("- Cour des Comptes - SP-MABG - Tout ministère et institution - CIFOEB, - CGD",
     ["Cour des Comptes", "SP-MABG", "Tout ministère et institution", "CIFOEB", "CGD"],
     "a dash list; 'institution' alone does not begin a body (fr/commitment_BF0042)"),
    ("1. Ministerio del Interior 2. Ministerio de Desarrollo Nacional y Planificación",
     ["Ministerio del Interior", "Ministerio de Desarrollo Nacional y Planificación"], "a numbered list (es/ID0098)"),
    ("Bureau du conseiller scientifique en chef; Secrétariat du Conseil du Trésor du Canada (SCT); autres "
     "ministères et organismes à vocation scientifique (MVS)",
     ["Bureau du conseiller scientifique en chef", "Secrétariat du Conseil du Trésor du Canada (SCT)",
      "autres ministères et organismes à vocation scientifique (MVS)"], "';' is a hard break (fr/CA0068)"),
    ("Ministry of Finance and Planning; Ministry of Finance and Planning; MINISTRY OF FINANCE AND PLANNING.",
     ["Ministry of Finance and Planning"], "duplicates differing in case are one body (seed 002)"),
    ("Defensoría de los Habitantes/ Contraloría General de la República, Organizaciones vinculadas con la promoción "
     "del derecho de Acceso a la Información Pública",
     ["Defensoría de los Habitantes", "Contraloría General de la República",
      "Organizaciones vinculadas con la promoción del derecho de Acceso a la Información Pública"],
     "a slash between two bodies sharing no name word splits (en/commitment_CR0026)"),
    ("3. Ministerio de Planificación Nacional del Desarrollo/ Agencia Nacional de Planificación del Desarrollo",
     ["Ministerio de Planificación Nacional del Desarrollo/ Agencia Nacional de Planificación del Desarrollo"],
     "a slash between two names of one body stays (es/commitment_ID0111)"),
    ("Unidad Logística del Consejo, Oficina Anticorrupción transparencia Unidad del Consejo (ACTU), Oficina de "
     "Socios Consultores de Desarrollo",
     ["Unidad Logística del Consejo", "Oficina Anticorrupción transparencia Unidad del Consejo (ACTU)",
      "Oficina de Socios Consultores de Desarrollo"],
     "an acronym that reaches back over a head word keeps one body (es/actionplan_action-plan-abuja-nigeria)"),
    ("Réseau africain des journalistes pour l'intégrité et la transparence (RAJIT) PrivatePublishers Association "
     "(Société des Editeurs Privés) SEP Union nationale de l'Audiovisuel Libre du Faso (UNALFA ) UBSTV",
     ["Réseau africain des journalistes pour l'intégrité et la transparence (RAJIT)",
      "PrivatePublishers Association (Société des Editeurs Privés) SEP",
      "Union nationale de l'Audiovisuel Libre du Faso (UNALFA )", "UBSTV"],
     "after an English-order head word a new body begins at a head word (fr/commitment_BF0010)"),
    ("Projet du Programme des Nations Unies pour le développement en Ukraine intitulé «Amélioration de la "
     "transparence et de l'intégrité du secteur public», organisation non gouvernementale Transparency "
     "International Ukraine, autres institutions de la société civile et organisations internationales "
     "(sur autorisation de l'auteur).",
     ["Projet du Programme des Nations Unies pour le développement en Ukraine intitulé «Amélioration de la "
      "transparence et de l'intégrité du secteur public»",
      "organisation non gouvernementale Transparency International Ukraine",
      "autres institutions de la société civile", "organisations internationales"],
     "a lower-case singular head word and 'autres' + plural head begin bodies (fr/commitment_UA0059)"),
    ("Departamentos Ministeriales, Comunidades Autónomas y Federación Española de Municipios y Provincias, "
     "Organizaciones de la Sociedad Civil, Consumidores y Usuarios y representantes del mundo académico.",
     ["Departamentos Ministeriales", "Comunidades Autónomas", "Federación Española de Municipios y Provincias",
      "Organizaciones de la Sociedad Civil", "Consumidores y Usuarios", "representantes del mundo académico"],
     "a standalone body takes no portfolio; 'representantes de' begins a body (es/commitment_ES0029)"),
    ("Agencias del Gobierno Nacional y Unidades de Gobierno Local Programa de las Naciones Unidas para el "
     "Desarrollo (PNUD) Paulina Lawsin Nayra PhilDHRRA",
     ["Agencias del Gobierno Nacional", "Unidades de Gobierno Local",
      "Programa de las Naciones Unidas para el Desarrollo (PNUD)", "Paulina Lawsin Nayra", "PhilDHRRA"],
     "a head word after a noun's adjective, a bare mixed-case acronym (es/commitment_PH0056)"),
    ("El proyecto de la Iniciativa de Buen Gobierno de USAID en Georgia",
     ["El proyecto de la Iniciativa de Buen Gobierno de USAID en Georgia"],
     "an adjective before the head word joins it (es/commitment_GE0065)"),
    ("Ministerio Secretaría General de la Presidencia - Servicio Nacional de Aduanas - Tesorería General de la República",
     ["Ministerio Secretaría General de la Presidencia", "Servicio Nacional de Aduanas",
      "Tesorería General de la República"], "a head word after a head word joins it (es/commitment_CL0061)"),
    ("Banca d'Italia UIF CONSIP, Corte dei Conti (Cour des comptes)",
     ["Banca d'Italia", "UIF", "CONSIP", "Corte dei Conti (Cour des comptes)"],
     "two acronyms after a name are bodies of their own (fr/commitment_IT0074)"),
    ("NA", [], "a placeholder (fr/commitment_CA0068)"),
    ("Durante el compromiso se buscará la participación de distintos actores con interés en el manejo de los "
     "recursos hídricos, forestales y pesqueros", [], "class 5: a sentence about kinds of actors names no body (en/MX0084)"),
]


@pytest.mark.parametrize("value,names,source", CASES, ids=[c[2][:50] for c in CASES])
def test_names(value, names, source, lexicons):
    bodies, printed = _read(value, lexicons)
    assert [b["name"] for b in bodies] == names, source
    assert printed == (None if value == "NA" else " ".join(value.split()))


GROUPED = [
    ("Other Government actors involved: MDA’s, Senate, National Assembly, Council of Governors, County Assemblies "
     "Forum, Judiciary, Ministry of Foreign Affairs, NEPAD /APRM Other actors IDS-UON, Universities and Colleges, "
     "Media, CSO’s",
     [("MDA’s", "government"), ("Senate", "government"), ("National Assembly", "government"),
      ("Council of Governors", "government"), ("County Assemblies Forum", "government"), ("Judiciary", "government"),
      ("Ministry of Foreign Affairs", "government"), ("NEPAD /APRM", "government"), ("IDS-UON", "other"),
      ("Universities and Colleges", "other"), ("Media", "other"), ("CSO’s", "other")],
     "class 1: en/commitment_KE0031"),
    ("Autres acteurs impliqués - gouvernement Bureau du vice-président, bureau du président, Conseil des gouverneurs "
     "(CdG) Autres acteurs impliqués - OSC, secteur privé, groupes de travail, organisations multilatérales, etc. "
     "Mzalendo, INFONET Africa",
     [("Bureau du vice-président", "government"), ("bureau du président", "government"),
      ("Conseil des gouverneurs (CdG)", "government"), ("Mzalendo", "other"), ("INFONET Africa", "other")],
     "class 1: fr/commitment_KE0021"),
    ("Otros actores involucrados; ARTÍCULO 19 África Oriental, Mzalendo Trust, The Institute for Social "
     "Accountability (TISA)",
     [("ARTÍCULO 19 África Oriental", "other"), ("Mzalendo Trust", "other"),
      ("The Institute for Social Accountability (TISA)", "other")], "class 1: es/commitment_KE0029"),
    ("Gouvernement : Direction des TIC", [("Direction des TIC", "government")], "class 1: fr/commitment_ELG0003"),
    ("Otros actores involucrados Unidad de Planeación del Desarrollo, PRO, ISD Institución: Fundación Social Berea "
     "Cargo: Administrador del Proyecto Nombre: Joyce Cudjoe Teléfono: +233-24-3507986 E-mail: besofo2006@yahoo.com "
     "Amigos de la Nación , African Women International, Media y otras organizaciones locales e internacionales "
     "relevantes (p. ej., GIZ, Behavioral Insights Team, CDD-Ghana, SEND Ghana)",
     [(n, "other") for n in ("Unidad de Planeación del Desarrollo", "PRO", "ISD", "Fundación Social Berea",
                             "Amigos de la Nación", "African Women International", "Media", "GIZ",
                             "Behavioral Insights Team", "CDD-Ghana", "SEND Ghana")],
     "a glued contact block and examples in parentheses (es/commitment_SEK0007)"),
    ("Clients d'audit : Gouvernements nationaux, locaux et d'entreprise ; Des bureaux; • Direction du Budget et de "
     "la Gestion ; • Partenaires pour le renforcement des capacités : Université des Philippines College of "
     "Geodetic Engineering, Affiliated Network for Social Accountability in East Asia and the Pacific (ANSA – EAP)",
     [("Gouvernements nationaux, locaux et d'entreprise", "other"), ("Des bureaux", "other"),
      ("Direction du Budget et de la Gestion", "other"),
      ("Université des Philippines College of Geodetic Engineering", "other"),
      ("Affiliated Network for Social Accountability in East Asia and the Pacific (ANSA – EAP)", "other")],
     "role labels at the start of an item (fr/commitment_PH0046)"),
    ("Association of Indigenous Construction Contractors of Nigeria, PTCIJ OSC 1. Groupe de travail sur le suivi "
     "des marchés publics (PPMWG) 2. Centre de développement public et privé 3. INTÉGRITÉ",
     [("Association of Indigenous Construction Contractors of Nigeria", None), ("PTCIJ", None),
      ("Groupe de travail sur le suivi des marchés publics (PPMWG)", "civil_society"),
      ("Centre de développement public et privé", "civil_society"), ("INTÉGRITÉ", "civil_society")],
     "a group label without its colon before a numbered list (fr/commitment_NG0016)"),
]


@pytest.mark.parametrize("value,expected,source", GROUPED, ids=[c[2] for c in GROUPED])
def test_groups_come_from_template_labels(value, expected, source, lexicons):
    bodies, _ = _read(value, lexicons)
    assert [(b["name"], b["group"]) for b in bodies] == expected, source


def test_notes_are_not_names(lexicons):
    bodies, printed = _read("Ministry of Health (by agreement), Ministerio de Salud (por acuerdo)", lexicons)
    assert [b["name"] for b in bodies] == ["Ministry of Health", "Ministerio de Salud"]
    assert "(by agreement)" in printed


def test_joining_sentence_is_a_list(lexicons):
    bodies, _ = _read("Ministry of Health in cooperation with Office of the President and Ministry of Finance", lexicons)
    assert [b["name"] for b in bodies] == ["Ministry of Health", "Office of the President", "Ministry of Finance"]


def test_bulleted_lines_are_one_body_each(lexicons):
    lines = [Line("Secretariat of Culture", True), Line("Secretariat of Citizen Participation", True),
             Line("Secretariat of Citizen Participation", True)]
    bodies, printed = read_institutions(lines, lexicons)
    assert [b["name"] for b in bodies] == ["Secretariat of Culture", "Secretariat of Citizen Participation"]
    assert printed == "• Secretariat of Culture • Secretariat of Citizen Participation • Secretariat of Citizen Participation"


# --- the blind set: institution fields two readers agreed on, page text only ----------------

import json  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

from ogpparse import parse_file  # noqa: E402
from ogpparse.institutions import vocabulary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BLIND_SET = json.loads((ROOT / "tests/data/institutions_blind.json").read_text(encoding="utf-8"))
# The exact-list rate reached per language on the blind set (141 fields both readers agreed
# on); the test fails below it. The target is 0.95 in every language.
FLOOR = {"en": 0.97, "fr": 0.98, "es": 1.0}


def _names(record, role):
    return [" ".join(b.name.split()) for b in getattr(record.institutions, role)]


def test_blind_set_exact_list_rate_per_language():
    hits, totals, misses = defaultdict(int), defaultdict(int), []
    records = {}
    for case in BLIND_SET:
        page = ROOT / "fixtures" / case["page"]
        record = records.get(page) or records.setdefault(page, parse_file(page))
        totals[case["language"]] += 1
        if _names(record, case["role"]) == case["names"]:
            hits[case["language"]] += 1
        else:
            misses.append(f"{case['page']} {case['role']}")
    rates = {lang: hits[lang] / totals[lang] for lang in totals}
    print("exact-list rate:", {k: f"{v:.3f} ({hits[k]}/{totals[k]})" for k, v in sorted(rates.items())})
    assert set(rates) == set(FLOOR)
    for lang, rate in rates.items():
        assert rate >= FLOOR[lang], (lang, rate, misses)


def _fixture_records():
    for page in sorted((ROOT / "fixtures").rglob("*")):
        if page.suffix in (".txt", ".html") and page.is_file():
            yield page, parse_file(page)


def test_no_name_carries_a_label_or_a_note(lexicons):
    """No institution name of any fixture contains a template sub-heading, a group label or a
    note of any language."""
    vocab = vocabulary(tuple(lexicons))
    bad = []
    for page, record in _fixture_records():
        for role in ("lead", "supporting", "involved"):
            for body in getattr(record.institutions, role):
                if (vocab.labels and vocab.labels.search(body.name)) or (vocab.notes and vocab.notes.search(body.name)):
                    bad.append((page.name, role, body.name))
    assert not bad


def test_a_value_longer_than_any_list_is_kept_not_split(tmp_path):
    """A saved page whose supporting value runs to 25,000+ characters (no page prints such a
    list): kept as printed, not split, and said in a warning, so the page takes no seconds."""
    page = (ROOT / "fixtures/corpus/en/commitment_NG0002.txt").read_text(encoding="utf-8")
    long_value = "Ministry of Finance, Public Works, Housing and Transport, " * 450
    big = tmp_path / "NG0002-long.txt"
    big.write_text(page.replace("Support Institution(s): ", "Support Institution(s): " + long_value, 1), encoding="utf-8")
    record = parse_file(big)
    assert record.institutions.supporting == []
    assert record.institutions.printed["supporting"].startswith("Ministry of Finance, Public Works, Housing and Transport, ")
    assert ("institutions_not_split", "institutions.supporting") in [(w.code, w.field) for w in record.warnings]
    assert [b.name for b in record.institutions.lead] == ["Bureau of Public Procurement"]


def test_a_list_read_again_is_the_callers_own(lexicons):
    """The bodies of short pieces are kept from page to page: a caller that changes the list
    it got must not change what the next page with the same value gets."""
    value = "Ministry of Finance, Open Contracting Partnership (OCP)"
    first, _ = _read(value, lexicons)
    expected = [dict(body) for body in first]
    first[0]["name"] = "changed"
    first.append({"name": "added", "group": None})
    again, _ = _read(value, lexicons)
    assert again == expected


def test_the_piece_caches_are_bounded(lexicons):
    """Like the lexicon caches: bounded in entries, and no key longer than CACHED_KEY_CHARS."""
    from ogpparse import institutions
    from ogpparse.lexicon import CACHED_KEY_CHARS

    for cache in (institutions._piece_bodies, institutions._short_piece):
        assert cache.cache_info().maxsize == institutions.PIECE_CACHE_ENTRIES
    before = institutions._piece_bodies.cache_info().currsize
    long_piece = "Ministry of Finance and Economic Planning and Development " * (CACHED_KEY_CHARS // 40)
    _read(long_piece, lexicons)
    assert institutions._piece_bodies.cache_info().currsize == before


def test_short_runs_are_read_once_and_long_ones_not_kept(lexicons):
    """A short run's names are kept (`split_bodies`): the second page with the same value
    reads them from the cache, with the same names; a long run is not kept."""
    from ogpparse import institutions
    from ogpparse.lexicon import CACHED_KEY_CHARS

    cache = institutions.split_bodies
    assert cache.cache_info().maxsize == institutions.PIECE_CACHE_ENTRIES
    value, names, _ = CASES[1]  # four bodies in two runs of commas
    assert len(value) <= CACHED_KEY_CHARS
    first, _ = _read(value, lexicons)
    hits = cache.cache_info().hits
    again, _ = _read(value, lexicons)
    assert cache.cache_info().hits == hits + 1
    assert [b["name"] for b in again] == [b["name"] for b in first] == names
    before = cache.cache_info().currsize
    _read("Ministry of Finance and Economic Planning and Development " * (CACHED_KEY_CHARS // 40), lexicons)
    assert cache.cache_info().currsize == before
