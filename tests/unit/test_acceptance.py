"""Accepted "won't do" (pure): who may accept, where, and what a reason looks like."""

from __future__ import annotations

from datetime import date

import pytest

from syncer.acceptance import Acceptance, Leads, from_document, from_tracker
from syncer.model import ActionItem, Category, TicketRef, TicketState
from syncer.policy import ItemHistory, evaluate, lifecycle
from syncer.settings import PolicySettings

LEADS = Leads(names=frozenset({"dana", "pay-lead@example.com"}), accounts=frozenset({"acc-dana"}),
              owner_accounts=frozenset({"acc-alice"}))


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("won't do — the service is retired (accepted by @dana)", Acceptance("@dana", "the service is retired", "document")),
        ("Won’t do: replaced by the new gateway (accepted by pay-lead@example.com)",
         Acceptance("pay-lead@example.com", "replaced by the new gateway", "document")),
        ("will not do - too costly for the risk (Accepted by @Dana).", Acceptance("@Dana", "too costly for the risk", "document")),
        ("won't do — no reason given (accepted by @alice)", None),  # the owner is no lead
        ("won't do (accepted by @dana)", None),  # no reason
        ("won't do — retired", None),  # nobody accepted it
        ("won't do — retired (accepted by @mallory)", None),  # not a lead of the team
        ("won't do — retired (accepted by @dana", Acceptance("@dana", "retired", "document")),  # as parsed
        ("done", None),
        (None, None),
    ],
)
def test_document_acceptance(status, expected):
    assert from_document(status, LEADS, owner="alice") == expected


def test_the_owner_cannot_accept_even_when_also_listed_as_lead():
    leads = Leads(names=frozenset({"alice"}), accounts=frozenset({"acc-alice"}), owner_accounts=frozenset({"acc-alice"}))
    assert from_document("won't do — busy (accepted by @alice)", leads, owner="alice") is None
    assert from_tracker(["pmsync-accepted"], [("acc-alice", "busy")], False, leads) is None


@pytest.mark.parametrize(
    ("labels", "comments", "closed_not_done", "expected"),
    [
        (["pmsync-accepted"], [("acc-dana", "Accepted: the service is retired in Q1")], False,
         Acceptance("acc-dana", "the service is retired in Q1", "tracker")),
        ([], [("acc-dana", "older"), ("acc-bob", "x"), ("acc-dana", "Won't do: superseded by PAY-9")], True,
         Acceptance("acc-dana", "superseded by PAY-9", "tracker")),
        (["PMSYNC-ACCEPTED"], [], False, None),  # no reason
        (["pmsync-accepted"], [("acc-alice", "I won't do it")], False, None),  # the owner alone
        ([], [("acc-dana", "retired")], False, None),  # a comment alone decides nothing
        (["pmsync-accepted"], [(None, "anonymous")], False, None),
    ],
)
def test_tracker_acceptance(labels, comments, closed_not_done, expected):
    assert from_tracker(labels, comments, closed_not_done, LEADS) == expected


def test_an_accepted_item_raises_nothing_and_is_not_doing():
    policy = PolicySettings()
    item = ActionItem("INC-7/1", "1", True, "Add alert", owner="alice", due=date(2026, 1, 1), priority="P1")
    closed = TicketState(TicketRef("jira", "jira:PAY", "PAY-1"), status="Done", category=Category.DONE,
                         resolution="Won't Do", closed_by="acc-alice",
                         comments=(("acc-dana", "Won't do: the service is retired"),))
    history = ItemHistory(date(2026, 1, 1), "P1", owner_accounts=frozenset({"acc-alice"}), leads=LEADS)
    assert evaluate(item, closed, history, policy, date(2026, 12, 1)) == set()
    assert lifecycle(item, closed, history, policy) == "not_doing"
    unaccepted = ItemHistory(date(2026, 1, 1), "P1", owner_accounts=frozenset({"acc-alice"}))
    assert {f.kind for f in evaluate(item, closed, unaccepted, policy, date(2026, 12, 1))} == {"closed_not_done"}
    in_doc = ActionItem("INC-7/2", "2", True, "Add alert", owner="alice", due=date(2026, 1, 1),
                        status="won't do — retired (accepted by @dana)")
    assert evaluate(in_doc, None, history, policy, date(2026, 12, 1)) == set()


def test_the_parser_keeps_the_status_an_acceptance_needs():
    from syncer.parse import parse_document

    text = """---
id: INC-7
title: Checkout outage
date: 2026-11-02
---
# Checkout outage

## Action Items

- Add disk alert. Owner: @alice. Due: 2026-12-01. Status: won't do — the service is retired (accepted by @dana)

| Action | Owner | Due | Status |
|---|---|---|---|
| Cap retries | @alice | 2026-12-01 | won’t do: too costly for the risk (accepted by @dana). |
"""
    items = parse_document(text, "INC-7.md").postmortem.items
    assert [from_document(i.status, LEADS, i.owner) for i in items] == [
        Acceptance("@dana", "the service is retired", "document"),
        Acceptance("@dana", "too costly for the risk", "document"),
    ]
