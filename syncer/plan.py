"""Planning: every tracker action of a cycle is decided before any is executed (pure).

The document owns the commitment; the plan only ever pushes doc-owned fields
that changed since they were last pushed (DESIGN §6). Nothing here closes,
reopens or moves a ticket.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from syncer.model import TicketRef, TicketSpec

ActionKind = Literal["create", "recover", "adopt", "update", "removed", "unroutable", "conflict"]


@dataclass(frozen=True, slots=True)
class PlanInput:
    ident: str
    key: str
    spec: TicketSpec | None  # None when the item has left the document
    target: str | None  # routing target; None when routing gives none
    ticket: TicketRef | None = None  # the ticket the ledger has for the item
    pushed: Mapping[str, Any] | None = None  # doc-owned fields as last pushed
    intent: bool = False  # an unfinished create is on record
    doc_ref: TicketRef | None = None  # a ticket the document names for the item
    doc_ref_owner: str | None = None  # the item the ledger already tracks that ticket for
    was_in_doc: bool = True  # the ledger had the item in the document until now
    # the named ticket (or the adopted one on record) lies in a routed target or routing.adopt_from
    adoptable: bool = True
    team: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    ident: str
    key: str
    target: str | None
    spec: TicketSpec | None = None
    ref: TicketRef | None = None
    fields: tuple[str, ...] = ()
    note: str = ""


def changed_fields(spec: TicketSpec, pushed: Mapping[str, Any] | None) -> tuple[str, ...]:
    wanted = spec.doc_fields()
    pushed = pushed or {}
    return tuple(name for name, value in wanted.items() if pushed.get(name) != value)


def plan(inputs: Sequence[PlanInput]) -> list[Action]:
    actions: list[Action] = []
    for entry in inputs:
        action = _plan_one(entry)
        if action is not None:
            actions.append(action)
    return actions


def _plan_one(entry: PlanInput) -> Action | None:
    if entry.spec is None:
        if entry.intent and entry.ticket is None:
            # left the doc mid-create: find out whether the ticket exists (no create)
            return Action("recover", entry.ident, entry.key, entry.target)
        if entry.was_in_doc:
            return Action("removed", entry.ident, entry.key, entry.target, ref=entry.ticket)
        return None
    if entry.ticket is not None:
        fields = changed_fields(entry.spec, entry.pushed)
        if not fields:
            return None
        if not entry.adoptable:
            return _outside(entry, entry.ticket)
        return Action(
            "update", entry.ident, entry.key, entry.ticket.target, entry.spec, entry.ticket, fields
        )
    if entry.intent:
        return Action("recover", entry.ident, entry.key, entry.target, entry.spec)
    if entry.doc_ref is not None:
        if not entry.adoptable:
            return _outside(entry, entry.doc_ref)
        if entry.doc_ref_owner is not None and entry.doc_ref_owner != entry.ident:
            return Action(
                "conflict",
                entry.ident,
                entry.key,
                entry.doc_ref.target,
                entry.spec,
                entry.doc_ref,
                note=(
                    f"{entry.doc_ref.key} is already tracked for item {entry.doc_ref_owner}; "
                    "name it in one item only"
                ),
            )
        return Action("adopt", entry.ident, entry.key, entry.doc_ref.target, entry.spec, entry.doc_ref)
    if entry.target is None:
        team = f"team {entry.team!r}" if entry.team else "items without a team"
        return Action(
            "unroutable",
            entry.ident,
            entry.key,
            None,
            entry.spec,
            note=f"no routing target for {team}: set routing.teams or routing.default",
        )
    return Action("create", entry.ident, entry.key, entry.target, entry.spec)


def _outside(entry: PlanInput, ref: TicketRef) -> Action:
    """A ticket the document names outside the targets pmsync writes to: a finding, not a write."""
    return Action(
        "conflict",
        entry.ident,
        entry.key,
        ref.target,
        entry.spec,
        ref,
        note=(
            f"the document names {ref.target} {ref.key}, outside the routed targets: pmsync does "
            f"not write to it (list {ref.target} in routing.adopt_from to allow adopting its tickets)"
        ),
    )
