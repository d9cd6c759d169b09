"""Stage 6: records to JSON (one array), JSONL (one record per line) or CSV tables.

Writers stream: each record is written as it arrives, so memory does not grow with the
number of pages. Files are written atomically by `output.py`: to a temporary file beside the target,
renamed over it only when the run finishes (an interrupted run leaves no half file).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Callable

from pydantic_core import PydanticSerializationError

from .output import OutputError, Rendered, as_dict, atomic_output  # noqa: F401 - export's public names

FORMATS = ("json", "jsonl", "csv", "sqlite")


def render_json(record) -> str:
    """One element of the JSON array (a record model or a dict), indented as it will sit in
    the file. A model is written by pydantic's own serialiser: with an indent, json.dumps
    falls back to its pure-Python encoder, several times slower; the bytes are the same
    (keys in field order, non-ASCII characters as they are, "key": value)."""
    if isinstance(record, dict):
        text = json.dumps(record, ensure_ascii=False, indent=2)
    else:
        text = record.model_dump_json(indent=2)
    return "  " + text.replace("\n", "\n  ")


# The encoder json.dumps(obj, ensure_ascii=False, check_circular=False) makes for each call,
# made once: the same bytes. Records are trees of plain values (no cycle to look for).
_JSONL_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def render_jsonl(record) -> str:
    """One line of JSON, with json.dumps's spacing ({"a": 1, "b": [1, 2]}) byte for byte.

    A model is written by pydantic's serialiser, which costs a third less than model_dump
    and json.dumps (it makes no Python objects), indented by nothing: each value on a line
    of its own, ": " after keys. A newline is never inside a JSON text (it is written
    "\\n"), so the newlines are where a value or a bracket ends: those after a comma become
    json.dumps's ", ", the others go. Texts are escaped alike (the same control
    characters, the rest as it is), as render_json relies on too."""
    if isinstance(record, dict):
        return _JSONL_ENCODER.encode(record) + "\n"
    try:
        # The bytes model_dump_json(indent=0) decodes (it makes this call, with these same
        # defaults), edited before they are decoded: bytes.replace costs less than
        # str.replace (~28,000 instructions a record; a str of a page with a character
        # beyond Latin-1 has 2 or 4 bytes a character). The edits are the same: in UTF-8
        # the byte 0x0A is only ever a newline (each byte of a longer character is >= 0x80).
        data = record.__pydantic_serializer__.to_json(record, indent=0)
    except PydanticSerializationError:  # a lone surrogate, which json.dumps writes as it is
        return _JSONL_ENCODER.encode(as_dict(record)) + "\n"
    return data.replace(b",\n", b", ").replace(b"\n", b"").decode() + "\n"


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


def renderer(fmt: str) -> Callable[[object], object]:
    """How a worker serialises a record for `fmt`."""
    if fmt == "csv":
        from .tables import render_rows

        return render_rows
    if fmt == "sqlite":  # the database writer makes its rows (and merges commitments) itself
        return as_dict
    return render_json if fmt == "json" else render_jsonl


def write_records(items, fmt: str, output: str | Path | None = None, **csv_options) -> int:
    """Write every item of `items` in `fmt` to `output` (stdout for None or "-"); returns the count."""
    if fmt == "csv":
        from .tables import write_csv

        return write_csv(items, output, **csv_options)
    if fmt == "sqlite":
        from .outputs.sqlite import write_sqlite

        csv_options.pop("excel", None)
        return write_sqlite(items, output, **csv_options)
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
