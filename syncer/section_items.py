"""The action items under an action heading: what its sub-headings and labels make of the
blocks after them (every entry an item, only those that commit, only what goes beyond the
live response, or none), sub-headings that are items themselves, and the deadline, owner,
ticket or priority a heading passes to the items under it.

Pure; syncer.items decides where action sections are, syncer.blocks reads one block,
syncer.heading_items a sub-heading that is an item.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from functools import lru_cache

from syncer.aspect import made_since
from syncer.blocks import (
    LABEL_MAX,
    LISTS,
    Raw,
    emit,
    entry_label,
    html_items,
    list_entry,
    list_items,
    nested_blocks,
    paragraph_items,
    read_paragraph,
    set_as_heading,
)
from syncer.closing_owners import capitalised_by_title
from syncer.commitments import is_commitment, is_promise, reads_done
from syncer.entry_evidence import beyond_response, list_heading
from syncer.evidence import states_rule
from syncer.field_names import type_hint
from syncer.fields import Fields, extract_fields, heading_priority
from syncer.heading_items import (
    CODE,
    MODERATE,
    NUMBERING,
    STRONG,
    TIME_FRAME,
    TYPE_TAG,
    heading_item,
    heading_links,
    names_progress,
)
from syncer.lasting_changes import in_force
from syncer.mdtokens import Block, Heading, TokenDoc
from syncer.paragraph_lists import unmarked_commits, unmarked_entries, unmarked_item
from syncer.prose import introduces_story, labelled_action, needed
from syncer.section_names import heading_score, inline_label, is_narrative_heading, names_response
from syncer.tables import inline_fields, table_items, with_links

_LEVELS = 6  # of Markdown headings; a bold paragraph set as one ranks below them all
_FINITE = re.compile(r"\b(?:was|were|is|are|has|have|had|did)\b", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _title_fields(title: str) -> Fields:
    """The deadline, owner, ticket or priority written on a heading ("Phase 1 (due 2026-04-01)",
    "High priority")."""
    fields = extract_fields(title)
    if fields.owner is not None and capitalised_by_title(title, fields.owner):
        fields = replace(fields, owner=None)  # "### Long-term (Best Practices)" names no one
    # "🔴 High Priority (1 week)": the rating beside the group's time frame
    if fields.raw_priority is None and (priority := heading_priority(title) or heading_priority(fields.text)):
        fields = replace(fields, raw_priority=priority)
    return fields


def _mode(title: str, current: str) -> str:
    """What a sub-heading or label inside an action section makes of the blocks after it:
    "all" are items, only those that read as "commits", or "skip" (a "What went wrong" part)."""
    score = heading_score(title)
    if is_narrative_heading(title) or score <= -0.75:
        return "skip"
    untagged = TYPE_TAG.sub(" ", title)  # "1) Streaming reduced [repair]": the tag sorts an item
    if names_response(untagged, among_actions=current == "all") and not is_commitment(title):
        return "future"  # "Resolution" inside: what was done then is no follow-up
    if score >= STRONG:
        return "all"
    if names_progress(untagged):
        return current  # "Done", "In progress": how far the follow-ups got, not a kind of part
    if score >= MODERATE and not is_commitment(title):
        # "Lessons learned" inside: its rules are not items, its promises are; under the live
        # response a part named for some kind of work ("Architectural hardening") is still
        # the response, told as done, unless it says what recurrence it prevents
        return "future" if current == "future" else "strict"
    return current


def items_in_section(doc: TokenDoc, top: Heading, later: list[Heading], end_block: int, mode: str) -> list[Raw]:
    """Items under `top` up to block end_block, in `mode` ("all"; "strict" under a middling
    heading; "future" under one naming the live response) until a sub-heading or label changes
    it; the sub-headings `later` give type hints and pass on the deadline, owner or ticket
    written on them."""
    # (level, type hint, fields the heading passes on, its title, mode)
    stack: list[tuple[int, str | None, Fields, str, str]] = [
        (top.level, "prevent" if "prevent" in top.title.lower() else None, _title_fields(top.title), top.title, mode)
    ]
    label_hint: str | None = None
    label_priority: str | None = None  # "**High priority:**" over the list below
    # "Within the next 24 hours we will roll out:": the time the block right after it is for
    label_due: tuple[int, str | None] = (-1, None)
    heading_at = {h.block: (h, later[n + 1].block if n + 1 < len(later) else end_block) for n, h in enumerate(later)}
    skip_until = -1
    found: list[Raw] = []
    kinds = _part_kinds(doc, heading_at, top.block, end_block)
    # a section of the live response that shows its commands anywhere is the log of what was
    # run: its other parts' bare steps ("Move data into phase when 58 days old") were run too
    procedure = any("code" in kind for kind in kinds.values())
    unmarked = unmarked_entries(doc, top.block + 1, end_block, detailed=True)
    overshadowed = _overshadowed(top, later)
    part = top.block
    for number in range(top.block + 1, end_block):
        if number < skip_until:
            continue
        block = doc.blocks[number]
        _, hint_now, inherited, section, _ = stack[-1]
        hint = label_hint or hint_now
        if (at := heading_at.get(number)) is not None:
            part = number
            heading, next_block = at
            while len(stack) > 1 and stack[-1][0] >= heading.level:
                stack.pop()
            parent = stack[-1]
            mode = _mode(heading.title, parent[4])
            if mode == "all" and parent[4] == "all" and heading.block in overshadowed:
                mode = "strict"  # "Identified problems" beside "Improvement plan": its sibling names the plan
            own = with_links(_title_fields(heading.title), heading_links(doc, heading))
            stack.append((heading.level, type_hint(heading.title) or parent[1], own.merged(parent[2]), heading.title, mode))
            label_hint = label_priority = None
            if mode != "skip" and (item := heading_item(doc, heading, next_block, stack[-1][1])):
                judge = "future" if mode == "future" else parent[4]  # its own words are the item's, not its mode
                if judge == "future":
                    keep = beyond_response(item) and "code" not in kinds[number] and (not procedure or _stated(item))
                else:
                    keep = judge == "all" or commits(item, weak=judge == "commits")
                if keep:
                    found.append(item)
                skip_until = next_block
            continue
        if (title := set_as_heading(doc, number) or list_heading(doc, number)) is not None and (
            heading_score(title) >= MODERATE or _mode(title, stack[-1][4]) == "skip"
        ):
            # "**Action items**" set in bold on its own: a sub-heading, the part of its words up to
            # the next heading or such label
            while len(stack) > 1 and stack[-1][0] > _LEVELS:
                stack.pop()
            parent = stack[-1]
            mode = _mode(title, parent[4])
            stack.append((_LEVELS + 1, type_hint(title) or parent[1], _title_fields(title).merged(parent[2]), title, mode))
            label_hint = label_priority = None
            continue
        kept: list[Raw] = []
        if block.kind == "paragraph_open":
            text, label = read_paragraph(doc, block)
            told = stack[-1][4] == "future" and doc.tokens[block.start + 1].content[:2] not in ("**", "__") \
                and _FINITE.search(text) is not None  # a sentence, not a label naming the list
            if label and (
                (len(text) > LABEL_MAX and _mode(text, stack[-1][4]) == "skip") or (told and not is_commitment(text))
            ):
                # a sentence introducing a list ("… so this doesn't happen again:") names no story;
                # under the live response one that promises nothing ("Remediation was carried out
                # in two phases:") introduces what was done then, not a plan
                label = False
            if label and text.endswith(":"):
                label_due = (number + 1, _title_fields(text).due_text)
            if text.endswith(":") and stack[-1][4] == "all":
                # "All of the errors were due to missing tests:" over the findings; the next
                # introduction ("… we will follow a few rules:") brings the section's mode back
                mode = "commits" if introduces_story(text) else "all" if mode == "commits" else mode
            if mode == "all" and number in unmarked and "listed" not in kinds[part]:
                kept = [unmarked_item(doc, number, hint, section)]  # one entry of a list written without markers
            elif mode in ("commits", "strict") and number in unmarked and "listed" not in kinds[part] \
                    and labelled_action(text) is None:
                # where only commitments count, such an entry is one when it commits as a list's
                # entry does (an instruction, an owner, a deadline); a sentence telling what was is story
                if unmarked_commits(item := unmarked_item(doc, number, hint, section), weak=mode == "commits"):
                    found.append(_inherit(item, inherited))
                continue
            elif mode != "skip" and (item := _change_over_details(doc, number, text, hint, section)) is not None:
                kept, skip_until = [item], number + 2
            elif label and (priority := heading_priority(text)) is not None:
                label_priority = priority
            elif text.endswith(":") and mode == "commits":
                pass
            elif label and (new_mode := _mode(text, stack[-1][4])) != stack[-1][4]:
                # a label is weaker than a heading: it does not lift a section of lessons
                mode = "strict" if new_mode == "all" and stack[-1][4] == "strict" else new_mode
            elif label and heading_score(text) >= STRONG:
                mode = "all"
            elif label and (kind := type_hint(text)) and not is_commitment(text):
                label_hint = kind  # "**Prevent:**" introducing the list below
                mode = stack[-1][4] if stack[-1][4] != "skip" else "all"
            elif mode != "skip":
                kept = paragraph_items(doc, block, text, hint, section)
                if "listed" in kinds[part]:
                    kept = [raw for raw in kept if raw.found_by != "paragraph" or _stated(raw)]
        elif mode == "skip":
            continue
        elif block.kind == "table_open":
            kept = [Raw(f, line, hint, "table", section) for f, line in table_items(doc, block)]
        elif block.kind in LISTS:
            kept, parts = _entry_parts(doc, block, hint, section, mode)
            found.extend(_inherit(raw, inherited) for raw in parts)
        elif block.kind == "html_block":
            kept = html_items(doc, block, hint, section, action=True)
        if mode in ("commits", "strict"):
            kept = [raw for raw in kept if commits(raw, weak=mode == "commits")]
        elif mode == "future":
            # the steps of a procedure shown with its commands were carried out then
            kept = [raw for raw in kept if beyond_response(raw) and (not procedure or _stated(raw))]
        if label_priority is not None:
            inherited = replace(inherited, raw_priority=inherited.raw_priority or label_priority)
        if label_due[0] == number and label_due[1] is not None:
            inherited = replace(inherited, due_text=label_due[1])  # nearer than a heading's
        found.extend(_inherit(raw, inherited) for raw in kept)
    return found


_PART_WORDS = 6  # a label longer than this is a sentence, not a part's name


def _entry_parts(doc: TokenDoc, block: Block, hint: str | None, section: str, mode: str) -> tuple[list[Raw], list[Raw]]:
    """The items of a list, and apart those of its entries that head parts of their own: a label
    naming a kind of work or a part of the story ("- **Corrective measures:**", "- **Impact:**")
    with blocks nested under it, read as under a sub-heading of its words."""
    # where every entry is an item, a label over some of them groups them
    heads = {} if mode == "all" else {
        item: title for item in doc.children(block.start, block.end) if (title := _part_label(doc, item, mode))
    }
    if not heads:
        return list_items(doc, block, hint, section), []
    kept: list[Raw] = []
    parts: list[Raw] = []
    for item in doc.children(block.start, block.end):
        if (title := heads.get(item)) is None:
            kept.extend(emit(list_entry(doc, item), hint, section))
        elif (sub := _mode(title, mode)) != "skip":
            view = copy.copy(doc)  # the same tokens, seen as if the entry's blocks were the document's
            view.blocks = nested_blocks(doc, item)
            parts.extend(items_in_section(view, Heading(0, _LEVELS, doc.line(item), title), [], len(view.blocks), sub))
    return kept, parts


def _part_label(doc: TokenDoc, item: int, mode: str) -> str | None:
    """The words of an entry that heads a part: a short label over nested blocks naming a kind
    of work or a part of the story."""
    title = entry_label(doc, item)
    if title is None or len(title.split()) > _PART_WORDS:
        return None
    return title if heading_score(title) >= MODERATE or _mode(title, mode) == "skip" else None


def _overshadowed(top: Heading, later: list[Heading]) -> set[int]:
    """Sub-headings that name no kind of follow-up work while a sibling does ("Identified
    problems" beside "Improvement plan" under "Future work"): the sibling is where the
    commitments are, so only commitments count under these. Time frames ("Short term"), kinds
    of work ("Detect") and topics with no such sibling ("Database" beside "Network") are left alone."""
    parents: list[Heading] = [top]
    groups: dict[tuple[int, int], list[Heading]] = {}
    for heading in later:
        while len(parents) > 1 and parents[-1].level >= heading.level:
            parents.pop()
        groups.setdefault((parents[-1].block, heading.level), []).append(heading)
        parents.append(heading)
    shadowed: set[int] = set()
    for siblings in groups.values():
        named = [h for h in siblings if heading_score(h.title) >= MODERATE]
        if named:
            shadowed.update(
                h.block for h in siblings
                if heading_score(h.title) <= 0 and not TIME_FRAME.match(NUMBERING.sub("", h.title))
                and not names_progress(h.title)  # "Completed" beside "Recommended improvements": a state
                and type_hint(h.title) is None  # "Detect" beside "Prevent": a kind of follow-up work
            )
    return shadowed


def _part_kinds(doc: TokenDoc, heading_at: dict[int, tuple[Heading, int]], start: int, end_block: int) -> dict[int, set[str]]:
    """The kinds of block in each part of a section (from a heading to the next): a part
    that lists its items makes a paragraph beside the list an introduction; one that shows
    commands is a procedure."""
    kinds: dict[int, set[str]] = {start: set()}
    part = start
    for number in range(start + 1, end_block):
        if number in heading_at:
            part = number
            kinds[part] = set()
        else:
            block = doc.blocks[number]
            kinds[part].add("listed" if block.kind in (*LISTS, "table_open") else "code" if block.kind in CODE else block.kind)
            if block.kind in LISTS and any(doc.tokens[t].type in CODE for t in range(block.start, block.end)):
                kinds[part].add("code")  # "- Create directories" over its commands: the steps as run
    return kinds


def _stated(raw: Raw) -> bool:
    """A paragraph that is an item in its own right: a promise, or one with an owner, a
    deadline or a ticket (not "List any tasks we should complete here")."""
    fields = raw.fields
    return raw.labelled or bool(fields.owner or fields.due_text or fields.ref) or is_promise(fields.text) \
        or in_force(fields.text)  # "The change we made now requires every pull request to be approved"


# "… the following:", "… these steps:", "… as follows:": a sentence that introduces the list below
_INTRODUCES = re.compile(
    r"\b(?:following|below|these|those|as\s+follows|includ\w*|several|some|a\s+few)\b|"
    r"\b(?:on|to|in|for|with|by|at|of|about|are|is|be|will|shall|should|must|need|we|us|our|areas?|ways?|things?)\W*$",
    re.IGNORECASE,
)  # "we will focus on:", "our next steps are:": what ends the sentence is in the list


def _change_over_details(doc: TokenDoc, number: int, text: str, hint: str | None, section: str) -> Raw | None:
    """A paragraph that is itself a change and ends in a colon over a list of its details
    ("We've established criteria for pausing the system:" over the criteria): one item,
    the list its details. None when the list holds the commitments or it introduces them."""
    if not text.endswith(":") or number + 1 >= len(doc.blocks) or doc.blocks[number + 1].kind not in LISTS:
        return None
    block = doc.blocks[number]
    if doc.tokens[block.start + 1].content[:2] in ("**", "__"):
        return None  # a bold label names a part ("**improved routing:**"), its list holds the changes
    said = labelled[1] if (labelled := inline_label(text)) else text  # "Jump server: configure one, allowing:"
    if _INTRODUCES.search(text) or not (is_commitment(said, weak=False) or reads_done(said)):
        return None
    details = doc.blocks[number + 1]
    for item in doc.children(details.start, details.end):
        entry = list_entry(doc, item)
        child = entry.fields
        if entry.checkbox or child.has_fields() or is_commitment(child.text, weak=False) or reads_done(child.text):
            return None
    fields = inline_fields(doc, doc.tokens[block.start + 1])
    return Raw(replace(fields, text=fields.text.rstrip(" :")), doc.line(block.start), hint, "paragraph", section)


def _inherit(raw: Raw, inherited: Fields) -> Raw:
    if inherited.owner or inherited.due_text or inherited.ref or inherited.raw_priority:
        only = Fields(owner=inherited.owner, due_text=inherited.due_text, ref=inherited.ref,
                      raw_priority=inherited.raw_priority)
        return replace(raw, fields=raw.fields.merged(only))
    return raw


def commits(raw: Raw, *, weak: bool) -> bool:
    """Whether an item under a middling heading reads like a commitment, not a lesson or a
    fact; `weak`: a stated need ("We need to …") counts too. A bare paragraph there
    ("Validate config.") is a lesson unless it promises or names an owner or deadline."""
    fields = raw.fields
    if raw.found_by == "heading":  # its details may cite a PR; the title must read as the item
        return is_commitment(fields.text, weak=weak) or reads_done(raw.done_text or fields.text)
    if raw.labelled or fields.owner or fields.due_text or fields.ref or raw.found_by == "checkbox":
        return True
    if not weak and states_rule(fields.text):
        return False  # "Communicate early": under a middling heading, a lesson's rule
    if raw.found_by == "paragraph":
        return is_promise(fields.text) or reads_done(fields.text) or needed(fields.text)
    return (
        raw.found_by == "prose"
        or is_commitment(fields.text, weak=weak)
        or reads_done(fields.text)
        or made_since(fields.text) != []  # "A daily check has been added to verify …"
    )
