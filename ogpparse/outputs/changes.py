"""The `changes` view: per commitment (commitment_id + language), the fields whose value
differs between two snapshots of one database - old_snapshot before new_snapshot, every
pair of snapshots the database holds. Filter it for the pair you compare:

    SELECT * FROM changes WHERE old_snapshot = '2026-11-01' AND new_snapshot = '2026-12-01';

`IS NOT` compares NULLs as values: a field that appears or vanishes is a change too.
"""
from __future__ import annotations

PAGE_FIELDS = ("completion", "status", "start_date", "end_date", "milestone_count")
MILESTONE_FIELDS = ("start_date", "end_date", "status")

_PAIRS = """
    FROM pages o JOIN pages n
      ON n.commitment_id = o.commitment_id AND n.language = o.language AND o.snapshot < n.snapshot
    WHERE o.page_type = 'commitment' AND n.page_type = 'commitment'"""


def changes_sql() -> str:
    parts = [
        f"""SELECT o.commitment_id, o.language, o.snapshot AS old_snapshot, n.snapshot AS new_snapshot,
       '{f}' AS field, o.{f} AS old_value, n.{f} AS new_value{_PAIRS} AND o.{f} IS NOT n.{f}"""
        for f in PAGE_FIELDS
    ]
    # milestones matched by their number, as `ogpparse diff` matches them
    parts += [
        f"""SELECT o.commitment_id, o.language, o.snapshot, n.snapshot,
       'milestones.' || om.number || '.{f}', om.{f}, nm.{f}{_PAIRS.replace("WHERE", '''
    JOIN milestones om ON om.snapshot = o.snapshot AND om.record_key = o.record_key
    JOIN milestones nm ON nm.snapshot = n.snapshot AND nm.record_key = n.record_key AND nm.number = om.number
    WHERE''')} AND om.{f} IS NOT nm.{f}"""
        for f in MILESTONE_FIELDS
    ]
    return "\nUNION ALL\n".join(parts)
