"""Closing tickets for items ticked done in the document, until the close has happened.

pmsync creates such a ticket and then closes it (two tracker calls). The wish to close is
written with the create's intent, before the POST, and dropped only once the ticket is seen
closed: a close that failed, or a crash between the two calls, is tried again next cycle
instead of leaving an open ticket that would turn overdue.
"""

from __future__ import annotations

from syncer.state import Ledger

CLOSE_PENDING = "close_pending."


def want_closed(ledger: Ledger, ident: str) -> None:
    """Inside the caller's transaction: this item's new ticket is to be closed."""
    ledger.conn.execute(
        "INSERT INTO kv(key, value) VALUES (?, '1') ON CONFLICT(key) DO NOTHING", (f"{CLOSE_PENDING}{ident}",)
    )


def closed(ledger: Ledger, ident: str) -> None:
    """Inside the caller's transaction: nothing is left to close for this item."""
    ledger.conn.execute("DELETE FROM kv WHERE key = ?", (f"{CLOSE_PENDING}{ident}",))


def pending_closes(ledger: Ledger) -> list[str]:
    return list(ledger.with_prefix(CLOSE_PENDING))
