"""A list entry that is a heading in disguise: "- **Action items:**" with the section's
paragraphs, tables or lists nested under it. Its nested blocks are read as the section an
action heading of the same words would open (syncer.section_items).

Pure. Exports and chat-written postmortems often nest a whole part under one bold bullet;
only an entry whose nested content goes beyond a list of children (which
syncer.loose_items already reads entry by entry) is read here, once, in linear time.
"""

from __future__ import annotations

import copy

from syncer.blocks import LISTS, Raw
from syncer.mdtokens import Block, Heading, TokenDoc
from syncer.section_items import MODERATE, STRONG, commits, items_in_section
from syncer.section_names import heading_score, names_response

_LABEL_WORDS = 6  # a label longer than this is a sentence, not a part's name


def _nested_blocks(doc: TokenDoc, item: int) -> list[Block]:
    end = doc.close.get(item, item) + 1
    return [Block(child, doc.close.get(child, child) + 1, doc.tokens[child].type) for child in doc.children(item, end)]


def holds_section(doc: TokenDoc, item: int) -> bool:
    """Whether the entry's label is followed by nested blocks other than a list of entries."""
    nested = _nested_blocks(doc, item)
    return len(nested) > 1 and nested[0].kind == "paragraph_open" and any(b.kind not in LISTS for b in nested[1:])


def entry_section(doc: TokenDoc, item: int, title: str) -> list[Raw] | None:
    """The items of the section a labelled entry opens (token index `item`, label `title`),
    or None when its label names no follow-up work."""
    if len(title.split()) > _LABEL_WORDS:
        return None
    score = heading_score(title)
    if score < MODERATE:
        return None
    mode = "future" if names_response(title) else "all" if score >= STRONG else "strict"
    view = copy.copy(doc)  # the same tokens, seen as if the entry's blocks were the document's
    view.blocks = _nested_blocks(doc, item)
    heading = Heading(0, 6, doc.line(item), title)
    items = items_in_section(view, heading, [], len(view.blocks), mode)
    if mode == "future" and score < STRONG:  # "**Resolution:**" over what was done then: its promises only
        items = [raw for raw in items if commits(raw, weak=False)]
    return items
