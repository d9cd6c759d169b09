"""The Python API. The command line calls these same functions.

    from ogpparse import parse_file, parse_text, extract_paths
    record = parse_file("page.txt")          # a Pydantic model (Commitment, ActionPlan, ...)
    record.commitment_id, record.milestones
"""
from __future__ import annotations

import sys
import time
from typing import Callable

from .pipeline import PageError, parse_bytes, parse_file, parse_text  # noqa: F401 - the public API


def extract_paths(paths: list[str], *, fmt: str = "json", output: str | None = None, jobs: int = 0,
                  glob: str | None = None, quiet: bool = False, excel: bool = False,
                  lexicon_dirs: tuple[str, ...] = (), max_page_bytes: int | None = None,
                  max_archive_bytes: int | None = None,
                  echo_error: Callable[[str], None] | None = None) -> int:
    """Extract every page under `paths` and write the records; returns the exit code
    (0 all pages parsed, 1 at least one failed). One line per failed page goes to
    `echo_error` (stderr by default)."""
    from .archives import DEFAULT_LIMITS, Limits
    from .export import write_records
    from .runner import Options, Summary, default_jobs, parse_all, tracked
    from .sources import count_pages, iter_inputs

    echo_error = echo_error or (lambda m: print(m, file=sys.stderr))
    limits = Limits(max_page_bytes or DEFAULT_LIMITS.max_page_bytes,
                    max_archive_bytes or DEFAULT_LIMITS.max_archive_bytes)
    options = Options(lexicon_dirs=lexicon_dirs, max_page_bytes=limits.max_page_bytes, render=fmt)
    summary = Summary()
    show_progress = not quiet and sys.stderr.isatty()
    progress = Progress(count_pages(list(paths), glob)) if show_progress else None

    def on_error(entry: dict) -> None:
        if progress:
            progress.clear()
        echo_error(f"ogpparse: {entry['path']}: {entry['error']}")

    items = iter_inputs(list(paths), glob, limits=limits)
    results = parse_all(items, options, jobs=jobs or default_jobs())
    write_records(tracked(results, summary, on_error, progress), fmt, output, excel=excel)
    if progress:
        progress.clear()
    if summary.pages == 0:
        echo_error("ogpparse: no pages found in " + ", ".join(paths))
        return 1
    if not quiet:
        print(summary.line(), file=sys.stderr)
    return 1 if summary.failures else 0


def load_records(paths: list[str], *, jobs: int = 0, lexicon_dirs: tuple[str, ...] = ()) -> list[dict]:
    """Records from an extraction (a .json or .jsonl file written by ogpparse) or, for pages
    (files, folders, archives), by extracting them now."""
    from .export import read_records
    from .runner import Options, default_jobs, parse_all
    from .sources import iter_inputs

    if len(paths) == 1 and paths[0].endswith((".jsonl", ".json")):
        return read_records(paths[0])
    results = parse_all(iter_inputs(list(paths)), Options(lexicon_dirs=lexicon_dirs), jobs=jobs or default_jobs())
    return [r.payload for r in results]


def validate_paths(paths: list[str], *, strict: bool = False, baseline: str | None = None,
                   jobs: int = 0, lexicon_dirs: tuple[str, ...] = ()):
    """Check a snapshot (see ogpparse.check); returns a `check.Result`."""
    from .check import compare, validate_records
    from .export import read_records

    records = load_records(paths, jobs=jobs, lexicon_dirs=lexicon_dirs)
    result = validate_records(records, strict=strict)
    if baseline:
        comparison = compare(read_records(baseline), records)
        result.problems.extend(comparison.problems)
        result.changes.extend(comparison.changes)
    return result


def diff_paths(old: str, new: str, *, jobs: int = 0, lexicon_dirs: tuple[str, ...] = ()):
    """What changed from one snapshot to the other (folders of pages or extractions)."""
    from .check import compare

    return compare(load_records([old], jobs=jobs, lexicon_dirs=lexicon_dirs),
                   load_records([new], jobs=jobs, lexicon_dirs=lexicon_dirs))


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
        sys.stderr.write(f"\r{bar}{done} pages, {rate:,.0f}/s, {summary.failures} failed ")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()
