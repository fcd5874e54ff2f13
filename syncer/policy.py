"""Flag policy (DESIGN §8): notice when the commitment made in a postmortem is quietly broken.

Pure: the caller passes `today` (see `local_today`) and everything the ledger
knows; nothing here reads a clock, the environment or any file.

The document owns the commitment (deadline, priority, owner); the tracker owns
progress. A flag is raised when the tracker's state contradicts the commitment.
Flags that claim someone did something (demoted it, closed it themselves) need
evidence: where the tracker does not say, no such claim is made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from syncer.acceptance import Acceptance, Leads, from_document, from_tracker
from syncer.model import ActionItem, Category, Change, Flag, Postmortem, TicketState, priority_rank

if TYPE_CHECKING:
    from syncer.settings import PolicySettings, Settings

FLAG_KINDS: tuple[str, ...] = (
    "overdue",
    "due_soon",
    "demoted_priority",
    "demoted_backlog",
    "closed_not_done",
    "deadline_slipped",
    "blocked",
    "unassigned",
    "unverified_done",
    "missing_ticket",
    "removed_from_doc",
    "repeat_incident",
    "deadline_beyond_slo",
)

# GitHub's own convention ("Duplicate of #123"), also accepted for Jira keys, cross-repo refs and URLs.
_DUPLICATE_OF = re.compile(
    r"\bduplicate\s+of\s+(?P<ref>https?://\S+|[\w.-]+/[\w.-]+#\d+|#\d+|[A-Za-z][A-Za-z0-9_]*-\d+)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ItemHistory:
    """What the ledger knows beyond the doc and the ticket's current state."""

    committed_due: date | None  # the deadline the doc commits to (doc due, else the policy default)
    committed_priority: str | None  # P0..P4 (doc, else severity/default)
    # the owner's tracker accounts (Jira accountId/username, GitHub login), compared case-insensitively
    owner_accounts: frozenset[str] = frozenset()
    in_doc: bool = True  # False once the item has left the postmortem
    previous: TicketState | None = None  # the state seen at the previous poll
    was_in_sprint: bool = False  # the ticket has been in a sprint/milestone before
    repeat_of_open: tuple[str, ...] = ()  # newer postmortems relating to this item's postmortem
    item_key: str | None = None  # names the item when `evaluate` gets no ActionItem
    leads: Leads = field(default_factory=Leads)  # who may accept that the item will not be done
    # An adopted ticket's due/assignee/priority as they were at adoption (pmsync did not set
    # them): a field still as it was is no drift. None for tickets pmsync created.
    adopted: Mapping[str, str | None] | None = None
    closed_by_pmsync: bool = False  # pmsync closed it (done in the document): that verifies nothing
    due_settable: bool = True  # False where the tracker refuses a due date (not on its screen)
    slo_due: date | None = None  # the deadline objective (SLO) for its priority/severity


@dataclass(frozen=True, slots=True)
class Verification:
    verified: bool
    by: str | None  # the account whose act verified it, when known
    how: str | None  # "closed" | "label" | "comment" | "not_required"
    unknown_actor: bool  # done, unverified, and the tracker does not show that the owner closed it


def local_today(now: datetime, timezone: str) -> date:
    """The calendar date in the policy's time zone: a deadline ends at local midnight."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got {now.isoformat()}")
    return now.astimezone(ZoneInfo(timezone)).date()


def days_overdue(history: ItemHistory, today: date) -> int:
    if history.committed_due is None:
        return 0
    return max(0, (today - history.committed_due).days)


def evaluate(
    item: ActionItem | None,
    ticket: TicketState | None,
    history: ItemHistory,
    policy: PolicySettings,
    today: date,
) -> set[Flag]:
    """Every flag the item deserves today. `today` = local_today(now, policy.timezone).

    Scope: an item that left the document (or is not given) carries no commitment
    any more, so only `removed_from_doc` and `missing_ticket` apply. A ticket not
    yet created (None) or gone (`exists` False) says nothing about progress, so
    only the deadline flags and `repeat_incident` apply (plus `missing_ticket`).
    """
    key = _item_key(item, ticket, history)
    raised: dict[str, str] = {}
    present = ticket is not None and ticket.exists
    if ticket is not None and not ticket.exists:
        raised["missing_ticket"] = f"ticket {_ref_label(ticket)} is gone or not visible to pmsync"
    if item is None or not history.in_doc:
        if present and not _is_done(ticket):
            raised["removed_from_doc"] = (
                f"the item left the postmortem while ticket {_ref_label(ticket)} is still open"
            )
        return _flags(key, raised)
    if accepted(item, ticket, history, policy) is not None:
        return _flags(key, raised)  # a lead's decision: nothing left to flag but a lost ticket

    done = _is_done(ticket) if present else item.done
    if not done:
        raised.update(_deadline_flags(history, policy, today))
        beyond = item.due is not None and history.slo_due is not None and item.due > history.slo_due
        if beyond and policy.slo.flag_beyond:
            raised["deadline_beyond_slo"] = beyond_slo_details(item.due, history.slo_due, history.committed_priority)
    if history.repeat_of_open:
        later = ", ".join(sorted(set(history.repeat_of_open)))
        raised["repeat_incident"] = f"related later postmortems: {later} (item not verified done)"
    if present:
        raised.update(_ticket_flags(ticket, history, policy))
    return _flags(key, raised)


def next_decision(
    item: ActionItem | None,
    ticket: TicketState | None,
    history: ItemHistory,
    policy: PolicySettings,
    today: date,
) -> date | None:
    """The first day after `today` on which `evaluate` or `accepted` could decide otherwise with
    the same item, ticket and history; None when only a change to those can.

    Time enters the decision through the committed deadline alone: the reminder window opens
    `reminder_days` before it, the deadline passes, and while an item is due soon or overdue
    the details count the days (which also carries it over the escalation step,
    `escalate_after_days`, see `overdue_changes`). Acceptances, SLO objectives and ticket
    flags hold until the document or the ticket says otherwise. The answer is the same on
    every day from `today` up to it, so a caller may store it and decide again only then.
    """
    if item is None or not history.in_doc or accepted(item, ticket, history, policy) is not None:
        return None
    present = ticket is not None and ticket.exists
    done = _is_done(ticket) if present else item.done  # as `evaluate`: a done item has no deadline flags
    due = history.committed_due
    if done or due is None:
        return None
    opens = due - timedelta(days=policy.reminder_days)
    return opens if today < opens else today + timedelta(days=1)


def overdue_changes(history: ItemHistory, today: date) -> date | None:
    """The first day after `today` on which `days_overdue` differs: the day after the
    deadline, then every day (the ladder's escalation step is one of those days)."""
    if history.committed_due is None:
        return None
    return max(history.committed_due, today) + timedelta(days=1)


def accepted(
    item: ActionItem | None,
    ticket: TicketState | None,
    history: ItemHistory,
    policy: PolicySettings,
) -> Acceptance | None:
    """A team lead's recorded decision that the item will not be done (document first)."""
    if item is not None:
        found = from_document(item.status, history.leads, item.owner)
        if found is not None:
            return found
    if ticket is None or not ticket.exists:
        return None
    return from_tracker(ticket.labels, ticket.comments, _not_doing(ticket, policy), history.leads)


def beyond_slo_details(due: date, slo_due: date, priority: str | None) -> str:
    return (
        f"deadline {due.isoformat()} is {_days((due - slo_due).days)} beyond the objective "
        f"for {priority or 'its priority'} ({slo_due.isoformat()})"
    )


def is_verified(
    item: ActionItem | None,
    ticket: TicketState | None,
    history: ItemHistory,
    policy: PolicySettings,
) -> Verification:
    """Whether completion was confirmed by someone other than the owner.

    Accepted evidence, in order: closed by a known account that is not one of the
    owner's; the verified label (unless the history shows the owner added it); a
    comment with a line starting with the verified keyword by someone other than
    the owner. Closing proves nothing while the owner's accounts are unknown.
    """
    if ticket is None or not ticket.exists or not _is_done(ticket) or _not_doing(ticket, policy):
        return Verification(False, None, None, False)
    closer = _closer(ticket)
    if not policy.require_independent_verification:
        return Verification(True, closer, "not_required", False)
    owners = _folded(history.owner_accounts)
    if history.closed_by_pmsync:
        closer = None  # pmsync's own close of a box ticked in the document
    if closer is not None and owners and closer.casefold() not in owners:
        return Verification(True, closer, "closed", False)
    label = policy.verified_label.strip().casefold()
    if label and label in _folded(ticket.labels):
        adder = _label_adder(ticket, label)
        if adder is None or adder.casefold() not in owners:
            return Verification(True, adder, "label", False)
    keyword = policy.verified_keyword.strip().casefold()
    if keyword:
        for author, body in ticket.comments:
            if author is not None and author.casefold() in owners:
                continue
            if any(line.strip().casefold().startswith(keyword) for line in body.splitlines()):
                return Verification(True, author, "comment", False)
    owner_closed = closer is not None and closer.casefold() in owners
    return Verification(False, None, None, not owner_closed)


def lifecycle(
    item: ActionItem | None,
    ticket: TicketState | None,
    history: ItemHistory,
    policy: PolicySettings,
) -> str:
    """pending → open → in_progress → done_awaiting_verification → verified; or not_doing.

    Without a visible ticket, a box ticked in the document counts as done (nobody
    can have verified it); a missing ticket otherwise leaves the commitment open.
    """
    if accepted(item, ticket, history, policy) is not None:
        return "not_doing"
    if ticket is None or not ticket.exists:
        if item is not None and item.done:
            return "done_awaiting_verification"
        return "pending" if ticket is None else "open"
    if _is_done(ticket):
        if _not_doing(ticket, policy):
            return "not_doing"
        verified = is_verified(item, ticket, history, policy).verified
        return "verified" if verified else "done_awaiting_verification"
    if ticket.category == Category.IN_PROGRESS:
        return "in_progress"
    return "open"


def repeat_incidents(
    postmortems: Sequence[Postmortem], verified: Callable[[str], bool]
) -> dict[str, tuple[str, ...]]:
    """Close the loop: a new postmortem naming an earlier one whose items are not all verified.

    Returns each unverified item key of the earlier postmortem → the ids of the
    newer postmortems relating to it, and each newer postmortem's id → the earlier
    ids it relates to that still have unverified items. Related ids that name no
    known postmortem (or the postmortem itself) are ignored.
    """
    items_of: dict[str, list[str]] = {}
    for pm in postmortems:
        items_of.setdefault(pm.id, []).extend(item.key for item in pm.items)
    found: dict[str, set[str]] = {}
    for pm in postmortems:
        for earlier in pm.related:
            if earlier == pm.id or earlier not in items_of:
                continue
            open_keys = [key for key in items_of[earlier] if not verified(key)]
            if not open_keys:
                continue
            found.setdefault(pm.id, set()).add(earlier)
            for key in open_keys:
                found.setdefault(key, set()).add(pm.id)
    return {key: tuple(sorted(ids)) for key, ids in sorted(found.items())}


def _flags(key: str, raised: dict[str, str]) -> set[Flag]:
    return {Flag(kind, key, details) for kind, details in raised.items()}


def _item_key(item: ActionItem | None, ticket: TicketState | None, history: ItemHistory) -> str:
    if item is not None:
        return item.key
    key = history.item_key or (ticket.item_key if ticket is not None else None)
    if not key:
        raise ValueError("evaluate needs the item key: pass the item or set ItemHistory.item_key")
    return key


def _deadline_flags(history: ItemHistory, policy: PolicySettings, today: date) -> dict[str, str]:
    due = history.committed_due
    if due is None:
        return {}
    left = (due - today).days
    if left < 0:
        return {"overdue": f"overdue by {_days(-left)} (due {due.isoformat()})"}
    if left <= policy.reminder_days:
        when = "due today" if left == 0 else f"due in {_days(left)}"
        return {"due_soon": f"{when} ({due.isoformat()})"}
    return {}


def _ticket_flags(
    ticket: TicketState, history: ItemHistory, policy: PolicySettings
) -> dict[str, str]:
    """Progress flags; drift on a closed ticket matters only through how it was closed."""
    if _is_done(ticket):
        if _not_doing(ticket, policy):
            return {"closed_not_done": f"closed as {ticket.resolution}" + _by(_closer(ticket))}
        check = is_verified(None, ticket, history, policy)
        if check.verified or check.unknown_actor:
            return {}
        return {
            "unverified_done": (
                f"closed by its owner ({_closer(ticket)}) with no verification by someone else"
            )
        }
    raised: dict[str, str] = {}
    for kind, details in (
        ("demoted_priority", _demoted_priority(ticket, history)),
        ("demoted_backlog", _backlog(ticket, history, policy)),
        ("deadline_slipped", _slipped(ticket, history)),
        ("blocked", _blocked(ticket, policy)),
        ("unassigned", _unassigned(ticket, history)),
    ):
        if details:
            raised[kind] = details
    return raised


def _as_adopted(history: ItemHistory, name: str, value: object) -> bool:
    """The field still holds what the adopted ticket had: people's choice, not drift."""
    if history.adopted is None or name not in history.adopted:
        return False
    if isinstance(value, date):
        value = value.isoformat()
    return history.adopted[name] == value


def _demoted_priority(ticket: TicketState, history: ItemHistory) -> str | None:
    if _as_adopted(history, "priority", ticket.priority):
        return None
    now, committed = priority_rank(ticket.priority), priority_rank(history.committed_priority)
    if committed is None:
        return None
    change = _newest_change(ticket, "priority")
    actor = change.actor if change is not None else None
    if ticket.priority is None and ticket.raw_priority is None:
        # No priority at all (GitHub: the priority label was taken off) is below any commitment;
        # a priority name the config does not map (raw_priority set) says nothing either way.
        return f"priority removed (committed {history.committed_priority})" + _by(actor)
    if now is None or now <= committed:
        return None
    return f"priority lowered {history.committed_priority} → {ticket.priority}" + _by(actor)


def _backlog(ticket: TicketState, history: ItemHistory, policy: PolicySettings) -> str | None:
    parts: list[str] = []
    if ticket.status and ticket.status.casefold() in _folded(policy.backlog_statuses):
        parts.append(f"in backlog status '{ticket.status}'")
    parts.extend(
        f"backlog label '{label}'" for label in _matching(ticket.labels, policy.backlog_labels)
    )
    # Ledger memory keeps the flag standing after the poll that saw the sprint go.
    previous_sprints = history.previous.sprints if history.previous is not None else ()
    if not ticket.sprints and (previous_sprints or history.was_in_sprint):
        change = _newest_change(ticket, "sprint", "milestone")
        left = ", ".join(previous_sprints) or (change.from_value if change is not None else None)
        where = f"sprint/milestone '{left}'" if left else "its sprint/milestone"
        parts.append(f"taken out of {where}" + _by(change.actor if change is not None else None))
    return "; ".join(parts) or None


def _slipped(ticket: TicketState, history: ItemHistory) -> str | None:
    committed = history.committed_due
    if committed is None or ticket.ref.tracker == "github":  # GitHub issues have no due date
        return None
    if _as_adopted(history, "due", ticket.due):
        return None
    change = _newest_change(ticket, "duedate")
    actor = change.actor if change is not None else None
    if ticket.due is None:
        if not history.due_settable and change is None:
            return None  # created without one: the project cannot take it (the description has it)
        return f"due date removed (committed {committed.isoformat()})" + _by(actor)
    if ticket.due > committed:
        return f"due date moved {committed.isoformat()} → {ticket.due.isoformat()}" + _by(actor)
    return None


def _blocked(ticket: TicketState, policy: PolicySettings) -> str | None:
    parts: list[str] = []
    if ticket.status and ticket.status.casefold() in _folded(policy.blocked_statuses):
        parts.append(f"status '{ticket.status}'")
    parts.extend(f"label '{label}'" for label in _matching(ticket.labels, policy.blocked_labels))
    if ticket.blocked_by_open:
        parts.append("blocked by an unresolved linked issue")
    return "; ".join(parts) or None


def _unassigned(ticket: TicketState, history: ItemHistory) -> str | None:
    if _as_adopted(history, "assignee", ticket.assignee):
        return None
    if not ticket.assignee:
        return "no assignee"
    owners = _folded(history.owner_accounts)
    if owners and ticket.assignee.casefold() not in owners:
        return f"assigned to {ticket.assignee}, not the owner"
    return None


def _is_done(ticket: TicketState) -> bool:
    return ticket.category == Category.DONE


def _not_doing(ticket: TicketState, policy: PolicySettings) -> bool:
    """Closed with a not-done resolution; a duplicate that names the ticket it duplicates is done."""
    if not _is_done(ticket) or not ticket.resolution:
        return False
    resolution = _resolution_key(ticket.resolution)
    if resolution not in {_resolution_key(r) for r in policy.not_done_resolutions}:
        return False
    return not (resolution == "duplicate" and _points_elsewhere(ticket))


def _resolution_key(name: str) -> str:
    # "Won’t Do" = "won't do"; GitHub's "not_planned" = "Not Planned".
    return " ".join(name.replace("’", "'").replace("_", " ").casefold().split())


def _points_elsewhere(ticket: TicketState) -> bool:
    own = {ticket.ref.key.casefold(), f"#{ticket.ref.key}".casefold()}
    if ticket.ref.url:
        own.add(ticket.ref.url.casefold())
    if ticket.ref.tracker == "github":
        own.add(f"{ticket.ref.target.split(':', 1)[-1]}#{ticket.ref.key}".casefold())
    for _author, body in ticket.comments:
        for match in _DUPLICATE_OF.finditer(body):
            if match.group("ref").rstrip(".,;)").casefold() not in own:
                return True
    return False


def _closer(ticket: TicketState) -> str | None:
    """Who closed it: the tracker's closed_by, else the newest history entry that closed it."""
    if ticket.closed_by:
        return ticket.closed_by
    status = (ticket.status or "").casefold()
    for change in ticket.history:
        field, to = change.field.casefold(), (change.to_value or "").casefold()
        if (
            (field == "resolution" and to)
            or (field == "state" and to == "closed")
            or (field == "status" and status and to == status)
        ):
            return change.actor
    return None


def _label_adder(ticket: TicketState, label: str) -> str | None:
    for change in ticket.history:
        if change.field.casefold() != "labels":
            continue
        if label in _tokens(change.to_value) and label not in _tokens(change.from_value):
            return change.actor
    return None


def _tokens(value: str | None) -> set[str]:
    # Jira's changelog lists labels space-separated; a GitHub label event names one label.
    if not value:
        return set()
    folded = value.casefold()
    return {*folded.split(), folded.strip()}


def _newest_change(ticket: TicketState, *fields: str) -> Change | None:
    return next((c for c in ticket.history if c.field.casefold() in fields), None)


def _matching(labels: Iterable[str], wanted: Iterable[str]) -> list[str]:
    folded = _folded(wanted)
    return sorted({label for label in labels if label.casefold() in folded})


def _folded(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.casefold() for v in values)


def _by(actor: str | None) -> str:
    return f" by {actor}" if actor else ""


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _ref_label(ticket: TicketState) -> str:
    if ticket.ref.tracker == "github":
        return f"{ticket.ref.target.split(':', 1)[-1]}#{ticket.ref.key}"
    return ticket.ref.key


# -- routing: who hears about a flag (DESIGN §9) ----------------------------------------------
#
# The ladder: the owner hears about their own deadline; the team lead hears about every way
# a commitment can quietly break; the lead's escalation contacts hear about items overdue
# beyond `escalate_after_days` and about repeat incidents. Each rung copies the rungs below
# it, so nobody learns about an escalation second-hand. Sync failures go to ops.

ROLES: tuple[str, ...] = ("owner", "lead", "escalation", "ops")

OWNER_KINDS = frozenset({"due_soon", "overdue"})
LEAD_KINDS = frozenset(
    {
        "overdue", "demoted_priority", "demoted_backlog", "closed_not_done", "deadline_slipped",
        "blocked", "unverified_done", "unassigned", "removed_from_doc", "missing_ticket",
        "repeat_incident", "deadline_beyond_slo",
    }
)
ESCALATED_KINDS = frozenset({"repeat_incident"})

_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


@dataclass(frozen=True, slots=True)
class Notice:
    """A flag to route: what it is, whose item it is, and how late the item is."""

    kind: str
    ident: str  # item ident, or a postmortem id for flags on a whole postmortem
    owner: str | None = None  # as written in the document
    teams: tuple[str, ...] = ()  # the postmortem's team, else the owner's; several for a postmortem
    days_overdue: int = 0


@dataclass(frozen=True, slots=True)
class Recipient:
    address: str  # bare and lower-cased
    role: str  # one of ROLES


@dataclass(frozen=True, slots=True)
class Gap:
    """A rung of the ladder with nobody to write to: reported to ops, never dropped."""

    ident: str
    kind: str
    role: str
    reason: str


def rungs(kind: str, days_late: int, policy: PolicySettings) -> tuple[str, ...]:
    """The rungs of the ladder a flag reaches, lowest first."""
    found = []
    if kind in OWNER_KINDS:
        found.append("owner")
    if kind in LEAD_KINDS:
        found.append("lead")
    if kind in ESCALATED_KINDS or (kind == "overdue" and days_late > policy.escalate_after_days):
        found.append("escalation")
    return tuple(found)


def route(notice: Notice, settings: Settings) -> tuple[list[Recipient], list[Gap]]:
    """Recipients of one flag by the ladder, each address once (at its lowest rung), and the
    rungs nobody can be written to for (unknown team, no leads, owner without e-mail)."""
    recipients: list[Recipient] = []
    gaps: list[Gap] = []
    for role in rungs(notice.kind, notice.days_overdue, settings.policy):
        if role == "owner":
            addresses, reasons = _owner_address(notice.owner, settings)
        else:
            addresses, reasons = _team_addresses(notice, role, settings)
        recipients += [Recipient(a, role) for a in addresses]
        gaps += [Gap(notice.ident, notice.kind, role, r) for r in reasons]
    seen: set[str] = set()
    unique = []
    for r in recipients:
        if not mail_allowed(r.address, settings):
            gaps.append(Gap(notice.ident, notice.kind, r.role, f"{r.address} is outside the configured recipients"))
            continue
        if r.address not in seen:
            seen.add(r.address)
            unique.append(r)
    # One reason once: a missing team is the same gap for the lead and for escalation.
    first: dict[str, Gap] = {}
    for gap in gaps:
        first.setdefault(gap.reason, gap)
    return unique, list(first.values())


def ops_addresses(settings: Settings) -> list[str]:
    """Where sync failures and routing gaps go (`smtp.ops`), bare and lower-cased."""
    if settings.smtp is None:
        return []
    return _unique(bare_address(a) for a in settings.smtp.ops)


def bare_address(value: str) -> str:
    """"Alice <alice@example.com>" → "alice@example.com"."""
    return parseaddr(value)[1].strip().lower()


def _owner_address(owner: str | None, settings: Settings) -> tuple[list[str], list[str]]:
    if not owner or not owner.strip():
        return [], ["the item has no owner"]
    found = settings.person(owner)
    if found is not None:
        handle, person = found
        if person.email:
            return [bare_address(person.email)], []
        return [], [f"owner {handle!r} has no e-mail address (people.{handle}.email)"]
    written = owner.strip().lstrip("@")
    if _PLAIN_ADDRESS.fullmatch(written):
        # An address a document names is mailed only inside an allowed domain: document
        # authors do not choose who receives pmsync's mail.
        if mail_allowed(written, settings):
            return [written.lower()], []
        return [], [
            f"owner address {written!r} is not in the people directory: add it to [people] "
            "(or its domain to policy.allowed_mail_domains)"
        ]
    return [], [f"owner {written!r} is not in the people directory ([people.{written}])"]


def mail_allowed(address: str, settings: Settings) -> bool:
    """Whether pmsync may mail `address`: a person of the directory, a team's lead or
    escalation contact, ops, or an address in one of `policy.allowed_mail_domains`."""
    wanted = bare_address(address)
    domain = wanted.rpartition("@")[2]
    if domain and domain in {d.strip().lstrip("@").lower() for d in settings.policy.allowed_mail_domains}:
        return True
    known = {bare_address(p.email) for p in settings.people.values() if p.email}
    for team in settings.teams.values():
        known.update(bare_address(a) for a in (*team.leads, *team.escalation))
    return wanted in known or wanted in ops_addresses(settings)


def _team_addresses(notice: Notice, role: str, settings: Settings) -> tuple[list[str], list[str]]:
    if not notice.teams:
        who = f"the owner {notice.owner!r} has" if notice.owner else "there is no owner with"
        return [], [f"no team: the postmortem names none and {who} no team in the people directory"]
    addresses: list[str] = []
    reasons: list[str] = []
    for name in notice.teams:
        key = next((t for t in settings.teams if t.casefold() == name.casefold()), None)
        if key is None:
            reasons.append(f"team {name!r} is not configured (no [teams.{name}] section)")
            continue
        team = settings.teams[key]
        # A team without escalation contacts escalates to its leads: the rung below is the top.
        wanted = team.escalation if role == "escalation" and team.escalation else team.leads
        if not wanted:
            reasons.append(f"team {key!r} has no leads (teams.{key}.leads)")
        addresses += [bare_address(a) for a in wanted]
    return _unique(addresses), reasons


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
