"""The names pmsync gives the values of an item's fields: priorities ("P1", "high"), types
("prevent", "detect"), done statuses, table column headers and metadata keys, and the
placeholders ("TBD", "n/a") that state nothing. Pure; no document structure here.
"""

from __future__ import annotations

import re
import unicodedata

from syncer.foreign_fields import FOREIGN_LABELS, cjk_column_role

SEPARATORS = " \t.,;:|-–—、，；：。"  # what surrounds a value without being part of it (CJK punctuation too)
# A person or team as written: a mention or up to three capitalised words ("@kim", "ICL", "Hypha Labs")
OWNER_NAME = r"@[\w.-]+|[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}"
PLACEHOLDERS = frozenset(
    {"", "-", "--", "—", "–", "?", "??", "n/a", "na", "n.a.", "none", "tbd", "tba", "tbc",
     "todo", "unassigned", "nobody", "unknown", "null", "nil"}
)  # fmt: skip


def clean_value(value: str | None) -> str | None:
    """A field value without surrounding punctuation; None for placeholders like "n/a" or "TBD"."""
    if value is None:
        return None
    value = _without_wrapping(" ".join(value.split()))
    if value and (is_pictograph(value[0]) or is_pictograph(value[-1])):  # "🔴 High", "Done ✅"
        value = without_pictographs(value)[0].strip(SEPARATORS) or value  # a lone "✅" says done
    return None if value.lower() in PLACEHOLDERS else value


_OPENS = {")": "(", "]": "[", "）": "（", "】": "【"}
_EDGE = SEPARATORS + "*_`\"'"


def _without_wrapping(value: str) -> str:
    """The value without what surrounds it: punctuation, the brackets around it ("(Alice)",
    "[OPS-12]") and a bracket left open at an edge by a cut ("Alice)"); a bracket that belongs
    to the value stays ("Dev (Amelia)", "2026-05-07 (quarterly)"); full-width ones alike ("6月末）").
    One pass pairs the brackets."""
    closing: dict[int, int] = {}  # where each bracket that closes opens, and where it closes
    opened: list[int] = []
    for index, char in enumerate(value):
        if char in "([（【":
            opened.append(index)
        elif char in ")]）】" and opened and value[opened[-1]] == _OPENS[char]:
            closing[opened.pop()] = index
    closed = set(closing.values())
    start, end = 0, len(value) - 1
    while True:
        while start <= end and value[start] in _EDGE:
            start += 1
        while end >= start and value[end] in _EDGE:
            end -= 1
        if start > end:
            return ""
        if value[start] in "([（【" and closing.get(start, end) == end:  # around it, or never closed
            start, end = start + 1, end if start not in closing else end - 1
        elif value[end] in ")]）】" and end not in closed:  # closed, never opened
            end -= 1
        else:
            return value[start : end + 1]


def without_pictographs(text: str) -> tuple[str, str]:
    """The text without the emoji at its start and end, and those emoji."""
    start, end = 0, len(text)
    while start < end and (is_pictograph(text[start]) or text[start].isspace()):
        start += 1
    while end > start and (is_pictograph(text[end - 1]) or text[end - 1].isspace()):
        end -= 1
    return text[start:end], text[:start] + text[end:]


def is_pictograph(character: str) -> bool:
    """An emoji or other symbol that decorates text (and the joiners that build one)."""
    return unicodedata.category(character) == "So" or character in "\ufe0f\u200d"


PRIORITY_WORDS = {
    "critical": "P0", "highest": "P0", "urgent": "P0", "blocker": "P0", "immediate": "P0",
    "very high": "P0", "high": "P1", "major": "P1", "medium": "P2", "normal": "P2",
    "moderate": "P2", "med": "P2", "low": "P3", "minor": "P3", "lowest": "P4", "trivial": "P4",
    "very low": "P4",
}  # fmt: skip
_PRIORITY_CODE = re.compile(r"(?<![a-z])p\s*-?\s*([0-4])(?!\d)")
_PRIORITY_NUMBER = re.compile(r"(?:priority|prio|pri)\s*:?\s*([0-4])(?!\d)|([0-4])")


def normalise_priority(raw: str | None) -> str | None:
    """"P1", "p1", "Priority 1", "high" → "P1". Sev1 is a severity, "backlog" no priority: None."""
    if not raw:
        return None
    lowered = " ".join(raw.lower().replace("_", " ").split())
    if match := _PRIORITY_CODE.search(lowered):
        return f"P{match.group(1)}"
    if match := _PRIORITY_NUMBER.fullmatch(lowered):
        return f"P{match.group(1) or match.group(2)}"
    words = re.sub(r"[^a-z ]", " ", lowered).split()
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            if found := PRIORITY_WORDS.get(" ".join(words[start : start + size])):
                return found
    return None


_TYPE_WORDS = (
    ("prevent", "prevent"), ("mitigat", "mitigate"), ("repair", "mitigate"),
    ("detect", "detect"), ("monitor", "detect"), ("alert", "detect"), ("process", "process"),
    ("investigat", "other"), ("other", "other"),
)  # fmt: skip


def type_hint(text: str | None) -> str | None:
    """The item type a heading or label names ("### Prevent", "Detection"), if exactly one."""
    if not text:
        return None
    lowered = text.lower()
    named = None
    for stem, kind in _TYPE_WORDS:
        if stem in lowered:
            if named is not None and named != kind:
                return None  # two types named: none of them
            named = kind
    return named


def normalise_type(raw: str | None) -> str | None:
    """A type/category cell: one of prevent/mitigate/detect/process/other, None when empty."""
    raw = clean_value(raw)
    if raw is None:
        return None
    return type_hint(raw) or "other"


_DONE_WORDS = frozenset(
    {"done", "complete", "completed", "closed", "fixed", "resolved", "finished", "shipped",
     "verified", "✅", "✔", "✔️", "[x]", "yes", "y"}
)  # fmt: skip


# Marks that say done in any language ("✅ Đã xong")
DONE_MARKS = frozenset("✅✔☑✓")
_CHECK_MARKS = (*DONE_MARKS, "[x]")
_FIRST_WORD = re.compile(r"[a-z]+")
_STILL_OPEN = re.compile(r"\b(?:not|partially|partly|almost|mostly|pending)\b|\?")


def done_word(cell: str) -> bool:
    """A cell that is only a word or mark for done ("Done", "✅")."""
    return cell.strip().lower() in _DONE_WORDS


def status_done(status: str | None) -> bool:
    """A status cell that says the work is done: the word or mark alone, or first with a note
    after it ("✅ Done (this workload)", "Completed 2024-05-01", "Done - see #12")."""
    if status is None:
        return False
    cell = status.strip().lower()
    if done_word(cell):
        return True
    if _STILL_OPEN.search(cell[:80]):
        return False
    first = _FIRST_WORD.match(cell)
    return cell.startswith(_CHECK_MARKS) or (first is not None and first.group(0) in _DONE_WORDS - {"yes", "y"})


_COLUMNS: dict[str, tuple[str, ...]] = {
    "item_id": ("id", "#", "no", "no.", "nr", "item id", "ref id"),
    "text": ("action", "action item", "action items", "actions", "item", "items", "task", "tasks",
             "description", "what", "title", "summary", "follow-up", "follow up", "remediation",
             "todo", "to do", "corrective action", "next step", "details", "recommendation",
             "mitigation", "improvement", "change", "fix", "work item", "proposed action",
             "measure", "preventive action", "preventative action", "action to take"),
    "owner": ("owner", "owners", "assignee", "assignees", "who", "dri", "responsible",
              "assigned to", "assigned", "team", "owner/team", "owning team", "point of contact",
              "poc", "lead"),
    "due": ("due", "due date", "deadline", "date", "eta", "by", "target date", "target", "when",
            "due by", "expected date", "expected", "expected completion", "completion date",
            "estimated completion", "target completion", "timeline", "timeframe", "expected by"),
    "priority": ("priority", "pri", "p", "prio", "urgency", "importance"),
    "ref": ("bug", "bugs", "ticket", "tickets", "issue", "issues", "link", "links", "tracking",
            "jira", "tracking issue", "tracking bug", "jira ticket", "github issue", "bug/ticket",
            "ticket/bug", "issue link", "ref", "reference", "pr", "prs", "pull request",
            "pull requests", "github", "jira issue", "ticket #", "issue #", "tracking link",
            "tracker", "link to issue", "references", "ticket link", "commit", "commits", "mr", "mrs",
            "merge request", "merge requests", "fixed in", "merged in", "landed in"),
    "type": ("type", "category", "kind"),
    "verify": ("verify", "verification", "done when", "done-when", "acceptance",
               "acceptance criteria", "how we verify", "verified by", "validation", "verify by"),
    "status": ("status", "state", "done"),
}  # fmt: skip
# Column headers in other languages are the labels teams write there ("Responsable", "Échéance")
_COLUMN_ROLE = {header: role for table in (_COLUMNS, FOREIGN_LABELS) for role, headers in table.items() for header in headers}


def column_role(header: str) -> str | None:
    """Which item field a table column holds, from its header ("Owner(s)", "Due date", "Bug")."""
    lowered = " ".join(header.lower().replace("*", "").replace("_", " ").split()).strip(" :.?")
    if lowered in _COLUMN_ROLE:
        return _COLUMN_ROLE[lowered]
    unbracketed = re.sub(r"\s*\([^)]*\)", "", lowered).strip()
    if unbracketed in _COLUMN_ROLE:
        return _COLUMN_ROLE[unbracketed]
    if (written := cjk_column_role(unbracketed)) is not None:
        return written  # "担当者名", "対応期限": a field's name opens or closes the header
    parts = {_COLUMN_ROLE.get(part.strip()) for part in re.split(r"/|&|\bor\b|,", unbracketed)}
    if len(parts) == 1 and None not in parts:  # "Issue / PR", "Ticket or PR"
        return parts.pop()
    words = unbracketed.split()
    if len(words) > 2 and words[-1] in ("#", "no", "no.", "nr"):  # "GitHub issue #": the number
        words = words[:-1]
    if len(words) > 1 and words[-1] in ("id", "key", "number") and _COLUMN_ROLE.get(words[-2]) == "ref":
        return "ref"  # "Ticket ID", "Jira key", "Bug number": the ticket's own key
    if len(words) == 2 and words[1] == "by" and (words[0].endswith(("ed", "en")) or words[0] in ("led", "done", "run")):
        return None  # "Owned by", "Driven by", "Completed by": who or when, as the cells say (syncer.column_roles)
    if len(words) > 1 and words[-1] in _COLUMN_ROLE:  # the head noun names it: "Action owner", "Expected resolution date"
        return _COLUMN_ROLE[words[-1]]
    first = words[0] if words else ""
    return _COLUMN_ROLE.get(first) if first not in ("p", "no", "by", "when", "date") else None


_META_KEYS: dict[str, tuple[str, ...]] = {
    "id": ("id", "incident id", "postmortem id", "incident number", "incident #"),
    "title": ("title",),
    "date": ("date", "incident date", "date of incident", "incident day", "occurred", "occurred on"),
    "review_date": ("review_date", "review date", "reviewed", "review", "reviewed on",
                    "postmortem date", "postmortem meeting", "review meeting", "meeting date"),
    "severity": ("severity", "sev", "severity level", "incident severity"),
    "team": ("team", "teams", "owning team", "responsible team", "team(s)"),
    "services": ("services", "service", "affected services", "services affected",
                 "impacted services", "service(s)", "components", "systems affected"),
    "related": ("related", "related incidents", "related postmortems", "previous incidents",
                "related records"),
    "status": ("status", "document status", "postmortem status"),
}  # fmt: skip
_META_KEY = {alias: name for name, aliases in _META_KEYS.items() for alias in aliases}


def meta_key(key: str) -> str | None:
    """The Postmortem field a front-matter or metadata key names ("Incident date" → "date")."""
    return _META_KEY.get(" ".join(key.lower().replace("*", "").split()).strip(" :"))


# A bracket holding no other bracket: "(owner: kim)", "[P1]"
BRACKET = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
BRACKETS_MAX = 16  # brackets read for fields in one item: more is prose, not an item's fields


def cut(text: str, start: int, end: int) -> str:
    """The text without text[start:end], and without brackets that only wrapped it."""
    before, after = text[:start], text[end:]
    stripped_before, stripped_after = before.rstrip(), after.lstrip()
    if stripped_before[-1:] in ("(", "[") and stripped_after[:1] in (")", "]"):
        before, after = stripped_before[:-1], stripped_after[1:]
    return f"{before.rstrip()} {after.lstrip()}".strip()
