"""Where the document is silent, an adopted ticket's own values are the item's commitment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tests.unit.test_engine import World, doc, item

TICKET_DUE = date(2026, 12, 20)


def adopted_world(tmp_path, ticket_priority: str = "P2", **silent: object) -> tuple[World, str]:
    """A ticket people made (due 2026-12-20, bob, `ticket_priority`) named by a document item silent on `silent`."""
    w = World(tmp_path, [doc(item(1, "Add disk space alert at 80% threshold"))])
    spec = w.engine().cycle(dry_run=True).actions[0].spec
    existing = w.tracker.create("jira:OPS", replace(spec, item_key="someone-else", due=TICKET_DUE,
                                                    assignee="acc-bob", priority=ticket_priority))
    w.docs = [doc(replace(item(1, "Add disk space alert at 80% threshold", **silent), ref=existing.ref.key))]
    w.tracker.calls.clear()
    return w, existing.ref.key


def writes(w: World) -> list[tuple[str, str]]:
    return [c for c in w.tracker.calls if c[0] in ("create", "update", "complete", "comment")]


def test_a_due_date_only_the_ticket_has_is_kept_and_is_the_commitment(tmp_path):
    w, key = adopted_world(tmp_path, due=None)
    w.cycle()
    assert [c[0] for c in w.tracker.calls if c[0] == "adopt"] == ["adopt"]
    w.tracker.calls.clear()
    w.clock.advance(hours=1)
    report = w.cycle()
    assert report.actions == [] and writes(w) == []  # nothing pushed over the ticket's own values
    assert not w.ledger.standing_flags("INC-7/1")
    w.tracker.human("jira:OPS", key, due=TICKET_DUE + timedelta(days=14), updated_at=w.clock())
    w.clock.advance(hours=1)
    w.cycle()
    flags = {f.kind: f.details for f in w.ledger.standing_flags("INC-7/1")}
    assert "2026-12-20 → 2027-01-03" in flags["deadline_slipped"]
    assert writes(w) == []  # still pmsync leaves the date to people
    w.ledger.close()


def test_the_adopted_due_date_decides_overdue(tmp_path):
    w, _ = adopted_world(tmp_path, due=None)
    w.cycle()
    w.clock.now += TICKET_DUE - w.clock.now.date() + timedelta(days=3)
    w.cycle()
    flags = {f.kind: f.details for f in w.ledger.standing_flags("INC-7/1")}
    assert flags.get("overdue") == "overdue by 3 days (due 2026-12-20)"
    w.ledger.close()


def test_priority_and_owner_only_the_ticket_has_are_the_commitment(tmp_path):
    # the severity alone would commit to P1: the ticket's P0 is the commitment instead
    w, key = adopted_world(tmp_path, "P0", priority=None, owner=None)
    w.cycle()
    w.tracker.calls.clear()
    w.clock.advance(hours=1)
    assert w.cycle().actions == [] and writes(w) == []
    assert not w.ledger.standing_flags("INC-7/1")
    w.tracker.human("jira:OPS", key, priority="P1", assignee="acc-carol", updated_at=w.clock())
    w.clock.advance(hours=1)
    w.cycle()
    flags = {f.kind: f.details for f in w.ledger.standing_flags("INC-7/1")}
    assert flags["demoted_priority"].startswith("priority lowered P0 → P1")
    assert flags["unassigned"] == "assigned to acc-carol, not the owner"
    assert writes(w) == []
    w.ledger.close()
