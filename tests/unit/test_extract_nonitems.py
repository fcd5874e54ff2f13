"""List entries, labels and sub-headings that look like items but commit to nothing: a
version-control commit named as a label, steps addressed to the readers, findings written as
gaps. Each case is a short postmortem written the way teams write them."""

from __future__ import annotations

import pytest

from syncer.fields import extract_fields
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


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # most entries name a gap: the list is what went wrong, told under an improvement heading
        ("## What needs improvement\n\n1. **Prevention**\n   - ❌ No pre-commit hooks to catch secrets locally\n"
         "   - ❌ No automated scanning on pull requests\n2. **Detection**\n   - ❌ 4-day delay in discovering the exposure\n"
         "   - ❌ Manual review missed secrets in the docs\n\n## Action items\n\n- Install a pre-commit secret scanner\n",
         ["Install a pre-commit secret scanner"]),
        ("## Improvements\n\n- Lack of a fallback resolver\n- Missing alert on subnet capacity\n"
         "- Insufficient runbook coverage\n", []),
        # an entry there that someone owns is a commitment still
        ("## Improvements\n\n- No alert on subnet capacity (owner: @dana)\n- No fallback resolver\n", ["No alert on subnet capacity"]),
        # one gap in a plan leaves the plan whole; "No further …" sets a rule, it names no gap
        ("## Action items\n\n- Add an alert on subnet capacity\n- Missing runbook for failover: write one\n"
         "- Add a fallback resolver\n", ["Add an alert on subnet capacity", "Missing runbook for failover: write one",
                                         "Add a fallback resolver"]),
        ("## Next steps\n\n- No further deployments until the checklist exists\n- No more manual edits on the host\n",
         ["No further deployments until the checklist exists", "No more manual edits on the host"]),
        # most entries ask: a template's checklist for closing the issue, its instructions included
        ("## Steps to close\n\n1. [x] Assignment: Is someone assigned to this issue?\n2. [x] Labels: Is there a label applied?\n"
         "3. [x] Diagnosis: Add a description and scope of the issue\n4. [x] \"What caused it?\" - please answer in summary\n"
         "5. [x] \"Followup actions:\" actions added to summary\n", []),
        # one open question in a plan leaves the plan whole
        ("## Action items\n\n- Add a disk alert\n- Should we page on it?\n- Rotate the logs hourly\n",
         ["Add a disk alert", "Rotate the logs hourly"]),
    ],
)  # fmt: skip
def test_lists_of_gaps_and_of_questions_are_no_plans(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


def test_a_sub_heading_stating_its_own_fields_keeps_its_list_as_details() -> None:
    # options to choose from and the steps of a checklist to write are details of one item
    body = (
        "## Action items\n\n### Resolve the token mismatch in staging\n\n**Priority:** High\n**Options:**\n\n"
        "1. Use debug tokens in staging\n2. Turn the check off for the admin functions\n\n"
        "### Checklist before staging\n\nOwner: @dana\n\n- [ ] Compile the functions: `npx tsc --noEmit`\n"
        "- [ ] Verify that new functions accept the database id\n\n"
        "### Improve alerting\n\n- Add an alert on subnet capacity\n- Add an alert on queue depth\n"
    )
    assert _texts(body) == ["Resolve the token mismatch in staging", "Checklist before staging",
                            "Add an alert on subnet capacity", "Add an alert on queue depth"]


@pytest.mark.parametrize(
    ("text", "expected", "verify"),
    [("Pid check: changed to & $env:ComSpec /d /c $pidCmd", "Pid check: changed to & $env:ComSpec /d /c $pidCmd", None),
     ("Health check: add a liveness probe", "Health check: add a liveness probe", None),
     ("Add a liveness probe. Check: the pod restarts", "Add a liveness probe", "the pod restarts"),
     ("Check: the pod restarts", "", "the pod restarts")],
)  # fmt: skip
def test_a_verification_word_ending_the_entry_name_is_no_field_label(text: str, expected: str, verify: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.verify) == (expected, verify)
