"""Coverage-guided fuzzing of the whole pipeline with atheris (libFuzzer for Python).

    pip install atheris                      # not a project dependency: only for fuzzing
    python fuzz/fuzz_parse.py fuzz/corpus -max_total_time=600 -rss_limit_mb=2048

The seed corpus (fuzz/corpus, filled from fixtures/ on first run) holds the real pages.
The target accepts any outcome but an exception other than PageError, and checks that every
record it gets back validates against its Pydantic model.
"""
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from ogpparse import PageError, parse_bytes
    from ogpparse.models import MODELS

ROOT = Path(__file__).resolve().parent.parent


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris calls
    if data[:1] == b"\x01":  # one input in many also goes through the HTML reader, whatever it holds
        data = b"<html><body><p>" + data[1:] + b"</p></body></html>"
    try:
        record = parse_bytes(data, "fuzz")
    except PageError:
        return
    MODELS[record.page_type].model_validate(record.model_dump())


def seed_corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        return
    for page in sorted((ROOT / "fixtures").rglob("*")):
        if page.suffix in (".txt", ".html"):
            (folder / page.name).write_bytes(page.read_bytes())


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if args:
        seed_corpus(Path(args[0]))
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
