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
from typing import Callable, Iterable

from .forks import child_signals, flush_standard_streams, signals_held

_NAMED = 3  # other copies named in a warning; the rest are counted


def find_duplicates(items: Iterable, processes: int = 1,
                    meanwhile: Callable[[], object] | None = None) -> dict[str, tuple[str, ...]]:
    """{input path: paths of the other inputs with the same bytes}, for duplicated inputs only.
    `items` are `PageInput`s (file or in-memory data); inputs that failed are ignored.

    With `processes` > 1 and many files to hash, the files are hashed by that many forked
    processes, and this one runs `meanwhile` as they do (a run with workers imports what they
    need then): on 50,000 bench pages the search took 1.4 s of CPU, one core's work while
    the other waited. `meanwhile` is not run when the files are hashed here."""
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
    files = [(path, file, size) for size, same in by_size.items() if len(same) > 1 for path, file in same]
    for (path, _, _), digest in zip(files, _digests(files, processes, meanwhile)):
        if digest:
            by_digest[digest].append(path)
    out: dict[str, tuple[str, ...]] = {}
    for paths in by_digest.values():
        if len(paths) > 1:
            for i, path in enumerate(paths):
                out[path] = tuple(paths[:i] + paths[i + 1:])
    return out


_BACKGROUND_MIN = 1000  # files to hash before forking for them pays (~5 ms a process)


def _digests(files: list[tuple[str, str, int]], processes: int, meanwhile) -> list[str | None]:
    """The SHA-256 of each (path, file, size), in order; None for a file that cannot be read."""
    if processes < 2 or len(files) < _BACKGROUND_MIN or not hasattr(os, "fork"):
        return [_file_digest(file, size) for _, file, size in files]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    flush_standard_streams()
    step = -(-len(files) // processes)
    running = []
    try:
        for part in (files[i:i + step] for i in range(0, len(files), step)):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_hash_part, args=(sender, part), daemon=True)
            with signals_held():
                process.start()
            sender.close()
            running.append((process, receiver, part))
        if meanwhile:
            meanwhile()
        out: list[str | None] = []
        for process, receiver, part in running:
            try:
                out.extend(receiver.recv())
            except (EOFError, OSError):  # the process died or failed: its part is hashed here
                out.extend(_file_digest(file, size) for _, file, size in part)
        return out
    finally:  # also on Ctrl-C: no process is left behind
        for process, receiver, _ in running:
            if process.is_alive():
                process.kill()
            process.join()
            receiver.close()


def _hash_part(sender, part: list[tuple[str, str, int]]) -> None:
    """A hashing process: the digests of its part, sent back in one message. Ctrl-C is the
    main process's to handle (it stops this one); a failure sends nothing, and the main
    process hashes the part itself."""
    child_signals()
    try:
        sender.send([_file_digest(file, size) for _, file, size in part])
    except Exception:
        pass


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
