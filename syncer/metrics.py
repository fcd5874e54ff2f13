"""Prometheus metrics for the daemon: its own registry, served only when `daemon.metrics_port` is set.

Everything is updated from the daemon's main thread after each job; the HTTP
server thread only reads. Gauges that mirror the ledger (items, flags, outbox,
tracker reachability) are recomputed from it, so they survive restarts.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

from adapters.trackers.base import RequestCounter
from syncer import outcomes
from syncer.engine import CycleReport
from syncer.followthrough import Record, numbers
from syncer.model import PRIORITIES
from syncer.settings import Settings, parse_target
from syncer.state import Ledger
from syncer.views import item_views

ON_TIME_WINDOW_DAYS = 90  # the on-time ratio's window: long enough to have items due in it
LIFECYCLES = (
    "pending", "open", "in_progress", "done_awaiting_verification", "verified", "not_doing", "removed",
)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.items = Gauge(
            "pmsync_items", "Action items by lifecycle, team and priority", ["lifecycle", "team", "priority"],
            registry=r,
        )
        self.on_time = Gauge(
            "pmsync_on_time_ratio",
            f"Share of items due in the last {ON_TIME_WINDOW_DAYS} days verified by their deadline",
            ["team", "priority"], registry=r,
        )
        self.due = Gauge(
            "pmsync_due_items", f"Items whose deadline fell in the last {ON_TIME_WINDOW_DAYS} days",
            ["team", "priority"], registry=r,
        )
        self.breaches = Gauge(
            "pmsync_slo_breaches", "Open items past their deadline (the document's, else the SLO's)",
            ["team", "priority"], registry=r,
        )
        self.flags = Gauge("pmsync_flags", "Standing flags by kind", ["kind"], registry=r)
        self.requests = Counter(
            "pmsync_tracker_requests", "HTTP requests to trackers", ["tracker", "endpoint"], registry=r
        )
        self.errors = Counter(
            "pmsync_tracker_errors",
            "Failed tracker operations (item writes, polls, rejected credentials)",
            ["tracker", "operation"],
            registry=r,
        )
        self.waits = Counter(
            "pmsync_tracker_waits", "Waits for rate limits, write pacing and retries", registry=r
        )
        self.wait_seconds = Counter(
            "pmsync_tracker_wait_seconds", "Seconds spent waiting for rate limits and retries", registry=r
        )
        self.up = Gauge(
            "pmsync_target_up", "1 when the target answered its last poll, 0 while it is down",
            ["target"], registry=r,
        )
        self.down_since = Gauge(
            "pmsync_target_down_since_timestamp_seconds",
            "When the target became unreachable (0 when it is up)", ["target"], registry=r,
        )
        self.mails_sent = Counter("pmsync_mails_sent", "Messages delivered", registry=r)
        self.mails_failed = Counter("pmsync_mails_failed", "Delivery attempts that failed", registry=r)
        self.outbox = Gauge("pmsync_outbox_pending", "Messages waiting for delivery", registry=r)
        self.cycles = Counter("pmsync_cycles", "Sync cycles by result", ["result"], registry=r)
        self.cycle_seconds = Histogram(
            "pmsync_cycle_duration_seconds", "Duration of sync cycles",
            buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800), registry=r,
        )
        self.last_success = Gauge(
            "pmsync_last_success_timestamp_seconds", "End of the last cycle without errors", registry=r
        )
        self.job_failures = Counter(
            "pmsync_job_failures", "Daemon jobs that raised", ["job"], registry=r
        )
        self._seen: dict[tuple[str, str], int] = {}
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def serve(self, port: int, address: str) -> None:
        self._server, self._thread = start_http_server(port, addr=address, registry=self.registry)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- updates -----------------------------------------------------------------------------

    def observe_cycle(self, report: CycleReport) -> None:
        result = "interrupted" if report.interrupted else "ok" if report.ok else "failed"
        self.cycles.labels(result).inc()
        if report.finished_at is not None:
            self.cycle_seconds.observe((report.finished_at - report.started_at).total_seconds())
            if report.ok and not report.interrupted:
                self.last_success.set(report.finished_at.timestamp())
        for error in report.errors:
            operation = "poll" if error.key.startswith("poll ") else "item"
            self.errors.labels(_tracker_of(error.target), operation).inc()
        for fatal in report.fatal:
            self.errors.labels(fatal.split(":", 1)[0], "auth").inc()

    def observe_requests(self, counters: Mapping[str, RequestCounter]) -> None:
        """Add what the adapters counted since the last call."""
        for tracker, counter in counters.items():
            for endpoint, count in list(counter.counts.items()):
                key = (tracker, endpoint)
                delta = count - self._seen.get(key, 0)
                if delta > 0:
                    self.requests.labels(tracker, endpoint).inc(delta)
                self._seen[key] = count

    def observe_wait(self, seconds: float) -> None:
        self.waits.inc()
        self.wait_seconds.inc(max(seconds, 0.0))

    def observe_delivery(self, sent: int, failed: int) -> None:
        self.mails_sent.inc(sent)
        self.mails_failed.inc(failed)

    def observe_ledger(self, settings: Settings, ledger: Ledger, today: date) -> None:
        counts: dict[tuple[str, str, str], int] = {}
        for view in item_views(settings, ledger, today):
            key = (view.lifecycle, team_label(settings, view.team), priority_label(view.priority))
            counts[key] = counts.get(key, 0) + 1
        self.items.clear()
        for lifecycle in LIFECYCLES:  # every lifecycle is exported, 0 when no item is in it
            self.items.labels(lifecycle, "all", "all").set(sum(n for k, n in counts.items() if k[0] == lifecycle))
        for (lifecycle, team, priority), n in counts.items():
            self.items.labels(lifecycle, team, priority).set(n)
        self._observe_followthrough(settings, ledger, today)
        kinds: dict[str, int] = {}
        for flag in ledger.standing_flags():
            kinds[flag.kind] = kinds.get(flag.kind, 0) + 1
        self.flags.clear()
        for kind, n in kinds.items():
            self.flags.labels(kind).set(n)
        pending = ledger.conn.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
        self.outbox.set(pending)
        down: Mapping[str, datetime] = ledger.down_since()
        for target in {*settings.targets(), *down}:
            since = down.get(target)
            self.up.labels(target).set(0 if since else 1)
            self.down_since.labels(target).set(since.timestamp() if since else 0)

    def _observe_followthrough(self, settings: Settings, ledger: Ledger, today: date) -> None:
        records, pms = outcomes.timelines(settings, ledger, today)
        groups: dict[tuple[str, str], list[Record]] = {("all", "all"): list(records)}
        for r in records:
            team, priority = team_label(settings, r.team), priority_label(r.priority)
            for key in ((team, "all"), ("all", priority), (team, priority)):
                groups.setdefault(key, []).append(r)
        start = today - timedelta(days=ON_TIME_WINDOW_DAYS - 1)
        for gauge in (self.on_time, self.due, self.breaches):
            gauge.clear()
        for (team, priority), group in groups.items():
            found = numbers(group, pms, start, today)
            self.due.labels(team, priority).set(found["due"])  # type: ignore[arg-type]
            self.breaches.labels(team, priority).set(found["overdue"])  # type: ignore[arg-type]
            if found["on_time_rate"] is not None:  # no series rather than a made-up 0 or 1
                self.on_time.labels(team, priority).set(found["on_time_rate"])  # type: ignore[arg-type]

    def job_failed(self, job: str) -> None:
        self.job_failures.labels(job).inc()


def team_label(settings: Settings, team: str | None) -> str:
    """A configured team's name, else "other": label values stay bounded whatever documents say."""
    if not team:
        return "none"
    return next((t for t in settings.teams if t.casefold() == team.casefold()), "other")


def priority_label(priority: str | None) -> str:
    return priority if priority in PRIORITIES else "none"


def _tracker_of(target: str | None) -> str:
    if not target:
        return "none"
    try:
        return parse_target(target)[0]
    except ValueError:
        return target.split(":", 1)[0]
