"""A change already made, told as lasting rather than as a step of the response: opened by
what makes it permanent ("To permanently address the issue I disabled chained replication",
"For a permanent fix, the QPS was increased to 50"), named as the longer-term solution
("Longer term solution was to add filtering rules at the proxy"), or a rule the team keeps
from now on ("As of today, we now set the rate limit per account").

The live response is told the same way but without such words ("Initial resolution was to
switch the CDN to attack mode", "We restarted the nodes"): the permanence is the signal, and
a clause that still reads as the response (a restore, a workaround) is left out by the caller.

Pure word work on one sentence; every pattern is anchored and bounded (linear time).
"""

from __future__ import annotations

import re

from syncer.change_verbs import IMPERATIVE

# "…, should this situation come up again": the condition a change made is ready for
IF_AGAIN = (r"should\s+(?:this|it|that|such)\s+(?:[\w-]+\s+){0,3}?(?:happen|occur|come\s+up|arise|recur)\s+again"
            r"(?:\s+in\s+the\s+future)?")
_IF_AGAIN = re.compile(rf",?\s*\b{IF_AGAIN}\b", re.IGNORECASE)
_LASTING = r"(?:permanent(?:ly)?|long(?:er)?[- ]term|lasting|durabl[ey])"
# "To permanently address the issue I …", "For a permanent fix, …", "As a longer-term measure, …",
# "Longer term, we …": the opening says what follows is meant to last.
_LASTING_LEAD = re.compile(
    rf"^(?:to\s+{_LASTING}\s+[a-z]+(?:\s+[\w'-]+){{0,6}}?|(?:for|as)\s+(?:a|the)\s+(?:more\s+)?{_LASTING}\s+"
    rf"(?:fix|solution|remedy|measure|resolution|mitigation)|(?:in\s+the\s+)?{_LASTING}|permanently)"
    # after a comma any subject ("…, the QPS was increased"); without one only the team ("… issue I disabled")
    r"(?:\s*,\s+(?=(?:we|i|the|our|this|that|these|it|all|each|every|[A-Za-z][\w.-]*\s+(?:was|were|has|have))\b)|"
    r"\s+(?=(?:we|i)\s))",
    re.IGNORECASE,
)
# "Longer term solution was to add …", "The permanent fix has been to move …"
_LASTING_SOLUTION = re.compile(
    rf"^(?:(?:the|our|a)\s+)?(?:more\s+)?{_LASTING}\s+(?:fix|solution|remedy|resolution)\s+"
    r"(?:was|has\s+been)\s+to\s+(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)
# "we now set the rate limit per account", "As of today, we now require …": a rule the team keeps
_KEEPS_NOW = re.compile(
    r"^(?:(?:as\s+of\s+(?:today|now|this\s+week|[\w ]{1,30}),?|from\s+now\s+on,?|since\s+then,?)\s+)?"
    r"(?:we|the\s+team)\s+(?:now|from\s+now\s+on)\s+(?:also\s+|always\s+)?(?P<verb>[a-z]+?)(?:s|es)?\s",
    re.IGNORECASE,
)
# Verbs of the present that keep a rule or a setting (not "we now know", "we now see").
_RULES = frozenset({"set", "require", "enforce", "limit", "block", "reject", "run", "use", "check", "validate",
                    "alert", "page", "monitor", "rotate", "restrict", "cap", "throttle", "verify", "log",
                    "encrypt", "pin", "test", "deploy", "back", "keep", "store", "send", "route", "review"})
_RULE_STEMS = frozenset(verb.rstrip("e") for verb in _RULES)  # "requires" is read as "requir(es)"


def after_lasting_lead(head: str) -> str | None:
    """The rest of a sentence after an opening that says the change is meant to last
    ("To permanently address the issue I …" → "I …"); None without one."""
    match = _LASTING_LEAD.match(head)
    return None if match is None else head[match.end() :]


def lasting_solution(head: str) -> bool:
    """ "Longer term solution was to add filtering rules …": the lasting fix named and made."""
    match = _LASTING_SOLUTION.match(head)
    return match is not None and match.group("verb").lower() in IMPERATIVE


def keeps_now(head: str) -> bool:
    """ "As of today, we now set the rate limit per account": a rule the team keeps since."""
    match = _KEEPS_NOW.match(head)
    return match is not None and match.group("verb").lower().rstrip("e") in _RULE_STEMS


def without_condition(sentence: str) -> str:
    """A sentence without the condition it readies for ("…, should this come up again"), whose
    "should" is no plan still to come."""
    return _IF_AGAIN.sub("", sentence, count=1) if "again" in sentence else sentence


# "Our incident process now requires a private channel", "The email flow now retries once on …":
# what a thing does since the change, a rule or a behaviour in force (not "the site now loads").
_IN_FORCE = re.compile(r"^(?:[^\s.;:!?]+\s+){1,8}?now\s+(?:also\s+|always\s+)?(?P<verb>[a-z]+?)(?:es|s)\s",
                       re.IGNORECASE)
_IN_FORCE_STEMS = _RULE_STEMS | frozenset({"retri", "retry", "sanitiz", "sanitis", "warn", "refus", "include", "includ",
                                           "prevent", "detect", "fail", "wait"})


def in_force(text: str) -> bool:
    """Whether an entry tells what a thing now does by rule since a change ("The change we
    made now requires every pull request to be approved")."""
    match = _IN_FORCE.match(text[:200].replace("’", "'"))
    return match is not None and match.group("verb").lower().rstrip("e") in _IN_FORCE_STEMS
