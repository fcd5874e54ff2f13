"""`pmsync` command line: argument parsing only; each command lives in syncer/commands/.

Exit codes: 0 fine, 1 findings or failures, 2 usage or configuration error, 3 (sync) a
tracker out of reach left items unsynced.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from syncer.cli_help import COMMANDS
from syncer.logs import request_level
from syncer.output import safe_output
from syncer.terminal import wrap

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_TRACKER_DOWN = 3  # sync: a tracker was out of reach, items were left for the next cycle


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors, as we want
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"pmsync: error: {message}\n")


def pmsync_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # slow to load: only when asked

    try:
        return version("pmsync")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


class _Version(argparse._VersionAction):  # argparse has no public base for `action="version"`
    """--version, looking the installed version up only when it is asked for."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        self.version = f"pmsync {pmsync_version()}"
        super().__call__(parser, namespace, values, option_string)


def _global_options() -> argparse.ArgumentParser:
    """Options accepted before and after the command (`pmsync --config F status` and
    `pmsync status --config F`). SUPPRESS keeps a sub-command from resetting a value
    given before it; `main` fills in the defaults."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="configuration file (default: $PMSYNC_CONFIG, else /etc/pmsync/pmsync.toml)",
    )
    loudness = common.add_mutually_exclusive_group()
    loudness.add_argument(
        "-v", "--verbose", action="store_const", dest="log_level", const="debug",
        default=argparse.SUPPRESS, help="log debug detail as well (overrides daemon.log_level)",
    )
    loudness.add_argument(
        "-q", "--quiet", action="store_const", dest="log_level", const="warning",
        default=argparse.SUPPRESS, help="log warnings and errors only (overrides daemon.log_level)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _global_options()
    parser = _Parser(
        prog="pmsync",
        description="Follow-through for postmortem action items: lint, mirror to Jira/GitHub, flag, escalate.",
        epilog="Run `pmsync COMMAND --help` for a command's examples and exit codes.",
        parents=[common],
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def command(name: str) -> argparse.ArgumentParser:
        text = COMMANDS[name]
        return sub.add_parser(
            name, help=text.summary, description=wrap(text.description), epilog=text.epilog(),
            parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    p = command("lint")
    p.add_argument("paths", nargs="*", metavar="PATH", help="Markdown files or directories (walked for *.md)")
    p.add_argument("--source", metavar="NAME", help="lint what a configured source holds instead of PATHs")
    p.add_argument("--json", action="store_true", help="machine-readable output (stable schema)")

    p = command("sync")
    p.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    command("run")

    p = command("status")
    p.add_argument("--json", action="store_true", help="machine-readable output (stable schema)")
    p.add_argument("--team", metavar="T", help="only this team's items")
    p.add_argument("--flagged", action="store_true", help="only items with a standing flag")
    p.add_argument("--postmortem", metavar="ID", help="only this postmortem's items")

    p = command("report")
    p.add_argument("--html", metavar="FILE", help="write the dashboard to FILE (atomically)")
    p.add_argument("--json", action="store_true", help="print the follow-through numbers")
    p.add_argument("--csv", action="store_true", help="print one row per item with every field and flag")
    p.add_argument("--period", metavar="P", help="START..END, 90d, 12w, 2026-11, 2026-Q3 or 2026 (default: all)")
    p.add_argument("--team", metavar="T", help="only this team's items")

    p = command("check-config")
    p.add_argument("--online", action="store_true", help="also check credentials, targets, people, SMTP")

    command("reconcile")

    p = command("notify")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--preview", action="store_true", help="print what would be sent now")
    mode.add_argument("--send", action="store_true", help="deliver the outbox once")
    p.add_argument("--to", metavar="ADDRESS", help="with --preview: only mail to this address")

    p = command("completion")
    p.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell to complete for")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    args.config = getattr(args, "config", None)
    args.log_level = getattr(args, "log_level", None)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    request_level(args.log_level)
    module = importlib.import_module(f"syncer.commands.{args.command.replace('-', '_')}")
    try:
        with safe_output():  # secrets masked, terminal controls shown escaped, valid UTF-8
            try:
                return int(module.run(args))
            except Exception as exc:
                # A full disk or a read-only ledger: one clear line. Only a command that loaded the
                # ledger can fail on it, so the others start without loading it (sqlite3 and all).
                state = sys.modules.get("syncer.state")
                if state is None or not isinstance(exc, state.LedgerUnwritable):
                    raise
                print(f"pmsync: {exc}", file=sys.stderr)
                return int(state.EXIT_STORAGE)
    except SystemExit as exc:  # a command that cannot start says why and exits 2
        return exc.code if isinstance(exc.code, int) else EXIT_FINDINGS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
