"""The ledger: file mode, WAL, migrations, the single-writer lock, round trips."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, date, datetime

import pytest

from syncer.model import Category, Change, TicketRef, TicketState
from syncer.state import (
    SCHEMA_VERSION,
    Ledger,
    LedgerError,
    LedgerLocked,
    state_from_json,
    state_to_json,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_new_ledger_is_private_wal_and_current(tmp_path):
    path = tmp_path / "sub" / "state.db"
    with Ledger.open(path) as ledger:
        assert ledger.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert ledger.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_second_writer_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "state.db"
    with Ledger.open(path):
        with pytest.raises(LedgerLocked, match=r"in use by pmsync \(pid \d+\)"):
            Ledger.open(path)
        with Ledger.open(path, write=False) as reader:  # readers are welcome
            assert reader.items() == []
    with Ledger.open(path):
        pass  # released on close


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "state.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(LedgerError, match="newer than this pmsync"):
        Ledger.open(path)


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LedgerError, match="cannot use the ledger"):
        Ledger.open(path)


def test_ticket_state_round_trips():
    state = TicketState(
        ref=TicketRef("jira", "jira:OPS", "OPS-1", "https://j/browse/OPS-1"), marker="abc",
        summary="s", status="In Progress", category=Category.IN_PROGRESS, resolution=None,
        priority="P2", assignee="acc", due=date(2026, 12, 1), labels=("pmsync", "x"),
        sprints=("Sprint 3",), updated_at=NOW, closed_by=None,
        history=(Change("priority", NOW, "acc", "High", "Low"),), comments=(("acc", "Verified: ok"),),
        blocked_by_open=True,
    )
    assert state_from_json(state_to_json(state)) == state


def test_transaction_rolls_back_as_a_unit(tmp_path):
    with Ledger.open(tmp_path / "state.db") as ledger:
        with pytest.raises(RuntimeError), ledger.transaction():
            ledger.add_event("created", NOW, "P/1")
            raise RuntimeError("boom")
        assert ledger.events() == []


def test_kv_store_survives_reopen(tmp_path):
    path = tmp_path / "state.db"
    with Ledger.open(path) as ledger:
        ledger.set("github.pacer", "{}")
    with Ledger.open(path) as ledger:
        assert ledger.get("github.pacer") == "{}"
        assert ledger.get("missing") is None


def test_an_existing_ledger_gains_the_indexes_every_cycle_reads_through(tmp_path):
    from syncer.state import MIGRATIONS

    path = tmp_path / "state.db"
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:3]):  # a ledger of the release before
        conn.executescript(f"{script};PRAGMA user_version = {number + 1};")
    conn.execute("INSERT INTO flags(ident, kind, raised_at) VALUES ('INC-1/1', 'overdue', '2026-11-01')")
    conn.commit()
    conn.close()
    with Ledger.open(path) as ledger:
        plans = {
            query: " ".join(r[3] for r in ledger.conn.execute(f"EXPLAIN QUERY PLAN {query}"))
            for query in (
                "SELECT * FROM flags WHERE cleared_at IS NULL ORDER BY id",
                "SELECT * FROM events WHERE kind = 'flag_raised' ORDER BY id",
                "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL",
            )
        }
        assert [f.kind for f in ledger.standing_flags()] == ["overdue"]
    assert all("USING INDEX" in plan for plan in plans.values()), plans
