"""The `ogpparse` command's entry point: `ogpparse --version` and `ogpparse --help` answered
without importing typer (importing it alone takes ~0.1 s, the whole start-up budget);
everything else goes to the typer application in `cli.py`.

The top-level help below is the text typer prints for `ogpparse --help` on a terminal at
least 80 columns wide (typer wraps at min(columns, 80) - 2, so wider is the same); on a
narrower one typer writes it. tests/test_cli.py checks the two are the same text.
"""
from __future__ import annotations

import sys

HELP = """\
Usage: ogpparse [OPTIONS] COMMAND [ARGS]...

  Turn saved Open Government Partnership pages into validated records.

  Exit codes: 0 all good, 1 a page failed or a check found problems (diff:
  differences), 2 usage error.

Options:
  --version  Print the version and exit.
  --help     Show this message and exit.

Commands:
  extract   Extract one record per page from files, folders, archives or...
  schema    Write the JSON Schema files of the records (one per page...
  validate  Check a snapshot of pages: every page parses, its record is...
  diff      Show what changed, page by page, between two snapshots...
  merge     Merge the pages of one commitment (same commitment ID) in any...
  show      Show a page's lines with their numbers and, beside each line...
"""

_HELP_WIDTH = 80  # typer (click) wraps help at min(terminal columns, 80) - 2


def fast_answer(args: list[str]) -> str | None:
    """What `ogpparse ARGS` prints when it needs no typer, else None."""
    if args == ["--version"]:
        from . import __version__

        return f"ogpparse {__version__}\n"
    if args == ["--help"] and _terminal_columns() >= _HELP_WIDTH:
        return HELP
    return None


def _terminal_columns() -> int:
    import shutil  # what click asks: $COLUMNS, else the terminal, else 80

    return shutil.get_terminal_size().columns


def main() -> None:
    answer = fast_answer(sys.argv[1:])
    if answer is not None:
        sys.stdout.write(answer)
        sys.stdout.flush()
        return
    from .cli import main as typer_main

    typer_main()


def run() -> None:
    """The console script: `main`, then an exit that does not free the heap. Every output
    is closed (and renamed into place) before the command returns, so nothing is lost;
    what is skipped is CPython's teardown, which frees every object one by one: ~0.2 s
    after a run that loaded langdetect's profiles as langdetect did (5 million floats), a
    third of a short run's time. Exit codes are what `sys.exit` would give."""
    import os

    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exit_code(exc.code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # closed, gone (a broken pipe), or None
            code = code or 1
    _stop_workers()
    os._exit(code)


def _stop_workers() -> None:
    """Worker processes still alive at the end (the run stopped on an error, Ctrl-C or a
    closed pipe while pages were queued) are stopped: their results would be thrown away,
    and the interpreter's own exit, which os._exit skips, is what used to wait for them.
    Left alone they would wait for work forever, holding the caller's pipes open."""
    multiprocessing = sys.modules.get("multiprocessing")  # no pool ran if it is not imported
    if multiprocessing is None:
        return
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout=10)


def exit_code(code) -> int:
    """The status `sys.exit(code)` gives: None is 0, an int itself, anything else is
    printed to stderr and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1
