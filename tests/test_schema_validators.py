"""schemas/ works in more than one validator: Ajv (strict mode, draft 2020-12, the usual
JavaScript validator) compiles record.schema.json and accepts every fixture record, and so
does Python's jsonschema. Ajv comes from the npm registry into a cache folder on first use;
the test is skipped, with the reason, when node or npm is missing or the registry is out of
reach."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ogpparse import parse_file

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".html"))
AJV_SCRIPT = ROOT / "tests/tools/ajv_validate.js"
AJV_PACKAGES = ("ajv@8", "ajv-formats@3")


@pytest.fixture(scope="module")
def records_file(tmp_path_factory):
    target = tmp_path_factory.mktemp("records") / "records.jsonl"
    with target.open("w", encoding="utf-8") as fh:
        for page in PAGES:
            fh.write(json.dumps(parse_file(page).model_dump(mode="json"), ensure_ascii=False) + "\n")
    return target


def ajv_modules() -> Path:
    """node_modules holding Ajv, installed once per machine into the user's cache."""
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("node/npm not installed: Ajv check not run")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ogpparse-tests/ajv"
    modules = cache / "node_modules"
    if not (modules / "ajv-formats").is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(cache),
                              *AJV_PACKAGES], capture_output=True, text=True, timeout=300)
        if out.returncode != 0:
            pytest.skip(f"could not install {' '.join(AJV_PACKAGES)} from npm: {out.stderr.strip()[:200]}")
    return modules


def test_ajv_strict_compiles_the_schema_and_accepts_every_fixture_record(records_file):
    modules = ajv_modules()
    out = subprocess.run(["node", str(AJV_SCRIPT), str(ROOT / "schemas/record.schema.json"), str(records_file)],
                         capture_output=True, text=True, timeout=120, env={**os.environ, "NODE_PATH": str(modules)})
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines() == ["compiled", f"{len(PAGES)} records, 0 invalid"]


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json")))
def test_ajv_strict_compiles_every_schema_file(name, tmp_path):
    modules = ajv_modules()
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    out = subprocess.run(["node", str(AJV_SCRIPT), str(ROOT / "schemas" / name), str(empty)],
                         capture_output=True, text=True, timeout=120, env={**os.environ, "NODE_PATH": str(modules)})
    assert out.stdout.splitlines()[:1] == ["compiled"], out.stdout + out.stderr


def test_jsonschema_accepts_every_fixture_record_and_rejects_a_wrong_page_type(records_file):
    import jsonschema

    schema = json.loads((ROOT / "schemas/record.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    records = [json.loads(line) for line in records_file.read_text(encoding="utf-8").splitlines()]
    for r in records:
        errors = list(validator.iter_errors(r))
        assert not errors, (r["source"]["path"], errors[0].message)
    commitment = next(r for r in records if r["page_type"] == "commitment")
    assert not validator.is_valid({**commitment, "page_type": "member"})  # a member has no commitment_id
    assert not validator.is_valid({**commitment, "page_type": "news"})
    assert "discriminator" not in json.dumps(schema)
