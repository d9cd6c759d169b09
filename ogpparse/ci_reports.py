"""Reports of a `validate` run for CI systems: a Markdown job summary (GitHub Actions shows
the file named by $GITHUB_STEP_SUMMARY on the run's page) and JUnit XML (one test case per
page; GitLab, Jenkins, Azure and most CI systems read it).

Every text here comes from a `check.Result`, whose names are already on one line
(`check.safe_text`); the Markdown cells and the XML are escaped once more for their syntax.
"""
from __future__ import annotations

import re
from collections import defaultdict

# Kinds in the order they are counted; the first ones fail a run.
KINDS = ("error", "invalid", "missing_field", "warning", "drift", "removed", "change", "added")
MAX_TABLE_ROWS = 500  # GitHub caps a job summary at 1 MiB: the rest is counted, not listed


def counts_line(result) -> str:
    counts = ", ".join(f"{k} {result.count(k):,}" for k in KINDS if result.count(k))
    return f"{result.pages:,} pages checked: " + (counts or "no problems")


def _cell(text) -> str:
    if text is None:
        return ""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _code(text: str) -> str:
    """A path as Markdown inline code, whatever backticks it holds."""
    text = _cell(text)
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def markdown_summary(result, title: str = "ogpparse validate") -> str:
    """Counts, then a table of every problem and change per page and field."""
    lines = [f"## {title}", "", counts_line(result), "", "| kind | count |", "|---|---:|",
             f"| pages | {result.pages:,} |"]
    lines += [f"| {k} | {result.count(k):,} |" for k in KINDS if result.count(k)]
    rows = result.problems + result.changes
    if rows:
        lines += ["", "| page | line | kind | field | detail |", "|---|---:|---|---|---|"]
        for p in rows[:MAX_TABLE_ROWS]:
            lines.append(f"| {_code(p.path)} | {p.line or ''} | {p.kind} | {_cell(p.field)} | {_cell(p.message)} |")
        if len(rows) > MAX_TABLE_ROWS:
            lines += ["", f"... and {len(rows) - MAX_TABLE_ROWS:,} more (see the --report file)."]
    return "\n".join(lines) + "\n"


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def junit_xml(result, suite: str = "ogpparse validate", fail_on_change: bool = False) -> str:
    """JUnit XML: one test case per page checked (and per page removed since the baseline);
    a page with problems fails, with every problem in the failure text; changes are listed
    in the test case's output (failures too with `fail_on_change`)."""
    import xml.etree.ElementTree as ET

    problems, changes = defaultdict(list), defaultdict(list)
    for p in result.problems:
        problems[p.path].append(p)
    for p in result.changes:
        (problems if fail_on_change else changes)[p.path].append(p)
    cases: dict[str, str | None] = {}
    for path, page_type in result.checked:
        cases.setdefault(path, page_type)
    for path in problems:
        cases.setdefault(path, None)  # removed pages: in the baseline only
    failed = sum(1 for path in cases if problems.get(path))
    root = ET.Element("testsuites", name=suite, tests=str(len(cases)), failures=str(failed), errors="0")
    element = ET.SubElement(root, "testsuite", name=suite, tests=str(len(cases)), failures=str(failed),
                            errors="0", skipped="0")
    for path, page_type in cases.items():
        case = ET.SubElement(element, "testcase", classname=f"ogpparse.{page_type or 'page'}", name=_xml_text(path))
        if problems.get(path):
            found = problems[path]
            first = found[0]
            summary = f"{first.kind}" + (f" {first.field}" if first.field else "") + _at(first) + f": {first.message}"
            if len(found) > 1:
                summary += f" (and {len(found) - 1} more)"
            failure = ET.SubElement(case, "failure", type=first.kind, message=_xml_text(summary))
            failure.text = _xml_text("\n".join(_line(p) for p in found))
        if changes.get(path):
            ET.SubElement(case, "system-out").text = _xml_text("\n".join(_line(p) for p in changes[path]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _line(p) -> str:
    return f"{p.kind}: " + (f"{p.field}{_at(p)}: " if p.field else "") + p.message


def _at(p) -> str:
    """Where the new page prints the field, when known: " (line 42)"."""
    return f" (line {p.line})" if p.line else ""
