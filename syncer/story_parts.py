"""Parts of a postmortem that sit inside the story of the incident: a sub-heading named for
actions ("### Actions taken", "### Steps") under an episode of the incident ("## First
incident", "## Second outage") whose own words tell when things happened ("At 10pm UTC we
got paged …"). What is listed there is what was done in that episode, the live response: a
follow-up still counts only when it goes beyond it (a promise, an instruction, a deadline, a
change said to prevent a recurrence), as under a heading naming the response.

Pure; syncer.items asks it of a heading that names actions.
"""

from __future__ import annotations

import re

from syncer.heading_items import MODERATE
from syncer.mdtokens import Heading, TokenDoc
from syncer.section_names import heading_score
from syncer.unnamed_sections import NEUTRAL

# A time of day ("at 6pm UTC", "10:42", "around 3 am"): when a step of the story happened.
# A deadline is a day, rarely an hour, and an hour to come is said with "by" or "until".
_TIME_OF_DAY = re.compile(r"(?<![\w:/.-])(?:\d{1,2}:\d{2}(?!\d)|\d{1,2}\s?[ap]\.?m\b\.?)", re.IGNORECASE)
_OPENING = 120  # characters of a paragraph read for the time it tells: a story's sentence opens with it
_READ = 24  # blocks of the episode read at most: its account opens it


def _tells_times(doc: TokenDoc, start: int, end: int) -> bool:
    """Whether a paragraph among the first blocks of start..end opens by telling the time of
    day of what happened."""
    for number in range(start, min(end, start + _READ)):
        block = doc.blocks[number]
        # the markup as written: a time is no link or emphasis, and the paragraph is not read whole
        if block.kind == "paragraph_open" and _TIME_OF_DAY.search(doc.tokens[block.start + 1].content[:_OPENING]):
            return True
    return False


def enclosing(headings: list[Heading]) -> list[int | None]:
    """For each heading, the number of the one it stands under (the nearest before it at a
    higher level), or None; one pass over the headings."""
    parents: list[int | None] = []
    open_: list[int] = []  # the headings still open, each at a higher level than the next
    for number, heading in enumerate(headings):
        while open_ and headings[open_[-1]].level >= heading.level:
            open_.pop()
        parents.append(open_[-1] if open_ else None)
        open_.append(number)
    return parents


def episode_actions(doc: TokenDoc, headings: list[Heading]) -> set[int]:
    """The numbers of the headings that list the actions of one episode of the incident: every
    sub-heading of a part is named for actions, and the part's own words before them tell the
    time of day things happened at, under a heading that names neither a place for follow-ups
    nor the story as a whole ("Summary"). A part with sub-parts of its own story (a timeline, a
    root cause) is a whole report, its action items the follow-ups."""
    children: dict[int, list[int]] = {}
    for number, parent in enumerate(enclosing(headings)):
        if parent is not None:
            children.setdefault(parent, []).append(number)
    found: set[int] = set()
    for parent, subs in children.items():
        score = heading_score(headings[parent].title)
        if NEUTRAL < score < MODERATE and all(heading_score(headings[sub].title) >= MODERATE for sub in subs) \
                and _tells_times(doc, headings[parent].block + 1, headings[subs[0]].block):
            found.update(subs)
    return found
