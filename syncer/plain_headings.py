"""Headings written as plain lines: a document copied out of a status page, a mail or a word
processor keeps its parts' titles ("Mitigation Actions", "Next Steps & Improvements",
"Mitigation Measures:") as short lines of their own, without Markdown's "#" or bold.

Pure. Only in a document that sets no part as a Markdown heading or a bold paragraph (one
that does marks its parts so, and its short lines are something else) a one-line paragraph of a few words, not
ending as a sentence ends, is read as the title of the part after it. A part a title names
as follow-up work (or the response, its promises kept) is read as under a heading of the
same words (syncer.label_sections.labelled_part), one that tells its work as taken ("Actions
Taken:") as the response; it runs up to the next title that opens a
part of its own (the story, the response, other follow-up work) or a short line that is
no title ("Posted Oct 09, 2019 - 14:31 EDT"). A title naming neither ("Enhanced Load
Balancing") is a topic inside the part.
"""

from __future__ import annotations

import re

from syncer.blocks import LABEL_MAX, Raw, bold_label, read_paragraph
from syncer.entry_evidence import beyond_response
from syncer.label_sections import labelled_part
from syncer.mdtokens import Heading, TokenDoc
from syncer.section_items import MODERATE, STRONG
from syncer.section_names import heading_score, is_narrative_heading, names_response
from syncer.unnamed_sections import NEUTRAL

_WORDS_MAX = 6  # a title names a part in a few words; a longer line is a sentence
_SENTENCE_END = re.compile(r"[.!?;,…。]$")
_TAKEN = re.compile(r"\btaken\b", re.IGNORECASE)  # "Actions taken", "Steps taken": what was done then
_NO_TITLE = re.compile(r"[\d@/|<>\[\]()=*`]")  # a date, an address, a link, markup: a line of data


def plain_title(doc: TokenDoc, number: int) -> str | None:
    """The words of a one-line paragraph set as a title: a few words opening with a capital
    letter, no sentence's end, no digits or markup (a time stamp or a link is data)."""
    block = doc.blocks[number]
    if block.kind != "paragraph_open":
        return None
    raw = doc.tokens[block.start + 1].content.strip()
    if "\n" in raw or len(raw) > LABEL_MAX or _NO_TITLE.search(raw):
        return None
    title = raw.rstrip(":").strip()
    if not title or not title[0].isupper() or _SENTENCE_END.search(title) or len(title.split()) > _WORDS_MAX:
        return None
    return title


def _opens(title: str) -> bool:
    """A title naming a part of its own: follow-up work, the response, or the story."""
    score = heading_score(title)
    return score >= STRONG or score <= NEUTRAL or is_narrative_heading(title) \
        or (score >= MODERATE and names_response(title))


def _closes(doc: TokenDoc, number: int) -> bool:
    """A short line that is no title ("Posted Oct 09, 2019 - 14:31 EDT"): another part starts."""
    if doc.blocks[number].kind != "paragraph_open":
        return False
    text, label = read_paragraph(doc, doc.blocks[number])
    return label and not text.endswith(":") and _SENTENCE_END.search(text) is None  # a sentence is content


def plain_sections(doc: TokenDoc, headings: list[Heading], taken: list[bool]) -> list[tuple[int, int, list[Raw]]]:
    """(first block, end block, items) of each part a plain title naming follow-up work (or the
    response) opens, in a document without Markdown headings, outside the parts found (`taken`)."""
    if headings or any(bold_label(doc, number) is not None for number in range(len(doc.blocks))):
        return []  # its parts are set as headings or in bold: its short lines are something else
    found: list[tuple[int, int, list[Raw]]] = []
    for number in range(len(doc.blocks) - 1):
        if taken[number] or (title := plain_title(doc, number)) is None:
            continue
        score = heading_score(title)
        if score < STRONG and not (score >= MODERATE and names_response(title)):
            continue
        end = number + 1
        while end < len(doc.blocks) and not taken[end]:
            inner = plain_title(doc, end)
            if (_opens(inner) if inner is not None else _closes(doc, end)):
                break
            end += 1
        if end - number < 2:
            continue
        heading = Heading(number, 1, doc.line(doc.blocks[number].start), title)
        items = labelled_part(doc, heading, end) or []
        if _TAKEN.search(title):  # "Actions Taken:" over "Restarted Redis Cluster": the response
            items = [raw for raw in items if beyond_response(raw)]
        found.append((number, end, items))
        for block in range(number, end):
            taken[block] = True
    return found
