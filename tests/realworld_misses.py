"""Where the annotated items the extractor missed stand in their document (bench/bench_extract.py).

A missed item is located at the block of the document whose words hold the largest share of
the item's words (words as the matching of tests/realworld.py reads them: `tokens`): a heading,
a table row, a paragraph (inside a list entry: the entry), an HTML or code block; of two blocks
holding the same share, the one with fewer other words. An item whose words no block holds at
least LOCATED_MIN of is "not located" (reworded by the annotator, or in text the reader drops).

Each located miss is then counted twice:
- by the part of the document it stands in: a part pmsync took as an action section (or whose
  innermost heading gave a found item), another part, or a document where pmsync found nothing
  (unknown, "?", for an item not located in a document where pmsync found some);
- by the kind of block holding it: a list entry, a checkbox, a table row, a heading, a paragraph
  (the item is most of it), a sentence inside a paragraph (the item is less than PART_MAX of it),
  or another block (HTML, code).

Counts only: the holdout split's say how recall is lost, never where to look.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from syncer.items import find_items
from syncer.mdtokens import TokenDoc, headings, section_ends
from tests.realworld import tokens

ACTION_PART, OTHER_PART, NOTHING_FOUND, UNKNOWN = "action part", "other part", "nothing found", "?"
PLACES = (ACTION_PART, OTHER_PART, NOTHING_FOUND, UNKNOWN)
LIST_ENTRY, CHECKBOX, TABLE_ROW, HEADING = "list entry", "checkbox", "table row", "heading"
PARAGRAPH, SENTENCE, OTHER_BLOCK, NOT_LOCATED = "paragraph", "sentence in a paragraph", "other block", "not located"
BLOCK_KINDS = (LIST_ENTRY, CHECKBOX, TABLE_ROW, HEADING, PARAGRAPH, SENTENCE, OTHER_BLOCK, NOT_LOCATED)
LOCATED_MIN = 0.5  # share of the item's words a block must hold to be where the item stands
PART_MAX = 0.6  # an item holding less than this share of its paragraph's words is one sentence of it
_CHECKBOX_MARKS = ("[ ]", "[x]", "[X]")


@dataclass(frozen=True, slots=True)
class _Unit:
    """One block the annotator may have taken an item from."""

    kind: str  # a BLOCK_KINDS entry; PARAGRAPH until an item is placed in it
    words: frozenset[str]
    top: int  # the index of the top-level block (TokenDoc.blocks) holding it


def _units(doc: TokenDoc) -> list[_Unit]:
    """The document's leaf blocks in order: headings, table rows, paragraphs (by whether they
    stand in a list entry), HTML and code blocks."""
    top_of = [0] * len(doc.tokens)
    for number, block in enumerate(doc.blocks):
        for index in range(block.start, min(block.end, len(doc.tokens))):
            top_of[index] = number
    units: list[_Unit] = []
    in_item = 0
    for index, token in enumerate(doc.tokens):
        if token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type in ("heading_open", "paragraph_open"):
            inline = doc.tokens[index + 1]
            kind = HEADING if token.type == "heading_open" else PARAGRAPH
            if kind == PARAGRAPH and in_item:
                kind = CHECKBOX if inline.content.lstrip().startswith(_CHECKBOX_MARKS) else LIST_ENTRY
            units.append(_Unit(kind, tokens(doc.plain(inline)[0]), top_of[index]))
        elif token.type == "tr_open":
            close = doc.close.get(index, index)
            cells = [doc.plain(doc.tokens[k])[0] for k in range(index, close) if doc.tokens[k].type == "inline"]
            units.append(_Unit(TABLE_ROW, tokens(" ".join(cells)), top_of[index]))
        elif token.type in ("html_block", "fence", "code_block"):
            units.append(_Unit(OTHER_BLOCK, tokens(token.content), top_of[index]))
    return units


def _locate(words: frozenset[str], units: Sequence[_Unit]) -> tuple[_Unit, str] | None:
    """The block holding most of an item's words, and its kind with the item placed in it."""
    best: tuple[float, int] | None = None
    chosen = None
    for unit in units:
        shared = len(words & unit.words)
        if not shared:
            continue
        rank = (shared / len(words), -len(unit.words))
        if best is None or rank > best:
            best, chosen = rank, unit
    if chosen is None or best is None or best[0] < LOCATED_MIN:
        return None
    if chosen.kind == PARAGRAPH and len(words & chosen.words) < PART_MAX * len(chosen.words):
        return chosen, SENTENCE
    return chosen, chosen.kind


def _action_blocks(doc: TokenDoc, lines: Sequence[int]) -> list[bool]:
    """For each top-level block, whether it stands in a part pmsync took as an action section,
    or in a part whose innermost heading holds a found item (`lines`: the found items' lines)."""
    heads = headings(doc)
    ends = section_ends(doc, heads)
    taken = [False] * len(doc.blocks)
    _, sections = find_items(doc, heads, ends)
    by_block = {heading.block: end for heading, end in zip(heads, ends, strict=True)}
    for section in sections:
        for number in range(section.heading.block, by_block[section.heading.block]):
            taken[number] = True
    starts: list[int] = []  # each block's first line (a block without one: its predecessor's)
    for block in doc.blocks:
        starts.append(max(doc.line(block.start), starts[-1] if starts else 0))
    innermost = [-1] * len(doc.blocks)  # the heading whose part each block is in, innermost
    for number, heading in enumerate(heads):
        for block in range(heading.block, ends[number]):
            innermost[block] = number
    found_in = set()
    for line in lines:  # the last block starting at or before the item's line holds it
        block = bisect_right(starts, line) - 1
        if block >= 0:
            found_in.add(innermost[block])
    for block, part in enumerate(innermost):
        taken[block] = taken[block] or part in found_in
    return taken


def miss_places(text: str, missed: Sequence[str], found_lines: Sequence[int]) -> Counter[tuple[str, str]]:
    """(part, block kind) counts over a document's missed items (their texts), given the lines
    of the items the extractor found there."""
    counts: Counter[tuple[str, str]] = Counter()
    if not missed:
        return counts
    doc = TokenDoc(text, "<bench>")
    units = _units(doc)
    taken = _action_blocks(doc, found_lines) if found_lines else []
    for item in missed:
        located = _locate(tokens(item), units)
        if not found_lines:
            part = NOTHING_FOUND
        elif located is None:
            part = UNKNOWN
        else:
            part = ACTION_PART if taken[located[0].top] else OTHER_PART
        counts[part, NOT_LOCATED if located is None else located[1]] += 1
    return counts
