"""Prometheus follow-through gauges on a ledger the real engine built (the dashboard's
deployment: two teams, items verified, overdue, demoted, declined)."""

from __future__ import annotations

from datetime import date

from prometheus_client import generate_latest

from syncer.metrics import Metrics
from syncer.settings import load_settings
from syncer.state import Ledger
from tests.integration.test_dashboard_browser import deployment  # noqa: F401  (the fixture)


def scrape(config) -> dict[str, float]:
    settings = load_settings(config)
    metrics = Metrics()
    with Ledger.open(settings.daemon.state, write=False) as ledger:
        metrics.observe_ledger(settings, ledger, date(2026, 11, 23))
    found = {}
    for line in generate_latest(metrics.registry).decode().splitlines():
        if line.startswith("pmsync_") and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            found[name] = float(value)
    return found


def test_gauges_per_team_and_priority_with_bounded_labels(deployment):  # noqa: F811
    config, _ = deployment
    m = scrape(config)
    assert m['pmsync_items{lifecycle="verified",priority="all",team="all"}'] == 2
    assert m['pmsync_items{lifecycle="verified",priority="P1",team="payments"}'] == 1
    assert m['pmsync_items{lifecycle="pending",priority="all",team="all"}'] == 0
    # INC-1/1 was due 2026-11-10 and is still open: the one item due in the window, late
    assert m['pmsync_due_items{priority="all",team="payments"}'] == 1
    assert m['pmsync_on_time_ratio{priority="P1",team="payments"}'] == 0
    assert m['pmsync_slo_breaches{priority="all",team="all"}'] == 1
    assert m['pmsync_slo_breaches{priority="P1",team="web"}'] == 0
    assert not any(k.startswith("pmsync_on_time_ratio") and 'team="web"' in k for k in m)  # nothing due
    teams = {part.split('"')[1] for k in m for part in k.split(",") if part.startswith("team=")}
    assert teams <= {"all", "payments", "web", "other", "none"}
