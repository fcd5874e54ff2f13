"""`pmsync status [--json] [--team T] [--flagged] [--postmortem ID]`: the ledger's view."""

from __future__ import annotations

import argparse
import json

from syncer.app import ledger_or_exit, load_or_exit, utc_now
from syncer.cli import EXIT_OK
from syncer.policy import local_today
from syncer.views import ItemView, filter_views, health, item_views, postmortem_flags, view_json

SCHEMA_VERSION = 1


def run(args: argparse.Namespace) -> int:
    settings = load_or_exit(args.config, require_secrets=False)
    ledger = ledger_or_exit(settings, write=False, existing=True)
    with ledger:
        now = utc_now()
        every = item_views(settings, ledger, local_today(now, settings.policy.timezone))
        views = filter_views(every, team=args.team, flagged=args.flagged, postmortem=args.postmortem)
        state = health(ledger)
        pm_flags = postmortem_flags(ledger)
    if args.team is not None or args.postmortem is not None:
        # A postmortem's own flags belong to the scope its items are filtered to.
        scope = {v.postmortem for v in filter_views(every, team=args.team, postmortem=args.postmortem)}
        pm_flags = {pm: flags for pm, flags in pm_flags.items() if pm in scope}
    if args.json:
        print(
            json.dumps(
                {
                    "schema": SCHEMA_VERSION,
                    "generated_at": now.isoformat(),
                    "health": state,
                    "items": [view_json(v) for v in views],
                    "postmortems": [
                        {
                            "id": pm,
                            "flags": [
                                {"kind": f.kind, "since": f.raised_at.isoformat(), "details": f.details}
                                for f in flags
                            ],
                        }
                        for pm, flags in sorted(pm_flags.items())
                    ],
                },
                indent=2,
            )
        )
        return EXIT_OK
    print_table(views)
    for pm, flags in sorted(pm_flags.items()):
        for f in flags:
            print(f"postmortem {pm}: {f.kind}: {f.details}")
    print_health(state)
    return EXIT_OK


def _cell(text: str | None, width: int) -> str:
    text = (text or "-").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _ticket_label(view: ItemView) -> str:
    """`PAY-12`, or `owner/repo#42`: a bare issue number says nothing next to Jira keys."""
    if view.ticket is None:
        return "-"
    ref = view.ticket.ref
    return f"{ref.target.split(':', 1)[-1]}#{ref.key}" if ref.tracker == "github" else ref.key


def print_table(views: list[ItemView]) -> None:
    header = f"{'ITEM':<22} {'OWNER':<10} {'DUE':<10} {'TICKET':<18} {'STATE':<26} {'LATE':>4}  FLAGS"
    print(header)
    for v in views:
        ticket = _ticket_label(v)
        late = str(v.days_overdue) if v.days_overdue else ""
        flags = ", ".join(f.kind for f in v.flags)
        print(
            f"{_cell(v.key, 22):<22} {_cell(v.owner, 10):<10} "
            f"{v.due.isoformat() if v.due else '-':<10} {_cell(ticket, 18):<18} "
            f"{_cell(v.lifecycle, 26):<26} {late:>4}  {flags}"
        )
        print(f"  {_cell(v.text, 100)}")
        if v.last_error:
            print(f"  error: {_cell(v.last_error, 200)}")
    print(f"{len(views)} items, {sum(1 for v in views if v.flags)} flagged")


def print_health(state: dict) -> None:
    outbox = state["outbox"]
    print(
        f"last cycle: {state['last_cycle'] or 'never'}; last success: {state['last_success'] or 'never'}; "
        f"next: {state['next_cycle'] or 'not scheduled'}; consecutive failures: {state['consecutive_failures']}"
    )
    print(f"outbox: {outbox['pending']} pending ({outbox['failing']} failing), {outbox['sent']} sent")
