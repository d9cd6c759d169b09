"""Inputs: the pages named on the command line, as a stream of `PageInput`.

A path may be a file, a folder (walked recursively, in sorted order), or "-" for standard
input. Archives (zip, tar, WARC) are opened by `archives.py` and streamed the same way.
"""
from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator



@dataclass
class PageInput:
    path: str  # as shown to the user: "dir/page.txt", "pages.zip!a/b.html"
    file: str | None = None  # read from this file in the worker ...
    data: bytes | None = None  # ... or parse these bytes
    source: dict = field(default_factory=dict)  # extra source fields (archive, member, url...)
    error: str | None = None  # the input failed before it could be parsed


def iter_inputs(paths: list[str], glob: str | None = None, *, limits=None) -> Iterator[PageInput]:
    from .archives import archive_kind, iter_archive

    for raw in paths:
        if raw == "-":
            yield PageInput(path="-", data=sys.stdin.buffer.read())
            continue
        p = Path(raw)
        if p.is_dir():
            yield from _walk(p, glob, limits)
        elif not p.exists():
            yield PageInput(path=raw, error="no such file or folder")
        elif archive_kind(p):
            yield from iter_archive(p, glob, limits)
        else:
            yield PageInput(path=raw, file=raw)


def count_pages(paths: list[str], glob: str | None = None) -> int | None:
    """How many pages the inputs hold, when that is cheap to know (files and folders only;
    None with archives or stdin, whose pages are only known by reading them)."""
    from .archives import archive_kind

    total = 0
    for raw in paths:
        p = Path(raw)
        if raw == "-" or archive_kind(p):
            return None
        if p.is_dir():
            for item in _walk(p, glob, None):
                if item.file is None:
                    return None  # an archive inside the folder
                total += 1
        else:
            total += 1
    return total


def _walk(root: Path, glob: str | None, limits) -> Iterator[PageInput]:
    from .archives import archive_kind, iter_archive

    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith((".json", ".jsonl", ".csv", ".md", ".py", ".toml")):
                continue  # expected outputs and notes beside the pages are not pages
            path = Path(dirpath, name)
            rel = str(path)
            if archive_kind(path):
                yield from iter_archive(path, glob, limits)
            elif glob is None or fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(rel, glob):
                yield PageInput(path=rel, file=rel)
