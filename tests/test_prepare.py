"""pipeline.prepare builds, before a pool forks, the patterns that the first pages would
build from the lexicons, so that the workers inherit them (each compiled them again: ~0.3 s
of CPU a worker). Checked in a new process, where no other test filled the caches: after
prepare, parsing commitment pages of each language builds none of them again."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys
from ogpparse import detect, pipeline
from ogpparse.extract import inline_fields
from ogpparse.institutions import vocabulary
caches = {"vocabulary": vocabulary, "title patterns": detect._all_title_patterns,
          "inline labels": inline_fields._labels}
lexicons = pipeline.lexicons_for(())
before = {name: c.cache_info().misses for name, c in caches.items()}
pipeline.prepare(lexicons)
built = {name: c.cache_info().misses for name, c in caches.items()}
types = [pipeline.parse_file(p).page_type for p in sys.argv[1:]]
after = {name: c.cache_info().misses for name, c in caches.items()}
print(json.dumps({"before": before, "built": built, "after": after, "types": types}))
"""


def test_prepare_builds_what_the_first_pages_build():
    pages = sorted((ROOT / "fixtures/seeds").glob("*.txt"))
    pages += sorted((ROOT / "fixtures/corpus/fr").glob("commitment_*.txt"))[:2]
    pages += sorted((ROOT / "fixtures/corpus/es").glob("commitment_*.txt"))[:2]
    run = subprocess.run([sys.executable, "-c", CHILD, *map(str, pages)], capture_output=True, text=True,
                         check=True, cwd=ROOT)

    seen = json.loads(run.stdout)
    assert "commitment" in seen["types"]
    assert seen["before"] == {"vocabulary": 0, "title patterns": 0, "inline labels": 0}
    # one vocabulary, the title patterns of each of the three languages, the two label sets
    assert seen["built"] == {"vocabulary": 1, "title patterns": 3, "inline labels": 2}
    assert seen["after"] == seen["built"]


# The largest patterns are compiled when a page first uses them: a run of one page (which
# does not call prepare) compiles only those its page asks for; prepare compiles them all.
LAZY_CHILD = r"""
import json, sys
from ogpparse import institutions, pipeline
from ogpparse.extract import commitment, inline_fields
lexicons = pipeline.lexicons_for(())
if sys.argv[1] == "prepare":
    pipeline.prepare(lexicons)
record = pipeline.parse_file(sys.argv[2])
vocab = institutions.vocabulary(lexicons)
strip = inline_fields._labels(lexicons, commitment.FIELDS)
print(json.dumps({"type": record.page_type, "language": record.language,
                  "involved": [b.name for b in record.institutions.involved],
                  "strip patterns": sorted({"start", "end"} & strip.__dict__.keys()),
                  "alternatives": len(set(vocab.label_alternatives)),
                  "alternatives compiled": institutions._alone.cache_info().currsize,
                  "labels compiled": "labels" in vocab.__dict__}))
"""


def _lazy_run(mode: str, page: Path) -> dict:
    run = subprocess.run([sys.executable, "-c", LAZY_CHILD, mode, str(page)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(run.stdout)


def test_one_page_compiles_only_the_patterns_it_uses():
    page = next((ROOT / "fixtures/seeds").glob("002_*.txt"))  # an English commitment page
    alone = _lazy_run("alone", page)
    assert (alone["type"], alone["language"]) == ("commitment", "en")
    assert alone["strip patterns"] == []  # its description's labels are told by a look-up
    assert alone["alternatives"] > 50  # the group labels of three languages
    assert alone["alternatives compiled"] < 5
    prepared = _lazy_run("prepare", page)
    assert prepared["strip patterns"] == ["end", "start"]
    assert prepared["alternatives compiled"] == prepared["alternatives"]
    assert prepared["labels compiled"] is True
    assert prepared["involved"] == alone["involved"]
    assert alone["involved"][:2] == ["Secretary of the State Comptroller", "Ministry of Finance and Planning"]
