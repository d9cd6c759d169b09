"""Benchmark: every figure of ogpparse beside its floor, measured in the same run.

    python bench/run.py --quick      # small sizes, a few minutes
    python bench/run.py              # the full run (make bench): ~25 minutes on 2 shared cores
    python bench/run.py --readme     # ... and put its table into README.md

The machine is shared and noisy, so nothing is quoted alone: each figure is measured in
rounds, A B A B ..., against its floor (or peer), and the ratio is the median of the
ratios of each round. Measured, each as a whole process (start-up included) unless said:

- start-up: `ogpparse --version` and `--help` against the bare interpreter (`python -c pass`);
- text: `ogpparse extract` of N distinct text pages with --jobs 2 and --jobs 1, against the
  read-and-split floor (read each file, decode, split and strip its lines) in 2 and 1 processes;
- HTML: the same on realistic ~40 KB HTML pages against lxml's parse in 2 and 1 processes;
  peers: BeautifulSoup get_text and trafilatura extract (when installed), one process each;
- the size sweep: one page of 0.6 ... 15 MB, text and HTML, parsed in one warm process
  (parse_bytes against lxml's parse and the read-and-split of the same page, A B A B), and
  the whole `ogpparse extract` of it;
- the pool threshold: --jobs 2 forced to use workers against --jobs 1, on a few pages;
- memory: peak RSS of the whole process tree (the process and its workers, sampled every
  20 ms) of `ogpparse extract --jobs 2` on 1,000 ... 50,000 distinct pages.

Children run with a bytecode cache (PYTHONPYCACHEPREFIX under bench/out/), as an installed
ogpparse has one. Results: bench/out/results[-quick].json and bench/out/summary[-quick].md.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pages

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
BIN = str(Path(PY).parent / "ogpparse")
MB = 1_000_000

# Sized for the 2-core machine shared with other work: the full run takes ~25 minutes there.
FULL = dict(text=1000, text_large=10000, text_huge=50000, html=500, peers=100, sweep=[0.6, 2.5, 5, 15],
            threshold=[32, 64, 128, 256, 512], memory=[1000, 10000, 50000], rounds=3, startup_rounds=11)
QUICK = dict(text=200, text_large=1000, text_huge=3000, html=100, peers=20, sweep=[0.6, 2.5], threshold=[16, 64],
             memory=[200, 1000, 2000], rounds=2, startup_rounds=5)

# --- the floors: each a whole process over a folder of pages, in P processes ----------------

FLOOR = r"""
import os, sys
from pathlib import Path
work, procs = sys.argv[1], int(sys.argv[2])
# the pages ogpparse reads: not the hidden .built stamp (empty, which lxml refuses to parse)
files = sorted(p for p in Path(sys.argv[3]).iterdir() if not p.name.startswith("."))
if work == "split":
    def one(data): [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
elif work == "lxml":
    from lxml import html
    def one(data): html.document_fromstring(data)
elif work == "bs4":
    from bs4 import BeautifulSoup
    def one(data): BeautifulSoup(data, "html.parser").get_text("\n")
elif work == "trafilatura":
    import trafilatura
    def one(data): trafilatura.extract(data.decode("utf-8"))
children = []
for k in range(1, procs):  # share k of the pages in a forked process, share 0 here
    pid = os.fork()
    if pid == 0:
        for f in files[k::procs]: one(f.read_bytes())
        os._exit(0)
    children.append(pid)
for f in files[0::procs]: one(f.read_bytes())
for pid in children: os.waitpid(pid, 0)
"""

# --jobs 2 with the pool used however few the pages (to measure where it starts to pay)
FORCED_POOL = r"""
import sys
import ogpparse.runner as runner
runner.POOL_MIN_PAGES = 1
sys.argv = ["ogpparse", *sys.argv[1:]]
from ogpparse.launch import main
main()
"""


# Per page, without start-up: in one warm process, each round times ogpparse on every page
# (parsed, validated and rendered as JSONL, as a worker does) and then the floor on every page.
# Each round (and the warm-up) reads the pages with their unique tags changed ("(p12)" ->
# "(p12r3)"): pages a round has seen would otherwise be served by the caches of the last.
PER_PAGE_CHILD = r"""
import json, re, statistics, sys, time
from pathlib import Path
from lxml import html
from ogpparse.inputs.base import PageInput
from ogpparse.runner import Options, process, ready_for_workers
work, rounds = sys.argv[1], int(sys.argv[2])
files = sorted(p for p in Path(sys.argv[3]).iterdir() if not p.name.startswith("."))
pages = [f.read_bytes() for f in files]
data = pages
def new_round(r):
    global data
    data = [re.sub(rb"\(p(\d+)\)", rb"(p\1r%d)" % r, d) for d in pages]
options = Options(render="jsonl")
ready_for_workers(options)
def ogpparse():
    for f, d in zip(files, data): process(PageInput(f.name, data=d), options)
def floor():
    if work == "lxml":
        for d in data: html.document_fromstring(d)
    else:
        for d in data: [line.strip() for line in d.decode("utf-8", "replace").splitlines()]
def timed(fn):
    start = time.perf_counter(); fn(); return time.perf_counter() - start
new_round(0)
ogpparse()  # warm: lazy patterns
t = []
for r in range(1, rounds + 1):
    new_round(r)
    t.append((timed(ogpparse), timed(floor)))
print(json.dumps({"ms_per_page": 1000 * statistics.median(a for a, _ in t) / len(files),
                  "floor_ms_per_page": 1000 * statistics.median(b for _, b in t) / len(files),
                  "x_floor": statistics.median(a / b for a, b in t)}))
"""


def floor(work: str, procs: int, folder: Path) -> list[str]:
    return [PY, "-c", FLOOR, work, str(procs), str(folder)]


def extract(folder: Path, jobs: int, out: Path) -> list[str]:
    return [BIN, "extract", str(folder), "--jobs", str(jobs), "--format", "jsonl", "--output", str(out), "--quiet"]


# --- measuring -------------------------------------------------------------------------------

@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its (reaped) children
    rss: int  # peak resident bytes of the whole process tree


def child_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    return env


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, now."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError, IndexError):
            continue
    return total


def measure(cmd: list[str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=child_env())
    peak, done = 0, threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    # Any failure stops the bench: a floor that stopped early, or an ogpparse run with a page
    # failed (exit 1), would be timed as a fast run.
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd[:3])} ...\n{err.decode()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, max(peak, usage.ru_maxrss * 1024))


def rounds(commands: dict[str, list[str]], n: int, warm_up: bool = True) -> dict[str, list[Run]]:
    """Each command once per round, in turn (A B C A B C ...), after one warm-up round."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for r in range(n + warm_up):
        for name, cmd in commands.items():
            run = measure(cmd)
            if r or not warm_up:
                runs[name].append(run)
    return runs


def median(values) -> float:
    return statistics.median(values)


def ratio(runs: dict[str, list[Run]], a: str, b: str, what: str = "wall") -> float:
    """The median over rounds of a/b: robust to the machine's speed drifting between rounds."""
    return median(getattr(x, what) / getattr(y, what) for x, y in zip(runs[a], runs[b]))


def summary_of(runs: dict[str, list[Run]]) -> dict:
    return {name: {"wall": median(r.wall for r in rs), "cpu": median(r.cpu for r in rs),
                   "rss_mb": max(r.rss for r in rs) / 2**20} for name, rs in runs.items()}


def say(text: str) -> None:
    print(text, flush=True)


# --- corpora ---------------------------------------------------------------------------------

def corpus(kind: str, n: int) -> Path:
    """A folder of n distinct pages (text or HTML), built once and kept under bench/out/."""
    folder = OUT / "corpus" / f"{kind}-{n}"
    stamp = folder / ".built"
    if stamp.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    texts = pages.fixture_texts()
    for i in range(n):
        text = pages.distinct_text(texts, i)
        if kind == "html":
            (folder / f"page{i:06d}.html").write_text(pages.as_html(text), encoding="utf-8")
        else:
            (folder / f"page{i:06d}.txt").write_text(text, encoding="utf-8")
    stamp.write_text("")  # a hidden file: ogpparse does not read it as a page
    return folder


def big_page(kind: str, megabytes: float) -> Path:
    path = OUT / "sweep" / f"{kind}-{megabytes}MB.{'html' if kind == 'html' else 'txt'}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        text = pages.big_text(int(megabytes * MB), pages.fixture_texts())
        path.write_text(pages.as_html(text) if kind == "html" else text, encoding="utf-8")
    return path


# --- the sections ----------------------------------------------------------------------------

def startup(n: int) -> dict:
    runs = rounds({"version": [BIN, "--version"], "help": [BIN, "--help"], "python": [PY, "-c", "pass"]}, n)
    s = summary_of(runs)
    return {"version_s": s["version"]["wall"], "help_s": s["help"]["wall"], "python_s": s["python"]["wall"],
            "version_x_python": ratio(runs, "version", "python"), "help_x_python": ratio(runs, "help", "python")}


def throughput(kind: str, n: int, n_rounds: int, warm: bool = True, warm_up: bool | None = None) -> dict:
    """ogpparse --jobs 2 and 1 against the floor of the same pages in 2 and 1 processes (and,
    with `warm`, per page in one warm process). `warm_up`: a first round that is not counted
    (by default with `warm`)."""
    warm_up = warm if warm_up is None else warm_up
    folder = corpus(kind, n)
    work = "split" if kind == "text" else "lxml"
    out = OUT / f"{kind}.jsonl"
    runs = rounds({"jobs2": extract(folder, 2, out), "floor2": floor(work, 2, folder),
                   "jobs1": extract(folder, 1, out), "floor1": floor(work, 1, folder)}, n_rounds,
                  warm_up=warm_up)  # a large corpus warms the page cache in its first round
    s = summary_of(runs)
    return {"pages": n, "floor": work, **{f"{k}_s": v["wall"] for k, v in s.items()},
            "jobs2_pages_s": n / s["jobs2"]["wall"], "jobs1_pages_s": n / s["jobs1"]["wall"],
            "cpu_ms_per_page": 1000 * s["jobs1"]["cpu"] / n,
            "jobs2_x_floor2": ratio(runs, "jobs2", "floor2"), "jobs1_x_floor1": ratio(runs, "jobs1", "floor1"),
            "jobs1_x_floor1_cpu": ratio(runs, "jobs1", "floor1", "cpu"),
            "speedup_jobs2": ratio(runs, "jobs1", "jobs2"),
            "rss_mb_jobs2": s["jobs2"]["rss_mb"], "rss_mb_floor2": s["floor2"]["rss_mb"],
            "warm": warm_per_page(work, folder, n_rounds) if warm else None}


def warm_per_page(work: str, folder: Path, n_rounds: int) -> dict:
    run = subprocess.run([PY, "-c", PER_PAGE_CHILD, work, str(n_rounds), str(folder)], capture_output=True,
                         text=True, env=child_env(), timeout=3600)
    if run.returncode != 0:
        sys.exit(f"per-page run failed on {folder}:\n{run.stderr[-2000:]}")
    return json.loads(run.stdout)


def available(module: str) -> bool:
    return subprocess.run([PY, "-c", f"import {module}"], capture_output=True).returncode == 0


def peers(n: int, n_rounds: int) -> dict:
    """ogpparse --jobs 1 against other ways to get the text of the same HTML pages, 1 process."""
    folder = corpus("html", n)
    commands = {"ogpparse": extract(folder, 1, OUT / "peers.jsonl"), "lxml": floor("lxml", 1, folder)}
    for peer, module in (("bs4", "bs4"), ("trafilatura", "trafilatura")):
        if available(module):
            commands[peer] = floor(peer, 1, folder)
    runs = rounds(commands, n_rounds)
    s = summary_of(runs)
    out = {"pages": n, **{f"{k}_pages_s": n / v["wall"] for k, v in s.items()}}
    for peer in ("lxml", "bs4", "trafilatura"):
        out[f"{peer}_x_ogpparse"] = ratio(runs, peer, "ogpparse") if peer in runs else None
    return out


SWEEP_CHILD = r"""
import json, sys, time, statistics
from pathlib import Path
from lxml import html
from ogpparse.pipeline import parse_bytes
path, n = Path(sys.argv[1]), int(sys.argv[2])
parse_bytes((Path(sys.argv[3])).read_bytes(), "warm.txt")  # imports and lazy patterns: not this page's cost

def timed(fn):
    start = time.perf_counter(); fn(); return time.perf_counter() - start

def split():
    [line.strip() for line in path.read_bytes().decode("utf-8", "replace").splitlines()]

t = {"ogpparse": [], "split": [], "lxml": []}
for _ in range(n):  # A B A B: the floors measured between the parses of the same page
    t["ogpparse"].append(timed(lambda: parse_bytes(path.read_bytes(), str(path))))
    t["split"].append(timed(split))
    t["lxml"].append(timed(lambda: html.document_fromstring(path.read_bytes())))  # a text page: one <p>
ratio = lambda a, b: statistics.median(x / y for x, y in zip(t[a], t[b]))
print(json.dumps({"ogpparse_s": statistics.median(t["ogpparse"]), "split_s": statistics.median(t["split"]),
                  "lxml_s": statistics.median(t["lxml"]),
                  "x_split": ratio("ogpparse", "split"), "x_lxml": ratio("ogpparse", "lxml")}))
"""


def sweep(sizes: list[float], n_rounds: int) -> list[dict]:
    rows = []
    for kind in ("text", "html"):
        for size in sizes:
            page = big_page(kind, size)
            run = subprocess.run([PY, "-c", SWEEP_CHILD, str(page), str(n_rounds), str(pages.SEED)],
                                 capture_output=True, text=True, env=child_env(), timeout=3600)
            if run.returncode != 0:
                sys.exit(f"sweep failed on {page}:\n{run.stderr[-2000:]}")
            whole = median(measure(extract(page, 1, OUT / "sweep.jsonl")).wall for _ in range(min(n_rounds, 3)))
            row = {"kind": kind, "mb": size, "bytes": page.stat().st_size, **json.loads(run.stdout),
                   "extract_s": whole}
            rows.append(row)
            say(f"  sweep {kind} {size} MB: parse {row['ogpparse_s']:.2f} s, whole run {whole:.2f} s")
    return rows


def pool_threshold(sizes: list[int], n_rounds: int) -> list[dict]:
    """--jobs 2 with a pool against --jobs 1, on n pages: where does the pool start to pay?"""
    rows = []
    for n in sizes:
        folder = corpus("text", n)
        out = OUT / "threshold.jsonl"
        pool = [PY, "-c", FORCED_POOL, *extract(folder, 2, out)[1:]]
        runs = rounds({"pool": pool, "serial": extract(folder, 1, out)}, n_rounds)
        rows.append({"pages": n, "pool_x_serial": ratio(runs, "pool", "serial"),
                     "pool_x_serial_cpu": ratio(runs, "pool", "serial", "cpu")})
    return rows


def memory(sizes: list[int]) -> list[dict]:
    """Peak RSS of the whole tree on distinct pages, by corpus size (one run each: memory
    varies little from run to run, and the largest run is long)."""
    rows = []
    for n in sizes:
        run = measure(extract(corpus("text", n), 2, OUT / "memory.jsonl"))
        rows.append({"pages": n, "rss_mb": run.rss / 2**20, "pages_s": n / run.wall})
        say(f"  memory {n:,} pages: {rows[-1]['rss_mb']:.0f} MiB")
    for row in rows:
        row["x_smallest"] = row["rss_mb"] / rows[0]["rss_mb"]
    return rows


# --- the report ------------------------------------------------------------------------------

def markdown(r: dict) -> str:
    t, h, p, s = r["text"], r["html"], r["peers"], r["startup"]
    lines = [
        f"Latest {'full' if not r['quick'] else 'quick'} run: {r['date']}, {r['machine']}. Each ratio is the "
        "median of the ratios of each round (A B A B ..., "
        f"{r['rounds']} rounds) against a floor measured in the same run; times are medians.",
        "",
        "| what | ogpparse | floor or peer | ratio |",
        "|---|---:|---:|---:|",
        f"| text, {t['pages']:,} distinct pages, --jobs 2 | {t['jobs2_pages_s']:,.0f} pages/s | read-and-split, "
        f"2 processes: {t['pages'] / t['floor2_s']:,.0f} pages/s | {t['jobs2_x_floor2']:.1f}× |",
        f"| text, --jobs 1 | {t['jobs1_pages_s']:,.0f} pages/s ({t['cpu_ms_per_page']:.2f} ms CPU a page) | "
        f"read-and-split, 1 process: {t['pages'] / t['floor1_s']:,.0f} pages/s | {t['jobs1_x_floor1']:.1f}× |",
        f"| text, --jobs 2 against --jobs 1 | | the floor's own 2 processes against 1: "
        f"{t['floor1_s'] / t['floor2_s']:.2f}× | {t['speedup_jobs2']:.2f}× faster |",
    ]
    for big in filter(None, (r.get("text_large"), r.get("text_huge"))):
        lines += [
            f"| text, {big['pages']:,} distinct pages, --jobs 2 | {big['jobs2_pages_s']:,.0f} pages/s | read-and-split, "
            f"2 processes: {big['pages'] / big['floor2_s']:,.0f} pages/s | {big['jobs2_x_floor2']:.1f}× |",
            f"| text, {big['pages']:,} pages, --jobs 2 against --jobs 1 | {big['jobs1_pages_s']:,.0f} pages/s with "
            f"--jobs 1 | the floor's: {big['floor1_s'] / big['floor2_s']:.2f}× | {big['speedup_jobs2']:.2f}× faster |",
        ]
    lines += [
        f"| HTML, {h['pages']:,} pages of ~40 KB, --jobs 2 | {h['jobs2_pages_s']:,.0f} pages/s | lxml parse, "
        f"2 processes: {h['pages'] / h['floor2_s']:,.0f} pages/s | {h['jobs2_x_floor2']:.1f}× |",
        f"| HTML, --jobs 1 (per page) | {h['jobs1_pages_s']:,.0f} pages/s ({h['cpu_ms_per_page']:.2f} ms CPU a page) "
        f"| lxml parse, 1 process: {h['pages'] / h['floor1_s']:,.0f} pages/s | {h['jobs1_x_floor1']:.1f}× "
        f"(CPU {h['jobs1_x_floor1_cpu']:.1f}×) |",
        f"| HTML, --jobs 2 against --jobs 1 | | the floor's: {h['floor1_s'] / h['floor2_s']:.2f}× | "
        f"{h['speedup_jobs2']:.2f}× faster |",
        f"| text, per page in a warm process (no start-up) | {t['warm']['ms_per_page']:.2f} ms | read-and-split: "
        f"{t['warm']['floor_ms_per_page']:.3f} ms | {t['warm']['x_floor']:.0f}× |",
        f"| HTML, per page in a warm process (no start-up) | {h['warm']['ms_per_page']:.2f} ms | lxml parse: "
        f"{h['warm']['floor_ms_per_page']:.2f} ms | {h['warm']['x_floor']:.1f}× |",
    ]
    for peer, label in (("bs4", "BeautifulSoup get_text"), ("trafilatura", "trafilatura extract")):
        if p.get(f"{peer}_x_ogpparse"):
            lines.append(f"| HTML, {p['pages']} pages, 1 process: {label} | {p['ogpparse_pages_s']:,.0f} pages/s | "
                         f"{p[f'{peer}_pages_s']:,.0f} pages/s | {label.split()[0]} takes "
                         f"{p[f'{peer}_x_ogpparse']:.1f}× ogpparse's time |")
    lines += [
        f"| `ogpparse --version` | {1000 * s['version_s']:.0f} ms | `python -c pass`: {1000 * s['python_s']:.0f} ms | "
        f"{s['version_x_python']:.2f}× |",
        f"| `ogpparse --help` | {1000 * s['help_s']:.0f} ms | `python -c pass`: {1000 * s['python_s']:.0f} ms | "
        f"{s['help_x_python']:.2f}× |",
        "",
        "One page of N MB (parse in a warm process, against lxml's parse and the read-and-split of the "
        "same page; and the whole `ogpparse extract --jobs 1` run):",
        "",
        "| page | parse (s) | × lxml parse | × read-and-split | whole run (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in r["sweep"]:
        lines.append(f"| {row['kind']} {row['mb']} MB | {row['ogpparse_s']:.2f} | {row['x_lxml']:.1f}× | "
                     f"{row['x_split']:.0f}× | "
                     f"{row['extract_s']:.2f} |")
    lines += ["", "Peak RSS of the whole process tree (`--jobs 2`: the process and its two workers) on distinct "
              "text pages:", "", "| pages | peak RSS (MiB) | × the smallest run | pages/s |", "|---:|---:|---:|---:|"]
    lines += [f"| {m['pages']:,} | {m['rss_mb']:.0f} | {m['x_smallest']:.2f}× | {m['pages_s']:,.0f} |"
              for m in r["memory"]]
    lines += ["", "Worker pool against one process on a few pages (`--jobs 2` forced to start its pool, "
              "against `--jobs 1`; below 1 the pool pays):", "",
              "| pages | wall, pool ÷ one process | CPU, pool ÷ one process |", "|---:|---:|---:|"]
    lines += [f"| {row['pages']} | {row['pool_x_serial']:.2f} | {row['pool_x_serial_cpu']:.2f} |"
              for row in r["pool_threshold"]]
    return "\n".join(lines) + "\n"


def machine_note() -> str:
    return (f"{os.cpu_count()} cores (shared with other work, noisy), Python {platform.python_version()}, "
            f"load average {os.getloadavg()[0]:.1f} at the start")


def put_in_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start not in text:
        sys.exit("README.md has no <!-- bench:start --> marker")
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    readme.write_text(head + start + "\n" + table + end + tail, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a few minutes")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument("--report-only", action="store_true", help="no measuring: the summary of the saved results")
    parser.add_argument("--only", nargs="+", metavar="SECTION",
                        choices=["startup", "text", "large", "huge", "html", "peers", "sweep", "threshold", "memory", "none"])
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    OUT.mkdir(parents=True, exist_ok=True)
    results_file = OUT / f"results{'-quick' if args.quick else ''}.json"
    results = json.loads(results_file.read_text()) if (args.only or args.report_only) and results_file.exists() else {}
    if args.report_only:
        args.only = ["none"]
    if not args.only:  # a partial run adds its sections to the last whole run's, under its date
        results.update(quick=args.quick, rounds=plan["rounds"], machine=machine_note(),
                       date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    say(f"{machine_note()}; {'quick' if args.quick else 'full'} run")
    sections = {
        "startup": lambda: startup(plan["startup_rounds"]),
        "text": lambda: throughput("text", plan["text"], plan["rounds"]),
        "text_large": lambda: throughput("text", plan["text_large"], 2, warm=False),  # start-up a small share
        # --jobs 2 against --jobs 1 where the start-up, which one process does alone (imports,
        # the search for copies, langdetect's profiles: ~0.8 s), is a small share of the run
        # (its first round, reading 50,000 files the page cache may not hold, is not counted)
        "text_huge": lambda: throughput("text", plan["text_huge"], 2, warm=False, warm_up=True),
        "html": lambda: throughput("html", plan["html"], plan["rounds"]),
        "peers": lambda: peers(plan["peers"], plan["rounds"]),
        "sweep": lambda: sweep(plan["sweep"], plan["rounds"]),
        "pool_threshold": lambda: pool_threshold(plan["threshold"], plan["rounds"]),
        "memory": lambda: memory(plan["memory"]),
    }
    for name, run in sections.items():
        if args.only and name.split("_")[-1] not in args.only and name not in args.only:
            continue
        started = time.monotonic()
        results[name] = run()
        say(f"{name} ({time.monotonic() - started:.0f} s): {json.dumps(results[name], default=str)[:600]}")
        results_file.write_text(json.dumps(results, indent=2))
    missing = [k for k in ("date", "text", "html", "peers", "startup", "sweep", "memory", "pool_threshold")
               if k not in results]
    if missing:  # a partial run with no whole run saved before it: its figures are above
        say(f"no table: the saved results lack {', '.join(missing)}; one whole run (no --only) makes them")
        sys.exit(1 if args.readme else 0)
    table = markdown(results)
    (OUT / f"summary{'-quick' if args.quick else ''}.md").write_text(table, encoding="utf-8")
    say("\n" + table)
    if args.readme:
        put_in_readme(table)


if __name__ == "__main__":
    main()
