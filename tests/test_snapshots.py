"""Snapshots as CI jobs keep them (`snapshots/2026-11/`, `snapshots/2026-12/`): matching that
does not depend on the folder's name, diff(1) exit codes, baselines that cannot be read,
copies of one page, and the CI reports (job summary, JUnit)."""
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures/seeds"
FR = ROOT / "fixtures/corpus/fr"


def run(*args, env=None, cwd=ROOT):
    out = subprocess.run([sys.executable, "-m", "ogpparse", *map(str, args)], capture_output=True, cwd=cwd,
                         timeout=300, env={**os.environ, **(env or {})})
    return out.returncode, out.stdout.decode(), out.stderr.decode()


def copy_snapshot(target: Path, edit=None) -> Path:
    """The seed pages and the French commitment pages, in two sub-folders of `target`.
    The seeds include pages without a commitment ID (action plan, end-of-commitment report),
    which are matched by their path inside the snapshot."""
    for folder, pages in (("seeds", sorted(SEEDS.glob("*.txt"))), ("fr", sorted(FR.glob("commitment_*.txt")))):
        (target / folder).mkdir(parents=True)
        for page in pages:
            text = page.read_text(encoding="utf-8")
            (target / folder / page.name).write_text(edit(page.name, text) if edit else text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def november(tmp_path_factory):
    return copy_snapshot(tmp_path_factory.mktemp("snapshots") / "2026-11")


@pytest.fixture(scope="module")
def baseline(november, tmp_path_factory):
    target = tmp_path_factory.mktemp("baseline") / "baseline.jsonl"
    assert run("extract", november, "-o", target, "-q")[0] == 0  # format from the extension
    return target


def pages_in(snapshot: Path) -> int:
    return sum(1 for _ in snapshot.rglob("*.txt"))


# --- matching ------------------------------------------------------------------------------

def test_a_copy_in_another_folder_matches_page_for_page(tmp_path, november, baseline):
    december = copy_snapshot(tmp_path / "elsewhere" / "2026-12")
    n = pages_in(december)
    code, out, err = run("validate", december, "--baseline", baseline)
    assert (code, out.splitlines(), err) == (0, [f"{n} pages checked: no problems"], "")
    assert run("diff", november, december) == (0, "no differences\n", "")
    # an extraction of each folder, and an extraction against pages
    other = tmp_path / "december.json"
    assert run("extract", december, "-o", other, "-q")[0] == 0
    assert other.read_text(encoding="utf-8").startswith("[")  # .json: one array
    assert run("diff", baseline, other)[:2] == (0, "no differences\n")
    assert run("diff", other, november)[:2] == (0, "no differences\n")
    assert run("diff", baseline, tmp_path / "elsewhere")[:2] == (0, "no differences\n")  # one folder up


def test_a_page_without_id_that_moved_inside_the_snapshot_is_removed_and_added(tmp_path, baseline):
    december = copy_snapshot(tmp_path / "2026-12")
    action_plan = next((december / "seeds").glob("001_*.txt"))
    (december / "moved").mkdir()
    action_plan.rename(december / "moved" / action_plan.name)
    code, out, _ = run("validate", december, "--baseline", baseline)
    assert code == 1
    assert out.splitlines()[0] == f"{pages_in(december)} pages checked: removed 1, added 1"


# --- diff exit codes -------------------------------------------------------------------------

def test_diff_exit_codes_are_those_of_diff(tmp_path, november, baseline):
    changed = copy_snapshot(tmp_path / "changed", lambda name, t: t.replace("Statut : Actif", "Statut : Inactif"))
    assert run("diff", november, november)[0] == 0
    code, out, _ = run("diff", november, changed)
    assert code == 1 and "  change   status: active → inactive" in out.splitlines()
    code, out, _ = run("diff", november, changed, "--format", "json")
    assert code == 1 and {c["field"] for c in json.loads(out)["changes"]} == {"status"}
    assert run("diff", november, tmp_path / "missing") == (
        2, "", f"ogpparse: {tmp_path / 'missing'}: no such file or folder\n")
    assert run("diff", tmp_path / "nope.jsonl", baseline) == (2, "", f"ogpparse: {tmp_path / 'nope.jsonl'}: no such file\n")
    assert run("diff", november, november, "--format", "xml")[0] == 2
    assert run("diff", november)[0] == 2


# --- baselines -------------------------------------------------------------------------------

BAD_BASELINES = {
    "empty.jsonl": (b"", "no records (an empty baseline would check nothing)"),
    "blank.jsonl": (b"\n\n", "no records (an empty baseline would check nothing)"),
    "cut.jsonl": (None, "cut off in line 3 (incomplete JSON)"),
    "notjson.jsonl": (b"page_type,title\ncommitment,x\n", "line 1 is not JSON"),
    "latin1.jsonl": ('{"source": {"path": "é"}, "page_type": "unknown", "title": "\xe9"}\n'.encode("latin-1"),
                     "not UTF-8 text (line 1)"),
    "other.jsonl": (b'{"id": 1, "name": "a dataset row"}\n', "record 1 is not an ogpparse record (no source and "
                    "page_type): records of another tool?"),
    "other.json": (b'[{"id": 1}]', "record 1 is not an ogpparse record (no source and page_type): records of another tool?"),
    "cut.json": (None, "cut off or not JSON (the array does not parse)"),
    "empty.json": (b"[]\n", "no records (an empty baseline would check nothing)"),
}


@pytest.mark.parametrize("name", sorted(BAD_BASELINES))
def test_a_baseline_that_cannot_be_used_is_one_clear_error(tmp_path, november, baseline, name):
    data, reason = BAD_BASELINES[name]
    if data is None:  # the real extraction, cut in the middle of its third record
        good = baseline.read_bytes()
        if name.endswith(".json"):
            out = tmp_path / "full.json"
            run("extract", november, "-o", out, "-q")  # the same snapshot, as a .json extraction
            good = out.read_bytes()
        lines = good.split(b"\n")
        data = b"\n".join(lines[:2]) + b"\n" + lines[2][: len(lines[2]) // 2]
    bad = tmp_path / name
    bad.write_bytes(data)
    for args in (("validate", SEEDS, "--baseline", bad), ("diff", bad, SEEDS)):
        code, out, err = run(*args)
        assert (code, err) == (2, f"ogpparse: {bad}: {reason}\n"), args
        assert "Traceback" not in out + err


def test_a_missing_baseline_is_a_choice(tmp_path):
    missing = tmp_path / "baseline.jsonl"
    code, out, err = run("validate", SEEDS, "--baseline", missing)
    assert (code, out) == (2, "")
    assert err == (f"ogpparse: {missing}: no such file (no baseline yet? --baseline-missing ok checks without one "
                   "on a first run)\n")
    code, out, err = run("validate", SEEDS, "--baseline", missing, "--baseline-missing", "ok")
    assert (code, out) == (0, "5 pages checked: no problems\n")
    assert err == f"ogpparse: no baseline yet ({missing} does not exist): drift and changes not checked\n"
    assert run("validate", SEEDS, "--baseline", missing, "--baseline-missing", "maybe")[0] == 2


def test_a_json_array_baseline_works_too(tmp_path, november):
    target = tmp_path / "b.json"
    assert run("extract", november, "-o", target, "-q")[0] == 0
    assert run("validate", november, "--baseline", target)[:2] == (0, f"{pages_in(november)} pages checked: no problems\n")


def test_a_missing_snapshot_is_a_usage_error(tmp_path):
    assert run("validate", tmp_path / "nope") == (2, "", f"ogpparse: {tmp_path / 'nope'}: no such file or folder\n")


# --- copies of one page ------------------------------------------------------------------------

def test_copies_of_a_page_keep_their_records_with_a_warning_and_distinct_keys(tmp_path):
    pd = pytest.importorskip("pandas")
    snap = tmp_path / "snap"
    for folder in ("a", "b"):
        (snap / folder).mkdir(parents=True)
        shutil.copy(SEEDS / "002_d0aed3a1e4458158.txt", snap / folder / "page.txt")
    shutil.copy(SEEDS / "004_687a1dd39a55e036.txt", snap / "a")
    target = tmp_path / "r.jsonl"
    assert run("extract", snap, "-o", target, "-q")[0] == 0
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["source"]["path"] for r in records] == [f"{snap}/a/004_687a1dd39a55e036.txt", f"{snap}/a/page.txt",
                                                      f"{snap}/b/page.txt"]
    duplicate = [[w for w in r["warnings"] if w["code"] == "duplicate"] for r in records]
    assert duplicate[0] == []
    assert duplicate[1] == [{"code": "duplicate", "field": None,
                             "message": f"same content (SHA-256) as {snap}/b/page.txt; both records kept"}]
    assert duplicate[2][0]["message"] == f"same content (SHA-256) as {snap}/a/page.txt; both records kept"

    tables = tmp_path / "tables"
    assert run("extract", snap, "-o", f"{tables}/", "-q")[0] == 0  # a folder: CSV tables
    pages = pd.read_csv(tables / "pages.csv", dtype=str)
    milestones = pd.read_csv(tables / "milestones.csv", dtype=str)
    assert pages["record_key"].is_unique and len(pages) == 3
    assert len(milestones.merge(pages[["record_key"]], on="record_key")) == len(milestones) == 9 + 9 + 24

    # the copies match their own copies, not each other, in a later run
    later = tmp_path / "later"
    shutil.copytree(snap, later)
    assert run("validate", later, "--baseline", target)[:2] == (0, "3 pages checked: no problems\n")


# --- CI reports ------------------------------------------------------------------------------

def test_job_summary_and_junit_for_a_snapshot_with_drift(tmp_path, baseline):
    # Simulates the site renaming the "Domaines politiques" heading on every French page.
    december = copy_snapshot(tmp_path / "2026-12", lambda name, t: t.replace("Domaines politiques", "Thématiques"))
    summary, junit, report = tmp_path / "summary.md", tmp_path / "junit.xml", tmp_path / "report.json"
    summary.write_text("earlier step\n", encoding="utf-8")
    code, out, _ = run("validate", december, "--baseline", baseline, "--junit", junit, "--report", report,
                       env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert code == 1
    n = pages_in(december)
    full = json.loads(report.read_text(encoding="utf-8"))
    assert {p["kind"] for p in full["problems"]} == {"drift"}
    drifted = len({p["path"] for p in full["problems"]})  # French pages that showed policy areas
    assert drifted > 30 and {p["field"] for p in full["problems"]} == {"policy_areas"}
    assert out.splitlines()[0].startswith(f"{n} pages checked: drift {len(full['problems'])}")

    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## ogpparse validate\n")  # appended, as GitHub wants
    assert f"| drift | {drifted} |" in text
    # The line column is empty: the page no longer prints the field that drifted.
    assert (f"| `{december}/fr/commitment_AR0097.txt` |  | drift | policy_areas | policy_areas missing now "
            "(was 6 items) |") in text

    suite = ET.parse(junit).getroot()
    assert suite.tag == "testsuites" and (suite.get("tests"), suite.get("failures")) == (str(n), str(drifted))
    cases = suite.findall("testsuite/testcase")
    assert len(cases) == n
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) == drifted
    case = next(c for c in cases if c.get("name").endswith("commitment_AR0097.txt"))
    assert case.get("classname") == "ogpparse.commitment"
    assert case.find("failure").get("type") == "drift"
    assert case.find("failure").get("message") == "drift policy_areas: policy_areas missing now (was 6 items)"


def test_names_from_outside_cannot_forge_output_lines(tmp_path):
    snap = tmp_path / "snap"
    snap.mkdir()
    (snap / "x\n::error file=forged::owned.txt").write_bytes(bytes(range(256)) * 4)  # a binary page
    code, out, _ = run("validate", snap, "--github")
    assert code == 1
    assert all(not line.startswith("::") or line.startswith("::error file=") and "forged::" not in line
               for line in out.splitlines())
    assert sum(1 for line in out.splitlines() if line.startswith("::")) == 1


# --- conventions -------------------------------------------------------------------------------

@pytest.mark.parametrize("name,first", [("r.jsonl", '{"source"'), ("r.json", "[\n"), ("r.csv", "record_key,")])
def test_output_format_follows_the_extension(tmp_path, name, first):
    target = tmp_path / name
    assert run("extract", SEEDS, "-o", target, "-q")[0] == 0
    assert target.read_text(encoding="utf-8").startswith(first)
    assert run("extract", SEEDS, "-o", target, "-f", "json", "-q")[0] == 0  # --format wins
    assert target.read_text(encoding="utf-8").startswith("[\n")


@pytest.mark.parametrize("command", ["extract", "validate", "diff", "schema"])
def test_help_shows_exit_codes_and_no_internal_types(command):
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Exit codes" in out and "Examples:" in out
    assert "<list" not in out and "<str>" not in out and "<int>" not in out


def test_a_baseline_of_100000_records_streams_in_under_1_gb(tmp_path, baseline):
    # 100,000 baseline records: real records repeated under distinct paths and IDs.
    records = [json.loads(line) for line in baseline.read_text(encoding="utf-8").splitlines()]
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        for n in range(100_000):
            r = dict(records[n % len(records)])
            r["source"] = {**r["source"], "path": f"snap/{n}/{Path(r['source']['path']).name}"}
            if r.get("commitment_id"):
                r["commitment_id"] = f"{r['commitment_id']}.{n}"
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    script = ("import resource, subprocess, sys\n"
              "out = subprocess.run([sys.executable, '-m', 'ogpparse', 'validate', sys.argv[1], '--baseline',"
              " sys.argv[2]], capture_output=True, text=True)\n"
              "print(out.returncode, out.stdout.splitlines()[0], resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", script, str(SEEDS), str(big)], capture_output=True, text=True,
                         cwd=ROOT, timeout=600)
    code, line, peak_kb = out.stdout.rsplit(" ", 1)[0].split(" ", 1) + [int(out.stdout.split()[-1])]
    # two baseline copies of seed pages match the seeds by file name: the rest is removed
    assert (code, line) == ("1", "5 pages checked: removed 99,998, added 3")
    assert peak_kb < 1024 * 1024, f"peak RSS {peak_kb / 1024:.0f} MB"
