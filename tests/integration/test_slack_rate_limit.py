"""A Slack 429 without Retry-After backs off exponentially with jitter, capped, per message attempt."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from adapters.notify.slack import RATE_LIMIT_CAP, SlackSender
from adapters.trackers.retry import RATE_LIMIT_BASE
from syncer.outbox import OutboxMessage
from syncer.settings import SlackSettings
from tests.fakes.fake_slack import FakeSlack

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def message(attempts: int) -> OutboxMessage:
    payload = json.dumps({"text": "review", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "review"}}]})
    return OutboxMessage(id=1, message_id=f"<m{attempts}@pmsync>", recipients=("slack:channel:C0PAY",),
                         subject="review", body_text="", body_html="", kind="digest", created_at=NOW,
                         attempts=attempts, next_attempt_at=NOW, sent_at=None, last_error=None,
                         rejected={}, channel="slack", payload=payload)


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        fake.add_channel("C0PAY", "payments-sre")
        fake.retry_after = None
        yield fake


def test_429_without_retry_after_backs_off_by_attempt_with_jitter(slack):
    bounds: list[float] = []

    def upper(low: float, high: float) -> float:  # the jitter's worst case, recorded
        bounds.append(high)
        return high

    settings = SlackSettings(token=SecretStr(slack.token), base_url=slack.base_url)
    waits = []
    for attempts in range(6):
        slack.rate_limited = 1
        result = SlackSender(settings, jitter=upper, clock=lambda: 0.0).send(message(attempts))
        assert not result.ok and result.temporary and result.retry_after is not None
        waits.append(result.retry_after)
    assert bounds == [min(RATE_LIMIT_CAP, RATE_LIMIT_BASE * 2**n) for n in range(6)]
    assert waits == bounds and waits[0] < waits[-1] == RATE_LIMIT_CAP
    slack.rate_limited = 1
    jittered = SlackSender(settings, jitter=lambda low, high: (low + high) / 2).send(message(2))
    assert jittered.retry_after == RATE_LIMIT_BASE * 2
    assert "retry after 10s" in (jittered.error or "")


def test_429_with_retry_after_still_waits_what_slack_says(slack):
    slack.retry_after, slack.rate_limited = 7, 1
    settings = SlackSettings(token=SecretStr(slack.token), base_url=slack.base_url)
    result = SlackSender(settings, jitter=lambda low, high: 0.0).send(message(5))
    assert result.retry_after == 7
