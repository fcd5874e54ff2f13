"""Ways prose states an intended change beyond "We will …": a time frame before the subject
without a comma ("In the future we intend to …"), intentions told as plans, wishes or work
under way ("we are looking to", "we plan on", "we are in the middle of an effort to"), an
organisation as the subject ("Chia plans to …", "Acme is actively working on …") and a change
told in the passive while it is being made or to come ("extra servers are being installed",
"the reliance on the API will be removed").

Pure and linear: every pattern is anchored and bounded. syncer.commitments decides whether
what the matched verb names is a change.
"""

from __future__ import annotations

import re

from syncer.change_verbs import IMPERATIVE
from syncer.passive_promises import names_work

# A time frame that opens the sentence, with or without a comma after it.
_FRAME = (
    r"(?:in\s+the\s+(?:near\s+|coming\s+|next\s+(?:few\s+)?)?(?:future|days|weeks|months|year)|"
    r"in\s+the\s+(?:short|medium|long)(?:er)?\s+term|(?:short|medium|long)(?:er)?[\s-]term|"
    r"going\s+forward|moving\s+forward|from\s+now\s+on|next|soon|later|eventually)"
)
_LEAD = rf"^(?:[\w' ()/-]{{0,120}},\s+|{_FRAME},?\s+)?"
_ADVERB = r"(?:(?:also|now|currently|actively|still|further|already)\s+)?"
_THEN = r"(?:\s+(?:also|now|be|then|soon|completely|fully|further|gradually))*\s+(?P<verb>[a-z'-]+)"
_INTENT = re.compile(
    rf"{_LEAD}(?P<who>we|i|they|our\s+(?:[\w-]+\s+){{0,2}}teams?)\s+{_ADVERB}"
    r"(?:will|shall|are\s+going\s+to|intend\s+to|plan\s+(?:to|on)|aim\s+to|have\s+plans\s+to|"
    rf"are\s+{_ADVERB}looking\s+(?:at|into)\s+(?:what|how)\s+we\s+can\s+do\s+(?:for|about|to)(?:\s+improve)?|"
    rf"are\s+{_ADVERB}(?:looking|working|aiming|planning|preparing)\s+to|"
    rf"are\s+{_ADVERB}in\s+the\s+(?:middle|process)\s+of(?:\s+(?:an?|the))?(?:\s+[\w-]+){{0,2}}?\s+"
    r"(?:effort|project|work|migration)\s+to|"
    rf"are\s+{_ADVERB}in\s+the\s+process\s+of)"
    rf"{_THEN}",
    re.IGNORECASE,
)
# An organisation or product named as the subject of a plan: capitalised words, then a verb
# of intention in the third person ("Chia Network is actively working on getting …").
_NAMED = re.compile(
    rf"{_LEAD}(?P<who>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){{0,2}})\s+(?i:{_ADVERB}"
    rf"(?:plans\s+(?:to|on)|intends\s+to|is\s+{_ADVERB}(?:going\s+to|planning\s+to|working\s+(?:on|to)|"
    rf"committed\s+to|in\s+the\s+process\s+of)))"
    rf"{_THEN}"
)
# A change being made as the text is written, told in the passive: "All secrets are being rotated".
# "A number of improvements are being implemented" names none of them.
_UNNAMED = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:number\s+of|several|some|few|multiple|various|many|other|further|additional|more)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:changes|improvements|steps|measures|actions|fixes|updates)\b",
    re.IGNORECASE,
)
_BEING = re.compile(
    rf"{_LEAD}(?P<who>(?:[\w'()-]+\s+){{1,8}}?)(?:is|are)\s+{_ADVERB}being\s+(?P<verb>[a-z]+ed|rebuilt|built|rewritten|set\s+up)\b",
    re.IGNORECASE,
)


# What a follow-up changes: the object that tells a change made from a step of the response.
CHANGE_OBJECT = re.compile(
    r"\b(?:alert\w*|monitor\w*|tests?|testing|checks?|health\s*checks?|validation|guard\w*|safeguards?|limits?|"
    r"thresholds?|dashboards?|runbooks?|playbooks?|documentation|docs|process(?:es)?|procedures?|polic(?:y|ies)|"
    r"changes|improvements|protections?|probes?|timeouts?|retries|redundan\w*|failover|backups?|capacity|"
    r"automation|tooling|staging|safeties|restrictions?|segmentation|isolation|requirements?|reviews?|"
    r"training|notifications?|warnings?|logging|metrics|detection|controls?|rules?|criteria|jobs?|scripts?|workflows?)\b",
    re.IGNORECASE,
)
# A change promised in the passive: "The reliance on the API will be removed for private repositories".
_WILL_BE = re.compile(
    rf"{_LEAD}(?P<who>(?:[\w'()-]+\s+){{1,8}}?)(?:will|shall)\s+{_ADVERB}be\s+{_ADVERB}"
    r"(?P<verb>[a-z]+ed|rebuilt|built|rewritten|set\s+up)\b",
    re.IGNORECASE,
)


# Words that end a subject and start a clause of its own: a subject spans none of them.
_CLAUSE_WORDS = (
    r"may|might|can|could|would|should|must|is|are|was|were|be|been|has|have|had|do|does|did|if|when|while|"
    r"that|which|who|because|since|after|before|until|as|to|due|so|but|and\s+(?:we|it|this)"
)
_OPENS_CLAUSE = re.compile(rf"\b(?:{_CLAUSE_WORDS})\b", re.IGNORECASE)
# Anyone else as the subject of a change to come, with a verb of change: "@jonah will help us
# implement …", "All SDKs will stop retrying …", "The platform team, with the vendor, will
# schedule a review …". Not what the text refers back to ("This will allow …", "It will take
# …"), nor the reader ("Users will need to …"), whose futures are consequences.
_OTHERS_WILL = re.compile(
    rf"{_LEAD}(?P<who>(?:(?!(?:{_CLAUSE_WORDS})\b)[@\w'()&.,-]+\s+){{1,8}}?)(?:will|shall)\s+{_ADVERB}"
    r"(?:help\s+(?:us\s+|them\s+)?(?:to\s+)?|work\s+to\s+|continue\s+to\s+)?(?P<verb>[a-z'-]+)\b",
    re.IGNORECASE,
)
_REFERS_BACK = re.compile(
    r"^(?:(?:and|but|so|then)\s+)?(?:it|this|that|these|those|there|which|what|who|you|your|users?|customers?|clients?|"
    r"people|everyone|anyone|someone|nobody|one|he|she|we|i|they|our|the\s+(?:site|service|system|website|page|api|"
    r"platform|outage|incident|issue|problem|fix|change|update|release|migration))\b",
    re.IGNORECASE,
)


# Someone who acts: a handle, a name, a team. A thing as the subject of these verbs tells what
# a change will bring ("The separation will provide isolation"), not a change to come.
_ACTOR = re.compile(r"@\w|\b(?:[A-Z][\w.&-]+|teams?|engineers?|staff|admins?|operators?|maintainers?|owners?)\b")
_EFFECTS = frozenset({"provide", "improve", "reduce", "allow", "ensure", "prevent", "enable", "increase", "make",
                      "lower", "limit", "expose", "detect", "avoid", "eliminate", "help", "mitigate", "include"})


def _others_will(head: str) -> re.Match[str] | None:
    match = _OTHERS_WILL.match(head)
    if match is None or _REFERS_BACK.match(match.group("who")) is not None:
        return None
    verb = match.group("verb").lower()
    if verb not in IMPERATIVE:
        return None
    acts = _ACTOR.search(match.group("who")[1:]) is not None or match.group("who")[:1] == "@"
    return match if acts or verb not in _EFFECTS else None


def _names_own_thing(subject: str) -> bool:
    """Whether the subject of a passive promise names a thing of its own: it opens no clause ("…
    but when they do it will be included") and does not refer back to what was said ("This post
    will be updated"; "Our build server will be replaced" names its thing)."""
    if _OPENS_CLAUSE.search(subject) is not None:
        return False
    return _REFERS_BACK.match(subject) is None or subject.lower().startswith("our ")


def intent(head: str) -> tuple[re.Match[str], bool] | None:
    """The intention a sentence states beyond "We will …" ("who" and "verb" groups), and
    whether it is told in the passive (its verb a participle); None when it states none."""
    for pattern in (_INTENT, _NAMED):
        if (match := pattern.match(head)) is not None:
            return match, False
    if (match := _BEING.match(head)) is not None and not _UNNAMED.match(match.group("who")):
        return match, True
    # a promise in the passive names what it changes ("the runbook will be updated"); "blocks
    # will be created every two seconds" tells how a system will behave
    if (match := _WILL_BE.match(head)) is not None and (
        CHANGE_OBJECT.search(match.group("who")) is not None
        or (_names_own_thing(match.group("who")) and names_work(match.group("verb"), head[match.end() :]))
    ):
        return match, True
    if (match := _others_will(head)) is not None:
        return match, False
    return None
