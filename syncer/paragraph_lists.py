"""Lists written without markers: a run of one-sentence paragraphs under an action heading,
each an entry ("Keep our own package mirror" / "Subscribe to the announcement list").

Pure. Editors that drop list markers, and authors who write one item per line with blank
lines between, leave what is still a list: consecutive paragraphs of one short sentence each,
none introducing what follows. syncer.section_items reads each as an item where the part
holds no list of its own.
"""

from __future__ import annotations

import re

from syncer.blocks import Raw, ref_as_text
from syncer.commitments import is_commitment
from syncer.evidence import states_rule
from syncer.mdtokens import TokenDoc
from syncer.prose import sentences
from syncer.refs import looks_like_ref
from syncer.tables import inline_fields

_ENTRY_MAX = 250  # an entry longer than this is prose
_WORD = re.compile(r"[^\W\d_]{3,}")
_STATEMENT = re.compile(r"(?i)^(?:we|i|our|they|it|its|this|that|these|those|there|he|she|you)\b")
_RUN_MIN = 2  # one short paragraph alone is an introduction or a remark, not a list


def _entry_like(doc: TokenDoc, number: int) -> bool:
    block = doc.blocks[number]
    if block.kind != "paragraph_open":
        return False
    raw = doc.tokens[block.start + 1].content.strip()
    if len(raw) > 4 and raw[:2] in ("**", "__") and raw.rstrip(":").endswith(raw[:2]):
        return False  # a bold label names a part
    if raw.startswith("![") or len(raw) > _ENTRY_MAX * 4:
        return False  # an image (its alt text is no entry), or prose
    text = " ".join(doc.plain(doc.tokens[block.start + 1])[0].split())
    if not 0 < len(text) <= _ENTRY_MAX or text.endswith(":") or len(sentences(text)) != 1:
        return False
    if _STATEMENT.match(text):
        return False  # "We looked at …", "It held": told, not listed (promises are read as such)
    # words, not a value ("Kernel: 11.112", "June 6, 2022"); a ticket alone ("#2127") is one
    return len(_WORD.findall(text)) >= 2 or looks_like_ref(text)


def unmarked_item(doc: TokenDoc, number: int, hint: str | None, section: str | None) -> Raw:
    """One such paragraph as an item; one that only names its ticket ("#2127") is that ticket."""
    block = doc.blocks[number]
    fields = ref_as_text(inline_fields(doc, doc.tokens[block.start + 1]))
    return Raw(fields, doc.line(block.start), hint, "paragraph", section)


def unmarked_commits(raw: Raw, *, weak: bool) -> bool:
    """Whether such an entry commits where only commitments count, as a list's entry must: an
    instruction, an owner or a deadline (a link in a sentence is no ticket), not a rule when
    `weak` is not."""
    fields = raw.fields
    return bool(fields.owner or fields.due_text or is_commitment(fields.text, weak=weak)) \
        and (weak or not states_rule(fields.text))


def unmarked_entries(doc: TokenDoc, start: int, end_block: int) -> set[int]:
    """Block numbers of the paragraphs in [start, end_block) that stand in a run of at least
    two consecutive one-sentence paragraphs."""
    found: set[int] = set()
    run: list[int] = []
    for number in range(start, end_block + 1):
        if number < end_block and _entry_like(doc, number):
            run.append(number)
            continue
        if len(run) >= _RUN_MIN:
            found.update(run)
        run = []
    return found
