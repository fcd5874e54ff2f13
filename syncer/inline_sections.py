"""A whole report run together into one paragraph, as status-history pages publish it:
"Summary of impact: … Root cause: … Next steps: … it includes: 1. Fix … 2. Investigate …
Provide feedback: …". Its parts are told apart by their labels, and a numbered list inside a
part by its numbers, so the report reads as the lines it was written in.

Pure and linear: one scan for labels, one for numbers.
"""

from __future__ import annotations

import re
from itertools import pairwise

from syncer.section_names import heading_score, is_action_label, is_narrative_heading

# A label opening the text or a sentence: up to three words and a colon ("Next steps: …")
_LABEL = re.compile(r"(?:^|(?<=[.!?)]\s))(?P<label>[A-Z][a-z]+(?:\s[A-Za-z]+){0,2}):\s")
# "1. Fix …", "2) Investigate …" after a colon or a sentence's end
_NUMBER = re.compile(r"(?:(?<=:\s)|(?<=[.!?;]\s))(?P<n>\d{1,5})[.)]\s+(?=[A-Z])")
_NAMED_MIN = 2  # parts named like a postmortem's sections: fewer is a paragraph with a label


def _names_part(label: str) -> bool:
    return is_action_label(label) or is_narrative_heading(label) or abs(heading_score(label)) >= 0.75


def inline_parts(text: str) -> list[str] | None:
    """The lines of a report run together into one paragraph: each labelled part, and each
    numbered step of a part that names follow-up work, on a line of its own. None when the
    paragraph holds fewer than two parts named like a postmortem's sections."""
    labels = list(_LABEL.finditer(text))
    if sum(_names_part(m.group("label")) for m in labels) < _NAMED_MIN:
        return None
    starts = [0, *(m.start() for m in labels if m.start() > 0), len(text)]
    lines: list[str] = []
    for start, end in pairwise(starts):
        part = text[start:end].strip()
        label = _LABEL.match(part)
        if label is not None and is_action_label(label.group("label")):
            lines.extend(_numbered(part))
        elif part:
            lines.append(part)
    return lines


def _numbered(part: str) -> list[str]:
    """A part split before each number of a list that counts up from 1."""
    cuts: list[int] = []
    expected = 1
    for match in _NUMBER.finditer(part):
        if int(match.group("n")) == expected:
            cuts.append(match.start())
            expected += 1
    if len(cuts) < 2:
        return [part]
    bounds = [0, *cuts, len(part)]
    pieces = [part[a:b].strip() for a, b in pairwise(bounds)]
    return [re.sub(r"^\d{1,5}[.)]\s+", "", piece) for piece in pieces if piece]
