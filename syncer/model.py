"""The domain model shared by every part of pmsync (DESIGN §2).

Plain frozen dataclasses: the pure core passes them around, adapters build
them from vendor payloads, the ledger stores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

PRIORITIES: tuple[str, ...] = ("P0", "P1", "P2", "P3", "P4")

Severity = Literal["error", "warning", "info"]


def priority_rank(priority: str | None) -> int | None:
    """P0 → 0 … P4 → 4; a lower number is more urgent. None when unknown."""
    if priority in PRIORITIES:
        return PRIORITIES.index(priority)
    return None


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint or processing finding, always tied to a file and line."""

    rule: str
    severity: Severity
    message: str
    path: str
    line: int | None = None
    item: str | None = None  # the item key the finding is about, if any


@dataclass(frozen=True, slots=True)
class ActionItem:
    key: str  # "<postmortem id>/<item id>"
    item_id: str  # explicit id from the doc, else the ordinal in the section ("3")
    explicit_id: bool
    text: str  # the action alone, without inline fields and markup
    owner: str | None = None  # handle or e-mail as written, without a leading "@"
    due: date | None = None  # resolved absolute deadline
    due_text: str | None = None  # the deadline as written
    priority: str | None = None  # normalised P0..P4
    verify: str | None = None  # verification plan
    type: str | None = None  # prevent/mitigate/detect/process/other (as normalised)
    ref: str | None = None  # ticket reference as written (key, "#123", or URL)
    done: bool = False  # checked checkbox in the doc
    line: int = 0  # 1-based source line
    raw_priority: str | None = None  # the priority as written, if any
    found_by: str = ""  # table | list | checkbox | heading | paragraph | prose
    section: str | None = None  # the heading the item was found under
    status: str | None = None  # the item's status as written ("won't do — … (accepted by @lead)")

    @property
    def postmortem_id(self) -> str:
        return self.key.rsplit("/", 1)[0]


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    level: int
    line: int
    text: str  # the plain text under the heading (up to the next heading of the same or higher level)


@dataclass(frozen=True, slots=True)
class Postmortem:
    id: str
    id_explicit: bool  # False when derived from the file path
    title: str
    path: str
    date: date | None = None  # incident date
    review_date: date | None = None  # base for relative deadlines; defaults to the incident date
    severity: str | None = None
    team: str | None = None
    services: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    status: str | None = None  # draft / final
    line: int = 1
    doc_url: str | None = None
    items: tuple[ActionItem, ...] = ()
    sections: tuple[Section, ...] = ()
    source: str | None = None  # the configured source it was read from (routing defaults)


@dataclass(frozen=True, slots=True)
class Document:
    """The outcome of reading one file: a postmortem (None when unreadable) and its findings."""

    path: str
    postmortem: Postmortem | None
    findings: tuple[Finding, ...] = ()
    # False for a page turned into Markdown (Confluence, Google Docs): line numbers there mean
    # nothing to people, so findings point at the page alone
    lines: bool = True


class Category(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class TicketRef:
    tracker: str  # "jira" | "github"
    target: str  # "jira:OPS" | "github:owner/repo"
    key: str  # "OPS-12" | "42"
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One change the tracker's history records (Jira changelog item, GitHub issue event)."""

    field: str  # status | priority | sprint | duedate | assignee | labels | resolution | milestone | state
    at: datetime | None
    actor: str | None  # account id / username / login; None when unknown
    from_value: str | None = None
    to_value: str | None = None


@dataclass(frozen=True, slots=True)
class TicketState:
    """What the tracker says about a ticket, normalised (DESIGN §2)."""

    ref: TicketRef
    exists: bool = True  # False: deleted / moved out of reach / not visible
    marker: str | None = None  # item_hash(item key) found on the ticket (Jira label / GitHub body marker)
    item_key: str | None = None  # the full item key, when the ticket spells it out (GitHub body marker)
    summary: str | None = None
    status: str | None = None
    category: Category = Category.TODO
    resolution: str | None = None  # Jira resolution name / GitHub state_reason
    priority: str | None = None  # normalised P0..P4, None when unmapped or absent
    raw_priority: str | None = None
    assignee: str | None = None  # account id / username / login
    due: date | None = None
    labels: tuple[str, ...] = ()
    sprints: tuple[str, ...] = ()  # active/future sprint or milestone names the ticket is in
    updated_at: datetime | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    history: tuple[Change, ...] = ()  # newest first, only when fetched
    comments: tuple[tuple[str | None, str], ...] = ()  # (author, body) when fetched
    blocked_by_open: bool = False
    # fields the tracker would not take on the write that returned this state, with its words
    # (a field not on the create screen, a priority outside the project's scheme); not stored
    dropped: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class TicketSpec:
    """What pmsync wants a ticket to say: the doc-owned fields (DESIGN §6)."""

    item_key: str
    summary: str
    description: str  # Markdown-ish plain text; adapters format it for their tracker
    priority: str | None  # P0..P4
    owner: str | None  # handle from the doc
    assignee: str | None  # tracker account (Jira accountId/username, GitHub login), None if unknown
    due: date | None
    doc_url: str | None = None
    postmortem_title: str | None = None
    # what per-route ticket field templates may name ({severity}, {team}, {postmortem_id})
    severity: str | None = None
    team: str | None = None
    postmortem_id: str | None = None
    done: bool = False  # ticked in the document: created closed (policy.done_in_doc)

    def doc_fields(self) -> dict[str, object]:
        """The fields compared to decide whether a ticket needs an update."""
        return {
            "summary": self.summary,
            "description": self.description,
            "priority": self.priority,
            "assignee": self.assignee,
            "due": self.due.isoformat() if self.due else None,
        }


@dataclass(frozen=True, slots=True)
class Flag:
    kind: str
    item_key: str
    details: str = ""
    raised_at: datetime | None = None
    cleared_at: datetime | None = None
