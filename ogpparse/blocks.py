"""Stage 2: a page (HTML or a text dump) to a list of lines.

One `Line` per paragraph, heading, list item or table cell. Bullets ("•", "▪", "- ") are
recognised and removed from the text; the `bullet` flag keeps the fact. In HTML, a list
item that the markup marks as selected (class "active"/"selected"/"checked", aria-checked,
a checked input...) gets `marked=True`: that is how a milestone's status is read.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .lexicon import CACHE_ENTRIES, CACHED_KEY_CHARS, LONGEST_LABEL, _keys, _label_keys, label_keys, norm, norm_words


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
        return label_keys_of((line,))[0]


def label_keys_of(lines: list[Line]) -> list[tuple[str, ...]]:
    """Each line's `label_keys`, kept in the line's __dict__ with its `key`, in one loop:
    read as attributes, each line's first read runs _LabelKeys.__get__ (a Python call
    through the descriptor protocol), and detect and clean read every line's (400 at most
    for detect). lexicon.label_keys inline, without its call."""
    out = []
    append = out.append
    for line in lines:
        cached = line.__dict__
        # (keys are never empty once computed) A line that nothing read yet has an empty
        # __dict__, whose truth costs less than the look-up.
        keys = cached.get("label_keys") if cached else None
        if keys is None:
            text = line.text
            size = len(text)
            keys = cached["label_keys"] = _label_keys(text) if size <= CACHED_KEY_CHARS else _keys(text)
            if size <= LONGEST_LABEL:
                cached.setdefault("key", keys[0])
        append(keys)
    return out


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
    if text.isascii() or not any(map(text.__contains__, _INVISIBLE_CHARS)):  # map: no generator frame
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
    page = _visible(text)
    if _other_spaces(page):  # ~1 page in 300
        page = _single_spaced(page)
    out = []
    append = out.append
    for piece in filter(None, page.split("\n")):  # the empty pieces are blank lines: no Line
        # The page holds no whitespace but spaces and newlines, so str.split() breaks a
        # piece at its spaces only (and splitlines() nowhere): " ".join(piece.split()) is the
        # piece without the spaces at its ends, its runs of spaces made one. Most pieces are
        # printed so already (three C tests say so); an indented one costs a strip(), not a
        # split into words and a join.
        first = piece[0]
        if first != " " and piece[-1] != " " and "  " not in piece:  # most pieces
            if first in _BULLET_STARTS:
                _add_bullet_line(append, piece, piece)
            else:  # (text, bullet, marked, indented), the fields of a Line in order
                append(_new_tuple(Line, (piece, False, False, False)))
            continue
        s = piece.strip(" ")
        if "  " in s:
            s = " ".join(s.split())
        if not s:
            continue
        if s[0] in _BULLET_STARTS:
            _add_bullet_line(append, piece, s)
        else:
            append(_new_tuple(Line, (s, False, False, first == " ")))
    return out


def _single_spaced(page: str) -> str:
    """The page with every line break that str.splitlines() sees made a newline and each
    line's whitespace made single spaces, as str.split() breaks it; a line that starts with
    a space or a tab keeps one space in front (its Line is `indented`)."""
    return "\n".join((" " if raw[:1] in " \t" else "") + " ".join(raw.split()) for raw in page.splitlines())


# Every whitespace character but the space and the newline: those at which str.split() and
# str.splitlines() break a line (test_read_and_blocks checks the list against str.isspace).
_OTHER_SPACES = ("\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                 "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _other_spaces(page: str) -> bool:
    """Whether the page holds a whitespace character other than the space and the newline.
    A search for each of them costs half of isprintable(), which tests more."""
    return any(map(page.__contains__, _OTHER_SPACES))


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
    classes = get("class")  # first: most candidates are elements with a class and nothing else
    if classes and (_classes_hide(classes) if len(classes) <= CACHED_KEY_CHARS else _hiding(classes)):
        return True
    if get("hidden") is not None or get("aria-hidden") == "true" or get("role") == "tooltip":
        return True
    style = get("style")
    if style:
        style = style.replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
    return False


def _hiding(classes: str) -> bool:
    """Whether a class attribute names a class of hidden markup."""
    for token in classes.lower().split():
        if token in _HIDDEN_TOKENS or token.endswith(_HIDDEN_ENDINGS):
            return True
    return False


# A site repeats a few class attributes on every page: each is read once (short ones only).
_classes_hide = functools.lru_cache(maxsize=CACHE_ENTRIES)(_hiding)


def _is_marked(el) -> bool:
    """Whether a list item's own attributes mark it as selected (see _checked_items too)."""
    get = el.get
    if get("aria-checked") == "true" or get("aria-selected") == "true" or get("aria-current") in ("true", "step"):
        return True
    return any(token in _MARKED_TOKENS for token in (get("class") or "").lower().split())


def _checked_items(root) -> set:
    """The list items that hold a checked input, at any depth. Found from the inputs, which
    are few, in one walk of the tree: an iterator over each list item's inner elements cost
    more than the rest of reading the item."""
    return {item for el in root.iter("input") if el.get("checked") is not None for item in el.iterancestors("li")}


def _drop_hidden(root) -> None:
    """Remove the hidden elements and what they hold, keeping the text that follows each one
    (its tail): it joins the tail of the element before it, or its parent's text. The
    tails are gathered and each text that receives some is set once: appended one by one,
    a text that received the tails of thousands of hidden siblings was read and written
    again for each (40,000 hidden spans in a 1.2 MB page: 1.2 s)."""
    received: dict = {}  # (element, "tail" or "text") -> the tails it receives, in order
    for el in _hidden_candidates()(root):
        if not _is_hidden(el):
            continue
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:
            prev = el.getprevious()  # never a hidden element: one before el was removed already
            key = (prev, "tail") if prev is not None else (parent, "text")
            received.setdefault(key, []).append(el.tail)
        parent.remove(el)
    for (el, attribute), tails in received.items():
        _set_text(el, attribute, (getattr(el, attribute) or "") + "".join(tails))


def _set_text(el, attribute: str, text: str) -> None:
    """Set an element's text or tail. A character reference of the page ("&#12;") can put a
    character that XML forbids in the tree, and lxml refuses such a text: it is then set
    with those characters made spaces, as the text output reads them (whitespace)."""
    try:
        setattr(el, attribute, text)
    except ValueError:
        setattr(el, attribute, _NOT_XML.sub(" ", text))


def html_lines(markup: str, utf8: bytes | None = None) -> list[Line]:
    """Lines of an HTML page. The tree work is done by lxml in C: chrome elements are
    stripped, hidden ones dropped, and the text is written out with a line break around
    every block element; list items carry a private-use mark for "bullet" and "selected"."""
    from lxml import etree

    root = _html_tree(markup, utf8)
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    _drop_hidden(root)
    checked = _checked_items(root)  # the proxies it holds are those root.iter() gives again
    for el in root.iter("li"):
        if el in checked or _is_marked(el):
            _set_text(el, "text", _MARK + (el.text or ""))  # after the bullet that the text output writes
    return _lines_of_blocks(_visible(str(_block_text()(root))))


# The C0 controls that _NOT_XML replaces (all but tab and the line ends), as UTF-8 bytes
_NOT_XML_BYTES = tuple(bytes([b]) for b in range(32) if b not in (9, 10, 13))


def _html_source(markup: str, utf8: bytes | None = None) -> tuple[str | bytes, str | None]:
    """What lxml is given to parse, and its encoding. A page without any character that XML
    forbids (nearly every page) is given as UTF-8 bytes: lxml reads them as they are, where
    a str is handed over as UTF-16 or UCS-4 to be converted, and searching the bytes for each
    control character (memchr) costs an eighth of running _NOT_XML over the str (a 45 KB
    page: encoding and searching 0.06 ms, the regex 0.15 ms). The encoding is named, so that
    a <meta charset> of the page is ignored, as it is for a str. Any other page, and one that
    starts with an XML declaration (which lxml refuses in a str, and would follow in bytes):
    the str with those characters made spaces, as before. `utf8`, when given, is `markup`
    in UTF-8 already (the bytes the page was read from): not encoded again."""
    if "\ufffe" not in markup and "\uffff" not in markup and not markup.startswith("<?xml"):
        try:
            data = utf8 if utf8 is not None else markup.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            pass
        else:
            if not any(control in data for control in _NOT_XML_BYTES):
                return data, "utf-8"
    return _NOT_XML.sub(" ", markup), None


def _html_tree(markup: str, utf8: bytes | None = None):
    """The page's tree (its root element), or MalformedHTML."""
    from lxml import etree

    source, encoding = _html_source(markup, utf8)
    # Plain lxml elements (not lxml.html's, whose Python class lookup costs per element).
    # Entities are never expanded from a DTD and the network is never used; no table of
    # the id attributes is built (nothing looks an element up by id).
    parser = etree.HTMLParser(recover=True, no_network=True, remove_comments=True, remove_pis=True,
                              huge_tree=False, collect_ids=False, encoding=encoding)
    try:
        root = etree.fromstring(source, parser=parser)
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        raise MalformedHTML("the HTML has no readable document")
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops building the tree past 256 nested elements: the text is read without it.
        raise MalformedHTML("the HTML nests elements too deeply to be read as a tree")
    return root


@functools.cache  # one entry: compiled on the first HTML page, not parsed again for each
def _hidden_candidates():
    from lxml import etree

    return etree.XPath(_CANDIDATES)


@functools.cache  # one entry: the stylesheet, built on the first HTML page
def _block_text():
    """An XSLT stylesheet that writes a tree's text (what itertext() gives) with a line break
    before and after each block element, and the bullet mark at the start of each list item.
    libxslt finds an element's template by its name in C: setting the text and tail of every
    block element from Python, then joining itertext(), took 2.6 times the instructions
    (0.73 M against 0.28 M on a 45 KB page). The tree is not changed, so a character that
    XML forbids (from a reference such as "&#12;") no longer makes lxml refuse the new text."""
    from lxml import etree

    blocks = "|".join(sorted(_BLOCK_TAGS - {"li"}))
    # The line breaks inside <xsl:text>: a stylesheet's text of blanks alone is dropped.
    xsl = ('<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
           '<xsl:output method="text" encoding="UTF-8"/>'
           # the root element only, as itertext() reads it: libxml2 may put what follows
           # </html> in a second element at the top of the document
           '<xsl:template match="/"><xsl:apply-templates select="*[1]"/></xsl:template>'
           f'<xsl:template match="{blocks}"><xsl:text>&#10;</xsl:text><xsl:apply-templates/>'
           '<xsl:text>&#10;</xsl:text></xsl:template>'
           f'<xsl:template match="li"><xsl:text>&#10;{_BULLET}</xsl:text><xsl:apply-templates/>'
           '<xsl:text>&#10;</xsl:text></xsl:template>'
           '</xsl:stylesheet>')
    return etree.XSLT(etree.XML(xsl), access_control=etree.XSLTAccessControl.DENY_ALL)


def _lines_of_blocks(written: str) -> list[Line]:
    """The Lines of the text that _block_text wrote: one per line that is not blank, its
    spaces collapsed, with the list item's mark and a printed bullet taken off."""
    out = []
    append = out.append
    for raw in written.split("\n"):
        if not raw or raw.isspace():  # most pieces: nothing between two block ends
            continue
        # " ".join(raw.split()) leaves most lines as they are: every space but " " is not
        # printable, so a printable line without "  " or a space at either end is done; the
        # test takes half the time of splitting a paragraph into words and joining them.
        if raw.isprintable() and "  " not in raw and raw[0] != " " and raw[-1] != " ":
            text = raw
        else:
            text = " ".join(raw.split())
        bullet = marked = False
        if text[0] == _BULLET:
            bullet, text = True, text[1:]
            if text[:1] == _MARK:
                marked, text = True, text[1:]
            text = text.strip()
            if not text:
                continue
        if text[0] in _BULLET_STARTS:  # few lines: a printed bullet to split off
            text, dash = _split_bullet(text)
            if not text:
                continue
            bullet = bullet or dash
        append(_new_tuple(Line, (text, bullet, marked, False)))  # the fields of a Line, in order
    return out


class MalformedHTML(ValueError):
    """HTML that lxml cannot turn into a tree; `markup_lines` still reads its text."""


# The start of an element whose content is no text; it ends at its closing tag.
_SKIPPED_START = re.compile(r"<(script|style|head|template|noscript)\b", re.I)
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|div|li|h[1-6]|tr|td|th|br|ul|ol|section|article|header|footer|main)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


def markup_lines(markup: str) -> list[Line]:
    """Text of HTML read without a tree: scripts and styles dropped, block tags as line breaks,
    other tags removed, character references decoded (no DTD entity is ever expanded)."""
    import html

    text = sub_spans(markup, _SKIPPED_START, closing_tag, lambda span: " ")
    text = sub_tags(_BLOCK_TAG, "\n", text)
    return text_lines(html.unescape(sub_tags(_ANY_TAG, " ", text)))


def sub_spans(text: str, start: re.Pattern, end_of, replace) -> str:
    """What re.sub gives for the pattern "START.*?END" (re.S), each span given to `replace`
    as a str, where `end_of(match of START)` is the pattern of its END: "<script" ends at
    the first "</script>" after it. In time linear in the text: a start that finds no end
    makes every later start with the same end pattern fail as well, so none is tried (with
    the regex, each unclosed "<style" searched the rest of the page: 80 KB of them, 3 s)."""
    out, pos, endless = [], 0, set()
    found = start.search(text)
    while found:
        end_pattern = end_of(found)
        end = None if end_pattern in endless else end_pattern.search(text, found.end())
        if end is None:
            endless.add(end_pattern)
            found = start.search(text, found.start() + 1)
            continue
        out.append(text[pos:found.start()])
        out.append(replace(text[found.start():end.end()]))
        pos = end.end()
        found = start.search(text, pos)
    out.append(text[pos:])
    return "".join(out)


def sub_tags(tag: re.Pattern, replace, text: str) -> str:
    """tag.sub(replace, text) for a pattern of a tag, which ends at a ">": run only up to
    the text's last ">", past which no tag ends. Each "<" after it (text that merely holds
    them) made the regex read the rest of the text: 20,000 of them, 1 s."""
    last = text.rfind(">") + 1
    return tag.sub(replace, text[:last]) + text[last:] if last < len(text) else tag.sub(replace, text)


@functools.lru_cache(maxsize=64)
def _closing_tag_of(name: str) -> re.Pattern:
    return re.compile(rf"</{re.escape(name)}\s*>", re.I)


def closing_tag(start: re.Match) -> re.Pattern:
    """The closing tag of the element whose start tag `start` matched (its name in group 1)."""
    return _closing_tag_of(start.group(1).lower())


def to_lines(text: str, fmt: str, utf8: bytes | None = None) -> list[Line]:
    """The page's lines; `utf8` is the page as it was read, when those bytes are `text` in
    UTF-8 (HTML is then parsed from them without encoding `text` again)."""
    return html_lines(text, utf8) if fmt == "html" else text_lines(text)
