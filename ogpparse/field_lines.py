"""The page line of each drifted or changed field, for the CI reports of `validate`
(`--github` annotations, JUnit, the Markdown job summary).

A snapshot's records do not keep where their values were read (provenance is off by
default, and costs time), so the lines are found afterwards, only for the pages that have
a drift or a change: each such page is read again from its file or archive and traced with
`provenance=True`, the same code as `parse_file(..., provenance=True)`. Pages are picked by
their SHA-256, so a page whose file changed since it was read (an extraction used as the
new snapshot) is never given another page's lines. A record that already carries its
provenance (extracted with --provenance) is used as it is.
"""
from __future__ import annotations

import hashlib
import re
from typing import Iterable, Iterator

from .check import KEYED_LISTS, Result
from .inputs import iter_inputs
from .inputs.base import DEFAULT_LIMITS, PageInput, read_bounded
from .runner import Options, default_jobs, parse_all

# "milestones[3].end_date": a keyed list's item named by its key (check._keyed_changes), not
# by its position in the list.
_KEYED_ITEM = re.compile(r"^(%s)\[([^\]]*)\](.*)$" % "|".join(map(re.escape, KEYED_LISTS)))


def add_field_lines(result: Result, *, jobs: int = 0, lexicon_dirs: tuple[str, ...] = ()) -> None:
    """Set `line` on the drift and change problems of `result` whose field the new page
    prints (or whose nearest parent it prints)."""
    pending = []
    for page, problems in result.to_locate:
        record = page.record()
        wanted = [p for p in problems if could_have_line(record, p.field)]
        if wanted:
            pending.append((record, wanted))
    if not pending:
        return
    traced = _provenance_of_pages([r for r, _ in pending if not r.get("provenance")], jobs, lexicon_dirs)
    for record, problems in pending:
        provenance = record.get("provenance") or traced.get(_sha256(record)) or {}
        for p in problems:
            p.line = field_line(provenance, record, p.field)


def could_have_line(record: dict, name: str | None) -> bool:
    """A top-level field the new record lacks (drift) is printed nowhere on the page; a
    nested one falls back to its parent, which may be."""
    if not name:
        return False
    if "." in name or "[" in name:
        return True
    value = record.get(name)
    return not (value is None or value == [] or value == {} or value == "")


# --- from a field of a check.Problem to a line -------------------------------------------

def field_line(provenance: dict, record: dict, name: str) -> int | None:
    """The first line that gave `name` (a field as check.Problem names it) or a field under
    it; else, for a nested field the page does not print (a date removed from milestone 3),
    the nearest parent path that has provenance (the milestone's title)."""
    path = record_path(record, name)
    for candidate in self_and_parents(path):
        line = first_line(provenance, candidate)
        if line is not None:
            return line
    return None


def record_path(record: dict, name: str) -> str:
    """`name` with a keyed list's key turned into the item's position in `record`, as
    provenance paths have it: "milestones[3].end_date" -> "milestones[2].end_date" when
    milestone number 3 is the third; just "milestones" when the new page has no such item."""
    m = _KEYED_ITEM.match(name)
    if not m:
        return name
    list_name, key, rest = m.groups()
    key_field = KEYED_LISTS[list_name]
    for i, item in enumerate(record.get(list_name) or []):
        if isinstance(item, dict) and str(item.get(key_field)) == key:
            return f"{list_name}[{i}]{rest}"
    return list_name


def self_and_parents(path: str) -> Iterator[str]:
    """"milestones[2].end_date", "milestones[2]", "milestones"."""
    while path:
        yield path
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""


def first_line(provenance: dict, path: str) -> int | None:
    """The line of `path`, else the first line of the fields under it (a dict or a list
    has no provenance of its own, only its leaves)."""
    if path in provenance:
        return provenance[path]["line"]
    lines = [span["line"] for key, span in provenance.items()
             if key.startswith(path) and key[len(path):len(path) + 1] in (".", "[")]
    return min(lines) if lines else None


# --- reading the pages again ---------------------------------------------------------------

def _sha256(record: dict) -> str | None:
    return (record.get("source") or {}).get("sha256")


def _container(record: dict) -> str | None:
    """The file or archive the page was read from, as named on the command line."""
    source = record.get("source") or {}
    return source.get("archive") or source.get("path")


def _provenance_of_pages(records: list[dict], jobs: int, lexicon_dirs: tuple[str, ...]) -> dict[str, dict]:
    """SHA-256 -> provenance map, for the pages of `records` still found as they were."""
    wanted = {sha for r in records if (sha := _sha256(r))}
    containers = list(dict.fromkeys(c for r in records if (c := _container(r)) and c != "-"))
    if not wanted or not containers:
        return {}
    items = list(_inputs_with(containers, wanted))
    options = Options(lexicon_dirs=lexicon_dirs, provenance=True)
    # A handful of pages is quicker in this process than in a new pool of workers.
    workers = 1 if len(items) < 32 else (jobs or default_jobs())
    out = {}
    for rendered in parse_all(items, options, jobs=workers):
        payload = rendered.payload
        if payload and payload.get("provenance"):
            out[payload["source"]["sha256"]] = payload["provenance"]
    return out


def _inputs_with(containers: Iterable[str], wanted: set[str]) -> Iterator[PageInput]:
    """The pages of `containers` whose bytes have one of the `wanted` SHA-256s, once each."""
    left = set(wanted)
    for container in containers:
        for item in iter_inputs([container]):
            data = _bytes_of(item)
            if data is None:
                continue
            sha = hashlib.sha256(data).hexdigest()
            if sha in left:
                left.discard(sha)
                yield PageInput(item.path, data=data, source=item.source)
            if not left:
                return


def _bytes_of(item: PageInput) -> bytes | None:
    if item.error or item.skipped:
        return None
    if item.data is not None:
        return item.data
    try:
        with open(item.file, "rb") as fh:
            return read_bounded(fh, DEFAULT_LIMITS.max_page_bytes)
    except (OSError, TypeError):
        return None
