"""Promises told as work under way with a verb outside the lexicon of change ("we are also in
the process of hiring …"), work said to be ongoing, and work under way set in a season to
come: found in the story of the incident, unless the verb is not work (waiting, contacting
customers, light verbs) or the time is the live response."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.open_verbs import open_base
from syncer.prose import promises
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

STORY_PART = "# Queue outage\n\n## Summary\n\nThe job queue stalled for an hour.\n\n## What went wrong\n\n"

CASES = {
    "a verb outside the lexicon, told as work in process or begun": (
        STORY_PART + "I am also in the process of hiring a database administrator who can review our schema "
        "changes. We have also begun onboarding a second on-call engineer.\n",
        ["I am also in the process of hiring a database administrator who can review our schema changes",
         "We have also begun onboarding a second on-call engineer"],
    ),
    "a verb begun or in process that is not work is no promise": (
        STORY_PART + "I am also in the process of waiting for the vendor's report. I am also in the process of "
        "refunding affected customers. I am also in the process of taking action to shut down the old broker.\n",
        [],
    ),
    "work said to be ongoing, beside the fix": (
        STORY_PART + "Work is also ongoing to scan all of our services for similar single points of failure. "
        "Work is ongoing to bring the consumers back.\n",
        ["Work is also ongoing to scan all of our services for similar single points of failure"],
    ),
    "work under way set in a season to come, not in the hours of the incident": (
        STORY_PART + "This winter, we're revamping our deployment process so that every release is staged "
        "first. Right now we are restarting the consumers one by one.\n",
        ["This winter, we're revamping our deployment process so that every release is staged first"],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_work_under_way_beyond_the_lexicon(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


BASES = {"hiring": "hir", "onboarding": "onboard", "planning": "plan", "discussing": "discuss", "waiting": None,
         "devoting": None, "taking": None, "refunding": None, "ring": None, "co-ordinating": None}


@pytest.mark.parametrize(("gerund", "base"), list(BASES.items()), ids=list(BASES))
def test_the_base_of_a_verb_outside_the_lexicon(gerund: str, base: str | None) -> None:
    assert open_base(gerund, frozenset({"monitor"})) == base


GROWTH: dict[str, Callable[[int], str]] = {
    "sentences of work in process": lambda size: "We are also in the process of hiring a person. " * (size // 48),
    "one long sentence in process": lambda size: "We are also in the process of " * (size // 30) + "hiring.",
}


@pytest.mark.parametrize("build", GROWTH.values(), ids=GROWTH.keys())
def test_reading_work_in_process_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(promises, build)
