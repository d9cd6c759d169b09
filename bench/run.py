"""Benchmark: pages per second and peak memory of `ogpparse extract`, with two references.

    python bench/run.py                 # N = 1,000 and 10,000 (make bench)
    python bench/run.py --sizes 500     # a quick run

For each N it builds a corpus from the real pages in fixtures/ (text dumps; the same pages
wrapped in simple HTML; a zip of the text pages; a gzipped WARC of the HTML pages) under
bench/out/, then measures, each in its own process:

- ogpparse extract on each input kind (--jobs 2, JSONL to a file);
- the floor: reading the same HTML files and parsing them with lxml, nothing else;
- a naive pass: BeautifulSoup(html.parser) + get_text(), as a user might write.

Peak RSS is the largest sum of the resident memory of the process and its children, sampled
every 100 ms. This is a benchmark, not a test: it prints figures and checks nothing.
"""
from __future__ import annotations

import argparse
import html
import io
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent / "ogpparse"

FLOOR = """
import sys, pathlib
from lxml import html
for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    html.document_fromstring(p.read_bytes())
"""
NAIVE = """
import sys, pathlib
from bs4 import BeautifulSoup
for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    BeautifulSoup(p.read_bytes(), "html.parser").get_text("\\n")
"""


def source_pages() -> list[Path]:
    pages = sorted((ROOT / "fixtures").rglob("*.txt"))
    if not pages:
        sys.exit("no fixture pages found")
    return pages


def as_html(text: str) -> str:
    """A text dump as a plain HTML page: paragraphs, list items, site chrome around them."""
    body = []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if s.startswith(("• ", "- ")):
            body.append(f"<ul><li>{html.escape(s[2:])}</li></ul>")
        else:
            body.append(f"<p>{html.escape(s)}</p>")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>OGP</title>"
            "<script>var menu = 1;</script></head><body><header><nav><a>Members</a></nav></header><main>"
            + "\n".join(body) + "</main><footer><p>Open Government Partnership</p></footer></body></html>")


def build(n: int) -> dict[str, Path]:
    base = OUT / str(n)
    if (base / "done").exists():
        return {k: base / v for k, v in (("text", "text"), ("html", "html"), ("zip", "pages.zip"),
                                          ("warc", "pages.warc.gz"))}
    shutil.rmtree(base, ignore_errors=True)
    (base / "text").mkdir(parents=True)
    (base / "html").mkdir()
    sources = source_pages()
    texts = [p.read_text(encoding="utf-8") for p in sources]
    with zipfile.ZipFile(base / "pages.zip", "w", zipfile.ZIP_DEFLATED) as zf, \
            open(base / "pages.warc.gz", "wb") as warc:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        writer = WARCWriter(warc, gzip=True)  # one gzip member per record, as crawlers write
        for i in range(n):
            text = texts[i % len(texts)]
            name = f"page{i:06d}"
            (base / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
            page = as_html(text)
            (base / "html" / f"{name}.html").write_text(page, encoding="utf-8")
            zf.writestr(f"pages/{name}.txt", text)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://www.opengovpartnership.org/p/{name}/", "response",
                                               payload=io.BytesIO(page.encode("utf-8")), http_headers=headers)
            writer.write_record(record)
    (base / "done").write_text("")
    return {"text": base / "text", "html": base / "html", "zip": base / "pages.zip", "warc": base / "pages.warc.gz"}


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def measure(cmd: list[str]) -> tuple[float, int]:
    """(seconds, peak RSS in bytes of the process tree)."""
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0,):
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return seconds, peak


def measure_median(cmd: list[str], repeat: int) -> tuple[float, int]:
    """The median time of `repeat` runs (a shared machine is noisy), and the largest peak RSS."""
    runs = [measure(cmd) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def version_time() -> float:
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([str(BIN), "--version"], check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median is shown")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, ogpparse --jobs {args.jobs}, "
          f"median of {args.repeat} runs")
    print(f"ogpparse --version: {version_time() * 1000:.0f} ms (median of 7)\n")
    print("| N | input | tool | seconds | pages/s | peak RSS (MB) |")
    print("|---:|---|---|---:|---:|---:|")
    for n in args.sizes:
        paths = build(n)
        out = OUT / f"{n}.jsonl"
        runs = [(kind, [str(BIN), "extract", str(paths[kind]), "--jobs", str(args.jobs), "--format", "jsonl",
                        "--output", str(out), "--quiet"]) for kind in ("text", "html", "zip", "warc")]
        for kind, cmd in runs:
            seconds, rss = measure_median(cmd, args.repeat)
            print(f"| {n:,} | {kind} | ogpparse | {seconds:.2f} | {n / seconds:,.0f} | {rss / 2**20:.0f} |")
        for label, code in (("lxml floor (1 process)", FLOOR), ("naive BeautifulSoup (1 process)", NAIVE)):
            seconds, rss = measure_median([sys.executable, "-c", code, str(paths["html"])], args.repeat)
            print(f"| {n:,} | html | {label} | {seconds:.2f} | {n / seconds:,.0f} | {rss / 2**20:.0f} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
