"""Postmortem items mirrored into GitHub Issues: the real PyGithub client against the
fake GitHub (and the fake Jira for routing), through the real composition root."""

from __future__ import annotations

import pytest

from adapters.trackers.base import body_marker
from syncer.progress import Progress, Snapshot
from tests.integration.stack import Item, Stack

WEB = {"payments": "jira:PAY", "web": "github:acme/web"}


@pytest.fixture
def stack(tmp_path):
    s = Stack(tmp_path, jira_mode="cloud", github=True, routing=WEB)
    yield s
    s.close()


def web_items(n: int, owner: str = "carol") -> list[Item]:
    return [Item(f"Alert when checkout shard {i} error rate exceeds 2%", owner=owner) for i in range(n)]


def test_routing_puts_each_teams_items_in_its_own_tracker_in_one_cycle(stack):
    stack.write("INC-1", [Item("Checksum checkout-config.json in deploys", owner="alice")], team="payments")
    stack.write("INC-2", [Item("Purge the CDN cache for /checkout on config deploy", owner="carol")], team="web")
    report = stack.cycle()
    assert report.done == {"create": 2} and report.errors == []
    assert [i.summary for i in stack.jira.issues()] == ["Checksum checkout-config.json in deploys"]
    assert [i.title for i in stack.gh.issues("acme/web")] == ["Purge the CDN cache for /checkout on config deploy"]


def test_first_sync_fields_and_a_free_idle_cycle(stack):
    stack.write("INC-2", [Item("Purge the CDN cache for /checkout on config deploy", owner="carol",
                               priority="P1", due="2026-12-11")], team="web")
    stack.cycle()
    (issue,) = stack.gh.issues("acme/web")
    assert sorted(issue.labels) == ["pmsync", "postmortem", "priority: P1"]
    assert issue.assignees == ["carol-gh"]
    for words in ("Incident INC-2", "2026-11-02", "SEV2", "Deadline: 2026-12-11", "Owner: @&#8203;carol",
                  "a game day in staging", "managed by pmsync", body_marker("INC-2/1")):
        assert words in issue.body
    labels = {label.name: label for label in stack.gh.labels("acme/web")}
    assert labels["priority: P1"].description and labels["pmsync"].color

    stack.clock.advance(minutes=5)
    assert stack.cycle().actions == []  # settles the poll window after the creates
    for _ in range(3):  # steady state: every poll a free 304, nothing written
        stack.gh.reset_counters()
        stack.clock.advance(minutes=5)
        assert stack.cycle().actions == []
        assert stack.gh.rate_limited_cost == 0 and stack.gh.content_creating == 0
        assert stack.gh.requests["GET /repos/{owner}/{repo}/issues"] == 1


def test_120_items_in_one_cycle_stay_under_the_secondary_limit(stack):
    stack.write("INC-3", web_items(120), team="web")
    emitted: list[Snapshot] = []  # what a long cycle says every 30 s (log line, STATUS=)
    progress = Progress(on_emit=emitted.append, clock=lambda: stack.clock.now.timestamp())
    report = stack.engine(progress=progress).cycle()
    assert report.done == {"create": 120} and report.errors == []
    assert len(stack.gh.issues("acme/web")) == 120
    assert not any(r.status in (403, 429) for r in stack.gh.request_log)  # never tripped
    assert sum(stack.sleeps) >= 60  # paced: 80 a minute
    assert emitted and {s.total for s in emitted} == {120}
    assert [s.done for s in emitted] == sorted({s.done for s in emitted})
    assert all(s.rate * 60 <= 81 for s in emitted)  # the pace it reports is the pace it keeps
    assert progress.snapshot().done == 120


def test_a_restart_halfway_creates_no_duplicate(stack):
    stack.write("INC-3", web_items(40), team="web")
    created = {"n": 0}

    def log(event, **kw):
        if event == "action":
            created["n"] += 1

    report = stack.engine(log=log).cycle(should_stop=lambda: created["n"] >= 15)
    assert report.interrupted and len(stack.gh.issues("acme/web")) == 15
    stack.restart()
    stack.cycle()
    assert set(stack.github_issues_per_item().values()) == {1}
    assert len(stack.gh.issues("acme/web")) == 40


def test_dropped_connection_and_5xx_bursts_leave_exactly_one_issue_per_item(stack):
    stack.write("INC-3", web_items(6), team="web")
    stack.gh.drop_after_create(1)
    stack.gh.fail_next(3, status=502, method="POST")
    stack.cycle()
    for _ in range(3):
        stack.clock.advance(minutes=1)
        stack.cycle()
    assert set(stack.github_issues_per_item().values()) == {1}
    assert len(stack.gh.issues("acme/web")) == 6 and stack.ledger.intents() == {}


class Crash(BaseException):
    pass


def test_crash_between_create_and_ledger_commit(stack, monkeypatch):
    from syncer.state import Ledger

    stack.write("INC-3", web_items(3), team="web")
    real = Ledger.record_ticket

    def dying(self, *a, **kw):
        raise Crash()

    monkeypatch.setattr(Ledger, "record_ticket", dying)
    with pytest.raises(Crash):
        stack.cycle()
    monkeypatch.setattr(Ledger, "record_ticket", real)
    stack.restart()
    stack.clock.advance(minutes=1)
    stack.cycle()
    assert set(stack.github_issues_per_item().values()) == {1}
    assert len(stack.gh.issues("acme/web")) == 3


def test_owner_without_login_is_unassigned_with_a_finding(stack):
    stack.write("INC-4", [Item("Add a synthetic probe for /checkout from EU and US", owner="dave")], team="web")
    report = stack.cycle()
    (issue,) = stack.gh.issues("acme/web")
    assert issue.assignees == []
    (finding,) = [f for f in report.findings if f.rule == "owner-no-account"]
    assert "dave" in finding.message and "github" in finding.message


def test_a_missing_repository_names_the_target_and_others_still_sync(tmp_path):
    stack = Stack(tmp_path, jira_mode="cloud", github=True,
                  routing={"payments": "jira:PAY", "web": "github:acme/gone"})
    try:
        stack.write("INC-1", [Item("Checksum checkout-config.json in deploys", owner="alice")], team="payments")
        stack.write("INC-2", [Item("Purge the CDN cache on config deploy", owner="carol")], team="web")
        report = stack.cycle()
        assert report.done == {"create": 1}
        messages = [e.message for e in report.errors]
        assert any("acme/gone" in m for m in messages), messages
        assert len(stack.jira.issues()) == 1
    finally:
        stack.close()
