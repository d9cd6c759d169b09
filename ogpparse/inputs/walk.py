"""The top of the input side: the paths named on the command line, as a stream of
`PageInput` - files, folders, archives (by their name) and "-" for standard input."""
from __future__ import annotations

import fnmatch
import os
import stat
from typing import Iterator

from .archives import iter_tar, iter_zip
from .base import DEFAULT_LIMITS, Limits, PageInput, shown
from .files import read_special, read_stdin, walk_folder
from .warc import iter_warc

_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_READERS = {"zip": iter_zip, "tar": iter_tar, "warc": iter_warc}
_ARCHIVE_SUFFIXES = (".zip", *_TAR_SUFFIXES, *_WARC_SUFFIXES)


def archive_kind(path) -> str | None:
    name = os.path.basename(str(path)).lower()
    if not name.endswith(_ARCHIVE_SUFFIXES):  # most names (pages): one test, not three
        return None
    if name.endswith(".zip"):
        return "zip"
    if name.endswith(_TAR_SUFFIXES):
        return "tar"
    if name.endswith(_WARC_SUFFIXES):
        return "warc"
    return None


def iter_archive(path, glob: str | None = None, limits: Limits | None = None) -> Iterator[PageInput]:
    yield from _READERS[archive_kind(path)](str(path), glob, limits or DEFAULT_LIMITS)


def _matches(path: str, glob: str | None) -> bool:
    return glob is None or fnmatch.fnmatch(os.path.basename(path), glob) or fnmatch.fnmatch(path, glob)


def iter_inputs(paths: list[str], glob: str | None = None, *, limits: Limits | None = None) -> Iterator[PageInput]:
    limits = limits or DEFAULT_LIMITS
    for raw in paths:
        raw = str(raw)
        if raw == "-":
            yield read_stdin(limits)
            continue
        try:
            st = os.stat(raw)
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError) and not os.path.islink(raw)
            yield PageInput(shown(raw), error="no such file or folder" if missing else
                            f"cannot read ({(exc.strerror or str(exc)).lower()})")
            continue
        if stat.S_ISDIR(st.st_mode):
            for found in walk_folder(raw):
                if isinstance(found, PageInput):
                    yield found
                elif archive_kind(found):
                    yield from iter_archive(found, glob, limits)
                elif _matches(found, glob):
                    yield PageInput(shown(found), file=found)
        elif archive_kind(raw) and stat.S_ISREG(st.st_mode):
            yield from iter_archive(raw, glob, limits)
        elif not stat.S_ISREG(st.st_mode):
            yield read_special(raw, limits)
        else:
            yield PageInput(shown(raw), file=raw)


def count_pages(paths: list[str], glob: str | None = None) -> int | None:
    """How many pages the inputs hold, when that is cheap to know (files and folders only;
    None with archives or stdin, whose pages are only known by reading them)."""
    total = 0
    for raw in paths:
        raw = str(raw)
        if raw == "-" or archive_kind(raw):
            return None
        if os.path.isdir(raw):
            for found in walk_folder(raw):
                if isinstance(found, str) and archive_kind(found):
                    return None  # an archive inside the folder
                if isinstance(found, PageInput) or _matches(found, glob):
                    total += 1
        else:
            total += 1
    return total


def output_among_inputs(output: str, paths: list[str]) -> str | None:
    """The input that writing `output` would replace, if any: one of the files named, or a
    page inside a folder named (an existing file the walk would read as a page)."""
    from .base import not_a_page_name

    target = os.path.realpath(output)
    for raw in paths:
        if raw == "-":
            continue
        real = os.path.realpath(raw)
        if target == real:
            return raw
        inside = target.startswith(real.rstrip(os.sep) + os.sep)
        if inside and os.path.isdir(real) and os.path.isfile(target) and not not_a_page_name(target):
            return raw
    return None


def rereadable(path: str) -> bool:
    """Whether a command-line path can be read twice (a pass looking for copies, then the
    run): not "-" nor a pipe or device such as `<(cat page.html)`, whose bytes come once."""
    if path == "-":
        return False
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True  # the run reports it
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)
