"""Action-item tables: which column holds what, and each row's fields.

Pure; reads the token stream of syncer.mdtokens. A header names its columns by synonym
("Owner(s)", "Due date", "Bug"); a table without an action header uses the first column
no header claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from markdown_it.token import Token

from syncer.cjk_words import word_count
from syncer.column_roles import STATUS_NOTES, role_from_cells
from syncer.field_names import DONE_MARKS, clean_value, column_role
from syncer.fields import Fields, clean_owner, extract_fields, one_line, without_label
from syncer.mdtokens import Block, TokenDoc
from syncer.refs import (
    find_ref,
    generic_link_text,
    introduced_as_ticket,
    is_commit_or_thread_url,
    is_issue_url,
    looks_like_ref,
    with_scheme,
    without_refs,
)

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_HTML_ROW = re.compile(r"<t[rdh][\s>]", re.IGNORECASE)
_SHORT_SHA = re.compile(r"[0-9a-f]{7,40}")  # a commit as its link writes it ("9f2c1ab")
_DUE_LABEL = re.compile(r"(?i)^\s*(?:eta|due|target)\b\s*:?\s*(?=\S)")
_NOTE_WORDS = "|".join(sorted((re.escape(note) for note in STATUS_NOTES), key=len, reverse=True))
# "Alice (done)", "@bob — in progress", "Done by Alice", "Completed 2026-02-01"
_NOTE_AFTER = re.compile(rf"(?i)^(?P<owner>.+?)\s*(?:[(\[]\s*(?P<a>{_NOTE_WORDS})\b[^()\[\]]*[)\]]|[—–,;:|-]\s*(?P<b>{_NOTE_WORDS})\b.*)$")
_NOTE_BEFORE = re.compile(rf"(?i)^(?P<note>{_NOTE_WORDS})\b(?:\s+by\s+(?P<owner>.+)|[\s\W]*\d.*)?$")


def inline_fields(doc: TokenDoc, inline: Token) -> Fields:
    text, links = doc.plain(inline)
    return with_links(extract_fields(one_line(text)), links)


def with_links(fields: Fields, links: list[tuple[str, str]], within: str | None = None) -> Fields:
    """The fields with the ticket a link points at ("[#528](…/issues/528)" → the URL);
    `within`: only links whose text is in that sentence of the block."""
    for written, href in links:
        link_text = " ".join(written.split())  # wrapped over two lines in the source
        if within is not None and link_text not in within:
            continue
        if not (_links_ticket(href, link_text) or _named_ticket(fields.text, within, link_text, href)):
            continue
        if fields.ref is None or fields.ref == link_text:
            # the address, unless only the words name the ticket ("[o/r#12](…/issues/)", a link cut short)
            address = href.startswith(("http://", "https://")) and (not looks_like_ref(link_text) or _links_ticket(href, ""))
            ref = with_scheme(href) if address else link_text
            return replace(fields, ref=ref, text=without_link_text(fields.text, link_text))
    return fields


def _links_ticket(href: str, link_text: str) -> bool:
    """A link to a ticket, or to a commit or discussion whose words only point at it ("[9f2c1ab](…)",
    "[this commit](…)"): a commit's link worded as part of the sentence tells the story."""
    if is_issue_url(href) or looks_like_ref(link_text):
        return True
    return is_commit_or_thread_url(href) and (generic_link_text(link_text) or _SHORT_SHA.fullmatch(link_text) is not None)


def _named_ticket(text: str, within: str | None, link_text: str, href: str) -> bool:
    """A web link that the words before it call a ticket ("filed a ticket to [improve X](…)")."""
    if not href.startswith(("http://", "https://")):
        return False
    told = within if within is not None else text
    at = told.find(link_text.strip())
    return at > 0 and introduced_as_ticket(told[:at])


def without_link_text(text: str, link_text: str) -> str:
    """The text without a link's words that only point at the ticket ("… [Issue](…)", "(tracked
    in [this issue](…))"); a link whose words say what the item is stays."""
    link_text = link_text.strip()
    if not generic_link_text(link_text):
        return text
    at = text.rfind(link_text)
    end = at + len(link_text)
    if at < 0 or text[at - 1 : at].isalnum() or text[end : end + 1].isalnum():
        return text
    return without_refs(text, [(at, end)])



def owner_and_note(text: str) -> tuple[str | None, str | None]:
    """An owner cell's person or team, and the status note written in it instead or beside."""
    written = " ".join(text.split()).strip(" .")
    if match := _NOTE_BEFORE.match(written):
        return clean_owner(match.group("owner")), match.group("note")
    if match := _NOTE_AFTER.match(written):
        return clean_owner(match.group("owner")), match.group("a") or match.group("b")
    return clean_owner(text), None


def _cell_count(line: str) -> int:
    stripped = line.strip()
    cells = _UNESCAPED_PIPE.split(stripped)
    if stripped.startswith("|"):
        cells = cells[1:]
    if len(cells) > 1 and stripped.endswith("|") and not stripped.endswith("\\|"):
        cells = cells[:-1]
    return len(cells)


def table_rows(doc: TokenDoc, block: Block) -> Iterator[tuple[int, list[Token]]]:
    """(token index of the row, its cells' inline tokens) for every row, header first."""
    for index in range(block.start, block.end):
        if doc.tokens[index].type == "tr_open":
            cells = [
                doc.tokens[i]
                for i in range(index, doc.close[index])
                if doc.tokens[i].type == "inline"
            ]
            yield index, cells


def table_items(doc: TokenDoc, block: Block) -> list[tuple[Fields, int]]:
    """(fields, line) of every row that holds an action; malformed rows become findings."""
    rows = list(table_rows(doc, block))
    if not rows:
        return []
    header = [doc.plain(cell)[0] for cell in rows[0][1]]
    roles = _with_roles_from_cells(doc, [cells for _, cells in rows[1:]], [column_role(text) for text in header])
    if "text" not in roles:
        roles[_action_column(roles)] = "text"
        if not _reads_as_actions(doc, [cells for _, cells in rows[1:]], roles.index("text")):
            return []  # a table of data under an action heading ("type | name" of DNS records)
    found = []
    for row, cells in rows[1:]:
        line = doc.line(row)
        source = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
        # a row written as HTML is written as wide as its header (syncer.written_tables)
        written = len(header) if _HTML_ROW.search(source) else _cell_count(source)
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
        found.append((raw, line))
    return found


def _with_roles_from_cells(doc: TokenDoc, body: list[list[Token]], roles: list[str | None]) -> list[str | None]:
    """The roles, with columns whose header names none given the field their cells hold
    ("Driver" over names, "Planned for" over dates), each field to one column; a column of
    tickets under a header that names the action again ("Task" beside "Action", "Change") or
    the row's number ("#") holds the tickets, where no other column does."""
    found = list(roles)
    for k, role in enumerate(roles):
        if body and (role is None or _ticket_column(roles, k)):
            column = [doc.plain(cells[k]) if k < len(cells) else ("", []) for cells in body]
            inferred = role_from_cells([
                ("" if cells[k].content.lstrip().startswith("`") else " ".join(text.split()), [href for _, href in links])
                for cells, (text, links) in zip(body, column, strict=True) if k < len(cells)
            ])  # code ("`fiber-program`") names no one
            if inferred is not None and inferred not in found and (
                role is None or (inferred == "ref" and not _reads_as_actions(doc, body, k))
            ):  # "[Add an alert](…/issues/12)" in the first of two action columns is still the action
                found[k] = inferred
    return found


def _ticket_column(roles: list[str | None], k: int) -> bool:
    """Whether a header's role may yield to its cells': a row number, or one of two action columns."""
    return roles[k] == "item_id" or (roles[k] == "text" and roles.count("text") > 1)


def _reads_as_actions(doc: TokenDoc, body: list[list[Token]], column: int) -> bool:
    """Whether a column no header names holds actions: written as phrases, not the codes,
    names or addresses of a data table (most cells more than one word)."""
    cells = [doc.plain(cells[column])[0].split() for cells in body if column < len(cells)]
    # a phrase of a script without spaces is as many words as it reads ("メモリ監視の追加" is three)
    phrases = sum(1 for words in cells if word_count(" ".join(word for word in words if not word.isdigit())) >= 2)
    return phrases * 2 > len(cells)


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


def _row_fields(doc: TokenDoc, cells: list[Token], roles: list[str | None]) -> Fields | None:
    columns: dict[str, str | None] = {}
    action = Fields()
    for cell, role in zip(cells, roles, strict=False):
        if role is None or role in columns:
            continue
        text, links = doc.plain(cell)
        text = without_label(" ".join(text.split()), role)  # roles are named like labels
        if role == "text":
            action = inline_fields(doc, cell)
            columns["text"] = text
        elif role == "owner":
            owner, note = owner_and_note(text)
            columns[role] = owner
            if note is not None:
                columns["status"] = columns.get("status") or note  # "Done" in the owner column
        elif role == "due":
            due = clean_value(_DUE_LABEL.sub("", text))  # "ETA Q3"
            if due is not None and due.lower().strip(" .!") in STATUS_NOTES:
                columns["status"] = columns.get("status") or due  # "Completed" in the deadline column
            else:
                columns[role] = due
        elif role == "ref":
            text, done = _status_suffix(text)
            if done:
                columns["status"] = columns.get("status") or "done"
            hrefs = [href for _, href in links if href.startswith(("http://", "https://"))]
            # "(Jira Issue No: AESCIS-38263)": the reference inside the prose
            inner = find_ref(text)
            columns[role] = with_scheme(hrefs[0]) if hrefs else with_scheme(inner.group(0)) if inner else clean_value(text)
        elif role == "status" and text.strip()[:1] in DONE_MARKS:
            columns[role] = "done"  # "✅ Đã xong (this workload)": the mark says it in any language
        else:
            columns[role] = clean_value(text)
    if columns.get("ref") is None and action.ref is None:  # "Done in [#12](…)" in a status or notes cell
        columns["ref"] = _ref_elsewhere(doc, cells, roles)
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



def _ref_elsewhere(doc: TokenDoc, cells: list[Token], roles: list[str | None]) -> str | None:
    """A ticket linked or named in a cell that is not the action, owner or deadline."""
    for cell, role in zip(cells, roles, strict=False):
        if role in ("text", "owner", "due", "priority", "item_id"):
            continue
        text, links = doc.plain(cell)
        for link_text, href in links:
            if _links_ticket(href, link_text.strip()):
                return with_scheme(href) if href.startswith(("http://", "https://")) else link_text.strip()
        if found := find_ref(text):
            return found.group(0)
    return None


def is_action_table(doc: TokenDoc, block: Block) -> bool:
    header = next(table_rows(doc, block), None)
    if header is None:
        return False
    roles = {column_role(doc.plain(cell)[0]) for cell in header[1]}
    return "text" in roles and bool(roles & {"owner", "due", "priority", "ref"})

