"""Read one postmortem's Markdown into a Postmortem and its action items (DESIGN §3).

Pure: text in, Document out; no I/O, no clock. The structure (front matter, headings,
tables, lists) comes from markdown-it-py (syncer.mdtokens); where the commitments are and
which blocks are items is decided in syncer.items; only a single item's or cell's text is
examined with regular expressions (syncer.fields).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import PurePosixPath
from typing import Any

import yaml
from markdown_it.token import Token

from syncer.duedates import find_date, parse_date, resolve_due
from syncer.field_names import meta_key, normalise_priority, normalise_type, status_done
from syncer.fields import Fields
from syncer.items import ActionSection, Raw, find_items
from syncer.mdtokens import Block, Heading, TokenDoc, headings, section_ends, sections
from syncer.model import ActionItem, Document, Finding, Postmortem
from syncer.section_names import is_narrative_heading
from syncer.tables import table_rows

_ITEM_ID_UNSAFE = re.compile(r"[\s/]+")
_META_BLOCKS = 30  # a leading metadata block is short; don't read a whole headingless file as one


def _item_id(fields: Fields, ordinal: int) -> tuple[str, bool]:
    if fields.item_id:
        cleaned = _ITEM_ID_UNSAFE.sub("-", fields.item_id.strip()).strip("-")
        if cleaned:
            return cleaned, True
    return str(ordinal), False


def _build_items(raws: list[Raw], postmortem_id: str, base: date | None) -> tuple[ActionItem, ...]:
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
                found_by=raw.found_by,
                section=raw.section,
                status=fields.status,
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


def _front_matter(doc: TokenDoc) -> dict[str, Any]:
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


def _convert(doc: TokenDoc, name: str, value: object, line: int, *, strict: bool) -> dict[str, Any]:
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


def _leading_metadata(doc: TokenDoc, headings: list[Heading]) -> dict[str, Any]:
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


def _heading_pairs(doc: TokenDoc, headings: list[Heading]) -> Iterator[tuple[str, str, int]]:
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


def _line_pairs(doc: TokenDoc, inline: Token) -> Iterator[tuple[str, str, int]]:
    text, _ = doc.plain(inline)
    first = inline.map[0] + 1 if inline.map else 0
    for offset, line in enumerate(text.split("\n")):
        key, colon, value = line.partition(":")
        if colon and 0 < len(key.strip()) <= 40:
            yield key, value, first + offset


def _table_pairs(doc: TokenDoc, block: Block) -> list[tuple[str, str, int]]:
    rows = [
        (doc.line(row), [" ".join(doc.plain(cell)[0].split()) for cell in cells])
        for row, cells in table_rows(doc, block)
    ]
    if rows and len(rows[0][1]) == 2:  # | Field | Value | rows
        return [(cells[0], cells[1], line) for line, cells in rows if len(cells) == 2]
    if len(rows) >= 2:  # | Date | Severity | … | header with one row of values
        return [(key, value, rows[1][0]) for key, value in zip(rows[0][1], rows[1][1], strict=False)]
    return []


# ---- the document -------------------------------------------------------------------------

LOOKED_FOR = (
    "a section named for follow-up work (such as 'Action items', 'Follow-ups', 'Remediation', "
    "'Next steps', 'Moving forward'), tables, lists or checkboxes of commitments, sub-headings "
    "or paragraphs under such a heading, and sentences such as 'We will …'"
)


def _section_findings(doc: TokenDoc, heads: list[Heading], raws: list[Raw], action_sections: list[ActionSection]) -> None:
    """Empty action sections; a document without items; items that only prose holds."""
    for section in action_sections:
        if section.items == 0 and (section.empty or not raws):
            what = "has nothing under it" if section.empty else "holds no list or table of action items"
            doc.finding("section-empty", "error", f"action-item section '{section.heading.title}' {what}",
                        section.heading.line)
    if not raws and not action_sections:
        if any(is_narrative_heading(h.title) for h in heads):
            doc.finding("no-action-items", "warning", f"no action items found; pmsync looked for {LOOKED_FOR}", None)
        else:
            doc.finding(
                "not-a-postmortem", "warning",
                "no incident sections (summary, impact, root cause, timeline) and no action items: "
                "not read as a postmortem; keep such files out with [sources] exclude",
                None,
            )  # fmt: skip
    elif raws and all(raw.found_by == "prose" for raw in raws):
        doc.finding(
            "items-in-prose", "info",
            f"{len(raws)} action item(s) found only in prose (first on line {raws[0].line}); "
            "a list or table under an 'Action items' heading, one item per entry with its owner "
            "and deadline, is read more reliably",
            raws[0].line,
        )  # fmt: skip


def parse_document(text: str, path: str, *, doc_url: str | None = None) -> Document:
    """Parse one postmortem. Never raises: problems become findings on the document."""
    if not text.strip():
        finding = Finding("no-action-items", "warning", "the document is empty", path, 1)
        return Document(path, None, (finding,))
    doc = TokenDoc(text, path)
    heads = headings(doc)
    ends = section_ends(doc, heads)
    values = _front_matter(doc)
    for key, value in _leading_metadata(doc, heads).items():
        values.setdefault(key, value)

    stem = PurePosixPath(path).stem or path
    postmortem_id = values.get("id") or stem
    first_h1 = next((h.title for h in heads if h.level == 1 and h.title), None)
    incident = values.get("date")
    review = values.get("review_date") or incident
    raws, action_sections = find_items(doc, heads, ends)
    _section_findings(doc, heads, raws, action_sections)
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
        sections=sections(doc, heads, ends),
    )
    return Document(path, postmortem, tuple(doc.findings))
