"""The forked search for copies (duplicates.py): what a process that dies by SIGKILL (the
kernel's out-of-memory killer, `kill -9`) or cannot be forked leaves behind.

Each scenario runs in its own session, so that a hang is bounded by a timeout and every
process it started - orphans included - is killed after it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not (hasattr(os, "fork") and os.path.isdir("/proc/self")),
                                reason="forks, reads /proc")


def _session_processes(pgid: int) -> list[int]:
    """The live (not zombie) processes of a process group."""
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            out.append(int(name))
    return out


def _run(tmp_path: Path, script: str, timeout: float):
    """`script` run by a new Python in a session of its own: (process, stdout or None if it
    was still running after `timeout`). The caller must `_kill_session` it."""
    path = tmp_path / "scenario.py"
    path.write_text(textwrap.dedent(script), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, str(path), str(tmp_path)], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        out = None
    return process, out


def _kill_session(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.communicate()


_PAGES = """
    import multiprocessing, os, signal, sys, time
    from ogpparse import duplicates
    from ogpparse.inputs import iter_inputs

    folder = os.path.join(sys.argv[1], "pages")
    os.mkdir(folder)
    for i in range({count}):  # one size: each must be hashed; the last two are copies
        with open(os.path.join(folder, f"p{{i:05d}}.txt"), "w") as fh:
            fh.write(f"page {{i % ({count} - 2):05d}}" if {distinct} else "the same page")
    here = duplicates.find_duplicates(iter_inputs([folder]))

    def children(pid):
        with open(f"/proc/{{pid}}/task/{{pid}}/children") as fh:
            return fh.read().split()
"""


def test_search_process_killed_while_hashing_costs_only_a_search_here(tmp_path):
    """The search process SIGKILLed while its hashing processes run: the main process must
    still get the map, by searching itself (find_duplicates' promise). The hashing
    processes hold the write end of the main process's pipe (inherited from the search
    process) and the read end of their own: the main process waited for EOF forever,
    and they for a reader, each part of digests being over a pipe's 64 KiB."""
    script = _PAGES.format(count=3000, distinct=True) + """
    real = duplicates._file_digest
    duplicates._file_digest = lambda path, size: (time.sleep(0.001), real(path, size))[1]

    def meanwhile():
        [search] = multiprocessing.active_children()
        deadline = time.monotonic() + 10
        while len(children(search.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.005)
        os.kill(search.pid, signal.SIGKILL)
        duplicates._file_digest = real  # the search made here is not slowed

    found = duplicates.find_duplicates(iter_inputs([folder]), processes=2, meanwhile=meanwhile)
    print("same map" if found == here else f"another map: {found} != {here}", flush=True)
    """
    process, out = _run(tmp_path, script, timeout=15)
    try:
        assert out is not None, "find_duplicates never returned after its search process was killed"
        assert out.strip().endswith("same map"), out
    finally:
        _kill_session(process)


def test_main_process_killed_during_the_search_leaves_no_process(tmp_path):
    """The main process SIGKILLed while the search runs, with a map over a pipe's 64 KiB
    (3,000 copies of a page): the search process must end, not wait forever to write to a
    pipe whose read end it holds itself (inherited at the fork) - holding the caller's
    stdout and stderr, so that a caller reading them to their end waited forever too."""
    script = _PAGES.format(count=3000, distinct=False) + """
    assert len(here) == 3000

    def meanwhile():
        os.kill(os.getpid(), signal.SIGKILL)

    duplicates.find_duplicates(iter_inputs([folder]), processes=2, meanwhile=meanwhile)
    """
    process, out = _run(tmp_path, script, timeout=15)
    try:
        assert out is not None, "the scenario's output never ended (a process held it)"
        deadline = time.monotonic() + 10
        while _session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _session_processes(process.pid) == [], "processes left after the main process died"
    finally:
        _kill_session(process)


def test_an_input_given_twice_names_its_other_occurrence_among_its_copies(tmp_path):
    """e.txt given twice beside x.txt, its copy: each record of e.txt names the two other
    inputs, x.txt and e.txt (its other occurrence), as before the map held one tuple per
    group - not "x.txt and 1 more", a count hiding the input itself, while the two
    records of an input given twice alone do name it. Only one occurrence of a record's
    own path is left out of the others (the first)."""
    from ogpparse.duplicates import find_duplicates, mark_duplicate
    from ogpparse.inputs import iter_inputs

    x, e = str(tmp_path / "x.txt"), str(tmp_path / "e.txt")
    for name in (x, e):
        Path(name).write_text("the same page", encoding="utf-8")

    def named(paths, path):
        record = {"page_type": "commitment", "source": {"path": path}, "warnings": []}
        [warning] = mark_duplicate(record, find_duplicates(iter_inputs(paths)))["warnings"]
        return warning["message"].removeprefix("same content (SHA-256) as ").removesuffix("; both records kept")

    assert named([e, e], e) == e
    assert named([x, e, e], x) == f"{e}, {e}"
    assert named([x, e, e], e) == f"{x}, {e}"
    assert named([e, x, e, e, e], e) == f"{x}, {e}, {e} and 1 more"


def test_a_search_process_that_cannot_be_forked_costs_only_a_search_here(tmp_path, monkeypatch):
    """fork() failing (EAGAIN: too many processes; ENOMEM): the search is made here, as when
    the search process dies - it was an AssertionError ("can only join a started process",
    from the cleanup of a process never started) hiding the OSError."""
    import errno
    import multiprocessing.process

    from ogpparse.duplicates import find_duplicates
    from ogpparse.inputs import iter_inputs

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("the same page", encoding="utf-8")
    here = find_duplicates(iter_inputs([str(tmp_path)]))
    assert len(here) == 2

    def no_fork(self):
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", no_fork)
    assert find_duplicates(iter_inputs([str(tmp_path)]), processes=2) == here
