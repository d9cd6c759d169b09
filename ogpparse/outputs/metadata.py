"""Datasette metadata for an ogpparse database: a title, and a description of every table
and column, so that `datasette ogp.db -m metadata.json` explains what it shows.

Column descriptions come from the Pydantic models' field descriptions where a field has one
(`Field(description=...)` in models.py), else from the short texts below; a test checks that
every column of every table is described.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import tables as t
from ..output import atomic_output
from .changes import MILESTONE_FIELDS, PAGE_FIELDS

TABLES = {
    "pages": "One row per page (commitment, action plan, end-of-commitment report, member page, IRM report), per snapshot.",
    "milestones": "The milestones of commitment pages, by number.",
    "institutions": "Institutions named on a page, by role (lead, supporting, involved), with the group the page puts them in.",
    "related_commitments": "Commitments a page lists as related.",
    "description": "The description sections of commitment pages (heading and text).",
    "sections": "Questions and answers of action plans and IRM reports.",
    "endorsements": "Endorsements printed in action plans.",
    "monitoring_body": "Members of an action plan's monitoring body.",
    "evaluators": "Authors of end-of-commitment and IRM reports.",
    "contacts": "Contacts printed on commitment pages.",
    "resources": "Resources listed on member pages.",
    "action_plans": "Action plans listed on member pages.",
    "warnings": "What ogpparse noticed about a page: truncated, missing field, milestone dates out of order...",
    "provenance": "Where each value was read: page lines and their text (only with --provenance).",
    "commitments": "One row per commitment across its languages: canonical values checked between languages, texts per language (JSON).",
    "changes": "Per commitment and language, the fields that differ between two snapshots (every pair; filter old_snapshot and new_snapshot).",
}

COMMON = {
    "snapshot": "Label of the run that wrote the row (--snapshot, default its UTC date).",
    "record_key": "The page's key: commitment ID (or page type), language and 12 hex digits of its SHA-256.",
    "position": "1-based order on the page.",
    "commitment_id": "OGP commitment ID, e.g. MXROO0006.",
    "language": "Page language: en, fr or es.",
    "title": "Title as printed.",
    "name": "Name as printed.",
    "role": "Role as printed, or lead/supporting/involved for institutions.",
    "start_date": "ISO (partial) date: 2023, 2023-07 or 2023-07-01.",
    "end_date": "ISO (partial) date: 2023, 2023-07 or 2023-07-01.",
    "status": "Canonical status.",
    "year": "Year.",
}

PAGES = {
    "source_path": "Page file (or archive member) it was read from.",
    "source_sha256": "SHA-256 of the page bytes.", "source_format": "text or html.",
    "source_url": "URL (web archives).", "source_fetched_at": "When the crawler fetched it (web archives).",
    "source_archive": "Archive the page came from.", "source_member": "Member name inside the archive.",
    "page_type": "commitment, action_plan, commitment_report, member, irm_report or unknown.",
    "member": "OGP member (country or local government) as printed.",
    "action_plan_title": "Action plan as printed.", "action_plan_start_year": "First year of the action plan.",
    "action_plan_end_year": "Last year of the action plan.",
    "status": "Commitment status: active or inactive.", "action_plan_cycle": "Action plan cycle number.",
    "policy_areas": "Policy areas, joined by ' | '.", "primary_sector": "Primary sector as printed.",
    "completion": "Completion: not_started, limited, substantial, complete, no_evidence or pending.",
    "milestone_count": "Milestones the page announces.", "milestones_found": "Milestones read on the page.",
    "related_commitments_found": "Related commitments read on the page.",
    "submitted": "Date the action plan was submitted.", "groups_count": "Groups involved in co-creation.",
    "public_meetings_count": "Public meetings held.", "commitment_title": "Commitment the report is about.",
    "lessons": "Lessons learned.", "member_since": "Year the member joined OGP.",
    "commitments_count": "Commitments the member page counts.", "report_kind": "IRM report kind.",
    "public_comment": "1 when the IRM report is a draft open for public comment.",
    "published": "Publication date.", "warnings": "Warning codes, joined by ' | '.",
    "error": "Why the page gave no record (error entries only).",
}


def _column_text(table: str, column: str) -> str:
    from .. import models

    field = _model_field(models, table, column)
    if field is not None and field.description:
        return field.description
    if table == "pages":
        if column in PAGES:
            return PAGES[column]
        if column in t.OGP_VALUES:
            return f"1 when the page names {column}, 0 when it answers without naming it, NULL when it does not say."
        for role in ("lead", "supporting", "involved"):
            if column == f"{role}_institutions":
                return f"{role.capitalize()} institutions, joined by ' | ' (see the institutions table)."
            if column == f"{role}_institutions_printed":
                return f"{role.capitalize()} institutions exactly as printed."
        if column.startswith("irm_"):
            return ("IRM assessment, canonical value." if column.endswith("_value")
                    else "IRM assessment as printed: " + column[4:].replace("_", " ") + ".")
    if column in COMMON:
        return COMMON[column]
    return column.replace("_", " ").capitalize() + "."


def _model_field(models, table: str, column: str):
    """The models' own field, where the table row is one model (milestones, contacts...)."""
    by_table = {"milestones": models.Milestone, "related_commitments": models.RelatedCommitment,
                "contacts": models.Contact, "evaluators": models.Evaluator, "resources": models.Resource,
                "sections": models.Section, "endorsements": models.Endorsement,
                "monitoring_body": models.MonitoringBody, "warnings": models.RecordWarning,
                "pages": models.Commitment}
    model = by_table.get(table)
    return None if model is None else model.model_fields.get(column)


def commitments_columns() -> list[str]:
    from .sqlite import COMMITMENT_TYPES

    return list(COMMITMENT_TYPES)


COMMITMENTS = {
    "languages": "Languages the commitment was found in.", "pages": "Pages merged.",
    "title": "Title per language (JSON).", "member": "Member as printed, per language (JSON).",
    "ogp_values": "OGP values (JSON list), when the languages agree.",
    "irm": "IRM canonical values (JSON), when the languages agree.",
    "institutions": "Per role: groups (checked), names and printed values per language (JSON).",
    "milestones": "Milestones by number: dates and status checked, titles per language (JSON).",
    "conflicts": "Number of warnings (fields the languages disagree on).",
    "warnings": "language_conflict warnings naming the field and each language's value (JSON).",
    "record_keys": "The merged pages' record_key, per language (JSON).",
}


def metadata(database: str | Path = "ogp.db") -> dict:
    """Datasette metadata for the database file `database` (Datasette names it by its stem)."""
    name = Path(str(database)).stem
    tables = {}
    for table in (*t.TABLES, "provenance"):
        tables[table] = {"description": TABLES[table],
                         "columns": {c: _column_text(table, c) for c in ["snapshot", *t.columns(table)]}}
    tables["commitments"] = {"description": TABLES["commitments"], "columns": {
        c: COMMITMENTS.get(c) or _column_text("pages", c) for c in commitments_columns()}}
    tables["changes"] = {"description": TABLES["changes"], "columns": {
        "commitment_id": COMMON["commitment_id"], "language": COMMON["language"],
        "old_snapshot": "The earlier snapshot.", "new_snapshot": "The later snapshot.",
        "field": "Field that changed: " + ", ".join(PAGE_FIELDS) + ", or milestones.N." + "/".join(MILESTONE_FIELDS) + ".",
        "old_value": "Value in the earlier snapshot.", "new_value": "Value in the later snapshot."}}
    return {"title": "Open Government Partnership pages (ogpparse)",
            "description": "Records extracted by ogpparse from saved OGP pages: commitments, action plans, reports.",
            "databases": {name: {"tables": tables}}}


def write_metadata(path: str | Path, database: str | Path = "ogp.db") -> None:
    with atomic_output(path) as fh:
        json.dump(metadata(database), fh, ensure_ascii=False, indent=2)
        fh.write("\n")
