"""The public follow-through dashboard (`pmsync report --html`): figures and one HTML page.

Pure: the caller passes the item views, the postmortems, the sync health and
`now`; nothing here reads a clock, the ledger or a file (the template comes
with the package). Item text, owners and flag details are untrusted input:
the template autoescapes everything and links only http(s) URLs.

The page states facts and commitments (what was promised, by when, what the
tracker says now), never blame.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from syncer.followthrough import NO_TEAM, PostmortemDates, Record, grouped, numbers
from syncer.render import template_environment
from syncer.state import FlagRow
from syncer.views import ItemView
from syncer.wording import lifecycle_words, ticket_label

OPEN_PHASES = frozenset({"pending", "open", "in_progress"})
DEMOTED_KINDS = frozenset({"demoted_priority", "demoted_backlog"})

FLAG_LABELS: Mapping[str, str] = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "demoted_priority": "Priority lowered",
    "demoted_backlog": "Moved to backlog",
    "closed_not_done": "Closed as not doing",
    "deadline_slipped": "Deadline moved",
    "blocked": "Blocked",
    "unassigned": "Not assigned to its owner",
    "unverified_done": "Awaiting independent verification",
    "missing_ticket": "Ticket missing",
    "removed_from_doc": "Left the document, ticket open",
    "repeat_incident": "Repeat incident",
    "deadline_beyond_slo": "Deadline beyond the objective",
}


@dataclass(frozen=True, slots=True)
class PostmortemInfo:
    """What the dashboard needs of a postmortem (a ledger `postmortems` row)."""

    id: str
    title: str
    team: str | None = None
    date: date | None = None  # incident date
    review_date: date | None = None
    doc_url: str | None = None


@dataclass(frozen=True, slots=True)
class Figures:
    """Counts over committed items: those still in their postmortem document."""

    committed: int
    open: int
    overdue: int
    demoted: int
    unverified: int
    verified: int
    not_doing: int
    flagged: int  # items with a standing flag, those that left their document included
    removed: int  # items that left their document: not committed any more, not counted above
    completion: float | None  # verified / committed; None without committed items
    median_days_to_verify: float | None  # review date (else first seen) → verified


@dataclass(frozen=True, slots=True)
class FlagNote:
    kind: str
    label: str
    details: str
    since: datetime


@dataclass(frozen=True, slots=True)
class ItemLine:
    key: str
    text: str
    owner: str | None
    team: str
    postmortem_id: str
    postmortem_title: str
    doc_url: str | None
    due: date | None
    days_overdue: int
    lifecycle: str
    status: str  # the lifecycle in words
    ticket_label: str | None
    ticket_url: str | None
    flags: tuple[FlagNote, ...]
    due_from_slo: bool = False  # the document names no deadline: this is the SLO's


@dataclass(frozen=True, slots=True)
class TeamSummary:
    name: str
    figures: Figures


@dataclass(frozen=True, slots=True)
class PostmortemSummary:
    id: str
    title: str
    team: str | None
    date: date | None
    doc_url: str | None
    figures: Figures
    flags: tuple[FlagNote, ...]  # on the whole postmortem: repeat incidents
    items: tuple[ItemLine, ...]


@dataclass(frozen=True, slots=True)
class Spark:
    """A 12-week trend line: one value per week (None where nothing was due), drawn in SVG."""

    name: str
    values: tuple[float | None, ...]
    on_time_rate: float | None  # over the overview's window
    overdue: int  # open past the deadline now
    segments: tuple[str, ...]  # SVG polyline points, split where a week has no value
    dots: tuple[tuple[float, float], ...]
    description: str  # the same numbers in words, for screen readers


@dataclass(frozen=True, slots=True)
class Overview:
    window_days: int
    on_time_rate: float | None
    due: int
    on_time: int
    open: int
    overdue: int
    median_days_to_verify: float | None
    overall: Spark
    teams: tuple[Spark, ...]
    priorities: tuple[Spark, ...]


@dataclass(frozen=True, slots=True)
class AttentionGroup:
    team: str
    lines: tuple[ItemLine, ...]


@dataclass(frozen=True, slots=True)
class Dashboard:
    generated_at: datetime  # in the policy's time zone
    last_success: datetime | None
    consecutive_failures: int
    overall: Figures
    teams: tuple[TeamSummary, ...]
    postmortems: tuple[PostmortemSummary, ...]
    attention: tuple[ItemLine, ...]  # every flagged item, most overdue first
    independent_verification: bool
    overview: Overview | None = None
    attention_by_team: tuple[AttentionGroup, ...] = ()


SPARK_WIDTH, SPARK_HEIGHT = 120, 32
OVERVIEW_DAYS = 90


def spark(name: str, weekly: Sequence[float | None], window: Mapping[str, object]) -> Spark:
    """The trend of on-time rates (0..1) as SVG coordinates, with the same numbers in words."""
    step = (SPARK_WIDTH - 6) / max(1, len(weekly) - 1)  # 3 px margins keep the end dots whole
    segments: list[str] = []
    dots: list[tuple[float, float]] = []
    current: list[str] = []
    for i, value in enumerate(weekly):
        if value is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
            continue
        x, y = round(3 + i * step, 1), round(SPARK_HEIGHT - 3 - value * (SPARK_HEIGHT - 6), 1)
        current.append(f"{x},{y}")
        dots.append((x, y))
    if len(current) > 1:
        segments.append(" ".join(current))
    words = ", ".join(_percent(v) if v is not None else "nothing due" for v in weekly)
    rate = window.get("on_time_rate")
    return Spark(
        name=name,
        values=tuple(weekly),
        on_time_rate=rate if isinstance(rate, float) else None,
        overdue=_int(window.get("overdue")),
        segments=tuple(segments),
        dots=tuple(dots),
        description=f"{name}: on-time rate per week over the last {len(weekly)} weeks, oldest first: {words}",
    )


def build_overview(
    records: Sequence[Record], postmortems: Sequence[PostmortemDates], today: date,
    trend: Sequence[Mapping[str, object]], days: int = OVERVIEW_DAYS,
) -> Overview:
    """Headline numbers over the last `days` days and the weekly trend per team and priority."""
    start = today - timedelta(days=days - 1)
    found = numbers(records, postmortems, start, today)

    def weekly(path: tuple[str, ...]) -> list[float | None]:
        values: list[float | None] = []
        for week in trend:
            node: object = week
            for part in path:
                node = node.get(part, {}) if isinstance(node, Mapping) else {}
            rate = node.get("on_time_rate") if isinstance(node, Mapping) else None
            values.append(rate if isinstance(rate, (int, float)) else None)
        return values

    def sparks(grouping: str) -> tuple[Spark, ...]:
        return tuple(
            spark(name, weekly((grouping, name)), numbers(group, postmortems, start, today))
            for name, group in grouped(records, grouping).items()
        )

    return Overview(
        window_days=days,
        on_time_rate=found["on_time_rate"],  # type: ignore[arg-type]
        due=_int(found["due"]),
        on_time=_int(found["on_time"]),
        open=_int(found["open"]),
        overdue=_int(found["overdue"]),
        median_days_to_verify=found["median_days_to_verify"],  # type: ignore[arg-type]
        overall=spark("All teams", weekly(("all",)), found),
        teams=sparks("team"),
        priorities=sparks("priority"),
    )


def build_dashboard(
    views: Sequence[ItemView],
    postmortems: Sequence[PostmortemInfo],
    *,
    now: datetime,
    timezone: str,
    postmortem_flags: Mapping[str, Sequence[FlagRow]] | None = None,
    first_seen: Mapping[str, datetime] | None = None,
    health: Mapping[str, object] | None = None,
    independent_verification: bool = True,
    overview: Overview | None = None,
    owner_names: Mapping[str, str] | None = None,
) -> Dashboard:
    """The dashboard's model. `first_seen` (item ident → when the ledger first saw it) is the
    start of the time to verification when the postmortem has no review or incident date."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got {now.isoformat()}")
    zone = ZoneInfo(timezone)
    info = {pm.id: pm for pm in postmortems}
    first_seen = first_seen or {}
    pm_flags = postmortem_flags or {}
    health = health or {}

    def started(view: ItemView) -> date | None:
        pm = info.get(view.postmortem)
        base = (pm.review_date or pm.date) if pm else None
        if base is None and view.ident in first_seen:
            base = first_seen[view.ident].astimezone(zone).date()
        return base

    def figures(group: Sequence[ItemView]) -> Figures:
        return compute_figures(group, started, timezone)

    names = owner_names or {}
    lines = {v.ident: _line(v, info.get(v.postmortem), zone, names) for v in views}
    by_team: dict[str, list[ItemView]] = {}
    by_pm: dict[str, list[ItemView]] = {}
    for v in views:
        by_team.setdefault(v.team or NO_TEAM, []).append(v)
        by_pm.setdefault(v.postmortem, []).append(v)
    pm_ids = sorted({*info, *by_pm})
    attention = sorted(
        (lines[v.ident] for v in views if v.flags),
        key=lambda line: (-line.days_overdue, line.postmortem_id, line.key),
    )
    last_success = _parse_time(health.get("last_success"))
    return Dashboard(
        generated_at=now.astimezone(zone),
        last_success=last_success.astimezone(zone) if last_success else None,
        consecutive_failures=_int(health.get("consecutive_failures")),
        overall=figures(views),
        teams=tuple(
            TeamSummary(name, figures(group))
            for name, group in sorted(by_team.items(), key=lambda kv: (kv[0] == NO_TEAM, kv[0].casefold()))
        ),
        postmortems=tuple(
            _postmortem(
                pm_id, info.get(pm_id), by_pm.get(pm_id, []), lines, pm_flags.get(pm_id, ()), figures, zone
            )
            for pm_id in pm_ids
        ),
        attention=tuple(attention),
        independent_verification=independent_verification,
        overview=overview,
        attention_by_team=_by_team(attention),
    )


def _by_team(lines: Sequence[ItemLine]) -> tuple[AttentionGroup, ...]:
    groups: dict[str, list[ItemLine]] = {}
    for line in lines:
        groups.setdefault(line.team, []).append(line)
    order = sorted(groups, key=lambda team: (team == NO_TEAM, -len(groups[team]), team.casefold()))
    return tuple(AttentionGroup(team, tuple(groups[team])) for team in order)


def compute_figures(
    views: Iterable[ItemView], started: Callable[[ItemView], date | None], timezone: str
) -> Figures:
    """Counts, completion rate and median days to verification over committed items.

    `started(view)` is the day the item was committed to (None when unknown); the day it was
    verified is taken in `timezone`, the policy's.
    """
    zone = ZoneInfo(timezone)
    views = list(views)
    committed = [v for v in views if v.in_doc]
    phase = [v.lifecycle for v in committed]
    verified = [v for v in committed if v.lifecycle == "verified"]
    days: list[int] = []
    for v in verified:
        start = started(v)
        if v.verified_at is None or start is None:
            continue
        # Adopted tickets can have been closed before the review: that is zero days, not negative.
        days.append(max(0, (v.verified_at.astimezone(zone).date() - start).days))
    kinds = [{f.kind for f in v.flags} for v in committed]
    return Figures(
        committed=len(committed),
        open=sum(p in OPEN_PHASES for p in phase),
        overdue=sum(v.days_overdue > 0 for v in committed),
        demoted=sum(bool(k & DEMOTED_KINDS) for k in kinds),
        unverified=sum(
            v.lifecycle == "done_awaiting_verification" or "unverified_done" in k
            for v, k in zip(committed, kinds, strict=True)
        ),
        verified=len(verified),
        not_doing=sum(p == "not_doing" for p in phase),
        flagged=sum(bool(v.flags) for v in views),
        removed=len(views) - len(committed),
        completion=len(verified) / len(committed) if committed else None,
        median_days_to_verify=statistics.median(days) if days else None,
    )


def safe_url(url: str | None) -> str | None:
    """Only http(s) links: a `javascript:` URL from a ledger must never become a live link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def flag_label(kind: str) -> str:
    return FLAG_LABELS.get(kind, kind.replace("_", " ").capitalize())


def _notes(flags: Iterable[FlagRow], zone: ZoneInfo) -> tuple[FlagNote, ...]:
    return tuple(
        FlagNote(f.kind, flag_label(f.kind), f.details, f.raised_at.astimezone(zone)) for f in flags
    )


def _line(view: ItemView, pm: PostmortemInfo | None, zone: ZoneInfo, names: Mapping[str, str]) -> ItemLine:
    return ItemLine(
        key=view.key,
        text=view.text,
        owner=names.get(view.owner, view.owner) if view.owner else None,
        team=view.team or NO_TEAM,
        postmortem_id=view.postmortem,
        postmortem_title=view.postmortem_title,
        doc_url=safe_url(pm.doc_url) if pm else None,
        due=view.due,
        days_overdue=view.days_overdue,
        due_from_slo=view.due_from_slo,
        lifecycle=view.lifecycle,
        status=lifecycle_words(view.lifecycle).capitalize()
        + (f" — {view.accepted.describe()}" if view.accepted else ""),
        ticket_label=ticket_label(view.ticket.ref) if view.ticket else None,
        ticket_url=safe_url(view.ticket_url),
        flags=_notes(view.flags, zone),
    )


def _postmortem(
    pm_id: str,
    pm: PostmortemInfo | None,
    views: Sequence[ItemView],
    lines: Mapping[str, ItemLine],
    flags: Sequence[FlagRow],
    figures: Callable[[Sequence[ItemView]], Figures],
    zone: ZoneInfo,
) -> PostmortemSummary:
    title = pm.title if pm else (views[0].postmortem_title if views else pm_id)
    return PostmortemSummary(
        id=pm_id,
        title=title,
        team=pm.team if pm else None,
        date=pm.date if pm else None,
        doc_url=safe_url(pm.doc_url) if pm else None,
        figures=figures(views),
        flags=_notes(flags, zone),
        items=tuple(lines[v.ident] for v in views),
    )


def _parse_time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value)
    return None


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


# -- rendering ----------------------------------------------------------------------------------

_ENV = template_environment()


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def _days(value: float | None) -> str:
    if value is None:
        return "—"
    number = f"{value:g}" if value != int(value) else str(int(value))
    return f"{number} day" if value == 1 else f"{number} days"


def _when(value: datetime | None) -> str:
    return "never" if value is None else value.strftime("%Y-%m-%d %H:%M %Z")


_ENV.filters.update(percent=_percent, days=_days, when=_when)
_ENV.globals.update(spark_width=SPARK_WIDTH, spark_height=SPARK_HEIGHT)
# Compiled once at import, so rendering itself never touches the file system.
_TEMPLATE = _ENV.get_template("dashboard.html.j2")


def render_dashboard(dashboard: Dashboard) -> str:
    """The dashboard as one self-contained HTML page (inline CSS, no scripts, no external assets)."""
    return _TEMPLATE.render(d=dashboard)
