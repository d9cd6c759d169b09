"""Batch runs: every input page to a record or an error entry, in input order, optionally in
worker processes. Memory stays flat: only a bounded window of pages is in flight."""
from __future__ import annotations

import os
import signal
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .export import Rendered
from .read import DEFAULT_MAX_BYTES
from .sources import PageInput

_BATCH = 16  # pages per task sent to a worker: fewer, larger messages


@dataclass(frozen=True)
class Options:
    lexicon_dirs: tuple[str, ...] = ()
    max_page_bytes: int = DEFAULT_MAX_BYTES
    render: str | None = None  # "json" | "jsonl" | "csv": serialise in the worker
    duplicates: dict = field(default_factory=dict)  # path -> other paths, same bytes (duplicates.py)


def error_entry(item: PageInput, reason: str) -> dict:
    source = {"path": item.path, **{k: v for k, v in item.source.items() if v is not None}}
    return {"source": source, "error": reason}


def parse_input(item: PageInput, options: Options) -> dict:
    """One input to a record (as a dict) or an error entry; never raises for a bad page."""
    from .pipeline import PageError, parse_bytes, parse_file

    if item.error:
        return error_entry(item, item.error)
    try:
        if item.data is not None:
            record = parse_bytes(item.data, item.path, lexicon_dirs=options.lexicon_dirs,
                                 max_bytes=options.max_page_bytes, source=item.source)
        else:
            record = parse_file(item.file, lexicon_dirs=options.lexicon_dirs, max_bytes=options.max_page_bytes)
        return record.model_dump(mode="json")
    except PageError as exc:
        return error_entry(item, str(exc))
    except RecursionError:
        return error_entry(item, "page too deeply nested to read")
    except Exception as exc:  # a bug must not lose the other pages: report it as this page's error
        return error_entry(item, f"internal error ({type(exc).__name__}: {exc})")


def process(item: PageInput, options: Options) -> Rendered:
    """Parse one input and serialise it as the output format wants, in the worker."""
    from .export import renderer

    record = parse_input(item, options)
    if options.duplicates:
        from .duplicates import mark_duplicate

        record = mark_duplicate(record, options.duplicates)
    info = {"path": record["source"]["path"], "page_type": record.get("page_type"),
            "language": record.get("language"), "error": record.get("error")}
    return Rendered(info, renderer(options.render)(record) if options.render else record)


def _process_batch(batch: list[PageInput], options: Options) -> list[Rendered]:
    return [process(item, options) for item in batch]


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the main process, which stops them and removes its output."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _batches(items: Iterable[PageInput], size: int) -> Iterator[list[PageInput]]:
    batch: list[PageInput] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def parse_all(items: Iterable[PageInput], options: Options = Options(), jobs: int = 1) -> Iterator[Rendered]:
    """Results in input order, whatever `jobs` is."""
    if jobs <= 1:
        for item in items:
            yield process(item, options)
        return
    window = jobs * 4  # batches in flight: memory stays flat however many pages come
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_quiet_worker)
    try:
        pending: deque = deque()
        for batch in _batches(items, _BATCH):
            pending.append(pool.submit(_process_batch, batch, options))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: do not wait for queued pages
        raise
    pool.shutdown()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass
class Summary:
    started: float = field(default_factory=time.monotonic)
    pages: int = 0
    failures: int = 0
    kinds: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)

    def add(self, info: dict) -> None:
        self.pages += 1
        if info.get("error"):
            self.failures += 1
        else:
            self.kinds[info.get("page_type")] += 1
            self.languages[info.get("language") or "?"] += 1

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.kinds.items())) or "none"
        langs = ", ".join(f"{k} {n}" for k, n in sorted(self.languages.items())) or "none"
        rate = self.pages / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.pages} pages: {self.pages - self.failures} records ({kinds}; {langs}), "
                f"{self.failures} failed, {self.seconds:.1f} s ({rate:.0f} pages/s)")


def tracked(results: Iterable[Rendered], summary: Summary, on_error: Callable[[dict], None] | None = None,
            progress: Callable[[Summary], None] | None = None) -> Iterator[Rendered]:
    """Pass results through, counting them, reporting errors and progress as they go."""
    for result in results:
        summary.add(result.info)
        if on_error and result.info.get("error"):
            on_error(result.info)
        if progress:
            progress(summary)
        yield result
