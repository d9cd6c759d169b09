"""Records as tidy tables (CSV, pandas, R): one row per thing, joined by `record_key`.

`pages` has one row per page with every scalar field, lists joined by " | " and the four
OGP values as 0/1 columns; each repeated part of a record (milestones, institutions,
sections...) has a table of its own. Column order is fixed (see README).
"""
from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable

from .output import OutputError, Rendered, as_dict, atomic_files, atomic_output

LIST_SEP = " | "
OGP_VALUES = ("access_to_information", "civic_participation", "public_accountability", "technology_and_innovation")
IRM_FIELDS = ("report", "starred", "early_results", "verifiable", "relevant_to_ogp_values", "potential_impact")


def record_key(record: dict) -> str:
    """Stable key of a record: the commitment ID (or page type), the language and the first
    12 hex digits of the page's SHA-256 - e.g. "MXROO0006-en-460ab9929ffe"; copies of one
    page in a run (warning `duplicate`) add 6 hex digits of their path's SHA-256."""
    source = record.get("source") or {}
    if "page_type" not in record:  # an error entry: no content hash, so the path's hash
        digest = hashlib.sha256(str(source.get("path", "")).encode()).hexdigest()[:12]
        return f"error-{digest}"
    head = record.get("commitment_id") or record["page_type"]
    key = f"{head}-{record.get('language') or 'xx'}-{str(source.get('sha256', ''))[:12]}"
    if any(w.get("code") == "duplicate" for w in record.get("warnings") or []):
        # Copies of one page in a run share the content hash: the path tells them apart, so
        # that joins on record_key never multiply rows.
        key += "-" + hashlib.sha256(str(source.get("path", "")).encode()).hexdigest()[:6]
    return key


def _get(*path: str) -> Callable[[dict], object]:
    def getter(r: dict):
        value = r
        for key in path:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value
    return getter


def _joined(*path: str) -> Callable[[dict], str | None]:
    get = _get(*path)
    return lambda r: LIST_SEP.join(map(str, get(r))) if get(r) else None


def _flag(value: str) -> Callable[[dict], int | None]:
    """1 when the page names the value; 0 when it names others, or answers that none is
    relevant ("Not Relevant"); empty when the page does not say (a bare "Yes" says some
    value is relevant, not which)."""
    def flag(r: dict) -> int | None:
        if r.get("page_type") != "commitment":
            return None
        values = r.get("ogp_values") or []
        relevance = ((r.get("irm") or {}).get("relevant_to_ogp_values") or {}).get("value")
        if values:
            return int(value in values)
        return 0 if relevance == "no" else None
    return flag


def _names(role: str) -> Callable[[dict], str | None]:
    def names(r: dict) -> str | None:
        bodies = (r.get("institutions") or {}).get(role) or []
        return LIST_SEP.join(b["name"] for b in bodies) or None
    return names


def _count(key: str) -> Callable[[dict], int | None]:
    return lambda r: len(r[key]) if isinstance(r.get(key), list) else None


PAGE_COLUMNS: list[tuple[str, Callable[[dict], object]]] = [
    ("record_key", record_key),
    ("source_path", _get("source", "path")), ("source_sha256", _get("source", "sha256")),
    ("source_format", _get("source", "format")), ("source_url", _get("source", "url")),
    ("source_fetched_at", _get("source", "fetched_at")), ("source_archive", _get("source", "archive")),
    ("source_member", _get("source", "member")),
    ("page_type", _get("page_type")), ("language", _get("language")), ("title", _get("title")),
    ("member", _get("member")),
    ("action_plan_title", _get("action_plan", "title")),
    ("action_plan_start_year", _get("action_plan", "start_year")),
    ("action_plan_end_year", _get("action_plan", "end_year")),
    ("start_date", _get("start_date")), ("end_date", _get("end_date")),
    *[c for role in ("lead", "supporting", "involved")
      for c in ((f"{role}_institutions", _names(role)),
                (f"{role}_institutions_printed", _get("institutions", "printed", role)))],
    ("commitment_id", _get("commitment_id")), ("status", _get("status")),
    ("action_plan_cycle", _get("action_plan_cycle")), ("policy_areas", _joined("policy_areas")),
    ("primary_sector", _get("primary_sector")),
    *[(v, _flag(v)) for v in OGP_VALUES],
    *[c for f in IRM_FIELDS for c in ((f"irm_{f}", _get("irm", f, "text")),
                                      (f"irm_{f}_value", _get("irm", f, "value")))],
    ("completion", _get("completion")), ("milestone_count", _get("milestone_count")),
    ("milestones_found", _count("milestones")),
    ("related_commitments_found", _count("related_commitments")),
    ("submitted", _get("submitted")), ("groups_count", _get("groups_count")),
    ("public_meetings_count", _get("public_meetings_count")),
    ("commitment_title", _get("commitment_title")), ("action", _get("action")), ("problem", _get("problem")),
    ("completion_explanation", _get("completion_explanation")),
    ("implementation_factors", _get("implementation_factors")),
    ("implemented_as_planned", _get("implemented_as_planned", "answer")),
    ("implemented_as_planned_explanation", _get("implemented_as_planned", "explanation")),
    *[c for v in OGP_VALUES[:3] for c in ((f"{v}_answer", _get("open_government", v, "answer")),
                                          (f"{v}_degree", _get("open_government", v, "degree")),
                                          (f"{v}_explanation", _get("open_government", v, "explanation")))],
    ("addressed_problem", _get("addressed_problem", "answer")),
    ("addressed_problem_explanation", _get("addressed_problem", "explanation")),
    ("lessons", _get("lessons")),
    ("member_since", _get("member_since")), ("commitments_count", _get("commitments_count")),
    ("report_kind", _get("report_kind")), ("public_comment", _get("public_comment")),
    ("published", _get("published")),
    ("warnings", lambda r: LIST_SEP.join(w["code"] for w in r.get("warnings") or []) or None),
    ("error", _get("error")),
]

# Child tables: name -> (columns after record_key, rows of a record).
def _list_rows(key: str, columns: tuple[str, ...]):
    def rows(r: dict):
        for i, item in enumerate(r.get(key) or [], 1):
            yield {"position": i, **{c: item.get(c) for c in columns}}
    return ("position", *columns), rows


def _institution_rows(r: dict):
    for role in ("lead", "supporting", "involved"):
        for i, body in enumerate((r.get("institutions") or {}).get(role) or [], 1):
            yield {"role": role, "position": i, "name": body["name"], "group": body.get("group")}


def _description_rows(r: dict):
    for i, (heading, text) in enumerate((r.get("description") or {}).items(), 1):
        yield {"position": i, "heading": heading, "text": text}


def _milestone_rows(r: dict):
    for m in r.get("milestones") or []:
        yield {"commitment_id": r.get("commitment_id"), **m}


CHILD_TABLES: dict[str, tuple[tuple[str, ...], Callable]] = {
    "milestones": (("commitment_id", "number", "title", "start_date", "end_date", "status"), _milestone_rows),
    "institutions": (("role", "position", "name", "group"), _institution_rows),
    "related_commitments": _list_rows("related_commitments", ("id", "title", "year", "policy_area", "starred")),
    "description": (("position", "heading", "text"), _description_rows),
    "sections": _list_rows("sections", ("question", "answer", "explanation", "references")),
    "endorsements": _list_rows("endorsements", ("name", "role", "organization")),
    "monitoring_body": _list_rows("monitoring_body", ("organization", "role", "representative")),
    "evaluators": _list_rows("evaluators", ("name", "email")),
    "contacts": _list_rows("contacts", ("name", "title", "email", "phone")),
    "resources": _list_rows("resources", ("title", "year", "kind")),
    "action_plans": _list_rows("action_plans", ("title", "start_year", "end_year")),
    "warnings": _list_rows("warnings", ("code", "field", "message")),
}
TABLES = ("pages", *CHILD_TABLES)
# Only with --provenance: where each value was read (ogpparse/provenance.py).
PROVENANCE_COLUMNS = ("field", "line", "end_line", "text")


def columns(table: str) -> list[str]:
    if table == "pages":
        return [name for name, _ in PAGE_COLUMNS]
    if table == "provenance":
        return ["record_key", *PROVENANCE_COLUMNS]
    return ["record_key", *CHILD_TABLES[table][0]]


def rows_of(record) -> dict[str, list[dict]]:
    """One record (model or dict) as rows of every table."""
    r = as_dict(record)
    key = record_key(r)
    out = {"pages": [{name: get(r) for name, get in PAGE_COLUMNS}]}
    for table, (_, rows) in CHILD_TABLES.items():
        out[table] = [{"record_key": key, **row} for row in rows(r)]
    if r.get("provenance"):
        out["provenance"] = [{"record_key": key, "field": path, **span} for path, span in r["provenance"].items()]
    return out


def records_to_rows(records: Iterable) -> dict[str, list[dict]]:
    """Records (Pydantic models or dicts, error entries included) as tables: {table name:
    [row dict, ...]}, ready for `pandas.DataFrame(tables["pages"])`."""
    tables: dict[str, list[dict]] = {t: [] for t in TABLES}
    for record in records:
        for table, rows in rows_of(record).items():
            tables.setdefault(table, []).extend(rows)  # "provenance" only when records have it
    return tables


# --- CSV -----------------------------------------------------------------------------------

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(value) -> str:
    """A cell as text. A cell starting with = + - @ (or tab, CR, or a quote) gets a leading
    quote so that spreadsheets show it as text and never run it as a formula; `unescape_cell`
    removes exactly that quote. Booleans are 1/0; None is the empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def unescape_cell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def write_csv(items: Iterable, output: str | Path | None = None, *, excel: bool = False,
              provenance: bool = False) -> int:
    """Pages to one CSV (a file or stdout), or every table to a folder (`output` is an
    existing folder, or a path without ".csv"). Rows are written as records arrive;
    `provenance` adds the provenance.csv table."""
    encoding = "utf-8-sig" if excel else "utf-8"
    if output is None or str(output) == "-" or str(output).lower().endswith(".csv"):
        with atomic_output(output, newline="", encoding=encoding) as fh:
            return _write_tables(items, {"pages": fh})
    folder = Path(os.path.realpath(output))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(output, f"cannot make the folder ({(exc.strerror or str(exc)).lower()})") from None
    names = TABLES + (("provenance",) if provenance else ())
    # All tables or none: they are renamed into place together, only when every one is written.
    paths = [folder / f"{table}.csv" for table in names]
    with atomic_files(paths, newline="", encoding=encoding, shown=[Path(output) / p.name for p in paths]) as handles:
        return _write_tables(items, dict(zip(names, handles)))


def render_rows(record) -> dict[str, list[list[str]]]:
    """A record as the escaped cells of each table's rows (what the CSV writer writes)."""
    out = {}
    for table, rows in rows_of(record).items():
        cols = columns(table)
        out[table] = [[escape_cell(row.get(c)) for c in cols] for row in rows]
    return out


def _write_tables(items: Iterable, handles: dict) -> int:
    writers = {}
    for table, fh in handles.items():
        writers[table] = csv.writer(fh)  # RFC 4180 quoting; CRLF line ends
        writers[table].writerow(columns(table))
    n = 0
    for item in items:
        n += 1
        tables = item.payload if isinstance(item, Rendered) else render_rows(item)
        for table, writer in writers.items():
            writer.writerows(tables.get(table, ()))
    return n
