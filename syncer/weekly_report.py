"""The organisation-wide weekly follow-through report (`daemon.weekly_report`): the headline
numbers and their 12-week trend, overall and per team, mailed once per ISO week with the
leads' weekly reviews."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from syncer import outcomes
from syncer.followthrough import Headline, grouped, headline
from syncer.policy import bare_address, local_today
from syncer.render import weekly_report_mail
from syncer.settings import Settings
from syncer.state import Ledger

QueueMail = Callable[[Ledger, str, Sequence[str], str, str, str, datetime, Iterable[str]], bool]


def queue_weekly_report(settings: Settings, ledger: Ledger, now: datetime, week: str, queue: QueueMail) -> int:
    """Queue this week's report once (kv `report.<ISO week>`); 1 when queued now, else 0."""
    recipients = list(dict.fromkeys(bare_address(a) for a in settings.daemon.weekly_report))
    key = f"report.{week}"
    if not recipients or ledger.get(key) is not None:
        return 0
    today = local_today(now, settings.policy.timezone)
    records, pms = outcomes.timelines(settings, ledger, today)
    teams: list[tuple[str, Headline]] = [
        (name, headline(group, pms, today)) for name, group in grouped(records, "team").items()
    ]
    mail = weekly_report_mail(headline(records, pms, today), teams, week=week, now=now, tz=settings.policy.tz)
    with ledger.transaction():
        ledger.conn.execute("INSERT INTO kv(key, value) VALUES (?, ?)", (key, now.isoformat()))
        queued = queue(ledger, "report", recipients, mail.subject, mail.text, mail.html, now, ())
    return int(queued)
