"""Owners, deadlines and ticket references as public teams write them beyond the corpus.

Each case is a short, reworded line in a form seen in public repositories; the comment names
where the form is used. Tickets: what counts as the item's reference and what is only part of
its story. Deadlines: the words teams put around a date, and the words that are no date.
"""

from __future__ import annotations

from datetime import date

import pytest

from syncer.duedates import is_deadline, resolve_due
from syncer.field_names import column_role
from syncer.fields import extract_fields
from syncer.refs import find_ref, is_commit_or_thread_url, is_issue_url, with_scheme
from tests.postmortems import read_postmortem

HEAD = "# Outage\n\n## Summary\n\nThe API was down.\n\n## Action items\n\n"


@pytest.mark.parametrize(
    ("text", "clean", "ref"),
    [
        # GitLab renders "…/issues/14+" with the issue's title and "+s" with its summary (GitLab's
        # own planning pages, gitlab-com handbook: "- [ ] https://gitlab.com/…/-/issues/14+s");
        # the address a tracker serves has no suffix
        ("Provision the runner fleet https://gitlab.com/acme/runners/-/issues/14+s",
         "Provision the runner fleet", "https://gitlab.com/acme/runners/-/issues/14"),
        ("Track the rollout https://gitlab.com/acme/infra/-/merge_requests/88+",
         "Track the rollout", "https://gitlab.com/acme/infra/-/merge_requests/88"),
        # GitLab epics and work items (gitlab-org/gitlab docs link "/groups/…/-/work_items/16808")
        ("Plan the capacity work https://gitlab.com/groups/acme/-/epics/12",
         "Plan the capacity work", "https://gitlab.com/groups/acme/-/epics/12"),
        ("Add unit tests for signatures https://git.example.org/acme/app/-/work_items/8",
         "Add unit tests for signatures", "https://git.example.org/acme/app/-/work_items/8"),
        # a GitLab merge request by its short form (GNOME's Mutter notes: "fixed by MR !5151")
        ("Guard the monitor pointer, fixed by MR !5151", "Guard the monitor pointer, fixed by MR !5151", "!5151"),
        ("Guard the monitor pointer (acme/mutter!5151)", "Guard the monitor pointer", "acme/mutter!5151"),
        # a pull request by number without "#" (wolfSSL's release notes: "Fixed in PR 10131.")
        ("Bound the DTLS ACK length. Fixed in PR 10131.", "Bound the DTLS ACK length", "PR 10131"),
        # Azure Boards work items as commits and PRs name them ("Fixes AB#2100", Azure DevOps
        # workflow guides), Red Hat Bugzilla as Fedora changelogs do ("close RHBZ#2126980")
        ("Round the conversion rate to 6 places. Fixes AB#2100", "Round the conversion rate to 6 places. Fixes AB#2100", "AB#2100"),
        ("Drop the runtime pbr dependency (rhbz#1282571)", "Drop the runtime pbr dependency", "rhbz#1282571"),
        # Azure DevOps pull requests (".../_git/{repo}/pullrequest/{id}")
        ("Pin the image digest https://dev.azure.com/acme/web/_git/api/pullrequest/812",
         "Pin the image digest", "https://dev.azure.com/acme/web/_git/api/pullrequest/812"),
        # a commit or PR that carries the item out, where references stand (darthwalsh/FireSocket
        # notes: "- [x] Fixed in https://github.com/…/pull/75", "marked TODOs https://…/commit/ebd0764")
        ("Mark the TODOs https://github.com/acme/fire/commit/ebd076441a57e7c4f6c51917d48c8061c553fa5c",
         "Mark the TODOs", "https://github.com/acme/fire/commit/ebd076441a57e7c4f6c51917d48c8061c553fa5c"),
        ("Drop the Java 8 image (fixed in https://gitlab.com/acme/fire/-/commit/ebd0764)",
         "Drop the Java 8 image", "https://gitlab.com/acme/fire/-/commit/ebd0764"),
        ("Agree the support policy — https://github.com/acme/fire/discussions/36",
         "Agree the support policy", "https://github.com/acme/fire/discussions/36"),
        # … and the same links amid an explanation are its story, not its ticket (immich-app/immich
        # docs: "there is an open discussion about it on GitHub", 2i2c-org/incident-reports: "the
        # init logic performs a fairly complex operation: https://github.com/…/blob/…#L3092")
        ("Revert https://github.com/acme/fire/commit/ebd0764 which broke the build and add a canary",
         "Revert https://github.com/acme/fire/commit/ebd0764 which broke the build and add a canary", None),
        ("Add NSFW filtering as discussed in https://github.com/acme/photos/discussions/2451 with users",
         "Add NSFW filtering as discussed in https://github.com/acme/photos/discussions/2451 with users", None),
        # a reference where references stand wins over one told in the story (2i2c-org/incident-reports:
        # "I reverted the version bump in #2079 which restored carbonplan")
        ("Revert the version bump in #2079 and pin ingress-nginx (tracked in OPS-12)",
         "Revert the version bump in #2079 and pin ingress-nginx", "OPS-12"),
        ("Revert https://github.com/acme/web/pull/5 and add a regression test — https://github.com/acme/web/issues/9",
         "Revert https://github.com/acme/web/pull/5 and add a regression test", "https://github.com/acme/web/issues/9"),
        # a plain issue stays the ticket wherever it stands (2i2c-org/incident-reports: "hold an
        # internal retrospective about the incident … https://github.com/2i2c-org/meta/issues/2194")
        ("Hold an internal retrospective https://github.com/acme/meta/issues/2194",
         "Hold an internal retrospective", "https://github.com/acme/meta/issues/2194"),
        # no reference: an exclamation beside a number, "PR" as a word, "pull request" without one
        ("Raise the limit to 100! 5 hosts were starved", "Raise the limit to 100! 5 hosts were starved", None),
        ("Require a PR review for infra changes", "Require a PR review for infra changes", None),
    ],
)  # fmt: skip
def test_the_items_reference(text: str, clean: str, ref: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.ref) == (clean, ref)


@pytest.mark.parametrize(
    ("written", "address"),
    [("https://gitlab.com/acme/app/-/issues/428295+s", "https://gitlab.com/acme/app/-/issues/428295"),
     ("gitlab.com/acme/app/-/issues/7+", "https://gitlab.com/acme/app/-/issues/7"),
     ("github.com/acme/fire/commit/ebd0764", "https://github.com/acme/fire/commit/ebd0764"),
     ("https://github.com/acme/app/issues/7", "https://github.com/acme/app/issues/7"),
     ("PR 12", "PR 12")],
)  # fmt: skip
def test_a_reference_as_trackers_read_it(written: str, address: str) -> None:
    assert with_scheme(written) == address


def test_commits_and_discussions_are_not_issue_pages() -> None:
    # a table column of commit links still holds the tickets (see below), but a commit is no issue
    assert not is_issue_url("https://github.com/acme/fire/commit/ebd0764")
    assert is_commit_or_thread_url("https://github.com/acme/fire/commit/ebd0764")
    assert is_commit_or_thread_url("https://github.com/acme/fire/discussions/36")
    assert is_issue_url("https://github.com/acme/fire/issues/36")
    assert not is_commit_or_thread_url("https://github.com/acme/fire/issues/36")
    assert find_ref("see https://github.com/acme/fire/releases/tag/v1.2") is None


def test_a_column_of_gitlab_links_holds_the_addresses_trackers_serve() -> None:
    # a ticket column linking GitLab's rendered "+s" form, as a Markdown link and as a bare address
    text = HEAD + (
        "| Action | Owner | Ticket |\n|---|---|---|\n"
        "| Add a probe | ana | [#14](https://gitlab.com/acme/app/-/issues/14+s) |\n"
        "| Move the cache | ben | https://gitlab.com/acme/app/-/issues/15+ |\n"
    )
    assert [i.ref for i in read_postmortem(text).items] == [
        "https://gitlab.com/acme/app/-/issues/14",
        "https://gitlab.com/acme/app/-/issues/15",
    ]


@pytest.mark.parametrize("header", ["Commit", "Fixed in", "Landed"])
def test_a_column_of_commit_links_holds_the_references(header: str) -> None:
    # tables that name the change that carried each item out, by its header or by its cells
    text = HEAD + (
        f"| Action | Owner | {header} |\n|---|---|---|\n"
        "| Purge the stale flag cache | ana | [9f2c1ab](https://github.com/acme/app/commit/9f2c1ab) |\n"
        "| Cap the task memory | ben | [ebd0764](https://github.com/acme/app/commit/ebd0764) |\n"
    )
    items = read_postmortem(text).items
    assert [(i.owner, i.ref) for i in items] == [
        ("ana", "https://github.com/acme/app/commit/9f2c1ab"),
        ("ben", "https://github.com/acme/app/commit/ebd0764"),
    ]


def test_a_commit_link_worded_as_the_story_is_not_the_ticket() -> None:
    text = HEAD + (
        "- Revert [the config change](https://github.com/acme/app/commit/9f2c1ab) and add a canary stage\n"
        "- Add a canary stage for config changes ([this commit](https://github.com/acme/app/commit/ebd0764))\n"
    )
    assert [i.ref for i in read_postmortem(text).items] == [None, "https://github.com/acme/app/commit/ebd0764"]


REVIEWED = date(2026, 3, 4)  # the review date relative deadlines count from


@pytest.mark.parametrize(
    ("written", "deadline"),
    [
        # "Week of 2023-09-25" over a week's goals (gitlab-com handbook, the Dedicated runners plan);
        # "Week of Jul 21" in a "Target date" column of a planning table: that week's Friday
        ("Week of 2023-09-25", date(2023, 9, 29)),
        ("Week of Jul 21", date(2026, 7, 24)),
        # "Mid-March", "End of February", "This week" in a "Target Date" column (a readiness plan);
        # "Late March", "Early April" as a schedule's estimates
        ("Mid-March", date(2026, 3, 15)),
        ("Late March", date(2026, 3, 31)),
        ("Early April", date(2026, 4, 30)),
        # quarters and halves as planning tables write them: "Early Q3" beside an owning guild
        # (a roadmap's status table), fiscal quarters "Q3 FY24", half-years "H2'24" / "2H 2024"
        ("Early Q3", date(2026, 7, 31)),
        ("mid-Q3", date(2026, 8, 15)),
        ("Q3 FY24", date(2024, 9, 30)),
        ("Q3 CY23", date(2023, 9, 30)),  # a vendor's roadmap: "support … is planned for Q3 CY23"
        ("FY27 Q1", date(2027, 3, 31)),
        ("Q3'26", date(2026, 9, 30)),
        ("H2'24", date(2024, 12, 31)),
        ("2H 2024", date(2024, 12, 31)),
        ("second half of the year", date(2026, 12, 31)),
        ("W12", date(2026, 3, 20)),
        # "DUE: End of day", "Due: End of quarter" (meeting notes' ACTION | OWNER | DUE lines)
        ("End of day", REVIEWED),
        ("EOD Friday", date(2026, 3, 6)),
        # a date with the hedges teams put around it
        ("the 15th of March", date(2026, 3, 15)),
        ("~Sept. 30", date(2026, 9, 30)),
        ("March 15 (tentative)", date(2026, 3, 15)),
        ("2026-05-01 (estimated)", date(2026, 5, 1)),
    ],
)  # fmt: skip
def test_deadlines_with_words_around_them(written: str, deadline: date) -> None:
    assert resolve_due(written, REVIEWED) == deadline
    assert is_deadline(written, worded=True)


@pytest.mark.parametrize(
    "written",
    [
        # words that are no date: "TBD", "Ongoing", "Starts next sprint (date not stated)",
        # "Before solutioning meeting" (action tables and meeting notes' DUE columns)
        "TBD", "Ongoing", "Starts next sprint (date not stated)", "Before solutioning meeting",
        # a date amid words that tell something else, or naming an event
        "Change board, Tue Sep 29 review", "the 2023-02-01 production outage", "the March release",
        # "2h24" is two hours 24 minutes in a French maintenance table; "14:02 UTC" a timeline's time
        "2h24", "1h12", "March 3, 14:02 UTC", "3 replicas by March 4", "v1.5",
        # two deadlines one after the other, as an item amended in place writes them
        "2026-12-18 by 2026-06-19",
    ],
)  # fmt: skip
def test_words_that_are_no_deadline(written: str) -> None:
    assert not is_deadline(written, worded=True)


@pytest.mark.parametrize(
    ("text", "clean", "due"),
    [("Rotate the keys by the 15th of March", "Rotate the keys", "the 15th of March"),
     ("Rotate the keys (@kim, week of Jul 21)", "Rotate the keys", "week of Jul 21"),
     ("Plan the capacity work - target early Q3", "Plan the capacity work", "early Q3"),
     ("Move the archive to cold storage by H2'26", "Move the archive to cold storage", "H2'26"),
     # a date in the story stays in it
     ("Ship the fix before the March release", "Ship the fix before the March release", None),
     ("Find the cause: it was discovered before the 2023-02-01 production outage",
      "Find the cause: it was discovered before the 2023-02-01 production outage", None)],
)  # fmt: skip
def test_the_items_deadline(text: str, clean: str, due: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.due_text) == (clean, due)


def test_a_column_of_worded_dates_holds_the_deadlines() -> None:
    # a roadmap's "Milestone" column (MWUK/Fly-Hard's README: "| Add in a second airport. | … |
    # Mid-March |"), its header naming no field
    text = HEAD + (
        "| Action | Owner | Milestone |\n|---|---|---|\n"
        "| Add a second airport | ana | Mid-March |\n"
        "| Make the game multiplayer | ben | Week of Jul 21 |\n"
        "| Transfer control between pilots | cy | Early Q3 |\n"
    )
    assert [(i.owner, i.due_text) for i in read_postmortem(text).items] == [
        ("ana", "Mid-March"), ("ben", "Week of Jul 21"), ("cy", "Early Q3"),
    ]


@pytest.mark.parametrize(
    ("header", "role"),
    [("GitHub Issue #", "ref"), ("When?", "due"), ("Ticket #", "ref"), ("#", "item_id")],
)
def test_column_headers_as_written(header: str, role: str) -> None:
    assert column_role(header) == role


@pytest.mark.parametrize(
    ("text", "clean", "owner"),
    [
        # a mention labelled or alone in a bracket (a Spanish XP guide's retro list: "Asignar code
        # reviewer en PR creation (owner: @dev1)"; an agent task board: "- [ ] @kai: Building …")
        ("Assign a code reviewer at PR creation (owner: @dev1)", "Assign a code reviewer at PR creation", "dev1"),
        ("@kai: Build the autonomy skill", "Build the autonomy skill", "kai"),
        # several owners joined by a slash ("OWNER: Lindsey/Robert" in meeting notes' action lines)
        ("Discuss the roadmap. OWNER: Lindsey/Robert", "Discuss the roadmap", "Lindsey/Robert"),
        ("Discuss the roadmap (@lindsey / @robert)", "Discuss the roadmap", "lindsey / robert"),
        ("Discuss the roadmap (owned by @lindsey)", "Discuss the roadmap", "lindsey"),
        # a GitHub team as mentioned ("@org/team")
        ("Page the database owners first (@acme/dba)", "Page the database owners first", "acme/dba"),
        # owners as e-mail addresses ("Owner: John.Qi@kupotech.com" heading source files; "Meeting
        # Owner: john.doe@company.com" in a CRM hand-off flow), alone or beside a deadline
        ("Rotate the signing key (jane.doe@acme.io)", "Rotate the signing key", "jane.doe@acme.io"),
        ("Rotate the signing key (jane.doe@acme.io, 2026-05-01)", "Rotate the signing key", "jane.doe@acme.io"),
        # a team in square brackets closing the item, as in the round ones
        ("Review the DaemonSet design [Platform team]", "Review the DaemonSet design", "Platform team"),
        # a labelled owner followed by fields written without a label ("Owner: @bob, due 2024-06-01",
        # "owner: alice; P1"): each field is its own, the owner keeps only the name
        ("Add replica lag alerting. Owner: @bob, due 2024-06-01.", "Add replica lag alerting", "bob"),
        ("Rotate the certs - owner: alice; due 2024-06-01", "Rotate the certs", "alice"),
        ("Rotate the certs (owner: alice, P1, OPS-12)", "Rotate the certs", "alice"),
        ("Rotate the certs. Owner: Alice, Bob", "Rotate the certs", "Alice, Bob"),
        # no owner: checklists naming npm scoped packages and Swift attributes ("- [ ]
        # @remotion/captions integration", "- [ ] @MainActor/@Observable patterns applied")
        ("@remotion/captions integration", "@remotion/captions integration", None),
        ("Contact support@acme.io for access to the console", "Contact support@acme.io for access to the console", None),
        ("Review the design [AWS]", "Review the design [AWS]", None),
    ],
)  # fmt: skip
def test_the_items_owner(text: str, clean: str, owner: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner) == (clean, owner)


def test_fields_after_a_labelled_owner_are_their_own() -> None:
    fields = extract_fields("Rotate the certs (owner: alice, P1, OPS-12, due 2024-06-01)")
    assert (fields.owner, fields.raw_priority, fields.ref, fields.due_text) == ("alice", "P1", "OPS-12", "2024-06-01")
