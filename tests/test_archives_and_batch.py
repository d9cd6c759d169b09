"""Archives (zip, tar, WARC) streamed with real fixture pages inside; order whatever --jobs;
no half-written output when a run is interrupted."""
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from ogpparse.runner import Options, parse_all
from ogpparse.inputs import iter_inputs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures/seeds").glob("*.txt"))
HTML_PAGE = ROOT / "fixtures/html/commitment_MXROO0006.html"


def results(paths, jobs=1, glob=None):
    """Records and error entries; skipped web-archive records (not pages) have no payload."""
    out = parse_all(iter_inputs([str(p) for p in paths], glob), Options(), jobs=jobs)
    return [r.payload for r in out if r.payload is not None]


def without_source(record):
    return {k: v for k, v in record.items() if k != "source"}


@pytest.fixture(scope="module")
def direct():
    """Records of the seed pages parsed from their files."""
    return {p.name: without_source(r) for p, r in zip(SEEDS, results(SEEDS))}


def test_zip_members_are_streamed_and_parsed(tmp_path, direct):
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in SEEDS:
            zf.write(p, f"seeds/{p.name}")
        zf.writestr("seeds/README.md", "not a page")
        zf.writestr("seeds/", "")
    out = results([archive])
    assert [r["source"]["member"] for r in out] == [f"seeds/{p.name}" for p in SEEDS]
    assert all(r["source"]["archive"] == str(archive) for r in out)
    assert out[2]["source"]["path"] == f"{archive}!seeds/{SEEDS[2].name}"
    assert {r["source"]["member"].split("/")[1]: without_source(r) for r in out} == direct
    assert not list(tmp_path.glob("seeds*"))  # nothing unpacked to disk


@pytest.mark.parametrize("mode,suffix", [("w", ".tar"), ("w:gz", ".tar.gz"), ("w:gz", ".tgz"), ("w:bz2", ".tar.bz2")])
def test_tar_members_are_streamed_and_parsed(tmp_path, direct, mode, suffix):
    archive = tmp_path / f"pages{suffix}"
    with tarfile.open(archive, mode) as tf:
        for p in SEEDS:
            tf.add(p, f"dump/{p.name}")
    out = results([archive])
    assert {r["source"]["member"].split("/")[1]: without_source(r) for r in out} == direct


def _warc(path: Path, gz: bool, truncate_last: bool = False):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))

    def response(uri, body, ctype):
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))

    request = StatusAndHeaders("GET /x HTTP/1.1", [("Host", "www.opengovpartnership.org")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://www.opengovpartnership.org/x", "request",
                                                  payload=io.BytesIO(b""), http_headers=request))
    response("https://www.opengovpartnership.org/members/quintana-roo/commitments/MXROO0006/",
             HTML_PAGE.read_bytes(), "text/html; charset=utf-8")
    response("https://www.opengovpartnership.org/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image/png")
    response("https://www.opengovpartnership.org/dump/003.txt", SEEDS[3].read_bytes(), "text/plain")
    data = buf.getvalue()
    if truncate_last:
        response("https://www.opengovpartnership.org/dump/004.txt", SEEDS[4].read_bytes(), "text/plain")
        data = buf.getvalue()[: len(data) + 300]  # the last gzip member is cut short
    path.write_bytes(data)


@pytest.mark.parametrize("gz", [True, False])
def test_warc_responses_become_records_and_other_payloads_are_skipped(tmp_path, gz):
    archive = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(archive, gz)
    every = list(parse_all(iter_inputs([str(archive)]), Options()))
    assert [r.info.get("skipped") for r in every] == [None, "not a page", None]
    png = every[1].info
    out = results([archive])
    assert [r.get("page_type") or r["error"] for r in out] == ["commitment", "commitment"]
    html, text = out
    assert html["commitment_id"] == "MXROO0006" and html["source"]["format"] == "html"
    assert html["source"]["url"] == "https://www.opengovpartnership.org/members/quintana-roo/commitments/MXROO0006/"
    assert html["source"]["fetched_at"].startswith("20") and html["source"]["archive"] == str(archive)
    assert isinstance(html["source"]["offset"], int)
    assert png["path"].endswith(" https://www.opengovpartnership.org/logo.png")
    assert text["commitment_id"] == "KR0042"


def test_truncated_gzip_member_is_an_error_entry_not_a_crash(tmp_path):
    archive = tmp_path / "cut.warc.gz"
    _warc(archive, gz=True, truncate_last=True)
    out = results([archive])
    assert [r.get("commitment_id") for r in out[:2]] == ["MXROO0006", "KR0042"]
    assert len(out) == 3 and out[2]["error"].startswith("damaged")
    assert out[2]["source"]["archive"] == str(archive)


def test_damaged_zip_is_one_error_entry(tmp_path):
    archive = tmp_path / "bad.zip"
    archive.write_bytes(b"PK\x03\x04 this is not really a zip")
    out = results([archive])
    assert out == [{"source": {"path": str(archive), "archive": str(archive)},
                    "error": "damaged zip archive (File is not a zip file)"}]


def test_output_order_does_not_depend_on_jobs():
    folder = ROOT / "fixtures"
    one = results([folder], jobs=1)
    two = results([folder], jobs=2)
    pages = [p for p in folder.rglob("*") if p.suffix in (".txt", ".html")]
    assert len(one) == len(pages) and one == two


def test_glob_filters_pages(tmp_path):
    out = results([ROOT / "fixtures"], glob="commitment_*")
    # the corpus commitment pages and the constructed HTML page; the seeds have other names
    named = [p for p in (ROOT / "fixtures").rglob("commitment_*") if p.suffix in (".txt", ".html")]
    assert len(out) == len(named) and all("commitment_" in r["source"]["path"] for r in out)


def test_interrupted_run_leaves_no_half_written_file(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(1500):  # distinct pages: copies of one page are not parsed again, and end the run too soon
        (pages / f"p{i:05d}.txt").write_bytes(SEEDS[i % len(SEEDS)].read_bytes() + f"\nPage {i}\n".encode())
    target = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "ogpparse", "extract", str(pages), "-f", "jsonl", "-o", str(target),
                             "--jobs", "2"], cwd=ROOT, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 60
    while not list(tmp_path.glob(".out.jsonl.*.part")) and time.time() < deadline:
        time.sleep(0.05)  # wait until the run is writing, then interrupt it at once
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.decode().strip() == "ogpparse: interrupted; no output file was written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]


def test_progress_and_summary_go_to_stderr_only(tmp_path):
    out = subprocess.run([sys.executable, "-m", "ogpparse", "extract", str(ROOT / "fixtures/seeds"), "-f", "jsonl"],
                         capture_output=True, cwd=ROOT)
    lines = out.stdout.decode().splitlines()
    assert len(lines) == 5 and all(json.loads(line)["page_type"] for line in lines)
    # stderr is not a terminal: no progress bar, just the summary line
    assert out.stderr.decode().count("\n") == 1
    assert "5 pages: 5 records (action_plan 1, commitment 3, commitment_report 1; en 2, fr 3), 0 failed" \
        in out.stderr.decode()


def test_batches_start_small_then_grow_and_end_at_a_byte_budget():
    """Eight batches of 16 pages (a short run is shared evenly between the workers), then 128
    (fewer hand-offs in the main process); a batch of archive members ends at 4 MiB."""
    from ogpparse.inputs.base import PageInput
    from ogpparse.runner import _batches_of

    files = [PageInput(f"p{i}.txt", file=f"p{i}.txt") for i in range(300)]
    assert [len(b) for b in _batches_of(files, Options())] == [16] * 8 + [128, 44]
    members = [PageInput(f"a.zip/{i}.html", data=b"x" * 2**20) for i in range(10)]
    assert [len(b) for b in _batches_of(members, Options())] == [4, 4, 2]


def test_folder_names_sort_in_the_order_of_their_bytes():
    """Sorted as they are when every name is UTF-8 (the same order as their bytes), by their
    bytes when one holds a byte that is not UTF-8 (its lone surrogate sorts elsewhere)."""
    from ogpparse.inputs.files import _sort_as_bytes

    names = ["b.txt", "é.txt", "a.txt", "\u4e2d.txt", "Z.txt", "\U0001f600.txt"]
    _sort_as_bytes(names)
    assert names == ["Z.txt", "a.txt", "b.txt", "é.txt", "\u4e2d.txt", "\U0001f600.txt"]
    escaped = [os.fsdecode(b"\xff.txt"), "é.txt", os.fsdecode(b"\x80.txt"), "a.txt"]
    _sort_as_bytes(escaped)
    assert [os.fsencode(n) for n in escaped] == [b"a.txt", b"\x80.txt", "é.txt".encode(), b"\xff.txt"]
    assert sorted([os.fsdecode(b"\x80.txt"), "é.txt"]) == ["é.txt", os.fsdecode(b"\x80.txt")]  # why the key
