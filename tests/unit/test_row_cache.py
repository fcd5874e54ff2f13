"""The ledger's decoded rows are kept only while the file holds them unchanged."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from syncer.model import ActionItem, Category, Postmortem, TicketRef, TicketState
from syncer.state import Ledger

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ITEM = ActionItem("INC-1/1", "1", False, "Alert on checkout errors", owner="alice", due=date(2026, 12, 1))
PM = Postmortem("INC-1", True, "Checkout outage", "docs/INC-1.md")


def _upsert(ledger: Ledger, item: ActionItem, now: datetime = NOW) -> None:
    with ledger.transaction():
        ledger.upsert_item(
            "i1", item, committed_due=item.due, committed_priority="P2", team="payments",
            target="jira:PAY", now=now,
        )


def _state(status: str) -> TicketState:
    return TicketState(ref=TicketRef("jira", "jira:PAY", "PAY-1", None), exists=True, status=status,
                       category=Category.TODO)


def test_a_row_read_again_unchanged_is_the_same_object(tmp_path):
    with Ledger.open(tmp_path / "state.db") as ledger:
        _upsert(ledger, ITEM)
        first = ledger.items()
        assert ledger.items()[0] is first[0]
        _upsert(ledger, replace(ITEM, text="Alert on checkout error rate"))
        (changed,) = ledger.items()
        assert changed is not first[0] and changed.text == "Alert on checkout error rate"


def test_an_unchanged_item_or_postmortem_is_not_written_again(tmp_path):
    with Ledger.open(tmp_path / "state.db") as ledger:
        with ledger.transaction():
            ledger.upsert_postmortem(PM, NOW)
        _upsert(ledger, ITEM)
        ledger.items(), ledger.postmortems()  # what the cycle reads first
        writes = ledger.conn.total_changes
        later = NOW + timedelta(minutes=5)
        with ledger.transaction():
            ledger.upsert_postmortem(PM, later)
        _upsert(ledger, ITEM, later)
        assert ledger.conn.total_changes == writes
        _upsert(ledger, replace(ITEM, owner="bob"), later)
        row = ledger.conn.execute("SELECT owner, last_seen FROM items").fetchone()
        assert tuple(row) == ("bob", later.isoformat())


def test_another_connections_commit_is_seen(tmp_path):
    path = tmp_path / "state.db"
    with Ledger.open(path) as ledger:
        _upsert(ledger, ITEM)
        with ledger.transaction():
            ledger.record_ticket("i1", _state("To Do"), pushed={}, now=NOW)
        assert ledger.items()[0].owner == "alice"
        assert ledger.tickets()["i1"].state.status == "To Do"
        other = sqlite3.connect(path)
        other.execute("UPDATE items SET owner = 'carol'")
        other.execute("UPDATE tickets SET ticket_key = 'PAY-2'")
        other.commit()
        other.close()
        assert ledger.items()[0].owner == "carol"
        assert ledger.tickets()["i1"].ref.key == "PAY-2"


def test_a_rolled_back_write_is_not_served(tmp_path):
    with Ledger.open(tmp_path / "state.db") as ledger:
        _upsert(ledger, ITEM)
        with ledger.transaction():
            ledger.record_ticket("i1", _state("To Do"), pushed={}, now=NOW)
        ledger.tickets()
        with pytest.raises(RuntimeError), ledger.transaction():
            ledger.set_ticket_state("i1", _state("In Progress"), NOW)
            ledger.set_item_error("i1", "refused")
            assert ledger.tickets()["i1"].state.status == "In Progress"  # read inside the transaction
            assert ledger.items()[0].last_error == "refused"
            raise RuntimeError("the unit of work fails")
        assert ledger.tickets()["i1"].state.status == "To Do"
        assert ledger.items()[0].last_error is None


def test_items_come_in_postmortem_and_key_order_after_changes(tmp_path):
    with Ledger.open(tmp_path / "state.db") as ledger:
        for ident, key in (("a", "INC-2/1"), ("b", "INC-1/2")):
            with ledger.transaction():
                ledger.upsert_item(ident, ActionItem(key, key[-1], False, "x"), committed_due=None,
                                   committed_priority=None, team=None, target=None, now=NOW)
        assert [r.key for r in ledger.items()] == ["INC-1/2", "INC-2/1"]
        with ledger.transaction():
            ledger.upsert_item("c", ActionItem("INC-1/1", "1", False, "y"), committed_due=None,
                               committed_priority=None, team=None, target=None, now=NOW)
        assert [r.key for r in ledger.items()] == ["INC-1/1", "INC-1/2", "INC-2/1"]
        assert [r.key for r in ledger.items("INC-1")] == ["INC-1/1", "INC-1/2"]



def test_the_next_decision_date_index(tmp_path):
    with Ledger.open(tmp_path / "state.db") as ledger:
        _upsert(ledger, ITEM)
        (row,) = ledger.items()
        today = date(2026, 11, 23)
        assert ledger.decisions_due(today) == {"i1"}  # a new item is not decided yet: due at once
        plan = " ".join(r[-1] for r in ledger.conn.execute(
            "EXPLAIN QUERY PLAN SELECT ident FROM items WHERE next_decision <= ?", ("2026-11-23",)))
        assert plan.startswith("SEARCH items USING") and "INDEX items_next_decision" in plan  # a range, no scan
        for stored, due in ((date(2026, 11, 28), set()), (today, {"i1"}), (None, set())):
            with ledger.transaction():
                ledger.set_next_decisions({"i1": stored})
            assert ledger.decisions_due(today) == due
        writes = ledger.conn.total_changes
        with ledger.transaction():
            ledger.set_next_decisions({"i1": None})
        assert ledger.conn.total_changes == writes  # the same date is not written again
        assert ledger.decisions_due(date(2099, 1, 1)) == set()  # NULL: never by time alone
        assert ledger.items()[0] is row  # a decision changes no item row the cycle's memos hold


def test_a_failed_commit_is_rolled_back_and_not_served(tmp_path):
    path = tmp_path / "state.db"
    with Ledger.open(path) as ledger:
        _upsert(ledger, ITEM)
        with ledger.transaction():
            ledger.record_ticket("i1", _state("To Do"), pushed={}, now=NOW)
        ledger.tickets()

        def refuse_commit(action, arg1, *_):
            if action == sqlite3.SQLITE_TRANSACTION and arg1 == "COMMIT":
                return sqlite3.SQLITE_DENY
            return sqlite3.SQLITE_OK

        ledger.conn.set_authorizer(refuse_commit)
        with pytest.raises(sqlite3.DatabaseError), ledger.transaction():
            ledger.set_ticket_state("i1", _state("In Progress"), NOW)
        ledger.conn.set_authorizer(None)
        assert not ledger.conn.in_transaction
        assert ledger.tickets()["i1"].state.status == "To Do"
        _upsert(ledger, replace(ITEM, owner="bob"))  # the next unit of work commits on its own
        other = sqlite3.connect(path)
        assert other.execute("SELECT owner FROM items").fetchone() == ("bob",)
        other.close()
