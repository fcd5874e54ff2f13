"""List entries, labels and sub-headings that look like items but commit to nothing: a
version-control commit named as a label, steps addressed to the readers, findings written as
gaps. Each case is a short postmortem written the way teams write them."""

from __future__ import annotations

import pytest

from syncer.section_names import heading_score
from tests.postmortems import read_postmortem

STORY = "# Outage of the upload service\n\n## Summary\n\nUploads failed for an hour.\n\n## Root cause\n\nA full disk.\n\n"


def _texts(body: str) -> list[str]:
    return [item.text for item in read_postmortem(STORY + body).items]


@pytest.mark.parametrize(
    ("title", "action"),
    [("Commit", False), ("Commit:", False), ("Commitments", True), ("Our commitments", True),
     ("User next steps", False), ("Your next steps", False), ("Next steps for you", False),
     ("Next steps", True), ("Root cause remediations", True)],
)  # fmt: skip
def test_a_commit_and_steps_for_readers_name_no_follow_up_work(title: str, action: bool) -> None:
    assert (heading_score(title) >= 0.75) is action


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "Commit:" labels a revision whose recovery commands follow
        ("## Recovery\n\n**Commit:**\n\nHealthy repo: `git cat-file commit fc95 > fc95`\n\n"
         "Corrupt repo: `git hash-object -t commit -w ~/fc95`\n", []),
        # the steps a notice gives its users, with the team's own follow-up apart
        ("## User next steps\n\n### Resume running jobs\n\nAll users now have an empty directory.\n\n"
         "### Access recovered data\n\n> Recovered data stays available until Monday.\n\n#### Recover staging data\n\n"
         "Any recovered data is available at this path:\n\n- `/recovery/staging/<your username>`\n"
         "- `/recovery/software/<your username>`\n\n## Follow-up\n\n- Add a replica of the metadata store\n",
         ["Add a replica of the metadata store"]),
    ],
)  # fmt: skip
def test_commands_under_a_commit_label_and_steps_for_users_are_no_items(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected
