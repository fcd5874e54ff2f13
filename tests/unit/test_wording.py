"""One way of saying things everywhere: tickets, states, durations, times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from syncer.model import TicketRef
from syncer.wording import (
    LIFECYCLE_WORDS,
    duration_words,
    every,
    lifecycle_words,
    local_time,
    ticket_label,
)


@pytest.mark.parametrize(
    ("ref", "label"),
    [
        (TicketRef("jira", "jira:PAY", "PAY-12"), "PAY-12"),
        (TicketRef("github", "github:acme/web", "1"), "acme/web#1"),
    ],
)
def test_one_ticket_notation(ref, label):
    assert ticket_label(ref) == label


def test_every_lifecycle_state_has_words():
    assert lifecycle_words("done_awaiting_verification") == "done, awaiting verification"
    assert all("_" not in words for words in LIFECYCLE_WORDS.values())
    assert lifecycle_words("some_new_state") == "some new state"


@pytest.mark.parametrize(
    ("span", "words", "often"),
    [
        (timedelta(minutes=5), "5 minutes", "every 5 minutes"),
        (timedelta(minutes=1), "1 minute", "every minute"),
        (timedelta(hours=1, minutes=30), "1 hour 30 minutes", "every 1 hour 30 minutes"),
        (timedelta(days=1), "1 day", "every day"),
        (timedelta(seconds=30), "30 seconds", "every 30 seconds"),
    ],
)
def test_durations_in_words(span, words, often):
    assert (duration_words(span), every(span)) == (words, often)


def test_times_are_in_the_policy_zone_to_the_minute():
    moment = datetime(2026, 7, 1, 7, 5, 42, 123456, tzinfo=UTC)
    assert local_time(moment, "Europe/Berlin") == "2026-07-01 09:05 CEST"
    assert local_time(moment, "UTC") == "2026-07-01 07:05 UTC"
