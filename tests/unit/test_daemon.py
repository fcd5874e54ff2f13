"""The daemon's scheduling and job handling, with injected services (no trackers, no mail)."""

from __future__ import annotations

import os
import signal
import socket
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from structlog.testing import capture_logs

from syncer.daemon import (
    NEXT_CYCLE_KEY,
    Daemon,
    Hooks,
    Services,
    StopRequested,
    describe_schedule,
    status_line,
)
from syncer.engine import CycleReport, ItemError
from syncer.logs import configured_secrets
from syncer.progress import Progress
from syncer.sdnotify import SdNotifier
from syncer.settings import ConfigError, Settings, SmtpSettings
from syncer.state import Ledger

MONDAY_0700_UTC = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 08:00 in Berlin


class FakeEngine:
    def __init__(self, fail: Exception | None = None) -> None:
        self.notifier = None
        self.calls: list[bool] = []
        self.fail = fail
        self.stop_seen: list[bool] = []

    def cycle(self, *, dry_run=False, full=False, should_stop=lambda: False) -> CycleReport:
        self.calls.append(full)
        if self.fail is not None:
            raise self.fail
        self.stop_seen.append(should_stop())
        now = datetime.now(UTC)
        report = CycleReport(started_at=now, items=4, finished_at=now)
        report.count("create")
        return report


class FakeNotifier:
    def __init__(self) -> None:
        self.ops: list[tuple[str, list[str]]] = []
        self.cycles = 0
        self.digests = 0

    def queue_cycle(self, ledger, now, unread=()) -> int:
        assert ledger.conn.in_transaction
        self.cycles += 1
        self.unread = set(unread)
        return 1

    def queue_weekly_digest(self, ledger, now) -> int:
        self.digests += 1
        return 2

    def queue_ops(self, ledger, now, problems, *, kind) -> int:
        self.ops.append((kind, list(problems)))
        return 1

    def deliver(self, ledger, mailer, now, *, chat=None):
        return SimpleNamespace(sent=2, retrying=1, failed=0, errors=["<m1@pmsync> to a@example.com: 451 try later"])


@pytest.fixture(autouse=True)
def keep_tz():
    saved = os.environ.get("TZ")
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.fixture
def ledger(tmp_path):
    with Ledger.open(tmp_path / "state.db") as led:
        yield led


def settings(**daemon) -> Settings:
    return Settings(
        policy={"timezone": "Europe/Berlin"},
        daemon={"interval": "5m", "jitter": "0s", "state": "/tmp/unused.db", **daemon},
    )


def make(ledger, engine=None, notifier=None, **kw):
    engine = engine or FakeEngine()
    built: list[Hooks] = []

    def factory(s, led, hooks):
        built.append(hooks)
        return Services(engine, notifier, object() if notifier else None)

    daemon = Daemon(kw.pop("settings", settings()), ledger, factory, slice_seconds=0.01, **kw)
    return daemon, engine, built


def jobs_by_tag(daemon):
    return {next(iter(j.tags)): j for j in daemon.scheduler.jobs}


def test_times_of_day_are_in_the_policy_time_zone(ledger):
    with time_machine.travel(MONDAY_0700_UTC, tick=False):
        daemon, _, _ = make(ledger, settings=settings(reminders_at="09:00", reconcile_at="03:30",
                                                        weekly_digest="monday 09:30"))
        jobs = jobs_by_tag(daemon)
        utc = {tag: job.next_run.astimezone(UTC) for tag, job in jobs.items()}
    assert utc["reminders"] == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert utc["digest"] == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    assert utc["reconcile"] == datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # tomorrow 03:30 CET
    assert utc["sync"] == MONDAY_0700_UTC + timedelta(minutes=5)
    assert utc["deliver"] == MONDAY_0700_UTC + timedelta(minutes=1)


def test_daily_reminders_hold_what_a_tracker_that_is_down_says_nothing_about(ledger):
    notifier = FakeNotifier()
    daemon, _, _ = make(ledger, notifier=notifier)
    with ledger.transaction():
        ledger.mark_unreachable("jira:PAY", MONDAY_0700_UTC)
    daemon.reminders()
    assert notifier.unread == {"jira:PAY"}


def test_jitter_spreads_the_sync_interval(ledger):
    daemon, _, _ = make(ledger, settings=settings(interval="60s", jitter="30s"))
    job = jobs_by_tag(daemon)["sync"]
    assert (job.interval, job.latest) == (60, 90)


def test_due_jobs_run_one_at_a_time_and_next_cycle_is_recorded(ledger):
    notifier = FakeNotifier()
    with time_machine.travel(MONDAY_0700_UTC, tick=False) as traveller:
        daemon, engine, _ = make(ledger, notifier=notifier)
        traveller.shift(timedelta(hours=1, minutes=1))  # sync, deliver, reminders and digest are due
        with capture_logs() as logs:
            daemon.tick()
        traveller.shift(timedelta(hours=19))  # past 03:30 Berlin: the full reconciliation
        daemon.tick()
    assert engine.calls == [False, False, True]  # one sync each time, then the full pass
    assert notifier.cycles == 1 and notifier.digests == 1
    events = [e["event"] for e in logs]
    assert "outbox_delivered" in events and "reminders_queued" in events and "weekly_digest_queued" in events
    recorded = datetime.fromisoformat(ledger.get(NEXT_CYCLE_KEY))
    assert recorded == MONDAY_0700_UTC + timedelta(hours=20, minutes=6)
    sent = daemon.metrics.registry.get_sample_value("pmsync_mails_sent_total")
    assert sent == 4  # two deliveries, two messages each
    assert daemon.metrics.registry.get_sample_value("pmsync_cycles_total", {"result": "ok"}) == 3


def test_a_failing_job_is_logged_mailed_to_ops_and_does_not_stop_the_others(ledger):
    notifier = FakeNotifier()
    engine = FakeEngine(fail=RuntimeError("documents unreadable: token=abcd1234efgh"))
    with time_machine.travel(MONDAY_0700_UTC, tick=False) as traveller:
        daemon, _, _ = make(ledger, engine=engine, notifier=notifier)
        traveller.shift(timedelta(minutes=6))
        with capture_logs() as logs:
            daemon.tick()
            traveller.shift(timedelta(minutes=6))
            daemon.tick()
    failed = [e for e in logs if e["event"] == "job_failed"]
    assert [e["job"] for e in failed] == ["sync", "sync"]
    assert any(e["event"] == "outbox_delivered" for e in logs)  # deliver still ran
    kind, problems = notifier.ops[0]
    assert kind == "job:sync" and "RuntimeError: documents unreadable" in problems[0]
    assert "abcd1234efgh" not in problems[0]  # ops mail is redacted too
    assert daemon.metrics.registry.get_sample_value("pmsync_job_failures_total", {"job": "sync"}) == 2


def test_stop_is_seen_by_the_engine_and_skips_later_jobs(ledger):
    daemon, engine, _ = make(ledger)
    daemon.sync()
    daemon.stop_requested = True
    daemon.sync()  # a cycle that is already running sees the stop between items
    assert engine.stop_seen == [False, True]
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=2), tick=False):
        daemon.tick()
    assert len(engine.calls) == 2  # nothing new starts once stopping


def test_run_syncs_at_once_and_stops_on_sigterm(ledger, tmp_path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify"))
    sock.settimeout(2)
    engine = FakeEngine()

    class StopAfterFirst(FakeEngine):
        def cycle(self, **kw):
            os.kill(os.getpid(), signal.SIGTERM)  # as systemd sends it
            return engine.cycle(**kw)

    daemon, _, _ = make(ledger, engine=StopAfterFirst(), sd=SdNotifier(str(tmp_path / "notify"), 200_000))
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        assert daemon.run() == 0
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    messages = []
    sock.settimeout(0.2)
    try:
        while True:
            messages.append(sock.recv(4096).decode())
    except TimeoutError:
        pass
    sock.close()
    assert messages[0].startswith("READY=1")
    assert "WATCHDOG=1" in messages
    assert any(m.startswith("STATUS=last cycle") for m in messages)
    assert messages[-1].startswith("STOPPING=1")
    assert engine.stop_seen == [True]  # the stop reached the cycle in hand
    assert ledger.get(NEXT_CYCLE_KEY) is not None


def test_reload_keeps_the_old_configuration_when_the_new_one_is_bad(ledger):
    problems = ["jira.url: 'ftp://x' is not an http(s) URL", "routing.teams.web: unknown team 'web'"]

    def bad(_path):
        raise ConfigError(problems, Path("/etc/pmsync/pmsync.toml"))

    daemon, _, built = make(ledger, load=bad)
    before = daemon.settings
    with capture_logs() as logs:
        assert daemon.reload() is False
    (event,) = [e for e in logs if e["event"] == "config_reload_failed"]
    assert event["problems"] == problems and event["log_level"] == "error"
    assert daemon.settings is before and len(built) == 1


def test_reload_applies_a_good_configuration_but_not_a_new_state_path(ledger):
    new = settings(interval="10m", state="/elsewhere/state.db")
    daemon, _, built = make(ledger, load=lambda _path: new)
    with capture_logs() as logs:
        assert daemon.reload() is True
    assert daemon.settings is new and len(built) == 2
    assert jobs_by_tag(daemon)["sync"].interval == 600
    assert new.daemon.state == Path("/tmp/unused.db")
    assert any(e["event"] == "config_reload_partial" and e["setting"] == "daemon.state" for e in logs)


def test_tracker_waits_are_counted_and_a_long_one_is_abandoned_on_stop(ledger):
    daemon, _, built = make(ledger)
    sleep = built[0].sleep
    sleep(0.02)
    assert daemon.metrics.registry.get_sample_value("pmsync_tracker_waits_total") == 1
    daemon.stop_requested = True
    sleep(0.02)  # a short wait is finished
    with pytest.raises(StopRequested):
        sleep(60)


def test_abandoned_cycle_is_not_a_failure(ledger):
    engine = FakeEngine(fail=StopRequested("stop requested during a 60s tracker wait"))
    daemon, _, _ = make(ledger, engine=engine)
    with capture_logs() as logs:
        daemon._guarded("sync", daemon.sync)()
    assert [e["event"] for e in logs] == ["job_abandoned"]


def test_watchdog_is_fed_at_half_the_timeout(ledger, tmp_path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "n"))
    sock.setblocking(False)
    daemon, _, _ = make(ledger, sd=SdNotifier(str(tmp_path / "n"), watchdog_usec=100_000))
    daemon.should_stop()
    daemon.should_stop()  # within 50 ms of the first: no second ping
    time.sleep(0.06)
    daemon.should_stop()
    assert [sock.recv(64), sock.recv(64)] == [b"WATCHDOG=1", b"WATCHDOG=1"]
    with pytest.raises(BlockingIOError):
        sock.recv(64)
    sock.close()


def test_status_line_summarises_the_cycle():
    report = CycleReport(started_at=MONDAY_0700_UTC, items=12, finished_at=MONDAY_0700_UTC)
    report.count("create")
    report.count("update")
    report.errors.append(ItemError("INC-1/1", "jira:OPS", "boom"))
    text = status_line(report, MONDAY_0700_UTC + timedelta(minutes=5), "Europe/Berlin")
    assert text == (
        "last cycle 2026-11-23 08:00 CET: 12 items, 2 changes, 1 errors, 0 trackers failing, "
        "0 flags raised; next 08:05 CET"
    )


def test_the_start_up_line_says_what_runs_when():
    s = settings(interval="5m", jitter="30s")
    assert describe_schedule(s) == (
        "sync every 5 minutes (plus up to 30 seconds of random delay), full reconciliation daily "
        "at 03:30, no mail ([smtp] is not configured); times of day in Europe/Berlin"
    )
    s.smtp = SmtpSettings(host="mx.example.com", sender="pmsync@example.com")
    s.daemon.outbox_interval = timedelta(minutes=1)
    assert describe_schedule(s) == (
        "sync every 5 minutes (plus up to 30 seconds of random delay), full reconciliation daily "
        "at 03:30, mail delivery every minute, owner reminders daily at 09:00, the weekly digest "
        "on Mondays at 09:00; times of day in Europe/Berlin"
    )


def test_configured_secrets_include_basic_auth_forms():
    s = Settings(
        jira={"url": "https://jira.example.com", "email": "bot@example.com", "token": "jira-tok-123"},
        smtp={"host": "smtp.example.com", "sender": "pmsync@example.com", "username": "pmsync",
              "password": "pw-12345"},
    )
    found = configured_secrets(s)
    assert "jira-tok-123" in found and "pw-12345" in found
    import base64

    assert base64.b64encode(b"bot@example.com:jira-tok-123").decode() in found


def test_each_sync_rewrites_the_dashboard_when_configured(ledger, tmp_path):
    daemon, _, _ = make(ledger, settings=settings(report_html=str(tmp_path / "report.html")))
    daemon.sync()
    assert "<html" in (tmp_path / "report.html").read_text().lower()


def test_a_long_cycle_reports_progress_in_the_log_and_in_status(ledger, tmp_path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "n"))
    sock.setblocking(False)
    daemon, _, built = make(ledger, sd=SdNotifier(str(tmp_path / "n")))
    assert built[-1].progress is daemon.progress  # the engine reports to it
    clock = iter(float(t) for t in range(0, 10_000, 15))  # each look at the clock: 15 s later
    daemon.progress = Progress(on_emit=daemon._report_progress, clock=lambda: next(clock))
    with capture_logs() as logs:
        daemon.progress(0, 400)
        daemon.progress(20, 400)
        daemon.progress(40, 400)
    lines = [e for e in logs if e["event"] == "progress"]
    assert lines and lines[-1]["done"] == 40 and lines[-1]["total"] == 400
    assert lines[-1]["per_minute"] is not None and lines[-1]["eta_seconds"] is not None
    status = sock.recv(256).decode()
    assert status.startswith("STATUS=syncing: ") and "of 400 tracker actions" in status


def test_tracker_waits_show_in_the_progress(ledger):
    daemon, _, _ = make(ledger)
    daemon.progress(0, 10)
    seen = []
    daemon.progress.on_update = seen.append
    daemon._tracker_sleep(0.02)
    assert seen[0].waiting_for == "the tracker's rate limit or write pacing"
