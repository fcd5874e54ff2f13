"""New issues on a GitHub project (v2): the daemon and the real PyGithub client against the fake
GitHub's GraphQL endpoint. Each item gets one issue and one project item with its status and
priority; a project pmsync may not write costs a finding per item, never an issue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from adapters.trackers.github import GitHubTracker
from syncer.cli import main
from syncer.model import TicketSpec
from syncer.settings import GitHubSettings
from tests.fakes.github_data import node_id
from tests.fakes.github_server import FakeGitHub
from tests.integration.stack import Item, Stack

ITEMS = [
    Item("Purge the CDN cache for /checkout on config deploy", owner="carol", priority="P1", due="2026-12-01"),
    Item("Alert on 5xx ratio above 1% at the edge", owner="carol", priority="P2", due="2026-12-29"),
]
MORE = Item("Write the edge cache runbook", owner="carol", priority="P3", due="2027-02-01")
SELECTS = {"Status": ["Todo", "In Progress", "Done"], "Priority": ["P0", "P1", "P2", "P3", "P4"]}
ROUTE = '\n[github.repos."acme/web"]\nproject = "acme/7"\nstatus = "Todo"\npriority_field = "Priority"\n'


@pytest.fixture
def stack(tmp_path) -> Iterator[Stack]:
    s = Stack(tmp_path, jira_mode=None, github=True, routing={"web": "github:acme/web"},
              default_target="github:acme/web")
    s.config.write_text(s.config.read_text() + ROUTE)
    yield s
    s.close()


def board_items(stack: Stack) -> dict[str, dict[str, str] | None]:
    project = stack.gh.projects.project("acme", 7)
    return {
        issue.title: stack.gh.projects.item_values(project, node_id("I", issue.id))
        for issue in stack.gh.issues("acme/web")
    }


def issue_titles(stack: Stack) -> Counter:
    return Counter(issue.title for issue in stack.gh.issues("acme/web"))


def test_each_new_issue_lands_on_the_project_once_with_status_and_priority(stack):
    stack.gh.projects.add_project("acme", 7, "Reliability", SELECTS)
    stack.write("INC-9", ITEMS, team="web")

    first = stack.cycle()
    stack.write("INC-9", [*ITEMS, MORE], team="web")
    stack.clock.advance(minutes=5)
    second = stack.cycle()

    assert first.errors == second.errors == []
    assert not [f for f in first.findings + second.findings if "project" in f.message]
    assert first.done == {"create": 2} and second.done == {"create": 1}
    assert set(issue_titles(stack).values()) == {1} and len(issue_titles(stack)) == 3
    values = sorted(board_items(stack).values(), key=lambda v: v["Priority"])  # type: ignore[index]
    assert values == [
        {"Status": "Todo", "Priority": "P1"},
        {"Status": "Todo", "Priority": "P2"},
        {"Status": "Todo", "Priority": "P3"},
    ]
    assert len(stack.gh.projects.project("acme", 7).items) == 3


def test_a_project_pmsync_may_not_write_is_a_finding_per_item_not_a_lost_issue(stack):
    stack.gh.projects.add_project("acme", 7, "Reliability", SELECTS)
    stack.gh.projects.writable = False
    stack.write("INC-9", ITEMS, team="web")

    report = stack.cycle()
    stack.clock.advance(minutes=5)
    again = stack.cycle()

    assert report.errors == [] and report.done == {"create": 2} and not again.done
    project_findings = [f for f in report.findings if "project" in f.message]
    assert len({f.item for f in project_findings}) == 2  # one for each item
    assert all("Resource not accessible by integration" in f.message for f in project_findings)
    assert set(issue_titles(stack).values()) == {1} and len(issue_titles(stack)) == 2
    assert set(board_items(stack).values()) == {None}


def test_check_config_online_names_a_missing_option(stack, monkeypatch, capsys):
    stack.gh.projects.add_project("acme", 7, "Reliability", {"Status": ["Backlog"], "Priority": ["P1"]})
    for name, value in stack.env.items():
        monkeypatch.setenv(name, value)

    main(["--config", str(stack.config), "check-config", "--online"])

    err = capsys.readouterr().err
    assert "field 'Status' has no option 'Todo' (options: 'Backlog')" in err
    assert "field 'Priority' has no option 'P0'" in err


def test_check_config_online_says_when_the_project_does_not_exist(stack, monkeypatch, capsys):
    stack.gh.projects.add_project("acme", 3, "Another board", SELECTS)
    for name, value in stack.env.items():
        monkeypatch.setenv(name, value)

    assert main(["--config", str(stack.config), "check-config", "--online"]) == 1

    assert "Could not resolve to a ProjectV2 with the number 7." in capsys.readouterr().err


def test_a_project_named_by_node_id_and_an_issue_added_twice_keeps_one_item():
    with FakeGitHub() as gh:
        gh.add_repo("acme/web")
        project = gh.projects.add_project("acme", 7, "Reliability", SELECTS)
        settings = GitHubSettings(
            url=gh.url, token="ghs_test", repos={"acme/web": {"project": project.id, "status": "Done"}}
        )
        tracker = GitHubTracker(settings, sleep=lambda _s: None)
        spec = TicketSpec(item_key="INC-7/disk-alert", summary="Add disk space alert",
                          description="Owner: @alice", priority="P1", owner=None, assignee=None, due=None)

        state = tracker.create("github:acme/web", spec)
        boards = tracker._project_boards("github:acme/web")
        board = boards.board(project.id)
        content = node_id("I", gh.issue("acme/web", int(state.ref.key)).id)

        assert state.dropped == ()
        assert boards.add(board, content) == boards.add(board, content) == project.items[content]
        assert len(project.items) == 1
        assert gh.projects.item_values(project, content) == {"Status": "Done"}

