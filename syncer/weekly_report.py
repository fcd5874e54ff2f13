"""The organisation-wide weekly follow-through report: the headline numbers and their 12-week
trend, overall and per team, once per ISO week with the leads' weekly reviews. It is mailed to
`daemon.weekly_report` and posted to the chat channels of the teams in
`daemon.weekly_report_teams` (their `[teams.<team>]` Slack channel / Teams webhook)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from syncer import channels
from syncer.chat_render import ChatEntry
from syncer.followthrough import Headline, PostmortemDates, Record, grouped, headline
from syncer.policy import bare_address, local_today
from syncer.render import oneline, weekly_report_mail
from syncer.settings import Settings
from syncer.state import Ledger

QueueMail = Callable[[Ledger, str, Sequence[str], str, str, str, datetime, Iterable[str]], bool]
Timelines = Callable[[], tuple[list[Record], list[PostmortemDates]]]
# (ledger, channel, recipient, kind, title, intro, entries, now, about) -> messages queued
QueueChat = Callable[[Ledger, str, str, str, str, str, Sequence[ChatEntry], datetime, Iterable[str]], int]

INTRO = "Postmortem follow-through, {week}: are the action items promised after incidents finished on time?"


def chat_destinations(settings: Settings) -> list[tuple[str, str]]:
    """(channel, recipient) of every chat destination of the report, each once even when
    teams share a Slack channel."""
    found: dict[str, str] = {}
    for team in settings.daemon.weekly_report_teams:
        for channel, recipient in channels.team_recipients(settings, team):
            found.setdefault(recipient, channel)
    return [(channel, recipient) for recipient, channel in found.items()]


def report_entries(overall: Headline, teams: Sequence[tuple[str, Headline]]) -> tuple[ChatEntry, ...]:
    """The report's numbers as chat entries: all teams first, then each team."""
    return tuple(
        ChatEntry(
            key=oneline(name, 200),
            text=(f"on time, last {h.days} days: {h.rate_words} ({h.on_time} of {h.due} due); "
                  f"past deadline now: {h.overdue} of {h.open} not verified"),
            lines=(f"On-time rate by week, last 12 weeks, oldest first: {h.weekly_words}",),
        )
        for name, h in [("All teams", overall), *teams]
    )


def queue_weekly_report(
    settings: Settings, ledger: Ledger, now: datetime, week: str, timelines: Timelines, queue: QueueMail,
    queue_chat: QueueChat,
) -> int:
    """Queue this week's report once per destination (kv `report.<ISO week>` for the mail,
    `report.<ISO week>.<recipient>` per chat destination); the number of messages queued now.
    `timelines` gives outcomes.timelines for today, read only when something is due."""
    recipients = list(dict.fromkeys(bare_address(a) for a in settings.daemon.weekly_report))
    mail_key = f"report.{week}"
    with ledger.transaction():
        mail_due = bool(recipients) and ledger.get(mail_key) is None
        chats = [(c, r) for c, r in chat_destinations(settings) if ledger.get(f"{mail_key}.{r}") is None]
        if not mail_due and not chats:
            return 0
        today = local_today(now, settings.policy.timezone)
        records, pms = timelines()
        overall = headline(records, pms, today)
        teams: list[tuple[str, Headline]] = [
            (name, headline(group, pms, today)) for name, group in grouped(records, "team").items()
        ]
        mail = weekly_report_mail(overall, teams, week=week, now=now, tz=settings.policy.tz)
        count = 0
        if mail_due:
            ledger.set(mail_key, now.isoformat())
            count += int(queue(ledger, "report", recipients, mail.subject, mail.text, mail.html, now, ()))
        entries = report_entries(overall, teams)
        for channel, recipient in chats:
            ledger.set(f"{mail_key}.{recipient}", now.isoformat())
            count += queue_chat(ledger, channel, recipient, "report", mail.subject, INTRO.format(week=week), entries, now, ())
    return count
