"""Pages of a kind ogpparse does not model (news, guides, strategy, listings): the heading."""
from __future__ import annotations

from .base import Doc
from .common import first_title

FIELDS = frozenset()
MAX_TITLE = 200  # a longer first line is a paragraph, not a heading


def extract(doc: Doc) -> dict:
    _, title = first_title(doc)
    return {"title": title if title and len(title) <= MAX_TITLE else None}
