"""A sub-heading inside an action section that is itself the item, its details written under
it ("### Rotate the logs daily" over a paragraph saying how), and the thresholds and patterns
sub-headings are judged with.

Pure; syncer.section_items reads the sections these sub-headings stand in.
"""

from __future__ import annotations

import re
from dataclasses import replace

from syncer.blocks import LISTS, Raw, list_entry, read_paragraph
from syncer.commitments import is_commitment, reads_done
from syncer.field_names import type_hint
from syncer.fields import Fields, extract_fields
from syncer.item_priority import group_priority
from syncer.mdtokens import Heading, TokenDoc
from syncer.paragraph_lists import unmarked_entries
from syncer.prose import labelled_action, promises
from syncer.section_names import heading_score, is_narrative_heading
from syncer.tables import inline_fields, with_links

STRONG = 0.75  # a heading this strong names an action section whatever is under it
MODERATE = 0.25  # this strong: an action section when its content reads like commitments
TIME_FRAME = re.compile(
    r"^\W*(?:short|medium|mid|long|near)[\s-]*term|^\W*(?:immediate|now|later|soon|phase|"
    r"stage|step|week|month|quarter|day|q[1-4]|h[12])\b",
    re.IGNORECASE,
)
CODE = ("fence", "code_block")

NUMBERING = re.compile(r"^\W{0,3}(?:\d{1,3}|[a-zA-Z])[.)]\s+|^\W{0,3}\d{1,3}\s+")
TYPE_TAG = re.compile(r"\[(\w{3,20})\]")
_PROGRESS = re.compile(
    r"^\W*(?:completed?|done|finished|implemented|shipped|in[\s-]+progress|ongoing|under\s*way|open|pending|"
    r"planned|not\s+(?:yet\s+)?started|outstanding|remaining|closed|resolved|blocked)\b",
    re.IGNORECASE,
)


def names_progress(title: str) -> bool:
    """A sub-heading naming the state its entries are in ("Completed", "In progress", "Not yet
    started"): a grouping of follow-ups by how far they got, as a time frame groups them by
    when; a longer title opening so ("Implemented retries for uploads") is an item."""
    title = NUMBERING.sub("", title)
    return _PROGRESS.match(title) is not None and len(title.split()) <= 3


# "Before the next upgrade", "After the migration", "By end of Q3": when its group is to be done
_WHEN = re.compile(
    r"(?i)^\W*(?:before|after|until|till|by|within|during|end\s+of)\b|"
    r"^\W*(?:next|this|following)\s+(?:\d+\s+)?(?:days?|weeks?|months?|quarters?|years?|sprints?|releases?|"
    r"upgrades?|iterations?|cycles?|q[1-4]|h[12])\b"
)  # "Next week", "This quarter"; "Next steps", "Following up with the vendor" name no time
_WHEN_WORDS = 5  # a time frame is a short phrase; a longer title opening so is a sentence


def names_group(title: str) -> bool:
    """A sub-heading naming when or how urgently the work under it is to be done ("Before Next
    Upgrade", "Nice to have", "Must do"): a group's time frame or rank, not an item."""
    title = title.strip(" :*_")
    if group_priority(title) is not None:
        return True
    return _WHEN.match(title) is not None and len(title.split()) <= _WHEN_WORDS and not is_commitment(title, weak=False)


def heading_links(doc: TokenDoc, heading: Heading) -> list[tuple[str, str]]:
    return doc.plain(doc.tokens[doc.blocks[heading.block].start + 1])[1]


def heading_item(doc: TokenDoc, heading: Heading, end_block: int, hint: str | None) -> Raw | None:
    """A sub-heading that is itself the item, its details written underneath (no list or table)."""
    title = NUMBERING.sub("", heading.title)
    words = len([w for w in title.split() if not w.startswith("@")])
    if (
        words < 2 or TIME_FRAME.match(title) or names_progress(title) or (words <= 3 and heading_score(title) >= MODERATE)
        or is_narrative_heading(title) or names_group(title)
    ):
        return None
    details = range(heading.block + 1, end_block)
    if not details and not (is_commitment(title, weak=False) and not _opens_deeper(doc, heading, end_block)):
        return None  # "### Rotate the logs daily" with nothing under it is an item; "### Process" over "####" ones no
    # one-sentence paragraphs in a run are a list written without markers ("### Completed" over them)
    unmarked = unmarked_entries(doc, heading.block + 1, end_block, detailed=True)
    listed = any(doc.blocks[b].kind in LISTS for b in details) or bool(unmarked)
    stated = _fields_first(doc, heading, end_block)
    if listed and not (stated or is_commitment(title, weak=False) or reads_done(title)):
        return None  # "### Identified problems" over a list: the list says what it is
    if not stated and any(doc.blocks[b].kind not in _DETAIL_BLOCKS and not _detail_list(doc, b) for b in details):
        return None
    if any(_entry_commits(read_paragraph(doc, doc.blocks[b])[0]) for b in unmarked):
        return None  # "### Completed ✅" over changes one to a paragraph: their label, not an item
    tag = TYPE_TAG.search(title)
    if tag and type_hint(tag.group(1)):  # "… [detect]": the item's type, not its words
        title = f"{title[: tag.start()]} {title[tag.end() :]}"
    fields = with_links(extract_fields(title), heading_links(doc, heading))
    if tag and fields.type is None:
        fields = replace(fields, type=tag.group(1))
    if fields.owner and f"@{fields.owner}" in fields.text:  # "Better alerting @dma"
        fields = replace(fields, text=" ".join(fields.text.replace(f"@{fields.owner}", " ").split()))
    # "### Cloud provider relationship" names a topic, no work: the promises under it are the items
    # ("##### SSH should not be exposed" says its own work; "#### 2) Consumer health checks" is
    # numbered as an entry of the plan), told in the paragraph beneath
    topic = not is_commitment(title) and _CLAUSE.search(title) is None and title == heading.title
    first_detail: str | None = None
    parts = 0  # labelled parts over code ("**For the DNS config:**" + a block): a heading that groups
    for number in details:
        block = doc.blocks[number]
        if block.kind in LISTS:  # its details: what they say of owner, deadline or ticket
            for item in doc.children(block.start, block.end):
                child = list_entry(doc, item).fields
                fields = fields.merged(Fields(owner=child.owner, due_text=child.due_text, ref=child.ref))
        elif block.kind == "paragraph_open":
            extra = inline_fields(doc, doc.tokens[block.start + 1])
            text, label = read_paragraph(doc, block)
            parts += label and text.endswith(":") and doc.blocks[min(number + 1, end_block - 1)].kind in CODE
            said = promises(extra.text)
            if (label and heading_score(extra.text) >= STRONG) or labelled_action(extra.text) is not None \
                    or len(said) > 1 or parts > 1 or (topic and said):
                return None  # the details hold their own items ("Action point: …", "**Actions taken:**")
            first_detail = first_detail or extra.text
            fields = fields.merged(extra)
    done_text = fields.text if reads_done(fields.text) else first_detail
    return Raw(fields, heading.line, hint, "heading", heading.title, done_text=done_text)


_CLAUSE = re.compile(r"\b(?:should|must|shall|will|would|can|needs?|is|are|was|were|has|have|had)\b", re.IGNORECASE)
_DETAIL_BLOCKS = ("paragraph_open", "fence", "code_block", "html_block", "blockquote_open")


def _fields_first(doc: TokenDoc, heading: Heading, end_block: int) -> bool:
    """A sub-heading whose first line under it states its own fields ("**Priority:** High",
    "Owner: @dana") is an item tracked by that title: a list below it (options, the steps of a
    checklist to write, the cases a check must catch) holds its details."""
    first = heading.block + 1
    if first >= end_block or doc.blocks[first].kind != "paragraph_open":
        return False
    line = doc.plain(doc.tokens[doc.blocks[first].start + 1])[0].split("\n", 1)[0]
    fields = extract_fields(line)
    return fields.has_fields() and not fields.text.strip(" *_")


def _opens_deeper(doc: TokenDoc, heading: Heading, end_block: int) -> bool:
    """Whether the heading that ends this one's text is a sub-heading of it."""
    if end_block >= len(doc.blocks) or doc.blocks[end_block].kind != "heading_open":
        return False
    return int(doc.tokens[doc.blocks[end_block].start].tag[1:]) > heading.level


def _entry_commits(text: str) -> bool:
    return is_commitment(text, weak=False) or reads_done(text) or labelled_action(text) is not None


def _detail_list(doc: TokenDoc, number: int) -> bool:
    """A list under a sub-heading that holds its details ("- using the broker's metric"), not
    its own commitments, checkboxes or fields."""
    block = doc.blocks[number]
    if block.kind not in LISTS:
        return False
    for item in doc.children(block.start, block.end):
        entry = list_entry(doc, item)
        text = entry.fields.text
        if entry.checkbox or _entry_commits(text):
            return False
    return True
