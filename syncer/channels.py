"""Who hears on which channel: e-mail, Slack, Microsoft Teams (DESIGN §15, channels).

A person chooses their channels in `[people.<handle>] channels` (e-mail unless said
otherwise); a team chooses where its lead-level messages and weekly review go in
`[teams.<team>] channels`. Chat messages are queued in the same outbox, in the same
transaction, as the mail they accompany, so cooldowns and exactly-once delivery are the
mail's own. Their recipient names the destination:

- `slack:user:<member id>` or `slack:email:<address>` (looked up when sending),
- `slack:channel:<channel id or name>`,
- `msteams:<team>` (the team's webhook, a credential).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from syncer import outbox
from syncer.chat_render import (
    ChatEntry,
    ChatMessage,
    encode,
    entries_text,
    slack_payload,
    teams_payload,
)
from syncer.policy import bare_address
from syncer.render import DigestItem, MailItem, sort_items
from syncer.settings import Settings
from syncer.state import Ledger

FOOTER = (
    "pmsync follows postmortem action items until someone other than the owner has verified "
    "them. Commitments change in the postmortem, progress in the ticket."
)


def person_channels(settings: Settings, address: str) -> list[str]:
    """A recipient's channels: their own choice when they are in [people], else e-mail."""
    found = settings.person(address)
    return list(found[1].channels) if found is not None else ["email"]


def slack_recipient(settings: Settings, address: str) -> str:
    found = settings.person(address)
    member = found[1].slack if found is not None else None
    return f"slack:user:{member.strip()}" if member and member.strip() else f"slack:email:{bare_address(address)}"


def team_recipients(settings: Settings, team: str) -> list[tuple[str, str]]:
    """(channel, recipient) for a team's chat channels."""
    config = settings.teams.get(team)
    if config is None:
        return []
    found = []
    if "slack" in config.channels and config.slack_channel:
        found.append(("slack", f"slack:channel:{config.slack_channel.strip()}"))
    if "msteams" in config.channels:
        found.append(("msteams", f"msteams:{team}"))
    return found


def flag_entries(items: Sequence[MailItem]) -> tuple[ChatEntry, ...]:
    """One entry per action item with all its flags, in the mail's order."""
    grouped: dict[str, list[MailItem]] = {}
    for item in sort_items(items):
        grouped.setdefault(item.key, []).append(item)
    entries = []
    for key, flags in grouped.items():
        first = flags[0]
        lines = []
        for f in flags:
            by = f" (by {f.changed_by})" if f.changed_by else ""
            lines.append(f"{f.label}: {f.details}{by}")
        lines.append(f"Next step: {first.next_step}")
        facts = [(name, value) for name, value in (
            ("Owner", first.owner), ("Priority", first.priority),
            ("Due", first.due.isoformat() if first.due else None), ("Status", first.status),
        ) if value]
        entries.append(ChatEntry(
            key=key, text=first.text, lines=tuple(lines), facts=tuple(facts), ticket=first.ticket,
            ticket_url=first.ticket_url, postmortem=first.postmortem, postmortem_url=first.postmortem_url,
        ))
    return tuple(entries)


def digest_entries(items: Sequence[DigestItem]) -> tuple[ChatEntry, ...]:
    entries = []
    for item in items:
        state = item.lifecycle  # already worded (lifecycle_words)
        if item.days_overdue:
            state += f", overdue by {item.days_overdue} day{'' if item.days_overdue == 1 else 's'}"
        lines = [state, *(f"{label}: {details}" for label, details in item.flags)]
        facts = [(n, v) for n, v in (("Owner", item.owner), ("Priority", item.priority),
                                     ("Due", item.due.isoformat() if item.due else None)) if v]
        entries.append(ChatEntry(
            key=item.key, text=item.text, lines=tuple(lines), facts=tuple(facts), ticket=item.ticket,
            ticket_url=item.ticket_url, postmortem=item.postmortem, postmortem_url=item.postmortem_url,
        ))
    return tuple(entries)


def queue_chat(
    ledger: Ledger,
    *,
    channel: str,
    recipient: str,
    kind: str,
    title: str,
    intro: str,
    entries: Sequence[ChatEntry],
    now: datetime,
    sender: str,
    about: Iterable[str],
) -> outbox.OutboxMessage | None:
    """Render and queue one chat message in the caller's transaction."""
    message = ChatMessage(title, intro, tuple(entries), FOOTER)
    payload = slack_payload(message) if channel == "slack" else teams_payload(message)
    return outbox.queue(
        ledger, kind=kind, recipients=[recipient], subject=title, text=f"{intro}\n{entries_text(entries)}",
        html="", now=now, sender=sender, about=list(about), channel=channel, payload=encode(payload),
    )


def intro_for(role: str) -> str:
    return {
        "owner": "These postmortem action items are yours:",
        "lead": "These postmortem action items of your team need a decision:",
        "escalation": "These postmortem action items are overdue beyond the escalation limit, or a later incident relates to them:",
        "team": "These postmortem action items of the team need a decision from its leads:",
    }.get(role, "These postmortem action items need attention:")
