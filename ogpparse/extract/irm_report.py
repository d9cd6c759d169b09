"""IRM report pages: action plan reviews, mid-term/progress, end-of-term, design and results
reports, co-creation briefs, and OGP Local inception reports (questionnaires, read with the
same question/answer handling as end-of-commitment reports)."""
from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from ..line_search import any_search, first_match
from ..normalize import scale_value, to_int, year_range
from . import questionnaire
from .base import Doc
from .common import action_plan_ref, evaluators, first_title, plan_member

FIELDS = questionnaire.FIELDS | {"overview", "at_a_glance", "evaluators", "evaluator_emails", "member",
                                 "action_plan", "participating_since", "plan_under_review",
                                 "irm_product", "commitments_count", "published"}


def extract(doc: Doc) -> dict:
    _, title = first_title(doc)
    parts = _title_parts(doc, title or "")
    body_end = questionnaire.first_question_line(doc)
    plan = action_plan_ref(doc, doc.raw("action_plan", 0, body_end))
    if plan is None:
        start, end = year_range(doc.raw("plan_under_review"))
        if start is None:
            start, end = parts.get("start"), parts.get("end")
        plan = {"title": None, "start_year": start, "end_year": end} if start else None
    member = doc.raw("member", 0, body_end) or parts.get("member") or plan_member(doc, plan and plan["title"])
    kind = _kind(doc, title, doc.raw("irm_product"))
    return {
        "title": title,
        "member": member,
        "action_plan": plan,
        "report_kind": kind,
        "public_comment": any_search(_sentence_patterns(doc.lex, doc.lexicons, "public_comment"), title or ""),
        "published": doc.date(doc.raw("published")) or _sentence_value(doc, "published_sentence", "date"),
        "evaluators": evaluators(doc, body_end) or _sentence_evaluators(doc),
        "member_since": to_int(doc.raw("participating_since")),
        "commitments_count": to_int(doc.raw("commitments_count")),
        # Only inception reports are questionnaires; other reports' numbered lines are
        # commitment tables ("4. Publication de contrats ... .").
        "sections": [{"question": f"{q.number} {q.text}", "answer": q.answer,
                      "explanation": q.explanation, "references": q.references}
                     for q in questionnaire.questions(doc, body_end)] if kind == "inception" else [],
    }


def _sentence_value(doc: Doc, pattern: str, group: str, lines: int = 40) -> str | None:
    """A value the IRM states in a fixed sentence of its own (lexicon patterns), with the
    date normalised: "In March 2018, the IRM published ..." -> "2018-03"."""
    found = first_match(_sentence_patterns(doc.lex, doc.lexicons, pattern),
                        [line.text for line in doc.lines[:lines]])
    if found is None:
        return None
    m = found[1]
    return doc.date(m.group(group)) if group == "date" else m.group(group).strip()


@functools.lru_cache(maxsize=16)
def _sentence_patterns(lex: Lexicon, lexicons: tuple[Lexicon, ...], name: str) -> tuple[re.Pattern, ...]:
    """Lexicon.match of each lexicon in turn, the page's first, as one list: the page's
    lexicon is tried once, not again among the others (where it could match no better)."""
    others = (other for other in lexicons if other is not lex)
    return tuple(p for other in (lex, *others) for p in other.patterns.get(name, ()))


def _sentence_evaluators(doc: Doc) -> list[dict]:
    name = _sentence_value(doc, "evaluator_sentence", "name")
    return [{"name": name, "email": None}] if name else []


def _title_parts(doc: Doc, title: str) -> dict:
    """Member, kind and years named by the title, read with the page language's patterns
    first (a Spanish page may carry an English title)."""
    for lex in (doc.lex, *doc.lexicons):
        m = lex.match("irm_report_title", title)
        if m:
            found = {k: v for k, v in m.groupdict().items() if v}
            out = {"member": found.get("member", "").strip(" –—-,") or None}
            out["start"] = int(found["start"]) if "start" in found else None
            out["end"] = int(found["end"]) if "end" in found else None
            if "title" in found:  # "Inception Report – Action plan – X, 2022 – 2024"
                out["member"] = plan_member(doc, found["title"])
                out["start"], out["end"] = year_range(found["title"])
            return out
    return {}


def _kind(doc: Doc, title: str | None, product: str | None) -> str | None:
    for text in (title, product):
        for lex in (doc.lex, *doc.lexicons):
            kind = scale_value(text, lex, "report_kind")
            if kind:
                return kind
    return None

