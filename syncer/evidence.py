"""What an entry's own words must show where its heading alone does not vouch for it (a
middling heading such as "Lessons learned", "Takeaways" or "Plan", a descriptive label).

Pure word work on one entry. Under such a heading an instruction is weak evidence: one told as
a habit ("Communicate early with customers", "Test restores regularly", "Simplify the pipeline
where possible") is a lesson's rule, not a commitment to one change.
"""

from __future__ import annotations

import re

from syncer.commitments import is_imperative, is_promise

# How often or how readily, not what: the mark of a habit
_HABIT = re.compile(
    r"^\W{0,3}(?:always|never|don't|do\s+not|be)\b|"
    r"\b(?:early|earlier|sooner|often|regularly|frequently|continuously|continually|periodically|"
    r"proactively|consistently|constantly|whenever|every\s+time|at\s+all\s+times|"
    r"before\s+(?:each|every|any)|(?:where|when|if|as\s+much\s+as)\s+possible|as\s+needed)\b",
    re.IGNORECASE,
)


def states_rule(text: str) -> bool:
    """ "Communicate early with customers", "Review thresholds before each launch": an
    instruction told as a habit to keep, not one change to make."""
    head = text[:200].replace("’", "'")
    first = head.split(". ", 1)[0]
    return _HABIT.search(first) is not None and (is_imperative(first) or _HABIT.match(first) is not None)


# Thanks and apologies: what a postmortem says to people, listed beside its items or not
_ACKNOWLEDGES = re.compile(
    r"^\W{0,3}(?:(?:a\s+)?(?:big|huge|special|many|sincere)?\s*(?:thanks|thank\s+you|kudos|shout[\s-]?outs?)\b|"
    r"(?:we|i)\s+(?:(?:sincerely|deeply|truly)\s+)?(?:apologi[sz]e|are\s+(?:very\s+|truly\s+|deeply\s+)?sorry)\b|sorry\s+for\b)",
    re.IGNORECASE,
)

_AND_WILL = re.compile(r"\band\s+(?:we\s+)?(?:will|are\s+going\s+to)\b", re.IGNORECASE)


def acknowledges(text: str) -> bool:
    """ "Thanks to everyone who reported it", "Kudos to the storage team", "We apologise for …":
    words to people, no change, wherever they are listed ("We are sorry … and will add …"
    promises one)."""
    head = text[:300]
    return _ACKNOWLEDGES.match(head) is not None and not is_promise(head) and _AND_WILL.search(head) is None


# A finite verb in the past or the perfect: the sentence tells what was or has been
_TOLD_PAST = re.compile(r"\b(?:was|were|had|did|has\s+(?:\w+\s+)?\w+ed|have\s+(?:\w+\s+)?\w+ed|has\s+(?:grown|been|become|seen|run|had))\b",
                        re.IGNORECASE)


def tells_what_was(text: str) -> bool:
    """ "The team has grown to five engineers this year": its first sentence tells in the past
    or the perfect, so a date or a name in it is the story's, not a deadline or an owner."""
    first = text[:300].split(". ", 1)[0]
    return _TOLD_PAST.search(first) is not None


# Work announced for a date: "A restart is planned with the following changes:", "Maintenance on
# the cluster is scheduled for Tuesday:"
_ANNOUNCED = re.compile(
    r"\b(?:is|are|has\s+been|have\s+been|was|were)\s+(?:now\s+)?(?:planned|scheduled)\b|"
    r"\b(?:scheduled|planned)\s+(?:maintenance|downtime|restart|upgrade|migration)|\bmaintenance\s+window\b",
    re.IGNORECASE,
)


def announces_work(text: str) -> bool:
    """ "A restart of the CI is planned with the following changes:": a sentence announcing
    scheduled work introduces its steps, not follow-ups of an incident."""
    return _ANNOUNCED.search(text[:300]) is not None
