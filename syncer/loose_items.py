"""The action items outside action sections: an action table, a list or paragraph an action
label introduces ("**Action items:**"), a list entry labelled so over its children, "We
will …" prose, and the promises of a timeline's closing entry.

Pure; judged with the same tests as items inside a section (syncer.section_items).
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from functools import partial

from syncer.aspect import made_since
from syncer.blocks import (
    LABEL_MAX,
    LISTS,
    Raw,
    bold_label,
    emit,
    entry_label,
    html_items,
    list_entry,
    list_items,
    nested_blocks,
    paragraph_items,
    prose_items,
    read_paragraph,
    set_as_heading,
)
from syncer.checklists import is_checklist
from syncer.commitments import is_done_follow_up, is_promise
from syncer.entry_sections import entry_section, section_label
from syncer.evidence import announces_work
from syncer.fields import extract_fields
from syncer.label_lines import label_line_items
from syncer.mdtokens import Block, Heading, TokenDoc
from syncer.paragraph_lists import unmarked_commits, unmarked_entries, unmarked_item
from syncer.prose import introduces_story, labelled_action, promises
from syncer.section_items import MODERATE, STRONG, beyond_response, commits
from syncer.section_names import (
    heading_score,
    is_narrative_heading,
    names_follow_up_list,
    names_response,
)
from syncer.tables import is_action_table, table_items

_TIME_STAMP = re.compile(r"^\s*(?:\[[^\[\]]{1,40}\]|[\d:./ -]{4,30}(?:UTC|GMT|[AP]M)?\s*[-–:])\s*")  # "[2013-02-08 16:55 UTC]"


def loose_items(doc: TokenDoc, headings: list[Heading], taken: list[bool], section: str | None = None) -> list[Raw]:
    """Items outside action sections (under `section` until a heading): an action table, a list
    introduced by an "Action items:" label, a list entry labelled so over its children, and "We will …" prose."""
    found: list[Raw] = []
    introduced: str | None = None  # "all", "commits" or "strict" after a label ("Action items:")
    heading_of = {h.block: h for h in headings}
    runs = unmarked_entries(doc, 0, len(doc.blocks))  # paragraphs written as a list's entries
    timeline_level = 0  # inside a timeline (and its sub-headings) of this level: not plans
    for number, block in enumerate(doc.blocks):
        if (heading := heading_of.get(number)) is not None:
            section = heading.title
            if timeline_level and heading.level <= timeline_level:
                timeline_level = 0
            if not timeline_level and heading_score(heading.title) <= -2:
                timeline_level = heading.level
            introduced = None
            continue
        if section is not None and (timeline_level or heading_score(section) <= -0.75) and not taken[number] \
                and (title := bold_label(doc, number)) is not None and heading_score(title) >= MODERATE:
            # a bold paragraph naming follow-up work or the response ("**Prevention**") is no part of
            # a timeline or root cause: it is a heading of its own, and that part ends there
            section, timeline_level = title, 0
        timeline = timeline_level > 0
        if timeline and not taken[number] and block.kind in LISTS and (number + 1 == len(doc.blocks) or number + 1 in heading_of):
            found.extend(_closing_promises(doc, block, section))
        if taken[number] or timeline:
            if timeline and not taken[number] and block.kind in LISTS:
                found.extend(_parts_in_story(doc, block))
            continue
        kept: list[Raw] = []
        if block.kind == "table_open":
            if introduced or is_action_table(doc, block):
                kept = [Raw(f, line, None, "table", section) for f, line in table_items(doc, block)]
        elif block.kind in LISTS:
            if introduced or is_checklist(doc, block):
                kept = list_items(doc, block, None, section)
            else:
                kept = _labelled_entries(doc, block, section)
        elif block.kind == "html_block":
            kept = html_items(doc, block, None, section, action=False)
        if introduced in ("commits", "strict"):
            kept = [raw for raw in kept if commits(raw, weak=introduced == "commits")]
        if introduced == "future" or (section is not None and names_response(section)):
            # a table of the fixes made then; a label over them ("**Hardening:**") does not make them plans
            kept = [raw for raw in kept if beyond_response(raw)]
        carried = under = None
        if block.kind == "paragraph_open" and introduced:
            text, label = read_paragraph(doc, block)
            if number in runs:  # "Action items" over one entry to a paragraph: each is read as one
                under = introduced
                item = unmarked_item(doc, number, None, section)
                keep = beyond_response(item) if under == "future" else unmarked_commits(item, weak=under != "strict")
                kept = [item] if keep else []
                carried = introduced if number + 1 in runs else None
            elif text.endswith(":") and len(text) > LABEL_MAX:
                carried = introduced  # "**Action items:**", then "We agreed on these:", then the list
            elif not label:  # "**Action items:**" over a paragraph: "Add a lag alert on the queue."
                under = introduced
                kept = paragraph_items(doc, block, text, None, section)
                if under == "future":
                    kept = [raw for raw in kept if beyond_response(raw)]
                elif under != "all":
                    kept = [raw for raw in kept if commits(raw, weak=under == "commits")]
        found.extend(kept)
        introduced = carried
        if block.kind == "paragraph_open" and carried is None and under is None:
            text, label = read_paragraph(doc, block)
            # a sentence telling what was ("… the following signals were observed:") introduces findings
            # nor does one announcing scheduled work ("A restart is planned with the following changes:")
            score = heading_score(text) if label and not introduces_story(text) and not announces_work(text) else 0.0
            if score >= MODERATE and names_response(text):
                introduced = "future"  # "**Resolution:**" over the steps taken then
            elif score >= STRONG:
                # a label naming the list itself ("Action items:") vouches for every entry;
                # a descriptive one ("Key improvements:") only for entries that commit, unless it is
                # set as a heading ("**Prevention**")
                introduced = "all" if (len(text) <= LABEL_MAX and names_follow_up_list(text)) \
                    or set_as_heading(doc, number) else "commits"
            elif score >= MODERATE and not is_narrative_heading(text):
                introduced = "strict"
            if introduced in ("commits", "strict") and section is not None and heading_score(section) <= -0.75:
                introduced = None  # under "Notes to the owner", "make sure the following are done:" is a chore list
            if (lines := label_line_items(doc, block, section)) is not None:
                found.extend(lines)
            elif not text.endswith(":"):
                found.extend(prose_items(doc, block, None, section))
    return found


def _parts_in_story(doc: TokenDoc, block: Block) -> list[Raw]:
    """In a list of a timeline or root cause, the entries that head a list of follow-up work or
    the response ("- **Action items:**" over the items): no part of the story, read as their
    heading's. A finding that names what it prevents ("- **corruption preventing reloads**") is story."""
    found: list[Raw] = []
    for item in doc.children(block.start, block.end):
        label = entry_label(doc, item)
        score = heading_score(label) if label else 0.0
        if label and ((score >= STRONG and names_follow_up_list(label)) or (score >= MODERATE and names_response(label))):
            found.extend(entry_section(doc, item, label) or [])
    return found


def _contained(doc: TokenDoc, item: int, section: str | None) -> list[Raw]:
    """The items of an entry holding a part of the document under a label that names neither
    follow-up work nor the story ("- **Hex outage, July 2025:**" over the whole report, as some
    exports nest it): its blocks read as the document's own."""
    view = copy.copy(doc)  # the same tokens, seen as if the entry's blocks were the document's
    view.blocks = nested_blocks(doc, item)
    return loose_items(view, [], [False] * len(view.blocks), section)


def _closing_promises(doc: TokenDoc, block: Block, section: str | None) -> list[Raw]:
    """The promises of a timeline's last entry ("Incident closed. We'll proceed with problem
    management."): told after the incident ended, they are follow-ups, not the response."""
    last = list(doc.children(block.start, block.end))[-1]
    entry = list_entry(doc, last)
    told = _TIME_STAMP.sub("", entry.fields.text, count=1)
    found: list[Raw] = []
    straight = opened = closed = read = 0  # quotation marks before the promise, counted once
    for said in promises(told):
        at = told.find(said, read)
        before = told[read:at]
        straight, opened, closed = straight + before.count('"'), opened + before.count("“"), closed + before.count("”")
        read = at
        if not (straight % 2 == 1 or opened > closed):  # someone's words quoted in a meeting log
            found.append(Raw(extract_fields(said), entry.line, None, "prose", section))
    return found


def _labelled_entries(doc: TokenDoc, block: Block, section: str | None) -> list[Raw]:
    """In a list that is not an action list: an entry labelled like an action heading over
    its children ("- **Review actions**:" with the items nested), and entries that promise."""
    found: list[Raw] = []
    for item in doc.children(block.start, block.end):
        entry = list_entry(doc, item)
        text = entry.fields.text
        label = section_label(doc, item, text) if text else None
        part = entry_section(doc, item, label) if label else None
        if part:
            found.extend(part)  # "- **Action items:**" over the paragraphs of the part
        elif part is None and (label := label or entry_label(doc, item)) is not None \
                and heading_score(label) < MODERATE and heading_score(label) > -0.75 and not is_narrative_heading(label):
            found.extend(_contained(doc, item, section))
        elif entry.children and len(text.split()) <= 6 and heading_score(text) >= STRONG:
            children = [raw for child in entry.children for raw in emit(child, None, text)]
            # "- Actions taken during the exam" over the steps; outside any section of lessons or
            # actions, "- Actions taken" over its steps is the log of the response too
            if names_response(text) or "taken" in text.lower().split():
                children = [raw for raw in children if beyond_response(raw)]
            found.extend(children)
        elif entry.children and entry.label and len(text.split()) <= 6 and heading_score(text) >= MODERATE:
            # "* Solution:" over its steps in an incident log: the children that commit
            keep = beyond_response if names_response(text) else partial(commits, weak=False)
            found.extend(raw for child in entry.children for raw in emit(child, None, text) if keep(raw))
        elif text and (is_promise(text) or is_done_follow_up(text) or made_since(text) or labelled_action(text) is not None):
            fields = entry.fields
            if (rest := labelled_action(text)) is not None:
                fields = replace(fields, text=rest)
            found.append(Raw(fields, entry.line, None, "list", section))
    return found
