"""Where the bench places the annotated items the extractor missed (tests/realworld_misses.py)."""

from __future__ import annotations

import pytest

from tests.realworld_misses import (
    ACTION_PART,
    CHECKBOX,
    HEADING,
    LIST_ENTRY,
    NOT_LOCATED,
    NOTHING_FOUND,
    OTHER_BLOCK,
    OTHER_PART,
    PARAGRAPH,
    SENTENCE,
    TABLE_ROW,
    UNKNOWN,
    miss_places,
)

DOC = """# Outage of the build farm

## Timeline

At 10:00 the build queue stalled and the pager fired for the on-call engineer.

## Root cause

A full disk on the artifact cache stopped every build. Nobody had set a disk alert on it,
so the cache filled for two weeks unnoticed, and the cleanup job had been disabled in March.

## Action items

- Add a disk usage alert for the artifact cache
- Re-enable the artifact cleanup job
- [ ] Document the cache recovery runbook

| Action | Owner |
|---|---|
| Rotate the cache volume to a larger disk | @ana |

### Move the cache to object storage

```
rm -rf /cache/tmp
```
"""
FOUND = [14]  # the line of the one item found: "Add a disk usage alert …"


@pytest.mark.parametrize(
    ("missed", "found", "place"),
    [
        ("Re-enable the artifact cleanup job", FOUND, (ACTION_PART, LIST_ENTRY)),
        ("Document the cache recovery runbook", FOUND, (ACTION_PART, CHECKBOX)),
        ("Rotate the cache volume to a larger disk", FOUND, (ACTION_PART, TABLE_ROW)),
        ("Move the cache to object storage", FOUND, (ACTION_PART, HEADING)),
        # the whole paragraph, or one sentence of a longer one, in a part that gave nothing
        ("The build queue stalled and the pager fired for the on-call engineer", FOUND, (OTHER_PART, PARAGRAPH)),
        ("Set a disk alert on the artifact cache", FOUND, (OTHER_PART, SENTENCE)),
        ("rm -rf /cache/tmp", FOUND, (ACTION_PART, OTHER_BLOCK)),
        ("Re-enable the artifact cleanup job", [], (NOTHING_FOUND, LIST_ENTRY)),
        ("Migrate billing to a new payment provider", FOUND, (UNKNOWN, NOT_LOCATED)),
        ("Migrate billing to a new payment provider", [], (NOTHING_FOUND, NOT_LOCATED)),
    ],
)
def test_a_missed_item_is_placed_by_its_part_and_block(missed: str, found: list[int], place: tuple[str, str]) -> None:
    assert miss_places(DOC, [missed], found) == {place: 1}


def test_a_part_that_gave_a_found_item_counts_as_an_action_part() -> None:
    # "Notes" names no place for commitments, yet an item was found under it
    doc = "# Title\n\n## Notes\n\n- Upgrade the kernel on every worker\n- Pin the base image version\n"
    assert miss_places(doc, ["Pin the base image version"], [5]) == {(ACTION_PART, LIST_ENTRY): 1}
    assert miss_places(doc, ["Pin the base image version"], [1]) == {(OTHER_PART, LIST_ENTRY): 1}


def test_no_missed_items_count_nothing() -> None:
    assert miss_places(DOC, [], FOUND) == {}
