"""Lists with more of the incident's story after them (its impact, its causes) stand amid the
story: under a middling heading ("Lessons learned", "Recovery steps"), one naming the response
("Mitigation") or one describing work ("Improvements", "Recommendations") their bare entries
are the steps of the response, lessons or findings, not commitments. An entry that commits on
its own (an owner, a deadline, "We will …", a box to tick) stays an item, a part named as a
list of follow-ups ("Action items", "Next steps") keeps its entries, and so does a part followed
only by a record (a timeline, what went well, an appendix, an apology, a word to the readers).
Each case is a short document shaped like a real one and the item texts pmsync must find in it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.mdtokens import TokenDoc, headings, section_ends
from syncer.story_position import amid_story
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

OPENING = "# Ledger outage\n\n## Summary\n\nThe ledger database filled its disk and stopped taking writes.\n\n"
STEPS = "## Recovery steps\n\n1. Stop the nightly import\n2. Increase the volume size to 200 GB\n3. Restart the writers\n\n"
IMPACT = "## Impact\n\nWrites failed for two hours.\n\n"
CAUSE = "## Root cause\n\nA retention job had been disabled.\n\n"
ENTRIES = "- Re-enable the retention job on the ledger\n- Add an alert on disk usage at 80%\n\n"
LISTED = ["Re-enable the retention job on the ledger", "Add an alert on disk usage at 80%"]
LESSONS = "## Lessons learned\n\n" + ENTRIES
MEASURES = "## Measures\n\n* Disable the nightly import\n* Grow the volume to 200 GB\n\n"
MEASURED = ["Disable the nightly import"]  # "Grow …" reads as no instruction under a middling name

CASES = {
    "the response's steps with the impact told after them": (OPENING + STEPS + IMPACT, []),
    "the steps under another name, causes after them": (
        OPENING + MEASURES + CAUSE, []),
    "takeaways with the contributing factors after them": (
        OPENING + "## Takeaways\n\n- Check disk alerts after every migration\n- Keep the retention job enabled\n\n"
        "## Contributing factors\n\n- Nobody owned the job.\n", []),
    "lessons with the causes after them": (OPENING + LESSONS + CAUSE, []),
    "an entry with an owner amid the story stays an item": (
        OPENING + LESSONS.replace("80%\n", "80% (owner: @dana)\n") + IMPACT, ["Add an alert on disk usage at 80%"]),
    "a promise amid the story stays an item": (
        OPENING + LESSONS + "- We will move the ledger to its own volume\n\n" + IMPACT,
        ["We will move the ledger to its own volume"]),
    "improvements described amid the story": (OPENING + "## Improvements\n\n" + ENTRIES + IMPACT, []),
    "recommendations with the contributing factors after them": (
        OPENING + "## Recommendations\n\n" + ENTRIES + "## Contributing factors\n\n- Nobody owned the job.\n", []),
    "the response's name over steps amid the story": (
        OPENING + "## Mitigation\n\n- Move the ledger to the larger volume\n- Pause the nightly import\n\n" + IMPACT, []),
    "a pull request amid the story names the cause, not a follow-up's ticket": (
        OPENING + "## Improvements\n\n- Disk filled after PR #27 disabled the retention job\n\n" + IMPACT, []),
    "an apology after the lessons tells no more of the story": (
        OPENING + MEASURES + "## Our apologies\n\nWe are sorry for the trouble.\n", MEASURED),
    "an annex after the lessons": (OPENING + MEASURES + "## Annex: affected ledgers\n\nThree ledgers.\n", MEASURED),
    "a word to the readers after the lessons": (
        OPENING + MEASURES + "## Are you affected?\n\nCheck your balance.\n", MEASURED),
    "the story of the next report after the lessons is not theirs": (
        OPENING + LESSONS + "# Second outage\n\n## Impact\n\nReads failed.\n", LISTED),
    "a timeline's stamped headings after the lessons": (
        OPENING + MEASURES + "## Events\n\n### 10:07 AM: paged\n\nThe on-call was paged.\n", MEASURED),
}
# the same entries where no story follows them, or under the name of a list of follow-ups:
# items with or without this rule
KEPT = {
    "the part's own sub-headings are no story after it": (
        OPENING + LESSONS + "### Why it happened\n\nThe retention job was off.\n\n",
        LISTED),
    "action items amid the story keep their entries": (OPENING + "## Action items\n\n" + ENTRIES + IMPACT, LISTED),
    "next steps amid the story keep their entries": (OPENING + "## Next steps\n\n" + ENTRIES + IMPACT, LISTED),
    "a box to tick amid the story is a to-do": (
        OPENING + "## Improvements\n\n- [ ] Re-enable the retention job on the ledger\n\n" + IMPACT,
        ["Re-enable the retention job on the ledger"]),
    "lessons after the story keep their entries": (
        OPENING + IMPACT + LESSONS,
        LISTED),
    "a timeline after the lessons is a record, not more story": (
        OPENING + LESSONS + "## Timeline\n\n- 10:05 Alerts fired\n- 10:40 Writers restarted\n",
        LISTED),
    "what went well after the lessons is a look back, not the story": (
        OPENING + LESSONS + "## What went well\n\n- The on-call answered in minutes\n",
        LISTED),
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
    "every level": lambda size: "# A\n\n## B\n\n### C\n\n#### Impact\n\n##### E\n\n###### F\n\n" * (size // 50),
    "one long heading": lambda size: "## " + "root cause of the appendix " * (size // 27) + "\n\n- x\n",
}


@pytest.mark.parametrize("build", list(GROWTH.values()), ids=list(GROWTH))
def test_finding_the_story_after_a_part_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(_amid, build)
