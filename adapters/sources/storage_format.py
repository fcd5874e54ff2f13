"""Confluence storage format (XHTML with `ac:`/`ri:` elements) to the Markdown pmsync parses.

Pure: text in, Markdown and findings out. Headings, paragraphs, lists, tables and task
lists become the same Markdown structure a team would write, so the one parser
(syncer.parse) reads Confluence pages exactly as it reads files. What a page says in
Confluence's own terms is spelled the way the parser reads it:

- a task (`<ac:task>`) is a checkbox item; its status checks the box; its first mention
  (`<ri:user ri:account-id=…>` or `ri:username`) becomes `Owner: @handle` through the people
  directory and its first `<time datetime=…>` becomes `Due: YYYY-MM-DD`;
- the page properties macro (`details`) gives the postmortem's fields (severity, date, team…);
- macros pmsync does not know keep their body text and are named in one finding each.

Every text from the page is data: whitespace is collapsed to one line per block and
characters Markdown would read as structure are escaped, so a page cannot forge a heading,
a table row or front matter. The XML parser (expat) runs in linear time and the page
cannot declare entities (the document type is ours).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.entities import name2codepoint

AC = "urn:confluence:ac"
RI = "urn:confluence:ri"
_NAMESPACES = f'xmlns:ac="{AC}" xmlns:ri="{RI}" xmlns:at="urn:confluence:at"'
_ENTITIES = "".join(
    f'<!ENTITY {name} "&#{code};">' for name, code in name2codepoint.items() if name not in ("amp", "lt", "gt", "quot", "apos")
)
_DOCTYPE = f"<!DOCTYPE page [{_ENTITIES}]>"
MAX_DEPTH = 200  # deeper nesting is not a postmortem; it would exhaust the converter's stack

# Macros whose body is the page's own content (panels, layouts, expands…)
_CONTAINERS = {
    "info", "note", "tip", "warning", "panel", "expand", "section", "column", "excerpt",
    "details", "ui-expand", "ui-tabs", "ui-tab", "div", "status-handy",
}
# Macros that show something else than the page's text (navigation, embeds): nothing to read
_DECORATIONS = {
    "toc", "children", "pagetree", "recently-updated", "contentbylabel", "anchor",
    "detailssummary", "profile", "attachments", "gallery", "view-file", "viewpdf",
    "roadmap", "change-history", "page-info", "livesearch", "create-from-template",
    "include", "excerpt-include", "jiraissues", "widget", "multimedia",
}
_CODE = {"code", "noformat"}

_STRUCTURAL = set("#>+*-_=<[|`~")  # a line starting with one of these may be a block
_ORDINAL = re.compile(r"\d{1,9}(?=[.)])")
_SPACE = re.compile(r"\s+")
_DANGLING = re.compile(r"(?:\s+(?:by|due|until|before|on|for|owner|assignee))*[\s.,;:–-]*$", re.IGNORECASE)


class StorageFormatError(ValueError):
    """The page body is not well-formed XHTML."""


@dataclass
class Converted:
    markdown: str
    properties: dict[str, str] = field(default_factory=dict)  # page properties: label -> text
    unknown_macros: list[str] = field(default_factory=list)
    tasks: int = 0


def parse_storage(body: str) -> ET.Element:
    """The page body as an element tree (root <page>); StorageFormatError when not well-formed."""
    text = f'{_DOCTYPE}<page {_NAMESPACES}>{body}</page>'
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        raise StorageFormatError(f"not well-formed XHTML (line {line}, column {column}): {_reason(exc)}") from None


def _reason(exc: ET.ParseError) -> str:
    return str(exc).split(":", 1)[0]


def _local(tag: object) -> str:
    """'{urn:confluence:ac}task' -> 'ac:task'; 'p' -> 'p'."""
    if not isinstance(tag, str):
        return ""
    if tag.startswith("{"):
        uri, _, name = tag[1:].partition("}")
        prefix = {AC: "ac", RI: "ri"}.get(uri, "x")
        return f"{prefix}:{name}"
    return tag.lower()


def _attr(element: ET.Element, prefix: str, name: str) -> str | None:
    uri = {"ac": AC, "ri": RI}[prefix]
    return element.get(f"{{{uri}}}{name}")


def _macro_name(element: ET.Element) -> str:
    return (_attr(element, "ac", "name") or "").strip().lower()


def _param(element: ET.Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == "ac:parameter" and (_attr(child, "ac", "name") or "") == name:
            return "".join(child.itertext()).strip()
    return None


def escape_line(text: str) -> str:
    """One line of page text that Markdown reads as text, never as structure (a heading, list,
    quote, table row, rule, fence, HTML block or link definition)."""
    line = _SPACE.sub(" ", text).strip()
    if number := _ORDINAL.match(line):  # "1. x" / "1) x": the punctuation is what makes a list
        return line[: number.end()] + "\\" + line[number.end() :]
    return "\\" + line if line[:1] in _STRUCTURAL else line


Mentions = Callable[[str | None, str | None], str]


class _Converter:
    def __init__(self, mention: Mentions) -> None:
        self.mention = mention
        self.out: list[str] = []
        self.result = Converted("")

    # -- inline ------------------------------------------------------------------------------

    def inline(self, element: ET.Element, depth: int, *, fields: dict[str, str] | None = None) -> str:
        """The text of an element's inline content. `fields` (a task's) collects its first
        mention and date instead of leaving them in the text."""
        parts: list[str] = [element.text or ""]
        for child in element:
            parts.append(self.inline_child(child, depth + 1, fields))
            parts.append(child.tail or "")
        return "".join(parts)

    def inline_child(self, child: ET.Element, depth: int, fields: dict[str, str] | None) -> str:
        if depth > MAX_DEPTH:
            raise StorageFormatError(f"nested deeper than {MAX_DEPTH} elements")
        tag = _local(child.tag)
        if tag == "ri:user" or (tag == "ac:link" and self._user(child) is not None):
            user = child if tag == "ri:user" else self._user(child)
            assert user is not None
            handle = self.mention(_attr(user, "ri", "account-id"), _attr(user, "ri", "username") or _attr(user, "ri", "userkey"))
            if fields is not None and "owner" not in fields:
                fields["owner"] = handle
                return ""
            return f"@{handle}"
        if tag == "time":
            value = (child.get("datetime") or "").strip()
            if fields is not None and "due" not in fields and value:
                fields["due"] = value
                return ""
            return value
        if tag == "ac:link":
            body = next((c for c in child if _local(c.tag) in ("ac:link-body", "ac:plain-text-link-body")), None)
            if body is not None:
                return self.inline(body, depth, fields=fields)
            page = next((c for c in child if _local(c.tag) == "ri:page"), None)
            return (_attr(page, "ri", "content-title") or "") if page is not None else ""
        if tag == "a":
            text = self.inline(child, depth, fields=fields)
            href = (child.get("href") or "").strip()
            # a link to a ticket is how pages often name the ticket: keep the address
            return f"{text} ({href})" if href.startswith(("http://", "https://")) and href not in text else text
        if tag == "br":
            return " "
        if tag in ("ac:placeholder", "ac:image", "ac:emoticon", "ri:attachment", "ac:task-id", "ac:task-uuid"):
            return ""  # template hints and pictures are not the page's words
        if tag == "ac:structured-macro":
            return self.inline_macro(child, depth, fields)
        if tag in ("ac:task-list", "ul", "ol", "table"):
            return ""  # blocks inside inline content are written as blocks by the caller
        if tag in _BLOCK_TAGS:  # paragraphs inside a list item or cell: keep words apart
            return f" {self.inline(child, depth, fields=fields)} "
        return self.inline(child, depth, fields=fields)

    def inline_macro(self, macro: ET.Element, depth: int, fields: dict[str, str] | None) -> str:
        name = _macro_name(macro)
        if name == "status":
            return _param(macro, "title") or ""
        if name in ("jira", "jiraissue"):
            return _param(macro, "key") or ""
        body = next((c for c in macro if _local(c.tag) == "ac:rich-text-body"), None)
        if name not in _CONTAINERS | _DECORATIONS | _CODE:
            self.unknown(name)
        return self.inline(body, depth, fields=fields) if body is not None else ""

    @staticmethod
    def _user(link: ET.Element) -> ET.Element | None:
        return next((c for c in link if _local(c.tag) == "ri:user"), None)

    def unknown(self, name: str) -> None:
        if name and name not in self.result.unknown_macros:
            self.result.unknown_macros.append(name)

    # -- blocks ------------------------------------------------------------------------------

    def emit(self, line: str = "") -> None:
        self.out.append(line)

    def blocks(self, element: ET.Element, depth: int, indent: str = "") -> None:
        """Write an element's children as Markdown blocks; loose text becomes a paragraph."""
        if depth > MAX_DEPTH:
            raise StorageFormatError(f"nested deeper than {MAX_DEPTH} elements")
        loose: list[str] = [element.text or ""]
        for child in element:
            tag = _local(child.tag)
            if tag in _BLOCK_TAGS or (tag == "ac:structured-macro" and _macro_name(child) not in ("status", "jira", "jiraissue")):
                self.paragraph(" ".join(loose), indent)
                loose = []
                self.block(child, tag, depth + 1, indent)
            else:
                loose.append(self.inline_child(child, depth + 1, None))
            loose.append(child.tail or "")
        self.paragraph(" ".join(loose), indent)

    def paragraph(self, text: str, indent: str) -> None:
        line = escape_line(text)
        if line:
            self.emit(indent + line)
            self.emit()

    def block(self, child: ET.Element, tag: str, depth: int, indent: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            title = _SPACE.sub(" ", self.inline(child, depth)).strip()
            if title:
                self.emit(f"{'#' * int(tag[1])} {title.replace('#', '&#35;')}")
                self.emit()
        elif tag in ("ul", "ol"):
            self.list(child, tag, depth, indent)
            self.emit()
        elif tag == "ac:task-list":
            self.task_list(child, depth, indent)
            self.emit()
        elif tag == "table":
            self.table(child, depth, indent)
        elif tag == "pre":
            self.code("".join(child.itertext()), indent)
        elif tag == "blockquote":
            self.blocks(child, depth, indent)
        elif tag == "hr":
            pass
        elif tag == "ac:structured-macro":
            self.macro(child, depth, indent)
        else:  # p, div, layouts, rich-text bodies
            self.blocks(child, depth, indent)

    def macro(self, macro: ET.Element, depth: int, indent: str) -> None:
        name = _macro_name(macro)
        if name in _CODE:
            plain = next((c for c in macro if _local(c.tag) == "ac:plain-text-body"), None)
            self.code("".join(plain.itertext()) if plain is not None else "", indent)
            return
        if name in _DECORATIONS:
            return
        if name not in _CONTAINERS:
            self.unknown(name)
        body = next((c for c in macro if _local(c.tag) == "ac:rich-text-body"), None)
        if body is None:
            return
        if name == "details":  # page properties: the postmortem's fields
            for key, value in self.pairs(body, depth):
                self.result.properties.setdefault(key, value)
        self.blocks(body, depth, indent)

    def code(self, text: str, indent: str) -> None:
        fence = "~" * max(3, 1 + max((len(m) for m in re.findall(r"~+", text)), default=0))
        self.emit(indent + fence)
        self.out.extend(indent + line for line in text.splitlines())
        self.emit(indent + fence)
        self.emit()

    def list(self, element: ET.Element, tag: str, depth: int, indent: str) -> None:
        for number, item in enumerate((c for c in element if _local(c.tag) == "li"), start=1):
            marker = f"{number}." if tag == "ol" else "-"
            self.item(item, marker, depth + 1, indent)

    def task_list(self, element: ET.Element, depth: int, indent: str) -> None:
        for task in (c for c in element if _local(c.tag) == "ac:task"):
            self.result.tasks += 1
            status = next((c for c in task if _local(c.tag) == "ac:task-status"), None)
            done = status is not None and (status.text or "").strip().lower() == "complete"
            body = next((c for c in task if _local(c.tag) == "ac:task-body"), None)
            if body is None:
                continue
            self.item(body, f"- [{'x' if done else ' '}]", depth + 1, indent, task=True)

    def item(self, element: ET.Element, marker: str, depth: int, indent: str, *, task: bool = False) -> None:
        fields: dict[str, str] | None = {} if task else None
        text = self.inline(element, depth, fields=fields)
        line = escape_line(text)
        if fields:
            extra = []
            if "owner" in fields:
                extra.append(f"Owner: @{fields['owner']}.")
            if "due" in fields:
                extra.append(f"Due: {fields['due']}.")
            line = _DANGLING.sub("", line)  # "… by <date>" loses its date to the Due field
            line = f"{line}. {' '.join(extra)}" if line else " ".join(extra)
        self.emit(f"{indent}{marker} {line}".rstrip())
        inner = indent + " " * (len(marker) + 1)
        for child in _nested_blocks(element):
            tag = _local(child.tag)
            if tag in ("ul", "ol"):
                self.list(child, tag, depth + 1, inner)
            elif tag == "ac:task-list":
                self.task_list(child, depth + 1, inner)
            elif tag == "table":
                self.table(child, depth + 1, inner)

    def rows(self, table: ET.Element, depth: int) -> list[list[str]]:
        found = []
        for row in table.iter():
            if _local(row.tag) != "tr":
                continue
            cells = [c for c in row if _local(c.tag) in ("th", "td")]
            found.append([self.cell(c, depth) for c in cells])
        return found

    def cell(self, cell: ET.Element, depth: int) -> str:
        text = self.inline(cell, depth)
        nested = [" ".join(self.inline(li, depth).split()) for li in cell.iter() if _local(li.tag) in ("li", "ac:task-body")]
        return escape_line(" ".join([text, *nested])).replace("|", "\\|").removeprefix("\\")

    def pairs(self, body: ET.Element, depth: int) -> list[tuple[str, str]]:
        """Label/value pairs of a page properties table (one `th` and one `td` per row)."""
        found = []
        for table in (t for t in body.iter() if _local(t.tag) == "table"):
            for row in self.rows(table, depth):
                if len(row) >= 2 and row[0].strip():
                    found.append((row[0].replace("\\|", "|").strip(), row[1].replace("\\|", "|").strip()))
        return found

    def table(self, table: ET.Element, depth: int, indent: str) -> None:
        rows = [r for r in self.rows(table, depth) if r]
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        self.emit(indent + "| " + " | ".join(rows[0]) + " |")
        self.emit(indent + "|" + "---|" * width)
        for row in rows[1:]:
            self.emit(indent + "| " + " | ".join(row) + " |")
        self.emit()


_BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "blockquote", "hr", "div",
    "ac:task-list", "ac:layout", "ac:layout-section", "ac:layout-cell", "ac:rich-text-body", "section",
}


def _nested_blocks(element: ET.Element) -> list[ET.Element]:
    """Lists and tables inside a list item or task body (directly or within its paragraphs)."""
    found = []
    for child in element:
        tag = _local(child.tag)
        if tag in ("ul", "ol", "ac:task-list", "table"):
            found.append(child)
        elif tag in ("p", "div", "span"):
            found.extend(_nested_blocks(child))
    return found


def to_markdown(body: str, mention: Mentions) -> Converted:
    """Markdown for a page body; `mention(account_id, username)` names a mentioned person.

    Raises StorageFormatError when the body is not well-formed or absurdly nested.
    """
    root = parse_storage(body)
    converter = _Converter(mention)
    try:
        converter.blocks(root, 0)
    except RecursionError:
        raise StorageFormatError(f"nested deeper than {MAX_DEPTH} elements") from None
    lines = converter.out
    while lines and not lines[-1]:
        lines.pop()
    converter.result.markdown = "\n".join(lines) + "\n"
    return converter.result


def mention_resolver(directory: Mapping[str, str]) -> Mentions:
    """Mentions to handles: `directory` maps account ids and usernames to people's handles;
    anyone else is named by the account id or username as the page has it."""

    def resolve(account_id: str | None, username: str | None) -> str:
        for key in (account_id, username):
            if key and key in directory:
                return directory[key]
        return (account_id or username or "unknown").strip()

    return resolve
