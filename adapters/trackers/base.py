"""The Tracker port and the error types every tracker adapter maps vendor errors to.

Adapters raise only these errors (httpx-style: vendor exceptions are translated
once, at the adapter boundary), so the engine never sees a JIRAError or a
GithubException.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from syncer.model import TicketRef, TicketSpec, TicketState

MARKER_LABEL = "pmsync"
POSTMORTEM_LABEL = "postmortem"


def item_hash(item_key: str) -> str:
    """Short, stable, label-safe identity of an item (`pmsync-<hash>` in Jira)."""
    return hashlib.sha256(item_key.encode("utf-8")).hexdigest()[:12]


def item_label(item_key: str) -> str:
    return f"{MARKER_LABEL}-{item_hash(item_key)}"


def body_marker(item_key: str) -> str:
    return f"<!-- pmsync:item={item_key} -->"


class TrackerError(Exception):
    """A tracker call failed. `message` keeps the server's own words."""

    retryable = False

    def __init__(
        self,
        message: str,
        *,
        target: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
        down: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.target = target
        self.status = status
        self.retry_after = retry_after
        # no HTTP answer came back: the tracker itself is out of reach, not this one request
        self.down = isinstance(self, Unreachable) if down is None else down

    def __str__(self) -> str:
        where = f"{self.target}: " if self.target else ""
        code = f" (HTTP {self.status})" if self.status else ""
        return f"{where}{self.message}{code}"


class AuthError(TrackerError):
    """Credentials rejected: the whole tracker is unusable until ops fix it."""


class PermissionDenied(TrackerError):
    """Authenticated, but not allowed (project/repo access, push rights)."""


class NotFound(TrackerError):
    """The ticket, project or repository does not exist or is not visible."""


class Rejected(TrackerError):
    """The tracker refused the request's content (400/422): fix the input, do not retry."""


class RateLimited(TrackerError):
    retryable = True


class Unavailable(TrackerError):
    """5xx, timeouts, refused connections: try again later."""

    retryable = True


class Unreachable(Unavailable):
    """No connection could be made (refused, unknown host, connect timeout): the request never
    reached the tracker. Not retried call by call: the whole tracker is down for the cycle."""


class WriteOutcomeUnknown(Unavailable):
    """The connection failed after a write was sent: it may or may not have happened."""


@dataclass(frozen=True, slots=True)
class PollResult:
    tickets: list[TicketState]  # changed (or all, on a full pass) tickets managed by pmsync
    cursor: str | None  # opaque: stored by the ledger, handed back next poll
    requests: int = 0  # HTTP requests made, for cost accounting
    unchanged: bool = False  # True when the tracker answered "nothing changed" (e.g. 304)


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of `check-config --online`."""

    target: str
    message: str
    severity: str = "error"


@runtime_checkable
class Tracker(Protocol):
    """One tracker instance (a Jira site or a GitHub host), serving many targets.

    A target is the routing string: `jira:KEY` or `github:owner/repo`.
    """

    name: str
    search_lag: float  # seconds a new ticket may stay invisible to a marker look-up

    def create(self, target: str, spec: TicketSpec) -> TicketState:
        """Create the ticket (no retry of the POST itself), carrying the item's marker."""
        ...

    def update(self, ref: TicketRef, spec: TicketSpec, fields: Iterable[str]) -> TicketState:
        """Push the named doc-owned fields (see TicketSpec.doc_fields) and nothing else."""
        ...

    def complete(self, ref: TicketRef) -> TicketState:
        """Close a ticket pmsync has just created for an item the document already marks done
        (a done status / state_reason "completed"); never used on people's tickets."""
        ...

    def adopt(self, ref: TicketRef, spec: TicketSpec) -> TicketState:
        """Take an existing ticket the document names under management: add pmsync's labels
        (never overwriting the people's fields) and return its state (`exists=False` if gone)."""
        ...

    def find_by_marker(self, target: str, item_key: str) -> TicketState | None:
        """Look a ticket up by the item's marker (recovery of an unfinished create)."""
        ...

    def get(self, ref: TicketRef, *, history: bool = False) -> TicketState:
        """Read one ticket (read-after-write, adoption); `exists=False` when gone."""
        ...

    def resolve_ref(self, target: str, written: str) -> TicketRef | None:
        """Turn a ticket reference as written in a doc (key, #123, URL) into a ref, if it is ours."""
        ...

    def poll(self, target: str, cursor: str | None, now: datetime) -> PollResult:
        """Tickets managed by pmsync that changed since the cursor (all when cursor is None)."""
        ...

    def fetch(self, refs: Sequence[TicketRef]) -> list[TicketState]:
        """Full reconciliation of known tickets in batches; missing ones come back exists=False."""
        ...

    def list_managed(self, target: str) -> list[TicketState]:
        """Every ticket in the target carrying pmsync's marker (for `pmsync reconcile`)."""
        ...

    def check(self, targets: Sequence[str], accounts: Sequence[str]) -> list[Problem]:
        """Online checks: credentials, targets, priorities/labels, people's accounts."""
        ...


@dataclass
class RequestCounter:
    """Counts HTTP requests by endpoint; adapters expose one for metrics and benches."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, endpoint: str) -> None:
        self.counts[endpoint] = self.counts.get(endpoint, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())
