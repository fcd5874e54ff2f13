"""What pmsync does not take for an action item: the live response, narrative and statements
beside the commitments. Each case is a short postmortem written the way teams write them."""

from __future__ import annotations

import json

import pytest

from syncer.cli import main
from syncer.commitments import is_imperative
from syncer.section_names import heading_score, names_response
from tests.postmortems import read_postmortem

STORY = "# Outage of the upload service\n\n## Summary\n\nUploads failed for an hour.\n\n## Root cause\n\nA full disk.\n\n"


def _texts(body: str) -> list[str]:
    return [item.text for item in read_postmortem(STORY + body).items]


@pytest.mark.parametrize(
    ("title", "response"),
    [("Resolution", True), ("Mitigation steps taken", True), ("Immediate actions (completed)", True),
     ("Repairing the replica", True), ("What was done", True), ("Our response", True),
     ("Action items", False), ("Follow-up fixes", False), ("Mitigation and prevention", False),
     ("Lessons learned", False), ("What we're doing about it", False), ("Completed", False)],
)  # fmt: skip
def test_headings_that_name_the_live_response(title: str, response: bool) -> None:
    assert names_response(title) is response


def test_a_misspelt_heading_keeps_its_first_letters() -> None:
    # "Foward" is "Forward" misspelt; "Solution" is no misspelt "Resolution"
    assert heading_score("Moving Foward") >= 0.75
    assert heading_score("Temporary solution") < 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # steps taken then are the response; what is still to do is a follow-up
        ("## Mitigation steps taken\n\n- Restarted the upload workers\n- Moved the spool to the larger volume\n"
         "- Add an alert on spool usage\n", ["Add an alert on spool usage"]),
        ("## Immediate actions (completed)\n\n- Upload timeouts raised for large files\n"
         "- Old spool files removed by hand\n\n## Action items\n\n- Rotate the spool daily\n",
         ["Rotate the spool daily"]),
        # a change already made that says what it prevents is a follow-up done
        ("## Resolution\n\n- We cleared the spool\n- We moved the spool to its own volume so that this cannot "
         "happen again\n", ["We moved the spool to its own volume so that this cannot happen again"]),
        # a deadline says the work is still to do; a ticket alone may be the fix merged then
        ("## Resolution\n\n- Spool cleanup job (due 2027-01-15)\n- Spool fix merged (UP-12)\n", ["Spool cleanup job"]),
        # steps told as taken while the incident was live are the response, even under a name for follow-ups
        ("## Remediation\n\n- Immediately upon confirmation, access to the CI was restricted\n"
         "- All compromised hosts were swiftly identified and rebuilt\n"
         "- Commit checks were added to every CI job\n", ["Commit checks were added to every CI job"]),
        # a label that names the response introduces no items
        ("## Details\n\n**Mitigation:**\n\n- Restarted the workers\n- Failed over to the replica\n", []),
        ("## What we are doing about it\n\n- **Workaround**: we switched uploads to the backup bucket\n"
         "- **Quota alerts**: we are adding alerts on the bucket quota\n",
         ["Quota alerts: we are adding alerts on the bucket quota"]),
    ],
)  # fmt: skip
def test_the_live_response_is_no_follow_up(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a paragraph beside the list introduces it; one that promises is an item itself
        ("## Follow-up tasks\n\nList any tasks we should complete for this incident.\n\n- [ ] Alert on spool usage\n",
         ["Alert on spool usage"]),
        ("## Follow-up tasks\n\nWe will move the spool to its own volume.\n\n- [ ] Alert on spool usage\n",
         ["We will move the spool to its own volume", "Alert on spool usage"]),
        # an entry naming the response over the steps taken then
        ("## Notes\n\n- Actions taken during the outage\n  - Restarted the upload workers\n  - Paged the storage team\n",
         []),
        # a procedure shown with its commands under a response heading was carried out then
        ("## Resolution\n\n### Install the disk exporter\n\n```\napt install disk-exporter\n```\n\n"
         "### Raise the spool quota\n\n- Set the quota to 200G\n\n```\nquota set 200G\n```\n", []),
    ],
)  # fmt: skip
def test_introductions_and_procedures_are_no_items(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("text", "imperative"),
    [("Add an alert on spool usage", True), ("Log retention has a cost we had not counted", False),
     ("Rate limits were not the cause", False), ("Ensure backups are restored monthly", True),
     ("Verify the key is rotated", True), ("Change management is skipped for hotfixes", False)],
)  # fmt: skip
def test_a_noun_before_a_finite_verb_is_no_instruction(text: str, imperative: bool) -> None:
    assert is_imperative(text) is imperative


@pytest.mark.parametrize(
    ("text", "imperative"),
    [("Decouple the consumers from the scheduler", True), ("Throttle retries from the web tier", False),
     ("Throttle the retries from the web tier", True), ("Codify the failover runbook", True),
     ("Load the schema before the consumers start", True), ("Double the consumer pool", True),
     ("Double counting hid the lag", False), ("Table these changes until the review", True),
     ("Load balancer failed over at noon", False), ("Table of contents", False),
     ("Spread the consumers across zones", True), ("Spread was limited to one zone", False),
     ("Trigger: one session of missed votes", False), ("Duplicate prevention: entries checked first", False),
     ("Remember that retrospectives are not only about one mistake", False), ("Decouple", False)],
)  # fmt: skip
def test_any_verb_of_change_is_an_instruction_where_commitments_are_expected(text: str, imperative: bool) -> None:
    # "Throttle", "Double", "Load", "Table" are read more often as nouns: only an object makes them verbs;
    # verbs of thinking ("Remember …") open rules and advice, not changes.
    assert is_imperative(text, broad=True) is imperative
    assert not is_imperative(text)  # outside such places, only the instruction verbs pmsync knows


def test_a_parent_over_labels_and_noun_led_details_stays_one_item() -> None:
    body = (
        "## Action items\n\n- Automated failover for the validator\n  - Trigger: one session of missed votes\n"
        "  - Load balancer checks stay as they are\n"
    )
    assert _texts(body) == ["Automated failover for the validator"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a state held long before the incident, and a suggestion someone else made
        ("## What we are doing about it\n\n- We have for several years required 2FA for the whole organisation\n"
         "- The auditor also recommended we consider signed commits; we decided against it\n"
         "- We enabled branch protection on the release repositories\n",
         ["We enabled branch protection on the release repositories"]),
        # ending the live event is the response; carrying on names no change
        ("## Status\n\nWe are working on resolving this issue, but this may take some time.\n", []),
        ("## Closing\n\nWe will keep investing there, and keep sharing what we learn.\n", []),
        # a promise that names no change: only the incident not happening again, or unnamed steps
        ("## Closing\n\nAs always, we will ensure this type of failure does not happen again. We are taking "
         "multiple steps to prevent recurrence. We will add a disk alert to ensure this does not happen again.\n",
         ["We will add a disk alert to ensure this does not happen again"]),
        # a plan to study the cause further names no change; a formula is no item
        ("## Update\n\nWe are planning to dive deeper into this in a future blog post.\n", []),
        ("## Action items\n\n- Total number of keys = s\n- Probability of an expired key (p) = e0 / s\n"
         "- Set maxmemory-samples = 10 on the replicas\n", ["Set maxmemory-samples = 10 on the replicas"]),
        # a template's prompts are questions; work an organisation relies on people for is no plan
        ("## Steps to close\n\n- [ ] Assignment: Is someone assigned to this issue?\n"
         "- [ ] \"What caused it?\" - please answer in summary\n- [ ] Add the queue alert to the runbook\n",
         ["Add the queue alert to the runbook"]),
        ("## Our volunteers\n\nWe rely on people giving their time to tasks such as hardening CI, handling "
         "security reports, and assembling releases.\n", []),
        ("## Action items\n\nWe will follow up in problem management (\"How can we avoid this?\").\n",
         ["We will follow up in problem management (\"How can we avoid this?\")"]),
        # the service back, and the report on the incident, are no change to what caused it
        ("## Update\n\nWe're working on getting this sorted as a matter of urgency.\n", []),
        ("## Update\n\nWe're working on recovering right now by using a backup of the database.\n", []),
        ("## Update\n\nThey will make sure that the storage finder will be available again on Monday.\n", []),
        ("## Update\n\nWe've published a postmortem that includes what we're doing to prevent this from "
         "happening again.\n", []),
        ("## Next steps\n\nWe will fix the issue in the parser so that this cannot recur.\n",
         ["We will fix the issue in the parser so that this cannot recur"]),
    ],
)  # fmt: skip
def test_narrative_and_status_notes_are_no_items(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a question about the past names narrative, even inside the lessons
        ("## Lessons learned\n\n### What worked\n\n- Checked the logs first\n- Followed the runbook\n\n"
         "### What we will change\n\n- Add a spool alert\n", ["Add a spool alert"]),
        # a label describing work vouches only for entries that commit; one naming the list for all
        ("## Verification\n\n**Key improvements:**\n\n- uploads no longer stall on a full spool\n"
         "- spool cleanup runs hourly\n", []),
        ("## Notes\n\n**Action items:**\n\n- Spool alert at 80%\n- Hourly spool cleanup\n",
         ["Spool alert at 80%", "Hourly spool cleanup"]),
        # the fixes merged to end the incident, listed under a response heading in another language
        ("## Résolution\n\n| PR | Description |\n|----|----|\n| #12 | Spool cleanup fixed |\n| #13 | Quota raised |\n\n"
         "## Actions préventives\n\n- [ ] Add a spool alert\n", ["Add a spool alert"]),
    ],
)  # fmt: skip
def test_narrative_parts_and_descriptive_labels(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # operating the live incident: a step set for a time of day, a rule held until it ends
        ("## Status\n\nWe will power the server back on after 2:30 PM.\n\n"
         "We'll only deploy hotfixes until the underlying issue is resolved.\n", []),
        # a promise whose only object is its purpose names no change
        ("## Mitigation\n\nThe team will implement measures to prevent similar incidents in the future.\n", []),
        ("## Next steps\n\nWe will add alerting on the spool to ensure this does not happen again.\n",
         ["We will add alerting on the spool to ensure this does not happen again"]),
        # the same commitment told in the summary and listed again is one item
        ("## In short\n\nWe plan to add a second spool volume before the next release.\n\n"
         "## Follow-ups\n\n- Add a second spool volume before the next release\n",
         ["Add a second spool volume"]),
    ],
)  # fmt: skip
def test_interim_steps_purpose_only_promises_and_restatements(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


def test_a_list_introduced_as_findings_holds_no_items_unless_an_entry_commits() -> None:
    body = (
        "## Prevention\n\nAll of the failures were due to missing tests:\n\n"
        "- `spool_cleanup` never had a test at all\n- The quota check only had partial coverage\n\n"
        "We cannot catch every case ahead of time, but we can follow a few rules:\n\n"
        "1. Add a test for every new feature before merging\n2. Start every bug fix with a failing test\n"
    )
    assert _texts(body) == ["Add a test for every new feature before merging", "Start every bug fix with a failing test"]


@pytest.mark.parametrize(
    ("text", "imperative"),
    [("delete_all_records never had a test", False), ("Update.sh was not run", False),
     ("Rate limits never were the cause", False), ("Delete the stale records nightly", True)],
)  # fmt: skip
def test_a_name_from_the_code_is_no_instruction(text: str, imperative: bool) -> None:
    assert is_imperative(text) is imperative


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # advice to the reader is no follow-up of the team that wrote it
        ("## Recommendations\n\n- Upgrade your node to v2.3.1\n- Operators should rotate their signing keys\n"
         "- If you run a sentry node, restart it after upgrading\n\n## Next steps\n\n- Add a state checksum to every block\n",
         ["Add a state checksum to every block"]),
        # a heading whose details are labelled parts over code groups them; it is no item itself
        ("## Prevention\n\n### Technical controls\n\n**For the resolver config:**\n\n```\nforward . 9.9.9.9\n```\n\n"
         "**For new clusters:**\n\n```\nresolvers: [9.9.9.9]\n```\n\n### Pin the resolver in the cluster template\n\n"
         "The template sets the upstream resolver explicitly.\n", ["Pin the resolver in the cluster template"]),
    ],
)  # fmt: skip
def test_reader_advice_and_grouping_headings_are_no_items(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("text", "imperative"),
    [("Schedule : weekly", False), ("Include global state: Yes", False), ("Fix: bump the timeout to 30s and retry", True),
     ("Set index priority to 100", True)],
)  # fmt: skip
def test_a_setting_and_its_value_is_no_instruction(text: str, imperative: bool) -> None:
    assert is_imperative(text) is imperative


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # ticked states are what a check confirms, not work done or to do
        ("## Prevention\n\n**After each upgrade, confirm:**\n\n1. ✅ Every worker Healthy\n"
         "2. ✅ Queue depth back under 100\n3. ✅ Outbound mail\n\n## Follow-ups\n\n- Add a queue depth alert\n",
         ["Add a queue depth alert"]),
        # one ticked entry that names a change makes the list follow-ups done
        ("## Follow-ups\n\n- ✅ Added a queue depth alert\n- ✅ Worker restarts paged\n",
         ["Added a queue depth alert", "Worker restarts paged"]),
        ("## Follow-ups\n\n- ✅ Automated spool rotation\n- ✅ Spool on its own volume\n",
         ["Automated spool rotation", "Spool on its own volume"]),
    ],
)  # fmt: skip
def test_a_list_of_ticked_states_is_a_verification_not_items(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # attempts told with how they went are the response's story, whatever their mood
        ("## Explored solutions\n\nWe tried these on a test cluster.\n\n### Upgrade the spool binary in place (fail)\n\n"
         "*Have the workers upgrade and restart*\n\n1. Naive restart to see if workers catch up\n"
         "    - Does not work since the spool is stale\n\n### Replay the upload log (success)\n\nAll uploads came back.\n\n"
         "## Conclusion\n\n- We improved our CI to avoid this in the future\n",
         ["We improved our CI to avoid this in the future"]),
        ("## Next steps\n\n- Move the spool to its own volume [worked]\n- Add a spool usage alert (done)\n",
         ["Add a spool usage alert"]),
    ],
)  # fmt: skip
def test_an_attempt_told_with_its_outcome_is_no_item(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a status-page log: the live fix named by its kind only, the report promised, no change
        ("## Updates\n\n**Resolved**: This incident has been resolved. We will publish a post-incident review.\n\n"
         "**Identified**: The issue has been identified and a fix is being implemented.\n\n"
         "**Update**: We are deploying a fix to all regions and are restoring the remaining nodes.\n", []),
        ("## Next steps\n\nWe will share a detailed write-up within five business days.\n\n"
         "We will issue service credits to affected accounts.\n", []),
        # effort promised, and the failed event tried again, change nothing
        ("## Questions\n\n**Will this happen again?** We will do our best to prevent it.\n\n"
         "## Notes\n\n- we will re-run the key ceremony asynchronously\n- We will retry the migration next week\n", []),
        # a fix that names what it changes, and a process of incident reviews, are changes
        ("## Next steps\n\nWe are working on a fix for the retry loop in the spool client.\n\n"
         "We will add the spool dashboards to our incident review template.\n",
         ["We are working on a fix for the retry loop in the spool client",
          "We will add the spool dashboards to our incident review template"]),
    ],
)  # fmt: skip
def test_the_live_fix_the_report_and_effort_are_no_items(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # under the live response, a sentence telling what was done and a label naming a kind of
        # work introduce the fixes made then, not plans
        ("## Resolution and recovery\n\nRemediation was carried out in two phases over two days:\n\n"
         "**Phase 1 - Immediate fixes:**\n1. Replaced the shell parsing with a script\n2. Pinned the actions\n\n"
         "**Phase 2 - Architectural hardening:**\n1. Separated the upload job from the secrets\n"
         "2. Added escaping to the comment templates\n\n## Follow-ups\n\n- Audit the other workflows\n",
         ["Audit the other workflows"]),
        # … while a part that promises, or a fix told with the recurrence it prevents, is a follow-up
        ("## Resolution\n\nWe will also make these changes over the next weeks:\n\n- Split the upload job\n\n"
         "**Hardening:**\n- Added escaping to the templates so that this cannot happen again\n",
         ["Split the upload job", "Added escaping to the templates so that this cannot happen again"]),
    ],
)  # fmt: skip
def test_what_the_response_did_is_no_plan_whatever_its_parts_are_named(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an instruction told as a habit is a lesson's rule; one change to make is a commitment
        ("## Lessons learned\n\n- Communicate early with customers\n- Test restores regularly\n"
         "- Review alert thresholds before each launch\n- Simplify the pipeline where possible\n"
         "- Document the failover runbook\n", ["Document the failover runbook"]),
        # under a name for the follow-ups themselves every entry counts, habits too
        ("## Action items\n\n- Test restores regularly\n", ["Test restores regularly"]),
        # … but a rule to keep for good ("always", "never") is no change to make, even there
        ("## Action items\n\n- Disk safety: never add mountpoints without a reboot\n"
         "- Always implement fallbacks for data queries\n- Add a fallback for the ranking query\n",
         ["Add a fallback for the ranking query"]),
        # words to people are no items wherever they are listed; an apology that promises is one
        ("## Looking ahead\n\n- Add a disk usage alert\n- Thanks to everyone who reported the issue\n"
         "- Kudos to the storage team for the quick recovery\n- We apologise for the disruption\n"
         "- We are sorry for the delay and will add a status page banner for outages\n",
         ["Add a disk usage alert", "We are sorry for the delay and will add a status page banner for outages"]),
    ],
)  # fmt: skip
def test_rules_of_a_lesson_and_words_to_people_are_no_items(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a sentence telling what was seen introduces findings, whatever follow-up word it holds
        ("## Verification\n\nAfter remediation, the following signals were observed:\n\n"
         "- upload connection setup completed\n- spool quota was raised\n- the worker accepted the file\n", []),
        # a label naming the follow-ups, or a sentence naming them as its subject, introduces items
        ("## Verification\n\nOur follow-up actions were:\n\n- Spool usage alert\n- Quota review\n",
         ["Spool usage alert", "Quota review"]),
    ],
)  # fmt: skip
def test_a_sentence_telling_what_was_seen_introduces_no_items(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("title", "action"),
    [("Why the design is correct", False), ("Corrective actions", True), ("Correction plan", True),
     ("Improve", True), ("Correctness checks", False)],
)  # fmt: skip
def test_the_adjective_correct_names_no_corrective_work(title: str, action: bool) -> None:
    assert (heading_score(title) >= 0.75) is action


def test_a_section_explaining_why_a_design_is_correct_holds_no_items() -> None:
    body = ("## Why the design is correct\n\n- **Static shell from the edge**: gives readers fast pages\n"
            "- **Bot rule in the proxy**: works around the framework's bot list\n")  # fmt: skip
    assert _texts(body) == []


@pytest.mark.parametrize(
    "body",
    [
        # the simple past of the day, even with a purpose ahead of it, is the response
        "## Resolution\n\nTo avoid every node having to update again, we deployed a patched build to the leader.\n",
        # a hot fix, and what came of it
        "## Resolution\n\nWe've implemented a hot fix, and since then all incoming uploads have been processed.\n",
        # things that were there, put right or checked, in the passive
        "## Recovery\n\nAll affected nodes have been replaced and the backups have been verified.\n",
        # the live incident's state
        "## Status\n\nThe recovery of the spool is under way. The service is now back online.\n",
        # a perfect after a clause of its own tells the day's work
        "## Details\n\nOnce the disk was full, we have added capacity to the spool volume.\n",
        # changes that led to the incident, listed as -ing phrases
        "## Details\n\nThe changes shipped that day, including updating the proxy and moving the spool, "
        "filled the disk.\n",
        # how a system will behave, and a use of what there is, told in the passive future
        "## Next release\n\nUploads will be batched every two seconds rather than one by one. "
        "These graphs will also be used to explain spikes.\n",
        # a study of what happened
        "## Details\n\nWe are investigating reports of slow uploads on the spool.\n",
        # work with another party on the incident itself
        "## Status\n\nWe are working with our hosting provider to investigate the incident. We are working "
        "with their engineers to resolve the issue.\n",
    ],
)  # fmt: skip
def test_changes_told_of_the_day_are_no_follow_ups(body: str) -> None:
    assert _texts(body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a date or a name in a sentence that tells what was is the story's, not a deadline or an owner
        ("## Moving forward\n\nThe storage team has grown from two to five engineers this year, and the "
         "cluster now serves three times the traffic. Reliability remains our priority.\n", []),
        ("## Moving forward\n\nA spool usage alert on every upload host, due 2027-03-01.\n\n"
         "Hourly spool cleanup on the upload hosts, @alice.\n",
         ["A spool usage alert on every upload host", "Hourly spool cleanup on the upload hosts"]),
        # the service working again is the end of the incident, not a change
        ("## Status\n\nUploads are being accepted again and are being processed normally.\n", []),
    ],
)  # fmt: skip
def test_the_story_s_dates_and_names_and_service_back_are_no_items(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


NOTICES = [
    # a status page's log of one incident, newest first
    "# Elevated errors on the package mirror\n\n[Final message]\nEverything is back to normal. Accounts are being "
    "created again.\n\n[Update 2]\nWe are working on it. Outage is being investigated, we'll keep this status updated.\n\n"
    "[Update 1]\nWe're deploying a fix to all regions and are restoring the remaining nodes.\n",
    # a maintenance announcement: the steps of scheduled work, at a time of day
    "# Maintenance on the CI controller\n\nA restart of the CI controller is planned with the following changes:\n\n"
    "- Remove the unused cloud plugin\n- Bump the agent plugin to 2.4\n\nMaintenance on the CI controller is "
    "planned for Tuesday 4th of July:\n\n- First operation starts at 13:00 UTC with the cluster upgrade\n"
    "  - More details in <https://example.org/helpdesk/issues/35>\n\n"
    "We'll migrate the update scripts today at 13h30 UTC. We'll send further instructions by email.\n",
    # an incident notice: what happened, the report and credits promised
    "# Login failures on March 3\n\n## What happened\n\nA certificate expired on the login gateway; the on-call "
    "engineer renewed it.\n\n## What we are doing\n\nWe will publish a post-incident review within five days and "
    "issue service credits to affected accounts. We apologise for the disruption.\n",
]


@pytest.mark.parametrize("text", NOTICES)
def test_incident_notices_status_updates_and_maintenance_announcements_hold_no_items(text: str) -> None:
    assert [item.text for item in read_postmortem(text).items] == []


def test_pmsync_lint_reads_no_items_in_a_status_update(tmp_path, capsys) -> None:
    path = tmp_path / "2026-03-03-mirror-errors.md"
    path.write_text(NOTICES[0], encoding="utf-8")
    main(["lint", "--json", str(path)])
    data = json.loads(capsys.readouterr().out)
    assert [doc["items"] for doc in data["documents"]] == [[]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # beside a plan, what was done is the live response told in the past
        ("## What we did\n\n- Fixed the upload path\n- Deployed stricter admission rules\n\n"
         "## Action items\n\n- Add an alert on worker code execution\n", ["Add an alert on worker code execution"]),
        # restarts and rollbacks are no changes made, whatever the heading
        ("## What we did\n\n- Restarted the workers\n- Rolled back the deploy\n- Cleared the spool\n", []),
    ],
)  # fmt: skip
def test_what_was_done_beside_a_plan_or_to_end_the_incident_is_no_item(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # records, hosts and codes listed under an action heading are data, not actions
        ("| type | name |\n| --- | --- |\n| CNAME | docs.example.org |\n| A | www.docs.example.org |\n"
         "| CNAME | cdn.example.org |\n", []),
        ("| Host | Port |\n| --- | --- |\n| db-1 | 5432 |\n| db-2 | 5432 |\n", []),
        # the same shape with phrases in the unnamed column is a list of work
        ("| Change | Who |\n| --- | --- |\n| Remove stale DNS records | Ana |\n| Proxy every S3 subdomain | Ben |\n",
         ["Remove stale DNS records", "Proxy every S3 subdomain"]),
        # a column named as the action is read whatever its cells hold
        ("| Action | Owner |\n| --- | --- |\n| Reindex | Ana |\n", ["Reindex"]),
    ],
)  # fmt: skip
def test_a_table_whose_unnamed_column_holds_no_phrases_is_data(table: str, expected: list[str]) -> None:
    assert _texts(f"## Corrective actions\n\nWe removed these records:\n\n{table}") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # boxes ticked beside states or a field's values make a form, not a list of follow-ups
        ("## Status\n\n- [ ] Investigating\n- [ ] Identified\n- [x] Monitoring\n- [x] Resolved\n\n"
         "## Severity\n\n- [ ] Critical - complete outage\n- [x] Major - significant impact\n"
         "- [ ] Minor - limited impact\n", []),
        # boxes beside changes after the story are follow-ups, whatever the part is called
        ("## Part 4\n\n- [ ] Add a spool usage alert\n- [ ] Move the spool to its own volume\n",
         ["Add a spool usage alert", "Move the spool to its own volume"]),
    ],
)  # fmt: skip
def test_a_form_of_ticked_states_is_no_list_of_follow_ups(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the document names the place of its commitments: the lists elsewhere are lessons
        ("## Action items\n\n- Add an alert on spool usage\n- Rotate the spool daily\n\n"
         "## Lessons learned\n\n- Review disk alerts every quarter\n",
         ["Add an alert on spool usage", "Rotate the spool daily"]),
        # … and steps of the response told under a heading that names the response
        ("## Resolution\n\n- Move the spool to the larger volume\n\n"
         "## Action items\n\n- Add an alert on spool usage\n- Rotate the spool daily\n",
         ["Add an alert on spool usage", "Rotate the spool daily"]),
        # a promise written as a sentence counts wherever it stands
        ("## Action items\n\n- Add an alert on spool usage\n\n"
         "## Lessons learned\n\nWe will review every disk alert by the end of the quarter.\n",
         ["Add an alert on spool usage", "We will review every disk alert"]),
        # without a part named for follow-ups, the lessons' commitments are the items
        ("## Lessons learned\n\n- Review disk alerts every quarter\n- Add an alert on spool usage\n",
         ["Review disk alerts every quarter", "Add an alert on spool usage"]),
        # a part named in passing holds fewer than the list elsewhere: that list is kept
        ("## What comes next\n\n- Add an alert on spool usage\n- Rotate the spool daily\n- Cap uploads at 1 GB\n\n"
         "## Other actions\n\n- Thank the on-call team\n",
         ["Add an alert on spool usage", "Rotate the spool daily", "Cap uploads at 1 GB", "Thank the on-call team"]),
    ],
)  # fmt: skip
def test_a_part_named_for_follow_ups_is_where_listed_commitments_are(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected
