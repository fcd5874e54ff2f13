"""A heading written as a bold paragraph ("**Action items**", "**Next steps:**"): the blocks after
it, up to the next heading, the next such paragraph or a short one that starts another part
("More notes."), are its section.

Pure. Exported documents and chat-written postmortems often set their parts in bold instead of
as headings; pmsync reads such a part as it reads one under a heading of the same words. Only
a label that names follow-up work strongly, or the response (its promises kept), opens one (a
weaker one still introduces the block after it, syncer.loose_items).
"""

from __future__ import annotations

from syncer.blocks import LABEL_MAX, Raw, bold_label, read_paragraph
from syncer.entry_evidence import list_heading
from syncer.mdtokens import Heading, TokenDoc
from syncer.section_items import MODERATE, STRONG, commits, items_in_section
from syncer.section_names import heading_score, names_follow_up_list, names_response


def _closes(doc: TokenDoc, number: int) -> bool:
    """A short paragraph that is no introduction ("More notes."): it starts another part."""
    if doc.blocks[number].kind != "paragraph_open":
        return False
    text, label = read_paragraph(doc, doc.blocks[number])
    return label and not text.endswith(":")


def labelled_part(doc: TokenDoc, heading: Heading, end_block: int) -> list[Raw] | None:
    """The items of the part a label opens (a bold paragraph, a bold bullet), up to end_block,
    read as under a heading of the same words; None when the label names no follow-up work."""
    score = heading_score(heading.title)
    if score < MODERATE:
        return None
    mode = "future" if names_response(heading.title) else "all" if score >= STRONG else "strict"
    items = items_in_section(doc, heading, [], end_block, mode)
    if mode == "future" and score < STRONG:  # "**Resolution:**" over what was done then: its promises only
        items = [raw for raw in items if commits(raw, weak=False)]
    return items


def _vouches(doc: TokenDoc, number: int) -> bool:
    """A label naming a list of follow-ups as such, on its own ("**Action items:**"): loose
    items take every entry of the list after it."""
    text, _ = read_paragraph(doc, doc.blocks[number])
    return len(text) <= LABEL_MAX and names_follow_up_list(text)


def label_sections(doc: TokenDoc, headings: list[Heading], taken: list[bool]) -> list[tuple[int, int, list[Raw]]]:
    """(first block, end block, items) of each part a bold label naming follow-up work opens
    outside the action sections found (`taken`)."""
    heading_blocks = {h.block: h for h in headings}
    level = 1
    labels: list[tuple[int, str]] = []
    for number in range(len(doc.blocks)):
        if number in heading_blocks:
            level = heading_blocks[number].level
        elif not taken[number] and (title := bold_label(doc, number)) is not None:
            labels.append((number, title))
    found = []
    for k, (number, title) in enumerate(labels):
        score = heading_score(title)
        if score < STRONG and not (score >= MODERATE and names_response(title)):
            continue  # a label naming lessons or the like introduces the block after it (loose items)
        end = number + 1
        stop = labels[k + 1][0] if k + 1 < len(labels) else len(doc.blocks)
        while end < stop and end not in heading_blocks and not taken[end] and not _closes(doc, end):
            end += 1
        if end - number < 3 and (_vouches(doc, number) or list_heading(doc, number) is None):
            # one block after it, which a label naming such a list ("Action items:") vouches for
            # and one naming a kind of work ("Prevention:") only introduces, as loose items read,
            # unless the list is the label's own: most of its entries read as work, none as story
            continue
        heading = Heading(number, min(level + 1, 6), doc.line(doc.blocks[number].start), title)
        found.append((number, end, labelled_part(doc, heading, end) or []))
    return found

