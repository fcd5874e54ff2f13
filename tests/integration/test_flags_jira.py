"""Flags from what people do in Jira: the real `jira` client against the fake Jira (Cloud and
Data Center), the real engine and ledger, time moved by the stack's clock. Each flag is raised
by the tracker change that causes it, once, and cleared when the change is undone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import jira_server
from tests.integration.stack import Item, Stack

IDENT = "INC-7/1"
ALERT = Item("Add disk space alert at 80% threshold on ledger-db", owner="alice", priority="P1",
             due="2026-12-18")
OTHERS = [
    Item("Checksum checkout-config.json in the deploy script", owner="bob", priority="P2",
         due="2027-01-15"),
    Item("Run a staging pre-flight smoke test before each deploy", owner="bob", priority="P2",
         due="2027-01-22"),
]
ALICE, BOB = "acc-alice", "acc-bob"


@pytest.fixture(params=["cloud", "datacenter"])
def stack(request, tmp_path) -> Iterator[Stack]:
    s = Stack(tmp_path, jira_mode=request.param)
    s.write("INC-7", [ALERT])
    report = s.cycle()
    assert report.done == {"create": 1} and report.errors == []
    yield s
    s.close()


def key(stack: Stack, ident: str = IDENT) -> str:
    row = stack.ledger.ticket(ident)
    assert row is not None
    return row.ref.key


def test_a_fresh_ticket_carries_no_flag(stack):
    assert stack.flags(IDENT) == {}
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "open"
    assert stack.jira.issue(key(stack)).assignee == ALICE


def test_priority_lowered_raises_once_updates_details_and_clears(stack):
    stack.jira.human_update(key(stack), BOB, priority="Low")
    assert stack.step(IDENT) == {"demoted_priority": f"priority lowered P1 → P3 by {BOB}"}
    assert stack.step(IDENT) == {"demoted_priority": f"priority lowered P1 → P3 by {BOB}"}
    stack.jira.human_update(key(stack), BOB, priority="Lowest")
    assert stack.step(IDENT) == {"demoted_priority": f"priority lowered P1 → P4 by {BOB}"}
    assert stack.flag_events("flag_raised", IDENT) == ["demoted_priority"]  # raised once, details updated
    stack.jira.human_update(key(stack), BOB, priority="Highest")  # raised above the commitment
    assert stack.step(IDENT) == {}
    assert stack.flag_events("flag_cleared", IDENT) == ["demoted_priority"]
    polled = stack.ledger.events(IDENT, "polled")
    assert polled and "priority" in polled[-1]["details"]


def test_moved_to_backlog_status(stack):
    stack.jira.human_transition(key(stack), "Backlog", BOB)
    assert stack.step(IDENT) == {"demoted_backlog": "in backlog status 'Backlog'"}
    stack.jira.human_transition(key(stack), "In Progress", ALICE)
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "in_progress"


def test_taken_out_of_the_active_sprint(stack):
    stack.jira.add_sprint(7, "Sprint 42")
    stack.jira.set_sprint(key(stack), 7, actor=ALICE)
    assert stack.step(IDENT) == {}
    stack.jira.set_sprint(key(stack), None, actor=BOB)
    assert stack.step(IDENT) == {"demoted_backlog": f"taken out of sprint/milestone 'Sprint 42' by {BOB}"}
    assert stack.step(IDENT) == {"demoted_backlog": f"taken out of sprint/milestone 'Sprint 42' by {BOB}"}
    stack.jira.set_sprint(key(stack), 7, actor=ALICE)
    assert stack.step(IDENT) == {}
    assert stack.flag_events("flag_raised", IDENT) == ["demoted_backlog"]


def test_backlog_label(stack):
    stack.jira.human_update(key(stack), BOB, add_labels=["someday"])
    assert stack.step(IDENT) == {"demoted_backlog": "backlog label 'someday'"}
    stack.jira.human_update(key(stack), BOB, remove_labels=["someday"])
    assert stack.step(IDENT) == {}


def test_closed_as_wont_do_and_reopened(stack):
    stack.jira.human_transition(key(stack), "Done", BOB, resolution="Won't Do")
    assert stack.step(IDENT) == {"closed_not_done": f"closed as Won't Do by {BOB}"}
    assert stack.lifecycle(IDENT) == "not_doing"
    stack.jira.human_transition(key(stack), "To Do", BOB)
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "open"


def test_due_date_pushed_later_removed_and_restored(stack):
    stack.jira.human_update(key(stack), BOB, duedate="2027-01-29")
    assert stack.step(IDENT) == {"deadline_slipped": f"due date moved 2026-12-18 → 2027-01-29 by {BOB}"}
    stack.jira.human_update(key(stack), BOB, duedate=None)
    assert stack.step(IDENT) == {"deadline_slipped": f"due date removed (committed 2026-12-18) by {BOB}"}
    stack.jira.human_update(key(stack), ALICE, duedate="2026-12-11")  # earlier is fine
    assert stack.step(IDENT) == {}
    assert stack.jira.issue(key(stack)).duedate.isoformat() == "2026-12-11"  # not overwritten


def test_unassigned_and_assigned_to_someone_else(stack):
    stack.jira.human_update(key(stack), BOB, assignee=None)
    assert stack.step(IDENT) == {"unassigned": "no assignee"}
    stack.jira.human_update(key(stack), BOB, assignee=BOB)
    assert stack.step(IDENT) == {"unassigned": f"assigned to {BOB}, not the owner"}
    stack.jira.human_update(key(stack), BOB, assignee=ALICE)
    assert stack.step(IDENT) == {}


def test_blocked_status_and_label(stack):
    stack.jira.human_transition(key(stack), "Blocked", ALICE)
    assert stack.step(IDENT) == {"blocked": "status 'Blocked'"}
    stack.jira.human_update(key(stack), ALICE, add_labels=["blocked"])
    assert stack.step(IDENT) == {"blocked": "status 'Blocked'; label 'blocked'"}
    stack.jira.human_transition(key(stack), "In Progress", ALICE)
    assert stack.step(IDENT) == {"blocked": "label 'blocked'"}
    stack.jira.human_update(key(stack), ALICE, remove_labels=["blocked"])
    assert stack.step(IDENT) == {}


def test_blocked_by_an_open_linked_issue_until_the_blocker_is_done(stack):
    blocker = stack.jira.seed_issue("OPS", "Upgrade the ledger-db storage driver")
    stack.jira.link_blocked_by(key(stack), blocker)
    assert stack.step(IDENT) == {"blocked": "blocked by an unresolved linked issue"}
    # Resolving the blocker does not touch the blocked ticket's `updated`: the daily full
    # reconciliation is what sees the link resolved.
    stack.jira.human_transition(blocker, "Done", BOB)
    assert stack.step(IDENT, full=True) == {}


def test_owner_closing_it_is_unverified_until_someone_else_labels_it(stack):
    stack.jira.human_transition(key(stack), "Done", ALICE)
    assert stack.step(IDENT) == {
        "unverified_done": f"closed by its owner ({ALICE}) with no verification by someone else"
    }
    assert stack.lifecycle(IDENT) == "done_awaiting_verification"
    stack.jira.human_update(key(stack), ALICE, add_labels=["verified"])  # the owner's own word
    assert "unverified_done" in stack.step(IDENT)
    stack.jira.human_update(key(stack), ALICE, remove_labels=["verified"])
    stack.step(IDENT)
    stack.jira.human_update(key(stack), BOB, add_labels=["verified"])
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "verified"
    assert stack.flag_events("flag_cleared", IDENT) == ["unverified_done"]


def test_owner_closing_it_is_verified_by_a_comment_from_someone_else(stack):
    stack.jira.human_transition(key(stack), "Done", ALICE)
    assert "unverified_done" in stack.step(IDENT)
    stack.jira.add_comment_as(key(stack), ALICE, "Verified: I checked it myself")
    assert "unverified_done" in stack.step(IDENT)
    stack.jira.add_comment_as(key(stack), BOB, "Looked at it.\nVerified: the alert fired in the game day")
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "verified"
    # Evidence survives polls that carry no comments or changelog (e.g. a later title edit).
    stack.jira.human_update(key(stack), BOB, summary="Disk space alert at 80% on ledger-db")
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "verified"
    assert stack.step(IDENT, full=True) == {} and stack.lifecycle(IDENT) == "verified"


def test_closed_by_someone_else_is_verified_and_stays_so(stack):
    stack.jira.human_transition(key(stack), "Done", BOB)
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "verified"
    for _ in range(2):  # the closed ticket shows up again in the poll's overlap window
        assert stack.step(IDENT, minutes=1) == {} and stack.lifecycle(IDENT) == "verified"
    stack.jira.human_update(key(stack), ALICE, summary="Disk alert on ledger-db (done)")
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "verified"
    assert stack.step(IDENT, full=True) == {} and stack.lifecycle(IDENT) == "verified"


def test_owner_closing_it_stays_unverified_across_later_polls(stack):
    stack.jira.human_transition(key(stack), "Done", ALICE)
    assert "unverified_done" in stack.step(IDENT)
    for _ in range(2):
        assert "unverified_done" in stack.step(IDENT, minutes=1)
    stack.jira.human_update(key(stack), ALICE, summary="Disk alert on ledger-db (done)")
    assert "unverified_done" in stack.step(IDENT)
    assert "unverified_done" in stack.step(IDENT, full=True)
    assert stack.flag_events("flag_raised", IDENT) == ["unverified_done"]


def test_a_deleted_ticket_is_missing_at_the_latest_on_the_full_cycle(stack):
    stack.jira.delete_issue(key(stack))
    stack.step(IDENT)
    assert stack.step(IDENT, full=True) == {"missing_ticket": f"ticket {key(stack)} is gone or not visible to pmsync"}
    assert stack.step(IDENT) == {"missing_ticket": f"ticket {key(stack)} is gone or not visible to pmsync"}
    assert len(stack.jira.issues()) == 0  # not silently re-created


def test_item_removed_from_the_doc_while_its_ticket_is_open(stack):
    stack.write("INC-7", OTHERS)
    flagged = stack.step(IDENT)
    assert flagged == {"removed_from_doc": f"the item left the postmortem while ticket {key(stack)} is still open"}
    stack.write("INC-7", [ALERT, *OTHERS])
    assert stack.step(IDENT) == {}
    assert len(stack.jira.issues()) == 3  # the item came back to its own ticket


def test_due_soon_then_overdue_then_done(stack):
    stack.clock.advance(days=21)  # 2026-12-14 09:00 UTC: four days left
    assert stack.step(IDENT) == {}
    stack.clock.advance(days=1)
    assert stack.step(IDENT) == {"due_soon": "due in 3 days (2026-12-18)"}
    stack.clock.advance(days=3)
    assert stack.step(IDENT) == {"due_soon": "due today (2026-12-18)"}
    stack.clock.advance(days=1)
    assert stack.step(IDENT) == {"overdue": "overdue by 1 day (due 2026-12-18)"}
    stack.clock.advance(days=4)
    assert stack.step(IDENT) == {"overdue": "overdue by 5 days (due 2026-12-18)"}
    stack.jira.human_transition(key(stack), "Done", BOB)
    assert stack.step(IDENT) == {}
    assert stack.flag_events("flag_raised", IDENT) == ["due_soon", "overdue"]


def test_a_related_postmortem_with_an_open_item_is_a_repeat_incident(stack):
    stack.write("INC-9", [Item("Alert on ledger-db disk growth rate", owner="bob")], related=("INC-7",))
    stack.step(IDENT)
    assert stack.flags(IDENT) == {"repeat_incident": "related later postmortems: INC-9 (item not verified done)"}
    assert stack.flags("INC-9") == {
        "repeat_incident": "relates to INC-7, whose action items are not all verified done"
    }
    assert stack.flags("INC-9/1") == {}
    stack.jira.human_transition(key(stack), "Done", BOB)  # verified by someone else
    stack.step(IDENT)
    assert stack.flags(IDENT) == {} and stack.flags("INC-9") == {}


def test_an_unknown_status_is_read_by_its_category(stack, monkeypatch):
    monkeypatch.setitem(jira_server.STATUSES, "Parked", ("10090", "new", "91"))
    monkeypatch.setitem(jira_server.STATUSES, "Awaiting Deploy", ("10091", "indeterminate", "92"))
    monkeypatch.setitem(jira_server.STATUSES, "Shipped", ("10092", "done", "93"))
    stack.jira.human_transition(key(stack), "Parked", BOB)
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "open"
    stack.jira.human_transition(key(stack), "Awaiting Deploy", ALICE)
    assert stack.step(IDENT) == {} and stack.lifecycle(IDENT) == "in_progress"
    stack.jira.human_transition(key(stack), "Shipped", ALICE)
    assert set(stack.step(IDENT)) == {"unverified_done"} and stack.lifecycle(IDENT) == "done_awaiting_verification"
    state = stack.ledger.ticket(IDENT).state
    assert (state.status, state.category.value, state.closed_by) == ("Shipped", "done", ALICE)


def test_a_workflow_without_a_backlog_status_never_raises_it(stack, monkeypatch):
    monkeypatch.delitem(jira_server.STATUSES, "Backlog")
    monkeypatch.setitem(jira_server.STATUSES, "Parked", ("10090", "new", "91"))
    for status in ("Parked", "To Do", "In Progress", "In Review", "To Do"):
        stack.jira.human_transition(key(stack), status, BOB)
        assert "demoted_backlog" not in stack.step(IDENT)
    assert "demoted_backlog" not in stack.flag_events("flag_raised", IDENT)


@pytest.mark.parametrize("damage", ["no_changelog", "malformed_histories", "no_author"])
def test_a_missing_or_malformed_changelog_means_an_unknown_closer(stack, monkeypatch, damage):
    real = jira_server.FakeJira._issue_json

    def damaged(self, issue, call, fields, expand=(), properties=()):
        out = real(self, issue, call, fields, expand, properties)
        if "changelog" in out:
            if damage == "no_changelog":
                del out["changelog"]
            elif damage == "malformed_histories":
                out["changelog"]["histories"] = [None, "x", {"items": "not a list"}, {"created": 7}]
            else:
                for history in out["changelog"]["histories"]:
                    history.pop("author", None)
        return out

    monkeypatch.setattr(jira_server.FakeJira, "_issue_json", damaged)
    stack.jira.human_transition(key(stack), "Done", ALICE)
    assert stack.step(IDENT) == {}  # nobody can say the owner closed it
    assert stack.lifecycle(IDENT) == "done_awaiting_verification"
    assert stack.ledger.ticket(IDENT).state.closed_by is None


def test_history_is_fetched_only_for_the_ticket_that_changed(stack):
    stack.write("INC-7", [ALERT, *OTHERS])
    stack.jira.reset_counters()
    stack.step(IDENT)
    assert stack.jira.requests["POST /rest/api/2/issue"] == 2
    assert not any(k.startswith("GET") and "/issue/" in k for k in stack.jira.requests)  # no re-read
    stack.step(IDENT)  # settled: nothing changed since
    stack.jira.reset_counters()
    stack.jira.human_update(key(stack), BOB, priority="Low")
    stack.step(IDENT)
    gets = {k: n for k, n in stack.jira.requests.items() if k.startswith("GET ") and "/issue/" in k}
    assert sum(gets.values()) == 1, stack.jira.requests
    (logged,) = [r for r in stack.jira.request_log if "/issue/" in r.path]
    assert key(stack) in logged.path or str(stack.jira.issue(key(stack)).id) in logged.path
    searches = sum(n for k, n in stack.jira.requests.items() if "search" in k)
    assert searches == 2  # one per project (OPS has no ticket, PAY has three)
    assert stack.jira.writes == 0

    stack.jira.reset_counters()
    stack.step(IDENT)  # nothing changed: searches only, no single GET
    assert not any("/issue/" in k for k in stack.jira.requests), stack.jira.requests
