"""`ogpparse validate` and `ogpparse diff` on snapshots built from real fixture pages, edited
where the test needs an edit (each edit says what it simulates)."""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FR = ROOT / "fixtures/corpus/fr"
SEED_004 = ROOT / "fixtures/seeds/004_687a1dd39a55e036.txt"
# Sixteen French commitment pages of the older template (the counts below are theirs).
SNAPSHOT_PAGES = ("AR0097 BF0010 BF0042 CA0068 CI0011 CR0071 GE0071 HR0014 IT0079 MO0001 MO0015 MO0022 "
                  "NG0020 TN0005 TN0023 UA0059").split()


def run(*args):
    out = subprocess.run([sys.executable, "-m", "ogpparse", *map(str, args)], capture_output=True, cwd=ROOT,
                         timeout=120)
    return out.returncode, out.stdout.decode(), out.stderr.decode()


def snapshot(tmp_path: Path, name: str, edit=None) -> Path:
    """A copy of the French commitment pages and seed 004, optionally edited."""
    folder = tmp_path / name
    folder.mkdir()
    for page in [*(FR / f"commitment_{cid}.txt" for cid in SNAPSHOT_PAGES), SEED_004]:
        text = page.read_text(encoding="utf-8")
        (folder / page.name).write_text(edit(page.name, text) if edit else text, encoding="utf-8")
    return folder


@pytest.fixture()
def baseline(tmp_path):
    folder = snapshot(tmp_path, "old")
    target = tmp_path / "old.jsonl"
    assert run("extract", folder, "-f", "jsonl", "-o", target, "-q")[0] == 0
    return target


def test_identical_snapshot_passes(tmp_path, baseline):
    code, out, _ = run("validate", snapshot(tmp_path, "new"), "--baseline", baseline)
    assert code == 0
    assert out.splitlines() == ["17 pages checked: no problems"]


def test_template_change_that_removes_a_field_is_drift(tmp_path, baseline):
    # Simulates the site renaming the "Domaines politiques" heading on every French page.
    new = snapshot(tmp_path, "new", lambda name, t: t.replace("Domaines politiques", "Thématiques"))
    report = tmp_path / "report.json"
    code, out, _ = run("validate", new, "--baseline", baseline, "--report", report)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "17 pages checked: drift 16"
    assert f"drift: {new}/commitment_AR0097.txt: policy_areas: policy_areas missing now (was 6 items)" in lines
    full = json.loads(report.read_text(encoding="utf-8"))
    assert full["pages"] == 17 and {p["kind"] for p in full["problems"]} == {"drift"}
    assert sorted({p["field"] for p in full["problems"]}) == ["policy_areas"]


def test_real_change_is_reported_but_passes_unless_asked(tmp_path, baseline):
    # Simulates news: Canada's commitment becomes inactive, a milestone of seed 004 moves.
    def edit(name, text):
        if name == "commitment_CA0068.txt":
            return text.replace("Statut : Actif", "Statut : Inactif")
        if name == SEED_004.name:
            return text.replace("Start Date02/2023\nEnd Date01/2023", "Start Date02/2023\nEnd Date03/2023")
        return text

    new = snapshot(tmp_path, "new", edit)
    code, out, _ = run("validate", new, "--baseline", baseline)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "17 pages checked: change 2"
    assert f"change: {new}/commitment_CA0068.txt: status: active → inactive" in lines
    assert f"change: {new}/{SEED_004.name}: milestones[2].end_date: 2023-01 → 2023-03" in lines
    assert run("validate", new, "--baseline", baseline, "--fail-on-change")[0] == 1


def test_empty_snapshot_fails(tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = run("validate", tmp_path / "empty")
    assert code == 1
    assert out.strip() == "0 pages checked: no problems" and "no pages found" in err


def test_missing_required_field_and_parse_errors(tmp_path):
    folder = tmp_path / "snap"
    folder.mkdir()
    # A commitment page whose heading lost its ID (simulates a template change), and a binary file.
    text = (FR / "commitment_CA0068.txt").read_text(encoding="utf-8").replace("Science ouverte (CA0068)", "Science ouverte")
    (folder / "ca.txt").write_text(text, encoding="utf-8")
    (folder / "image.txt").write_bytes(bytes(range(256)) * 4)
    code, out, _ = run("validate", folder)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "2 pages checked: error 1"  # the ID-less page is not recognised as a commitment page
    assert f"error: {folder}/image.txt: binary file, not a text or HTML page" in lines


def test_strict_makes_warnings_fail():
    assert run("validate", FR / "commitment_CA0068.txt")[0] == 0
    code, out, _ = run("validate", FR / "commitment_CA0068.txt", "--strict")
    assert code == 1 and "warning: " in out and "truncated" in out


def test_github_annotations(tmp_path, baseline):
    new = snapshot(tmp_path, "new", lambda name, t: t.replace("Domaines politiques", "Thématiques"))
    _, out, _ = run("validate", new, "--baseline", baseline, "--github")
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert len(annotations) == 16
    assert (f"::error file={new}/commitment_AR0097.txt,title=ogpparse drift%3A policy_areas::"
            "policy_areas missing now (was 6 items)") in annotations


def test_diff_compares_milestones_by_number(tmp_path):
    old = snapshot(tmp_path, "old")
    # Simulates a page where milestone 1 was removed: the others keep their numbers.
    new = snapshot(tmp_path, "new", lambda name, t: t.replace(
        "24 Milestones\n1\n\nCollaborative diagnosis concerning open data at the State Public Administration.\n\n"
        "Start Date01/2023\nEnd Date02/2023\n  • Not started\n  • In progress\n  • Stuck\n  • Finished\n"
        "  • Incomplete\n", "23 Milestones\n") if name == SEED_004.name else t)
    code, out, _ = run("diff", old, new)
    assert code == 1  # differences, as diff(1) says
    assert out.splitlines() == [
        f"{new}/{SEED_004.name}",
        "  change   milestone_count: 24 → 23",
        # values are cut to 80 characters in the terminal view
        "  change   milestones[1]: {\"number\": 1, \"title\": \"Collaborative diagnosis concerning open data at the "
        "Sta… → null",
    ]
    code, out, _ = run("diff", old, new, "--format", "json")
    assert code == 1
    changes = json.loads(out)["changes"]
    assert [c["field"] for c in changes] == ["milestone_count", "milestones[1]"]


def test_diff_between_extractions(tmp_path, baseline):
    code, out, _ = run("diff", baseline, baseline)
    assert (code, out.strip()) == (0, "no differences")


# --- page lines in the CI reports ----------------------------------------------------------

def news(name, text):
    """Simulates news on two pages: Canada's commitment becomes inactive (line 14 of its
    page prints the status), milestone 2 of seed 004 moves its end date (line 101)."""
    if name == "commitment_CA0068.txt":
        return text.replace("Statut : Actif", "Statut : Inactif")
    if name == SEED_004.name:
        return text.replace("Start Date02/2023\nEnd Date01/2023", "Start Date02/2023\nEnd Date03/2023")
    return text


def page_line(page: Path, number: int) -> str:
    return page.read_text(encoding="utf-8").splitlines()[number - 1]


def test_ci_reports_give_the_line_of_a_changed_field(tmp_path, baseline):
    new = snapshot(tmp_path, "new", news)
    assert page_line(new / "commitment_CA0068.txt", 14) == "Statut : Inactif"
    assert page_line(new / SEED_004.name, 101) == "End Date03/2023"
    summary, junit = tmp_path / "summary.md", tmp_path / "junit.xml"
    out = subprocess.run([sys.executable, "-m", "ogpparse", "validate", new, "--baseline", baseline, "--github",
                          "--junit", junit], capture_output=True, cwd=ROOT, timeout=120,
                         env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}).stdout.decode()
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert sorted(annotations) == [
        f"::notice file={new}/{SEED_004.name},line=101,title=ogpparse change%3A milestones[2].end_date::"
        "2023-01 → 2023-03",
        f"::notice file={new}/commitment_CA0068.txt,line=14,title=ogpparse change%3A status::active → inactive",
    ]
    cases = {c.get("name"): c for c in ET.parse(junit).getroot().iter("testcase")}
    assert cases[f"{new}/commitment_CA0068.txt"].find("system-out").text == \
        "change: status (line 14): active → inactive"
    assert cases[f"{new}/{SEED_004.name}"].find("system-out").text == \
        "change: milestones[2].end_date (line 101): 2023-01 → 2023-03"
    text = summary.read_text(encoding="utf-8")
    assert "| page | line | kind | field | detail |" in text
    assert f"| `{new}/commitment_CA0068.txt` | 14 | change | status | active → inactive |" in text


def test_a_field_the_new_page_lacks_points_to_its_nearest_parent(tmp_path, baseline):
    # Simulates milestone 2 of seed 004 losing its end date: its number, line 96, is the
    # nearest line of milestones[2] that the new page prints.
    new = snapshot(tmp_path, "new", lambda name, t: t.replace(
        "Start Date02/2023\nEnd Date01/2023\n", "Start Date02/2023\n", 1) if name == SEED_004.name else t)
    assert page_line(new / SEED_004.name, 96) == "2"
    code, out, _ = run("validate", new, "--baseline", baseline, "--github")
    assert code == 0
    assert (f"::notice file={new}/{SEED_004.name},line=96,title=ogpparse change%3A milestones[2].end_date::"
            "2023-01 → null") in out.splitlines()


def test_drift_of_a_field_the_page_no_longer_prints_has_no_line(tmp_path, baseline):
    new = snapshot(tmp_path, "new", lambda name, t: t.replace("Domaines politiques", "Thématiques"))
    report = tmp_path / "report.json"
    run("validate", new, "--baseline", baseline, "--report", report)
    problems = json.loads(report.read_text(encoding="utf-8"))["problems"]
    assert len(problems) == 16 and {p["line"] for p in problems} == {None}


def test_an_extraction_as_new_snapshot_gets_lines_only_while_its_page_is_unchanged(tmp_path, baseline):
    new = snapshot(tmp_path, "new", news)
    extraction = tmp_path / "new.jsonl"
    assert run("extract", new, "-f", "jsonl", "-o", extraction, "-q")[0] == 0
    _, out, _ = run("validate", extraction, "--baseline", baseline, "--github")
    assert f"::notice file={new}/commitment_CA0068.txt,line=14,title=ogpparse change%3A status::" \
           "active → inactive" in out.splitlines()
    # The page file edited after the extraction: its lines may no longer be the record's.
    page = new / "commitment_CA0068.txt"
    page.write_text("\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    _, out, _ = run("validate", extraction, "--baseline", baseline, "--github")
    assert f"::notice file={new}/commitment_CA0068.txt,title=ogpparse change%3A status::" \
           "active → inactive" in out.splitlines()


def test_an_extraction_with_provenance_gives_lines_without_its_pages(tmp_path, baseline):
    new = snapshot(tmp_path, "new", news)
    extraction = tmp_path / "new.jsonl"
    assert run("extract", new, "-f", "jsonl", "-o", extraction, "-q", "--provenance")[0] == 0
    for page in new.iterdir():
        page.unlink()
    code, out, _ = run("validate", extraction, "--baseline", baseline, "--github")
    lines = out.splitlines()
    assert (code, lines[0]) == (0, "17 pages checked: change 2")  # provenance itself is not compared
    assert f"::notice file={new}/commitment_CA0068.txt,line=14,title=ogpparse change%3A status::" \
           "active → inactive" in lines
