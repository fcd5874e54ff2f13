"""The record of changes made, in a postmortem that writes no plan: under "What we did" or
"Changes made", a list whose entries open with the past of a change verb ("Fixed the root
vulnerability …", "Deployed additional guardrails …") holds the follow-ups, completed.

Only where the document has no action section and lists no items: beside a plan, such a
list is the live response told in the past (the plan holds the follow-ups). Restarts and
rollbacks are never such changes.

Pure; syncer.items asks for it last.
"""

from __future__ import annotations

import re
from dataclasses import replace

from syncer.aspect import made_verb
from syncer.blocks import LISTS, Raw, list_entry
from syncer.mdtokens import Heading, TokenDoc

# "What we did", "What we've changed", "Changes made", "Actions taken": a heading that tells
# what was done as its subject, by a past verb or a participle.
_DONE_HEADING = re.compile(
    r"^\W*(?:what\s+(?:we|has\s+been|was)(?:'ve|\s+have)?\s+(?:did|done|changed|fixed|improved)|"
    r"(?:changes|fixes|improvements|actions|steps|measures)\s+(?:we\s+)?(?:made|taken|implemented|completed|applied))\b",
    re.IGNORECASE,
)
_FIRST = re.compile(r"^\W*(?P<verb>[A-Za-z]+)\b")
_SHARE = 0.6  # this share of a list's entries must open with a change made


def changes_made(doc: TokenDoc, headings: list[Heading], ends: list[int]) -> list[Raw]:
    """The entries of lists under a heading naming what was done whose entries mostly open
    with the past of a change verb, done."""
    found: list[Raw] = []
    for number, heading in enumerate(headings):
        if _DONE_HEADING.match(heading.title) is None:
            continue
        for block_number in range(heading.block + 1, ends[number]):
            block = doc.blocks[block_number]
            if block.kind not in LISTS or (found and found[-1].line >= doc.line(block.start)):
                continue
            entries = [list_entry(doc, item) for item in doc.children(block.start, block.end)]
            made = [entry for entry in entries if entry.fields.text and _opens_with_change(entry.fields.text)]
            if len(made) >= 2 and len(made) >= _SHARE * len(entries):
                found.extend(Raw(replace(entry.fields, done=True), entry.line, None, "list", heading.title)
                             for entry in made)
    return found


def _opens_with_change(text: str) -> bool:
    verb = _FIRST.match(text)
    return verb is not None and verb.group("verb")[:1].isupper() and made_verb(verb.group("verb"))
