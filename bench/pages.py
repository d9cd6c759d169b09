"""The benchmark's pages, all built from the real text pages in fixtures/:

- distinct text pages: page i is fixture page i mod 183 with every long line made unique (a
  page number appended), so that no cache can serve one page's paragraphs to another;
- realistic HTML pages: the same text inside the chrome of a real site page (head with meta
  tags, styles and scripts, a header with a mega-menu, breadcrumbs, a cookie banner, a
  footer with link columns, tracking scripts), ~40 KB each;
- single big pages (the size sweep): a commitment page that goes on for N MB.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "fixtures/seeds").glob("002_*.txt"))
LONG_LINE = 60  # characters: labels, values and short headings stay as the site prints them


def fixture_texts() -> list[str]:
    pages = sorted(p for p in (ROOT / "fixtures").rglob("*.txt") if "blind" not in p.parts)
    return [p.read_text(encoding="utf-8") for p in pages]


def made_unique(text: str, tag: str) -> str:
    """Every long line of `text` with `tag` appended: the same page, distinct paragraphs."""
    return "\n".join(f"{line} {tag}" if len(line) >= LONG_LINE else line for line in text.splitlines()) + "\n"


def distinct_text(texts: list[str], i: int) -> str:
    return made_unique(texts[i % len(texts)], f"(p{i})")


# --- HTML with a real site's chrome ----------------------------------------------------------

_SECTIONS = ["About", "Members", "Commitments", "Action Plans", "IRM", "Policy Areas", "Resources", "News"]
_TOPICS = ["Access to Information", "Anti-Corruption", "Civic Space", "Climate and Environment", "Digital Governance",
           "Fiscal Openness", "Gender and Inclusion", "Justice", "Open Contracting", "Public Service Delivery",
           "Beneficial Ownership", "Open Parliaments", "Local Governments", "Right to Information", "Lobbying"]


def _menu() -> str:
    """A mega-menu: every section with three columns of topic links."""
    items = []
    for s, section in enumerate(_SECTIONS):
        columns = "".join(
            f"<div class='menu-col'><h4 class='menu-col__title'>{section} {c + 1}</h4><ul class='menu menu--level-2'>"
            + "".join(f"<li class='menu-item'><a href='/{section.lower().replace(' ', '-')}/{t.lower().replace(' ', '-')}/'"
                      f" class='menu-link' data-drupal-link-system-path='node/{s * 100 + c * 20 + k}'>{t}</a></li>"
                      for k, t in enumerate(_TOPICS[c * 5:c * 5 + 5]))
            + "</ul></div>" for c in range(3))
        items.append(f"<li class='menu-item menu-item--expanded'><a href='/{section.lower()}/' class='menu-link' "
                     f"aria-expanded='false'>{section}</a><div class='mega-menu'>{columns}</div></li>")
    return "<ul class='menu menu--main'>" + "".join(items) + "</ul>"


def _settings_script() -> str:
    """The CMS's settings blob every page carries (paths, libraries, tracking ids)."""
    settings = {"path": {"baseUrl": "/", "pathPrefix": "", "currentLanguage": "en"},
                "ajaxPageState": {"libraries": ",".join(f"core/library-{i}" for i in range(120))},
                "views": {"ajaxViews": {f"views_dom_id:{i:032x}": {"view_name": "members", "view_display_id": f"block_{i}",
                                                                     "view_args": "", "view_path": "/node/1"}
                                        for i in range(24)}},
                "gtm": {"tagId": "GTM-XXXXXXX", "settings": {"include_environment": False}},
                "data": {"extlink": {"extTarget": True, "extClass": "ext", "extLabel": "(link is external)"}}}
    return f"<script type='application/json' data-drupal-selector='drupal-settings-json'>{json.dumps(settings)}</script>"


def _footer() -> str:
    columns = "".join(
        f"<div class='footer-col'><h3>{section}</h3><ul>"
        + "".join(f"<li><a href='/{section.lower()}/{t.lower().replace(' ', '-')}/'>{t}</a></li>" for t in _TOPICS[:9])
        + "</ul></div>" for section in _SECTIONS[:6])
    return (f"<footer class='site-footer'><div class='container'>{columns}"
            "<form class='newsletter' action='/subscribe'><label for='email'>Sign up for our newsletter</label>"
            "<input id='email' type='email' name='email'><button type='submit'>Subscribe</button></form>"
            "<ul class='social'><li><a href='https://x.com/opengovpart'>X</a></li><li><a href='https://facebook.com/'>"
            "Facebook</a></li><li><a href='https://linkedin.com/'>LinkedIn</a></li></ul>"
            "<p class='copyright'>Open Government Partnership. All rights reserved.</p></div></footer>")


def _head(title: str) -> str:
    style = "".join(f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i * 4021 % 0xFFFFFF:06x}}}" for i in range(120))
    meta = "".join(f"<link rel='stylesheet' href='/sites/default/files/css/css_{i:040x}.css' media='all'>" for i in range(6))
    return ("<head><meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1.0'>"
            f"<title>{html.escape(title)} | Open Government Partnership</title>"
            f"<meta property='og:title' content='{html.escape(title, quote=True)}'>"
            "<meta property='og:site_name' content='Open Government Partnership'>"
            "<link rel='canonical' href='https://www.opengovpartnership.org/'>"
            f"{meta}<style>{style}</style>"
            "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
            "var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='/gtm.js?id='+i;"
            "f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-XXXXXXX');</script>"
            "<script type='application/ld+json'>{\"@context\": \"https://schema.org\", \"@type\": \"WebPage\"}</script>"
            "</head>")


def _chrome() -> tuple[str, str]:
    """(what comes before the page's text, what comes after it), the same on every page."""
    svg = "<svg style='display:none'>" + "".join(
        f"<symbol id='icon-{i}' viewBox='0 0 24 24'><path d='M{i} 0L24 {i}L{24 - i} 24L0 {24 - i}Z'/></symbol>"
        for i in range(24)) + "</svg>"
    before = ("<body class='path-node page-node-type-commitment'>"
              "<noscript><iframe src='https://www.googletagmanager.com/ns.html?id=GTM-XXXXXXX' height='0' width='0'>"
              "</iframe></noscript>" + svg +
              "<a href='#main-content' class='visually-hidden focusable skip-link'>Skip to main content</a>"
              "<div class='dialog-off-canvas-main-canvas'>"
              "<header class='site-header'><div class='container'><a href='/' class='logo'>Open Government "
              "Partnership</a><nav class='main-nav' aria-label='Main'>" + _menu() + "</nav>"
              "<nav class='lang-switcher'><ul><li><a hreflang='en'>English</a></li><li><a hreflang='fr'>Français</a>"
              "</li><li><a hreflang='es'>Español</a></li></ul></nav>"
              "<form class='search' action='/search'><input type='search' name='keys' placeholder='Search'></form>"
              "</div></header>"
              "<nav class='breadcrumb' aria-label='Breadcrumb'><ol><li><a href='/'>Home</a></li><li>"
              "<a href='/members/'>Members</a></li><li>Commitment</li></ol></nav>"
              "<main id='main-content' role='main'><div class='container'><div class='row'>"
              "<article class='node node--type-commitment node--view-mode-full'><div class='node__content'>")
    after = ("</div></article></div></div></main>" + _footer() +
             "<div id='cookie-banner' class='cookie-banner hidden' role='dialog'><p>We use cookies to improve "
             "your experience.</p><button>Accept</button></div></div>" + _settings_script() +
             "".join(f"<script src='/sites/default/files/js/js_{i:040x}.js'></script>" for i in range(8)) +
             "</body></html>")
    return before, after


_CHROME = None


def as_html(text: str) -> str:
    """The text page as the site serves it: its lines as headings, paragraphs and list items
    inside the site's chrome."""
    global _CHROME
    if _CHROME is None:
        _CHROME = _chrome()
    before, after = _CHROME
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = []
    for line in lines:
        if line.startswith(("• ", "- ")):
            body.append(f"<ul class='field__items'><li class='field__item'>{html.escape(line[2:])}</li></ul>")
        elif len(line) < 40 and not line.endswith((".", ":")) and ":" not in line:
            body.append(f"<h3 class='field__label'>{html.escape(line)}</h3>")
        else:
            body.append(f"<div class='field'><p>{html.escape(line)}</p></div>")
    title = lines[0] if lines else "Open Government Partnership"
    return "<!DOCTYPE html><html lang='en' dir='ltr'>" + _head(title) + before + "\n".join(body) + after


# --- one big page ----------------------------------------------------------------------------

def big_text(size: int, texts: list[str]) -> str:
    """A real commitment page that goes on: paragraphs of the fixture pages (each made unique)
    after its own text, until it is `size` bytes."""
    parts = [SEED.read_text(encoding="utf-8")]
    total, i = len(parts[0].encode()), 0
    paragraphs = [line for t in texts for line in t.splitlines() if len(line) >= LONG_LINE]
    while total < size:
        line = f"{paragraphs[i % len(paragraphs)]} (part {i})\n"
        parts.append(line)
        total += len(line.encode())
        i += 1
    return "".join(parts)
