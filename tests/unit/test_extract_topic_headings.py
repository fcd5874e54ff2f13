"""Sub-headings under an action heading that name a topic ("### Cloud provider relationship")
over a paragraph holding the team's promises: the promises are the items, the topic is not one.
A sub-heading that says its own work ("### Add a lag alert", "##### SSH should not be exposed")
stays the item, its paragraph the details. Each case is a short document shaped like a real one
and the item texts pmsync must find in it (and nothing else)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

STORY = (
    "# Queue outage\n\n## Summary\n\nThe job queue stalled for an hour.\n\n"
    "## Timeline\n\n- 10:02 Alerts fired\n- 11:05 Consumers restarted\n\n## Root cause\n\nA consumer crashed.\n\n"
)

CASES = {
    "a topic over a paragraph with one promise: the promise is the item": (
        STORY + "## Remediation\n\nWe review every outage.\n\n### Internal monitoring\n\n"
        "Our monitoring caught this issue, but it did not meet our thresholds for alerts. "
        "We are reviewing our alert thresholds with the intention to page on sporadic failures.\n",
        ["We are reviewing our alert thresholds with the intention to page on sporadic failures"],
    ),
    "two topics, each over a paragraph with a promise": (
        STORY + "## Remediation\n\n### Vendor relationship\n\n"
        "The vendor answered our ticket after six hours. We will agree an escalation path with the vendor.\n\n"
        "### Capacity planning\n\nThe cluster ran at its limit. We plan to add two brokers before the next peak.\n",
        ["We will agree an escalation path with the vendor", "We plan to add two brokers before the next peak"],
    ),
    "a topic in another wording of the promise": (
        STORY + "## Follow-up actions\n\n### Consumer resilience\n\n"
        "The consumer had no retry. We're adding a retry of three attempts to the consumer.\n",
        ["We're adding a retry of three attempts to the consumer"],
    ),
    "a sub-heading telling its work stays the item over its promise": (
        STORY + "## Remediation\n\n### Add a lag alert at five minutes\n\n"
        "We will page the on-call engineer when the lag passes five minutes.\n",
        ["Add a lag alert at five minutes"],
    ),
    "a sub-heading stating a requirement stays the item over its promise": (
        STORY + "## Remediation\n\n### Consumers should restart on their own\n\n"
        "We are moving the consumers under a supervisor that restarts them.\n",
        ["Consumers should restart on their own"],
    ),
    "a topic over a paragraph promising nothing is still the item": (
        STORY + "## Remediation\n\n### Dead-letter queue for poison messages\n\n"
        "Poison messages go to a queue of their own, reviewed daily.\n",
        ["Dead-letter queue for poison messages"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=list(CASES))
def test_items_under_topic_sub_headings(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


GROWTH: dict[str, Callable[[int], str]] = {
    "one long topic over a promise": lambda size: STORY + "## Remediation\n\n### "
    + "Vendor relationship " * (size // 20) + "\n\nWe will agree an escalation path.\n",
    "many topics over promises": lambda size: STORY + "## Remediation\n\n"
    + "### Vendor relationship\n\nThe vendor was slow. We will agree an escalation path.\n\n" * (size // 78),
}


@pytest.mark.parametrize("build", GROWTH.values(), ids=GROWTH.keys())
def test_reading_topic_sub_headings_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: read_postmortem(text).items, build)
