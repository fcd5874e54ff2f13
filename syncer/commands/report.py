"""`pmsync report --html FILE`: write the public follow-through dashboard.

The file is replaced atomically (a temporary file in the same directory, fsync,
rename), so a web server serving it never sees a half-written page, and it is
made world-readable (0644) so that web server can read it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from syncer.app import ledger_or_exit, load_or_exit, utc_now
from syncer.cli import EXIT_FINDINGS, EXIT_OK
from syncer.dashboard import Dashboard, PostmortemInfo, build_dashboard, render_dashboard
from syncer.policy import local_today
from syncer.settings import Settings
from syncer.state import Ledger
from syncer.views import health, item_views, postmortem_flags

MODE = 0o644


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    dashboard: Dashboard


def run(args: argparse.Namespace) -> int:
    settings = load_or_exit(args.config, require_secrets=False)
    ledger = ledger_or_exit(settings, write=False, existing=True)
    with ledger:
        try:
            written = write_report(settings, ledger, Path(args.html), utc_now())
        except OSError as exc:
            print(f"pmsync: cannot write the dashboard {args.html}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_FINDINGS
    overall = written.dashboard.overall
    print(
        f"wrote {written.path}: {overall.committed} committed items, {overall.verified} verified, "
        f"{len(written.dashboard.attention)} need attention"
    )
    return EXIT_OK


def dashboard_from_ledger(settings: Settings, ledger: Ledger, now: datetime) -> Dashboard:
    """The dashboard model for `now` from what the ledger holds (also used by the daemon)."""
    policy = settings.policy
    views = item_views(settings, ledger, local_today(now, policy.timezone))
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
