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
