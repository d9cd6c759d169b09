"""The bench's floors time the pages ogpparse reads, and a failed run stops the bench: the
lxml floor once stopped at the corpus's hidden ".built" stamp (an empty file lxml refuses),
and the bench, which accepted exit 1, timed that crash as an lxml parse 5x faster than real."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import run  # noqa: E402  (bench/run.py)

PAGE = (ROOT / "fixtures/html/commitment_MXROO0006.html").read_bytes()


@pytest.mark.parametrize("procs", [1, 2])
def test_lxml_floor_skips_the_hidden_stamp(tmp_path, procs):
    for i in range(3):
        (tmp_path / f"page{i}.html").write_bytes(PAGE)
    (tmp_path / ".built").write_text("")  # as run.corpus leaves it
    done = subprocess.run(run.floor("lxml", procs, tmp_path), capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_failed_command_stops_the_bench():
    with pytest.raises(SystemExit, match=r"failed \(1\)"):
        run.measure([sys.executable, "-c", "import sys; sys.exit(1)"])
