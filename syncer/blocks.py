"""The action items one block of a document stands for: a list entry (itself, or its
children when it only labels them), a paragraph (one item, or its promises), an HTML block,
a sentence after an action label. Pure; syncer.section_items and syncer.loose_items decide
which blocks to ask.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from syncer.cjk_words import word_count
from syncer.commitments import is_commitment, names_change
from syncer.enumerations import listed_changes
from syncer.evidence import tells_what_was
from syncer.field_names import type_hint
from syncer.fields import Fields, extract_fields
from syncer.foreign_enumerations import listed_measures
from syncer.foreign_promises import may_promise_abroad
from syncer.markup import clean_markup, html_links
from syncer.mdtokens import Block, TokenDoc, in_italics
from syncer.pronoun_owners import owner_of_they
from syncer.prose import (
    enumerated_actions,
    labelled_action,
    promises,
    sentences,
    several_commitments,
)
from syncer.restated_details import restated
from syncer.tables import inline_fields, with_links
from syncer.tracking_lines import points_at_ticket

LISTS = ("bullet_list_open", "ordered_list_open")
LABEL_MAX = 60  # a paragraph this short and bold labels what follows
_INTRO_MAX = 200  # "The lessons we are taking away are as follows:" introduces what follows
_HTML_SPLIT = re.compile(r"(?=<li[\s>])|</p\s*>|<br\s*/?>|\n\s*\n", re.IGNORECASE)
# a task-list box, then a space, a tab, a no-break space (as rich-text editors write it) or nothing more
_BOX = re.compile(r"\[[ xX]\](?:[ \t\u00a0]|&nbsp;|&#160;|$)")
_HTML_MAX = 200_000  # an HTML block longer than this is not a postmortem's prose
_PROMISE_HINT = re.compile(
    r"\b(?:[Ww]e(?:'ll|’ll|'re|’re|\s+will|\s+are|\s+plan|\s+must|\s+need|\s+have\s+committed|"
    r"\s+intend|\s+shall)|(?:[Tt]eams?|[Tt]hey|engineers|developers|staff)\s+(?:will|is|are)|I\s+will|and\s+will)\b"
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
    entry: bool = False  # a paragraph that is one entry of a list written without markers


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
                checkbox = _BOX.match(inline.content) is not None
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


def nested_blocks(doc: TokenDoc, item: int) -> list[Block]:
    """The blocks of a list entry (token index `item`): its first paragraph, then what is nested."""
    end = doc.close.get(item, item) + 1
    return [Block(child, doc.close.get(child, child) + 1, doc.tokens[child].type) for child in doc.children(item, end)]


def entry_label(doc: TokenDoc, item: int) -> str | None:
    """The words of a list entry (token index `item`) that labels blocks nested under it: its
    first paragraph one short line, set in bold or ending in a colon ("- **Review actions**:")."""
    nested = nested_blocks(doc, item)
    if len(nested) < 2 or nested[0].kind != "paragraph_open":
        return None
    first = doc.tokens[nested[0].start + 1].content.strip()
    bold = first[:2] in ("**", "__") and first.rstrip(":").endswith(first[:2])
    if "\n" in first or not (bold or first.endswith(":")) or len(first) > (2 if bold else 1) * LABEL_MAX:
        return None  # a title set in bold over the part may be longer ("**Incident on 2022-01-22 - …:**")
    return " ".join(doc.plain(doc.tokens[nested[0].start + 1])[0].split()).rstrip(":").strip() or None


def emit(entry: Entry, hint: str | None, section: str | None) -> list[Raw]:
    """The action items a list entry stands for: itself, or its children when it is a group label."""
    own = entry.fields
    details: list[Entry] = []
    for child in entry.children:
        if child.fields.has_fields() and not child.children and _is_field_line(child.fields.text):
            own = own.merged(child.fields)  # "- Owner: @alice", "- tracked in #12" under the item
        else:
            details.append(child)
    if not details and not entry.children:
        own = ref_as_text(own)
    if not own.text:
        return [raw for child in details for raw in emit(child, hint, section)]
    if entry.label and not details and not own.has_fields():
        return []  # "- Immediate fixes:" with nothing under it: a template's empty slot
    signal = entry.checkbox or own.has_fields()
    # A parent that is no commitment itself over children that are: a group label
    # ("Dual monitoring system:" over two changes); a commitment over mere details: one item.
    # Whether children are only the parent's details costs most: asked of a bare parent with children only.
    group = bool(details) and not signal and not _parent_with_details(own.text, details) \
        and not (not entry.label and _restated_details(own.text, details)) and (
        (type_hint(own.text) is not None and not is_commitment(own.text))  # "We are redesigning our process to:" is one
        or (entry.label and any(is_commitment(c.fields.text, weak=False) for c in details))  # "Improve our paging:"
        or (word_count(own.text) <= 3 and not is_commitment(own.text, weak=False))  # "Install pre-commit hooks" over its steps
        or all(child.checkbox or child.fields.has_fields() for child in details)
        or (not is_commitment(own.text) and all(is_commitment(c.fields.text, broad=True) for c in details))
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


def _parent_with_details(text: str, details: list[Entry]) -> bool:
    """Children that name no change under a parent that does are its details ("Splitting the
    network into service domains:" over "Development", "Intranet"): the parent is the item."""
    return word_count(text) > 3 and names_change(text) and not any(
        child.checkbox or child.children or child.fields.has_fields() or names_change(child.fields.text)
        for child in details
    )


def _restated_details(text: str, details: list[Entry]) -> bool:
    """Plain children that each take up the parent's words ("Health check hardening" over "the
    migration state in the health check"): how to do its work, its details. A parent written as
    a label ("Dual monitoring system:") introduces its children instead."""
    if any(child.checkbox or child.children or child.fields.has_fields() for child in details):
        return False
    texts = [child.fields.text for child in details]
    # a topic ("Quorum") over commitments each complete on its own ("Add a quorum alert") groups them
    return restated(text, texts) and (is_commitment(text) or not all(is_commitment(t, weak=False) for t in texts))


def ref_as_text(fields: Fields) -> Fields:
    """An entry that only names its ticket ("- #2127", "<li>#2127</li>", a bare issue URL): the
    reference is the item's text too."""
    return replace(fields, text=fields.ref) if not fields.text and fields.ref else fields


def _is_field_line(text: str) -> bool:
    """What is left of a detail line once its fields are out: nothing, or "tracked in"."""
    return not text or (len(text.split()) <= 2 and not is_commitment(text))


def list_items(doc: TokenDoc, block: Block, hint: str | None, section: str | None) -> list[Raw]:
    entries = [list_entry(doc, item) for item in doc.children(block.start, block.end)]
    if _verified_conditions(entries):
        return []
    return [raw for entry in entries for raw in emit(entry, hint, section)]


def _verified_conditions(entries: list[Entry]) -> bool:
    """A list whose every entry is ticked by a check mark and names a state rather than a
    change ("✅ All nodes Ready", "✅ External connectivity"): what a check confirms, not work
    done or to do. One entry that names a change ("✅ Added a DNS probe") keeps the list."""
    return len(entries) >= 2 and all(
        entry.fields.done and not entry.checkbox and not entry.children and not entry.fields.has_fields()
        and not names_change(entry.fields.text)
        for entry in entries
    )


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


def bold_label(doc: TokenDoc, number: int) -> str | None:
    """The words of a paragraph wholly in bold, short enough to be a heading: on one line, or
    on the first over a sentence that introduces the block after it ("**Next steps**" and on
    the next line "To prevent this, we will:")."""
    block = doc.blocks[number]
    if block.kind != "paragraph_open":
        return None
    first, _, rest = doc.tokens[block.start + 1].content.strip().partition("\n")
    first = first.strip()
    if len(first) <= 4 or first[:2] not in ("**", "__") or not first.rstrip(":").endswith(first[:2]):
        return None
    if rest and not rest.rstrip().endswith(":"):
        return None
    text = " ".join(doc.plain(doc.tokens[block.start + 1])[0].split("\n", 1)[0].split())
    return text.rstrip(":").strip() if len(text) <= LABEL_MAX else None


def set_as_heading(doc: TokenDoc, number: int) -> str | None:
    """The words of a bold label set as a heading ("**Prevention**"), not ending in a colon as
    one introducing the block after it does ("**Key improvements:**")."""
    if (title := bold_label(doc, number)) is None:
        return None
    first = doc.tokens[doc.blocks[number].start + 1].content.strip().split("\n", 1)[0]
    return None if first.rstrip(" *_").endswith(":") else title


def paragraph_items(doc: TokenDoc, block: Block, text: str, hint: str | None,
                     section: str | None) -> list[Raw]:
    """A paragraph under an action heading: its promises, itself as one item (or one per change
    when it makes several, as a list's entry does), or nothing (an introduction such as "We are
    taking these steps:", narrative, a note set in italics)."""
    if in_italics(doc.tokens[block.start + 1].content):
        return []  # "*List any tasks we should complete here*": a template's prompt, a note
    links = doc.plain(doc.tokens[block.start + 1])[1]
    return _text_items(text, doc.line(block.start), hint, section,
                       lambda: inline_fields(doc, doc.tokens[block.start + 1]), links)


def _text_items(text: str, line: int, hint: str | None, section: str | None,
                fields_of: Callable[[], Fields], links: list[tuple[str, str]]) -> list[Raw]:
    if labelled := labelled_actions(text, line, hint, section, links):
        return labelled
    said = promises(text, needs=True)  # under a heading naming lessons or follow-ups
    if len(said) > 1 or (said and said[0] != text):
        return _promise_items(text, said, line, hint, section, links)
    if text.endswith(":") or not text:
        return []
    fields = fields_of()
    if said or is_commitment(text) or ((fields.owner or fields.due_text) and not tells_what_was(text)):
        if fields.item_id is None and (several := several_commitments(text)):
            # "We've updated the health checks, and we've added timeouts": one item each, as in a list
            return [Raw(_sentence_fields(s, links).merged(fields), line, hint, "paragraph", section) for s in several]
        return [Raw(fields, line, hint, "paragraph", section)]
    return []


def _html_chunks(doc: TokenDoc, block: Block) -> list[tuple[str, bool, list[tuple[str, str]]]]:
    """The paragraphs and list entries of an HTML block (a page exported as HTML), as
    plain text, each with whether it was a list entry and the links it holds."""
    chunks = []
    for part in _HTML_SPLIT.split(doc.tokens[block.start].content[:_HTML_MAX]):
        text = " ".join(clean_markup(part).split())
        if text:
            chunks.append((text, part.lstrip()[:3].lower() == "<li", html_links(part)))
    return chunks


def html_items(doc: TokenDoc, block: Block, hint: str | None, section: str | None,
                *, action: bool) -> list[Raw]:
    """Items of an HTML block: under an action heading its entries and paragraphs, elsewhere
    its promises and labelled actions."""
    line = doc.line(block.start)
    found: list[Raw] = []
    for text, entry, links in _html_chunks(doc, block):
        if action and entry:
            found.append(Raw(ref_as_text(with_links(extract_fields(text), links)), line, hint, "list", section))
        elif action:
            found.extend(_text_items(text, line, hint, section,
                                     lambda t=text, k=links: with_links(extract_fields(t), k), links))
        else:
            found.extend(labelled_actions(text, line, hint, section, links)
                         or _promise_items(text, promises(text), line, hint, section, links))
    return found


def prose_items(doc: TokenDoc, block: Block, hint: str | None, section: str | None) -> list[Raw]:
    """ "We will …" sentences of a paragraph anywhere in the document."""
    inline = doc.tokens[block.start + 1]
    if not _PROMISE_HINT.search(inline.content) and ":" not in inline.content[:40] \
            and "ing" not in inline.content and " now " not in inline.content and "fter" not in inline.content \
            and " been " not in inline.content and "under" not in inline.content \
            and "again" not in inline.content and "ermanent" not in inline.content and "term" not in inline.content \
            and "have" not in inline.content and "ve " not in inline.content \
            and not may_promise_abroad(inline.content):  # "have", "ve ": "We have modified …", "We've set up …"
        return []
    text, links = doc.plain(inline)
    text = " ".join(text.split())
    line = doc.line(block.start)
    return labelled_actions(text, line, hint, section, links) or _promise_items(
        text, promises(text), line, hint, section, links
    )


def _promise_items(text: str, said: list[str], line: int, hint: str | None, section: str | None,
                   links: list[tuple[str, str]]) -> list[Raw]:
    """The promises of a paragraph as items, each with the owner, deadline or ticket written in
    the sentences after it up to the next promise ("We will move the queue to its own cluster.
    That keeps one consumer from starving the others. Owner: Alice. Due: 2024-05-01.")."""
    found: list[Raw] = []
    waiting = list(said)
    before: str | None = None
    for sentence in sentences(text):
        opened = False
        while waiting and waiting[0] in sentence:  # a sentence may hold two promises in its clauses
            fields = _sentence_fields(waiting.pop(0), links)
            if fields.owner is None and (team := owner_of_they(fields.text, before)):
                fields = replace(fields, owner=team)  # "X team did … . They will also …"
            found.append(Raw(fields, line, hint, "prose", section))
            opened = True
        before = sentence
        if opened or not found:
            continue
        extra = _sentence_fields(sentence, links)
        if extra.has_fields() and (_is_field_line(extra.text) or (extra.ref is not None and points_at_ticket(extra.text))):
            own = found[-1].fields
            found[-1].fields = own.merged(Fields(owner=extra.owner, due_text=extra.due_text, ref=extra.ref))
    # what no sentence holds whole (a clause of one over a line break) is kept as it was said
    return found + [Raw(_sentence_fields(s, links), line, hint, "prose", section) for s in waiting]


def _sentence_fields(sentence: str, links: list[tuple[str, str]]) -> Fields:
    return with_links(extract_fields(sentence), links, within=sentence) if links else extract_fields(sentence)


def labelled_actions(text: str, line: int, hint: str | None, section: str | None,
                      links: list[tuple[str, str]]) -> list[Raw]:
    """ "Action point: create …" / "TODO: add …" sentences of a paragraph, one item each;
    "our action items included rotating keys, deleting logs, …": one item per action, done
    when the sentence tells them as made. When there are any, the promises of the paragraph's
    other sentences come with them ("We also plan on deprecating …"); [] when there are none."""
    labels = ":" in text[:40]
    told = [(sentence, labelled_action(sentence) if labels else None) for sentence in sentences(text)]
    listed = [(enumerated_actions(sentence) or listed_changes(sentence) or listed_measures(sentence)) if rest is None else []
              for sentence, rest in told]
    if not any(rest is not None for _, rest in told) and not any(listed):
        return []
    found = []
    for (sentence, rest), actions in zip(told, listed, strict=True):
        if rest is not None:
            found.append(Raw(_sentence_fields(rest, links), line, hint, "paragraph", section, labelled=True))
        elif actions:
            found.extend(Raw(_sentence_fields(action, links), line, hint, "prose", section, labelled=True,
                             done_text=sentence) for action in actions)
        else:
            found.extend(Raw(_sentence_fields(said, links), line, hint, "prose", section) for said in promises(sentence))
    return found
