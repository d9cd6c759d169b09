"""The pipeline, end to end: read -> blocks -> detect -> clean -> extract -> validate.

`parse_bytes`, `parse_text` and `parse_file` are the public entry points (the CLI calls the
same functions). A page that cannot be parsed raises `PageError` with a one-line reason.
"""
from __future__ import annotations

import functools
from pathlib import Path

from .blocks import MalformedHTML, markup_lines, to_lines
from .clean import clean_lines, drop_cut_label, is_complete
from . import detect
from .detect import detect_page_type, labels_reach, page_language, title_commitment_id
from .extract.base import Doc, is_heading_alone
from .extract.common import commitment_heading, first_title
from . import institutions
from .lexicon import Lexicon, load_all, norm_words
from .paths import path_of_tail
from .read import DEFAULT_MAX_BYTES, RawPage, ReadError, read_bytes, read_path


class PageError(Exception):
    """A page that yields no record: the message says why, in one line."""


def lexicons_for(lexicon_dirs: tuple[str, ...] = ()) -> tuple[Lexicon, ...]:
    return _lexicons_in(tuple(lexicon_dirs))


@functools.lru_cache(maxsize=8)
def _lexicons_in(lexicon_dirs: tuple[str, ...]) -> tuple[Lexicon, ...]:
    """lexicons_for, kept: asked once a page, and the same tuple each time (the caches keyed
    on the lexicons then hash one tuple, not a new one)."""
    return tuple(load_all(lexicon_dirs).values())



def prepare(lexicons: tuple[Lexicon, ...]) -> None:
    """Build now the patterns that the first pages would build from the lexicons (~0.3 s of
    regex compiling: the institution vocabulary, the title patterns, the commitment page's
    inline labels). Called before a pool forks, while the search for copies runs, so that
    the workers inherit them rather than each compiling them again. Only caches fill: no
    page's record changes."""
    from .extract import MODULES

    detect.prepare(lexicons)
    institutions.prepare(lexicons)
    for page_type in MODULES:
        module = _extractor(page_type)
        if hasattr(module, "prepare"):
            module.prepare(lexicons)


def parse_bytes(data: bytes, path: str = "-", *, lexicon_dirs: tuple[str, ...] = (),
                max_bytes: int = DEFAULT_MAX_BYTES, source: dict | None = None, provenance: bool = False):
    """Parse one page given as bytes; returns the validated record (a Pydantic model).
    With `provenance`, the record's `provenance` maps each field to where it was read."""
    try:
        raw = read_bytes(data, path, max_bytes=max_bytes, extra_source=source)
    except ReadError as exc:
        raise PageError(str(exc)) from None
    return parse_raw(raw, lexicons_for(lexicon_dirs), provenance=provenance)


def parse_text(text: str, path: str = "-", *, lexicon_dirs: tuple[str, ...] = (), provenance: bool = False):
    """Parse one page given as a str (HTML or a text dump)."""
    return parse_bytes(text.encode("utf-8"), path, lexicon_dirs=lexicon_dirs, provenance=provenance)


def parse_file(path: str | Path, *, lexicon_dirs: tuple[str, ...] = (), max_bytes: int = DEFAULT_MAX_BYTES,
               provenance: bool = False):
    """Parse one saved page (text dump or HTML file)."""
    try:
        raw = read_path(path, max_bytes=max_bytes)
    except ReadError as exc:
        raise PageError(str(exc)) from None
    return parse_raw(raw, lexicons_for(lexicon_dirs), provenance=provenance)


@functools.lru_cache(maxsize=None)
def _extractor(page_type: str):
    """extract.extractor(page_type), kept: importlib.import_module and an import statement
    in parse_raw cost ~20,000 instructions a page to find the module they found before."""
    from .extract import extractor

    return extractor(page_type)


@functools.lru_cache(maxsize=1)
def _models() -> dict:
    """models.MODELS, imported on first use (the CLI's other commands do not load Pydantic)
    and kept: an import statement a page costs ~9,000 instructions."""
    from .models import MODELS

    return MODELS


def parse_raw(raw: RawPage, lexicons: tuple[Lexicon, ...], *, provenance: bool = False):
    warnings = []
    try:
        lines = to_lines(raw.text, raw.format, raw.utf8)
    except MalformedHTML as exc:
        lines = markup_lines(raw.text)
        warnings.append({"code": "malformed_html", "field": None,
                         "message": f"{exc}; its text was read without the page structure"})
    if not lines:
        raise PageError("no text on the page")
    complete = raw.complete_markup if raw.format == "html" else is_complete(lines, lexicons)
    language, labels_found = page_language(lines, lexicons)  # labels_found None: not counted yet
    detected_on = lines
    lex = _by_code(lexicons).get(language)
    lines = clean_lines(lines, lex, lexicons)
    cut_in_label = False
    if not complete:
        kept = drop_cut_label(lines, lexicons)
        cut_in_label, lines = len(kept) < len(lines), kept
    if not lines:
        raise PageError("no text on the page besides the site's menus")
    if lex is None:
        if not _is_ogp(lines, lexicons, labels_found, detected_on):
            raise PageError("not an OGP page: no label of the site and no mention of OGP")
        if language:
            warnings.append({"code": "unsupported_language", "field": "language",
                             "message": f"the page is in {language!r}, for which there is no lexicon"})
        language = None
        # No lexicon: the heading is the line that carries an OGP ID, else the first line.
        heading = next((line.text for line in lines[:8] if title_commitment_id(line.text)), lines[0].text)
        page_type, fields = "unknown", {"title": heading}
    else:
        title = _title_for_detection(lines, lex, lexicons)
        page_type = detect_page_type(lines, lex, lexicons, title)
        if page_type == "unknown" and not _is_ogp(lines, lexicons, labels_found, detected_on):
            raise PageError("not an OGP page: no label of the site and no mention of OGP")
        module = _extractor(page_type)
        doc = Doc(lines, lex, lexicons, fields=module.FIELDS)
        fields = module.extract(doc)
        warnings.extend({"code": w.code, "field": w.field, "message": w.message} for w in doc.warnings)
    record = {"source": raw.source, "page_type": page_type, "language": language,
              **fields, "warnings": warnings}
    if not complete:
        cut = None if cut_in_label else path_of_tail(fields, lines[-1].text)
        warnings.append({"code": "truncated", "field": cut,
                         "message": "the page stops before the site's footer; fields after the cut are missing"
                                    + (f", and {cut} may be cut short" if cut else "")})
    model = _models()[page_type].model_validate(record)
    if provenance:
        _add_provenance(model, raw, lexicons, lex)
    return model


@functools.lru_cache(maxsize=8)
def _by_code(lexicons: tuple[Lexicon, ...]) -> dict[str, Lexicon]:
    """code -> lexicon, made once per set of lexicons, not once a page."""
    return {lex.code: lex for lex in lexicons}


def _add_provenance(model, raw: RawPage, lexicons, lex) -> None:
    """Trace the finished record (as it will be written) back to the page's lines."""
    from .provenance import trace

    data = model.model_dump(mode="json", exclude={"source", "warnings"})
    # Not validated again: trace() builds exactly the Provenance dicts (ints and a str).
    model.provenance = trace(raw.text, raw.format, data, lexicons, lex)


def _title_for_detection(lines, lex, lexicons) -> str | None:
    # Most pages' title is their first line, and whether a line is a label or a heading is
    # read from that line alone (first_title of a Doc of it, without the Doc): no need to
    # read the labels of eight.
    first = lines[0]
    if first.text and not first.bullet and not is_heading_alone(first, lex, lexicons):
        return first.text
    doc = Doc(lines[:8], lex, lexicons)
    return first_title(doc)[1] or (commitment_heading(doc)[1])


def _is_ogp(lines, lexicons: tuple[Lexicon, ...], labels_found: float | None, detected_on) -> bool:
    """Two labels of the site, or a mention of the partnership, make an OGP page. Asked only
    of a page that it can reject: most pages have a lexicon and a known type, and the
    mention is looked for in the words of up to 300 lines (16% of the bench pages).
    `labels_found` None: the labels are counted now, until two are found, on the lines the
    language was detected on (`detected_on`, before cleaning dropped the site's menus)."""
    two_labels = labels_reach(detected_on, lexicons, 2) if labels_found is None else labels_found >= 2
    return two_labels or mentions_ogp(lines, lexicons)


@functools.lru_cache(maxsize=8)
def _ogp_names(lexicons: tuple[Lexicon, ...]) -> frozenset[str]:
    return frozenset(norm_words(n) for lex in lexicons for n in lex.chrome("ogp_names"))


def mentions_ogp(lines, lexicons: tuple[Lexicon, ...]) -> bool:
    names = _ogp_names(lexicons)
    for line in lines[:300]:
        words = line.words
        if any(n in words for n in names):
            return True
    return False
