"""Document structure and what items inherit from it: the priority a sub-heading or label
over a group of items rates them with, as written, beside the group's time frame."""

from __future__ import annotations

import pytest

from syncer.fields import extract_fields
from syncer.item_priority import group_priority, priority_value
from tests.postmortems import read_postmortem

HEAD = "# Outage\n\n## Summary\n\nThe API was down.\n\n## Action items\n\n"


def _fields(body: str) -> list[tuple[str, str | None, str | None]]:
    return [(i.text, i.raw_priority, i.due_text) for i in read_postmortem(HEAD + body, "pm.md").items]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a bare rating as the sub-heading over its group
        ("### High\n\n- Add a disk alert on the hosts\n\n### Low\n\n- Tidy the cache dashboards\n",
         [("Add a disk alert on the hosts", "High", None), ("Tidy the cache dashboards", "Low", None)]),
        ("#### Critical\n\n1. Rotate the leaked deploy token\n\n#### Medium\n\n1. Write the failover runbook\n",
         [("Rotate the leaked deploy token", "Critical", None), ("Write the failover runbook", "Medium", None)]),
        # the rating beside the group's time frame, decorated
        ("### 🔴 High Priority (1 week)\n\n1. **Fix the restart policy**\n\n### 🟢 Low priority (3 months)\n\n"
         "2. **Add a staging environment** - test upgrades first\n",
         [("Fix the restart policy", "High", "1 week"),
          ("Add a staging environment - test upgrades first", "Low", "3 months")]),
        ("### Medium priority - by 2026-03-01\n\n- Alert on queue depth\n",
         [("Alert on queue depth", "Medium", "2026-03-01")]),
        # a number keeps its label: alone it says nothing
        ("### Priority 2\n\n- Document the login dependencies\n", [("Document the login dependencies", "Priority 2", None)]),
        # a topic is no rating
        ("### Monitoring\n\n- Add the latency alert\n", [("Add the latency alert", None, None)]),
    ],
)  # fmt: skip
def test_a_sub_heading_rating_its_group_passes_the_rating_on(
    body: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert _fields(body) == expected


@pytest.mark.parametrize(
    ("text", "clean", "priority"),
    [("**Pre-commit Hooks** (Priority: HIGH)", "**Pre-commit Hooks**", "HIGH"),
     ("Rotate the keys [priority: low]", "Rotate the keys", "low"),
     ("Rotate the keys (Priority 1)", "Rotate the keys", "Priority 1"),
     ("Rotate the keys (P1)", "Rotate the keys", "P1")],
)  # fmt: skip
def test_the_priority_is_the_rating_without_the_word_priority(text: str, clean: str, priority: str) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.raw_priority) == (clean, priority)


@pytest.mark.parametrize(
    ("title", "priority"),
    [("High", "High"), ("very high", "very high"), ("Low Priority", "Low"), ("Priority: Medium", "Medium"),
     ("P0", "P0"), ("Priority 3 items", "Priority 3 items"), ("Highlights", None), ("High availability", None),
     ("Lower the timeouts", None), ("", None)],
)  # fmt: skip
def test_group_priority(title: str, priority: str | None) -> None:
    assert group_priority(title) == priority


def test_priority_value_keeps_what_is_no_rating() -> None:
    assert priority_value(None) is None
    assert priority_value("priority") == "priority"
    assert priority_value("Sev2") == "Sev2"
