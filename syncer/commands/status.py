"""`pmsync status [--json] [--team T] [--flagged] [--postmortem ID]`: the ledger's view.

One notation everywhere: tickets as PAY-12 / acme/web#1, states in words, times in the
policy's zone, lines wrapped to the terminal."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from syncer.app import ledger_or_exit, load_or_exit, utc_now
from syncer.cli import EXIT_OK
from syncer.policy import local_today
from syncer.render import flag_label
from syncer.terminal import wrap
from syncer.views import ItemView, filter_views, health, item_views, postmortem_flags, view_json
from syncer.wording import lifecycle_words, local_time, ticket_label

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
    zone = settings.policy.timezone
    print_items(views, zone)
    for pm, flags in sorted(pm_flags.items()):
        for f in flags:
            print(wrap(f"postmortem {pm}: {flag_label(f.kind)}: {f.details}"))
    print_health(state, zone)
    return EXIT_OK


def _since(value: str | None, zone: str, missing: str) -> str:
    return local_time(datetime.fromisoformat(value), zone) if value else missing


def print_items(views: list[ItemView], zone: str) -> None:
    for v in views:
        ticket = ticket_label(v.ticket.ref) if v.ticket else "none yet"
        state = lifecycle_words(v.lifecycle)
        if v.days_overdue:
            state += f", {v.days_overdue} day{'' if v.days_overdue == 1 else 's'} late"
        print(wrap(f"{v.key}: {state}"))
        print(wrap(v.text, indent="    "))
        due = v.due.isoformat() if v.due else "none"
        print(wrap(f"owner {v.owner or 'none'} · due {due} · priority {v.priority or '-'} · ticket {ticket}", indent="    "))
        for f in v.flags:
            print(wrap(f"flag: {flag_label(f.kind)}: {f.details} (flagged {local_time(f.raised_at, zone)})",
                       indent="    "))
        if v.last_error:
            print(wrap(f"error: {v.last_error}", indent="    "))
    print(f"{len(views)} items, {sum(1 for v in views if v.flags)} flagged")


def print_health(state: dict, zone: str) -> None:
    outbox = state["outbox"]
    print(wrap(
        f"last cycle: {_since(state['last_cycle'], zone, 'never')}; "
        f"last success: {_since(state['last_success'], zone, 'never')}; "
        f"next: {_since(state['next_cycle'], zone, 'not scheduled')}; "
        f"consecutive failures: {state['consecutive_failures']}"
    ))
    print(f"outbox: {outbox['pending']} pending ({outbox['failing']} failing), {outbox['sent']} sent")
