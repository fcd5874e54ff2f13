"""What `pmsync COMMAND --help` says: a description, examples and exit codes per command."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CommandHelp:
    summary: str  # one line, in `pmsync --help`
    description: str
    examples: tuple[str, ...]
    exit_codes: tuple[tuple[int, str], ...]

    def epilog(self) -> str:
        lines = ["examples:", *(f"  {e}" for e in self.examples), "", "exit codes:"]
        lines += [f"  {code}  {meaning}" for code, meaning in self.exit_codes]
        return "\n".join(lines)


_CONFIG_ERROR = (2, "usage or configuration error (the message names the file and key)")

COMMANDS: dict[str, CommandHelp] = {
    "lint": CommandHelp(
        summary="parse and lint postmortem documents (no configuration needed)",
        description=(
            "Read Markdown postmortems (directories are searched for *.md), print each "
            "document's action items and findings. Meant for the postmortem repository's CI. "
            "With --config, owners are also checked against [people]. With --source NAME, "
            "lints what that configured source holds (a git remote, Confluence, Google Docs), "
            "findings pointing at the page or document."
        ),
        examples=(
            "pmsync lint postmortems/",
            "pmsync lint --json postmortems/2026-03-04-checkout.md",
            "pmsync lint --config /etc/pmsync/pmsync.toml postmortems/",
            "pmsync lint --config /etc/pmsync/pmsync.toml --source wiki",
        ),
        exit_codes=(
            (0, "no error findings (warnings allowed)"),
            (1, "at least one error finding"),
            (2, "usage error, a path that does not exist, or a bad configuration"),
        ),
    ),
    "sync": CommandHelp(
        summary="one full cycle: read, plan, write, poll, flag, notify",
        description=(
            "Run one cycle: read the postmortems, plan the tracker changes, create and update "
            "tickets, poll them back, raise and clear flags, queue and deliver mail. "
            "--dry-run prints the plan and changes nothing."
        ),
        examples=(
            "pmsync --config /etc/pmsync/pmsync.toml sync --dry-run",
            "sudo -u pmsync pmsync sync --config /etc/pmsync/pmsync.toml",
            "pmsync sync --json | jq .summary",
        ),
        exit_codes=(
            (0, "the cycle completed without errors"),
            (1, "some items or documents failed (listed on stderr); the rest synced"),
            (2, "configuration or ledger error, or a tracker unusable (e.g. bad credentials)"),
            (3, "a tracker was out of reach: its items are left for the next cycle"),
        ),
    ),
    "run": CommandHelp(
        summary="run the daemon (systemd Type=notify)",
        description=(
            "Serve until stopped: a sync every daemon.interval, mail delivery, daily reminders, "
            "the weekly digest and a daily full reconciliation. SIGTERM stops after the ticket in "
            "hand, SIGHUP reloads the configuration. Logs go to stdout (JSON lines with their "
            "syslog priority under journald)."
        ),
        examples=(
            "pmsync --config /etc/pmsync/pmsync.toml run",
            "pmsync run --verbose --config ./pmsync.toml",
        ),
        exit_codes=((0, "stopped by SIGTERM or SIGINT"), _CONFIG_ERROR),
    ),
    "status": CommandHelp(
        summary="items, their tickets and flags, from the ledger",
        description=(
            "Show every item with its owner, deadline, ticket, state and flags, then the "
            "daemon's health (last cycle, next cycle, outbox). Reads the ledger only: no "
            "tokens are needed. Times are in the policy time zone."
        ),
        examples=(
            "pmsync status --flagged",
            "pmsync status --team payments --config /etc/pmsync/pmsync.toml",
            "pmsync status --json | jq '.items[] | select(.flags != [])'",
        ),
        exit_codes=((0, "shown"), (2, "configuration error, or no ledger yet")),
    ),
    "report": CommandHelp(
        summary="write the public follow-through dashboard",
        description=(
            "Write the HTML dashboard (one self-contained page, no scripts) from the ledger, "
            "atomically. The daemon does the same after each cycle when daemon.report_html is set."
        ),
        examples=("pmsync report --html /var/lib/pmsync/www/index.html",),
        exit_codes=((0, "written"), (1, "the file could not be written"), _CONFIG_ERROR),
    ),
    "check-config": CommandHelp(
        summary="validate the configuration",
        description=(
            "Check the configuration file: every key, every problem at once. Also checks that "
            "each sources.paths entry exists and can be read (by the service user when run as "
            "root). --online also checks credentials, tracker targets, people's accounts and SMTP."
        ),
        examples=(
            "pmsync check-config --config /etc/pmsync/pmsync.toml",
            "sudo env CREDENTIALS_DIRECTORY=/etc/pmsync/credentials pmsync check-config \\\n      --online",
        ),
        exit_codes=(
            (0, "valid"),
            (1, "online checks or source paths found problems"),
            (2, "the configuration is invalid"),
        ),
    ),
    "reconcile": CommandHelp(
        summary="rebuild the ledger from the trackers' markers",
        description=(
            "Run a full cycle that looks up every ticket by pmsync's markers (labels, body "
            "marker) and relinks items to them: recovery after a lost ledger."
        ),
        examples=("sudo -u pmsync pmsync --config /etc/pmsync/pmsync.toml reconcile",),
        exit_codes=((0, "reconciled"), (1, "some items failed"), _CONFIG_ERROR),
    ),
    "notify": CommandHelp(
        summary="preview or deliver escalation mail",
        description=(
            "--preview prints the mail that would be sent now (reads the ledger only); --send "
            "delivers the outbox once."
        ),
        examples=(
            "pmsync notify --preview --to payments-lead@acme.example",
            "pmsync notify --send",
        ),
        exit_codes=((0, "previewed or delivered"), (1, "some mail could not be delivered"), _CONFIG_ERROR),
    ),
    "completion": CommandHelp(
        summary="print a shell completion script (bash, zsh or fish)",
        description="Print the completion script for a shell, generated from pmsync's own options.",
        examples=(
            "pmsync completion bash | sudo tee /etc/bash_completion.d/pmsync",
            "pmsync completion zsh > ~/.zfunc/_pmsync",
            "pmsync completion fish > ~/.config/fish/completions/pmsync.fish",
        ),
        exit_codes=((0, "printed"), (2, "unknown shell")),
    ),
}
