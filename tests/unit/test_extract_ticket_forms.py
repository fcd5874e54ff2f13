"""Ticket references in the forms trackers give them, and where teams put them beside an item.

Each case is a short line written for this test in a form public teams use; the comment says
which tracker or which layout. What is not a ticket is tested beside what is.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.fields import extract_fields
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

HEAD = "# Outage\n\n## Summary\n\nThe API was down.\n\n## Action items\n\n"


@pytest.mark.parametrize(
    ("text", "clean", "ref"),
    [
        # GitLab names an issue or merge request of a project in a sub-group by its full path
        # (GitLab's corrective-action template: "Originating issue(s): gitlab-com/gl-infra/production#…")
        ("Add a disk alert (gitlab-com/gl-infra/production#4321)", "Add a disk alert", "gitlab-com/gl-infra/production#4321"),
        ("Pin the runner image: acme/platform/ci-images!88", "Pin the runner image", "acme/platform/ci-images!88"),
        # service desks number their records with the kind's letters and zeros (ServiceNow INC/PRB/CHG)
        ("Add retries to the job runner (INC0012345)", "Add retries to the job runner", "INC0012345"),
        ("Monitor replication lag, tracked in PRB0040123", "Monitor replication lag", "PRB0040123"),
        # a tracker's word before a number
        ("Add a health check to the balancer (issue 4321)", "Add a health check to the balancer", "issue 4321"),
        ("Shorten the DNS TTL — ticket 8812", "Shorten the DNS TTL", "ticket 8812"),
        # single-item pages of trackers told by their address
        ("Fix the cache headers, see https://reviews.llvm.org/D12345", "Fix the cache headers",
         "https://reviews.llvm.org/D12345"),  # Phabricator revision at the host's root
        ("Add a canary stage https://review.example.org/#/c/123456/", "Add a canary stage",
         "https://review.example.org/#/c/123456/"),  # Gerrit's older change address
        ("Fix the crash loop https://bugzil.la/1234567", "Fix the crash loop", "https://bugzil.la/1234567"),
        ("Make the deploy idempotent https://bugs.python.org/issue12345", "Make the deploy idempotent",
         "https://bugs.python.org/issue12345"),  # Roundup
        ("Move to the new queue https://app.asana.com/0/1200000/1200001/f", "Move to the new queue",
         "https://app.asana.com/0/1200000/1200001/f"),
        ("Audit access https://app.clickup.com/t/86abc1xyz", "Audit access", "https://app.clickup.com/t/86abc1xyz"),
        # what is no ticket: standards, versions, hashes, a number after "issue" too small to be one
        ("Follow RFC 1234 and ISO 8601 for timestamps", "Follow RFC 1234 and ISO 8601 for timestamps", None),
        ("Patch CVE-2021-44228 and move to SHA-256 and UTF-8", "Patch CVE-2021-44228 and move to SHA-256 and UTF-8", None),
        ("Upgrade to v1.20.3 before the 2024-05-01 freeze", "Upgrade to v1.20.3 before the 2024-05-01 freeze", None),
        ("Fix issue 2 of the checklist", "Fix issue 2 of the checklist", None),
        ("Replace the ABC12345 serial disks", "Replace the ABC12345 serial disks", None),
    ],
)  # fmt: skip
def test_the_items_ticket(text: str, clean: str, ref: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.ref) == (clean, ref)


def _items(body: str) -> list[tuple[str, str | None]]:
    return [(item.text, item.ref) for item in read_postmortem(HEAD + body).items]


@pytest.mark.parametrize("header", ["Task", "Change", "Follow-up", "Work item", "#"])
def test_a_column_of_tickets_under_a_header_that_names_the_action_or_the_row(header: str) -> None:
    # "| Action | Owner | Task |": the second column named for the work holds its tickets
    first, second = ("Action", header) if header != "#" else (header, "Action")
    rows = [("Add a disk usage alert", "[#21](https://github.com/acme/app/issues/21)"),
            ("Rotate the deploy keys", "[#22](https://github.com/acme/app/issues/22)")]
    cells = [(text, ref) if header != "#" else (ref, text) for text, ref in rows]
    table = f"| {first} | Owner | {second} |\n|---|---|---|\n" + "".join(f"| {a} | ana | {b} |\n" for a, b in cells)
    assert _items(table) == [("Add a disk usage alert", "https://github.com/acme/app/issues/21"),
                             ("Rotate the deploy keys", "https://github.com/acme/app/issues/22")]


def test_linked_actions_in_the_first_of_two_action_columns_stay_the_actions() -> None:
    table = ("| Task | Details |\n|---|---|\n"
             "| [Add a disk usage alert](https://github.com/acme/app/issues/1) | Alert at 80 percent on every node |\n"
             "| [Rotate the deploy keys](https://github.com/acme/app/issues/2) | Every key older than a year |\n")
    assert _items(table) == [("Add a disk usage alert", "https://github.com/acme/app/issues/1"),
                             ("Rotate the deploy keys", "https://github.com/acme/app/issues/2")]


def test_a_link_whose_words_name_the_ticket_and_whose_address_does_not() -> None:
    # a link cut short ("…/issues/") or to a board: the words written are the ticket
    body = ("* [acme/app#27258](https://github.com/acme/app/issues/) - Have a better release process.\n"
            "* [OPS-12](https://acme.atlassian.net/jira/your-work) - Rotate the deploy keys.\n"
            "* [#13](https://github.com/acme/app/issues/13) - Add a disk usage alert.\n")
    assert _items(body) == [("Have a better release process", "acme/app#27258"),
                            ("Rotate the deploy keys", "OPS-12"),
                            ("Add a disk usage alert", "https://github.com/acme/app/issues/13")]


TICKET_GROWTH: dict[str, Callable[[int], str]] = {
    "a path that never reaches '#'": lambda size: "a/" * (size // 2),
    "letters and zeros": lambda size: "AB0" * (size // 3),
    "tracker words": lambda size: "issue ticket " * (size // 13),
}


@pytest.mark.parametrize("build", list(TICKET_GROWTH.values()), ids=list(TICKET_GROWTH))
def test_reading_tickets_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: extract_fields(text), build)
