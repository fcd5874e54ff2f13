"""`pmsync run`: the daemon (systemd Type=notify; see syncer/daemon.py)."""

from __future__ import annotations

import argparse
import sys

from syncer.app import (
    build_chat,
    build_engine,
    build_mailer,
    build_trackers,
    delivers_mail,
    load_or_exit,
    open_ledger,
)
from syncer.cli import EXIT_OK, EXIT_USAGE
from syncer.daemon import Daemon, Hooks, Services, close_quietly
from syncer.logs import configure_logging, get_logger
from syncer.metrics import Metrics
from syncer.notify import Notifier
from syncer.sdnotify import SdNotifier
from syncer.settings import Settings
from syncer.state import EXIT_STORAGE, Ledger, LedgerError, LedgerLocked, LedgerUnwritable


def build_services(settings: Settings, ledger: Ledger, hooks: Hooks) -> Services:
    """The production wiring: trackers and engine from the composition root, mail when configured."""
    trackers = build_trackers(settings, ledger, counters=hooks.counters, sleep=hooks.sleep)
    engine = build_engine(settings, ledger, trackers=trackers, log=hooks.log, progress=hooks.progress)
    if not isinstance(engine.notifier, Notifier):  # no channel configured
        return Services(engine)
    if not delivers_mail(settings):  # offline: queued only
        return Services(engine, engine.notifier)
    return Services(engine, engine.notifier, build_mailer(settings), build_chat(settings))


def run(args: argparse.Namespace) -> int:
    settings = load_or_exit(args.config)  # a configuration error is printed, not logged
    configure_logging(level=settings.daemon.log_level)
    log = get_logger("pmsync.daemon")
    try:
        ledger = open_ledger(settings)
    except LedgerUnwritable as exc:
        print(f"pmsync: {exc}", file=sys.stderr)
        log.error("ledger_unwritable", error=str(exc))
        return EXIT_STORAGE
    except (LedgerLocked, LedgerError) as exc:
        print(f"pmsync: {exc}", file=sys.stderr)
        log.error("ledger_unavailable", error=str(exc))
        return EXIT_USAGE
    metrics = Metrics()
    daemon_settings = settings.daemon
    try:
        if daemon_settings.metrics_port is not None:
            try:
                metrics.serve(daemon_settings.metrics_port, daemon_settings.metrics_address)
            except OSError as exc:
                where = f"{daemon_settings.metrics_address}:{daemon_settings.metrics_port}"
                print(f"pmsync: daemon.metrics_port: cannot listen on {where}: {exc.strerror}", file=sys.stderr)
                return EXIT_USAGE
            log.info("metrics_serving", address=daemon_settings.metrics_address, port=daemon_settings.metrics_port)
        daemon = Daemon(
            settings,
            ledger,
            build_services,
            config=args.config,
            sd=SdNotifier.from_env(),
            metrics=metrics,
        )
        daemon.run()
        return EXIT_OK
    finally:
        close_quietly(metrics, ledger)
