"""What a promise must not be to commit to a change: communication about the incident (an
update, the report, credits), the live event itself (ending it, a step for a time of day or
until it is over, the next hours or a maintenance window), or values and effort with no change
named ("We will do our best", "… to earn your trust", "continue to analyze this event").

Pure word tables over one sentence; syncer.commitments asks them of each promise it reads.
Every pattern is bounded by the sentence's first 300 characters.
"""

from __future__ import annotations

import re

from syncer.change_verbs import IMPERATIVE

# Promises about the incident's communication, not the system: status-page boilerplate.
_NOT_A_CHANGE = re.compile(
    r"\b(?:update\s+(?:you|this|here|the\s+status|our\s+status|customers|users|everyone)|"
    r"(?:an?|further|more|regular|status|next|the\s+latest|with)\s+updates?\b|updated\s+(?:on|as|when|here)|"
    r"(?:publish|post|send|give|share|provide)\w*\s+(?:[\w-]+\s+){0,2}updates?\b|"
    r"inform(?:ed)?\b|posted|report\s+(?:on\s+)?(?:any|all|every|our|the)?\s*(?:outages?|incidents?|downtimes?|disruptions?)|post\s+(?:an?\s+)?(?:update|more)|"
    r"provide\s+(?:an?\s+|further\s+|more\s+)?(?:update|information|details)|keep\s+(?:you|our)|"
    r"let\s+(?:you|our)|share\s+(?:more|an?\s+update|further|with\s+(?:you|our))|(?:write|speak|talk|blog)\s+(?:more\s+)?about|continue\s+to\s+(?:monitor|investigate)|"
    r"monitor(?:ing)?\s+(?:the\s+)?(?:situation|closely|the\s+incident)|apologi[sz]e|be\s+in\s+touch|"
    r"reach\s+out|follow\s+up\s+with\s+(?:a|an|more)|(?:post-?mortem|rca|incident\s+report|"
    r"retrospective|learnings|appreciat\w*|thank\w*)\b|conduct\w*\s+(?:an?\s+)?(?:\w+\s+)?"
    r"(?:investigation|review|analysis)|investigat\w*\s+(?:the|this)\s+(?:issue|incident|outage|root)|"
    # ending the live event itself ("working on resolving this issue", "getting this sorted",
    # "available again on Monday"), not changing what caused it
    r"(?:available|online|accessible|reachable|operational)\s+again\b|\bback\s+(?:online|up\s+and\s+running|to\s+normal)\b|"
    r"\b(?:go|get|head)\w*\s+back\s+to\s+[a-z]+ing\b|"  # "we're going to go back to building protocols": work resumed
    r"\b(?:return|bring|get)\w*\s+(?:[\w-]+\s+){0,3}?(?:back\s+)?to\s+(?:normal|regular|full)\s+"
    r"(?:operations?|service|functionality|performance|capacity)\b|"  # "… fully return them to regular operations"
    r"\b(?:get|getting|have|having)\s+(?:this|it|things|everything)\s+(?:sorted|fixed|resolved)\b|"
    r"(?:resolv|fix|address|restor|mitigat|solv|handl|clos)\w*\s+(?:the|this)\s+(?:current\s+|ongoing\s+)?"
    r"(?:issue|incident|outage|disruption|situation)\s*(?:[,.;]|$|as\s+soon|but|and\s+(?:will|we))|"
    # the live fix named by no more than its kind ("deploying a fix to all regions", "working on
    # a patch for this issue"); "a fix for the retry loop" names what it changes
    r"(?:deploy|roll|implement|apply|work|push|ship|prepar|test)\w*\s+(?:out\s+|on\s+)?(?:an?|the)\s+"
    r"(?:potential\s+|temporary\s+|final\s+)?(?:fix|hotfix|patch|mitigation|workaround)\b"
    r"(?!\s+(?:for|that|which)\s+(?!(?:this|the|that)\s+(?:issue|incident|problem|outage|bug)\b))|"
    r"\b(?:an?|the)\s+(?:fix|hotfix|patch|mitigation|workaround)\s+is\s+being\b|"
    r"\bbeing\s+[a-z]+\s+(?:again|normally|as\s+(?:usual|expected))\b|"
    # the incident itself as what is worked on or looked into ("We are working on it", "Outage is
    # being investigated"), the status page kept current, instructions sent to users
    r"\b(?:work\w*\s+on\s+(?:fixing\s+|resolving\s+)?|look\w*\s+into\s+|investigat\w*\s+)(?:it|this|that)\b"
    r"(?!\s+(?!(?:issue|incident|outage|problem|disruption|now|right|at\s+the\s+moment|as\s+we|currently)\b)[a-z])|"
    r"\bbeing\s+(?:investigated|analy[sz]ed|looked\s+(?:into|at)|monitored|reviewed|assessed|examined)\b|"
    r"\bkeep\s+(?:this|the|our)\s+(?:status\s+|page\s+|post\s+)*(?:updated|current)\b|"
    r"\bsend\w*\s+(?:\w+\s+){0,2}(?:instructions|e-?mails?|notices|notifications)\b|"  # "accounts are being created again": service is back
    # the report on the incident, and what customers are owed for it
    # "provide a more detailed analysis of this incident": the account of it, in either order
    r"(?:provide|publish|share|release|give|post|write)\w*\s+(?:an?\s+|the\s+|our\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:analysis|report|account|explanation|summary)\s+(?:of|on|about|into)\s+(?:this|the)\s+"
    r"(?:incident|outage|event|issue|disruption)\b|"
    r"(?:post-?incident|incident|root[\s-]cause|after-?action)\s+(?:review|report|analysis|summary)\b"
    r"(?!\s+(?:process|procedure|template|meeting|practice|tool))|write-?up\b|"
    r"(?:issue|apply|provide|offer)\w*\s+(?:[\w-]+\s+){0,2}(?:service\s+)?(?:credits?|refunds?)\b)",
    re.IGNORECASE,
)
# Verbs of study rather than change: "continue to analyze this event" names no change.
STUDY_VERBS = frozenset({"analyze", "analyse", "assess", "check", "consider", "continue", "evaluate", "examine", "explore",
                         "follow", "identify", "investigate", "learn", "look", "monitor", "reflect", "research", "review",
                         "revisit", "study", "track", "watch", "work"})  # fmt: skip
# What a sign-off promises the reader rather than the system: their trust, their experience,
# serving them better ("… to serve you better and earn the trust you place in us").
_READER_VALUE = re.compile(
    r"\b(?:(?:earn|regain|rebuild|restore|keep|maintain|deserve|honou?r)\w*\s+(?:back\s+)?(?:the\s+|your\s+|their\s+)?"
    r"trust|trust\s+(?:you|our\s+\w+)\s+(?:place|put)|serv(?:e|ing)\s+(?:you|our\s+(?:customers|users|community))|"
    r"better\s+every\s+day|(?:safe|inclusive|welcoming|great|best|better)\s+(?:[\w-]+\s+)?(?:environment|experience)s?)\b",
    re.IGNORECASE,
)
# A promise of unnamed changes announces the ones that follow: "we'll be making several changes"
_ANNOUNCED = re.compile(
    r"^(?:[a-z'-]+\s+){0,2}(?:several|some|a\s+few|a\s+number\s+of|multiple|various|many|the\s+following|"
    r"these|a\s+series\s+of)\s+(?:[\w-]+\s+)?(?:changes|improvements|steps|measures|actions|fixes|updates)\b",
    re.IGNORECASE,
)
# A promise whose object is a value, not a thing to change ("committed to creating a safe environment").
_VALUE_OBJECT = re.compile(
    r"^\s*(?:(?:a|an|the|your|our)\s+)?(?:[\w-]+,?\s+){0,3}(?:environment|experience|trust|culture|transparency|"
    r"excellence|relationship|partnership|community)s?\b",
    re.IGNORECASE,
)


def is_value_statement(head: str, match: re.Match[str]) -> bool:
    """ "We will continue to analyze this event", "We're committed to addressing these issues to
    earn your trust": open-ended study, or a promise made of values, with no concrete change."""
    verb = match.group("verb").lower()
    if verb.endswith("ing") and verb not in IMPERATIVE:
        verb = verb[:-3]  # "committed to addressing" -> "address"
    # light verbs ("make it better", "do more") name no change by themselves either
    study = verb in STUDY_VERBS or (verb + "e") in STUDY_VERBS or verb in ("mak", "make", "do", "be")
    study = study or not (verb in IMPERATIVE or (verb + "e") in IMPERATIVE)
    continued = re.search(r"\bcontinue\s+to\s*$", head[: match.start("verb")], re.IGNORECASE) is not None
    if verb == "keep" and re.match(r"\s+\w+ing\b", head[match.end("verb") :]):
        return True  # "We will keep investing there": carrying on, no change named
    if continued and study:
        return True
    if _VALUE_OBJECT.match(head[match.end("verb") :]):
        return True
    if _ANNOUNCED.match(head[match.start("verb") :]) and not head.rstrip().endswith(":"):
        return True  # "we'll be making several changes" announces; "… these steps:" introduces them
    if _ONLY_PURPOSE.match(head[match.end("verb") :]) or _BEST_EFFORT.match(head[match.end("verb") :]):
        return True
    if verb in ("ensure", "prevent", "avoid", "stop") and _VAGUE_OUTCOME.match(head[match.end("verb") :]):
        return True  # "we will ensure this type of failure does not happen again": no change named
    return study and _READER_VALUE.search(head) is not None


# The incident itself as what a promise prevents: "… ensure this type of failure does not happen again".
_VAGUE_OUTCOME = re.compile(
    r"^\s*(?:that\s+)?(?:this|it|that|such|similar|these|the\s+same)\b[^.;,]{0,40}?\b(?:happen|occur|recur|repeat)\w*",
    re.IGNORECASE,
)
# Effort promised without a change: "We will do our best", "… make every effort to …",
# "We take this very seriously".
_BEST_EFFORT = re.compile(
    r"^\s*(?:(?:our|my)\s+(?:very\s+)?(?:best|utmost)|everything|whatever|all\s+(?:we|that\s+we)\s+can|"
    r"every\s+(?:possible\s+|reasonable\s+)?effort|(?:this|it|these|them)\s+(?:\w+\s+)?seriously)\b",
    re.IGNORECASE,
)


# A promise whose only object is its purpose: "The team will implement measures to prevent
# similar incidents", "We will be working diligently to ensure this does not happen again".
_ONLY_PURPOSE = re.compile(
    r"^\s*(?:[a-z]+ly\s+|hard\s+)?(?:(?:all|the|some|more|additional|further|necessary|appropriate|relevant|"
    r"adequate|proper|new|any)\s+){0,3}(?:measures?|steps?|actions?|changes?|improvements?|safeguards?|"
    r"precautions?|efforts?)?\s*(?:in\s+order\s+)?(?:to|that)\s+(?:ensure|prevent|avoid|make\s+sure|"
    r"minimi[sz]e|reduce\s+the\s+(?:risk|chance|likelihood))\b[^,;]*?"
    r"(?:again|recur\w*|reoccur\w*|happen\w*|occur\w*|(?:in\s+the\s+)?future|incidents?)\W*$",
    re.IGNORECASE,
)


# Operating the live incident rather than changing what caused it: a step set for a time of
# day ("we will power the server on after 2:30 PM") or held only until the incident ends
# ("we'll only deploy hotfixes until the underlying issue is resolved").
_INTERIM = re.compile(
    r"\b(?:at|after|before|around|by|until)\s+\d{1,2}(?::\d{2})\s*(?:[ap]\.?m\.?|utc|gmt|[a-z]{2,4}t)?\b|"
    r"\b(?:until|till)\s+(?:the\s+|this\s+)?(?:[\w-]+\s+){0,3}(?:is|are|has\s+been|have\s+been)\s+"
    r"(?:resolved|fixed|restored|over|back)\b|"
    # or held to the next hours or days, or to a maintenance window: "we will be closely monitoring
    # latency over the next few days", "we will be performing router upgrades at this time"
    r"\b(?:shortly|at\s+this\s+time|later\s+(?:today|tonight)|(?:this|tomorrow|in\s+the)\s+(?:morning|afternoon|evening)|"
    # or waits on the conditions of the day: "as soon as the rain eases"
    r"as\s+soon\s+as\s+(?:the\s+)?[a-z]+\s+(?:eases|clears|improves|allows|permits|subsides|passes)|"
    r"(?:over|for|during)\s+the\s+(?:next|coming)\s+(?:few\s+|couple\s+(?:of\s+)?|several\s+|\d+\s+)?"
    r"(?:minutes|hours|days)|through(?:out)?\s+the\s+(?:night|weekend|day)|"
    r"(?:routine|scheduled|planned)\s+maintenance|(?:maintenance|\d+[\s-](?:minute|hour))\s+window)\b",
    re.IGNORECASE,
)


def is_change(sentence: str, subject: int = 0) -> bool:
    """No communication from `subject` on (a lead naming the report, "As the main action of
    this postmortem, we plan to …", is no promise to write one), nor a step of the live event."""
    return _NOT_A_CHANGE.search(sentence, subject) is None and _INTERIM.search(sentence) is None
