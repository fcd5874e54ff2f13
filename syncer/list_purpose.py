"""What a list written where commitments are expected is for, read from most of its entries:
advice to the readers ("If you use X, you should switch to Y"), findings ("What needs
improvement": "No pre-commit hooks to catch secrets", "4-day delay in discovering the
exposure", "Manual review missed the secrets") or questions to answer (a template's
checklist: "Assignment: is someone assigned to this issue?", "Labels: is there an 'Affects:'
label?", "Diagnosis: add a description of the issue"). None is a plan: the
commitments that answer it are listed elsewhere.

Pure. A list is read so only when most of its entries say so themselves, so one gap or one
open question in a plan ("Missing alert on disk usage: add one") does not unmake the plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import groupby

from syncer.blocks import Raw
from syncer.commitments import is_commitment, is_promise
from syncer.prose import addresses_reader
from syncer.section_names import inline_label

# An entry that opens by naming what was absent, lacking or late. "No more …", "No further …"
# and "No longer …" are rules being set ("No further deployments until …"), not gaps.
_GAP = re.compile(
    r"^\W{0,4}(?:no\s+(?!more\b|further\b|longer\b)\w|lack(?:ing)?\s+of\b|lacked\b|missing\b|absence\s+of\b|absent\b|"
    r"insufficient\b|inadequate\b|not\s+enough\b|too\s+(?:few|little)\b|"
    r"\d+[\s-]*(?:second|minute|min|hour|hr|day|week|month)s?[\s-]+(?:delay|lag|gap)\b)",
    re.IGNORECASE,
)
# A question opening the entry, after its label if it has one
_QUESTION = re.compile(
    r"^\W{0,3}(?:what|why|how|who|when|where|which|is|are|was|were|do|does|did|should|could|can|will|would|"
    r"has|have)\b[^.!?]{0,200}\?",
    re.IGNORECASE,
)
_MIN_TOLD = 2  # entries that must say it before a list reads as findings or as questions
_LISTED = ("list", "checkbox")


def names_gap(text: str) -> bool:
    """ "No automated alerting for secret detection", "Lack of a fallback", "4-day delay in …"."""
    return _GAP.match(text) is not None


def asks(text: str) -> bool:
    """ "Assignment: is someone assigned to this issue?", "What caused it? - please answer": a
    question (a template's prompt, an open point) commits to nothing."""
    if "?" not in text:
        return False  # no question mark, no question: the label is not looked for
    labelled = inline_label(text)
    return _QUESTION.match(labelled[1] if labelled else text) is not None


def without_findings(found: list[Raw]) -> list[Raw]:
    """The items, without the entries of a list (the entries of one section, in a row) most of
    whose entries name gaps or ask questions, unless someone made the entry a commitment, and
    without the entries that speak to the readers where two or more advise them."""
    kept: list[Raw] = []
    for _, grouped in groupby(found, key=lambda raw: raw.section):
        run = list(grouped)
        listed = [raw.fields.text for raw in run if raw.found_by in _LISTED]
        if sum(1 for text in listed if addresses_reader(text)) >= _MIN_TOLD:
            # two entries or more advise the readers ("If you use X, you should switch to Y"): an
            # entry beside them that speaks to the reader too ("Follow best practice policies to
            # see how your organisation is affected") is theirs; one that does not ("Disable agent
            # forwarding on the servers") is the team's
            kept.extend(raw for raw in run if raw.found_by not in _LISTED or not _to_the_reader(raw))
            continue
        if not (_most(listed, names_gap) or _most(listed, asks)):
            kept.extend(run)
            continue
        kept.extend(raw for raw in run if raw.found_by not in _LISTED or _committed(raw))
    return kept


_YOU = re.compile(r"\byou(?:rs?|rselves)?\b", re.IGNORECASE)


def _to_the_reader(raw: Raw) -> bool:
    text = raw.fields.text
    # an entry given a deadline, owner or ticket is tracked: the team's own, however it is worded
    return not raw.fields.has_fields() and not is_promise(text) and (addresses_reader(text) or _YOU.search(text[:300]) is not None)


def _most(texts: list[str], says: Callable[[str], bool]) -> bool:
    told = sum(1 for text in texts if says(text))
    return told >= _MIN_TOLD and 2 * told >= len(texts)


def _committed(raw: Raw) -> bool:
    """An entry made a commitment beside the gaps or questions: its fields, a promise, or an
    instruction written as itself rather than in the list's "Label: prompt" form ("Add the
    queue alert to the runbook" under "Assignment: is someone assigned?")."""
    fields = raw.fields
    named = (fields.owner, fields.due_text, fields.raw_priority, fields.status)
    return any(value is not None for value in named) or is_promise(fields.text) or (
        inline_label(fields.text) is None and is_commitment(fields.text, weak=False)
    )
