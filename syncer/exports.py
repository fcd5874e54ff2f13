"""`pmsync report --json/--csv`: the period a report covers, and one row per item with every
field and flag, for spreadsheets and BI tools.

Document and tracker text is untrusted: a CSV cell that a spreadsheet would run as a formula
is written as text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from syncer.followthrough import Record
from syncer.settings import Settings
from syncer.state import Ledger
from syncer.views import ItemView
from syncer.wording import lifecycle_words, ticket_label

_RELATIVE = re.compile(r"(\d{1,4})([dw])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")


class PeriodError(ValueError):
    """A --period pmsync cannot read."""


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date


def parse_period(text: str | None, today: date, earliest: date | None) -> Period:
    """`START..END` (ISO dates, either side may be left out), `90d`/`12w` (the last days/weeks up
    to today), `2026-11`, `2026-Q3`, `2026`; none: from the earliest postmortem to today.
    The end is never after today: numbers about days still to come would be guesses."""
    first = earliest or today
    value = (text or "").strip()
    try:
        if not value:
            start, end = first, today
        elif ".." in value:
            left, right = (part.strip() for part in value.split("..", 1))
            start = date.fromisoformat(left) if left else first
            end = date.fromisoformat(right) if right else today
        elif m := _RELATIVE.fullmatch(value):
            days = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
            start, end = today - timedelta(days=days - 1), today
        elif m := _QUARTER.fullmatch(value):
            year, quarter = int(m.group(1)), int(m.group(2))
            start = date(year, 3 * quarter - 2, 1)
            end = _month_end(year, 3 * quarter)
        elif m := _MONTH.fullmatch(value):
            start = date(int(m.group(1)), int(m.group(2)), 1)
            end = _month_end(start.year, start.month)
        elif _YEAR.fullmatch(value):
            start, end = date(int(value), 1, 1), date(int(value), 12, 31)
        else:
            raise ValueError("unknown form")
    except ValueError as exc:
        raise PeriodError(
            f"--period {text!r}: expected START..END (ISO dates), 90d, 12w, 2026-11, 2026-Q3 or 2026 ({exc})"
        ) from None
    end = min(end, today)
    if start > end:
        raise PeriodError(f"--period {text!r}: starts after it ends (ends {end.isoformat()})")
    return Period(start, end)


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


CSV_COLUMNS = (
    "item", "postmortem", "postmortem_title", "postmortem_date", "severity", "services", "team",
    "owner", "owner_name", "action", "verify", "priority", "deadline", "deadline_source",
    "slo_deadline", "beyond_slo", "state", "ticket", "ticket_url", "ticket_status",
    "verified_on", "on_time", "closed_not_doing_on", "accepted_by", "accepted_reason", "demoted_on",
    "days_overdue", "flags",
    "flag_details", "in_document", "error",
)


def item_rows(
    settings: Settings, views: Sequence[ItemView], records: Sequence[Record], ledger: Ledger
) -> list[dict[str, object]]:
    """One row per item (those that left their document too), every field and flag."""
    by_key = {r.key: r for r in records}
    pms = {row["id"]: row for row in ledger.postmortems()}
    items = {row.ident: row for row in ledger.items()}
    rows = []
    for v in views:
        record = by_key.get(v.key)
        person = settings.person(v.owner)
        item, pm = items[v.ident], pms.get(v.postmortem)
        slo = item.slo_due
        rows.append({
            "item": v.key,
            "postmortem": v.postmortem,
            "postmortem_title": v.postmortem_title,
            "postmortem_date": (pm["review_date"] or pm["date"] or "") if pm else "",
            "severity": (pm["severity"] or "") if pm else "",
            "services": "; ".join(json.loads(pm["services"])) if pm else "",
            "team": v.team or "",
            "owner": v.owner or "",
            "owner_name": (person[1].name or person[0]) if person else "",
            "action": v.text,
            "verify": v.verify or "",
            "priority": v.priority or "",
            "deadline": _iso(v.due),
            "deadline_source": "document" if item.due else "slo",
            "slo_deadline": _iso(slo),
            "beyond_slo": _yes(bool(v.due and slo and v.due > slo)),
            "state": lifecycle_words(v.lifecycle),
            "ticket": ticket_label(v.ticket.ref) if v.ticket else "",
            "ticket_url": v.ticket_url or "",
            "ticket_status": (v.ticket.status or "") if v.ticket else "",
            "verified_on": _iso(record.verified_on) if record else "",
            "on_time": "" if record is None or record.on_time is None else _yes(record.on_time),
            "closed_not_doing_on": _iso(record.not_doing_on) if record else "",
            "accepted_by": v.accepted.by if v.accepted else "",
            "accepted_reason": v.accepted.reason if v.accepted else "",
            "demoted_on": _iso(record.demoted_on) if record else "",
            "days_overdue": v.days_overdue,
            "flags": "; ".join(f.kind for f in v.flags),
            "flag_details": "; ".join(f"{f.kind}: {f.details}" for f in v.flags),
            "in_document": _yes(v.in_doc),
            "error": v.last_error or "",
        })
    return rows


def to_csv(rows: Sequence[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _cell(value: object) -> object:
    # A spreadsheet runs a cell starting with = + - @ (or a tab/CR) as a formula (OWASP CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _yes(value: bool) -> str:
    return "yes" if value else "no"
