"""Parts shared by several page kinds: the page heading, the action plan reference, the
site's list of commitments, evaluators and question/answer sections."""
from __future__ import annotations

import re

from ..detect import ID_SHAPE, title_commitment_id
from ..lexicon import norm, norm_words
from ..institutions import printed_text, read_institutions
from ..normalize import clean_value, is_placeholder, to_int, year_range
from .base import Doc, join

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # an e-mail address (fullmatch: one value)
# EMAIL searched for: its local part taken possessively, and tried only where a run of its
# characters starts, or where the last address ended. Tried at every character, a long
# run of them with no "@" after it (a line of dots) took time in the square of its length:
# 20,000 dots 1 s, 400,000 dots 418 s. An address found from inside a run is the same as
# from the run's start (the "@" ends the run either way), so the addresses are EMAIL's.
_EMAIL_HERE = re.compile(r"[\w.+-]++@[\w-]+(?:\.[\w-]+)+")
_EMAIL_AT_RUN = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+")


def emails_in(text: str) -> tuple[list[str], str]:
    """(the e-mail addresses of a text, the text without them): EMAIL.findall(text) and
    EMAIL.sub("", text), in time linear in the text."""
    emails, rest = [], []
    pos = 0
    while m := (emails and _EMAIL_HERE.match(text, pos)) or _EMAIL_AT_RUN.search(text, pos):
        emails.append(m.group())
        rest.append(text[pos:m.start()])
        pos = m.end()
    rest.append(text[pos:])
    return emails, "".join(rest)


def first_title(doc: Doc) -> tuple[int | None, str | None]:
    """The page heading: the first line that is neither a label nor a block heading."""
    for i, line in enumerate(doc.lines[:6]):
        if not doc.is_heading(i) and not line.bullet:
            return i, line.text
    return None, None


# A heading's last parenthesis ("Title (MX0001)"), compiled once: re.sub looked it up in re's
# cache on each commitment page.
_LAST_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def commitment_heading(doc: Doc) -> tuple[int | None, str | None, str | None]:
    """(line index, title without the ID, commitment ID) of a commitment page heading."""
    for i, line in enumerate(doc.lines[:8]):
        cid = title_commitment_id(line.text)
        if cid:
            title = _LAST_PARENTHESIS.sub("", line.text).strip()
            return i, title or None, cid
    return None, None, None


def member_before(doc: Doc, i: int | None) -> str | None:
    """The member name the site prints just above the page heading, if it does."""
    if not i:
        return None
    line = doc.lines[i - 1]
    if doc.is_heading(i - 1) or line.bullet or is_placeholder(line.text, doc.lexicons):
        return None
    return line.text


# A plan title ends with its years: a comma after them starts the next title.
_AFTER_YEARS = re.compile(r"((?:19|20)\d{2}\s*[–—-]\s*(?:19|20)\d{2}),\s+(?=[^\d\s])")


def split_plans(text: str) -> list[str]:
    """"Action plan – A, 2021 – 2023, Action plan – B, 2021 – 2022" -> two plan titles; so is
    "Uruguay Action Plan 2014-2016, Uruguay, Second Action Plan, 2014-2016" (two titles of
    one plan)."""
    m = re.match(r"\s*(\S+\s+\S+)", text)
    if not m:
        return [text]
    parts = _split_before(text, m.group(1))
    titles = [t for p in parts for t in _AFTER_YEARS.sub("\\1\n", p).split("\n")]
    return [t.strip() for t in titles if t.strip()]


_COMMA_SPACES = re.compile(r",\s+")


def _split_before(text: str, lead: str) -> list[str]:
    """The text split at each comma and spaces that `lead` follows (re.split of ",\\s+(?=lead)",
    without a pattern compiled for each plan's words: `lead` begins with no space, so only
    the whole run of spaces can come before it)."""
    parts, start = [], 0
    for m in _COMMA_SPACES.finditer(text):
        if text.startswith(lead, m.end()):
            parts.append(text[start:m.start()])
            start = m.end()
    parts.append(text[start:])
    return parts


def plan_member(doc: Doc, title: str | None) -> str | None:
    """The member named in an action plan title ("Action plan – Jalisco, Mexico, 2023 – 2024")."""
    if not title:
        return None
    for lex in (doc.lex, *doc.lexicons):
        m = lex.match("action_plan_title", title)
        if m and m.groupdict().get("member"):
            return m.group("member").strip()
    return None


def action_plan_ref(doc: Doc, text: str | None, member: str | None = None) -> dict | None:
    """{title, start_year, end_year} from the action plan value; when the value names several
    plans, the one naming the member (else the first) - with a warning."""
    # A plan title is one line; what follows a label with no colon is other text.
    text = clean_value(text.split("\n", 1)[0] if text else None, doc.lexicons)
    if not text:
        return None
    plans = split_plans(text)
    chosen = plans[0]
    if len(plans) > 1:
        if member:
            chosen = next((p for p in plans if norm(member) in norm(p)), chosen)
        doc.warn("several_action_plans", "action_plan",
                 f"the page names {len(plans)} action plans; kept {chosen!r}")
    start, end = year_range(chosen)
    return {"title": chosen, "start_year": start, "end_year": end}


# --- the site's list of commitments (commitment, member and action plan pages) ------------

_ITEM = re.compile(r"^(?P<id>[A-Za-z]{2}[A-Za-z]{0,3}\d{4}(?:\.\d+)?)\s*,\s*(?P<year>\d{4})?\s*,?\s*(?P<area>.*)$")
_NUMBER = re.compile(r"^\d{1,3}[.)]\s+")


def related_commitments(doc: Doc, start: int, end: int | None = None) -> list[dict]:
    """Items "1. Title" + "KR0036, 2018, Anti-corruption" of a commitments list."""
    out = []
    stop = len(doc.lines) if end is None else end
    prev_item = start
    for i in range(start, stop):
        m = _ITEM.match(doc.lines[i].text)
        if not m or not ID_SHAPE.match(m["id"].upper()):
            continue
        title, starred = _item_title(doc, prev_item, i)
        area = clean_value(m["area"], doc.lexicons)
        out.append({"id": m["id"].upper(), "title": title, "year": to_int(m["year"]),
                    "policy_area": area, "starred": starred})
        prev_item = i + 1
    if stop == len(doc.lines):
        out.extend(_cut_last_item(doc, prev_item, stop))
    return out


def _cut_last_item(doc: Doc, lo: int, stop: int) -> list[dict]:
    """A page cut inside its commitments list may end on an item's title without its ID
    line ("19. Follow the U"): that item is kept with what the page shows, and the
    `truncated` warning points at it."""
    rest = [doc.lines[j].text for j in range(lo, stop) if doc.lines[j].text.strip()]
    if len(rest) != 1 or not _NUMBER.match(rest[0]):
        return []
    title, starred = _item_text(doc, rest[0])
    return [{"id": None, "title": title, "year": None, "policy_area": None, "starred": starred}] if title else []


def _item_title(doc: Doc, lo: int, i: int) -> tuple[str | None, bool]:
    starred = False
    title = None
    for j in range(i - 1, max(lo, i - 3) - 1, -1):
        stripped, marked = strip_starred(doc, doc.lines[j].text)  # a line may be the mark alone
        starred = starred or marked
        if stripped:
            title, marked = _item_text(doc, stripped)
            starred = starred or marked
            title = title or None
            break
    return title, starred


def _item_text(doc: Doc, text: str) -> tuple[str, bool]:
    """(title, starred) of a list item "13. Starred commitment Open Administration Week":
    the number, then the starred mark before or after the title."""
    return strip_starred(doc, _NUMBER.sub("", text).strip())


def strip_starred(doc: Doc, text: str) -> tuple[str, bool]:
    """The text without the starred mark the site prints after a title or, in some lists,
    before it."""
    for marker in sorted(doc.lex.words("starred_marker"), key=len, reverse=True):
        if norm_words(text).endswith(norm_words(marker)):
            cut = len(text) - len(marker)
            if cut >= 0 and norm(text[cut:]) == norm(marker):
                return text[:cut].rstrip(" -–—|,"), True
        if norm_words(text).startswith(norm_words(marker)) and norm(text[:len(marker)]) == norm(marker):
            return text[len(marker):].lstrip(" -–—|,:"), True
    return text, False


# --- evaluators and questionnaires (reports) ---------------------------------------------

def evaluators(doc: Doc, end: int | None = None) -> list[dict]:
    """Names from "Name of Evaluator", paired in order with the e-mails listed under them
    (or under an "Email" label). A hidden address ("[email protected]") is None."""
    i = doc.find("evaluators", 0, end)
    if i is None:
        return []
    lines = doc.value_lines(i)
    names, mails = [], []
    for line in lines:
        if "@" in line.text or any(h in line.text for h in doc.lex.words("hidden_email")):
            mails.extend(p.strip() for p in line.text.split(","))
        elif not names:  # the names are one comma-separated line; later lines are other text
            names.extend(p.strip() for p in line.text.split(",") if p.strip())
    if not mails:
        j = doc.find("evaluator_emails", i, (i + 8))
        if j is not None:
            mails = [p.strip() for p in join(doc.value_lines(j)).replace("\n", ",").split(",")]
    out = []
    for k, name in enumerate(n for n in names if not is_placeholder(n, doc.lexicons)):
        mail = mails[k] if k < len(mails) else None
        out.append({"name": name, "email": mail if mail and EMAIL.fullmatch(mail) else None})
    return out


# Longer than any list a page prints (the longest in the corpus is under 3,000 characters):
# such a value is kept as printed but not split, so that one odd page never takes seconds.
MAX_LIST_CHARS = 20_000


def institution_list(doc: Doc, fname: str, end: int) -> tuple[list[dict], str | None]:
    """The bodies a label names, with their groups, and the value as printed."""
    i = doc.find(fname, 0, end)
    if i is None:
        return [], None
    lines = doc.value_lines(i, end)
    if sum(len(line.text) for line in lines) > MAX_LIST_CHARS:
        doc.warn("institutions_not_split", f"institutions.{fname}",
                 f"the value is longer than {MAX_LIST_CHARS:,} characters: kept as printed, not split into bodies")
        return [], printed_text(lines)
    return read_institutions(lines, doc.lexicons)


def institutions_of(doc: Doc, roles, end: int) -> dict:
    """The record's `institutions`: each role's bodies, and `printed` for the roles shown."""
    out: dict = {"lead": [], "supporting": [], "involved": [], "printed": {}}
    for role in roles:
        bodies, printed = institution_list(doc, role, end)
        out[role] = bodies
        if printed:
            out["printed"][role] = printed
    return out
