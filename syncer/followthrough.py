"""Follow-through numbers leaders manage by: deadline objectives (SLOs), on-time completion,
time to verification, ageing, and their weekly trend.

Pure: the caller passes each committed item's timeline (`Record`) and the postmortems;
nothing here reads a clock, the ledger or a file. Every number is defined over a period of
whole days [start, end] in the policy's time zone:

- on-time rate: of the items whose deadline fell in the period (and not closed as not doing
  by the end), the share verified done on or before the deadline;
- days to verify (median, p90 by nearest rank): postmortem date to verified, for the items
  verified in the period;
- open by age band, overdue and overdue share: the items still open at the end of the period
  (verified or closed as not doing by then are not open), by days since their postmortem;
- demotions and won't-dos: items first demoted / closed as not doing in the period, and of
  those won't-dos the ones a team lead accepted;
- repeat incidents: postmortems dated in the period relating to an earlier postmortem that
  still had open items on that day;
- k of n: per postmortem dated in the period, items verified by the end of it out of those
  committed.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from syncer.model import ActionItem, Finding
from syncer.policy import beyond_slo_details

if TYPE_CHECKING:
    from syncer.settings import SloSettings

NO_TEAM = "No team"
UNSET = "none"  # group name of items without a priority, severity or service
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30d", 0, 30),
    ("31-90d", 31, 90),
    ("91-180d", 91, 180),
    ("181d+", 181, None),
)
GROUPINGS = ("team", "priority", "severity", "service")
BEYOND_SLO = "deadline-beyond-slo"  # the finding of a written deadline later than its objective
TREND_WEEKS = 12


def slo_days(slo: SloSettings, priority: str | None, severity: str | None) -> int:
    """The objective in days: the postmortem severity's, when configured, else the priority's."""
    if severity and severity.strip().upper() in slo.severity:
        return slo.severity[severity.strip().upper()]
    return slo.priority.get((priority or "").upper(), max(slo.priority.values()))


def slo_deadline(base: date, slo: SloSettings, priority: str | None, severity: str | None) -> date:
    return base + timedelta(days=slo_days(slo, priority, severity))


def beyond_slo_findings(
    items: Iterable[tuple[ActionItem, str, str | None, date | None]],
) -> list[Finding]:
    """`deadline-beyond-slo` for each (item, document path, priority, SLO deadline) whose
    written deadline is later than its objective (a warning: the written deadline stands)."""
    return [
        Finding(
            BEYOND_SLO, "warning", beyond_slo_details(item.due, slo_due, priority), path,
            item.line, item.key,
        )
        for item, path, priority, slo_due in items
        if item.due is not None and slo_due is not None and item.due > slo_due
    ]


@dataclass(frozen=True, slots=True)
class Record:
    """One committed item's timeline, all days in the policy's time zone."""

    key: str
    postmortem: str
    team: str | None
    priority: str | None
    severity: str | None
    services: tuple[str, ...]
    started: date  # the postmortem's review date, else its incident date, else first seen
    due: date | None  # the effective deadline (the document's, else the SLO's)
    verified_on: date | None = None
    not_doing_on: date | None = None
    demoted_on: date | None = None
    accepted: bool = False  # closed as not doing with a team lead's recorded acceptance

    def verified_by(self, day: date) -> bool:
        return self.verified_on is not None and self.verified_on <= day

    def open_on(self, day: date) -> bool:
        closed = self.verified_by(day) or (self.not_doing_on is not None and self.not_doing_on <= day)
        return self.started <= day and not closed

    @property
    def on_time(self) -> bool | None:
        """Verified within its deadline; None while not verified (or without a deadline)."""
        if self.verified_on is None or self.due is None:
            return None
        return self.verified_on <= self.due


@dataclass(frozen=True, slots=True)
class PostmortemDates:
    id: str
    started: date | None
    related: tuple[str, ...] = ()


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def numbers(
    records: Sequence[Record], postmortems: Sequence[PostmortemDates], start: date, end: date
) -> dict[str, object]:
    """Every number for the period [start, end] over `records` (see the module docstring)."""
    due = [
        r for r in records
        if r.due is not None and start <= r.due <= end
        and not (r.not_doing_on is not None and r.not_doing_on <= end)
    ]
    on_time = [r for r in due if r.verified_on is not None and r.verified_on <= r.due]  # type: ignore[operator]
    verified = [r for r in records if r.verified_on is not None and start <= r.verified_on <= end]
    days = [max(0, (r.verified_on - r.started).days) for r in verified]  # type: ignore[operator]
    still_open = [r for r in records if r.open_on(end)]
    overdue = [r for r in still_open if r.due is not None and r.due < end]
    ages = [(end - r.started).days for r in still_open]
    return {
        "items": sum(r.started <= end for r in records),
        "due": len(due),
        "on_time": len(on_time),
        "on_time_rate": _ratio(len(on_time), len(due)),
        "verified": len(verified),
        "median_days_to_verify": statistics.median(days) if days else None,
        "p90_days_to_verify": percentile(days, 0.9),
        "open": len(still_open),
        "open_by_age": {
            name: sum(low <= age and (high is None or age <= high) for age in ages)
            for name, low, high in AGE_BANDS
        },
        "overdue": len(overdue),
        "overdue_share": _ratio(len(overdue), len(still_open)),
        "demotions": sum(r.demoted_on is not None and start <= r.demoted_on <= end for r in records),
        "wont_do": sum(r.not_doing_on is not None and start <= r.not_doing_on <= end for r in records),
        "accepted_wont_do": sum(
            r.accepted and r.not_doing_on is not None and start <= r.not_doing_on <= end for r in records
        ),
        "repeat_incidents": repeat_incidents(records, postmortems, start, end),
    }


def repeat_incidents(
    records: Sequence[Record], postmortems: Sequence[PostmortemDates], start: date, end: date
) -> list[str]:
    """Postmortems dated in the period whose related earlier postmortem had open items that day."""
    by_pm: dict[str, list[Record]] = {}
    for r in records:
        by_pm.setdefault(r.postmortem, []).append(r)
    found = []
    for pm in postmortems:
        if pm.started is None or not start <= pm.started <= end:
            continue
        day = pm.started
        if any(
            earlier != pm.id and any(r.open_on(day) for r in by_pm.get(earlier, ()))
            for earlier in pm.related
        ):
            found.append(pm.id)
    return sorted(found)


def follow_through(
    records: Sequence[Record], postmortems: Sequence[PostmortemDates], start: date, end: date
) -> list[dict[str, object]]:
    """Per postmortem dated in the period with items among `records`: k of its n committed
    items verified by `end`."""
    by_pm: dict[str, list[Record]] = {}
    for r in records:
        by_pm.setdefault(r.postmortem, []).append(r)
    rows = []
    for pm in sorted(postmortems, key=lambda p: (p.started or date.min, p.id)):
        if pm.started is None or not start <= pm.started <= end:
            continue
        items = by_pm.get(pm.id, [])
        if not items:
            continue
        rows.append({
            "postmortem": pm.id,
            "date": pm.started.isoformat(),
            "verified": sum(r.verified_by(end) for r in items),
            "items": len(items),
        })
    return rows


def group_keys(record: Record, grouping: str) -> tuple[str, ...]:
    """The groups an item counts in: one team/priority/severity, each of its services."""
    if grouping == "team":
        return (record.team or NO_TEAM,)
    if grouping == "priority":
        return (record.priority or UNSET,)
    if grouping == "severity":
        return ((record.severity or UNSET).upper(),)
    if grouping == "service":
        return record.services or (UNSET,)
    raise ValueError(f"unknown grouping {grouping!r} (expected one of {', '.join(GROUPINGS)})")


def grouped(records: Iterable[Record], grouping: str) -> dict[str, list[Record]]:
    groups: dict[str, list[Record]] = {}
    for r in records:
        for name in group_keys(r, grouping):
            groups.setdefault(name, []).append(r)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] in (NO_TEAM, UNSET), kv[0].casefold())))


def week_ends(today: date, weeks: int = TREND_WEEKS) -> list[date]:
    """The Sundays ending the last `weeks` ISO weeks, oldest first; the last is this week's."""
    sunday = today + timedelta(days=6 - today.weekday())
    return [sunday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


HEADLINE = ("on_time_rate", "due", "on_time", "open", "overdue", "overdue_share", "verified",
            "median_days_to_verify")


def snapshot(
    records: Sequence[Record], postmortems: Sequence[PostmortemDates], week_end: date, today: date
) -> dict[str, object]:
    """One week's headline numbers, overall and per team and priority (what the trend shows);
    the week still running is measured up to `today`."""
    start, end = week_end - timedelta(days=6), min(week_end, today)

    def headline(group: Sequence[Record]) -> dict[str, object]:
        found = numbers(group, postmortems, start, end)
        return {name: found[name] for name in HEADLINE}

    return {
        "week_end": week_end.isoformat(),
        "all": headline(records),
        "team": {name: headline(g) for name, g in grouped(records, "team").items()},
        "priority": {name: headline(g) for name, g in grouped(records, "priority").items()},
    }


@dataclass(frozen=True, slots=True)
class Headline:
    """What a weekly review says about follow-through: the last `days` days and the trend."""

    days: int
    on_time_rate: float | None
    due: int
    on_time: int
    open: int
    overdue: int
    weekly: tuple[float | None, ...]  # the on-time rate of each of the last 12 weeks, oldest first

    @property
    def weekly_words(self) -> str:
        return ", ".join("-" if rate is None else f"{round(rate * 100)}%" for rate in self.weekly)

    @property
    def rate_words(self) -> str:
        return "-" if self.on_time_rate is None else f"{round(self.on_time_rate * 100)}%"


def headline(
    records: Sequence[Record], postmortems: Sequence[PostmortemDates], today: date, days: int = 90
) -> Headline:
    found = numbers(records, postmortems, today - timedelta(days=days - 1), today)
    weekly = tuple(
        numbers(records, postmortems, end - timedelta(days=6), min(end, today))["on_time_rate"]
        for end in week_ends(today)
    )
    return Headline(
        days=days,
        on_time_rate=found["on_time_rate"],  # type: ignore[arg-type]
        due=found["due"],  # type: ignore[arg-type]
        on_time=found["on_time"],  # type: ignore[arg-type]
        open=found["open"],  # type: ignore[arg-type]
        overdue=found["overdue"],  # type: ignore[arg-type]
        weekly=weekly,  # type: ignore[arg-type]
    )


def report(
    records: Sequence[Record],
    postmortems: Sequence[PostmortemDates],
    start: date,
    end: date,
    trend: Sequence[Mapping[str, object]] = (),
) -> dict[str, object]:
    """The whole report for a period: overall, per grouping, per postmortem, and the trend."""
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "overall": numbers(records, postmortems, start, end),
        "groups": {
            grouping: {name: numbers(g, postmortems, start, end) for name, g in grouped(records, grouping).items()}
            for grouping in GROUPINGS
        },
        "postmortems": follow_through(records, postmortems, start, end),
        "trend": list(trend),
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
