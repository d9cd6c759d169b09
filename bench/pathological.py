"""Pathological pages (issue 12, case 10): real pages made hostile, each under ~2 MB, timed.

    python bench/pathological.py                 # this checkout
    python bench/pathological.py --root OTHER    # another checkout of ogpparse (before/after)

Each page is a real seed page (002, a commitment page, unless named) with one part blown up:
- relevance: a relevance field of N repeated OGP value words (the scale-value search);
- milestone-titles: 50,000 title lines under one milestone (the title join);
- tooltips: ~1 MB line of glued capitals and "..." (the glossary-tooltip pattern);
- dot-leaders: a 0.9 MB line of a contents page's dot leaders (an ellipsis every 37 characters);
- glued-near-markers: a 0.9 MB line of glued capitals with an ellipsis every 504 characters;
- hidden-spans: the HTML page with 40,000 hidden spans in a row (their tails make one text);
- dotted-contact: seed page 003 with 400,000 dots under its contact's e-mail (the e-mail search);
- one-line-title: a French IRM report page whose title, its years left out, runs on for 400 KB;
- unclosed-comments: the HTML page and 200,000 unclosed "<!-- ", read with provenance (its
  source lines: markup removed);
- long-lines: 100 distinct pages of long lines, for memory (the per-run caches).
Times are seconds of parse_bytes in one warm process (imports excluded); memory is the peak
RSS of the process after parsing the 100 distinct pages.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = next((HERE.parent / "fixtures/seeds").glob("002_*.txt"))
HTML = HERE.parent / "fixtures/html/commitment_MXROO0006.html"  # the same page, saved as HTML


def relevance_page(n: int) -> bytes:
    seed = SEED.read_text(encoding="utf-8")
    return seed.replace("Relevance to OGP Values: Yes",
                        "Relevance to OGP Values: " + "Access to information " * n, 1).encode()


def milestone_titles_page(n: int = 50_000) -> bytes:
    seed = SEED.read_text(encoding="utf-8")
    lines = "\n".join(f"Title part {i} of the first milestone" for i in range(n))
    return seed.replace("1\n\nSignature of Memorandum", "1\n\n" + lines + "\nSignature of Memorandum", 1).encode()


def tooltips_page(size: int = 1_000_000) -> bytes:
    seed = SEED.read_text(encoding="utf-8")
    unit = "the budget is openGlossary term with a definition that runs on for a while but never ends "
    blob = unit * (size // len(unit)) + "..."
    return seed.replace("Milestones\n\n9 Milestones", blob + "\n\nMilestones\n\n9 Milestones", 1).encode()


def dot_leaders_page(size: int = 900_000) -> bytes:
    """A contents page flattened onto one line: its dot leaders are ellipses ("...") every
    few characters, each an end marker of a tooltip."""
    seed = SEED.read_text(encoding="utf-8")
    unit = "Section 2 " + "." * 24 + " 7 "
    return seed.replace("Milestones\n\n9 Milestones", unit * (size // len(unit)) + "\n\nMilestones\n\n9 Milestones",
                        1).encode()


def glued_near_markers_page(size: int = 900_000) -> bytes:
    """One line of capitals glued to the word before, with an ellipsis every ~500
    characters: a tooltip can start at each capital, and ~440 characters before an
    ellipsis the search for its end runs 420 characters and fails."""
    seed = SEED.read_text(encoding="utf-8")
    unit = "aB" * 250 + "... "
    return seed.replace("Milestones\n\n9 Milestones", unit * (size // len(unit)) + "\n\nMilestones\n\n9 Milestones",
                        1).encode()


def hidden_spans_page(n: int = 40_000) -> bytes:
    """The real HTML commitment page with n hidden spans (screen-reader text) in a row at
    the top of its body, each followed by a letter: their tails all join one text."""
    html = HTML.read_text(encoding="utf-8")
    head, body = html.split("<body", 1)
    attributes, inner = body.split(">", 1)
    return (head + "<body" + attributes + ">" + "<span class='sr-only'>x</span>y" * n + inner).encode()


def dotted_contact_page(size: int = 400_000) -> bytes:
    """Seed page 003 (a French commitment page) with a line of dots (a form's blank to fill)
    under its contact's e-mail and telephone: the e-mail search once tried each dot."""
    seed = next((HERE.parent / "fixtures/seeds").glob("003_*.txt")).read_text(encoding="utf-8")
    line = "lmj777@korea.kr, + 82-2-2100-4145"
    return seed.replace(line, line + "\n" + "." * size, 1).encode()


def unclosed_comments_page(n: int = 200_000) -> bytes:
    """The HTML page followed by n unclosed comment starts ("<!-- "): read with
    --provenance, the page's source lines are its markup with tags and comments removed."""
    return (HTML.read_text(encoding="utf-8") + "<!-- " * n).encode()


def one_line_title_page(size: int = 400_000) -> bytes:
    """A French IRM report page whose title line, its years left out, runs on with a
    report's name over and over (a page dumped as one line): the title pattern "a report's
    name ... a year" finds no year after any of them."""
    page = (HERE.parent / "fixtures/corpus/fr/irm_cote-divoire-action-plan-review-2022-2024.txt").read_text(encoding="utf-8")
    unit = " Rapport d'avancement du membre —"
    return page.replace(" 2022-2024", unit * (size // len(unit)), 1).encode()


def long_lines_page(i: int) -> bytes:
    """A real page whose paragraphs are long and unique to this page (nothing repeats)."""
    seed = SEED.read_text(encoding="utf-8")
    para = " ".join(f"word{i}x{j}" for j in range(2000))
    return "\n".join(line + " " + para if len(line) > 80 else line for line in seed.splitlines()).encode()


PAGES = {
    "relevance-20000": lambda: relevance_page(20_000),
    "relevance-80000": lambda: relevance_page(80_000),
    "milestone-titles-50000": milestone_titles_page,
    "tooltips-1MB": tooltips_page,
    "dot-leaders-0.9MB": dot_leaders_page,
    "glued-near-markers-0.9MB": glued_near_markers_page,
    "hidden-spans-1.2MB": hidden_spans_page,
    "dotted-contact-0.4MB": dotted_contact_page,
    "one-line-title-0.4MB": one_line_title_page,
}
PROVENANCE_PAGES = {  # parsed with provenance=True
    "unclosed-comments-1MB": unclosed_comments_page,
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", help="checkout of ogpparse to time (default: this one)")
    ap.add_argument("--only", nargs="*", help="page names to time")
    ap.add_argument("--distinct", type=int, default=100, help="distinct long-line pages for memory")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(args.root).resolve() if args.root else HERE.parent))
    from ogpparse import parse_bytes

    parse_bytes(SEED.read_bytes(), "warm-up")
    if args.distinct:  # first: the peak RSS must not be the pathological pages'
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for i in range(args.distinct):
            parse_bytes(long_lines_page(i), f"long-{i}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{args.distinct} distinct long-line pages: peak RSS {peak:.0f} MiB "
              f"({peak - base:+.0f} MiB over the warm process)", flush=True)
    for name, make in {**PAGES, **PROVENANCE_PAGES}.items():
        if args.only is not None and name not in args.only:
            continue
        data = make()
        start = time.perf_counter()
        parse_bytes(data, name, provenance=name in PROVENANCE_PAGES)
        print(f"{name:24} {len(data) / 1e6:5.2f} MB  {time.perf_counter() - start:7.2f} s", flush=True)

if __name__ == "__main__":
    main()
