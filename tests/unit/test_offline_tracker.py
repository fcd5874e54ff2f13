"""Offline mode: the Tracker port kept in a key-value store, and the whole job run on it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from adapters.trackers.base import item_hash
from adapters.trackers.dryrun import OfflineTracker
from adapters.trackers.pacing import MemoryStore
from syncer.model import TicketRef, TicketSpec
from tests.fakes.memory_tracker import MemoryTracker

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    now = NOW

    def __call__(self) -> datetime:
        return self.now


def spec(key: str = "INC-7/1", **kw) -> TicketSpec:
    values = {"item_key": key, "summary": "Add disk alert at 80%", "description": "d",
              "priority": "P1", "owner": "alice", "assignee": "acc-alice", "due": date(2026, 12, 4)}
    return TicketSpec(**{**values, **kw})


def tracker(name: str = "jira", store: MemoryStore | None = None, clock: Clock | None = None):
    return OfflineTracker(MemoryTracker(name=name), store or MemoryStore(), clock or Clock())


def test_creates_numbered_tickets_per_target_and_finds_them_by_marker():
    t = tracker()
    a = t.create("jira:PAY", spec("INC-7/1"))
    b = t.create("jira:PAY", spec("INC-7/2"))
    c = t.create("jira:OPS", spec("INC-7/3"))
    assert [a.ref.key, b.ref.key, c.ref.key] == ["PAY-1", "PAY-2", "OPS-1"]
    assert a.marker == item_hash("INC-7/1") and a.assignee == "acc-alice" and a.due == date(2026, 12, 4)
    assert t.find_by_marker("jira:PAY", "INC-7/2") == b
    assert t.find_by_marker("jira:OPS", "INC-7/2") is None


def test_github_numbers_issues_and_keeps_no_due_date():
    t = tracker("github")
    issue = t.create("github:acme/web", spec())
    assert issue.ref.key == "1" and issue.due is None


def test_tickets_survive_a_new_tracker_on_the_same_store():
    store = MemoryStore()
    created = tracker(store=store).create("jira:PAY", spec())
    again = tracker(store=store)
    assert again.get(created.ref) == created
    assert again.create("jira:PAY", spec("INC-7/2")).ref.key == "PAY-2"


def test_update_changes_only_the_named_fields():
    t = tracker()
    state = t.create("jira:PAY", spec())
    updated = t.update(state.ref, spec(summary="New words", priority="P0"), ["summary"])
    assert updated.summary == "New words" and updated.priority == "P1"


def test_poll_returns_what_changed_since_the_cursor():
    clock = Clock()
    t = tracker(clock=clock)
    first = t.create("jira:PAY", spec("INC-7/1"))
    t.create("jira:PAY", spec("INC-7/2"))
    result = t.poll("jira:PAY", None, NOW + timedelta(seconds=1))
    assert len(result.tickets) == 2
    clock.now = NOW + timedelta(minutes=5)  # later than the first poll
    t.update(first.ref, spec(summary="Edited"), ["summary"])
    assert [s.ref.key for s in t.poll("jira:PAY", result.cursor, clock.now).tickets] == ["PAY-1"]


def test_a_named_ticket_is_adopted_as_the_document_describes_it():
    t = tracker()
    state = t.adopt(TicketRef("jira", "jira:PAY", "PAY-101"), spec())
    assert state.exists and state.marker == item_hash("INC-7/1") and "pmsync" in state.labels
    assert t.get(TicketRef("jira", "jira:PAY", "PAY-404")).exists is False


def test_references_are_read_by_the_real_trackers_rules_and_checks_say_offline():
    t = tracker()
    assert t.resolve_ref("jira:PAY", "PAY-12").key == "PAY-12"
    (problem,) = t.check(["jira:PAY"], [])
    assert problem.severity == "warning" and "offline" in problem.message
