"""When a sentence places a change: already made (a perfect, a past or a passive perfect of
a change verb, "… is now easier to find", "… is in place", told after the incident) or still
to come or owed (under way, in development, "should …"); and whether prose that tells a
change made or under way is a follow-up of the incident rather than its story.

The story of the live response is told in the simple past ("We restarted the nodes", "The
config was updated at 12:03"); a follow-up made since is told with its present relevance (the
perfect: "We've set up alerts …", "a test … has been written"; "now"), or as work under way
("Further segmentation of the hosts is under way"). What changed is named by its object: an
alert, a test, a check, a process.

Pure word work on one sentence; every pattern is anchored or bounded (linear time).
"""

from __future__ import annotations

import re

from syncer.change_verbs import is_done_verb
from syncer.commitments import AFTERWARDS, WE_HAVE_IN_PLACE, prevents_recurrence
from syncer.intents import CHANGE_OBJECT
from syncer.lasting_changes import (
    after_lasting_lead,
    keeps_now,
    lasting_solution,
    without_condition,
)

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
_CONNECTIVE = re.compile(
    rf"^(?:(?:additionally|also|further(?:more)?|in\s+addition|moreover|finally|lastly|since\s+then|as\s+a\s+result|"
    rf"first(?:ly)?|second(?:ly)?|third(?:ly)?|next|"
    rf"over\s+the\s+(?:past|last|next)\s+(?:few\s+)?(?:days|weeks|months)),?\s+)?{_WE}\b",
    re.IGNORECASE,
)
_WE_PAST = re.compile(rf"^{_WE}\s+{_ADVERBS}(?P<verb>[a-z]+)\b", re.IGNORECASE)  # no lead: "To avoid …, we deployed …"
# The subject of a passive: up to 16 words, none opening a clause of its own
_PASSIVE_SUBJECT = r"^(?P<subject>(?:(?!(?:that|which|who|what|when|where|if|and)\s)[^\s.;:!?]+\s+){1,16}?)"
# "An explicit test … has been written": the passive perfect tells a result; the present
# ("alerts are routed to the on-call") may tell a habit or a wish
_PASSIVE = re.compile(
    rf"{_PASSIVE_SUBJECT}(?P<aux>(?:has|have)\s+(?P<when>since\s+|now\s+)?been)\s+"
    rf"{_ADVERBS}(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)
# "Security checks were implemented in the CI jobs": the simple past passive tells it made too
_PAST_PASSIVE = re.compile(
    rf"{_PASSIVE_SUBJECT}(?:was|were)\s+"
    rf"{_ADVERBS}(?:[a-z]+ly\s+)?(?P<verb>[a-z]+)\b",
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
    r"(?P<state>more\s+\w+|less\s+\w+|[a-z]+er\b|(?:put\s+)?in\s+place|self-\w+|required|mandatory|enforced|automated|"
    r"documented|monitored|tested|alerted|validated)",
    re.IGNORECASE,
)
_IN_PLACE = re.compile(rf"^(?:{WE_HAVE_IN_PLACE}|(?:[^\s.;:!?]+\s+){{1,10}}?(?:is|are)\s+(?:now\s+)?(?:put\s+)?in\s+place\b)", re.IGNORECASE)
# Still to come or owed: "(in development)", "will …", "should …", "is being rolled out", "planned".
_TO_COME = re.compile(
    r"\b(?:will|shall|should|must|need\s+to|going\s+to|plan(?:s|ning)?\s+(?:to|on)|in\s+development|in\s+progress|under\s*way|"
    r"ongoing|not\s+yet|pending|wip|(?:is|are)\s+(?:\w+\s+)?being\s+\w+|in\s+the\s+process\s+of|"
    r"(?:begun|started|commenced)\s+(?:(?:the\s+)?(?:process|work)\s+(?:of|on)\s+)?(?:\w+ly\s+)?[a-z]+ing|"
    r"(?:filed|opened|created|raised|logged)\s+(?:a|an|the)?\s*(?:ticket|issue|bug|task|card)\s+(?:to|for|about))\b|"
    r"\((?:planned|proposed|todo|to\s+do)\)",
    re.IGNORECASE,
)
# The live incident's state or the steps that end it: what a status update reports, not a change.
_LIVE = re.compile(
    r"\b(?:restor\w*|recover\w*|resolv\w*|mitigat\w*|investigat\w*|analy[sz]\w*|assess\w*|back\s+(?:up|online|to)|"
    r"operational|normal\w*|available|online|stable|hot\s*fix\w*|workaround|temporar\w*|for\s+now|monitoring\s+the|"
    r"re(?:send|sent|run|ran|tr(?:y|ie)|start|boot|process|submit)\w*)\b",  # the failed operation done again
    re.IGNORECASE,
)
# "Further segmentation of the hosts is under way", "there are also changes coming to how …"
# Work begun on a change ("We have begun retooling our token system", "We've started the
# process of decommissioning old bots"): the verb after it names the change.
_BEGUN = re.compile(
    rf"{_LEAD}{_WE}(?:\s+have|'ve|\s+has)\s+{_ADVERBS}(?:begun|started|commenced)\s+"
    rf"(?:(?:the\s+)?(?:process|work)\s+(?:of|on)\s+)?{_ADVERBS}(?:[a-z]+ly\s+)?(?P<verb>[a-z]+ing)\b",
    re.IGNORECASE,
)
_UNDER_WAY = re.compile(
    r"(?:\bthere\s+(?:is|are)\s+(?:also\s+)?(?P<coming>(?:[\w-]+\s+){0,2}?"
    r"(?:changes|improvements|work|upgrades|fixes))\s+(?:coming|planned|under\s*way|in\s+progress|on\s+the\s+way)\b|"
    r"^(?P<subject>(?:[^\s.;:!?]+\s+){1,10}?)(?:is|are)\s+(?:also\s+|now\s+|currently\s+|already\s+)*"
    r"(?:under\s*way|in\s+progress|in\s+the\s+works|being\s+worked\s+on)\b)",
    re.IGNORECASE,
)
# "… has been (put) in place": what the passive perfect reports is the thing itself, now there.
_IN_PLACE_SINCE = re.compile(r"\s+(?:put\s+)?in\s+place\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")  # where a sentence of English prose ends


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


def _told_made(sentence: str, *, any_verb: bool = False) -> bool:
    """Whether one sentence tells a change as made: by us, by another party, in the passive,
    by the state it brought, or after the incident; `any_verb`: any past form will do (what
    opened the sentence already says it is a lasting change: "… I disabled chained replication")."""
    head = sentence[:300].replace("’", "'")
    if (later := AFTERWARDS.match(head)) is not None:
        head = head[later.end() :]
    for pattern in (_PERFECT, _PAST, _PASSIVE, _PAST_PASSIVE, _OTHER_PAST):
        match = pattern.match(head)
        if match is not None and (made_verb(verb := match.group("verb")) or (any_verb and _past_form(verb))):
            return True
    return _NOW.match(head) is not None or _IN_PLACE.match(head) is not None


def _past_form(word: str) -> bool:
    word = word.lower()
    return word in _IRREGULAR or (word.endswith("ed") and len(word) >= 5 and word not in _STATIVE)


def tells_done(text: str) -> bool:
    """Whether an item's words tell it as carried out, read sentence by sentence: the first
    that tells a change made says done, the first that tells one to come says not done
    ("Our checks were routed elsewhere. We've updated them." is done)."""
    for sentence in SENTENCE_END.split(text[:400], maxsplit=3)[:3]:
        sentence = without_condition(sentence)  # "…, should this come up again": no plan of its own
        if _lasting(sentence[:300].replace("’", "'")):
            return True
        if _TO_COME.search(sentence[:300]) is not None:
            return False
        if _told_made(sentence):
            return True
    return False


# An opening participle right before a bare noun may name the thing rather than tell its making
# ("Automated failover testing", "Improved logging"); with a determiner after it, it is a verb
# ("Automated the failover test").
_BARE_PARTICIPLE = re.compile(r"^\W*(?P<verb>[A-Z][a-z]+ed)\s+(?!(?:the|a|an|our|their|its|all|this|these|that|every|"
                              r"each|some|any|more|two|three|it|them|to|in|on|for|with|by|from|up|out)\b)[a-z]")
# A heading that tells its entries were carried out ("Corrective measures implemented", "Completed")
_DONE_TITLE = re.compile(r"\b(?:implemented|completed|done|taken|made|applied|shipped|in\s+place|deployed|resolved)\b",
                         re.IGNORECASE)


def names_thing(text: str, section: str | None) -> bool:
    """Whether an entry opening with a participle names a thing rather than tells it made:
    a bare noun follows ("Automated failover testing") and its heading does not say the
    entries were carried out."""
    return _BARE_PARTICIPLE.match(text) is not None and (section is None or _DONE_TITLE.search(section) is None)


_DONE_SECTION = re.compile(r"\b(?:implemented|completed|done|in\s+place|shipped|deployed)\b", re.IGNORECASE)
_TO_COME_SECTION = re.compile(r"\b(?:future|next|planned|will|to\s*do|remaining|pending|outstanding|open|ongoing|"
                              r"in\s+progress|not)\b", re.IGNORECASE)


def section_done(section: str | None) -> bool:
    """A heading that says its entries are carried out ("Corrective measures implemented",
    "Done"), and nothing still to come ("Done and next")."""
    return section is not None and _DONE_SECTION.search(section) is not None and _TO_COME_SECTION.search(section) is None


def to_come(text: str) -> bool:
    """Whether an item's words mark it as still to come ("Automated failover (in development)")."""
    return _TO_COME.search(without_condition(text[:300])) is not None


def made_since(sentence: str) -> list[str]:
    """The clauses of a sentence of prose that tell a follow-up made or under way, not a step
    of the response: the perfect of a change verb with what it changed ("We've set up alerts
    for …"), the past with the recurrence it prevents ("We put in changes to X to help prevent
    …"), the passive perfect ("A test for the full upgrade flow has been written"), a state now
    reached ("Our response runbook is now easier to find"), or work under way ("Further
    segmentation of the hosts is under way", "there are changes coming to how runners are
    managed"). [] when none does."""
    head = sentence[:300].replace("’", "'").replace("‘", "'")  # curly quotes as the straight ones
    if _made_since(head):
        return [sentence]
    clauses = _COORDINATE.split(head)
    return [clause for clause in clauses[1:] if _made_since(clause)] if len(clauses) > 1 else []


_COORDINATE = re.compile(r"[,;]\s+(?:and|but)\s+|;\s+", re.IGNORECASE)
# Where a clause's own words end: what follows says why or what came of it ("… since this
# seems to be a symptom of …", "…, and since then 100% of data has been processed").
_OWN_END = re.compile(r"[,;:]|\s(?:since|because|as|which|who|whereby|while|so|and|but|after|when)\s", re.IGNORECASE)
# A word of the response naming the kind of process a change is to ("our data recovery process",
# "the incident response runbook"): the change is to the process, not a step of the response.
_PROCESS_OF = re.compile(r"\b(?:recovery|restoration|restore|incident|response|failover|mitigation)\s+"
                         r"(?:management\s+)?(?:process(?:es)?|procedures?|plans?|runbooks?|playbooks?|polic(?:y|ies)|"
                         r"drills?|tests?|testing|tooling)\b", re.IGNORECASE)


def _own(head: str, start: int) -> str:
    end = _OWN_END.search(head, start)
    return head if end is None else head[: end.start()]


def _responds(own: str) -> bool:
    """Whether a clause tells a step of the live response (not a change to a recovery process)."""
    return _LIVE.search(_PROCESS_OF.sub("process", own)) is not None


# What the purpose of a change made in the simple past must name to be about the next time, not
# this one ("to prevent further access" is containment).
_RECURRENCE = re.compile(r"\b(?:again|(?:in\s+the\s+)?future|recur\w*|similar|going\s+forward|from\s+now\s+on|"
                         r"this\s+kind|never)\b", re.IGNORECASE)
# the verb's object, a few words on: "set up alerts for …", "made changes to how we test"
_OBJECT = re.compile(rf"\s+(?:[\w'-]+\s+){{0,4}}?{CHANGE_OBJECT.pattern}", re.IGNORECASE)
_NEW = re.compile(r"(?:a|an|new|additional|extra|more|further|several)\s", re.IGNORECASE)
# Verbs that report a check of how things stand, not a change ("backups have been verified").
_CHECKED = frozenset({"verifi", "check", "review", "test", "validat", "confirm", "audit", "identifi", "monitor", "track",
                      "evaluat", "investigat", "assess", "analyz", "analys", "examin", "inspect", "notifi", "inform"})  # fmt: skip


# Verbs of study or talk: "we have begun investigating" names no change yet.
_STUDYING = ("look", "think", "talk", "discuss", "consider", "explor", "research", "stud", "plan", "learn")


def _changes(gerund: str) -> bool:
    """ "retooling", "decommissioning": work on a change, not a study or a check of it."""
    base = gerund.lower()[:-3]
    return len(base) >= 3 and not base.startswith(_STUDYING) and not any(base.startswith(c) for c in _CHECKED)


def _makes(verb: str) -> bool:
    """A past form that reports a change made, not a check."""
    verb = verb.lower()
    return made_verb(verb) and verb[:-2] not in _CHECKED and verb[:-3] not in _CHECKED


def _lasting(head: str) -> bool:
    """ "To permanently address the issue I disabled …", "Longer term solution was to add …",
    "As of today, we now set …": a change made to last, not a step of the response."""
    if (rest := after_lasting_lead(head)) is not None:
        return _told_made(rest, any_verb=True) and not _responds(_own(rest, 0))
    return lasting_solution(head) or keeps_now(head)


def _made_since(head: str) -> bool:
    if _lasting(head):
        return True
    # in prose, a perfect after a clause of its own may still tell the response ("Once X was
    # down, we have …"); after a connective it adds to what was done since
    if (match := _BEGUN.match(head)) is not None:
        return _changes(match.group("verb")) and not _responds(_own(head, match.end()))
    if (match := _PERFECT.match(head)) is not None and _CONNECTIVE.match(head) is not None:
        own = _own(head, match.end())
        return _makes(match.group("verb")) and _OBJECT.match(own, match.end()) is not None and not _responds(own)
    if (match := _WE_PAST.match(head)) is not None:  # the simple past tells the response unless it says what it prevents
        rest = head[match.end() :]
        return _makes(match.group("verb")) and _RECURRENCE.search(rest) is not None and prevents_recurrence(rest) \
            and not _responds(_own(head, match.end()))
    if _LIVE.search(head) is not None:
        return False
    if (match := _PASSIVE.match(head)) is not None:
        if _IN_PLACE_SINCE.match(head, match.end("aux")):  # "New alerting has been in place to …": a new thing
            return _NEW.match(match.group("subject")) is not None and _names_change(match.group("subject"))
        # a new thing made ("an explicit test … has been written"), not a state reached by
        # things that were there ("the affected checks have been replaced"), unless made since
        # ("Log rotation has since been configured to run hourly")
        subject = match.group("subject")
        since = match.group("when") is not None
        return _makes(match.group("verb")) and (
            since or (_NEW.match(subject) is not None and CHANGE_OBJECT.search(subject) is not None))
    if (match := _NOW.match(head)) is not None:
        return _names_change(match.group("subject")) or prevents_recurrence(head)
    if (match := _UNDER_WAY.search(head[:160])) is not None:
        return match.group("coming") is not None or _names_change(match.group("subject") or "")
    return False


# A change told by its noun: a nominalisation ("segmentation of the hosts") or a change object.
_NOMINAL = re.compile(r"\b[a-z]{4,}(?:ation|ment|ing)\b", re.IGNORECASE)


def _names_change(subject: str) -> bool:
    return CHANGE_OBJECT.search(subject) is not None or _NOMINAL.search(subject) is not None
