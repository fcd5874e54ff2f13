"""What the paragraph right before a list says the list holds, when it holds no commitments
of the team: ideas weighed ("A few ideas have been floated that might help:", "Alternatives
here included:", "These were proposed and rejected:"), advice to the readers ("If you use
the affected packages, we recommend taking these steps:", "Customers should:") or the steps
taken while the incident was live ("As soon as it came to light, the team took the following
actions:", "The fix involved two steps:"). Authors say
what a list is for in the sentence that opens it; its entries, written as bare instructions
("Provide a status page", "Rotate the keys"), read alike either way.

Pure. An entry of such a list stays an item when it commits on its own: an owner, a
deadline or a ticket, or a promise ("We will …").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from syncer.aspect import SENTENCE_END
from syncer.blocks import LISTS, Raw
from syncer.commitments import is_promise, prevents_recurrence, reads_done
from syncer.mdtokens import TokenDoc
from syncer.section_names import names_response

_TAIL = 400  # characters of the introduction read: its last sentences name what follows

# The reader told what they can or should do: "If you …", "you should …", "we recommend
# that users …", "Customers should …" (the team's own plans speak of "we")
_READER = re.compile(
    r"\bif\s+(?:you|your)\b|\byou(?:'ll|\s+will)?\s+(?:can|could|should|may\s+(?:want|wish)|must|need|might\s+want|"
    r"have\s+to|want\s+to)\b|"
    r"\b(?:recommend|advise|urge|encourage|suggest|ask)(?:s|ed)?\s+(?:that\s+)?(?:you|(?:all\s+)?(?:our\s+|affected\s+)?"
    r"(?:users|customers|clients|operators|administrators|developers|subscribers))\b|"
    r"^(?:all\s+|affected\s+|our\s+)?(?:users|customers|clients|operators|administrators|subscribers)\s+"
    r"(?:should|must|need\s+to|are\s+(?:advised|asked|encouraged|urged)\s+to)\b",
    re.IGNORECASE,
)
# Ideas weighed, not chosen: a noun naming candidates with a verb of raising or weighing
# them ("ideas have been floated", "options we considered", "alternatives included"), or
# candidates turned down ("proposed and rejected", "ruled out")
_CANDIDATES = re.compile(r"\b(?:ideas?|options?|alternatives?|possibilities|proposals?|suggestions?)\b", re.IGNORECASE)
_WEIGHED = re.compile(
    r"\b(?:floated|considered|discussed|raised|included|weighed|brainstormed|proposed|suggested|evaluated|"
    r"came\s+up|were\s+put\s+forward|(?:might|could|would)\s+(?:help|allow|work))\b",
    re.IGNORECASE,
)
# Steps taken while the incident was live: "As soon as the incident came to light, the team
# took the following actions:", "During the outage we checked:" (the record of the response)
_AT_THE_TIME = re.compile(
    r"\b(?:as\s+soon\s+as|immediately|right\s+away|at\s+the\s+time|in\s+the\s+meantime|"
    r"during\s+the\s+(?:incident|outage|attack|response|event|investigation)|"
    r"upon\s+(?:learning|discovering|discovery|detection|detecting|confirmation|notification))\b",
    re.IGNORECASE,
)
# … unless it says the steps are to come or to keep it from happening again
_AHEAD = re.compile(r"\b(?:will|shall|going\s+to|plan\w*|prevent\w*|again|future|forward|recurr\w*)\b", re.IGNORECASE)
# The fix told as it was made: a subject naming the response, then a verb in the past ("The
# fix involved two steps:", "Our mitigation steps were:", "The recovery consisted of:")
_TOLD_FIX = re.compile(
    r"^(?P<subject>(?:[\w'’-]+\s+){0,4}?[\w'’-]+)\s+(?:was|were|had|did|involved|included|consisted|comprised|"
    r"required|took|meant|entailed)\b",
    re.IGNORECASE,
)
_TURNED_DOWN = re.compile(r"\b(?:rejected|ruled\s+(?:\w+\s+)?out|dismissed|decided\s+against|turned\s+down)\b", re.IGNORECASE)


def introduces_no_plan(text: str) -> bool:
    """Whether the paragraph before a list says the list holds ideas weighed, advice to the
    readers or the steps of the live response, not the team's commitments ("We will take these
    steps:" names a plan)."""
    tail = text[-_TAIL:]
    last = SENTENCE_END.split(tail)
    closing = " ".join(last[-2:])  # the sentence before a closing remark ("They range in cost.")
    if is_promise(last[-1]):
        return False
    if _READER.search(closing) is not None or _READER.search(last[-1].lstrip()) is not None:
        return True
    candidates = _CANDIDATES.search(closing) is not None and _WEIGHED.search(closing) is not None
    told = _TOLD_FIX.match(last[-1].lstrip())
    response = (_AT_THE_TIME.search(last[-1]) is not None or (told is not None and names_response(told["subject"]))) \
        and _AHEAD.search(last[-1]) is None
    return candidates or response or _TURNED_DOWN.search(closing) is not None


def _unplanned_lines(doc: TokenDoc) -> list[tuple[int, int]]:
    """The first and last line of each list whose introduction names no plan."""
    found: list[tuple[int, int]] = []
    blocks = doc.blocks
    for number in range(1, len(blocks)):
        block = blocks[number]
        intro = blocks[number - 1]
        if block.kind not in LISTS or intro.kind != "paragraph_open":
            continue
        token_map = doc.tokens[block.start].map
        text, _ = doc.plain(doc.tokens[intro.start + 1])
        if token_map and introduces_no_plan(" ".join(text[-_TAIL:].split())):
            found.append((token_map[0] + 1, token_map[1]))
    return found


def commits_itself(raw: Raw, *, ticket: bool = True) -> bool:
    """An owner, a deadline, a ticket (unless not `ticket`), a promise, or a change made that
    says what recurrence it prevents ("Added a disk alert so this cannot happen again")."""
    fields = raw.fields
    return bool(fields.owner or fields.due_text or (ticket and fields.ref)) or raw.labelled or is_promise(fields.text) \
        or (reads_done(fields.text) and prevents_recurrence(fields.text))


def without_unplanned_lists(doc: TokenDoc, found: list[Raw]) -> list[Raw]:
    """The items, without the entries of lists introduced as ideas weighed, as advice to the
    readers or as the steps of the live response, unless the entry commits on its own."""
    ranges = _unplanned_lines(doc)
    if not ranges:
        return found
    firsts = [first for first, _ in ranges]  # in document order, not overlapping

    def inside(line: int) -> bool:
        at = bisect_right(firsts, line) - 1
        return at >= 0 and line <= ranges[at][1]

    return [
        raw for raw in found
        if raw.found_by not in ("list", "checkbox", "paragraph") or commits_itself(raw) or not inside(raw.line)
    ]
