"""Who "they" are in a promise whose owner the sentence before names as its subject ("Besu team
used a plugin to ship a hot fix. They are also going to review …": the Besu team).

Pure string work on two sentences of one paragraph; both patterns are anchored.
"""

from __future__ import annotations

import re

# "They will …", "They're …", "They are also going to …"
_THEY = re.compile(r"[Tt]hey(?:\s|['’])")
# A named team opening a sentence as its subject: "Besu team used …", "The infra team has …",
# "The Online Health Apps team …" (not "Besu team's plugin …", whose subject is the plugin)
_TEAM_SUBJECT = re.compile(
    r"(?P<team>(?:[Tt]he\s+(?:[\w.&-]+\s+){1,3}|(?:[A-Z][\w.&-]*\s+){1,3})[Tt]eams?)(?![\w'’])"
)


def owner_of_they(sentence: str, before: str | None) -> str | None:
    """The team a sentence opening with "they" stands for: the one the sentence before it
    opens with, as written; None when either sentence reads otherwise."""
    if before is None or _THEY.match(sentence) is None:
        return None
    team = _TEAM_SUBJECT.match(before)
    return team.group("team") if team else None
