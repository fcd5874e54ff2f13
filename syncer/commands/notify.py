"""`pmsync notify --preview [--to ADDRESS]` / `pmsync notify --send`: escalation mail by hand.

--preview prints what would be sent now (the mail the standing flags call for, plus the
outbox's due messages) without writing anything; --send delivers the outbox once.
"""

from __future__ import annotations

import argparse
import sys
from email.message import EmailMessage

from syncer.app import (
    build_chat,
    build_mailer,
    delivers_mail,
    ledger_or_exit,
    load_or_exit,
    notifies,
    utc_now,
)
from syncer.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from syncer.notify import Notifier


def run(args: argparse.Namespace) -> int:
    settings = load_or_exit(args.config, require_secrets=not args.preview)
    if not notifies(settings):
        print("pmsync: notify needs a channel in the configuration: [smtp], [slack] or [msteams]", file=sys.stderr)
        return EXIT_USAGE
    if args.to and not args.preview:
        print("pmsync: --to goes with --preview", file=sys.stderr)
        return EXIT_USAGE
    if args.send and not delivers_mail(settings):
        print("pmsync: offline mode (daemon.offline) sends no mail; use --preview", file=sys.stderr)
        return EXIT_USAGE
    # A preview writes nothing, so it needs no writer lock and works beside the daemon.
    ledger = ledger_or_exit(settings, write=not args.preview, existing=True)
    notifier = Notifier(settings)
    with ledger:
        if args.preview:
            messages = notifier.preview(ledger, utc_now(), args.to)
            print_preview(messages, args.to)
            return EXIT_OK
        report = notifier.deliver(ledger, build_mailer(settings), utc_now(), chat=build_chat(settings))
    print(
        f"outbox: {report.attempted} attempted, {report.sent} sent, {report.retrying} to retry, "
        f"{report.failed} failed for good, {report.rejected_recipients} recipient(s) refused"
    )
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FINDINGS


def print_preview(messages: list[EmailMessage], to: str | None) -> None:
    for message in messages:
        body = message.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        print(f"To: {message['To']}")
        print(f"Subject: {message['Subject']}")
        print(f"Message-ID: {message['Message-ID']}")
        print()
        print(text.rstrip("\n"))
        print("=" * 72)
    who = f" to {to}" if to else ""
    print(f"{len(messages)} message(s) would be sent now{who}")
