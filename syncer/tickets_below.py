"""A ticket written in the paragraph right after the item it tracks: "We will add an alert on
disk usage." and below it "Tracked in OPS-12." or "Related issue: https://…/issues/151".

Authors who write a follow-up as a paragraph often give its ticket a line of its own under it,
as they would a sub-bullet under a list entry (which syncer.blocks already reads as the
entry's). Such a paragraph says nothing but where the work is tracked: its reference is the
ticket of the one item the paragraph above gave, and it is no item itself.

Pure; one pass over the document's top-level blocks and the items found.
"""

from __future__ import annotations

from dataclasses import replace

from syncer.blocks import Raw
from syncer.mdtokens import TokenDoc
from syncer.refs import generic_link_text, ref_spans
from syncer.tables import inline_fields
from syncer.tracking_lines import points_at_ticket

_WRITTEN = ("paragraph", "prose")  # items read from a paragraph's own words
_POINTER_MAX = 300  # characters: longer is a paragraph that says more than where work is tracked


def _pointer_ref(doc: TokenDoc, number: int) -> str | None:
    """The ticket a paragraph only points at with the words that introduce it ("Tracked in
    OPS-12.", "Issue: #12"), or None when it says anything else, names more than one, or is
    the ticket alone."""
    block = doc.blocks[number]
    if block.kind != "paragraph_open":
        return None
    inline = doc.tokens[block.start + 1]
    if len(inline.content) > _POINTER_MAX:
        return None
    fields = inline_fields(doc, inline)
    if fields.ref is None or fields.owner is not None or fields.due_text is not None:
        return None
    plain = doc.plain(inline)[0]
    spans = ref_spans(plain)
    if len(spans) > 1:
        return None  # two tickets under one item: which is its own is not said
    beside = plain[: spans[0][0]] + plain[spans[0][1] :] if spans else plain
    if not any(char.isalpha() for char in beside):
        return None  # a ticket alone ("#2127", a link named by it) may be an entry of its own
    left = fields.text.strip(" .:;,-–—()[]")
    return fields.ref if not left or generic_link_text(left) or points_at_ticket(left) else None


def tickets_below(doc: TokenDoc, found: list[Raw]) -> list[Raw]:
    """The items with the ticket a paragraph right after their own one points at, without the
    item such a pointing paragraph may have been read as; `found` sorted by line."""
    paragraphs = {doc.line(b.start): n for n, b in enumerate(doc.blocks) if b.kind == "paragraph_open"}
    per_line: dict[int, int] = {}
    for raw in found:
        per_line[raw.line] = per_line.get(raw.line, 0) + 1
    pointers: set[int] = set()
    kept: list[Raw] = []
    for raw in found:
        number = paragraphs.get(raw.line)
        if (
            number is not None and raw.found_by in _WRITTEN and per_line[raw.line] == 1
            and number + 1 < len(doc.blocks) and (ref := _pointer_ref(doc, number + 1)) is not None
        ):
            if raw.fields.ref is None:  # one the item names itself stays its own
                raw = replace(raw, fields=replace(raw.fields, ref=ref))
            pointers.add(doc.line(doc.blocks[number + 1].start))
        kept.append(raw)
    return [raw for raw in kept if not (raw.line in pointers and raw.found_by in _WRITTEN)]
