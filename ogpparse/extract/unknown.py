"""Pages of a kind ogpparse does not model (news, guides, strategy, listings): the heading."""
from __future__ import annotations

from ..detect import label_candidates
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
    if heading is None or heading.bullet or len(heading.text) > MAX_TITLE or _is_site_label(doc, heading.text):
        return False
    for line in doc.lines[i + 2:i + 4]:
        if _is_site_label(doc, line.text):
            return True
        if not _is_interface(doc, line.text):
            return False
    return False


def _is_site_label(doc: Doc, text: str) -> bool:
    """A field label or block heading of any lexicon ("Overview"), or an interface label with
    its value ("Nivel de Gobierno: Nacional")."""
    whole, *before_colon = label_candidates(text)
    if any(whole in lex.labels for lex in doc.lexicons):
        return True
    return any(key in lex.labels or key in lex.norm_sets.get("interface", ())
               for key in before_colon if key for lex in doc.lexicons)


def _is_interface(doc: Doc, text: str) -> bool:
    """A whole line of the site's interface ("Noticias")."""
    return any(label_candidates(text)[0] in lex.norm_sets.get("interface", ()) for lex in doc.lexicons)
