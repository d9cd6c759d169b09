"""Field paths of a record ("title", "institutions.lead[2].name", "description.Problem"),
the names warnings and reports use to point at one value. Indexes are 0-based."""
from __future__ import annotations

import re
from typing import Iterator

SKIP = frozenset({"source", "warnings"})


def walk(record: dict, prefix: str = "", keep=None) -> Iterator[tuple[str, object]]:
    """(path, value) for every leaf value of a record, in field order; with `keep`, only the
    leaves it accepts, and no path is made for the others."""
    for key, value in record.items():
        if not prefix and key in SKIP:
            continue
        if _kept(value, keep):
            yield from _walk(value, f"{prefix}.{key}" if prefix else str(key), keep)


def _walk(value, path: str, keep=None):
    if isinstance(value, dict):
        for key, item in value.items():
            if _kept(item, keep):
                yield from _walk(item, f"{path}.{key}", keep)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if _kept(item, keep):
                yield from _walk(item, f"{path}[{i}]", keep)
    else:
        yield path, value


def _kept(value, keep) -> bool:
    return keep is None or isinstance(value, (dict, list)) or keep(value)


def _fold(text: str) -> str:
    return " ".join(text.split())


def _ends_item(tail: str, text: str) -> bool:
    """The line ends with the value as a list item of its own ("GH0023, 2017, Fiscal" ends
    with "Fiscal"), not as the last word of a sentence ("... national du Maroc")."""
    if tail == text:
        return True
    if not tail.endswith(text):
        return False
    before = tail[:-len(text)].rstrip()
    return before.endswith((",", ";", ":", "|", "•")) or bool(re.fullmatch(r"\d{1,3}[.)]", before))


def path_of_tail(record: dict, tail: str) -> str | None:
    """The path of the value that the text `tail` (a page's last line) gave: the value that
    ends with that line, or that the line ends with ("GH0023, 2017, Fiscal" -> the policy area
    "Fiscal"); the longest such match, the later one on a tie."""
    tail = _fold(tail)
    best, best_len = None, 0
    last = tail[-1:]

    def ends_alike(value) -> bool:
        # Either text ends with the other, so both end on the same character: most values
        # are ruled out without folding their spaces (rstrip and split agree on what a space is).
        return isinstance(value, str) and len(value) >= 2 and value.rstrip()[-1:] == last

    for path, value in walk(record, keep=ends_alike):
        text = _fold(value)
        size = len(tail) if text.endswith(tail) else len(text) if _ends_item(tail, text) else 0
        if size and size >= best_len:
            best, best_len = path, size
    if best and best.startswith("irm.") and best.endswith(".text"):
        best = best[:-len(".text")]  # the rating is the value; its text is how it is printed
    return best
