"""A database file replaced atomically: the run works on a copy in the target's folder and
renames it over the target only when everything is written, so an interrupted run (Ctrl-C, a
full disk, a bad page) leaves the old database as it was and no temporary file behind.

Same rules as output.py for the other formats: a symbolic link is written through (its
target is replaced, the link stays a link); a new file gets the mode the umask gives, an old
one keeps its own. A special file (/dev/null, a FIFO) cannot hold a database: refused.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from ..output import OutputError


def _why(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.splitlines()[0].lower()


def database_problem(target: str | Path | None) -> str | None:
    """Why `target` cannot receive a database (checked before any page is parsed), or None."""
    if target is None or str(target) == "-":
        return "a database cannot go to standard output: give --output FILE.db"
    path = Path(os.path.realpath(target))
    if path.is_dir():
        return "is a folder (give a database file name, e.g. ogp.db)"
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        return "is not a regular file; a database must be one"
    if path.exists():
        foreign = _not_ours(path)
        if foreign:
            return foreign
    if not path.parent.is_dir():
        return f"folder {path.parent} does not exist"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"folder {path.parent} is not writable"
    return None


@contextlib.contextmanager
def database_copy(target: str | Path) -> Iterator[Path]:
    """The path of a working copy of `target` (empty when `target` does not exist yet),
    renamed over `target` when the block ends without an exception."""
    problem = database_problem(target)
    if problem:
        raise OutputError(target, problem)
    path = Path(os.path.realpath(target))  # a symlink: its target is what gets replaced
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(path.parent, _why(exc)) from None
    tmp = Path(name)
    try:
        if path.exists() and path.stat().st_size:
            _copy_database(path, tmp, shown=target)
        yield tmp
        with open(tmp, "rb+") as fh:  # on disk before the rename, or a crash could lose both
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:  # KeyboardInterrupt included: never leave a half-written file
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _not_ours(path: Path) -> str | None:
    """Why an existing file must not be written into: not a SQLite database, or a database
    with tables that ogpparse did not write (adding ours would change someone's data)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return _why(exc)
    if not head:
        return None  # an empty file (touch ogp.db): a new database
    if head != b"SQLite format 3\x00":
        return "is not a SQLite database; nothing was replaced"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            ours = "pages" in names and "snapshot" in {r[1] for r in con.execute("PRAGMA table_info(pages)")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"is not a readable SQLite database ({_why(exc)}); nothing was replaced"
    if names and not ours:
        return "is a SQLite database that ogpparse did not write (no pages table with snapshots); nothing was replaced"
    return None


def _copy_database(source: Path, copy: Path, shown) -> None:
    """SQLite's own backup: a consistent copy even while a reader has the database open; a
    file that is not a SQLite database is refused and left alone."""
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            dst = sqlite3.connect(copy)
            with dst:
                src.backup(dst)
            dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise OutputError(shown, f"is not a SQLite database ({_why(exc)}); nothing was replaced") from None


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
