"""Action items written the many ways real postmortems write them: each case is a short
document shaped like a real one and the item texts pmsync must find in it (and nothing else)."""

from __future__ import annotations

import pytest

from syncer.parse import parse_document

STORY = "# Queue outage\n\n## Summary\n\nThe job queue stalled for an hour.\n\n## Root cause\n\nA consumer crashed.\n\n"

CASES = {
    "a strong sub-heading inside a section of lessons lifts it": (
        STORY + "## Lessons learned\n\nQueues need owners. We will name one for each queue.\n\n"
        "### Action items\n\n- Dead-letter queue for poison messages\n- Lag alert at five minutes\n",
        ["We will name one for each queue", "Dead-letter queue for poison messages", "Lag alert at five minutes"],
    ),
    "a bold label inside a section of lessons does not lift it": (
        STORY + "## Lessons learned\n\n**Next steps:**\n\n- Queues are shared by every team\n"
        "- We will add a lag alert at five minutes\n",
        ["We will add a lag alert at five minutes"],
    ),
    "a sub-heading whose details carry their own action label is no item": (
        STORY + "## Lessons learned\n\nWe will answer reporters faster.\n\n"
        "### Talking to the reporter\n\nWe answered slowly.\n\n"
        "**Action taken:**\n\nOur on-call process now requires a reply to reporters within a day.\n",
        ["We will answer reporters faster", "Our on-call process now requires a reply to reporters within a day"],
    ),
    "a numbered sub-heading under an action heading is the item, its middling words no matter": (
        STORY + "# Resulting action\n\n#### 1) Plan for the queue migration\n\n"
        "Two engineers will move the queue to the new cluster.\n\n"
        "#### 2) Consumer health checks\n\nWe need to restart crashed consumers automatically.\n",
        ["Plan for the queue migration", "Consumer health checks"],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_items_real_postmortems_write(text: str, expected: list[str]) -> None:
    document = parse_document(text, "pm/x.md")
    assert document.postmortem is not None
    assert [item.text for item in document.postmortem.items] == expected
