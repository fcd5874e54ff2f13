"""The follow-ups of a short note that names no plan: where a document has no action section
and nothing in it promises, lists or tells a change made, the changes it says are owed are
its follow-ups ("7 hours of downtime is unacceptable and we should implement more
monitoring.", "An incident report should be published.", "We need to add this validation
into core.").

Pure; syncer.stated_needs judges each sentence.
"""

from __future__ import annotations

import re

from syncer.blocks import Raw, read_paragraph
from syncer.change_verbs import IMPERATIVE
from syncer.fields import extract_fields
from syncer.mdtokens import Heading, TokenDoc
from syncer.prose import needed, sentences
from syncer.section_names import is_narrative_heading

_CLAUSE_OPENS = r"(?:^|[,;:]\s*|\b(?:and|so|but|then|therefore|thus|now)\s+)"
_MODAL = r"(?:should|must|need\s+to|have\s+to|ought\s+to)"
# "we should implement …", "we need to add …": the team owes a change, named by its verb
# ("the stylesheet we need to include" is a relative clause: "we" opens the sentence or a clause)
_WE_OUGHT = re.compile(
    rf"{_CLAUSE_OPENS}we\s+(?:really\s+|also\s+|still\s+|definitely\s+)?{_MODAL}\s+(?:also\s+|now\s+|first\s+)?"
    r"(?P<verb>[a-z]+)\b", re.IGNORECASE)
# hindsight, a negation, a musing, and what a thing of a kind holds ("Post-mortem subjects should
# include a date"): a guideline's rule
_NOT_OWED = re.compile(r"\b(?:should|must|would|could)\s+(?:not\s+)?have\b|\b(?:should|must|need)(?:n't|\s+not)\b|"
                       r"\bideal(?:ly)?\b|\b(?:should|must)\s+(?:always\s+)?(?:include|contain|state|list|mention|describe)\b",
                       re.IGNORECASE)


def owes_change(sentence: str) -> bool:
    """ "we should implement more monitoring", "X should be published": a change the team owes."""
    head = sentence[:300].replace("’", "'")
    if head.rstrip().endswith("?") or _NOT_OWED.search(head):
        return False
    ought = _WE_OUGHT.search(head)
    return (ought is not None and ought.group("verb").lower() in IMPERATIVE) or needed(head)


def owed_changes(doc: TokenDoc, headings: list[Heading]) -> list[Raw]:
    """The owed changes of the document's paragraphs outside the story's parts (a timeline,
    a root cause), one item each."""
    heading_at = {h.block: h for h in headings}
    story = False
    found: list[Raw] = []
    for number, block in enumerate(doc.blocks):
        if (heading := heading_at.get(number)) is not None:
            story = is_narrative_heading(heading.title)
        elif block.kind == "paragraph_open" and not story:
            text, _ = read_paragraph(doc, block)
            line = doc.line(block.start)
            found.extend(Raw(extract_fields(s), line, None, "prose", None) for s in sentences(text) if owes_change(s))
    return found
