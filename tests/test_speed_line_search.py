"""line_search's screen rules out only patterns that find nothing: first_match and
any_search answer as the plain loops over every line and every pattern do."""
import re
import random
from pathlib import Path

from ogpparse.lexicon import load_all
from ogpparse.line_search import any_search, first_match, needed_texts

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


def _plain_first(patterns, texts):
    for text in texts:
        for k, p in enumerate(patterns):
            m = p.search(text)
            if m:
                return k, m
    return None


def _same(a, b):
    return (a is None and b is None) or (a is not None and b is not None and a[0] == b[0]
                                         and a[1].span() == b[1].span() and a[1].groupdict() == b[1].groupdict())


def _pattern_lists():
    lexicons = tuple(load_all().values())
    names = sorted({name for lex in lexicons for name in lex.patterns})
    return [tuple(p for lex in lexicons for p in lex.patterns.get(name, ())) for name in names]


def test_needed_texts_of_lexicon_patterns():
    lex = load_all()["en"]
    assert needed_texts(lex.patterns["member_since"][0]) == ("member since",)
    assert "progress report" in needed_texts(lex.patterns["page_type:irm_report"][0])


def test_first_match_as_the_plain_loop_on_fixture_pages():
    lists = _pattern_lists()
    rng = random.Random(16)
    found = 0
    pages = sorted(p for p in CORPUS.rglob("*.txt"))
    assert len(pages) > 100
    for page in pages:
        lines = [s.strip() for s in page.read_text(encoding="utf-8").splitlines() if s.strip()][:60]
        # the page as printed, with its letters' case changed, and with "ı", "ſ", "İ" (which
        # match "i", "s", "i" when case is ignored) in place of some letters
        odd = [s.replace("s", "ſ").replace("i", rng.choice("ıİi")) for s in lines]
        for texts in (lines, [s.swapcase() for s in lines], odd):
            for patterns in lists:
                expected = _plain_first(patterns, texts)
                assert _same(first_match(patterns, texts), expected), (page, patterns[0].pattern)
                found += expected is not None
                for text in texts[:8]:
                    assert any_search(patterns, text) == any(p.search(text) for p in patterns)
    assert found > 300  # the pages do state the sentences and titles the patterns read


def test_a_pattern_the_private_parser_fails_on_is_searched_unscreened(monkeypatch):
    from ogpparse import line_search

    def broken(pattern):
        raise AttributeError("re._parser changed")

    monkeypatch.setattr(line_search, "needed_texts", broken)
    line_search._needs.cache_clear()
    patterns = (re.compile(r"independent (?:researcher|evaluator)", re.I),)
    try:
        assert any_search(patterns, "Written by an Independent Researcher, 2019")
        assert not any_search(patterns, "Written by the government")
        assert first_match(patterns, ["x", "an INDEPENDENT evaluator"])[1].group() == "INDEPENDENT evaluator"
    finally:
        line_search._needs.cache_clear()
