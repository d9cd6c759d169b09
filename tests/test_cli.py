"""The command line: formats, error lines, exit codes, stdin, atomic output, help."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures/seeds"
SEED_002 = SEEDS / "002_d0aed3a1e4458158.txt"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "ogpparse", *map(str, args)], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120)


def test_extract_json_array_to_stdout():
    out = run("extract", SEED_002, "--jobs", "1")
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    assert [r["commitment_id"] for r in records] == ["MXROO0006"]
    assert records[0]["milestone_count"] == 9
    assert out.stderr.decode().startswith("1 pages: 1 records (commitment 1; en 1), 0 failed")


def test_extract_folder_jsonl_to_file(tmp_path):
    target = tmp_path / "out.jsonl"
    out = run("extract", SEEDS, "--format", "jsonl", "--output", target, "--quiet")
    assert out.returncode == 0 and out.stderr == b""
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["page_type"] for r in rows] == ["action_plan", "commitment_report", "commitment", "commitment",
                                              "commitment"]
    assert [r["source"]["path"].rsplit("/", 1)[1][:3] for r in rows] == ["000", "001", "002", "003", "004"]
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_bad_file_gives_one_line_and_an_error_entry_and_others_survive(tmp_path):
    (tmp_path / "a_good.txt").write_bytes(SEED_002.read_bytes())
    (tmp_path / "b_binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "c_empty.txt").write_bytes(b"")
    out = run("extract", tmp_path, "--format", "jsonl", "--jobs", "1")
    assert out.returncode == 1
    errors = [line for line in out.stderr.decode().splitlines() if line.startswith("ogpparse:")]
    assert errors == [f"ogpparse: {tmp_path}/b_binary.txt: binary file, not a text or HTML page",
                      f"ogpparse: {tmp_path}/c_empty.txt: empty file"]
    assert "Traceback" not in out.stderr.decode()
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert rows[0]["commitment_id"] == "MXROO0006"
    assert rows[1] == {"source": {"path": f"{tmp_path}/b_binary.txt"}, "error": "binary file, not a text or HTML page"}
    assert rows[2]["error"] == "empty file"


def test_missing_path_is_an_error_not_a_crash():
    out = run("extract", "no/such/page.txt", "--quiet")
    assert out.returncode == 1
    assert out.stderr.decode().strip() == "ogpparse: no/such/page.txt: no such file or folder"
    assert json.loads(out.stdout) == [{"source": {"path": "no/such/page.txt"}, "error": "no such file or folder"}]


def test_stdin():
    out = run("extract", "-", "--format", "jsonl", "-q", stdin=SEED_002.read_bytes())
    assert out.returncode == 0
    record = json.loads(out.stdout)
    assert record["source"]["path"] == "-" and record["commitment_id"] == "MXROO0006"


@pytest.mark.parametrize("args", [["extract"], ["extract", "x.txt", "--format", "xml"], ["extract", "x", "--nope"],
                                  ["frobnicate"]])
def test_usage_errors_exit_2(args):
    assert run(*args).returncode == 2


def test_empty_folder_is_a_failure(tmp_path):
    out = run("extract", tmp_path)
    assert out.returncode == 1
    assert "no pages found" in out.stderr.decode()


def test_help_shows_examples():
    out = run("extract", "--help")
    assert out.returncode == 0
    assert "Examples:" in out.stdout.decode() and "ogpparse extract pages/ --format jsonl" in out.stdout.decode()


def test_version_is_fast_and_imports_nothing_heavy():
    code = ("import sys\nsys.argv = ['ogpparse', '--version']\nimport ogpparse.cli as cli\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print('|' + ','.join(m for m in ('pydantic', 'lxml', 'langdetect', 'bs4', 'warcio') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert re.match(r"ogpparse \d+\.\d+\.\d+\n\|$", out.stdout), out.stdout


def _launch(args, columns):
    """`ogpparse ARGS` through the console script's entry point; what it printed, and
    whether typer was imported."""
    code = (f"import sys\nsys.argv = ['ogpparse', *{args!r}]\nimport ogpparse.launch as launch\n"
            "try:\n    launch.main()\nexcept SystemExit:\n    pass\nprint('|', 'typer' in sys.modules)")
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env).stdout


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_answer_without_importing_typer(args):
    out = _launch(args, columns=120)
    assert out.endswith("| False\n") and out.startswith(("ogpparse 0.", "Usage: ogpparse [OPTIONS]")), out


@pytest.mark.parametrize("columns", [80, 200, 60])
def test_fast_help_is_the_text_typer_prints(columns):
    """launch.HELP must be what typer writes (at 80 columns or more; narrower, typer writes it):
    after changing a command's help or adding a command, paste typer's text into launch.HELP."""
    env = {**os.environ, "COLUMNS": str(columns)}
    code = "from ogpparse.cli import app\napp(['--help'], prog_name='ogpparse')"
    typer_text = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env).stdout
    assert typer_text.startswith("Usage: ogpparse")
    assert _launch(["--help"], columns) == typer_text + f"| {columns < 80}\n"


def _pools_started(monkeypatch) -> list:
    """Each worker pool the runner starts, recorded (and started as usual)."""
    import ogpparse.runner as runner

    started = []

    class Recorded(runner._Pool):
        def __init__(self, jobs, options):
            started.append(jobs)
            super().__init__(jobs, options)

    monkeypatch.setattr(runner, "_Pool", Recorded)
    return started


def test_one_page_extract_starts_no_process_pool(tmp_path, monkeypatch):
    from ogpparse.api import extract_paths

    started = _pools_started(monkeypatch)
    target = tmp_path / "one.jsonl"
    assert extract_paths([str(SEED_002)], fmt="jsonl", output=str(target), jobs=2, quiet=True) == 0
    assert started == []
    assert json.loads(target.read_text(encoding="utf-8"))["commitment_id"] == "MXROO0006"


def test_a_run_of_enough_pages_uses_the_workers(tmp_path, monkeypatch):
    import ogpparse.runner as runner
    from ogpparse.api import extract_paths

    started = _pools_started(monkeypatch)
    monkeypatch.setattr(runner, "POOL_MIN_PAGES", 3)  # the rule, on few pages
    target = tmp_path / "many.jsonl"
    assert extract_paths([str(p) for p in sorted(SEEDS.glob("*.txt"))[:3]], fmt="jsonl", output=str(target),
                         jobs=2, quiet=True) == 0
    assert started == [2]
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


def test_atomic_output_leaves_nothing_when_interrupted(tmp_path):
    from ogpparse.export import atomic_output

    target = tmp_path / "records.json"
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(target) as fh:
            fh.write("[half")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as fh:
            fh.write("new")
            raise RuntimeError("crash")
    assert target.read_text() == "old"  # the previous file is untouched


def test_fast_exit_writes_all_of_a_long_stdout_through_a_pipe():
    """The console script ends with os._exit (no heap teardown): what it wrote to a pipe
    must all be there, and the exit code be the command's."""
    pages = sorted((ROOT / "fixtures/corpus/fr").glob("*.txt"))
    out = run("extract", ROOT / "fixtures/corpus/fr", "--format", "jsonl", "--jobs", "2")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode().splitlines()
    assert len(lines) == len(pages) > 50
    assert {json.loads(line)["language"] for line in lines} == {"fr"}
    assert out.stderr.decode().startswith(f"{len(pages)} pages: {len(pages)} records")


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (1, 1), (2, 2), (143, 143), ("bad thing", 1)])
def test_exit_code_is_what_sys_exit_gives(code, status, capsys):
    from ogpparse.launch import exit_code

    assert exit_code(code) == status
    assert capsys.readouterr().err == ("bad thing\n" if isinstance(code, str) else "")


def test_workers_get_the_duplicate_map_once_not_with_each_batch(tmp_path, monkeypatch):
    """Copies in a run are marked in the workers, which got the map when they started: the
    batches sent to them carry pages only."""
    import ogpparse.runner as runner
    from ogpparse.api import extract_paths

    sent = []

    class Recorded(runner._Pool):
        def submit(self, batch):
            sent.append(batch)
            return super().submit(batch)

    monkeypatch.setattr(runner, "_Pool", Recorded)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(SEED_002.read_bytes())
    target = tmp_path / "out.jsonl"
    assert extract_paths([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], fmt="jsonl", output=str(target),
                         jobs=2, quiet=True) == 0
    assert [item.path for batch in sent for item in batch] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [w["message"] for r in records for w in r["warnings"] if w["code"] == "duplicate"] == [
        f"same content (SHA-256) as {tmp_path / 'b.txt'}; both records kept",
        f"same content (SHA-256) as {tmp_path / 'a.txt'}; both records kept"]


def _same_size_pages(folder, count):
    """`count` files of one size, so that each must be hashed; three of them are copies."""
    from ogpparse.inputs import iter_inputs

    for i in range(count):
        (folder / f"p{i:05d}.txt").write_text(f"page {i % (count - 2):05d}", encoding="utf-8")
    return list(iter_inputs([str(folder)]))


@pytest.mark.parametrize("dies", [None, "hashing", "search"])
def test_copies_are_found_alike_when_searched_in_processes(tmp_path, monkeypatch, dies):
    """With processes to search in (a run with workers), the map is the one searching here
    gives, in its order; the caller's work runs once meanwhile; a hashing process that dies
    only costs its part being hashed by the search, a search process that dies only costs
    the search being made here."""
    import os as _os

    from ogpparse import duplicates

    items = _same_size_pages(tmp_path, 1200)
    here = duplicates.find_duplicates(items)
    first, second = (str(tmp_path / "p00000.txt"), str(tmp_path / "p01198.txt")), \
        (str(tmp_path / "p00001.txt"), str(tmp_path / "p01199.txt"))
    assert here == {first[0]: first, first[1]: first, second[0]: second, second[1]: second}
    if dies:
        target = "_hash_part" if dies == "hashing" else "_search_process"
        monkeypatch.setattr(duplicates, target, lambda sender, *args: _os._exit(1))
    calls = []
    assert duplicates.find_duplicates(items, processes=2, meanwhile=lambda: calls.append(1)) == here
    assert calls == ([] if dies == "search" else [1])
    calls.clear()
    assert duplicates.find_duplicates(items[:10], processes=2, meanwhile=lambda: calls.append(2)) == {}
    assert calls == []  # too few files to fork for: nothing to do meanwhile


def test_file_digest_is_the_sha256_of_every_byte_read_once_for_a_page(tmp_path, monkeypatch):
    import hashlib

    from ogpparse import duplicates

    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_bytes(b"page " * 500)
    large.write_bytes(b"y" * (duplicates._CHUNK + 5000))
    reads = []
    real_read = os.read
    monkeypatch.setattr(duplicates.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    assert duplicates._file_digest(str(small), 2500) == hashlib.sha256(b"page " * 500).hexdigest()
    assert reads == [2501]  # shorter than asked: the end of the file, found in one read
    # a file that grew since its size was taken, and one over the 1 MiB chunk, are read to their end
    assert duplicates._file_digest(str(small), 100) == hashlib.sha256(b"page " * 500).hexdigest()
    assert duplicates._file_digest(str(large), duplicates._CHUNK + 5000) == \
        hashlib.sha256(b"y" * (duplicates._CHUNK + 5000)).hexdigest()
    assert duplicates._file_digest(str(tmp_path / "gone.txt"), 10) is None


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie (/proc: Linux)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_ctrl_c_during_the_search_stops_its_hashing_processes_too(tmp_path, monkeypatch):
    """Ctrl-C (raised here in the caller's work meanwhile) while the files are hashed: the
    search process and the two hashing processes it started are all gone after it."""
    import contextlib
    import signal
    import time

    from ogpparse import duplicates

    (tmp_path / "pages").mkdir()
    items = _same_size_pages(tmp_path / "pages", 1200)
    pids = tmp_path / "pids"
    pids.mkdir()

    def hash_slowly(sender, part):
        (pids / str(os.getpid())).touch()
        time.sleep(60)

    monkeypatch.setattr(duplicates, "_hash_part", hash_slowly)

    def interrupt():
        deadline = time.monotonic() + 10
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        raise KeyboardInterrupt

    try:
        with pytest.raises(KeyboardInterrupt):
            duplicates.find_duplicates(items, processes=2, meanwhile=interrupt)
        hashing = [int(p.name) for p in pids.iterdir()]
        assert len(hashing) == 2
        deadline = time.monotonic() + 10
        while any(map(_running, hashing)) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not any(map(_running, hashing))
    finally:  # a failure must not leave them sleeping on the test run's pipes
        for p in pids.iterdir():
            with contextlib.suppress(OSError):
                os.kill(int(p.name), signal.SIGKILL)


def test_many_copies_of_one_page_cost_one_entry_each(tmp_path):
    """2,000 copies of a page: each record names three others and counts the rest, and the
    map holds one shared tuple (the others of each copy, copied for each, were n * n paths)."""
    from ogpparse import duplicates
    from ogpparse.inputs import iter_inputs

    for i in range(2000):
        (tmp_path / f"p{i:04d}.txt").write_text("the same page", encoding="utf-8")
    found = duplicates.find_duplicates(iter_inputs([str(tmp_path)]))
    assert len({id(group) for group in found.values()}) == 1
    record = {"page_type": "commitment", "source": {"path": str(tmp_path / "p0001.txt")}, "warnings": []}
    [warning] = duplicates.mark_duplicate(record, found)["warnings"]
    names = ", ".join(str(tmp_path / f"p{i:04d}.txt") for i in (0, 2, 3))
    assert warning["message"] == f"same content (SHA-256) as {names} and 1996 more; both records kept"
