"""Stage 6: records to JSON (one array), JSONL (one record per line) or CSV tables.

Writers stream: each record is written as it arrives, so memory does not grow with the
number of pages. Files are written atomically: to a temporary file beside the target,
renamed over it only when the run finishes (an interrupted run leaves no half file).
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterator

FORMATS = ("json", "jsonl", "csv")


@contextlib.contextmanager
def atomic_output(target: str | Path | None, *, newline: str | None = None,
                  encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text stream for `target` (stdout for None or "-"); the file appears only on success."""
    if target is None or str(target) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:  # KeyboardInterrupt included: never leave the half-written file
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def as_dict(item) -> dict:
    """A record (Pydantic model) or an error entry (dict) as plain JSON data."""
    return item if isinstance(item, dict) else item.model_dump(mode="json")


class JsonWriter:
    """A JSON array written item by item."""

    def __init__(self, fh: IO[str], indent: int | None = 2):
        self.fh, self.indent, self.count = fh, indent, 0

    def write(self, item) -> None:
        text = json.dumps(as_dict(item), ensure_ascii=False, indent=self.indent)
        if self.indent:
            text = "\n".join("  " + line for line in text.split("\n"))
        self.fh.write(("[\n" if self.count == 0 else ",\n") + text)
        self.count += 1

    def close(self) -> None:
        self.fh.write("[]\n" if self.count == 0 else "\n]\n")


class JsonlWriter:
    def __init__(self, fh: IO[str]):
        self.fh = fh

    def write(self, item) -> None:
        self.fh.write(json.dumps(as_dict(item), ensure_ascii=False) + "\n")

    def close(self) -> None:
        pass


def write_records(items, fmt: str, output: str | Path | None = None, **csv_options) -> int:
    """Write every item of `items` in `fmt` to `output` (stdout for None or "-"); returns the count."""
    if fmt == "csv":
        from .tables import write_csv

        return write_csv(items, output, **csv_options)
    n = 0
    with atomic_output(output) as fh:
        writer = JsonWriter(fh) if fmt == "json" else JsonlWriter(fh)
        for item in items:
            writer.write(item)
            n += 1
        writer.close()
    return n


def read_records(path: str | Path) -> list[dict]:
    """Records from a JSON array or a JSONL file written by ogpparse."""
    text = Path(path).read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("["):
        return json.loads(stripped)
    return [json.loads(line) for line in text.splitlines() if line.strip()]
