"""Records to one SQLite database, with the tables of the CSV export (tables.py) and real
column types: integers, ISO dates as text, booleans 0/1, NULL for unknown.

Every table has a `snapshot` column (a label, by default the run's UTC date) that leads its
primary key: one database holds several snapshots, and writing a snapshot again replaces
that snapshot's rows only. Child tables point to `pages` by (snapshot, record_key) foreign
keys; titles, descriptions and institution names are full-text searchable (FTS5); the
`commitments` table holds one row per commitment across its languages (merge.py); the
`changes` view lists the fields that changed between two snapshots.

Tables are created by sqlite-utils (imported here only, not at `--help`). The file is
written atomically by dbfile.py.
"""
from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Iterable

from .. import tables as t
from ..output import OutputError, Rendered, as_dict
from .dbfile import database_copy

# Column types that are not text. Everything else is TEXT (ISO dates included: "2023-07"
# is a partial date, which no SQLite date type holds).
INTEGER_COLUMNS = {
    "pages": {"action_plan_start_year", "action_plan_end_year", "action_plan_cycle", *t.OGP_VALUES,
              "milestone_count", "milestones_found", "related_commitments_found", "groups_count",
              "public_meetings_count", "member_since", "commitments_count", "public_comment",
              "addressed_problem",  # yes/no (a boolean); a page answering in words keeps its text
              *(f"{v}_answer" for v in t.OGP_VALUES[:3])},
    "milestones": {"number"},
    "related_commitments": {"year", "starred"},
    "resources": {"year"},
    "action_plans": {"start_year", "end_year"},
    "provenance": {"line", "end_line"},
}
# Primary keys after (snapshot, record_key); pages: (snapshot, record_key) alone.
ROW_KEYS = {"milestones": ("number",), "institutions": ("role", "position"), "provenance": ("field",)}
INDEXED = {"pages": ("commitment_id", "language", "page_type", "member"), "milestones": ("commitment_id",)}
# Full-text search (FTS5): table -> searched columns.
SEARCHED = {"pages": ("title", "commitment_title"), "description": ("heading", "text"),
            "institutions": ("name",), "milestones": ("title",)}
BATCH = 500  # rows per insert: memory stays flat whatever the number of pages


def default_snapshot() -> str:
    """The run's date, UTC: one snapshot a day unless the user names them."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d")


def column_types(table: str) -> dict[str, type]:
    ints = INTEGER_COLUMNS.get(table, set())
    cols = ["snapshot", *t.columns(table)]
    return {c: int if c in ints or c == "position" else str for c in cols}


def primary_key(table: str) -> tuple[str, ...]:
    if table == "pages":
        return ("snapshot", "record_key")
    return ("snapshot", "record_key", *ROW_KEYS.get(table, ("position",)))


def typed(value):
    """A cell as SQLite stores it: booleans 0/1, everything else as it is (None is NULL)."""
    return int(value) if isinstance(value, bool) else value


def write_sqlite(items: Iterable, output: str | Path, *, snapshot: str | None = None,
                 provenance: bool = False) -> int:
    """Write every record of `items` into the database `output` as snapshot `snapshot`
    (default: today, UTC), replacing that snapshot's rows only; returns the number of records."""
    import sqlite_utils

    label = snapshot or default_snapshot()
    names = [*t.TABLES, *(["provenance"] if provenance else [])]
    with database_copy(output) as path:
        db = sqlite_utils.Database(path)
        # The working copy is thrown away on any failure and fsynced before its rename:
        # SQLite's own per-commit syncing and rollback journal would only slow it down.
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA journal_mode = MEMORY")
        try:
            _ensure_tables(db, names)
            _drop_snapshot(db, label)
            n, merged = _insert_records(db, items, names, label)
            _insert_commitments(db, merged, label)
            _ensure_search_and_views(db)
            db.conn.commit()
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:  # a bug, not the user's: say so rather than write a broken database
                raise OutputError(output, f"internal error: {len(problems)} rows without their page")
        except OutputError:
            raise
        except Exception as exc:  # sqlite3 errors (disk full, locked): one line, old file kept
            raise OutputError(output, f"cannot write the database ({exc}); the old file is kept") from None
        finally:
            db.close()
    return n


def _ensure_tables(db, names: list[str]) -> None:
    """Create the tables a database lacks; columns that a newer version adds are added."""
    db.execute("PRAGMA foreign_keys = ON")
    for table in names:
        types = column_types(table)
        if table not in db.table_names():
            fks = [] if table == "pages" else [(("snapshot", "record_key"), "pages", ("snapshot", "record_key"))]
            db[table].create(types, pk=primary_key(table), foreign_keys=fks)
        else:
            have = set(db[table].columns_dict)
            for column, kind in types.items():
                if column not in have:
                    db[table].add_column(column, kind)
    for table, cols in INDEXED.items():
        for col in cols:
            db[table].create_index([col], if_not_exists=True)


def _drop_snapshot(db, label: str) -> None:
    """Rows of snapshot `label` deleted, children before their pages."""
    for table in db.table_names():
        if table in t.TABLES or table in ("provenance", "commitments"):
            if table != "pages":
                db[table].delete_where("snapshot = ?", [label])
    if "pages" in db.table_names():
        db["pages"].delete_where("snapshot = ?", [label])


def _insert_records(db, items: Iterable, names: list[str], label: str):
    from ..merge import Merger

    pending: dict[str, list[dict]] = {name: [] for name in names}
    merger = Merger()
    n = 0
    for item in items:
        record = item.payload if isinstance(item, Rendered) else as_dict(item)
        n += 1
        merger.add(record)
        for table, rows in t.rows_of(record).items():
            if table in pending:
                pending[table].extend({"snapshot": label, **{k: typed(v) for k, v in row.items()}} for row in rows)
        if len(pending["pages"]) >= BATCH:
            _flush(db, pending)
    _flush(db, pending)
    return n, merger.merged()


def _flush(db, pending: dict[str, list[dict]]) -> None:
    for table in pending:  # pages first (TABLES starts with it): the children's keys exist
        if pending[table]:
            db[table].insert_all(pending[table], batch_size=BATCH, alter=True)
            pending[table] = []


COMMITMENT_TYPES = {"snapshot": str, "commitment_id": str, "languages": str, "pages": int,
                    "title": str, "member": str, "status": str, "start_date": str, "end_date": str,
                    "completion": str, "milestone_count": int, "ogp_values": str, "irm": str,
                    "institutions": str, "milestones": str, "conflicts": int, "warnings": str,
                    "record_keys": str}
_JSON = ("title", "member", "ogp_values", "irm", "institutions", "milestones", "warnings", "record_keys")


def commitment_row(merged: dict, label: str) -> dict:
    """A merged commitment (merge.py) as a row: canonical values as columns, per-language
    texts and lists as JSON (Datasette shows JSON; SQLite's json_extract reads it)."""
    row = {"snapshot": label, "commitment_id": merged["commitment_id"],
           "languages": ",".join(merged["languages"]), "pages": len(merged["record_keys"]),
           "conflicts": len(merged["warnings"])}
    for key in COMMITMENT_TYPES:
        if key not in row:
            value = merged.get(key)
            row[key] = json.dumps(value, ensure_ascii=False) if key in _JSON and value is not None else value
    return row


def _insert_commitments(db, merged: list[dict], label: str) -> None:
    if "commitments" not in db.table_names():
        db["commitments"].create(COMMITMENT_TYPES, pk=("snapshot", "commitment_id"))
        db["commitments"].create_index(["commitment_id"], if_not_exists=True)
    db["commitments"].insert_all((commitment_row(m, label) for m in merged), batch_size=BATCH, alter=True)


def _ensure_search_and_views(db) -> None:
    for table, cols in SEARCHED.items():
        if f"{table}_fts" not in db.table_names():
            # triggers keep the index in step with later snapshots' inserts and deletes
            db[table].enable_fts(list(cols), fts_version="FTS5", create_triggers=True)
    from .changes import changes_sql

    db.create_view("changes", changes_sql(), replace=True)
