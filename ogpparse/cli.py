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
    paths: List[str] = typer.Argument(..., help="Files, folders (recursive), .zip/.tar/.warc archives, or - for stdin."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json (one array), jsonl (one record a line) or csv (tables)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Output file (or folder for csv); - or none for stdout."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0 = one per core)."),
    glob: Optional[str] = typer.Option(None, "--glob", help="Only pages whose name matches this pattern, e.g. '*.html'."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary line."),
    excel: bool = typer.Option(False, "--excel", help="csv: add a byte-order mark so spreadsheets read UTF-8."),
    lexicons: List[Path] = typer.Option([], "--lexicons", help="Folder of extra lexicon files (*.toml)."),
    max_page_size: int = typer.Option(20 * 1024 * 1024, "--max-page-size", help="Largest page read, in bytes."),
    max_archive_size: int = typer.Option(2 * 1024 ** 3, "--max-archive-size", help="Most bytes one archive may expand to."),
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
def schema(output: str = typer.Option("schemas", "--output", "-o", help="Folder to write the *.schema.json files to.")) -> None:
    from .schema import write_schemas

    for path in write_schemas(output):
        typer.echo(str(path))


def main() -> None:
    # `--version` answers before typer (and everything behind it) is imported... almost:
    # typer is already imported above; heavy modules (lxml, pydantic, langdetect) are not.
    app(prog_name="ogpparse")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
