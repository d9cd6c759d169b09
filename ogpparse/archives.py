"""Pages inside archives: zip, tar (plain, .gz, .bz2, .xz) and WARC (.warc, .warc.gz).

Members are streamed, never unpacked to disk. Each member becomes a `PageInput`; a member
that cannot be a page (too large, an unsafe path, a link or device, a non-HTML WARC
response, a damaged stream) becomes a `PageInput` with an `error`, so it is reported and
the rest of the archive is still read.
"""
from __future__ import annotations

import fnmatch
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from .read import DEFAULT_MAX_BYTES
from .sources import PageInput


@dataclass(frozen=True)
class Limits:
    max_page_bytes: int = DEFAULT_MAX_BYTES
    max_archive_bytes: int = 2 * 1024 ** 3  # total bytes one archive may expand to


DEFAULT_LIMITS = Limits()
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def archive_kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".zip"):
        return "zip"
    if name.endswith(_TAR_SUFFIXES):
        return "tar"
    if name.endswith(_WARC_SUFFIXES):
        return "warc"
    return None


def iter_archive(path: Path, glob: str | None = None, limits: Limits | None = None) -> Iterator[PageInput]:
    limits = limits or DEFAULT_LIMITS
    kind = archive_kind(path)
    if kind == "warc":
        from .warc import iter_warc as reader
    else:
        reader = {"zip": _zip, "tar": _tar}[kind]
    try:
        yield from reader(path, glob, limits)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, ValueError) as exc:  # noqa: PERF203
        yield PageInput(path=str(path), source={"archive": str(path)},
                        error=f"damaged {kind} archive ({_reason(exc)})")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def unsafe_member(name: str) -> bool:
    """An absolute path or one that climbs out with ".." (zip-slip). Never written to disk
    here, but such a name is a sign of a hostile archive: it is reported, not parsed."""
    p = PurePosixPath(name.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(name) > 1 and name[1] == ":")


def _wanted(name: str, glob: str | None) -> bool:
    base = name.rsplit("/", 1)[-1]
    if base.startswith(".") or base.endswith((".json", ".jsonl", ".csv", ".md")):
        return False
    return glob is None or fnmatch.fnmatch(base, glob) or fnmatch.fnmatch(name, glob)


class _Budget:
    """Counts the bytes an archive expands to, against the limit."""

    def __init__(self, limits: Limits):
        self.limit = self.left = limits.max_archive_bytes

    def take(self, n: int) -> bool:
        self.left -= n
        return self.left >= 0

    def exceeded(self, path: Path) -> PageInput:
        """The error entry that ends an archive which expands past the limit."""
        return PageInput(str(path), source={"archive": str(path)}, error=f"archive expands past the "
                         f"{self.limit:,}-byte limit (--max-archive-size); rest not read")


def _read_bounded(fh, limit: int) -> bytes | None:
    """Up to `limit` bytes; None when the stream holds more (a page over the size limit)."""
    data = fh.read(limit + 1)
    return None if len(data) > limit else data


def _zip(path: Path, glob: str | None, limits: Limits) -> Iterator[PageInput]:
    budget = _Budget(limits)
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.is_dir() or not _wanted(info.filename, glob):
                continue
            shown = f"{path}!{info.filename}"
            src = {"archive": str(path), "member": info.filename}
            if unsafe_member(info.filename):
                yield PageInput(shown, source=src, error="unsafe member path (absolute or '..'), not read")
                continue
            if info.file_size > limits.max_page_bytes:
                yield PageInput(shown, source=src, error=f"member expands to {info.file_size:,} bytes, over "
                                f"the {limits.max_page_bytes:,}-byte page limit (--max-page-size)")
                continue
            try:
                with zf.open(info) as fh:
                    data = _read_bounded(fh, limits.max_page_bytes)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
                yield PageInput(shown, source=src, error=f"damaged member ({_reason(exc)})")
                continue
            if data is None:
                yield PageInput(shown, source=src, error="member expands past the page limit (--max-page-size)")
                continue
            if not budget.take(len(data)):
                yield budget.exceeded(path)
                return
            yield PageInput(shown, data=data, source=src)


def _tar(path: Path, glob: str | None, limits: Limits) -> Iterator[PageInput]:
    budget = _Budget(limits)
    # Stream mode ("r|*"): members are read in order, nothing is extracted.
    with tarfile.open(path, mode="r|*") as tf:
        for member in tf:
            if member.isdir() or not _wanted(member.name, glob):
                continue
            shown = f"{path}!{member.name}"
            src = {"archive": str(path), "member": member.name}
            if unsafe_member(member.name):
                yield PageInput(shown, source=src, error="unsafe member path (absolute or '..'), not read")
            elif not member.isreg():
                what = "a link" if member.issym() or member.islnk() else "a device or special file"
                yield PageInput(shown, source=src, error=f"{what}, not a page; not read")
            elif member.size > limits.max_page_bytes:
                yield PageInput(shown, source=src, error=f"member is {member.size:,} bytes, over the "
                                f"{limits.max_page_bytes:,}-byte page limit (--max-page-size)")
            else:
                fh = tf.extractfile(member)
                data = fh.read() if fh else b""
                if not budget.take(len(data)):
                    yield budget.exceeded(path)
                    return
                yield PageInput(shown, data=data, source=src)
