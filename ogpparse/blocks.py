"""Stage 2: a page (HTML or a text dump) to a list of lines.

One `Line` per paragraph, heading, list item or table cell. Bullets ("•", "▪", "- ") are
recognised and removed from the text; the `bullet` flag keeps the fact. In HTML, a list
item that the markup marks as selected (class "active"/"selected"/"checked", aria-checked,
a checked input...) gets `marked=True`: that is how a milestone's status is read.
"""
from __future__ import annotations

import re
from typing import NamedTuple


class Line(NamedTuple):
    text: str
    bullet: bool = False
    marked: bool = False


_BULLET_CHARS = "•▪◦●·*▸►"
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")


def clean_text(s: str) -> str:
    """Spaces folded (str.split() knows every Unicode space); invisible characters removed
    beforehand, once per page, by the callers."""
    return " ".join(s.split())


def _split_bullet(s: str) -> tuple[str, bool]:
    if s and s[0] in _BULLET_CHARS and (len(s) == 1 or s[1] == " "):
        return s[1:].strip(), True
    if s.startswith("- ") or s.startswith("– "):
        return s[2:].strip(), True
    return s, False


def text_lines(text: str) -> list[Line]:
    out = []
    for raw in _INVISIBLE.sub("", text).splitlines():
        s = " ".join(raw.split())
        if not s:
            continue
        s, bullet = _split_bullet(s)
        if s:
            out.append(Line(s, bullet))
    return out


# --- HTML --------------------------------------------------------------------------------

_DROP_TAGS = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg",
              "iframe", "form", "button", "select", "head", "object", "canvas", "map"}
_BLOCK_TAGS = {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset",
               "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
               "ol", "p", "pre", "section", "table", "tr", "td", "th", "ul", "br", "caption",
               "summary", "details", "tbody", "thead", "body", "html", "label", "option"}
# Class or role tokens of hidden helper markup: glossary tooltips, screen-reader text.
_HIDDEN_CLASS = re.compile(r"(^|[\s_-])(tooltip|tooltiptext|popover|glossary-def|definition-popup|"
                           r"sr-only|screen-reader-text|visually-hidden|hidden)($|[\s_-])", re.I)
_MARKED_CLASS = re.compile(r"(^|[\s_-])(active|selected|checked|current|is-active|is-selected)($|[\s_-])", re.I)


def _is_hidden(el) -> bool:
    get = el.get
    if get("hidden") is not None or get("aria-hidden") == "true" or get("role") == "tooltip":
        return True
    style = (get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return bool(_HIDDEN_CLASS.search(get("class") or ""))


def _is_marked(el) -> bool:
    get = el.get
    if get("aria-checked") == "true" or get("aria-selected") == "true" or get("aria-current") in ("true", "step"):
        return True
    if _MARKED_CLASS.search(get("class") or ""):
        return True
    return any(i.get("checked") is not None for i in el.iter("input"))


def html_lines(markup: str) -> list[Line]:
    from lxml import etree, html as lhtml

    # Entities are never expanded from a DTD and the network is never used.
    parser = lhtml.HTMLParser(recover=True, no_network=True, remove_comments=True,
                              remove_pis=True, huge_tree=False)
    try:
        root = lhtml.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        raise MalformedHTML("the HTML has no readable document") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops building the tree past 256 nested elements: the text is read without it.
        raise MalformedHTML("the HTML nests elements too deeply to be read as a tree")
    out: list[Line] = []
    buf: list[str] = []
    state = {"bullet": False, "marked": False}

    def flush():
        s = clean_text(_INVISIBLE.sub("", "".join(buf)))
        buf.clear()
        if s:
            s, bullet = _split_bullet(s)
            out.append(Line(s, state["bullet"] or bullet, state["marked"]))
        state["bullet"] = state["marked"] = False

    skipped = set()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _DROP_TAGS or _is_hidden(el):
                skipped.add(el)
                walker.skip_subtree()  # its end event still comes, and carries the tail
                continue
            if tag in _BLOCK_TAGS:
                flush()
                if tag == "li":
                    state["bullet"] = True
                    state["marked"] = _is_marked(el)
            if el.text:
                buf.append(el.text)
        else:
            if tag in _BLOCK_TAGS and el not in skipped:
                flush()
            if el.tail:  # text after the element belongs to its parent
                buf.append(el.tail)
    flush()
    return out


class MalformedHTML(ValueError):
    """HTML that lxml cannot turn into a tree; `markup_lines` still reads its text."""


_SKIPPED_ELEMENTS = re.compile(r"<(script|style|head|template|noscript)\b.*?</\1\s*>", re.I | re.S)
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|div|li|h[1-6]|tr|td|th|br|ul|ol|section|article|header|footer|main)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


def markup_lines(markup: str) -> list[Line]:
    """Text of HTML read without a tree: scripts and styles dropped, block tags as line breaks,
    other tags removed, character references decoded (no DTD entity is ever expanded)."""
    import html

    text = _SKIPPED_ELEMENTS.sub(" ", markup)
    text = _BLOCK_TAG.sub("\n", text)
    return text_lines(html.unescape(_ANY_TAG.sub(" ", text)))


def to_lines(text: str, fmt: str) -> list[Line]:
    return html_lines(text) if fmt == "html" else text_lines(text)
