"""Broken and hostile input: a clear one-line error or a record with warnings, the other
pages still written, bounded memory and time, nothing written outside --output, and never
any network access. Inputs: tests/bad_inputs/ (see its README)."""
import json
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BAD = HERE / "bad_inputs"
sys.path.insert(0, str(BAD))
from make_bad_inputs import build_all  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    built = build_all(folder / "in")
    for name in ("cut-mid-word.txt", "other-website.html", "ogp-page-in-german.txt"):
        (folder / "in" / name).write_bytes((BAD / name).read_bytes())
    return folder, built


@pytest.fixture(scope="module")
def run(corpus):
    """One CLI run over every bad input, in a sandbox folder, with 1.5 GB of address space."""
    folder, _ = corpus
    out = folder / "out"
    out.mkdir()

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))

    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    proc = subprocess.run([sys.executable, "-m", "ogpparse", "extract", str(folder / "in"), "-f", "jsonl",
                           "-o", str(out / "records.jsonl"), "--jobs", "2"], cwd=folder, capture_output=True,
                          timeout=120, preexec_fn=limit)
    after = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    by_path = {}
    for r in records:
        by_path.setdefault(r["source"]["path"].split("/in/", 1)[1], []).append(r)
    return proc, by_path, before, after


def error_of(by_path, name):
    [entry] = by_path[name]
    return entry["error"]


def codes(record):
    return sorted({w["code"] for w in record["warnings"]})


def test_run_finishes_with_exit_1_and_no_traceback(run):
    proc, by_path, _, _ = run
    assert proc.returncode == 1
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr
    assert all(line.startswith("ogpparse: ") or " pages: " in line for line in stderr.splitlines())


@pytest.mark.parametrize("name,reason", [
    ("empty.txt", "empty file"),
    ("binary.txt", "binary file, not a text or HTML page"),
    ("huge.txt", "page is 52,432,953 bytes, over the 20,971,520-byte limit (--max-page-size)"),
    ("other-website.html", "not an OGP page: no label of the site and no mention of OGP"),
    ("bomb.zip!zeros.txt", "member expands to 104,857,600 bytes, over the 20,971,520-byte page limit "
                           "(--max-page-size)"),
    ("slip.zip!../../evil.txt", "unsafe member path (absolute or '..'), not read"),
    ("slip.zip!/etc/evil.txt", "unsafe member path (absolute or '..'), not read"),
    ("slip.tar!../evil.txt", "unsafe member path (absolute or '..'), not read"),
    ("slip.tar!/tmp/evil.txt", "unsafe member path (absolute or '..'), not read"),
    ("slip.tar!ok/link.txt", "a link, not a page; not read"),
    ("slip.tar!ok/hard.txt", "a link, not a page; not read"),
    ("slip.tar!ok/tty.txt", "a device or special file, not a page; not read"),
    ("slip.tar!ok/fifo.txt", "a device or special file, not a page; not read"),
    ("cut.tar.gz!003_870d1cf21ae36b1b.txt", "damaged member (unexpected end of data); rest of the archive not read"),
])
def test_bad_input_gives_its_error(run, name, reason):
    proc, by_path, _, _ = run
    assert error_of(by_path, name) == reason
    assert "ogpparse: " in proc.stderr.decode() and f"/in/{name}: {reason}" in proc.stderr.decode()


@pytest.mark.parametrize("name,commitment_id,warning_codes", [
    ("invalid-utf8.txt", "KR0042", []),  # decoded as cp1252: never a UnicodeDecodeError
    ("utf16-bom.txt", "MXNLE0001", ["milestone_ends_before_start", "milestone_status_unknown"]),
    ("cut-mid-word.txt", "MXROO0006", ["truncated"]),
    ("deep.html", "GH0025", ["malformed_html"]),
    ("billion-laughs.html", "GH0025", []),  # the entities are never expanded
])
def test_damaged_but_readable_page_gives_a_record(run, name, commitment_id, warning_codes):
    _, by_path, _, _ = run
    [record] = by_path[name]
    assert record["commitment_id"] == commitment_id
    assert codes(record) == warning_codes


def test_billion_laughs_stays_small(run):
    _, by_path, _, _ = run
    [record] = by_path["billion-laughs.html"]
    assert "lollollol" not in json.dumps(record)
    assert [b["name"] for b in record["institutions"]["lead"]] == ["Parliament", "Ministry of Information"]


def test_ogp_page_in_a_language_without_lexicon(run):
    _, by_path, _, _ = run
    [record] = by_path["ogp-page-in-german.txt"]
    assert (record["page_type"], record["language"], record["title"]) == ("unknown", None, "Recht auf Information (GH0025)")
    assert record["warnings"] == [{"code": "unsupported_language", "field": "language",
                                   "message": "the page is in 'de', for which there is no lexicon"}]


def test_good_members_of_hostile_archives_are_still_read(run):
    _, by_path, _, _ = run
    for name in ("bomb.zip!page.txt", "slip.zip!ok/page.txt", "slip.tar!ok/page.txt",
                 "cut.tar.gz!002_d0aed3a1e4458158.txt"):
        [record] = by_path[name]
        assert record["commitment_id"] == "MXROO0006", name


def test_warc_with_a_wrong_content_length(run):
    _, by_path, _, _ = run
    warc = [(k, r) for k, rs in by_path.items() if k.startswith("bad-length.warc") for r in rs]  # output order
    outcome = [r.get("commitment_id") or r["error"] for _, r in warc]
    assert outcome == [
        "MXROO0006",
        "KR0042",  # the record cut 500 bytes short, read as far as it goes...
        "damaged WARC after offset 8117: WARNING: Record not followed by newline, perhaps Content-Length is "
        "invalid Offset: 19139 Remainder: b'tifs pour les fonctionnaires\\n'",  # ...and reported
        "MXNLE0001",  # the next record is found again
    ]
    assert codes(warc[1][1]) == ["truncated"]


def test_nothing_is_written_outside_the_output(run):
    _, _, before, after = run
    assert sorted(set(after) - set(before)) == [Path("out/records.jsonl")]
    assert not (Path("/etc/evil.txt").exists() or Path("/tmp/evil.txt").exists())


def test_zip_bomb_is_stopped_by_the_archive_limit(corpus, tmp_path):
    folder, built = corpus
    proc = subprocess.run([sys.executable, "-m", "ogpparse", "extract", str(built["zip_bomb"]), "-f", "jsonl",
                           "--max-page-size", str(200 * 2**20), "--max-archive-size", str(10 * 2**20), "-q"],
                          capture_output=True, timeout=120)
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert proc.returncode == 1
    assert [r.get("commitment_id") or r["error"] for r in rows] == [
        "MXROO0006", "archive expands past the 10,485,760-byte limit (--max-archive-size); rest not read"]


def test_no_network_access_ever(corpus, monkeypatch):
    """Every bad input and every fixture, parsed in this process with sockets disabled."""
    from ogpparse.runner import Options, parse_all
    from ogpparse.inputs import iter_inputs

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    folder, _ = corpus
    results = list(parse_all(iter_inputs([str(folder / "in"), str(ROOT / "fixtures")]), Options(), jobs=1))
    assert len(results) > 90


def test_no_network_system_call(corpus, tmp_path):
    """The same at the system-call level, which also covers C libraries (libxml2)."""
    import shutil

    if not shutil.which("strace"):
        pytest.skip("strace is not installed on this machine")
    folder, _ = corpus
    log = tmp_path / "strace.log"
    proc = subprocess.run(["strace", "-f", "-e", "trace=connect,sendto,sendmsg", "-o", str(log), sys.executable,
                           "-m", "ogpparse", "extract", str(folder / "in"), str(ROOT / "fixtures"), "-o",
                           str(tmp_path / "r.json"), "-q", "--jobs", "2"], capture_output=True, timeout=300)
    if proc.returncode not in (0, 1) or not log.exists():
        pytest.skip(f"strace could not trace here: {proc.stderr.decode()[-200:]}")
    calls = [line for line in log.read_text().splitlines() if "AF_INET" in line]
    assert calls == []
