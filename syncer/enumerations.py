"""The changes a promise enumerates as noun phrases: "Google engineers will also implement a
number of technical and procedural measures, including: increased engineer review of
configuration changes, automatic sanity-checks on route deployment changes, and protection of
IP ranges" is three commitments, one per phrase of the list.

Decided by grammar, not by commas alone: the list must follow a noun of change ("measures",
"changes", "improvements" …) that the promise's verb governs, joined to it by "including",
"such as" or a colon, and every part must read as a phrase naming a change (a few words, no
clause of its own). A list of "-ing" phrases ("including rotating keys, deleting logs") is
syncer.prose.enumerated_actions's.

Pure; bounded to a sentence's first 1000 characters, each pattern anchored or linear.
"""

from __future__ import annotations

import re

from syncer.commitments import is_promise

# The noun of change right before the word that opens its list: a list after a complement
# ("improvements to services such as the API and the CLI") belongs to the complement's noun.
_NOUNS = r"(?:measures|changes|improvements|safeguards|mitigations|enhancements|controls|steps|actions)"
_LISTED = re.compile(
    rf"\b(?P<noun>{_NOUNS})\b\s*,?\s*(?:including|such\s+as|as\s+follows)\s*:?\s+|"
    rf"\b(?P<following>following|these)\s+(?:[\w-]+\s+){{0,2}}?{_NOUNS}\s*:\s+",
    re.IGNORECASE,
)
# A part with a clause of its own (a finite verb or a subject pronoun) is no phrase naming a change.
_CLAUSE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|we|they|it|which|who)\b", re.IGNORECASE
)
_ETC = re.compile(r"\s*(?:,\s*)?(?:etc\.?|and\s+(?:more|so\s+on|others))\s*$", re.IGNORECASE)
_MAX_WORDS = 20


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """The parts of a text at each separator standing outside round or square brackets
    ("removing org tokens (resulting in traceability, audit), rotating keys" is two)."""
    parts: list[str] = []
    depth = start = 0
    for at, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in separators and depth == 0:
            parts.append(text[start:at])
            start = at + 1
    parts.append(text[start:])
    return parts


def _split(listed: str) -> list[str]:
    """The parts of a list: at commas and semicolons outside brackets; the last two parted at
    "and" when no comma came before it ("A, B and C")."""
    parts = [part.strip() for part in split_outside_brackets(listed, ",;") if part.strip()]
    if len(parts) >= 2 and not re.match(r"(?:and|or)\s", parts[-1], re.IGNORECASE):
        last, _, after = parts[-1].partition(" and ")
        parts[-1:] = [last, after] if after else [last]
    return [re.sub(r"^(?:and|or)\s+", "", part, flags=re.IGNORECASE).strip(" .") for part in parts]


def _names_change(part: str) -> bool:
    words = part.split()
    return 2 <= len(words) <= _MAX_WORDS and part[:1].isalpha() and _CLAUSE.search(part) is None


def listed_changes(sentence: str) -> list[str]:
    """The changes a promise lists as noun phrases after a noun of change ("… will implement
    several measures, including: A, B, and C" → [A, B, C]); [] unless there are two or more
    and every part names one."""
    head = sentence[:1000].replace("’", "'")
    match = _LISTED.search(head)
    if match is None:
        return []
    # the promise is what comes before the list, the noun of change its verb's object; told as
    # introducing a list (a colon closing it), "several measures" announces them, not nothing
    told = head[: match.end("noun")] if match.group("noun") else head[: match.end()].rstrip(" :")
    if not is_promise(told.rstrip(" ,") + ":"):
        return []
    parts = _split(_ETC.sub("", head[match.end() :].rstrip(" .")))
    return parts if len(parts) >= 2 and all(_names_change(part) for part in parts) else []
