"""A list whose opening sentence says it holds ideas weighed, advice to the readers or the steps
taken while the incident was live holds no commitments of the team; one whose opening sentence
names a plan does. Each case is a short postmortem written the way teams write them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.list_introductions import introduces_no_plan
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

STORY = "# Outage of the upload service\n\n## Summary\n\nUploads failed for an hour.\n\n## Root cause\n\nA full disk.\n\n"
ENTRIES = "- Provide a public status page for uploads\n- Explore moving the spool to object storage\n"


def _texts(body: str) -> list[str]:
    return [item.text for item in read_postmortem(STORY + body).items]


@pytest.mark.parametrize(
    ("intro", "kept"),
    [
        # ideas raised or weighed, not chosen
        ("A few ideas have been floated that might make us more resilient. They vary in cost.", False),
        ("Options we considered:", False),
        ("Several alternatives were discussed in the review:", False),
        ("Suggestions that came up in the retrospective:", False),
        ("These were proposed and rejected:", False),
        ("We looked at two approaches but ruled them out:", False),
        # advice to the readers
        ("If you upload through the old client, we recommend the following:", False),
        ("Until the fix ships, you should:", False),
        ("We advise all customers to take these steps:", False),
        ("If you still see failed uploads, please try the following:", False),
        # steps taken while the incident was live: the record of the response
        ("As soon as the alerts fired, the on-call engineer took the following actions:", False),
        ("During the outage we checked the following:", False),
        ("Upon detection, the team went through these steps:", False),
        ("The fix involved two steps:", False),
        ("Our workaround was to:", False),
        # a plan, however it is introduced
        ("We will make these changes:", True),
        ("To keep this from happening to you again, we are making the following changes:", True),
        ("Our board asked us to investigate another option:", True),
        ("We've identified some next steps for preventing issues like these in the future:", True),
        ("Potential work to do, to discuss with the team:", True),
        ("Immediately after the review we agreed to prevent a repeat with these changes:", True),
        ("During the incident review we decided that we will:", True),
        ("The remediation plan included:", True),
    ],
)  # fmt: skip
def test_what_the_opening_sentence_says_the_list_holds(intro: str, kept: bool) -> None:
    found = _texts(f"## Follow-up\n\n{intro}\n\n{ENTRIES}")
    assert (found == ["Provide a public status page for uploads", "Explore moving the spool to object storage"]) is kept
    assert introduces_no_plan(intro) is not kept


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        # an entry that commits on its own stays: a promise, an owner, a ticket
        ("- We will publish a status page for uploads\n- Host a second status page elsewhere\n",
         ["We will publish a status page for uploads"]),
        ("- Status page for uploads (owner: @dana, UP-12)\n- Host a second status page elsewhere\n",
         ["Status page for uploads"]),
        # a change made that says what recurrence it prevents is a follow-up done
        ("- Added a second spool volume so that this cannot happen again\n- Host a second status page elsewhere\n",
         ["Added a second spool volume so that this cannot happen again"]),
    ],
)  # fmt: skip
def test_an_entry_that_commits_on_its_own_stays(entries: str, expected: list[str]) -> None:
    assert _texts(f"## Follow-up\n\nOptions we considered:\n\n{entries}") == expected


def test_the_next_list_is_read_on_its_own() -> None:
    body = f"## Follow-up\n\nOptions we considered:\n\n{ENTRIES}\nWe will do this instead:\n\n- Add an alert on spool usage\n"
    assert _texts(body) == ["Add an alert on spool usage"]


@pytest.mark.parametrize(
    "build",
    [
        lambda size: "## Follow-up\n\n" + "Options we considered:\n\n- Provide a status page\n\n" * (size // 50),
        lambda size: "## Follow-up\n\nIf you " + "use the old client and " * (size // 23) + ", you should:\n\n- Upgrade\n",
    ],
)
def test_reading_introductions_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: read_postmortem(STORY + text), build)
