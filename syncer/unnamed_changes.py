"""A sentence that promises or reports changes without naming one: "We have made a number of
changes to protect the service from this sort of disruption in the future", "We are
implementing the actions outlined in our internal report", "we are going to work towards
eliminating the entire class of issues contributing to this incident", "We'll walk you
through the timeline", "We will learn from this event and improve our systems and processes",
"I will report back when we have more detail". Its object is unnamed changes, the incident's
own kind, the text the reader is reading, the team's conduct, or what will be told, and nothing
after it says what will be different: no one can own it or close it. The changes themselves, where the document names them, are the items.

Pure word work over a sentence's first 300 characters; every pattern is bounded and anchored
on a word, so the work stays linear on hostile input.
"""

from __future__ import annotations

import re

_HEAD = 300
# What a sentence may end with after its vague object without naming anything more.
_TAIL = (
    r"(?:\s+(?:that|which)\s+(?:contributed|led)\s+to\s+(?:this|the)\s+(?:incident|outage|event|issue|disruption))?"
    r"(?:\s+(?:in\s+the\s+future|going\s+forward|moving\s+forward|again|from\s+(?:happening|recurring|occurring)"
    r"(?:\s+again)?|(?:as\s+)?(?:soon|quickly)\s+as\s+possible))*\s*[.!]?\s*$"
)
# "a number of changes", "several measures", "the actions outlined in our internal report"
_UNNAMED = (
    r"(?:(?:a\s+(?:number|series|range|set)\s+of|several|some|a\s+few|multiple|various|many|numerous|additional|"
    r"further|(?:the\s+)?necessary|appropriate|(?:the|these|those)\s+(?:[\w-]+\s+)?)\s+)?"
    r"(?:[\w-]+\s+)?(?:changes|actions|measures|steps|improvements|fixes|recommendations|action\s+items)"
    r"(?:\s+(?:outlined|described|listed|detailed|identified|recommended|set\s+out|proposed)\s+in\s+(?:an?|the|our)"
    r"\s+(?:[\w-]+\s+){0,4}?(?:report|review|analysis|retrospective|post-?mortem|document|plan)"
    r"|\s+(?:from|of)\s+(?:an?|the|our)\s+(?:[\w-]+\s+){0,3}?(?:report|review|analysis|retrospective|post-?mortem))?"
)
# what such changes are for, with nothing named that changes: "to protect the service from
# this sort of disruption", "in order to make such events less probable"
_PURPOSE = (
    r"(?:\s+(?:in\s+order\s+)?to\s+(?:protect|prevent|avoid|reduce|minimi[sz]e|mitigate|make|ensure|lower|limit|"
    r"decrease|guard)\b[^,;:()]{0,120}?\b(?:disruptions?|incidents?|events?|outages?|failures?|issues?|problems?|"
    r"recurrences?|again|likely|probable|frequent|risks?|likelihood|chances?|impact))?"
)
# the incident's own kind as the object: "the entire class of issues", "this sort of failure"
_OWN_KIND = (
    r"(?:the\s+|this\s+|that\s+|these\s+|such\s+|similar\s+)?(?:entire\s+|whole\s+|same\s+)?"
    r"(?:class|kind|type|category|sort|family)\s+of\s+(?:[\w-]+\s+)?"
    r"(?:issues?|problems?|bugs?|failures?|incidents?|errors?|outages?|disruptions?|events?)"
)
_VERB = (
    r"\b(?:make|made|making|take|took|taken|taking|implement(?:s|ed|ing)?|introduc(?:e|es|ed|ing)|"
    r"appl(?:y|ies|ied|ying)|adopt(?:s|ed|ing)?|put(?:ting)?\s+in\s+place|carr(?:y|ied|ying)\s+out|"
    r"work(?:s|ed|ing)?\s+on|pursu(?:e|ed|ing))\s+"
)
_SAYS_NOTHING = re.compile(
    # "We have made a number of changes to protect …", "implementing the actions outlined in …"
    _VERB + _UNNAMED + _PURPOSE + _TAIL
    # "work towards eliminating the entire class of issues contributing to this incident"
    + r"|\b(?:eliminat|address|tackl|prevent|avoid|remov|solv|fix)\w*\s+" + _OWN_KIND
    + r"(?:\s+(?:contributing\s+to|behind|that\s+(?:caused|led\s+to))\s+(?:this|the)\s+(?:incident|outage|event))?" + _TAIL
    # the text itself: "We'll cut to the chase", "We'll walk you through the timeline"
    + r"|\b(?:will|'ll|shall|going\s+to|let\s+us|let's)\s+(?:now\s+|first\s+)?"
    r"(?:cut\s+to\s+the\s+chase|get\s+(?:straight\s+)?to\s+the\s+point|walk\s+(?:you|readers)\s+through)\b",
    re.IGNORECASE,
)
# Values with no object but the team's own conduct or its systems as a whole: "learn from this
# event", "do better", "improve our systems and processes"
_CONDUCT = (
    r"(?:learn\w*\s+from\s+(?:this|the|these|that|our)\s+(?:[\w-]+\s+)?(?:event|incident|outage|experience|mistake|failure|issue)s?"
    r"|(?:do|doing)\s+(?:much\s+|even\s+)?better|improv\w*\s+(?:our|the|its|their)\s+(?:overall\s+)?(?:systems?|process(?:es)?|"
    r"services?|infrastructure|operations|practices|procedures|reliability|resilience)"
    r"(?:\s+and\s+(?:systems?|process(?:es)?|services?|infrastructure|operations|practices|procedures))?)"
)
# What is told rather than changed: "report back", "publish more details about the outage",
# "continue to update that page"; the incident itself worked on ("continue working on the
# latency issues") or watched
_TOLD = (
    r"(?:report\w*\s+back|(?:publish|share|shar|post|provid|releas|giv)\w*\s+(?:(?:more|further|additional|some|the|our|any)\s+)*"
    r"(?:details?|information|info|findings|results|learnings|conclusions)(?:\s+(?:about|on|regarding|of|from)\s+"
    r"(?:the|this|our|these)\s+(?:[\w-]+\s+){0,2}?(?:outage|incident|event|issue|investigation|analysis|review))?"
    r"|(?:continue\s+to\s+|keep\s+)?updat\w*\s+(?:that|this|the|our)\s+(?:status\s+)?(?:page|post|thread|blog|article)"
    r"|continu\w*\s+(?:to\s+work|working)\s+on\s+(?:the|these|this|those)\s+(?:[\w-]+\s+){0,3}?(?:issues?|problems?|incident)"
    # watching, with nothing set up to watch with: "keep an eye on the issue to check if it resurfaces"
    r"|keep\w*\s+(?:an?\s+)?(?:close\s+)?eyes?\s+(?:on|of|out\s+for)\b"
    r"(?![^.;:]{0,120}\b(?:alert|alarm|dashboard|monitor\w*|probe|metric)s?\b)[^.;:]{0,120}?)"
)
_EMPTY_PROMISE = re.compile(
    r"\b(?:will|'ll|shall|going\s+to|committed\s+to|continue\s+to|intend\s+to|plan\s+to|need\s+to|must)\s+"
    r"(?:(?:[a-z]+ly|also|now|then|soon)\s+)?(?:be\s+)?"
    + r"(?:" + _CONDUCT + r"(?:\s*,?\s+and\s+" + _CONDUCT + r")?|" + _TOLD + r")"
    # a time or a condition of the telling: "when we have more detail", "as further information
    # becomes known", "while exercising caution"
    r"(?:\s+(?:when|once|as|after|in|within|soon|shortly|over|while|with)\b[^.;:]{0,100})?" + _TAIL,
    re.IGNORECASE,
)


def names_no_change(text: str) -> bool:
    """Whether a sentence's promise or report names no change (see the module's text)."""
    head = " ".join(text[:_HEAD].replace("’", "'").split())
    return _SAYS_NOTHING.search(head) is not None or _EMPTY_PROMISE.search(head) is not None
