"""Benchmark: what `--provenance` costs, on the text pages of the benchmark corpus.

    python bench/provenance.py               # N = 1,000, 5 paired runs
    python bench/provenance.py --n 300 --pairs 3

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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BIN, build, source_pages  # noqa: E402 - the corpus of bench/run.py


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
    args = parser.parse_args()
    per_page()
    end_to_end(build(args.n)["text"], args.n, args.pairs, args.jobs)


if __name__ == "__main__":
    main()
