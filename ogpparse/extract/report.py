"""Placeholder until the extractor for this page kind is written."""
from __future__ import annotations

from .base import Doc
from .common import first_title


FIELDS = frozenset()


def extract(doc: Doc) -> dict:
    return {"title": first_title(doc)[1]}
