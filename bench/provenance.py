"""Benchmark: what `--provenance` costs, on the text pages of the benchmark corpus.

    python bench/provenance.py               # N = 1,000, 5 paired runs
    python bench/provenance.py --n 300 --pairs 3
    python bench/provenance.py --per-page    # only the in-process figure (~10 s)

Two figures, both as a ratio with / without provenance:

- end to end: `ogpparse extract DIR --jobs 2 --format jsonl` in its own process, in pairs
  (with and without, the order alternating from pair to pair, so that a noisy neighbour on a
  shared machine hits both alike); the median of the pairs' ratios;
- per page, in one process: each fixture page parsed (and dumped to JSON data) with and
  without provenance, alternately, five times each; the sum of the per-page minimums.

The target is at most 1.25x. This is a benchmark, not a test: it prints figures, checks nothing.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Its own small corpus (the fixture text pages, copied N times), so that this benchmark
# does not depend on the insides of bench/run.py.
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "provenance"
BIN = str(Path(sys.executable).parent / "ogpparse")


def source_pages() -> list[Path]:
    pages = sorted((ROOT / "fixtures").rglob("*.txt"))
    if not pages:
        sys.exit("no fixture pages found")
    return pages


def text_pages(n: int) -> Path:
    """A folder of `n` text pages, the fixture pages in turn (made once, then reused)."""
    folder = OUT / str(n)
    if not (folder / ".done").exists():
        folder.mkdir(parents=True, exist_ok=True)
        texts = [p.read_text(encoding="utf-8") for p in source_pages()]
        for i in range(n):
            (folder / f"page{i:06d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
        (folder / ".done").touch()
    return folder


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def end_to_end(folder: Path, n: int, pairs: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = [str(BIN), "extract", str(folder), "--jobs", str(jobs), "--format", "jsonl", "--quiet"]
        plain = base + ["--output", f"{tmp}/plain.jsonl"]
        traced = base + ["--output", f"{tmp}/traced.jsonl", "--provenance"]
        timed(plain)  # warm the page cache and the byte-code caches
        ratios, without, with_ = [], [], []
        for i in range(pairs):
            if i % 2 == 0:
                a, b = timed(plain), timed(traced)
            else:
                b, a = timed(traced), timed(plain)
            without.append(a)
            with_.append(b)
            ratios.append(b / a)
        print(f"end to end, {n:,} text pages, --jobs {jobs}, {pairs} pairs: "
              f"without {statistics.median(without):.2f} s ({n / statistics.median(without):,.0f} pages/s), "
              f"with {statistics.median(with_):.2f} s ({n / statistics.median(with_):,.0f} pages/s), "
              f"ratio {statistics.median(ratios):.2f}x (pairs: {', '.join(f'{r:.2f}' for r in ratios)})")


def per_page(repeat: int = 5) -> None:
    from ogpparse.pipeline import parse_file

    pages = source_pages()
    for page in pages:  # warm caches (lexicons, regexes) first
        parse_file(page, provenance=True)
    without = with_ = 0.0
    for page in pages:
        a, b = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            parse_file(page).model_dump(mode="json")
            a.append(time.perf_counter() - start)
            start = time.perf_counter()
            parse_file(page, provenance=True).model_dump(mode="json")
            b.append(time.perf_counter() - start)
        without += min(a)
        with_ += min(b)
    print(f"per page, in one process, {len(pages)} fixture pages: without {without / len(pages) * 1000:.2f} ms, "
          f"with {with_ / len(pages) * 1000:.2f} ms, ratio {with_ / without:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--per-page", action="store_true", help="only the in-process, per-page figure")
    args = parser.parse_args()
    per_page()
    if args.per_page:
        return
    end_to_end(text_pages(args.n), args.n, args.pairs, args.jobs)


if __name__ == "__main__":
    main()
