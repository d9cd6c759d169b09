"""The README says what the code does: commands, columns, quick start, API example."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    from ogpparse.cli import app

    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_every_command_has_help_and_a_readme_section():
    assert commands() == ["diff", "extract", "merge", "schema", "show", "validate"]
    for name in commands():
        out = subprocess.run([sys.executable, "-m", "ogpparse", name, "--help"], capture_output=True, text=True,
                             cwd=ROOT)
        assert out.returncode == 0 and "Usage: ogpparse " + name in out.stdout
        assert f"### ogpparse {name}" in README


def test_quick_start_is_exactly_two_commands():
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]


def test_readme_lists_the_csv_columns_in_code_order():
    from ogpparse.tables import TABLES, columns

    block = README.split("<!-- columns:start -->", 1)[1].split("<!-- columns:end -->", 1)[0]
    listed = dict(re.findall(r"- `(\w+)\.csv`: (.+)", block))
    assert list(listed) == list(TABLES)
    for table in TABLES:
        assert listed[table].split(", ") == columns(table), table


def test_readme_python_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    code = README.split("## Python API", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    record = namespace["record"]
    assert (record.commitment_id, record.milestone_count, record.milestones[0].start_date) == ("MXROO0006", 9, "2023-07")
    assert len(namespace["pages"]) == len(list((ROOT / "fixtures/corpus/fr").glob("*.txt")))


def ci_run_commands() -> list[str]:
    block = README.split("<!-- ci:start -->", 1)[1].split("<!-- ci:end -->", 1)[0]
    return [line.split("- run:", 1)[1].strip() for line in block.splitlines() if line.strip().startswith("- run:")]


def test_readme_ci_snippet_runs_on_a_first_run_and_on_later_runs(tmp_path):
    """The snippet's `run:` commands in order, on a copy of the fixture pages: the first run
    has no baseline; the second finds the one the first saved. (The install step is skipped:
    ogpparse is installed here already; the cache steps keep baseline/ between runs.)"""
    import os
    import shutil

    commands = ci_run_commands()
    assert commands[0].startswith("pip install") and "git+https://" in commands[0]
    shutil.copytree(ROOT / "fixtures/seeds", tmp_path / "snapshot")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    for run_number in (1, 2):
        for command in commands[1:]:
            out = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True,
                                 timeout=300)
            assert out.returncode == 0, (run_number, command, out.stdout, out.stderr)
            if run_number == 1 and command.startswith("ogpparse validate"):
                assert "no baseline yet" in out.stderr
            if run_number == 2 and command.startswith("ogpparse validate"):
                assert out.stderr == "" and out.stdout.startswith("5 pages checked: no problems")
    assert (tmp_path / "baseline/records.jsonl").exists() and (tmp_path / "junit.xml").exists()
