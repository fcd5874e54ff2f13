"""Read one postmortem's Markdown into a Postmortem and its action items (DESIGN §3).

Pure: text in, Document out; no I/O, no clock. The structure (front matter, headings,
tables, lists) comes from markdown-it-py; only a single item's or cell's text is
examined with regular expressions (syncer.fields). The block parser runs over the
whole document, inline parsing only where something is read from it, which keeps
thousands of documents per lint run fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePosixPath
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from syncer.duedates import find_date, parse_date, resolve_due
from syncer.fields import (
    Fields,
    clean_owner,
    clean_value,
    column_role,
    extract_fields,
    find_ref,
    is_issue_url,
    looks_like_ref,
    meta_key,
    normalise_priority,
    normalise_type,
    status_done,
    type_hint,
    without_label,
)
from syncer.model import ActionItem, Document, Finding, Postmortem, Section, Severity

_MD = (
    MarkdownIt("commonmark")
    .enable("table")
    .use(front_matter_plugin)
    .disable(["inline", "text_join"])  # inline parsing only where read (_plain)
)

_ACTION_HEADING = re.compile(
    r"\b(?:action items?|action plan|follow[\s-]?ups?(?:\s+(?:actions?|tasks?|items?))?|"
    r"remediations?|corrective (?:and prevent(?:at)?ive )?(?:actions?|measures)|"
    r"(?P<prevent>prevent(?:at)?ive (?:actions?|measures)|prevention)|next steps|repair items)\b"
)
# Sections that hold no action items, when a paragraph names them inside an action section.
_OTHER_SECTION = re.compile(
    r"^\W*(?:lessons? learn(?:ed|t)|what went (?:well|wrong|right)|where we got lucky|"
    r"timeline|impact|summary|root causes?|contributing factors)\b"
)
_MARKUP_FREE = re.compile(r"[^*_`\[\]<>&\\!~]*")
_MD_LINK = re.compile(r"!?\[([^\][]*)\]\([^()]*\)")  # bounded classes: linear on unclosed brackets
_MD_EMPHASIS = re.compile(r"\*\*|__|~~|`")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_ITEM_ID_UNSAFE = re.compile(r"[\s/]+")
_INLINE_MAX = 4000  # longer "items" are read as written: inline parsing of such text can go quadratic
_META_BLOCKS = 30  # a leading metadata block is short; don't read a whole headingless file as one


@dataclass(slots=True)
class _Block:
    start: int  # token index of the block's opening token
    end: int  # token index one past its closing token
    kind: str


@dataclass(slots=True)
class _Heading:
    block: int  # index into the block list
    level: int
    line: int
    title: str


@dataclass(slots=True)
class _Entry:
    """A list item before it is known to be an action item, a group label or detail."""

    fields: Fields
    line: int
    checkbox: bool
    children: list[_Entry] = field(default_factory=list)


@dataclass(slots=True)
class _Raw:
    fields: Fields
    line: int
    hint: str | None


class _Doc:
    """The token stream of one document with the helpers every stage needs."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.env: MutableMapping[str, Any] = {}
        self.tokens: list[Token] = _MD.parse(text, self.env)
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.close = _closing_indices(self.tokens)
        self.blocks = list(self._top_blocks())
        self.findings: list[Finding] = []

    def _top_blocks(self) -> Iterator[_Block]:
        index = 0
        while index < len(self.tokens):
            end = self.close.get(index, index) + 1
            yield _Block(index, end, self.tokens[index].type)
            index = end

    def children(self, start: int, end: int) -> Iterator[int]:
        """Token indices of the blocks directly inside the block spanning start..end."""
        index = start + 1
        while index < end - 1:
            yield index
            index = self.close.get(index, index) + 1

    def line(self, index: int) -> int:
        token_map = self.tokens[index].map
        return token_map[0] + 1 if token_map else 0

    def plain(self, inline: Token) -> tuple[str, list[tuple[str, str]]]:
        return _plain(inline.content, self.env)

    def finding(self, rule: str, severity: Severity, message: str, line: int | None) -> None:
        self.findings.append(Finding(rule, severity, message, self.path, line))


def _closing_indices(tokens: list[Token]) -> dict[int, int]:
    close: dict[int, int] = {}
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            stack.append(index)
        elif token.nesting == -1 and stack:
            close[stack.pop()] = index
    return close


def _plain(content: str, env: MutableMapping[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """Inline Markdown as plain text (link text kept) and the links it holds as (text, href)."""
    if len(content) > _INLINE_MAX or _MARKUP_FREE.fullmatch(content):
        return content, []
    children: list[Token] = []
    _MD.inline.parse(content, _MD, env, children)
    parts: list[str] = []
    links: list[tuple[str, str]] = []
    open_links: list[tuple[str, int]] = []
    for token in children:
        kind = token.type
        if kind in ("text", "text_special", "code_inline", "image"):
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "link_open":
            open_links.append((str(token.attrs.get("href", "")), len(parts)))
        elif kind == "link_close" and open_links:
            href, start = open_links.pop()
            links.append(("".join(parts[start:]), href))
        elif kind == "html_inline" and token.content.lower().startswith("<br"):
            parts.append("\n")
    return "".join(parts), links


def _block_text(doc: _Doc, block: _Block) -> str:
    """Cheap plain text of a block for Section.text: no inline parse, markup stripped."""
    token = doc.tokens[block.start]
    if block.kind in ("fence", "code_block", "html_block"):
        return token.content
    lines: list[str] = []
    row: list[str] = []
    for t in doc.tokens[block.start : block.end]:
        if t.type == "inline":
            content = t.content
            if "[" in content or "*" in content or "`" in content or "~" in content or "_" in content:
                content = _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", content))
            row.append(content)
            if block.kind != "table_open":
                lines.append(row.pop())
        elif t.type == "tr_close":
            lines.append(" | ".join(row))
            row = []
    return "\n".join(lines)


def _headings(doc: _Doc) -> list[_Heading]:
    headings = []
    for number, block in enumerate(doc.blocks):
        if block.kind == "heading_open":
            level = int(doc.tokens[block.start].tag[1:])
            title, _ = doc.plain(doc.tokens[block.start + 1])
            headings.append(_Heading(number, level, doc.line(block.start), " ".join(title.split())))
    return headings


def _section_ends(doc: _Doc, headings: list[_Heading]) -> list[int]:
    """For each heading, the block index where its section ends (next heading of same or higher level)."""
    ends = [len(doc.blocks)] * len(headings)
    open_headings: list[int] = []
    for number, heading in enumerate(headings):
        while open_headings and headings[open_headings[-1]].level >= heading.level:
            ends[open_headings.pop()] = heading.block
        open_headings.append(number)
    return ends


def _sections(doc: _Doc, headings: list[_Heading], ends: list[int]) -> tuple[Section, ...]:
    texts = [
        _block_text(doc, block) if block.kind != "heading_open" else ""
        for block in doc.blocks
    ]
    for heading in headings:
        texts[heading.block] = heading.title
    return tuple(
        Section(
            title=heading.title,
            level=heading.level,
            line=heading.line,
            text="\n".join(t for t in texts[heading.block + 1 : end] if t),
        )
        for heading, end in zip(headings, ends, strict=True)
    )


# ---- action items -------------------------------------------------------------------------


def _list_entry(doc: _Doc, start: int) -> _Entry:
    end = doc.close.get(start, start) + 1
    fields: Fields | None = None
    checkbox = False
    extras: list[Fields] = []
    children: list[_Entry] = []
    for child in doc.children(start, end):
        token = doc.tokens[child]
        if token.type == "paragraph_open":
            inline = doc.tokens[child + 1]
            if fields is None:
                checkbox = inline.content[:4] in ("[ ] ", "[x] ", "[X] ") or inline.content in ("[ ]", "[x]", "[X]")
                fields = _fields_of(doc, inline)
            else:
                extras.append(_fields_of(doc, inline))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            children.extend(_list_entry(doc, item) for item in doc.children(child, doc.close[child] + 1))
    fields = fields or Fields()
    for extra in extras:
        if not extra.text and extra.has_fields():
            fields = fields.merged(extra)
    return _Entry(fields, doc.line(start), checkbox, children)


def _fields_of(doc: _Doc, inline: Token) -> Fields:
    text, links = doc.plain(inline)
    fields = extract_fields(" ".join(text.split()))
    for link_text, href in links:
        if not (is_issue_url(href) or looks_like_ref(link_text)):
            continue
        if fields.ref is None or fields.ref == link_text.strip():
            ref = href if href.startswith(("http://", "https://")) else link_text.strip()
            return replace(fields, ref=ref)
    return fields


def _emit(entry: _Entry, hint: str | None) -> list[_Raw]:
    """The action items a list entry stands for: itself, or its children when it is a group label."""
    own = entry.fields
    details: list[_Entry] = []
    for child in entry.children:
        if not child.fields.text and child.fields.has_fields() and not child.children:
            own = own.merged(child.fields)  # "- Owner: @alice" under the item
        else:
            details.append(child)
    if not own.text:
        return [raw for child in details for raw in _emit(child, hint)]
    signal = entry.checkbox or own.has_fields()
    group = bool(details) and not signal and (
        type_hint(own.text) is not None
        or len(own.text.split()) <= 3
        or all(child.checkbox or child.fields.has_fields() for child in details)
    )
    if group:
        child_hint = type_hint(own.text) or hint
        return [raw for child in details for raw in _emit(child, child_hint)]
    return [_Raw(own, entry.line, hint)]


def _cell_count(line: str) -> int:
    stripped = line.strip()
    cells = _UNESCAPED_PIPE.split(stripped)
    if stripped.startswith("|"):
        cells = cells[1:]
    if len(cells) > 1 and stripped.endswith("|") and not stripped.endswith("\\|"):
        cells = cells[:-1]
    return len(cells)


def _table_rows(doc: _Doc, block: _Block) -> Iterator[tuple[int, list[Token]]]:
    """(token index of the row, its cells' inline tokens) for every row, header first."""
    for index in range(block.start, block.end):
        if doc.tokens[index].type == "tr_open":
            cells = [
                doc.tokens[i]
                for i in range(index, doc.close[index])
                if doc.tokens[i].type == "inline"
            ]
            yield index, cells


def _table_items(doc: _Doc, block: _Block, hint: str | None) -> list[_Raw]:
    rows = list(_table_rows(doc, block))
    if not rows:
        return []
    header = [doc.plain(cell)[0] for cell in rows[0][1]]
    roles = [column_role(text) for text in header]
    if "text" not in roles:
        roles[_action_column(roles)] = "text"
    found = []
    for row, cells in rows[1:]:
        line = doc.line(row)
        written = _cell_count(doc.lines[line - 1]) if 0 < line <= len(doc.lines) else len(header)
        if written != len(header):
            doc.finding(
                "table-cells", "warning",
                f"table row has {written} cells, the header has {len(header)}; "
                "cells were matched to columns from the left",
                line,
            )  # fmt: skip
        raw = _row_fields(doc, cells, roles)
        if raw is None:
            continue
        if not raw.text:
            doc.finding("table-cells", "warning", "table row has no action text; row skipped", line)
            continue
        found.append(_Raw(raw, line, hint))
    return found


def _action_column(roles: list[str | None]) -> int:
    """The column holding the action when no header says so: the first unrecognised one, else
    the first of two columns claiming the same field ("Issue" beside "Ticket"), else the first."""
    if None in roles:
        return roles.index(None)
    for index, role in enumerate(roles):
        if role in roles[index + 1 :]:
            return index
    return 0


_STATUS_SUFFIX = re.compile(r"(?:^|(?<=[\s)\]]))(DONE|TODO|✅)\s*$")


def _status_suffix(text: str) -> tuple[str, bool]:
    """Google-style "Bug 5554823 TODO" / "n/a DONE" / "(…)TODO" cells: the ref and whether it is done."""
    match = _STATUS_SUFFIX.search(text)
    if match is None:
        return text, False
    return text[: match.start()].strip(), match.group(1) != "TODO"


def _row_fields(doc: _Doc, cells: list[Token], roles: list[str | None]) -> Fields | None:
    columns: dict[str, str | None] = {}
    action = Fields()
    for cell, role in zip(cells, roles, strict=False):
        if role is None or role in columns:
            continue
        text, links = doc.plain(cell)
        text = without_label(" ".join(text.split()), role)  # roles are named like labels
        if role == "text":
            action = _fields_of(doc, cell)
            columns["text"] = text
        elif role == "owner":
            columns[role] = clean_owner(text)
        elif role == "ref":
            text, done = _status_suffix(text)
            if done:
                columns["status"] = columns.get("status") or "done"
            hrefs = [href for _, href in links if href.startswith(("http://", "https://"))]
            # "(Jira Issue No: AESCIS-38263)": the reference inside the prose
            inner = find_ref(text)
            columns[role] = hrefs[0] if hrefs else inner.group(0) if inner else clean_value(text)
        else:
            columns[role] = clean_value(text)
    if not any(columns.values()):
        return None
    written = Fields(
        text=action.text,
        owner=columns.get("owner"),
        due_text=columns.get("due"),
        raw_priority=columns.get("priority"),
        verify=columns.get("verify"),
        ref=columns.get("ref"),
        type=columns.get("type"),
        item_id=columns.get("item_id"),
        status=columns.get("status"),
    )
    return written.merged(action)


def _section_items(doc: _Doc, headings: list[_Heading], first: int, end_block: int) -> list[_Raw]:
    """Items under headings[first] up to block end_block, sub-headings giving type hints."""
    top = headings[first]
    match = _ACTION_HEADING.search(top.title.lower())
    hints: list[tuple[int, str | None]] = [(top.level, "prevent" if match and match.group("prevent") else None)]
    label_hint: str | None = None
    elsewhere = False  # inside a paragraph-labelled part that is not action items
    heading_at = {h.block: h for h in headings[first + 1 :] if h.block < end_block}
    found: list[_Raw] = []
    for number in range(top.block + 1, end_block):
        block = doc.blocks[number]
        hint = label_hint or hints[-1][1]
        if (heading := heading_at.get(number)) is not None:
            while len(hints) > 1 and hints[-1][0] >= heading.level:
                hints.pop()
            hints.append((heading.level, type_hint(heading.title) or hints[-1][1]))
            label_hint = None
            elsewhere = False
        elif elsewhere and block.kind != "paragraph_open":
            continue
        elif block.kind == "table_open":
            found.extend(_table_items(doc, block, hint))
        elif block.kind in ("bullet_list_open", "ordered_list_open"):
            for item in doc.children(block.start, block.end):
                found.extend(_emit(_list_entry(doc, item), hint))
        if block.kind == "paragraph_open":
            text, _ = doc.plain(doc.tokens[block.start + 1])
            if len(text) <= 40:
                lowered = text.lower()
                if _OTHER_SECTION.search(lowered):
                    elsewhere = True  # "Lessons learned" as a paragraph: its list is not actions
                elif _ACTION_HEADING.search(lowered):
                    elsewhere = False
                elif label := type_hint(text):
                    label_hint = label  # "**Prevent:**" introducing the list below
    return found


def _action_items(doc: _Doc, headings: list[_Heading], ends: list[int]) -> tuple[list[_Raw], bool]:
    """All items of every action-item section, and whether any such section exists."""
    found: list[_Raw] = []
    covered_until = -1
    sections: list[tuple[_Heading, int, bool]] = []
    for number, heading in enumerate(headings):
        if heading.block < covered_until or not _ACTION_HEADING.search(heading.title.lower()):
            continue
        covered_until = ends[number]
        items = _section_items(doc, headings, number, ends[number])
        empty = all(doc.blocks[b].kind == "heading_open" for b in range(heading.block + 1, ends[number]))
        sections.append((heading, len(items), empty))
        found.extend(items)
    for heading, count, empty in sections:
        if count == 0 and (empty or not found):
            what = "has nothing under it" if empty else "holds no list or table of action items"
            doc.finding("section-empty", "error", f"action-item section '{heading.title}' {what}", heading.line)
    return found, bool(sections)


def _loose_items(doc: _Doc) -> list[_Raw]:
    """Items of a document with no action-item heading: a table whose header names the action
    and its owner, deadline, priority or ticket, or a list or table introduced by a short
    "Action items:" paragraph."""
    found: list[_Raw] = []
    introduced = False
    for block in doc.blocks:
        if block.kind == "table_open":
            if introduced or _is_action_table(doc, block):
                found.extend(_table_items(doc, block, None))
        elif block.kind in ("bullet_list_open", "ordered_list_open") and introduced:
            for item in doc.children(block.start, block.end):
                found.extend(_emit(_list_entry(doc, item), None))
        introduced = False
        if block.kind == "paragraph_open":
            text, _ = doc.plain(doc.tokens[block.start + 1])
            introduced = len(text) <= 40 and bool(_ACTION_HEADING.search(text.lower()))
    return found


def _is_action_table(doc: _Doc, block: _Block) -> bool:
    header = next(_table_rows(doc, block), None)
    if header is None:
        return False
    roles = {column_role(doc.plain(cell)[0]) for cell in header[1]}
    return "text" in roles and bool(roles & {"owner", "due", "priority", "ref"})


def _item_id(fields: Fields, ordinal: int) -> tuple[str, bool]:
    if fields.item_id:
        cleaned = _ITEM_ID_UNSAFE.sub("-", fields.item_id.strip()).strip("-")
        if cleaned:
            return cleaned, True
    return str(ordinal), False


def _build_items(raws: list[_Raw], postmortem_id: str, base: date | None) -> tuple[ActionItem, ...]:
    items = []
    for ordinal, raw in enumerate(raws, start=1):
        fields = raw.fields
        item_id, explicit = _item_id(fields, ordinal)
        items.append(
            ActionItem(
                key=f"{postmortem_id}/{item_id}",
                item_id=item_id,
                explicit_id=explicit,
                text=fields.text,
                owner=fields.owner,
                due=resolve_due(fields.due_text, base),
                due_text=fields.due_text,
                priority=normalise_priority(fields.raw_priority),
                verify=fields.verify,
                type=normalise_type(fields.type) or raw.hint,
                ref=fields.ref,
                done=fields.done or status_done(fields.status),
                line=raw.line,
                raw_priority=fields.raw_priority,
            )
        )
    return tuple(items)


# ---- metadata -----------------------------------------------------------------------------


# Every scalar stays text (no implicit bools, numbers or timestamps): the fields are
# converted and checked one by one below, so a bad date is a finding, not a lost front
# matter. libyaml's loader when PyYAML was built with it.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_YAML_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_FM_KEY_LINE = re.compile(r"([A-Za-z_][\w -]*?)\s*:")


def _front_matter(doc: _Doc) -> dict[str, Any]:
    """Postmortem fields from YAML front matter; problems become `front-matter` findings."""
    if not doc.tokens or doc.tokens[0].type != "front_matter":
        if doc.lines[0].strip() == "---" and doc.blocks and doc.blocks[0].kind == "hr":
            doc.finding("front-matter", "error", "front matter opened with '---' on line 1 is never closed", 1)
        return {}
    content = doc.tokens[0].content
    try:
        loaded = yaml.load(content, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark  # where the broken construct starts
        last_line = doc.tokens[0].map[1] - 1 if doc.tokens[0].map else 2  # before the closing ---
        line = min(mark.line + 2, last_line) if mark is not None else 2
        problem = error.problem or str(error)
        doc.finding("front-matter", "error", f"front matter is not valid YAML: {problem}", line)
        return {}
    except Exception as error:  # constructors of explicit tags (!!timestamp x) raise anything
        doc.finding("front-matter", "error", f"front matter is not valid YAML: {error}", 2)
        return {}
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        doc.finding(
            "front-matter", "error",
            f"front matter must be a mapping of fields, not a {type(loaded).__name__}", 2,
        )  # fmt: skip
        return {}
    key_lines = {}
    for offset, line in enumerate(content.split("\n")):
        if match := _FM_KEY_LINE.match(line):
            key_lines.setdefault(match.group(1).lower(), offset + 2)
    values: dict[str, Any] = {}
    for key, value in loaded.items():
        name = meta_key(str(key))
        if name is not None and name not in values and value is not None:
            line = key_lines.get(str(key).lower(), 1)
            values.update(_convert(doc, name, value, line, strict=True))
    return values


def _convert(doc: _Doc, name: str, value: object, line: int, *, strict: bool) -> dict[str, Any]:
    """One metadata value (text, or a list/mapping from YAML) as the Postmortem field wants it;
    {} (and, if strict, a finding) when unusable."""
    problem = None
    if isinstance(value, str) and value.strip() in _YAML_NULLS:
        return {}
    if name in ("date", "review_date"):
        found = (parse_date(value) or find_date(value)) if isinstance(value, str) else None
        if found is not None:
            return {name: found}
        problem = f"'{value}' is not a date (write YYYY-MM-DD)"
    elif name in ("services", "related"):
        if isinstance(value, list):
            return {name: tuple(p.strip() for p in value if isinstance(p, str) and p.strip() not in _YAML_NULLS)}
        if isinstance(value, str):
            return {name: tuple(part.strip() for part in value.split(",") if part.strip())}
        problem = "must be a list or a comma-separated string"
    elif isinstance(value, str):
        return {name: " ".join(value.split())}
    else:
        problem = "must be text"
    if strict:
        doc.finding("front-matter", "error", f"front matter field '{name}': {problem}", line)
    return {}


def _leading_metadata(doc: _Doc, headings: list[_Heading]) -> dict[str, Any]:
    """Fields written in the body before the first section (templates without front matter)."""
    skip = {headings[0].block} if headings and headings[0].level == 1 else set()
    later = [h.block for h in headings if h.block not in skip]
    stop = min(later[0] if later else len(doc.blocks), _META_BLOCKS)
    pairs: list[tuple[str, str, int]] = []
    for number in range(stop):
        block = doc.blocks[number]
        if number in skip:
            continue
        if block.kind == "paragraph_open":
            pairs.extend(_line_pairs(doc, doc.tokens[block.start + 1]))
        elif block.kind in ("bullet_list_open", "ordered_list_open"):
            for index in range(block.start, block.end):
                if doc.tokens[index].type == "inline":
                    pairs.extend(_line_pairs(doc, doc.tokens[index]))
        elif block.kind == "table_open":
            pairs.extend(_table_pairs(doc, block))
    pairs.extend(_heading_pairs(doc, headings))
    values: dict[str, Any] = {}
    for key, value, line in pairs:
        name = meta_key(key)
        if name is not None and name not in values:
            values.update(_convert(doc, name, value, line, strict=False))
    return values


def _heading_pairs(doc: _Doc, headings: list[_Heading]) -> Iterator[tuple[str, str, int]]:
    """Google-SRE-style "## Date" / "## Severity" sections holding one short paragraph."""
    for heading in headings:
        if meta_key(heading.title) is None or heading.title.lower() in ("summary", "impact"):
            continue
        following = heading.block + 1
        if following < len(doc.blocks) and doc.blocks[following].kind == "paragraph_open":
            inline = doc.tokens[doc.blocks[following].start + 1]
            text, _ = doc.plain(inline)
            if text and "\n" not in text.strip() and len(text) <= 80:
                yield heading.title, text, doc.line(doc.blocks[following].start)


def _line_pairs(doc: _Doc, inline: Token) -> Iterator[tuple[str, str, int]]:
    text, _ = doc.plain(inline)
    first = inline.map[0] + 1 if inline.map else 0
    for offset, line in enumerate(text.split("\n")):
        key, colon, value = line.partition(":")
        if colon and 0 < len(key.strip()) <= 40:
            yield key, value, first + offset


def _table_pairs(doc: _Doc, block: _Block) -> list[tuple[str, str, int]]:
    rows = [
        (doc.line(row), [" ".join(doc.plain(cell)[0].split()) for cell in cells])
        for row, cells in _table_rows(doc, block)
    ]
    if rows and len(rows[0][1]) == 2:  # | Field | Value | rows
        return [(cells[0], cells[1], line) for line, cells in rows if len(cells) == 2]
    if len(rows) >= 2:  # | Date | Severity | … | header with one row of values
        return [(key, value, rows[1][0]) for key, value in zip(rows[0][1], rows[1][1], strict=False)]
    return []


# ---- the document -------------------------------------------------------------------------


def parse_document(text: str, path: str, *, doc_url: str | None = None) -> Document:
    """Parse one postmortem. Never raises: problems become findings on the document."""
    if not text.strip():
        finding = Finding("no-action-items", "error", "the document is empty", path, 1)
        return Document(path, None, (finding,))
    doc = _Doc(text, path)
    headings = _headings(doc)
    ends = _section_ends(doc, headings)
    values = _front_matter(doc)
    for key, value in _leading_metadata(doc, headings).items():
        values.setdefault(key, value)

    stem = PurePosixPath(path).stem or path
    postmortem_id = values.get("id") or stem
    first_h1 = next((h.title for h in headings if h.level == 1 and h.title), None)
    incident = values.get("date")
    review = values.get("review_date") or incident
    raws, has_section = _action_items(doc, headings, ends)
    if not has_section:
        raws = _loose_items(doc)
        has_section = bool(raws)
    if not has_section:
        doc.finding(
            "no-action-items", "error",
            "no action-item section (a heading such as 'Action Items', 'Follow-ups', "
            "'Remediation' or 'Corrective actions')",
            None,
        )  # fmt: skip
    postmortem = Postmortem(
        id=postmortem_id,
        id_explicit="id" in values,
        title=values.get("title") or first_h1 or stem,
        path=path,
        date=incident,
        review_date=review,
        severity=values.get("severity"),
        team=values.get("team"),
        services=values.get("services", ()),
        related=values.get("related", ()),
        status=values.get("status"),
        doc_url=doc_url,
        items=_build_items(raws, postmortem_id, review),
        sections=_sections(doc, headings, ends),
    )
    return Document(path, postmortem, tuple(doc.findings))
