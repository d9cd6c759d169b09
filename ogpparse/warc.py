"""Pages inside web archives (.warc, .warc.gz, .arc): `response` and `resource` records with
an HTML or text payload. The record's target URI and date go into the page's `source`.

warcio reads the archive; what it would print on stderr about a damaged record (a wrong
Content-Length, a malformed header), a gzip member cut short, and a record that is not a
page (an image, a PDF) all become error entries, so nothing is lost silently.
"""
from __future__ import annotations

import contextlib
import fnmatch
import io
from pathlib import Path
from typing import Iterator

from .archives import Limits, _Budget, _read_bounded, _reason
from .sources import PageInput

PAGE_TYPES = ("html", "text/plain", "xml")


def _quietly(call):
    """call(), and what warcio printed on stderr meanwhile (one line)."""
    noise = io.StringIO()
    with contextlib.redirect_stderr(noise):
        result = call()
    return result, " ".join(noise.getvalue().split())


def _damaged(path: Path, at: int, reason: str) -> PageInput:
    return PageInput(f"{path}@{at}", source={"archive": str(path), "offset": at},
                     error=f"damaged WARC after offset {at}: {reason[:200]}")


def _content_type(record) -> str:
    headers = record.http_headers or record.rec_headers
    return (headers.get_header("Content-Type") or "") if headers else ""


def iter_warc(path: Path, glob: str | None, limits: Limits) -> Iterator[PageInput]:
    budget = _Budget(limits)
    state = {"end": 0}  # where the last complete record ends
    with open(path, "rb") as fh:
        resume = 0
        while resume is not None:  # after a damaged region, go on at the next record found
            resume = yield from _records_from(fh, resume, path, glob, limits, budget, state)
        yield from _unread_tail(fh, path, state["end"])


def _records_from(fh, base: int, path: Path, glob, limits, budget, state):
    """Read records from offset `base`; return where to resume after damage, or None at the end."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    fh.seek(base)
    records = ArchiveIterator(fh)
    stream = iter(records)
    fmt = None  # "warc" or "arc": a record of the other format is a damaged region misread
    while True:
        try:
            record, noise = _quietly(lambda: next(stream, None))
            if record is None:
                return None
            fmt = fmt or record.format
            wanted = record.format == fmt and record.rec_type in ("response", "resource")
            item = _page(record, path, glob, limits) if wanted else None
            # warcio knows where a record ends once it has read it to the end
            (offset, length), more = _quietly(lambda: (records.get_record_offset(), records.get_record_length()))
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
            yield _damaged(path, state["end"], _reason(exc))
            return _next_record_start(fh, state["end"] + 1)
        if item is not None:
            item.source["offset"] = base + offset
            item.path = f"{path}@{base + offset}" + (f" {item.source['url']}" if item.source["url"] else "")
            if item.data is not None and not budget.take(len(item.data)):
                yield budget.exceeded(path)
                return None
            yield item
        if noise or more:
            yield _damaged(path, base + offset, " ".join(filter(None, (noise, more))))
            return _next_record_start(fh, base + offset + 1)
        state["end"] = base + offset + length


_STARTS = (b"WARC/1.", b"\x1f\x8b\x08")


def _next_record_start(fh, after: int) -> int | None:
    """The offset of the next record header (or gzip member) after `after`, if any."""
    fh.seek(after)
    block = fh.read(64 * 1024 * 1024)
    found = [i for i in (block.find(m) for m in _STARTS) if i >= 0]
    return after + min(found) if found else None


def _page(record, path: Path, glob: str | None, limits: Limits) -> PageInput | None:
    """The page in a response record, an error entry for a payload that is not a page, or None
    for a record the --glob pattern leaves out."""
    get = record.rec_headers.get_header
    uri = get("WARC-Target-URI") or get("uri") or ""  # WARC, or ARC's own header names
    src = {"archive": str(path), "url": uri or None, "fetched_at": get("WARC-Date") or get("archive-date")}
    ctype = _content_type(record)
    if ctype and not any(t in ctype.lower() for t in PAGE_TYPES):
        return PageInput("", source=src, error=f"not an HTML or text page ({ctype.split(';')[0]})")
    if glob and not fnmatch.fnmatch(uri, glob):
        return None
    try:
        data = _read_bounded(record.content_stream(), limits.max_page_bytes)
    except (OSError, EOFError, ValueError) as exc:
        return PageInput("", source=src, error=f"damaged record ({_reason(exc)})")
    if data is None:
        return PageInput("", source=src, error="record is over the page limit (--max-page-size)")
    return PageInput("", data=data, source=src)


def _unread_tail(fh, path: Path, end: int) -> Iterator[PageInput]:
    """warcio stops quietly at a cut gzip member: bytes left after the last record are a lost
    record (a plain WARC may end with the blank lines that separate records)."""
    size = path.stat().st_size
    fh.seek(end)
    if end < size and fh.read(65).strip():
        yield PageInput(f"{path}@{end}", source={"archive": str(path), "offset": end},
                        error=f"damaged WARC: the last {size - end:,} bytes are not a complete record "
                              "(truncated or corrupt gzip member)")
