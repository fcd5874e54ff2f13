"""Sentences that promise or report changes without naming one, and the steps of a procedure
run during the live response: neither is an action item. Each case is a short postmortem
written the way teams write them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.unnamed_changes import names_no_change
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

STORY = "# Outage of the upload service\n\n## Summary\n\nUploads failed for an hour.\n\n## Root cause\n\nA full disk.\n\n"


def _texts(body: str) -> list[str]:
    return [item.text for item in read_postmortem(STORY + body).items]


@pytest.mark.parametrize(
    ("sentence", "empty"),
    [
        # unnamed changes, with no more than what they are for
        ("We have made a number of changes to protect the upload service from this sort of disruption in the future.", True),
        ("We have made several changes to prevent this from happening again.", True),
        ("We are taking steps to make such incidents less likely.", True),
        ("We will take measures to make this kind of incident less likely in the future.", True),
        ("We are implementing the actions outlined in a more detailed internal report in order to make such events "
         "less probable in the future.", True),
        ("We will implement the recommendations of the internal review.", True),
        # the incident's own kind as what is removed
        ("We are going to work towards eliminating the entire class of issues contributing to this incident.", True),
        ("We will eliminate this entire category of failure.", True),
        # the text itself
        ("We'll cut to the chase: the upload service, like many others, was affected.", True),
        ("We'll walk you through the timeline of events.", True),
        # the team's conduct, what will be told, the incident worked on or watched
        ("We will learn from this event and improve our systems and processes.", True),
        ("We are committed to doing better.", True),
        ("I will report back when we have more detail of what happened.", True),
        ("We will publish more details about the outage soon.", True),
        ("We will continue to update that page as further information becomes known.", True),
        ("We're going to continue working on the upload latency issues while exercising caution.", True),
        ("We'll keep an eye on the issue to check if it resurfaces.", True),
        # a change named is a commitment, however it opens
        ("We will improve the deploy process by adding a canary stage.", False),
        ("We will improve our monitoring of disk usage.", False),
        ("We will share the runbook with every on-call engineer.", False),
        ("We will keep an eye on disk usage with a new alert at 80%.", False),
        ("We will learn from this incident by running a game day on failover.", False),
        ("We will make changes to the deploy pipeline so config is validated.", False),
        ("We have made a number of changes to our alerting.", False),
        ("We will eliminate this class of bugs by moving to a typed config.", False),
        ("We will eliminate the single point of failure in the DNS setup.", False),
        ("We will walk through the runbook with the on-call team.", False),
        ("We have made a number of changes to the spool volume, such as a quota alert.", False),
    ],
)  # fmt: skip
def test_sentences_that_name_no_change(sentence: str, empty: bool) -> None:
    assert names_no_change(sentence) is empty
    body = f"## What happened next\n\nThe spool filled again at noon. {sentence}\n"
    assert (_texts(body) == []) is empty


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # commands shown inside the entries: the steps as run then
        ("## Repairing the spool\n\n- Create directories\n\n  ```bash\n  mkdir /spool/new\n  ```\n\n"
         "- Make a snapshot of the volume\n\n  ```bash\n  zfs snapshot pool/spool@now\n  ```\n", []),
        # commands shown in another part of the same section: its bare steps were run too
        ("## Fixing the spool policy\n\n### Clean up\n\n```bash\nrm -rf /spool/old\n```\n\n"
         "### Lifecycle policy\n\n- Move data to cold storage when 60 days old\n- Delete it when 240 days old\n", []),
        ("## Resolution\n\n```bash\nsystemctl restart uploads\n```\n\n### Install the disk exporter\n\n"
         "It is not packaged for this release, so it was not installed.\n", []),
        # a promise beside the commands is still one
        ("## Resolution\n\n```bash\nsystemctl restart uploads\n```\n\n- We will add an alert on spool usage\n",
         ["We will add an alert on spool usage"]),
        # without commands, an instruction under the response's name is still a follow-up
        ("## Resolution\n\n- Add an alert on spool usage\n", ["Add an alert on spool usage"]),
        # under a name for follow-up work, an entry with its commands is an item
        ("## Action items\n\n- Rotate the spool daily\n\n  ```bash\n  logrotate /etc/spool.conf\n  ```\n",
         ["Rotate the spool daily"]),
    ],
)
def test_a_procedure_run_during_the_response(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


GROWTH = {
    "unnamed changes without an end": lambda size: "We have made a number of changes to protect " * (size // 44),
    "watching without an end": lambda size: "We will keep an eye on the issue when it " * (size // 41),
    "steps with their commands": lambda size: "## Resolution\n\n" + "- Create directories\n\n  ```\n  mkdir x\n  ```\n\n" * (size // 44),
}


@pytest.mark.parametrize("build", list(GROWTH.values()), ids=list(GROWTH))
def test_reading_unnamed_changes_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: read_postmortem(STORY + text), build)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # advice to readers beside the team's work: what speaks to the reader is theirs
        ("## Next steps\n\n- Audit the upload spool for foreign files\n"
         "- If you use the old mirror, you should switch to the new one right away\n"
         "- If you were using the FTP endpoint, you should move to HTTPS\n"
         "- Follow best practice security policies to determine how your organisation may be affected\n",
         ["Audit the upload spool for foreign files"]),
        # generic "you" in the team's own rules beside its remediations keeps the remediations
        ("## Remediations\n\n- Disable agent forwarding on the servers\n"
         "- If you need to jump through a box, use a jump host\n- If you need to copy files, use rsync\n"
         "- Educate everyone on the perils of agent forwarding\n",
         ["Disable agent forwarding on the servers", "Educate everyone on the perils of agent forwarding"]),
    ],
)
def test_advice_to_the_readers_beside_a_list(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected
