"""The database in Datasette, with the metadata ogpparse writes (ogpparse/outputs/metadata.py)."""
import importlib.util
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("sqlite_utils")

ROOT = Path(__file__).resolve().parent.parent
PAGES = [str(ROOT / "fixtures/corpus"), str(ROOT / "fixtures/seeds")]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ds")
    run = subprocess.run([sys.executable, "-m", "ogpparse", "extract", *PAGES, "--format", "sqlite",
                          "--output", str(folder / "ogp.db"), "--snapshot", "2026-12-01",
                          "--datasette-metadata", str(folder / "metadata.json"), "--quiet"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return folder / "ogp.db", folder / "metadata.json"


def test_metadata_describes_every_table_and_column(database):
    db, meta = database
    described = json.loads(meta.read_text(encoding="utf-8"))["databases"]["ogp"]["tables"]
    con = sqlite3.connect(db)
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                       "AND name NOT LIKE '%_fts%'")]
    assert {"pages", "milestones", "institutions", "commitments", "changes"} <= set(names)
    for name in names:
        assert described[name]["description"], name
        columns = [r[1] for r in con.execute(f"PRAGMA table_info({name})")]
        assert set(columns) <= set(described[name]["columns"]), name
        assert all(described[name]["columns"][c].strip() for c in columns), name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datasette(database):
    if importlib.util.find_spec("datasette") is None:
        pytest.skip("datasette is not installed (pip install datasette, or the test extra)")
    db, meta = database
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(db), "-m", str(meta),
                               "-h", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):  # up to 30 s on a busy machine
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("datasette stopped: " + server.stderr.read().decode(errors="replace")[-500:])
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not answer in 30 s")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_full_text_search_through_the_json_api(datasette):
    rows = get(datasette + "/ogp/institutions.json?_search=Fundeps&_shape=array")
    assert rows and {r["name"] for r in rows} == {"Fundeps"}
    assert all(r["snapshot"] == "2026-12-01" and r["role"] in ("lead", "supporting", "involved") for r in rows)


def test_a_join_through_the_json_api(datasette):
    sql = ("SELECT p.commitment_id, p.language, count(*) AS n FROM institutions i "
           "JOIN pages p ON p.snapshot = i.snapshot AND p.record_key = i.record_key "
           "WHERE i.name = 'Fundeps' GROUP BY p.commitment_id, p.language ORDER BY p.commitment_id, p.language")
    rows = get(datasette + "/ogp.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"}))
    assert rows and all(r["commitment_id"].startswith("AR") and r["n"] >= 1 for r in rows)
    assert {"commitment_id": "AR0097", "language": "en", "n": 1} in rows
    assert {"commitment_id": "AR0097", "language": "fr", "n": 1} in rows


def test_datasette_shows_the_descriptions(datasette):
    meta = get(datasette + "/-/metadata.json")
    assert meta["databases"]["ogp"]["tables"]["pages"]["columns"]["completion"].startswith("Completion")
