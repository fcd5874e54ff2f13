"""An item ticked done in the document before it had a ticket: its ticket is created closed
(done, awaiting verification) in fake Jira (Cloud, Data Center) and fake GitHub through the
real clients, and it is never overdue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.stack import Stack

DOC = """---
id: INC-5
title: Incident INC-5
date: 2026-11-02
review_date: 2026-11-04
severity: SEV2
team: payments
---

# Incident INC-5

## Action Items

- [x] Add disk space alert at 80% threshold. Owner: @alice. Due: 2026-11-10. Priority: P1.
- [ ] Rotate the TLS keys of the checkout API. Owner: @bob. Due: 2026-11-10. Priority: P1.
"""


@pytest.fixture(params=["cloud", "datacenter", "github"])
def stack(request, tmp_path) -> Iterator[Stack]:
    if request.param == "github":
        s = Stack(tmp_path, jira_mode=None, github=True, routing={"payments": "github:acme/web"},
                  default_target="github:acme/web")
    else:
        s = Stack(tmp_path, jira_mode=request.param)
    (s.docs / "INC-5.md").write_text(DOC)
    yield s
    s.close()


def test_a_ticked_item_gets_a_closed_ticket_and_is_never_overdue(stack):
    report = stack.cycle()
    assert report.ok, report.errors
    assert stack.lifecycle("INC-5/1") == "done_awaiting_verification"
    assert stack.lifecycle("INC-5/2") == "open"
    assert stack.flags("INC-5/1") == {}
    assert "overdue" in stack.flags("INC-5/2")
    stack.step("INC-5/1", full=True)  # polled back: still done, still not verified by pmsync's close
    assert stack.flags("INC-5/1") == {} and stack.lifecycle("INC-5/1") == "done_awaiting_verification"
