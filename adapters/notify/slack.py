"""Slack delivery through the official slack_sdk WebClient (bot token).

Direct messages go to a member id, given in [people] or looked up by e-mail
(`users.lookupByEmail`, cached for the life of the sender); team messages go to a channel.
The client's own retries are switched off: a post that may have happened is never re-sent
behind the outbox's back. Slack's answers become outbox results:

- refused for good (the message stays in the outbox with the reason, others go on): no such
  user, no such channel, an archived channel, a payload Slack will not take;
- refused for now (retried with back-off): the bot is not in the channel, the token is
  revoked or lacks a scope (a set-up problem to fix), Slack down, the connection lost;
- rate limited (HTTP 429): retried no earlier than Slack's `Retry-After`, and the rest of
  this run's Slack messages wait too, since the limit is the workspace's. A 429 without
  Retry-After (a proxy in between, or Slack leaving it out) backs off exponentially with
  full jitter, capped at a minute (Slack's limits are per minute), by the trackers' rule.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.trackers.retry import RATE_LIMIT_BASE, backoff
from syncer.outbox import OutboxMessage, SendResult
from syncer.settings import SlackSettings

# Slack error codes that no retry can fix for this message.
FINAL = frozenset({
    "users_not_found", "user_not_found", "channel_not_found", "is_archived", "user_disabled",
    "cannot_dm_bot", "invalid_blocks", "invalid_blocks_format", "msg_too_long", "no_text",
    "too_many_attachments", "invalid_arguments", "restricted_action", "messages_tab_disabled",
})
# Codes that say the set-up (token, scopes, membership) is wrong: every Slack message waits.
SETUP = frozenset({
    "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive",
    "missing_scope", "not_allowed_token_type", "team_access_not_granted", "ekm_access_denied",
})
_REASONS = {
    "users_not_found": "no Slack user has this e-mail address",
    "user_not_found": "no such Slack user",
    "channel_not_found": "no such Slack channel (or the bot cannot see it)",
    "not_in_channel": "the bot is not a member of the channel: invite it",
    "is_archived": "the channel is archived",
    "invalid_auth": "the Slack token is not valid",
    "token_revoked": "the Slack token was revoked",
    "account_inactive": "the Slack token belongs to a deactivated bot or user",
    "missing_scope": "the Slack token lacks a scope",
    "ratelimited": "rate limited by Slack",
}
RATE_LIMIT_CAP = 60.0  # the longest wait pmsync picks itself after an unannounced 429


class SlackSender:
    """The chat port for Slack."""

    channel = "slack"

    def __init__(
        self,
        settings: SlackSettings,
        *,
        client: WebClient | None = None,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[float, float], float] = random.uniform,
    ) -> None:
        token = settings.token.get_secret_value() if settings.token else None
        self.client = client or WebClient(
            token=token, base_url=settings.base_url, timeout=int(settings.timeout), retry_handlers=[]
        )
        self.clock = clock
        self.jitter = jitter
        self._members: dict[str, str] = {}  # e-mail -> member id
        self._paused_until = 0.0
        self._blocked: str | None = None  # a set-up problem seen in this run

    def send(self, message: OutboxMessage) -> SendResult:
        mid = message.message_id
        wait = self._paused_until - self.clock()
        if wait > 0:
            return SendResult(mid, ok=False, temporary=True, retry_after=wait,
                              error="waiting for Slack's rate limit to pass")
        if self._blocked is not None:
            return SendResult(mid, ok=False, temporary=True, error=self._blocked)
        recipient = message.recipients[0] if message.recipients else ""
        try:
            payload = json.loads(message.payload)
            channel = self._destination(recipient)
            self.client.chat_postMessage(channel=channel, text=payload["text"], blocks=payload["blocks"],
                                         unfurl_links=False, unfurl_media=False)
        except SlackApiError as exc:
            return self._refused(message, recipient, exc)
        except (SlackClientError, OSError, ValueError, KeyError) as exc:
            # No answer, or none we understand: the post may not have happened; try again later.
            return SendResult(mid, ok=False, temporary=True, error=f"Slack not reachable: {exc}")
        return SendResult(mid, ok=True)

    def _destination(self, recipient: str) -> str:
        kind, _, value = recipient.removeprefix("slack:").partition(":")
        if kind == "email":
            if value not in self._members:
                found: Any = self.client.users_lookupByEmail(email=value)
                self._members[value] = str(found["user"]["id"])
            return self._members[value]
        if kind in ("user", "channel") and value:
            return value
        raise ValueError(f"not a Slack recipient: {recipient!r}")

    def _refused(self, message: OutboxMessage, recipient: str, exc: SlackApiError) -> SendResult:
        mid, response = message.message_id, exc.response
        code = str(response.get("error") or f"HTTP {response.status_code}")
        reason = f"{_REASONS.get(code, 'Slack refused the message')} ({code})"
        if response.status_code == 429 or code == "ratelimited":
            retry_after = _seconds(response.headers.get("Retry-After") or response.headers.get("retry-after"))
            if retry_after is None:  # this message's attempt number drives the backoff
                retry_after = max(1.0, backoff(message.attempts + 1, base=RATE_LIMIT_BASE,
                                               cap=RATE_LIMIT_CAP, jitter=self.jitter))
            self._paused_until = self.clock() + retry_after
            return SendResult(mid, ok=False, temporary=True, retry_after=retry_after,
                              error=f"{reason}; retry after {retry_after:g}s")
        if code in FINAL:
            return SendResult(mid, ok=False, temporary=False, rejected={recipient: reason}, error=reason)
        if code in SETUP:
            self._blocked = reason
        return SendResult(mid, ok=False, temporary=True, error=reason)


def _seconds(value: Any) -> float | None:
    try:
        return max(float(value), 1.0)
    except (TypeError, ValueError):
        return None
