"""Where a part stands in a postmortem's story, and what that says of the lists it holds.

Authors tell the incident first (what happened, its causes, its impact) and write their
commitments after it. A part under a middling name ("Lessons learned", "Recovery steps",
"Measures") with more of the story after it stands amid the story: its bare entries are the
steps of the response, lessons or findings. A record placed last (a timeline, what went well
or wrong, an appendix) tells no more of the story: the parts before it are not amid it.

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

# A record or back matter names no part of the incident's story: appendices, references, a glossary,
# thanks, questions and answers, notes, links
_BACK_MATTER = re.compile(
    r"\b(?:appendi\w*|references?|glossary|acknowledg\w*|thanks?|faq|questions?|legend|definitions?|notes?|"
    r"links?|resources|further\s+reading|contacts?|credits?|sources?|"
    r"time\s*lines?|chronolog\w*|sequence\s+of\s+events|logs?|well|wrong|work|worked|lucky|unlucky)\b",
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
    (`ends`: the block each heading's part ends at); its own sub-headings are the part's."""
    told = followed_by(headings, names_story_part)
    starts = [heading.block for heading in headings]
    amid = []
    for end in ends[: len(headings)]:
        after = bisect_left(starts, end)  # the first heading past the part
        amid.append(after < len(headings) and (told[after] or names_story_part(headings[after].title)))
    return amid


def without_bare_entries(items: list[Raw]) -> list[Raw]:
    """The items of a part amid the story, without the list entries and boxes that do not
    commit on their own (an owner, a deadline, a ticket, "We will …")."""
    return [raw for raw in items if raw.found_by not in ("list", "checkbox") or commits_itself(raw)]
