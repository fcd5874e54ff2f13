"""Promises told inside another clause ("… bear in mind that we are upgrading …", "… issues
that we're going to tackle with …") and in the passive of a subject that is no known object of
change ("The reliance on the API will be removed"): found in prose, and only when they name work."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.commitments import is_promise
from syncer.prose import promises
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

STORY_PART = "# Queue outage\n\n## Summary\n\nThe job queue stalled for an hour.\n\n## What went wrong\n\n"

CASES = {
    "a promise in a clause after what the writer asks of the reader": (
        STORY_PART + "We also ask you to bear in mind that we are currently in the process of moving the queue "
        "to a replicated cluster.\n",
        ["We also ask you to bear in mind that we are currently in the process of moving the queue to a "
         "replicated cluster"],
    ),
    "a promise in a clause after a decision or an assurance": (
        STORY_PART + "After this outage we have decided that we will migrate the broker to a managed service. "
        "I can assure you that our platform team will add a lag alert on every queue.\n",
        ["After this outage we have decided that we will migrate the broker to a managed service",
         "I can assure you that our platform team will add a lag alert on every queue"],
    ),
    "a promise in a relative clause naming what it acts on": (
        STORY_PART + "We found a known driver bug that we're going to tackle with an alternative driver. "
        "The consumer crashed on a firmware issue that we are updating across our fleet.\n",
        ["We found a known driver bug that we're going to tackle with an alternative driver",
         "The consumer crashed on a firmware issue that we are updating across our fleet"],
    ),
    "a clause whose verb names no work, or the incident and its telling, is no promise": (
        STORY_PART + "These are the lessons that we are taking from this. We assure you that we are taking all "
        "necessary steps to resolve this incident. Rest assured that we will keep you updated. "
        "Here is what we know so far, and what we think that we will do next:\n",
        [],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_promises_inside_another_clause(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


PASSIVE = {
    # any subject, with the participle of a verb of work
    "The reliance on the Hex API will be removed for private repositories.": True,
    "The old build cluster will be decommissioned next quarter.": True,
    "Our Jenkins server will be replaced by Buildkite.": True,
    "In the coming weeks, the legacy queue will be migrated to the new broker.": True,
    # telling, the live event, or what the system does by itself
    "This post will be updated as we learn more.": False,
    "Minutes will be published on 10 July 2025.": False,
    "Affected users will be notified by email.": False,
    "The missed epoch will be extended to the next batch.": False,
    "Blocks will be created every two seconds.": False,
    "Old logs will be deleted automatically when they are 30 days old.": False,
    "Google has not released a report, but when they do it will be included here.": False,
    "All data will be restored from the backup.": False,
}


@pytest.mark.parametrize(("sentence", "promised"), list(PASSIVE.items()), ids=list(PASSIVE))
def test_a_passive_promise_names_work_whatever_its_subject(sentence: str, promised: bool) -> None:
    assert is_promise(sentence) is promised


GROWTH: dict[str, Callable[[int], str]] = {
    "clauses opened by that we": lambda size: "We said that we " * (size // 16),
    "sentences of relative promises": lambda size: "A bug that we are updating across the fleet. " * (size // 45),
    "a long passive subject": lambda size: ("word " * (size // 5)) + "will be removed.",
}


@pytest.mark.parametrize("build", GROWTH.values(), ids=GROWTH.keys())
def test_reading_embedded_promises_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(promises, build)
