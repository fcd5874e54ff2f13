"""Action items written one to a paragraph rather than as a list's entries: where each starts
and ends (its first sentence, or the words in bold leading it, names the change; the sentences
after it explain it or give its fields), and which paragraphs beside them are no items (an
introduction, a note in italics, thanks, findings named in a word)."""

from __future__ import annotations

import pytest

from syncer.prose import sentences
from tests.postmortems import read_postmortem

STORY = "# Cache outage\n\n## Summary\n\nThe cache cluster lost its quorum.\n\n## Timeline\n\n- 10:02 alert fired\n\n"

CASES = {
    "entries with the sentences that explain them, one to a paragraph": (
        STORY + "## Action items\n\nAdd a circuit breaker to the cache client. It would have stopped the retries. "
        "Owner: @alice.\n\nEngage the vendor about quorum support. Their client misreports the failure.\n\n"
        "Move the sessions to their own cluster. A slow consumer starved the others.\n",
        [("Add a circuit breaker to the cache client. It would have stopped the retries", "alice"),
         ("Engage the vendor about quorum support. Their client misreports the failure", None),
         ("Move the sessions to their own cluster. A slow consumer starved the others", None)],
    ),
    "entries led by their names in bold": (
        STORY + "## Action items\n\n**Alert on the symptom.** Hundreds of sessions dropped in a minute and nothing "
        "paged. It should have.\n\n**Test the negative.** A test never seen failing proves nothing. We now break "
        "the build on purpose first.\n",
        [("Alert on the symptom. Hundreds of sessions dropped in a minute and nothing paged. It should have", None),
         ("Test the negative. A test never seen failing proves nothing. We now break the build on purpose first",
          None)],
    ),
    "an introduction before the entries and thanks after them are no items": (
        STORY + "## Action items\n\nWe will make the following changes:\n\nAdd a circuit breaker to the cache "
        "client. It would have stopped the retries.\n\nEngage the vendor about quorum support. Their client "
        "misreports the failure.\n\nThanks for your patience. Questions go to ops@example.org.\n",
        [("Add a circuit breaker to the cache client. It would have stopped the retries", None),
         ("Engage the vendor about quorum support. Their client misreports the failure", None)],
    ),
    "a note set in italics among one-sentence entries is no entry": (
        STORY + "## Action items\n\n*Once an action is finished, its owner removes their name from it.*\n\n"
        "Add a quorum alert\n\nDocument the failover\n",
        [("Add a quorum alert", None), ("Document the failover", None)],
    ),
    "a paragraph telling two changes made is two items, as a list's entry is": (
        STORY + "## Next steps\n\nThe health checks were routed to other hosts. Nobody noticed for a week.\n\n"
        "We've updated the health checks to cover the pool, and we've added timeouts to pool queries.\n",
        [("We've updated the health checks to cover the pool", None), ("we've added timeouts to pool queries", None)],
    ),
    "a sub-heading over entries with their details is their label, not an item": (
        STORY + "## Follow-ups\n\n### Scheduled and in progress\n\n**Expand quorum alerts.** Alert on lost "
        "votes and on slow elections, so a split is caught early.\n\n**Improve observability.** Record every "
        "election, including the ones that time out.\n",
        [("Expand quorum alerts. Alert on lost votes and on slow elections, so a split is caught early", None),
         ("Improve observability. Record every election, including the ones that time out", None)],
    ),
    "a part named by nothing, its entries one to a paragraph after a word on their status": (
        STORY + "## What we are changing\n\nTwo of these shipped with the fix. One has not started.\n\n"
        "**Alert on the symptom.** Hundreds of sessions dropped and nothing paged.\n\n**Add a quorum probe.** "
        "It would have caught the split.\n\n**Document the failover, always.** Nobody knew the order.\n",
        [("Alert on the symptom. Hundreds of sessions dropped and nothing paged", None),
         ("Add a quorum probe. It would have caught the split", None),
         ("Document the failover, always. Nobody knew the order", None)],
    ),
    "a mark before an entry opens it, it is no sentence of its own": (
        STORY + "## Action items\n\nBetter monitoring of services\n\n? More descriptive logs\n\n"
        "Log rotation on every host\n",
        [("Better monitoring of services", None), ("? More descriptive logs", None),
         ("Log rotation on every host", None)],
    ),
    "paragraphs that only name things, none committing, are findings": (
        STORY + "## Action items\n\nLatency of the gateway. It peaked at noon.\n\nErrors at the edge. "
        "They cleared by one.\n",
        [],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_a_paragraph_is_one_entry_from_its_first_sentence_to_its_end(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(item.text, item.owner) for item in read_postmortem(text).items] == expected


FIELDS_AFTER = {
    "an owner and a deadline told after the reason": (
        STORY + "## Aftermath\n\nWe will move the sessions to their own cluster. A slow consumer starved the "
        "others. Owner: @alice. Due: 2026-03-01.\n",
        [("We will move the sessions to their own cluster", "alice", "2026-03-01", None)],
    ),
    "each promise keeps the ticket written after it": (
        STORY + "## Aftermath\n\nWe will add a quorum alert. Tracked in #12. We will also document the failover. "
        "It was missing from the runbook. Tracked in #13.\n",
        [("We will add a quorum alert", None, None, "#12"),
         ("We will also document the failover", None, None, "#13")],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(FIELDS_AFTER.values()), ids=list(FIELDS_AFTER))
def test_the_fields_written_after_a_promise_are_its_own(
    text: str, expected: list[tuple[str, str | None, str | None, str | None]]
) -> None:
    items = read_postmortem(text).items
    assert [(item.text, item.owner, item.due_text, item.ref) for item in items] == expected


SENTENCES = {
    "a question mark opening an entry": ("? More descriptive logs. Agree on a format.",
                                         ["? More descriptive logs.", "Agree on a format."]),
    "an ellipsis opening the text": ("... Then we resumed. It held.", ["... Then we resumed.", "It held."]),
    "an abbreviation before a name": ("Add packet-loss monitoring for the St. Louis region. It had none.",
                                      ["Add packet-loss monitoring for the St. Louis region.", "It had none."]),
    "an example after e.g.": ("Clients shipped a fix, e.g. Geth #31317. Others followed.",
                              ["Clients shipped a fix, e.g. Geth #31317.", "Others followed."]),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(SENTENCES.values()), ids=list(SENTENCES))
def test_a_sentence_ends_at_a_stop_not_at_a_mark_or_an_abbreviation(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
