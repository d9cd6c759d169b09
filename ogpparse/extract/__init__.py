"""Stage 4: one extractor per page type, all reading a `Doc` and returning a plain dict of
canonical fields (validated into the Pydantic model by the pipeline)."""
from __future__ import annotations

import importlib

MODULES = {
    "commitment": "commitment",
    "action_plan": "action_plan",
    "commitment_report": "report",
    "member": "member",
    "irm_report": "irm_report",
    "unknown": "unknown",
}


def extractor(page_type: str):
    """The module of a page type (imported on first use): `FIELDS`, the canonical fields its
    labels may name, `extract(doc) -> dict`, and, when it builds tables from the lexicons on
    its first page, `prepare(lexicons)` that builds them (pipeline.prepare)."""
    return importlib.import_module(f".{MODULES[page_type]}", __name__)
