"""The engine when things go wrong between cycles: crashes mid-create, failed look-ups,
routing changes, documents that break, move or disappear. Never a duplicate ticket,
never a lost one, never a flag that outlives its cause."""

from __future__ import annotations

from datetime import date

from adapters.trackers.base import AuthError, Unavailable, WriteOutcomeUnknown
from syncer.model import Document
from tests.unit.test_engine import doc, item, renumber


def crash_after_create(world) -> None:
    world.docs = [doc(item(1, "Add disk space alert at 80% threshold"))]
    world.tracker.fail(WriteOutcomeUnknown("dropped"), "create", after_write=True)
    world.cycle()
    assert len(world.tracker.tickets) == 1 and list(world.ledger.intents()) == ["INC-7/1"]


def test_a_failed_marker_look_up_keeps_the_intent(world):
    crash_after_create(world)
    world.tracker.fail(Unavailable("search 503"), "find")
    report = world.cycle()
    assert [a.kind for a in report.actions] == ["recover"] and report.errors
    assert list(world.ledger.intents()) == ["INC-7/1"]
    assert [a.kind for a in world.cycle().actions] == ["recover"]
    assert set(world.tickets_per_item().values()) == {1} and len(world.tracker.tickets) == 1


def test_an_auth_failure_during_recovery_keeps_the_intent(world):
    crash_after_create(world)
    world.tracker.fail(AuthError("401 token expired"), "find")
    assert world.cycle().fatal and list(world.ledger.intents()) == ["INC-7/1"]
    world.cycle()
    assert len(world.tracker.tickets) == 1 and world.ledger.ticket("INC-7/1") is not None


def test_recovery_looks_where_the_create_went_even_after_a_routing_change(world):
    crash_after_create(world)
    world.settings.routing.default = "jira:PAY"
    report = world.cycle()
    assert [(a.kind, a.target) for a in report.actions] == [("recover", "jira:OPS")]
    assert len(world.tracker.tickets) == 1 and world.ledger.ticket("INC-7/1").ref.key == "OPS-1"


def test_a_doc_edit_made_before_recovery_is_still_pushed(world):
    world.docs = [doc(item(1, "Add disk space alert at 80% threshold", priority="P2"))]
    world.tracker.fail(WriteOutcomeUnknown("dropped"), "create", after_write=True)
    world.cycle()
    world.docs = [doc(item(1, "Add disk space alert at 80% threshold", priority="P0",
                           due=date(2026, 11, 30)))]
    world.cycle()  # recovers the ticket as it was created
    report = world.cycle()
    assert [(a.kind, a.fields) for a in report.actions] == [
        ("update", ("description", "priority", "due"))]
    ticket = world.tracker.tickets[("jira:OPS", "OPS-1")]
    assert (ticket.priority, ticket.due) == ("P0", date(2026, 11, 30))


def test_an_item_removed_while_its_create_was_unfinished_is_settled(world):
    crash_after_create(world)
    world.docs = [doc()]
    report = world.cycle()
    assert [a.kind for a in report.actions] == ["recover"]
    assert world.ledger.intents() == {} and world.ledger.ticket("INC-7/1").ref.key == "OPS-1"
    assert {(f.ident, f.kind) for f in world.ledger.standing_flags()} == {("INC-7/1", "removed_from_doc")}


def test_two_items_naming_one_ticket_fail_alone_and_the_cycle_goes_on(world):
    world.cycle()
    moved = doc(item(1, "Add disk space alert at 80% threshold, moved", ref="OPS-1", pm="INC-9"),
                item(2, "Page the on-call when checkout errors exceed 2%", pm="INC-9"), pm_id="INC-9")
    world.docs = [world.docs[0], moved]
    report = world.cycle()
    assert [(a.kind, a.key) for a in report.actions] == [("conflict", "INC-9/1"), ("create", "INC-9/2")]
    assert "OPS-1 is already tracked for item INC-7/1" in report.errors[0].message
    assert world.ledger.ticket("INC-9/2") is not None


def test_an_identical_item_inserted_above_does_not_take_the_ticket(world):
    world.docs = [doc(item(1, "Add disk space alert", owner="alice"))]
    world.cycle()
    world.docs = [doc(*renumber([item(0, "Add disk space alert", owner="bob"),
                                 item(0, "Add disk space alert", owner="alice")]))]
    report = world.cycle()
    assert [(a.kind, a.spec.owner) for a in report.actions] == [("create", "bob")]
    assert world.tracker.tickets[("jira:OPS", "OPS-1")].assignee == "acc-alice"


def test_a_file_that_fails_to_parse_holds_its_items_and_flags(world):
    world.cycle()
    world.docs = [Document("INC-7.md", None)]
    report = world.cycle()
    assert report.actions == [] and report.skipped == ["INC-7.md"] and not report.ok
    assert not any(f.kind == "removed_from_doc" for f in world.ledger.standing_flags())


def test_a_flag_on_an_item_that_left_the_doc_without_a_ticket_clears(world):
    world.settings.routing.default = None  # unroutable: never ticketed
    world.docs = [doc(item(1, "Add disk space alert at 80% threshold", due=date(2026, 11, 1)))]
    world.cycle()
    assert {f.kind for f in world.ledger.standing_flags("INC-7/1")} == {"overdue"}
    world.docs = [doc(item(2, "Rotate the gateway certificate monthly", due=date(2027, 1, 1)))]
    world.cycle()
    assert world.ledger.standing_flags("INC-7/1") == []


def test_the_repeat_flag_of_a_deleted_postmortem_clears(world):
    world.docs = [world.docs[0],
                  doc(item(1, "Checksum the edge config in deploys", pm="INC-9"), pm_id="INC-9",
                      related=("INC-7",))]
    world.cycle()
    assert world.ledger.standing_flags("INC-9")
    world.docs = [world.docs[0]]
    world.cycle()
    assert world.ledger.standing_flags("INC-9") == []


def test_a_rate_limit_pauses_that_trackers_writes_until_the_next_cycle(world):
    from adapters.trackers.base import RateLimited

    world.tracker.fail(RateLimited("secondary rate limit", retry_after=60), "create")
    report = world.cycle()
    assert report.done == {} and len(report.errors) == 1  # the other two were not attempted
    assert [op for op, _ in world.tracker.calls if op == "create"] == ["create"]
    assert world.ledger.intents() == {}  # a refused create created nothing
    assert world.cycle().done == {"create": 3}
