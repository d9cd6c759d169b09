"""Files and folders. A folder is walked recursively in sorted order (a folder's files,
then its subfolders), hidden entries and the files ogpparse writes left out. Nothing that
is found is dropped silently: an unreadable subfolder, a broken link, a symbolic-link loop
and a file that is not a regular file (a FIFO, a device, a link to /dev/zero - reading one
would hang or never end) each become an error entry. Symlinked subfolders are followed,
once each: a folder already walked in this run is not walked again.
"""
from __future__ import annotations

import os
import sys
from typing import Iterator

from .base import Limits, PageInput, not_a_page_name, shown

NOT_REGULAR = "not a regular file (a FIFO, device or socket), not read"


def _error(path: str, why: str) -> PageInput:
    return PageInput(shown(path), error=why)


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower() if isinstance(exc, OSError) else str(exc)


def walk_folder(root: str, seen: set | None = None) -> Iterator[str | PageInput]:
    """The regular files under `root` (their real paths, for the caller to open), and an
    error entry for each thing found that cannot be read."""
    seen = set() if seen is None else seen
    try:
        st = os.stat(root)
        if (st.st_dev, st.st_ino) in seen:
            yield _error(root, "symbolic link to a folder already read (a loop?), not read again")
            return
        seen.add((st.st_dev, st.st_ino))
        names, kinds = _entries(root)
    except OSError as exc:
        yield _error(root, f"cannot read folder ({_os_reason(exc)})")
        return
    folders = []
    prefix = os.path.join(root, "")  # root and one separator: os.path.join(root, name) for each name
    for name in names:
        kind = kinds.get(name, "file")
        full = prefix + name
        if kind == "folder":
            folders.append(full)
        elif not_a_page_name(name):
            continue
        elif kind == "file":
            yield full
        else:
            yield _error(full, kind)
    for full in folders:
        yield from walk_folder(full, seen)


def _entries(root: str) -> tuple[list[str], dict[str, str]]:
    """The names in a folder, sorted, hidden ones (.git, editor files) left out, and the
    kind of each entry that is not a file. Names, not the DirEntry objects: a folder of
    50,000 pages held as entries (~270 bytes each) grew each process's memory by ~13 MiB."""
    names, kinds = [], {}
    with os.scandir(root) as it:
        for entry in it:
            if not entry.name.startswith("."):
                names.append(entry.name)
                kind = _kind(entry)
                if kind != "file":
                    kinds[entry.name] = kind
    _sort_as_bytes(names)
    return names, kinds


def _sort_as_bytes(names: list[str]) -> None:
    """Sort names in the order of their bytes (os.fsencode), as the file system holds them.
    Names that all encode to UTF-8 sort the same as they are (UTF-8 keeps the order of code
    points), which one encoding of them all tells, instead of a key call for each name; a
    name that held bytes that are not UTF-8 (escaped as lone surrogates, which sort apart
    from their bytes) needs the key."""
    try:
        "".join(names).encode("utf-8")
    except UnicodeEncodeError:
        names.sort(key=os.fsencode)
        return
    names.sort()


def _kind(entry: os.DirEntry) -> str:
    """"folder", "file" or why the entry cannot be read. What a link points to is what
    counts. The directory's own entry type answers for most entries without a system call
    (a stat of each of 10,000 files was ~5% of a run's start); a link, a special file or an
    unknown type is asked of the file system."""
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
        os.stat(entry.path)  # neither: a special file, or a link that leads nowhere
    except OSError as exc:
        return "broken symbolic link" if entry.is_symlink() else f"cannot read ({_os_reason(exc)})"
    return NOT_REGULAR


def read_stream(name: str, fh, limits: Limits) -> PageInput:
    """A page from standard input or a pipe named on the command line: read up to the page
    limit, never whole into memory."""
    try:
        data = fh.read(limits.max_page_bytes + 1)
    except (OSError, ValueError) as exc:
        return PageInput(name, error=f"cannot read ({_os_reason(exc)})")
    if len(data) > limits.max_page_bytes:
        return PageInput(name, error=f"input is over the {limits.max_page_bytes:,}-byte limit "
                         "(--max-page-size); not read further")
    return PageInput(name, data=data)


def read_stdin(limits: Limits) -> PageInput:
    stdin = sys.stdin
    if stdin is None or getattr(stdin, "buffer", None) is None or stdin.closed:
        return PageInput("-", error="standard input is closed")
    return read_stream("-", stdin.buffer, limits)


def read_special(path: str, limits: Limits) -> PageInput:
    """A FIFO or device named on the command line (e.g. `<(cat page.html)`): read bounded."""
    try:
        with open(path, "rb") as fh:
            return read_stream(shown(path), fh, limits)
    except OSError as exc:
        return _error(path, f"cannot read ({_os_reason(exc)})")
