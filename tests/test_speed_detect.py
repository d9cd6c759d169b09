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


LINES = ["Overview", "Milestones", "Milestones:", "Lead Institution: Ministry (p0)", "Status: Active",
         "Ambition (note: x): High", "Some text: with a colon", "Plain paragraph of text.", "",
         "Description", "Jalons:", "Fecha de inicio: 2020", "Action Plan Submission: 2021", " : "]


def _label_of(lex, lexicons, fields, line):
    """Doc._label_of as it was: the plain reading _read_labels makes inline."""
    from ogpparse.extract.base import Hit, label_fields, label_fields_after_colon
    from ogpparse.lexicon import label_colon
    by_key, before = label_fields(lex, lexicons, fields), label_fields_after_colon(lex, lexicons, fields)
    keys = line.label_keys
    if not (keys[0] in by_key or (len(keys) > 1 and keys[1] in by_key)):
        return None
    found = (by_key if len(keys) == 1 else before).get(keys[0])
    if found:
        return Hit(found, line.text.rstrip(" :"), None)
    if len(keys) > 1 and (found := before.get(keys[1])):
        colon = label_colon(line.text)
        return Hit(found, line.text[:colon].strip(), line.text[colon + 1:].strip())
    return None


def test_doc_hits_and_heading_alone_as_before():
    from ogpparse.extract import MODULES, extractor
    from ogpparse.extract.base import Doc, is_heading_alone
    lexicons = lexicons_for()
    for lex in lexicons:
        for fields in (None, *(extractor(m).FIELDS for m in MODULES)):
            lines = [Line(t) for t in LINES]
            doc = Doc(lines, lex, lexicons, fields=fields)
            assert doc.hits == [_label_of(lex, lexicons, fields, line) for line in lines]
            for f, where in doc._where.items():
                assert where == [i for i, h in enumerate(doc.hits) if h and f in h.fields]
            if fields is None:
                for line in lines:
                    assert is_heading_alone(line, lex, lexicons) == Doc([line], lex, lexicons).is_heading(0)


def test_labels_reach_is_label_strength_compared():
    lexicons = lexicons_for()
    pages = [LINES, LINES[7:9], ["Overview", "Plain"], ["Description"], [], LINES * 40]
    for texts in pages:
        lines = [Line(t) for t in texts]
        strength = detect.label_strength(lines, lexicons)
        for needed in (0, 1, 2, 3, 50):
            assert detect.labels_reach(lines, lexicons, needed) == (strength >= needed), (texts[:3], needed)
    # a lexicon set whose shares are rounded (thirds) takes label_strength's count
    three = lexicons + lexicons[:1]
    lines = [Line(t) for t in LINES]
    assert detect.labels_reach(lines, three, 2) == (detect.label_strength(lines, three) >= 2)
