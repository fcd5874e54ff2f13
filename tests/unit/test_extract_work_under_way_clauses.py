"""Work under way told after a purpose set first without its comma ("In order to prevent the
issue from recurring we are eliminating …"), as what a short noun phrase "is" ("The good news
is that we're already in the process of provisioning …"), or in a clause joined by "and" to
what happened, with another party as its subject ("… this was missed and they are working on
updating their procedures to …"): found in the story of the incident, unless the work is the
live response, the subject's own state or is not marked as a follow-up. And a new thing said
to have been in place since ("New monitoring / alerting has been in place to …"), not one that
stood long before or a stopgap."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.prose import promises
from syncer.work_under_way import under_way
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

STORY_PART = "# Queue outage\n\n## Summary\n\nThe job queue stalled for an hour.\n\n## What went wrong\n\n"

SENTENCES = {
    # a purpose first, no comma
    "In order to prevent the issue from reoccurring we are eliminating this manual process.": True,
    "To avoid a repeat of this outage we are moving the queue to its own cluster.": True,
    "To avoid similar outages in the future the platform team is replacing the old load balancer.": True,
    "In order to stop the bleeding we are restarting the consumers one by one.": False,  # the live response
    "To be clear we are not changing the retention policy.": False,  # no change under way
    # what a short noun phrase "is"
    "The good news is that we're already in the process of provisioning a new server.": True,
    "The plan is that we are also moving the queue to its own cluster to prevent this in the future.": True,
    "The problem is that we are restarting the consumers again.": False,  # the live response
    # a clause joined to what happened, another party as its subject
    "Our vendor confirmed that the update skipped testing, and they are working on updating their release "
    "procedures to ensure such an outage does not happen again.": True,
    "The hosting provider found a faulty switch and they are adding a second uplink to prevent a recurrence.": True,
    "The provider found a faulty switch and they are working on it.": False,  # the incident worked on
    "The provider found a faulty switch and they are restoring service to prevent further impact.": False,  # live
    "The provider found a faulty switch and they are adding a second uplink.": False,  # not marked as a follow-up
}  # fmt: skip


@pytest.mark.parametrize(("sentence", "promised"), list(SENTENCES.items()), ids=list(SENTENCES))
def test_work_under_way_after_a_purpose_or_in_a_joined_clause(sentence: str, promised: bool) -> None:
    assert under_way(sentence) is promised


CASES = {
    "a purpose first without its comma, in the story": (
        STORY_PART + "A manual step renewed the certificates. In order to prevent the issue from reoccurring we "
        "are eliminating this manual process.\n",
        ["In order to prevent the issue from reoccurring we are eliminating this manual process"],
    ),
    "a vendor's work under way, joined to what happened": (
        STORY_PART + "Our provider told us that while most changes are tested, this one was missed and they are "
        "working on updating their procedures to ensure such an outage does not happen again.\n",
        ["Our provider told us that while most changes are tested, this one was missed and they are working on "
         "updating their procedures to ensure such an outage does not happen again"],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_found_in_the_story_of_the_incident(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


MADE = {
    "New monitoring / alerting has been in place to reduce the down time within 24 hours.": True,
    "Additional health checks have been in place on every gateway since the incident.": True,
    "The old checks have been in place since 2019.": False,  # no new thing
    "A workaround has been put in place for now.": False,  # a stopgap
}


@pytest.mark.parametrize(("sentence", "made"), list(MADE.items()), ids=list(MADE))
def test_a_new_thing_in_place_since(sentence: str, made: bool) -> None:
    assert (promises(sentence) == [sentence]) is made


GROWTH: dict[str, Callable[[int], str]] = {
    "a purpose without end": lambda size: "To prevent this " * (size // 16) + "we are adding alerts.",
    "joined clauses without end": lambda size: "it broke and they are " * (size // 22) + "adding alerts again.",
    "noun phrases that are": lambda size: "the news is that " * (size // 17) + "we are adding alerts again.",
    "things in place": lambda size: "New alerts have been in place " * (size // 30) + "again.",
    "sentences after a purpose": lambda size: "To avoid this we are adding an alert again. " * (size // 44),
}


@pytest.mark.parametrize("build", GROWTH.values(), ids=GROWTH.keys())
def test_reading_work_under_way_in_clauses_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(promises, build)
