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
