"""Lists under a middling heading ("Lessons learned", "Recovery steps", "Changes") with more of
the incident's story after them (its impact, its causes) stand amid the story: their bare
entries are the steps of the response, lessons or findings, not commitments. An entry that
commits on its own (an owner, a deadline, a ticket, "We will …") stays an item, and a part
followed only by a record (a timeline, what went well, an appendix) keeps its entries. Each
case is a short document shaped like a real one and the item texts pmsync must find in it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.mdtokens import TokenDoc, headings, section_ends
from syncer.story_position import amid_story
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

OPENING = "# Ledger outage\n\n## Summary\n\nThe ledger database filled its disk and stopped taking writes.\n\n"
STEPS = "## Recovery steps\n\n1. Stop the nightly import\n2. Increase the volume size to 200 GB\n3. Restart the writers\n\n"
LESSONS = "## Lessons learned\n\n- Re-enable the retention job on the ledger\n- Add an alert on disk usage at 80%\n\n"
IMPACT = "## Impact\n\nWrites failed for two hours.\n\n"
CAUSE = "## Root cause\n\nA retention job had been disabled.\n\n"

CASES = {
    "the response's steps with the impact told after them": (OPENING + STEPS + IMPACT, []),
    "the steps under another name, causes after them": (
        OPENING + "## Measures\n\n* Disable the nightly import\n* Grow the volume to 200 GB\n\n" + CAUSE, []),
    "takeaways with the contributing factors after them": (
        OPENING + "## Takeaways\n\n- Check disk alerts after every migration\n- Keep the retention job enabled\n\n"
        "## Contributing factors\n\n- Nobody owned the job.\n", []),
    "lessons with the causes after them": (OPENING + LESSONS + CAUSE, []),
    "an entry with an owner amid the story stays an item": (
        OPENING + LESSONS.replace("80%\n", "80% (owner: @dana)\n") + IMPACT, ["Add an alert on disk usage at 80%"]),
    "a promise amid the story stays an item": (
        OPENING + LESSONS + "- We will move the ledger to its own volume\n\n" + IMPACT,
        ["We will move the ledger to its own volume"]),
}
# the same entries where no story follows them: items with or without this rule
KEPT = {
    "the part's own sub-headings are no story after it": (
        OPENING + LESSONS + "### Why it happened\n\nThe retention job was off.\n\n",
        ["Re-enable the retention job on the ledger", "Add an alert on disk usage at 80%"]),
    "lessons after the story keep their entries": (
        OPENING + IMPACT + LESSONS,
        ["Re-enable the retention job on the ledger", "Add an alert on disk usage at 80%"]),
    "a timeline after the lessons is a record, not more story": (
        OPENING + LESSONS + "## Timeline\n\n- 10:05 Alerts fired\n- 10:40 Writers restarted\n",
        ["Re-enable the retention job on the ledger", "Add an alert on disk usage at 80%"]),
    "what went well after the lessons is a look back, not the story": (
        OPENING + LESSONS + "## What went well\n\n- The on-call answered in minutes\n",
        ["Re-enable the retention job on the ledger", "Add an alert on disk usage at 80%"]),
}


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_lists_amid_the_story(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


@pytest.mark.parametrize(("text", "expected"), list(KEPT.values()), ids=list(KEPT))
def test_lists_after_the_story_or_before_a_record(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


def _amid(text: str) -> list[bool]:
    doc = TokenDoc(text, "pm.md")
    found = headings(doc)
    return amid_story(found, section_ends(doc, found))


GROWTH: dict[str, Callable[[int], str]] = {
    "many parts": lambda size: "## Impact\n\nWrites failed.\n\n## Lessons\n\n- Test it\n\n" * (size // 44),
    "nested parts": lambda size: "## Lessons\n\n### What worked\n\n- Test it\n\n" * (size // 40),
    "one long heading": lambda size: "## " + "root cause of the appendix " * (size // 27) + "\n\n- x\n",
}


@pytest.mark.parametrize("build", list(GROWTH.values()), ids=list(GROWTH))
def test_finding_the_story_after_a_part_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(_amid, build)
