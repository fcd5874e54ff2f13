"""Flags from what people do in GitHub Issues: the real PyGithub client against the fake GitHub,
the real engine and ledger, time moved by the stack's clock. GitHub has no due dates, sprints or
workflow statuses: labels, milestones, assignees and the close reason carry the signals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import github_data
from tests.integration.stack import Item, Stack

REPO = "acme/web"
IDENT = "INC-2/1"
PURGE = Item("Purge the CDN cache for /checkout on config deploy", owner="carol", priority="P1",
             due="2026-12-18")
OTHERS = [
    Item("Add a synthetic probe for /checkout from EU and US", owner="bob", priority="P2",
         due="2027-01-15"),
    Item("Alert when checkout error rate exceeds 2% for 5 minutes", owner="bob", priority="P2",
         due="2027-01-22"),
]
CAROL, BOB = "carol-gh", "bob-gh"


@pytest.fixture
def stack(tmp_path) -> Iterator[Stack]:
    s = Stack(tmp_path, jira_mode=None, github=True, routing={"web": f"github:{REPO}"},
              default_target=f"github:{REPO}")
    s.write("INC-2", [PURGE], team="web")
    report = s.cycle()
    assert report.done == {"create": 1} and report.errors == []
    yield s
    s.close()


def number(stack: Stack, ident: str = IDENT) -> int:
    row = stack.ledger.ticket(ident)
    assert row is not None
    return int(row.ref.key)


def label(stack: Stack, actor: str, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> None:
    stack.gh.human_label(REPO, number(stack), actor, add=add, remove=remove)


def test_a_fresh_issue_carries_no_flag(stack):
    assert stack.flags(IDENT) == {} and stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "open"
    assert stack.gh.issue(REPO, number(stack)).assignees == [CAROL]


def test_priority_label_swapped_lower_then_back(stack):
    label(stack, BOB, add=("priority: P3",), remove=("priority: P1",))
    assert stack.step(IDENT) == {"demoted_priority": f"priority lowered P1 → P3 by {BOB}"}
    assert stack.step(IDENT) == {"demoted_priority": f"priority lowered P1 → P3 by {BOB}"}
    label(stack, BOB, add=("priority: P4",), remove=("priority: P3",))
    assert stack.step(IDENT) == {"demoted_priority": f"priority lowered P1 → P4 by {BOB}"}
    assert stack.flag_events("flag_raised", IDENT) == ["demoted_priority"]
    label(stack, CAROL, add=("priority: P1",), remove=("priority: P4",))
    assert stack.step(IDENT) == {}
    assert stack.flag_events("flag_cleared", IDENT) == ["demoted_priority"]


def test_priority_label_removed(stack):
    label(stack, BOB, remove=("priority: P1",))
    assert stack.step(IDENT) == {"demoted_priority": f"priority removed (committed P1) by {BOB}"}
    label(stack, CAROL, add=("priority: P0",))  # more urgent than committed
    assert stack.step(IDENT) == {}


def test_taken_out_of_its_milestone(stack):
    milestone = stack.gh.add_milestone(REPO, "2026-W50")
    stack.gh.human_milestone(REPO, number(stack), CAROL, milestone)
    assert stack.step(IDENT) == {}
    stack.gh.human_milestone(REPO, number(stack), BOB, None)
    assert stack.step(IDENT) == {"demoted_backlog": f"taken out of sprint/milestone '2026-W50' by {BOB}"}
    stack.gh.human_milestone(REPO, number(stack), CAROL, milestone)
    assert stack.step(IDENT) == {}


def test_backlog_label(stack):
    label(stack, BOB, add=("icebox",))
    assert stack.step(IDENT) == {"demoted_backlog": "backlog label 'icebox'"}
    label(stack, BOB, remove=("icebox",))
    assert stack.step(IDENT) == {}


def test_closed_as_not_planned_and_reopened(stack):
    stack.gh.human_close(REPO, number(stack), BOB, state_reason="not_planned")
    assert stack.step(IDENT) == {"closed_not_done": f"closed as not_planned by {BOB}"}
    assert stack.lifecycle(IDENT) == "not_doing"
    stack.gh.human_reopen(REPO, number(stack), CAROL)
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "open"


def test_unassigned_and_assigned_to_someone_else(stack):
    stack.gh.human_assign(REPO, number(stack), BOB, [])
    assert stack.step(IDENT) == {"unassigned": "no assignee"}
    stack.gh.human_assign(REPO, number(stack), BOB, [BOB])
    assert stack.step(IDENT) == {"unassigned": f"assigned to {BOB}, not the owner"}
    stack.gh.human_assign(REPO, number(stack), BOB, [CAROL])
    assert stack.step(IDENT) == {}


def test_blocked_label(stack):
    label(stack, CAROL, add=("blocked",))
    assert stack.step(IDENT) == {"blocked": "label 'blocked'"}
    label(stack, CAROL, remove=("blocked",))
    assert stack.step(IDENT) == {}


def test_in_progress_label_moves_the_lifecycle(stack):
    label(stack, CAROL, add=("in progress",))
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "in_progress"


def test_owner_closing_it_is_unverified_until_someone_else_labels_it(stack):
    stack.gh.human_close(REPO, number(stack), CAROL)
    assert stack.step(IDENT) == {
        "unverified_done": f"closed by its owner ({CAROL}) with no verification by someone else"
    }
    assert stack.lifecycle(IDENT) == "done_awaiting_verification"
    for _ in range(2):  # the closed issue comes back in the poll's overlap window
        assert "unverified_done" in stack.step(IDENT, minutes=1)
    label(stack, CAROL, add=("verified",))  # the owner's own word does not count
    assert "unverified_done" in stack.step(IDENT)
    label(stack, CAROL, remove=("verified",))
    stack.step(IDENT)
    label(stack, BOB, add=("verified",))
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "verified"
    assert stack.step(IDENT, full=True) == {} and stack.lifecycle(IDENT) == "verified"


def test_owner_closing_it_is_verified_by_a_comment_from_someone_else(stack):
    stack.gh.human_close(REPO, number(stack), CAROL)
    assert "unverified_done" in stack.step(IDENT)
    stack.gh.human_comment(REPO, number(stack), CAROL, "Verified: by me")
    assert "unverified_done" in stack.step(IDENT)
    stack.gh.human_comment(REPO, number(stack), BOB, "Checked the purge logs.\nVerified: cache hit ratio recovered")
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "verified"
    stack.gh.human_edit(REPO, number(stack), BOB, title="Purge the CDN cache on config deploy (done)")
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "verified"
    assert stack.step(IDENT, full=True) == {} and stack.lifecycle(IDENT) == "verified"


def test_closed_by_someone_else_is_verified(stack):
    stack.gh.human_close(REPO, number(stack), BOB)
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "verified"
    assert stack.step(IDENT, minutes=1) == {} and stack.lifecycle(IDENT) == "verified"


def test_an_unknown_closer_makes_no_claim(stack, monkeypatch):
    """closed_by withheld and events without an actor: nobody can say the owner closed it."""
    issue, event = github_data.Render.issue, github_data.Render.event
    monkeypatch.setattr(github_data.Render, "issue", lambda self, r, i: {**issue(self, r, i), "closed_by": None})
    monkeypatch.setattr(github_data.Render, "event", lambda self, r, e: {**event(self, r, e), "actor": None})
    stack.gh.human_close(REPO, number(stack), CAROL)
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "done_awaiting_verification"
    assert stack.ledger.ticket(IDENT).state.closed_by is None


def test_a_deleted_issue_is_missing_at_the_latest_on_the_full_cycle(stack):
    stack.gh.delete_issue(REPO, number(stack))
    stack.step(IDENT)
    gone = {"missing_ticket": f"ticket {REPO}#{number(stack)} is gone or not visible to pmsync"}
    assert stack.step(IDENT, full=True) == gone
    assert stack.step(IDENT) == gone
    assert stack.gh.issues(REPO) == []  # not silently re-created


def test_item_removed_from_the_doc_while_its_issue_is_open(stack):
    stack.write("INC-2", OTHERS, team="web")
    assert stack.step(IDENT) == {
        "removed_from_doc": f"the item left the postmortem while ticket {REPO}#{number(stack)} is still open"
    }
    stack.write("INC-2", [PURGE, *OTHERS], team="web")
    assert stack.step(IDENT) == {}
    assert len(stack.gh.issues(REPO)) == 3


def test_due_soon_then_overdue_until_verified(stack):
    stack.clock.advance(days=22)
    assert stack.step(IDENT) == {"due_soon": "due in 3 days (2026-12-18)"}
    stack.clock.advance(days=4)
    assert stack.step(IDENT) == {"overdue": "overdue by 1 day (due 2026-12-18)"}
    stack.gh.human_close(REPO, number(stack), BOB)
    assert stack.step(IDENT) == {}


def test_a_related_postmortem_with_an_open_item_is_a_repeat_incident(stack):
    stack.write("INC-5", [Item("Version the CDN purge rules", owner="carol")], team="web",
                related=("INC-2",))
    assert stack.step(IDENT) == {"repeat_incident": "related later postmortems: INC-5 (item not verified done)"}
    assert set(stack.flags("INC-5")) == {"repeat_incident"}
    stack.gh.human_close(REPO, number(stack), BOB)
    assert stack.step(IDENT) == {} and stack.flags("INC-5") == {}


def test_history_is_fetched_only_for_the_issue_that_changed(stack):
    stack.write("INC-2", [PURGE, *OTHERS], team="web")
    stack.step(IDENT)
    stack.step(IDENT)
    stack.step(IDENT)  # settled: the poll is a free 304
    stack.gh.reset_counters()
    label(stack, BOB, add=("priority: P3",), remove=("priority: P1",))
    assert "demoted_priority" in stack.step(IDENT)
    assert stack.gh.requests == {
        "GET /repos/{owner}/{repo}/issues": 1,
        "GET /repos/{owner}/{repo}/issues/{issue_number}": 1,
        "GET /repos/{owner}/{repo}/issues/{issue_number}/events": 1,
        "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": 1,
    }
    assert {r.target.split("?")[0] for r in stack.gh.request_log if "/issues/" in r.target} == {
        f"/repos/{REPO}/issues/{number(stack)}{tail}" for tail in ("", "/events", "/comments")
    }
    assert stack.gh.content_creating == 0
    stack.gh.reset_counters()
    stack.step(IDENT)  # the change itself comes back in the overlap window: no second read
    assert stack.gh.requests == {"GET /repos/{owner}/{repo}/issues": 1}
