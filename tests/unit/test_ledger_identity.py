"""One writer per ledger file, whatever name reaches it; a ticket link is never replaced."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime

import pytest

from syncer.model import ActionItem, Postmortem, TicketRef, TicketState
from syncer.state import Ledger, LedgerLocked

NOW = datetime(2026, 11, 23, tzinfo=UTC)


@pytest.mark.parametrize("alias", ["symlink", "hardlink", "dir-symlink", "relative"])
def test_a_second_writer_through_another_name_is_refused(tmp_path, monkeypatch, alias):
    real = tmp_path / "var" / "state.db"
    with Ledger.open(real):
        pass  # the file exists, as after a first start
    if alias == "symlink":
        other = tmp_path / "link.db"
        other.symlink_to(real)
    elif alias == "hardlink":
        other = tmp_path / "hard.db"
        os.link(real, other)
    elif alias == "dir-symlink":
        (tmp_path / "etc-state").symlink_to(real.parent)
        other = tmp_path / "etc-state" / "state.db"
    else:
        monkeypatch.chdir(real.parent)
        other = type(real)("state.db")
    with Ledger.open(real), pytest.raises(LedgerLocked, match="in use by pmsync"):
        Ledger.open(other)
    with Ledger.open(other):  # released on close
        pass


def test_a_forked_child_does_not_keep_the_ledger_locked(tmp_path):
    # A parse worker forked by pmsync outlives it when pmsync is killed: it must not hold the lock.
    path = tmp_path / "state.db"
    ledger = Ledger.open(path)
    release, hold = os.pipe()
    started, running = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child runs once the fork hooks have
        os.write(running, b"x")
        os.read(release, 1)
        os._exit(0)
    try:
        os.read(started, 1)
        ledger.close()
        with Ledger.open(path):
            pass
    finally:
        os.write(hold, b"x")
        os.waitpid(pid, 0)
        for fd in (release, hold, started, running):
            os.close(fd)


def _state(key: str) -> TicketState:
    return TicketState(ref=TicketRef("jira", "jira:OPS", key, f"https://jira.example/browse/{key}"))


def _item(ledger: Ledger) -> None:
    pm = Postmortem(id="INC-7", id_explicit=True, title="Disk full", path="INC-7.md")
    item = ActionItem(key="INC-7/1", item_id="1", explicit_id=False, text="Add disk alert")
    ledger.upsert_postmortem(pm, NOW)
    ledger.upsert_item("INC-7/1", item, committed_due=None, committed_priority="P1", team=None,
                       target="jira:OPS", now=NOW)


def test_an_items_ticket_link_is_never_replaced_by_another_ticket(tmp_path):
    with Ledger.open(tmp_path / "state.db") as ledger:
        with ledger.transaction():
            _item(ledger)
            ledger.begin_intent("INC-7/1", "jira:OPS", NOW)
            ledger.record_ticket("INC-7/1", _state("OPS-1"), pushed={}, now=NOW)
        refused = pytest.raises(sqlite3.IntegrityError, match="linked to jira:OPS OPS-1; not replaced by jira:OPS OPS-2")
        with refused, ledger.transaction():
            ledger.record_ticket("INC-7/1", _state("OPS-2"), pushed={}, now=NOW)
        assert ledger.ticket("INC-7/1").ref.key == "OPS-1"
        with ledger.transaction():  # the same ticket again (a recovery finding it): fine
            ledger.record_ticket("INC-7/1", _state("OPS-1"), pushed={"summary": "x"}, now=NOW)
        assert ledger.pushed(["INC-7/1"]) == {"INC-7/1": {"summary": "x"}}


def test_an_intent_keeps_the_target_its_first_create_went_to(tmp_path):
    with Ledger.open(tmp_path / "state.db") as ledger:
        with ledger.transaction():
            _item(ledger)
            ledger.begin_intent("INC-7/1", "jira:OPS", NOW)
            ledger.begin_intent("INC-7/1", "jira:PAY", NOW)
        intent = ledger.intents()["INC-7/1"]
        assert (intent.target, intent.attempts) == ("jira:OPS", 2)
