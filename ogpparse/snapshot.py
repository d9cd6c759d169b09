"""Snapshots for `validate` and `diff`: the records of a set of pages, or of an extraction
(a .json/.jsonl file ogpparse wrote), read as a stream and kept compressed, each with the
key that matches it to the same page in another snapshot.

A page is matched by commitment ID + language; else by its source URL (web archives); else
by its path relative to the snapshot root named on the command line (inside an archive, by
member name), so renaming or moving the snapshot folder changes nothing. For an extraction
the root is not known: it is the folder common to its pages, and paths that still differ
only by leading folders are matched by `match_pages` as a last resort.

Memory stays small: a record is kept as zlib-compressed JSON (about a tenth of the parsed
dicts) and decompressed only to compare it.
"""
from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

EXTRACTION_SUFFIXES = (".jsonl", ".json")


class SnapshotError(Exception):
    """A snapshot or baseline that cannot be read: `path` and a one-line `reason`."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


@dataclass(slots=True)
class Page:
    path: str  # as the record shows it
    container: str  # the file or archive the page came from
    member: str | None  # inside an archive
    primary: str | None  # "id:MX0001|en" or "url:https://..." when the record has one
    page_type: str | None
    error: bool
    blob: bytes
    rel: str = ""  # path relative to the snapshot root (set by `Snapshot.finish`)
    key: str = ""  # the match key, unique within the snapshot (set by `Snapshot.finish`)

    def record(self) -> dict:
        return json.loads(zlib.decompress(self.blob))


class Snapshot:
    def __init__(self, roots: list[str] | None = None):
        self.roots = roots  # the paths named on the command line; None for an extraction
        self.pages: list[Page] = []

    def add(self, record: dict) -> None:
        source = record.get("source") or {}
        path = str(source.get("path", "?"))
        archive, member = source.get("archive"), source.get("member")
        primary = None
        if record.get("commitment_id"):
            primary = f"id:{record['commitment_id']}|{record.get('language')}"
        elif source.get("url"):
            primary = f"url:{source['url']}"
        blob = zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 6)
        self.pages.append(Page(path, str(archive) if archive and member else path, member if archive else None,
                               primary, record.get("page_type"), "page_type" not in record, blob))

    def finish(self) -> "Snapshot":
        """Relative paths and match keys, once every page is in."""
        roots = self.roots if self.roots is not None else [self._common_root()]
        for page in self.pages:
            page.rel = _relative(page, roots)
        counts: dict[str, int] = {}
        for page in self.pages:
            page.key = page.primary or f"path:{page.rel}"
            counts[page.key] = counts.get(page.key, 0) + 1
        seen: dict[str, int] = {}
        for page in self.pages:
            if counts[page.key] > 1:  # copies of one page (or one ID twice): the path tells them apart
                key = f"{page.key}|{page.rel}"
                seen[key] = seen.get(key, 0) + 1
                page.key = key if seen[key] == 1 else f"{key}#{seen[key]}"
        return self

    def _common_root(self) -> str:
        containers = {p.container for p in self.pages}
        if len(containers) == 1 and any(p.member for p in self.pages):
            return next(iter(containers))  # one archive: its members are the snapshot
        parents = [os.path.dirname(c) or "." for c in containers]
        try:
            return os.path.commonpath(parents) if parents else "."
        except ValueError:  # absolute and relative paths mixed
            return ""


def _relative(page: Page, roots: list[str]) -> str:
    container = page.container
    for root in roots:
        root_norm = os.path.normpath(root) if root else root
        if container == root or os.path.normpath(container) == root_norm:
            # the root itself: an archive (its member names) or a single file (its name)
            return page.member if page.member else os.path.basename(container)
        if root_norm and _inside(container, root_norm):
            rel = os.path.relpath(container, root_norm).replace(os.sep, "/")
            return f"{rel}!{page.member}" if page.member else rel
    rel = container.replace(os.sep, "/")
    return f"{rel}!{page.member}" if page.member else rel


def _inside(path: str, folder: str) -> bool:
    if folder in (".", ""):
        return not os.path.isabs(path)
    return os.path.normpath(path).startswith(folder.rstrip("/") + "/")


def match_pages(old: Snapshot, new: Snapshot) -> tuple[list[tuple[Page, Page]], list[Page], list[Page]]:
    """(matched pairs, pages only in `old`, pages only in `new`); error entries are left out."""
    old_by_key = {p.key: p for p in old.pages if not p.error}
    new_pages = [p for p in new.pages if not p.error]
    pairs, added = [], []
    for page in new_pages:
        match = old_by_key.pop(page.key, None)
        (pairs.append((match, page)) if match else added.append(page))
    removed = list(old_by_key.values())
    more, removed, added = _match_by_path_tail(removed, added)
    return pairs + more, removed, added


def _match_by_path_tail(removed: list[Page], added: list[Page]):
    """Pages matched by path whose relative paths differ only by leading folders (an
    extraction's inferred root one folder too deep): unique matches only."""
    by_name: dict[str, list[Page]] = {}
    for page in added:
        if page.key.startswith("path:"):
            by_name.setdefault(page.rel.rsplit("/", 1)[-1], []).append(page)
    pairs, still_removed, taken = [], [], set()
    for page in removed:
        candidates = [p for p in by_name.get(page.rel.rsplit("/", 1)[-1], []) if id(p) not in taken
                      and page.key.startswith("path:") and _same_tail(page.rel, p.rel)]
        if len(candidates) == 1:
            pairs.append((page, candidates[0]))
            taken.add(id(candidates[0]))
        else:
            still_removed.append(page)
    return pairs, still_removed, [p for p in added if id(p) not in taken]


def _same_tail(a: str, b: str) -> bool:
    return a.endswith("/" + b) or b.endswith("/" + a)


# --- reading ---------------------------------------------------------------------------

def is_extraction(path: str) -> bool:
    return path.lower().endswith(EXTRACTION_SUFFIXES) and not os.path.isdir(path)


def read_extraction(path: str) -> Iterator[dict]:
    """The records of an ogpparse extraction, one at a time; SnapshotError for a file that is
    missing, empty, cut off, not JSON, not UTF-8, or not ogpparse records."""
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        raise SnapshotError(path, "no such file") from None
    except IsADirectoryError:
        raise SnapshotError(path, "is a folder, not an extraction file") from None
    except OSError as exc:
        raise SnapshotError(path, exc.strerror or "cannot be read") from None
    with fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        fh.seek(0)
        items = _json_array(fh, path) if head.startswith(b"[") else _json_lines(fh, path)
        n = 0
        for n, record in enumerate(items, 1):
            if not (isinstance(record, dict) and isinstance(record.get("source"), dict)
                    and ("page_type" in record or "error" in record)):
                raise SnapshotError(path, f"record {n} is not an ogpparse record (no source and page_type): "
                                          "records of another tool?")
            yield record
        if n == 0:
            raise SnapshotError(path, "no records (an empty baseline would check nothing)")


def _json_lines(fh, path: str) -> Iterator:
    for number, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise SnapshotError(path, f"not UTF-8 text (line {number})") from None
        try:
            yield json.loads(line)
        except json.JSONDecodeError:
            cut = not raw.endswith(b"\n") and fh.read(1) == b""
            reason = f"cut off in line {number} (incomplete JSON)" if cut else f"line {number} is not JSON"
            raise SnapshotError(path, reason) from None


def _json_array(fh, path: str, chunk: int = 1 << 20) -> Iterator:
    """The items of a JSON array, decoded one at a time from a growing buffer."""
    import codecs

    decoder = json.JSONDecoder()
    text_decoder = codecs.getincrementaldecoder("utf-8-sig")()
    buf, pos, done, started = "", 0, False, False

    def more() -> bool:
        nonlocal buf, pos, done
        data = fh.read(chunk)
        try:
            buf = buf[pos:] + text_decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise SnapshotError(path, "not UTF-8 text") from None
        pos, done = 0, not data
        return bool(data)

    more()
    while True:
        while pos < len(buf) and buf[pos] in " \t\r\n" + ("," if started else "["):
            started = started or buf[pos] == "["
            pos += 1
        if pos >= len(buf):
            if done:
                raise SnapshotError(path, "cut off (the JSON array does not end)")
            more()
            continue
        if buf[pos] == "]":
            return
        try:
            item, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError:
            if done:
                raise SnapshotError(path, "cut off or not JSON (the array does not parse)") from None
            more()
            continue
        if end == len(buf) and not done:  # a number or a value that may go on: read more first
            more()
            continue
        pos = end
        yield item


def read_snapshot(paths: list[str], *, pages: Callable[[list[str]], Iterable[dict]],
                  each: Callable[[dict], None] | None = None) -> Snapshot:
    """The snapshot `paths` name: one extraction file, or pages (parsed by `pages`). `each`
    sees every record as it streams by (validation)."""
    if len(paths) == 1 and is_extraction(paths[0]):
        snapshot, records = Snapshot(None), read_extraction(paths[0])
    else:
        for path in paths:
            if path != "-" and not os.path.exists(path):
                raise SnapshotError(path, "no such file or folder")
        snapshot, records = Snapshot(list(paths)), pages(list(paths))
    for record in records:
        if each:
            each(record)
        snapshot.add(record)
    return snapshot.finish()
