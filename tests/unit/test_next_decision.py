"""When an item's flags are next to be decided by time alone (`policy.next_decision`), and the
promise the engine's date index relies on: until that day, deciding again decides the same."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncer.acceptance import Leads
from syncer.model import Category
from syncer.policy import accepted, days_overdue, evaluate, next_decision, overdue_changes
from syncer.settings import SloSettings
from tests.unit.test_policy import DONE, HISTORY, ITEM, POLICY, TICKET, TODAY, scenario

BASE = (ITEM, TICKET, HISTORY, POLICY)
LEADS = Leads(frozenset({"dana"}), frozenset({"acc-dana"}), frozenset({"acc-alice"}))
FLAG_BEYOND = SloSettings(flag_beyond=True)
WONT_DO = "won't do — the service is being retired (accepted by @dana)"


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


# (flag kind or situation, changes to the healthy item, the flags raised today, next decision day)
TABLE = [
    ("none-far-deadline", {}, set(), date(2026, 12, 18)),  # due 12-21, reminded 3 days before
    ("due_soon-window-opens-today", {"history": {"committed_due": day(3)}, "ticket": {"due": day(3)}}, {"due_soon"}, day(1)),
    ("due_soon-counts-days", {"history": {"committed_due": day(1)}, "ticket": {"due": day(1)}}, {"due_soon"}, day(1)),
    ("due_soon-due-today", {"history": {"committed_due": TODAY}, "ticket": {"due": TODAY}}, {"due_soon"}, day(1)),
    ("due_soon-no-reminder", {"history": {"committed_due": day(5)}, "ticket": {"due": day(5)}, "policy": {"reminder_days": 0}},
     set(), day(5)),
    ("overdue-counts-days", {"history": {"committed_due": day(-4)}, "ticket": {"due": day(-4)}},
     {"overdue"}, day(1)),
    ("overdue-past-escalation", {"history": {"committed_due": day(-40)}, "ticket": {"due": day(-40)}},
     {"overdue"}, day(1)),
    ("overdue-without-ticket", {"history": {"committed_due": day(-2)}, "ticket": None}, {"overdue"}, day(1)),
    ("missing_ticket", {"history": {"committed_due": day(10)}, "ticket": {"exists": False, "due": day(10)}},
     {"missing_ticket"}, day(7)),
    ("no-deadline", {"history": {"committed_due": None}, "ticket": {"due": None}}, set(), None),
    ("demoted_priority", {"ticket": {"priority": "P3"}}, {"demoted_priority"}, date(2026, 12, 18)),
    ("demoted_backlog", {"ticket": {"sprints": (), "due": day(-1)}, "history": {"committed_due": day(-1)}},
     {"demoted_backlog", "overdue"}, day(1)),
    ("deadline_slipped", {"ticket": {"due": date(2027, 1, 15)}}, {"deadline_slipped"}, date(2026, 12, 18)),
    ("blocked", {"ticket": {"status": "Blocked"}}, {"blocked"}, date(2026, 12, 18)),
    ("unassigned", {"ticket": {"assignee": None}}, {"unassigned"}, date(2026, 12, 18)),
    ("deadline_beyond_slo", {"history": {"slo_due": day(10)}, "policy": {"slo": FLAG_BEYOND}}, {"deadline_beyond_slo"}, date(2026, 12, 18)),
    ("repeat_incident", {"history": {"repeat_of_open": ("INC-9",)}}, {"repeat_incident"}, date(2026, 12, 18)),
    # Done (verified or not), closed as not done, accepted or gone: time changes nothing.
    ("verified-done-overdue", {"history": {"committed_due": day(-4)}, "ticket": {**DONE, "closed_by": "acc-bob", "due": day(-4)}},
     set(), None),
    ("unverified_done", {"ticket": {**DONE, "closed_by": "acc-alice"}}, {"unverified_done"}, None),
    ("closed_not_done", {"history": {"committed_due": day(-4)},
                         "ticket": {**DONE, "resolution": "Won't Do", "closed_by": "acc-bob", "due": day(-4)}},
     {"closed_not_done"}, None),
    ("done-in-doc-without-ticket", {"history": {"committed_due": day(-4)}, "ticket": None, "item": {"done": True}},
     set(), None),
    ("accepted-in-doc", {"history": {"committed_due": day(-4), "leads": LEADS}, "item": {"status": WONT_DO}},
     set(), None),
    ("removed_from_doc", {"history": {"committed_due": day(-4), "in_doc": False}}, {"removed_from_doc"}, None),
]


@pytest.mark.parametrize(("changes", "raised", "expected"), [row[1:] for row in TABLE], ids=[row[0] for row in TABLE])
def test_next_decision_per_flag_kind(changes, raised, expected):
    item, ticket, history, policy = scenario(BASE, changes)
    assert {f.kind for f in evaluate(item, ticket, history, policy, TODAY)} == raised
    assert next_decision(item, ticket, history, policy, TODAY) == expected


def test_the_escalation_step_is_one_of_the_overdue_days():
    history = replace(HISTORY, committed_due=day(-14))
    assert days_overdue(history, TODAY) == POLICY.escalate_after_days  # not yet beyond it
    step = overdue_changes(history, TODAY)
    assert step == day(1) and days_overdue(history, step) > POLICY.escalate_after_days
    assert overdue_changes(replace(HISTORY, committed_due=day(5)), TODAY) == day(6)  # the first late day
    assert overdue_changes(replace(HISTORY, committed_due=None), TODAY) is None


CATEGORIES = st.sampled_from([Category.TODO, Category.IN_PROGRESS, Category.DONE])


@st.composite
def situations(draw):
    """Random items, tickets and histories around `TODAY`: every input `evaluate` reads."""
    due = draw(st.none() | st.integers(-60, 60).map(day))
    item = replace(
        ITEM, done=draw(st.booleans()), due=due,
        status=draw(st.sampled_from([None, WONT_DO, "in progress"])),
    )
    if draw(st.booleans()):
        item = None
    ticket = None
    if draw(st.integers(0, 3)):
        category = draw(CATEGORIES)
        ticket = replace(
            TICKET,
            exists=draw(st.integers(0, 5)) > 0,
            category=category,
            status={Category.DONE: "Done", Category.IN_PROGRESS: "In Progress"}.get(category, "Blocked"),
            resolution=draw(st.sampled_from(["Done", "Won't Do"])) if category == Category.DONE else None,
            closed_by=draw(st.sampled_from([None, "acc-alice", "acc-bob"])),
            due=draw(st.none() | st.integers(-60, 60).map(day)),
            priority=draw(st.sampled_from(["P0", "P1", "P3", None])),
            assignee=draw(st.sampled_from([None, "acc-alice", "acc-dave"])),
            labels=tuple(draw(st.lists(st.sampled_from(["pmsync-accepted", "blocked", "verified"]), max_size=2))),
            comments=tuple(draw(st.lists(st.sampled_from([("acc-dana", "Accepted: retired"), ("acc-bob", "verified")]),
                                         max_size=2))),
        )
    history = replace(
        HISTORY,
        committed_due=due or draw(st.none() | st.integers(-60, 60).map(day)),
        in_doc=draw(st.integers(0, 5)) > 0,
        repeat_of_open=draw(st.sampled_from([(), ("INC-9",)])),
        slo_due=draw(st.none() | st.integers(-60, 60).map(day)),
        leads=LEADS,
        item_key=ITEM.key,
    )
    slo = draw(st.sampled_from([POLICY.slo, FLAG_BEYOND]))
    policy = POLICY.model_copy(update={"reminder_days": draw(st.integers(0, 10)), "slo": slo})
    return item, ticket, history, policy


@settings(max_examples=300, deadline=None)
@given(situations(), st.integers(-30, 30).map(day))
def test_until_the_next_decision_day_every_day_decides_the_same(situation, today):
    item, ticket, history, policy = situation
    flags = evaluate(item, ticket, history, policy, today)
    decision = accepted(item, ticket, history, policy)
    found = next_decision(item, ticket, history, policy, today)
    assert found is None or found > today
    end = found or today + timedelta(days=90)  # "never": any day ahead decides the same
    later = today
    while later < end:
        assert evaluate(item, ticket, history, policy, later) == flags
        assert accepted(item, ticket, history, policy) == decision
        # stable: a decision made any day before it names the same day
        assert next_decision(item, ticket, history, policy, later) == found
        later += timedelta(days=1)
