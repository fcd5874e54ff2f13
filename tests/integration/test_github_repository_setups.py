"""The daemon against a fake GitHub where a routed repository was renamed, or where the
token may read and open issues but not push. Every item gets exactly one issue and no
cycle stops on GitHub's answer (a 307 once ended the whole cycle with KeyError)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from tests.integration.stack import Item, Stack

ITEMS = [
    Item("Purge the CDN cache for /checkout on config deploy", owner="carol", priority="P1"),
    Item("Alert on 5xx ratio above 1% at the edge", owner="carol", priority="P2", due="2027-01-08"),
]
MORE = Item("Write the edge cache runbook", owner="carol", priority="P3", due="2027-02-01")


def per_item(stack: Stack, repo: str) -> Counter:
    return Counter(
        (issue.body or "").split("<!-- pmsync:item=", 1)[1].split(" -->", 1)[0]
        for issue in stack.gh.issues(repo)
        if "<!-- pmsync:item=" in (issue.body or "")
    )


@pytest.fixture
def stack(tmp_path) -> Iterator[Stack]:
    s = Stack(tmp_path, jira_mode=None, github=True, routing={"web": "github:acme/web"},
              default_target="github:acme/web")
    yield s
    s.close()


def test_a_renamed_repository_keeps_one_issue_per_item_and_its_poll(stack):
    stack.write("INC-9", ITEMS, team="web")
    assert stack.cycle().done == {"create": 2}
    stack.gh.rename_repo("acme/web", "acme/web-app")
    stack.write("INC-9", [*ITEMS, MORE], team="web")
    stack.clock.advance(minutes=5)

    report = stack.cycle()  # the new item's POST is answered 307 and repeated there

    assert report.errors == [] and report.done == {"create": 1}
    assert set(per_item(stack, "acme/web-app").values()) == {1} and len(per_item(stack, "acme/web-app")) == 3
    statuses = [r.status for r in stack.gh.request_log if r.method == "POST" and r.key.endswith("/issues")]
    assert statuses[-2:] == [307, 201]
    # a change made by people is still seen: the poll asks under the new name with its query
    stack.gh.human_close("acme/web-app", 1, "carol-gh")
    stack.clock.advance(minutes=5)
    assert stack.cycle().errors == []
    closed = [t for t in stack.ledger.tickets().values() if t.ref.key == "1"]
    assert closed and closed[0].state.category == "done"
    assert closed[0].ref.target == "github:acme/web-app"


def test_a_token_without_push_access_gets_unlabelled_issues_that_stay_tracked(tmp_path):
    stack = Stack(tmp_path, jira_mode=None, github=True, routing={"web": "github:acme/docs"},
                  default_target="github:acme/docs")
    try:
        stack.gh.add_repo("acme/docs", push=False)
        stack.write("INC-9", ITEMS, team="web")
        stack.gh.drop_after_create()  # the first create happens, its answer is lost

        first = stack.cycle()
        assert first.done == {"create": 1} and len(first.errors) == 1
        stack.clock.advance(minutes=5)
        second = stack.cycle()  # the lost create is recovered by creator + marker, not repeated

        assert second.errors == []
        assert per_item(stack, "acme/docs") == Counter({key: 1 for key in per_item(stack, "acme/docs")})
        assert len(per_item(stack, "acme/docs")) == 2
        assert all(issue.labels == [] for issue in stack.gh.issues("acme/docs"))
        # the poll finds them without labels: a close by people is seen
        stack.gh.human_close("acme/docs", 1, "pmsync-bot")
        stack.clock.advance(minutes=5)
        assert stack.cycle().errors == []
        states = {t.ref.key: t.state for t in stack.ledger.tickets().values()}
        assert states["1"].category == "done"
    finally:
        stack.close()
