"""Where an item's ticket stands apart from the item's own words, and what written where a ticket
goes is none.

Authors who write a follow-up as a paragraph give its ticket a line of its own under it ("Tracked
in OPS-12."), as they would a sub-bullet under a list entry; and a "Ticket:" label sometimes
holds words instead of one ("to be filed", "none yet"). Each case is written for
this test in a form public postmortems use.
"""

from __future__ import annotations

import pytest

from syncer.blocks import Raw
from syncer.fields import Fields, extract_fields
from syncer.mdtokens import TokenDoc
from syncer.tickets_below import tickets_below
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear


def _refs(markdown: str) -> list[tuple[str, str | None]]:
    return [(item.text, item.ref) for item in read_postmortem(markdown).items]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        # a prose commitment, then a paragraph naming its ticket with the words that introduce it
        (
            "# Outage\n\n## Next steps\n\nWe will add an alert on disk usage of the ledger database.\n\n"
            "Tracked in [OPS-13](https://acme.atlassian.net/browse/OPS-13).\n",
            [("We will add an alert on disk usage of the ledger database", "https://acme.atlassian.net/browse/OPS-13")],
        ),
        # a labelled line of its own, under a one-item paragraph of an action part
        (
            "# Outage\n\n## Follow-up\n\nWe will rotate the signing keys every quarter.\n\n"
            "Related issue: https://github.com/acme/ops/issues/14\n",
            [("We will rotate the signing keys every quarter", "https://github.com/acme/ops/issues/14")],
        ),
        # a short notice without headings: the promise, then where it is tracked
        (
            "We have put new monitoring in place to cut the downtime to under a day.\n\n"
            "Related issues https://github.com/acme/pems/issues/151.\n",
            [("We have put new monitoring in place to cut the downtime to under a day",
              "https://github.com/acme/pems/issues/151")],
        ),
        # a sentence saying only where the work is followed
        (
            "# Outage\n\n## What we will do\n\nWe will move the cron jobs to UTC.\n\n"
            "This work is tracked in acme/ops#15.\n",
            [("We will move the cron jobs to UTC", "acme/ops#15")],
        ),
        # a paragraph that says more than where the work is tracked is not the item's ticket line
        (
            "# Outage\n\n## Next steps\n\nWe will add an alert on disk usage of the ledger database.\n\n"
            "See #15 for the discussion of thresholds.\n",
            [("We will add an alert on disk usage of the ledger database", None),
             ("See #15 for the discussion of thresholds", "#15")],
        ),
        # a ticket alone, without words that point at it, may be an entry of its own
        (
            "# Outage\n\n## Action items\n\nKeep our own package mirror\n\n#2127\n\n"
            "Monitoring for lost quorum\n",
            [("Keep our own package mirror", None), ("#2127", "#2127"), ("Monitoring for lost quorum", None)],
        ),
        # an item that names its own ticket keeps it; the line below is no item either
        (
            "# Outage\n\n## Next steps\n\nWe will add an alert on disk usage (OPS-1).\n\nTracked in OPS-2.\n",
            [("We will add an alert on disk usage", "OPS-1")],
        ),
    ],
)
def test_a_paragraph_that_only_names_a_ticket_gives_it_to_the_item_above(
    markdown: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _refs(markdown) == expected


def test_two_tickets_under_an_item_are_not_its_own() -> None:
    markdown = (
        "# Outage\n\n## Next steps\n\nWe will add an alert on disk usage of the ledger database.\n\n"
        "Tracked in #15 and #16.\n"
    )
    assert _refs(markdown)[0] == ("We will add an alert on disk usage of the ledger database", None)


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Add an alert on disk usage. Ticket: to be filed", None),
        ("Document the runbook. Issue: none yet", None),
        ("Fix the pool. Link: see the wiki page", None),
        ("Fix the pool. Ticket: ENG 123", "ENG 123"),  # a short id in a form pmsync does not know
        ("Fix the pool. Ticket: OPS-12", "OPS-12"),
        ("Fix the pool. Link: go/ops-bug-42", "go/ops-bug-42"),
    ],
)
def test_words_written_where_a_ticket_goes_are_no_ticket(text: str, ref: str | None) -> None:
    assert extract_fields(text).ref == ref


def _below(text: str) -> list[Raw]:
    doc = TokenDoc(text, "pm.md")
    found = [Raw(Fields(text="We will add an alert"), doc.line(block.start), None, "paragraph", None)
             for block in doc.blocks if block.kind == "paragraph_open"]
    return tickets_below(doc, found)


def test_finding_tickets_below_items_grows_linearly() -> None:
    unit = "We will add an alert on disk usage of the ledger database.\n\nTracked in #12.\n\n"
    assert len(_below(unit * 3)) == 3
    assert_linear(_below, lambda size: unit * (size // len(unit)))
