"""The bottom of the input side: the `PageInput` type, the limits, and the helpers every
container kind shares. Imports nothing else of the package, so the modules above it
(files, archives, warc, walk) import in one direction only."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..read import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Limits:
    max_page_bytes: int = DEFAULT_MAX_BYTES
    max_archive_bytes: int = 2 * 1024 ** 3  # total bytes one archive may expand to


DEFAULT_LIMITS = Limits()


@dataclass
class PageInput:
    path: str  # as shown to the user (escaped): "dir/page.txt", "pages.zip!a/b.html"
    file: str | None = None  # read from this file in the worker (the real, unescaped name) ...
    data: bytes | None = None  # ... or parse these bytes
    source: dict = field(default_factory=dict)  # extra source fields (archive, member, url...)
    error: str | None = None  # the input failed before it could be parsed
    skipped: str | None = None  # not a page (a WARC image, an HTTP 404): counted, no record


# Extensions ogpparse writes (and notes beside pages): never read back as pages, whatever
# their case, so a run's output in the input folder is not parsed on the next run.
SKIPPED_SUFFIXES = (".json", ".jsonl", ".csv", ".md", ".py", ".toml", ".part", ".tsv")


def not_a_page_name(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.startswith(".") or base.lower().endswith(SKIPPED_SUFFIXES)


def wanted(name: str, glob: str | None) -> bool:
    """A member or file name that may be a page and matches --glob (when given)."""
    if not_a_page_name(name):
        return False
    base = name.rsplit("/", 1)[-1]
    return glob is None or fnmatch.fnmatch(base, glob) or fnmatch.fnmatch(name, glob)


def shown(name: str | bytes) -> str:
    """A name from the outside world, safe to print and to put in a record: bytes that are
    not UTF-8 become \\xNN, control characters (a newline, ESC) become escapes, so that a
    file name cannot break the output or forge a line on stderr."""
    if isinstance(name, bytes):
        text = name.decode("utf-8", "backslashreplace")
    elif name.isascii():  # most names: ASCII is UTF-8, without encoding a copy to know it
        text = name
    else:
        try:
            name.encode("utf-8")
            text = name
        except UnicodeEncodeError:  # surrogate-escaped bytes of a non-UTF-8 file name
            text = os.fsencode(name).decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def reason(exc: BaseException) -> str:
    """An exception as one short line for the user."""
    text = str(exc).strip() or type(exc).__name__
    return shown(text.splitlines()[0][:200])


def unsafe_member(name: str) -> bool:
    """An absolute path or one that climbs out with ".." (zip-slip). Never written to disk
    here, but such a name is a sign of a hostile archive: it is reported, not parsed."""
    p = PurePosixPath(name.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(name) > 1 and name[1] == ":")


def read_bounded(fh, limit: int) -> bytes | None:
    """Up to `limit` bytes; None when the stream holds more (a page over the size limit)."""
    data = fh.read(limit + 1)
    return None if len(data) > limit else data


class Budget:
    """Counts the bytes an archive expands to, against the limit."""

    def __init__(self, limits: Limits):
        self.limit = self.left = limits.max_archive_bytes

    def take(self, n: int) -> bool:
        self.left -= n
        return self.left >= 0

    def exceeded(self, path: str) -> PageInput:
        """The error entry that ends an archive which expands past the limit."""
        return PageInput(shown(path), source={"archive": shown(path)}, error=f"archive expands past the "
                         f"{self.limit:,}-byte limit (--max-archive-size); rest not read")
