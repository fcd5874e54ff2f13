"""The starting point: what pmsync finds on its first look at an existing backlog.

A team that points pmsync at years of postmortems must not be flooded on day one. Flags that
stand when the baseline is taken (items already overdue, demoted, closed as not done) are the
backlog, not news: they go into one onboarding summary per team lead and one to ops
(`policy.escalate_backlog = "summary"`), into nothing (`"never"`), or down the ladder like any
new flag (`"ladder"`). From then on the ladder runs on changes and on new deadlines.

The baseline is complete after the first cycle in which every tracker could be read; until
then every standing flag joins it, because pmsync cannot yet tell the backlog from news.

Ledger bookkeeping (kv):
- `baseline.taken`: when the baseline was completed.
- `baseline.flag.<flag id>`: a flag that belongs to the baseline (removed once it clears).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from syncer.state import Ledger

_TAKEN = "baseline.taken"
_FLAG = "baseline.flag."


def taken(ledger: Ledger) -> bool:
    return ledger.get(_TAKEN) is not None


def predates(ledger: Ledger) -> bool:
    """The ledger has told people about flags before baselines existed: nothing is backlog."""
    row = ledger.conn.execute(
        """SELECT EXISTS(SELECT 1 FROM flags WHERE notified_at IS NOT NULL)
               OR EXISTS(SELECT 1 FROM outbox WHERE kind IN ('cycle', 'digest'))"""
    ).fetchone()
    return bool(row[0])


def finish(ledger: Ledger, now: datetime) -> None:
    ledger.set(_TAKEN, now.isoformat())


def flags(ledger: Ledger) -> set[int]:
    return {int(flag_id) for flag_id in ledger.with_prefix(_FLAG)}


def add(ledger: Ledger, flag_ids: Iterable[int], now: datetime) -> None:
    for flag_id in flag_ids:
        ledger.set(f"{_FLAG}{flag_id}", now.isoformat())


def forget(ledger: Ledger, flag_ids: Iterable[int]) -> None:
    """Cleared flags leave the baseline: if raised again, that is news."""
    ledger.conn.executemany("DELETE FROM kv WHERE key = ?", [(f"{_FLAG}{i}",) for i in flag_ids])

