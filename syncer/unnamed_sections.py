"""A part of a postmortem whose heading names nothing ("Part 4", "What's next", "Outcomes")
yet holds the commitments: an action section told by where it is and what it holds, not by
what it is called.

Pure. A heading's words are one piece of evidence (syncer.section_names); when they say
nothing either way, the part is judged as a whole (syncer.items asks only for parts at the
document's top level that come after the story of the incident): it is an action section
when the entries it lists (list entries, checkboxes, table rows) mostly commit to what comes
next (an instruction, a promise, a ticket; with no story after the part also a box to tick
whatever words it holds, and in the document's last part an owner or a date beside an
entry), none stamped with the time of day a timeline's step happened at. Paragraphs are no
evidence (a story names people and tickets too), nor are changes told as done (steps of the
response read the same), nor parts that show commands (a procedure).
"""

from __future__ import annotations

from syncer.blocks import LISTS, Raw, list_entry, read_paragraph
from syncer.entry_evidence import ahead, tells_story, tracked
from syncer.field_names import meta_key
from syncer.mdtokens import Heading, TokenDoc
from syncer.section_items import MODERATE, commits, items_in_section
from syncer.section_names import heading_score, is_narrative_heading

NEUTRAL = -0.25  # a heading scored above this names neither the story nor the response
_ALL = 0.75  # this share of the entries commits: the list is of commitments, every entry an item
_SOME = 0.5  # this share: the entries that commit are items
_COMMITTING_MIN = 2  # one imperative sentence in a part of notes makes no list of commitments
_LAST_SOME = 1 / 3  # in the document's last part, with _LAST_MIN of them, this share commits
_LAST_MIN = 3


def part_level(headings: list[Heading]) -> int:
    """The level of a document's parts: the highest level used by more than one heading (a
    lone "# Title" over "## Summary", "## Timeline", … is the title, not a part)."""
    counts: dict[int, int] = {}
    for heading in headings:
        counts[heading.level] = counts.get(heading.level, 0) + 1
    return min((level for level, count in counts.items() if count > 1), default=min(counts, default=1))


_LISTED = ("list", "checkbox", "table")
_CODE = ("fence", "code_block")


def _labels_follow_ups(doc: TokenDoc, start: int, end_block: int) -> bool:
    """Whether a label in these blocks names follow-up work ("**Action items:**", "- **Review
    actions**:" over its entries)."""
    for number in range(start, end_block):
        block = doc.blocks[number]
        if block.kind == "paragraph_open":
            text, label = read_paragraph(doc, block)
            if label and heading_score(text) >= MODERATE:
                return True
        elif block.kind in LISTS:
            for item in doc.children(block.start, block.end):
                entry = list_entry(doc, item)
                if entry.label and entry.children and heading_score(entry.fields.text) >= MODERATE:
                    return True
    return False


def _commits_here(raw: Raw, *, story_after: bool, final: bool) -> bool:
    """An entry that commits to what comes next (entry_evidence.ahead); with no story after its
    part also a box to tick, whatever words it holds (another language, a noun phrase), and in
    the document's last part (`final`) an owner, a date or a ticket beside a list's entry, when
    the entry does not tell what happened."""
    if ahead(raw):
        return True
    marked = (raw.found_by == "checkbox" and not story_after) or (final and raw.found_by == "list" and tracked(raw))
    return marked and not tells_story(raw)


def items_by_content(
    doc: TokenDoc, heading: Heading, later: list[Heading], end_block: int, story_after: bool
) -> list[Raw]:
    """The items of a part under a heading that names nothing, when the entries it lists read
    like commitments; [] otherwise (its promises are still read as prose elsewhere). Paragraphs
    are no evidence (a story names people and tickets too); beside such a list, those that
    promise or tell a change made are items. Its sub-parts are judged with it, even one named
    for follow-ups ("Short-term" beside "Immediate" and "Long-term"): they share its role. When
    a part of the story follows (a timeline, an appendix, "What went well" after the
    follow-ups), where the part stands says less: every entry it lists must be kept track of
    (an owner, a date, a ticket, a box), or every one commit and some be kept track of."""
    if meta_key(heading.title) is not None:
        return []  # "Severity", "Status", "Participants": a field of the postmortem, its boxes a form
    if any(is_narrative_heading(h.title) for h in later):
        return []  # it holds a part of the story
    if any(doc.blocks[number].kind in _CODE for number in range(heading.block + 1, end_block)):
        return []  # steps shown with their commands: a procedure, not commitments
    if _labels_follow_ups(doc, heading.block + 1, end_block):
        return []  # "**Action items:**" inside: the label decides what is an item
    candidates = items_in_section(doc, heading, later, end_block, "all")
    listed = [raw for raw in candidates if raw.found_by in _LISTED or raw.entry]  # or one entry to a paragraph
    final = not story_after and end_block == len(doc.blocks)
    committing = [raw for raw in listed if _commits_here(raw, story_after=story_after, final=final)]
    # the document's last part, nothing after it: where follow-ups stand, so a third of its
    # entries committing is enough (the others are often work named in a word: "Better alerts")
    last = final and len(committing) >= _LAST_MIN
    if len(committing) < _COMMITTING_MIN or len(committing) < (_LAST_SOME if last else _SOME) * len(listed):
        return []
    if story_after and not all(map(tracked, listed)) \
            and not (len(committing) >= _ALL * len(listed) and any(map(tracked, committing))):
        return []  # a part amid the story (a timeline, what went well follows) lists only what is owned
    kept = listed if len(committing) >= _ALL * len(listed) else committing
    chosen = {id(raw) for raw in kept}
    return [raw for raw in candidates
            if id(raw) in chosen or (raw.found_by not in _LISTED and not raw.entry and commits(raw, weak=False))]
