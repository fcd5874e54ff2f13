"""`pmsync sync [--dry-run] [--json]`: one full cycle."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from typing import Any

from syncer.app import (
    build_chat,
    build_engine,
    build_mailer,
    build_trackers,
    command_log,
    delivers_mail,
    ledger_or_exit,
    load_or_exit,
    state_path_exists,
    utc_now,
)
from syncer.cli import EXIT_FINDINGS, EXIT_OK, EXIT_TRACKER_DOWN, EXIT_USAGE
from syncer.commands.report import write_report
from syncer.engine import TICKET_FIELD_REFUSED, CycleReport, ItemError
from syncer.followthrough import BEYOND_SLO
from syncer.plan import Action
from syncer.progress import Progress, live_line
from syncer.state import Ledger
from syncer.terminal import wrap
from syncer.wording import ticket_label


def run(args: argparse.Namespace) -> int:
    settings = load_or_exit(args.config)
    if args.dry_run and not state_path_exists(settings):
        # A dry run writes nothing: a missing ledger is simulated in memory.
        ledger = Ledger.open(":memory:", write=False)
    else:
        # An existing ledger is read without the writer lock on a dry run.
        ledger = ledger_or_exit(settings, write=not args.dry_run)
    with ledger, ExitStack() as stack:
        # a live line on a terminal; `progress` log lines every so often otherwise
        live = not args.dry_run and sys.stderr.isatty()
        update = stack.enter_context(live_line(sys.stderr)) if live else None
        log = command_log(settings, "pmsync.sync")  # inside: log lines print above the live line
        progress = Progress(
            on_update=update, on_emit=None if live else lambda snap: log("progress", **snap.fields())
        )
        trackers = build_trackers(settings, ledger, sleep=progress.sleep)
        engine = build_engine(settings, ledger, trackers=trackers, log=log, progress=progress)
        report = engine.cycle(dry_run=args.dry_run)
        if not args.dry_run and engine.notifier is not None and delivers_mail(settings):
            delivery = engine.notifier.deliver(ledger, build_mailer(settings), utc_now(), chat=build_chat(settings))
            report.done["mail_sent"] = delivery.sent
            if not delivery.ok:
                report.errors.extend(
                    ItemError("mail", None, error) for error in delivery.errors
                )
        if not args.dry_run and settings.daemon.report_html is not None:
            # as the daemon does after each cycle: the timer-driven mode keeps the dashboard too
            try:
                write_report(settings, ledger, settings.daemon.report_html, utc_now())
            except OSError as exc:
                report.errors.append(ItemError("dashboard", None, f"{settings.daemon.report_html}: {exc.strerror}"))
    if args.json:
        print(json.dumps(report_json(report, dry_run=args.dry_run), indent=2))
    else:
        print_report(report, dry_run=args.dry_run)
    if report.fatal:
        return EXIT_USAGE
    if report.not_synced:
        return EXIT_TRACKER_DOWN
    return EXIT_OK if report.ok else EXIT_FINDINGS


def action_json(action: Action) -> dict[str, Any]:
    spec = action.spec
    return {
        "action": action.kind,
        "item": action.key,
        "target": action.target,
        "ticket": action.ref.key if action.ref else None,
        "summary": spec.summary if spec else None,
        "priority": spec.priority if spec else None,
        "owner": spec.owner if spec else None,
        "assignee": spec.assignee if spec else None,
        "due": spec.due.isoformat() if spec and spec.due else None,
        "fields": list(action.fields),
        "note": action.note or None,
    }


def report_json(report: CycleReport, *, dry_run: bool) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "plan": [action_json(a) for a in report.actions],
        "summary": report.summary(),
        "errors": [{"item": e.key, "target": e.target, "message": e.message} for e in report.errors],
        "fatal": list(report.fatal),
        "down": dict(report.down),
        "not_synced": dict(report.not_synced),
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "path": f.path,
                "line": f.line,
                "item": f.item,
                "message": f.message,
            }
            for f in report.findings
            if f.severity == "error" or f.rule in (TICKET_FIELD_REFUSED, BEYOND_SLO)
        ],
    }


def print_report(report: CycleReport, *, dry_run: bool) -> None:
    out = sys.stdout

    def say(line: str, indent: str = "  ") -> None:
        print(wrap(line, indent=indent, hang="        "), file=out)

    verb = "would" if dry_run else "will"
    if not report.actions:
        print(f"{report.items} items in {report.documents} documents: nothing to change.", file=out)
    else:
        print(f"{report.items} items in {report.documents} documents; pmsync {verb}:", file=out)
    for a in report.actions:
        spec = a.spec
        if a.kind in ("create", "recover") and spec is not None:
            if spec.owner is None:
                who = "none (unassigned)"
            elif spec.assignee:
                who = f"@{spec.owner} ({a.target.split(':', 1)[0] if a.target else ''} {spec.assignee})"
            else:
                who = f"@{spec.owner} (no tracker account: unassigned)"
            due = spec.due.isoformat() if spec.due else "-"
            say(f"create  {a.target:<22} [{spec.priority or '-'}] {spec.summary}")
            say(f"item {a.key}  owner {who}  due {due}", indent="          ")
        elif a.kind == "adopt" and a.ref is not None:
            say(f"adopt   {a.target:<22} {ticket_label(a.ref)} for item {a.key}")
        elif a.kind == "update" and a.ref is not None:
            say(f"update  {a.target:<22} {ticket_label(a.ref)} ({', '.join(a.fields)}) for item {a.key}")
        elif a.kind == "removed":
            where = f" (ticket {ticket_label(a.ref)} stays open)" if a.ref else ""
            say(f"removed {a.key} left its postmortem{where}")
        elif a.kind in ("unroutable", "conflict"):
            say(f"skip    {a.key}: {a.note}")
        elif a.kind == "recover":
            say(f"settle  {a.key} left its postmortem during a create: look for the ticket")
    if report.actions:
        counts: dict[str, int] = {}
        for a in report.actions:
            counts[a.kind] = counts.get(a.kind, 0) + 1
        print(f"{verb} {', '.join(f'{k} {v}' for k, v in counts.items())}", file=out)
    errors = [f for f in report.findings if f.severity == "error"]
    if errors:
        print(f"{len(errors)} document error(s) (run `pmsync lint` for details)", file=out)
    beyond = sum(f.rule == BEYOND_SLO for f in report.findings)
    if beyond:
        print(f"{beyond} item(s) with a deadline beyond the objective for their priority "
              "(`pmsync report --csv`: beyond_slo)", file=out)
    if not dry_run:
        s = report.summary()
        done = ", ".join(f"{k} {v}" for k, v in sorted(report.done.items())) or "no writes"
        print(f"done: {done}; polled {s['polled']}, changed {s['changed']}", file=out)
        for f in report.findings:
            if f.rule == TICKET_FIELD_REFUSED:
                print(f"note: {f.item}: {f.message}", file=out)
        if report.not_synced:
            why = "; ".join(f"{name}: {cause}" for name, cause in sorted(report.down.items()))
            where = ", ".join(f"{t} {n}" for t, n in sorted(report.not_synced.items()))
            print(
                f"NOT SYNCED: {s['not_synced']} item(s) ({where}) left for the next cycle: {why}",
                file=out,
            )
    for e in report.errors:
        if e.target and e.target.split(":", 1)[0] in report.down:
            continue  # said once above, not once per item
        print(wrap(f"error: {e.key} ({e.target or 'no target'}): {e.message}"), file=sys.stderr)
    for fatal in report.fatal:
        print(f"fatal: {fatal}", file=sys.stderr)
