"""Fields of action items as real postmortems write them: ticket references by the structure of
their address, and the item's text once the references are out of it.

The snippets mirror shapes seen in public postmortems (Google-SRE-style "Action Item | Type |
Owner | Bug" tables, GitHub/GitLab issue links after the item, Phabricator tasks, Gerrit
changes, Jira keys in brackets), reworded.
"""

from __future__ import annotations

from datetime import date

import pytest

from syncer.duedates import resolve_due
from syncer.field_names import status_done
from syncer.fields import _LABEL_FIELD, extract_fields
from syncer.model import ActionItem
from syncer.refs import find_ref, is_issue_url, ref_spans, without_refs
from tests.postmortems import read_postmortem

REVIEWED = date(2026, 3, 4)  # the review date relative deadlines count from
HEAD = "# Outage\n\n## Summary\n\nThe API was down.\n\n## Action items\n\n"


@pytest.mark.parametrize(
    ("url", "issue"),
    [("https://github.com/acme/web/issues/7", True),
     ("https://github.com/acme/web/pull/31317", True),
     ("https://github.com/acme/chain/pull/10/files", True),
     ("https://github.com/acme/web/issues/2126#issuecomment-1412554908", True),
     ("https://gitlab.com/acme/infra/-/issues/1094", True),
     ("https://gitlab.com/acme/infra/issues/1094", True),
     ("https://gitlab.com/acme/web/-/merge_requests/88", True),
     ("https://bitbucket.org/acme/web/pull-requests/12", True),
     ("https://codeberg.org/acme/web/pulls/5", True),
     ("https://acme.atlassian.net/browse/OPS-42", True),
     ("https://jira.acme.org/projects/OPS/issues/OPS-42", True),
     ("https://linear.app/acme/issue/ENG-12/add-retries", True),
     ("https://trello.com/c/AbCd1234/12-fix-backups", True),
     ("https://phabricator.wikimedia.org/T123456", True),
     ("https://bugs.launchpad.net/ubuntu/+source/nova/+bug/1234567", True),
     ("https://bugzilla.mozilla.org/show_bug.cgi?id=1701234", True),
     ("https://crbug.com/123456", True),
     ("https://bugs.chromium.org/p/chromium/issues/detail?id=1234", True),
     ("https://issuetracker.google.com/issues/170000000", True),
     ("https://review.opendev.org/c/openstack/nova/+/812345", True),
     ("https://dev.azure.com/acme/web/_workitems/edit/77", True),
     ("https://app.shortcut.com/acme/story/12345/fix-x", True),
     ("https://app.asana.com/0/1200000/1200001", True),
     ("https://github.com/acme/web", False),
     ("https://github.com/acme/web/issues", False),
     ("https://github.com/acme/web/issues?q=label%3Aincident", False),
     ("https://github.com/acme/web/commit/9f2c1ab", False),
     ("https://github.com/acme/web/blob/main/docs/runbook.md", False),
     ("https://github.com/acme/web/releases/tag/v1.2.3", False),
     ("https://docs.acme.org/runbooks/db", False),
     ("https://status.acme.org/incidents/4xk2", False)],
)  # fmt: skip
def test_issue_urls_are_told_by_their_structure(url: str, issue: bool) -> None:
    assert is_issue_url(url) is issue


@pytest.mark.parametrize(
    ("text", "ref"),
    [("Bump the ERC-20 bridge and SHA-256 hashing", None),
     ("Adopt EIP-1559 fee logic", None),
     ("Follow PEP-8 in the tooling", None),
     ("Add a P4900 backlog item", "P4900"),
     ("Document the failover (T298765)", "T298765"),
     ("Upgrade per acme/web#12", "acme/web#12")],
)  # fmt: skip
def test_bare_references(text: str, ref: str | None) -> None:
    found = find_ref(text)
    assert (found.group(0) if found else None) == ref


@pytest.mark.parametrize(
    ("text", "clean", "ref"),
    [("Add the Z check — https://github.com/o/r/pull/55", "Add the Z check", "https://github.com/o/r/pull/55"),
     ("Add alert (see , #13)", "Add alert", "#13"),
     ("Add alert (see #13)", "Add alert", "#13"),
     ("Add retries on Y. See INFRA-1234 and INFRA-1235", "Add retries on Y", "INFRA-1234"),
     ("Add canary stage (done in https://github.com/o/r/pull/3)", "Add canary stage", "https://github.com/o/r/pull/3"),
     ("[ENG-123] Add connection pool limits", "Add connection pool limits", "ENG-123"),
     ("OPS-77: Add the quota alert", "Add the quota alert", "OPS-77"),
     ("Rotate the keys (see the runbook and #13)", "Rotate the keys (see the runbook)", "#13"),
     ("Upgrade nodes per OPS-12 before the freeze", "Upgrade nodes per OPS-12 before the freeze", "OPS-12"),
     ("Add support for #12", "Add support for #12", "#12"),
     ("Add story https://app.shortcut.com/acme/story/12345/x", "Add story",
      "https://app.shortcut.com/acme/story/12345/x"),
     ("Fix the crash in the renderer, tracked in https://crbug.com/123456 and b/77812",
      "Fix the crash in the renderer", "https://crbug.com/123456"),
     ("#2127", "", "#2127"),
     # a bare address in square brackets: the brackets are Markdown's, not the address's
     ("Email everyone when the site is down [https://acme.atlassian.net/browse/OPS-913]",
      "Email everyone when the site is down", "https://acme.atlassian.net/browse/OPS-913"),
     ("Pin the base image [https://github.com/o/r/issues/12] before the freeze",
      "Pin the base image before the freeze", "https://github.com/o/r/issues/12")],
)  # fmt: skip
def test_references_leave_the_text_with_the_words_that_introduced_them(text: str, clean: str, ref: str) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.ref) == (clean, ref)


def test_text_without_references_keeps_what_is_left_when_only_references_were_written() -> None:
    text = "Track in https://linear.app/acme/issue/ENG-12/x"
    assert without_refs(text, ref_spans(text)) == "Track in"


def _read(body: str) -> list[ActionItem]:
    return list(read_postmortem(HEAD + body, "pm.md").items)


def _items(body: str) -> list[tuple[str, str | None, str | None]]:
    return [(item.text, item.owner, item.ref) for item in _read(body)]


def test_a_link_whose_words_only_point_at_the_ticket_leaves_the_text() -> None:
    body = (
        "1. Subscribe to the distribution's announcement list [Issue](https://github.com/o/d/issues/296)\n"
        "2. Let users pin the base image [PR](https://github.com/o/r/pull/148)\n"
        "3. Add dashboards for the queue (tracked in [this issue](https://gitlab.com/g/p/-/issues/12))\n"
        "4. [Write the restore runbook](https://github.com/o/r/issues/9)\n"
        "5. [#528](https://github.com/o/z/issues/528)\n"
    )
    assert _items(body) == [
        ("Subscribe to the distribution's announcement list", None, "https://github.com/o/d/issues/296"),
        ("Let users pin the base image", None, "https://github.com/o/r/pull/148"),
        ("Add dashboards for the queue", None, "https://gitlab.com/g/p/-/issues/12"),
        ("Write the restore runbook", None, "https://github.com/o/r/issues/9"),
        ("https://github.com/o/z/issues/528", None, "https://github.com/o/z/issues/528"),
    ]


def test_a_link_the_words_before_it_call_a_ticket_is_the_reference_whatever_the_tracker() -> None:
    # the link's words wrap over two lines, as hard-wrapped Markdown does
    body = (
        "## Follow-up\n\nWe removed the blocklist and filed a ticket to [improve our\n"
        "monitoring](https://todo.example.org/~ops/infra/6) so that we catch this sooner.\n\n"
        "We will read [the vendor's notes](https://vendor.example.com/notes/6) before every upgrade.\n"
    )
    assert [(item.ref, item.done) for item in _read(body)] == [
        ("https://todo.example.org/~ops/infra/6", False),  # filing the ticket is not doing the work
        (None, False),  # a page, not a ticket
    ]


def test_struck_through_words_are_read_without_their_marks() -> None:
    assert _items("- ~~Add the canary stage~~ (done in https://github.com/o/r/pull/3)\n") == [
        ("Add the canary stage", None, "https://github.com/o/r/pull/3")
    ]


def test_a_sub_heading_link_gives_its_items_the_ticket() -> None:
    body = (
        "### Short-term fixes ([follow along here](https://github.com/acme/app/issues/39133))\n\n"
        "- **Split read and write pools**: readers keep working while the writer is down.\n"
        "- **Circuit breakers**: stop retry storms on connection failures.\n"
    )
    assert [ref for _, _, ref in _items(body)] == ["https://github.com/acme/app/issues/39133"] * 2


def test_google_style_bug_column() -> None:
    body = (
        "| Action Item | Type | Owner | Bug |\n| --- | --- | --- | --- |\n"
        "| Make the env tool show the account | prevent | mlafeldt | [acme/envtool#11](https://github.com/acme/envtool/issues/11) **TODO** |\n"
        "| Monitor the data ingesters | prevent | LMP | (Jira Issue No: ETL-38263)**TODO** |\n"
        "| Update playbook for cascading failure | mitigate | jennifer | n/a **DONE** |\n"
        "| Use the balancer between clusters | prevent | martym | Bug 5554823 **TODO** |\n"
    )
    assert _items(body) == [
        ("Make the env tool show the account", "mlafeldt", "https://github.com/acme/envtool/issues/11"),
        ("Monitor the data ingesters", "LMP", "ETL-38263"),
        ("Update playbook for cascading failure", "jennifer", None),
        ("Use the balancer between clusters", "martym", "Bug 5554823"),
    ]


@pytest.mark.parametrize(
    ("text", "clean", "due"),
    [("Split the read and write pools (Q4 2025 - Q1 2026)", "Split the read and write pools", "Q4 2025 - Q1 2026"),
     ("Add the canary stage [by 3/20]", "Add the canary stage", "3/20"),
     ("Run the ceremony again in the coming weeks", "Run the ceremony again in the coming weeks",
      "in the coming weeks"),
     ("We are moving this work to the network team in the next quarter",
      "We are moving this work to the network team in the next quarter", "in the next quarter"),
     ("Upgrade mainnet later this year", "Upgrade mainnet later this year", "later this year"),
     ("Ship it by end of sprint 42", "Ship it", "end of sprint 42"),
     ("Rotate the keys by Jul 16, 2023", "Rotate the keys", "Jul 16, 2023"),
     ("Drain the old nodes before 14.03.2026", "Drain the old nodes", "14.03.2026"),
     ("Cut the release (03/14/2026)", "Cut the release", "03/14/2026"),
     ("Reduce the p99 by 50% (see the dashboard)", "Reduce the p99 by 50% (see the dashboard)", None)],
)  # fmt: skip
def test_deadlines_as_written(text: str, clean: str, due: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.due_text) == (clean, due)


@pytest.mark.parametrize(
    ("text", "clean", "owner", "other"),
    [("[Hypha] Investigate a longer block window", "Investigate a longer block window", "Hypha", {}),
     ("[SRE team] Add the disk alert", "Add the disk alert", "SRE team", {}),
     ("[@dana] Add the disk alert", "Add the disk alert", "dana", {}),
     ("[High] Add the disk alert", "Add the disk alert", None, {"raw_priority": "High"}),
     ("[Prevent] Add the disk alert", "Add the disk alert", None, {"type": "Prevent"}),
     ("[WIP] Add the disk alert", "Add the disk alert", None, {"status": "WIP"}),
     ("(Optional) Add the disk alert", "(Optional) Add the disk alert", None, {}),
     ("[OPS-12] Add the disk alert", "Add the disk alert", None, {"ref": "OPS-12"}),
     ("We improved the CI, thanks to @joe for the patch", "We improved the CI, thanks to @joe for the patch",
      None, {}),
     ("Rotate the keys, reported by @ann, owner @bo", "Rotate the keys, reported by @ann", "bo", {})],
)  # fmt: skip
def test_owner_tags_and_mentions(text: str, clean: str, owner: str | None, other: dict[str, str]) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner) == (clean, owner)
    assert {name: getattr(fields, name) for name in other} == other


def test_owner_written_as_the_subject() -> None:
    body = (
        "- the drand team will patch the issues found and release a new version\n"
        "- ICL to upgrade the relayer before the next upgrade\n"
        "- Hypha: upgrade the sentry nodes\n"
        "- Continue to attempt a fix for the NotReady nodes\n"
        "- The team will review the runbook\n"
    )
    assert [owner for _, owner, _ in _items(body)] == ["the drand team", "ICL", "Hypha", None, None]


def test_tickets_in_tables_by_any_column_name() -> None:
    body = (
        "| Action | Owner | Issue/PR | Status |\n| --- | --- | --- | --- |\n"
        "| Add the disk alert | @kim | [#41](https://github.com/acme/ops/issues/41) | Open |\n"
        "\n## Follow-ups\n\n"
        "| Action | Owner | Status |\n| --- | --- | --- |\n"
        "| Pin the base image | SRE | Done in [#7](https://github.com/acme/img/pull/7) |\n"
        "| Write the runbook | SRE | Open, see OPS-12 |\n"
    )
    assert _items(body) == [
        ("Add the disk alert", "kim", "https://github.com/acme/ops/issues/41"),
        ("Pin the base image", "SRE", "https://github.com/acme/img/pull/7"),
        ("Write the runbook", "SRE", "OPS-12"),
    ]


def test_a_paragraph_of_details_names_the_ticket() -> None:
    body = (
        "1. Alert on the autoscaler's context before it runs.\n\n"
        "   This is noted in the [pull request](https://github.com/acme/scaler/pull/117) for it.\n\n"
        "2. Add retries to the deploy job.\n"
    )
    assert [ref for _, _, ref in _items(body)] == ["https://github.com/acme/scaler/pull/117", None]


def test_a_deadline_in_brackets_inside_a_sentence_stays_in_it() -> None:
    fields = extract_fields("As a longer-term fix (Q3 2026), we'll move the consumers to their own cluster")
    assert (fields.text, fields.due_text) == (
        "As a longer-term fix (Q3 2026), we'll move the consumers to their own cluster", "Q3 2026"
    )


@pytest.mark.parametrize(
    ("text", "clean", "done", "priority"),
    [("✅ Add the disk alert", "Add the disk alert", True, None),
     ("Add backups ✔️", "Add backups", True, None),
     (":white_check_mark: Move the cron job", "Move the cron job", True, None),
     ("🔧 Rotate the keys", "Rotate the keys", False, None),
     ("Create a runbook :rocket: for failover", "Create a runbook for failover", False, None),
     ("Meet at 12:30:00 to plan", "Meet at 12:30:00 to plan", False, None),
     ("Document the failover - P2", "Document the failover", False, "P2"),
     ("Upgrade to Python 3", "Upgrade to Python 3", False, None)],
)  # fmt: skip
def test_emoji_and_trailing_marks(text: str, clean: str, done: bool, priority: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.done, fields.raw_priority) == (clean, done, priority)


def test_markup_from_site_generators_leaves_clean_text() -> None:
    body = (
        '<Callout type="info">\n  Tracked in Linear.\n</Callout>\n\n'
        "- Add the disk alert[^1]\n"
        "- Rotate the keys&#x20;\n"
        '- {% include note.html %} Add retries {{< ref "runbook.md" >}}\n'
        "- Move the cron job <br/> to the new host\n"
        '- Document the restore <span style="color:red">now</span>&nbsp;\n'
        "- \ufeffFix the \u200bDNS TTL\n\n"
        "| Action | Owner |\n| --- | --- |\n"
        '| Add probes<br/>on every pod | <a href="https://example.com/kim">@kim</a> |\n\n'
        "[^1]: Alert at 80%.\n"
    )
    assert [(text, owner) for text, owner, _ in _items(body)] == [
        ("Add the disk alert", None), ("Rotate the keys", None), ("Add retries", None),
        ("Move the cron job to the new host", None), ("Document the restore now", None),
        ("Fix the DNS TTL", None), ("Add probes on every pod", "kim"),
    ]


def test_a_priority_heading_passes_its_priority_to_the_items_under_it() -> None:
    body = "### High Priority ⚡\n\n- Fix the broken links\n\n### P2\n\n- Standardise the footers\n\n### Monitoring\n\n- Add the alert\n"
    postmortem = read_postmortem(HEAD + body, "pm.md")
    assert [(i.raw_priority, i.priority) for i in postmortem.items] == [("High", "P1"), ("P2", "P2"), (None, None)]


@pytest.mark.parametrize(
    ("text", "clean", "owner", "due", "ref", "priority"),
    [("Add alert (@bob, Jul 16, 2023)", "Add alert", "bob", "Jul 16, 2023", None, None),
     ("Add alert (SRE team; Q3 2026; P1)", "Add alert", "SRE team", "Q3 2026", None, "P1"),
     ("Add alert (@kim, OPS-12)", "Add alert", "kim", None, "OPS-12", None),
     ("Add support (Linux, macOS)", "Add support (Linux, macOS)", None, None, None, None),
     ("Add alert (owner: @bob, see #13)", "Add alert", "bob", None, "#13", None),
     ("Add alert. Owner: SRE, tracked in OPS-4", "Add alert", "SRE", None, "OPS-4", None),
     ("Add alert per PR#123", "Add alert", None, None, "PR#123", None),
     ("Document the rollback (carol, by 12/20)", "Document the rollback", "carol", "12/20", None, None),
     ("Document the rollback [jdoe; P1]", "Document the rollback", "jdoe", None, None, "P1"),
     ("Fix the thing (optional, Q3 2026)", "Fix the thing (optional, Q3 2026)", None, None, None, None),
     ("Fix the thing (done, 2026-01-02)", "Fix the thing", None, "2026-01-02", None, None),
     ("Fix the thing (carol, done)", "Fix the thing", "carol", None, None, None)],
)  # fmt: skip
def test_fields_listed_in_one_bracket(
    text: str, clean: str, owner: str | None, due: str | None, ref: str | None, priority: str | None
) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner, fields.due_text, fields.ref, fields.raw_priority) == (
        clean, owner, due, ref, priority
    )


def test_anchors_in_inline_and_block_html_are_links() -> None:
    body = (
        '- Fix the pool <a href="https://github.com/o/r/issues/12">#12</a>\n'
        '- Add the alert (<a href="https://github.com/o/r/issues/13" target="_blank">tracking issue</a>)\n\n'
        '<ul><li>Rotate the keys <a href="https://github.com/o/r/issues/14">#14</a></li><li>Move the cron</li></ul>\n'
    )
    assert _items(body) == [
        ("Fix the pool", None, "https://github.com/o/r/issues/12"),
        ("Add the alert", None, "https://github.com/o/r/issues/13"),
        ("Rotate the keys", None, "https://github.com/o/r/issues/14"),
        ("Move the cron", None, None),
    ]


@pytest.mark.parametrize(
    ("text", "clean", "priority"),
    [("Remove the manual edit path (High priority)", "Remove the manual edit path", "High"),
     ("(High priority) Remove the manual edit path", "Remove the manual edit path", "High"),
     ("Remove the manual edit path [critical]", "Remove the manual edit path", "critical"),
     ("Rotate the keys - low prio", "Rotate the keys", "low"),
     ("Rotate the keys, priority 2", "Rotate the keys", "priority 2"),
     ("Add a high priority queue for webhooks", "Add a high priority queue for webhooks", None),
     ("Treat the migration as high priority", "Treat the migration as high priority", None),
     ("Investigate why the alert was critical", "Investigate why the alert was critical", None)],
)  # fmt: skip
def test_a_phrase_that_only_names_the_priority_closes_or_opens_the_item(
    text: str, clean: str, priority: str | None
) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.raw_priority) == (clean, priority)


def test_priorities_as_labels_words_and_decorated_cells() -> None:
    body = (
        "**High priority:**\n\n- Fix the broken links\n\n**Low priority**\n\n- Standardise the footers\n\n"
        "### Other\n\n- Critical: rotate the leaked token\n- High availability for the queue\n\n"
        "| Action | Priority | Status |\n| --- | --- | --- |\n| Add the disk alert | 🔴 High | ✅ |\n"
    )
    postmortem = read_postmortem(HEAD + body, "pm.md")
    assert [(i.text, i.raw_priority, i.done) for i in postmortem.items] == [
        ("Fix the broken links", "High", False),
        ("Standardise the footers", "Low", False),
        ("rotate the leaked token", "Critical", False),
        ("High availability for the queue", None, False),
        ("Add the disk alert", "High", True),
    ]


@pytest.mark.parametrize(
    ("text", "clean", "due"),
    [("Add the alert by the end of the month", "Add the alert", "the end of the month"),
     ("Ship the fix by Friday, March 3rd", "Ship the fix", "Friday, March 3rd"),
     ("Move the cron job within the next two weeks", "Move the cron job within the next two weeks",
      "within the next two weeks"),
     ("It took two weeks to find the leak", "It took two weeks to find the leak", None),
     ("Alert on any certificate that expires within 21 days", "Alert on any certificate that expires within 21 days",
      None),
     # a duration closing the item is its deadline, one closing a condition is not
     ("Add a lag alert within 2 weeks", "Add a lag alert within 2 weeks", "within 2 weeks"),
     ("We will move the backups off-site in 3 months.", "We will move the backups off-site in 3 months",
      "in 3 months"),
     ("Rotate keys that were created within 2 days", "Rotate keys that were created within 2 days", None)],
)  # fmt: skip
def test_deadlines_in_a_sentence(text: str, clean: str, due: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.due_text) == (clean, due)


def test_status_notes_in_owner_and_deadline_columns_are_no_owners_or_deadlines() -> None:
    body = (
        "| Action | Owner | Due |\n| --- | --- | --- |\n"
        "| Add alert A | Alice (done) | 2026-03-01 |\n"
        "| Add alert B | @bob — in progress | next week |\n"
        "| Add alert C | Done by Alice | Completed |\n"
        "| Add alert D | In progress | ETA Q3 |\n"
        "| Add alert E | Completed 2026-02-01 | |\n"
        "| Add alert F | Open-source team | by Friday |\n"
    )
    postmortem = read_postmortem(HEAD + body, "pm.md")
    assert [(i.owner, i.due_text, i.done) for i in postmortem.items] == [
        ("Alice", "2026-03-01", True), ("bob", "next week", False), ("Alice", None, True),
        (None, "Q3", False), (None, None, True), ("Open-source team", "by Friday", False),
    ]


TABLES = {
    "columns headed in the team's own words hold owner, deadline and ticket": (
        "| Commitment | Driver | Planned for | Tracked in |\n|---|---|---|---|\n"
        "| Add a lag alert | Priya | 16.07.2026 | OPS-12 |\n"
        "| Rotate the broker keys | k.tanaka | Q3 2026 | https://github.com/o/r/issues/9 |\n",
        [("Add a lag alert", "Priya", "16.07.2026", "OPS-12", False),
         ("Rotate the broker keys", "k.tanaka", "Q3 2026", "https://github.com/o/r/issues/9", False)],
    ),
    "a column of mentions and team names with dates in another form": (
        "| What we will do | Person | Complete by |\n|---|---|---|\n"
        "| Document the failover | @dmitri | Jul 16, 2026 |\n| Add a canary stage | SRE team | end of next week |\n",
        [("Document the failover", "dmitri", "Jul 16, 2026", None, False),
         ("Add a canary stage", "SRE team", "end of next week", None, False)],
    ),
    "a column of status words says which items are done": (
        "| Action | Owner | Progress |\n|---|---|---|\n| Add a lag alert | kim | Done |\n"
        "| Rotate the keys | ana | Open |\n",
        [("Add a lag alert", "kim", None, None, True), ("Rotate the keys", "ana", None, None, False)],
    ),
    "code names and priority words name no owner; cells that disagree name no field": (
        "| Action | Program | Level | Notes |\n|---|---|---|---|\n"
        "| Upgrade the thread program | `thread-program` | High | Kim |\n"
        "| Upgrade the fiber program | `fiber-program` | Low | needs a window first |\n",
        [("Upgrade the thread program", None, None, None, False),
         ("Upgrade the fiber program", None, None, None, False)],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("table", "expected"), list(TABLES.values()), ids=list(TABLES))
def test_a_column_without_a_known_header_is_read_by_what_its_cells_hold(table: str, expected: list) -> None:
    items = read_postmortem(HEAD + table, "pm.md").items
    assert [(i.text, i.owner, i.due_text, i.ref, i.done) for i in items] == expected


@pytest.mark.parametrize(
    ("entry", "text", "owner"),
    [("- [alice] Add a lag alert on the queue", "Add a lag alert on the queue", "alice"),
     ("- [k.tanaka] Rotate the broker keys", "Rotate the broker keys", "k.tanaka"),
     ("- [Bob Smith] Rotate the broker keys", "Rotate the broker keys", "Bob Smith"),
     ("- [optional] Rotate the broker keys", "[optional] Rotate the broker keys", None),
     ("- Add a lag alert on the queue (Alice)", "Add a lag alert on the queue", "Alice"),
     ("- Add a lag alert on the queue (SRE team).", "Add a lag alert on the queue", "SRE team"),
     ("- Add a lag alert on the queue (Bob Smith)", "Add a lag alert on the queue", "Bob Smith"),
     ("- Move the cache to the managed service (AWS)", "Move the cache to the managed service (AWS)", None),
     ("- Add a lag alert on the queue (optional)", "Add a lag alert on the queue (optional)", None),
     ("- Add a lag alert on the queue (done)", "Add a lag alert on the queue", None),
     ("- alice to add a lag alert on the queue", "alice to add a lag alert on the queue", "alice"),
     ("- k.tanaka to rotate the broker keys", "k.tanaka to rotate the broker keys", "k.tanaka"),
     ("- SRE team to rotate the broker keys", "SRE team to rotate the broker keys", "SRE team"),
     ("- need to rotate the broker keys", "need to rotate the broker keys", None),
     ("- switch to use the managed broker", "switch to use the managed broker", None)],
)  # fmt: skip
def test_owners_written_as_a_tag_a_closing_bracket_or_a_handle_before_to(entry: str, text: str, owner: str | None) -> None:
    items = read_postmortem(HEAD + entry + "\n", "pm.md").items
    assert [(i.text, i.owner) for i in items] == [(text, owner)]


@pytest.mark.parametrize(
    ("text", "due"),
    [("Keep bumping the base image until we hit a long-term release, by 2026-03-16", "2026-03-16"),
     ("Remove the single point of failure by adding brains - ETA 16.07.2026", "16.07.2026"),
     ("Spread the load before the holidays, due Jul 16, 2026", "Jul 16, 2026"),
     ("Move the cache by region until it holds by 7/16", "7/16"),
     ("Improve the pool by adding timeouts", None)],
)  # fmt: skip
def test_a_deadline_after_other_uses_of_its_words_is_still_found(text: str, due: str | None) -> None:
    assert extract_fields(text).due_text == due


@pytest.mark.parametrize(
    ("entry", "text", "owner", "status", "done"),
    [("- Add a lag alert on the queue (done)", "Add a lag alert on the queue", None, "done", True),
     ("- Add a lag alert on the queue (Completed).", "Add a lag alert on the queue", None, "Completed", True),
     ("- Add a lag alert on the queue (in progress)", "Add a lag alert on the queue", None, "in progress", False),
     ("- Add a lag alert on the queue (alice, done)", "Add a lag alert on the queue", "alice", "done", True),
     ("- Add a lag alert on the queue (Bob Smith, fixed)", "Add a lag alert on the queue", "Bob Smith", "fixed", True),
     ("- Add a lag alert (done by the vendor) on the queue", "Add a lag alert (done by the vendor) on the queue",
      None, None, False),
     ("- Add a lag alert on the queue (optional)", "Add a lag alert on the queue (optional)", None, None, False)],
)  # fmt: skip
def test_a_state_closing_the_item_in_brackets_is_its_status(
    entry: str, text: str, owner: str | None, status: str | None, done: bool
) -> None:
    [item] = read_postmortem(HEAD + entry + "\n", "pm.md").items
    assert (item.text, item.owner, item.status, item.done) == (text, owner, status, done)


@pytest.mark.parametrize(
    ("status", "done"),
    [("Done", True), ("✅", True), ("✅ Done (this workload)", True), ("Completed 2024-05-01", True),
     ("Done - see #12", True), ("Not done", False), ("Partially done", False), ("Done?", False),
     ("Yes, next sprint", False), ("In progress", False), (None, False)],
)  # fmt: skip
def test_a_status_that_opens_with_done_says_it_is_done(status: str | None, done: bool) -> None:
    assert status_done(status) is done


def test_a_status_column_in_any_language_is_told_by_its_marks() -> None:
    body = (
        "| Hành động | Phụ trách | Trạng thái |\n|---|---|---|\n"
        "| Thêm cảnh báo độ trễ | Backend | ✅ Đã xong (workload này) |\n"
        "| Ghi lại runbook | Platform | ⏳ Đang chờ |\n"
    )
    assert [(item.text, item.owner, item.done) for item in _read(body)] == [
        ("Thêm cảnh báo độ trễ", "Backend", True),
        ("Ghi lại runbook", "Platform", False),
    ]


@pytest.mark.parametrize(
    ("text", "clean", "ref"),
    [("Add an alert gitlab.com/g/p/-/issues/12", "Add an alert", "https://gitlab.com/g/p/-/issues/12"),
     ("Rotate the keys, see github.com/o/r/issues/9", "Rotate the keys", "https://github.com/o/r/issues/9"),
     ("Add the canary (www.github.com/o/r/pull/3).", "Add the canary", "https://www.github.com/o/r/pull/3"),
     ("Move the cache. Ticket: acme.atlassian.net/browse/OPS-42", "Move the cache",
      "https://acme.atlassian.net/browse/OPS-42"),
     ("Harden the checks, crbug.com/123456", "Harden the checks", "https://crbug.com/123456"),
     ("Harden the checks, crbug.com/123456.", "Harden the checks", "https://crbug.com/123456")],
)  # fmt: skip
def test_an_issue_address_written_without_its_scheme_is_the_reference_trackers_read(
    text: str, clean: str, ref: str | None
) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.ref) == (clean, ref)


def test_an_issue_address_without_its_scheme_in_a_ticket_column() -> None:
    body = "| Action | Owner | Ticket |\n|---|---|---|\n| Add the probe | Carol | github.com/o/r/issues/10 |\n"
    assert [(item.text, item.ref) for item in _read(body)] == [("Add the probe", "https://github.com/o/r/issues/10")]


@pytest.mark.parametrize(
    ("text", "clean", "due", "resolved"),
    [("Move the cache by End May 2024", "Move the cache", "End May 2024", date(2024, 5, 31)),
     ("Move the cache by end May", "Move the cache", "end May", date(2026, 5, 31)),
     ("Write the runbook by week 12", "Write the runbook", "week 12", date(2026, 3, 20)),
     ("Write the runbook by end of week 12", "Write the runbook", "end of week 12", date(2026, 3, 20)),
     ("Write the runbook (due CW 12 2025)", "Write the runbook", "CW 12 2025", date(2025, 3, 21)),
     ("Write the runbook due in 2 sprints", "Write the runbook", "in 2 sprints", None)],
)  # fmt: skip
def test_deadlines_by_month_end_calendar_week_and_sprints(
    text: str, clean: str, due: str | None, resolved: date | None
) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.due_text) == (clean, due)
    assert resolve_due(fields.due_text, REVIEWED) == resolved


@pytest.mark.parametrize(
    ("text", "clean", "owner"),
    [("Add the disk alert. Owner - Alice", "Add the disk alert", "Alice"),
     ("Add the disk alert Owner – k.tanaka", "Add the disk alert", "k.tanaka"),
     ("Add the disk alert; assignee — Bob Smith", "Add the disk alert", "Bob Smith"),
     ("Add the disk alert — Alice", "Add the disk alert", "Alice"),
     ("Move the cache by May 3, 2026 - Bob Smith", "Move the cache", "Bob Smith"),
     ("Add alerting for [disk](https://x.org/a) – Priya", "Add alerting for [disk](https://x.org/a)", "Priya"),
     ("Add the disk alert - Bob Smith.", "Add the disk alert", "Bob Smith")],
)  # fmt: skip
def test_owners_after_a_dash(text: str, clean: str, owner: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner) == (clean, owner)


# What the forms above must not take: a path without a host, an e-mail's domain, an address that
# names no issue, a week no calendar has; a state, a topic, a priority or a day after a dash.
@pytest.mark.parametrize(
    ("text", "clean", "owner", "due", "ref"),
    [("Fix the limit in config/app.yml/12", "Fix the limit in config/app.yml/12", None, None, None),
     ("Fix the limit in app.yml/12", "Fix the limit in app.yml/12", None, None, None),
     ("Mail ops@example.com/issues/3 about it", "Mail ops@example.com/issues/3 about it", None, None, None),
     ("Update docs.example.org/runbooks/12", "Update docs.example.org/runbooks/12", None, None, None),
     ("Write the runbook by week 60", "Write the runbook by week 60", None, None, None),
     ("Add the disk alert — Done", "Add the disk alert — Done", None, None, None),
     ("Add the disk alert - Monitoring", "Add the disk alert - Monitoring", None, None, None),
     ("Add the disk alert — High", "Add the disk alert", None, None, None),  # its priority
     ("Add the disk alert - Friday", "Add the disk alert - Friday", None, None, None),
     ("Check the owner - who left - was paged", "Check the owner - who left - was paged", None, None, None),
     ("Add the disk alert. Owner: Alice - Bob", "Add the disk alert", "Alice - Bob", None, None)],
)  # fmt: skip
def test_what_names_no_owner_deadline_or_ticket_stays_unread(
    text: str, clean: str, owner: str | None, due: str | None, ref: str | None
) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner, fields.due_text, fields.ref) == (clean, owner, due, ref)


@pytest.mark.parametrize(
    ("text", "owner"),
    [("Fake drills (Will/Aisha)", "Will/Aisha"),
     ("Fake drills (Alice & Bob)", "Alice & Bob"),
     ("Fake drills (Alice and Bob Smith)", "Alice and Bob Smith"),
     ("Fake drills (Alice, SRE team).", "Alice, SRE team")],
)  # fmt: skip
def test_owners_joined_in_a_closing_bracket_are_kept_as_written(text: str, owner: str) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner) == ("Fake drills", owner)


@pytest.mark.parametrize("text", ["Fake drills (AWS/GCP)", "Fake drills (done/Alice)", "Fake drills (P1/Alice)",
                                  "Fake drills (read/write)"])  # fmt: skip
def test_a_closing_bracket_naming_anything_but_people_names_no_owner(text: str) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner) == (text, None)


def test_every_field_label_opens_with_a_letter() -> None:
    # the label pattern tests for a letter before trying its labels: a label opening otherwise would never match
    assert all(label[0].isalpha() and not label[0].isdigit() for label in _LABEL_FIELD)
