"""Chat messages (pure): Slack Block Kit and Microsoft Teams Adaptive Cards.

The same entries the mail shows, one per action item with all its flags, and links to the
ticket and the postmortem. Document and tracker text is untrusted: in Slack it only ever
appears escaped (`&`, `<`, `>`: no mention, no link, no channel ping) or as plain_text; in
Teams it is Markdown-escaped, and links are card actions built from checked http(s) URLs.
Payloads are built as data and serialised with json, so no text can change their structure.
Every piece is capped to the platform's limits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from syncer.render import oneline, web_url

# Slack: at most 50 blocks, 150 characters in a header, 3000 in a section's text.
_SLACK_BLOCKS = 50
_SLACK_HEADER = 150
_SLACK_SECTION = 3000
_PER_ENTRY_BLOCKS = 3
# Teams: a card is limited to ~28 KB; entries beyond this many are summarised.
_TEAMS_ENTRIES = 25


@dataclass(frozen=True, slots=True)
class ChatEntry:
    """One action item as a chat message shows it."""

    key: str
    text: str
    lines: tuple[str, ...]  # "Overdue: overdue by 3 days (due 2026-12-15)", … — already worded
    facts: tuple[tuple[str, str], ...] = ()  # ("Owner", "Alice"), ("Due", "2026-12-15"), …
    ticket: str | None = None
    ticket_url: str | None = None
    postmortem: str | None = None
    postmortem_url: str | None = None


@dataclass(frozen=True, slots=True)
class ChatMessage:
    title: str
    intro: str
    entries: tuple[ChatEntry, ...]
    footer: str


# -- Slack ---------------------------------------------------------------------------------


def slack_escape(text: str) -> str:
    """Slack's three control characters; with them escaped, text cannot mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_link(url: str | None, label: str) -> str:
    checked = web_url(url)
    if checked is None:
        return slack_escape(label)
    # `|` and `>` end the URL part of Slack's link syntax.
    safe = checked.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
    return f"<{safe}|{slack_escape(label)}>"


def slack_payload(message: ChatMessage) -> dict[str, object]:
    """chat.postMessage arguments: `text` (notification and fallback) and `blocks`."""
    blocks: list[dict[str, object]] = [
        {"type": "header", "text": {"type": "plain_text", "text": oneline(message.title, _SLACK_HEADER)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": _cap(slack_escape(oneline(message.intro)))}},
    ]
    room = (_SLACK_BLOCKS - len(blocks) - 2) // _PER_ENTRY_BLOCKS
    shown = message.entries[:room]
    for entry in shown:
        head = f"*{slack_link(entry.ticket_url, entry.ticket or entry.key)}*"
        if entry.ticket:
            head += f" {slack_escape(oneline(entry.key, 200))}"
        body = [f"{head} – {slack_escape(oneline(entry.text, 500))}"]
        body += [f"• {slack_escape(oneline(line, 600))}" for line in entry.lines]
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _cap("\n".join(body))}})
        context = [f"{slack_escape(name)}: {slack_escape(oneline(value, 200))}" for name, value in entry.facts]
        if entry.postmortem:
            context.append("Postmortem: " + slack_link(entry.postmortem_url, oneline(entry.postmortem, 200)))
        if context:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _cap(" · ".join(context))}]})
        blocks.append({"type": "divider"})
    rest = len(message.entries) - len(shown)
    footer = message.footer if not rest else f"{rest} more item(s) in the e-mail and on the dashboard. {message.footer}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _cap(slack_escape(oneline(footer)))}]})
    return {"text": slack_escape(oneline(message.title, 300)), "blocks": blocks}


def _cap(text: str, limit: int = _SLACK_SECTION) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- Microsoft Teams -------------------------------------------------------------------------

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")


def teams_escape(text: str) -> str:
    """Backslash-escape Markdown, so item text renders as written and never as a link."""
    return _MARKDOWN.sub(r"\\\1", text)


def teams_payload(message: ChatMessage) -> dict[str, object]:
    """An Adaptive Card in the message envelope incoming webhooks and Workflows accept."""
    body: list[dict[str, object]] = [
        _text(message.title, weight="Bolder", size="Medium"),
        _text(message.intro),
    ]
    shown = message.entries[:_TEAMS_ENTRIES]
    for entry in shown:
        items: list[dict[str, object]] = [_text(f"{entry.key} – {oneline(entry.text, 500)}", weight="Bolder")]
        items += [_text(line, limit=600) for line in entry.lines]
        if entry.facts:
            items.append({"type": "FactSet", "facts": [
                {"title": teams_escape(oneline(name, 60)), "value": teams_escape(oneline(value, 200))}
                for name, value in entry.facts
            ]})
        actions = [
            {"type": "Action.OpenUrl", "title": oneline(title, 100), "url": url}
            for title, url in (
                (f"Ticket {entry.ticket or ''}".strip(), web_url(entry.ticket_url)),
                (f"Postmortem {entry.postmortem or ''}".strip(), web_url(entry.postmortem_url)),
            )
            if url
        ]
        if actions:
            items.append({"type": "ActionSet", "actions": actions})
        body.append({"type": "Container", "separator": True, "items": items})
    rest = len(message.entries) - len(shown)
    footer = message.footer if not rest else f"{rest} more item(s) in the e-mail and on the dashboard. {message.footer}"
    body.append(_text(footer, size="Small", isSubtle=True))
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


def _text(text: str, *, limit: int = 1000, **style: object) -> dict[str, object]:
    return {"type": "TextBlock", "text": teams_escape(oneline(text, limit)), "wrap": True, **style}


def encode(payload: dict[str, object]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def entries_text(entries: Sequence[ChatEntry]) -> str:
    """The plain text of a chat message, kept in the outbox beside the payload."""
    out = []
    for e in entries:
        out.append(f"{e.key} - {oneline(e.text, 500)}")
        out += [f"  {oneline(line, 600)}" for line in e.lines]
    return "\n".join(out)
