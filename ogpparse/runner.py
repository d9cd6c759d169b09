"""Batch runs: every input page to a record or an error entry, in input order, optionally in
worker processes. Memory stays flat: only a bounded window of pages is in flight."""
from __future__ import annotations

import functools
import gc
import itertools
import os
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .forks import child_signals, signals_held
from .output import Rendered, as_dict
from .read import DEFAULT_MAX_BYTES
from .inputs.base import PageInput

# Pages per task sent to a worker. Each task costs the main process ~0.3 ms of CPU (its
# three threads hand the batch and its result on, waking one another), on a core the
# workers need: bench/run.py's 10,000 text pages cost it 30 us a page in batches of 16,
# 16 us in batches of 64; 128 took 0.975x the wall time of 64 on those pages (farm-bench,
# 6 pairs), 256 no less than 128. The first batches are small, so that a run of a few
# hundred pages is shared evenly between the workers; the later ones larger. A batch of
# archive members (their bytes go with it) also ends at _BATCH_BYTES.
_BATCH = 16
_BATCH_LATER = 128
_SMALL_BATCHES = 8
_BATCH_BYTES = 4 * 2**20


@dataclass(frozen=True)
class Options:
    lexicon_dirs: tuple[str, ...] = ()
    max_page_bytes: int = DEFAULT_MAX_BYTES
    render: str | None = None  # "json" | "jsonl" | "csv": serialise in the worker
    duplicates: dict = field(default_factory=dict)  # path -> all paths with its bytes, its own too (duplicates.py)
    provenance: bool = False  # records carry where each value was read (provenance.py)


def error_entry(item: PageInput, reason: str) -> dict:
    source = {"path": item.path, **{k: v for k, v in item.source.items() if v is not None}}
    return {"source": source, "error": reason}


def parse_input(item: PageInput, options: Options) -> dict:
    """One input to a record (as a dict) or an error entry; never raises for a bad page."""
    return as_dict(parse_record(item, options))


@functools.lru_cache(maxsize=1)
def _pipeline():
    """ogpparse.pipeline, imported on first use (it loads every stage, which a run that
    parses no page does not need) and kept: an import statement costs ~9,000 instructions
    a page to find the module it found before."""
    from . import pipeline

    return pipeline


def parse_record(item: PageInput, options: Options):
    """One input to a record (the validated model, left for the writer to serialise) or an
    error entry (a dict); never raises for a bad page."""
    pipeline = _pipeline()
    if item.error:
        return error_entry(item, item.error)
    try:
        if item.data is not None:
            record = pipeline.parse_bytes(item.data, item.path, lexicon_dirs=options.lexicon_dirs,
                                          max_bytes=options.max_page_bytes, source=item.source,
                                          provenance=options.provenance)
        else:
            record = pipeline.parse_file(item.file, lexicon_dirs=options.lexicon_dirs,
                                         max_bytes=options.max_page_bytes, provenance=options.provenance)
        if item.file is not None and record.source.path != item.path:
            # the record names the file as the user is shown it: a name that is not UTF-8 is
            # escaped (the real name, with its surrogates, could not be written as JSON).
            # Most names are shown as they are: then no Pydantic __setattr__ (~2,500
            # instructions more than this comparison)
            record.source.path = item.path
        return record
    except pipeline.PageError as exc:
        return error_entry(item, str(exc))
    except RecursionError:
        return error_entry(item, "page too deeply nested to read")
    except Exception as exc:  # a bug must not lose the other pages: report it as this page's error
        return error_entry(item, f"internal error ({type(exc).__name__}: {exc})")


def process(item: PageInput, options: Options) -> Rendered:
    """Parse one input and serialise it as the output format wants, in the worker."""
    record = parse_record(item, options)
    info = _info(record)
    if info["path"] in options.duplicates:
        from .duplicates import mark_duplicate

        record = mark_duplicate(as_dict(record), options.duplicates)
    return Rendered(info, _renderer(options.render)(record) if options.render else as_dict(record))


@functools.lru_cache(maxsize=None)
def _renderer(fmt: str) -> Callable[[object], object]:
    """export.renderer(fmt), kept: the import statement a page cost ~1 us to find the module
    it found before (export is imported on first use: it loads Pydantic)."""
    from .export import renderer

    return renderer(fmt)


def _info(record) -> dict:
    """What the run summary needs of a record (model) or an error entry (dict)."""
    if isinstance(record, dict):
        return {"path": record["source"]["path"], "page_type": record.get("page_type"),
                "language": record.get("language"), "error": record.get("error")}
    return {"path": record.source.path, "page_type": record.page_type, "language": record.language,
            "error": None}


_worker_options: Options | None = None  # a worker's, set once when it starts


def _process_batch(batch: list[PageInput]) -> list[Rendered]:
    return [process(item, _worker_options) for item in batch]


def _start_worker(options: Options) -> None:
    """A worker's options are given once, when it starts, not with every batch: they hold
    the run's duplicate map, which is large when an archive holds many copies (4,000
    copies: a 134 KB map, pickled with each batch of 16 pages, made --jobs 2 slower than
    --jobs 1). Workers leave Ctrl-C to the main process, which stops them and removes
    its output; SIGTERM (the main process's way to stop them) ends a worker at once,
    not through the handler the main process installed for itself before the fork.

    What the worker inherited (the models, the lexicons, langdetect's profiles,
    184,000 counts in 55 dicts) is moved out of the garbage collector's reach: a full collection would walk
    all of it again in each worker (0.18 M instructions a page, 3.6% of a worker's, by
    cachegrind over 2,000 pages; and writing to those pages copies them), and none of it
    becomes the worker's garbage."""
    global _worker_options
    _worker_options = options
    gc.freeze()
    child_signals()


# A single page is parsed in this process even when --jobs asks for workers: there is no
# other page for a pool to protect or to run beside it. From two pages on, the workers run:
# a page that kills its process (a parser crash, the kernel's out-of-memory killer) then
# loses only itself, which is worth the pool's start. The pool is slower on few pages:
# bench/run.py measured, on the 2-core machine (shared, noisy), a pool's time against one
# process's at 64 pages 1.97x, 128 1.85x, 256 1.28x, 512 1.11x (tenths of a second).
POOL_MIN_PAGES = 2
_LOOKAHEAD_BYTES = 32 * 2**20  # page bytes (archive members) held while counting: more pays for a pool


def parse_all(items: Iterable[PageInput], options: Options = Options(), jobs: int = 1) -> Iterator[Rendered]:
    """Results in input order, whatever `jobs` is. Inputs that are not pages (a WARC's image
    record, an HTTP 404) come out as a `Rendered` with `info["skipped"]` and no payload."""
    items = _skips_apart(items)
    if jobs > 1:
        few, items = _few_pages(items)
        if few:
            jobs = 1  # the whole run is a few pages: no pool
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, Rendered) else process(item, options)
        return
    yield from _in_workers(items, options, jobs)


def _few_pages(items: Iterator) -> tuple[bool, Iterator]:
    """Whether the run has fewer than POOL_MIN_PAGES pages, found by reading ahead (at most
    that many pages, or _LOOKAHEAD_BYTES of their bytes), and an iterator over all the inputs,
    the ones read ahead included."""
    head: list = []
    pages = held = 0
    for item in items:
        head.append(item)
        if not isinstance(item, Rendered):
            pages += 1
            held += len(item.data or b"")
        if pages >= POOL_MIN_PAGES or held >= _LOOKAHEAD_BYTES:
            return False, itertools.chain(head, items)
    return True, iter(head)


def ready_for_workers(options: Options) -> None:
    """Import and load, in this process, what every worker needs, before the pool forks: the
    workers inherit it instead of each spending ~1 s of CPU on it after the fork (the pydantic
    models, every extractor, the lexicons and the patterns built from them, the renderer,
    langdetect's profiles)."""
    from . import export, models, pipeline  # noqa: F401 - imported to be inherited
    from .detect import load_langdetect
    from .extract import MODULES, extractor

    for page_type in MODULES:
        extractor(page_type)
    pipeline.prepare(pipeline.lexicons_for(options.lexicon_dirs))
    if options.render:
        export.renderer(options.render)
    if options.duplicates:
        from . import duplicates  # noqa: F401
    if options.provenance:
        from . import provenance  # noqa: F401
    load_langdetect()  # in nearly every run big enough for a pool, some page needs it


def _skips_apart(items: Iterable[PageInput]) -> Iterator[PageInput | Rendered]:
    for item in items:
        if item.skipped:
            yield Rendered({"path": item.path, "skipped": item.skipped}, None)
        else:
            yield item


class _Pool:
    """Worker processes. A pool whose worker died (killed, out of memory) is broken for
    good: it is replaced by a new one, and the batches it held are sent again once; a batch
    that kills a worker twice becomes error entries, and the run goes on."""

    def __init__(self, jobs: int, options: Options):
        self.jobs, self.options = jobs, options
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, initializer=_start_worker, initargs=(self.options,))

    def submit(self, batch):
        try:
            return self._submit(batch)
        except BrokenProcessPool:
            self.renew()
            return self._submit(batch)

    def _submit(self, batch):
        with signals_held():  # a submit may start the workers (forks.py)
            return self.pool.submit(_process_batch, batch)

    def renew(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new()

    def close(self, wait: bool = True) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=not wait)


_DIED = "the worker process reading it died (killed or out of memory), twice; not parsed"


def _in_workers(items, options: Options, jobs: int) -> Iterator[Rendered]:
    window = jobs * 4  # batches in flight: memory stays flat however many pages come
    ready_for_workers(options)
    pool = _Pool(jobs, options)
    pending: deque = deque()  # [future, batch]

    def results_of(entry) -> list[Rendered]:
        future, batch = entry
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        # A worker died. Each page of this batch is tried again, alone in a new worker, so
        # that the page that kills is found; the batches still in flight are sent again.
        pool.renew()
        out = []
        for item in batch:
            try:
                out.extend(pool.submit([item]).result())
            except BrokenProcessPool:
                pool.renew()
                out.append(process(PageInput(item.path, source=item.source, error=_DIED), options))
        for other in pending:
            if other[1]:
                other[0] = pool.submit(other[1])
        return out

    try:
        for batch in _batches_of(items, options):
            if isinstance(batch, Rendered):
                pending.append([_Done([batch]), []])
            else:
                pending.append([pool.submit(batch), batch])
            if len(pending) >= window:
                yield from results_of(pending.popleft())
        while pending:
            yield from results_of(pending.popleft())
    except BaseException:
        pool.close(wait=False)  # Ctrl-C, SIGTERM: do not wait for queued pages
        raise
    pool.close()


class _Done:
    """A result known without a worker, in the window with the others to keep the order."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def _batches_of(items, options: Options) -> Iterator[list[PageInput] | Rendered]:
    batch: list[PageInput] = []
    held = sent = 0  # bytes in this batch; batches sent
    for item in items:
        if isinstance(item, Rendered):
            if batch:
                yield batch
                batch, held, sent = [], 0, sent + 1
            yield item
            continue
        batch.append(item)
        held += len(item.data or b"")
        if len(batch) >= (_BATCH if sent < _SMALL_BATCHES else _BATCH_LATER) or held >= _BATCH_BYTES:
            yield batch
            batch, held, sent = [], 0, sent + 1
    if batch:
        yield batch


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
    skipped: Counter = field(default_factory=Counter)  # web-archive records that are not pages, by reason

    def add(self, info: dict) -> None:
        if info.get("skipped"):
            self.skipped[info["skipped"]] += 1
            return
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
        # numbers as the progress bar shows them: 12,345
        kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(self.kinds.items())) or "none"
        langs = ", ".join(f"{k} {n:,}" for k, n in sorted(self.languages.items())) or "none"
        rate = self.pages / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.pages:,} pages: {self.pages - self.failures:,} records ({kinds}; {langs}), "
                f"{self.failures:,} failed, {self.seconds:.1f} s ({rate:,.0f} pages/s)" + self._skips())

    def _skips(self) -> str:
        """ "; 3 records skipped: 2 not pages, 1 HTTP 404" (nothing when none was)."""
        if not self.skipped:
            return ""
        total = sum(self.skipped.values())
        parts = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        return f"; {total} record{'s' if total > 1 else ''} skipped: {parts}"


def tracked(results: Iterable[Rendered], summary: Summary, on_error: Callable[[dict], None] | None = None,
            progress: Callable[[Summary], None] | None = None) -> Iterator[Rendered]:
    """Pass results through, counting them, reporting errors and progress as they go;
    skipped inputs (not pages) are counted and not passed on."""
    for result in results:
        summary.add(result.info)
        if result.info.get("skipped"):
            continue
        if on_error and result.info.get("error"):
            on_error(result.info)
        if progress:
            progress(summary)
        yield result
