"""Shapes real postmortems give their action items and their narrative: each case is a short
document in the shape of a real one (status posts, incident logs, retrospectives) and the item
texts pmsync must find in it, nothing else."""

from __future__ import annotations

import pytest

from syncer.parse import parse_document

STORY = "# Cache outage\n\n## Summary\n\nThe cache cluster lost its quorum.\n\n## Timeline\n\n- 10:02 alert fired\n\n"

CASES = {
    "a sentence introducing the list names no narrative part by its words": (
        STORY + "## Next steps\n\nWe are sorry for the trouble this caused. We are taking steps so it does not happen again:\n\n"
        "1. We are working with the vendor on a quorum fix.\n2. We are going to alert on lost quorum.\n",
        ["We are working with the vendor on a quorum fix", "We are going to alert on lost quorum"],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_items_in_the_shapes_real_postmortems_take(text: str, expected: list[str]) -> None:
    document = parse_document(text, "pm/x.md")
    assert document.postmortem is not None
    assert [item.text for item in document.postmortem.items] == expected
