"""Changes already made, told in the prose as lasting rather than as steps of the response:
found as follow-ups wherever the prose stands, and done."""

from __future__ import annotations

import pytest

from tests.postmortems import read_postmortem

STORY = "# Queue outage\n\n## Summary\n\nThe job queue stalled for an hour.\n\n## What went wrong\n\n"
LIVE = "We restarted the consumers at 10:05 and the queue drained.\n\n"

LASTING = {
    "a purpose that the problem won't happen again": (
        "We also added a second uplink to the hub so this particular problem won't happen again.\n",
        "We also added a second uplink to the hub so this particular problem won't happen again"),
    "a condition that the situation comes up again": (
        "We also added a feature flag that turns the builds off quickly, should this situation come up again "
        "in the future.\n",
        "We also added a feature flag that turns the builds off quickly, should this situation come up again "
        "in the future"),
    "opened by a permanent fix, told by the team": (
        "To permanently address the issue I followed the vendor's guide and disabled chained replication.\n",
        "To permanently address the issue I followed the vendor's guide and disabled chained replication"),
    "opened by a permanent fix, told in the passive": (
        "For a permanent fix, the client rate limit was increased from 5 to 50 in the cluster configuration.\n",
        "For a permanent fix, the client rate limit was increased from 5 to 50 in the cluster configuration"),
    "the longer-term solution named": (
        "Longer term solution was to add filtering rules at the proxy to drop such requests.\n",
        "Longer term solution was to add filtering rules at the proxy to drop such requests"),
    "a rule the team keeps since": (
        "As of today, we now set the write rate limit per account and not per connection.\n",
        "As of today, we now set the write rate limit per account and not per connection"),
}  # fmt: skip


@pytest.mark.parametrize(("paragraph", "item"), list(LASTING.values()), ids=list(LASTING))
def test_a_change_told_as_lasting_is_a_done_follow_up(paragraph: str, item: str) -> None:
    items = read_postmortem(STORY + LIVE + paragraph).items
    assert [(i.text, i.done) for i in items] == [(item, True)]


# The same shapes telling the response, or a state of knowledge: no follow-up.
@pytest.mark.parametrize(
    "paragraph",
    [
        "Initial resolution was to switch the CDN to attack mode.\n",
        "To permanently fix this we restarted the nodes and restored the backups.\n",
        "As of today, we now know the cause of the stall.\n",
        "Long-term, the system was unstable.\n",
    ],
)
def test_the_response_told_in_the_same_shapes_is_no_item(paragraph: str) -> None:
    assert read_postmortem(STORY + LIVE + paragraph).items == ()


# Beside the list of a part that names the response, a paragraph is commentary unless it is an
# item in its own right: a rule in force since the change is one.
REMEDIATION = (STORY + "## Remediation\n\n- Commit checks were implemented in the CI jobs to validate the commit.\n"
               "- Audits were carried out across the CI jobs.\n\n")


@pytest.mark.parametrize(
    ("paragraph", "found"),
    [
        ("The change we implemented now requires every pull request to be approved before the CI runs.\n", True),
        ("Our deploy pipeline now blocks a release whose migrations were not reviewed.\n", True),
        # what a thing does again after the response is no rule
        ("The site now loads normally for every customer.\n", False),
    ],
)
def test_a_rule_in_force_since_the_change_is_an_item_beside_the_list(paragraph: str, found: bool) -> None:
    texts = [item.text for item in read_postmortem(REMEDIATION + paragraph).items]
    assert (paragraph.strip().rstrip(".") in texts) is found


# Follow-ups made since, told in the perfect with what they changed, in the story's prose.
MADE_SINCE = {
    "after an ordinal connective": (
        "First, we have modified the access controls on the queue data to prevent changes without approval.\n"),
    "to a process named by a word of the response": (
        "We have also modified our data recovery process to reflect what we learned in this event.\n"),
    "a process in curly quotes, its purpose after 'whereby'": (
        "We have established a ‘major incident’ management process whereby the restoration of service is "
        "managed.\n"),
    "put in place against the next time": (
        "A fix is now put in place to be more resilient when a similar outage happens again.\n"),
}  # fmt: skip


@pytest.mark.parametrize("paragraph", list(MADE_SINCE.values()), ids=list(MADE_SINCE))
def test_a_change_made_since_is_a_done_follow_up(paragraph: str) -> None:
    items = read_postmortem(STORY + LIVE + paragraph).items
    assert [(i.text, i.done) for i in items] == [(paragraph.strip().rstrip("."), True)]


def test_a_step_of_the_recovery_told_in_the_perfect_is_no_item() -> None:
    paragraph = "We have also modified the recovery of the nodes, restoring them from backups.\n"
    assert read_postmortem(STORY + LIVE + paragraph).items == ()
