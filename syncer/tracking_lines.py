"""A sentence that only says where the item before it is tracked ("This work is tracked in
OPS-12.", "Progress is tracked in #12.", "You can follow along in <link>."), once its reference
is out: the reference is that item's, and the sentence no item of its own.

Pure string work on one sentence; the pattern is anchored and has no nested repetition.
"""

from __future__ import annotations

import re

_POINTS_AT_TICKET = re.compile(
    r"(?:(?:this|that|the)\s+)?(?:work|fix|change|effort|progress|rest|remainder|follow[\s-]?up|item)"
    r"(?:\s+on\s+(?:this|it))?(?P<aux>\s+(?:is|are|will\s+be|is\s+being|are\s+being|has\s+been|have\s+been|can\s+be))?"
    r"(?(aux)(?:\s+(?:tracked|followed|captured|recorded|logged|described|found|available))?|"
    r"\s+(?:tracked|followed|captured|recorded|logged|described|found|available))"
    r"(?:\s+(?:in|at|on|under|via|by|here))?"
    r"|(?:this|that|it)\s+(?:is|are|will\s+be|is\s+being|has\s+been|can\s+be)"
    r"(?:\s+(?:tracked|followed|captured|recorded|logged|described|found|available))?(?:\s+(?:in|at|on|under|via|by|here))?"
    r"|(?:more|further|full)\s+(?:details|information|context)(?:\s+(?:are|is|can\s+be))?(?:\s+(?:available|found))?"
    r"(?:\s+(?:in|at|on|under|here))?"
    r"|(?:you\s+can\s+|please\s+)?follow(?:\s+(?:the\s+)?(?:progress|along|work))?(?:\s+(?:in|at|on|via|here))?",
    re.IGNORECASE,
)


def points_at_ticket(leftover: str) -> bool:
    """Whether what is left of a sentence once its references are out only points at them."""
    return _POINTS_AT_TICKET.fullmatch(leftover.strip(" .:;,-–—")) is not None
