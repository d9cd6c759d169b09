"""Files and folders. A folder is walked recursively in sorted order (a folder's files,
then its subfolders), hidden entries and the files ogpparse writes left out. Nothing that
is found is dropped silently: an unreadable subfolder, a broken link, a symbolic-link loop
and a file that is not a regular file (a FIFO, a device, a link to /dev/zero - reading one
would hang or never end) each become an error entry. Symlinked subfolders are followed,
once each: a folder already walked in this run is not walked again.
"""
from __future__ import annotations

import os
import stat
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
        with os.scandir(root) as it:
            entries = sorted((e.name for e in it), key=os.fsencode)
    except OSError as exc:
        yield _error(root, f"cannot read folder ({_os_reason(exc)})")
        return
    folders = []
    for name in entries:
        if name.startswith("."):
            continue  # hidden files and folders (.git, editor files) are not pages
        full = os.path.join(root, name)
        try:
            st = os.stat(full)  # follows links: what the link points to is what counts
        except OSError as exc:
            broken = os.path.islink(full)
            yield _error(full, "broken symbolic link" if broken else f"cannot read ({_os_reason(exc)})")
            continue
        if stat.S_ISDIR(st.st_mode):
            folders.append(full)
        elif not_a_page_name(name):
            continue
        elif not stat.S_ISREG(st.st_mode):
            yield _error(full, NOT_REGULAR)
        else:
            yield full
    for full in folders:
        yield from walk_folder(full, seen)


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
