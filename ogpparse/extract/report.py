"""End-of-commitment reports ("End of Commitment Report – TITLE", "Rapport de fin
d'engagement – ...", "Informe de fin de compromiso – ...").

The report is the IRM's questionnaire: the template numbers its questions the same way in
every language, so answers are found by number (1.1 completion, 1.2 factors, 1.3 as
planned, 2.1.1-2.1.3 the three OGP values, 2.2 the problem, 3 the lessons).
"""
from __future__ import annotations

from ..normalize import clean_value, scale_value
from . import questionnaire
from .base import Doc
from .common import action_plan_ref, evaluators, first_title, plan_member

FIELDS = questionnaire.FIELDS | {"overview", "evaluators", "evaluator_emails", "member",
                                 "action_plan", "commitment", "action", "problem"}
OPEN_GOVERNMENT = {"2.1.1": "access_to_information", "2.1.2": "civic_participation",
                   "2.1.3": "public_accountability"}


def extract(doc: Doc) -> dict:
    answered = questionnaire.questions(doc)
    body_end = questionnaire.first_question_line(doc)
    rec = {
        "title": _title(doc),
        "commitment_title": _first_line(doc.raw("commitment", 0, body_end)),
        "evaluators": evaluators(doc, body_end),
        "action": doc.raw("action", 0, body_end),
        "problem": doc.raw("problem", 0, body_end),
    }
    _unlabelled_positions(doc, rec, body_end)
    plan = action_plan_ref(doc, doc.raw("action_plan", 0, body_end))
    rec["action_plan"] = plan
    rec["member"] = doc.raw("member", 0, body_end) or plan_member(doc, plan and plan["title"])
    _answers(doc, rec, {q.number.rstrip("."): q for q in answered})
    return rec


POSITIONS = ("commitment_title", "action", "problem")


def _unlabelled_positions(doc: Doc, rec: dict, body_end: int) -> None:
    """Dumps that dropped the labels "Commitment", "Action" or "Problem" still print their
    texts in that order after the member and action-plan fields: the texts after the last
    label found fill the positions that follow it."""
    labels = ("commitment", "action", "problem")
    found = [(i, k) for k, f in enumerate(labels) if (i := doc.find(f, 0, body_end)) is not None]
    if found:
        i, k = max(found)
        if k == len(labels) - 1:
            return
        start, todo = _after_value(doc, i), POSITIONS[k + 1:]
    else:
        header = [i for f in ("evaluators", "evaluator_emails", "member", "action_plan")
                  if (i := doc.find(f, 0, body_end)) is not None]
        if not header:
            return
        start, todo = max(_after_value(doc, i) for i in header), POSITIONS
    for fname, text in zip(todo, _free_lines(doc, start, body_end)):
        rec[fname] = text


def _after_value(doc: Doc, i: int) -> int:
    """These fields take one line: a label on its own line has its value on the next."""
    return i + 2 if doc.hits[i].inline is None else i + 1


def _free_lines(doc: Doc, start: int, end: int) -> list[str]:
    """The lines of [start, end) that no label claims, before the questionnaire starts."""
    out = []
    for i in range(start, end):
        if doc.hits[i] is not None or doc.is_heading(i):
            break
        if doc.lines[i].text.strip():
            out.append(doc.lines[i].text.strip())
    return out


def _title(doc: Doc) -> str | None:
    _, heading = first_title(doc)
    if heading is None:
        return None
    for lex in (doc.lex, *doc.lexicons):
        m = lex.match("commitment_report_title", heading)
        if m:
            return m.group("title").strip()
    return heading


def _first_line(text: str | None) -> str | None:
    return text.split("\n", 1)[0] if text else None


def _yes_no(doc: Doc, text: str | None) -> bool | None:
    value = scale_value(text, doc.lex, "answer")
    return {"yes": True, "no": False}.get(value)


def _answers(doc: Doc, rec: dict, by_number: dict) -> None:
    q = by_number.get("1.1")
    rec["completion"] = scale_value(q.answer, doc.lex, "completion") if q else None
    rec["completion_explanation"] = q.explanation if q else None
    q = by_number.get("1.2")
    rec["implementation_factors"] = q.answer if q else None
    q = by_number.get("1.3")
    rec["implemented_as_planned"] = {"answer": q.answer, "explanation": q.explanation} if q else None
    results = {}
    for number, value in OPEN_GOVERNMENT.items():
        q = by_number.get(number)
        results[value] = None if q is None else {
            "answer": _yes_no(doc, q.answer), "degree": scale_value(q.degree, doc.lex, "degree"),
            "explanation": q.explanation}
    rec["open_government"] = results if any(results.values()) else None
    q = by_number.get("2.2")
    rec["addressed_problem"] = {"answer": _yes_no(doc, q.answer), "explanation": q.explanation} if q else None
    q = by_number.get("3")
    rec["lessons"] = clean_value(join_answer(q), doc.lexicons) if q else None


def join_answer(q) -> str | None:
    """The lessons question has no sub-prompts: its whole block is the answer."""
    return q.answer if q.explanation is None else "\n".join(p for p in (q.answer, q.explanation) if p)


