"""A list entry and the entries nested under it: one change with its details, or a label over
the changes. The wording follows real postmortems from outside the real-world corpus (the
organisation is named beside each case)."""

from __future__ import annotations

import pytest

from tests.postmortems import read_postmortem

STORY = "# CI outage\n\n## Summary\n\nCI jobs failed for three days when an upstream mirror lost artifacts.\n\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Rust infrastructure team, 2026: one change, the artifacts it covers nested as details
        ("## Action items\n\n- Moving every artifact our dist jobs download to a mirror we host, to prevent "
         "upstream outages from blocking merges\n  - kernel source archives\n  - busybox and ubuntu root "
         "filesystems\n  - gcc tarballs\n",
         ["Moving every artifact our dist jobs download to a mirror we host, to prevent upstream outages from "
          "blocking merges"]),
        # the same change over children that are changes themselves: they are the items
        ("## Action items\n\n- Reducing the downloads that can block merges, to prevent the next outage\n"
         "  - Switch the armhf job to our own mirror\n  - Pin crosstool-ng to specific kernel versions\n",
         ["Switch the armhf job to our own mirror", "Pin crosstool-ng to specific kernel versions"]),
        # a short label over what it names keeps its children as the items
        ("## Action items\n\n- Monitoring:\n  - Mirror sync failures\n  - Artifact download errors\n",
         ["Mirror sync failures", "Artifact download errors"]),
    ],
)
def test_children_naming_no_change_are_details_of_the_change_above(body: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(STORY + body).items] == expected


# Rust infrastructure team, 2026: the follow-ups in a table, then their status in a short checklist
MEASURES = (
    "## Corrective and preventative measures\n\n| Measure | Owner |\n|---|---|\n"
    "| Switch armhf-gnu to download the kernel archive from our own mirror | @infra |\n"
    "| Switch the dist-* crosstool-ng configuration to use kernel archives from our own mirror | @infra |\n"
    "| Establish an infra team policy for job additions that depend on external sources | @infra |\n\n"
)


def test_a_later_checklist_restating_the_items_one_for_one_is_their_status_not_new_items() -> None:
    body = MEASURES + "## Action items status\n\n- [x] armhf-gnu kernel archive mirror\n" \
        "- [ ] crosstool-ng kernel archives from the mirror\n- [ ] external sources policy for jobs\n"
    assert [item.text for item in read_postmortem(STORY + body).items] == [
        "Switch armhf-gnu to download the kernel archive from our own mirror",
        "Switch the dist-* crosstool-ng configuration to use kernel archives from our own mirror",
        "Establish an infra team policy for job additions that depend on external sources",
    ]


def test_a_later_list_of_other_work_stays_beside_the_items() -> None:
    body = MEASURES + "## Further action items\n\n- Add an alert on mirror sync failures\n" \
        "- Cache busybox root filesystems in CI\n- Review every job's downloads each quarter\n"
    assert [item.text for item in read_postmortem(STORY + body).items][3:] == [
        "Add an alert on mirror sync failures",
        "Cache busybox root filesystems in CI",
        "Review every job's downloads each quarter",
    ]
