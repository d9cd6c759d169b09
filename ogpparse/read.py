"""Stage 1: bytes to text. Detects the encoding and whether the page is HTML or a text dump.

Never raises UnicodeDecodeError: UTF-8 (with or without BOM), UTF-16/32 with a BOM, and
legacy single-byte encodings (cp1252, then latin-1, which accepts any byte) are tried in turn.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a real OGP page is well under 1 MB

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
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
    if b"<" not in data[:8192]:
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
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.05


def read_bytes(data: bytes, path: str = "-", *, max_bytes: int = DEFAULT_MAX_BYTES,
               extra_source: dict | None = None) -> RawPage:
    if not data.strip():
        raise ReadError("empty file")
    if len(data) > max_bytes:
        raise ReadError(f"page is {len(data):,} bytes, over the {max_bytes:,}-byte limit (--max-page-size)")
    has_bom = any(data.startswith(b) for b, _ in _BOMS)
    if not has_bom and looks_binary(data):
        raise ReadError("binary file, not a text or HTML page")
    text, encoding = decode(data)
    fmt = sniff_format(data if not has_bom else text[:8192].encode("utf-8", "replace"))
    source = {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "format": fmt,
              "encoding": encoding, "size": len(data)}
    source.update(extra_source or {})
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
    import os

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as fh:
            size = os.fstat(fd).st_size
            if size > max_bytes:
                raise ReadError(f"page is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-page-size)")
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
