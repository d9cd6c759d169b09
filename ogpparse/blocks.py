"""Stage 2: a page (HTML or a text dump) to a list of lines.

One `Line` per paragraph, heading, list item or table cell. Bullets ("•", "▪", "- ") are
recognised and removed from the text; the `bullet` flag keeps the fact. In HTML, a list
item that the markup marks as selected (class "active"/"selected"/"checked", aria-checked,
a checked input...) gets `marked=True`: that is how a milestone's status is read.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import CACHED_KEY_CHARS, LONGEST_LABEL, _keys, _label_keys, label_keys, norm, norm_words


class _Fields(NamedTuple):
    text: str
    bullet: str | bool = False  # the printed bullet mark ("•", "-"), True for an HTML list item
    marked: bool = False
    # A text dump's line printed indented: a list item whose bullet the dump lost
    # ("Metas:" then " Formalizar el grupo ..."); `bullet` stays False, the text is as printed.
    indented: bool = False


class _Once:
    """A value of a line's text computed on its first read and kept in the line's __dict__,
    where later reads find it before this (non-data) descriptor: a plain attribute read."""

    def __init__(self, compute):
        self.compute = compute

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, line, owner=None):
        if line is None:
            return self
        value = line.__dict__[self.name] = self.compute(line.text)
        return value


class _LabelKeys(_Once):
    """label_keys(text), whose first key is norm(text) for a line short enough to be a
    label: that is the line's `key` too, kept so that it is not normalised a second time
    (detect reads every line's label keys, clean then reads the short lines' keys)."""

    def __get__(self, line, owner=None):
        if line is None:
            return self
        text = line.text
        cached = line.__dict__
        # lexicon.label_keys(text) without its call: this runs once for every line of a page
        keys = cached["label_keys"] = _label_keys(text) if len(text) <= CACHED_KEY_CHARS else _keys(text)
        if len(text) <= LONGEST_LABEL:
            cached.setdefault("key", keys[0])
        return keys


class Line(_Fields):
    """One line of a page. Detect, clean and every extractor look lines up by their
    normalised forms; each line computes those once, on first use, and a line that cleaning
    leaves as it was keeps them (a changed line is a new Line)."""

    key = _Once(norm)  # norm(text): the whole line as a label, heading or chrome key
    label_keys = _LabelKeys(label_keys)  # lexicon.label_keys(text): whole and before its colon
    words = _Once(norm_words)  # norm_words(text): for phrase searches

    def key_head(self, limit: int) -> str:
        """`key` when it is at most `limit` characters long; else a beginning of it longer
        than `limit`: enough to tell whether the key is, or starts with, a key of `limit`
        characters or fewer. A paragraph is then not normalised whole just to be compared:
        norm() maps each character on its own, so the key of the text's first characters
        is the beginning of its key."""
        if "key" in self.__dict__ or len(self.text) <= 2 * limit + 8:
            return self.key
        head = norm(self.text[:2 * limit + 8])
        return head if len(head) > limit else self.key


_BULLET_CHARS = "•▪◦●·*▸►"
_BULLET_STARTS = _BULLET_CHARS + "-–"  # the first characters _split_bullet looks at
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def _visible(text: str) -> str:
    """The text without zero-width characters and soft hyphens. All are non-ASCII, and a
    substring test is cheaper than the substitution on the many pages that hold none."""
    if text.isascii() or not any(c in text for c in _INVISIBLE_CHARS):
        return text
    return _INVISIBLE.sub("", text)


def _split_bullet(s: str) -> tuple[str, str | bool]:
    """(text, the bullet character as printed, or False): the mark is kept so that a value
    can be shown as printed."""
    if s and s[0] in _BULLET_CHARS and (len(s) == 1 or s[1] == " "):
        return s[1:].strip(), s[0]
    if s.startswith("- ") or s.startswith("– "):
        return s[2:].strip(), s[0]
    return s, False


_new_tuple = tuple.__new__  # builds a Line from its fields in C: Line() runs a Python __new__


def text_lines(text: str) -> list[Line]:
    out = []
    append = out.append
    for piece in _visible(text).split("\n"):
        # Most lines are printed as text_lines makes them: no whitespace but single spaces
        # inside. Every whitespace character but the space is a control or separator
        # character, which isprintable() rejects: these C scans spare such a line the split
        # into words and the join (" ".join(piece.split()) would give the piece itself).
        if piece.isprintable() and piece[:1] != " " and piece[-1:] != " " and "  " not in piece:
            if not piece:
                continue
            if piece[0] in _BULLET_STARTS:
                _add_bullet_line(append, piece, piece)
            else:  # (text, bullet, marked, indented), the fields of a Line in order
                append(_new_tuple(Line, (piece, False, False, False)))
            continue
        for raw in piece.splitlines():  # which breaks at \r, \x0c, \u2028... too
            s = " ".join(raw.split())
            if not s:
                continue
            if s[0] in _BULLET_STARTS:
                _add_bullet_line(append, raw, s)
            else:
                append(_new_tuple(Line, (s, False, False, raw[:1] in " \t")))
    return out


def _add_bullet_line(append, raw: str, s: str) -> None:
    """Append the Line of `s` (the printed line `raw` with its spaces collapsed), which may
    start with a bullet (few lines do)."""
    s, bullet = _split_bullet(s)
    if s:
        append(_new_tuple(Line, (s, bullet, False, raw[:1] in " \t")))


# --- HTML --------------------------------------------------------------------------------

_DROP_TAGS = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg",
              "iframe", "form", "button", "select", "head", "object", "canvas", "map"}
_BLOCK_TAGS = {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset",
               "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
               "ol", "p", "pre", "section", "table", "tr", "td", "th", "ul", "br", "caption",
               "summary", "details", "tbody", "thead", "body", "html", "label", "option"}
# Class tokens of hidden helper markup (glossary definitions, screen-reader text) and of
# the selected item of a list (a milestone's status). Whole tokens only: "tooltip-trigger"
# wraps the visible term and stays.
_HIDDEN_TOKENS = frozenset({"tooltip", "tooltiptext", "tooltip-text", "tooltip-content", "tooltip-inner",
                            "tooltip-body", "popover", "popover-content", "glossary-def", "glossary-definition",
                            "definition-popup", "sr-only", "screen-reader-text", "visually-hidden", "hidden",
                            "d-none"})
_HIDDEN_ENDINGS = ("-tooltip", "_tooltip", "-definition", "-popover")
_MARKED_TOKENS = frozenset({"active", "selected", "checked", "current", "is-active", "is-selected",
                            "is-current", "status-active"})
# The descendant-or-self axis, not "//": libxml2 evaluates "//*[...]" as a step per node and
# its time grows with the square of the page (15 MB: 372 s); this form is linear (~2 s).
_CANDIDATES = "descendant-or-self::*[@hidden or @aria-hidden or @role or @style or @class]"
# Characters XML forbids (C0 controls but tab and line ends, U+FFFE/U+FFFF, lone surrogates):
# lxml refuses a string holding one - a form feed in a saved page would lose the page.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BULLET, _MARK = "\ue000", "\ue001"  # private-use characters: never in a page


def _is_hidden(el) -> bool:
    get = el.get
    if get("hidden") is not None or get("aria-hidden") == "true" or get("role") == "tooltip":
        return True
    style = get("style")
    if style:
        style = style.replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
    for token in (get("class") or "").lower().split():
        if token in _HIDDEN_TOKENS or token.endswith(_HIDDEN_ENDINGS):
            return True
    return False


def _is_marked(el) -> bool:
    get = el.get
    if get("aria-checked") == "true" or get("aria-selected") == "true" or get("aria-current") in ("true", "step"):
        return True
    if any(token in _MARKED_TOKENS for token in (get("class") or "").lower().split()):
        return True
    return any(i.get("checked") is not None for i in el.iter("input"))


def _drop(el) -> None:
    """Remove an element and what it holds, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def html_lines(markup: str) -> list[Line]:
    """Lines of an HTML page. The tree work is done by lxml in C: chrome elements are
    stripped, hidden ones dropped, every block element is wrapped in line breaks, and the text
    is read in one pass; list items carry a private-use mark for "bullet" and "selected"."""
    from lxml import etree

    # Plain lxml elements (not lxml.html's, whose Python class lookup costs per element).
    # Entities are never expanded from a DTD and the network is never used.
    parser = etree.HTMLParser(recover=True, no_network=True, remove_comments=True,
                              remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(_NOT_XML.sub(" ", markup), parser=parser)
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        raise MalformedHTML("the HTML has no readable document")
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops building the tree past 256 nested elements: the text is read without it.
        raise MalformedHTML("the HTML nests elements too deeply to be read as a tree")
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    for el in root.xpath(_CANDIDATES):
        if _is_hidden(el):
            _drop(el)
    for el in root.iter(*_BLOCK_TAGS):
        head = "\n"
        if el.tag == "li":
            head += _BULLET + (_MARK if _is_marked(el) else "")
        el.text = head + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    out = []
    for raw in _visible("".join(root.itertext())).split("\n"):
        text = " ".join(raw.split())
        if not text:
            continue
        bullet = marked = False
        if text[0] == _BULLET:
            bullet, text = True, text[1:]
            if text[:1] == _MARK:
                marked, text = True, text[1:]
            text = text.strip()
        text, dash = _split_bullet(text)
        if text:
            out.append(Line(text, bullet or dash, marked))
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
