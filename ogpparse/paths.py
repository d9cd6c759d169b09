"""Field paths of a record ("title", "institutions.lead[2].name", "description.Problem"),
the names warnings and reports use to point at one value. Indexes are 0-based."""
from __future__ import annotations

import re
from typing import Iterator

SKIP = frozenset({"source", "warnings"})


def walk(record: dict, prefix: str = "") -> Iterator[tuple[str, object]]:
    """(path, value) for every leaf value of a record, in field order."""
    for key, value in record.items():
        if not prefix and key in SKIP:
            continue
        yield from _walk(value, f"{prefix}.{key}" if prefix else str(key))


def _walk(value, path: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
    else:
        yield path, value


def _ending_with(value, path: str | None, last: str):
    """(path, text) of the text values of walk(value) (the record's when `path` is None)
    that are 2 characters or longer and end with `last` (spaces aside), in walk's order.
    Either of a value and a tail ends with the other, so both end on the same character:
    most values are ruled out without folding their spaces (rstrip and split agree on what
    a space is), and without making their path."""
    if path is None:
        items = ((key, item) for key, item in value.items() if key not in SKIP)
        form = "{}"
    elif isinstance(value, dict):
        items = value.items()
        form = f"{path}.{{}}"
    else:
        items = enumerate(value)
        form = f"{path}[{{}}]"
    for key, item in items:
        if isinstance(item, str):
            if len(item) >= 2 and item.rstrip()[-1:] == last:
                yield form.format(key), item
        elif isinstance(item, (dict, list)):
            yield from _ending_with(item, form.format(key), last)


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
    for path, value in _ending_with(record, None, tail[-1:]):
        text = _fold(value)
        size = len(tail) if text.endswith(tail) else len(text) if _ends_item(tail, text) else 0
        if size and size >= best_len:
            best, best_len = path, size
    if best and best.startswith("irm.") and best.endswith(".text"):
        best = best[:-len(".text")]  # the rating is the value; its text is how it is printed
    return best
