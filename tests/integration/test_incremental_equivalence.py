"""The daemon's incremental cycles end in the same ledger as cycles that re-read everything.

One long-lived engine (as `pmsync run` keeps it: the source reader's documents, the ledger's
decoded rows and every other memo warm) and a fresh process per cycle (`pmsync sync` from
cron: the ledger reopened, every document read and matched again) go through the same
history against their own fake Jira: the first sync, document edits, people changing
tickets, an item leaving its document, deadlines crossing, idle cycles, and days passing with
nothing changed at all (a reminder window opening, a deadline passing, an item overdue long
enough to escalate): the daemon decides again only the items the ledger's date index brings
back, the fresh process decides everything. The items (with their next-decision dates),
tickets, flags and outbox they end with must be the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.integration.stack import Item, Stack

TABLES = {
    "items": "ident",
    "tickets": "ident",
    "flags": "id",
    "outbox": "id",
    "postmortems": "id",
    "intents": "ident",
}
# Random per message by design (RFC 5322 Message-ID); everything else must match.
IGNORED = {("outbox", "message_id")}


def _documents(stack: Stack) -> None:
    stack.write("INC-1", [
        Item("Alert on checkout error rate above 2%", owner="alice", due="2026-11-25", priority="P1"),
        Item("Add a runbook for the payment queue", owner="bob", due="2026-12-20", priority="P2"),
        Item("Load-test the card gateway before peak", owner="alice", due=None, priority="P2"),
    ], team="payments")
    stack.write("INC-2", [
        Item("Rotate the CDN signing key yearly", owner="carol", due="2026-11-24", priority="P1"),
        Item("Page the web on-call on 5xx bursts", owner="dave", due="2026-12-02", priority="P3"),
    ], team="web", related=("INC-1",))
    stack.write("INC-3", [
        Item("Document the cache purge procedure", owner="carol", due="2026-11-30", priority="P2", verify=None),
    ], team="web")


def _edit(stack: Stack, pm: str, old: str, new: str) -> None:
    path = stack.docs / f"{pm}.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


DIRECTOR = "payments-director@acme.example"


def _escalating(stack: Stack) -> None:
    """The payments team has escalation contacts: an item overdue long enough reaches them."""
    text = stack.config.read_text()
    lead = 'leads = ["payments-lead@acme.example"]\n'
    assert lead in text
    stack.config.write_text(text.replace(lead, f'{lead}escalation = ["{DIRECTOR}"]\n', 1))


def _standing(stack: Stack, text: str) -> set[str]:
    row = stack.ledger.conn.execute("SELECT ident FROM items WHERE text = ?", (text,)).fetchone()
    return set(stack.flags(row["ident"]))


def _escalations(stack: Stack) -> list[str]:
    """The subjects of the mail to the payments escalation contact about overdue items."""
    rows = stack.ledger.conn.execute(
        "SELECT subject FROM outbox WHERE recipients LIKE ? ORDER BY id", (f"%{DIRECTOR}%",)
    )
    return [r["subject"] for r in rows if "overdue" in r["subject"]]


def _time_passes(stack: Stack, cycle: Callable[..., object]) -> None:
    """Only days pass: no document edit, no ticket change."""
    runbook = "Add a runbook for the payment queue"  # due 2026-12-20, reminded 3 days before
    alert = "Alert on checkout error rate above 2%"  # due 2026-11-25
    assert stack.clock.now.date().isoformat() == "2026-12-06"
    assert _standing(stack, runbook) == {"repeat_incident"} and "overdue" in _standing(stack, alert)
    assert _escalations(stack) == []
    stack.clock.advance(days=3)  # 2026-12-09: the alert is 14 days late, not more
    cycle()
    assert _escalations(stack) == []
    stack.clock.advance(days=1)  # 2026-12-10: 15 days > escalate_after_days (14)
    cycle()
    assert _escalations(stack) == [
        "[pmsync] Escalation: 1 payments action item needs you: 1 overdue – Alert on checkout error rate above 2%"
    ]
    stack.clock.advance(days=7)  # 2026-12-17: the runbook's reminder window opens
    cycle()
    assert _standing(stack, runbook) == {"repeat_incident", "due_soon"}
    stack.clock.advance(days=4)  # 2026-12-21: the runbook is overdue
    cycle()
    assert _standing(stack, runbook) == {"repeat_incident", "overdue"}
    stack.clock.advance(minutes=5)
    cycle()


def _history(stack: Stack, cycle: Callable[..., object]) -> None:
    """The same story for both ways of running, a sync interval (or days) apart."""
    assert stack.jira is not None
    _documents(stack)
    cycle()
    for _ in range(3):  # idle, through the poll's overlap window
        stack.clock.advance(minutes=5)
        cycle()
    _edit(stack, "INC-1", "Priority: P2. Verify", "Priority: P1. Verify")  # the runbook item
    _edit(stack, "INC-2", "Rotate the CDN signing key yearly", "Rotate the CDN signing key every year")
    stack.clock.advance(minutes=5)
    cycle()
    keys = sorted(issue.key for issue in stack.jira.issues())
    stack.jira.human_transition(keys[0], "Done", "acc-bob", resolution="Done")
    stack.jira.human_update(keys[1], "acc-carol", priority="Lowest")
    stack.jira.human_update(keys[2], "acc-carol", assignee="acc-dave")
    stack.clock.advance(minutes=5)
    cycle()
    path = stack.docs / "INC-1.md"  # an item leaves its document
    path.write_text("".join(line for line in path.read_text().splitlines(True) if "Load-test" not in line))
    stack.clock.advance(minutes=5)
    cycle()
    stack.clock.advance(days=3)  # deadlines cross
    cycle()
    stack.clock.advance(minutes=5)
    cycle()
    # A person edits what pmsync pushed (the summary, a due date) on tickets whose document
    # did not change: flagged, and the plan stays as it was.
    stack.jira.human_update(keys[3], "acc-dave", summary="Page on-call on 5xx", duedate="2027-01-15")
    stack.clock.advance(minutes=5)
    cycle()
    stack.clock.advance(hours=1)
    cycle(full=True)  # the daily full pass
    stack.clock.advance(days=10)
    cycle()
    stack.clock.advance(minutes=5)
    cycle()
    stack.clock.advance(minutes=5)
    cycle()
    _time_passes(stack, cycle)


def _contents(stack: Stack) -> dict[str, list[tuple]]:
    """Every row of the compared tables, with the fake's address and the deployment's directory
    replaced (each stack has its own)."""
    assert stack.jira is not None
    conn = sqlite3.connect(stack.root / "state.db")
    try:
        found = {}
        for table, order in TABLES.items():
            cursor = conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
            names = [d[0] for d in cursor.description]
            found[table] = [
                tuple(
                    (name, _placed(value, stack) if isinstance(value, str) else value)
                    for name, value in zip(names, row, strict=True)
                    if (table, name) not in IGNORED
                )
                for row in cursor.fetchall()
            ]
        return found
    finally:
        conn.close()


def _placed(value: str, stack: Stack) -> str:
    assert stack.jira is not None
    return value.replace(stack.jira.url, "JIRA").replace(str(stack.root), "ROOT")


def test_incremental_cycles_hold_what_full_rereads_hold(tmp_path: Path) -> None:
    daemon = Stack(tmp_path / "daemon", smtp_port=2525)
    cron = Stack(tmp_path / "cron", smtp_port=2525)
    try:
        _escalating(daemon)
        _escalating(cron)
        engine = daemon.engine()  # one engine, as `pmsync run` keeps it

        def daemon_cycle(*, full: bool = False) -> None:
            report = engine.cycle(full=full)
            assert report.errors == [] and report.fatal == []

        def cron_cycle(*, full: bool = False) -> None:
            cron.restart()  # a new process: the ledger reopened, nothing remembered
            report = cron.engine().cycle(full=full)
            assert report.errors == [] and report.fatal == []

        _history(daemon, daemon_cycle)
        _history(cron, cron_cycle)
        incremental, full = _contents(daemon), _contents(cron)
        # The story did something worth comparing: flags raised and cleared, mail queued, an
        # item gone from its document.
        flags = [dict(row) for row in full["flags"]]
        assert {f["kind"] for f in flags} >= {"overdue", "demoted_priority", "removed_from_doc", "deadline_slipped"}
        assert any(f["cleared_at"] for f in flags)
        assert full["outbox"]
        assert any(dict(row)["in_doc"] == 0 for row in full["items"])
        for table in TABLES:
            assert incremental[table] == full[table], table
    finally:
        daemon.close()
        cron.close()
