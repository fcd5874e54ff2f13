"""`pmsync` command line: argument parsing only; each command lives in syncer/commands/.

Exit codes: 0 fine, 1 findings or failures, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors, as we want
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"pmsync: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pmsync",
        description="Follow-through for postmortem action items: lint, mirror to Jira/GitHub, flag, escalate.",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (default: $PMSYNC_CONFIG, else /etc/pmsync/pmsync.toml)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("lint", help="parse and lint postmortem documents (no config needed)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files or directories (walked for *.md)")
    p.add_argument("--json", action="store_true", help="machine-readable output (stable schema)")

    p = sub.add_parser("sync", help="one full cycle: read, plan, write, poll, evaluate, notify")
    p.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("run", help="run the daemon (systemd Type=notify)")

    p = sub.add_parser("status", help="items, their tickets and flags, from the ledger")
    p.add_argument("--json", action="store_true", help="machine-readable output (stable schema)")
    p.add_argument("--team", metavar="T", help="only this team's items")
    p.add_argument("--flagged", action="store_true", help="only items with a standing flag")
    p.add_argument("--postmortem", metavar="ID", help="only this postmortem's items")

    p = sub.add_parser("report", help="write the public follow-through dashboard")
    p.add_argument("--html", required=True, metavar="FILE", help="output file (written atomically)")

    p = sub.add_parser("check-config", help="validate the configuration")
    p.add_argument("--online", action="store_true", help="also check credentials, targets, people, SMTP")

    p = sub.add_parser("reconcile", help="rebuild the ledger from the trackers' markers")

    p = sub.add_parser("notify", help="preview or deliver escalation mail")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--preview", action="store_true", help="print what would be sent now")
    mode.add_argument("--send", action="store_true", help="deliver the outbox once")
    p.add_argument("--to", metavar="ADDRESS", help="with --preview: only mail to this address")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module = importlib.import_module(f"syncer.commands.{args.command.replace('-', '_')}")
    try:
        return int(module.run(args))
    except SystemExit as exc:  # a command that cannot start says why and exits 2
        return exc.code if isinstance(exc.code, int) else EXIT_FINDINGS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
