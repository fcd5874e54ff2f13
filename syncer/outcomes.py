"""Follow-through in the ledger: when each item was verified (and whether within its deadline),
the timelines the numbers are computed from, and the weekly snapshots behind every trend.

`record` runs after each sync cycle (one transaction); the rest only reads, so `pmsync
report` works on a ledger opened read-only, computing a missing week from history.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from syncer.followthrough import TREND_WEEKS, PostmortemDates, Record, snapshot, week_ends
from syncer.policy import is_verified, local_today
from syncer.settings import Settings
from syncer.state import ItemRow, Ledger
from syncer.views import ItemView, history_of, item_views

DEMOTED_KINDS = ("demoted_priority", "demoted_backlog")


@dataclass(frozen=True, slots=True)
class Outcome:
    verified_at: datetime | None
    on_time: bool | None
    not_doing_at: datetime | None


def outcomes(ledger: Ledger) -> dict[str, Outcome]:
    rows = ledger.conn.execute("SELECT * FROM outcomes").fetchall()
    return {
        r["ident"]: Outcome(
            _dt(r["verified_at"]), None if r["on_time"] is None else bool(r["on_time"]), _dt(r["not_doing_at"])
        )
        for r in rows
    }


def record(settings: Settings, ledger: Ledger, now: datetime) -> None:
    """Remember when items became verified or were closed as not doing, and keep the weekly
    snapshots: this week's is refreshed, past weeks missing from the ledger are backfilled."""
    policy = settings.policy
    zone = ZoneInfo(policy.timezone)
    today = local_today(now, policy.timezone)
    known = outcomes(ledger)
    rows = {row.ident: row for row in ledger.items()}
    views = item_views(settings, ledger, today)
    with ledger.transaction():
        for view in views:
            before = known.get(view.ident, Outcome(None, None, None))
            verified_at = before.verified_at
            if view.lifecycle == "verified" and verified_at is None:
                verified_at = _verified_at(settings, view, rows[view.ident], now)
            elif view.lifecycle != "verified":
                verified_at = None  # reopened: verified again later, at a new time
            not_doing_at = before.not_doing_at
            if view.lifecycle == "not_doing" and not_doing_at is None:
                closed = view.ticket.closed_at if view.ticket else None
                not_doing_at = closed or now
            elif view.lifecycle != "not_doing":
                not_doing_at = None
            on_time = None
            if verified_at is not None and view.due is not None:
                on_time = verified_at.astimezone(zone).date() <= view.due
            after = Outcome(verified_at, on_time, not_doing_at)
            if after == before:
                continue
            ledger.conn.execute(
                """INSERT INTO outcomes(ident, verified_at, on_time, not_doing_at) VALUES (?,?,?,?)
                   ON CONFLICT(ident) DO UPDATE SET verified_at=excluded.verified_at,
                       on_time=excluded.on_time, not_doing_at=excluded.not_doing_at""",
                (view.ident, _iso(verified_at), None if on_time is None else int(on_time), _iso(not_doing_at)),
            )
            if verified_at is not None and before.verified_at is None:
                ledger.add_event("verified", now, view.ident, at=verified_at.isoformat(), on_time=on_time)
        records, pms = timelines(settings, ledger, today, views)  # the loop above changes no view
        stored = snapshots(ledger)
        for week_end in week_ends(today):
            final = week_end < today
            if week_end in stored and stored[week_end]["final"]:
                continue
            # A past week first computed now is a backfill from history, not a live snapshot.
            backfilled = final and (week_end not in stored or bool(stored[week_end]["backfilled"]))
            ledger.conn.execute(
                """INSERT INTO snapshots(week_end, taken_at, final, backfilled, numbers) VALUES (?,?,?,?,?)
                   ON CONFLICT(week_end) DO UPDATE SET taken_at=excluded.taken_at, final=excluded.final,
                       backfilled=excluded.backfilled, numbers=excluded.numbers""",
                (
                    week_end.isoformat(), now.isoformat(), int(final), int(backfilled),
                    json.dumps(snapshot(records, pms, week_end, today), sort_keys=True),
                ),
            )


def _verified_at(settings: Settings, view: ItemView, row: ItemRow, now: datetime) -> datetime:
    """The close, when closing was the verification (by someone other than the owner, or no
    independent check required); else the moment pmsync first saw the verifying label/comment."""
    ticket = view.ticket
    if ticket is None:
        return now
    check = is_verified(None, ticket, history_of(settings, row), settings.policy)
    if check.how in ("closed", "not_required") and ticket.closed_at is not None:
        return ticket.closed_at
    if check.how == "label":
        label = settings.policy.verified_label.strip().casefold()
        added = [
            c.at for c in ticket.history
            if c.field.casefold() == "labels" and c.at is not None and label in (c.to_value or "").casefold().split()
        ]
        if added:
            return max(added)
    return now


def snapshots(ledger: Ledger) -> dict[date, dict[str, object]]:
    rows = ledger.conn.execute("SELECT * FROM snapshots ORDER BY week_end").fetchall()
    return {
        date.fromisoformat(r["week_end"]): {
            "final": bool(r["final"]), "backfilled": bool(r["backfilled"]), "numbers": json.loads(r["numbers"]),
        }
        for r in rows
    }


def timelines(
    settings: Settings, ledger: Ledger, today: date, views: Sequence[ItemView] | None = None
) -> tuple[list[Record], list[PostmortemDates]]:
    """Every committed item's timeline and every postmortem's date, from what the ledger holds
    (`views`: the item views of `today`, when the caller has them).

    Items verified before the ledger recorded outcomes (an upgraded ledger not yet synced)
    count from their ticket's close."""
    zone = ZoneInfo(settings.policy.timezone)
    known = outcomes(ledger)
    pm_rows = {row["id"]: row for row in ledger.postmortems()}
    demoted: dict[str, date] = {}
    for event in ledger.events(kind="flag_raised"):
        if json.loads(event["details"]).get("flag") in DEMOTED_KINDS and event["ident"] not in demoted:
            demoted[event["ident"]] = datetime.fromisoformat(event["at"]).astimezone(zone).date()
    rows = {row.ident: row for row in ledger.items()}
    services: dict[str, tuple[str, ...]] = {}
    records = []
    global _records_memo
    before, memo = _records_memo, {}
    for view in views if views is not None else item_views(settings, ledger, today):
        row = rows[view.ident]
        if not row.in_doc:
            continue
        pm = pm_rows.get(row.postmortem_id)
        outcome = known.get(view.ident)
        inputs = (view, row, pm, outcome, demoted.get(view.ident), zone)
        kept = before.get(view.ident)
        if kept is not None and kept[0] == inputs:  # the same objects, mostly: no new Record
            memo[view.ident] = kept
            records.append(kept[1])
            continue
        if pm is not None and row.postmortem_id not in services:  # decoded once per postmortem
            services[row.postmortem_id] = tuple(json.loads(pm["services"]))
        verified_at = outcome.verified_at if outcome else view.verified_at
        not_doing_at = outcome.not_doing_at if outcome else None
        if outcome is None and view.lifecycle == "not_doing" and view.ticket is not None:
            not_doing_at = view.ticket.closed_at
        records.append(
            Record(
                key=row.key,
                postmortem=row.postmortem_id,
                team=row.team,
                priority=row.committed_priority,
                severity=pm["severity"] if pm else None,
                services=services[row.postmortem_id] if pm else (),
                started=_started(pm, row.first_seen, zone),
                due=row.committed_due,
                verified_on=_day(verified_at, zone),
                not_doing_on=_day(not_doing_at, zone),
                demoted_on=demoted.get(view.ident),
                accepted=view.accepted is not None,
            )
        )
        memo[view.ident] = (inputs, records[-1])
    _records_memo = memo
    pms = [
        PostmortemDates(
            id=pm_id,
            started=_date(r["review_date"]) or _date(r["date"]),
            related=tuple(json.loads(r["related"])),
        )
        for pm_id, r in pm_rows.items()
    ]
    return records, pms


# ident -> (what its Record was made from, the Record): a cycle that changed nothing makes no
# new Record (10,000 of them surviving each cycle would wake the garbage collector's full pass).
_records_memo: dict[str, tuple[tuple[object, ...], Record]] = {}


def trend(
    ledger: Ledger, records: Sequence[Record], pms: Sequence[PostmortemDates], today: date,
    weeks: int = TREND_WEEKS,
) -> list[Mapping[str, object]]:
    """The last `weeks` weekly snapshots, oldest first: ended weeks as kept in the ledger, else
    from history; the running week as of today."""
    stored = snapshots(ledger)
    found = []
    for week_end in week_ends(today, weeks):
        kept = stored.get(week_end)
        if kept is not None and kept["final"] and week_end < today:
            found.append(kept["numbers"])  # type: ignore[arg-type]
        else:
            found.append(snapshot(records, pms, week_end, today))
    return found


def _started(pm: Mapping[str, str] | None, first_seen: datetime, zone: ZoneInfo) -> date:
    if pm is not None:
        base = _date(pm["review_date"]) or _date(pm["date"])
        if base is not None:
            return base
    return first_seen.astimezone(zone).date()


def _day(value: datetime | None, zone: ZoneInfo) -> date | None:
    return value.astimezone(zone).date() if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
