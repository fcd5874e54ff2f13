"""Incident notices and write-ups from outside the real-world corpus that hold no action item:
status-page updates, maintenance announcements and short outage notes. Each case is a few real
sentences (the organisation that wrote them is named beside it), set in a postmortem's frame."""

from __future__ import annotations

import pytest

from syncer.commitments import is_commitment, is_promise
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


@pytest.mark.parametrize(
    "sentence",
    [
        # NYC Mesh network status log: the incident worked on, looked into, or waiting on the day
        "We are working on this now.",
        "We are looking into this at the moment.",
        "We are working on fixing this now.",
        "We will try to fix this as soon as the rain eases.",
        "We are planning on replacing a power supply in the morning.",
        "We will switch members over to other sectors later tonight.",
        # Matrix.org: resuming the work the incident interrupted
        "On which note, we're going to go back to building decentralised communication protocols.",
        # Node.js: what a process is for, not a plan of people
        "Our processes aim to streamline CI initiation and verification of contributions.",
    ],
)
def test_the_live_response_told_now_and_work_resumed_are_no_promise(sentence: str) -> None:
    assert not is_promise(sentence)


def test_a_need_to_say_something_commits_to_nothing() -> None:
    # Matrix.org: "We should also acknowledge …" beside "We should also add …"
    assert not is_commitment("We should also acknowledge that the attacker chose to deface the site.")
    assert is_commitment("We should also add an alert on new SSH keys.")


@pytest.mark.parametrize(
    "sentence",
    [
        "We are looking into ways to make failover automatic.",
        "Apart from fixing this, we are also adding an additional layer of circuit breakers.",
        "Our engineering teams aim to add a canary stage to every deploy.",
    ],
)
def test_work_on_the_cause_beside_it_is_still_a_promise(sentence: str) -> None:
    assert is_promise(sentence)
