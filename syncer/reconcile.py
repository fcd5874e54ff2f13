"""Rebuilding the ledger's ticket links from the trackers' markers (`pmsync reconcile`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from adapters.trackers.base import AuthError, TrackerError, item_hash
from syncer.engine import CycleReport, Engine
from syncer.settings import parse_target


@dataclass
class RebuildResult:
    found: int = 0
    linked: int = 0
    already: int = 0
    unknown: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    fatal: bool = False


def rebuild(engine: Engine) -> RebuildResult:
    """Link every ticket carrying a pmsync marker to the item it was made for.

    The documents give the items; a ticket names its item by the full key
    (GitHub body marker) or by the key's hash (Jira label). What the ticket
    says is taken as pushed, so any drift from the document shows up as flags,
    not as silent overwrites.
    """
    now = engine.clock()
    result = RebuildResult()
    prepared = engine.prepare(now, CycleReport(started_at=now))
    engine.record(prepared, now)
    ledger = engine.ledger
    idents = {row.ident for row in ledger.items()}
    by_hash = {item_hash(ident): ident for ident in idents}
    targets = sorted(set(engine.settings.targets()) | {t.ref.target for t in ledger.tickets().values()})
    for target in targets:
        tracker = engine.trackers.get(parse_target(target)[0])
        if tracker is None:
            continue
        try:
            states = tracker.list_managed(target)
        except AuthError as exc:
            result.errors.append(str(exc))
            result.fatal = True
            continue
        except TrackerError as exc:
            result.errors.append(str(exc))
            continue
        for state in states:
            result.found += 1
            ident = state.item_key if state.item_key in idents else by_hash.get(state.marker or "")
            if ident is None:
                result.unknown.append(f"{state.ref.target} {state.ref.key}")
                continue
            known = ledger.ticket(ident)
            if known is not None and known.ref.key == state.ref.key and known.ref.target == state.ref.target:
                result.already += 1
                continue
            spec = prepared.specs.get(ident)
            try:
                with ledger.transaction():
                    ledger.record_ticket(ident, state, pushed=spec.doc_fields() if spec else {}, now=now)
                    ledger.add_event("reconciled", now, ident, ticket=state.ref.key, target=state.ref.target)
            except sqlite3.IntegrityError as exc:  # a second ticket for a linked item: reported
                result.errors.append(f"{exc} (a duplicate to close by hand)")
                continue
            result.linked += 1
    return result
