"""The action items one block of a document stands for: a list entry (itself, or its
children when it only labels them), a paragraph (one item, or its promises), an HTML block,
a sentence after an action label. Pure; syncer.items decides which blocks to ask.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from syncer.cues import (
    enumerated_actions,
    inline_label,
    is_commitment,
    labelled_action,
    promises,
    sentences,
    several_commitments,
)
from syncer.fields import Fields, extract_fields, type_hint
from syncer.markup import clean_markup
from syncer.mdtokens import Block, TokenDoc
from syncer.tables import inline_fields, with_links

LISTS = ("bullet_list_open", "ordered_list_open")
LABEL_MAX = 60  # a paragraph this short and bold labels what follows
_INTRO_MAX = 200  # "The lessons we are taking away are as follows:" introduces what follows
_HTML_SPLIT = re.compile(r"(?=<li[\s>])|</p\s*>|<br\s*/?>|\n\s*\n", re.IGNORECASE)
_HTML_MAX = 200_000  # an HTML block longer than this is not a postmortem's prose
_PROMISE_HINT = re.compile(
    r"\b(?:[Ww]e(?:'ll|’ll|'re|’re|\s+will|\s+are|\s+plan|\s+must|\s+need|\s+have\s+committed|"
    r"\s+intend|\s+shall)|(?:[Tt]eams?|[Tt]hey)\s+(?:will|is|are)|I\s+will|and\s+will)\b"
)


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
class Entry:
    """A list entry before it is known to be an action item, a group label or detail."""

    fields: Fields
    line: int
    checkbox: bool
    children: list[Entry] = field(default_factory=list)
    label: bool = False  # written as a label ending in a colon ("Immediate fixes:")


def list_entry(doc: TokenDoc, start: int) -> Entry:
    end = doc.close.get(start, start) + 1
    fields: Fields | None = None
    checkbox = label = False
    extras: list[Fields] = []
    children: list[Entry] = []
    for child in doc.children(start, end):
        token = doc.tokens[child]
        if token.type == "paragraph_open":
            inline = doc.tokens[child + 1]
            if fields is None:
                checkbox = inline.content[:4] in ("[ ] ", "[x] ", "[X] ") or inline.content in ("[ ]", "[x]", "[X]")
                fields = inline_fields(doc, inline)
                label = inline.content.rstrip(" *_").endswith(":")
            else:
                extras.append(inline_fields(doc, inline))
        elif token.type in LISTS:
            children.extend(list_entry(doc, item) for item in doc.children(child, doc.close[child] + 1))
    fields = fields or Fields()
    for extra in extras:
        if not extra.text and extra.has_fields():
            fields = fields.merged(extra)
        elif extra.ref is not None:  # a paragraph of details naming the ticket ("Tracked in #12.")
            fields = fields.merged(Fields(ref=extra.ref))
    return Entry(fields, doc.line(start), checkbox, children, label)


def emit(entry: Entry, hint: str | None, section: str | None) -> list[Raw]:
    """The action items a list entry stands for: itself, or its children when it is a group label."""
    own = entry.fields
    details: list[Entry] = []
    for child in entry.children:
        if child.fields.has_fields() and not child.children and _is_field_line(child.fields.text):
            own = own.merged(child.fields)  # "- Owner: @alice", "- tracked in #12" under the item
        else:
            details.append(child)
    if not own.text and not details and own.ref and not entry.children:
        own = replace(own, text=own.ref)  # "- #2127", "- <issue URL>": the reference is the item
    if not own.text:
        return [raw for child in details for raw in emit(child, hint, section)]
    if entry.label and not details and not own.has_fields():
        return []  # "- Immediate fixes:" with nothing under it: a template's empty slot
    signal = entry.checkbox or own.has_fields()
    # A parent that is no commitment itself over children that are: a group label
    # ("Dual monitoring system:" over two changes); a commitment over mere details: one item.
    group = bool(details) and not signal and (
        (type_hint(own.text) is not None and not is_commitment(own.text))  # "We are redesigning our process to:" is one
        or (entry.label and any(is_commitment(c.fields.text, weak=False) for c in details))  # "Improve our paging:"
        or len(own.text.split()) <= 3
        or all(child.checkbox or child.fields.has_fields() for child in details)
        or (not is_commitment(own.text) and all(is_commitment(c.fields.text) for c in details))
    )
    if group:
        child_hint = type_hint(own.text) or hint
        return [raw for child in details for raw in emit(child, child_hint, section)]
    for child in details:  # details of one item may name its ticket, owner or deadline
        own = own.merged(Fields(owner=child.fields.owner, due_text=child.fields.due_text, ref=child.fields.ref))
    found_by = "checkbox" if entry.checkbox else "list"
    if not details and own.item_id is None and (several := several_commitments(own.text)):
        # "We've updated the health checks, and we've added timeouts": one item each
        return [Raw(_sentence_fields(s, []).merged(own), entry.line, hint, found_by, section) for s in several]
    return [Raw(own, entry.line, hint, found_by, section)]


def _is_field_line(text: str) -> bool:
    """What is left of a detail line once its fields are out: nothing, or "tracked in"."""
    return not text or (len(text.split()) <= 2 and not is_commitment(text))


def list_items(doc: TokenDoc, block: Block, hint: str | None, section: str | None) -> list[Raw]:
    return [
        raw
        for item in doc.children(block.start, block.end)
        for raw in emit(list_entry(doc, item), hint, section)
    ]


# ---- paragraphs ---------------------------------------------------------------------------


def read_paragraph(doc: TokenDoc, block: Block) -> tuple[str, bool]:
    """A paragraph's plain text and whether it is a label for what follows it."""
    inline = doc.tokens[block.start + 1]
    raw = inline.content.strip()
    text, _ = doc.plain(inline)
    text = " ".join(text.split())
    bold = len(raw) > 4 and raw[:2] in ("**", "__") and raw.rstrip(":").endswith(raw[:2])
    label = bool(text) and (
        (len(text) <= LABEL_MAX and (bold or len(text) <= 40))
        or (text.endswith(":") and len(text) <= _INTRO_MAX)
    )
    return text, label


def paragraph_items(doc: TokenDoc, block: Block, text: str, hint: str | None,
                     section: str | None) -> list[Raw]:
    """A paragraph under an action heading: its promises, itself as one item, or nothing
    (an introduction such as "We are taking these steps:", narrative)."""
    links = doc.plain(doc.tokens[block.start + 1])[1]
    return _text_items(text, doc.line(block.start), hint, section,
                       lambda: inline_fields(doc, doc.tokens[block.start + 1]), links)


def _text_items(text: str, line: int, hint: str | None, section: str | None,
                fields_of: Callable[[], Fields], links: list[tuple[str, str]]) -> list[Raw]:
    if labelled := labelled_actions(text, line, hint, section, links):
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


def html_items(doc: TokenDoc, block: Block, hint: str | None, section: str | None,
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
            found.extend(labelled_actions(text, line, hint, section, [])
                         or [Raw(extract_fields(p), line, hint, "prose", section) for p in promises(text)])
    return found


def prose_items(doc: TokenDoc, block: Block, hint: str | None, section: str | None) -> list[Raw]:
    """ "We will …" sentences of a paragraph anywhere in the document."""
    inline = doc.tokens[block.start + 1]
    if not _PROMISE_HINT.search(inline.content) and ":" not in inline.content[:40] \
            and "ing" not in inline.content and " now " not in inline.content:
        return []
    text, links = doc.plain(inline)
    text = " ".join(text.split())
    line = doc.line(block.start)
    return labelled_actions(text, line, hint, section, links) or [
        Raw(_sentence_fields(s, links), line, hint, "prose", section) for s in promises(text)
    ]


def label_line_items(doc: TokenDoc, block: Block, section: str | None) -> list[Raw] | None:
    """A plain-text export whose sections became lines of one paragraph ("Root cause: …",
    "Next steps: … this includes:", then one line per step, "Provide feedback: …"): the lines
    after an action label that introduces them, one item each, and the promises of the other
    lines, each with its own line number. None for any other paragraph."""
    inline = doc.tokens[block.start + 1]
    if ":" not in inline.content or inline.content.count("\n") < 2:
        return None
    lines = [" ".join(clean_markup(line).split()) for line in inline.content.split("\n")]
    if sum(inline_label(line) is not None for line in lines) < 2:
        return None  # one label over a wrapped paragraph is no flattened document
    found: list[Raw] = []
    introduced = False
    first = doc.line(block.start)
    for offset, line in enumerate(lines):
        if (labelled := inline_label(line)) is not None:
            introduced = line.endswith(":") and labelled_action(line) is not None
            line = labelled[1]
        elif introduced and len(line.split()) >= 3:
            found.append(Raw(extract_fields(line), first + offset, None, "paragraph", section))
            continue
        found.extend(Raw(extract_fields(p), first + offset, None, "prose", section) for p in promises(line))
    return found


def _sentence_fields(sentence: str, links: list[tuple[str, str]]) -> Fields:
    return with_links(extract_fields(sentence), links, within=sentence) if links else extract_fields(sentence)


def labelled_actions(text: str, line: int, hint: str | None, section: str | None,
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
