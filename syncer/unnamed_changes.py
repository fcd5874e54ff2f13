"""A sentence that promises or reports changes without naming one: "We have made a number of
changes to protect the service from this sort of disruption in the future", "We are
implementing the actions outlined in our internal report", "we are going to work towards
eliminating the entire class of issues contributing to this incident", "We'll walk you
through the timeline". Its object is unnamed changes, the incident's own kind, or the text
the reader is reading, and nothing after it says what will be different: no one can own it or
close it. The changes themselves, where the document names them, are the items.

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


def names_no_change(text: str) -> bool:
    """Whether a sentence's promise or report names no change (see the module's text)."""
    head = " ".join(text[:_HEAD].replace("’", "'").split())
    return _SAYS_NOTHING.search(head) is not None
