"""Build fixtures/html/commitment_MXROO0006.html from the real text dump of seed 002.

The corpus holds text dumps only; this HTML page is CONSTRUCTED around the real page text
to exercise the HTML reader: site chrome (header, nav, footer, scripts, styles, a hidden
skip link), glossary tooltip markup, and milestone status lists where the markup marks the
selected status (class "active", aria-checked, a checked input). Run once; the output is
committed. The expected record beside it was written by hand from seed 002's expected
record plus the statuses this script marks.
"""
import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "fixtures/seeds/002_d0aed3a1e4458158.txt"
OUT = ROOT / "fixtures/html/commitment_MXROO0006.html"
STATUS = ["Not started", "In progress", "Stuck", "Finished", "Incomplete"]
# milestone number -> how the selected status is marked
MARKED = {1: ("Finished", "class"), 2: ("Finished", "aria"), 3: ("Finished", "input"),
          4: ("In progress", "class"), 5: ("In progress", "class"), 6: ("In progress", "aria"),
          7: ("Stuck", "class"), 8: ("Not started", "class"), 9: ("Incomplete", "class")}
HEADINGS = {"Overview", "At-a-Glance", "Description", "Milestones", "Inception Report Summary",
            "Commitment ID", "Commitment Title", "Problem", "Status quo", "Action", "Primary Policy Area",
            "Primary Sector", "Commitments",
            "How will the commitment contribute to solving the public problem described above?",
            "What long-term goal as identified in your Open Government Strategy does this commitment relate to?",
            "What OGP value is this commitment relevant to?"}


def status_list(number):
    chosen, how = MARKED[number]
    items = []
    for s in STATUS:
        if s != chosen:
            items.append(f"<li>{s}</li>")
        elif how == "class":
            items.append(f'<li class="status-item active">{s}</li>')
        elif how == "aria":
            items.append(f'<li role="radio" aria-checked="true">{s}</li>')
        else:
            items.append(f'<li><input type="radio" checked disabled> {s}</li>')
    return '<ul class="milestone-status">' + "".join(items) + "</ul>"


def body(lines):
    out, i, number = [], 0, None
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line or line == "Skip Navigation":
            continue
        if line.startswith("•"):
            item = line.lstrip("• ").strip()
            if item in STATUS:
                if item == STATUS[0]:
                    out.append(status_list(number))
                continue
            out.append(f"<ul><li>{html.escape(item)}</li></ul>")
        elif re.fullmatch(r"\d{1,2}", line):
            number = int(line)
            out.append(f'<div class="milestone"><span class="milestone-number">{number}</span></div>')
        elif line.startswith(("Start Date", "End Date")):
            label, value = line[:10], line[10:]
            out.append(f'<div class="date"><strong>{label}</strong><span>{value}</span></div>')
        elif line in HEADINGS:
            out.append(f"<h3>{html.escape(line)}</h3>")
        else:
            text = html.escape(line)
            # Glossary tooltip markup, as the site renders terms: the definition is hidden.
            text = text.replace("open data", 'open <span class="glossary-term">data<span class="tooltip">'
                                "Open data is data that anyone can access, use and share... More</span></span>", 1)
            out.append(f"<p>{text}</p>")
    return "\n".join(out)


def main():
    lines = SRC.read_text(encoding="utf-8").splitlines()
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Commitment | Open Government Partnership</title>
<style>.tooltip {{ display: none; }}</style>
<script>window.dataLayer = [{{"event": "Description: not page text"}}];</script></head>
<body>
<a class="skip-link screen-reader-text" href="#main">Skip Navigation</a>
<header><nav><ul><li>About</li><li>Members</li><li>Commitments: all</li></ul></nav></header>
<main id="main">
{body(lines[1:])}
</main>
<footer><p>Open Government Partnership</p><p>Status: newsletter</p></footer>
<script>console.log("Lead Institution: not page text");</script>
</body></html>
"""
    OUT.write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
