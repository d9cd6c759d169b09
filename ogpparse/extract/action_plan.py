"""Action plan pages ("Action plan – Jalisco, Mexico, 2023 – 2024").

At-a-Glance gives the plan, its submission year and end, and the lead institutions; the
description is the OGP Local template: a foreword, then questions with their answers,
the counts of groups and public meetings, the independent monitoring body and the
endorsements of non-governmental stakeholders.
"""
from __future__ import annotations

import re

from ..lexicon import norm_words
from ..normalize import clean_value, split_outside_parens, to_int, year_range
from .base import Doc, is_question, join
from .common import action_plan_ref, first_title, institutions_of, plan_member, related_commitments

FIELDS = frozenset({"overview", "at_a_glance", "description", "action_plan", "submitted_year",
                    "plan_end", "lead", "duration", "submitted", "foreword", "groups_count",
                    "public_meetings_count", "endorsements", "monitoring_body", "commitments_list"})
_NOT_SECTIONS = {"duration", "submitted", "description"}


def extract(doc: Doc) -> dict:
    _, title = first_title(doc)
    desc = doc.find("description")
    glance_end = desc if desc is not None else len(doc.lines)
    plan = action_plan_ref(doc, doc.raw("action_plan", 0, glance_end))
    start, end = year_range(title)
    rec = {
        "title": title,
        "member": plan_member(doc, title) or plan_member(doc, plan and plan["title"]),
        "action_plan": plan,
        "start_date": doc.date(doc.raw("submitted_year", 0, glance_end)) or (str(start) if start else None),
        "end_date": doc.date(doc.raw("plan_end", 0, glance_end)) or (str(end) if end else None),
        "submitted": doc.date(doc.raw("submitted")),
        "institutions": institutions_of(doc, ("lead",), glance_end),
        "groups_count": to_int(doc.raw("groups_count")),
        "public_meetings_count": to_int(doc.raw("public_meetings_count")),
        "endorsements": _endorsements(doc),
        "monitoring_body": _monitoring_body(doc),
    }
    # A question or prompt ("Fournissez les coordonnées de ...") is a section even when the
    # page leaves it unanswered; a template group heading with no text of its own is not.
    rec["sections"] = [s for s in _sections(doc, (desc + 1) if desc is not None else 0)
                       if s["answer"] or s["question"].rstrip().endswith(("?", "."))]
    lst = doc.find("commitments_list")
    rec["related_commitments"] = related_commitments(doc, lst) if lst is not None else []
    return rec


def _is_section_start(doc: Doc, i: int) -> bool:
    hit = doc.hits[i]
    if hit is not None:
        return hit.inline is None
    line = doc.lines[i]
    return is_question(line) or line.key in doc.lex.section_sets.get("action_plan", ())


def _section_starts(doc: Doc, start: int) -> list[bool]:
    """_is_section_start of every line from `start` on (index i - start), each line asked
    once: _sections asks of most lines, some twice (a section's end is the next one's start)."""
    headings = doc.lex.section_sets.get("action_plan", ())
    lines, hits = doc.lines, doc.hits
    out = []
    for i in range(start, len(lines)):
        hit = hits[i]
        if hit is not None:
            out.append(hit.inline is None)
        else:
            line = lines[i]
            out.append(is_question(line) or line.key in headings)
    return out


def _sections(doc: Doc, start: int) -> list[dict]:
    """Every question or template heading with the text below it."""
    out: list[dict] = []
    starts = _section_starts(doc, start)
    i = start
    while i < len(doc.lines):
        hit = doc.hits[i]
        if hit is not None and hit.fields & _NOT_SECTIONS:
            # A field, not a section: its label and (below it) its one-line value.
            i += 2 if hit.inline is None and not (hit.fields & {"description"}) else 1
            continue
        if not starts[i - start]:
            i += 1
            continue
        j = i + 1
        while j < len(doc.lines) and not starts[j - start]:
            j += 1
        out.append({"question": doc.lines[i].text.rstrip(" :"), "answer": clean_value(join(doc.lines[i + 1:j]), doc.lexicons),
                    "explanation": None, "references": None})
        i = j
    return out


def _bullets_of(doc: Doc, fname: str) -> list[str]:
    i = doc.find(fname)
    if i is None:
        return []
    a, b = doc.value_span(i)
    j = a
    while j < len(doc.lines) and not _is_section_start(doc, j):
        j += 1
    return [line.text for line in doc.lines[a:j] if line.bullet]


def _endorsements(doc: Doc) -> list[dict]:
    """"Name, role, Organization" per bullet: first piece the name, last the organization."""
    out = []
    for text in _bullets_of(doc, "endorsements"):
        parts = [p for p in split_outside_parens(text, ",") if p]
        if not parts:
            continue
        name = parts[0]
        role = ", ".join(parts[1:-1]) if len(parts) > 2 else (parts[1] if len(parts) == 2 else None)
        org = parts[-1] if len(parts) > 2 else None
        out.append({"name": name, "role": role or None, "organization": org})
    return out


_ORG_SPLIT = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*")


def _monitoring_body(doc: Doc) -> list[dict]:
    """"ORG – role, represented by NAME" per bullet."""
    phrases = sorted(doc.lex.words("represented_by"), key=len, reverse=True)
    out = []
    for text in _bullets_of(doc, "monitoring_body"):
        parts = _ORG_SPLIT.split(text, maxsplit=1)
        org, rest = (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (text.strip(), "")
        role, rep = rest, None
        words = norm_words(rest)
        for phrase in phrases:
            pos = rest.lower().find(phrase.lower())
            if pos >= 0 and norm_words(phrase) in words:
                role, rep = rest[:pos].rstrip(" ,;"), rest[pos + len(phrase):].strip(" ,;.")
                break
        out.append({"organization": org, "role": role or None, "representative": rep or None})
    return out
