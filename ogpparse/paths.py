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
        yield from _walk(value, child_path(prefix or None, key, True))


def _walk(value, path: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, child_path(path, key, True))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, child_path(path, i, False))
    else:
        yield path, value


def child_path(path: str | None, key, in_dict: bool) -> str:
    """The path of a value under `path` (None: the record itself) at `key` of a dict, or at
    index `key` of a list: "title", "institutions.lead", "institutions.lead[2]"."""
    if not in_dict:
        return f"{path}[{key}]"
    return str(key) if path is None else f"{path}.{key}"


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
    for path, value in _texts_ending_on(record, tail[-1:]):
        text = _fold(value)
        size = len(tail) if text.endswith(tail) else len(text) if _ends_item(tail, text) else 0
        if size and size >= best_len:
            best, best_len = path, size
    if best and best.startswith("irm.") and best.endswith(".text"):
        best = best[:-len(".text")]  # the rating is the value; its text is how it is printed
    return best


def _texts_ending_on(record: dict, last: str) -> list[tuple[str, str]]:
    """(path, text) of the record's texts (two characters or more) whose last character,
    trailing spaces aside, is `last`, in field order (walk's order and paths).

    Either of the tail and a value ends with the other, so both end on the same character:
    most values are ruled out here without folding their spaces. One recursive pass that
    appends to a list and makes the paths of these texts alone (walk's generators, and a
    call per leaf, cost more than the test itself on a record's ~150 values)."""
    out: list[tuple[str, str]] = []
    _collect(record, None, last, out)
    return out


def _collect(node: dict | list, path: str | None, last: str, out: list) -> None:
    """_texts_ending_on below `node` (the record itself for path None)."""
    is_dict = isinstance(node, dict)
    for key, item in node.items() if is_dict else enumerate(node):
        if isinstance(item, str):
            end = item[-1:]
            # `last` is no space (the tail's spaces are folded): a text that ends on it ends
            # there; one that ends with spaces is tested without them.
            if len(item) < 2 or (end != last and not (end.isspace() and item.rstrip()[-1:] == last)):
                continue
        elif not isinstance(item, (dict, list)):
            continue
        if path is None and key in SKIP:  # only the record's own fields are skipped, as walk does
            continue
        item_path = child_path(path, key, is_dict)
        if isinstance(item, str):
            out.append((item_path, item))
        else:
            _collect(item, item_path, last, out)
