"""Writing output files safely, for every command: atomically, never harming another file.

- A regular file (new or existing) is written to a hidden temporary file beside it and
  renamed over it only when the run succeeds: an interrupted or failed run (Ctrl-C, a full
  disk) leaves the old file as it was and no `.part` file behind.
- A symbolic link is written through: its target is replaced, the link stays a link.
- A special file (/dev/null, /dev/stdout, a FIFO, a terminal) is written directly: renaming
  over it would replace a device with a regular file.
- A new file gets the mode the umask gives (as `open` would); an existing one keeps its own.
- A set of files (the CSV tables of a folder) appears as a set: all of them or none.

Failures raise `OutputError` with a one-line reason; the command line prints it and exits 1.
"""
from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterator, NamedTuple


class OutputError(Exception):
    """An output that cannot be written: `path` and a one-line `reason`."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


class Rendered(NamedTuple):
    """A result already serialised for its output format (by a worker process), with what the
    run summary needs to know about it."""
    info: dict  # path, page_type, language, error (or skipped)
    payload: object  # str for json/jsonl; {table: [row cells]} for csv; None when skipped


def as_dict(item) -> dict:
    """A record (Pydantic model) or an error entry (dict) as plain JSON data."""
    return item if isinstance(item, dict) else item.model_dump(mode="json")


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    return (exc.strerror or str(exc)).lower()


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def output_problem(target: str | Path, *, folder: bool = False) -> str | None:
    """Why `target` cannot be written (checked before any page is parsed), or None."""
    if not folder and _special(Path(target)):
        return None if os.access(target, os.W_OK) else "permission denied"
    path = Path(os.path.realpath(target))
    if folder:
        if path.exists() and not path.is_dir():
            return "exists and is not a folder (CSV tables go into a folder)"
        parent = path if path.exists() else path.parent
    else:
        if path.is_dir():
            return "is a folder (give a file name, or a folder with --format csv)"
        if path.exists() and not stat.S_ISREG(path.stat().st_mode):
            return None if os.access(path, os.W_OK) else "permission denied"
        parent = path.parent
    if not parent.is_dir():
        return f"folder {parent} does not exist"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"folder {parent} is not writable"
    return None


def _special(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
        return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)
    except OSError:
        return False


@contextlib.contextmanager
def atomic_output(target: str | Path | None, *, newline: str | None = None,
                  encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text stream for `target` (stdout for None or "-"); the file appears only on success."""
    if target is None or str(target) == "-":
        yield from _to_stdout()
        return
    if _special(Path(target)):  # by its own name: /dev/stdout resolves to no real path
        yield from _direct(Path(target), target, newline, encoding)
        return
    path = Path(os.path.realpath(target))  # a symlink: its target is what gets written
    with atomic_files([path], newline=newline, encoding=encoding, shown=[target]) as (fh,):
        yield fh


def _to_stdout():
    out = sys.stdout
    if out is None or out.closed:
        raise OutputError("-", "standard output is closed")
    try:
        yield out
        out.flush()
    except BrokenPipeError:
        # the reader went away (`| head`): stop quietly, as command-line tools do
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
        raise OutputError("-", "standard output was closed before the end (broken pipe)") from None
    except (OSError, ValueError) as exc:
        raise OutputError("-", f"cannot write to standard output ({_why(exc) if isinstance(exc, OSError) else exc})") from None


def _direct(path: Path, shown, newline, encoding):
    try:
        fh = open(path, "w", encoding=encoding, newline=newline)
    except OSError as exc:
        raise OutputError(shown, _why(exc)) from None
    try:
        with fh:
            yield fh
            fh.flush()
    except OSError as exc:
        raise OutputError(shown, _why(exc)) from None


@contextlib.contextmanager
def atomic_files(paths: list[Path], *, newline: str | None = None, encoding: str = "utf-8",
                 shown: list | None = None) -> Iterator[list[IO[str]]]:
    """Text streams for several regular files, renamed into place together on success.
    Every target is checked before the first rename, so a failure (a target that became a
    folder, a full disk while writing) replaces none of them."""
    shown = shown or paths
    temps: list[str] = []
    handles: list[IO[str]] = []
    try:
        for path in paths:
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
            except OSError as exc:
                raise OutputError(path.parent, _why(exc)) from None
            temps.append(tmp)
            handles.append(os.fdopen(fd, "w", encoding=encoding, newline=newline))
        try:
            yield handles
        except OSError as exc:  # a write failed (full disk): the old files are kept
            raise OutputError(shown[0], f"{_why(exc)}; the old file is kept") from None
        for fh, tmp, path, name in zip(handles, temps, paths, shown):
            try:
                fh.flush()
                os.fsync(fh.fileno())
                fh.close()
                os.chmod(tmp, _mode_for(path))
            except OSError as exc:
                raise OutputError(name, f"{_why(exc)}; the old file is kept") from None
            if path.is_dir():
                raise OutputError(name, "is a folder; nothing was replaced")
        for tmp, path in zip(temps, paths):
            os.replace(tmp, path)
    except BaseException:  # KeyboardInterrupt included: never leave a half-written file
        for fh in handles:
            with contextlib.suppress(OSError):
                fh.close()
        for tmp in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    """An existing file keeps its mode; a new one gets what the umask gives (mkstemp's own
    0600 would hide the records from the user's group)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return _umask_mode()
