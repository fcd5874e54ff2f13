"""Microsoft Teams delivery: an Adaptive Card posted to a team's incoming webhook or
Workflows ("When a Teams webhook request is received") URL, over plain HTTPS (requests).

A webhook URL is a credential (whoever has it can post): it comes from the environment
(`PMSYNC_MSTEAMS_WEBHOOK_<TEAM>`) or from the systemd credentials directory
(`msteams_webhook_<team>`), never from the configuration file, and never into a log.

Answers: 2xx delivered (Workflows answer 202, connectors 200); 429 retried no earlier than
`Retry-After`; 5xx and lost connections retried with back-off; other 4xx (a malformed card,
a deleted webhook) refused for good — the message stays in the outbox with the reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

import requests

from syncer.credentials import credential_file
from syncer.outbox import OutboxMessage, SendResult
from syncer.settings import MsTeamsSettings


def webhook_env_name(team: str) -> str:
    return "PMSYNC_MSTEAMS_WEBHOOK_" + re.sub(r"[^A-Za-z0-9]", "_", team).upper()


def webhook_credential_name(team: str) -> str:
    return "msteams_webhook_" + re.sub(r"[^A-Za-z0-9_-]", "_", team)


def webhooks_from(teams: Iterable[str], environ: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Each team's webhook URL, and a problem for each team that has none or a bad one."""
    found: dict[str, str] = {}
    problems: list[str] = []
    for team in teams:
        url = (environ.get(webhook_env_name(team)) or "").strip()
        file = None if url else credential_file(webhook_credential_name(team), environ)
        if file is not None:
            try:
                url = file.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                url = ""
        if not url:
            problems.append(
                f"teams.{team}.channels: 'msteams' needs the team's webhook URL in "
                f"{webhook_env_name(team)} or the credential file '{webhook_credential_name(team)}'"
            )
        elif not url.lower().startswith("https://") and not url.startswith("http://127.0.0.1"):
            problems.append(f"teams.{team}: the Microsoft Teams webhook must be an https:// URL")
        else:
            found[team] = url
    return found, problems


class TeamsSender:
    """The chat port for Microsoft Teams."""

    channel = "msteams"

    def __init__(self, settings: MsTeamsSettings, webhooks: Mapping[str, str], *,
                 session: requests.Session | None = None) -> None:
        self.timeout = settings.timeout
        self.webhooks = dict(webhooks)
        self.session = session or requests.Session()

    def send(self, message: OutboxMessage) -> SendResult:
        mid = message.message_id
        recipient = message.recipients[0] if message.recipients else ""
        team = recipient.removeprefix("msteams:")
        url = self.webhooks.get(team)
        if url is None:
            return SendResult(mid, ok=False, temporary=True,
                              error=f"no Microsoft Teams webhook configured for team {team!r}")
        try:
            response = self.session.post(
                url, data=message.payload.encode("utf-8"), timeout=self.timeout, allow_redirects=False,
                headers={"Content-Type": "application/json; charset=utf-8"},
            )
        except requests.RequestException as exc:
            return SendResult(mid, ok=False, temporary=True,
                              error=f"Microsoft Teams webhook not reachable: {type(exc).__name__}")
        status = response.status_code
        if 200 <= status < 300:
            return SendResult(mid, ok=True)
        reason = f"Microsoft Teams webhook answered {status}{_detail(response)}"
        if status == 429:
            retry_after = _seconds(response.headers.get("Retry-After"))
            return SendResult(mid, ok=False, temporary=True, retry_after=retry_after,
                              error=f"{reason}; retry after {retry_after:g}s")
        if status >= 500 or status in (408, 409):
            return SendResult(mid, ok=False, temporary=True, error=reason)
        return SendResult(mid, ok=False, temporary=False, rejected={recipient: reason}, error=reason)


def _detail(response: requests.Response) -> str:
    """The service's own words, short and on one line (never the URL)."""
    text = response.text or ""
    try:
        body = json.loads(text)
        if isinstance(body, dict):
            err = body.get("error")
            text = str(err.get("message") if isinstance(err, dict) else err or body.get("message") or text)
    except ValueError:
        pass
    text = " ".join(text.split())[:200]
    return f": {text}" if text else ""


def _seconds(value: str | None) -> float:
    try:
        return max(float(value or ""), 1.0)
    except ValueError:
        return 60.0
