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
    # A text printable through, with single spaces and none at its ends, is its own fold
    # (most lines and values): these tests run in C, where the split makes an object of
    # each word. Every space but " " is unprintable (checked on all of Unicode).
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _fold_end(text: str, size: int) -> str:
    """_fold(text), or an end of it longer than `size` characters: the folded tail of that
    size ends the folded text or not, and a text longer than the tail cannot be the item
    it ends with. A description of 2,000 characters is not split whole for its last words."""
    reach = 2 * size + 2  # characters from the end whose folding is longer than `size`, most often
    if len(text) > reach:
        # The folded end of a text is an end of its folding: a cut word is the end of a word.
        end = _fold(text[-reach:])
        if len(end) > size:
            return end
    return _fold(text)


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
    if not tail:
        return None  # no value is kept for an empty tail (none has a size above 0)
    best, best_len = None, 0
    for path, value in _texts_ending_on(record, tail[-1:]):
        size = len(tail) if value.endswith(tail) else _tail_size(tail, value)
        if size and size >= best_len:
            best, best_len = path, size
    if best and best.startswith("irm.") and best.endswith(".text"):
        best = best[:-len(".text")]  # the rating is the value; its text is how it is printed
    return best


def _tail_size(tail: str, value: str) -> int:
    """The length of the match of a folded tail and a value that does not end with it as
    it is: the tail, when the value folded ends with it; the value folded, when it ends the
    tail as an item of its own; else 0.

    path_of_tail asks this only of a value that does not end with the tail unfolded: a
    value that does is matched whole without folding it (most matches), as folding keeps a
    folded end as it is (the tail's words stay the last words, the first glued to whatever
    preceded it, and the spaces between them single)."""
    text = _fold_end(value, len(tail))
    return len(tail) if text.endswith(tail) else len(text) if _ends_item(tail, text) else 0


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


_SCALARS = frozenset({type(None), bool, int, float})


def _collect(node: dict | list, path: str | None, last: str, out: list) -> None:
    """_texts_ending_on below `node` (the record itself for path None). `last` is no space
    (the tail's spaces are folded): a text that ends on it ends there, or after spaces."""
    if isinstance(node, dict):
        pairs, head, close = node.items(), ("" if path is None else path + "."), ""
    else:
        pairs, head, close = enumerate(node), path + "[", "]"
    for key, item in pairs:
        # type() and `is`, not isinstance() with a tuple (which costs more): this runs for
        # each of a record's values, most of them None, numbers or texts that end otherwise;
        # a subclass of str, dict or list is still read as one.
        kind = type(item)
        if kind is not str and kind is not dict and kind is not list:
            if kind in _SCALARS:
                continue
            kind = str if isinstance(item, str) else list if isinstance(item, (dict, list)) else None
            if kind is None:
                continue
        if kind is str:
            if item.rstrip()[-1:] != last or len(item) < 2:
                continue
        elif not item:  # an empty list or dict holds no text: not a call (~1/4 of them)
            continue
        if path is None and key in SKIP:  # only the record's own fields are skipped, as walk does
            continue
        if kind is str:
            out.append((f"{head}{key}{close}", item))
        else:
            _collect(item, f"{head}{key}{close}", last, out)
