"""A list entry that is a heading in disguise: "- **Action items:**" with the section's
paragraphs, tables or lists nested under it. Its nested blocks are read as the section an
action heading of the same words would open (syncer.section_items).

Pure. Exports and chat-written postmortems often nest a whole part under one bold bullet;
only an entry whose nested content goes beyond a list of children (which
syncer.loose_items already reads entry by entry), or whose bold label stands on a line of
its own above more text, is read here, once, in linear time.
"""

from __future__ import annotations

import copy

from syncer.blocks import LABEL_MAX, LISTS, Raw, nested_blocks
from syncer.label_sections import labelled_part
from syncer.mdtokens import Heading, TokenDoc
from syncer.section_items import MODERATE
from syncer.section_names import heading_score

_LABEL_WORDS = 6  # a label longer than this is a sentence, not a part's name


def section_label(doc: TokenDoc, item: int, text: str) -> str | None:
    """The label of an entry that heads a part: its whole first paragraph when nested blocks
    other than a list of entries follow it, or a wholly bold first line over more lines
    ("**Next steps:**" and on the next line "To prevent this, we will:")."""
    nested = nested_blocks(doc, item)
    if not nested or nested[0].kind != "paragraph_open":
        return None
    first, _, rest = doc.tokens[nested[0].start + 1].content.partition("\n")
    first = first.strip()
    if rest.strip():
        bold = len(first) > 4 and first[:2] in ("**", "__") and first.rstrip(":").endswith(first[:2])
        return first.strip("*_").rstrip(":").strip() if bold and len(first) <= LABEL_MAX else None
    return text if any(b.kind not in LISTS for b in nested[1:]) else None


def entry_section(doc: TokenDoc, item: int, title: str) -> list[Raw] | None:
    """The items of the section a labelled entry opens (token index `item`, label `title`),
    or None when its label names no follow-up work."""
    if len(title.split()) > _LABEL_WORDS:
        return None
    if heading_score(title) < MODERATE:
        return None
    view = copy.copy(doc)  # the same tokens, seen as if the entry's blocks were the document's
    view.blocks = nested_blocks(doc, item)
    return labelled_part(view, Heading(0, 6, doc.line(item), title), len(view.blocks))
