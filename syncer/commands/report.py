"""`pmsync report`: the follow-through dashboard (`--html FILE`), the numbers (`--json`) and one
row per item (`--csv`), for a `--period` and a `--team`.

The dashboard file is replaced atomically (a temporary file in the same directory, fsync,
rename), so a web server serving it never sees a half-written page, and it is
made world-readable (0644) so that web server can read it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from syncer import outcomes
from syncer.app import ledger_or_exit, load_or_exit, utc_now
from syncer.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from syncer.dashboard import (
    Dashboard,
    PostmortemInfo,
    build_dashboard,
    build_overview,
    render_dashboard,
)
from syncer.exports import PeriodError, item_rows, parse_period, to_csv
from syncer.followthrough import report, snapshot, week_ends
from syncer.policy import local_today
from syncer.settings import Settings
from syncer.state import Ledger
from syncer.views import filter_views, health, item_views, postmortem_flags

MODE = 0o644


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    dashboard: Dashboard


def run(args: argparse.Namespace) -> int:
    settings = load_or_exit(args.config, require_secrets=False)
    if not (args.html or args.json or args.csv):
        print("pmsync report: say what to write: --html FILE, --json or --csv", file=sys.stderr)
        return EXIT_USAGE
    if args.html and (args.json or args.csv):
        print("pmsync report: --html writes a file; --json and --csv print, one at a time", file=sys.stderr)
        return EXIT_USAGE
    if args.json and args.csv:
        print("pmsync report: --json or --csv, not both", file=sys.stderr)
        return EXIT_USAGE
    ledger = ledger_or_exit(settings, write=False, existing=True)
    now = utc_now()
    with ledger:
        if args.json or args.csv:
            try:
                found = followthrough_report(settings, ledger, now, period=args.period, team=args.team)
            except PeriodError as exc:
                print(f"pmsync report: {exc}", file=sys.stderr)
                return EXIT_USAGE
            if args.json:
                sys.stdout.write(json.dumps(found.numbers, indent=2, sort_keys=True) + "\n")
            else:
                sys.stdout.write(to_csv(found.rows))
            return EXIT_OK
        try:
            written = write_report(settings, ledger, Path(args.html), now)
        except OSError as exc:
            print(f"pmsync: cannot write the dashboard {args.html}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_FINDINGS
    overall = written.dashboard.overall
    print(
        f"wrote {written.path}: {overall.committed} committed items, {overall.verified} verified, "
        f"{len(written.dashboard.attention)} need attention"
    )
    return EXIT_OK


@dataclass(frozen=True, slots=True)
class FollowThrough:
    numbers: dict[str, object]  # what --json prints
    rows: list[dict[str, object]]  # what --csv prints


def followthrough_report(
    settings: Settings, ledger: Ledger, now: datetime, *, period: str | None = None, team: str | None = None
) -> FollowThrough:
    """The numbers and item rows for a period (see `parse_period`) and optionally one team.
    Raises PeriodError."""
    today = local_today(now, settings.policy.timezone)
    records, pms = outcomes.timelines(settings, ledger, today)
    earliest = min((r.started for r in records), default=None)
    span = parse_period(period, today, earliest)
    views = item_views(settings, ledger, today)
    if team:
        views = filter_views(views, team=team)
        records = [r for r in records if (r.team or "").casefold() == team.casefold()]
        trend = [snapshot(records, pms, week_end, today) for week_end in week_ends(today)]
    else:
        trend = list(outcomes.trend(ledger, records, pms, today))
    numbers = report(records, pms, span.start, span.end, trend)
    numbers["generated_at"] = now.isoformat()
    numbers["team"] = team
    numbers["slo_days"] = {"priority": settings.policy.slo.priority, "severity": settings.policy.slo.severity}
    started = {pm.id: pm.started for pm in pms}
    views = [v for v in views if (d := started.get(v.postmortem)) is None or span.start <= d <= span.end]
    return FollowThrough(numbers, item_rows(settings, views, records, ledger))


def dashboard_from_ledger(settings: Settings, ledger: Ledger, now: datetime) -> Dashboard:
    """The dashboard model for `now` from what the ledger holds (also used by the daemon)."""
    policy = settings.policy
    today = local_today(now, policy.timezone)
    views = item_views(settings, ledger, today)
    records, pms = outcomes.timelines(settings, ledger, today)
    names = {
        v.owner: found[1].name for v in views if v.owner and (found := settings.person(v.owner)) and found[1].name
    }
    return build_dashboard(
        views,
        [
            PostmortemInfo(
                id=row["id"],
                title=row["title"],
                team=row["team"],
                date=_date(row["date"]),
                review_date=_date(row["review_date"]),
                doc_url=row["doc_url"],
            )
            for row in ledger.postmortems()
        ],
        now=now,
        timezone=policy.timezone,
        postmortem_flags=postmortem_flags(ledger),
        first_seen={row.ident: row.first_seen for row in ledger.items()},
        health=health(ledger),
        independent_verification=policy.require_independent_verification,
        overview=build_overview(records, pms, today, outcomes.trend(ledger, records, pms, today)),
        owner_names=names,
    )


def write_report(settings: Settings, ledger: Ledger, path: Path, now: datetime) -> Written:
    """Render the dashboard and replace `path` with it atomically. Raises OSError."""
    dashboard = dashboard_from_ledger(settings, ledger, now)
    write_atomically(path, render_dashboard(dashboard).encode())
    return Written(path, dashboard)


def write_atomically(path: Path, data: bytes, mode: int = MODE) -> None:
    """Readers see the old file or the new one, never a partial one, even after a crash."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fchmod(out.fileno(), mode)  # mkstemp makes it 0600; the web server must read it
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_directory(directory)  # the rename itself survives a power loss


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
