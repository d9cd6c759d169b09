"""Reading bytes (encodings, bad input) and turning pages into lines."""

import pytest

from ogpparse import PageError, parse_bytes
from ogpparse.blocks import html_lines, text_lines
from ogpparse.clean import remove_tooltips
from ogpparse.read import ReadError, read_bytes

PAGE = ("Ignorer la navigation\nMaroc\n\nSensibilisation ATI (MO0001)\n\nVue d’ensemble\n\n"
        "Plan d'action: Plan d'action marocain 2018-2020\n\nStatut: actif\n\n"
        "Institution chef de file : Ministère de la réforme de l'administration et de la fonction publique\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_encodings_decode_to_the_same_record(encoding):
    data = PAGE.replace("’", "'").encode(encoding)  # latin-1 has no curly quote
    record = parse_bytes(data, f"page.{encoding}.txt")
    assert record.language == "fr"
    assert record.commitment_id == "MO0001"
    assert record.status == "active"
    assert [b.name for b in record.institutions.lead] == [
        "Ministère de la réforme de l'administration et de la fonction publique"]


def test_mixed_utf8_and_cp1252_bytes_never_raise():
    data = PAGE.encode("utf-8") + "Réforme – fin".encode("cp1252")
    assert parse_bytes(data).commitment_id == "MO0001"


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file"),
    (bytes(range(256)) * 20, "binary file, not a text or HTML page"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "binary file, not a text or HTML page"),
])
def test_unreadable_bytes_give_a_one_line_reason(data, reason):
    with pytest.raises(ReadError) as err:
        read_bytes(data)
    assert str(err.value) == reason


def test_page_over_the_size_limit():
    with pytest.raises(PageError, match="over the 100-byte limit"):
        parse_bytes(PAGE.encode() * 10, max_bytes=100)


def test_not_an_ogp_page():
    with pytest.raises(PageError, match="not an OGP page"):
        parse_bytes(b"<html><body><h1>Recipes</h1><p>Bake the bread for 40 minutes.</p></body></html>")


def test_text_bullets_both_dump_styles():
    # the bullet keeps its printed mark, so that a value can be shown as printed
    lines = text_lines("Institutions involved:\n\n  • Open Institute\n- Local Development Research Institute\n"
                       "-Ministère des droits de l'homme\n")
    assert [(l.text, l.bullet) for l in lines] == [
        ("Institutions involved:", False), ("Open Institute", "•"),
        ("Local Development Research Institute", "-"), ("-Ministère des droits de l'homme", False)]


def test_text_lines_break_and_collapse_at_every_unicode_space():
    # text_lines keeps a page as printed when it holds no whitespace but single spaces and
    # newlines: its list of the others must be every character str.split() breaks at
    import sys

    from ogpparse.blocks import _OTHER_SPACES
    assert set(_OTHER_SPACES) == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()} - {" ", "\n"}
    lines = text_lines("Statut:\u2003actif\nAvancement\u2028Complet\nPhase\x07 1\n")
    assert [l.text for l in lines] == ["Statut: actif", "Avancement", "Complet", "Phase\x07 1"]


def test_html_drops_chrome_and_keeps_blocks():
    markup = """<html><head><title>t</title><style>p{}</style></head><body>
      <header><nav><a>Members</a></nav></header>
      <a class="skip-link screen-reader-text">Skip Navigation</a>
      <h1>Open Data (KR0044)</h1><p>Lead Institution: <b>Ministry</b> of Interior</p>
      <ul><li>First</li><li class="active">Second</li></ul>
      <p>transparency<span class="tooltip">According to OGP... More</span> matters<br>new line</p>
      <script>var x = "Status: not text";</script><footer>Footer text</footer></body></html>"""
    lines = html_lines(markup)
    assert [(l.text, l.bullet, l.marked) for l in lines] == [
        ("Open Data (KR0044)", False, False), ("Lead Institution: Ministry of Interior", False, False),
        ("First", True, False), ("Second", True, True), ("transparency matters", False, False),
        ("new line", False, False)]


def test_html_is_detected_and_truncated_html_is_flagged():
    raw = read_bytes(b"<!DOCTYPE html><html><body><p>Skip Navigation</p><p>Text cut")
    assert raw.format == "html" and raw.complete_markup is False
    raw = read_bytes(b"<html><body><p>Text</p></body></html>")
    assert raw.complete_markup is True


def test_html_given_to_lxml_as_utf8_bytes_reads_as_the_str():
    # html_lines hands lxml the page as UTF-8 bytes when it can: a <meta charset> does not
    # change the text, what follows </html> stays unread, characters XML forbids are spaces
    assert [l.text for l in html_lines("<meta charset='iso-8859-1'><p>Réforme – fin</p>")] == ["Réforme – fin"]
    assert [l.text for l in html_lines("<p>kept</p></html><p>after the end</p>")] == ["kept"]
    for odd in ("\x0c", "\x01", "\ufffe", "\ud800"):
        assert [l.text for l in html_lines(f"<p>a{odd}b</p>")] == ["a b"]


def test_html_reference_to_a_control_character_is_read():
    # "&#12;" in a paragraph made lxml refuse the paragraph's text when a line break was set
    # into it: the whole page was an internal error (ValueError)
    assert [l.text for l in html_lines("<p>a&#12;b</p><p>next</p>")] == ["a b", "next"]


TOOLTIPS = [
    # (dump text, cleaned, source)
    ("promouvoir un vote informé et raisonné, transparenceSelon les articles de gouvernance de l'OGP, la "
     "transparence se produit lorsque \"les informations détenues par le gouvernement (y compris sur les activités "
     "et les décisions) sont ouvertes, complètes, opportunes, librement accessibles au public... Plus et "
     "participation citoyenneSelon les articles de gouvernance de l'OGP, la participation citoyenne se produit "
     "lorsque «les gouvernements cherchent à mobiliser les citoyens pour s'engager dans un débat public, fournir "
     "des commentaires et apporter des contributions qui conduisent à m ... Plus dans le processus électoral",
     "promouvoir un vote informé et raisonné, transparence et participation citoyenne dans le processus électoral",
     "seed 001, Action"),
    ("dans le cadre de l'édition 2021. des électionsAméliorer la transparence des élections et maintenir "
     "l'indépendance des commissions électorales est essentiel pour promouvoir la confiance dans le système "
     "électoral, prévenir la fraude électorale et défendre la démocratie. Plus, ce qui a été réalisé",
     "dans le cadre de l'édition 2021. des élections, ce qui a été réalisé", "seed 001, 1.1 explanation"),
    ("Action PlanAction plans are at the core of a government’s participation in OGP. They are the product of "
     "a co-creation process in which government and civil society jointly develop commitments to open "
     "governmen...: Action plan – Quezon City, Philippines, 2025 – 2028",
     "Action Plan: Action plan – Quezon City, Philippines, 2025 – 2028", "en/actionplan_quezon-city"),
    ("This document reflects our commitmentOGP commitments are promises for reform co-created by governments "
     "and civil society and submitted as part of an action plan. Commitments typically include a description "
     "of the problem, concrete action... to transparency",
     "This document reflects our commitment to transparency", "en/actionplan_quezon-city"),
    ("Plan d'action Les plans d'action sont au cœur de la participation d'un gouvernement à l'OGP. Ils sont le "
     "produit d'un processus de co-création dans lequel le gouvernement et la société civile développent "
     "conjointement des engagements en faveur d'un gouvernement ouvert... Titre",
     "Plan d'action Titre", "seed 001, compact style"),
    ("dataLABNL with Open Government allows the opening of public data and information.",
     "dataLABNL with Open Government allows the opening of public data and information.",
     "seed 004: a camel-case name is not a tooltip"),
    ("de taille, de qualité, de nature, de ... Le portail représentent un guichet unique",
     "de taille, de qualité, de nature, de ... Le portail représentent un guichet unique",
     "fr/commitment_TN0005: an ellipsis in the text is kept"),
]


@pytest.mark.parametrize("text,expected,source", TOOLTIPS, ids=[t[2] for t in TOOLTIPS])
def test_tooltips_are_removed(text, expected, source, lexicons):
    assert remove_tooltips(text, lexicons) == expected, source


def test_html_read_from_its_own_bytes_gives_the_lines_of_its_text():
    """A UTF-8 page is parsed from the bytes it was read from (RawPage.utf8), not from its
    text encoded again: the same lines either way; a page with a byte-order mark keeps none."""
    from pathlib import Path

    data = (Path(__file__).resolve().parent.parent / "fixtures/html/commitment_MXROO0006.html").read_bytes()
    raw = read_bytes(data, "page.html")
    assert raw.utf8 is data and raw.format == "html"
    lines = html_lines(raw.text, raw.utf8)
    assert lines == html_lines(raw.text)
    assert any(line.text.startswith("Quintana Roo") for line in lines[:40]), [l.text for l in lines[:40]]
    assert read_bytes(b"\xef\xbb\xbf" + data, "page.html").utf8 is None


def test_a_regular_file_is_read_in_one_system_call_unless_it_grew(tmp_path, monkeypatch):
    import os

    from ogpparse import read

    page = tmp_path / "page.txt"
    page.write_bytes(b"x" * 5000)
    reads = []
    real_read = os.read
    monkeypatch.setattr(read.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    fd = os.open(page, os.O_RDONLY)
    try:
        assert read._read_regular(fd, 5000, 10**6) == b"x" * 5000
        assert reads == [5001]  # shorter than asked: the end, no second read to find it
        # a file that grew since its fstat (3000 bytes then) is read on to its end
        os.lseek(fd, 0, os.SEEK_SET)
        reads.clear()
        assert read._read_regular(fd, 3000, 10**6) == b"x" * 5000
        assert reads[0] == 3001 and len(reads) == 3  # then the rest, then the end
        # never more than the limit
        os.lseek(fd, 0, os.SEEK_SET)
        assert read._read_regular(fd, 3000, 4000) == b"x" * 4000
    finally:
        os.close(fd)
