"""A recommendation that names one change to make, told as a need rather than a promise:
"We need branch protection to ensure that CI gates merges", "we should have a set of
presubmits that …", "Back-up systems should be implemented to ensure …", "Our existing
resolvers should by default implement typing".

Pure word work on one sentence. What is no such need: a rule told as a habit or a value
("Monitoring is important", "Failovers must always be tested"), hindsight ("This should have
been caught"), a wish without a change ("we need to be sure our site is resilient", "we need
your help"), a musing ("In an ideal world every service should be …"); advice to the reader
("Users should upgrade") the caller tells apart (syncer.prose).
"""

from __future__ import annotations

import re

from syncer.change_verbs import IMPERATIVE, is_done_verb
from syncer.commitments import CLOCK
from syncer.evidence import states_rule
from syncer.promise_limits import STUDY_VERBS

_DETERMINER = r"(?:a|an|the|some|more|any|better|proper|stronger|clearer|additional|dedicated|regular|new)"
_QUANTIFIER = rf"(?:{_DETERMINER}|[\w-]+ed)"
# "We need branch protection …", "we also need a staging environment …", "We should have a set of …":
# the team needs a thing it lacks (a noun phrase after the need, not "to …" nor a person)
_WE_NEED_THING = re.compile(
    r"\bwe\s+(?:also\s+|still\s+|clearly\s+|really\s+|definitely\s+)?(?:need|require|should\s+(?:also\s+)?have|"
    r"must\s+(?:also\s+)?have)\s+(?!(?:to|you|your|it|them|this|that|these|those|all|everyone|anyone|some\s+time|"
    r"time|more\s+time|help|been|had|not|no)\b)"
    rf"(?:{_QUANTIFIER}\s+)?(?P<noun>[a-z][\w-]{{2,}})(?P<after>(?:\s+[\w-]+){{0,3}})",
    re.IGNORECASE,
)
# "Back-up systems should be implemented", "Regular communication … should be established",
# "Our existing resolvers should by default implement typing": a thing of the team's that ought to change
_OUGHT = re.compile(
    r"^(?:[\w()'/,-]+\s+){1,14}?"
    r"(?:should|must|needs?\s+to|ha(?:ve|s)\s+to|ought\s+to)\s+(?:also\s+|now\s+|by\s+default\s+|always\s+|be\s+made\s+to\s+)?"
    r"(?:(?P<be>be)\s+(?:[a-z]+ly\s+)?(?P<participle>[a-z]+?(?:ed|d|en|wn|lt|t))\b|(?P<verb>[a-z]+)\b)",
    re.IGNORECASE,
)
# A sentence told in hindsight: "should have been caught", "would have helped"
# ("We should have a set of presubmits" is a need: a thing after "have", not a participle)
_HINDSIGHT = re.compile(
    rf"\b(?:should|would|could|must|might)\s+(?:not\s+)?have\s+(?!{_DETERMINER}\s)[a-z]", re.IGNORECASE
)
_NEGATED = re.compile(r"\b(?:should|must|need)(?:n't|\s+not|\s+never)\b", re.IGNORECASE)
_MUSING = re.compile(r"\bideal(?:ly)?\b|\bwould\s+be\s+(?:nice|great|good|better)\b|\b(?:perhaps|maybe)\b", re.IGNORECASE)
_PEOPLE = re.compile(r"^\W*(?:we|i|you|they|he|she|it|this|that|there|everyone|someone|anyone)\b", re.IGNORECASE)


def states_need(sentence: str) -> bool:
    """Whether a sentence recommends one change of the team's own, as a need ("We need X",
    "X should be implemented")."""
    head = sentence[:300].replace("’", "'")
    if head.rstrip().endswith("?") or _HINDSIGHT.search(head) or _NEGATED.search(head) or _MUSING.search(head) \
            or states_rule(head):
        return False
    if (need := _WE_NEED_THING.search(head)) is not None:
        return not _NOT_A_THING.intersection(f"{need.group('noun')} {need.group('after')}".lower().split()) \
            and not CLOCK.search(head)
    if _PEOPLE.match(head) or (ought := _OUGHT.match(head)) is None:
        return False
    subject = head[: ought.start("verb") if ought.group("verb") else ought.start("be")].lower()
    if _CLAUSE_LEAD.match(subject) or _NOT_THE_SUBJECT.intersection(re.findall(r"[a-z']+", subject)):
        return False  # "After the cable is replaced speeds should increase", "…, we will need to …"
    if ought.group("be"):
        participle = ought.group("participle").lower()
        stem = participle[:-2] if participle.endswith("ed") else participle[:-1]
        # "… must be reviewed together", "… should be monitored": a study to keep up, a lesson's rule
        return is_done_verb(stem) and not {stem, stem + "e"} & STUDY_VERBS
    verb = ought.group("verb").lower()
    # "Bandwidth should improve in the afternoon": a forecast of how a thing will fare (no object)
    forecast = _NO_OBJECT.match(head, ought.end("verb")) is not None
    return verb in IMPERATIVE and verb not in STUDY_VERBS and not forecast


# What follows a verb used without an object: a time, a place, a manner, or nothing
# ("… should improve in the afternoon", "… should increase soon", "… should drop.")
_NO_OBJECT = re.compile(r"\s*(?:$|[.,;!]|(?:in|at|after|within|during|by|soon|shortly|again|once|when|whenever|"
                        r"until|gradually|quickly|significantly|dramatically|somewhat|slightly)\b)", re.IGNORECASE)
# What the team may need that is no change of its own ("we need patience", "we need answers")
_NOT_A_THING = frozenset({"patience", "answers", "feedback", "support", "input", "information", "data", "funding",
                          "donations", "volunteers", "people", "someone", "understanding", "clarity", "help",
                          "fix", "patch", "answer", "update", "two", "three", "several", "pieces"})
# What makes the words before "should" no subject of its own: a clause that sets a condition or a
# time ("If the disk fills, …", "After the cable is replaced …"), a person ("we will need to")
_CLAUSE_LEAD = re.compile(r"^\W*(?:if|when|whenever|once|after|before|until|unless|as\s+soon|according|in\s+such|"
                          r"in\s+(?:this|that|the)\s+case|otherwise|then|so|hopefully|ideally)\b")
_NOT_THE_SUBJECT = frozenset({"we", "i", "you", "they", "he", "she", "it", "is", "are", "was", "were", "has", "have",
                              "had", "be", "been", "will", "would", "can", "could", "did", "does", "do"})
