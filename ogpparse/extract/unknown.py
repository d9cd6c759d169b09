"""Pages of a kind ogpparse does not model (news, guides, strategy, listings): the heading."""
from __future__ import annotations

import functools

from ..blocks import Line
from ..lexicon import Lexicon
from .base import Doc
from .common import first_title

FIELDS = frozenset()
MAX_TITLE = 200  # a longer first line is a paragraph, not a heading


def extract(doc: Doc) -> dict:
    i, title = first_title(doc)
    if i is not None and _member_line_above_heading(doc, i):
        title = doc.lines[i + 1].text
    return {"title": title if title and len(title) <= MAX_TITLE else None}


def _member_line_above_heading(doc: Doc, i: int) -> bool:
    """The site prints the member's name above a page's heading, as on commitment pages
    ("QUINTANA ROO" / "Co-Create a New Strategy ..." / "Overview"): when the line after the
    next one is a label of the site (interface words such as "News" skipped), the first line
    is that member line and the next one the heading."""
    heading = doc.lines[i + 1] if i + 2 < len(doc.lines) else None
    if heading is None or heading.bullet or len(heading.text) > MAX_TITLE or _is_site_label(doc, heading):
        return False
    for line in doc.lines[i + 2:i + 4]:
        if _is_site_label(doc, line):
            return True
        if not _is_interface(doc, line):
            return False
    return False


def _is_site_label(doc: Doc, line: Line) -> bool:
    """A field label or block heading of any lexicon ("Overview"), or an interface label with
    its value ("Nivel de Gobierno: Nacional")."""
    labels, interface = _site_keys(doc.lexicons)
    whole, *before_colon = line.label_keys  # label_candidates(line.text), kept by the line
    if whole in labels:
        return True
    return any(key in labels or key in interface for key in before_colon if key)


def _is_interface(doc: Doc, line: Line) -> bool:
    """A whole line of the site's interface ("Noticias")."""
    return line.label_keys[0] in _site_keys(doc.lexicons)[1]


@functools.lru_cache(maxsize=8)
def _site_keys(lexicons: tuple[Lexicon, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(the label keys of every lexicon, the interface keys of every lexicon): a key is in
    one of the lexicons' sets when it is in their union, one look-up, not one a lexicon."""
    return (frozenset().union(*(lex.labels for lex in lexicons)),
            frozenset().union(*(lex.norm_sets.get("interface", ()) for lex in lexicons)))
