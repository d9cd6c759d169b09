"""Checking snapshots of pages: are the records complete, and what changed since last time?

`RecordChecker` checks each record (parsed, valid, required fields present, and no
warnings with --strict). `compare` matches two snapshots page by page (see snapshot.py:
commitment ID + language, else source URL, else path in the snapshot) and tells **drift** - a field the baseline had and the
new record lacks, the sign of a template or parser problem - from **changes** - a field
whose value differs, likely real news. Milestones are compared by number.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Fields every page of a kind shows; a record without one is a problem. Documented in README.
REQUIRED: dict[str, tuple[str, ...]] = {
    "commitment": ("language", "commitment_id", "title"),
    "action_plan": ("language", "title", "member", "action_plan"),
    "commitment_report": ("language", "title", "member", "action_plan"),
    "member": ("language", "title", "member"),
    "irm_report": ("language", "title", "report_kind"),
    "unknown": (),
}
# Not page content: where the page was read, its warnings, and where each value was read
# (a baseline extracted with --provenance compares equal to one without).
NOT_COMPARED = {"source", "warnings", "provenance"}
KEYED_LISTS = {"milestones": "number", "related_commitments": "id"}


@dataclass
class Problem:
    path: str
    kind: str  # error | invalid | missing_field | warning | drift | change | added | removed
    field: str | None
    message: str
    line: int | None = None  # the line of the page the field comes from, when known


@dataclass
class Result:
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)
    changes: list[Problem] = field(default_factory=list)
    # (path, page type) of every page checked, for reports with one entry per page
    checked: list[tuple[str, str | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said once on stderr, e.g. "no baseline yet"
    # (new snapshot's Page, its drift and change problems): what field_lines.add_field_lines
    # gives a page line; not part of the report itself.
    to_locate: list[tuple[object, list[Problem]]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for p in self.problems + self.changes if p.kind == kind)

    def extend(self, other: "Result") -> None:
        self.problems.extend(other.problems)
        self.changes.extend(other.changes)
        self.to_locate.extend(other.to_locate)

    def as_dict(self) -> dict:
        return {"pages": self.pages, "problems": [asdict(p) for p in self.problems],
                "changes": [asdict(p) for p in self.changes]}


def is_error(record: dict) -> bool:
    return "error" in record and "page_type" not in record


def empty(value) -> bool:
    return value is None or value == [] or value == {} or value == ""


def safe_text(text: str) -> str:
    """A name from outside (file, member, URL) on one line: control characters (a newline
    that could forge an output line or a workflow command) shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))


class RecordChecker:
    """Checks records one at a time (so a snapshot streams through), collecting a `Result`."""

    def __init__(self, strict: bool = False):
        from pydantic import TypeAdapter

        from .models import AnyRecord

        self.adapter = TypeAdapter(AnyRecord)
        self.strict = strict
        self.result = Result()

    def __call__(self, r: dict) -> None:
        from pydantic import ValidationError

        result = self.result
        result.pages += 1
        path = safe_text((r.get("source") or {}).get("path", "?"))
        result.checked.append((path, r.get("page_type")))
        if is_error(r):
            result.problems.append(Problem(path, "error", None, safe_text(r["error"])))
            return
        try:
            self.adapter.validate_python(r)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"][1:])) or None
            result.problems.append(Problem(path, "invalid", where, first["msg"]))
            return
        for name in REQUIRED.get(r["page_type"], ()):
            if empty(r.get(name)):
                result.problems.append(Problem(path, "missing_field", name, f"{r['page_type']} page without {name}"))
        if self.strict:
            for w in r.get("warnings") or []:
                result.problems.append(Problem(path, "warning", w.get("field"),
                                               safe_text(f"{w['code']}: {w['message']}")))


def validate_records(records, strict: bool = False) -> Result:
    checker = RecordChecker(strict)
    for r in records:
        checker(r)
    return checker.result


def _short(value, limit: int = 80) -> str:
    import json

    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe_missing(old) -> str:
    if isinstance(old, list):
        return f"was {len(old)} item{'s' if len(old) != 1 else ''}"
    return f"was {_short(old)}"


def field_changes(old: dict, new: dict) -> tuple[list[str], list[tuple[str, object, object]]]:
    """(drifted fields, [(field, old, new)] changes) between two records of one page."""
    drift, changes = [], []
    for name in sorted((set(old) | set(new)) - NOT_COMPARED):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if not empty(a) and empty(b):
            drift.append(name)
        elif name in KEYED_LISTS and isinstance(a, list) and isinstance(b, list):
            changes.extend(_keyed_changes(name, a, b))
        else:
            changes.append((name, a, b))
    return drift, changes


def _keyed_changes(name: str, old: list, new: list) -> list[tuple[str, object, object]]:
    key = KEYED_LISTS[name]
    a = {item.get(key): item for item in old}
    b = {item.get(key): item for item in new}
    out = []
    for k in sorted(set(a) | set(b), key=str):
        if k not in b:
            out.append((f"{name}[{k}]", a[k], None))
        elif k not in a:
            out.append((f"{name}[{k}]", None, b[k]))
        else:
            for f in sorted(set(a[k]) | set(b[k])):
                if a[k].get(f) != b[k].get(f):
                    out.append((f"{name}[{k}].{f}", a[k].get(f), b[k].get(f)))
    return out


def compare(old, new) -> Result:
    """Drift, changes, and pages added or removed, from `old` to `new` (two `Snapshot`s, or
    two lists of records matched as extractions)."""
    from .snapshot import Snapshot, match_pages

    old, new = (s if isinstance(s, Snapshot) else _snapshot_of(s) for s in (old, new))
    pairs, removed, added = match_pages(old, new)
    result = Result(pages=sum(1 for p in new.pages if not p.error))
    for page in sorted(removed, key=lambda p: p.key):
        result.problems.append(Problem(safe_text(page.path), "removed", None,
                                       f"page {safe_text(_label(page))} is in the baseline only"))
    for page in sorted(added, key=lambda p: p.key):
        result.changes.append(Problem(safe_text(page.path), "added", None, f"page {safe_text(_label(page))} is new"))
    for old_page, new_page in sorted(pairs, key=lambda pair: pair[1].key):
        a, b = old_page.record(), new_page.record()
        drift, changes = field_changes(a, b)
        path = safe_text(new_page.path)
        drifted = [Problem(path, "drift", name, f"{name} missing now ({_describe_missing(a[name])})")
                   for name in drift]
        changed = [Problem(path, "change", name, f"{_short(before)} → {_short(after)}")
                   for name, before, after in changes]
        result.problems.extend(drifted)
        result.changes.extend(changed)
        if drifted or changed:
            result.to_locate.append((new_page, drifted + changed))
    return result


def _snapshot_of(records):
    from .snapshot import Snapshot

    snapshot = Snapshot(None)
    for r in records:
        snapshot.add(r)
    return snapshot.finish()


def _label(page) -> str:
    """How a page is named in messages: its commitment ID + language, URL or relative path."""
    key = page.primary or page.rel
    return key.split(":", 1)[1] if page.primary else key


def github_annotation(p: Problem, level: str = "error") -> str:
    """A GitHub Actions workflow command: shown on the file in the pull request."""
    def esc(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def esc_prop(text: str) -> str:
        return esc(text).replace(":", "%3A").replace(",", "%2C")

    title = f"ogpparse {p.kind}" + (f": {p.field}" if p.field else "")
    line = f",line={p.line}" if p.line else ""
    return f"::{level} file={esc_prop(p.path)}{line},title={esc_prop(title)}::{esc(p.message)}"
