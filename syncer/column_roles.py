"""Which item field a table column holds when its header does not say: told by its cells.

Pure. A header names its column by synonym ("Owner(s)", "Due date", "Bug"; see
syncer.field_names.column_role), but teams head columns in words of their own ("Driver",
"Planned for", "Tracked in"). What the cells hold says it as well: a column whose cells are
mostly deadlines holds the deadline, mostly tickets the ticket, mostly status words the
status, mostly names of people or teams the owner.
"""

from __future__ import annotations

import re

from syncer.due_phrases import written_deadline
from syncer.field_names import DONE_MARKS, PRIORITY_WORDS, clean_value, done_word, type_hint
from syncer.refs import is_commit_or_thread_url, is_issue_url, looks_like_ref

_SHARE = 0.6  # of a column's filled cells that must hold one field for the column to hold it
# Status notes teams write into an owner column: not a person.
STATUS_NOTES = frozenset(
    {"done", "complete", "completed", "in progress", "ongoing", "open", "closed", "pending",
     "blocked", "wip", "fixed", "resolved", "not started", "started", "planned", "won't do"}
)  # fmt: skip
# A person or team as a cell writes it: a mention, a handle ("k.tanaka"), or up to three words
# each starting with a capital ("Bob Smith", "SRE team", "Platform"), several joined by "," or "&".
_PERSON = r"@?[A-Za-z][\w.'-]{0,30}(?:\s+[A-Za-z][\w.'-]{0,30}){0,2}"
_PEOPLE = re.compile(rf"{_PERSON}(?:\s*(?:,|&|/|\band\b)\s*{_PERSON}){{0,4}}")
_HANDLE = re.compile(r"@?[a-z][a-z0-9_.-]{1,30}")
_NAME_MAX = 80  # a cell longer than this is prose, not names
# Marks that open a status in any language ("✅ Đã xong", "⏳ En attente", "🚧 In Arbeit")
_STATUS_MARKS = (*DONE_MARKS, "⏳", "⌛", "🚧", "❌", "✖", "🔄", "🟢", "🟡", "🔴")


def _kind(cell: str, hrefs: list[str]) -> str | None:
    """The field one cell's text states on its own, if any."""
    if any(is_issue_url(href) or is_commit_or_thread_url(href) for href in hrefs) or looks_like_ref(cell):
        return "ref"
    lowered = cell.lower().strip(" .!")
    if lowered in STATUS_NOTES or done_word(lowered):
        return "status"
    if written_deadline(cell):
        return "due"
    if lowered in PRIORITY_WORDS or re.fullmatch(r"p[0-4]", lowered) or type_hint(cell) is not None:
        return None
    if len(cell) <= _NAME_MAX and _PEOPLE.fullmatch(cell) and (_HANDLE.fullmatch(cell) or _capitalised(cell)):
        return "owner"
    return None


def _capitalised(cell: str) -> bool:
    """ "Bob Smith", "SRE team", "@kim & Ana": every word a name (or a word joining names)."""
    return all(word[:1].isupper() or word[:1] == "@" for word in re.split(r"[\s,&/]+", cell)
               if word and word not in ("and", "team", "teams"))


def role_from_cells(cells: list[tuple[str, list[str]]]) -> str | None:
    """The field a column holds, from its body cells as (text, link addresses); None when its
    cells do not agree on one (or hold free text: the action, notes)."""
    kinds: dict[str, int] = {}
    filled = 0
    for text, hrefs in cells:
        value = clean_value(text)
        if value is None:
            continue
        filled += 1
        kind = "status" if text.lstrip().startswith(_STATUS_MARKS) else _kind(value, hrefs)
        if kind is not None:
            kinds[kind] = kinds.get(kind, 0) + 1
    if not kinds or filled < 2:
        return None  # one cell is no column's pattern
    kind, count = max(kinds.items(), key=lambda pair: pair[1])
    return kind if count >= _SHARE * filled else None
