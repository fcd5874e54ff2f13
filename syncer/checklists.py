"""A checklist of work outside any action section: a list whose every entry is a box to tick
and whose entries, nearly all, are instructions ("- [ ] Share details with US-CERT", "- [x]
Hold another meeting to decide on measures"), under "Need to:" or a heading that names
nothing. Each box is a piece of follow-up work; a list of boxes naming states ("- [x]
Monitoring") or things restored is not one.

Pure.
"""

from __future__ import annotations

from syncer.blocks import Entry, list_entry
from syncer.commitments import is_commitment
from syncer.mdtokens import Block, TokenDoc

_MIN = 2  # boxes: one is a note, not a list of work
_SHARE = 0.75  # of the boxes that read as instructions


def is_checklist(doc: TokenDoc, block: Block) -> bool:
    """Whether a list is a checklist of work: every entry a box, most of them instructions."""
    entries: list[Entry] = [list_entry(doc, item) for item in doc.children(block.start, block.end)]
    if len(entries) < _MIN or not all(entry.checkbox for entry in entries):
        return False
    if all(entry.fields.done for entry in entries):
        return False  # every box ticked: the steps of a response carried out, as often as work done
    instructions = sum(is_commitment(entry.fields.text, weak=False, broad=True) for entry in entries)
    return instructions >= _SHARE * len(entries)
