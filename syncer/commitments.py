"""Whether one sentence commits to a change: a promise ("We will …", "The infra team will …"),
an instruction ("Add an alert …", "ICL to upgrade …") or a change already made ("We enabled
branch protection", "… is now documented"), as against an update promised to readers, a
statement of values or a step of the live response.

Pure word work on one sentence; syncer.promise_limits tells what a promise must not be (an
update, the live event, values), syncer.intents reads intentions beyond "We will …",
syncer.owner_prefixes who an item names at its start, syncer.change_verbs the verbs of change.
"""

from __future__ import annotations

import re

from syncer.change_verbs import IMPERATIVE, is_change_verb, is_done_verb
from syncer.foreign_instructions import foreign_instruction
from syncer.foreign_promises import foreign_done_follow_up, foreign_promise
from syncer.intents import CHANGE_OBJECT, intent
from syncer.lasting_changes import IF_AGAIN
from syncer.owner_prefixes import owner_prefix
from syncer.promise_limits import is_change, is_value_statement
from syncer.verb_lexicon import NOMINAL, VERBS

_SUBJECT = (
    r"(?P<who>we|i|they|our\s+(?:[\w-]+\s+){0,2}(?:team|teams|engineers)|the\s+(?:[\w-]+\s+){0,2}(?:team|teams)|"
    r"our(?:\s+[\w-]+){1,4}(?:\s+\([^()]{1,60}\))?)"  # "Our next upgrade (Bedrock) will use …"
)
_LEAD = r"^(?:[\w' ()/-]{0,120},\s+)?"  # "As a longer-term fix (Q2 2024), we will …"
# What may come between the promise and its verb ("will also strive to provide")
_BETWEEN = (
    r"(?:\s+(?:also|now|additionally|further|continue\s+to|be|then|immediately|soon|promptly|to|"
    r"work\s+to|work\s+on|look\s+(?:into|at)|strive\s+to|try\s+to|aim\s+to|seek\s+to))*\s+(?P<verb>[a-z'-]+)"
)
_PROMISE = re.compile(
    rf"{_LEAD}{_SUBJECT}\s+(?:also\s+|now\s+)?(?:will|shall|(?:are|am)\s+(?:also\s+|now\s+)?going\s+to|"
    r"plan\s+to|intend\s+to|have\s+committed\s+to|are\s+committed\s+to|commit\s+to|"
    r"are\s+(?:now\s+|also\s+|currently\s+|actively\s+)?(?:working\s+on|adding|building|"
    r"implementing|introducing|creating|developing|improving|investing\s+in|updating|reviewing|"
    r"changing|migrating|moving|planning|putting|rolling\s+out|making|taking|exploring|"
    r"evaluating|expanding|enhancing|increasing|reducing|deploying|extending|auditing|redesigning|"
    r"rebuilding|rewriting|refactoring|replacing|adopting|automating|documenting|hardening|"
    r"strengthening|revisiting|reworking|upgrading|prioriti[sz]ing|establishing|formali[sz]ing)|"
    # an intention: "we're looking to create", "we are looking into options", "we plan on deprecating"
    r"(?:(?:are|am|'re)\s+(?:now\s+|also\s+|currently\s+|actively\s+)?)?"
    r"(?:intend|plan|aim|seek|look)(?:s|ing)?\s+(?:to|on|into)|"
    # work with another party: "we are working with outside specialists to review our policies"
    r"are\s+(?:now\s+|also\s+|currently\s+|actively\s+)?working\s+(?:closely\s+)?with\s+[^.;:]{1,80}?,?\s+to|"
    # a study whose object is the change: "we are investigating ways to improve the resilience of …"
    r"are\s+(?:now\s+|also\s+|currently\s+|actively\s+)?(?:investigating|exploring|evaluating|researching|"
    r"considering|looking\s+(?:at|into))\s+(?:(?:several|different|various|new|other)\s+)?"
    r"(?:ways|options|approaches|means)\s+(?:to|of))"
    rf"{_BETWEEN}",
    re.IGNORECASE,
)
# The promise as the second half of the subject's sentence: "We are sorry for the confusion
# and will strive to …", "I have revoked the token, and will avoid creating one …"
_COORDINATED = re.compile(
    rf"{_LEAD}(?P<who>we|i|(?:the|our)\s+(?:[\w-]+\s+){{0,2}}?teams?)\s+[^.;:!?]{{1,200}}?(?:,\s*|\s+)and\s+(?:also\s+|then\s+)?"
    rf"(?:will|shall|are\s+going\s+to|plan\s+to|intend\s+to){_BETWEEN}",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^(?:(?:lastly|finally|firstly|first|second|secondly|third|thirdly|additionally|also|further"
    r"(?:more)?|in addition|moreover|next|then|going forward|moving forward|in the future|"
    r"longer[- ]term|short[- ]term|in the short term|in the long term|as a result|to (?:prevent|avoid|"
    r"reduce|mitigate|address) [^,]{1,80}),\s*)",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"[A-Za-z][a-z'-]*")
# A subject's contracted verb, read in full so one pattern serves "I'll", "we're", "they'll"
_CONTRACTED = re.compile(r"\b(we|i|they)'(ll|re|m)\b", re.IGNORECASE)
_EXPANDED = {"ll": "will", "re": "are", "m": "am"}


def _expand(match: re.Match[str]) -> str:
    return f"{match.group(1)} {_EXPANDED[match.group(2).lower()]}"


CLOCK = re.compile(r"\b\d{1,2}[:h]\d{2}(?:\s*[ap]\.?m)?\b|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)  # "13:30", "09h30am"
# "we will be able to", "we will have", "we will need to": a consequence, not a change
_NOT_A_VERB = frozenset({"not", "see", "know", "able", "have", "need", "get", "remain", "still", "never", "hear",
                         "dive", "dig"})  # "we are planning to dive deeper into this": a study




def is_promise(sentence: str) -> bool:
    """ "We will …", "Lastly, we are going to …", "The infra team will …": a stated commitment
    to change something (not to post an update or publish the report, nor a sign-off that
    promises the reader trust or continued analysis)."""
    head = sentence[:300].replace("’", "'")
    if "'" in head:
        head = _CONTRACTED.sub(_expand, head)
    match = _PROMISE.match(head)
    if match is not None and head[: match.start("verb")].rstrip().lower().endswith(" be"):
        match = None  # "Our runbook will be updated": a promise in the passive, judged as one below
    if match is None and (match := _COORDINATED.match(head)) is not None and not _PURPOSE.search(head):
        return False  # "We found the cause and will deploy the fix": the live incident, unless told against recurrence
    if match is None and (stated := intent(head)) is not None:
        match, passive = stated
        if passive:  # "extra servers are being installed": a change verb, not "are being affected"
            return is_done_verb(match.group("verb")[:-2]) and is_change(head) and not CLOCK.search(head)
        if _OURS_PASSIVE.search(head, 0, match.start("verb")) and match.group("verb").lower().endswith(("ed", "en", "wn")):
            return False  # "We'll be closed over the weekend", "we will be notified": our state, no change
    if match is None and not CLOCK.search(head):
        return foreign_promise(head)  # "Wir werden …", "対応予定です": the same promise in another language
    if match is None or CLOCK.search(head):
        return False  # a plan for a time of day ("power it on after 2:30 PM") is the live response
    intended = re.search(r"\b(?:intend|plan|aim)s?\s+to\s+$", head[: match.start("verb")], re.IGNORECASE)
    if match.group("verb").lower() in _NOT_A_VERB and not (intended and match.group("verb").lower() == "have"):
        return False  # "we will have a better view" names no change; "we intend to have the jobs running" does
    who = (match.groupdict().get("who") or "we").lower().strip()
    ours = who.startswith("our") and not who.endswith(("team", "teams", "engineers"))
    if ours and _INTENDS.search(head, match.end("who"), match.start("verb")):
        return False  # "Our processes aim to streamline …": what a thing is for, not a plan of people
    if (who in ("i", "they") or ours) and match.group("verb").lower() not in IMPERATIVE:
        return False  # "they will happen" (incidents), "I will speak about this": no change named
    if _LIVE_STEP.match(head, match.start("verb")):
        return False  # "we are taking action to shut down the server": the live response
    own = _own_clause(head, match.end("verb"))
    # a lead naming the report ("As the main action of this postmortem, we plan to change …")
    # does not make a verb of change a promise to communicate
    subject = match.start("who") if match.groupdict().get("who") and match.group("verb").lower() in IMPERATIVE else 0
    if is_change(own, subject):
        return not is_value_statement(head, match)
    # "… to investigate the issue as well as review our security policies": a change joined to the study
    partner = re.search(r"\bworking\s+(?:closely\s+)?with\b", head[: match.start("verb")], re.IGNORECASE)
    return partner is not None and (also := _ALSO_CHANGES.search(own)) is not None \
        and also.group("verb").lower() in IMPERATIVE


# "… we will be (fully) …" right before the verb: a passive whose subject is the team itself
_OURS_PASSIVE = re.compile(r"\b(?:we|i)\s+(?:will|shall|are\s+going\s+to)\s+(?:[a-z]+ly\s+)*be\s+(?:[a-z]+ly\s+)*$", re.IGNORECASE)


_INTENDS = re.compile(r"\b(?:aim|intend|plan|seek)s?\b", re.IGNORECASE)


_ALSO_CHANGES = re.compile(
    rf"\b(?:and|as\s+well\s+as)\s+(?P<verb>[a-z]+)\s+(?:(?:our|the|its|their)\s+)?(?:[\w-]+\s+){{0,3}}?"
    rf"{CHANGE_OBJECT.pattern}",
    re.IGNORECASE,
)


# Steps that end or contain the live incident, named as what the promise does first.
_LIVE_STEP = re.compile(
    r"(?:(?:tak(?:e|ing)\s+)?(?:action|steps|measures)\s+to\s+)?(?:shut\s*down|reboot|restart|roll\s*back|revert|"
    r"power\s+(?:on|off|down|up|cycle)|fail\s*over|restor\w*|re-?run\w*|retr(?:y|ies|ying)|re-?schedul\w*|"
    r"resum\w*|redo|re-?attempt\w*|recover\w*)\b",  # restoring service, trying the failed event again
    re.IGNORECASE,
)


# Where the promise's own clause ends: another clause after it ("… fix the bug, and we'll
# update here", "… add a status banner, which informs users", "… a better error page that will
# inform users") does not make the change it names mere communication.
_CLAUSE_END = re.compile(r"[,;]|\s(?:which|who)\s|\sthat\s+(?:will|would|can|could|may|might)\s", re.IGNORECASE)


def _own_clause(head: str, verb_end: int) -> str:
    end = _CLAUSE_END.search(head, verb_end)
    return head if end is None else head[: end.start()]


# A finite verb right after the first word or two makes that word the subject's noun
# ("Log verbosity has a cost", "Rate limits were not the cause"), not an instruction …
_FINITE = frozenset({"is", "are", "was", "were", "has", "have", "had", "does", "did", "can", "cannot", "could",
                     "should", "would", "will", "must", "may", "might", "needs", "seems", "isn't", "wasn't",
                     "weren't", "doesn't", "didn't", "hasn't"})  # fmt: skip
_SETTING = re.compile(r"^[A-Za-z][\w-]*(?:\s+[\w-]+){0,3}\s*:\s*[\w.%/-]+(?:\s+[\w.%/-]+){0,2}\s*$")
_ADVERBS = frozenset({"never", "only", "also", "not", "always", "often", "still", "now"})
# … unless the verb takes a clause ("Ensure backups are tested", "Verify the key is rotated").
_CLAUSE_VERBS = frozenset({"ensure", "verify", "make", "check", "confirm", "validate", "require", "test"})


# What opens a verb's object: "Load the schema first", "Table these changes", "Double every pool".
_OBJECT_OPENERS = frozenset({"the", "a", "an", "our", "their", "its", "your", "this", "that", "these", "those",
                             "all", "any", "each", "every", "more", "some", "it", "them", "new", "existing"})  # fmt: skip


def _instruction_verb(verb: str, following: list[str], *, broad: bool) -> bool:
    """The hand list, or a verb of change (WordNet) with its object after it: not a label
    ("Trigger: MVR=1", "Duplicate prevention: …"), and for a word read more often as a noun
    ("Load balancer failed", "Table of contents") only an object that opens like one ("Load the schema")."""
    if verb in IMPERATIVE:
        return True
    if not broad or verb not in VERBS or not following or any(w.endswith(":") for w in following):
        return False
    return verb not in NOMINAL or following[0] in _OBJECT_OPENERS


def is_imperative(text: str, *, broad: bool = False) -> bool:
    """Starts with an instruction verb ("Add …", "Investigate …"), after an optional lead-in;
    `broad`: any verb of change ("Decouple …", "Throttle …"), where the entry's place already
    expects commitments."""
    body = _LEAD_IN.sub("", text.lstrip(" *_-–—•>\t"), count=1)
    word = _FIRST_WORD.match(body)
    if word is None or ((verb := word.group(0).lower()) not in IMPERATIVE and verb not in VERBS):
        return foreign_instruction(body)  # "Añadir alertas …", "監視を追加する": the to-do form of another language
    following = [w for w in body[word.end() : word.end() + 80].lower().split() if w not in _ADVERBS][:2]
    if not _instruction_verb(verb, following, broad=broad):
        return False
    if body[word.end() : word.end() + 1] in ("_", "."):
        return False  # "delete_all_records never had a test": a name in the code, not a verb
    if _SETTING.match(body):
        return False  # "Schedule : weekly", "Include global state: Yes": a setting and its value
    return verb in _CLAUSE_VERBS or not any(w.strip(",.;:") in _FINITE for w in following)


# "We need to …" commits the team; "Failovers need to be exercised" states a rule.
# A need to say something ("We should also acknowledge that …", "we must stress …") changes nothing.
_WEAK = re.compile(
    r"\bwe\s+(?:should|must|need\s+to|have\s+to|ought\s+to)\b(?!\s+(?:also\s+)?(?:acknowledge|note|mention|stress|"
    r"emphasi[sz]e|point\s+out|admit|recogni[sz]e|thank|say|add\s+that|remember|bear\s+in\s+mind)\b)",
    re.IGNORECASE,
)


# "We enabled branch protection", "We have extended the scope", "Reduced the number of …",
# "Alerts configured", "… is now documented": a follow-up already carried out
_DONE_LEAD = re.compile(
    r"^(?:(?:we|i|the\s+team)(?:\s+have\s+|'ve\s+|\s+has\s+|\s+)(?:now\s+|also\s+|since\s+|already\s+)?)?"
    r"(?P<verb>[a-z]+?)(?:ed|d)\b",
    re.IGNORECASE,
)
_DONE_TAIL = re.compile(r"^(?:[\w@`'-]+\s+){0,4}(?P<verb>[a-z]+?)(?:ed|d)\s*$", re.IGNORECASE)
_DONE_NOW = re.compile(r"\b(?:is|are|has\s+been|have\s+been)\s+now\s+\w+ed\b|\b(?:is|are)\s+now\s+(?:documented|in\s+place|enabled|live|required)\b", re.IGNORECASE)
_DONE_MARK = re.compile(r"\((?:done|completed?|fixed|shipped)\)|\b(?:DONE|COMPLETED|FIXED)\b|✅|✔")


def reads_done(text: str) -> bool:
    """Whether an item's words say it is already carried out (past tense of a change verb,
    "… is now documented", "(done)"); restarts and rollbacks are no such verbs."""
    head = text[:200].replace("’", "'")
    if _DONE_MARK.search(head) or _DONE_NOW.search(head) or _NOW_RULE.match(head):
        return True
    for pattern in (_DONE_LEAD, _DONE_TAIL):
        match = pattern.match(head if pattern is _DONE_LEAD else head[:80])
        if match and is_done_verb(match.group("verb")):
            return True
    return False


def is_commitment(text: str, *, weak: bool = True, broad: bool = False) -> bool:
    """A promise, an instruction or (if `weak`) a stated need ("We need to document …"): what
    an action item's first sentence reads like where commitments are expected."""
    first = text[:300]
    return (
        is_imperative(first, broad=broad) or is_promise(first) or owner_prefix(first)[0] is not None
        or (weak and _WEAK.search(first[:200]) is not None)
    )


def names_change(text: str) -> bool:
    """Whether an entry's words name a change, to make or made: a commitment, a change verb
    at its start ("Adding alerts", "Automated failover") or a past one ("Alerts configured")."""
    head = text[:300]
    first = _FIRST_WORD.match(_LEAD_IN.sub("", head.lstrip(" *_-–—•>\t"), count=1))
    return (
        is_commitment(head, weak=False) or reads_done(head)
        or (first is not None and is_change_verb(first.group(0)))
    )


# A change already made, told with the recurrence it prevents: "We improved our CI to avoid
# this kind of issue in the future"; "Our incident process now requires a private channel".
_PURPOSE = re.compile(
    r"\b(?:(?:in\s+order\s+)?to\s+(?:help\s+)?(?:avoid|prevent|ensure|catch|detect|include)|in\s+the\s+future|"
    r"going\s+forward|from\s+now\s+on|"
    r"no\s+longer|so\s+that\s+(?:we|this|it|the)|never\s+again|"
    # "… so this particular problem won't happen again", "…, should this situation come up again"
    r"so\s+(?:[\w'-]+\s+){1,5}?(?:won't|will\s+not|doesn't|does\s+not|can't|cannot|never)\s+(?:\w+\s+)?"
    rf"(?:happen|occur|recur|repeat)|{IF_AGAIN}|(?:when|if)\s+(?:a\s+|the\s+|this\s+|it\s+)?(?:similar\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:happens|occurs|arises|recurs)\s+again)\b",
    re.IGNORECASE,
)
_NOW_RULE = re.compile(
    r"^(?:our|the)\s+(?:[\w-]+\s+){0,4}now\s+(?:requires|enforces|includes|runs|checks|validates|"
    r"blocks|alerts|pages|prescribes)\b",
    re.IGNORECASE,
)
WE_HAVE_IN_PLACE = r"we\s+(?:now\s+have|have\s+now)\s[^.;]{1,150}?\bin\s+place\b"  # "We now have a staging network in place"
_IN_PLACE = re.compile(rf"^{WE_HAVE_IN_PLACE}", re.IGNORECASE)
_WE_DID = re.compile(r"^(?:we|we've|we\s+have)\s", re.IGNORECASE)
_SINCE = re.compile(r"^we(?:'ve|\s+have)\s+since\s", re.IGNORECASE)  # "We have since published a fix"
# A time after the incident opening the sentence: what was done then is a follow-up, not the response.
AFTERWARDS = re.compile(
    r"^(?:(?:a\s+few|some|several|two|three|\d{1,2})\s+(?:days|weeks|months)\s+(?:after|later)|shortly\s+after|"
    r"afterwards|since\s+then|in\s+the\s+(?:days|weeks|months)\s+(?:after|since|following)|following)"
    r"(?:\s+(?:the|this)\s+(?:incident|outage|event|disruption))?,\s+",
    re.IGNORECASE,
)


def prevents_recurrence(text: str) -> bool:
    """Whether a change says what it keeps from happening again ("… to avoid this in the future")."""
    return _PURPOSE.search(text[:300]) is not None


def is_done_follow_up(sentence: str) -> bool:
    head = sentence[:300].replace("’", "'")
    if foreign_done_follow_up(head):
        return True  # "再発防止として…に変更しました", "nous avons amélioré notre procédure …"
    if not is_change(head):
        return False  # "We've published a postmortem on what we are doing to prevent this"
    if _NOW_RULE.match(head) or _IN_PLACE.match(head):
        return True
    if (later := AFTERWARDS.match(head)) is not None:  # "A few days after the incident, we switched …"
        return bool(_WE_DID.match(head[later.end() :])) and reads_done(head[later.end() :])
    after = _PURPOSE.search(head) is not None or _SINCE.match(head) is not None
    return bool(_WE_DID.match(head)) and reads_done(head) and after


def promised_or_made(sentence: str) -> bool:
    head = sentence[:300].replace("’", "'")
    return is_promise(head) or (_WE_DID.match(head) is not None and reads_done(head)) or is_done_follow_up(head)
