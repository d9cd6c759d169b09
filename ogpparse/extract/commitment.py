"""Commitment pages, in both layouts the site uses.

Older layout: At-a-Glance (action plan, cycle, status), Institutions, Policy Areas, an IRM
Review block, a free-text Description (with the commitment period somewhere near its top)
and the list of the member's other commitments.
Newer layout: Commitment Start/End, Institutions involved, Primary Policy Area/Sector, OGP
Values with explanations, a Description in named sections, and numbered Milestones.
"""
from __future__ import annotations

import functools

import re

from ..detect import ID_SHAPE
from ..lexicon import _WORDS_DROP, _WORDS_MAP, Lexicon, _cp1252, norm, norm_words
from ..normalize import (TWO_YEARS, clean_value, month_key, scale_value, scale_values, split_list,
                         to_int, undouble)
from .base import LONGEST_RANGE, Doc, join, longest
from .common import (action_plan_ref, commitment_heading, emails_in, institutions_of, member_before,
                     plan_member, related_commitments)
from .inline_fields import inline_value, strip_inline_fields
from .inline_fields import prepare as prepare_inline
from .milestones import milestone_activities, milestones_block

# IRM review fields: (canonical field, scale that gives its value)
IRM_FIELDS = (("irm_report", None), ("starred", "answer"), ("early_results", "early_results"),
              ("verifiable", "answer"), ("relevant_to_ogp_values", "answer"),
              ("potential_impact", "potential_impact"))
_INLINE_FIELD = "date_range"  # a field read from inside a description line (inline_value)
_MULTI_LINE = {"ogp_value_explanations"}  # description fields whose value runs over several lines
_END_OF_DESCRIPTION = ("milestones_heading", "commitments_list", "contact_heading")
FIELDS = frozenset({
    "overview", "at_a_glance", "institutions_heading", "irm_review", "design", "implementation",
    "description", "milestones_heading", "commitments_list", "contact_heading",
    "inception_summary", "action_plan", "action_plan_cycle", "status", "lead", "supporting", "involved",
    "policy_areas", "primary_sector", "ogp_values", "ogp_value_explanations", "irm_report", "starred",
    "early_results", "verifiable", "relevant_to_ogp_values", "potential_impact", "completion",
    "start_date", "end_date", "date_range", "commitment_id", "title", "contact_name",
    "contact_title", "contact_email", "contact_person", "contact_designation", "contact_mail",
    "contact_phone"})


def prepare(lexicons: tuple[Lexicon, ...]) -> None:
    """Build what this extractor builds from the lexicons on its first page (pipeline.prepare)."""
    prepare_inline(lexicons, FIELDS, (_INLINE_FIELD,))


def extract(doc: Doc) -> dict:
    head, title, cid = commitment_heading(doc)
    desc = _description_start(doc)
    glance_end = desc if desc is not None else len(doc.lines)
    if desc is not None and not _is_description_heading(doc, desc):
        desc -= 1  # no heading: content starts at desc + 1, as after a heading
    body_end = _first(doc, _END_OF_DESCRIPTION, desc or 0)

    member = member_before(doc, head)
    if cid is None:
        cid = _labelled_id(doc)
    if title is None:
        title = doc.raw("title", first_nonempty=True)
    plan = action_plan_ref(doc, doc.raw("action_plan", 0, glance_end), member)
    if member is None and plan:
        member = plan_member(doc, plan["title"])

    rec = {
        "commitment_id": cid, "title": title, "member": member, "action_plan": plan,
        "action_plan_cycle": to_int(doc.raw("action_plan_cycle", 0, glance_end)),
        "status": scale_value(doc.raw("status", 0, glance_end), doc.lex, "status"),
        "institutions": _institutions(doc, glance_end),
        "policy_areas": split_list(doc.raw("policy_areas", 0, body_end, first_nonempty=True), doc.lexicons),
        "primary_sector": doc.raw("primary_sector", 0, body_end, first_nonempty=True),
        "completion": scale_value(doc.raw("completion", 0, glance_end), doc.lex, "completion"),
    }
    rec["irm"] = _irm(doc, glance_end)
    rec["ogp_values"] = _ogp_values(doc, body_end)  # newer pages print "OGP Value" in the description
    rec["ogp_value_explanations"] = _value_explanations(doc)
    rec["start_date"], rec["end_date"], period_line = _dates(doc, glance_end, desc, body_end)
    rec["description"] = _description(doc, desc, body_end, period_line) if desc is not None else {}
    _milestones(doc, rec, body_end)
    lst = doc.find("commitments_list", body_end)
    rec["related_commitments"] = related_commitments(doc, lst) if lst is not None else []
    rec["contacts"] = _contacts(doc, desc or 0)
    _check(doc, rec)
    return rec


def _first(doc: Doc, fields: tuple[str, ...], start: int) -> int:
    found = [i for f in fields if (i := doc.find(f, start)) is not None]
    return min(found) if found else len(doc.lines)


def _description_start(doc: Doc) -> int | None:
    """The line where the description starts: its heading, or - when a dump dropped the
    heading - the first line after the last At-a-Glance or IRM field."""
    i = doc.find("description")
    if i is not None:
        return i
    last = None
    for fname in ("completion", "potential_impact", "relevant_to_ogp_values", "verifiable",
                  "early_results", "policy_areas", "supporting"):
        j = doc.find(fname)
        if j is not None:
            last = max(last or 0, doc.value_span(j)[1] if doc.hits[j].inline is None else j + 1)
    return last


def _is_description_heading(doc: Doc, i: int) -> bool:
    return i < len(doc.lines) and doc.hits[i] is not None and "description" in doc.hits[i].fields


def _labelled_id(doc: Doc) -> str | None:
    value = doc.raw("commitment_id")
    if value and ID_SHAPE.match(value.strip().upper()):
        return value.strip().upper()
    return None


def _institutions(doc: Doc, end: int) -> dict:
    return institutions_of(doc, ("lead", "supporting", "involved"), end)


def _irm(doc: Doc, end: int) -> dict | None:
    irm = {}
    for fname, scale in IRM_FIELDS:
        text = doc.raw(fname, 0, end)
        key = "report" if fname == "irm_report" else fname
        if text is None:
            irm[key] = None
            continue
        text = undouble(text.replace("\n", " "))
        value = scale_value(text, doc.lex, scale) if scale else (
            "pending" if scale_value(text, doc.lex, "answer") == "pending" else None)
        if fname == "relevant_to_ogp_values" and value is None and scale_values(text, doc.lex, "ogp_values"):
            value = "yes"
        irm[key] = {"text": text, "value": value}
    if irm["potential_impact"] is None:
        irm["potential_impact"] = _summary_sentence(doc, "potential_impact", end)
    return irm if any(irm.values()) else None


@functools.lru_cache(maxsize=16)
def _sentence_phrases(lexicons, fname: str) -> tuple[tuple[str, str], ...]:
    """(normalised phrase, canonical value) of the IRM's fixed sentences: once per run."""
    return tuple((norm_words(p), slug) for lex in lexicons
                 for slug, items in lex.data.get("irm_sentences", {}).get(fname, {}).items() for p in items)


def _may_print(phrases: tuple[tuple[str, str], ...], text: str) -> bool:
    """False when no line of `text` holds one of the phrases in its words. A phrase in a
    line's words is in the words of the lines joined (a line break is a space there), and
    each of its words is then in the text folded as norm_words folds it, before its runs of
    spaces are made one: a few C scans, where the words of a page's long lines (a split
    and a join of every word) cost ~150,000 instructions."""
    folded = _spaced_words(text)
    if folded is None:
        together = norm_words(text)
        return any(phrase in together for phrase, _ in phrases)
    return any(all(word in folded for word in words) for words in _words_of(phrases))


def _spaced_words(text: str) -> str | None:
    """norm_words(text) with its runs of spaces left as they are, for a cp1252 text (nearly
    all pages; None for another)."""
    if text.isascii():
        return text.lower()  # its non-alphanumeric characters need not be spaces: words are runs
    data = _cp1252(text)
    if data is None:
        return None
    data = data.translate(_WORDS_MAP, _WORDS_DROP)
    return data.decode("ascii") if data.isascii() else None


@functools.lru_cache(maxsize=16)
def _words_of(phrases: tuple[tuple[str, str], ...]) -> tuple[tuple[str, ...], ...]:
    """The words of each phrase, the longest (rarest, most often) first."""
    return tuple(tuple(sorted(set(phrase.split()), key=len, reverse=True)) for phrase, _ in phrases)


def _summary_sentence(doc: Doc, fname: str, end: int) -> dict | None:
    """A rating the page states as one of the IRM's fixed sentences (lexicon data)."""
    phrases = _sentence_phrases(doc.lexicons, fname)
    if not phrases:
        return None
    lines = [line for line in doc.lines[:end] if len(line.text) >= 40]
    if not _may_print(phrases, "\n".join(line.text for line in lines)):
        return None  # most pages: without the words of each long line
    for line in lines:
        words = line.words
        for phrase, slug in phrases:
            if phrase in words:
                return {"text": line.text.strip(), "value": slug}
    return None


def _ogp_values(doc: Doc, end: int) -> list[str]:
    """The values the page names (OGP Value list, relevance line), in page order."""
    texts = [doc.raw("ogp_values", 0, end), doc.raw("relevant_to_ogp_values", 0, end)]
    out: list[str] = []
    for text in texts:
        for slug in scale_values(text, doc.lex, "ogp_values"):
            if slug not in out:
                out.append(slug)
    return out


def _value_explanations(doc: Doc) -> dict[str, str]:
    i = doc.find("ogp_value_explanations")
    if i is None:
        return {}
    out = {}
    for line in doc.value_lines(i):
        slug, rest = _leading_value(doc, line.text)
        if slug and rest and slug not in out:
            out[slug] = rest
    return out


def _leading_value(doc: Doc, text: str) -> tuple[str | None, str]:
    """("access_to_information", "In the construction ...") from "Access to information In the ..."."""
    starts = [m.end() for m in re.finditer(r"\S+", text)][:14]
    best = (None, text)
    for cut in starts:
        key = norm_words(text[:cut])
        for phrase, slug in doc.lex.scales.get("ogp_values", ()):
            if key == phrase:
                best = (slug, text[cut:].strip())
    return best


def _dates(doc: Doc, glance_end: int, desc: int | None, body_end: int):
    """(start, end, index of the description line that gave them, if one did)."""
    start = doc.date(doc.raw("start_date", 0, glance_end))
    end = doc.date(doc.raw("end_date", 0, glance_end))
    if start or end or desc is None:
        return start, end, None
    i = doc.find("date_range", desc, body_end)
    if i is not None:
        found = doc.date_range(join(doc.value_lines(i)).replace("\n", " "))
        if found:
            return *found, None  # the labelled line is consumed as a field anyway
    # The older template prints the period on a line of its own near the top of the
    # description, or labelled inside its first long line ("... Calendrier de mise en œuvre:
    # 2016-2018; ..."), where the line stays text.
    for j in range(desc + 1, min(desc + 14, body_end)):
        text = doc.lines[j].text
        # A line too long to be a range yields one only through a labelled inline value,
        # which needs a colon (inline_value's first test): a long paragraph without one is
        # not scanned by TWO_YEARS (~200 instructions a character, on a third of these lines).
        if len(text) > LONGEST_RANGE and ":" not in text:
            continue
        if not TWO_YEARS.search(text):  # an inline value is a part of the text: none there either
            continue
        found = doc.date_range(text)
        if found:
            return *found, j
        value = inline_value(doc, _INLINE_FIELD, text)
        found = doc.date_range(value) if value else None  # parse_date_range(None) is None
        if found:
            return *found, None
    return None, None, None


def _description(doc: Doc, desc: int, end: int, period_line: int | None) -> dict[str, str]:
    """{section heading: text}. Field labels inside the description (Commitment ID, Primary
    Sector...) and the commitment period are fields, not text; text before the first
    heading goes under the description's own heading."""
    consumed = {period_line}
    # Each line is asked once whether it heads a section (both loops below ask).
    sections = doc.sections
    limit = longest(sections)
    heads = [_section_heading(doc.lines[i], sections, limit) for i in range(desc + 1, end)]
    texts = _texts_without_fields(doc, desc + 1, end, heads)
    for i in range(desc + 1, end):
        hit = doc.hits[i]
        if hit is not None and not (hit.fields & {"description"}) and not texts.get(i, ""):
            consumed.add(i)
            if hit.inline is None and hit.fields & _MULTI_LINE:
                consumed.update(range(*doc.value_span(i)))
            elif hit.inline is None:  # "Commitment ID" / "MXNLE0001": the value is one line,
                consumed.add(i + 1)  # and the lines that continue it in lower case
                j = i + 2
                while j < end and doc.lines[j].text[:1].islower() and not doc.is_heading(j):
                    consumed.add(j)
                    j += 1
            else:  # an inline value wrapped onto lines that continue in lower case
                j = i + 1
                while j < end and doc.lines[j].text[:1].islower() and not doc.is_heading(j):
                    consumed.add(j)
                    j += 1
    sections: dict[str, list] = {}
    own = doc.hits[desc].label if _is_description_heading(doc, desc) else _default_heading(doc)
    if not _is_description_heading(doc, desc) and desc + 1 < end and desc + 1 not in consumed:
        glued = _glued_own_heading(doc, texts.get(desc + 1, doc.lines[desc + 1].text))
        if glued:
            own, texts[desc + 1] = glued
    key = own
    for i in range(desc + 1, end):
        if i in consumed:  # a field inside the section: the section goes on after it
            continue
        line = doc.lines[i]
        if heads[i - desc - 1] or _colon_heading(doc, i, end):
            key = line.text.rstrip(" :,")
            sections.setdefault(key, [])
            continue
        if i in texts:
            if not texts[i]:
                continue
            line = line._replace(text=texts[i])
        sections.setdefault(key, []).append(line)
    out = {}
    for key, lines in sections.items():
        text = clean_value(join(lines), doc.lexicons)
        if text:
            out[key] = text
    return out


def _texts_without_fields(doc: Doc, start: int, end: int, heads: list[bool]) -> dict[int, str]:
    """{line: its text without the field labels run into it} for the lines that carry some
    (empty when the line is all fields); `heads`: whether each line heads a section."""
    out = {}
    for i in range(start, end):
        line = doc.lines[i]
        if line.bullet or heads[i - start]:
            continue
        text = strip_inline_fields(doc, line.text)
        if text != line.text:
            out[i] = text
    return out


def _glued_own_heading(doc: Doc, text: str) -> tuple[str, str] | None:
    """(heading, text) when a dump ran the description's heading into its first line with a
    space ("Description the State close to its citizens."): the text goes on in lower case."""
    for lex in (doc.lex, *doc.lexicons):
        for label in lex.field_labels("description"):
            rest = text[len(label):]
            if text.startswith(label) and rest[:1] == " " and rest[1:2].islower():
                return label, rest.strip()
    return None


def _section_heading(line, sections: frozenset[str], limit: int) -> bool:
    """A whole line that heads a section (fixtures/README.md): a known template heading
    (`sections`, the description headings' keys, at most `limit` characters long), a
    question ending with "?". A line that carries its text after the heading ("Status Quo:
    pobre") is text, and so is a short phrase ending with ":" ("Causes:"), which introduces
    a list inside the section."""
    text = line.text.strip()
    if line.bullet or not text or len(text) > 300:
        return False
    # The line's key (norm drops spaces: the stripped text's key too), kept on the line, or
    # for a paragraph a beginning of it longer than any heading's: not normalised whole.
    if line.key_head(limit) in sections:
        return True
    return text.endswith(("?", "?:", "？"))


def _colon_heading(doc: Doc, i: int, end: int) -> bool:
    """A short phrase ending with ":" alone on its line heads a section ("General problem:"),
    unless a list follows it: then it introduces that list ("Causes:" then bullets, or
    indented lines whose bullets the dump lost)."""
    text = doc.lines[i].text.strip()
    if doc.lines[i].bullet or not text.endswith(":") or ":" in text[:-1] or len(text.split()) > 8:
        return False
    if norm(text) in _text_labels(doc.lexicons):  # "Texto del compromiso:" labels a quote
        return False
    nxt = next((doc.lines[j] for j in range(i + 1, end) if doc.lines[j].text.strip()), None)
    return nxt is not None and not (nxt.bullet or nxt.indented)


@functools.lru_cache(maxsize=8)
def _text_labels(lexicons) -> frozenset[str]:
    return frozenset().union(*(lex.section_sets.get("text_labels", frozenset()) for lex in lexicons))


def _default_heading(doc: Doc) -> str:
    labels = doc.lex.field_labels("description")
    return labels[0] if labels else "Description"


def _milestones(doc: Doc, rec: dict, body_end: int) -> None:
    i = doc.find("milestones_heading", body_end)
    if i is not None:
        rec["milestone_count"], rec["milestones"] = milestones_block(doc, i)
    else:
        rec["milestone_count"], rec["milestones"] = None, milestone_activities(doc, rec["description"])
        # the older layout's milestone block is the milestones, not a description section
        keys = doc.lex.section_sets.get("milestone_activities", frozenset())
        for heading in [h for h in rec["description"] if norm(h) in keys]:
            del rec["description"][heading]


def _contacts(doc: Doc, start: int) -> list[dict]:
    name = doc.raw("contact_name", start)
    title = doc.raw("contact_title", start)
    reach = doc.raw("contact_email", start)
    if not (name or title or reach):
        return _contact_block(doc)
    emails, phone = [], None
    if reach:
        emails, rest = emails_in(reach)
        rest = rest.strip(" ,;/\n")
        phone = rest if re.search(r"\d{3}", rest) else None
    titles = _split_repeated(title)
    names = _people(name, len(titles))
    count = max(len(names), len(titles), len(emails), 1)
    out = []
    for k in range(count):
        out.append({"name": _nth(names, k), "title": _nth(titles, k), "email": _nth(emails, k),
                    "phone": phone if k == 0 else None})
    return out


_CONTACT_BLOCK_LINES = 12  # heading, institution, designation, name, phone, e-mail... with room


def _contact_block(doc: Doc) -> list[dict]:
    """The contact block of local commitments: one short label a line under the contact
    heading ("Designación: ...", "Nombre: ...", "Teléfono: ...", "E-mail: ...")."""
    i = doc.find("contact_heading")
    if i is None:
        return []
    end = min(i + _CONTACT_BLOCK_LINES, len(doc.lines))
    name, title, mail, phone = (doc.raw(f, i, end) for f in
                                ("contact_person", "contact_designation", "contact_mail", "contact_phone"))
    if not (name or title or mail or phone):
        return []
    email = next(iter(emails_in(mail or "")[0]), None)
    return [{"name": name, "title": title, "email": email, "phone": phone}]


def _nth(items: list, k: int):
    return items[k] if k < len(items) else None


def _split_repeated(title: str | None) -> list[str]:
    """"Directeur adjoint, Division X Directeur principal adjoint, Division X": the block's
    first word coming back capitalised starts the next person's title."""
    if not title:
        return []
    text = " ".join(title.split())
    first = text.split()[0]
    if not first[:1].isupper() or len(first) < 4:
        return [text]
    starts = [m.start() for m in re.finditer(rf"(?<=\s){re.escape(first)}\b", text)]
    bounds = [0, *starts, len(text)]
    return [text[a:b].strip(" ,;") for a, b in zip(bounds, bounds[1:]) if text[a:b].strip(" ,;")]


def _people(name: str | None, expected: int) -> list[str]:
    """Names of the people of a contact block: split on ",", ";" or "/"; a line of names with
    no separator ("Myeongjin Lee Hyeonmo Seong") is split evenly when the titles say how many
    people there are."""
    if not name:
        return []
    parts = [p.strip() for p in re.split(r"[;,/]", name) if p.strip()]
    if len(parts) == 1 and expected > 1:
        words = parts[0].split()
        if len(words) % expected == 0 and len(words) >= 2 * expected:
            size = len(words) // expected
            parts = [" ".join(words[i:i + size]) for i in range(0, len(words), size)]
    return parts


def _check(doc: Doc, rec: dict) -> None:
    for fname in ("commitment_id", "title"):
        if not rec.get(fname):
            doc.warn("missing_field", fname, f"no {fname} found on the page")
    start, end = month_key(rec["start_date"]), month_key(rec["end_date"])
    for i, m in enumerate(rec["milestones"]):
        ms, me = month_key(m["start_date"]), month_key(m["end_date"])
        n = m["number"]
        if ms and me and me < ms:
            doc.warn("milestone_ends_before_start", f"milestones[{i}]",
                     f"milestone {n} ends ({m['end_date']}) before it starts ({m['start_date']})")
        if start and end and ((ms and not start <= ms <= end) or (me and not start <= me <= end)):
            doc.warn("milestone_outside_period", f"milestones[{i}]",
                     f"milestone {n} ({m['start_date']} to {m['end_date']}) is outside the commitment "
                     f"period ({rec['start_date']} to {rec['end_date']})")
    count, found = rec["milestone_count"], len(rec["milestones"])
    if count is not None and count != found:
        doc.warn("milestone_count_mismatch", "milestones",
                 f"the page announces {count} milestones, {found} found")
