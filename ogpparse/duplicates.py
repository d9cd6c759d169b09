"""Inputs with the same content in one run (same SHA-256 of their bytes).

Both copies keep their record - they may come from different URLs or folders - and each
gets a `duplicate` warning naming the other(s). The copies are found before parsing, in
one cheap pass (files are hashed only when another input has the same size), because
records are written as they arrive: the first copy is already out when the second shows up.
"""
from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from typing import Iterable

_NAMED = 3  # other copies named in a warning; the rest are counted


def find_duplicates(items: Iterable) -> dict[str, tuple[str, ...]]:
    """{input path: paths of the other inputs with the same bytes}, for duplicated inputs only.
    `items` are `PageInput`s (file or in-memory data); inputs that failed are ignored."""
    by_digest: dict[str, list[str]] = defaultdict(list)
    by_size: dict[int, list[tuple[str, str]]] = defaultdict(list)  # size -> [(path, file)]
    for item in items:
        if item.error:
            continue
        if item.data is not None:
            by_digest[hashlib.sha256(item.data).hexdigest()].append(item.path)
        elif item.file is not None:
            try:
                by_size[os.stat(item.file).st_size].append((item.path, item.file))
            except OSError:
                continue  # the parse reports it
    for size, files in by_size.items():
        if len(files) > 1:
            for path, file in files:
                digest = _file_digest(file, size)
                if digest:
                    by_digest[digest].append(path)
    out: dict[str, tuple[str, ...]] = {}
    for paths in by_digest.values():
        if len(paths) > 1:
            for i, path in enumerate(paths):
                out[path] = tuple(paths[:i] + paths[i + 1:])
    return out


_CHUNK = 1 << 20


def _file_digest(path: str, size: int) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb", buffering=0) as fh:
            if size < _CHUNK:  # a page: one read of its size (a 1 MiB buffer for each was
                digest.update(fh.read(size + 1))  # a third of the search's time)
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def mark_duplicate(record: dict, duplicates: dict[str, tuple[str, ...]]) -> dict:
    """`record` with a `duplicate` warning when its input has copies in the run."""
    others = duplicates.get((record.get("source") or {}).get("path"))
    if not others or "page_type" not in record:
        return record
    named = ", ".join(others[:_NAMED]) + (f" and {len(others) - _NAMED} more" if len(others) > _NAMED else "")
    warning = {"code": "duplicate", "field": None,
               "message": f"same content (SHA-256) as {named}; both records kept"}
    return {**record, "warnings": [*(record.get("warnings") or []), warning]}
