"""The input side: what the command line names, as a stream of `PageInput`.

Imports go one way: `base` (the PageInput type, the limits, shared helpers) at the bottom;
`files`, `archives` (zip, tar) and `warc` above it, one per container kind; `walk` (the
paths named on the command line) on top.
"""
from .base import DEFAULT_LIMITS, Limits, PageInput
from .walk import archive_kind, count_pages, iter_archive, iter_inputs, output_among_inputs, rereadable

__all__ = ["DEFAULT_LIMITS", "Limits", "PageInput", "archive_kind", "count_pages", "iter_archive", "iter_inputs",
           "output_among_inputs", "rereadable"]
