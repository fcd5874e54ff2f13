"""Escalation mail (DESIGN §9): who hears what, when, and delivery through the outbox.

Routing is the policy's ladder (`syncer.policy.route`), wording is `syncer.render`; this
module decides what is news for whom and keeps the bookkeeping in the ledger:

- `flags.notified_at`: when a flag last went out to everyone on its rungs. A standing flag
  goes out again after `policy.renotify_days`; a rung it newly reaches (the escalation
  contacts once an item is overdue long enough) hears at once.
- kv `mail.flag.<flag id>`: who has been told about a flag, so that its clearing is mentioned
  once, in the next message to each of them ("resolved since last time").
- kv `digest.<lead>.<ISO week>`: the weekly review went out to that lead that week.
- kv `ops.<kind>`: when ops were last told about a kind of sync failure.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from syncer import channels, onboarding, outbox, outcomes
from syncer.chat_render import ChatEntry
from syncer.followthrough import Headline, headline
from syncer.lint import owner_is_group
from syncer.logs import redact
from syncer.model import Change, TicketState
from syncer.outbox import ChatSender, Mailer, SendResult
from syncer.policy import ROLES, Notice, bare_address, local_today, ops_addresses, route, rungs
from syncer.render import (
    DigestItem,
    Figures,
    MailGap,
    MailItem,
    MailResolved,
    cycle_mail,
    digest_mail,
    flag_label,
    onboarding_mail,
    ops_mail,
)
from syncer.settings import WEEKDAYS, Settings, parse_day_time
from syncer.state import FlagRow, Ledger
from syncer.views import ItemView, item_views
from syncer.weekly_report import queue_weekly_report
from syncer.wording import lifecycle_words, ticket_label

Log = Callable[..., None]

# Flags whose clearing is no news: a reminder ends by being done or by turning overdue.
_SILENT_WHEN_CLEARED = frozenset({"due_soon"})
_OPEN = ("pending", "open", "in_progress")
_UNFINISHED = (*_OPEN, "done_awaiting_verification")

# "… by <tracker account>" in a flag's details: shown with the person's name from [people].
_BY_ACCOUNT = re.compile(r"\bby ([^\s,;()]+)")

# Tracker fields whose newest change says who made a flag's change.
_CHANGE_FIELDS: dict[str, tuple[str, ...]] = {
    "demoted_priority": ("priority",),
    "demoted_backlog": ("sprint", "milestone", "status", "labels"),
    "deadline_slipped": ("duedate", "due"),
    "blocked": ("status", "labels"),
    "unassigned": ("assignee",),
    "closed_not_done": ("resolution", "state", "status"),
    "unverified_done": ("resolution", "state", "status"),
}


@dataclass
class DeliveryReport:
    """One delivery run; the counters feed logs and metrics."""

    attempted: int = 0
    sent: int = 0
    retrying: int = 0  # failed for now, scheduled again
    failed: int = 0  # refused for good by every recipient
    rejected_recipients: int = 0  # recipients refused for good (also on sent messages)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.retrying == 0 and self.failed == 0


NO_MAIL = "no [smtp] section: mail is off, only chat channels are served"


@dataclass
class _Bundle:
    """Everything new for one recipient in one cycle."""

    items: list[tuple[str, MailItem]] = field(default_factory=list)  # (role, item)
    resolved: list[MailResolved] = field(default_factory=list)
    gaps: list[MailGap] = field(default_factory=list)

    @property
    def role(self) -> str:
        roles = [role for role, _ in self.items] or ["ops"]
        return min(roles, key=ROLES.index)


class Notifier:
    """Queues escalation mail in the ledger and delivers it (implements engine.FlagListener)."""

    def __init__(self, settings: Settings, *, log: Log | None = None) -> None:
        self.settings = settings
        self.sender = settings.smtp.sender if settings.smtp is not None else ""
        self.tz = settings.policy.tz
        self.renotify = timedelta(days=settings.policy.renotify_days)
        self.log = log or (lambda event, **kw: None)

    # -- queuing -------------------------------------------------------------------------

    def queue_cycle(self, ledger: Ledger, now: datetime, unread: Collection[str] = ()) -> int:
        """Queue one message per recipient for what is new since the last cycle.

        Runs inside the caller's transaction (the one recording the flag changes), so the
        mail and `flags.notified_at` commit together with the flags or not at all. Flags of
        items whose tracker target could not be read this cycle (`unread`) wait for a cycle
        that read it; flags of the onboarding baseline never go down the ladder.
        """
        views = {v.ident: v for v in item_views(self.settings, ledger, local_today(now, self.settings.policy.timezone))}
        postmortems = {row["id"]: row for row in ledger.postmortems()}
        standing = ledger.standing_flags()
        count = self._take_baseline(ledger, now, standing, views, unread)
        backlog = onboarding.flags(ledger)
        told = _load_told(ledger)
        before = {k: set(v) for k, v in told.items()}
        bundles: dict[str, _Bundle] = {}
        gaps: list[MailGap] = []
        notified: list[int] = []
        team_items: dict[str, list[MailItem]] = {}  # lead-level news for team chat channels
        for flag in standing:
            view = views.get(flag.ident)
            if flag.id in backlog or (view is not None and view.target in unread):
                continue
            notice = self._notice(flag, views, postmortems)
            routes, route_gaps = route(notice, self.settings)
            audience = told.get(flag.id, set())
            if flag.notified_at is None or now - flag.notified_at >= self.renotify:
                targets = routes
                gaps += [MailGap(_key(flag, views), g.kind, g.role, g.reason) for g in route_gaps]
                notified.append(flag.id)
                if "lead" in rungs(flag.kind, notice.days_overdue, self.settings.policy):
                    for team in notice.teams:
                        item = self._mail_item(flag, views, postmortems, repeat=flag.notified_at is not None)
                        team_items.setdefault(team, []).append(item)
            else:
                targets = [r for r in routes if r.address not in audience]
            for r in targets:
                item = self._mail_item(flag, views, postmortems, repeat=r.address in audience)
                bundles.setdefault(r.address, _Bundle()).items.append((r.role, item))
            if targets:
                told[flag.id] = audience | {r.address for r in targets}
        standing_ids = {f.id for f in standing}
        for flag in ledger.flags([i for i in told if i not in standing_ids]):  # not every flag ever raised
            told[flag.id] = self._mention_resolved(flag, told[flag.id], bundles, views, postmortems)
        if gaps:
            self._report_gaps(ledger, gaps, bundles, now)
        for address, bundle in sorted(bundles.items()):
            items = [item for _, item in bundle.items]
            mail = cycle_mail(
                bundle.role, items, bundle.resolved, bundle.gaps, now=now, tz=self.tz,
                escalate_after_days=self.settings.policy.escalate_after_days,
            )
            about = sorted({i.key for i in items} | {r.key for r in bundle.resolved})
            chosen = channels.person_channels(self.settings, address) if bundle.items else ["email"]
            if "email" in chosen and self._queue(ledger, "cycle", [address], mail.subject, mail.text, mail.html, now, about):
                count += 1
            if "slack" in chosen and items:
                count += self._queue_chat(
                    ledger, "slack", channels.slack_recipient(self.settings, address), "cycle", mail.subject,
                    channels.intro_for(bundle.role), channels.flag_entries(items), now, about,
                )
        for team, items in sorted(team_items.items()):
            subject = cycle_mail("lead", items, [], [], now=now, tz=self.tz,
                                 escalate_after_days=self.settings.policy.escalate_after_days).subject
            for channel, recipient in channels.team_recipients(self.settings, team):
                count += self._queue_chat(
                    ledger, channel, recipient, "cycle", subject, channels.intro_for("team"),
                    channels.flag_entries(items), now, sorted({i.key for i in items}),
                )
        ledger.mark_flags_notified(notified, now)
        _save_told(ledger, told, before)
        return count

    def _take_baseline(
        self, ledger: Ledger, now: datetime, standing: Sequence[FlagRow], views: Mapping[str, ItemView],
        unread: Collection[str],
    ) -> int:
        """Until the baseline is complete, every standing flag is backlog; it completes with the
        first cycle that read every tracker, and then the onboarding summaries go out."""
        standing_ids = {f.id for f in standing}
        onboarding.forget(ledger, onboarding.flags(ledger) - standing_ids)
        if onboarding.taken(ledger):
            return 0
        mode = self.settings.policy.escalate_backlog
        if mode == "ladder" or onboarding.predates(ledger):
            onboarding.finish(ledger, now)
            return 0
        onboarding.add(ledger, standing_ids - onboarding.flags(ledger), now)
        if unread:
            return 0
        onboarding.finish(ledger, now)
        if mode == "never":
            return 0
        return self._queue_onboarding(ledger, now, views)

    def _queue_onboarding(self, ledger: Ledger, now: datetime, views: Mapping[str, ItemView]) -> int:
        """One summary per team lead (their teams' items) and one to ops (everything), to
        those with anything to hear about."""
        postmortems = {row["id"]: row for row in ledger.postmortems()}
        backlog = onboarding.flags(ledger)
        flagged = {f.ident for f in ledger.standing_flags() if f.id in backlog}
        mine = [v for v in views.values() if v.in_doc]
        count = 0
        audiences = [(lead, teams) for lead, teams in self._teams_of_leads().items()]
        audiences += [(address, None) for address in ops_addresses(self.settings)]
        for address, teams in audiences:
            wanted = {t.casefold() for t in teams} if teams is not None else None
            covered = [v for v in mine if wanted is None or (v.team or "").casefold() in wanted]
            found = [self._digest_item(v, postmortems) for v in covered if v.ident in flagged]
            if not found:
                continue  # a clean start is no news
            names = teams if teams is not None else sorted({v.team or "no team" for v in covered})
            mail = onboarding_mail(names, found, _figures(covered), now=now, tz=self.tz, ops=teams is None)
            kind = "onboarding" if teams is not None else "onboarding.ops"
            if self._queue(ledger, kind, [address], mail.subject, mail.text, mail.html, now, [i.key for i in found]):
                count += 1
        for team in sorted(self.settings.teams):  # and each team's chat channels
            covered = [v for v in mine if (v.team or "").casefold() == team.casefold()]
            found = [self._digest_item(v, postmortems) for v in covered if v.ident in flagged]
            if not found:
                continue
            mail = onboarding_mail([team], found, _figures(covered), now=now, tz=self.tz)
            intro = ("pmsync now follows this team's postmortem action items. These already need attention; "
                     "they are the starting point, not escalated one by one.")
            for channel, recipient in channels.team_recipients(self.settings, team):
                count += self._queue_chat(ledger, channel, recipient, "onboarding", mail.subject, intro,
                                          channels.digest_entries(found), now, [i.key for i in found])
        return count

    def queue_weekly_digest(self, ledger: Ledger, now: datetime) -> int:
        """Queue each lead's weekly review once per ISO week, from the configured day and hour
        (`daemon.weekly_digest`, policy time zone) on; safe to call as often as wanted."""
        week = self.digest_week(now)
        if week is None:
            return 0
        today = local_today(now, self.settings.policy.timezone)
        # The report and the reviews count from the same timelines: read them once, if at all.
        timelines = functools.cache(lambda: outcomes.timelines(self.settings, ledger, today))
        reported = queue_weekly_report(self.settings, ledger, now, week, timelines, self._queue, self._queue_chat)
        teams_of = self._teams_of_leads()
        with ledger.transaction():
            pending = [lead for lead in teams_of if ledger.get(_digest_key(lead, week)) is None]
            team_chats = [t for t in sorted(self.settings.teams) if channels.team_recipients(self.settings, t)
                          and ledger.get(_digest_key(f"team:{t}", week)) is None]
            if not pending and not team_chats:
                return reported
            views = item_views(self.settings, ledger, today)
            records, pm_dates = timelines()

            def followthrough(teams: Collection[str]) -> Headline:
                wanted = {t.casefold() for t in teams}
                return headline([r for r in records if (r.team or "").casefold() in wanted], pm_dates, today)

            postmortems = {row["id"]: row for row in ledger.postmortems()}
            told = _load_told(ledger)
            before = {k: set(v) for k, v in told.items()}
            cleared = [f for f in ledger.flags(told) if f.cleared_at is not None]
            count = 0
            for lead in pending:
                ledger.set(_digest_key(lead, week), now.isoformat())
                teams = teams_of[lead]
                wanted = {t.casefold() for t in teams}
                mine = [v for v in views if v.in_doc and (v.team or "").casefold() in wanted]
                unfinished = [v for v in mine if v.lifecycle in _UNFINISHED]
                if not unfinished:
                    continue  # reviewed weekly until complete: nothing left to review
                bundle = _Bundle()
                bundles = {lead: bundle}
                for flag in cleared:
                    told[flag.id] = self._mention_resolved(flag, told[flag.id], bundles, {v.ident: v for v in views}, postmortems)
                mail = digest_mail(
                    teams, [self._digest_item(v, postmortems) for v in unfinished], _figures(mine), bundle.resolved,
                    week=week, now=now, tz=self.tz, followthrough=followthrough(teams),
                )
                if self._queue(ledger, "digest", [lead], mail.subject, mail.text, mail.html, now, [v.key for v in unfinished]):
                    count += 1
            for team in team_chats:
                ledger.set(_digest_key(f"team:{team}", week), now.isoformat())
                mine = [v for v in views if v.in_doc and (v.team or "").casefold() == team.casefold()]
                unfinished = [v for v in mine if v.lifecycle in _UNFINISHED]
                if not unfinished:
                    continue
                items = [self._digest_item(v, postmortems) for v in unfinished]
                figures = _figures(mine)
                mail = digest_mail([team], items, figures, [], week=week, now=now, tz=self.tz,
                                   followthrough=followthrough([team]))
                intro = (f"Weekly review {week}: {figures.open} open, {figures.overdue} overdue, "
                         f"{figures.verified} of {figures.total} verified.")
                for channel, recipient in channels.team_recipients(self.settings, team):
                    count += self._queue_chat(ledger, channel, recipient, "digest", mail.subject, intro,
                                              channels.digest_entries(items), now, [v.key for v in unfinished])
            _save_told(ledger, told, before)
        return count + reported

    def digest_week(self, now: datetime) -> str | None:
        """The ISO week ("2026-W48") whose review is due at `now`, None before its day and hour."""
        local = now.astimezone(self.tz)
        day, clock = parse_day_time(self.settings.daemon.weekly_digest)
        year, week, weekday = local.isocalendar()
        slot = (WEEKDAYS.index(day) + 1, clock)
        if (weekday, local.strftime("%H:%M")) < slot:
            return None
        return f"{year}-W{week:02d}"

    def queue_ops(self, ledger: Ledger, now: datetime, problems: Sequence[str], *, kind: str) -> int:
        """Tell ops about a sync failure (authentication, permission, configuration, a tracker
        down too long); the same kind at most once per `policy.renotify_days`."""
        if not problems:
            return 0
        problems = [redact(p) for p in problems]  # error texts may quote a credential echoed back
        key = f"ops.{kind}"
        with ledger.transaction():
            last = ledger.get(key)
            if last is not None and now - datetime.fromisoformat(last) < self.renotify:
                return 0
            ledger.set(key, now.isoformat())
            addresses = ops_addresses(self.settings)
            if not addresses:  # ops have no chat channel: without an address the log is all there is
                reason = "smtp.ops is empty" if self.settings.smtp is not None else NO_MAIL
                ledger.add_event("mail_unroutable", now, None, failure=kind, problems=list(problems), reason=reason)
                self.log("mail_unroutable", kind=kind, reason=reason, problems=list(problems))
                return 0
            mail = ops_mail(kind, problems, now=now, tz=self.tz)
            return int(self._queue(ledger, f"ops.{kind}", addresses, mail.subject, mail.text, mail.html, now, ()))

    def clear_ops(self, ledger: Ledger, kind: str) -> None:
        """The failure is over: the next one of this kind is reported at once."""
        with ledger.transaction():
            ledger.conn.execute("DELETE FROM kv WHERE key = ?", (f"ops.{kind}",))

    # -- delivery ---------------------------------------------------------------------------

    def deliver(
        self, ledger: Ledger, mailer: Mailer | None, now: datetime, *, limit: int = 200,
        chat: Mapping[str, ChatSender] | None = None,
    ) -> DeliveryReport:
        """Send the due messages (mail over one connection, chat one post at a time),
        committing each outcome as soon as the channel has answered it: a crash mid-batch can
        repeat at most the message in flight, and that one with its own Message-ID. A
        channel that is not configured leaves its messages queued; one channel's trouble
        never holds up another's."""
        report = DeliveryReport()
        due = outbox.due(ledger, now, limit)
        mail = [m for m in due if m.channel == "email"]
        pending = {m.message_id: m for m in mail}
        for result in mailer.send_batch([outbox.to_email(m, self.sender) for m in mail]) if mail and mailer is not None else ():
            message = pending.pop(result.message_id, None)
            if message is not None:
                with ledger.transaction():
                    self._record(ledger, message, result, now, report)
        lost = "the mailer returned no result" if mailer is not None else NO_MAIL
        missing = [SendResult(m.message_id, ok=False, temporary=True, error=lost) for m in pending.values()]
        for message in due:
            if message.channel == "email":
                continue
            sender = (chat or {}).get(message.channel)
            if sender is None:
                missing.append(SendResult(message.message_id, ok=False, temporary=True,
                                          error=f"the {message.channel} channel is not configured"))
                continue
            result = sender.send(message)
            with ledger.transaction():
                self._record(ledger, message, result, now, report)
        if missing:
            by_id = {m.message_id: m for m in due}
            with ledger.transaction():
                for result in missing:
                    self._record(ledger, by_id[result.message_id], result, now, report)
        return report

    def _record(
        self, ledger: Ledger, message: outbox.OutboxMessage, result: SendResult, now: datetime,
        report: DeliveryReport,
    ) -> None:
        outcome = outbox.record(ledger, message, result, now)
        report.attempted += 1
        report.rejected_recipients += len(result.rejected)
        noun = "mail" if message.channel == "email" else "message"
        if outcome == "sent":
            report.sent += 1
            ledger.add_event(f"{noun}_sent", now, None, message_id=message.message_id, channel=message.channel,
                             recipients=list(message.deliverable), rejected=result.rejected,
                             deferred=result.deferred)
        else:
            report.retrying += int(outcome == "retry")
            report.failed += int(outcome == "failed")
            report.errors.append(f"{message.message_id} to {', '.join(message.deliverable)}: {result.error or result.rejected}")
            ledger.add_event(f"{noun}_failed", now, None, message_id=message.message_id, channel=message.channel,
                             final=outcome == "failed", error=result.error, rejected=result.rejected)
        self.log(f"{noun}_{outcome}", message_id=message.message_id, channel=message.channel,
                 recipients=list(message.deliverable), error=result.error)

    def preview(self, ledger: Ledger, now: datetime, to: str | None = None) -> list[EmailMessage]:
        """What a cycle would queue now plus the due outbox, as sent; nothing is written."""
        ledger.conn.execute("SAVEPOINT pmsync_preview")
        try:
            self.queue_cycle(ledger, now)
            due = outbox.due(ledger, now, limit=None)
        finally:
            ledger.conn.execute("ROLLBACK TO pmsync_preview")
            ledger.conn.execute("RELEASE pmsync_preview")
        wanted = bare_address(to) if to else None
        mail = [m for m in due if m.channel == "email"]
        return [outbox.to_email(m, self.sender) for m in mail if wanted is None or wanted in m.deliverable]

    # -- helpers -------------------------------------------------------------------------

    def _queue(
        self, ledger: Ledger, kind: str, recipients: Sequence[str], subject: str, text: str,
        html: str, now: datetime, about: Iterable[str],
    ) -> bool:
        if self.settings.smtp is None:  # chat only: said once per message that would have gone
            self.log("mail_unroutable", kind=kind, recipients=list(recipients), reason=NO_MAIL)
            return False
        queued = outbox.queue(
            ledger, kind=kind, recipients=recipients, subject=subject, text=text, html=html,
            now=now, sender=self.sender, about=list(about),
        )
        if queued is not None:
            self.log("mail_queued", message_id=queued.message_id, kind=kind, recipients=list(recipients))
        return queued is not None

    def _queue_chat(
        self, ledger: Ledger, channel: str, recipient: str, kind: str, title: str, intro: str,
        entries: Sequence[ChatEntry], now: datetime, about: Iterable[str],
    ) -> int:
        queued = channels.queue_chat(
            ledger, channel=channel, recipient=recipient, kind=kind, title=title, intro=intro,
            entries=entries, now=now, sender=self.sender, about=about,
        )
        if queued is not None:
            self.log("message_queued", message_id=queued.message_id, channel=channel, kind=kind,
                     recipient=recipient)
        return int(queued is not None)

    def _notice(self, flag: FlagRow, views: Mapping[str, ItemView], postmortems: Mapping[str, Any]) -> Notice:
        view = views.get(flag.ident)
        if view is not None:
            teams = (view.team,) if view.team else ()
            return Notice(flag.kind, flag.ident, view.owner, teams, view.days_overdue)
        pm = postmortems.get(flag.ident)
        if pm is not None and pm["team"]:
            return Notice(flag.kind, flag.ident, None, (self.settings.team_of(pm["team"], None) or pm["team"],))
        # A postmortem without a team of its own belongs to its items' teams.
        teams = sorted({v.team for v in views.values() if v.postmortem == flag.ident and v.team})
        return Notice(flag.kind, flag.ident, None, tuple(teams))

    def _mail_item(
        self, flag: FlagRow, views: Mapping[str, ItemView], postmortems: Mapping[str, Any], *, repeat: bool
    ) -> MailItem:
        view = views.get(flag.ident)
        if view is None:
            pm = postmortems.get(flag.ident)
            title = pm["title"] if pm is not None else flag.ident
            return MailItem(flag.kind, flag.details, flag.raised_at, flag.ident, title, flag.ident, title, repeat=repeat)
        ticket = view.ticket
        actor, at = _change_of(flag.kind, ticket)
        return MailItem(
            kind=flag.kind,
            details=_BY_ACCOUNT.sub(lambda m: f"by {self._account(m.group(1))}", flag.details),
            since=flag.raised_at,
            key=view.key,
            text=view.text,
            postmortem=view.postmortem,
            postmortem_title=view.postmortem_title,
            owner=self._person(view.owner),
            priority=view.priority,
            due=view.due,
            verify=view.verify,
            ticket=ticket_label(ticket.ref) if ticket else None,
            ticket_url=view.ticket_url,
            status=ticket.status if ticket else None,
            changed_by=self._account(actor),
            changed_at=at,
            repeat=repeat,
            postmortem_url=_doc_url(postmortems, view.postmortem),
            team=view.team,
            ticket_priority=ticket.priority if ticket else None,
            owner_is_group=bool(view.owner) and self.settings.person(view.owner) is None
            and owner_is_group(view.owner or "", self.settings.teams),
        )

    def _mention_resolved(
        self,
        flag: FlagRow,
        audience: set[str],
        bundles: Mapping[str, _Bundle],
        views: Mapping[str, ItemView],
        postmortems: Mapping[str, Any],
    ) -> set[str]:
        """Add a cleared flag to the messages its audience gets now; returns who still waits."""
        if flag.kind in _SILENT_WHEN_CLEARED or flag.cleared_at is None:
            return set()
        item = self._mail_item(flag, views, postmortems, repeat=False)
        waiting = set()
        for address in audience:
            if address in bundles:
                bundles[address].resolved.append(MailResolved(flag.kind, item.key, item.text, flag.cleared_at))
            else:
                waiting.add(address)
        return waiting

    def _report_gaps(
        self, ledger: Ledger, gaps: list[MailGap], bundles: dict[str, _Bundle], now: datetime
    ) -> None:
        addresses = ops_addresses(self.settings)
        for gap in gaps:
            self.log("mail_unroutable", item=gap.key, flag=gap.kind, role=gap.role, reason=gap.reason)
            if not addresses:
                ledger.add_event("mail_unroutable", now, None, item=gap.key, flag=gap.kind,
                                 role=gap.role, reason=gap.reason)
        for address in addresses:
            bundles.setdefault(address, _Bundle()).gaps.extend(gaps)

    def _digest_item(self, view: ItemView, postmortems: Mapping[str, Any]) -> DigestItem:
        return DigestItem(
            key=view.key,
            text=view.text,
            postmortem=view.postmortem,
            postmortem_title=view.postmortem_title,
            owner=self._person(view.owner),
            priority=view.priority,
            due=view.due,
            lifecycle=lifecycle_words(view.lifecycle),
            days_overdue=view.days_overdue,
            ticket=ticket_label(view.ticket.ref) if view.ticket else None,
            ticket_url=view.ticket_url,
            verify=view.verify,
            flags=tuple((flag_label(f.kind), f.details) for f in view.flags),
            postmortem_url=_doc_url(postmortems, view.postmortem),
        )

    def _teams_of_leads(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name, team in sorted(self.settings.teams.items()):
            for lead in team.leads:
                found.setdefault(bare_address(lead), []).append(name)
        return found

    def _person(self, owner: str | None) -> str | None:
        """The owner as people know them: their name, else the handle or address as written."""
        if not owner:
            return None
        found = self.settings.person(owner)
        if found is not None and found[1].name:
            return found[1].name
        return owner if "@" in owner else f"@{owner.lstrip('@')}"

    def _account(self, account: str | None) -> str | None:
        """A tracker account as a person from the directory, when it is one."""
        if not account:
            return None
        for handle, person in self.settings.people.items():
            if account.casefold() in {a.casefold() for a in (person.jira, person.github) if a}:
                return person.name or f"@{handle.lstrip('@')}"
        return account


def _change_of(kind: str, ticket: TicketState | None) -> tuple[str | None, datetime | None]:
    """Who made the change behind a flag, and when, when the tracker records it."""
    fields = _CHANGE_FIELDS.get(kind)
    if ticket is None or fields is None:
        return None, None
    if kind in ("closed_not_done", "unverified_done") and ticket.closed_by:
        return ticket.closed_by, ticket.closed_at
    change: Change | None = next((c for c in ticket.history if c.field.casefold() in fields), None)
    return (change.actor, change.at) if change is not None else (None, None)


def _figures(views: Sequence[ItemView]) -> Figures:
    return Figures(
        total=len(views),
        open=sum(v.lifecycle in _OPEN for v in views),
        overdue=sum(v.lifecycle in _OPEN and v.days_overdue > 0 for v in views),
        awaiting_verification=sum(v.lifecycle == "done_awaiting_verification" for v in views),
        verified=sum(v.lifecycle == "verified" for v in views),
        not_doing=sum(v.lifecycle == "not_doing" for v in views),
    )


def _key(flag: FlagRow, views: Mapping[str, ItemView]) -> str:
    view = views.get(flag.ident)
    return view.key if view is not None else flag.ident


def _digest_key(lead: str, week: str) -> str:
    return f"digest.{lead}.{week}"


_TOLD = "mail.flag."


def _load_told(ledger: Ledger) -> dict[int, set[str]]:
    return {int(flag_id): set(json.loads(value)) for flag_id, value in ledger.with_prefix(_TOLD).items()}


def _save_told(ledger: Ledger, told: Mapping[int, set[str]], before: Mapping[int, set[str]]) -> None:
    for flag_id, audience in told.items():
        if audience == before.get(flag_id):
            continue
        if audience:
            ledger.set(f"{_TOLD}{flag_id}", json.dumps(sorted(audience)))
        else:
            ledger.conn.execute("DELETE FROM kv WHERE key = ?", (f"{_TOLD}{flag_id}",))


def _doc_url(postmortems: Mapping[str, Any], postmortem: str) -> str | None:
    row = postmortems.get(postmortem)
    return row["doc_url"] if row is not None else None
