"""Incident notices and write-ups from outside the real-world corpus that hold no action item:
status-page updates, maintenance announcements and short outage notes. Each case is a few real
sentences (the organisation that wrote them is named beside it), set in a postmortem's frame."""

from __future__ import annotations

import pytest

from syncer.commitments import is_promise
from tests.postmortems import read_postmortem

STORY = "# Outage of the API\n\n## What happened\n\nRequests failed for two hours.\n\n"


@pytest.mark.parametrize(
    "sentence",
    [
        # Pushy status page, 2018: watching the fix hold over the next days
        "We will be closely monitoring latency over the next few days to confirm that the issue is indeed resolved.",
        # Tumblr staff blog, 2012: effort through a weekend
        "We'll be working through the weekend to make sure we're not caught off-guard again.",
        # Meta engineering, 2021: bringing the service back
        "Our services are now back online and we're actively working to fully return them to regular operations.",
        # CynderHost status page: a maintenance announcement
        "We will be conducting routine maintenance on our website shortly.",
        "While we do not expect the actual downtime to exceed 5 minutes, we'll be scheduling a 30 minute window "
        "to account for any issues.",
        "We will also be performing switch and router software upgrades at this time.",
        # Hyalite Mortgages: a closure announced, the team itself the subject of a passive
        "We'll be closed because of essential maintenance over some weekends in September and early October.",
        "Over the weekend of 4-5 October, we will be fully closed all weekend.",
    ],
)
def test_the_next_hours_a_maintenance_window_and_service_back_are_no_promise(sentence: str) -> None:
    assert not is_promise(sentence)
    assert [item.text for item in read_postmortem(STORY + sentence + "\n").items] == []


@pytest.mark.parametrize(
    "sentence",
    [
        # what the same words promise when they name a change that lasts
        "We will be adding an alert on latency over the next few weeks.",
        "We will schedule a maintenance review of the router fleet each quarter.",
        "We will return the retry limit to its old value and add a test for it.",
        "We will be adding an alert on the queue depth.",
    ],
)
def test_a_lasting_change_is_still_a_promise(sentence: str) -> None:
    assert is_promise(sentence)
