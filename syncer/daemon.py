"""`pmsync run`: the long-running daemon (DESIGN §13).

One main thread runs every job, one at a time, from a `schedule` scheduler:
a sync every `interval` (+ random jitter), outbox delivery every
`outbox_interval`, owner reminders daily, the weekly digest, and a full
reconciliation daily. A job that overruns simply delays the others; none is
ever started twice. A job's failure is logged and mailed to ops, never fatal.

Between jobs the loop sleeps in short slices, so SIGTERM/SIGINT (stop after the
unit of work in hand), SIGHUP (reload the configuration) and the systemd
watchdog are handled promptly. The watchdog is also fed from inside a cycle:
between items (the engine's `should_stop`) and during tracker waits, and by a
heartbeat thread during long work in between (syncer/heartbeat.py).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import Any, Protocol

import schedule
import structlog

from adapters.trackers.base import RequestCounter
from syncer.engine import CycleReport, Log
from syncer.heartbeat import Heartbeat
from syncer.logs import configured_secrets, engine_log, get_logger, redact, set_level, set_secrets
from syncer.metrics import Metrics
from syncer.policy import local_today
from syncer.progress import Progress, Snapshot
from syncer.sdnotify import SdNotifier
from syncer.settings import ConfigError, Settings, load_settings, parse_day_time
from syncer.state import Ledger, LedgerUnwritable
from syncer.wording import duration_words, every, local_time

NEXT_CYCLE_KEY = "daemon.next_cycle"
SLICE_SECONDS = 0.5
# A wait shorter than this is finished even when a stop is requested: abandoning it would
# cost more (an unrecorded write to resolve on the next start) than it saves.
SHORT_WAIT = 2.0


class StopRequested(Exception):
    """A stop arrived during a long tracker wait: the cycle is abandoned at that point."""


class Cycler(Protocol):
    notifier: Any

    def cycle(
        self, *, dry_run: bool = False, full: bool = False, should_stop: Callable[[], bool] = ...
    ) -> CycleReport: ...


class Delivery(Protocol):
    sent: int
    retrying: int  # failed for now, tried again later
    failed: int  # refused for good
    errors: list[str]


class OpsNotifier(Protocol):
    def queue_cycle(self, ledger: Ledger, now: datetime, unread: Collection[str] = ()) -> int: ...

    def queue_weekly_digest(self, ledger: Ledger, now: datetime) -> int: ...

    def queue_ops(self, ledger: Ledger, now: datetime, problems: Sequence[str], *, kind: str) -> int: ...

    def deliver(
        self, ledger: Ledger, mailer: Any, now: datetime, *, chat: Mapping[str, Any] | None = None
    ) -> Delivery: ...


@dataclass
class Services:
    """What one configuration builds: the engine, and mail when `[smtp]` is configured."""

    engine: Cycler
    notifier: OpsNotifier | None = None
    mailer: Any = None
    chat: Mapping[str, Any] = field(default_factory=dict)  # chat channel -> sender


@dataclass
class Hooks:
    """What the daemon lends the services it has built: waits, logging, request counting."""

    sleep: Callable[[float], None]
    log: Log
    counters: dict[str, RequestCounter] = field(default_factory=dict)
    progress: Callable[[int, int], None] | None = None


ServicesFactory = Callable[[Settings, Ledger, Hooks], Services]


def utc_now() -> datetime:
    return datetime.now(UTC)


def use_timezone(name: str) -> None:
    """Make the process's local time the policy's zone, so `.at("09:00")` means 09:00 there.

    `schedule` reads naive local time (its own tz= argument needs pytz); with TZ set,
    local time follows the zone's DST rules. Log timestamps stay UTC.
    """
    os.environ["TZ"] = name
    time.tzset()


def schedule_jobs(
    scheduler: schedule.Scheduler, settings: Settings, jobs: Mapping[str, Callable[[], None]]
) -> None:
    """Register the daemon's jobs; times of day are local (see `use_timezone`)."""
    d = settings.daemon
    interval = max(1, round(d.interval.total_seconds()))
    jitter = round(d.jitter.total_seconds())
    every = scheduler.every(interval)
    if jitter > 0:
        every = every.to(interval + jitter)
    every.seconds.do(jobs["sync"]).tag("sync")
    scheduler.every(max(1, round(d.outbox_interval.total_seconds()))).seconds.do(
        jobs["deliver"]
    ).tag("deliver")
    scheduler.every().day.at(d.reminders_at).do(jobs["reminders"]).tag("reminders")
    day, clock = parse_day_time(d.weekly_digest)
    getattr(scheduler.every(), day).at(clock).do(jobs["digest"]).tag("digest")
    scheduler.every().day.at(d.reconcile_at).do(jobs["reconcile"]).tag("reconcile")


def describe_schedule(settings: Settings) -> str:
    """What the daemon will do when, in words (the start-up log line)."""
    d = settings.daemon
    sync = f"sync {every(d.interval)}"
    if d.jitter > timedelta(0):
        sync += f" (plus up to {duration_words(d.jitter)} of random delay)"
    day, clock = parse_day_time(d.weekly_digest)
    jobs = [sync, f"full reconciliation daily at {d.reconcile_at}"]
    if settings.smtp is not None:
        jobs += [
            f"mail delivery {every(d.outbox_interval)}",
            f"owner reminders daily at {d.reminders_at}",
            f"the weekly digest on {day.capitalize()}s at {clock}",
        ]
    else:
        jobs.append("no mail ([smtp] is not configured)")
    return f"{', '.join(jobs)}; times of day in {settings.policy.timezone}"


def status_line(report: CycleReport, next_run: datetime | None, zone: str) -> str:
    """systemd's STATUS= after a cycle; times in the policy's zone, like everything else."""
    s = report.summary()
    done = sum(report.done.values())
    text = (
        f"last cycle {local_time(report.started_at, zone)}: {s['items']} items, {done} changes, "
        f"{s['errors']} errors, {s['fatal']} trackers failing, {s['flags_raised']} flags raised"
    )
    if report.interrupted:
        text += " (interrupted)"
    if next_run is not None:
        text += f"; next {local_time(next_run, zone)[11:]}"
    return text


class Daemon:
    def __init__(
        self,
        settings: Settings,
        ledger: Ledger,
        factory: ServicesFactory,
        *,
        config: str | None = None,
        load: Callable[[str | None], Settings] = load_settings,
        sd: SdNotifier | None = None,
        metrics: Metrics | None = None,
        clock: Callable[[], datetime] = utc_now,
        slice_seconds: float = SLICE_SECONDS,
    ) -> None:
        self.settings = settings
        self.ledger = ledger
        self.config = config
        self.sd = sd or SdNotifier(None)
        self.metrics = metrics or Metrics()
        self.clock = clock
        self.slice = slice_seconds
        self.log = get_logger("pmsync.daemon")
        self.counters: dict[str, RequestCounter] = {"jira": RequestCounter(), "github": RequestCounter()}
        self._factory = factory
        self._load = load
        self.scheduler = schedule.Scheduler()
        self.stop_requested = False
        self.reload_requested = False
        self.cycles = 0
        self._last_ping = 0.0
        self.progress = Progress(on_emit=self._report_progress)
        self._on_ping: Callable[[], None] | None = None  # the heartbeat hears of progress
        self._apply(settings)

    # -- configuration -----------------------------------------------------------------------

    def _apply(self, settings: Settings) -> None:
        """Build services and the schedule for `settings` (at start and on reload)."""
        hooks = Hooks(
            sleep=self._tracker_sleep, log=engine_log(self.log), counters=self.counters, progress=self.progress
        )
        self.services = self._factory(settings, self.ledger, hooks)
        self.settings = settings
        set_secrets(configured_secrets(settings))
        use_timezone(settings.policy.timezone)
        self.scheduler.clear()
        schedule_jobs(
            self.scheduler,
            settings,
            {
                "sync": self._guarded("sync", self.sync),
                "deliver": self._guarded("deliver", self.deliver),
                "reminders": self._guarded("reminders", self.reminders),
                "digest": self._guarded("digest", self.digest),
                "reconcile": self._guarded("reconcile", self.reconcile),
            },
        )

    def reload(self) -> bool:
        """Load the configuration again; a bad one is logged in full and the old one kept."""
        self.reload_requested = False
        self.sd.reloading()
        try:
            new = self._load(self.config)
        except ConfigError as exc:
            self.log.error(
                "config_reload_failed",
                path=str(exc.path) if exc.path else None,
                problems=exc.problems,
                kept="the running configuration",
            )
            self.sd.ready(f"configuration reload failed ({len(exc.problems)} problems); running on")
            return False
        old = self.settings.daemon
        if new.daemon.state != old.state:
            self.log.warning(
                "config_reload_partial", setting="daemon.state", kept=str(old.state),
                reason="the ledger in use changes only with a restart",
            )
            new.daemon.state = old.state
        if (new.daemon.metrics_port, new.daemon.metrics_address) != (old.metrics_port, old.metrics_address):
            self.log.warning(
                "config_reload_partial", setting="daemon.metrics_port",
                reason="the metrics listener changes only with a restart",
            )
        try:
            self._apply(new)
        except Exception:
            self.log.error("config_reload_failed", exc_info=True, kept="the running configuration")
            self._apply(self.settings)
            self.sd.ready("configuration reload failed; running on")
            return False
        if new.daemon.log_level != old.log_level:
            set_level(new.daemon.log_level)
        self.log.info("config_reloaded", path=str(new.config_path))
        self.sd.ready("configuration reloaded")
        return True

    # -- the loop ----------------------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self._on_stop)
        signal.signal(signal.SIGINT, self._on_stop)
        signal.signal(signal.SIGHUP, self._on_reload)

    def _on_stop(self, signum: int, _frame: FrameType | None) -> None:
        self.stop_requested = True
        self.log.info("stop_requested", signal=signal.Signals(signum).name)

    def _on_reload(self, _signum: int, _frame: FrameType | None) -> None:
        self.reload_requested = True

    def run(self) -> int:
        """Serve until SIGTERM/SIGINT; the exit status (0 after an orderly stop)."""
        self.install_signal_handlers()
        self.log.info(
            "daemon_started",
            pid=os.getpid(),
            config=str(self.settings.config_path),
            state=str(self.settings.daemon.state),
            schedule=describe_schedule(self.settings),
            watchdog=every(timedelta(seconds=self.sd.watchdog_interval)) if self.sd.watchdog_interval else "off",
        )
        self.sd.ready("started; first sync cycle running")
        self._ping(force=True)
        interval = self.sd.watchdog_interval
        heartbeat = Heartbeat(self.sd.watchdog, interval).start() if interval else None
        self._on_ping = heartbeat.progress if heartbeat else None
        try:
            self._guarded("sync", self.sync)()  # a (re)start syncs at once
            self._record_next_cycle()
            while not self.stop_requested:
                self.tick()
                if not self.stop_requested:
                    self._nap()
        finally:
            if heartbeat is not None:
                heartbeat.stop()
        self.sd.stopping("stopping")
        self.log.info("daemon_stopped", cycles=self.cycles)
        return 0

    def tick(self) -> None:
        """One pass of the loop: reload if asked, run the jobs that are due, feed the watchdog."""
        if self.reload_requested:
            self.reload()
        for job in sorted(j for j in self.scheduler.jobs if j.should_run):
            if self.stop_requested or self.reload_requested:
                break
            job.run()
            if "sync" in job.tags or "reconcile" in job.tags:
                self._record_next_cycle()
        self._ping()

    def _nap(self) -> None:
        pause = self.slice
        idle = self.scheduler.idle_seconds
        if idle is not None:
            pause = min(pause, max(idle, 0.0))
        interval = self.sd.watchdog_interval
        if interval is not None:
            pause = min(pause, max(self._last_ping + interval - time.monotonic(), 0.0))
        if pause > 0:
            time.sleep(pause)

    def should_stop(self) -> bool:
        """The engine asks between items: the watchdog is fed and a stop honoured there."""
        self._ping()
        return self.stop_requested

    def _ping(self, *, force: bool = False) -> None:
        interval = self.sd.watchdog_interval
        if interval is None:
            return
        now = time.monotonic()
        if self._on_ping is not None:
            self._on_ping()
        if force or now - self._last_ping >= interval:
            self.sd.watchdog()
            self._last_ping = now

    def _report_progress(self, snap: Snapshot) -> None:
        """A long cycle, every so often: a `progress` log line and systemd's STATUS=."""
        self.log.info("progress", **snap.fields())
        self.sd.status(f"syncing: {snap.words()}")

    def _tracker_sleep(self, seconds: float) -> None:
        """How tracker adapters wait (rate limits, pacing, retries): counted, interruptible."""
        self.metrics.observe_wait(seconds)
        self.progress.waiting(seconds)
        end = time.monotonic() + max(seconds, 0.0)
        while (left := end - time.monotonic()) > 0:
            if self.stop_requested and left > SHORT_WAIT:
                raise StopRequested(f"stop requested during a {seconds:.0f}s tracker wait")
            self._ping()
            self.progress.tick()
            time.sleep(min(left, self.slice))

    # -- jobs --------------------------------------------------------------------------------

    def _guarded(self, name: str, fn: Callable[[], None]) -> Callable[[], None]:
        """A job as the scheduler runs it: skipped while stopping, failures contained."""

        def job() -> None:
            if self.stop_requested:
                return
            with structlog.contextvars.bound_contextvars(job=name):
                try:
                    fn()
                except StopRequested as exc:
                    self.log.info("job_abandoned", job=name, reason=str(exc))
                except LedgerUnwritable:
                    raise  # the storage is gone: stop, and say so once (exit 74), not every cycle
                except Exception as exc:
                    self.metrics.job_failed(name)
                    self.log.error("job_failed", job=name, exc_info=True)
                    self._alert_ops(name, exc)
                finally:
                    self._observe()

        job.__name__ = name  # how the scheduler names it in logs
        return job

    def _alert_ops(self, name: str, exc: Exception) -> None:
        notifier = self.services.notifier
        if notifier is None:
            return
        problem = redact(f"the {name} job failed: {type(exc).__name__}: {exc}")
        try:
            with self.ledger.transaction():
                notifier.queue_ops(self.ledger, self.clock(), [problem], kind=f"job:{name}")
        except Exception:
            self.log.error("ops_alert_failed", exc_info=True)

    def _cycle(self, *, full: bool) -> CycleReport:
        self.cycles += 1
        with structlog.contextvars.bound_contextvars(cycle=self.cycles):
            started = time.monotonic()
            report = self.services.engine.cycle(full=full, should_stop=self.should_stop)
            self.metrics.observe_cycle(report)
            self.log.info(
                "cycle_finished",
                full=full,
                ok=report.ok,
                interrupted=report.interrupted,
                seconds=round(time.monotonic() - started, 3),
                **report.summary(),
            )
            for error in report.errors:
                self.log.warning("cycle_error", item=error.key, target=error.target, error=error.message)
            for fatal in report.fatal:
                self.log.error("tracker_unusable", tracker=fatal.split(":", 1)[0], error=fatal)
            self.sd.status(status_line(report, self._next_sync(), self.settings.policy.timezone))
        return report

    def sync(self) -> None:
        self._cycle(full=False)
        self._write_report()

    def reconcile(self) -> None:
        self._cycle(full=True)
        self._write_report()

    def _write_report(self) -> None:
        """Rewrite the dashboard (`daemon.report_html`); a failure here is not a failed sync."""
        path = self.settings.daemon.report_html
        if path is None:
            return
        from syncer.commands.report import write_report

        try:
            write_report(self.settings, self.ledger, path, self.clock())
        except Exception:
            self.log.error("report_failed", path=str(path), exc_info=True)

    def deliver(self) -> None:
        notifier, mailer = self.services.notifier, self.services.mailer
        if notifier is None:
            return
        result = notifier.deliver(self.ledger, mailer, self.clock(), chat=self.services.chat)
        self.metrics.observe_delivery(result.sent, result.retrying + result.failed)
        for error in result.errors:
            self.log.warning("mail_not_delivered", error=error)
        if result.sent or result.retrying or result.failed:
            self.log.info(
                "outbox_delivered", sent=result.sent, retrying=result.retrying, failed=result.failed
            )

    def reminders(self) -> None:
        """Owner reminders: the notifier re-evaluates what is due soon, once a day."""
        notifier = self.services.notifier
        if notifier is None:
            return
        with self.ledger.transaction():
            # Nothing personal about items on a tracker that is down: it waits for a read.
            queued = notifier.queue_cycle(self.ledger, self.clock(), set(self.ledger.down_since()))
        self.log.info("reminders_queued", messages=queued)

    def digest(self) -> None:
        notifier = self.services.notifier
        if notifier is None:
            return
        with self.ledger.transaction():
            queued = notifier.queue_weekly_digest(self.ledger, self.clock())
        self.log.info("weekly_digest_queued", messages=queued)

    # -- bookkeeping -------------------------------------------------------------------------

    def _next_sync(self) -> datetime | None:
        runs = [j.next_run for j in self.scheduler.jobs if "sync" in j.tags and j.next_run]
        # schedule keeps naive local times; local is the policy zone (use_timezone)
        return min(runs).astimezone(UTC) if runs else None

    def _record_next_cycle(self) -> None:
        upcoming = self._next_sync()
        if upcoming is None:
            return
        try:
            self.ledger.set(NEXT_CYCLE_KEY, upcoming.isoformat(timespec="seconds"))
        except Exception:
            self.log.error("ledger_write_failed", key=NEXT_CYCLE_KEY, exc_info=True)

    def _observe(self) -> None:
        try:
            self.metrics.observe_requests(self.counters)
            today = local_today(self.clock(), self.settings.policy.timezone)
            self.metrics.observe_ledger(self.settings, self.ledger, today)
        except Exception:
            self.log.error("metrics_update_failed", exc_info=True)


def close_quietly(*resources: Any) -> None:
    for resource in resources:
        with suppress(Exception):
            resource.close()
