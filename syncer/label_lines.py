"""A plain-text export whose sections became lines of one paragraph ("Root cause: …", "Next
steps: … this includes:", then one line per step): its labels part it, the lines after an
action label are the steps, one item each, with its own line number.

Pure; syncer.loose_items asks for each paragraph outside an action section.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from itertools import accumulate, pairwise

from syncer.blocks import Raw
from syncer.change_verbs import is_change_verb
from syncer.fields import extract_fields
from syncer.inline_sections import inline_parts
from syncer.markup import clean_markup
from syncer.mdtokens import Block, TokenDoc
from syncer.prose import promises
from syncer.section_names import inline_label, is_action_label


def label_line_items(doc: TokenDoc, block: Block, section: str | None) -> list[Raw] | None:
    """A plain-text export whose sections became lines of one paragraph ("Root cause: …",
    "Next steps: … this includes:", then one line per step, "Provide feedback: …"): under an
    action label, the lines after the one that introduces them (the label's own line or a
    wrapped one ending in a colon), one item each; elsewhere the promises; each with its own
    line number. None for any other paragraph."""
    inline = doc.tokens[block.start + 1]
    if ":" not in inline.content:
        return None
    first = doc.line(block.start)
    if inline.content.count("\n") < 2:  # run together on one line: its labels and numbers part it
        parts = inline_parts(" ".join(clean_markup(inline.content).split()))
        found = _labelled_lines(parts, first, section) if parts is not None else None
        return None if found is None else [replace(raw, line=first) for raw in found]
    return _labelled_lines([" ".join(clean_markup(line).split()) for line in inline.content.split("\n")], first, section)


def _labelled_lines(lines: list[str], first: int, section: str | None) -> list[Raw] | None:
    labels = [_line_label(line) for line in lines]
    if sum(label is not None for label in labels) < 2:
        return None  # one label over a wrapped paragraph is no flattened document
    starts = [0] + [k for k, label in enumerate(labels) if label is not None and k > 0]
    found: list[Raw] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        found.extend(_label_run(lines[start:end], labels[start], first + start, section))
    return found


_BARE_LABEL = re.compile(r"^[*_]{0,2}(?P<label>[A-Za-z][A-Za-z -]{1,30}?)[*_]{0,2}:[*_]{0,2}$")


def _line_label(line: str) -> tuple[str, str] | None:
    """ "Root cause: …" -> ("Root cause", "…"); "Next steps:" alone -> ("Next steps", "")."""
    bare = _BARE_LABEL.match(line)
    if bare is not None and len(bare.group("label").split()) <= 3:
        return bare.group("label"), ""
    return inline_label(line)


def _label_run(lines: list[str], label: tuple[str, str] | None, first: int, section: str | None) -> list[Raw]:
    """The items of one labelled part of a flattened document (its lines from the label on)."""
    texts = [label[1], *lines[1:]] if label is not None else lines
    intro: int | None = None
    if label is not None and is_action_label(label[0]):
        intro = next((k for k, text in enumerate(texts) if not text or text.endswith(":")), None)
    prose = texts if intro is None else texts[: intro + 1]
    joined = " ".join(prose)
    starts = list(accumulate((len(text) + 1 for text in prose), initial=0))
    found: list[Raw] = []
    at = 0
    for said in promises(joined):  # in text order: each is looked for from where the last one starts
        at = joined.find(said, at)
        found.append(Raw(extract_fields(said), first + bisect_right(starts, at) - 1, None, "prose", section))
    if intro is not None:
        for offset, text in _step_lines(texts, intro + 1):
            found.append(Raw(extract_fields(text), first + offset, None, "paragraph", section))
    return found


# A capitalised verb after a lower-case word: two steps whose line break was lost
# ("… in the automated workflow Adding strict validation …")
_RUN_TOGETHER = re.compile(r"(?<=[a-z0-9)\]]) (?=(?P<word>[A-Z][a-z]+) [a-z])")


def _step_lines(texts: list[str], start: int) -> list[tuple[int, str]]:
    """(offset, text) of the steps listed one per line from texts[start]: a line starting in
    lower case continues the step above it, two steps run together on one line are parted."""
    steps: list[tuple[int, str]] = []
    for offset in range(start, len(texts)):
        text = texts[offset]
        if steps and text[:1].islower():
            steps[-1] = (steps[-1][0], f"{steps[-1][1]} {text}")
        elif len(text.split()) >= 3:
            steps.append((offset, text))
    return [
        (offset, part)
        for offset, text in steps
        for part in _parted(text)
    ]


def _parted(text: str) -> list[str]:
    cuts = [m.start() for m in _RUN_TOGETHER.finditer(text) if is_change_verb(m.group("word"))]
    bounds = [0, *cuts, len(text)]
    return [text[a:b].strip() for a, b in pairwise(bounds) if text[a:b].strip()]
