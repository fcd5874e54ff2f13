"""Promises a sentence makes inside another clause.

Authors often wrap a promise in what they say about it: a complement clause ("We also ask you
to bear in mind that we are in the process of upgrading our hardware", "We have decided that we
will move the database"), or a relative clause naming what the promise acts on ("… network
driver issues that we're going to tackle with an alternative driver", "a known firmware issue
that we are updating across our fleet"). The clause after "that" is judged as the promise it
is, by syncer.commitments and syncer.work_under_way, and only when its verb names work (a
verb of change that is not a light verb: "lessons that we are taking from this" names none).

Pure; each pattern is anchored or bounded to a sentence's first 300 characters.
"""

from __future__ import annotations

import re

from syncer.change_verbs import IMPERATIVE
from syncer.commitments import is_promise
from syncer.verb_lexicon import VERBS
from syncer.work_under_way import under_way

_WHO = r"(?:we|i|our\s+(?:[\w-]+\s+){0,2}teams?|the\s+(?:[\w-]+\s+){0,2}teams?)"
# "… that we …": where an embedded clause with the team as its subject opens
_THAT_WE = re.compile(rf"\bthat\s+(?={_WHO}(?:\s|'))", re.IGNORECASE)
# The clause's verb after its auxiliary: "we are currently in the process of upgrading", "we'll tackle"
_CLAUSE_VERB = re.compile(
    rf"^{_WHO}(?:'re|'ll|'m|\s+are|\s+will|\s+shall|\s+am|\s+is|\s+plan\s+to|\s+intend\s+to)\s+"
    r"(?:(?:going\s+to|currently|now|also|actively|soon|be|in\s+the\s+process\s+of)\s+)*(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)
# Verbs too light to name the work by themselves ("lessons that we are taking", "what we will do").
_LIGHT = frozenset({"take", "make", "do", "have", "get", "see", "go", "come", "keep", "put", "give", "need", "be",
                    "find", "learn", "let", "say", "show", "tell"})  # fmt: skip
_WORK = IMPERATIVE | VERBS


def _base(verb: str) -> str | None:
    """The verb of work a clause's verb stands for ("upgrading" → "upgrade"), or None."""
    verb = verb.lower()
    if not verb.endswith("ing"):
        return verb if verb in _WORK and verb not in _LIGHT else None
    stem = verb[:-3]
    for base in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if base in _WORK and base not in _LIGHT:
            return base
    return None


def _promise_after_that(head: str) -> bool:
    for opening in _THAT_WE.finditer(head):
        clause = head[opening.end() :]
        verb = _CLAUSE_VERB.match(clause)
        if verb is not None and _base(verb.group("verb")) is not None and (is_promise(clause) or under_way(clause)):
            return True
    return False


def embedded_promise(sentence: str) -> bool:
    """Whether a sentence promises a change inside a "that" clause."""
    head = sentence[:300].replace("’", "'")
    if head.rstrip().endswith(("?", ":")):
        return False
    return _promise_after_that(head)
