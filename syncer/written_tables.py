"""Tables written other than as a GFM pipe table, read as the pipe table they stand for.

Postmortems exported from Confluence, Google Docs or a wiki keep their action table as HTML
(`<table><tr><th>Action</th><th>Owner</th></tr><tr><td>…</td>…</tr></table>`, with or without
`<thead>`/`<tbody>`, attributes, `<p>`, `<br>` and `<a href>` in cells); others write pipe rows
without the delimiter row (`| Action | Owner |` then data rows), which CommonMark reads as a
paragraph. Both are rewritten as a pipe table of the same cells, so a table is read by one set of
rules (column roles, fields, the sections where an action table counts). Pure; the standard
library's html.parser reads the HTML in one pass.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from html.parser import HTMLParser

from syncer.field_names import column_role

# what would make a cell's words markup: emphasis, code, links, HTML, a cell's end, an entity
_MARKDOWN_PUNCT = re.compile(r"([\\`*_\[\]<|~]|&(?=#?[0-9A-Za-z]{1,32};))")
_URL_UNSAFE = re.compile(r"[\s<>]")
_BAD_SCHEME = re.compile(r"(?i)\s*(?:javascript|vbscript|file|data):")  # addresses Markdown links refuse
_SPACE = re.compile(r"\s+")
_CELL_BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})
_MAX = 2_000_000  # a longer HTML block is no postmortem's table: left as it is


def _escaped(words: str) -> str:
    return _MARKDOWN_PUNCT.sub(r"\\\1", words)


class _TableReader(HTMLParser):
    """The rows of each outermost table of a fragment, and where the table starts and ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[tuple[int, int], tuple[int, int] | None, list[tuple[int, list[str]]]]] = []
        self._depth = 0  # tables open, a table in a cell counting as its cell's words
        self._rows: list[tuple[int, list[str]]] = []  # (line of the row, its cells)
        self._cell: list[str] | None = None
        self._start: tuple[int, int] = (1, 0)
        self._href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._rows, self._cell, self._start = [], None, self.getpos()
            return
        if self._depth != 1 or tag not in ("tr", "td", "th"):
            self._inline(tag, attrs)
            return
        self._end_cell()
        if tag == "tr":
            self._rows.append((self.getpos()[0], []))
        else:
            if not self._rows:  # a cell before any <tr>: its row opens with it
                self._rows.append((self.getpos()[0], []))
            self._cell = []

    def _inline(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._cell is None:
            return
        if tag in _CELL_BREAKS or tag in ("td", "th", "table"):
            self._cell.append(" ")
        elif tag == "a":
            href = dict(attrs).get("href")
            href = _URL_UNSAFE.sub("", href) if href and not _BAD_SCHEME.match(href) else None
            self._href.append(href or None)
            if href:
                self._cell.append("[")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "table":  # "<br/>", "<img/>"; a self-closed table opens nothing
            self._inline(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            self._depth -= 1
            if self._depth == 0:
                self._end_cell()
                self.tables.append((self._start, self.getpos(), self._rows))
            return
        if self._depth == 1 and tag in ("td", "th", "tr"):
            self._end_cell()
        elif self._cell is not None and tag == "a" and self._href:
            if href := self._href.pop():
                self._cell.append(f"](<{href}>)")
        elif self._cell is not None and tag in _CELL_BREAKS:
            self._cell.append(" ")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(_escaped(data))

    def _end_cell(self) -> None:
        if self._cell is not None and self._rows:
            while self._href:  # an anchor left open closes with its cell
                if self._href.pop():
                    self._cell.append("]()")
            self._rows[-1][1].append(_SPACE.sub(" ", "".join(self._cell)).strip())
        self._cell = None

    def close(self) -> None:
        super().close()
        if self._depth:  # a table the fragment never closes ends with it
            self._end_cell()
            self.tables.append((self._start, None, self._rows))
            self._depth = 0


def _pipe_rows(rows: list[tuple[int, list[str]]]) -> list[tuple[str, int]] | None:
    """A table's rows as pipe-table lines with the line each comes from, the first row its
    header, every row as wide as it; None for a table of one column (a page's layout, a boxed
    note), which holds no columns to read."""
    rows = [(line, cells) for line, cells in rows if any(cells)]
    if len(rows) < 2 or len(rows[0][1]) < 2:
        return None
    width = len(rows[0][1])
    lines = [("| " + " | ".join((cells + [""] * width)[:width]) + " |", line - 1) for line, cells in rows]
    return [lines[0], ("|" + "---|" * width, rows[0][0] - 1), *lines[1:]]


def html_tables(fragment: str) -> list[tuple[str, int]] | None:
    """An HTML block holding tables as Markdown lines, each with the line of the fragment it
    comes from: every table of two columns or more as a pipe table, what lies around them as it
    was written; None when the fragment holds no such table."""
    if len(fragment) > _MAX or "<table" not in fragment.lower():
        return None
    reader = _TableReader()
    reader.feed(fragment)
    reader.close()
    starts = [0]  # offset of each line of the fragment: getpos() gives (line, column)
    starts += [at + 1 for at, char in enumerate(fragment) if char == "\n"]
    out: list[tuple[str, int]] = []
    done = 0  # offset of the fragment written so far
    for (line, column), end, rows in reader.tables:
        written = _pipe_rows(rows)
        if written is None:
            continue
        at = starts[line - 1] + column
        stop = len(fragment) if end is None else fragment.find(">", starts[end[0] - 1] + end[1]) + 1 or len(fragment)
        out += _around(fragment, done, at, starts)
        out += [*written, ("", written[-1][1])]
        done = stop
    if not out:
        return None
    out += _around(fragment, done, len(fragment), starts)
    return out


def _around(fragment: str, start: int, end: int, starts: list[int]) -> list[tuple[str, int]]:
    """The fragment's lines between two tables as written, each ended by a blank line so the
    table after it opens a block of its own."""
    text = fragment[start:end]
    if not text.strip():
        return []
    first = bisect_right(starts, start) - 1  # its line: counting newlines from 0 each time is quadratic
    return [(part.strip(), first + k) for k, part in enumerate(text.split("\n")) if part.strip()] + [("", first)]


def delimited_rows(content: str) -> list[str] | None:
    """A paragraph of pipe rows written without the delimiter row, whose first row names the
    columns of an action table ("| Action | Owner | Due |"), as a pipe table: its lines with the
    delimiter row after the first; None for any other paragraph."""
    lines = content.split("\n")
    if len(lines) < 2 or not all(line.strip().startswith("|") and line.strip().endswith("|") for line in lines):
        return None
    header = [cell.strip() for cell in re.split(r"(?<!\\)\|", lines[0].strip())[1:-1]]
    if len(header) < 2 or any(set(cell) <= set("-: ") and cell for cell in header):
        return None
    roles = [column_role(cell) for cell in header]
    if "text" not in roles and sum(role is not None for role in roles) < 2:
        return None  # rows of data, not an action table's header
    return [lines[0], "|" + "---|" * len(header), *lines[1:]]
