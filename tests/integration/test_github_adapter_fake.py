"""GitHubTracker with the real PyGithub client against the fake GitHub server on 127.0.0.1.

The tracker's clock and sleep drive the fake's clock, so rate-limit resets, pacing waits and
`since` windows all happen on one deterministic timeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from adapters.trackers.base import AuthError, RateLimited, WriteOutcomeUnknown, item_hash
from adapters.trackers.github import GitHubTracker
from adapters.trackers.pacing import MemoryStore, WritePacer
from syncer.model import Category, TicketRef, TicketSpec
from syncer.settings import GitHubSettings
from tests.fakes.github_server import FakeGitHub

REPO = "acme/web"
TARGET = "github:acme/web"


def spec(key: str = "INC-7/disk-alert", **changes: object) -> TicketSpec:
    fields: dict = {
        "item_key": key,
        "summary": "Add disk space alert at 80% threshold",
        "description": "Owner: @alice\nDue: 2026-12-04\nVerify: alert fires in the game day",
        "priority": "P1",
        "owner": "alice",
        "assignee": "alice",
        "due": date(2026, 12, 4),
    }
    return TicketSpec(**{**fields, **changes})


class World:
    def __init__(self, fake: FakeGitHub, **settings: object) -> None:
        self.fake = fake
        self.waits: list[float] = []
        config = {"url": fake.url, "token": "ghs_test", **settings}
        self.settings = GitHubSettings(**config)
        self.store = MemoryStore()
        self.tracker = self.new_tracker()

    def new_tracker(self) -> GitHubTracker:
        pacer = WritePacer(
            self.store,
            per_minute=self.settings.writes_per_minute,
            per_hour=self.settings.writes_per_hour,
            clock=self.clock,
            sleep=self.sleep,
        )
        return GitHubTracker(self.settings, pacer=pacer, clock=self.clock, sleep=self.sleep)

    def clock(self) -> float:
        return self.fake.now().timestamp()

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.fake.advance(seconds)


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as gh:
        gh.add_repo(REPO)
        gh.add_repo("acme/platform")
        gh.grant("alice", REPO)
        gh.grant("bob", REPO)
        gh.add_user("mallory")
        yield gh


@pytest.fixture
def world(fake: FakeGitHub) -> World:
    return World(fake)


def test_create_then_steady_polls_cost_nothing(world: World, fake: FakeGitHub) -> None:
    created = world.tracker.create(TARGET, spec())
    stored = fake.issue(REPO, int(created.ref.key))
    assert stored.labels == ["pmsync", "postmortem", "priority: P1"]
    assert stored.assignees == ["alice"]
    assert stored.body.endswith("\n\n<!-- pmsync:item=INC-7/disk-alert -->")
    assert {lab.name: lab.color for lab in fake.labels(REPO)}["priority: P1"] == "d93f0b"
    # first sync of the first item in a repo: labels list + 3 label creates + the issue
    assert world.tracker.requests == 5
    assert world.tracker.rate_limited_cost == fake.rate_limited_cost

    first = world.tracker.poll(TARGET, None, fake.now())
    assert [t.item_key for t in first.tickets] == ["INC-7/disk-alert"]
    fake.advance(minutes=5)
    second = world.tracker.poll(TARGET, first.cursor, fake.now())
    assert not second.unchanged  # the overlap window: a 200 whose etag is kept
    fake.advance(minutes=5)
    cost = fake.rate_limited_cost
    for _ in range(3):
        steady = world.tracker.poll(TARGET, second.cursor, fake.now())
        assert steady.unchanged and steady.requests == 1
        fake.advance(minutes=5)
    assert fake.rate_limited_cost == cost
    assert world.tracker.rate_limited_cost == fake.rate_limited_cost

    fake.human_close(REPO, int(created.ref.key), "bob", state_reason="not_planned")
    changed = world.tracker.poll(TARGET, steady.cursor, fake.now())
    (closed,) = changed.tickets
    assert (closed.category, closed.resolution, closed.closed_by) == (
        Category.DONE,
        "not_planned",
        "bob",
    )


def test_an_assignee_without_access_is_dropped(world: World, fake: FakeGitHub) -> None:
    state = world.tracker.create(TARGET, spec(assignee="mallory"))
    assert state.assignee is None
    assert len(fake.issues(REPO)) == 1


def test_update_keeps_human_labels(world: World, fake: FakeGitHub) -> None:
    ref = world.tracker.create(TARGET, spec()).ref
    fake.human_label(REPO, int(ref.key), "bob", add=["team-db"])
    state = world.tracker.update(
        ref, spec(priority="P3", summary="Alert at 80%"), ["priority", "summary"]
    )
    assert state.priority == "P3"
    assert fake.issue(REPO, int(ref.key)).labels == [
        "pmsync",
        "postmortem",
        "team-db",
        "priority: P3",
    ]
    assert fake.issue(REPO, int(ref.key)).title == "Alert at 80%"


def test_history_records_a_demotion(world: World, fake: FakeGitHub) -> None:
    ref = world.tracker.create(TARGET, spec()).ref
    fake.advance(minutes=1)
    fake.human_label(REPO, int(ref.key), "bob", add=["priority: P4"], remove=["priority: P1"])
    fake.human_comment(REPO, int(ref.key), "carol", "Verified: fired in the game day")
    state = world.tracker.get(ref, history=True)
    assert state.priority == "P4"
    changes = [(c.field, c.actor, c.from_value, c.to_value) for c in state.history]
    assert ("priority", "bob", None, "P4") in changes
    assert ("priority", "bob", "P1", None) in changes
    assert state.comments == (("carol", "Verified: fired in the game day"),)


def test_fetch_sees_transfers_and_deletions(world: World, fake: FakeGitHub) -> None:
    kept, moved, deleted = (world.tracker.create(TARGET, spec(f"INC-7/{n}")).ref for n in "abc")
    new_number = fake.transfer(REPO, int(moved.key), "acme/platform")
    fake.delete_issue(REPO, int(deleted.key))
    states = world.tracker.fetch([kept, moved, deleted])
    assert [(s.ref.target, s.ref.key, s.exists) for s in states] == [
        (TARGET, kept.key, True),
        ("github:acme/platform", str(new_number), True),
        (TARGET, deleted.key, False),
    ]


def test_a_lost_create_response_is_found_by_its_marker(world: World, fake: FakeGitHub) -> None:
    fake.drop_after_create()
    with pytest.raises(WriteOutcomeUnknown):
        world.tracker.create(TARGET, spec())
    found = world.tracker.find_by_marker(TARGET, "INC-7/disk-alert")
    assert found is not None and found.marker == item_hash("INC-7/disk-alert")
    assert len(fake.issues(REPO)) == 1


def test_list_managed_and_adopt(world: World, fake: FakeGitHub) -> None:
    world.tracker.create(TARGET, spec())
    number = fake.add_issue(REPO, "Hand-made follow-up", body="no marker", labels=["bug"])
    adopted = world.tracker.adopt(TicketRef("github", TARGET, str(number)), spec("INC-7/other"))
    assert set(adopted.labels) == {"bug", "pmsync", "postmortem"}
    managed = world.tracker.list_managed(TARGET)
    assert sorted((s.ref.key, s.item_key) for s in managed) == [
        ("1", "INC-7/disk-alert"),
        (str(number), None),
    ]


def test_primary_rate_limit_waits_for_the_reset(world: World, fake: FakeGitHub) -> None:
    ref = world.tracker.create(TARGET, spec()).ref
    fake.rate_limit_primary(remaining=0, reset_in=90)
    assert world.tracker.get(ref).exists
    assert world.waits == [pytest.approx(90, abs=1)]


def test_primary_rate_limit_beyond_the_cap_is_reported(world: World, fake: FakeGitHub) -> None:
    ref = world.tracker.create(TARGET, spec()).ref
    fake.rate_limit_primary(remaining=0, reset_in=3000)
    with pytest.raises(RateLimited, match="API rate limit exceeded"):
        world.tracker.get(ref)
    assert world.waits == []


def test_the_pacer_keeps_writes_under_the_secondary_limit(fake: FakeGitHub) -> None:
    fake.secondary_limit(per_minute=4, per_hour=100)
    world = World(fake, writes_per_minute=4)
    for n in range(3):
        world.tracker.create(TARGET, spec(f"INC-7/{n}", priority="P2"))
    # 3 label creates + 3 issues: the fifth write waited for the first to age out, none was refused
    assert len(fake.issues(REPO)) == 3
    assert world.waits == [pytest.approx(60.0)]
    # a restarted tracker on the same store keeps the budget
    world.new_tracker().create(TARGET, spec("INC-7/3", priority="P2"))
    assert world.waits[-1] > 0


def test_secondary_limit_answer_is_honoured_on_safe_writes(fake: FakeGitHub) -> None:
    world = World(fake)
    ref = world.tracker.create(TARGET, spec()).ref
    fake.secondary_limit(per_minute=1, per_hour=100)
    world.tracker.update(ref, spec(summary="Alert at 80%"), ["summary"])
    assert fake.issue(REPO, int(ref.key)).title == "Alert at 80%"
    assert world.waits and all(0 < w <= 120 for w in world.waits)


def test_revoked_token_and_check(world: World, fake: FakeGitHub) -> None:
    problems = world.tracker.check([TARGET, "github:acme/missing"], ["alice", "nobody-here"])
    assert [(p.target, p.message) for p in problems] == [
        ("github:acme/missing", "repository not found, or not visible to the token"),
        ("github", "GitHub user 'nobody-here' does not exist"),
    ]
    fake.auth_broken()
    with pytest.raises(AuthError, match="Bad credentials"):
        world.tracker.list_managed(TARGET)
    assert "Bad credentials" in world.tracker.check([TARGET], [])[0].message
