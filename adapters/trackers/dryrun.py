"""Offline mode: a tracker that keeps its tickets in the ledger.

With `daemon.offline = true` every target is served by an OfflineTracker: the
whole job runs (plan, create, poll, flag, queue mail) on real postmortems with
nothing leaving the machine. Ticket references written in documents are read
with the real adapter's rules (pure string parsing, no request).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from adapters.trackers.base import (
    MARKER_LABEL,
    POSTMORTEM_LABEL,
    PollResult,
    Problem,
    Tracker,
    item_hash,
    item_label,
)
from adapters.trackers.pacing import KeyValueStore
from syncer.model import Category, TicketRef, TicketSpec, TicketState
from syncer.state import state_from_json, state_to_json

_OPEN = {"jira": "To Do", "github": "open"}


class OfflineTracker:
    """Implements the Tracker port over a key-value store (the ledger); no network."""

    search_lag = 0.0

    def __init__(self, real: Tracker, store: KeyValueStore, clock: Callable[[], datetime]) -> None:
        self.name = real.name
        self._real = real  # only for resolve_ref: how this tracker's references are written
        self._store = store
        self._clock = clock

    # -- storage -------------------------------------------------------------------------

    def _key(self, target: str, key: str) -> str:
        return f"offline.{self.name}.{target}.{key}"

    def _index(self) -> list[list[str]]:
        return json.loads(self._store.get(f"offline.{self.name}.index") or "[]")

    def _load(self, target: str, key: str) -> TicketState | None:
        raw = self._store.get(self._key(target, key))
        return state_from_json(raw) if raw else None

    def _save(self, state: TicketState) -> TicketState:
        index = self._index()
        entry = [state.ref.target, state.ref.key]
        if entry not in index:
            index.append(entry)
            self._store.set(f"offline.{self.name}.index", json.dumps(index))
        self._store.set(self._key(state.ref.target, state.ref.key), state_to_json(state))
        return state

    def _all(self, target: str | None = None) -> list[TicketState]:
        found = (self._load(t, k) for t, k in self._index() if target in (None, t))
        return [state for state in found if state is not None]

    def _new_ref(self, target: str) -> TicketRef:
        counter = f"offline.{self.name}.{target}.next"
        number = int(self._store.get(counter) or "1")
        self._store.set(counter, str(number + 1))
        where = target.split(":", 1)[1]
        key = str(number) if self.name == "github" else f"{where}-{number}"
        return TicketRef(self.name, target, key, f"offline://{where}/{key}")

    # -- the Tracker port ---------------------------------------------------------------

    def create(self, target: str, spec: TicketSpec) -> TicketState:
        ref = self._new_ref(target)
        return self._save(
            TicketState(
                ref=ref,
                marker=item_hash(spec.item_key),
                item_key=spec.item_key,
                summary=spec.summary,
                status=_OPEN.get(self.name, "open"),
                category=Category.TODO,
                priority=spec.priority,
                assignee=spec.assignee,
                due=spec.due if self.name != "github" else None,  # GitHub issues have no due date
                labels=(POSTMORTEM_LABEL, MARKER_LABEL, item_label(spec.item_key)),
                updated_at=self._clock(),
            )
        )

    def complete(self, ref: TicketRef) -> TicketState:
        state = self._load(ref.target, ref.key) or TicketState(ref=ref)
        return self._save(replace(state, status="Done", category=Category.DONE, closed_at=self._clock(),
                                  updated_at=self._clock()))

    def update(self, ref: TicketRef, spec: TicketSpec, fields: Iterable[str]) -> TicketState:
        state = self._load(ref.target, ref.key) or TicketState(ref=ref)
        values = {
            "summary": {"summary": spec.summary},
            "priority": {"priority": spec.priority},
            "assignee": {"assignee": spec.assignee},
            "due": {"due": spec.due} if self.name != "github" else {},
            "description": {},
        }
        for name in fields:
            state = replace(state, **values[name])
        return self._save(replace(state, updated_at=self._clock()))

    def adopt(self, ref: TicketRef, spec: TicketSpec) -> TicketState:
        """Offline, a ticket the document names cannot be looked at: it is taken to be as the
        document describes it, with pmsync's labels added."""
        state = self._load(ref.target, ref.key)
        if state is None:
            state = TicketState(
                ref=ref,
                summary=spec.summary,
                status=_OPEN.get(self.name, "open"),
                priority=spec.priority,
                assignee=spec.assignee,
                due=spec.due if self.name != "github" else None,
            )
        labels = (*state.labels, MARKER_LABEL, item_label(spec.item_key))
        return self._save(
            replace(state, marker=item_hash(spec.item_key), labels=labels, updated_at=self._clock())
        )

    def find_by_marker(self, target: str, item_key: str) -> TicketState | None:
        marker = item_hash(item_key)
        return next((s for s in self._all(target) if s.marker == marker), None)

    def get(self, ref: TicketRef, *, history: bool = False) -> TicketState:
        return self._load(ref.target, ref.key) or TicketState(ref=ref, exists=False)

    def resolve_ref(self, target: str, written: str) -> TicketRef | None:
        return self._real.resolve_ref(target, written)

    def poll(self, target: str, cursor: str | None, now: datetime) -> PollResult:
        since = datetime.fromisoformat(cursor) if cursor else None
        changed = [
            s
            for s in self._all(target)
            if since is None or (s.updated_at is not None and s.updated_at >= since)
        ]
        return PollResult(changed, now.isoformat())

    def fetch(self, refs: Sequence[TicketRef]) -> list[TicketState]:
        return [self.get(ref) for ref in refs]

    def list_managed(self, target: str) -> list[TicketState]:
        return [s for s in self._all(target) if s.marker]

    def check(self, targets: Sequence[str], accounts: Sequence[str]) -> list[Problem]:
        return [
            Problem(t, "offline mode: tickets are kept in the ledger, nothing is sent", "warning")
            for t in targets
        ]
