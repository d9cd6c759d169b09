"""The Python API. The command line calls these same functions.

    from ogpparse import parse_file, parse_text, extract_paths
    record = parse_file("page.txt")          # a Pydantic model (Commitment, ActionPlan, ...)
    record.commitment_id, record.milestones
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from typing import Callable

from .pipeline import PageError, parse_bytes, parse_file, parse_text  # noqa: F401 - the public API


def extract_paths(paths: list[str], *, fmt: str = "json", output: str | None = None, jobs: int = 0,
                  glob: str | None = None, quiet: bool = False, excel: bool = False,
                  lexicon_dirs: tuple[str, ...] = (), max_page_bytes: int | None = None,
                  max_archive_bytes: int | None = None,
                  echo_error: Callable[[str], None] | None = None, provenance: bool = False,
                  snapshot: str | None = None) -> int:
    """Extract every page under `paths` and write the records; returns the exit code
    (0 all pages parsed, 1 at least one failed). One line per failed page goes to
    `echo_error` (stderr by default). `provenance`: each record says where its values were
    read (with csv, a provenance.csv table)."""
    from .inputs import DEFAULT_LIMITS, Limits
    from .export import write_records
    from .runner import Options, Summary, default_jobs, parse_all, tracked
    from .inputs import count_pages, iter_inputs

    echo_error = echo_error or (lambda m: print(m, file=sys.stderr))
    limits = Limits(max_page_bytes or DEFAULT_LIMITS.max_page_bytes,
                    max_archive_bytes or DEFAULT_LIMITS.max_archive_bytes)
    jobs = jobs or default_jobs()
    options = Options(lexicon_dirs=lexicon_dirs, max_page_bytes=limits.max_page_bytes, render=fmt,
                      provenance=provenance)
    options = replace(options, duplicates=_copies(paths, options, jobs, glob=glob, limits=limits))
    summary = Summary()
    show_progress = not quiet and sys.stderr.isatty()
    progress = Progress(count_pages(list(paths), glob)) if show_progress else None

    def on_error(entry: dict) -> None:
        if progress:
            progress.clear()
        echo_error(f"ogpparse: {entry['path']}: {entry['error']}")

    items = iter_inputs(list(paths), glob, limits=limits)
    results = parse_all(items, options, jobs=jobs)
    extra = {"provenance": True} if provenance and fmt in ("csv", "sqlite") else {}
    if fmt == "sqlite":
        extra["snapshot"] = snapshot
    write_records(tracked(results, summary, on_error, progress), fmt, output, excel=excel, **extra)
    if progress:
        progress.clear()
    if summary.pages == 0:
        echo_error("ogpparse: no pages found in " + ", ".join(paths))
        return 1
    if not quiet:
        print(summary.line(), file=sys.stderr)
    return 1 if summary.failures else 0


def page_records(paths: list[str], *, jobs: int = 0, lexicon_dirs: tuple[str, ...] = ()):
    """The records of pages (files, folders, archives), parsed now, as a stream in input order;
    copies of one page carry the `duplicate` warning, as in `extract`."""
    from .runner import Options, default_jobs, parse_all
    from .inputs import iter_inputs

    jobs = jobs or default_jobs()
    options = Options(lexicon_dirs=lexicon_dirs)
    options = replace(options, duplicates=_copies(paths, options, jobs))
    results = parse_all(iter_inputs(list(paths)), options, jobs=jobs)
    return (r.payload for r in results if r.payload is not None)  # skipped WARC records have none


def _copies(paths: list[str], options, jobs: int, glob: str | None = None, limits=None) -> dict:
    """The run's duplicate map (duplicates.py). With workers to come, it is searched in
    another process, and many files are hashed in `jobs` processes while this one imports
    what the workers will inherit; a few page files named one by one are searched here (the
    process is there to keep the list of a folder's thousands of files out of this one)."""
    from .duplicates import find_duplicates
    from .inputs import archive_kind, iter_inputs, rereadable
    from .runner import ready_for_workers

    # stdin and pipes are read once, by the run itself: they take no part in the search
    searched = [p for p in paths if rereadable(p)]
    if len(searched) < _NAMED_FILES_SEARCHED_HERE and not any(
            os.path.isdir(p) or archive_kind(p) for p in searched):
        jobs = 1
    return find_duplicates(iter_inputs(searched, glob, limits=limits), processes=jobs,
                           meanwhile=lambda: ready_for_workers(options))


_NAMED_FILES_SEARCHED_HERE = 1000  # a fork costs ~3 ms, a one-page run ~200


def load_records(paths: list[str], *, jobs: int = 0, lexicon_dirs: tuple[str, ...] = ()) -> list[dict]:
    """Records from an extraction (a .json or .jsonl file written by ogpparse) or, for pages
    (files, folders, archives), by extracting them now. Raises `SnapshotError` for an
    extraction that cannot be read."""
    from .snapshot import is_extraction, read_extraction

    if len(paths) == 1 and is_extraction(paths[0]):
        return list(read_extraction(paths[0]))
    return list(page_records(paths, jobs=jobs, lexicon_dirs=lexicon_dirs))


def read_snapshot_at(paths: list[str], *, jobs: int = 0, lexicon_dirs: tuple[str, ...] = (), each=None):
    """A `snapshot.Snapshot` of `paths` (pages or one extraction); `each` sees every record."""
    from .snapshot import read_snapshot

    return read_snapshot(paths, pages=lambda p: page_records(p, jobs=jobs, lexicon_dirs=lexicon_dirs), each=each)


def validate_paths(paths: list[str], *, strict: bool = False, baseline: str | None = None,
                   jobs: int = 0, lexicon_dirs: tuple[str, ...] = (), baseline_missing: str = "fail"):
    """Check a snapshot (see ogpparse.check); returns a `check.Result`. A baseline that
    cannot be read raises `SnapshotError` - also when it is missing, unless `baseline_missing`
    is "ok" (a first run): then the result has a note and no comparison."""
    import os

    from .check import RecordChecker, compare
    from .field_lines import add_field_lines
    from .snapshot import SnapshotError

    old = None
    if baseline:  # read first: a bad baseline fails before the long parse of the snapshot
        if not os.path.exists(baseline):
            if baseline_missing != "ok":
                raise SnapshotError(baseline, "no such file (no baseline yet? --baseline-missing ok "
                                              "checks without one on a first run)")
        else:
            old = read_snapshot_at([baseline], jobs=jobs, lexicon_dirs=lexicon_dirs)
    checker = RecordChecker(strict)
    new = read_snapshot_at(paths, jobs=jobs, lexicon_dirs=lexicon_dirs, each=checker)
    result = checker.result
    if baseline and old is None:
        result.notes.append(f"no baseline yet ({baseline} does not exist): drift and changes not checked")
    if old is not None:
        result.extend(compare(old, new))
        # The CI reports name the page line of each drifted or changed field.
        add_field_lines(result, jobs=jobs, lexicon_dirs=lexicon_dirs)
    return result


def diff_paths(old: str, new: str, *, jobs: int = 0, lexicon_dirs: tuple[str, ...] = ()):
    """What changed from one snapshot to the other (folders of pages or extractions); raises
    `SnapshotError` for a path that cannot be read."""
    from .check import compare

    before = read_snapshot_at([old], jobs=jobs, lexicon_dirs=lexicon_dirs)
    return compare(before, read_snapshot_at([new], jobs=jobs, lexicon_dirs=lexicon_dirs))


class Progress:
    """A one-line progress report on a terminal, redrawn at most ten times a second:
    pages done (of the total when known), pages per second, failures so far."""

    def __init__(self, total: int | None = None):
        self.last = 0.0
        self.total = total

    def __call__(self, summary) -> None:
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        rate = summary.pages / summary.seconds if summary.seconds else 0
        done = f"{summary.pages:,}/{self.total:,}" if self.total else f"{summary.pages:,}"
        bar = ""
        if self.total:
            filled = int(20 * summary.pages / self.total)
            bar = "[" + "#" * filled + "." * (20 - filled) + "] "
        sys.stderr.write(f"\r{bar}{done} pages, {rate:,.0f}/s, {summary.failures:,} failed ")
        sys.stderr.flush()
        self.drawn = True

    def clear(self) -> None:
        """End the progress line with a newline, so the next message starts on its own line
        (a bare carriage return left messages written over the bar in logs and some terminals)."""
        if getattr(self, "drawn", False):
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.drawn = False
