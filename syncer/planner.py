"""Planning a cycle's tracker actions for the documents' items (DESIGN §6).

An item with a ticket whose plan was to do nothing is planned again only once its document
entry (its Resolved) or its ticket row is another object, i.e. changed: a plan is a pure
function of both and of the settings, so an idle cycle plans nothing. Items are planned in
batches, so what was pushed to every ticket (the descriptions) is never in memory at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from adapters.trackers.base import Tracker
from syncer.model import ActionItem, Postmortem, TicketRef, TicketSpec
from syncer.plan import Action, PlanInput, plan
from syncer.render import ticket_spec
from syncer.row_cache import batches
from syncer.settings import Settings, parse_target
from syncer.state import IntentRow, ItemRow, Ledger, TicketRow

_BARE_NUMBER = re.compile(r"#\s*\d+")


@dataclass(frozen=True, slots=True)
class Resolved:
    """An item of the documents with everything the cycle derives for it."""

    ident: str
    item: ActionItem
    pm: Postmortem
    team: str | None
    target: str | None
    committed_due: date | None
    committed_priority: str | None
    slo_due: date | None = None


@dataclass(frozen=True, slots=True)
class Planned:
    actions: list[Action]
    specs: dict[str, TicketSpec]  # what the ticket of each item planned without one should say
    assignees: dict[str, str | None]  # the assignee of every item with a ticket spec


class Planner:
    def __init__(self, settings: Settings, ledger: Ledger, trackers: Mapping[str, Tracker]) -> None:
        self.settings = settings
        self.ledger = ledger
        self.trackers = trackers
        # ident -> (its Resolved, its ticket row, the assignee its spec names) of an item with a
        # ticket that the last plan left alone
        self._settled: dict[str, tuple[Resolved, TicketRow, str | None]] = {}

    def forget(self) -> None:
        self._settled = {}

    def plan(
        self, resolved: Sequence[Resolved], removed: Sequence[ItemRow], tickets: Mapping[str, TicketRow]
    ) -> Planned:
        intents = self.ledger.intents()
        owners = {(t.ref.target, t.ref.key): ident for ident, t in tickets.items()}
        done = Planned([], {}, {})
        settled: dict[str, tuple[Resolved, TicketRow, str | None]] = {}
        todo: list[tuple[Resolved, TicketRow | None, IntentRow | None]] = []
        for r in resolved:
            ticket, intent = tickets.get(r.ident), intents.get(r.ident)
            before = self._settled.get(r.ident)
            if before is not None and before[0] is r and before[1] is ticket and intent is None:
                settled[r.ident] = before
                done.assignees[r.ident] = before[2]
            else:
                todo.append((r, ticket, intent))
        for batch in batches(todo):
            pushed = self.ledger.pushed([r.ident for r, ticket, _ in batch if ticket is not None])
            entries = [(r, ticket, self._input(r, ticket, intent, pushed.get(r.ident), owners)) for r, ticket, intent in batch]
            actions = plan([entry for _, _, entry in entries if entry is not None])
            done.actions.extend(actions)
            acting = {a.ident for a in actions}
            for r, ticket, entry in entries:
                if entry is None or entry.spec is None:
                    continue
                done.assignees[r.ident] = entry.spec.assignee
                if ticket is None:
                    done.specs[r.ident] = entry.spec
                elif not entry.intent and r.ident not in acting:
                    settled[r.ident] = (r, ticket, entry.spec.assignee)
        self._settled = settled
        done.actions.extend(
            plan([self._removed(row, tickets.get(row.ident), intents.get(row.ident)) for row in removed])
        )
        return done

    def _input(
        self,
        r: Resolved,
        ticket: TicketRow | None,
        intent: IntentRow | None,
        pushed: Mapping[str, object] | None,
        owners: Mapping[tuple[str, str], str],
    ) -> PlanInput | None:
        if r.item.done and ticket is None and intent is None and self.settings.policy.done_in_doc == "none":
            return None  # ticked in the document before it had a ticket: nothing to track
        # An unfinished create is looked for where it was sent, whatever routing says now.
        target = ticket.ref.target if ticket else intent.target if intent else r.target
        doc_ref = self._doc_ref(r) if ticket is None else None
        spec = ticket_spec(
            r.item,
            r.pm,
            r.ident,
            committed_due=r.committed_due,
            committed_priority=r.committed_priority,
            assignee=self.assignee(r.item.owner, target),
            team=r.team,
        )
        return PlanInput(
            ident=r.ident,
            key=r.item.key,
            spec=spec,
            target=target,
            ticket=ticket.ref if ticket else None,
            pushed=pushed if ticket else None,
            intent=intent is not None,
            doc_ref=doc_ref,
            doc_ref_owner=owners.get((doc_ref.target, doc_ref.key)) if doc_ref else None,
            team=r.team,
            adoptable=self._may_write(ticket, doc_ref),
        )

    @staticmethod
    def _removed(row: ItemRow, ticket: TicketRow | None, intent: IntentRow | None) -> PlanInput:
        return PlanInput(
            ident=row.ident,
            key=row.key,
            spec=None,
            target=ticket.ref.target if ticket else intent.target if intent else None,
            ticket=ticket.ref if ticket else None,
            intent=intent is not None,
        )

    def assignee(self, owner: str | None, target: str | None) -> str | None:
        found = self.settings.person(owner)
        if found is None or target is None:
            return None
        tracker, _ = parse_target(target)
        return getattr(found[1], tracker, None)

    def _may_write(self, ticket: TicketRow | None, doc_ref: TicketRef | None) -> bool:
        """Adopted tickets and tickets a document names stay inside the routed targets and
        routing.adopt_from; tickets pmsync created itself are always its own to update."""
        if ticket is not None:
            return not ticket.adopted or self.settings.may_adopt(ticket.ref.target)
        return doc_ref is None or self.settings.may_adopt(doc_ref.target)

    def _doc_ref(self, r: Resolved) -> TicketRef | None:
        # A bare "#12" is a list number, a step or a channel as often as an issue: it never
        # names a ticket to take over (the repository, the key or the link must be written).
        if not r.item.ref or r.target is None or _BARE_NUMBER.fullmatch(r.item.ref.strip()):
            return None
        tracker = self.trackers.get(parse_target(r.target)[0])
        return tracker.resolve_ref(r.target, r.item.ref) if tracker else None
