"""The command line. Thin on purpose: it parses options and calls the library functions that
the Python API exposes (runner, export, schema, check). Exit codes: 0 all good, 1 a page
failed (or a check found problems), 2 usage error."""
from __future__ import annotations

import contextlib
import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
import typer.core

from . import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Turn saved Open Government Partnership pages into validated records.\n\n"
                       "Exit codes: 0 all good, 1 a page failed or a check found problems (diff: differences), "
                       "2 usage error.")


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sqlite = "sqlite"


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


class PlainHelpCommand(typer.core.TyperCommand):
    """Help without typer's internal type labels (`PATH <list[str]>`): the metavar says it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            param.display_type = lambda ctx: ""  # newer typer adds "<type>" after arguments


def output_format(fmt: str | None, output: str | None) -> str:
    """The format --format names; without it, the one --output's extension names (.jsonl,
    .json, .csv, or a folder for CSV tables); json otherwise."""
    if fmt:
        return fmt
    if output and output != "-":
        name = output.lower()
        for suffix, implied in ((".jsonl", "jsonl"), (".json", "json"), (".csv", "csv"),
                                (".db", "sqlite"), (".sqlite", "sqlite")):
            if name.endswith(suffix):
                return implied
        if output.endswith(("/", os.sep)) or os.path.isdir(output):
            return "csv"
    return "json"


EXTRACT_HELP = """Extract one record per page from files, folders, archives or stdin ("-").

\b
Examples:
  ogpparse extract page.txt
  ogpparse extract pages/ --format jsonl --output records.jsonl
  ogpparse extract archive.zip crawl.warc.gz --jobs 4 --format csv --output tables/
  cat page.html | ogpparse extract - --format jsonl
  ogpparse extract pages/ --format sqlite --output ogp.db --snapshot 2026-12 --datasette-metadata metadata.json

\b
Exit codes: 0 every page parsed, 1 a page failed (or no pages), 2 usage error,
            130 interrupted (no output file is left).
"""


@app.command(help=EXTRACT_HELP, no_args_is_help=True, cls=PlainHelpCommand)
def extract(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Files, folders (recursive), .zip/.tar/.warc archives, or - for stdin."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help="json (one array), jsonl (one record a line), csv (tables) or sqlite (one database); default: from --output's extension, else json."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE", help="Output file (or folder for csv); - or none for stdout."),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", min=0, help="Worker processes (0 = one per core)."),
    glob: Optional[str] = typer.Option(None, "--glob", metavar="PATTERN", help="Only pages whose name matches this pattern, e.g. '*.html'."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary line."),
    excel: bool = typer.Option(False, "--excel", help="csv: add a byte-order mark so spreadsheets read UTF-8."),
    lexicons: List[Path] = typer.Option([], "--lexicons", metavar="DIR", exists=True, file_okay=False, dir_okay=True,
                                        help="Folder of extra lexicon files (*.toml)."),
    max_page_size: int = typer.Option(20 * 1024 * 1024, "--max-page-size", metavar="BYTES", min=1, help="Largest page read, in bytes."),
    max_archive_size: int = typer.Option(2 * 1024 ** 3, "--max-archive-size", metavar="BYTES", min=1, help="Most bytes one archive may expand to."),
    provenance: bool = typer.Option(False, "--provenance", help="Add where each value was read (line, end_line, text); csv: a provenance.csv table."),
    snapshot: Optional[str] = typer.Option(None, "--snapshot", metavar="LABEL", help="sqlite: the label of this run's records (default: today's date, UTC); a snapshot written again is replaced, others are kept."),
    datasette_metadata: Optional[str] = typer.Option(None, "--datasette-metadata", metavar="FILE", help="sqlite: also write Datasette's metadata (table and column descriptions) to FILE."),
) -> None:
    from .api import extract_paths
    from .output import OutputError

    out_format = output_format(fmt and fmt.value, output)
    lexicon_dirs = tuple(map(str, lexicons))
    _check_extract_args(paths, output, out_format, lexicon_dirs)  # before any page is parsed
    _check_sqlite_args(output, out_format, snapshot, datasette_metadata)
    try:
        with _sigterm_as_interrupt():
            code = extract_paths(paths, fmt=out_format, output=output, jobs=jobs, glob=glob, quiet=quiet,
                                 excel=excel, lexicon_dirs=lexicon_dirs,
                                 max_page_bytes=max_page_size, max_archive_bytes=max_archive_size,
                                 echo_error=_err, provenance=provenance,
                                 **({"snapshot": snapshot} if out_format == "sqlite" else {}))
        if datasette_metadata:
            from .outputs.metadata import write_metadata

            write_metadata(datasette_metadata, database=output)
    except OutputError as exc:
        _err(f"ogpparse: {_safe(exc.path)}: {exc.reason}")
        raise typer.Exit(1) from None
    except Terminated:
        _err("ogpparse: terminated; no output file was written")
        raise typer.Exit(143) from None
    except KeyboardInterrupt:
        _err("ogpparse: interrupted; no output file was written")
        raise typer.Exit(130) from None
    raise typer.Exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is, so that it unwinds as Ctrl-C does: workers stopped,
    the temporary output file removed."""


@contextlib.contextmanager
def _sigterm_as_interrupt():
    import signal

    def stop(signum, frame):
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (the API called from a thread): leave it be
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _usage_error(message: str, code: int = 2) -> None:
    _err(f"ogpparse: {message}")
    raise typer.Exit(code)


def _check_extract_args(paths: list[str], output: str | None, fmt: str, lexicon_dirs: tuple[str, ...]) -> None:
    """What can be known wrong before the run: an output that is one of the inputs (exit 2),
    an output that cannot be written (exit 1), a lexicon file that does not load (exit 2)."""
    from .inputs import output_among_inputs
    from .output import output_problem

    if output and output != "-":
        clash = output_among_inputs(output, paths)
        if clash is not None:
            _usage_error(f"{_safe(output)}: the output would replace the input {_safe(clash)}; "
                         "choose another --output")
        folder = fmt == "csv" and not output.lower().endswith(".csv")
        problem = output_problem(output, folder=folder)
        if problem:
            _usage_error(f"{_safe(output)}: {problem}", code=1)
    for problem in _lexicon_problems(lexicon_dirs):
        _usage_error(problem)


def _check_sqlite_args(output: str | None, fmt: str, snapshot: str | None, metadata: str | None) -> None:
    """The sqlite options: only with --format sqlite, a file to write, a label that reads well."""
    if fmt != "sqlite":
        for name, value in (("--snapshot", snapshot), ("--datasette-metadata", metadata)):
            if value is not None:
                _usage_error(f"{name} goes with --format sqlite (a database)")
        return
    from .outputs.dbfile import database_problem

    problem = database_problem(output)
    if problem:
        _usage_error(f"{_safe(output or '-')}: {problem}", code=2 if output in (None, "-") else 1)
    if snapshot is not None and not snapshot.strip():
        _usage_error("--snapshot: give a label, e.g. 2026-12-01")
    if metadata is not None and os.path.realpath(metadata) == os.path.realpath(output):
        _usage_error("--datasette-metadata: give another file than the database")


def _lexicon_problems(lexicon_dirs: tuple[str, ...]) -> list[str]:
    """The first problem of each extra lexicon file that does not load or is not valid."""
    if not lexicon_dirs:
        return []
    from .lexicon import load_file, validate

    problems = []
    for directory in lexicon_dirs:
        for path in sorted(Path(directory).glob("*.toml")):
            try:
                found = validate(load_file(path))
            except Exception as exc:  # TOML syntax, bad encoding, unreadable: said once, here
                found = [f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"]
            if found:
                problems.append(f"{_safe(str(path))}: bad lexicon file ({found[0]})")
    return problems


SCHEMA_HELP = """Write the JSON Schema files of the records (one per page kind, record.schema.json
for any record, error.schema.json for the error entry); standard draft 2020-12, for Ajv,
jsonschema, check-jsonschema and other validators.

\b
Exit codes: 0 written, 1 a file could not be written, 2 usage error.
\b
Examples:
  ogpparse schema                       # into ./schemas
  ogpparse schema --output build/schemas
  check-jsonschema --schemafile schemas/record.schema.json record.json
"""


@app.command(help=SCHEMA_HELP, cls=PlainHelpCommand)
def schema(output: str = typer.Option("schemas", "--output", "-o", metavar="DIR", help="Folder to write the *.schema.json files to.")) -> None:
    from .check import safe_text
    from .schema import write_schemas

    try:
        written = write_schemas(output)
    except OSError as exc:
        _err(f"ogpparse: {safe_text(output)}: {exc.strerror or 'cannot be written'}")
        raise typer.Exit(1) from None
    for path in written:
        typer.echo(str(path))


VALIDATE_HELP = """Check a snapshot of pages: every page parses, its record is valid and has the
fields its page type requires; with --baseline, what drifted (fields that vanished) and
what changed since a previous extraction. Pages are matched by commitment ID + language,
else source URL, else their path inside the snapshot (so the snapshot folder's own name
does not matter).

\b
Exit codes: 0 all good, 1 problems found (or no pages),
            2 usage error, or a snapshot or baseline that cannot be read.
\b
Examples:
  ogpparse validate snapshot/
  ogpparse validate snapshot/ --baseline last.jsonl --report report.json --github
  ogpparse validate snapshots/2026-12/ --baseline baseline.jsonl --baseline-missing ok --junit junit.xml
"""


class BaselineMissing(str, Enum):
    ok = "ok"
    fail = "fail"


@app.command(help=VALIDATE_HELP, no_args_is_help=True, cls=PlainHelpCommand)
def validate(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Pages (files, folders, archives) or one .jsonl extraction."),
    strict: bool = typer.Option(False, "--strict", help="Record warnings (truncated page, ...) are problems too."),
    baseline: Optional[str] = typer.Option(None, "--baseline", metavar="OLD.jsonl", help="A previous extraction (or folder of pages) to compare with."),
    baseline_missing: BaselineMissing = typer.Option(BaselineMissing.fail, "--baseline-missing", metavar="ok|fail",
                                                     help="When the baseline file does not exist (a first run): ok = check without it, fail = exit 2."),
    report: Optional[str] = typer.Option(None, "--report", metavar="FILE", help="Write the full result as JSON."),
    junit: Optional[str] = typer.Option(None, "--junit", metavar="FILE", help="Write JUnit XML: one test case per page."),
    github: bool = typer.Option(False, "--github", help="Print GitHub Actions annotations. The Markdown summary goes to $GITHUB_STEP_SUMMARY whenever it is set."),
    fail_on_change: bool = typer.Option(False, "--fail-on-change", help="Changed values fail the run too."),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", help="Worker processes (0 = one per core)."),
) -> None:
    from .api import validate_paths
    from .check import github_annotation
    from .ci_reports import counts_line

    result = _or_exit_2(lambda: validate_paths(paths, strict=strict, baseline=baseline, jobs=jobs,
                                               baseline_missing=baseline_missing.value))
    for note in result.notes:
        _err(f"ogpparse: {_safe(note)}")
    typer.echo(counts_line(result))
    failing = len(result.problems)  # problems come first; changes fail only with --fail-on-change
    for i, p in enumerate(result.problems + result.changes):
        typer.echo(f"{p.kind}: {p.path}" + (f": {p.field}" if p.field else "") + f": {p.message}")
        if github:
            typer.echo(github_annotation(p, "error" if i < failing or fail_on_change else "notice"))
    _write_reports(result, report=report, junit=junit, fail_on_change=fail_on_change)
    failed = result.pages == 0 or result.problems or (fail_on_change and result.changes)
    if result.pages == 0:
        _err("ogpparse: no pages found in " + ", ".join(map(_safe, paths)))
    raise typer.Exit(1 if failed else 0)


def _safe(text: str) -> str:
    from .check import safe_text

    return safe_text(text)


def _or_exit_2(run):
    """Run `run()`; a snapshot or baseline that cannot be read is one line and exit 2."""
    from .snapshot import SnapshotError

    try:
        return run()
    except SnapshotError as exc:
        _err(f"ogpparse: {_safe(exc.path)}: {exc.reason}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        _err("ogpparse: interrupted")
        raise typer.Exit(130) from None


def _write_reports(result, *, report: str | None, junit: str | None, fail_on_change: bool) -> None:
    """--report, --junit and the GitHub job summary; a file that cannot be written is one line."""
    import json
    import os

    from .ci_reports import junit_xml, markdown_summary
    from .export import atomic_output

    try:
        if report:
            with atomic_output(report) as fh:
                json.dump(result.as_dict(), fh, ensure_ascii=False, indent=2)
        if junit:
            with atomic_output(junit) as fh:
                fh.write(junit_xml(result, fail_on_change=fail_on_change))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:  # set by GitHub Actions: the file is shown on the run's page
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(markdown_summary(result))
    except OSError as exc:
        _err(f"ogpparse: {_safe(exc.filename or '')}: {exc.strerror or 'cannot be written'}")
        raise typer.Exit(2) from None


DIFF_HELP = """Show what changed, page by page, between two snapshots (folders of pages, archives
or .json/.jsonl extractions). Pages are matched by commitment ID + language, else source
URL, else their path inside the snapshot. Milestones are compared by number, related
commitments by ID.

\b
Exit codes (like diff(1)): 0 no differences, 1 differences,
            2 usage error or a snapshot that cannot be read.
\b
Examples:
  ogpparse diff snapshots/2026-11/ snapshots/2026-12/
  ogpparse diff old.jsonl new.jsonl --format json
  ogpparse diff old.jsonl snapshot/ > /dev/null || echo "pages changed"
"""


@app.command(help=DIFF_HELP, no_args_is_help=True, cls=PlainHelpCommand)
def diff(
    old: str = typer.Argument(..., metavar="OLD", help="The earlier snapshot: pages or an extraction."),
    new: str = typer.Argument(..., metavar="NEW", help="The later snapshot: pages or an extraction."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="text|json", help="text (for people) or json (for scripts)."),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", help="Worker processes (0 = one per core)."),
) -> None:
    from .api import diff_paths

    if fmt not in ("text", "json"):
        raise typer.BadParameter("must be text or json", param_hint="--format")
    result = _or_exit_2(lambda: diff_paths(old, new, jobs=jobs))
    differs = bool(result.problems or result.changes)
    if fmt == "json":
        import json

        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        raise typer.Exit(1 if differs else 0)
    by_page: dict[str, list] = {}
    for p in result.problems + result.changes:
        by_page.setdefault(p.path, []).append(p)
    for path, items in by_page.items():
        typer.echo(path)
        for p in items:
            typer.echo(f"  {p.kind:8} " + (f"{p.field}: " if p.field else "") + p.message)
    if not by_page:
        typer.echo("no differences")
    raise typer.Exit(1 if differs else 0)


MERGE_HELP = """Merge the pages of one commitment (same commitment ID) in any language into one
record: language-free values (dates, status, completion, OGP values, IRM values, milestone
count, numbers and dates, institution groups) taken once and checked against each other;
texts (title, member, description, institution names, milestone titles) kept per language.
Languages that disagree give a language_conflict warning naming the field and each
language's value; the merged value is then null. Writes one JSON object per line.

\b
Exit codes: 0 merged, 1 a page failed or no commitment page was found, 2 usage error.
\b
Examples:
  ogpparse merge records.jsonl --output merged.jsonl
  ogpparse merge fixtures/corpus/en fixtures/corpus/fr fixtures/corpus/es
"""


@app.command(help=MERGE_HELP, no_args_is_help=True, cls=PlainHelpCommand)
def merge(
    paths: List[str] = typer.Argument(..., metavar="RECORDS.jsonl|PAGES", help="One .json/.jsonl extraction, or pages (files, folders, archives)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE", help="Output file (JSONL); - or none for stdout."),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", min=0, help="Worker processes (0 = one per core)."),
) -> None:
    from .api import load_records
    from .merge import merge_records
    from .output import OutputError, atomic_output

    records = _or_exit_2(lambda: load_records(paths, jobs=jobs))
    failed = [r for r in records if "error" in r and "page_type" not in r]
    for entry in failed:
        _err(f"ogpparse: {_safe(entry['source'].get('path', '?'))}: {entry['error']}")
    merged = merge_records(records)
    if not merged:
        _err("ogpparse: no commitment page with an ID in " + ", ".join(map(_safe, paths)))
        raise typer.Exit(1)
    import json

    try:
        with atomic_output(output) as fh:
            for item in merged:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    except OutputError as exc:
        _err(f"ogpparse: {_safe(exc.path)}: {exc.reason}")
        raise typer.Exit(1) from None
    several = sum(len(m["languages"]) > 1 for m in merged)
    conflicts = sum(w["code"] == "language_conflict" for m in merged for w in m["warnings"])
    _err(f"ogpparse: {len(merged)} commitments from {sum(len(m['record_keys']) for m in merged)} pages "
         f"({several} in several languages), {conflicts} conflicts between languages")
    raise typer.Exit(1 if failed else 0)


SHOW_HELP = """Show a page's lines with their numbers and, beside each line that gave a value, the
field(s) it gave; or write a review page (--html) for one or more pages.

\b
Exit codes: 0 shown, 1 a page failed or --field has no source line, 2 usage error.
\b
Examples:
  ogpparse show page.txt
  ogpparse show page.txt --field milestones[3]
  ogpparse show pages/*.txt --html review.html
"""


@app.command(help=SHOW_HELP, no_args_is_help=True, cls=PlainHelpCommand)
def show(
    paths: List[str] = typer.Argument(..., metavar="PAGE", help="Page files (text dumps or HTML)."),
    field: Optional[str] = typer.Option(None, "--field", metavar="PATH", help="Only this field (and what is under it), e.g. milestones[3].end_date."),
    html: Optional[str] = typer.Option(None, "--html", metavar="FILE", help="Write one self-contained review page to FILE instead."),
) -> None:
    from .show import render, show_pages, use_colour

    views, code = show_pages(paths, field, sys.stdout, _err)
    if html:
        from .review import write_review

        if views:
            try:
                write_review(views, html)
            except OSError as exc:
                _err(f"ogpparse: {html}: {exc.strerror or exc}")
                raise typer.Exit(1) from None
            _err(f"ogpparse: wrote {html} ({len(views)} page(s))")
        raise typer.Exit(code)
    colour = use_colour(sys.stdout)
    for view in views:
        if not render(view, field, sys.stdout, colour):
            _err(f"ogpparse: {view.path}: no source line for field {field!r}")
            code = 1
    raise typer.Exit(code)


def main() -> None:
    # `ogpparse --version` and `--help` are answered before this module (and typer) is
    # imported, by launch.py; the commands import lxml, pydantic and langdetect only when run.
    app(prog_name="ogpparse")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
