"""The composition root: the one place that wires settings, ledger, trackers and sources.

The CLI, the daemon and the integration tests all build pmsync through here,
so what is tested is what runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.sources.factory import build_readers
from adapters.sources.reader import SourceReader, read_all
from adapters.trackers.base import RequestCounter, Tracker, TrackerError
from syncer.engine import Engine, Log
from syncer.model import Document
from syncer.notify import Notifier
from syncer.settings import ConfigError, Settings, file_mode_warning, load_settings
from syncer.state import EXIT_STORAGE, Ledger, LedgerError, LedgerLocked, LedgerUnwritable

if TYPE_CHECKING:
    from adapters.notify.smtp import SmtpMailer
    from syncer.outbox import ChatSender


def utc_now() -> datetime:
    return datetime.now(UTC)


def load_or_exit(config: str | None, *, require_secrets: bool = True) -> Settings:
    """Load the configuration; on problems print them all and exit 2.

    Commands that only read the ledger pass `require_secrets=False`: they contact nothing.
    """
    try:
        settings = load_settings(config, require_secrets=require_secrets)
        if require_secrets:
            problems = teams_webhooks(settings)[1]
            if problems:
                raise ConfigError(problems, settings.config_path)
    except ConfigError as exc:
        print(f"pmsync: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    # at every start, not only in check-config: the file names people, teams and trackers
    if settings.config_path is not None and (warning := file_mode_warning(settings.config_path)):
        print(f"pmsync: warning: {warning}", file=sys.stderr)
    return settings


def source_state_dir(settings: Settings) -> Path:
    """Where remote sources keep their clones, listings and page texts."""
    return Path(settings.daemon.state).parent / "sources"


def source_readers(
    settings: Settings, *, clock: Callable[[], datetime] = utc_now, log: Log | None = None
) -> list[SourceReader]:
    return build_readers(
        settings.source_configs(), source_state_dir(settings), environ=os.environ, clock=clock,
        people=settings.platform_accounts(), log=log,
    )


def document_reader(
    settings: Settings, *, clock: Callable[[], datetime] = utc_now, log: Log | None = None
) -> Callable[[], list[Document]]:
    """Every configured source's documents; each source reads only what changed since the
    last call (the readers live as long as the engine)."""
    readers = source_readers(settings, clock=clock, log=log)
    return lambda: read_all(readers)


def build_trackers(
    settings: Settings,
    ledger: Ledger | None,
    *,
    counters: Mapping[str, RequestCounter] | None = None,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
    on_wait: Callable[[TrackerError, float], None] | None = None,
) -> dict[str, Tracker]:
    """One adapter per configured tracker (clients connect lazily, on first use).

    `sleep` and `clock` (epoch seconds) are injected by tests that drive time;
    `on_wait` hears of every rate-limit or back-off wait (logs, metrics).
    """
    trackers: dict[str, Tracker] = {}
    counters = counters or {}
    timing: dict[str, object] = {}
    if sleep is not None:
        timing["sleep"] = sleep
    if settings.jira is not None:
        from adapters.trackers.jira import JiraTracker

        trackers["jira"] = JiraTracker(
            settings.jira, counter=counters.get("jira"), on_wait=on_wait, **timing
        )
    if settings.github is not None:
        from adapters.trackers.github import GitHubTracker
        from adapters.trackers.pacing import MemoryStore, WritePacer

        if clock is not None:
            timing["clock"] = clock
        gh = settings.github
        store = ledger if ledger is not None else MemoryStore()
        pacer = WritePacer(
            store, per_minute=gh.writes_per_minute, per_hour=gh.writes_per_hour, **timing
        )
        trackers["github"] = GitHubTracker(
            gh, pacer=pacer, counter=counters.get("github"), on_wait=on_wait, **timing
        )
    if settings.daemon.offline:
        from adapters.trackers.dryrun import OfflineTracker
        from adapters.trackers.pacing import MemoryStore

        store = ledger if ledger is not None else MemoryStore()
        return {name: OfflineTracker(real, store, utc_now) for name, real in trackers.items()}
    return trackers


def open_ledger(settings: Settings, *, write: bool = True) -> Ledger:
    return Ledger.open(settings.daemon.state, write=write)


def ledger_or_exit(settings: Settings, *, write: bool = True, existing: bool = False) -> Ledger:
    """Open the ledger for a command; say why it cannot be used and exit 2.

    `existing`: the command only reads what a sync recorded, so a missing ledger is
    an error rather than a new, empty one.
    """
    if existing and not state_path_exists(settings):
        print(
            f"pmsync: no ledger at {settings.daemon.state} yet: run `pmsync sync` first",
            file=sys.stderr,
        )
        raise SystemExit(2)
    try:
        return open_ledger(settings, write=write)
    except LedgerUnwritable as exc:
        print(f"pmsync: {exc}", file=sys.stderr)
        raise SystemExit(EXIT_STORAGE) from None
    except (LedgerLocked, LedgerError) as exc:
        print(f"pmsync: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def build_engine(
    settings: Settings,
    ledger: Ledger,
    *,
    trackers: Mapping[str, Tracker] | None = None,
    clock: Callable[[], datetime] = utc_now,
    log: Log | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Engine:
    return Engine(
        settings,
        ledger,
        trackers if trackers is not None else build_trackers(settings, ledger),
        document_reader(settings, clock=clock, log=log),
        clock,
        log=log,
        notifier=build_notifier(settings, log),
        progress=progress,
    )


def notifies(settings: Settings) -> bool:
    """A channel is configured: mail ([smtp]), Slack ([slack]) or Microsoft Teams ([msteams])."""
    return any(section is not None for section in (settings.smtp, settings.slack, settings.msteams))


def build_notifier(settings: Settings, log: Log | None = None) -> Notifier | None:
    """Notifications are on when a channel is configured; without [smtp] there is no mail."""
    return Notifier(settings, log=log) if notifies(settings) else None


def delivers_mail(settings: Settings) -> bool:
    """Messages are queued whenever a channel is configured, and sent unless pmsync runs offline."""
    return notifies(settings) and not settings.daemon.offline


def build_mailer(settings: Settings) -> SmtpMailer | None:
    """The SMTP mailer; None without [smtp] (chat channels only)."""
    from adapters.notify.smtp import SmtpMailer

    return SmtpMailer(settings.smtp) if settings.smtp is not None else None


def teams_webhooks(settings: Settings) -> tuple[dict[str, str], list[str]]:
    """The Microsoft Teams webhook of every team that chose the channel (secrets)."""
    from adapters.notify.teams import webhooks_from

    wanted = [name for name, team in settings.teams.items() if "msteams" in team.channels]
    return webhooks_from(wanted, os.environ) if wanted else ({}, [])


def build_chat(settings: Settings) -> dict[str, ChatSender]:
    """The chat channels that are configured: Slack ([slack]), Microsoft Teams ([msteams])."""
    senders: dict[str, ChatSender] = {}
    if settings.slack is not None:
        from adapters.notify.slack import SlackSender

        senders["slack"] = SlackSender(settings.slack)
    if settings.msteams is not None:
        from adapters.notify.teams import TeamsSender

        senders["msteams"] = TeamsSender(settings.msteams, teams_webhooks(settings)[0])
    return senders


def state_path_exists(settings: Settings) -> bool:
    return Path(settings.daemon.state).exists()


def command_log(settings: Settings, name: str) -> Log:
    """Logging for a one-shot command: on stderr (stdout holds the command's output), its
    progress, waits and problems; the rest of what the daemon logs (every ticket written,
    flags, mail) with `--verbose`. Secrets masked as in the daemon."""
    from syncer.logs import (
        configure_logging,
        configured_secrets,
        engine_log,
        get_logger,
        set_secrets,
    )

    configure_logging(level="info", stream=sys.stderr)
    set_secrets(configured_secrets(settings))
    said = {"progress": "info", "tracker_paused": "info", "create_deferred": "info"}
    return engine_log(get_logger(name), said, default="debug")


def check_mail(settings: Settings) -> list[str]:
    """Online SMTP check for `check-config --online`: connect, TLS, authenticate."""
    mailer = build_mailer(settings)
    return mailer.check() if mailer is not None else []
