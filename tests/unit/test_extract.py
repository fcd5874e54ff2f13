"""Where postmortems write their commitments and how each item is found (found_by, section), and the ticket references they name."""

from __future__ import annotations

from datetime import date

import pytest

from syncer.commitments import is_promise
from syncer.duedates import resolve_due
from syncer.owner_prefixes import owner_prefix
from syncer.parse import parse_document
from syncer.refs import find_ref, is_issue_url
from syncer.section_items import MODERATE, STRONG
from syncer.section_names import heading_score
from tests.postmortems import read_postmortem

STORY = "# Outage\n\n## Summary\n\nThe API was down.\n\n## Timeline\n\n- 10:00 we will restart it\n\n"


def _found(text: str) -> list[tuple[str, str, str | None]]:
    return [(i.text, i.found_by, i.section) for i in read_postmortem(text).items]


@pytest.mark.parametrize(
    "title",
    ["Action items", "Moving Foward", "Looking forward", "Future safeguards", "Recommendations",
     "Mitigations", "Corrective and preventative measure(s)", "What is being done about this?",
     "What we're doing about it", "Proactive measures", "📋 Next steps", "4. Follow-ups",
     "Remediation"],
)  # fmt: skip
def test_headings_that_name_follow_up_work_score_strong(title: str) -> None:
    assert heading_score(title) >= STRONG


@pytest.mark.parametrize("title", ["Lessons learned", "Resolution", "Plan"])
def test_middling_headings_need_commitments_under_them(title: str) -> None:
    assert MODERATE <= heading_score(title) < STRONG


@pytest.mark.parametrize("title", ["Timeline", "Root cause", "Impact", "Summary", "Background"])
def test_narrative_headings_score_negative(title: str) -> None:
    assert heading_score(title) < 0


@pytest.mark.parametrize(
    ("sentence", "promise"),
    [
        ("We will add replica lag monitoring.", True),
        ("Lastly, we will upgrade mainnet to Bedrock later this year.", True),
        ("Though rate limits were not the cause, we will increase rate limits.", True),
        ("We are going to split the database.", True),
        ("We'll rotate the keys weekly.", True),
        ("The platform team will add a canary stage.", True),
        ("We will provide an update within 30 minutes.", False),
        ("We will continue to monitor the situation.", False),
        ("We will publish a postmortem once the investigation ends.", False),
        ("We restarted the service.", False),
        ("We will not do that again.", False),
        # sign-offs: the reader's trust or experience is the object, or study goes on without a change
        ("We will keep studying this outage so we can serve our customers better.", False),
        ("We are committed to building a welcoming experience for every player.", False),
        ("We're committed to learning from this failure to regain the trust of our users.", False),
        ("We will continue to review what happened during the migration.", False),
        ("Our SRE team will continue to examine the logs from that night.", False),
        ("We are committed to a culture of transparency.", False),
        # the same shapes carrying a concrete change stay commitments
        ("We will strive to publish more precise status information during outages.", True),
        ("We will continue to roll out signed release artifacts across all mirrors.", True),
        ("We are committed to migrating every build to the hardened runners by June.", True),
        ("We will add disk usage alerts on every replica to serve you better.", True),
        ("We will continue to harden the failover path so primaries cannot cross regions.", True),
    ],
)
def test_promises_are_changes_not_status_updates_or_sign_offs(sentence: str, promise: bool) -> None:
    assert is_promise(sentence) is promise


def test_a_closing_paragraph_of_values_yields_no_item() -> None:
    closing = (
        "## What we are doing\n\nWe will add a replica lag alert.\n\n## Closing\n\n"
        "We apologise for the disruption. We will continue to analyse this event to earn back the trust "
        "you place in us. We're committed to making the service better every day.\n"
    )
    assert [i.text for i in read_postmortem(STORY + closing).items] == ["We will add a replica lag alert"]


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("ICL to upgrade the validators", "ICL"),
        ("Hypha: upgrade the node software", "Hypha"),
        ("Platform team: review the design of the DaemonSets", "Platform team"),
        ("SRE team: add a lag alert", "SRE team"),
        ("Monitoring team: add a lag alert", None),  # a topic label
        ("Security team: the review found nothing", None),  # no instruction after it
        ("@alice will add the alert", "alice"),
        ("Monitoring: add an alert", None),
        ("Plan to migrate the cluster", None),
        ("Add the alert", None),
    ],
)
def test_owner_written_as_subject_or_prefix(text: str, owner: str | None) -> None:
    assert owner_prefix(text)[0] == owner


def test_each_way_of_writing_an_item_is_found_and_says_how() -> None:
    found = _found(
        STORY + "## Moving Foward\n\n"
        "| Action | Owner |\n|---|---|\n| Add a disk alert | @a |\n\n"
        "- Add a runbook\n- [ ] Rotate the keys\n\n"
        "We will add a canary stage. We will also page on replica lag.\n\n"
        "### Rate limit the importer\n\nThe importer gets a token bucket of 100 requests.\n\n"
        "## Lessons learned\n\n- Monitoring is important\n- We will review alert thresholds quarterly\n"
    )
    assert found == [
        ("Add a disk alert", "table", "Moving Foward"),
        ("Add a runbook", "list", "Moving Foward"),
        ("Rotate the keys", "checkbox", "Moving Foward"),
        ("We will add a canary stage", "prose", "Moving Foward"),
        ("We will also page on replica lag", "prose", "Moving Foward"),
        ("Rate limit the importer", "heading", "Rate limit the importer"),
        ("We will review alert thresholds quarterly", "list", "Lessons learned"),
    ]


def test_one_item_per_paragraph_under_an_action_heading() -> None:
    found = _found(
        STORY + "## Action items\n\nWe are taking these steps:\n\n"
        "Upgrade the load balancer firmware on both sites.\n\nAdd a second DNS provider.\n"
    )
    assert [(text, how) for text, how, _ in found] == [
        ("Upgrade the load balancer firmware on both sites", "paragraph"),
        ("Add a second DNS provider", "paragraph"),
    ]


def test_prose_commitments_anywhere_but_the_timeline() -> None:
    pm = read_postmortem(STORY + "## Resolution\n\nWe restarted the API. Going forward, we will add a health check.\n")
    assert [(i.text, i.found_by, i.section) for i in pm.items] == [
        ("Going forward, we will add a health check", "prose", "Resolution"),
    ]
    prose_only = parse_document(STORY + "## Notes\n\nIt was late. We will add a check.\n", "x.md")
    assert [(f.rule, f.severity) for f in prose_only.findings] == [("items-in-prose", "info")]


def test_bold_labels_stand_for_headings() -> None:
    found = _found(
        STORY + "## Discussion\n\n**Action items:**\n\n- Add a disk alert\n- Write a runbook\n\nMore notes.\n\n"
        "- **Review actions**:\n  - Add a deploy freeze calendar\n  - Page the database owner\n"
        "- Other notes\n"
    )
    assert [text for text, _, _ in found] == [
        "Add a disk alert", "Write a runbook", "Add a deploy freeze calendar", "Page the database owner",
    ]  # fmt: skip


def test_group_label_or_one_item_with_details_decided_by_content() -> None:
    found = _found(
        STORY + "## Action items\n\n- Dual monitoring system:\n  - Add a synthetic probe\n  - Add a log-based alert\n"
        "- Upgrade the node software to 1.4\n  - Node A first\n  - Node B a day later\n"
    )
    assert [text for text, _, _ in found] == [
        "Add a synthetic probe", "Add a log-based alert", "Upgrade the node software to 1.4",
    ]  # fmt: skip


def test_a_link_to_an_issue_is_text_and_reference() -> None:
    pm = read_postmortem(STORY + "## Follow-ups\n\n- [Retry the export on READONLY](https://github.com/o/r/issues/12)\n")
    assert [(i.text, i.ref) for i in pm.items] == [("Retry the export on READONLY", "https://github.com/o/r/issues/12")]


def test_sub_heading_deadline_is_inherited() -> None:
    pm = read_postmortem(STORY + "## Action items\n\n### Phase one (due 2026-04-01)\n\n- Add a probe\n- Add an alert (due 2026-03-20)\n")
    assert [(i.text, i.due_text) for i in pm.items] == [("Add a probe", "2026-04-01"), ("Add an alert", "2026-03-20")]


def test_noise_is_not_an_item() -> None:
    pm = read_postmortem(
        STORY + "## Action items\n\n### What went wrong\n\n- The alert was muted\n\n### Actions\n\n"
        "| Action | Owner |\n|---|---|\n| {{ action }} | {{ owner }} |\n| ... | |\n| ??? | TBD |\n"
        "| Add a probe | @b |\n\n- another item\n"
    )
    assert [i.text for i in pm.items] == ["Add a probe"]


def test_markup_is_taken_out_of_item_text() -> None:
    pm = read_postmortem(
        "\ufeff" + STORY + "## Action items\n\n- Add a\u200b probe<br/>on the <b>edge</b>&#x20;{% raw %}[^1]\n"
        "- {{< hint >}}Rotate the keys\n"
    )
    assert [i.text for i in pm.items] == ["Add a probe on the edge", "Rotate the keys"]


def test_a_document_title_over_the_narrative_is_no_action_section() -> None:
    pm = read_postmortem("# Follow-up report: API outage\n\n## Summary\n\n- The API was down\n\n## Timeline\n\n- 10:00 down\n")
    assert pm.items == ()


def test_what_pmsync_looked_for_is_said() -> None:
    findings = parse_document(STORY, "x.md").findings
    assert [(f.rule, f.severity) for f in findings] == [("no-action-items", "warning")]
    assert "We will" in findings[0].message and "Action items" in findings[0].message
    index = parse_document("# Postmortems\n\n- [one](one.md)\n", "README.md").findings
    assert [(f.rule, f.severity) for f in index] == [("not-a-postmortem", "warning")]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Jul 16, 2023", date(2023, 7, 16)),
        ("16 July", date(2026, 7, 16)),
        ("03/14/2026", date(2026, 3, 14)),
        ("14.03.2026", date(2026, 3, 14)),
        ("by 3/20", date(2026, 3, 20)),
        ("Q3 2026", date(2026, 9, 30)),
        ("next week", date(2026, 3, 20)),
        ("July 2026", date(2026, 7, 31)),
        ("mid-April", date(2026, 4, 15)),
        ("end of sprint 42", None),
        ("1.5", None),
    ],
)
def test_deadlines_as_people_write_them(text: str, due: date | None) -> None:
    assert resolve_due(text, date(2026, 3, 10)) == due


def test_inline_action_labels_and_reference_only_entries() -> None:
    pm = read_postmortem(
        STORY + "## Lessons learned\n\n### Fork monitoring\n\nThe monitor had to be restarted.\n\n"
        "Action point: make the fork monitor push alerts.\n\n- Time to repair: 0h 16m\n\n"
        "## Follow-up improvements\n\n- #2127\n- Upgrade the gateway\n  - tracked in #2213\n"
    )
    assert [(i.text, i.ref, i.found_by) for i in pm.items] == [
        ("make the fork monitor push alerts", None, "paragraph"),
        ("#2127", "#2127", "list"),
        ("Upgrade the gateway", "#2213", "list"),
    ]


def test_instructions_to_readers_are_not_commitments() -> None:
    pm = read_postmortem(STORY + "## Next steps for users\n\n- Log in again\n- Re-enable the overlay\n\n## Action items\n\n- Add a probe\n")
    assert [i.text for i in pm.items] == ["Add a probe"]


def test_html_paragraphs_and_enumerated_actions() -> None:
    pm = read_postmortem(
        STORY + "## What we learned\n\n<p>For this incident, our action items included tasks such as "
        "rotating keys, deleting CI logs after 48 hours, and updating our incident process.</p>\n"
    )
    assert [(i.text, i.found_by) for i in pm.items] == [
        ("rotating keys", "prose"), ("deleting CI logs after 48 hours", "prose"),
        ("updating our incident process", "prose"),
    ]  # fmt: skip


def test_timeline_entries_under_timestamp_headings_are_not_items() -> None:
    pm = read_postmortem(STORY + "## 4:09-4:56 PM: Post-incident follow-up\n\n- 4:09: the report is announced\n")
    assert pm.items == ()


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("We enabled branch protection on every repository", True),
        ("We have extended the bounty program to L2Geth", True),
        ("Alerts configured", True),
        ("The runbook is now documented in the handbook", True),
        ("Add a disk alert", False),
        ("We rolled back the deploy", False),  # mitigation of the live incident
        ("We restarted the pods", False),
    ],
)
def test_follow_ups_written_as_done(text: str, done: bool) -> None:
    pm = read_postmortem(STORY + f"## Action items\n\n- {text}\n")
    assert [(i.text, i.done) for i in pm.items] == [(text, done)]


def test_a_heading_item_in_a_lessons_section_must_read_as_one() -> None:
    pm = read_postmortem(
        STORY + "## Lessons learned\n\n### The PR\n\nIt was [reviewed](https://github.com/o/r/pull/9) in a hurry.\n\n"
        "### Alerting configured\n\nDisk alerts now page the on-call.\n"
    )
    assert [(i.text, i.done, i.found_by) for i in pm.items] == [("Alerting configured", True, "heading")]


def test_links_in_prose_and_headings_give_the_ticket_url() -> None:
    pm = read_postmortem(
        STORY + "## Notes\n\nIt broke. We will fix the parser ([#12](https://github.com/o/r/issues/12)).\n\n"
        "## Action items\n\n### Retry on READONLY ([#13](https://github.com/o/r/issues/13))\n\nThe worker re-resolves.\n"
    )
    assert [(i.text, i.ref) for i in pm.items] == [
        ("We will fix the parser", "https://github.com/o/r/issues/12"),
        ("Retry on READONLY", "https://github.com/o/r/issues/13"),
    ]


def test_legends_and_status_notes_are_not_items_or_owners() -> None:
    pm = read_postmortem(
        STORY + "## Action items\n\n**Legend:**\n\n- P0: must ship this week\n- P1: this month\n\n**Actions:**\n\n"
        "- P0 = fix now\n- [P1] Add a probe\n\n| Action | Owner |\n|---|---|\n| Rotate the keys | Done |\n"
    )
    assert [(i.text, i.owner, i.done) for i in pm.items] == [("Add a probe", None, False), ("Rotate the keys", None, True)]


def test_a_blank_template_yields_no_items() -> None:
    pm = read_postmortem(
        "# Postmortem template\n\n## Summary\n\n- Incident ID:\n\n## Timeline\n\n- Detection:\n\n"
        "## Remediation\n\n- Immediate fixes:\n- Long term fixes:\n\n## Action Items\n\n"
        "- [ ] _[Action to take]_\n- [Describe the change]\n- {{ action }}\n"
    )
    assert pm.items == ()


def test_changes_already_made_against_recurrence_are_done_items() -> None:
    pm = read_postmortem(
        STORY + "## Conclusion\n\n- Documentation is key\n"
        "- We improved our CI to avoid this kind of issue in the future\n"
        "- We rolled back the deploy to avoid more errors\n\n"
        "Our incident process now requires a private channel with the reporter.\n"
    )
    assert [(i.text, i.done) for i in pm.items] == [
        ("We improved our CI to avoid this kind of issue in the future", True),
        ("Our incident process now requires a private channel with the reporter", True),
    ]


def test_when_a_prose_promise_says_it_happens() -> None:
    pm = read_postmortem(STORY + "## Notes\n\nIt broke. Lastly, we will upgrade mainnet to Bedrock later this year.\n")
    assert [(i.text, i.due_text) for i in pm.items] == [
        ("Lastly, we will upgrade mainnet to Bedrock later this year", "later this year"),
    ]


@pytest.mark.parametrize("title", ["Root Cause Remediations", "Timeline improvements", "Incident response improvements"])
def test_a_follow_up_head_noun_names_the_section_whatever_modifies_it(title: str) -> None:
    assert heading_score(title) >= STRONG


@pytest.mark.parametrize(
    "title", ["Root cause analysis", "Timeline of events", "Impact on customers", "Root cause", "Fix timeline"]
)
def test_narrative_headings_stay_narrative(title: str) -> None:
    assert heading_score(title) < 0


def test_remediations_of_the_root_cause_are_items() -> None:
    text = STORY + "## Root Cause Analysis\n\nA parser bug.\n\n### Root Cause Remediations\n\n" \
        "- Clients implemented a fix for parsing deposit logs\n- Blockchain tests cover the scenario\n"
    assert [i.text for i in read_postmortem(text).items] == [
        "Clients implemented a fix for parsing deposit logs", "Blockchain tests cover the scenario"
    ]


def test_entries_labelled_as_the_live_response_are_not_follow_ups() -> None:
    text = STORY + "## What we are doing about it\n\n" \
        "- Service restoration: full service resumes on April 6\n" \
        "- Root cause: an unbounded queue\n" \
        "- Monitoring: add an alert on queue depth\n" \
        "- Content filtering: we are implementing filters for player names\n"
    assert [i.text for i in read_postmortem(text).items] == [
        "Monitoring: add an alert on queue depth", "Content filtering: we are implementing filters for player names"
    ]


def test_a_promise_over_its_details_is_one_item_even_when_it_names_a_process() -> None:
    text = STORY + "## Action items\n\n" \
        "- We will ensure the common tests run against the new release.\n" \
        "- We are redesigning our code review process, to introduce measures which will:\n" \
        "  1. encourage reviewers to:\n" \
        "     1. consider areas of the system which are not touched by the PR\n" \
        "     1. view the change from the perspective of an adversary\n" \
        "- Process: add a second reviewer to risky changes\n" \
        "  - Review checklist for risky changes\n  - Enforce it in CI\n"
    texts = [i.text for i in read_postmortem(text).items]
    assert texts[:2] == [
        "We will ensure the common tests run against the new release",
        "We are redesigning our code review process, to introduce measures which will",
    ]
    assert not any(t.startswith(("consider", "view")) for t in texts)


@pytest.mark.parametrize(
    ("url", "issue"),
    [
        ("https://phabricator.wikimedia.org/T123456", True),
        ("https://bugs.launchpad.net/nova/+bug/1234567", True),
        ("https://bugzilla.mozilla.org/1234567", True),
        ("https://tracker.example.org/tickets/42/", True),
        ("https://github.com/o/r/issues/12#issuecomment-555", True),
        ("https://example.com/blog/2023/10", False),
        ("https://github.com/o/r/commit/abcdef1", False),
        ("https://grafana.example.com/d/abc", False),
        ("https://example.com/debug/12", False),
    ],
)
def test_a_single_item_page_of_any_tracker_is_an_issue_url(url: str, issue: bool) -> None:
    assert is_issue_url(url) is issue


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Add a disk alert on the ledger database (P4900)", "P4900"),
        ("Fix the replica lag, see T123456", "T123456"),
        ("Buy A100 GPUs for the batch cluster", None),
        ("Move hashing to SHA-256 and ERC-20 checks", None),
        ("Upgrade to version 2024.1 by Q2026", None),
    ],
)
def test_backlog_ids_are_references_model_numbers_are_not(text: str, ref: str | None) -> None:
    found = find_ref(text)
    assert (found.group(0) if found else None) == ref


def test_a_tracker_link_is_the_items_reference() -> None:
    text = STORY + "## Action items\n\n" \
        "- Add a replica for the ledger [T123457](https://phabricator.wikimedia.org/T123457)\n" \
        "- Improve canary rollouts https://bugs.launchpad.net/nova/+bug/1234567\n"
    assert [(i.text, i.ref) for i in read_postmortem(text).items] == [
        ("Add a replica for the ledger", "https://phabricator.wikimedia.org/T123457"),
        ("Improve canary rollouts", "https://bugs.launchpad.net/nova/+bug/1234567"),
    ]


_FLAT = (
    "Status report - queue backlog\n"
    "Impact: Between 02:00 and 04:10 UTC some uploads were delayed.\n"
    "Root cause: A worker pool was sized for last year's traffic.\n"
    "Recovery: Engineers added workers and drained the queue.\n"
    "{steps}"
    "Feedback: Tell us how this report could be clearer at https://example.com/survey\n"
)


@pytest.mark.parametrize(
    ("steps", "found"),
    [
        # Steps introduced by an action label, one per line: one item each, found where they stand
        ("Next steps: To keep this from happening again we are doing the following:\n"
         "Resize the worker pool from measured peak traffic\n"
         "Page the storage on-call when the backlog passes ten minutes\n",
         [("Resize the worker pool from measured peak traffic", "paragraph", 6),
          ("Page the storage on-call when the backlog passes ten minutes", "paragraph", 7)]),
        # The label does not introduce the lines after it: only a promise is an item
        ("Next steps: We will review capacity every quarter.\n"
         "Thanks to everyone who reported the delay quickly\n",
         [("We will review capacity every quarter", "prose", 5)]),
        # Lines after a narrative label are the story, even when it ends with a colon
        ("Detection: Two signals fired:\nThe backlog alert at 02:05 UTC\nA customer report at 02:20 UTC\n", []),
    ],
)  # fmt: skip
def test_sections_flattened_into_labelled_lines(steps: str, found: list[tuple[str, str, int]]) -> None:
    items = read_postmortem(_FLAT.format(steps=steps)).items
    assert [(i.text, i.found_by, i.line) for i in items] == found


def test_a_single_label_over_a_wrapped_paragraph_is_not_a_flattened_document() -> None:
    text = "# Queue backlog\n\n## Notes\n\nFollow-up: size the worker pool from the measured\n" \
        "peak of the last quarter, not from the:\nforecast that the sales team sent in spring\n"
    assert [(i.text, i.line) for i in read_postmortem(text).items] == [
        ("size the worker pool from the measured peak of the last quarter, not from the: "
         "forecast that the sales team sent in spring", 5),
    ]
