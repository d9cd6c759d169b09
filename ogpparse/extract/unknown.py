"""Pages of a kind ogpparse does not model (news, guides, listings): the title only."""
from __future__ import annotations

from .base import Doc
from .common import first_title


FIELDS = frozenset()


def extract(doc: Doc) -> dict:
    return {"title": first_title(doc)[1]}
