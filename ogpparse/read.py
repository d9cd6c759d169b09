"""Stage 1: bytes to text. Detects the encoding and whether the page is HTML or a text dump.

Never raises UnicodeDecodeError: UTF-8 (with or without BOM), UTF-16/32 with a BOM, and
legacy single-byte encodings (cp1252, then latin-1, which accepts any byte) are tried in turn.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a real OGP page is well under 1 MB

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_BOM_BYTES = tuple(bom for bom, _ in _BOMS)  # for one startswith call: most pages have none
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<!--|<meta|<div|<p[\s>]|<\?xml)", re.I)
_HTML_TAG = re.compile(rb"<(html|body|div|p|h[1-6]|ul|li|span|a)\b[^>]*>", re.I)


class ReadError(Exception):
    """A page that cannot be read: the message is one line, for the user."""


@dataclass
class RawPage:
    text: str
    format: str  # "text" | "html"
    source: dict = field(default_factory=dict)
    complete_markup: bool = True  # False when an HTML page lacks its closing tags
    utf8: bytes | None = None  # the bytes read, when `text` is exactly their UTF-8 decoding


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name)."""
    if data.startswith(_BOM_BYTES):
        for bom, name in _BOMS:
            if data.startswith(bom):
                try:
                    return data.decode(name), name
                except UnicodeDecodeError as exc:
                    raise ReadError(f"invalid {name} after its byte-order mark ({exc.reason})") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise ReadError("binary file, not a text or HTML page")
    # Mostly UTF-8 with a few cp1252 bytes (a page pasted together) is common in dumps.
    from bs4.dammit import UnicodeDammit

    mended = UnicodeDammit.detwingle(data)
    try:
        return mended.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    dammit = UnicodeDammit(data, ["cp1252", "latin-1"], is_html=bool(_HTML_START.match(data)))
    if dammit.unicode_markup is None:
        return data.decode("latin-1"), "latin-1"
    return dammit.unicode_markup, dammit.original_encoding or "cp1252"


def sniff_format(data: bytes) -> str:
    if data.find(b"<", 0, 8192) < 0:  # b"<" not in data[:8192], without copying those bytes
        return "text"
    head = data[:2048]
    if _HTML_START.match(head) or len(_HTML_TAG.findall(data[:8192])) >= 3:
        return "html"
    return "text"


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def looks_binary(data: bytes) -> bool:
    """More than 5% control characters (NUL, ESC...) in the first 4 KiB."""
    sample = data[:4096]
    if not sample:
        return False
    # Most pages hold no control byte at all: a memchr for each (~23 searches of a few
    # hundred instructions) says so, where the count below costs ~12 instructions a byte.
    # No control byte means a count of 0, which is not binary.
    if not any(map(sample.__contains__, _CONTROL_BYTES)):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.05


def read_bytes(data: bytes, path: str = "-", *, max_bytes: int = DEFAULT_MAX_BYTES,
               extra_source: dict | None = None) -> RawPage:
    if not data or data.isspace():  # not data.strip(): isspace stops at the first other byte
        raise ReadError("empty file")
    if len(data) > max_bytes:
        raise ReadError(f"page is {len(data):,} bytes, over the {max_bytes:,}-byte limit (--max-page-size)")
    has_bom = data.startswith(_BOM_BYTES)
    if not has_bom and looks_binary(data):
        raise ReadError("binary file, not a text or HTML page")
    text, encoding = decode(data)
    fmt = sniff_format(data if not has_bom else text[:8192].encode("utf-8", "replace"))
    source = {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "format": fmt,
              "encoding": encoding, "size": len(data)}
    if extra_source:
        source.update(extra_source)
    complete = True
    if fmt == "html":
        tail = text[-4096:].lower()
        complete = "</html>" in tail or "</body>" in tail
    utf8 = data if encoding == "utf-8" and not has_bom else None
    return RawPage(text=text, format=fmt, source=source, complete_markup=complete, utf8=utf8)


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawPage:
    """Read a saved page. Never more than `max_bytes` + 1 bytes are read, whatever the file
    turns out to be (a device like /dev/zero has no size to check first); the open does not
    block on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode):
            try:
                _check_size(info.st_size, max_bytes)
                data = _read_regular(fd, info.st_size, max_bytes + 1)
            finally:
                os.close(fd)
        else:  # a directory, FIFO or device: read through a file object, as it always was
            with open(fd, "rb") as fh:
                _check_size(info.st_size, max_bytes)
                data = fh.read(max_bytes + 1)
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise ReadError(f"page is over the {max_bytes:,}-byte limit (--max-page-size)")
    return read_bytes(data, str(path), max_bytes=max_bytes)


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ReadError(f"page is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-page-size)")


_EOF_PROBE = 8192  # the read after the file's size, of a file that grew: it finds what was added


def _read_regular(fd: int, size: int, limit: int) -> bytes:
    """What a file object's read(limit) gives of a regular file that was `size` bytes at
    its fstat: every byte up to its end, never more than `limit`. Read with os.read and a
    buffer of the size (+1): a buffered read(limit) allocates `limit` bytes (20 MiB for a
    2 KB page) and builds two file objects. A first read shorter than asked has met the
    end of the file (a regular file's read stops short only there), so the file is read
    in one system call, not two; only a file that grew since its fstat is read on, in
    buffers that grow with what was read, up to its end."""
    asked = min(size + 1, limit)
    first = os.read(fd, asked)
    if len(first) < asked:
        return first
    parts = [first]
    total = len(first)
    while total < limit:
        chunk = os.read(fd, min(limit - total, max(total, _EOF_PROBE)))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)
