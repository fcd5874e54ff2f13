"""What a list entry says of the part it stands in: work to do or done, or the story of the
incident. Read entry by entry and weighed together, this is the evidence for a part whose
name says nothing (syncer.unnamed_sections) and for a bold label over one list
(syncer.label_sections, syncer.section_items).

Pure word work on one entry at a time (its first 300 characters).
"""

from __future__ import annotations

import re

from syncer.aspect import made_since, tells_done, to_come
from syncer.blocks import LISTS, Raw, bold_label, list_items
from syncer.commitments import is_commitment, names_change, prevents_recurrence, reads_done
from syncer.evidence import tells_what_was
from syncer.mdtokens import TokenDoc
from syncer.prose import tells
from syncer.section_names import inline_label

# A time of day opening an entry or standing as its date ("14:05 Paged the on-call", a
# "2019-11-30 08:24" cell): when something happened, not when something is due
_CLOCK = re.compile(r"^\W{0,3}(?:\d{1,2}[:h]\d{2}\b|\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2})")
_CLOCK_ANYWHERE = re.compile(r"\b\d{1,2}:\d{2}\b")
_STORY_SHARE = 0.25  # more of a list's entries than this telling what happened: findings, not work
_WORK_SHARE = 0.5  # more of them than this reading as work: the list's own heading


def _said(raw: Raw) -> str:
    """An entry's words after its label ("**Monitoring**: add an alert" -> "add an alert")."""
    labelled = inline_label(raw.fields.text)
    return (labelled[1] if labelled else raw.fields.text)[:300]


def stamped(raw: Raw) -> bool:
    """An entry stamped with a time of day: a timeline's step, its date when it happened."""
    fields = raw.fields
    return _CLOCK.match(fields.text) is not None or bool(fields.due_text and _CLOCK_ANYWHERE.search(fields.due_text))


def beyond_response(raw: Raw) -> bool:
    """Under a heading that names the live response ("Resolution", "Mitigation steps taken"),
    an entry is a follow-up only when it is still to be done (a promise, an instruction, a
    deadline, a ticket) or, done already, says what recurrence it prevents. A person named
    in it is no evidence: the story of the response names who did what."""
    fields = raw.fields
    if fields.due_text:
        return True
    text = _said(raw)  # "**Content filtering**: we are adding …"
    if reads_done(raw.done_text or text):
        return prevents_recurrence(text)
    return is_commitment(text, weak=False) or bool(made_since(text))  # "We put in changes to X to help prevent …"


def tracked(raw: Raw) -> bool:
    """An entry kept track of: a box to tick, an owner, a date or a ticket beside it (not the
    time of day a timeline's step happened at)."""
    return (raw.found_by == "checkbox" or raw.fields.has_fields()) and not stamped(raw)


def ahead(raw: Raw) -> bool:
    """An entry that commits to what comes next: an instruction or promise, a box to tick, a
    ticket. A change told as done is no evidence here: a part of steps told in the past
    ("Restarted the pods") is as likely the response as the follow-ups; nor is a name alone (a
    table of services or people names them too)."""
    if stamped(raw):
        return False
    if raw.found_by == "checkbox":  # a box to tick beside a change, not beside a state ("[x] Monitoring")
        return raw.fields.has_fields() or names_change(raw.fields.text)
    return raw.fields.ref is not None or beyond_response(raw)


def reads_as_work(raw: Raw) -> bool:
    """An entry that reads as a piece of work, to do or done: one that commits, a box to tick,
    an owner, a deadline or a ticket beside it, a change named ("Adding retries", "Alerts
    configured"), a verb of change opening it ("Decouple the workers") or a mark that it is
    still to come ("(in development)")."""
    if stamped(raw):
        return False
    if ahead(raw) or tracked(raw):
        return True
    text = _said(raw)
    return names_change(text) or is_commitment(text, weak=False, broad=True) or to_come(text)


def tells_story(raw: Raw) -> bool:
    """An entry that tells what happened or how things stood (a timeline's step, a finding, an
    impact) rather than a change to make or made: stamped with a time of day, or told in the
    past with no change in it ("The queue was full", "Keepers did not rebalance")."""
    if stamped(raw):
        return True
    if raw.fields.ref is not None or raw.found_by == "checkbox" or ahead(raw):
        return False
    text = _said(raw)
    return tells(text) or (tells_what_was(text) and not reads_done(text) and not tells_done(text))


def lists_work(entries: list[Raw]) -> bool:
    """Whether a list's entries are a list of work: few tell what happened, most read as work."""
    return sum(map(tells_story, entries)) <= _STORY_SHARE * len(entries) and (
        sum(map(reads_as_work, entries)) > _WORK_SHARE * len(entries)
    )


def list_heading(doc: TokenDoc, number: int) -> str | None:
    """The words of a bold label ending in a colon ("**Prevention:**") that heads the list right
    after it, its entries all items, rather than introduces what the list holds ("**Key
    improvements:**" over how things now stand, "**Observations:**" over what was seen): what
    the entries say decides, not the colon."""
    title = bold_label(doc, number)
    if title is None or number + 1 >= len(doc.blocks) or doc.blocks[number + 1].kind not in LISTS:
        return None
    entries = list_items(doc, doc.blocks[number + 1], None, title)
    return title if entries and lists_work(entries) else None
