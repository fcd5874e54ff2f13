"""Priorities as authors write them beside an item or over a group of items: the rating, not the
noun naming the group it rates, and the places a rating stands without the word "priority".

Each case is written for this test in a form public postmortems and planning docs use.
"""

from __future__ import annotations

import pytest

from syncer.fields import extract_fields
from syncer.item_priority import group_priority
from tests.postmortems import read_postmortem


@pytest.mark.parametrize(
    ("title", "priority"),
    [
        ("Low priority items", "Low"),
        ("High-priority follow-ups", "High"),
        ("High Priority Fixes", "High"),
        ("Medium-Priority", "Medium"),
        ("Priority 2 items", "Priority 2"),  # a number keeps its label: alone it says nothing
        ("P2 action items", "P2"),
        ("High priority", "High"),
        ("Must do", "Must do"),
        ("Lessons learned", None),
    ],
)
def test_a_heading_rates_its_group_without_the_groups_noun(title: str, priority: str | None) -> None:
    assert group_priority(title) == priority


def test_items_under_a_rated_sub_heading_take_its_rating() -> None:
    markdown = (
        "# Outage\n\n## Action items\n\n### High-priority follow-ups\n\n- Add a disk usage alert\n\n"
        "### Low priority items\n\n- Rotate the signing keys\n"
    )
    assert [(i.text, i.raw_priority) for i in read_postmortem(markdown).items] == [
        ("Add a disk usage alert", "High"), ("Rotate the signing keys", "Low"),
    ]


@pytest.mark.parametrize(
    ("text", "clean", "priority"),
    [
        # a priority opening a bracket of labelled fields needs no label of its own
        ("Add a disk usage alert (P1, owner: ana)", "Add a disk usage alert", "P1"),
        # the label opens the item, the action follows the rating after a dash
        ("Priority: High - Add a disk usage alert", "Add a disk usage alert", "High"),
        ("Priority: P2 — Rotate the signing keys", "Rotate the signing keys", "P2"),
        # urgency and importance rate an item as its priority does
        ("Add a disk usage alert (Urgency: High)", "Add a disk usage alert", "High"),
        ("Rotate the signing keys. Importance: medium", "Rotate the signing keys", "medium"),
        # a bracket of prose that mentions a label stays in the text
        ("Add a disk usage alert (see also: the runbook)", "Add a disk usage alert (see also: the runbook)", None),
    ],
)
def test_priorities_written_without_the_word_priority(text: str, clean: str, priority: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.raw_priority) == (clean, priority)


def test_an_urgency_column_is_the_priority() -> None:
    markdown = (
        "# Outage\n\n## Action items\n\n| Action | Urgency | Owner |\n|---|---|---|\n"
        "| Add a disk usage alert | High | ana |\n| Rotate the signing keys | Low | bo |\n"
    )
    assert [i.raw_priority for i in read_postmortem(markdown).items] == ["High", "Low"]
