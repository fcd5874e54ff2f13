"""The deadline one action item states in its text ("… due next Friday", "… (by 3/20)"), and
the item's text without it.

Pure string work on a single item's text; what counts as a deadline is syncer.duedates'
judgement (is_deadline), or a team's own period ("end of sprint 42").
"""

from __future__ import annotations

import re

from syncer.aspect import tells_done
from syncer.duedates import is_deadline
from syncer.field_names import BRACKET, BRACKETS_MAX, SEPARATORS, cut
from syncer.foreign_fields import foreign_spoken_due

# "due Friday", "by Jul 16, 2023", "before 14.03.2026", "ETA next week", "target Q3 2026"; the value
# is looked at, not taken, so every due word is tried in turn ("… by increasing X - ETA 2026-04-25")
_BARE_DUE = re.compile(
    r"(?<![\w-])(?:due(?:\s+(?:by|on|date))?|by|before|until|no\s+later\s+than|eta|"
    r"target(?:ed)?(?:\s+(?:for|date))?|deadline)\s*:?\s+(?=(?P<value>[^;()\[\]]{1,80}))",
    re.IGNORECASE,
)
LEADING_DUE_WORD = re.compile(r"(?i)^(?:due|by|before|until|eta|target)\b\s*:?\s*")
DUE_WORD = re.compile(r"(?i)\b(?:due|by|before|until|later|eta|target|targeted|deadline)\b")
# Deadlines no calendar resolves but a team does: kept as written ("end of sprint 42", "in 2
# sprints": pmsync knows no sprint's length).
_TEAM_DEADLINE = re.compile(
    r"(?:the\s+)?(?:(?:end|start)\s+of\s+(?:the\s+)?)?(?:next\s+)?(?:sprint|iteration|milestone|release|"
    r"code\s+freeze)(?:\s+[\w.-]+)?|"
    r"(?:in|within)\s+(?:the\s+next\s+)?(?:\d{1,2}|a|one|two|three|four|five|six|a\s+couple\s+of|a\s+few)\s+"
    r"(?:sprints?|iterations?)",
    re.IGNORECASE,
)


def labelled_due(value: str) -> str:
    """A labelled deadline without an aside in full-width brackets after it ("期限: 2026-05-14
    （議論必要）"): Japanese and Chinese text set a note off so, not a part of the date."""
    aside = value.find("（")
    return value[:aside] if aside > 0 and is_deadline(value[:aside].strip(), worded=True) else value


def written_deadline(text: str) -> bool:
    """Whether the whole text is a deadline as teams write one where deadlines stand (a table
    cell): a date or period pmsync resolves, with words around it or not ("week of March 9"),
    or one only the team does ("end of sprint 42")."""
    return is_deadline(text, worded=True) or _TEAM_DEADLINE.fullmatch(text) is not None


def bare_due(text: str, values: dict[str, str]) -> str:
    """Take "due 2026-09-18" / "due next Friday" (no colon) out of the text when it is a deadline."""
    for number, match in enumerate(_BARE_DUE.finditer(text)):
        if number == BRACKETS_MAX:
            break  # more due words than this in one item: prose, not an item's deadline
        words = match.group("value").split()
        for size in range(min(len(words), 5), 0, -1):
            candidate = " ".join(words[:size]).rstrip(SEPARATORS)
            if is_deadline(candidate, worded=True) or (size > 1 and _TEAM_DEADLINE.fullmatch(candidate)):
                taken = match.start("value") + match.group("value").index(words[size - 1])
                end = taken + len(words[size - 1])
                # "by"/"due" only label the date; "before" / "until" filling a bracket bound it, kept
                # as written ("Mid term (before end of June)")
                bounding = match.group(0)[:6].lower() in ("before", "until ") and text[match.start() - 1 : match.start()] in (
                    "(", "[") and text[end : end + 1] in (")", "]")
                values["due"] = f"{match.group(0).split()[0]} {candidate}" if bounding else candidate
                return cut(text, match.start(), end)
    return text


def bracketed_due(text: str, values: dict[str, str]) -> str:
    """The deadline a bracket holds on its own ("(Q4 2025 - Q1 2026)", "[by 3/20]"); the bracket
    leaves the text when it closes it, inside a sentence it stays as written."""
    for number, group in enumerate(BRACKET.finditer(text)):
        if number == BRACKETS_MAX:
            break
        if is_deadline(inner := group.group(1).strip()):
            # "(due 3/20)", "[by Friday]": the word only labels the date; "(before end of June)"
            # bounds it, kept as written
            values["due"] = inner if inner[:6].lower() in ("before", "until ") else LEADING_DUE_WORD.sub("", inner)
            closing = not text[group.end() :].strip(SEPARATORS)
            return cut(text, group.start(), group.end()) if closing else text
    return text


# When a sentence says a change will happen without "by" or "due": "in the next quarter",
# "later this year", "in the coming weeks", "within the next two weeks", "in Q3 2026",
# "mid-2026". Kept as written. A bare duration ("expires within 21 days") is a condition.
_SPOKEN_WHEN = re.compile(
    r"\b(?:(?:in|within|during|over)\s+(?:the\s+)?)?(?:(?:later|earlier)\s+)?(?:this|next|coming)\s+"
    r"(?:few\s+|couple\s+of\s+)?(?:days|weeks?|months?|quarters?|years?|sprints?)\b|"
    r"\b(?:in|during)\s+Q[1-4](?:\s+(?:of\s+)?\d{4})?\b|\b(?:early|mid|late)[\s-]\d{4}\b|"
    r"\b(?:in|within|over)\s+(?:the\s+)?next\s+(?:\d{1,2}|a|one|two|three|four|five|six|few|couple\s+of)\s+"
    r"(?:business\s+|working\s+)?(?:hours|days|weeks?|months?)\b",
    re.IGNORECASE,
)


# "Add a lag alert within 2 weeks": a duration closing the item is its deadline …
_CLOSING_DURATION = re.compile(
    r"\b(?:in|within)\s+(?:\d{1,2}|a|one|two|three|four|five|six)\s+(?:business\s+|working\s+)?"
    r"(?:days|weeks?|months?|sprints?)\W{0,2}$",
    re.IGNORECASE,
)
# … unless it closes a condition ("Page when a certificate expires within 21 days", "keys
# created within 2 days").
_CONDITION = re.compile(
    r"(?:expir|fail|respond|recover|complet|finish|run|occur|happen|reach|return|resolv|arriv|start|end|"
    r"is|are|was|were|be|been|due|renew|time)\w*$",
    re.IGNORECASE,
)


_MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_SEASON = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
# A month or season the change is placed in, named as a calendar names it (capitalised: "in
# may" is no month): "during August and September", "in early March 2026", "this winter",
# "in the summer of 2026". Told of what was done ("In March we moved …") it dates the deed.
_CALENDAR_WHEN = re.compile(
    rf"\b(?:(?:[Ii]n|[Dd]uring|[Oo]ver|[Tt]hrough)\s+(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:{_MONTH_NAME}|{_SEASON})"
    rf"(?:\s+(?:and|or|to|through)\s+{_MONTH_NAME}|[–-]{_MONTH_NAME})?(?:,?\s+(?:of\s+)?\d{{4}})?|"
    rf"(?:[Tt]his|[Nn]ext|[Cc]oming)\s+{_SEASON})\b"
)

# … where the sentence tells a plan: a future, an intention or an arrangement ("we're revamping")
_PLANNED = re.compile(
    r"\b(?:will|shall|going\s+to|plan(?:s|ned|ning)?|intend(?:s|ed)?|aim(?:s|ing)?|hope|expect(?:s|ed)?|"
    r"schedul\w*)\b|'ll\b|\b(?:we|i)(?:'re|’re|\s+are|'m|\s+am)\s+(?:\w+ly\s+)?\w+ing\b",
    re.IGNORECASE,
)


def spoken_due(sentence: str) -> str | None:
    """The time a sentence gives its change without a due word ("… in the coming weeks",
    "… within 2 weeks" closing it, "… during August and September"), as written."""
    if (when := _SPOKEN_WHEN.search(sentence)) is not None:
        return when.group(0)
    if (when := _CALENDAR_WHEN.search(sentence)) is not None and _PLANNED.search(sentence) is not None and not tells_done(
        f"{sentence[: when.start()]}{sentence[when.end() :].lstrip(' ,')}"  # read as if the time were not there
    ):
        return when.group(0)
    if (closing := _CLOSING_DURATION.search(sentence[-40:])) is not None:
        before = sentence[: len(sentence) - 40 + closing.start() if len(sentence) > 40 else closing.start()].split()
        if before and not any(_CONDITION.fullmatch(word) or word.endswith("ed") for word in before[-2:]):
            return closing.group(0).rstrip(" .;:!)")
    return foreign_spoken_due(sentence)  # "in den nächsten Tagen", "来週中"


# The last dash or bar set off by spaces: what follows it is the item's last part
_LAST_PART = re.compile(r".*\s[—–|-]\s+(?=\S)", re.DOTALL)
_PART_MAX = 40  # characters a deadline written as a part holds at most


def dash_due(text: str, values: dict[str, str]) -> str:
    """ "Fix DNS - https://… - 2024-05-01": a deadline written with a number as the item's last
    part, after a dash or bar like its other parts, is its due."""
    last = _LAST_PART.match(text)
    if last is None or len(text) - last.end() > _PART_MAX:
        return text
    part = text[last.end() :].strip(SEPARATORS)
    if not any(char.isdigit() for char in part) or not written_deadline(part):  # "- Friday" may name anyone
        return text
    values["due"] = part
    return text[: last.end()].rstrip(SEPARATORS + " ")
