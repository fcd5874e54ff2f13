"""Where a postmortem writes its commitments, and the action items of the whole document.

Pure. Two scored decisions, each explainable by its parts:

1. Which parts of the document hold commitments (this module). A heading (or a bold label, or a short
   paragraph ending in a colon) is scored by its words (syncer.section_names.heading_score). A
   strong name makes an action section; a middling one ("Lessons learned", "Resolution",
   "What we are doing about it") only when what is under it reads like commitments;
   narrative sections (timeline, root cause) never do.
2. Which blocks there are items: inside an action section syncer.section_items, outside one
   syncer.loose_items, syncer.blocks for one block: table rows, list entries and checkboxes,
   sub-headings with their details, one-item paragraphs, and "We will …" sentences.

The items found are then one per commitment (a sentence restating a listed item is dropped),
without template placeholders, with the owner a sentence names as its subject. Every item
records how it was found (`found_by`) and the heading it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import groupby

from syncer.aspect import names_thing, section_done, tells_done, to_come
from syncer.blocks import Raw
from syncer.change_links import without_change_records
from syncer.commitments import is_commitment, is_promise, reads_done
from syncer.done_lists import changes_made
from syncer.evidence import acknowledges
from syncer.field_names import PLACEHOLDERS
from syncer.foreign_promises import foreign_told_done
from syncer.label_sections import label_sections
from syncer.list_introductions import without_unplanned_lists
from syncer.list_purpose import asks, without_findings
from syncer.loose_items import loose_items
from syncer.mdtokens import Heading, TokenDoc
from syncer.owed_changes import owed_changes
from syncer.owner_prefixes import owner_prefix
from syncer.plain_headings import plain_sections
from syncer.prose import addresses_reader, tells
from syncer.section_items import MODERATE, STRONG, commits, items_in_section
from syncer.section_names import (
    heading_score,
    inline_label,
    is_narrative_heading,
    names_follow_up_list,
    names_response,
    narrative_label,
)
from syncer.story_parts import enclosing, episode_actions
from syncer.story_position import amid_story, followed_by, without_bare_entries
from syncer.tickets_below import tickets_below
from syncer.unnamed_changes import names_no_change
from syncer.unnamed_sections import NEUTRAL, items_by_content, part_level

_LEGEND = re.compile(r"^(?:=|means\b|is\s+for\b|stands\s+for\b)", re.IGNORECASE)  # "P0 = fix now"
_BRACKETED = re.compile(r"\[[^\[\]]*\]|<[^<>]*>|\{[^{}]*\}")  # "[Clear, descriptive title]"
_NOISE_TEXT = frozenset(
    {"...", "…", "???", "another item", "add more", "example", "etc", "item", "action item",
     "action", "description", "tbd", "todo", "to do", "placeholder"}
)  # fmt: skip

@dataclass(slots=True)
class ActionSection:
    heading: Heading
    items: int
    empty: bool


def _within(headings: list[Heading], first: int, end_block: int) -> list[Heading]:
    """The headings inside headings[first]'s section (they follow it until end_block)."""
    last = first + 1
    while last < len(headings) and headings[last].block < end_block:
        last += 1
    return headings[first + 1 : last]


def _is_container(doc: TokenDoc, headings: list[Heading], first: int, end_block: int) -> bool:
    """A heading whose section holds the incident narrative too: the document's title, not a
    place for commitments ("# Follow-up report: …" over Summary, Timeline, …)."""
    top = headings[first]
    narrative = [h for h in _within(headings, first, end_block) if is_narrative_heading(h.title)]
    return bool(narrative) and (top.level == 1 or len(narrative) >= 2)


def _in_follow_up_part(raw: Raw, heading: Heading) -> bool:
    """An item under a sub-heading of its own that names follow-up work ("#### Corrective and
    preventative measures" under "## Resolution and recovery"): that part's name vouches for it."""
    part = raw.section
    return part is not None and part != heading.title and heading_score(part) >= STRONG and not names_response(part)


def _taken_ranges(sections: list[tuple[int, int]], total: int) -> list[bool]:
    taken = [False] * total
    for start, end in sections:
        for number in range(start, end):
            taken[number] = True
    return taken


def find_items(doc: TokenDoc, headings: list[Heading], ends: list[int]) -> tuple[list[Raw], list[ActionSection]]:
    """Every action item of the document in document order, and the action sections found."""
    found: list[Raw] = []
    weaker: list[Raw] = []  # taken by a weaker decision than a name for follow-up work
    sections: list[ActionSection] = []
    ranges: list[tuple[int, int]] = []
    covered_until = -1
    narrative_seen = False
    part = part_level(headings)
    story_after = followed_by(headings, is_narrative_heading)  # a timeline, a root cause, an appendix
    amid = amid_story(headings, ends)  # more of the incident's own story after the part
    episodes = episode_actions(doc, headings)
    parents = enclosing(headings)
    for number, heading in enumerate(headings):
        score = heading_score(heading.title)
        narrative = is_narrative_heading(heading.title)
        narrative_seen = narrative_seen or narrative
        if heading.block < covered_until:
            continue
        response = False
        if score < MODERATE:
            # a part whose heading names nothing ("Part 4", "What's next") after the story of the
            # incident: what it holds decides
            if narrative or score <= NEUTRAL or heading.level != part or not narrative_seen \
                    or _is_container(doc, headings, number, ends[number]):
                continue
            items = items_by_content(doc, heading, _within(headings, number, ends[number]), ends[number],
                                     story_after[number])
            if not items:
                continue
        elif _is_container(doc, headings, number, ends[number]):
            continue
        else:
            if narrative_seen:
                score += 0.1  # commitments come after the story of the incident
            # named for the live response, or listing the actions of one episode of the story
            response = names_response(heading.title) or number in episodes or (
                score < STRONG and (parent := parents[number]) is not None and names_response(headings[parent].title)
            )  # a part of the response ("### Change: …" under "## Resolution") tells the fix it was
            mode = "future" if response else "all" if score >= STRONG else "strict"
            items = items_in_section(doc, heading, _within(headings, number, ends[number]), ends[number], mode)
            if score < STRONG:
                if mode == "future":
                    items = [raw for raw in items if commits(raw, weak=False) or _in_follow_up_part(raw, heading)]
                if not items:
                    continue
            if amid[number] and (score < STRONG or response or not names_follow_up_list(heading.title)):
                # more of the story follows: steps, lessons, findings, unless the name is a list's
                items = without_bare_entries(items)
        covered_until = ends[number]
        ranges.append((heading.block, ends[number]))
        empty = all(doc.blocks[b].kind == "heading_open" for b in range(heading.block + 1, ends[number]))
        sections.append(ActionSection(heading, len(items), empty))
        named = score >= STRONG and not response
        (found if named else weaker).extend(items)
    for start, end, items in label_sections(doc, headings, _taken_ranges(ranges, len(doc.blocks))):
        ranges.append((start, end))
        found.extend(items)
    for start, end, items in plain_sections(doc, headings, _taken_ranges(ranges, len(doc.blocks))):
        ranges.append((start, end))  # a part titled by a plain line, in a document without headings
        found.extend(items)
    weaker.extend(loose_items(doc, headings, _taken_ranges(ranges, len(doc.blocks))))
    found.extend(_beside_named(found, weaker))
    if not sections and all(raw.found_by == "prose" for raw in found):  # no plan: what was changed is the record
        found.extend(changes_made(doc, headings, ends))
    if not found and not sections:  # no plan, nothing promised: the changes it says are owed
        found = owed_changes(doc, headings)
    found.sort(key=lambda raw: raw.line)
    found = tickets_below(doc, found)
    kept = [raw for raw in without_findings(without_change_records(without_unplanned_lists(doc, found))) if not _is_noise(raw)]
    return [_finish(raw) for raw in _without_restatements(_without_recaps(kept))], sections


def _beside_named(named: list[Raw], weaker: list[Raw]) -> list[Raw]:
    """The items of parts not named for follow-up work (a "Lessons learned" or "Resolution"
    part, a part named by nothing, a list outside any part), beside those of a part that is
    ("Action items"). A document that names the place of its commitments lists them there:
    the lists elsewhere are its lessons, findings and the steps of the response. Promises
    ("We will …") are kept wherever they stand."""
    written = [raw for raw in weaker if raw.found_by in ("prose", "paragraph") or is_promise(raw.fields.text)]
    if len(named) < len(weaker) - len(written):
        return weaker  # the named part holds fewer: a part named in passing ("Other actions")
    return written


_CONTENT_WORD = re.compile(r"[^\W\d_][\w'-]{3,}")  # in any script ("Мониторинг", "alerting")
_RESTATED = 0.6  # this share of the shorter text's content words found again in a listed item
_COMPARED = 20_000  # pairs compared at most: a bound on hostile input, far above any postmortem


def _content_words(text: str) -> frozenset[str]:
    return frozenset(_CONTENT_WORD.findall(text.lower()))


def _without_restatements(found: list[Raw]) -> list[Raw]:
    """A commitment told in the prose (a summary, an introduction) and again as an entry of a
    list, table or sub-heading is one item: the entry is kept, the prose sentence dropped; a
    sentence told twice word for word is one item too."""
    listed = [_content_words(raw.fields.text) for raw in found if raw.found_by not in ("prose", "paragraph")]
    if len(listed) == len(found):
        return found
    budget = _COMPARED
    kept = []
    told: set[str] = set()  # a page that prints each update twice tells its promises twice
    for raw in found:
        if raw.found_by in ("prose", "paragraph"):
            said = " ".join(f"{raw.done_text or ''} {raw.fields.text}".lower().split())  # a listed part with its sentence
            if said in told:
                continue
            told.add(said)
        if raw.found_by in ("prose", "paragraph") and not raw.labelled and budget >= len(listed):
            budget -= len(listed)
            words = _content_words(raw.fields.text)
            if any(_overlaps(words, other) for other in listed):
                continue
        kept.append(raw)
    return kept


_RECAP_MIN = 3  # entries a list needs before its order and count can tell it restates another


def _without_recaps(found: list[Raw]) -> list[Raw]:
    """A later list that restates an earlier part's items one for one, in the same order (a
    status recap, "Action items status: - [ ] TLS monitoring …"), lists the same follow-ups:
    the first telling is kept. Each entry must share words with its counterpart, and more of
    them than with any other entry of that part."""
    kept: list[Raw] = []
    budget = _COMPARED  # pairs of entries compared at most: the work stays linear on hostile input
    told: dict[int, list[list[frozenset[str]]]] = {}  # the words of earlier lists, by their length
    for _, grouped in groupby(found, key=lambda raw: raw.section):
        run = list(grouped)
        if len(run) >= _RECAP_MIN and budget >= 0:
            words = [_content_words(raw.fields.text[:300]) for raw in run]
            same_length = told.setdefault(len(run), [])
            if all(raw.found_by in ("list", "checkbox") for raw in run):  # a recap is a plain list
                restated, budget = _restated(words, same_length, budget)
                if restated:
                    continue
            same_length.append(words)
        kept.extend(run)
    return kept


def _restated(words: list[frozenset[str]], earlier: list[list[frozenset[str]]], budget: int) -> tuple[bool, int]:
    """Whether a list restates one of the `earlier` ones, and the budget left (below 0: spent)."""
    for told in earlier:
        budget -= len(words) ** 2
        if budget < 0:
            return False, budget
        if _restates(words, told):
            return True, budget
    return False, budget


def _restates(words: list[frozenset[str]], earlier: list[frozenset[str]]) -> bool:
    for own, counterpart in zip(words, earlier, strict=True):
        shared = len(own & counterpart)
        if shared == 0 or any(len(own & other) > shared for other in earlier):
            return False
    return True


def _overlaps(words: frozenset[str], other: frozenset[str]) -> bool:
    shared = len(words & other)
    return shared >= 3 and shared >= _RESTATED * min(len(words), len(other))


def _is_noise(raw: Raw) -> bool:
    """Template placeholders and example rows ("...", "???", "TBD", "another item") and
    legend entries ("P0 = fix this week")."""
    text = raw.fields.text.strip(" .:;-–—*_`'\"")
    lowered = text.lower()
    return (
        not any(ch.isalnum() for ch in text) or lowered in _NOISE_TEXT or lowered in PLACEHOLDERS
        or _BRACKETED.fullmatch(text) is not None or narrative_label(raw.fields.text) or acknowledges(text)
        or (raw.fields.ref is None and asks(raw.fields.text))
        or (not raw.fields.has_fields() and _AT_THE_TIME.search(raw.fields.text[:200]) is not None
            and _told_done(raw.done_text or raw.fields.text, raw.section))
        or (raw.fields.raw_priority is not None and _LEGEND.match(text) is not None)
        or (raw.found_by in ("prose", "paragraph") and not raw.fields.has_fields() and names_no_change(raw.fields.text))
        or (raw.found_by not in ("table", "checkbox") and not raw.fields.has_fields()  # a box to tick is a to-do
            and (tells(raw.fields.text) or addresses_reader(raw.fields.text) or _standing_rule(raw.fields.text)
                 or _formula(raw.fields.text)))
    )


# "Total number of keys = s", "Probability (p) = e0 / s": a definition or a formula
_EQUATION = re.compile(r"^[^=<>!]{1,80}\s=\s")


def _formula(text: str) -> bool:
    return _EQUATION.match(text) is not None and not is_commitment(text, weak=False)


# A step told as taken while the incident was live: the response, wherever it is listed.
_AT_THE_TIME = re.compile(
    r"\b(?:immediately|swiftly|right\s+away|at\s+the\s+time|during\s+the\s+(?:incident|outage|event)|"
    r"upon\s+(?:confirmation|discovery|detection|notification))\b",
    re.IGNORECASE,
)


_STANDING = re.compile(r"^\W{0,3}(?:always|never|don't|do\s+not)\s+[a-z]", re.IGNORECASE)


def _standing_rule(text: str) -> bool:
    """ "Never add mountpoints without a reboot", "Redundancy: always implement fallbacks": a
    rule to keep for good, not a change to make (and no one owns or closes it)."""
    labelled = inline_label(text)
    return _STANDING.match(labelled[1] if labelled else text) is not None


def _finish(raw: Raw) -> Raw:
    """The owner written as the sentence's subject or prefix ("ICL to upgrade …"); a
    follow-up written as done ("We enabled branch protection", "Alerts configured")."""
    fields = raw.fields
    if fields.owner is None:
        owner, text = owner_prefix(fields.text)
        if owner is not None:
            fields = replace(fields, owner=owner, text=text)
    # a table's status column and an unticked box say it themselves
    if not fields.done and raw.found_by not in ("table", "checkbox") \
            and _told_done(raw.done_text or fields.text, raw.section):
        fields = replace(fields, done=True)
    return raw if fields is raw.fields else replace(raw, fields=fields)


@lru_cache(maxsize=1024)
def _told_done(told: str, section: str | None) -> bool:
    """Whether words (under a heading) tell a follow-up as carried out; the items listed in
    one sentence ("… including removing X, moving Y") share it, so it is read once."""
    if to_come(told):
        return False
    return section_done(section) or (not names_thing(told, section) and (reads_done(told) or tells_done(told))) \
        or foreign_told_done(told)  # "再発防止として…に変更しました", "…하였고", "nous avons procédé à …"
