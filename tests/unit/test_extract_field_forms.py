"""Owners, deadlines and ticket references as public teams write them beyond the corpus.

Each case is a short, reworded line in a form seen in public repositories; the comment names
where the form is used. Tickets: what counts as the item's reference and what is only part of
its story. Deadlines: the words teams put around a date, and the words that are no date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from syncer.duedates import is_deadline, resolve_due
from syncer.field_names import clean_value, column_role
from syncer.fields import extract_fields, one_line
from syncer.refs import find_ref, is_commit_or_thread_url, is_issue_url, with_scheme
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

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


# -- cells and label lines as public action-item tables and plans write them ----------------------


def _table(header: str, cell: str) -> str:
    return HEAD + f"| Action | {header} |\n|---|---|\n| Rotate the signing key | {cell} |\n"


@pytest.mark.parametrize(
    ("cell", "owner"),
    [
        # a role with the person in brackets (a sprint planning meeting's "Action Items" table:
        # "| Update Story 0.2 … | Dev (Amelia) | Day 1 start |"; page metadata "Owner: @Mike (CEO)";
        # a work package "**Owner:** Codex (gpt-5.6-sol)"): the bracket is part of the owner
        ("Dev (Amelia)", "Dev (Amelia)"),
        ("@Mike (CEO)", "Mike (CEO)"),
        ("Codex (gpt-5.6-sol)", "Codex (gpt-5.6-sol)"),
        ("Jane Doe (SRE on call)", "Jane Doe (SRE on call)"),
        # several mentions in one cell (a Spanish runbook: "Owner: @PlataformaFinanzas + @OwnerAdmin"),
        # read as mentions joined in an item's text are ("@nova and @hazel": "nova and hazel")
        ("@PlataformaFinanzas + @OwnerAdmin", "PlataformaFinanzas + OwnerAdmin"),
        ("@alice, @bob", "alice, bob"),
        ("@team/devops", "team/devops"),
        ("Alice Smith, @bob", "Alice Smith, @bob"),  # a name written out first: kept as written
        # as written elsewhere, unchanged: a team, roles joined, a handle in code, a bold name,
        # "nobody yet" in brackets or a dash (Google's SRE book table "Core-1 team"; "Finance Lead /
        # Payments Architect"; "`duynhne`"; "**CLAUDE 2**"; "[Unassigned]"; "—")
        ("Core-1 team", "Core-1 team"),
        ("Finance Lead / Payments Architect", "Finance Lead / Payments Architect"),
        ("`duynhne`", "duynhne"),
        ("**CLAUDE 2**", "CLAUDE 2"),
        ("[Unassigned]", None),
        ("—", None),
    ],
)  # fmt: skip
def test_an_owner_cell_as_written(cell: str, owner: str | None) -> None:
    assert [i.owner for i in read_postmortem(_table("Owner", cell)).items] == [owner]


@pytest.mark.parametrize(
    ("cell", "due"),
    [
        # a deadline with its hedge in brackets (a readiness report's "| … | Maintainer / DevOps |
        # On first PR (~1.5h) |"; "Next Review: 2026-01-31 (Quarterly)"): the bracket stays
        ("On first PR (~1.5h)", "On first PR (~1.5h)"),
        ("2026-05-07 (quarterly)", "2026-05-07 (quarterly)"),
        ("Mar 14 (tentative)", "Mar 14 (tentative)"),
        # unchanged: a sprint plan's "Week 1 Day 1", "Before Day 2", a quarter, a bare date
        ("Week 1 Day 1", "Week 1 Day 1"),
        ("Before Day 2", "Before Day 2"),
        ("Q1 2026", "Q1 2026"),
        ("June 28", "June 28"),
    ],
)  # fmt: skip
def test_a_deadline_cell_as_written(cell: str, due: str | None) -> None:
    assert [i.due_text for i in read_postmortem(_table("ETA", cell)).items] == [due]


@pytest.mark.parametrize(
    ("cell", "ref", "done"),
    [
        # the Google SRE book's "Bug" column and its copies ("Bug 5554823 **TODO**", "n/a DONE",
        # "(Jira Issue No: AESCIS-38263)**ToDo**"), a tracking column of several ("#5672, fixed
        # here", "#94 / #49"), a key with a doubt ("QUA-741?") and a linked ticket number
        ("Bug 5554823 **TODO**", "Bug 5554823", False),
        ("n/a DONE", None, True),
        ("(Jira Issue No: AESCIS-38263)**ToDo**", "AESCIS-38263", False),
        ("#5672, fixed here", "#5672", False),
        ("#94 / #49", "#94", False),
        ("QUA-741?", "QUA-741", False),
        ("[#123456](https://tickets.example.org/ticket/123456)", "https://tickets.example.org/ticket/123456", False),
    ],
)  # fmt: skip
def test_a_ticket_cell_as_written(cell: str, ref: str | None, done: bool) -> None:
    assert [(i.ref, i.done) for i in read_postmortem(_table("Bug", cell)).items] == [(ref, done)]


@pytest.mark.parametrize(
    ("details", "owner", "priority"),
    [
        # a parallel work package's label lines ("**Owner:** [Unassigned]" over "**File:** …",
        # "**Priority:** HIGH - Blocks production testing" over "**Estimated Time:** 4-6 hours")
        ("**Owner:** [Unassigned]\n**File:** `configs/prompt_1.md`\n**Priority:** HIGH - Blocks production testing\n"
         "**Estimated Time:** 4-6 hours", None, "HIGH - Blocks production testing"),
        # a feature plan's "**Status:** in progress" / "**Owner:** agent + user" / "**Depends on:** …"
        ("**Status:** in progress\n**Owner:** agent + user\n**Depends on:** nothing (standalone feature)",
         "agent + user", None),
        # one line of parts set off by middle dots ("**Status:** open · **Owner:** Codex · **Branch:** …")
        ("**Status:** open · **Owner:** Codex (gpt-5.6-sol) · **Branch:** `wp-39-members-ui`",
         "Codex (gpt-5.6-sol)", None),
        # a Spanish post-mortem's "**Prioridad:** Alta" over "**Accion:** …" and "**Opciones:**"
        ("**Prioridad:** Alta\n**Accion:** Agregar un paso de deploy de las functions", None, "Alta"),
        ("**Prioridad:** Media\n**Opciones:**\n\n1. Usar tokens de debug\n2. Desactivar el chequeo", None, "Media"),
    ],
)  # fmt: skip
def test_a_labelled_line_ends_where_the_next_label_opens(details: str, owner: str | None, priority: str | None) -> None:
    items = read_postmortem(HEAD + f"### Add a deploy step for the functions\n\n{details}\n").items
    assert [(i.owner, i.raw_priority) for i in items] == [(owner, priority)]


@pytest.mark.parametrize(
    "heading",
    [
        # a bracket after a heading that says where in a plan its items stand, or when, not who
        # ("### API Endpoints (To Implement)", "## Bounded path (to implement)", "## Follow-ups
        # (Planned)", "Long-term (Roadmap)", "Short-term (Next Sprint)", "Later (Backlog)")
        "Short-term (To Implement)", "API endpoints (to implement)", "Long-term (Roadmap)",
        "Fixes (Planned)", "Short-term (Next Sprint)", "Later (Backlog)", "Improvements (Phase 2)",
    ],
)
def test_a_heading_bracket_that_names_no_one(heading: str) -> None:
    text = HEAD + f"### {heading}\n\n- Add a disk usage alert\n- Move the cache to its own cluster\n"
    assert [i.owner for i in read_postmortem(text).items] == [None, None]


def test_a_heading_bracket_that_names_a_team_is_its_owner() -> None:
    text = HEAD + "### Short-term (Platform team)\n\n- Add a disk usage alert\n"
    assert [i.owner for i in read_postmortem(text).items] == ["Platform team"]


@pytest.mark.parametrize(
    ("paragraph", "owner"),
    [
        # a client team's follow-up told after what it did ("… team used a plugin system that allows
        # a quick hot fix … They are also going to review …"; an incident response plan: "the
        # cybersecurity team will isolate affected systems … They will attempt to restore …")
        ("Besu team used a plugin to ship a quick hot fix. They are also going to review the use of "
         "third-party libraries in critical paths.", "Besu team"),
        ("The cybersecurity team isolated the affected hosts. They will also add an alert for ICMP floods.",
         "The cybersecurity team"),
    ],
)  # fmt: skip
def test_they_is_the_team_named_just_before(paragraph: str, owner: str) -> None:
    items = read_postmortem(HEAD + paragraph + "\n").items
    assert [i.owner for i in items if i.text.startswith("They")] == [owner]


@pytest.mark.parametrize(
    "paragraph",
    [
        # "they" that is not a team named as the sentence's subject names no one
        "Our users saw errors for an hour. They will get a credit, and we will add a status page.",
        "Besu team's plugin shipped a hot fix. They will also review the libraries in critical paths.",
    ],
)
def test_they_without_a_team_before_names_no_one(paragraph: str) -> None:
    items = read_postmortem(HEAD + paragraph + "\n").items
    assert items and all(i.owner is None for i in items)


def test_a_team_of_three_words_is_the_subject() -> None:
    # "The Online Health Apps team will need to …" (a VA.gov rollback write-up), as "the drand team will …"
    fields = read_postmortem(HEAD + "- The Site Reliability Engineering team will add a canary stage\n").items[0]
    assert fields.owner == "The Site Reliability Engineering team"


FIELD_GROWTH = {
    "nested brackets": lambda size: "(" * (size // 2) + ")" * (size // 2),
    "brackets never closed": lambda size: "(a" * (size // 2),
    "label-like lines": lambda size: "\nA b c d:" * (size // 9),
    "middle dots": lambda size: " · a:" * (size // 5),
}


@pytest.mark.parametrize("build", list(FIELD_GROWTH.values()), ids=list(FIELD_GROWTH))
def test_reading_a_value_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: (clean_value(text), one_line(text), extract_fields(one_line(text))), build)


@pytest.mark.parametrize(
    ("sentence", "ref"),
    [
        # a sentence after a promise that only says where it is tracked (envoy's admin docs: "This
        # work is tracked in [this](…/issues/2763) issue", Flutter's "This work is tracked in
        # https://github.com/flutter/flutter/issues/55598", Cilium's "This work is tracked in
        # :gh-issue:`17694`"): its ticket is the promise's
        ("This work is tracked in https://github.com/acme/app/issues/55598.", "https://github.com/acme/app/issues/55598"),
        ("This is tracked in #19.", "#19"),
        ("This will be tracked in OPS-1411.", "OPS-1411"),
        ("Progress is tracked in #881.", "#881"),
        ("You can follow the progress in #2763.", "#2763"),
        # a sentence that tells more than where the work is tracked keeps its reference
        ("It broke again in #19 last year.", None),
    ],
)  # fmt: skip
def test_a_sentence_that_only_points_at_the_ticket(sentence: str, ref: str | None) -> None:
    items = read_postmortem(HEAD + f"We will add a disk usage alert on every node. {sentence}\n").items
    assert [i.ref for i in items] == [ref]


@pytest.mark.parametrize(
    ("header", "role"),
    # "| Ticket ID | User Story Title | Story Points | Assignee |" (a sprint plan: "API-03"),
    # "| Ticket ID | Subject | Due | …" (an open-work report): the ticket's key, not the row's number
    [("Ticket ID", "ref"), ("Bug ID", "ref"), ("Jira key", "ref"), ("Issue number", "ref"),
     ("Task ID", "item_id"), ("ID", "item_id")],
)  # fmt: skip
def test_a_ticket_id_column_holds_the_ticket(header: str, role: str) -> None:
    assert column_role(header) == role
