"""A month or season a sentence places its change in, without a due word: "We have an upgrade
planned during August and September", "This winter, we're revamping the deploys". The time is
the change's deadline where the sentence tells a plan; told of what was done ("In March we
moved the database") it dates the deed, and a bare instruction keeps no month as a deadline.

Each case is written for this test in a form public postmortems use.
"""

from __future__ import annotations

import pytest

from syncer.due_phrases import spoken_due
from syncer.fields import extract_fields
from tests.unit.test_linear_time import assert_linear


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("We have a large upgrade planned during August and September that will fix the outages",
         "during August and September"),
        ("This winter, we're revamping our development and deployment processes", "This winter"),
        ("We will move the database in early March 2026", "in early March 2026"),
        ("We will revisit the alert thresholds in the summer of 2026", "in the summer of 2026"),
        ("We plan to retire the old cluster over the coming summer", "coming summer"),
        ("We'll upgrade the nodes in the fall", "in the fall"),
        # told as done, the month dates the deed
        ("In March we moved the database to a new cluster", None),
        ("In August 2023 we introduced a new cache", None),
        ("The nodes were upgraded in the fall", None),
        # no plan told: a bare instruction, a modal "may", a release named by its month
        ("Migrate the database in August", None),
        ("We may add a cache in may", None),
        ("We will add a check for the March release", None),
    ],
)
def test_a_month_or_season_a_plan_is_placed_in_is_its_deadline(sentence: str, due: str | None) -> None:
    assert spoken_due(sentence) == due
    assert extract_fields(sentence).due_text == due


def test_reading_a_planned_month_grows_linearly() -> None:
    unit = "we are planning in during the early Augus and over the this through late Se "  # no month: every start tried
    assert_linear(spoken_due, lambda size: unit * (size // len(unit)))
