"""Where a postmortem writes its commitments, and which blocks there are action items.

Pure. Two scored decisions, each explainable by its parts:

1. Which parts of the document hold commitments. A heading (or a bold label, or a short
   paragraph ending in a colon) is scored by its words (syncer.cues.heading_score). A
   strong name makes an action section; a middling one ("Lessons learned", "Resolution",
   "What we are doing about it") only when what is under it reads like commitments;
   narrative sections (timeline, root cause) never do.
2. Which blocks there are items: table rows, list entries and checkboxes, sub-headings with
   their details, one-item paragraphs, and "We will …" sentences, wherever they are.

Every item records how it was found (`found_by`) and the heading it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from syncer.cues import (
    enumerated_actions,
    heading_score,
    is_commitment,
    is_narrative_heading,
    is_promise,
    labelled_action,
    owner_prefix,
    promises,
    reads_done,
    sentences,
)
from syncer.fields import PLACEHOLDERS, Fields, extract_fields, type_hint
from syncer.markup import clean_markup
from syncer.mdtokens import Block, Heading, TokenDoc
from syncer.tables import inline_fields, is_action_table, table_items, with_links

STRONG = 0.75  # a heading this strong names an action section whatever is under it
MODERATE = 0.25  # this strong: an action section when its content reads like commitments
_LABEL_MAX = 60  # a paragraph this short and bold labels what follows
_INTRO_MAX = 200  # "The lessons we are taking away are as follows:" introduces what follows
_LISTS = ("bullet_list_open", "ordered_list_open")
_TIME_FRAME = re.compile(
    r"^\W*(?:short|medium|mid|long|near)[\s-]*term|^\W*(?:immediate|now|later|soon|phase|"
    r"stage|step|week|month|quarter|day|q[1-4]|h[12])\b",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^\W{0,3}(?:\d{1,3}|[a-zA-Z])[.)]\s+|^\W{0,3}\d{1,3}\s+")
_HTML_SPLIT = re.compile(r"(?=<li[\s>])|</p\s*>|<br\s*/?>|\n\s*\n", re.IGNORECASE)
_HTML_MAX = 200_000  # an HTML block longer than this is not a postmortem's prose
_TYPE_TAG = re.compile(r"\[(\w{3,20})\]")
_PROMISE_HINT = re.compile(
    r"\b(?:[Ww]e(?:'ll|’ll|'re|’re|\s+will|\s+are|\s+plan|\s+must|\s+need|\s+have\s+committed|"
    r"\s+intend|\s+shall)|[Tt]eams?\s+(?:will|is|are))\b"
)
_NOISE_TEXT = frozenset(
    {"...", "…", "???", "another item", "add more", "example", "etc", "item", "action item",
     "action", "description", "tbd", "todo", "to do", "placeholder"}
)  # fmt: skip


@dataclass(slots=True)
class Raw:
    """An action item before it gets its key: fields, where, and why it was taken."""

    fields: Fields
    line: int
    hint: str | None
    found_by: str  # table | list | checkbox | heading | paragraph | prose
    section: str | None
    labelled: bool = False  # written after an action label ("Action point: …")
    done_text: str | None = None  # what tells whether it is done, when not the text itself


@dataclass(slots=True)
class _Entry:
    """A list entry before it is known to be an action item, a group label or detail."""

    fields: Fields
    line: int
    checkbox: bool
    children: list[_Entry] = field(default_factory=list)


@dataclass(slots=True)
class ActionSection:
    heading: Heading
    items: int
    empty: bool


# ---- list entries -----------------------------------------------------------------------


def _list_entry(doc: TokenDoc, start: int) -> _Entry:
    end = doc.close.get(start, start) + 1
    fields: Fields | None = None
    checkbox = False
    extras: list[Fields] = []
    children: list[_Entry] = []
    for child in doc.children(start, end):
        token = doc.tokens[child]
        if token.type == "paragraph_open":
            inline = doc.tokens[child + 1]
            if fields is None:
                checkbox = inline.content[:4] in ("[ ] ", "[x] ", "[X] ") or inline.content in ("[ ]", "[x]", "[X]")
                fields = inline_fields(doc, inline)
            else:
                extras.append(inline_fields(doc, inline))
        elif token.type in _LISTS:
            children.extend(_list_entry(doc, item) for item in doc.children(child, doc.close[child] + 1))
    fields = fields or Fields()
    for extra in extras:
        if not extra.text and extra.has_fields():
            fields = fields.merged(extra)
    return _Entry(fields, doc.line(start), checkbox, children)


def _emit(entry: _Entry, hint: str | None, section: str | None) -> list[Raw]:
    """The action items a list entry stands for: itself, or its children when it is a group label."""
    own = entry.fields
    details: list[_Entry] = []
    for child in entry.children:
        if child.fields.has_fields() and not child.children and _is_field_line(child.fields.text):
            own = own.merged(child.fields)  # "- Owner: @alice", "- tracked in #12" under the item
        else:
            details.append(child)
    if not own.text and not details and own.ref and not entry.children:
        own = replace(own, text=own.ref)  # "- #2127", "- <issue URL>": the reference is the item
    if not own.text:
        return [raw for child in details for raw in _emit(child, hint, section)]
    signal = entry.checkbox or own.has_fields()
    # A parent that is no commitment itself over children that are: a group label
    # ("Dual monitoring system:" over two changes); a commitment over mere details: one item.
    group = bool(details) and not signal and (
        type_hint(own.text) is not None
        or len(own.text.split()) <= 3
        or all(child.checkbox or child.fields.has_fields() for child in details)
        or (not is_commitment(own.text) and all(is_commitment(c.fields.text) for c in details))
    )
    if group:
        child_hint = type_hint(own.text) or hint
        return [raw for child in details for raw in _emit(child, child_hint, section)]
    for child in details:  # details of one item may name its ticket, owner or deadline
        own = own.merged(Fields(owner=child.fields.owner, due_text=child.fields.due_text, ref=child.fields.ref))
    return [Raw(own, entry.line, hint, "checkbox" if entry.checkbox else "list", section)]


def _is_field_line(text: str) -> bool:
    """What is left of a detail line once its fields are out: nothing, or "tracked in"."""
    return not text or (len(text.split()) <= 2 and not is_commitment(text))


def _list_items(doc: TokenDoc, block: Block, hint: str | None, section: str | None) -> list[Raw]:
    return [
        raw
        for item in doc.children(block.start, block.end)
        for raw in _emit(_list_entry(doc, item), hint, section)
    ]


# ---- paragraphs ---------------------------------------------------------------------------


def _paragraph(doc: TokenDoc, block: Block) -> tuple[str, bool]:
    """A paragraph's plain text and whether it is a label for what follows it."""
    inline = doc.tokens[block.start + 1]
    raw = inline.content.strip()
    text, _ = doc.plain(inline)
    text = " ".join(text.split())
    bold = len(raw) > 4 and raw[:2] in ("**", "__") and raw.rstrip(":").endswith(raw[:2])
    label = bool(text) and (
        (len(text) <= _LABEL_MAX and (bold or len(text) <= 40))
        or (text.endswith(":") and len(text) <= _INTRO_MAX)
    )
    return text, label


def _paragraph_items(doc: TokenDoc, block: Block, text: str, hint: str | None,
                     section: str | None) -> list[Raw]:
    """A paragraph under an action heading: its promises, itself as one item, or nothing
    (an introduction such as "We are taking these steps:", narrative)."""
    links = doc.plain(doc.tokens[block.start + 1])[1]
    return _text_items(text, doc.line(block.start), hint, section,
                       lambda: inline_fields(doc, doc.tokens[block.start + 1]), links)


def _text_items(text: str, line: int, hint: str | None, section: str | None,
                fields_of: Callable[[], Fields], links: list[tuple[str, str]]) -> list[Raw]:
    if labelled := _labelled_actions(text, line, hint, section, links):
        return labelled
    said = promises(text)
    if len(said) > 1 or (said and said[0] != text):
        return [Raw(_sentence_fields(s, links), line, hint, "prose", section) for s in said]
    if text.endswith(":") or not text:
        return []
    fields = fields_of()
    if said or is_commitment(text) or fields.owner or fields.due_text:
        return [Raw(fields, line, hint, "paragraph", section)]
    return []


def _html_chunks(doc: TokenDoc, block: Block) -> list[tuple[str, bool]]:
    """The paragraphs and list entries of an HTML block (a page exported as HTML), as
    plain text, each with whether it was a list entry."""
    chunks = []
    for part in _HTML_SPLIT.split(doc.tokens[block.start].content[:_HTML_MAX]):
        text = " ".join(clean_markup(part).split())
        if text:
            chunks.append((text, part.lstrip()[:3].lower() == "<li"))
    return chunks


def _html_items(doc: TokenDoc, block: Block, hint: str | None, section: str | None,
                *, action: bool) -> list[Raw]:
    """Items of an HTML block: under an action heading its entries and paragraphs, elsewhere
    its promises and labelled actions."""
    line = doc.line(block.start)
    found: list[Raw] = []
    for text, entry in _html_chunks(doc, block):
        if action and entry:
            found.append(Raw(extract_fields(text), line, hint, "list", section))
        elif action:
            found.extend(_text_items(text, line, hint, section, lambda t=text: extract_fields(t), []))
        else:
            found.extend(_labelled_actions(text, line, hint, section, [])
                         or [Raw(extract_fields(p), line, hint, "prose", section) for p in promises(text)])
    return found


def _prose_items(doc: TokenDoc, block: Block, hint: str | None, section: str | None) -> list[Raw]:
    """ "We will …" sentences of a paragraph anywhere in the document."""
    inline = doc.tokens[block.start + 1]
    if not _PROMISE_HINT.search(inline.content) and ":" not in inline.content[:40] \
            and "ing" not in inline.content:
        return []
    text, links = doc.plain(inline)
    text = " ".join(text.split())
    line = doc.line(block.start)
    return _labelled_actions(text, line, hint, section, links) or [
        Raw(_sentence_fields(s, links), line, hint, "prose", section) for s in promises(text)
    ]


def _sentence_fields(sentence: str, links: list[tuple[str, str]]) -> Fields:
    return with_links(extract_fields(sentence), links, within=sentence) if links else extract_fields(sentence)


def _labelled_actions(text: str, line: int, hint: str | None, section: str | None,
                      links: list[tuple[str, str]]) -> list[Raw]:
    """ "Action point: create …" / "TODO: add …" sentences of a paragraph, one item each;
    "our action items included rotating keys, deleting logs, …": one item per action."""
    found = []
    labels = ":" in text[:40]
    for sentence in sentences(text):
        rest = labelled_action(sentence) if labels else None
        if rest is not None:
            found.append(Raw(_sentence_fields(rest, links), line, hint, "paragraph", section, labelled=True))
        else:
            found.extend(Raw(_sentence_fields(action, links), line, hint, "prose", section, labelled=True)
                         for action in enumerated_actions(sentence))
    return found


# ---- sections -----------------------------------------------------------------------------


def _heading_links(doc: TokenDoc, heading: Heading) -> list[tuple[str, str]]:
    return doc.plain(doc.tokens[doc.blocks[heading.block].start + 1])[1]


@lru_cache(maxsize=1024)
def _title_fields(title: str) -> Fields:
    """The deadline, owner or ticket written on a heading ("Phase 1 (due 2026-04-01)")."""
    return extract_fields(title)


def _heading_item(doc: TokenDoc, heading: Heading, end_block: int, hint: str | None) -> Raw | None:
    """A sub-heading that is itself the item, its details written underneath (no list or table)."""
    title = _NUMBERING.sub("", heading.title)
    words = len([w for w in title.split() if not w.startswith("@")])
    if (
        words < 2 or _TIME_FRAME.match(title) or (words <= 3 and heading_score(title) >= MODERATE)
        or is_narrative_heading(title)
    ):
        return None
    details = range(heading.block + 1, end_block)
    if not details or any(doc.blocks[b].kind not in ("paragraph_open", "fence", "code_block", "html_block", "blockquote_open") for b in details):
        return None
    tag = _TYPE_TAG.search(title)
    if tag and type_hint(tag.group(1)):  # "… [detect]": the item's type, not its words
        title = f"{title[: tag.start()]} {title[tag.end() :]}"
    fields = with_links(extract_fields(title), _heading_links(doc, heading))
    if tag and fields.type is None:
        fields = replace(fields, type=tag.group(1))
    if fields.owner and f"@{fields.owner}" in fields.text:  # "Better alerting @dma"
        fields = replace(fields, text=" ".join(fields.text.replace(f"@{fields.owner}", " ").split()))
    first_detail: str | None = None
    for number in details:
        block = doc.blocks[number]
        if block.kind == "paragraph_open":
            extra = inline_fields(doc, doc.tokens[block.start + 1])
            if labelled_action(extra.text) is not None or len(promises(extra.text)) > 1:
                return None  # the details hold their own items ("Action point: …")
            first_detail = first_detail or extra.text
            fields = fields.merged(extra)
    done_text = fields.text if reads_done(fields.text) else first_detail
    return Raw(fields, heading.line, hint, "heading", heading.title, done_text=done_text)


def _mode(title: str, current: str) -> str:
    """What a sub-heading or label inside an action section makes of the blocks after it:
    "all" are items, only those that read as "commits", or "skip" (a "What went wrong" part)."""
    score = heading_score(title)
    if is_narrative_heading(title) or score <= -0.75:
        return "skip"
    if score >= STRONG:
        return "all"
    if score >= MODERATE and not is_commitment(title):
        return "strict"  # "Lessons learned" inside: its rules are not items, its promises are
    return current


def _section_items(doc: TokenDoc, headings: list[Heading], first: int, end_block: int) -> list[Raw]:
    """Items under headings[first] up to block end_block; sub-headings give type hints and
    pass on the deadline, owner or ticket written on them."""
    top = headings[first]
    # (level, type hint, fields the heading passes on, its title, mode)
    stack: list[tuple[int, str | None, Fields, str, str]] = [
        (top.level, "prevent" if "prevent" in top.title.lower() else None, _title_fields(top.title), top.title, "all")
    ]
    label_hint: str | None = None
    mode = "all"
    later = _within(headings, first, end_block)
    heading_at = {h.block: (h, later[n + 1].block if n + 1 < len(later) else end_block) for n, h in enumerate(later)}
    skip_until = -1
    found: list[Raw] = []
    for number in range(top.block + 1, end_block):
        if number < skip_until:
            continue
        block = doc.blocks[number]
        _, hint_now, inherited, section, _ = stack[-1]
        hint = label_hint or hint_now
        if (at := heading_at.get(number)) is not None:
            heading, next_block = at
            while len(stack) > 1 and stack[-1][0] >= heading.level:
                stack.pop()
            parent = stack[-1]
            mode = _mode(heading.title, parent[4])
            own = _title_fields(heading.title)
            if own.ref is not None:
                own = with_links(own, _heading_links(doc, heading))
            stack.append((heading.level, type_hint(heading.title) or parent[1], own.merged(parent[2]), heading.title, mode))
            label_hint = None
            if mode != "skip" and (item := _heading_item(doc, heading, next_block, stack[-1][1])):
                found.append(item)
                skip_until = next_block
            continue
        kept: list[Raw] = []
        if block.kind == "paragraph_open":
            text, label = _paragraph(doc, block)
            if label and (new_mode := _mode(text, stack[-1][4])) != stack[-1][4]:
                mode = new_mode
            elif label and heading_score(text) >= STRONG:
                mode = "all"
            elif label and (kind := type_hint(text)) and not is_commitment(text):
                label_hint = kind  # "**Prevent:**" introducing the list below
                mode = stack[-1][4] if stack[-1][4] != "skip" else "all"
            elif mode != "skip":
                kept = _paragraph_items(doc, block, text, hint, section)
        elif mode == "skip":
            continue
        elif block.kind == "table_open":
            kept = [Raw(f, line, hint, "table", section) for f, line in table_items(doc, block)]
        elif block.kind in _LISTS:
            kept = _list_items(doc, block, hint, section)
        elif block.kind == "html_block":
            kept = _html_items(doc, block, hint, section, action=True)
        if mode in ("commits", "strict"):
            kept = [raw for raw in kept if _commits(raw, weak=mode == "commits")]
        found.extend(_inherit(raw, inherited) for raw in kept)
    return found


def _inherit(raw: Raw, inherited: Fields) -> Raw:
    if inherited.owner or inherited.due_text or inherited.ref:
        only = Fields(owner=inherited.owner, due_text=inherited.due_text, ref=inherited.ref)
        return replace(raw, fields=raw.fields.merged(only))
    return raw


def _commits(raw: Raw, *, weak: bool) -> bool:
    """Whether an item under a middling heading reads like a commitment, not a lesson or a
    fact; `weak`: a stated need ("We need to …") counts too. A bare paragraph there
    ("Validate config.") is a lesson unless it promises or names an owner or deadline."""
    fields = raw.fields
    if raw.found_by == "heading":  # its details may cite a PR; the title must read as the item
        return is_commitment(fields.text, weak=weak) or reads_done(raw.done_text or fields.text)
    if raw.labelled or fields.owner or fields.due_text or fields.ref:
        return True
    if raw.found_by == "paragraph":
        return is_promise(fields.text) or reads_done(fields.text)
    return (
        raw.found_by in ("checkbox", "prose")
        or is_commitment(fields.text, weak=weak)
        or reads_done(fields.text)
    )


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


def _taken_ranges(sections: list[tuple[int, int]], total: int) -> list[bool]:
    taken = [False] * total
    for start, end in sections:
        for number in range(start, end):
            taken[number] = True
    return taken


def find_items(doc: TokenDoc, headings: list[Heading], ends: list[int]) -> tuple[list[Raw], list[ActionSection]]:
    """Every action item of the document in document order, and the action sections found."""
    found: list[Raw] = []
    sections: list[ActionSection] = []
    ranges: list[tuple[int, int]] = []
    covered_until = -1
    narrative_seen = False
    for number, heading in enumerate(headings):
        score = heading_score(heading.title)
        if is_narrative_heading(heading.title):
            narrative_seen = True
        if heading.block < covered_until or score < MODERATE:
            continue
        if _is_container(doc, headings, number, ends[number]):
            continue
        if narrative_seen:
            score += 0.1  # commitments come after the story of the incident
        items = _section_items(doc, headings, number, ends[number])
        if score < STRONG:
            items = [raw for raw in items if _commits(raw, weak=False)]
            if not items:
                continue
        covered_until = ends[number]
        ranges.append((heading.block, ends[number]))
        empty = all(doc.blocks[b].kind == "heading_open" for b in range(heading.block + 1, ends[number]))
        sections.append(ActionSection(heading, len(items), empty))
        found.extend(items)
    found.extend(_loose_items(doc, headings, _taken_ranges(ranges, len(doc.blocks))))
    found.sort(key=lambda raw: raw.line)
    return [_finish(raw) for raw in found if not _is_noise(raw)], sections


def _loose_items(doc: TokenDoc, headings: list[Heading], taken: list[bool]) -> list[Raw]:
    """Items outside action sections: an action table, a list introduced by an "Action items:"
    label, a list entry labelled so over its children, and "We will …" prose."""
    found: list[Raw] = []
    introduced: str | None = None  # "all", "commits" or "strict" after a label ("Action items:")
    heading_of = {h.block: h for h in headings}
    section: str | None = None
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
        timeline = timeline_level > 0
        if taken[number] or timeline:
            continue
        kept: list[Raw] = []
        if block.kind == "table_open":
            if introduced or is_action_table(doc, block):
                kept = [Raw(f, line, None, "table", section) for f, line in table_items(doc, block)]
        elif block.kind in _LISTS:
            if introduced:
                kept = _list_items(doc, block, None, section)
            else:
                kept = _labelled_entries(doc, block, section)
        elif block.kind == "html_block":
            kept = _html_items(doc, block, None, section, action=False)
        if introduced in ("commits", "strict"):
            kept = [raw for raw in kept if _commits(raw, weak=introduced == "commits")]
        found.extend(kept)
        introduced = None
        if block.kind == "paragraph_open":
            text, label = _paragraph(doc, block)
            score = heading_score(text) if label else 0.0
            if score >= STRONG:
                introduced = "all" if len(text) <= _LABEL_MAX else "commits"
            elif score >= MODERATE and not is_narrative_heading(text):
                introduced = "strict"
            if not text.endswith(":"):
                found.extend(_prose_items(doc, block, None, section))
    return found


def _labelled_entries(doc: TokenDoc, block: Block, section: str | None) -> list[Raw]:
    """In a list that is not an action list: an entry labelled like an action heading over
    its children ("- **Review actions**:" with the items nested), and entries that promise."""
    found: list[Raw] = []
    for item in doc.children(block.start, block.end):
        entry = _list_entry(doc, item)
        text = entry.fields.text
        if entry.children and len(text.split()) <= 6 and heading_score(text) >= STRONG:
            found.extend(raw for child in entry.children for raw in _emit(child, None, text))
        elif text and (is_promise(text) or labelled_action(text) is not None):
            fields = entry.fields
            if (rest := labelled_action(text)) is not None:
                fields = replace(fields, text=rest)
            found.append(Raw(fields, entry.line, None, "list", section))
    return found


def _is_noise(raw: Raw) -> bool:
    """Template placeholders and example rows: "...", "???", "TBD", "another item"."""
    text = raw.fields.text.strip(" .:;-–—*_`'\"")
    lowered = text.lower()
    return not any(ch.isalnum() for ch in text) or lowered in _NOISE_TEXT or lowered in PLACEHOLDERS


def _finish(raw: Raw) -> Raw:
    """The owner written as the sentence's subject or prefix ("ICL to upgrade …"); a
    follow-up written as done ("We enabled branch protection", "Alerts configured")."""
    fields = raw.fields
    if fields.owner is None:
        owner, text = owner_prefix(fields.text)
        if owner is not None:
            fields = replace(fields, owner=owner, text=text)
    if not fields.done and raw.found_by != "table" and reads_done(raw.done_text or fields.text):
        fields = replace(fields, done=True)
    return raw if fields is raw.fields else replace(raw, fields=fields)
