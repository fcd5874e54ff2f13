"""The deadline one action item states in its text ("… due next Friday", "… (by 3/20)"), and
the item's text without it.

Pure string work on a single item's text; what counts as a deadline is syncer.duedates'
judgement (is_deadline), or a team's own period ("end of sprint 42").
"""

from __future__ import annotations

import re

from syncer.duedates import is_deadline
from syncer.field_names import BRACKET, BRACKETS_MAX, SEPARATORS, cut

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


def written_deadline(text: str) -> bool:
    """Whether the whole text is a deadline as teams write one: a date or period pmsync resolves,
    or one only the team does ("end of sprint 42")."""
    return is_deadline(text) or _TEAM_DEADLINE.fullmatch(text) is not None


def bare_due(text: str, values: dict[str, str]) -> str:
    """Take "due 2026-09-18" / "due next Friday" (no colon) out of the text when it is a deadline."""
    for number, match in enumerate(_BARE_DUE.finditer(text)):
        if number == BRACKETS_MAX:
            break  # more due words than this in one item: prose, not an item's deadline
        words = match.group("value").split()
        for size in range(min(len(words), 5), 0, -1):
            candidate = " ".join(words[:size]).rstrip(SEPARATORS)
            if is_deadline(candidate) or (size > 1 and _TEAM_DEADLINE.fullmatch(candidate)):
                values["due"] = candidate
                taken = match.start("value") + match.group("value").index(words[size - 1])
                return cut(text, match.start(), taken + len(words[size - 1]))
    return text


def bracketed_due(text: str, values: dict[str, str]) -> str:
    """The deadline a bracket holds on its own ("(Q4 2025 - Q1 2026)", "[by 3/20]"); the bracket
    leaves the text when it closes it, inside a sentence it stays as written."""
    for number, group in enumerate(BRACKET.finditer(text)):
        if number == BRACKETS_MAX:
            break
        if is_deadline(inner := group.group(1).strip()):
            values["due"] = LEADING_DUE_WORD.sub("", inner)
            closing = not text[group.end() :].strip(SEPARATORS)
            return cut(text, group.start(), group.end()) if closing else text
    return text
