"""What pmsync writes: ticket summaries and descriptions, and escalation mail (pure).

Templates are loaded from the package once; rendering reads no clock and no file."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined

from syncer.followthrough import Headline
from syncer.model import ActionItem, Postmortem, TicketSpec

FULL_TEXT_OVER = 250
MANAGED_LINE = (
    "This ticket is managed by pmsync from the postmortem: the commitment (action, owner, "
    "deadline, priority, verification) is changed in the document; progress and comments "
    "belong here. It is done when someone other than the owner has verified it."
)


def ticket_description(
    item: ActionItem,
    pm: Postmortem,
    ident: str,
    *,
    committed_due: date | None,
    committed_priority: str | None,
) -> str:
    lines = [f'Action item from the postmortem "{pm.title}" ({pm.id}).', ""]
    facts = [
        # a title longer than the trackers' summary limits is cut there: the full action is here
        ("Action", item.text if len(item.text) > FULL_TEXT_OVER else None),
        ("Incident date", pm.date.isoformat() if pm.date else None),
        ("Severity", pm.severity),
        ("Owner", f"@{item.owner}" if item.owner and "@" not in item.owner else item.owner),
        ("Deadline", committed_due.isoformat() if committed_due else None),
        ("Priority", committed_priority),
        ("How we verify", item.verify),
        ("Postmortem", pm.doc_url or pm.path),
    ]
    lines += [f"{label}: {value}" for label, value in facts if value]
    lines += ["", MANAGED_LINE, f"pmsync item: {ident}"]
    return "\n".join(lines)


def ticket_spec(
    item: ActionItem,
    pm: Postmortem,
    ident: str,
    *,
    committed_due: date | None,
    committed_priority: str | None,
    assignee: str | None,
    team: str | None = None,
) -> TicketSpec:
    return TicketSpec(
        item_key=ident,
        summary=item.text,
        description=ticket_description(
            item, pm, ident, committed_due=committed_due, committed_priority=committed_priority
        ),
        priority=committed_priority,
        owner=item.owner,
        assignee=assignee,
        due=committed_due,
        doc_url=pm.doc_url,
        postmortem_title=pm.title,
        severity=pm.severity,
        team=team or pm.team,
        postmortem_id=pm.id,
        done=item.done,
    )


# -- escalation mail (DESIGN §9) ----------------------------------------------------------------
#
# Mail states facts and the commitment, never blame: what the postmortem committed to, what the
# tracker shows now, and the step that would restore the commitment.

FLAG_LABELS: dict[str, str] = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "demoted_priority": "Priority lowered",
    "demoted_backlog": "Moved to the backlog",
    "closed_not_done": "Closed as not done",
    "deadline_slipped": "Deadline moved",
    "blocked": "Blocked",
    "unassigned": "Not assigned to the owner",
    "unverified_done": "Closed without independent verification",
    "missing_ticket": "Ticket missing",
    "removed_from_doc": "Removed from the postmortem",
    "repeat_incident": "Repeat incident",
    "deadline_beyond_slo": "Deadline beyond the objective",
}

NEXT_STEPS: dict[str, str] = {
    "overdue": "Finish it, or change the deadline in the postmortem if the commitment has changed.",
    "due_soon": "If the deadline cannot hold, change it in the postmortem now rather than later.",
    "demoted_priority": "Restore the committed priority in the tracker, or change it in the postmortem.",
    "demoted_backlog": "Bring it back into planned work, or record in the postmortem why it waits.",
    "closed_not_done": "Reopen it, or record in the postmortem why it will not be done.",
    "deadline_slipped": "Restore the committed deadline in the tracker, or change it in the postmortem.",
    "blocked": "Blocked items are escalated at once: resolve the blocker or decide who can.",
    "unassigned": "Assign the ticket to the owner named in the postmortem, or change the owner there.",
    "unverified_done": "Ask someone other than the owner to verify it against the verification plan.",
    "missing_ticket": "Restore pmsync's access to the ticket, or name its replacement in the postmortem.",
    "removed_from_doc": "Close the ticket if the action was dropped on purpose, or restore the item.",
    "repeat_incident": "A later incident relates to this work: review whether its action items would have prevented it.",
    "deadline_beyond_slo": "Bring the deadline within the objective for its priority, or agree the exception and record why in the postmortem.",
}

GROUP_OWNER_STEP = (
    "The postmortem names a group as owner: name one person as owner in the postmortem, "
    "then assign the ticket to them."
)

# Short words for a subject line: "2 overdue, 1 lowered to P3".
SUBJECT_WORDS: dict[str, str] = {
    "overdue": "overdue",
    "due_soon": "due soon",
    "demoted_priority": "priority lowered",
    "demoted_backlog": "moved to the backlog",
    "closed_not_done": "closed as not done",
    "deadline_slipped": "deadline moved",
    "blocked": "blocked",
    "unassigned": "not assigned to the owner",
    "unverified_done": "closed unverified",
    "missing_ticket": "ticket missing",
    "removed_from_doc": "removed from the postmortem",
    "repeat_incident": "repeat incident",
}

# The order in which a message lists flags: what needs a decision first.
FLAG_ORDER: tuple[str, ...] = (
    "blocked", "overdue", "repeat_incident", "closed_not_done", "demoted_priority",
    "demoted_backlog", "deadline_slipped", "unverified_done", "missing_ticket",
    "removed_from_doc", "unassigned", "deadline_beyond_slo", "due_soon",
)

SUBJECT_MAX = 150
SUBJECT_PREFIX = "[pmsync]"


def template_environment() -> Environment:
    """pmsync's packaged templates: HTML ones autoescaped (item text is untrusted input),
    undefined names an error rather than an empty string."""
    return Environment(
        loader=PackageLoader("syncer", "templates"),
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_TEMPLATES = template_environment()
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass(frozen=True, slots=True)
class MailItem:
    """One flag on one action item (or on a whole postmortem), as a message shows it."""

    kind: str
    details: str
    since: datetime
    key: str  # item key, or the postmortem id for flags on a whole postmortem
    text: str  # the action, or the postmortem's title
    postmortem: str
    postmortem_title: str
    owner: str | None = None
    priority: str | None = None
    due: date | None = None
    verify: str | None = None
    ticket: str | None = None
    ticket_url: str | None = None
    status: str | None = None
    changed_by: str | None = None  # who the tracker says made the change
    changed_at: datetime | None = None
    repeat: bool = False  # a reminder of a flag already reported
    postmortem_url: str | None = None  # the postmortem as people read it (sources.doc_url)
    team: str | None = None
    ticket_priority: str | None = None  # what the ticket says now
    owner_is_group: bool = False  # the postmortem names a group, not a person, as owner

    @property
    def label(self) -> str:
        return flag_label(self.kind)

    @property
    def next_step(self) -> str:
        if self.owner_is_group and self.kind in ("unassigned", "overdue", "due_soon"):
            return GROUP_OWNER_STEP
        return NEXT_STEPS.get(self.kind, "")

    @property
    def when(self) -> str:
        """What the flag's own details leave out: deadline flags carry their date already."""
        return "" if self.kind in ("overdue", "due_soon") else f"noticed {self.since.date().isoformat()}"


@dataclass(frozen=True, slots=True)
class MailEntry:
    """One action item with every flag that is new for the reader."""

    item: MailItem  # the first flag in FLAG_ORDER: its item facts are the entry's
    flags: tuple[MailItem, ...]

    @property
    def next_step(self) -> str:
        return self.item.next_step


@dataclass(frozen=True, slots=True)
class MailResolved:
    """A flag reported earlier that has cleared since."""

    kind: str
    key: str
    text: str
    cleared_at: datetime

    @property
    def label(self) -> str:
        return flag_label(self.kind)


@dataclass(frozen=True, slots=True)
class MailGap:
    """A notification that has nobody to go to (reported to ops)."""

    key: str
    kind: str
    role: str
    reason: str


@dataclass(frozen=True, slots=True)
class DigestItem:
    key: str
    text: str
    postmortem: str
    postmortem_title: str
    owner: str | None
    priority: str | None
    due: date | None
    lifecycle: str  # in words: "done, awaiting verification"
    days_overdue: int
    ticket: str | None
    ticket_url: str | None
    verify: str | None
    flags: tuple[tuple[str, str], ...] = ()  # (label, details)
    postmortem_url: str | None = None


@dataclass(frozen=True, slots=True)
class Figures:
    """Completion figures of a team's postmortem action items."""

    total: int  # commitments still in their documents
    open: int  # not done yet
    overdue: int
    awaiting_verification: int
    verified: int
    not_doing: int

    @property
    def completion_rate(self) -> float:
        return self.verified / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class Mail:
    subject: str
    text: str
    html: str


def flag_label(kind: str) -> str:
    return FLAG_LABELS.get(kind, kind.replace("_", " ").capitalize())


def clean_subject(text: str, limit: int = SUBJECT_MAX) -> str:
    """One readable header line: no CR/LF or control characters (no header injection), capped."""
    line = " ".join(_CONTROL.sub(" ", text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def oneline(text: str | None, limit: int = 1000) -> str:
    """A document or tracker value as one display line, capped."""
    return clean_subject(text or "", limit)


def web_url(url: str | None) -> str | None:
    """Only http(s) links become links; anything else (javascript:, data:) is shown as text."""
    if url and url.strip().lower().startswith(("https://", "http://")) and not _CONTROL.search(url):
        return url.strip()
    return None


def local_time(value: datetime, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")


def sort_items(items: Sequence[MailItem]) -> list[MailItem]:
    rank = {kind: i for i, kind in enumerate(FLAG_ORDER)}
    return sorted(items, key=lambda i: (rank.get(i.kind, len(rank)), i.key, i.kind))


def cycle_mail(
    role: str,
    items: Sequence[MailItem],
    resolved: Sequence[MailResolved],
    gaps: Sequence[MailGap],
    *,
    now: datetime,
    tz: ZoneInfo,
    escalate_after_days: int,
) -> Mail:
    """The one message a recipient gets in a cycle: everything new for them, one entry per
    action item with all its flags."""
    ordered = sort_items(items)
    context = {
        "role": role,
        "entries": group_items(ordered),
        "teams": ", ".join(sorted({i.team for i in ordered if i.team})),
        "resolved": sorted(resolved, key=lambda r: (r.key, r.kind)),
        "gaps": list(gaps),
        "escalate_after_days": escalate_after_days,
    }
    return _mail(_cycle_subject(role, ordered, resolved, gaps), "cycle", context, now, tz)


def group_items(items: Sequence[MailItem]) -> list[MailEntry]:
    """Flags grouped per action item, items in the order of their most pressing flag."""
    grouped: dict[str, list[MailItem]] = {}
    for item in sort_items(items):
        grouped.setdefault(item.key, []).append(item)
    return [MailEntry(flags[0], tuple(flags)) for flags in grouped.values()]


def digest_mail(
    teams: Sequence[str],
    items: Sequence[DigestItem],
    figures: Figures,
    resolved: Sequence[MailResolved],
    *,
    week: str,
    now: datetime,
    tz: ZoneInfo,
    followthrough: Headline | None = None,
) -> Mail:
    """The weekly review of a lead's teams: every open item, the completion figures and the
    on-time follow-through with its 12-week trend."""
    names = ", ".join(teams)
    late = f", {figures.overdue} overdue" if figures.overdue else ""
    subject = (
        f"{SUBJECT_PREFIX} Weekly review {week} for {names}: "
        f"{figures.open} open action item{'' if figures.open == 1 else 's'}{late}"
    )
    ordered = sorted(items, key=lambda i: (-i.days_overdue, i.due or date.max, i.key))
    context = {
        "teams": names,
        "items": ordered,
        "figures": figures,
        "resolved": sorted(resolved, key=lambda r: (r.key, r.kind)),
        "week": week,
        "followthrough": followthrough,
    }
    return _mail(subject, "digest", context, now, tz)


def weekly_report_mail(
    overall: Headline, teams: Sequence[tuple[str, Headline]], *, week: str, now: datetime, tz: ZoneInfo
) -> Mail:
    """The organisation's weekly follow-through: on-time rate, past-deadline items, the trend."""
    subject = f"{SUBJECT_PREFIX} Follow-through {week}: {overall.overdue} past deadline"
    if overall.on_time_rate is not None:
        subject += f", {overall.rate_words} on time over {overall.days} days"
    return _mail(subject, "report", {"overall": overall, "teams": teams, "week": week}, now, tz)


def onboarding_mail(
    teams: Sequence[str],
    found: Sequence[DigestItem],
    figures: Figures,
    *,
    now: datetime,
    tz: ZoneInfo,
    ops: bool = False,
) -> Mail:
    """What pmsync found on its first look at a backlog: one message instead of a flood."""
    names = ", ".join(teams)
    count = len(found)
    what = f"{count} already need{'s' if count == 1 else ''} attention"
    subject = f"{SUBJECT_PREFIX} Now following {figures.total} {names} action item{'' if figures.total == 1 else 's'}: {what}"
    ordered = sorted(found, key=lambda i: (-i.days_overdue, i.due or date.max, i.key))
    context = {"teams": names, "items": ordered, "figures": figures, "ops": ops}
    return _mail(subject, "onboarding", context, now, tz)


def ops_mail(kind: str, problems: Sequence[str], *, now: datetime, tz: ZoneInfo) -> Mail:
    """A sync failure for the operators: authentication, permission, configuration, outage."""
    subject = f"{SUBJECT_PREFIX} Sync problem ({kind}): {problems[0] if problems else 'see details'}"
    return _mail(subject, "ops", {"kind": kind, "problems": list(problems)}, now, tz)


def _cycle_subject(
    role: str, items: Sequence[MailItem], resolved: Sequence[MailResolved], gaps: Sequence[MailGap]
) -> str:
    """Plain words for what needs the reader: "[pmsync] 3 payments action items need you:
    2 overdue, 1 lowered to P3"."""
    if not items and gaps:
        return f"{SUBJECT_PREFIX} {len(gaps)} notification{'s' if len(gaps) != 1 else ''} without a recipient"
    if not items:
        return f"{SUBJECT_PREFIX} {len(resolved)} flag{'s' if len(resolved) != 1 else ''} resolved"
    counts: dict[str, int] = {}
    for item in sort_items(items):
        word = _subject_word(item)
        counts[word] = counts.get(word, 0) + 1
    what = ", ".join(f"{n} {word}" for word, n in counts.items())
    keys = {i.key for i in items}
    teams = sorted({i.team for i in items if i.team})
    whose = "of your" if role == "owner" else " and ".join(teams) if len(teams) <= 2 else ""
    plural = "s" if len(keys) != 1 or role == "owner" else ""
    noun = f"{len(keys)} {whose} action item{plural}".replace("  ", " ")
    lead = "Escalation: " if role == "escalation" else ""
    verb = "needs" if len(keys) == 1 else "need"
    subject = f"{SUBJECT_PREFIX} {lead}{noun} {verb} you: {what}"
    # One item: say which, in its own words (capped with the whole subject).
    return f"{subject} – {items[0].text}" if len(keys) == 1 else subject


def _subject_word(item: MailItem) -> str:
    if item.kind == "demoted_priority" and item.ticket_priority:
        return f"lowered to {item.ticket_priority}"
    return SUBJECT_WORDS.get(item.kind, item.label.lower())


def _mail(subject: str, name: str, context: dict[str, object], now: datetime, tz: ZoneInfo) -> Mail:
    context = {**context, "now": local_time(now, tz), "tz": tz}
    return Mail(
        subject=clean_subject(subject),
        text=_COMPILED[f"{name}.txt.j2"].render(context),
        html=_COMPILED[f"{name}.html.j2"].render(context),
    )


def wrap(text: str, first: str = "  ", rest: str = "    ", width: int = 80) -> str:
    """A text line folded to `width` columns for plain-text mail; words (and URLs) stay whole."""
    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


_TEMPLATES.filters.update(
    oneline=oneline,
    wrap=wrap,
    web_url=web_url,
    local=lambda value, tz: local_time(value, tz) if value else "",
    iso=lambda value: value.isoformat() if value else "-",
    percent=lambda value: f"{value:.0%}",
)
# Compiled once at import, so rendering itself never touches the file system.
_COMPILED = {
    name: _TEMPLATES.get_template(name)
    for name in (f"{base}.{ext}.j2" for base in ("cycle", "digest", "onboarding", "ops", "report") for ext in ("txt", "html"))
}
