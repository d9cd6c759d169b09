"""The command line. Thin on purpose: it parses options and calls the library functions that
the Python API exposes (runner, export, schema, check). Exit codes: 0 all good, 1 a page
failed (or a check found problems), 2 usage error."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Turn saved Open Government Partnership pages into validated records.")


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ogpparse {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                        help="Print the version and exit.")) -> None:
    pass


def _err(message: str) -> None:
    typer.echo(message, err=True)


EXTRACT_HELP = """Extract one record per page from files, folders, archives or stdin ("-").

\b
Examples:
  ogpparse extract page.txt
  ogpparse extract pages/ --format jsonl --output records.jsonl
  ogpparse extract archive.zip crawl.warc.gz --jobs 4 --format csv --output tables/
  cat page.html | ogpparse extract - --format jsonl
"""


@app.command(help=EXTRACT_HELP, no_args_is_help=True)
def extract(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Files, folders (recursive), .zip/.tar/.warc archives, or - for stdin."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json (one array), jsonl (one record a line) or csv (tables)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE", help="Output file (or folder for csv); - or none for stdout."),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", help="Worker processes (0 = one per core)."),
    glob: Optional[str] = typer.Option(None, "--glob", metavar="PATTERN", help="Only pages whose name matches this pattern, e.g. '*.html'."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary line."),
    excel: bool = typer.Option(False, "--excel", help="csv: add a byte-order mark so spreadsheets read UTF-8."),
    lexicons: List[Path] = typer.Option([], "--lexicons", metavar="DIR", help="Folder of extra lexicon files (*.toml)."),
    max_page_size: int = typer.Option(20 * 1024 * 1024, "--max-page-size", metavar="BYTES", help="Largest page read, in bytes."),
    max_archive_size: int = typer.Option(2 * 1024 ** 3, "--max-archive-size", metavar="BYTES", help="Most bytes one archive may expand to."),
) -> None:
    from .api import extract_paths

    try:
        code = extract_paths(paths, fmt=fmt.value, output=output, jobs=jobs, glob=glob, quiet=quiet,
                             excel=excel, lexicon_dirs=tuple(map(str, lexicons)),
                             max_page_bytes=max_page_size, max_archive_bytes=max_archive_size,
                             echo_error=_err)
    except KeyboardInterrupt:
        _err("ogpparse: interrupted; no output file was written")
        raise typer.Exit(130) from None
    raise typer.Exit(code)


@app.command(help="Write the JSON Schema files of the records (one per page kind, the union, the error entry).")
def schema(output: str = typer.Option("schemas", "--output", "-o", metavar="DIR", help="Folder to write the *.schema.json files to.")) -> None:
    from .schema import write_schemas

    for path in write_schemas(output):
        typer.echo(str(path))


VALIDATE_HELP = """Check a snapshot of pages: every page parses, its record is valid and has the
fields its page type requires; with --baseline, what drifted (fields that vanished) and
what changed since a previous extraction.

\b
Exit codes: 0 all good, 1 problems found (or no pages), 2 usage error.
\b
Examples:
  ogpparse validate snapshot/
  ogpparse validate snapshot/ --baseline last.jsonl --report report.json --github
"""


@app.command(help=VALIDATE_HELP, no_args_is_help=True)
def validate(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Pages (files, folders, archives) or one .jsonl extraction."),
    strict: bool = typer.Option(False, "--strict", help="Record warnings (truncated page, ...) are problems too."),
    baseline: Optional[str] = typer.Option(None, "--baseline", metavar="OLD.jsonl", help="A previous extraction to compare with."),
    report: Optional[str] = typer.Option(None, "--report", metavar="FILE", help="Write the full result as JSON."),
    github: bool = typer.Option(False, "--github", help="Print GitHub Actions annotations."),
    fail_on_change: bool = typer.Option(False, "--fail-on-change", help="Changed values fail the run too."),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", help="Worker processes (0 = one per core)."),
) -> None:
    from .api import validate_paths
    from .check import github_annotation

    result = validate_paths(paths, strict=strict, baseline=baseline, jobs=jobs)
    kinds = ("error", "invalid", "missing_field", "warning", "drift", "removed", "change", "added")
    counts = ", ".join(f"{k} {result.count(k)}" for k in kinds if result.count(k))
    typer.echo(f"{result.pages} pages checked: " + (counts or "no problems"))
    for p in result.problems + result.changes:
        typer.echo(f"{p.kind}: {p.path}" + (f": {p.field}" if p.field else "") + f": {p.message}")
        if github:
            typer.echo(github_annotation(p, "error" if p in result.problems else "notice"))
    if report:
        from .export import atomic_output
        import json

        with atomic_output(report) as fh:
            json.dump(result.as_dict(), fh, ensure_ascii=False, indent=2)
    failed = result.pages == 0 or result.problems or (fail_on_change and result.changes)
    if result.pages == 0:
        _err("ogpparse: no pages found in " + ", ".join(paths))
    raise typer.Exit(1 if failed else 0)


@app.command(help="Show what changed, page by page, between two snapshots (folders of pages or .jsonl extractions).",
             no_args_is_help=True)
def diff(
    old: str = typer.Argument(..., metavar="OLD", help="The earlier snapshot: pages or an extraction."),
    new: str = typer.Argument(..., metavar="NEW", help="The later snapshot: pages or an extraction."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="text|json", help="text (for people) or json (for scripts)."),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", help="Worker processes (0 = one per core)."),
) -> None:
    from .api import diff_paths

    if fmt not in ("text", "json"):
        raise typer.BadParameter("must be text or json", param_hint="--format")
    result = diff_paths(old, new, jobs=jobs)
    if fmt == "json":
        import json

        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        raise typer.Exit(0)
    by_page: dict[str, list] = {}
    for p in result.problems + result.changes:
        by_page.setdefault(p.path, []).append(p)
    for path, items in by_page.items():
        typer.echo(path)
        for p in items:
            typer.echo(f"  {p.kind:8} " + (f"{p.field}: " if p.field else "") + p.message)
    if not by_page:
        typer.echo("no differences")


def main() -> None:
    # `--version` answers before typer (and everything behind it) is imported... almost:
    # typer is already imported above; heavy modules (lxml, pydantic, langdetect) are not.
    app(prog_name="ogpparse")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
