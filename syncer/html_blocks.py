"""HTML blocks of a document read as the Markdown they stand for.

Pages exported from Confluence, Google Docs or a CMS keep their lists and paragraphs as HTML
(`<ul><li>…</li></ul>`, `<p>…<br>…</p>`). Written as Markdown, the same words are lists,
paragraphs and headings that pmsync reads with its usual rules (an action list's entries, the
lines after an action label, a heading over its part); here each top-level HTML block holding
lists, paragraphs, line breaks or headings is rewritten so. Tables, preformatted code, scripts
and comments are left as they are (tables: syncer.written_tables). Pure and linear: one pass over the tags, a bounded pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from syncer.markup import anchor_href
from syncer.written_tables import delimited_rows, html_tables

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,10})(\s[^<>]{0,2000})?/?>")
_READ = re.compile(r"<(?:li|p|br|h[1-6])[\s/>]", re.IGNORECASE)  # what makes a block worth rewriting
_KEPT = re.compile(r"<(?:table|pre|script|style|!--)", re.IGNORECASE)  # what it must not hold
_SPACE = re.compile(r"\s+")
_BREAKS = frozenset({"p", "div", "section", "article", "blockquote", "details", "summary", "body", "html"})
_INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}
_MAX = 200_000  # a longer HTML block is no postmortem's prose: left as it is
_DEPTH = 8  # lists nested deeper are written at this depth (an indent per level would grow without end)


@dataclass
class _Writer:
    """Markdown lines being written, with the HTML lists open around them."""

    lines: list[str] = field(default_factory=list)
    line: str = ""
    prefix: str = ""  # what the line starts with: a list marker, or the indent of its entry
    lists: list[list[int]] = field(default_factory=list)  # per open list: [ordered, entries so far]
    links: list[str | None] = field(default_factory=list)  # per open <a>: its address, if any
    deeper: int = 0  # lists open beyond _DEPTH

    def _indent(self, lists: list[list[int]]) -> str:
        return "".join(" " * (len(str(count)) + 2 if ordered else 2) for ordered, count in lists)

    def text(self, words: str) -> None:
        self.line += words

    def flush(self) -> None:
        if self.line.strip():
            self.lines.append(self.prefix + self.line.strip())
            self.prefix = self._indent(self.lists)
        self.line = ""

    def blank(self) -> None:
        self.flush()
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def tag(self, closing: bool, name: str, attributes: str) -> None:
        if name in ("ul", "ol"):
            self.flush() if self.lists else self.blank()
            if closing and self.deeper:
                self.deeper -= 1
            elif closing and self.lists:
                self.lists.pop()
            elif not closing and len(self.lists) >= _DEPTH:
                self.deeper += 1
            elif not closing:
                self.lists.append([name == "ol", 0])
            self.prefix = self._indent(self.lists)
            if not self.lists:
                self.blank()
        elif name == "li":
            self.flush()
            if not closing:
                if not self.lists:  # an entry outside any list: a list of its own
                    self.lists.append([False, 0])
                self.lists[-1][1] += 1
                ordered, count = self.lists[-1]
                self.prefix = self._indent(self.lists[:-1]) + (f"{count}. " if ordered else "- ")
        elif name == "br" or (name in _BREAKS and self.lists):
            self.flush()
        elif name in _BREAKS:
            self.blank()
        elif len(name) == 2 and name[0] == "h" and name[1] in "123456":
            self.blank()
            if not closing:
                self.line = "#" * int(name[1]) + " "
        elif name in _INLINE:
            self.line += _INLINE[name]
        elif name == "a":
            if not closing:
                self.links.append(anchor_href(f"<a{attributes}>") if attributes else None)
                self.line += "[" if self.links[-1] is not None else ""
            elif self.links and (href := self.links.pop()) is not None:
                self.line += f"]({href})"


def markdown_from_html(fragment: str) -> list[str] | None:
    """The Markdown lines an HTML fragment of lists, paragraphs and headings stands for, or None
    when it holds none or holds what is no prose (a table, code, a comment)."""
    if len(fragment) > _MAX or _READ.search(fragment) is None or _KEPT.search(fragment) is not None:
        return None
    writer = _Writer()
    at = 0
    for match in _TAG.finditer(fragment):
        writer.text(_SPACE.sub(" ", fragment[at : match.start()]))
        writer.tag(match.group(1) == "/", match.group(2).lower(), match.group(3) or "")
        at = match.end()
    writer.text(_SPACE.sub(" ", fragment[at:]))
    writer.blank()
    return writer.lines


def _written(token: Token, source: list[str]) -> list[tuple[str, int]] | None:
    """A block's Markdown lines, each with the line of the block it comes from, where it is
    written otherwise (tables as HTML or without a delimiter row, lists and paragraphs as HTML)."""
    if token.type == "inline":  # a paragraph's words: pipe rows without a delimiter row
        rows = delimited_rows("\n".join(source)) if token.content.startswith("|") else None
        return None if rows is None else [(row, max(k - 1, 0)) for k, row in enumerate(rows)] + [("", len(source) - 1)]
    if (tables := html_tables(token.content)) is not None:
        return tables
    written = markdown_from_html(token.content)
    return None if written is None else [(line, k) for k, line in enumerate([*written, ""])]


def html_as_markdown(text: str, tokens: list[Token]) -> tuple[str, list[int]] | None:
    """`text` with each top-level HTML block of tables, lists and paragraphs and each paragraph of
    pipe rows without a delimiter row written as Markdown, and for
    each line of the new text the line of `text` it comes from; None when there is none."""
    lines = text.split("\n")
    out: list[str] = []
    origin: list[int] = []
    done = 0
    for token in tokens:
        if not token.map or (token.type, token.level) not in (("html_block", 0), ("inline", 1)):
            continue
        start, end = token.map
        written = _written(token, lines[start:end])
        if written is None:
            continue
        out += lines[done:start]
        origin += range(done, start)
        out += [line for line, _ in written]
        origin += [start + min(at, end - start - 1) for _, at in written]
        done = end
    if not out:
        return None
    out += lines[done:]
    origin += range(done, len(lines))
    return "\n".join(out), origin
