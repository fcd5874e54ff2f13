"""The priority one action item names inline, and the item's text without it.

Pure string work on a single item's text ("P1: rotate the keys", "… (High priority)",
"… - P2"); syncer.fields calls it before the other fields are read.
"""

from __future__ import annotations

import re

from syncer.field_names import PRIORITY_WORDS, cut

PRIORITY_TOKEN = r"[Pp][0-4]"
_PRIORITY_TAG = re.compile(rf"[(\[]\s*({PRIORITY_TOKEN})\s*[)\]]")
_PRIORITY_WORD_LEAD = re.compile(
    r"(?i)^((?:critical|urgent|highest|high|medium|low|lowest)(?:\s+priority)?)\s*[:|\-–—]\s+(?=\w)"
)  # "High: rotate the keys", "Low priority - tidy the dashboards"
_PRIORITY_TRAIL = re.compile(r"\s[-–—|,:]?\s*(P[0-4])$")
# A phrase closing the item that only names its priority: "… (High priority)", "… [critical]", "… - low prio"
_PRIORITY_CLOSE = re.compile(r"\s(?:[-–—|,:]\s*)?(?:\(([^()]{1,30})\)|\[([^\[\]]{1,30})\]|([A-Za-z][A-Za-z0-9 ]{2,24}))\s*\.?$")
_PRIORITY_LEAD = re.compile(rf"^({PRIORITY_TOKEN})\b\s*[:|\-–—]?\s*")
BARE_PRIORITY = re.compile(r"[(\[]?[Pp][0-4][)\]]?")
PRIORITY_SUFFIX = re.compile(r"[,;]\s*[(\[]?([Pp][0-4])[)\]]?[\s.,;]*$")
# A heading or label that only names a priority: "High priority", "P1", "Priority 2 items"; the
# rating apart from the noun naming the group it rates ("items", "follow-ups")
PRIORITY_HEADING = re.compile(
    r"(?i)(?P<rating>(?:critical|highest|high|medium|med|normal|low|lowest|top)[\s-]+prio(?:rity)?|"
    r"prio(?:rity)?[\s:-]*(?:[0-4]|p[0-4]|critical|high|medium|low)|p[0-4])"
    r"(?:\s*[(:-]?\s*(?:items?|actions?|action\s+items|tasks?|fixes|follow[\s-]?ups?)\)?)?"
)


# The word naming the field beside the priority's value: "Priority: HIGH", "High priority", "prio 2"
_PRIORITY_LABEL = re.compile(r"(?i)^prio(?:rity)?\s*[:=\-–—]?\s+|[\s-]+prio(?:rity)?$")  # "High-priority" too
_RATING_MAX = 40  # a rating with its label is a few words; longer is no rating to trim
_WORD_VALUE = re.compile(r"(?i)(?:critical|urgent|highest|very\s+high|high|medium|med|normal|moderate|low|lowest|very\s+low)")


def priority_value(raw: str | None) -> str | None:
    """The priority as its author rates the item: the rating word without the word "priority"
    beside it ("Priority: HIGH" → "HIGH", "High priority" → "High"). A number or code keeps
    its label ("Priority 1", "P2"): alone the number says nothing."""
    if raw is None or len(raw) > _RATING_MAX:
        return raw
    rated = _PRIORITY_LABEL.sub("", raw.strip(), count=1).strip()
    return rated if rated != raw and _WORD_VALUE.fullmatch(rated) else raw


# The ranks of a must/should/could list: "Must do", "Should have", "Nice to have"
_MUST_SHOULD = re.compile(r"(?i)(?:must|should|could|won'?t|will\s+not)(?:[\s-]+(?:do|have))?|nice[\s-]+to[\s-]+have")


def group_priority(title: str) -> str | None:
    """The priority a heading or label over a group of items names on its own: "High priority",
    "Priority 2 items", "P0", a bare rating ("High", "Low") or a rank of a must/should/could
    list ("Must do", "Nice to have") that heads its group."""
    if _MUST_SHOULD.fullmatch(title):
        return title
    if (heading := PRIORITY_HEADING.fullmatch(title)) is not None:
        return priority_value(heading.group("rating"))  # "Low priority items": Low, not the group's noun
    return priority_value(title) if _WORD_VALUE.fullmatch(title) else None


def priority_phrase(words: str) -> bool:
    """Whether the words only name a priority: "P1", "high", "High priority", "priority 2"."""
    return words.lower() in PRIORITY_WORDS or PRIORITY_HEADING.fullmatch(words) is not None


_CLOSE_BODY_MAX = 32  # the longest phrase _PRIORITY_CLOSE takes: "(" + 30 characters + ")"
_CLOSE_LEAD = "-–—|,:"


def _close_from(text: str) -> int:
    """Where a _PRIORITY_CLOSE match can start at the earliest: its phrase opens within the
    longest phrase's length of the text's end (trailing spaces and dots aside), and before the
    phrase stand only spaces and one separator. Searching from there finds the same match
    without the engine trying the phrase at every space of a long item."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] == "."):
        end -= 1
    start = max(0, end - _CLOSE_BODY_MAX)
    while start and (text[start - 1].isspace() or text[start - 1] in _CLOSE_LEAD):
        start -= 1
    return start


def take_priority(text: str, values: dict[str, str]) -> str:
    """Take the priority that opens the item ("P1: …", "High: …"), closes it ("… - P2", "… (High
    priority)") or stands in a bracket of its own ("(P0)") out of the text, into values."""
    if lead := _PRIORITY_LEAD.match(text) or _PRIORITY_WORD_LEAD.match(text):
        values["priority"] = lead.group(1)
        text = text[lead.end() :]
    if text[-1:].isdigit() and (trail := _PRIORITY_TRAIL.search(text)):  # "… - P2"
        values.setdefault("priority", trail.group(1))
        text = text[: trail.start()]
    if ("(" in text or "[" in text) and (tag := _PRIORITY_TAG.search(text)):
        values.setdefault("priority", tag.group(1))
        text = cut(text, tag.start(), tag.end())
    if "priority" not in values and (close := _PRIORITY_CLOSE.search(text, _close_from(text))):
        phrase = next(group for group in close.groups() if group is not None).strip()
        if priority_phrase(phrase) and (close.group(3) is None or " " in phrase or text[close.start() + 1] in "-–—|,:"):
            values["priority"] = phrase
            text = text[: close.start()]
    return text
