"""JiraTracker with the real `jira` client against the fake Jira on 127.0.0.1, Cloud and DC."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from adapters.trackers.base import (
    AuthError,
    RateLimited,
    RequestCounter,
    TrackerError,
    Unavailable,
    WriteOutcomeUnknown,
    item_hash,
    item_label,
)
from adapters.trackers.jira import JiraTracker
from syncer.model import Category, TicketSpec
from syncer.settings import JiraSettings
from tests.fakes.jira_server import FakeJira

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass
class Clock:
    now: datetime = START

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class Site:
    fake: FakeJira
    clock: Clock
    sleeps: list[float] = field(default_factory=list)
    counter: RequestCounter = field(default_factory=RequestCounter)

    @property
    def cloud(self) -> bool:
        return self.fake.cloud

    def tracker(self, **overrides: Any) -> JiraTracker:
        auth = {"email": self.fake.email} if self.cloud else {}
        settings = JiraSettings(
            url=self.fake.url, token=self.fake.token, timeout=5, **{**auth, **overrides}
        )
        return JiraTracker(settings, counter=self.counter, sleep=self.sleeps.append)


@pytest.fixture(params=["cloud", "datacenter"])
def site(request: pytest.FixtureRequest) -> Iterator[Site]:
    clock = Clock()
    with FakeJira(request.param, clock=lambda: clock.now) as fake:
        fake.add_project("OPS")
        fake.add_project("PLAT")
        fake.add_user("alice", "Alice", email="alice@acme.example")
        fake.add_user("carol", "Carol (lead)", email="carol@acme.example")
        fake.add_sprint(41, "Sprint 41", "active")
        yield Site(fake, clock)


def spec(key: str = "INC-7/disk-alert", **overrides: Any) -> TicketSpec:
    values: dict[str, Any] = {
        "item_key": key,
        "summary": f"Add disk space alert ({key})",
        "description": "Postmortem: Disk full on db-1\nVerify: alert fires in staging\n\nmanaged by pmsync",
        "priority": "P1",
        "owner": "alice",
        "assignee": "alice",
        "due": date(2026, 12, 18),
        "doc_url": "https://git.acme.example/pm/INC-7.md",
        "postmortem_title": "Disk full on db-1",
    }
    values.update(overrides)
    return TicketSpec(**values)


def test_create_then_read_back_the_ticket(site: Site) -> None:
    tracker = site.tracker()

    created = tracker.create("jira:OPS", spec())
    state = tracker.get(created.ref)

    issue = site.fake.issue(created.ref.key)
    assert issue.labels == ["postmortem", "pmsync", item_label("INC-7/disk-alert")]
    assert (issue.priority, issue.assignee, issue.duedate) == ("High", "alice", date(2026, 12, 18))
    assert [link.global_id for link in issue.remote_links] == [
        f"pmsync:{item_hash('INC-7/disk-alert')}"
    ]
    assert state.marker == created.marker == item_hash("INC-7/disk-alert")
    assert (state.status, state.category, state.priority) == ("To Do", Category.TODO, "P1")
    assert (state.assignee, state.due) == ("alice", date(2026, 12, 18))
    assert tracker.deployment == site.fake.mode
    # the adapter saw every request the server answered
    assert site.counter.total == sum(site.fake.requests.values())
    assert site.fake.requests["POST /rest/api/2/issue"] == 1


def test_poll_sees_human_changes_and_history_names_the_closer(site: Site) -> None:
    tracker = site.tracker()
    ref = tracker.create("jira:OPS", spec()).ref
    site.fake.set_sprint(ref.key, 41, actor="alice")
    first = tracker.poll("jira:OPS", None, site.clock.now)
    assert [t.sprints for t in first.tickets] == [("Sprint 41",)]

    site.clock.advance(minutes=30)
    site.fake.human_update(ref.key, "carol", priority="Low", duedate="2027-02-01")
    site.fake.set_sprint(ref.key, None, actor="carol")
    site.fake.human_transition(ref.key, "Done", "carol", resolution="Won't Do")
    site.fake.link_blocked_by(ref.key, site.fake.seed_issue("PLAT", "Upstream fix"))
    second = tracker.poll("jira:OPS", first.cursor, site.clock.advance(minutes=5))

    (polled,) = second.tickets
    assert (polled.priority, polled.due, polled.sprints) == ("P3", date(2027, 2, 1), ())
    assert (polled.category, polled.resolution, polled.blocked_by_open) == (
        Category.DONE,
        "Won't Do",
        True,
    )
    full = tracker.get(ref, history=True)
    assert full.closed_by == "carol"
    fields = [c.field for c in full.history]
    assert {"priority", "duedate", "sprint", "status", "resolution"} <= set(fields)
    demotion = next(c for c in full.history if c.field == "priority")
    assert (demotion.actor, demotion.from_value, demotion.to_value) == ("carol", "High", "Low")


def test_steady_state_poll_costs_one_search(site: Site) -> None:
    tracker = site.tracker()
    tracker.create("jira:OPS", spec())
    cursor = tracker.poll("jira:OPS", None, site.clock.advance(minutes=1)).cursor
    cursor = tracker.poll("jira:OPS", cursor, site.clock.advance(minutes=20)).cursor
    site.fake.reset_counters()

    result = tracker.poll("jira:OPS", cursor, site.clock.advance(minutes=20))

    assert (result.tickets, result.requests) == ([], 1)
    search = "GET /rest/api/2/search/jql" if site.cloud else "GET /rest/api/2/search"
    assert dict(site.fake.requests) == {search: 1}


def test_update_changes_only_doc_owned_fields(site: Site) -> None:
    tracker = site.tracker()
    ref = tracker.create("jira:OPS", spec()).ref
    site.fake.human_update(ref.key, "carol", add_labels=["blocked"])
    site.fake.human_transition(ref.key, "In Progress", "alice")

    state = tracker.update(
        ref,
        spec(summary="Alert at 75%", assignee=None, due=date(2027, 1, 8)),
        ["summary", "assignee", "due"],
    )

    assert (state.summary, state.assignee, state.due) == ("Alert at 75%", None, date(2027, 1, 8))
    assert state.status == "In Progress" and "blocked" in state.labels and state.priority == "P1"


def test_fetch_reconciles_in_batches_and_marks_deleted_tickets(site: Site) -> None:
    tracker = site.tracker()
    keys = [site.fake.seed_issue("OPS", f"item {n}", labels=["pmsync"]) for n in range(150)]
    site.fake.delete_issue(keys[3])
    site.fake.reset_counters()

    states = tracker.fetch([tracker.resolve_ref("jira:OPS", key) for key in keys])

    assert [s.ref.key for s in states] == keys
    assert [s.ref.key for s in states if not s.exists] == [keys[3]]
    search = "GET /rest/api/2/search/jql" if site.cloud else "GET /rest/api/2/search"
    assert site.fake.requests[search] == 3  # a 400 naming the deleted key, then both batches


def test_a_moved_ticket_is_found_under_its_new_key(site: Site) -> None:
    tracker = site.tracker()
    ref = tracker.create("jira:OPS", spec()).ref
    new_key = site.fake.move_issue(ref.key, "PLAT")

    state = tracker.get(ref)

    assert (state.ref.key, state.ref.target) == (new_key, "jira:PLAT")


def test_a_deleted_ticket_reads_as_gone(site: Site) -> None:
    tracker = site.tracker()
    ref = tracker.create("jira:OPS", spec(doc_url=None)).ref
    site.fake.delete_issue(ref.key)

    assert tracker.get(ref).exists is False


def test_rate_limits_are_waited_out(site: Site) -> None:
    tracker = site.tracker()
    tracker.poll("jira:OPS", None, site.clock.now)
    site.fake.fail_next(2, 429, retry_after=3, path="*/search*")

    tracker.poll("jira:OPS", None, site.clock.now)

    assert site.sleeps == [3.0, 3.0]


def test_rate_limit_outlasting_the_attempts_surfaces(site: Site) -> None:
    tracker = site.tracker(max_retries=2)
    tracker.poll("jira:OPS", None, site.clock.now)
    site.fake.fail_next(5, 429, retry_after=1, path="*/search*")

    with pytest.raises(RateLimited, match="Rate limit exceeded"):
        tracker.poll("jira:OPS", None, site.clock.now)


def test_a_failing_create_is_sent_once(site: Site) -> None:
    tracker = site.tracker()
    tracker.poll("jira:OPS", None, site.clock.now)
    site.fake.fail_next(1, 503, retry_after=1, method="POST", path="/rest/api/2/issue")

    with pytest.raises(Unavailable) as caught:
        tracker.create("jira:OPS", spec())

    assert not isinstance(caught.value, WriteOutcomeUnknown)
    assert site.fake.requests["POST /rest/api/2/issue"] == 1 and site.fake.issues() == []


def test_a_dropped_create_is_recovered_by_its_marker_after_index_lag(site: Site) -> None:
    tracker = site.tracker()
    site.fake.index_lag(60)
    site.fake.drop_after_create()

    with pytest.raises(WriteOutcomeUnknown):
        tracker.create("jira:OPS", spec())

    assert tracker.find_by_marker("jira:OPS", "INC-7/disk-alert") is None  # not indexed yet
    site.clock.advance(seconds=61)
    found = tracker.find_by_marker("jira:OPS", "INC-7/disk-alert")
    assert found is not None and found.marker == item_hash("INC-7/disk-alert")
    assert len(site.fake.issues()) == 1


def test_broken_credentials(site: Site) -> None:
    tracker = site.tracker()
    tracker.poll("jira:OPS", None, site.clock.now)
    site.fake.auth_broken = True

    with pytest.raises(AuthError, match="not authenticated"):
        tracker.list_managed("jira:OPS")
    problems = tracker.check(["jira:OPS", "jira:PLAT"], ["alice"])
    assert [p.target for p in problems] == ["jira:OPS", "jira:PLAT"]


def test_check_online(site: Site) -> None:
    tracker = site.tracker(priorities={"P0": "Blocker"}, issue_type="Task")

    problems = tracker.check(["jira:OPS", "jira:NOPE"], ["alice", "nobody"])

    messages = sorted(f"{p.target}: {p.message}" for p in problems)
    assert len(messages) == 3, messages
    assert any("jira:NOPE" in m and "No project could be found" in m for m in messages)
    assert any("'Blocker'" in m for m in messages)
    assert any("'nobody'" in m for m in messages)


def test_errors_name_the_target_and_keep_jiras_words(site: Site) -> None:
    tracker = site.tracker()
    with pytest.raises(TrackerError) as caught:
        tracker.create("jira:OPS", spec(priority="P0", summary=""))
    assert caught.value.target == "jira:OPS" and "summary" in caught.value.message.lower()
