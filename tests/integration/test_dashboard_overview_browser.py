"""The dashboard's overview, as a person opens it in Chromium on a laptop and on a phone:
follow-through numbers and 12-week trends first, then the teams, then what needs attention,
grouped by team and collapsible; readable without horizontal scrolling at 390 px, with an
accessible structure (heading order, table headers, described charts, palette contrast)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import time_machine

from syncer.cli import main
from tests.integration.test_dashboard_browser import (  # noqa: F401  (deployment is a fixture)
    NOW,
    _chromium,
    _dump_dom,
    _Page,
    _png_summary,
    _run_browser,
    deployment,
)

# Headless Chromium keeps windows at least 500 px wide, so the page is laid out in a 390 px
# wide root instead (the same narrow-screen styles apply below 48rem) and the right edge of
# every element is measured against it.
PROBE = """<script>
const overview = document.getElementById("overview-heading").getBoundingClientRect();
const attention = document.getElementById("attention-heading").getBoundingClientRect();
let right = 0;
for (const el of document.body.querySelectorAll("*")) right = Math.max(right, el.getBoundingClientRect().right);
document.title = JSON.stringify({right: Math.ceil(right), view: document.documentElement.getBoundingClientRect().width,
  height: innerHeight, overview: overview.top, attention: attention.top});
</script>"""


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.svgs: list[dict[str, str | None]] = []
        self.tables = 0
        self.col_headers = 0
        self.body_rows_without_header = 0
        self.details: list[bool] = []
        self._in_tbody = False
        self._row_has_th = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        elif tag == "svg":
            self.svgs.append(a)
        elif tag == "table":
            self.tables += 1
        elif tag == "th" and a.get("scope") == "col":
            self.col_headers += 1
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr":
            self._row_has_th = False
        elif tag == "th" and self._in_tbody and a.get("scope") == "row":
            self._row_has_th = True
        elif tag == "details":
            self.details.append("open" in a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_tbody = False
        elif tag == "tr" and self._in_tbody and not self._row_has_th:
            self.body_rows_without_header += 1


def _contrast(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _probe(browser: str, page: Path, tmp_path: Path, size: str) -> dict[str, float]:
    width = size.split(",")[0]
    """Layout facts measured by Chromium: the page itself runs no script (its CSP forbids it),
    so a copy without the CSP gets a probe that writes them into the title."""
    html = page.read_text()
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = tmp_path / f"probe-{size.replace(',', 'x')}.html"
    root = f"<style>html {{ width: {width}px; }}</style>"
    probe.write_text(html.replace("</head>", root + "</head>").replace("</body>", PROBE + "</body>"))
    dom = _run_browser(browser, tmp_path / f"profile-probe-{size}", f"--window-size={size}",
                       "--dump-dom", probe.as_uri()).stdout
    return json.loads(_Page.parse(dom).title)


def test_the_overview_comes_first_and_reads_well_on_a_laptop_and_a_phone(deployment, tmp_path):  # noqa: F811
    config, _ = deployment
    out = tmp_path / "index.html"
    with time_machine.travel(NOW, tick=False):
        assert main(["--config", str(config), "report", "--html", str(out)]) == 0
    browser = _chromium()
    dom = _dump_dom(browser, out, tmp_path)
    page = _Page.parse(dom)

    # Overview first, then teams, then what needs attention.
    order = [h for h in page.headings if h in ("Overview", "By team", "Needs attention (4)")]
    assert order == ["Overview", "By team", "By team", "Needs attention (4)"]  # trend by team, then team table
    assert page.headings[1] == "Overview"
    figures: dict[str, str] = {}
    for term, value in page.figures:  # the overview first, the glossary last
        figures.setdefault(term, value)
    # due in the last 90 days: INC-1/1 (2026-11-10), still open; verified: 10 and 16 days
    assert figures["On time (last 90 days)"] == "0%"
    assert figures["Overdue now"] == "1"
    assert figures["Median days to verified"] == "13 days"
    assert "0 of 1 due" in page.text and "of 3 not verified yet" in page.text
    rows = {cells[0]: cells[1:] for cells in page.rows if len(cells) == 4}
    assert rows["payments"][0] == "0%" and rows["payments"][2] == "1"
    assert rows["web"][0] == "—" and rows["web"][2] == "0"
    assert rows["P1"][0] == "0%" and rows["P1"][2] == "1"

    structure = _Structure()
    structure.feed(dom)
    # headings never skip a level
    assert structure.levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(structure.levels, structure.levels[1:], strict=False))
    # every chart is described in words; every table has column headers and row headers
    assert len(structure.svgs) == 4  # all teams, payments, web, P1
    assert all(s.get("role") == "img" and "on-time rate per week" in (s.get("aria-label") or "")
               for s in structure.svgs)
    assert structure.col_headers >= 4 * structure.tables
    assert structure.body_rows_without_header == 0
    # needs attention: one collapsible group per team, the largest open
    assert structure.details[:2] == [True, False]
    assert "payments: 2 items" in page.text and "web: 2 items" in page.text
    # the palette keeps text readable (WCAG AA, 4.5:1) on white and on the card background
    palette = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", out.read_text()))
    for name in ("fg", "muted", "link", "flag", "ok"):
        assert _contrast(palette[name], "#ffffff") >= 4.5, name
    assert _contrast(palette["muted"], palette["soft"]) >= 4.5

    laptop = _probe(browser, out, tmp_path, "1366,768")
    phone = _probe(browser, out, tmp_path, "390,844")
    assert phone["view"] == 390 and phone["right"] <= 390  # no horizontal scrolling
    assert laptop["view"] == 1366 and laptop["right"] <= 1366
    for layout in (laptop, phone):  # the overview is above the fold
        assert 0 < layout["overview"] < layout["height"] / 2
        assert layout["attention"] > layout["overview"]

    for size in ("1366,768", "390,844"):
        shot = tmp_path / f"shot-{size.replace(',', 'x')}.png"
        _run_browser(browser, tmp_path / f"profile-shot-{size}", "--hide-scrollbars",
                     f"--screenshot={shot}", f"--window-size={size}", out.as_uri())
        width, height, distinct = _png_summary(shot)
        assert f"{width},{height}" == size and distinct > 8
