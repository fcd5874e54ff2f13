"""Promises told as work already moving rather than with "will": the progressive ("we're adding
exponential back-off to …", "We are now also setting up regular scans …", "we are in the
process of upgrading …", "… and they are working on updating their procedures to …"), work
said to have begun ("Work has also started to pull X out of Y", "A project is underway to
replace …", "We have begun documenting …") and the informal promise without its subject
("Will be doing some updates to the website infrastructure …").

Each form is read back as the promise it stands for ("We will add exponential back-off to …")
and judged by syncer.commitments.is_promise, so what a promise must not be (the live response,
an update, a study, values) is ruled out in one place. Only verbs of change qualify: "we are
experiencing delays" or "we are monitoring the results" tell the incident, not a change.

Pure; every pattern is anchored and bounded to a sentence's first 300 characters.
"""

from __future__ import annotations

import re

from syncer.change_verbs import IMPERATIVE
from syncer.commitments import is_promise, prevents_recurrence
from syncer.open_verbs import open_base
from syncer.promise_limits import is_change
from syncer.verb_lexicon import VERBS

# Verbs of study or of the live event: their progressive tells what the team is doing about
# the incident itself ("we are monitoring", "we are investigating", "we are working on it").
_NOT_CHANGE = frozenset({
    "analyze", "analyse", "assess", "check", "consider", "continue", "evaluate", "examine", "explore", "follow",
    "identify", "investigate", "learn", "look", "monitor", "reflect", "research", "review", "study", "track",
    "watch", "work", "see", "experience", "restore", "recover", "restart", "reboot", "retry", "resume", "revert",
    "roll", "rerun", "process", "handle", "do", "get", "go", "try", "attempt", "send", "perform", "treat", "reach",
})  # fmt: skip
_CHANGE = (IMPERATIVE | VERBS) - _NOT_CHANGE

# What may open the sentence before its subject: adverbial parts each closed by a comma ("Apart
# from the decreased timeouts, increased intervals between polls, …, we're adding …"), or the
# sentence naming itself the consequence of what came before ("That's why we're adding …").
# The parts exclude commas, so each ends at the first one: no backtracking between them.
# A short noun phrase may hold the sentence as what it "is" ("The good news is that we're
# already in the process of provisioning …"); a purpose told first may go without its comma
# ("In order to prevent the issue from recurring we are eliminating …").
_LEAD = (
    r"^(?:[^,.;:!?]{0,120},\s+){0,5}(?:(?:that|it|this)\s+is\s+why\s+|(?:[\w'-]+\s+){1,4}?is\s+that\s+|"
    r"(?:in\s+order\s+)?to\s+[^,.;:!?]{1,120}?\s+(?=(?:we|i|they|our|the)\s))?"
)
_WHY = re.compile(r"^(?:that|it|this)(?:'s|\s+is)\s+why\s+(?=(?:we|i)\s)", re.IGNORECASE)
_WHO = r"(?:we|i|they|our\s+(?:[\w-]+\s+){0,2}teams?|the\s+(?:[\w-]+\s+){0,2}teams?)"
_ADVERBS = r"(?:(?:also|now|currently|actively|already|further|additionally|then|still)\s+)*"
_PROGRESSIVE = re.compile(
    rf"{_LEAD}(?P<who>{_WHO})\s+(?:are|am|is)\s+{_ADVERBS}(?:in\s+the\s+process\s+of\s+|working\s+on\s+)?"
    r"(?P<verb>[a-z]{2,}ing)\b(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
# "Work has also started to pull …", "A project is also underway to replace …", "An effort is
# in progress to …": work begun, with what it changes after "to" or "on".
_BEGUN = re.compile(
    r"^(?:[^,.;:!?]{0,120},\s+)?(?:work|(?:an?|the)\s+(?:new\s+|separate\s+)?(?:project|effort|initiative))\s+"
    r"(?:\w+\s+){0,2}?(?:started|begun|commenced|under\s*way|in\s+progress|ongoing)\s+(?P<how>to|on)\s+(?P<rest>.+)",
    re.IGNORECASE | re.DOTALL,
)
# "We have begun documenting …", "we've started moving …": the work begun, not yet done.
_BEGUN_BY_US = re.compile(
    rf"{_LEAD}(?P<who>{_WHO})(?:\s+have|'ve|\s+has)\s+{_ADVERBS}(?:started|begun)\s+{_ADVERBS}"
    r"(?:[a-z]+ly\s+)?(?P<verb>[a-z]{2,}ing)\b(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
# "… this was somehow missed and they are working on updating their procedures": the work under
# way told in a clause joined to what happened ("they", a vendor or another team, as its subject).
_JOINED = re.compile(r"(?:,\s*|\s+)and\s+(?=(?:we|they|i)\s+(?:are|am|have|has)\b)", re.IGNORECASE)
# "We have a large upgrade planned during August that will fix …": a change held as planned.
_PLANNED = re.compile(
    rf"{_LEAD}(?:we|i)\s+{_ADVERBS}(?:have|'ve\s+got|have\s+got)\s+(?P<what>[^.;:!?]{{1,80}}?)\s+"
    r"(?:planned|scheduled|lined\s+up|in\s+the\s+works)\b",
    re.IGNORECASE,
)
_CHANGE_NOUN = re.compile(
    r"\b(?:upgrades?|migrations?|changes?|improvements?|rewrites?|replacements?|fix(?:es)?|overhaul|redesign|"
    r"refactor(?:ing)?|rollout|expansion|redundancy|failover)\b",
    re.IGNORECASE,
)
# "Will be doing some updates …", "Will add a check …": a promise whose subject the writer left out.
_IN_PROCESS = re.compile(r"\bin\s+the\s+process\s+of\s+$", re.IGNORECASE)
_NO_SUBJECT = re.compile(r"^(?:will|shall)\s+(?P<rest>(?:also\s+)?(?:be\s+)?[a-z]{2,}\b.*)", re.IGNORECASE | re.DOTALL)
_PRONOUN_NEXT = re.compile(r"^(?:it|this|that|they|we|you|he|she|there|the|a|an)\b", re.IGNORECASE)


# Work under way is also how a status page tells the live response ("We are deploying a change
# to mitigate", "Work is underway to bring the nodes back"); a follow-up told so is marked as
# more work beside the fix, or as aimed at the future or the next time.
_FOLLOW_UP = re.compile(
    r"\b(?:also|additionally|further(?:more)?|going\s+forwards?|moving\s+forward|in\s+the\s+future|from\s+now\s+on|"
    r"(?:long|medium)(?:er)?[\s-]term|apart\s+from|in\s+addition|besides|on\s+top\s+of|in\s+the\s+process\s+of|"
    # a season or a longer time to come: "This winter, we're revamping our deployment process"
    r"(?:this|next|the\s+coming)\s+(?:winter|spring|summer|autumn|fall|year|quarter|months))\b",
    re.IGNORECASE,
)


def _base(gerund: str) -> str | None:
    """The verb a gerund of change is formed from ("setting" → "set", "adding" → "add"), or None."""
    stem = gerund.lower()[:-3]
    for base in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if base in _CHANGE:
            return base
    return None


def under_way(sentence: str) -> bool:
    """Whether a sentence promises a change told as work under way or begun, or without its
    subject; each is judged as the "We will …" it stands for."""
    head = sentence[:300].replace("’", "'")
    if head.rstrip().endswith("?"):
        return False
    head = re.sub(r"\b(we|i)'(re|m)\b", r"\1 are", head, flags=re.IGNORECASE)
    marked = _FOLLOW_UP.search(head) is not None or prevents_recurrence(head)
    if (why := _WHY.match(head)) is not None and is_promise(head[why.end() :]):
        return True  # "That's why we're looking into alternatives to …"
    for clause in (head, *(head[joined.end() :] for joined in _JOINED.finditer(head, 0, 200))):
        for pattern in (_PROGRESSIVE, _BEGUN_BY_US):
            if marked and (match := pattern.match(clause)) is not None and (base := _base(match.group("verb")) or (
                # a verb outside the lexicon when the work is told as begun or in process ("hiring")
                (pattern is _BEGUN_BY_US or _IN_PROCESS.search(clause, 0, match.start("verb")))
                and open_base(match.group("verb"), _NOT_CHANGE)
            )):
                return is_promise(f"We will {base}{match.group('rest')}")
    if marked and (match := _BEGUN.match(head)) is not None:
        work = "" if match.group("how").lower() == "to" else "work on "
        return is_promise(f"We will {work}{match.group('rest')}")
    if (match := _PLANNED.match(head)) is not None and _CHANGE_NOUN.search(match.group("what")):
        return is_change(head)
    if (match := _NO_SUBJECT.match(head)) is not None and not _PRONOUN_NEXT.match(match.group("rest")):
        return is_promise(f"We will {match.group('rest')}")
    return False
