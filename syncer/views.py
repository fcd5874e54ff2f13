"""Read models over the ledger: what `status`, the dashboard and the digests show."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from syncer.acceptance import Acceptance, Leads
from syncer.model import TicketState, priority_rank
from syncer.policy import ItemHistory, days_overdue, lifecycle, overdue_changes
from syncer.settings import Settings, email_address
from syncer.state import FlagRow, ItemRow, Ledger


@dataclass(frozen=True, slots=True)
class ItemView:
    ident: str
    key: str
    postmortem: str
    postmortem_title: str
    text: str
    owner: str | None
    team: str | None
    priority: str | None
    due: date | None
    verify: str | None
    in_doc: bool
    ticket: TicketState | None
    ticket_url: str | None
    lifecycle: str
    flags: tuple[FlagRow, ...]
    days_overdue: int
    last_error: str | None
    verified_at: datetime | None  # when the ticket was closed, for verified items
    target: str | None = None  # where its ticket lives, else where it is routed
    accepted: Acceptance | None = None  # a lead's accepted "won't do"
    due_from_slo: bool = False  # the document names no deadline: `due` is the SLO's


def owner_accounts(settings: Settings, owner: str | None) -> frozenset[str]:
    found = settings.person(owner)
    if found is None:
        return frozenset()
    return frozenset(a for a in (found[1].jira, found[1].github) if a)


# (settings, (team, owner) -> leads) for the settings in use: every item of a team has the same
# leads, and a reload brings a new Settings object, which starts a new memo.
_leads_memo: tuple[Settings | None, dict[tuple[str | None, str | None], Leads]] = (None, {})


def team_leads(settings: Settings, team: str | None, owner: str | None) -> Leads:
    """The team's leads and escalation contacts: their addresses, their handles and tracker
    accounts where [people] knows them."""
    global _leads_memo
    if _leads_memo[0] is not settings:
        _leads_memo = (settings, {})
    memo = _leads_memo[1]
    found = memo.get((team, owner))
    if found is None:
        found = memo[(team, owner)] = _team_leads(settings, team, owner)
    return found


def _team_leads(settings: Settings, team: str | None, owner: str | None) -> Leads:
    config = settings.teams.get(team) if team else None
    if config is None:
        return Leads()
    addresses = {email_address(a) for a in (*config.leads, *config.escalation)}
    names = set(addresses)
    accounts: set[str] = set()
    for handle, person in settings.people.items():
        if person.email and email_address(person.email) in addresses:
            names.add(handle.lstrip("@").casefold())
            accounts.update(a.casefold() for a in (person.jira, person.github) if a)
    return Leads(frozenset(names), frozenset(accounts), owner_accounts(settings, owner))


ADOPTED_KEY = "adopted."


def adoption_baseline(state: TicketState) -> dict[str, str | None]:
    """The fields of an adopted ticket that pmsync did not set, as they were at adoption."""
    return {
        "due": state.due.isoformat() if state.due else None,
        "assignee": state.assignee,
        "priority": state.priority,
    }


def adoption_baselines(ledger: Ledger) -> dict[str, dict[str, str | None]]:
    return {ident: json.loads(value) for ident, value in ledger.with_prefix(ADOPTED_KEY).items()}


def with_adoption(history: ItemHistory, row: ItemRow, baseline: Mapping[str, str | None] | None) -> ItemHistory:
    """An adopted ticket's commitment is what the document says merged with what the ticket
    held at adoption: where the document names no due date, priority or owner, the ticket's
    own is the commitment (for flags only: pmsync never writes it back)."""
    if baseline is None:
        return history
    due, priority, assignee = baseline.get("due"), baseline.get("priority"), baseline.get("assignee")
    return replace(
        history,
        adopted=baseline,
        committed_due=date.fromisoformat(due) if row.due is None and due else history.committed_due,
        committed_priority=(
            priority if row.priority is None and priority_rank(priority) is not None else history.committed_priority
        ),
        owner_accounts=frozenset({assignee}) if row.owner is None and assignee else history.owner_accounts,
    )


CLOSED_BY_PMSYNC = "closed_by_pmsync."


def closed_by_pmsync(ledger: Ledger) -> set[str]:
    """Items whose ticket pmsync closed itself (done in the document): no verification."""
    return set(ledger.with_prefix(CLOSED_BY_PMSYNC))


_ACCEPTED = "accepted."


def record_acceptances(ledger: Ledger, decisions: Mapping[str, Acceptance | None], now: datetime) -> None:
    """Keep each item's accepted "won't do" (kv `accepted.<ident>`) and its history events."""
    known = ledger.with_prefix(_ACCEPTED)  # one read, not one per item
    for ident, found in decisions.items():
        key = f"{_ACCEPTED}{ident}"
        before = known.get(ident)
        if found is None:
            if before is not None:
                ledger.conn.execute("DELETE FROM kv WHERE key = ?", (key,))
                ledger.add_event("acceptance_withdrawn", now, ident)
            continue
        value = json.dumps({"by": found.by, "reason": found.reason, "where": found.where})
        if value != before:
            ledger.set(key, value)
            ledger.add_event("accepted", now, ident, by=found.by, reason=found.reason, where=found.where)


def acceptances(ledger: Ledger) -> dict[str, Acceptance]:
    return {ident: Acceptance(**json.loads(value)) for ident, value in ledger.with_prefix(_ACCEPTED).items()}


def history_of(settings: Settings, row: ItemRow, was_in_sprint: bool = False) -> ItemHistory:
    accounts = owner_accounts(settings, row.owner)
    return ItemHistory(
        committed_due=row.committed_due,
        committed_priority=row.committed_priority,
        owner_accounts=accounts,
        in_doc=row.in_doc,
        was_in_sprint=was_in_sprint,
        item_key=row.key,
        leads=team_leads(settings, row.team, row.owner),
        slo_due=row.slo_due,
    )


def item_views(settings: Settings, ledger: Ledger, today: date) -> list[ItemView]:
    tickets = ledger.tickets()
    titles = {row["id"]: row["title"] for row in ledger.postmortems()}
    flags: dict[str, list[FlagRow]] = {}
    for flag in ledger.standing_flags():
        flags.setdefault(flag.ident, []).append(flag)
    decided = acceptances(ledger)
    self_closed = closed_by_pmsync(ledger)
    adoptions = adoption_baselines(ledger)
    global _views_memo
    if _views_memo[0] is not settings:
        _views_memo = (settings, {})
    before, memo = _views_memo[1], {}
    views = []
    for row in ledger.items():
        ticket = tickets.get(row.ident)
        inputs = (tuple(flags.get(row.ident, ())), decided.get(row.ident), row.ident in self_closed,
                  titles.get(row.postmortem_id), adoptions.get(row.ident))
        known = before.get(row.ident)
        if (
            known is not None and known[0] is row and known[1] is ticket and known[2] == inputs
            and known[4] <= today and (known[5] is None or today < known[5])
        ):
            memo[row.ident] = known
            views.append(known[3])
            continue
        state = ticket.state if ticket else None
        history = replace(history_of(settings, row, bool(ticket and ticket.was_in_sprint)),
                          closed_by_pmsync=row.ident in self_closed)
        history = with_adoption(history, row, adoptions.get(row.ident))
        if state is not None:
            phase = lifecycle(None, state, history, settings.policy)
        else:
            phase = ("done_awaiting_verification" if row.done else "pending") if row.in_doc else "removed"
        if row.ident in decided and row.in_doc:
            phase = "not_doing"  # a lead accepted it will not be done (document or tracker)
        open_phase = phase in ("pending", "open", "in_progress")
        view = ItemView(
            ident=row.ident,
            key=row.key,
            postmortem=row.postmortem_id,
            postmortem_title=titles.get(row.postmortem_id, row.postmortem_id),
            text=row.text,
            owner=row.owner,
            team=row.team,
            priority=history.committed_priority,
            due=history.committed_due,
            due_from_slo=row.due is None and row.committed_due is not None
            and not (history.adopted or {}).get("due"),  # an adopted ticket's own date is no SLO
            verify=row.verify,
            in_doc=row.in_doc,
            ticket=state,
            ticket_url=(state.ref.url if state else None) or (ticket.ref.url if ticket else None),
            lifecycle=phase,
            flags=tuple(sorted(flags.get(row.ident, ()), key=lambda f: (f.raised_at, f.kind))),
            days_overdue=days_overdue(history, today) if open_phase else 0,
            last_error=row.last_error,
            verified_at=state.closed_at if state and phase == "verified" else None,
            target=ticket.ref.target if ticket else row.target,
            accepted=decided.get(row.ident),
        )
        # Only `days_overdue` depends on the day, and only while the item is open.
        until = overdue_changes(history, today) if open_phase else None
        memo[row.ident] = (row, ticket, inputs, view, today, until)
        views.append(view)
    _views_memo = (settings, memo)
    return views


# A view is the same while its item's ledger rows (the ledger hands out the same decoded row
# while it is unchanged), flags, acceptance and title are, for one settings object, from the
# day it was made until the day its days overdue change:
# (settings, ident -> (row, ticket, other inputs, view, made on, valid before)).
_views_memo: tuple[Settings | None, dict[str, tuple[Any, ...]]] = (None, {})


def postmortem_flags(ledger: Ledger) -> dict[str, list[FlagRow]]:
    """Flags raised on whole postmortems (repeat incidents), keyed by postmortem id."""
    ids = {row["id"] for row in ledger.postmortems()}
    found: dict[str, list[FlagRow]] = {}
    for flag in ledger.standing_flags():
        if flag.ident in ids:
            found.setdefault(flag.ident, []).append(flag)
    return found


def view_json(view: ItemView) -> dict[str, object]:
    t = view.ticket
    return {
        "key": view.key,
        "postmortem": view.postmortem,
        "text": view.text,
        "owner": view.owner,
        "team": view.team,
        "priority": view.priority,
        "due": view.due.isoformat() if view.due else None,
        "deadline_source": None if view.due is None else "slo" if view.due_from_slo else "document",
        "ticket": (
            {
                "tracker": t.ref.tracker,
                "key": t.ref.key,
                "url": view.ticket_url,
                "status": t.status,
                "category": t.category.value,
            }
            if t
            else None
        ),
        "lifecycle": view.lifecycle,
        "days_overdue": view.days_overdue,
        "flags": [
            {"kind": f.kind, "since": f.raised_at.isoformat(), "details": f.details}
            for f in view.flags
        ],
        "error": view.last_error,
        "accepted": (
            {"by": view.accepted.by, "reason": view.accepted.reason, "where": view.accepted.where}
            if view.accepted
            else None
        ),
    }


def health(ledger: Ledger) -> dict[str, object]:
    runs = ledger.last_runs(50)
    last_ok = next((r for r in runs if r["ok"]), None)
    last = runs[0] if runs else None
    failures = 0
    for r in runs:
        if r["ok"]:
            break
        if r["finished_at"]:
            failures += 1
    outbox = ledger.conn.execute(
        """SELECT COUNT(*) FILTER (WHERE sent_at IS NULL) AS pending,
                  COUNT(*) FILTER (WHERE sent_at IS NULL AND attempts > 0) AS failing,
                  COUNT(*) FILTER (WHERE sent_at IS NOT NULL) AS sent
           FROM outbox"""
    ).fetchone()
    return {
        "last_cycle": last["started_at"] if last else None,
        "last_success": last_ok["finished_at"] if last_ok else None,
        "last_summary": json.loads(last["summary"]) if last else None,
        "consecutive_failures": failures,
        "next_cycle": ledger.get("daemon.next_cycle"),
        "outbox": {"pending": outbox["pending"], "failing": outbox["failing"], "sent": outbox["sent"]},
    }


def filter_views(
    views: Sequence[ItemView],
    *,
    team: str | None = None,
    flagged: bool = False,
    postmortem: str | None = None,
) -> list[ItemView]:
    return [
        v
        for v in views
        if (team is None or (v.team or "").casefold() == team.casefold())
        and (not flagged or v.flags)
        and (postmortem is None or v.postmortem == postmortem)
    ]
