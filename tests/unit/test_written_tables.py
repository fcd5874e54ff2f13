"""Action tables exported as HTML, or written as pipe rows without a delimiter row, read like the
Markdown table of the same cells: the same columns, fields and limits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncer.parse import parse_document
from syncer.written_tables import html_tables
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import SMALL, assert_linear
from tests.unit.test_parse_linear import read_linearly

STORY = "# Cache outage\n\n## Summary\n\nThe cache cluster lost its quorum.\n\n## Timeline\n\n- 10:02 alert fired\n\n"
ACTIONS = STORY + "## Action items\n\n"
ISSUE = "https://github.com/o/r/issues/9"
# (text, owner, due, ref, done) of each item the Markdown table of the same cells gives
EXPECTED = [
    ("Add a quorum alert", "Alice", "2026-03-01", ISSUE, False),
    ("Document the failover runbook & drill", "bob", "2026-04-01", None, True),
]
MARKDOWN = ACTIONS + (
    "| Action | Owner | Due | Ticket | Status |\n|---|---|---|---|---|\n"
    f"| Add a quorum alert | Alice | 2026-03-01 | [#9]({ISSUE}) | Open |\n"
    "| Document the failover runbook & drill | @bob | 2026-04-01 | | Done |\n"
)
HEADER = "<tr><th>Action</th><th>Owner</th><th>Due</th><th>Ticket</th><th>Status</th></tr>"
ROW_1 = f'<tr><td>Add a quorum alert</td><td>Alice</td><td>2026-03-01</td><td><a href="{ISSUE}">#9</a></td><td>Open</td></tr>'
ROW_2 = "<tr><td>Document the failover runbook &amp; drill</td><td>@bob</td><td>2026-04-01</td><td></td><td>Done</td></tr>"

HTML_TABLES = {
    "thead and tbody, a tag per line": "<table>\n<thead>\n" + HEADER + "\n</thead>\n<tbody>\n" + ROW_1 + "\n" + ROW_2
    + "\n</tbody>\n</table>\n",
    "no thead or tbody, all on one line": "<table>" + HEADER + ROW_1 + ROW_2 + "</table>\n",
    "attributes on every tag": '<table class="wrapped confluenceTable" data-layout="default"><colgroup><col/></colgroup>'
    '<tbody><tr style="x"><th class="confluenceTh"><p><strong>Action</strong></p></th><th scope="col">Owner</th>'
    "<th>Due</th><th>Ticket</th><th>Status</th></tr>" + ROW_1.replace("<td>", '<td class="confluenceTd">') + ROW_2
    + "</tbody></table>\n",
    "paragraphs, line breaks and links inside cells": "<table>\n" + HEADER + "\n<tr>\n  <td><p>Add a quorum alert</p></td>"
    f'\n  <td><p>Alice</p></td>\n  <td>2026-03-01</td>\n  <td><p><a href="{ISSUE}" target="_blank">#9</a></p></td>'
    "\n  <td>Open</td>\n</tr>\n<tr>\n  <td><p>Document the failover<br>runbook &amp;\n drill</p></td>\n  <td>@bob</td>"
    "\n  <td>2026-04-01</td>\n  <td></td>\n  <td><p>Done</p></td>\n</tr>\n</table>\n",
    "headers as td, entities and a table closed by the document's end": "<TABLE><TR><TD>Action</TD><TD>Owner</TD>"
    "<TD>Due</TD><TD>Ticket</TD><TD>Status</TD></TR>" + ROW_1 + ROW_2.replace("&amp;", "&#38;") + "\n",
    "inside a div beside a paragraph": "<div class=\"table-wrap\">\n<p>What we will change:</p>\n<table>" + HEADER + ROW_1
    + ROW_2 + "</table>\n</div>\n",
}


def _fields(text: str) -> list[tuple[str, str | None, str | None, str | None, bool]]:
    items = read_postmortem(text).items
    assert {item.found_by for item in items} == {"table"}
    return [(item.text, item.owner, item.due and item.due.isoformat(), item.ref, item.done) for item in items]


def test_the_markdown_table_gives_these_items() -> None:
    assert _fields(MARKDOWN) == EXPECTED


@pytest.mark.parametrize("html", list(HTML_TABLES.values()), ids=list(HTML_TABLES))
def test_an_html_action_table_reads_like_its_markdown(html: str) -> None:
    document = parse_document(ACTIONS + html, "pm/x.md")
    assert not [f for f in document.findings if f.rule == "table-cells"]
    assert _fields(ACTIONS + html) == EXPECTED


def test_each_html_row_keeps_its_line() -> None:
    html = HTML_TABLES["thead and tbody, a tag per line"]
    assert [item.line for item in read_postmortem(ACTIONS + html).items] == [18, 19]


def test_markup_written_in_a_cell_stays_its_words() -> None:
    html = "<table><tr><th>Action</th><th>Owner</th></tr><tr><td><a href=\"javascript:alert(1)\">Split</a> the *cache* | [tier] &lt; 5 ms</td>" \
        "<td>Alice</td></tr></table>\n"
    assert [(item.text, item.owner) for item in read_postmortem(ACTIONS + html).items] == \
        [("Split the *cache* | [tier] < 5 ms", "Alice")]


PIPE_ROWS = {
    "pipe rows without a delimiter row": (
        ACTIONS + "| Action | Owner | Due |\n| Add a quorum alert | Alice | 2026-03-01 |\n"
        "| Document the failover | Bob | 2026-04-01 |\n",
        [("Add a quorum alert", "Alice", 14), ("Document the failover", "Bob", 15)],
    ),
    "rows of data under a header naming no column": (
        ACTIONS + "- Add a quorum alert\n\n| host | zone |\n| db-1 | us-east |\n| db-2 | eu-west |\n",
        [("Add a quorum alert", None, 13)],
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(PIPE_ROWS.values()), ids=list(PIPE_ROWS))
def test_pipe_rows_without_a_delimiter_row(text: str, expected: list[tuple[str, str | None, int]]) -> None:
    assert [(item.text, item.owner, item.line) for item in read_postmortem(text).items] == expected


NOT_ACTION_TABLES = {
    "a timeline table": "# Cache outage\n\n## Summary\n\nThe cache cluster lost its quorum.\n\n## Timeline\n\n"
    "<table><tr><th>Time</th><th>Action</th><th>Owner</th></tr><tr><td>10:02</td><td>Restart the cache nodes</td>"
    "<td>Alice</td></tr></table>\n\n## Action items\n\n- Add a quorum alert\n",
    "a layout table of one column": ACTIONS + "- Add a quorum alert\n\n<table><tr><td>Action</td></tr>"
    "<tr><td>Restart the cache nodes by hand</td></tr><tr><td>Page the on-call engineer</td></tr></table>\n",
}


@pytest.mark.parametrize("text", list(NOT_ACTION_TABLES.values()), ids=list(NOT_ACTION_TABLES))
def test_a_table_that_is_no_action_table_gives_no_table_items(text: str) -> None:
    items = read_postmortem(text).items
    assert [item.text for item in items if item.found_by == "table"] == []
    assert "Add a quorum alert" in [item.text for item in items]


@pytest.mark.parametrize("kind", ["html table rows", "html tables never closed", "pipe rows without a delimiter row"])
def test_written_tables_stay_proportional(kind: str) -> None:
    units = {
        "html table rows": lambda i: "<table><tr><th>Action</th><th>Owner</th></tr>\n" if i == 0
        else f"<tr><td><p>Add probe {i} &amp; <a href='https://x/{i}'>alert</a><br>now</p></td><td>Alice</td></tr>\n",
        "html tables never closed": lambda i: "<table><tr><td>a<td><a href='x'><table><tr>" * 5 + "\n",
        "pipe rows without a delimiter row": lambda i: "| Action | Owner |\n" if i == 0 else f"| Add probe {i} | Alice |\n",
    }
    postmortem = read_linearly(units[kind])
    assert postmortem is not None
    if kind != "html tables never closed":
        assert len(postmortem.items) > 5_000  # every row was read



def test_many_tables_in_one_html_block_stay_proportional() -> None:
    # words between tables are placed by their line: finding it must not rescan the block
    unit = "<table><tr><td>a<td>b<tr><td>c<td>d</table>\nx\n"
    found = []

    def read(text: str) -> None:
        tables = html_tables(text)
        if len(text) > SMALL:
            found.append((len(text) // len(unit), tables))

    assert_linear(read, lambda size: unit * (size // len(unit)))
    count, tables = found[0]
    assert sum(line.startswith("| c |") for line, _ in tables) == count

@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    *"<>/=\"'&;#| \nabtrdhpl", "<table>", "</table>", "<tr>", "<td>", "</td>", "<th>", "<a href='", "</a>", "<br>",
    "<!--", "&amp", "<p", "<![CDATA[", "<?x", "<!DOCTYPE",
]), max_size=60).map("".join))
def test_any_html_is_read_without_raising(html: str) -> None:
    html_tables("<table>" + html)
    parse_document(ACTIONS + "<table>" + html + "\n\n| Action | Owner |\n" + html.replace("\n", " ") + "\n", "pm/x.md")
