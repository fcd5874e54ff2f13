"""The planner: create, recover, adopt, update only what changed, removed, unroutable."""

from __future__ import annotations

from datetime import date

import pytest

from syncer.model import TicketRef, TicketSpec
from syncer.plan import PlanInput, changed_fields, plan

SPEC = TicketSpec(item_key="P/1", summary="Add alert", description="d", priority="P1",
                  owner="alice", assignee="acc", due=date(2026, 12, 1))
REF = TicketRef("jira", "jira:OPS", "OPS-1")


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (PlanInput("P/1", "P/1", SPEC, "jira:OPS"), ("create", ())),
        (PlanInput("P/1", "P/1", SPEC, "jira:OPS", intent=True), ("recover", ())),
        (PlanInput("P/1", "P/1", SPEC, "jira:OPS", doc_ref=REF), ("adopt", ())),
        (PlanInput("P/1", "P/1", SPEC, None, team="web"), ("unroutable", ())),
        (PlanInput("P/1", "P/1", SPEC, "jira:OPS", ticket=REF, pushed=SPEC.doc_fields()), None),
        (
            PlanInput("P/1", "P/1", SPEC, "jira:OPS", ticket=REF,
                      pushed={**SPEC.doc_fields(), "priority": "P2", "due": "2026-11-30"}),
            ("update", ("priority", "due")),
        ),
        (PlanInput("P/1", "P/1", None, "jira:OPS", ticket=REF), ("removed", ())),
        (PlanInput("P/1", "P/1", None, "jira:OPS", ticket=REF, was_in_doc=False), None),
    ],
)
def test_plan(entry, expected):
    actions = plan([entry])
    if expected is None:
        assert actions == []
    else:
        assert [(a.kind, a.fields) for a in actions] == [expected]


def test_unroutable_note_names_the_team():
    (action,) = plan([PlanInput("P/1", "P/1", SPEC, None, team="web")])
    assert "team 'web'" in action.note and "routing" in action.note


def test_changed_fields_with_nothing_pushed_is_everything():
    assert changed_fields(SPEC, None) == ("summary", "description", "priority", "assignee", "due")
