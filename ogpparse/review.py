"""The review page: one self-contained HTML file (no network, no external script or font) for
one or more pages. For each page, its text on the left with every source span highlighted
and the record's fields on the right; clicking a field scrolls to and marks its span
(`#field=PATH`, or `#field=K:PATH` for the K-th page, does the same on opening); fields
with warnings are marked; a truncated page says so at the top.
"""
from __future__ import annotations

import json
from html import escape
from typing import Iterable

from .paths import walk
from .show import PageView

_CSS = """
:root{--mark:#fff3b0;--on:#ffb347;--warn:#c0392b;--line:#8a8a8a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1d;background:#fafafa}
header.top{padding:8px 16px;background:#24324a;color:#fff}
header.top a{color:#cfe3ff;margin-right:12px}
section.page{border-bottom:3px solid #24324a}
section.page>h2{margin:0;padding:8px 16px;font-size:16px;background:#e8edf5}
.banner{padding:6px 16px;background:#fdecea;color:var(--warn);font-weight:600}
.cols{display:flex;height:calc(100vh - 90px);min-height:420px}
.text{flex:1 1 58%;overflow:auto;background:#fff;border-right:1px solid #ddd;padding:6px 0;
  font:12.5px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.fields{flex:1 1 42%;overflow:auto;padding:6px 10px}
.ln{display:flex;white-space:pre-wrap;word-break:break-word}
.ln .no{flex:0 0 4.5em;text-align:right;padding-right:.8em;color:var(--line);user-select:none}
.ln.src .no{color:#24324a;font-weight:600}
mark{background:var(--mark);border-radius:2px;cursor:pointer}
mark.on{background:var(--on);outline:2px solid #e67e22}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td{border-bottom:1px solid #eee;padding:3px 4px;vertical-align:top}
td.path{width:38%;font:12px ui-monospace,Menlo,Consolas,monospace;word-break:break-all;color:#24324a}
tr.f{cursor:pointer}
tr.f:hover{background:#eef4ff}
tr.f.on{background:#ffe2bf}
tr.none td.path{color:#999}
tr.warn td.path::before{content:"\\26A0  ";color:var(--warn)}
tr.warn td.path{color:var(--warn)}
td.val{overflow-wrap:anywhere}
td.at{width:5.5em;white-space:nowrap;color:var(--line);font-size:12px;text-align:right}
.note{color:#666;font-size:12px;padding:2px 4px}
"""

# Clicking a field (or opening #field=...) marks its spans and scrolls the page text to the
# first; clicking a highlighted span marks the fields it gave.
_JS = """
(function(){
function clear(sec){sec.querySelectorAll('.on').forEach(function(e){e.classList.remove('on')})}
function pick(sec,id){
  clear(sec);
  var row=sec.querySelector('tr[data-id="'+id+'"]');
  if(row){row.classList.add('on');row.scrollIntoView({block:'nearest'})}
  var marks=sec.querySelectorAll('mark[data-f~="'+id+'"]');
  marks.forEach(function(m){m.classList.add('on')});
  if(marks.length){marks[0].scrollIntoView({block:'center'})}
}
document.addEventListener('click',function(ev){
  var row=ev.target.closest('tr.f'), mark=ev.target.closest('mark');
  var sec=ev.target.closest('section.page');
  if(row&&sec){pick(sec,row.dataset.id);history.replaceState(null,'','#field='+sec.dataset.k+':'+row.dataset.path)}
  else if(mark&&sec){clear(sec);mark.dataset.f.split(' ').forEach(function(id){
    var r=sec.querySelector('tr[data-id="'+id+'"]');if(r){r.classList.add('on')}});
    var first=sec.querySelector('tr[data-id="'+mark.dataset.f.split(' ')[0]+'"]');
    if(first){first.scrollIntoView({block:'nearest'})};mark.classList.add('on')}
});
function fromHash(){
  var m=/^#field=(?:(\\d+):)?(.+)$/.exec(decodeURIComponent(location.hash));
  if(!m)return;
  var sec=document.querySelector('section.page[data-k="'+(m[1]||'0')+'"]');
  if(!sec)return;
  var row=sec.querySelector('tr[data-path="'+CSS.escape(m[2])+'"]');
  if(row){sec.scrollIntoView();pick(sec,row.dataset.id)}
}
window.addEventListener('hashchange',fromHash);
window.addEventListener('load',fromHash);
})();
"""


def _pieces(text: str, line_text: str, first: bool, last: bool, piece: str) -> tuple[int, int] | None:
    """Where `piece` (one line of a span's text) sits in the folded line: a span starts
    inside its first line, ends inside its last, and covers the lines between."""
    if first and last:
        pos = line_text.find(piece)
    elif first:
        pos = line_text.rfind(piece)
    else:
        pos = 0 if line_text.startswith(piece) else line_text.find(piece)
    return (pos, pos + len(piece)) if pos >= 0 else None


def line_ranges(view: PageView, ids: dict[str, str]) -> dict[int, list[tuple[int, int, str]]]:
    """Line number -> [(start, end, field id)] in that line's folded text."""
    out: dict[int, list[tuple[int, int, str]]] = {}
    folded = {}
    for path, span in (view.record.get("provenance") or {}).items():
        pieces = span["text"].split("\n")
        numbers = [n for n in range(span["line"], span["end_line"] + 1)
                   if " ".join(view.lines[n - 1].split())] if span["end_line"] <= len(view.lines) else []
        for i, (number, piece) in enumerate(zip(numbers, pieces)):
            text = folded.setdefault(number, " ".join(view.lines[number - 1].split()))
            where = _pieces(span["text"], text, i == 0, i == len(pieces) - 1, piece)
            if where:
                out.setdefault(number, []).append((*where, ids[path]))
    return out


def _marked_line(text: str, ranges: list[tuple[int, int, str]]) -> str:
    """The line's text with each stretch that gave values in a <mark> listing their fields."""
    cuts = sorted({0, len(text), *(a for a, _, _ in ranges), *(b for _, b, _ in ranges)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        chunk = escape(text[a:b])
        fields = [f for s, e, f in ranges if s <= a and b <= e]
        out.append(f'<mark data-f="{" ".join(dict.fromkeys(fields))}">{chunk}</mark>' if fields else chunk)
    return "".join(out)


def _warned(path: str, warnings: list[dict]) -> list[str]:
    out = []
    for w in warnings:
        f = w.get("field")
        if f and (path == f or path.startswith(f + ".") or path.startswith(f + "[")):
            out.append(f"{w['code']}: {w['message']}")
    return out


def _value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def render_page(view: PageView, k: int) -> str:
    record = view.record
    provenance = record.get("provenance") or {}
    warnings = record.get("warnings") or []
    leaves = [(p, v) for p, v in walk(record) if not p.startswith("provenance")]
    ids = {p: f"p{k}f{i}" for i, (p, _) in enumerate(leaves)}
    ranges = line_ranges(view, ids)
    out = [f'<section class="page" id="page{k}" data-k="{k}">',
           f"<h2>{escape(view.path)} — {escape(str(record.get('page_type')))}, "
           f"{escape(str(record.get('language') or '?'))}</h2>"]
    for w in warnings:
        if w["code"] == "truncated":
            out.append(f'<div class="banner">This page is truncated: {escape(w["message"])}</div>')
    out.append('<div class="cols"><div class="text">')
    for number, line in enumerate(view.lines, 1):
        text = " ".join(line.split())
        if not text:
            continue
        cls = "ln src" if number in ranges else "ln"
        out.append(f'<div class="{cls}" id="p{k}-L{number}"><span class="no">{number}</span>'
                   f'<span class="tx">{_marked_line(text, ranges.get(number, []))}</span></div>')
    out.append('</div><div class="fields"><table>')
    for path, value in leaves:
        span = provenance.get(path)
        notes = _warned(path, warnings)
        cls = ["f", "warn" if notes else "", "" if span else "none"]
        at = (f"L{span['line']}" + (f"–{span['end_line']}" if span["end_line"] != span["line"] else "")) if span else ""
        title = escape("\n".join(notes), quote=True)
        shown = _value(value)
        if len(shown) > 240:
            shown = shown[:240] + "…"
        out.append(f'<tr class="{" ".join(c for c in cls if c)}" data-id="{ids[path]}" '
                   f'data-path="{escape(path, quote=True)}" title="{title}">'
                   f'<td class="path">{escape(path)}</td><td class="val">{escape(shown)}</td>'
                   f'<td class="at">{at}</td></tr>')
    out.append('</table><div class="note">Click a field to see where the page says it; '
               'grey fields have no source line (null, or decided by the whole page).</div>')
    out.append("</div></div></section>")
    return "\n".join(out)


def render_review(views: Iterable[PageView]) -> str:
    views = list(views)
    nav = " ".join(f'<a href="#page{k}">{escape(v.path)}</a>' for k, v in enumerate(views))
    body = "\n".join(render_page(v, k) for k, v in enumerate(views))
    # The policy forbids every fetch: the file works offline and never calls out.
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
            "<title>ogpparse review</title>\n"
            f"<style>{_CSS}</style></head><body>\n"
            f'<header class="top"><b>ogpparse review</b> — {len(views)} page(s): {nav}</header>\n'
            f"{body}\n<script>{_JS}</script>\n</body></html>\n")


def write_review(views: Iterable[PageView], target: str) -> None:
    """Written atomically: a temporary file in the target's folder, renamed over it."""
    from .export import atomic_output

    html = render_review(views)
    with atomic_output(target) as fh:
        fh.write(html)
