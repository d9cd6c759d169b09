"""Pages inside web archives (.warc, .warc.gz, .arc).

Pages are `response` records with a 2xx status and `resource` records of an HTML or text
page (not a crawler's own files: wget stores its log and arguments as `metadata://`
resources). Other response and resource records (an image, a 404) are counted as skipped,
not failures. The record's target URI and date go into the page's `source`.

warcio reads the archive; what it would print on stderr about a damaged record (a wrong
Content-Length, a malformed header), junk between records, and a gzip member cut short
become error entries, and reading goes on at the next record found, so nothing is lost.
"""
from __future__ import annotations

import contextlib
import fnmatch
import io
import os
from typing import Iterator

from .base import Budget, Limits, PageInput, read_bounded, reason, shown

PAGE_TYPES = ("html", "text/plain", "xml")
_PAGE_SCHEMES = ("http://", "https://", "file:")  # of resource records that are pages


def _quietly(call):
    """call(), and what warcio printed on stderr meanwhile (one line)."""
    noise = io.StringIO()
    with contextlib.redirect_stderr(noise):
        result = call()
    return result, " ".join(noise.getvalue().split())


def _damaged(path: str, at: int, why: str) -> PageInput:
    return PageInput(f"{shown(path)}@{at}", source={"archive": shown(path), "offset": at},
                     error=f"damaged WARC after offset {at}: {shown(why[:200])}")


def _content_type(record) -> str:
    headers = record.http_headers or record.rec_headers
    return (headers.get_header("Content-Type") or "") if headers else ""


def iter_warc(path: str, glob: str | None, limits: Limits) -> Iterator[PageInput]:
    budget = Budget(limits)
    state = {"end": 0, "stop": False}  # where the last complete record ends
    with open(path, "rb") as fh:
        resume: int | None = 0
        while resume is not None and not state["stop"]:  # after damage, go on at the next record
            resume = yield from _records_from(fh, resume, path, glob, limits, budget, state)
        if not state["stop"]:
            yield from _unread_tail(fh, path, state["end"])


def _records_from(fh, start: int, path: str, glob, limits, budget, state):
    """Read records from offset `start`; return where to resume after damage, or None at the
    end. warcio's offsets are absolute (it reads `fh.tell()`): they are used as they are."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    fh.seek(start)
    records = ArchiveIterator(fh)
    stream = iter(records)
    fmt = None  # "warc" or "arc": a record of the other format is a damaged region misread
    state["end"] = max(state["end"], start)
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
            yield _damaged(path, state["end"], reason(exc))
            return _next_record_start(fh, state["end"] + 1)
        if item is not None:
            item.source["offset"] = offset
            url = item.source.get("url")
            item.path = f"{shown(path)}@{offset}" + (f" {url}" if url else "")
            if item.data is not None and not budget.take(len(item.data)):
                yield budget.exceeded(path)
                state["stop"] = True
                return None
            yield item
        if not noise and not more and (record.rec_type is None or record.format != fmt):
            # junk read as a record of no type (or of the other format): the records behind it
            # would be swallowed with it, so reading starts again at the next record found
            more = "not a WARC record (junk between records)"
        if noise or more:
            yield _damaged(path, offset, " ".join(filter(None, (noise, more))))
            state["end"] = offset + 1
            resume = _next_record_start(fh, offset + 1)
            state["stop"] = resume is None  # damage up to the end: reported once, just now
            return resume
        state["end"] = offset + length


_STARTS = (b"WARC/1.", b"\x1f\x8b\x08")
_SCAN = 1024 * 1024


def _next_record_start(fh, after: int) -> int | None:
    """The offset of the next record header (or gzip member) after `after`, if any; scanned
    in bounded chunks, so junk of any size costs little memory."""
    fh.seek(after)
    pos, tail = after, b""
    while True:
        block = fh.read(_SCAN)
        if not block:
            return None
        window = tail + block
        found = [i for i in (window.find(m) for m in _STARTS) if i >= 0]
        if found:
            return pos - len(tail) + min(found)
        tail = window[-8:]
        pos += len(block)


def _status(record) -> int | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    code = (record.http_headers.get_statuscode() or "").strip()
    return int(code) if code.isdigit() else None


def _page(record, path: str, glob: str | None, limits: Limits) -> PageInput | None:
    """The page in a record; a skipped entry for a record that is not a page; an error entry
    for a damaged one; None for a record the --glob pattern leaves out."""
    get = record.rec_headers.get_header
    uri = get("WARC-Target-URI") or get("uri") or ""  # WARC, or ARC's own header names
    src = {"archive": shown(path), "url": shown(uri) if uri else None,
           "fetched_at": get("WARC-Date") or get("archive-date")}
    if record.rec_type == "resource" and uri and not uri.lower().startswith(_PAGE_SCHEMES):
        return PageInput("", source=src, skipped="not a page")  # a crawler's log, arguments...
    status = _status(record)
    if status is not None and not 200 <= status < 300:
        return PageInput("", source=src, skipped=f"HTTP {status}")
    ctype = _content_type(record)
    if ctype and not any(t in ctype.lower() for t in PAGE_TYPES):
        return PageInput("", source=src, skipped="not a page")
    if glob and not fnmatch.fnmatch(uri, glob):
        return None
    try:
        data = read_bounded(record.content_stream(), limits.max_page_bytes)
    except (OSError, EOFError, ValueError) as exc:
        return PageInput("", source=src, error=f"damaged record ({reason(exc)})")
    if data is None:
        return PageInput("", source=src, error="record is over the page limit (--max-page-size)")
    return PageInput("", data=data, source=src)


def _unread_tail(fh, path: str, end: int) -> Iterator[PageInput]:
    """warcio stops quietly at a cut gzip member: bytes left after the last record are a lost
    record (a plain WARC may end with the blank lines that separate records)."""
    size = os.fstat(fh.fileno()).st_size
    fh.seek(end)
    if end < size and fh.read(65).strip():
        yield PageInput(f"{shown(path)}@{end}", source={"archive": shown(path), "offset": end},
                        error=f"damaged WARC: the last {size - end:,} bytes are not a complete record "
                              "(truncated or corrupt gzip member)")
