from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncer.model import (
    PRIORITIES,
    ActionItem,
    Category,
    Change,
    Postmortem,
    TicketRef,
    TicketState,
)
from syncer.policy import (
    FLAG_KINDS,
    ItemHistory,
    Verification,
    days_overdue,
    evaluate,
    is_verified,
    lifecycle,
    local_today,
    repeat_incidents,
)
from syncer.settings import PolicySettings, SloSettings

TODAY = date(2026, 11, 23)
DUE = date(2026, 12, 21)
POLICY = PolicySettings()
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

ITEM = ActionItem(
    key="INC-7/disk-alert",
    item_id="disk-alert",
    explicit_id=True,
    text="Add disk space alert at 80% threshold",
    owner="alice",
    due=DUE,
    priority="P1",
    verify="next standup",
)
JIRA = TicketRef("jira", "jira:OPS", "OPS-12", "https://example.atlassian.net/browse/OPS-12")
GITHUB = TicketRef("github", "github:acme/web", "42", "https://github.com/acme/web/issues/42")
# A healthy ticket: in progress, as committed, with its owner, in a sprint.
TICKET = TicketState(
    ref=JIRA,
    status="In Progress",
    category=Category.IN_PROGRESS,
    priority="P1",
    assignee="acc-alice",
    due=DUE,
    labels=("pmsync", "pmsync-1a2b3c4d5e6f"),
    sprints=("Sprint 12",),
)
HISTORY = ItemHistory(
    committed_due=DUE,
    committed_priority="P1",
    owner_accounts=frozenset({"acc-alice", "alice"}),
    previous=TICKET,
    was_in_sprint=True,
)
DONE = {"status": "Done", "category": Category.DONE, "resolution": "Done"}


def flags(item=ITEM, ticket=TICKET, history=HISTORY, policy=POLICY, today=TODAY):
    result = evaluate(item, ticket, history, policy, today)
    assert all(f.item_key == (item.key if item else history.item_key) for f in result)
    return {f.kind: f.details for f in result}


def scenario(base, changes):
    item, ticket, history, policy = base
    if "item" in changes:
        item = None if changes["item"] is None else replace(item, **changes["item"])
    if "ticket" in changes:
        ticket = None if changes["ticket"] is None else replace(ticket, **changes["ticket"])
    if "history" in changes:
        history = replace(history, **changes["history"])
    if "policy" in changes:
        policy = policy.model_copy(update=changes["policy"])
    return item, ticket, history, policy


BASE = (ITEM, TICKET, HISTORY, POLICY)


def test_a_healthy_item_raises_nothing():
    assert flags() == {}


# (id, changes that raise the flag, the exact flags raised, changes that clear it again)
FLAG_TABLE = [
    (
        "overdue",
        {"history": {"committed_due": date(2026, 11, 19)}, "ticket": {"due": date(2026, 11, 19)}},
        {"overdue": "overdue by 4 days (due 2026-11-19)"},
        {"ticket": {**DONE, "due": date(2026, 11, 19), "closed_by": "acc-bob"}},
    ),
    (
        "overdue-one-day",
        {"history": {"committed_due": date(2026, 11, 22)}, "ticket": {"due": date(2026, 11, 22)}},
        {"overdue": "overdue by 1 day (due 2026-11-22)"},
        {"history": {"committed_due": date(2026, 11, 30)}, "ticket": {"due": date(2026, 11, 30)}},
    ),
    (
        "overdue-without-ticket",
        {"ticket": None, "history": {"committed_due": date(2026, 11, 19)}},
        {"overdue": "overdue by 4 days (due 2026-11-19)"},
        {"item": {"done": True}},
    ),
    (
        "due_soon",
        {"history": {"committed_due": date(2026, 11, 26)}, "ticket": {"due": date(2026, 11, 26)}},
        {"due_soon": "due in 3 days (2026-11-26)"},
        {"history": {"committed_due": date(2026, 11, 27)}, "ticket": {"due": date(2026, 11, 27)}},
    ),
    (
        "due_soon-today",
        {"history": {"committed_due": TODAY}, "ticket": {"due": TODAY}},
        {"due_soon": "due today (2026-11-23)"},
        {"ticket": {**DONE, "due": TODAY, "closed_by": "acc-bob"}},
    ),
    (
        "demoted_priority",
        {
            "ticket": {
                "priority": "P3",
                "history": (Change("priority", AT, "5b10ac", "High", "Low"),),
            }
        },
        {"demoted_priority": "priority lowered P1 → P3 by 5b10ac"},
        {"ticket": {"priority": "P0"}},
    ),
    (
        "demoted_priority-unknown-actor",
        {"ticket": {"priority": "P4"}},
        {"demoted_priority": "priority lowered P1 → P4"},
        {"history": {"committed_priority": "P4"}},
    ),
    (
        "demoted_backlog-status",
        {"ticket": {"status": "backlog", "category": Category.TODO}},
        {"demoted_backlog": "in backlog status 'backlog'"},
        {"ticket": {"status": "Selected for Development"}},
    ),
    (
        "demoted_backlog-label",
        {"ticket": {"labels": ("pmsync", "Someday")}},
        {"demoted_backlog": "backlog label 'Someday'"},
        {"ticket": {"labels": ("pmsync",)}},
    ),
    (
        "demoted_backlog-sprint-since-last-poll",
        {"ticket": {"sprints": ()}, "history": {"was_in_sprint": False}},
        {"demoted_backlog": "taken out of sprint/milestone 'Sprint 12'"},
        {"ticket": {"sprints": ("Sprint 13",)}},
    ),
    (
        "demoted_backlog-sprint-from-ledger-memory",
        {
            "ticket": {
                "sprints": (),
                "history": (Change("sprint", AT, "acc-bob", "Sprint 12", None),),
            },
            "history": {"previous": replace(TICKET, sprints=())},
        },
        {"demoted_backlog": "taken out of sprint/milestone 'Sprint 12' by acc-bob"},
        {"ticket": {**DONE, "sprints": (), "closed_by": "acc-bob"}},
    ),
    (
        "closed_not_done",
        {"ticket": {**DONE, "status": "Closed", "resolution": "Won't Do", "closed_by": "acc-bob"}},
        {"closed_not_done": "closed as Won't Do by acc-bob"},
        {"ticket": {"status": "Reopened", "category": Category.TODO, "resolution": None}},
    ),
    (
        "closed_not_done-github-not-planned",
        {"ticket": {**DONE, "ref": GITHUB, "resolution": "not_planned", "due": None}},
        {"closed_not_done": "closed as not_planned"},
        {"ticket": {"resolution": "completed", "closed_by": "bob"}},
    ),
    (
        "closed_not_done-duplicate-of-itself",
        {
            "ticket": {
                **DONE,
                "resolution": "Duplicate",
                "comments": (("bob", "Duplicate of OPS-12"),),
            }
        },
        {"closed_not_done": "closed as Duplicate"},
        {"ticket": {"comments": (("bob", "Duplicate of OPS-7."),), "closed_by": "acc-bob"}},
    ),
    (
        "deadline_slipped",
        {
            "history": {"committed_due": date(2026, 12, 1)},
            "ticket": {
                "due": date(2027, 1, 15),
                "history": (Change("duedate", AT, "acc-bob", "2026-12-01", "2027-01-15"),),
            },
        },
        {"deadline_slipped": "due date moved 2026-12-01 → 2027-01-15 by acc-bob"},
        {"ticket": {"due": date(2026, 11, 30)}},
    ),
    (
        "deadline_slipped-removed",
        {"ticket": {"due": None}},
        {"deadline_slipped": "due date removed (committed 2026-12-21)"},
        {"ticket": {"due": DUE}},
    ),
    (
        "blocked-status",
        {"ticket": {"status": "BLOCKED"}},
        {"blocked": "status 'BLOCKED'"},
        {"ticket": {"status": "In Progress"}},
    ),
    (
        "blocked-label-and-link",
        {"ticket": {"labels": ("pmsync", "blocked"), "blocked_by_open": True}},
        {"blocked": "label 'blocked'; blocked by an unresolved linked issue"},
        {"ticket": {"labels": ("pmsync",), "blocked_by_open": False}},
    ),
    (
        "unassigned",
        {"ticket": {"assignee": None}},
        {"unassigned": "no assignee"},
        {"ticket": {"assignee": "ACC-ALICE"}},
    ),
    (
        "unassigned-not-the-owner",
        {"ticket": {"assignee": "acc-bob"}},
        {"unassigned": "assigned to acc-bob, not the owner"},
        {"history": {"owner_accounts": frozenset({"acc-alice", "acc-bob"})}},
    ),
    (
        "unverified_done",
        {"ticket": {**DONE, "closed_by": "acc-alice"}},
        {"unverified_done": "closed by its owner (acc-alice) with no verification by someone else"},
        {"ticket": {"comments": (("acc-bob", "Verified: the alert paged at 80%"),)}},
    ),
    (
        "unverified_done-policy-off",
        {"ticket": {**DONE, "closed_by": "acc-alice"}},
        {"unverified_done": "closed by its owner (acc-alice) with no verification by someone else"},
        {"policy": {"require_independent_verification": False}},
    ),
    (
        "missing_ticket",
        {"ticket": {"exists": False}},
        {"missing_ticket": "ticket OPS-12 is gone or not visible to pmsync"},
        {"ticket": {"exists": True}},
    ),
    (
        "missing_ticket-github",
        {"ticket": {"ref": GITHUB, "exists": False}},
        {"missing_ticket": "ticket acme/web#42 is gone or not visible to pmsync"},
        {"ticket": {"exists": True, "due": None}},
    ),
    (
        "removed_from_doc",
        {
            "item": None,
            "history": {"in_doc": False, "item_key": ITEM.key, "committed_due": TODAY},
            "ticket": {"assignee": None},
        },
        {"removed_from_doc": "the item left the postmortem while ticket OPS-12 is still open"},
        {"ticket": {**DONE, "closed_by": "acc-alice"}},
    ),
    (
        "repeat_incident",
        {"history": {"repeat_of_open": ("INC-9", "INC-12", "INC-9")}},
        {"repeat_incident": "related later postmortems: INC-12, INC-9 (item not verified done)"},
        {"history": {"repeat_of_open": ()}},
    ),
    (
        "deadline_beyond_slo",
        {"history": {"slo_due": date(2026, 12, 2)}, "policy": {"slo": SloSettings(flag_beyond=True)}},
        {"deadline_beyond_slo": "deadline 2026-12-21 is 19 days beyond the objective for P1 (2026-12-02)"},
        {"history": {"slo_due": DUE}},
    ),
]


def test_a_deadline_beyond_the_slo_is_no_flag_unless_asked_for():
    assert flags(history=replace(HISTORY, slo_due=date(2026, 12, 2))) == {}


@pytest.mark.parametrize(
    ("raise_changes", "expected", "undo"),
    [case[1:] for case in FLAG_TABLE],
    ids=[case[0] for case in FLAG_TABLE],
)
def test_flag_raised_and_cleared(raise_changes, expected, undo):
    raised = scenario(BASE, raise_changes)
    item, ticket, history, policy = raised
    assert flags(item, ticket, history, policy) == expected
    item, ticket, history, policy = scenario(raised, undo)
    assert not set(expected) & set(flags(item, ticket, history, policy))


def test_every_flag_kind_is_in_the_table():
    raised = {kind for case in FLAG_TABLE for kind in case[2]}
    assert raised == set(FLAG_KINDS)


@pytest.mark.parametrize(
    ("due_offset", "expected"),
    [(-1, {"overdue"}), (0, {"due_soon"}), (3, {"due_soon"}), (4, set())],
)
def test_deadline_boundaries(due_offset, expected):
    due = TODAY + timedelta(days=due_offset)
    history = replace(HISTORY, committed_due=due)
    assert set(flags(ticket=replace(TICKET, due=due), history=history)) == expected


def test_done_but_unverified_is_not_overdue():
    history = replace(HISTORY, committed_due=date(2026, 11, 1))
    ticket = replace(TICKET, **DONE, due=date(2026, 11, 1), closed_by="acc-alice")
    assert set(flags(ticket=ticket, history=history)) == {"unverified_done"}


def test_not_doing_is_closed_not_done_not_overdue():
    history = replace(HISTORY, committed_due=date(2026, 11, 1))
    ticket = replace(TICKET, **{**DONE, "resolution": "Won’t Fix"}, due=date(2026, 11, 1))
    assert flags(ticket=ticket, history=history) == {"closed_not_done": "closed as Won’t Fix"}


def test_a_ticked_box_does_not_beat_an_open_ticket():
    history = replace(HISTORY, committed_due=date(2026, 11, 1))
    ticket = replace(TICKET, due=date(2026, 11, 1))
    assert set(flags(item=replace(ITEM, done=True), ticket=ticket, history=history)) == {"overdue"}


@pytest.mark.parametrize(
    "comment",
    [
        "Duplicate of OPS-7",
        "duplicate of #41",
        "Duplicate of acme/api#3",
        "dup: duplicate of https://x/7",
    ],
)
def test_duplicate_pointing_to_another_ticket_is_done_not_closed_not_done(comment):
    ticket = replace(
        TICKET,
        **{**DONE, "resolution": "Duplicate"},
        closed_by="acc-bob",
        comments=(("acc-bob", comment),),
    )
    assert flags(ticket=ticket) == {}
    assert lifecycle(ITEM, ticket, HISTORY, POLICY) == "verified"


def test_github_has_no_due_date_signal():
    assert flags(ticket=replace(TICKET, ref=GITHUB, due=None)) == {}


def test_a_workflow_without_a_backlog_status_never_raises_the_status_signal():
    policy = POLICY.model_copy(update={"backlog_statuses": []})
    ticket = replace(TICKET, status="Backlog", category=Category.TODO)
    assert flags(ticket=ticket, policy=policy) == {}


def test_an_item_out_of_the_doc_raises_only_doc_and_ticket_flags():
    history = replace(
        HISTORY, in_doc=False, committed_due=date(2026, 1, 1), repeat_of_open=("INC-9",)
    )
    ticket = replace(TICKET, priority="P4", assignee=None, exists=False)
    assert set(flags(ticket=ticket, history=history)) == {"missing_ticket"}


def test_a_pending_item_gets_only_deadline_and_history_flags():
    history = replace(HISTORY, committed_due=date(2026, 11, 20), repeat_of_open=("INC-9",))
    assert set(flags(ticket=None, history=history)) == {"overdue", "repeat_incident"}


def test_item_key_comes_from_the_ticket_when_the_item_is_gone():
    history = replace(HISTORY, in_doc=False)
    ticket = replace(TICKET, item_key="INC-7/disk-alert")
    (flag,) = evaluate(None, ticket, history, POLICY, TODAY)
    assert (flag.kind, flag.item_key) == ("removed_from_doc", "INC-7/disk-alert")


def test_item_key_is_required_somewhere():
    with pytest.raises(ValueError, match="item key"):
        evaluate(None, TICKET, replace(HISTORY, in_doc=False), POLICY, TODAY)


def test_unknown_status_category_never_crashes():
    ticket = replace(TICKET, status="Mystery", category="undefined")
    assert flags(ticket=ticket) == {}
    assert lifecycle(ITEM, ticket, HISTORY, POLICY) == "open"


# --- time zone: a deadline ends at midnight in the policy's time zone ---

BERLIN = POLICY.model_copy(update={"timezone": "Europe/Berlin"})


@pytest.mark.parametrize(
    ("now", "timezone", "today"),
    [
        (datetime(2026, 11, 23, 22, 30, tzinfo=UTC), "Europe/Berlin", date(2026, 11, 23)),  # 23:30
        (datetime(2026, 11, 23, 23, 30, tzinfo=UTC), "Europe/Berlin", date(2026, 11, 24)),  # 00:30
        (datetime(2026, 11, 23, 23, 30, tzinfo=UTC), "UTC", date(2026, 11, 23)),
        (datetime(2026, 11, 24, 5, 0, tzinfo=UTC), "America/Los_Angeles", date(2026, 11, 23)),
    ],
)
def test_local_today(now, timezone, today):
    assert local_today(now, timezone) == today


def test_due_today_in_berlin_is_not_overdue_until_the_berlin_day_is_over():
    history = replace(HISTORY, committed_due=TODAY)
    ticket = replace(TICKET, due=TODAY)
    late_evening = local_today(datetime(2026, 11, 23, 22, 30, tzinfo=UTC), BERLIN.timezone)
    after_midnight = local_today(datetime(2026, 11, 23, 23, 30, tzinfo=UTC), BERLIN.timezone)
    assert flags(ticket=ticket, history=history, policy=BERLIN, today=late_evening) == {
        "due_soon": "due today (2026-11-23)"
    }
    # Still 23 November in UTC, already the 24th in Berlin.
    assert flags(ticket=ticket, history=history, policy=BERLIN, today=after_midnight) == {
        "overdue": "overdue by 1 day (due 2026-11-23)"
    }


def test_local_today_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="timezone-aware"):
        local_today(datetime(2026, 11, 23, 12, 0), "UTC")


@pytest.mark.parametrize(
    ("due", "expected"), [(None, 0), (date(2026, 11, 30), 0), (TODAY, 0), (date(2026, 11, 8), 15)]
)
def test_days_overdue(due, expected):
    assert days_overdue(replace(HISTORY, committed_due=due), TODAY) == expected


# --- verification: by someone other than the owner ---

CLOSED = replace(TICKET, **DONE)

VERIFICATION_TABLE = [
    (
        "closed-by-someone-else",
        {"closed_by": "acc-bob"},
        Verification(True, "acc-bob", "closed", False),
    ),
    ("closed-by-the-owner", {"closed_by": "ACC-Alice"}, Verification(False, None, None, False)),
    (
        "closer-from-changelog",
        {"history": (Change("status", AT, "acc-bob", "In Progress", "Done"),)},
        Verification(True, "acc-bob", "closed", False),
    ),
    (
        "owner-closed-per-changelog",
        {"history": (Change("resolution", AT, "alice", None, "Done"),)},
        Verification(False, None, None, False),
    ),
    ("no-changelog", {}, Verification(False, None, None, True)),
    (
        "label-no-history",
        {"closed_by": "acc-alice", "labels": ("pmsync", "Verified")},
        Verification(True, None, "label", False),
    ),
    (
        "label-added-by-someone-else",
        {
            "closed_by": "acc-alice",
            "labels": ("pmsync", "verified"),
            "history": (Change("labels", AT, "acc-bob", "pmsync", "pmsync verified"),),
        },
        Verification(True, "acc-bob", "label", False),
    ),
    (
        "label-added-by-the-owner",
        {
            "closed_by": "acc-alice",
            "labels": ("pmsync", "verified"),
            "history": (Change("labels", AT, "acc-alice", None, "verified"),),
        },
        Verification(False, None, None, False),
    ),
    (
        "comment-by-someone-else",
        {
            "closed_by": "acc-alice",
            "comments": (("acc-bob", "Looked at it.\n  verified: paged at 80%"),),
        },
        Verification(True, "acc-bob", "comment", False),
    ),
    (
        "comment-by-the-owner",
        {"closed_by": "acc-alice", "comments": (("acc-alice", "Verified: works for me"),)},
        Verification(False, None, None, False),
    ),
    (
        "keyword-mid-line",
        {"closed_by": "acc-alice", "comments": (("acc-bob", "not Verified: yet"),)},
        Verification(False, None, None, False),
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [case[1:] for case in VERIFICATION_TABLE],
    ids=[case[0] for case in VERIFICATION_TABLE],
)
def test_verification(changes, expected):
    ticket = replace(CLOSED, **changes)
    assert is_verified(ITEM, ticket, HISTORY, POLICY) == expected
    claimed = "unverified_done" in flags(ticket=ticket)
    assert claimed == (not expected.verified and not expected.unknown_actor)


def test_missing_changelog_makes_no_claim_but_is_not_verified():
    assert flags(ticket=CLOSED) == {}
    assert lifecycle(ITEM, CLOSED, HISTORY, POLICY) == "done_awaiting_verification"


def test_closing_proves_nothing_while_the_owners_accounts_are_unknown():
    history = replace(HISTORY, owner_accounts=frozenset())
    ticket = replace(CLOSED, closed_by="someone")
    assert is_verified(ITEM, ticket, history, POLICY) == Verification(False, None, None, True)
    assert flags(ticket=ticket, history=history) == {}


def test_verification_needs_a_done_ticket():
    open_with_label = replace(TICKET, labels=("verified",), closed_by="acc-bob")
    assert not is_verified(ITEM, open_with_label, HISTORY, POLICY).verified
    not_doing = replace(CLOSED, resolution="Cannot Reproduce", closed_by="acc-bob")
    assert not is_verified(ITEM, not_doing, HISTORY, POLICY).verified


def test_verification_can_be_switched_off():
    policy = POLICY.model_copy(update={"require_independent_verification": False})
    ticket = replace(CLOSED, closed_by="acc-alice")
    assert is_verified(ITEM, ticket, HISTORY, policy) == Verification(
        True, "acc-alice", "not_required", False
    )


def test_an_empty_label_or_keyword_verifies_nothing():
    policy = POLICY.model_copy(update={"verified_label": "", "verified_keyword": " "})
    ticket = replace(CLOSED, closed_by="acc-alice", comments=(("acc-bob", "done"),))
    assert not is_verified(ITEM, ticket, HISTORY, policy).verified


# --- lifecycle ---

LIFECYCLE_TABLE = [
    ("pending", ITEM, None, "pending"),
    ("ticked-without-ticket", replace(ITEM, done=True), None, "done_awaiting_verification"),
    ("open", ITEM, replace(TICKET, status="To Do", category=Category.TODO), "open"),
    ("in_progress", ITEM, TICKET, "in_progress"),
    ("done-by-owner", ITEM, replace(CLOSED, closed_by="acc-alice"), "done_awaiting_verification"),
    ("verified", ITEM, replace(CLOSED, closed_by="acc-bob"), "verified"),
    ("not_doing", ITEM, replace(CLOSED, resolution="Won't Do"), "not_doing"),
    ("missing-ticket", ITEM, replace(TICKET, exists=False), "open"),
]


@pytest.mark.parametrize(
    ("item", "ticket", "state"),
    [case[1:] for case in LIFECYCLE_TABLE],
    ids=[case[0] for case in LIFECYCLE_TABLE],
)
def test_lifecycle(item, ticket, state):
    assert lifecycle(item, ticket, HISTORY, POLICY) == state


# --- repeat incidents: close the loop ---


def pm(pm_id, item_ids=(), related=()):
    items = tuple(replace(ITEM, key=f"{pm_id}/{i}", item_id=i) for i in item_ids)
    return Postmortem(
        id=pm_id, id_explicit=True, title=pm_id, path=f"{pm_id}.md", items=items, related=related
    )


def test_repeat_incidents():
    postmortems = [
        pm("INC-1", ("1", "2")),
        pm("INC-2", ("1",), related=("INC-1", "INC-404", "INC-2")),
        pm("INC-3", ("1",)),
        pm("INC-4", related=("INC-3",)),
        pm("INC-5", related=("INC-1",)),
    ]
    verified = {"INC-1/1", "INC-3/1"}
    assert repeat_incidents(postmortems, verified.__contains__) == {
        "INC-1/2": ("INC-2", "INC-5"),
        "INC-2": ("INC-1",),
        "INC-5": ("INC-1",),
    }


def test_no_repeat_once_everything_is_verified():
    postmortems = [pm("INC-1", ("1",)), pm("INC-2", related=("INC-1",))]
    assert repeat_incidents(postmortems, lambda key: True) == {}


# --- properties: any combination evaluates, deterministically ---

texts = st.text(max_size=12)
optional_texts = st.none() | texts
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))
names = st.sampled_from(["acc-alice", "ALICE", "acc-bob", "bob", ""]) | texts
statuses = st.sampled_from(["To Do", "Backlog", "Blocked", "Done", "Closed", "In Progress"]) | texts
resolutions = st.sampled_from([*POLICY.not_done_resolutions, "Done", "completed"]) | texts
labels = st.lists(
    st.sampled_from(["pmsync", "verified", "someday", "blocked", "Backlog"]) | texts, max_size=4
)
changes = st.builds(
    Change,
    field=st.sampled_from(
        ["status", "priority", "sprint", "milestone", "duedate", "labels", "resolution", "state"]
    ),
    at=st.none() | st.just(AT),
    actor=st.none() | names,
    from_value=optional_texts | labels.map(" ".join),
    to_value=optional_texts | labels.map(" ".join) | st.just("closed"),
)
tickets = st.builds(
    TicketState,
    ref=st.sampled_from([JIRA, GITHUB]),
    exists=st.booleans(),
    item_key=st.none() | st.just("INC-7/disk-alert"),
    status=st.none() | statuses,
    category=st.sampled_from([*Category, "undefined"]),
    resolution=st.none() | resolutions,
    priority=st.none() | st.sampled_from(PRIORITIES) | texts,
    assignee=st.none() | names,
    due=st.none() | dates,
    labels=labels.map(tuple),
    sprints=st.lists(texts, max_size=2).map(tuple),
    closed_by=st.none() | names,
    history=st.lists(changes, max_size=4).map(tuple),
    comments=st.lists(
        st.tuples(st.none() | names, texts | st.just("Verified: ok\nDuplicate of OPS-1")),
        max_size=3,
    ).map(tuple),
    blocked_by_open=st.booleans(),
)
histories = st.builds(
    ItemHistory,
    committed_due=st.none() | dates,
    committed_priority=st.none() | st.sampled_from(PRIORITIES) | texts,
    owner_accounts=st.frozensets(names, max_size=3),
    in_doc=st.booleans(),
    previous=st.none() | tickets,
    was_in_sprint=st.booleans(),
    repeat_of_open=st.lists(texts, max_size=3).map(tuple),
    item_key=st.just("INC-7/disk-alert"),
)
policies = st.builds(
    lambda tz, days, independent: POLICY.model_copy(
        update={
            "timezone": tz,
            "reminder_days": days,
            "require_independent_verification": independent,
        }
    ),
    st.sampled_from(["UTC", "Europe/Berlin", "Pacific/Kiritimati"]),
    st.integers(min_value=0, max_value=30),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    item=st.none() | st.builds(replace, st.just(ITEM), done=st.booleans()),
    ticket=st.none() | tickets,
    history=histories,
    policy=policies,
    today=dates,
)
def test_evaluate_never_raises_and_is_deterministic(item, ticket, history, policy, today):
    result = evaluate(item, ticket, history, policy, today)
    assert result == evaluate(item, ticket, history, policy, today)
    kinds = [flag.kind for flag in result]
    assert set(kinds) <= set(FLAG_KINDS) and len(kinds) == len(set(kinds))
    assert all(flag.item_key == "INC-7/disk-alert" and flag.details for flag in result)
    assert not {"overdue", "due_soon"} <= set(kinds)
    assert not {"closed_not_done", "unverified_done"} <= set(kinds)
    state = lifecycle(item, ticket, history, policy)
    assert state in {
        "pending",
        "open",
        "in_progress",
        "done_awaiting_verification",
        "verified",
        "not_doing",
    }
    if "unverified_done" in kinds:
        assert state == "done_awaiting_verification"
    if "closed_not_done" in kinds:
        assert state == "not_doing"
    check = is_verified(item, ticket, history, policy)
    assert not (check.verified and check.unknown_actor)


@pytest.mark.parametrize(
    ("priority", "raw", "raised"),
    [
        (None, None, "priority removed (committed P1)"),  # GitHub: the priority label was taken off
        (None, "Blocker-ish", None),  # a name the configuration does not map says nothing
        ("P1", "High", None),
    ],
)
def test_a_ticket_without_any_priority_is_a_demotion(priority, raw, raised):
    got = flags(ticket=replace(TICKET, priority=priority, raw_priority=raw))
    assert got.get("demoted_priority") == raised
