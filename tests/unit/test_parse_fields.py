"""Inline fields of one action item, and the normalisation of priority, type, owner, columns."""

from __future__ import annotations

import pytest

from syncer.field_names import (
    column_role,
    meta_key,
    normalise_priority,
    normalise_type,
    status_done,
    type_hint,
)
from syncer.fields import Fields, clean_owner, extract_fields
from syncer.refs import find_ref


def _f(source: str, /, **expected: object) -> tuple[str, dict[str, object]]:
    return source, expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        _f("Add disk space alert at 80% threshold. Owner: @alice. Due: Friday. Verify: next standup.",
           text="Add disk space alert at 80% threshold", owner="alice", due_text="Friday", verify="next standup"),
        _f("Add config validation to CI pipeline. Owner: @bob. Due: 2 weeks. Demo in team meeting.",
           text="Add config validation to CI pipeline", owner="bob", due_text="2 weeks",
           verify="Demo in team meeting"),
        _f("Create runbook for payment service timeout. Owner: @carol. Due: Wednesday. Review: next on-call handoff.",
           text="Create runbook for payment service timeout", owner="carol", due_text="Wednesday",
           verify="next on-call handoff"),
        _f("Fix the retry loop (owner: x, due: y)", text="Fix the retry loop", owner="x", due_text="y"),
        _f("Fix the retry loop [owner: dana; due: 2026-03-14] before launch",
           text="Fix the retry loop before launch", owner="dana", due_text="2026-03-14"),
        _f("[P1] Add alert", text="Add alert", raw_priority="P1"),
        _f("P1: Add alert", text="Add alert", raw_priority="P1"),
        _f("P2 - Add alert", text="Add alert", raw_priority="P2"),
        _f("Add alert (P3)", text="Add alert", raw_priority="P3"),
        _f("Add alert. Priority: high.", text="Add alert", raw_priority="high"),
        _f("Add alert. Owner: @a. Due: 2026-08-07. P2. Check: fire it.", text="Add alert", owner="a",
           due_text="2026-08-07", raw_priority="P2", verify="fire it"),
        _f("Add alert. Owner: a@example.com, Due: 2026-10-03, P0", owner="a@example.com",
           due_text="2026-10-03", raw_priority="P0"),
        _f("Add alert @alice", text="Add alert", owner="alice"),
        _f("@alice: add alert", text="add alert", owner="alice"),
        _f("Ask @bob to review the design", text="Ask @bob to review the design", owner="bob"),
        _f("@alice to fix retries by Friday", text="@alice to fix retries", owner="alice", due_text="Friday"),
        _f("Add alert by Jul 16, 2023", text="Add alert", due_text="Jul 16, 2023"),
        _f("Upgrade nodes before 14.03.2026", text="Upgrade nodes", due_text="14.03.2026"),
        _f("Ship it by end of sprint 42", text="Ship it", due_text="end of sprint 42"),
        _f("Group alerts by service", text="Group alerts by service"),
        _f("@nova and @hazel plan the migration", text="@nova and @hazel plan the migration", owner="nova and hazel"),
        _f("Fix it (@alice, @bob)", text="Fix it", owner="alice, bob"),
        _f("Reduce the time by 50%", text="Reduce the time by 50%"),
        _f("Fix ERC-20 transfers and rotate SHA-256 keys", text="Fix ERC-20 transfers and rotate SHA-256 keys"),
        _f("Track in https://linear.app/acme/issue/ENG-12/x", text="Track in",
           ref="https://linear.app/acme/issue/ENG-12/x"),
        _f("See https://trello.com/c/AbCd1234/12-fix", text="See", ref="https://trello.com/c/AbCd1234/12-fix"),
        _f("Fix retries (Owner @alice, due Friday)", text="Fix retries", owner="alice", due_text="Friday"),
        _f("Fix retries - @alice - Friday", text="Fix retries - Friday", owner="alice"),
        _f("Use [brackets] (sic)", text="Use [brackets] (sic)"),
        _f("Mail alice@example.com about it", text="Mail alice@example.com about it", owner=None),
        _f("Owner: Alice Smith. Add alert", owner="Alice Smith"),
        _f("Add alert. Owner: SRE team.", owner="SRE team"),
        _f("Add alert. Owners: alice, bob.", owner="alice, bob"),
        _f("Add alert. Assignee: @alice", owner="alice"),
        _f("Add alert. DRI: @alice", owner="alice"),
        _f("Add alert. Owner: TBD", owner=None),
        _f("Add alert. Owner: n/a", owner=None),
        _f("Add alert. Deadline: EOW", due_text="EOW"),
        _f("Add alert. ETA: Q1 2027", due_text="Q1 2027"),
        _f("Add alert. Due date: 2026-03-14", due_text="2026-03-14"),
        _f("Add alert — @kim, due 2026-09-18", text="Add alert", owner="kim", due_text="2026-09-18"),
        _f("Add alert, due next Friday", text="Add alert", due_text="next Friday"),
        _f("Review what is due soon", text="Review what is due soon", due_text=None),
        _f("Add alert. Verification: alert fires in drill.", verify="alert fires in drill"),
        _f("Add alert. Validate: replay traffic", verify="replay traffic"),
        _f("Add alert. Done when: page reaches on-call", verify="page reaches on-call"),
        _f("Add alert. Acceptance: zero misses", verify="zero misses"),
        _f("Add alert. Check: run the drill", verify="run the drill"),
        _f("Add alert. Demo: team meeting", verify="team meeting"),
        _f("Add alert (PAY-123)", text="Add alert", ref="PAY-123"),
        _f("Add alert PAY-123", text="Add alert", ref="PAY-123"),
        _f("Add alert #123", text="Add alert", ref="#123"),
        _f("Add alert acme/web#12", text="Add alert", ref="acme/web#12"),
        _f("Add alert https://github.com/acme/web/issues/7", text="Add alert",
           ref="https://github.com/acme/web/issues/7"),
        _f("Add alert https://jira.example.com/browse/OPS-9", ref="https://jira.example.com/browse/OPS-9"),
        _f("Add alert https://gitlab.com/g/p/-/issues/5", ref="https://gitlab.com/g/p/-/issues/5"),
        _f("Add alert (Bug 5554823)", text="Add alert", ref="Bug 5554823"),
        _f("Add alert b/123456", text="Add alert", ref="b/123456"),
        _f("Add alert. Ticket: OPS-4", text="Add alert", ref="OPS-4"),
        _f("Add alert. Jira: OPS-4", ref="OPS-4"),
        _f("Add alert. Tracking: acme/web#9", ref="acme/web#9"),
        _f("Move to TLS-1.3 and UTF-8 logs, see SEV-1 and ISO-8601", ref=None),
        _f("Read https://wiki.example.com/runbooks/db", ref=None),
        _f("[ ] Add alert", text="Add alert", done=False),
        _f("[x] Add alert", text="Add alert", done=True),
        _f("[X] Add alert", text="Add alert", done=True),
        _f("Add alert {#disk-alert}", text="Add alert", item_id="disk-alert"),
        _f("Add alert. ID: A7", text="Add alert", item_id="A7"),
        _f("Add alert. Type: detect", type="detect"),
        _f("Add alert. Status: done", status="done"),
        _f("Add monitoring", text="Add monitoring", owner=None, due_text=None, raw_priority=None, verify=None,
           ref=None, done=False),
    ],
)  # fmt: skip
def test_extract_fields(text: str, expected: dict[str, object]) -> None:
    fields = extract_fields(text)
    assert {name: getattr(fields, name) for name in expected} == expected


def test_first_field_of_a_kind_wins() -> None:
    fields = extract_fields("Add alert. Owner: @a. Owner: @b.")
    assert fields.owner == "a"


def test_merged_fills_only_missing_fields() -> None:
    base = Fields(text="Add alert", owner="alice")
    merged = base.merged(Fields(owner="bob", due_text="Friday", done=True))
    assert (merged.text, merged.owner, merged.due_text, merged.done) == ("Add alert", "alice", "Friday", True)
    assert not Fields(text="x").has_fields()
    assert Fields(ref="#1").has_fields()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("P0", "P0"), ("P1", "P1"), ("p1", "P1"), ("P 2", "P2"), ("P-3", "P3"), ("P4", "P4"),
     ("Priority 1", "P1"), ("priority: 2", "P2"), ("1", "P1"), ("P1 - High", "P1"), ("High (P1)", "P1"),
     ("critical", "P0"), ("Highest", "P0"), ("urgent", "P0"), ("Blocker", "P0"), ("high", "P1"),
     ("Major", "P1"), ("medium", "P2"), ("Normal", "P2"), ("low", "P3"), ("Minor", "P3"),
     ("lowest", "P4"), ("trivial", "P4"), ("very low", "P4"),
     ("Sev1", None), ("SEV-2", None), ("S1", None), ("backlog", None), ("someday", None),
     ("nice to have", None), ("later", None), ("P5", None), ("", None), (None, None)],
)  # fmt: skip
def test_normalise_priority(raw: str | None, expected: str | None) -> None:
    assert normalise_priority(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("prevent", "prevent"), ("Prevention", "prevent"), ("mitigate", "mitigate"), ("Repair", "mitigate"),
     ("detect", "detect"), ("Detection", "detect"), ("monitoring", "detect"), ("process", "process"),
     ("Investigate", "other"), ("other", "other"), ("improvement", "other"), ("", None), ("n/a", None),
     (None, None)],
)  # fmt: skip
def test_normalise_type(raw: str | None, expected: str | None) -> None:
    assert normalise_type(raw) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [("Prevent", "prevent"), ("### Detect", "detect"), ("Mitigation", "mitigate"), ("Short term", None),
     ("Long term", None), ("Prevent and detect", None), ("Process improvements", "process")],
)  # fmt: skip
def test_type_hint(heading: str, expected: str | None) -> None:
    assert type_hint(heading) == expected


@pytest.mark.parametrize(
    ("header", "role"),
    [("Action", "text"), ("Action Item", "text"), ("Item", "text"), ("Task", "text"),
     ("Description", "text"), ("What", "text"), ("Owner", "owner"), ("Owner(s)", "owner"),
     ("Assignee", "owner"), ("Who", "owner"), ("DRI", "owner"), ("**Owner**", "owner"),
     ("Due", "due"), ("Due date", "due"), ("Deadline", "due"), ("Date", "due"), ("ETA", "due"),
     ("By", "due"), ("Target date", "due"), ("Due date (YYYY-MM-DD)", "due"), ("Priority", "priority"),
     ("Pri", "priority"), ("P", "priority"), ("Bug", "ref"), ("Ticket", "ref"), ("Issue", "ref"),
     ("Link", "ref"), ("Tracking", "ref"), ("Jira", "ref"), ("Tracking issue", "ref"),
     ("Type", "type"), ("Category", "type"), ("Kind", "type"), ("Verify", "verify"),
     ("Verification", "verify"), ("Done when", "verify"), ("Done-when", "verify"),
     ("Acceptance", "verify"), ("How we verify", "verify"), ("ID", "item_id"), ("#", "item_id"),
     ("Status", "status"), ("Notes", None), ("Date added", None)],
)  # fmt: skip
def test_column_role(header: str, role: str | None) -> None:
    assert column_role(header) == role


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("@alice", "alice"), ("alice", "alice"), ("alice@example.com", "alice@example.com"),
     ("Alice Smith", "Alice Smith"), ("SRE team", "SRE team"), ("alice, bob", "alice, bob"),
     ("`@alice`", "alice"), ("TBD", None), ("-", None), ("", None), (None, None)],
)  # fmt: skip
def test_clean_owner(raw: str | None, expected: str | None) -> None:
    assert clean_owner(raw) == expected


@pytest.mark.parametrize(
    ("key", "name"),
    [("id", "id"), ("Incident ID", "id"), ("date", "date"), ("Incident date", "date"),
     ("review_date", "review_date"), ("reviewed", "review_date"), ("review", "review_date"),
     ("severity", "severity"), ("sev", "severity"), ("**Team:**", "team"), ("services", "services"),
     ("Affected services", "services"), ("related", "related"), ("status", "status"),
     ("title", "title"), ("Authors", None)],
)  # fmt: skip
def test_meta_key(key: str, name: str | None) -> None:
    assert meta_key(key) == name


@pytest.mark.parametrize(("status", "done"), [("Done", True), ("✅", True), ("closed", True), ("open", False), (None, False)])
def test_status_done(status: str | None, done: bool) -> None:
    assert status_done(status) is done


def test_find_ref_skips_standards_that_look_like_keys() -> None:
    assert find_ref("SHA-256 and AES-256") is None
    match = find_ref("see SEV-1, then OPS-12")
    assert match is not None and match.group(0) == "OPS-12"
