"""Inputs with the same content in one run (same SHA-256 of their bytes).

Both copies keep their record - they may come from different URLs or folders - and each
gets a `duplicate` warning naming the other(s). The copies are found before parsing, in
one cheap pass (files are hashed only when another input has the same size), because
records are written as they arrive: the first copy is already out when the second shows up.
"""
from __future__ import annotations

import hashlib
import os
import signal
from collections import defaultdict
from itertools import islice
from typing import Callable, Iterable

from .forks import child_signals, flush_standard_streams, signals_held

_NAMED = 3  # other copies named in a warning; the rest are counted


def find_duplicates(items: Iterable, processes: int = 1,
                    meanwhile: Callable[[], object] | None = None) -> dict[str, tuple[str, ...]]:
    """{input path: the paths of all the inputs with its bytes, its own included}, for
    duplicated inputs only; the copies of one page share one tuple (n copies cost n entries,
    not n * n). `items` are `PageInput`s (file or in-memory data), not yet iterated; inputs
    that failed are ignored.

    With `processes` > 1, the search runs in a forked process: the list of every input and
    its size (16 MiB at 50,000 files) is never held here, so the workers forked after it do
    not each inherit this process's grown heap (it was a fifth of a 50,000-page run's peak
    RSS). With many files to hash, that process hashes them in `processes` processes, and
    this one runs `meanwhile` as they do (a run with workers imports what they need then).
    `meanwhile` is not run when there are few files to hash."""
    if processes > 1 and hasattr(os, "fork"):
        found = _searched_in_child(items, processes, meanwhile)
        if found is not None:
            return found
    return _search(items, lambda count: None, processes=1)


def _search(items: Iterable, on_count: Callable[[int], object], processes: int) -> dict:
    """The duplicate map; `on_count` hears how many files must be hashed, before they are."""
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
    del by_size
    on_count(len(files))
    for (path, _, _), digest in zip(files, _digests(files, processes)):
        if digest:
            by_digest[digest].append(path)
    out: dict[str, tuple[str, ...]] = {}
    for paths in by_digest.values():
        if len(paths) > 1:
            group = tuple(paths)
            out.update(dict.fromkeys(group, group))
    return out


_BACKGROUND_MIN = 1000  # files to hash before forking for them pays (~5 ms a process)


def _searched_in_child(items: Iterable, processes: int, meanwhile) -> dict | None:
    """The map from a forked search process (`_search_process`), running `meanwhile` while
    it hashes many files; None if that process died or failed (the caller searches here:
    its `items` were not iterated in this process)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    flush_standard_streams()
    receiver, sender = context.Pipe(duplex=False)
    _not_inherited(receiver)
    # Not a daemon: a daemonic process may not start the hashing processes.
    process = context.Process(target=_search_process, args=(sender, items, processes))
    try:
        with signals_held():
            try:
                process.start()
            except OSError:  # no fork now (EAGAIN, ENOMEM): the search is made here
                sender.close()
                return None
        sender.close()
        try:
            if receiver.recv() >= _BACKGROUND_MIN and meanwhile:
                meanwhile()
            found = receiver.recv()
        except (EOFError, OSError):
            found = None
        process.join()  # it has sent all it had (or died): it ends now
        return found
    finally:  # still running only after an exception here (Ctrl-C): no process is left behind
        _stop(process)
        receiver.close()


_STOP_WAIT = 2.0  # seconds the search has to stop its hashing processes, before it is killed


def _stop(process) -> None:
    """SIGTERM makes the search stop its hashing processes and end (`_search_process`);
    SIGKILL, if it has not within _STOP_WAIT, would leave them running."""
    if process.pid is None:  # never started: its fork failed
        return
    if process.is_alive():
        process.terminate()
        process.join(_STOP_WAIT)
        if process.is_alive():
            process.kill()
    process.join()


def _search_process(sender, items: Iterable, processes: int) -> None:
    """The forked search: the count of files to hash, then the map, sent back. Ctrl-C is the
    main process's to handle (it stops this one with SIGTERM, which ends the hashing
    processes first: `_digests`' finally); a failure sends nothing more."""
    child_signals()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    _not_inherited(sender)
    try:
        sender.send(_search(items, sender.send, processes))
    except Exception:
        pass


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def _not_inherited(connection) -> None:
    """`connection` closed in the processes forked from here on (multiprocessing runs these
    hooks in each of its children), so that a pipe's ends are held by its two processes
    alone: a child that held the read end of its own pipe, when its reader was SIGKILLed,
    waited forever to write (no EPIPE); one that held the write end of another process's
    pipe kept that reader waiting forever for an EOF."""
    from multiprocessing import util

    util.register_after_fork(connection, _close)


def _close(connection) -> None:
    connection.close()


def _digests(files: list[tuple[str, str, int]], processes: int) -> list[str | None]:
    """The SHA-256 of each (path, file, size), in order; None for a file that cannot be read."""
    if processes < 2 or len(files) < _BACKGROUND_MIN:
        return [_file_digest(file, size) for _, file, size in files]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    step = -(-len(files) // processes)
    running = []
    try:
        for part in (files[i:i + step] for i in range(0, len(files), step)):
            receiver, sender = context.Pipe(duplex=False)
            _not_inherited(receiver)
            process = context.Process(target=_hash_part, args=(sender, part), daemon=True)
            with signals_held():
                process.start()
            sender.close()
            running.append((process, receiver, part))
        out: list[str | None] = []
        for process, receiver, part in running:
            try:
                out.extend(receiver.recv())
            except (EOFError, OSError):  # the process died or failed: its part is hashed here
                out.extend(_file_digest(file, size) for _, file, size in part)
        return out
    finally:
        for process, receiver, _ in running:
            if process.is_alive():
                process.kill()
            process.join()
            receiver.close()


def _hash_part(sender, part: list[tuple[str, str, int]]) -> None:
    """A hashing process: the digests of its part, sent back in one message. A failure sends
    nothing, and its parent hashes the part itself."""
    child_signals()
    try:
        sender.send([_file_digest(file, size) for _, file, size in part])
    except Exception:
        pass


_CHUNK = 1 << 20


def _file_digest(path: str, size: int) -> str | None:
    """The SHA-256 of a file's bytes, None if it cannot be read. Read with os.open and
    os.read, not a file object (its own fstat and object for each of thousands of pages);
    a page is one read of its size + 1, which, shorter than asked, has met the end of the
    file (a 1 MiB buffer for each page was a third of the search's time)."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            return _digest_of(fd, size)
        finally:
            os.close(fd)
    except OSError:
        return None


def _digest_of(fd: int, size: int) -> str:
    asked = min(size + 1, _CHUNK)
    first = os.read(fd, asked)
    digest = hashlib.sha256(first)
    if len(first) == asked:  # a large file, or one that grew since its size was read
        while chunk := os.read(fd, _CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def mark_duplicate(record: dict, duplicates: dict[str, tuple[str, ...]]) -> dict:
    """`record` with a `duplicate` warning when its input has copies in the run."""
    path = (record.get("source") or {}).get("path")
    copies = duplicates.get(path)
    if not copies or "page_type" not in record:
        return record
    # Its own path is in `copies`, once left out (an input given twice names the other time).
    others = list(islice(_all_but_one(copies, path), _NAMED))
    more = len(copies) - 1 - len(others)
    named = ", ".join(others) + (f" and {more} more" if more else "")
    warning = {"code": "duplicate", "field": None,
               "message": f"same content (SHA-256) as {named}; both records kept"}
    return {**record, "warnings": [*(record.get("warnings") or []), warning]}


def _all_but_one(paths: tuple[str, ...], path: str):
    """`paths` without the first occurrence of `path` (lazily: a warning names three)."""
    left_out = False
    for p in paths:
        if p == path and not left_out:
            left_out = True
            continue
        yield p
