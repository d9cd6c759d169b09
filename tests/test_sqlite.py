"""--format sqlite: the CSV tables in one database, with real types, keys, full-text search
and snapshots (ogpparse/outputs/sqlite.py)."""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlite_utils")

from ogpparse.api import extract_paths, load_records  # noqa: E402
from ogpparse.outputs.sqlite import column_types, primary_key, typed, write_sqlite  # noqa: E402
from ogpparse.output import OutputError  # noqa: E402
from ogpparse.tables import TABLES, columns, records_to_rows  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [str(ROOT / "fixtures/corpus"), str(ROOT / "fixtures/seeds")]
KR0042 = ROOT / "fixtures/seeds/003_870d1cf21ae36b1b.txt"  # French commitment page, IRM review pending
MXROO0006 = ROOT / "fixtures/seeds/002_d0aed3a1e4458158.txt"  # English, 9 dated milestones


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "ogp.db"
    assert extract_paths(CORPUS, fmt="sqlite", output=str(path), quiet=True, jobs=2, snapshot="s1") == 0
    return path


@pytest.fixture(scope="module")
def records():
    return load_records(CORPUS, jobs=2)


def rows(db: Path, sql: str, *args) -> list[dict]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, args)]
    finally:
        con.close()


def test_tables_match_the_csv_tables_row_for_row(database, records):
    expected = records_to_rows(records)
    for table in TABLES:
        got = rows(database, f"SELECT * FROM {table} ORDER BY rowid")
        assert [list(r) for r in got[:1]] in ([], [["snapshot", *columns(table)]]), table
        assert all(r.pop("snapshot") == "s1" for r in got)
        want = [{c: typed(row.get(c)) for c in columns(table)} for row in expected[table]]
        for i, (a, b) in enumerate(zip(got, want)):
            assert a == b or {k: (a[k], b[k]) for k in a if a[k] != b[k]} == {}, (table, i)
        assert len(got) == len(want), table
    assert len(expected["pages"]) == 183 and len(expected["institutions"]) > 900


def test_column_types_are_real(database):
    for table in TABLES:
        declared = column_types(table)
        for column, kind in declared.items():
            stored = {r["t"] for r in rows(database, f'SELECT DISTINCT typeof("{column}") AS t FROM {table}')}
            assert stored <= ({"integer", "null"} if kind is int else {"text", "null"}), (table, column, stored)
    flags = rows(database, "SELECT DISTINCT civic_participation AS v FROM pages ORDER BY v")
    assert [r["v"] for r in flags] == [None, 0, 1]
    assert rows(database, "SELECT typeof(starred) AS t FROM related_commitments LIMIT 1") == [{"t": "integer"}]


def test_keys_foreign_keys_and_indexes(database):
    con = sqlite3.connect(database)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    for table in TABLES:
        info = con.execute(f"PRAGMA table_info({table})").fetchall()
        pk = [name for _, name, _, _, _, n in sorted(info, key=lambda c: c[5]) if n]
        assert tuple(pk) == primary_key(table), table
        if table != "pages":
            fks = con.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            assert sorted((f[3], f[2], f[4]) for f in fks) == [("record_key", "pages", "record_key"),
                                                                ("snapshot", "pages", "snapshot")], table
    indexed = {r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    for column in ("commitment_id", "language", "page_type", "member"):
        assert any(f'ON [pages] ([{column}])' in s or f'ON "pages" ("{column}")' in s for s in indexed), column
    con.close()


def test_full_text_search_finds_an_institution_by_a_word_of_its_name(database):
    found = rows(database, "SELECT i.name FROM institutions i JOIN institutions_fts f ON f.rowid = i.rowid "
                           "WHERE institutions_fts MATCH 'Fundeps'")
    assert found and all("Fundeps" in r["name"] for r in found)
    found = rows(database, "SELECT i.name, p.commitment_id FROM institutions_fts f JOIN institutions i ON i.rowid = f.rowid "
                           "JOIN pages p USING (snapshot, record_key) WHERE institutions_fts MATCH 'Legislativo'")
    assert {"Directorio Legislativo"} <= {r["name"] for r in found}
    assert rows(database, "SELECT count(*) AS n FROM pages_fts WHERE pages_fts MATCH 'transparence'")[0]["n"] > 0
    assert rows(database, "SELECT count(*) AS n FROM description_fts WHERE description_fts MATCH 'budget'")[0]["n"] > 0


def _edited(folder: Path) -> Path:
    """The next month's crawl of the same two pages: the IRM assessed KR0042 (completion
    substantial instead of pending), it became inactive and its end date moved from August to
    December 2020; MXROO0006's milestone 4 now ends in 09/2024 instead of 07/2024."""
    folder.mkdir()
    text = KR0042.read_text(encoding="utf-8")
    for old, new in (("Statut: actif", "Statut: inactif"),
                     ("Achèvement: examen IRM en attente", "Achèvement: Substantiel"),
                     ("Août 31, 2020", "Décembre 31, 2020")):
        assert old in text
        text = text.replace(old, new)
    (folder / KR0042.name).write_text(text, encoding="utf-8")
    lines = MXROO0006.read_text(encoding="utf-8").split("\n")
    assert lines[137] == "End Date07/2024"  # milestone 4's end (line 138)
    lines[137] = "End Date09/2024"
    (folder / MXROO0006.name).write_text("\n".join(lines), encoding="utf-8")
    return folder


def test_two_snapshots_give_the_changed_fields(tmp_path):
    before = tmp_path / "before"
    before.mkdir()
    for page in (KR0042, MXROO0006):
        shutil.copy(page, before)
    after = _edited(tmp_path / "after")
    db = tmp_path / "ogp.db"
    assert extract_paths([str(before)], fmt="sqlite", output=str(db), quiet=True, jobs=1, snapshot="2026-11") == 0
    assert extract_paths([str(after)], fmt="sqlite", output=str(db), quiet=True, jobs=1, snapshot="2026-12") == 0
    got = rows(db, "SELECT commitment_id, language, field, old_value, new_value FROM changes "
                   "WHERE old_snapshot = '2026-11' AND new_snapshot = '2026-12' ORDER BY commitment_id, field")
    assert got == [
        {"commitment_id": "KR0042", "language": "fr", "field": "completion", "old_value": "pending", "new_value": "substantial"},
        {"commitment_id": "KR0042", "language": "fr", "field": "end_date", "old_value": "2020-08-31", "new_value": "2020-12-31"},
        {"commitment_id": "KR0042", "language": "fr", "field": "status", "old_value": "active", "new_value": "inactive"},
        {"commitment_id": "MXROO0006", "language": "en", "field": "milestones.4.end_date", "old_value": "2024-07", "new_value": "2024-09"},
    ]
    # Writing a snapshot again replaces that snapshot only.
    assert extract_paths([str(after)], fmt="sqlite", output=str(db), quiet=True, jobs=1, snapshot="2026-11") == 0
    counts = rows(db, "SELECT snapshot, count(*) AS n FROM pages GROUP BY snapshot ORDER BY snapshot")
    assert counts == [{"snapshot": "2026-11", "n": 2}, {"snapshot": "2026-12", "n": 2}]
    assert rows(db, "SELECT count(*) AS n FROM changes")[0]["n"] == 0
    assert rows(db, "SELECT count(*) AS n FROM commitments")[0]["n"] == 4
    assert sqlite3.connect(db).execute("PRAGMA foreign_key_check").fetchall() == []
    hits = rows(db, "SELECT snapshot FROM milestones_fts f JOIN milestones m ON m.rowid = f.rowid "
                    "WHERE milestones_fts MATCH 'Transparency' ORDER BY snapshot")
    assert {h["snapshot"] for h in hits} == {"2026-11", "2026-12"}  # the index follows the replaced rows


def test_an_interrupted_write_keeps_the_old_database(tmp_path):
    db = tmp_path / "ogp.db"
    assert extract_paths([str(KR0042)], fmt="sqlite", output=str(db), quiet=True, jobs=1, snapshot="a") == 0
    before = db.read_bytes()
    records = load_records([str(MXROO0006)], jobs=1)

    def stream():
        yield records[0]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_sqlite(stream(), db, snapshot="b")
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ogp.db"]


def test_symlinks_are_written_through_and_other_files_are_refused(tmp_path):
    real = tmp_path / "real.db"
    link = tmp_path / "link.db"
    link.symlink_to(real)
    records = load_records([str(KR0042)], jobs=1)
    write_sqlite(records, link, snapshot="a")
    assert link.is_symlink() and rows(real, "SELECT count(*) AS n FROM pages")[0]["n"] == 1
    text = tmp_path / "notes.db"
    text.write_text("my notes\n" * 200)
    with pytest.raises(OutputError, match="not a SQLite database"):
        write_sqlite(records, text, snapshot="a")
    assert text.read_text() == "my notes\n" * 200
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE budget (year INTEGER)")
    con.commit()
    con.close()
    kept = other.read_bytes()
    with pytest.raises(OutputError, match="did not write"):
        write_sqlite(records, other, snapshot="a")
    assert other.read_bytes() == kept
    with pytest.raises(OutputError, match="regular file"):
        write_sqlite(records, "/dev/null", snapshot="a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.db", "notes.db", "other.db", "real.db"]
    empty = tmp_path / "empty.db"
    empty.touch()
    write_sqlite(records, empty, snapshot="a")  # `touch ogp.db` first is a new database
    assert rows(empty, "SELECT count(*) AS n FROM pages")[0]["n"] == 1


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "ogpparse", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1"})


def test_cli_sqlite_usage_errors_are_one_line(tmp_path):
    for args, code, words in (
        (["extract", str(KR0042), "--format", "sqlite"], 2, "standard output"),
        (["extract", str(KR0042), "--snapshot", "x", "--output", str(tmp_path / "a.json")], 2, "--format sqlite"),
        (["extract", str(KR0042), "--format", "sqlite", "--output", str(tmp_path / "no/such/a.db")], 1, "does not exist"),
        (["extract", str(KR0042), "--format", "sqlite", "--output", str(KR0042)], 2, "would replace the input"),
        (["extract", str(KR0042), "--format", "sqlite", "--output", str(ROOT / "README.md")], 1, "not a SQLite database"),
    ):
        out = cli(*args)
        assert out.returncode == code, out.stderr
        assert len(out.stderr.strip().splitlines()) == 1 and words in out.stderr and "Traceback" not in out.stderr


def test_cli_writes_a_database_from_the_extension(tmp_path):
    out = cli("extract", str(KR0042), "--output", str(tmp_path / "ogp.db"), "--snapshot", "one", "--quiet")
    assert out.returncode == 0, out.stderr
    assert rows(tmp_path / "ogp.db", "SELECT snapshot, commitment_id FROM pages") == [{"snapshot": "one", "commitment_id": "KR0042"}]
    out = cli("extract", str(KR0042), "--output", str(tmp_path / "ogp.db"), "--quiet")  # default label: the UTC date
    import datetime

    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    assert {r["snapshot"] for r in rows(tmp_path / "ogp.db", "SELECT snapshot FROM pages")} == {"one", today}


def test_help_does_not_import_sqlite_utils():
    code = "import sys; from ogpparse.cli import app; print('sqlite_utils' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def _shown_rows(text: str) -> list[list[str]]:
    """The rows of a `sqlite3 -header -column` table, cut by the widths of its dashes line."""
    lines = text.strip("\n").split("\n")
    widths = [len(d) for d in lines[1].split("  ")]
    out = []
    for line in lines[2:]:
        cells, at = [], 0
        for w in widths:
            cells.append(line[at:at + w].strip())
            at += w + 2
        out.append(cells)
    return out


def test_readme_analyst_queries_give_the_output_shown(database):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### For analysts", 1)[1].split("\n## ", 1)[0]
    pairs = re.findall(r"```sql\n(.*?)```\n```text\n(.*?)```", section, re.S)
    assert len(pairs) == 3
    for sql, shown in pairs[:2]:  # the third (changes) is test_two_snapshots_give_the_changed_fields
        con = sqlite3.connect(database)
        got = [["" if v is None else str(v) for v in row] for row in con.execute(sql)]
        con.close()
        assert got == _shown_rows(shown), sql
    assert _shown_rows(pairs[2][1])[0] == ["KR0042", "fr", "completion", "pending", "substantial"]
