"""Document text never chooses a ticket outside the routed targets (and routing.adopt_from)."""

from __future__ import annotations

from dataclasses import replace

from syncer.model import TicketRef, TicketSpec
from syncer.plan import PlanInput, plan
from tests.unit.test_engine import doc


def _name_ticket(world, ref: str) -> None:
    items = list(world.docs[0].postmortem.items)
    items[0] = replace(items[0], ref=ref)
    world.docs = [doc(*items)]


def _foreign_ticket(world, project: str = "HR"):
    spec = world.engine().cycle(dry_run=True).actions[0].spec
    state = world.tracker.create(f"jira:{project}", replace(spec, item_key="hr-private", summary="Salary review"))
    world.tracker.calls.clear()
    return state


def test_a_ticket_outside_the_routed_targets_is_a_finding_not_a_write(world):
    hr = _foreign_ticket(world)
    _name_ticket(world, hr.ref.key)
    report = world.cycle()
    assert ("adopt", hr.ref.key) not in world.tracker.calls
    assert all(key != hr.ref.key for _call, key in world.tracker.calls)
    assert world.tracker.specs[("jira:HR", hr.ref.key)].summary == "Salary review"
    (error,) = report.errors
    assert error.key == "INC-7/1" and "outside the routed targets" in error.message
    assert "routing.adopt_from" in error.message
    assert world.ledger.ticket("INC-7/1") is None and report.done == {"create": 2}


def test_adopt_from_allows_a_named_target(world):
    hr = _foreign_ticket(world)
    world.settings = world.settings.model_copy(
        update={"routing": world.settings.routing.model_copy(update={"adopt_from": ["jira:HR"]})}
    )
    _name_ticket(world, hr.ref.key)
    report = world.cycle()
    assert report.done == {"adopt": 1, "create": 2}
    assert world.ledger.ticket("INC-7/1").ref.key == hr.ref.key


def test_an_adopted_ticket_whose_target_is_no_longer_allowed_is_not_updated(world):
    hr = _foreign_ticket(world)
    allowed = world.settings
    world.settings = allowed.model_copy(
        update={"routing": allowed.routing.model_copy(update={"adopt_from": ["jira:HR"]})}
    )
    _name_ticket(world, hr.ref.key)
    world.cycle()
    world.settings = allowed  # adopt_from emptied again, e.g. an upgrade from a ledger without it
    items = list(world.docs[0].postmortem.items)
    items[0] = replace(items[0], text="Rewrite the salary ticket title", verify="changed")
    world.docs = [doc(*items)]
    world.tracker.calls.clear()
    report = world.cycle()
    assert not [c for c in world.tracker.calls if c[0] == "update"]
    assert any("outside the routed targets" in e.message for e in report.errors)


def test_a_bare_number_in_an_action_names_no_ticket(world):
    ops = world.tracker.create("jira:OPS", replace(
        world.engine().cycle(dry_run=True).actions[0].spec, item_key="someone-else"))
    world.tracker.calls.clear()
    _name_ticket(world, "#1")
    report = world.cycle()
    assert report.done == {"create": 3}
    assert world.ledger.ticket("INC-7/1").ref != ops.ref


def test_plan_turns_every_write_to_an_outside_ticket_into_a_finding():
    spec = TicketSpec(item_key="i", summary="s", description="d", priority="P1", owner=None,
                      assignee=None, due=None, doc_url=None, postmortem_title="t")  # fmt: skip
    ref = TicketRef("jira", "jira:HR", "HR-1")
    named = PlanInput("i", "PM/1", spec, "jira:OPS", doc_ref=ref, adoptable=False)
    adopted = PlanInput("i", "PM/1", spec, "jira:OPS", ticket=ref, pushed={}, adoptable=False)
    unchanged = PlanInput("i", "PM/1", spec, "jira:OPS", ticket=ref, pushed=spec.doc_fields(), adoptable=False)
    actions = plan([named, adopted, unchanged])
    assert [(a.kind, a.ref) for a in actions] == [("conflict", ref), ("conflict", ref)]
