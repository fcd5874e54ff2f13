"""How pmsync says things to people, the same way everywhere (terminal, logs, mail, dashboard):
durations and schedules in words, one ticket notation, lifecycle states in words, times in
the policy's time zone."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from syncer.model import TicketRef

LIFECYCLE_WORDS: Mapping[str, str] = {
    "pending": "ticket not created yet",
    "open": "open",
    "in_progress": "in progress",
    "done_awaiting_verification": "done, awaiting verification",
    "verified": "verified",
    "not_doing": "closed as not doing",
    "removed": "left the document",
}

_UNITS = (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def lifecycle_words(phase: str) -> str:
    """`done_awaiting_verification` → "done, awaiting verification"."""
    return LIFECYCLE_WORDS.get(phase, phase.replace("_", " "))


def ticket_label(ref: TicketRef) -> str:
    """`PAY-12` for Jira, `acme/web#42` for GitHub: a bare issue number says nothing on its own."""
    return f"{ref.target.split(':', 1)[-1]}#{ref.key}" if ref.tracker == "github" else ref.key


def duration_words(span: timedelta) -> str:
    """timedelta(minutes=5) → "5 minutes"; 5400 s → "1 hour 30 minutes"."""
    seconds = round(span.total_seconds())
    if seconds <= 0:
        return "0 seconds"
    parts = []
    for name, size in _UNITS:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {name}{'' if count == 1 else 's'}")
    return " ".join(parts)


def every(span: timedelta) -> str:
    """"every minute", "every 5 minutes"."""
    words = duration_words(span)
    return f"every {words[2:]}" if words.startswith("1 ") and " " not in words[2:] else f"every {words}"


def local_time(moment: datetime, zone: str) -> str:
    """A moment in the policy's zone, to the minute, with the zone's abbreviation."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")
