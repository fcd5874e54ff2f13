"""Where a part stands in a postmortem's story, and what that says of the lists it holds.

Authors tell the incident first (what happened, its causes, its impact) and write their
commitments after it. A part with more of the story after it stands amid the story: under a
middling name ("Lessons learned", "Recovery steps", "Measures"), a name for the response
("Mitigation") or one describing work rather than naming a list of follow-ups ("Improvements",
"Recommendations"; not "Action items", "Next steps"), its bare entries are the steps of the
response, lessons or findings. A record placed last (a timeline and its stamped entries, what
went well or wrong, an appendix, an apology, a word to the readers) tells no more of the story:
the parts before it are not amid it.

Pure.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from syncer.blocks import Raw
from syncer.list_introductions import commits_itself
from syncer.mdtokens import Heading
from syncer.section_names import is_narrative_heading

# A record or back matter names no part of the incident's story: a timeline (its entries'
# headings stamped "10:07 AM"), what went well or wrong, appendices, references, a glossary,
# thanks, an apology, questions and answers, notes, links, a word to the readers ("Are you affected?")
_BACK_MATTER = re.compile(
    r"\b(?:appendi\w*|references?|glossary|acknowledg\w*|thanks?|faq|questions?|legend|definitions?|notes?|"
    r"links?|resources|further\s+reading|contacts?|credits?|sources?|"
    r"time\s*lines?|chronolog\w*|sequence\s+of\s+events|logs?|well|wrong|work|worked|lucky|unlucky|apolog\w*|"
    r"annex\w*|anhang|anexo|you|your|\d{1,2}:\d{2})\b",
    re.IGNORECASE,
)


def names_story_part(title: str) -> bool:
    """A heading naming a part of the incident's story (not back matter)."""
    return is_narrative_heading(title) and _BACK_MATTER.search(title) is None


def followed_by(headings: list[Heading], names: Callable[[str], bool]) -> list[bool]:
    """For each heading, whether a heading whose title `names` says so follows it in the document."""
    after = [False] * len(headings)
    seen = False
    for number in range(len(headings) - 1, -1, -1):
        after[number] = seen
        seen = seen or names(headings[number].title)
    return after


def amid_story(headings: list[Heading], ends: list[int]) -> list[bool]:
    """For each heading, whether a part of the incident's story follows the end of its part
    (`ends`: the block each heading's part ends at) inside the part enclosing it: its own
    sub-headings are the part's, and a heading above its level ("# Second outage" after the
    first report's "## Lessons learned") closes what encloses it."""
    levels = sorted({heading.level for heading in headings})
    told: dict[int, list[bool]] = {}  # by level: a story heading from here on, before one above that level
    for level in levels:
        seen = False
        column = [False] * (len(headings) + 1)
        for number in range(len(headings) - 1, -1, -1):
            heading = headings[number]
            seen = heading.level >= level and (seen or names_story_part(heading.title))
            column[number] = seen
        told[level] = column
    starts = [heading.block for heading in headings]
    return [told[heading.level][bisect_left(starts, end)] for heading, end in zip(headings, ends, strict=False)]


def without_bare_entries(items: list[Raw]) -> list[Raw]:
    """The items of a part amid the story, without the list entries that do not commit on their
    own (an owner, a deadline, "We will …"). A box to tick is a to-do wherever it stands; a
    ticket or pull request there names the change that fixed the incident, or its cause ("PR
    #27 leaked the keys"), as often as a follow-up's ticket."""
    return [raw for raw in items if raw.found_by != "list" or commits_itself(raw, ticket=False)]
