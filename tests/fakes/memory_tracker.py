"""An in-memory Tracker: the fake adapter for engine tests (ports and adapters).

It keeps tickets in a dict, honours the Tracker protocol's contract (markers,
only the named fields updated, moved/deleted tickets) and can be told to fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from adapters.trackers.base import (
    NotFound,
    PollResult,
    Problem,
    TrackerError,
    item_hash,
)
from syncer.model import Category, TicketRef, TicketSpec, TicketState


@dataclass
class Failure:
    error: TrackerError
    op: str  # create | update | get | poll | find | adopt | any
    times: int = 1
    after_write: bool = False  # for create: the ticket is created, then the error is raised


@dataclass
class MemoryTracker:
    name: str = "jira"
    search_lag: float = 0.0
    tickets: dict[tuple[str, str], TicketState] = field(default_factory=dict)
    specs: dict[tuple[str, str], TicketSpec] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    hidden: set[tuple[str, str]] = field(default_factory=set)  # invisible to marker look-ups (index lag)
    _next: int = 0

    # -- test controls -----------------------------------------------------------

    def fail(self, error: TrackerError, op: str = "any", times: int = 1, *, after_write: bool = False) -> None:
        self.failures.append(Failure(error, op, times, after_write))

    def _failure(self, op: str) -> Failure | None:
        for failure in self.failures:
            if failure.op in (op, "any") and failure.times > 0:
                failure.times -= 1
                return failure
        return None

    def _maybe_fail(self, op: str) -> None:
        failure = self._failure(op)
        if failure is not None:
            raise failure.error

    def human(self, target: str, key: str, **changes: object) -> TicketState:
        state = replace(self.tickets[(target, key)], **changes)
        self.tickets[(target, key)] = state
        return state

    def writes(self) -> int:
        return sum(1 for op, _ in self.calls if op in ("create", "update", "adopt"))

    def by_marker(self, item_key: str) -> list[TicketState]:
        return [t for t in self.tickets.values() if t.marker == item_hash(item_key)]

    # -- the Tracker protocol ------------------------------------------------------

    def create(self, target: str, spec: TicketSpec) -> TicketState:
        self.calls.append(("create", spec.item_key))
        failure = self._failure("create")
        if failure is not None and not failure.after_write:
            raise failure.error
        self._next += 1
        key = f"{target.split(':', 1)[1].split('/')[-1].upper()}-{self._next}"
        ref = TicketRef(self.name, target, key, f"https://tracker.test/{key}")
        state = TicketState(
            ref=ref,
            marker=item_hash(spec.item_key),
            item_key=spec.item_key,
            summary=spec.summary,
            status="To Do",
            priority=spec.priority,
            assignee=spec.assignee,
            due=spec.due,
            labels=("pmsync", "postmortem", f"pmsync-{item_hash(spec.item_key)}"),
        )
        self.tickets[(target, key)] = state
        self.specs[(target, key)] = spec
        if failure is not None:
            raise failure.error
        return state

    def update(self, ref: TicketRef, spec: TicketSpec, fields: Iterable[str]) -> TicketState:
        fields = tuple(fields)
        self.calls.append(("update", f"{ref.key}:{','.join(fields)}"))
        self._maybe_fail("update")
        state = self.tickets.get((ref.target, ref.key))
        if state is None or not state.exists:
            raise NotFound(f"{ref.key} does not exist", target=ref.target, status=404)
        values = {
            "summary": {"summary": spec.summary},
            "priority": {"priority": spec.priority},
            "assignee": {"assignee": spec.assignee},
            "due": {"due": spec.due},
            "description": {},
        }
        for name in fields:
            state = replace(state, **values[name])
        self.tickets[(ref.target, ref.key)] = state
        self.specs[(ref.target, ref.key)] = spec
        return state

    def complete(self, ref: TicketRef) -> TicketState:
        self.calls.append(("complete", ref.key))
        self._maybe_fail("complete")
        return self.human(ref.target, ref.key, category=Category.DONE, status="Done")

    def adopt(self, ref: TicketRef, spec: TicketSpec) -> TicketState:
        self.calls.append(("adopt", ref.key))
        self._maybe_fail("adopt")
        state = self.tickets.get((ref.target, ref.key))
        if state is None:
            return TicketState(ref=ref, exists=False)
        marker = item_hash(spec.item_key)
        state = replace(state, marker=marker, labels=(*state.labels, "pmsync", f"pmsync-{marker}"))
        self.tickets[(ref.target, ref.key)] = state
        return state

    def find_by_marker(self, target: str, item_key: str) -> TicketState | None:
        self.calls.append(("find", item_key))
        self._maybe_fail("find")
        for (t, key), state in self.tickets.items():
            if t == target and state.marker == item_hash(item_key) and (t, key) not in self.hidden:
                return state
        return None

    def get(self, ref: TicketRef, *, history: bool = False) -> TicketState:
        self.calls.append(("get", ref.key))
        self._maybe_fail("get")
        state = self.tickets.get((ref.target, ref.key))
        return state if state is not None else TicketState(ref=ref, exists=False)

    def resolve_ref(self, target: str, written: str) -> TicketRef | None:
        m = re.fullmatch(r"([A-Z][A-Z0-9]+)-\d+", written.strip())
        # like Jira: the key's project is the ticket's target, whatever the item's routing says
        return TicketRef(self.name, f"{target.split(':')[0]}:{m.group(1)}", written.strip()) if m else None

    def poll(self, target: str, cursor: str | None, now: datetime) -> PollResult:
        self.calls.append(("poll", target))
        self._maybe_fail("poll")
        since = datetime.fromisoformat(cursor) if cursor else None
        changed = [
            s
            for (t, _), s in self.tickets.items()
            if t == target and (since is None or (s.updated_at is not None and s.updated_at >= since))
        ]
        return PollResult(changed, now.isoformat(), requests=1)

    def fetch(self, refs: Sequence[TicketRef]) -> list[TicketState]:
        self.calls.append(("fetch", str(len(refs))))
        return [self.get(ref) for ref in refs]

    def list_managed(self, target: str) -> list[TicketState]:
        return [s for (t, _), s in self.tickets.items() if t == target and s.marker]

    def check(self, targets: Sequence[str], accounts: Sequence[str]) -> list[Problem]:
        return []

    def close(self, target: str, key: str, *, by: str | None, resolution: str | None = None,
              at: datetime | None = None) -> TicketState:
        return self.human(
            target, key, category=Category.DONE, status="Done", closed_by=by,
            resolution=resolution, updated_at=at, closed_at=at,
        )
