"""CSV tables read back with the same values as the JSON; JSON Schema files match the models."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ogpparse import parse_file, records_to_rows
from ogpparse.tables import LIST_SEP, TABLES, columns, escape_cell, record_key, unescape_cell, write_csv

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PAGES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".html"))


@pytest.fixture(scope="module")
def records():
    out = [parse_file(p).model_dump(mode="json") for p in PAGES]
    out.append({"source": {"path": "missing.txt"}, "error": "no such file or folder"})
    return out


@pytest.fixture(scope="module")
def tables(records, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    assert write_csv(records, folder) == len(records)
    out = {}
    for table in TABLES:
        with open(folder / f"{table}.csv", newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            assert header == columns(table)
            out[table] = [{k: unescape_cell(v) for k, v in zip(header, row)} for row in reader]
    return folder, out


def cell(value) -> str:
    """What a JSON value looks like in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def by_key(rows):
    out = {}
    for row in rows:
        out.setdefault(row["record_key"], []).append(row)
    return out


def test_pages_table_has_every_record_with_its_scalars(records, tables):
    _, t = tables
    rows = {row["record_key"]: row for row in t["pages"]}
    assert len(rows) == len(records)
    for r in records:
        row = rows[record_key(r)]
        if "error" in r:
            assert row["error"] == r["error"] and row["source_path"] == r["source"]["path"]
            continue
        for name in ("page_type", "language", "title", "member", "start_date", "end_date", "commitment_id",
                     "status", "completion", "milestone_count", "submitted", "groups_count", "report_kind"):
            assert row[name] == cell(r.get(name)), (r["source"]["path"], name)
        assert row["action_plan_title"] == cell((r["action_plan"] or {}).get("title"))
        assert row["lead_institutions"] == LIST_SEP.join(b["name"] for b in r["institutions"]["lead"])
        assert row["lead_institutions_printed"] == cell(r["institutions"]["printed"].get("lead"))
        assert row["policy_areas"] == LIST_SEP.join(r.get("policy_areas") or [])
        if r["page_type"] == "commitment":
            flags = {v: row[v] for v in ("access_to_information", "civic_participation", "public_accountability",
                                         "technology_and_innovation")}
            relevance = ((r["irm"] or {}).get("relevant_to_ogp_values") or {}).get("value")
            if r["ogp_values"]:
                assert {v for v, f in flags.items() if f == "1"} == set(r["ogp_values"])
                assert {v for v, f in flags.items() if f == "0"} == set(flags) - set(r["ogp_values"])
            elif relevance == "no":  # "Not Relevant": the page answers no
                assert set(flags.values()) == {"0"}
            else:  # the page does not say: empty cells, never 0
                assert set(flags.values()) == {""}
            for f in ("report", "early_results", "potential_impact"):
                rating = (r["irm"] or {}).get(f) or {}
                assert row[f"irm_{f}"] == cell(rating.get("text"))
                assert row[f"irm_{f}_value"] == cell(rating.get("value"))


@pytest.mark.parametrize("table,key,fields", [
    ("milestones", "milestones", ("number", "title", "start_date", "end_date", "status")),
    ("related_commitments", "related_commitments", ("id", "title", "year", "policy_area", "starred")),
    ("sections", "sections", ("question", "answer", "explanation", "references")),
    ("endorsements", "endorsements", ("name", "role", "organization")),
    ("monitoring_body", "monitoring_body", ("organization", "role", "representative")),
    ("evaluators", "evaluators", ("name", "email")),
    ("resources", "resources", ("title", "year", "kind")),
    ("contacts", "contacts", ("name", "title", "email", "phone")),
    ("warnings", "warnings", ("code", "field", "message")),
])
def test_child_tables_rebuild_the_json_lists(records, tables, table, key, fields):
    _, t = tables
    rows = by_key(t[table])
    seen = 0
    for r in records:
        expected = [{f: cell(item.get(f)) for f in fields} for item in r.get(key) or []]
        got = [{f: row[f] for f in fields} for row in rows.get(record_key(r), [])]
        assert got == expected, (r["source"]["path"], table)
        seen += len(expected)
    assert seen == len(t[table])


def test_institutions_and_description_tables_rebuild_the_json(records, tables):
    _, t = tables
    inst, desc = by_key(t["institutions"]), by_key(t["description"])
    for r in records:
        if "error" in r:
            continue
        rebuilt = {"lead": [], "supporting": [], "involved": []}
        for row in inst.get(record_key(r), []):
            rebuilt[row["role"]].append({"name": row["name"], "group": row["group"] or None})
        assert rebuilt == {role: r["institutions"][role] for role in rebuilt}
        assert {row["heading"]: row["text"] for row in desc.get(record_key(r), [])} == (r.get("description") or {})


def test_pandas_reads_the_same_values(tables):
    pd = pytest.importorskip("pandas")
    folder, t = tables
    for table in TABLES:
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
        assert list(frame.columns) == columns(table)
        got = [{k: unescape_cell(v) for k, v in row.items()} for row in frame.to_dict("records")]
        assert got == t[table], table


def test_record_keys_are_stable_and_unique(records):
    keys = [record_key(r) for r in records]
    assert len(set(keys)) == len(keys)
    assert record_key(parse_file(FIXTURES / "seeds/002_d0aed3a1e4458158.txt").model_dump(mode="json")) \
        == "MXROO0006-en-460ab9929ffe"


@pytest.mark.parametrize("value,cell_text", [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
                                             ("+33 1 23", "'+33 1 23"), ("- item", "'- item"), ("@SUM(A1)", "'@SUM(A1)"),
                                             ("'quoted", "''quoted"), ("plain", "plain"), (None, ""), (True, "1")])
def test_formula_injection_is_neutralised_and_reversible(value, cell_text):
    assert escape_cell(value) == cell_text
    if isinstance(value, str):
        assert unescape_cell(cell_text) == value


def test_single_file_stdout_and_excel_bom(records, tmp_path):
    target = tmp_path / "pages.csv"
    write_csv(records[:3], target, excel=True)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrecord_key,source_path")
    assert list(tmp_path.iterdir()) == [target]
    out = subprocess.run([sys.executable, "-m", "ogpparse", "extract", str(FIXTURES / "seeds"), "--format", "csv",
                          "--output", "-", "-q"], capture_output=True, cwd=ROOT)
    assert out.returncode == 0
    rows = list(csv.DictReader(out.stdout.decode().splitlines()))
    assert [r["page_type"] for r in rows] == ["action_plan", "commitment_report", "commitment", "commitment",
                                              "commitment"]


def test_api_and_cli_give_the_same_records(tmp_path):
    target = tmp_path / "r.jsonl"
    subprocess.run([sys.executable, "-m", "ogpparse", "extract", str(FIXTURES / "corpus/fr"), "-f", "jsonl",
                    "-o", str(target), "-q"], check=True, cwd=ROOT)
    cli = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    api = [parse_file(p).model_dump(mode="json") for p in sorted((FIXTURES / "corpus/fr").glob("*.txt"))]
    assert cli == api
    tables = records_to_rows(parse_file(p) for p in sorted((FIXTURES / "seeds").glob("*.txt")))
    assert [row["commitment_id"] for row in tables["pages"]][2:] == ["MXROO0006", "KR0042", "MXNLE0001"]
    assert len(tables["milestones"]) == 9 + 2 + 24


# --- JSON Schema --------------------------------------------------------------------------

def test_checked_in_schemas_match_the_models():
    from ogpparse.schema import render, schemas

    generated = schemas()
    on_disk = {p.name for p in (ROOT / "schemas").glob("*.schema.json")}
    assert on_disk == set(generated), "run `ogpparse schema` (make schema) and commit schemas/"
    for name, schema in generated.items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == render(schema), \
            f"schemas/{name} is out of date: run `make schema`"


def test_every_record_validates_against_the_schema_files(records):
    jsonschema = pytest.importorskip("jsonschema")
    record_schema = json.loads((ROOT / "schemas/record.schema.json").read_text(encoding="utf-8"))
    error_schema = json.loads((ROOT / "schemas/error.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(record_schema)
    for r in records:
        if "error" in r:
            jsonschema.validate(r, error_schema)
        else:
            errors = list(validator.iter_errors(r))
            assert not errors, (r["source"]["path"], errors[0].message)
