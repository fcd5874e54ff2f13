"""Owners written in words and columns headed by who did or drives the work ("Owned by",
"Driven by"), and words beside an item that only look like an owner.

Each case is a short line written for this test in a form public teams use.
"""

from __future__ import annotations

import pytest

from tests.postmortems import read_postmortem

HEAD = "# Queue outage\n\n## Summary\n\nThe queue filled up and orders stalled for an hour.\n\n## Action items\n\n"


@pytest.mark.parametrize(
    ("header", "cells", "owner", "due"),
    [("Owned by", ("Gina", "Hank"), ("Gina", "Hank"), (None, None)),
     ("Driven by", ("Gina", "Hank"), ("Gina", "Hank"), (None, None)),
     ("Completed by", ("2024-05-01", "2024-06-01"), (None, None), ("2024-05-01", "2024-06-01"))],
)  # fmt: skip
def test_a_column_headed_by_a_participle_and_by_holds_who_or_when_as_its_cells_say(
        header: str, cells: tuple[str, str], owner: tuple, due: tuple) -> None:
    table = (f"| Action | {header} |\n|---|---|\n| Add retries to the client | {cells[0]} |\n"
             f"| Add quotas to the queue | {cells[1]} |\n")
    items = read_postmortem(HEAD + table).items
    assert [(i.owner, i.due_text) for i in items] == list(zip(owner, due, strict=True))
