"""When a sentence places a change: already made (a perfect, a past or a passive perfect of
a change verb, "… is now easier to find", "… is in place", told after the incident) or still
to come or owed (under way, in development, "should …").

Pure word work on one sentence; every pattern is anchored or bounded (linear time).
"""

from __future__ import annotations

import re

from syncer.commitments import is_done_verb

# Past forms of verbs that make things, which the "-ed" rule cannot see.
_IRREGULAR = frozenset(
    {"put", "set", "made", "built", "rebuilt", "wrote", "written", "rewrote", "rewritten", "began", "begun",
     "took", "taken", "brought", "split", "spun", "drew", "drawn", "stood", "undertook", "undertaken"}
)  # fmt: skip
# Participles that describe a state rather than report a change ("a review is required").
_STATIVE = frozenset({"required", "expected", "needed", "supposed", "used", "based", "located", "related", "affected",
                      "planned", "scheduled", "proposed", "tracked", "intended", "designed", "considered"})  # fmt: skip
_ADVERBS = r"(?:(?:now|also|since|already|recently|additionally|further|then|successfully|finally)\s+)*"


_LEAD = r"^(?:[\w' ()/-]{0,80},\s+)?"  # "In addition,", "Over the past few days,"
_WE = r"(?:we|i|the\s+(?:[\w-]+\s+)?team|our\s+(?:[\w-]+\s+)?team)"
# "We've set up alerts", "We have made changes to how we test": the perfect of a change verb
_PERFECT = re.compile(rf"{_LEAD}{_WE}(?:\s+have|'ve|\s+has)\s+{_ADVERBS}(?P<verb>[a-z]+)\b", re.IGNORECASE)
# "We put in changes to …", "I wrote a runbook": the simple past, irregular verbs included
_PAST = re.compile(rf"{_LEAD}{_WE}\s+{_ADVERBS}(?P<verb>[a-z]+)\b", re.IGNORECASE)
# "An explicit test … has been written": the passive perfect tells a result; the present
# ("alerts are routed to the on-call") may tell a habit or a wish
_PASSIVE = re.compile(
    r"^(?P<subject>(?:(?!(?:that|which|who|what|when|where|if|and)\s)[^\s.;:!?]+\s+){1,12}?)(?P<aux>has\s+been|have\s+been)\s+"
    rf"{_ADVERBS}(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)
# "Execution clients implemented a fix …": another party as the subject of a change made
_OTHER_PAST = re.compile(
    r"^(?P<subject>(?:[\w.-]+\s+){1,3}?)(?P<verb>[a-z]+ed)\s+(?:a|an|the|our|their|its|new|additional|support)\b",
    re.IGNORECASE,
)
# "Our runbook is now easier to find", "X is now entirely self-hosting": a state the change brought
_NOW = re.compile(
    r"^(?P<subject>(?:[^\s.;:!?]+\s+){1,10}?)(?:is|are)\s+now\s+(?:(?:much|far|entirely|fully|properly|also)\s+)?"
    r"(?P<state>more\s+\w+|less\s+\w+|[a-z]+er\b|in\s+place|self-\w+|required|mandatory|enforced|automated|"
    r"documented|monitored|tested|alerted|validated)",
    re.IGNORECASE,
)
_IN_PLACE = re.compile(r"^(?:we\s+(?:now\s+have|have\s+now)\s[^.;]{1,150}?\bin\s+place\b|"
                       r"(?:[^\s.;:!?]+\s+){1,10}?(?:is|are)\s+(?:now\s+)?in\s+place\b)", re.IGNORECASE)
# Still to come or owed: "(in development)", "will …", "should …", "is being rolled out", "planned".
_TO_COME = re.compile(
    r"\b(?:will|shall|should|must|need\s+to|going\s+to|plan(?:s|ning)?\s+(?:to|on)|in\s+development|in\s+progress|under\s*way|"
    r"ongoing|not\s+yet|pending|wip|(?:is|are)\s+(?:\w+\s+)?being\s+\w+)\b|\((?:planned|proposed|todo|to\s+do)\)",
    re.IGNORECASE,
)
_AFTERWARDS = re.compile(
    r"^(?:(?:a\s+few|some|several|two|three|\d{1,2})\s+(?:days|weeks|months)\s+(?:after|later)|shortly\s+after|"
    r"afterwards|since\s+then|in\s+the\s+(?:days|weeks|months)\s+(?:after|since|following)|following)"
    r"(?:\s+(?:the|this)\s+(?:incident|outage|event|disruption))?,\s+",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def made_verb(word: str) -> bool:
    """A past form of a verb that makes a change ("added", "identified", "set", "written")."""
    word = word.lower()
    if word in _IRREGULAR:
        return True
    if word in _STATIVE or not word.endswith(("ed", "en")) or len(word) < 5:
        return False
    if word.endswith("ied"):
        return is_done_verb(word[:-3] + "y")
    if word.endswith("en"):
        return False
    return is_done_verb(word[:-2]) or is_done_verb(word[:-1])


def _told_made(sentence: str) -> bool:
    """Whether one sentence tells a change as made: by us, by another party, in the passive,
    by the state it brought, or after the incident."""
    head = sentence[:300].replace("’", "'")
    if (later := _AFTERWARDS.match(head)) is not None:
        head = head[later.end() :]
    for pattern in (_PERFECT, _PAST, _PASSIVE, _OTHER_PAST):
        match = pattern.match(head)
        if match is not None and made_verb(match.group("verb")):
            return True
    return _NOW.match(head) is not None or _IN_PLACE.match(head) is not None


def tells_done(text: str) -> bool:
    """Whether an item's words tell it as carried out, read sentence by sentence: the first
    that tells a change made says done, the first that tells one to come says not done
    ("Our checks were routed elsewhere. We've updated them." is done)."""
    for sentence in _SENTENCE_END.split(text[:400], maxsplit=3)[:3]:
        if _TO_COME.search(sentence[:300]) is not None:
            return False
        if _told_made(sentence):
            return True
    return False


def to_come(text: str) -> bool:
    """Whether an item's words mark it as still to come ("Automated failover (in development)")."""
    return _TO_COME.search(text[:300]) is not None
