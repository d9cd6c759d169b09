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
from typing import IO, Callable, Iterator, NamedTuple

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


class Rendered(NamedTuple):
    """A result already serialised for its output format (by a worker process), with what the
    run summary needs to know about it."""
    info: dict  # path, page_type, language, error
    payload: object  # str for json/jsonl; {table: [row cells]} for csv


def as_dict(item) -> dict:
    """A record (Pydantic model) or an error entry (dict) as plain JSON data."""
    return item if isinstance(item, dict) else item.model_dump(mode="json")


def render_json(record: dict) -> str:
    """One element of the JSON array, indented as it will sit in the file."""
    text = json.dumps(record, ensure_ascii=False, indent=2)
    return "  " + text.replace("\n", "\n  ")


def render_jsonl(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


class JsonWriter:
    """A JSON array written item by item."""

    def __init__(self, fh: IO[str]):
        self.fh, self.count = fh, 0

    def write(self, item) -> None:
        text = item.payload if isinstance(item, Rendered) else render_json(as_dict(item))
        self.fh.write(("[\n" if self.count == 0 else ",\n") + text)
        self.count += 1

    def close(self) -> None:
        self.fh.write("[]\n" if self.count == 0 else "\n]\n")


class JsonlWriter:
    def __init__(self, fh: IO[str]):
        self.fh = fh

    def write(self, item) -> None:
        self.fh.write(item.payload if isinstance(item, Rendered) else render_jsonl(as_dict(item)))

    def close(self) -> None:
        pass


def renderer(fmt: str) -> Callable[[dict], object]:
    """How a worker serialises a record for `fmt`."""
    if fmt == "csv":
        from .tables import render_rows

        return render_rows
    return render_json if fmt == "json" else render_jsonl


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
