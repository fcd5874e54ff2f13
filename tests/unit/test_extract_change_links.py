"""A part that only links the changes merged for the incident is their record, not follow-up work."""
from __future__ import annotations

import pytest

from syncer.blocks import Raw
from syncer.change_links import without_change_records
from syncer.fields import Fields
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

STORY = "# Outage of the upload service\n\n## Summary\n\nUploads failed for an hour.\n\n## Root cause\n\nA full disk.\n\n"
PR = "https://github.com/acme/uploads/pull/"
PLAN = "## Action items\n\n### Prevention\n\n- [acme/uploads#1126](https://github.com/acme/uploads/issues/1126) - Alert on disk usage\n\n"
ALERT = "Alert on disk usage"


def _texts(body: str) -> list[str]:
    return [item.text for item in read_postmortem(STORY + body).items]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # pull requests, merge requests and commits, linked by name or bare: the fix, already made
        (f"{PLAN}### Fixes\n\n- [acme/uploads#1127]({PR}1127)\n- [acme/uploads#1128]({PR}1128)\n", [ALERT]),
        (f"{PLAN}### Fixes\n\n- https://gitlab.com/acme/uploads/-/merge_requests/31\n"
         "- https://github.com/acme/uploads/commit/9fceb02d0ae598e95dc970b74767f19372d61af8\n", [ALERT]),
        # an entry with words, a link to an issue, an unticked box or a lone link: work to track
        (f"{PLAN}### Fixes\n\n- [acme/uploads#1127]({PR}1127)\n- Move the spool ({PR}1128)\n",
         [ALERT, f"{PR}1127", "Move the spool"]),
        (f"{PLAN}### Fixes\n\n- [acme/uploads#1127]({PR}1127)\n- https://github.com/acme/uploads/issues/1130\n",
         [ALERT, f"{PR}1127", "https://github.com/acme/uploads/issues/1130"]),
        (f"## Action items\n\n- [ ] {PR}1127\n- [ ] {PR}1128\n", [f"{PR}1127", f"{PR}1128"]),
        (f"## Action items\n\n- {PR}1127\n", [f"{PR}1127"]),
    ],
)  # fmt: skip
def test_a_list_of_merged_changes_is_no_follow_up(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


def test_reading_a_long_link_is_linear() -> None:
    def work(link: str) -> object:
        entry = Raw(Fields(text=link, ref=link), 1, None, "list", "Fixes")
        return without_change_records([entry] * 3)

    assert_linear(work, lambda size: "https://example.com" + "/a" * (size // 2) + "/issue/1")
