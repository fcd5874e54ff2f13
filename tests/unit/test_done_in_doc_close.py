"""A done-in-the-document ticket whose close failed (or never ran) is closed on a later cycle."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from adapters.trackers.base import TrackerError
from syncer.closing import pending_closes
from syncer.model import Category
from tests.unit.test_engine import World, doc, item


def ticked(tmp_path) -> World:
    done = replace(item(1, "Add disk space alert at 80% threshold", due=date(2026, 11, 10)), done=True)
    w = World(tmp_path, [doc(done, item(2, "Rotate the TLS keys", due=date(2026, 12, 10)))])
    w.clock.now = datetime(2026, 11, 23, 9, tzinfo=UTC)  # the ticked item's deadline has passed
    return w


def test_a_failed_close_is_retried_next_cycle_and_the_item_is_never_overdue(tmp_path):
    w = ticked(tmp_path)
    w.tracker.fail(TrackerError("502 Bad Gateway", status=502), "complete")
    w.cycle()
    assert w.ledger.ticket("INC-7/1").state.category != Category.DONE
    assert "could not close the new ticket" in (w.ledger.items()[0].last_error or "")
    w.clock.advance(hours=1)
    w.cycle()
    assert [c for c in w.tracker.calls if c[0] == "complete"] == [("complete", "OPS-1")] * 2
    assert w.ledger.ticket("INC-7/1").state.category == Category.DONE
    assert pending_closes(w.ledger) == [] and w.ledger.events("INC-7/1", "closed_done_in_doc")
    w.clock.advance(days=10)
    w.cycle()
    assert [c for c in w.tracker.calls if c[0] == "complete"] == [("complete", "OPS-1")] * 2  # once closed, done
    assert {f.ident for f in w.ledger.standing_flags()} == set()
    w.ledger.close()


def test_a_close_failing_for_cycles_survives_a_restart(tmp_path):
    w = ticked(tmp_path)
    w.tracker.fail(TrackerError("connection reset"), "complete", times=3)
    w.cycle()
    w.restart()
    for _ in range(3):
        assert pending_closes(w.ledger) == ["INC-7/1"]  # still failing: still wanted
        w.clock.advance(hours=1)
        w.cycle()
    assert w.ledger.ticket("INC-7/1").state.category == Category.DONE and pending_closes(w.ledger) == []
    w.ledger.close()


def test_a_box_unticked_before_the_retry_leaves_the_ticket_open(tmp_path):
    w = ticked(tmp_path)
    w.tracker.fail(TrackerError("502 Bad Gateway", status=502), "complete")
    w.cycle()
    w.docs = [doc(item(1, "Add disk space alert at 80% threshold", due=date(2026, 12, 20)),
                  item(2, "Rotate the TLS keys", due=date(2026, 12, 10)))]
    w.clock.advance(hours=1)
    w.cycle()
    assert [c for c in w.tracker.calls if c[0] == "complete"] == [("complete", "OPS-1")]
    assert pending_closes(w.ledger) == [] and w.ledger.ticket("INC-7/1").state.category != Category.DONE
    w.ledger.close()
