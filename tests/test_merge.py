"""ogpparse merge: one record per commitment across its languages (ogpparse/merge.py)."""
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from ogpparse.merge import merge_pages, merge_records

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures/corpus"


def multilingual_ids() -> dict[str, set[str]]:
    """Commitment IDs the corpus holds in more than one language, found by file name."""
    langs = defaultdict(set)
    for page in CORPUS.glob("*/commitment_*.txt"):
        langs[page.stem.split("_", 1)[1]].add(page.parent.name)
    return {cid: ls for cid, ls in langs.items() if len(ls) > 1}


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    records = tmp_path_factory.mktemp("m") / "records.jsonl"
    out = records.with_name("merged.jsonl")
    run = subprocess.run([sys.executable, "-m", "ogpparse", "extract", str(CORPUS), "--output", str(records), "--quiet"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    run = subprocess.run([sys.executable, "-m", "ogpparse", "merge", str(records), "--output", str(out)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "12 in several languages" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    return {m["commitment_id"]: m for m in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def test_every_multilingual_commitment_is_one_record(merged):
    expected = multilingual_ids()
    assert {"AR0097", "MO0001", "MO0015", "NG0020", "GH0018", "GH0025", "NG0021"} <= set(expected)
    assert len(expected) == 12
    for cid, langs in expected.items():
        m = merged[cid]
        assert set(m["languages"]) == langs and set(m["record_keys"]) == langs, cid
        assert set(m["title"]) == langs, cid  # texts kept per language
        assert all(m["record_keys"][lang].startswith(f"{cid}-{lang}-") for lang in langs)
    assert len(merged) == len({p.stem.split("_", 1)[1] for p in CORPUS.glob("*/commitment_*.txt")})


def test_conflicts_are_listed_with_field_and_languages_and_left_unresolved(merged):
    conflicts = {cid: sorted((w["field"], tuple(w["languages"])) for w in m["warnings"] if w["code"] == "language_conflict")
                 for cid, m in merged.items() if m["warnings"]}
    # Real disagreements of the corpus pages (other fields may join them as the extractors
    # improve, so these are a floor, not the whole list).
    expected = {
        # the English page still says the IRM review is pending, the French one gives the review
        "GH0025": {("irm.early_results.value", ("en", "fr"))},
        "NG0021": {("irm.early_results.value", ("en", "fr")), ("irm.potential_impact.value", ("en", "fr")),
                   ("irm.relevant_to_ogp_values.value", ("en", "fr")), ("irm.verifiable.value", ("en", "fr"))},
        "NG0020": {("irm.early_results.value", ("es", "fr"))},
        # one translation names more supporting institutions than the other
        "GE0071": {("institutions.supporting.count", ("es", "fr"))},
    }
    for cid, found in expected.items():
        assert found <= set(conflicts.get(cid, ())), cid
    assert set(conflicts) <= set(multilingual_ids())  # a page alone never conflicts
    for cid, m in merged.items():
        for w in m["warnings"]:
            if w["code"] == "language_conflict":
                assert len(w["languages"]) >= 2 and len({json.dumps(v) for v in w["values"].values()}) >= 2
                assert all(f"{lang}: " in w["message"] for lang in w["languages"]) and w["field"] in w["message"]
    gh = merged["GH0025"]
    assert gh["irm"]["early_results"] is None  # never silently resolved
    warning = next(w for w in gh["warnings"] if w["field"] == "irm.early_results.value")
    assert warning["values"] == {"en": "pending", "fr": "marginal"} and "en: " in warning["message"]
    assert merged["GE0071"]["institutions"]["supporting"]["groups"] is None
    # both translations of PH0056 name the same five bodies: one count, the groups agreed
    ph = merged["PH0056"]
    assert not [w for w in ph["warnings"] if w["field"] == "institutions.supporting.count"]
    assert ph["institutions"]["supporting"]["groups"] == [None] * 5
    assert ph["institutions"]["supporting"]["names"]["es"][-2:] == ["Paulina Lawsin Nayra", "PhilDHRRA"]


def test_agreed_values_are_taken_once(merged):
    ar = merged["AR0097"]
    assert ar["languages"] == ["en", "fr"] and ar["warnings"] == []
    assert (ar["action_plan_cycle"], ar["completion"]) == (2022, "pending")
    assert ar["irm"]["potential_impact"] == "low" and ar["irm"]["verifiable"] == "yes"
    assert ar["member"] == {"en": "Argentina", "fr": "Argentine"}
    names = ar["institutions"]["supporting"]["names"]
    assert set(names) == {"en", "fr"} and "Fundeps" in names["en"]


def _page(lang, **fields):
    base = {"commitment_id": "XX0001", "language": lang, "record_key": f"XX0001-{lang}-0", "source": {}}
    return {**base, **fields}


def test_milestones_by_number_nulls_do_not_conflict_and_copies_are_named():
    en = _page("en", completion="limited", start_date=None,
               milestones=[{"number": 1, "title": "Law", "start_date": "2023-01", "end_date": "2023-06", "status": None}])
    fr = _page("fr", completion="limited", start_date="2023-01",
               milestones=[{"number": 1, "title": "Loi", "start_date": "2023-01", "end_date": "2023-09", "status": None}])
    copy = {**_page("fr"), "record_key": "XX0001-fr-1"}
    m = merge_pages([en, fr, copy])
    assert m["completion"] == "limited" and m["start_date"] == "2023-01"
    assert m["milestones"] == [{"number": 1, "start_date": "2023-01", "end_date": None, "status": None,
                                "title": {"en": "Law", "fr": "Loi"}}]
    assert [(w["code"], w["field"]) for w in m["warnings"]] == [("several_pages", None),
                                                                 ("language_conflict", "milestones.1.end_date")]


def test_only_commitment_pages_with_an_id_are_merged():
    assert merge_records([{"page_type": "action_plan", "language": "en"}, {"source": {}, "error": "bad"}]) == []


def test_merge_of_nothing_is_one_line_and_exit_1(tmp_path):
    run = subprocess.run([sys.executable, "-m", "ogpparse", "merge", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1 and "no commitment page" in run.stderr and "Traceback" not in run.stderr
