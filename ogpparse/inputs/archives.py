"""Pages inside zip and tar archives (plain, .gz, .bz2, .xz), streamed, never unpacked.

Each member becomes a `PageInput`; a member that cannot be a page (too large, an unsafe
path, a link or device, damaged compressed data) becomes a `PageInput` with an `error`, so
it is reported and the rest of the archive - and of the run - is still read.
"""
from __future__ import annotations

import bz2
import lzma
import tarfile
import zipfile
import zlib
from typing import Iterator

from .base import Budget, Limits, PageInput, read_bounded, reason, shown, unsafe_member, wanted

# What a damaged or truncated archive raises, from zipfile, tarfile, gzip, bz2, lzma and zlib.
DAMAGE = (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, ValueError, zlib.error,
          lzma.LZMAError, RuntimeError, NotImplementedError)


def _member(path: str, name: str, *, error: str | None = None, data: bytes | None = None) -> PageInput:
    return PageInput(f"{shown(path)}!{shown(name)}", source={"archive": shown(path), "member": shown(name)},
                     error=error, data=data)


def _member_error(path: str, name: str, error: str) -> PageInput:
    return _member(path, name, error=error)


def iter_zip(path: str, glob: str | None, limits: Limits) -> Iterator[PageInput]:
    budget = Budget(limits)
    try:
        zf = zipfile.ZipFile(path)
    except DAMAGE as exc:
        yield PageInput(shown(path), source={"archive": shown(path)}, error=f"damaged zip archive ({reason(exc)})")
        return
    with zf:
        for info in zf.infolist():
            name = info.filename
            if info.is_dir() or not wanted(name, glob):
                continue
            if unsafe_member(name):
                yield _member_error(path, name, "unsafe member path (absolute or '..'), not read")
                continue
            if info.file_size > limits.max_page_bytes:
                yield _member_error(path, name, f"member expands to {info.file_size:,} bytes, over "
                                    f"the {limits.max_page_bytes:,}-byte page limit (--max-page-size)")
                continue
            try:
                with zf.open(info) as fh:
                    data = read_bounded(fh, limits.max_page_bytes)
            except DAMAGE as exc:  # a zlib error or a bad CRC: this member only
                yield _member_error(path, name, f"damaged member ({reason(exc)})")
                continue
            if data is None:
                yield _member_error(path, name, "member expands past the page limit (--max-page-size)")
                continue
            if not budget.take(len(data)):
                yield budget.exceeded(path)
                return
            yield _member(path, name, data=data)


def iter_tar(path: str, glob: str | None, limits: Limits) -> Iterator[PageInput]:
    """Stream mode ("r|*"): members in order, nothing extracted. Every member's size counts
    against --max-archive-size, skipped ones too: skipping still decompresses them."""
    budget = Budget(limits)
    name = None
    try:
        with _decompressed(path) as raw, tarfile.open(fileobj=raw, mode="r|") as tf:
            for member in tf:
                if not budget.take(member.size + 512):  # the data and its header block
                    yield budget.exceeded(path)
                    return
                if member.isdir() or not wanted(member.name, glob):
                    continue
                name = member.name
                item = _tar_member(tf, member, path, limits)
                name = None  # read whole: damage from here on is the archive's, past this member
                yield item
    except DAMAGE as exc:
        where = f"{shown(path)}!{shown(name)}" if name else shown(path)
        what = "damaged member" if name else "damaged tar archive"
        yield PageInput(where, source={"archive": shown(path), **({"member": shown(name)} if name else {})},
                        error=f"{what} ({reason(exc)}); rest of the archive not read")


def _decompressed(path: str):
    """The tar stream inside a (compressed) file. Decompressed here, not by tarfile's own
    stream mode: that one copies its whole buffer on every 10 KiB read, so skipping members
    of a highly compressed archive (zeros: 1,000 to 1) ran at a few MB/s."""
    with open(path, "rb") as fh:
        magic = fh.read(6)
    if magic.startswith(b"\x1f\x8b"):
        return _Gunzip(path)
    if magic.startswith(b"BZh"):
        return bz2.open(path, "rb")
    if magic.startswith(b"\xfd7zXZ"):
        return lzma.open(path, "rb")
    return open(path, "rb")


class _Gunzip:
    """A gzip stream read with zlib, a bounded piece at a time. Unlike gzip.GzipFile, a read
    that reaches a cut in the data first returns every byte before the cut (the members
    that are whole are still pages); the next read raises EOFError."""

    def __init__(self, path: str):
        self.fh = open(path, "rb")
        self.inflate = zlib.decompressobj(31)
        self.tail = b""

    def read(self, n: int = -1) -> bytes:
        n = n if n >= 0 else 1 << 62
        parts, need = [], n
        while need > 0:
            if self.inflate.eof:  # the end of one gzip member: another may follow
                rest = self.inflate.unused_data or self.fh.read(1 << 16)
                if not rest.strip(b"\x00"):  # the end (zero padding is allowed after it)
                    if not rest or not self.fh.read(1 << 16).strip(b"\x00"):
                        break
                self.inflate, self.tail = zlib.decompressobj(31), rest
            if not self.tail:
                self.tail = self.fh.read(1 << 16)
                if not self.tail:
                    if parts:
                        break
                    raise EOFError("unexpected end of data")
            out = self.inflate.decompress(self.tail, need)
            self.tail = self.inflate.unconsumed_tail
            parts.append(out)
            need -= len(out)
        return b"".join(parts)

    def close(self) -> None:
        self.fh.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _tar_member(tf, member, path: str, limits: Limits) -> PageInput:
    if unsafe_member(member.name):
        return _member_error(path, member.name, "unsafe member path (absolute or '..'), not read")
    if not member.isreg():
        what = "a link" if member.issym() or member.islnk() else "a device or special file"
        return _member_error(path, member.name, f"{what}, not a page; not read")
    if member.size > limits.max_page_bytes:
        return _member_error(path, member.name, f"member is {member.size:,} bytes, over the "
                             f"{limits.max_page_bytes:,}-byte page limit (--max-page-size)")
    fh = tf.extractfile(member)
    data = fh.read() if fh else b""  # a truncated member raises here: caught by iter_tar
    if len(data) < member.size:
        raise EOFError("unexpected end of data")
    return _member(path, member.name, data=data)
