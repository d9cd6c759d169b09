"""Checking snapshots of pages: are the records complete, and what changed since last time?

`validate_records` checks each record (parsed, valid, required fields present, and no
warnings with --strict). `compare` matches two extractions page by page (commitment ID +
language, else source URL or path) and tells **drift** - a field the baseline had and the
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
NOT_COMPARED = {"source", "warnings"}
KEYED_LISTS = {"milestones": "number", "related_commitments": "id"}


@dataclass
class Problem:
    path: str
    kind: str  # error | invalid | missing_field | warning | drift | change | added | removed
    field: str | None
    message: str


@dataclass
class Result:
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)
    changes: list[Problem] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for p in self.problems + self.changes if p.kind == kind)

    def as_dict(self) -> dict:
        return {"pages": self.pages, "problems": [asdict(p) for p in self.problems],
                "changes": [asdict(p) for p in self.changes]}


def is_error(record: dict) -> bool:
    return "error" in record and "page_type" not in record


def empty(value) -> bool:
    return value is None or value == [] or value == {} or value == ""


def page_key(record: dict) -> str:
    """How a page is matched across snapshots."""
    if record.get("commitment_id"):
        return f"{record['commitment_id']}|{record.get('language')}"
    source = record.get("source") or {}
    return source.get("url") or source.get("path") or "?"


def validate_records(records, strict: bool = False) -> Result:
    from pydantic import TypeAdapter, ValidationError

    from .models import AnyRecord

    adapter = TypeAdapter(AnyRecord)
    result = Result()
    for r in records:
        result.pages += 1
        path = (r.get("source") or {}).get("path", "?")
        if is_error(r):
            result.problems.append(Problem(path, "error", None, r["error"]))
            continue
        try:
            adapter.validate_python(r)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"][1:])) or None
            result.problems.append(Problem(path, "invalid", where, first["msg"]))
            continue
        for name in REQUIRED.get(r["page_type"], ()):
            if empty(r.get(name)):
                result.problems.append(Problem(path, "missing_field", name,
                                               f"{r['page_type']} page without {name}"))
        if strict:
            for w in r.get("warnings") or []:
                result.problems.append(Problem(path, "warning", w.get("field"), f"{w['code']}: {w['message']}"))
    return result


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


def compare(old_records, new_records) -> Result:
    """Drift, changes, and pages added or removed, from `old_records` to `new_records`."""
    old = {page_key(r): r for r in old_records if not is_error(r)}
    new = {page_key(r): r for r in new_records if not is_error(r)}
    result = Result(pages=len(new))
    for key in sorted(set(old) - set(new)):
        result.problems.append(Problem(_path(old[key]), "removed", None, f"page {key} is in the baseline only"))
    for key in sorted(set(new) - set(old)):
        result.changes.append(Problem(_path(new[key]), "added", None, f"page {key} is new"))
    for key in sorted(set(old) & set(new)):
        drift, changes = field_changes(old[key], new[key])
        path = _path(new[key])
        for name in drift:
            result.problems.append(Problem(path, "drift", name,
                                           f"{name} missing now ({_describe_missing(old[key][name])})"))
        for name, a, b in changes:
            result.changes.append(Problem(path, "change", name, f"{_short(a)} → {_short(b)}"))
    return result


def _path(record: dict) -> str:
    return (record.get("source") or {}).get("path", "?")


def github_annotation(p: Problem, level: str = "error") -> str:
    """A GitHub Actions workflow command: shown on the file in the pull request."""
    def esc(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def esc_prop(text: str) -> str:
        return esc(text).replace(":", "%3A").replace(",", "%2C")

    title = f"ogpparse {p.kind}" + (f": {p.field}" if p.field else "")
    return f"::{level} file={esc_prop(p.path)},title={esc_prop(title)}::{esc(p.message)}"
