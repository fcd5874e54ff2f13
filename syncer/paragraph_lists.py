"""Lists written without markers: a run of paragraphs under an action heading, each an entry
("Keep our own package mirror" / "Subscribe to the announcement list"), some with their
details ("Add a circuit breaker to the client. This stops retries piling up. Owner: Alice.").

Pure. Editors that drop list markers, and authors who write one item per paragraph, leave what
is still a list: consecutive paragraphs that each open like an entry, none introducing what
follows. Where an entry starts is its first sentence (or the bold words that lead it), where it
ends the paragraph's end: the sentences after the first explain, justify or give its fields.
syncer.section_items reads each as an item where the part holds no list of its own.
"""

from __future__ import annotations

import re

from syncer.blocks import Raw, ref_as_text
from syncer.commitments import is_commitment, promised_or_made, reads_done
from syncer.evidence import acknowledges, states_rule
from syncer.field_names import meta_key
from syncer.markup import clean_markup
from syncer.mdtokens import TokenDoc, in_italics
from syncer.prose import addresses_reader, sentences
from syncer.refs import looks_like_ref
from syncer.section_names import narrative_label
from syncer.tables import inline_fields

_ENTRY_MAX = 250  # an entry longer than this is prose
_WORD = re.compile(r"[^\W\d_]{3,}")
_STATEMENT = re.compile(r"(?i)^(?:we|i|our|they|it|its|this|that|these|those|there|he|she|you)\b")
_RUN_MIN = 2  # one short paragraph alone is an introduction or a remark, not a list
_DETAILED_MAX = _ENTRY_MAX * 8  # an entry with its details; longer is an essay
# Words set in bold that lead a paragraph ("**Alert on the symptom.** 623 accounts …")
_BOLD_LEAD = re.compile(r"^(\*\*|__)(?P<lead>[^*_\n]{3,150}?)\1(?=\s|[:.(])")
# A few words and a comma before the clause that says what is done ("Finally, I shared …")
_OPENER = re.compile(r"^(?:[\w'’-]+\s+){0,3}[\w'’-]+,\s+")
# What ends a sentence's main clause: a comma, a dash, a bracket, a subordinate clause
_CLAUSE_END = re.compile(
    r"[,;:(]|\s[-–—]\s|\b(?:that|which|who|so|because|since|when|where|while|if|unless|until|to|as|"
    r"after|before|once|by|with|without)\b",
    re.IGNORECASE,
)
# A finite verb that makes the main clause a statement ("The subdomains are no longer in use")
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|could|should|would|will|shall|may|might|must|does|did|"
    r"isn't|aren't|wasn't|weren't|hasn't|haven't|hadn't|doesn't|didn't|can't|won't)\b|['’](?:s|re|ve|d|ll)\b",
    re.IGNORECASE,
)


def _entry_like(doc: TokenDoc, number: int) -> bool:
    block = doc.blocks[number]
    if block.kind != "paragraph_open":
        return False
    raw = doc.tokens[block.start + 1].content.strip()
    if len(raw) > 4 and raw[:2] in ("**", "__") and raw.rstrip(":").endswith(raw[:2]):
        return False  # a bold label names a part
    if raw.startswith("![") or len(raw) > _ENTRY_MAX * 4 or in_italics(raw):
        return False  # an image (its alt text is no entry), prose, or a note set in italics
    text = " ".join(doc.plain(doc.tokens[block.start + 1])[0].split())
    if not 0 < len(text) <= _ENTRY_MAX or text.endswith(":") or len(sentences(text)) != 1:
        return False
    if _STATEMENT.match(text):
        return False  # "We looked at …", "It held": told, not listed (promises are read as such)
    # words, not a value ("Kernel: 11.112", "June 6, 2022"); a ticket alone ("#2127") is one
    return len(_WORD.findall(text)) >= 2 or looks_like_ref(text)


# Words that open a subject or a setting, not an entry: "The slack duplicator runs in …",
# "On Monday, 31 October …", "During the deploy we …"
_NOT_A_HEAD = frozenset({
    "the", "a", "an", "some", "several", "many", "most", "each", "every", "all", "both", "one", "two", "three",
    "no", "any", "another", "such", "other", "much", "on", "in", "at", "during", "to", "due", "by", "for",
    "from", "after", "before", "since", "as", "while", "when", "if", "once", "now", "but", "and", "so", "or",
    "because", "although", "though", "until", "upon", "over", "within", "following", "around", "about",
    "what", "where", "why", "how", "who", "which", "here", "then", "also", "however", "meanwhile",
})  # fmt: skip
# A past tense after the first word makes the first the subject ("Engineering pinned the pods")
_PAST = re.compile(r"^(?:[\w'’-]+\s+){0,2}?[a-z]{3,}ed\b")


def _entry_head(doc: TokenDoc, number: int) -> str | None:
    """The words a paragraph opens with when it opens like an entry with its details: words set
    in bold naming the change ("**Alert on the symptom.** 623 accounts closed …"), or a first
    sentence that commits, tells a change made or names the work ("Apply the pin to the other
    services. `gen` is the next candidate."); None when it tells how things stand ("The
    subdomains are no longer in use. …"), introduces, or is set apart."""
    block = doc.blocks[number]
    if block.kind != "paragraph_open":
        return None
    raw = doc.tokens[block.start + 1].content.strip()
    if len(raw) > _DETAILED_MAX * 2 or raw.startswith("![") or in_italics(raw):
        return None
    text = " ".join(doc.plain(doc.tokens[block.start + 1])[0].split())
    if not text or len(text) > _DETAILED_MAX or text.endswith(":") or acknowledges(text) or addresses_reader(text):
        return None
    if (lead := _BOLD_LEAD.match(raw)) is not None:
        title = " ".join(clean_markup(lead.group("lead")).split()).rstrip(":. ")
        if meta_key(title) is not None or narrative_label(f"{title}: …"):
            return None  # "**Status:** patched", "**Root cause:** …": a field or the story
        rest = sentences(" ".join(clean_markup(raw[lead.end() :]).split()) or ".")[0]
        return title if _names_work(title) else rest if _commits(rest) else None
    first = sentences(text)[0]
    return first if _names_work(first) else None


def _commits(sentence: str) -> bool:
    return promised_or_made(sentence) or reads_done(sentence) or is_commitment(sentence, weak=False, broad=True)


def _names_work(head: str) -> bool:
    """Whether the words opening an entry commit, tell a change made, or name the work as an
    instruction or a noun phrase does ("Engage the maintainers about …", "Read/write path
    separation"): no subject with its verb, no setting of time or place before them."""
    if len(head) > _ENTRY_MAX or head.endswith("?") or len(_WORD.findall(head)) < 2:
        return False
    if _commits(head):
        return True
    opener = _OPENER.match(head)
    clause = head[opener.end() :] if opener and not _STATEMENT.match(head) and not _FINITE.search(opener.group()) \
        and len(head[opener.end() :].split()) >= 2 else head  # "Address-bind every account, always" has none
    words = clause.split(None, 1)
    if _STATEMENT.match(clause) or len(words) < 2 or words[0].lower() in _NOT_A_HEAD or not words[0][:1].isalpha():
        return False  # "The slack duplicator runs in …", "On Monday, …": a subject, a setting
    main = _CLAUSE_END.split(words[1], maxsplit=1)[0]
    return _FINITE.search(main) is None and _PAST.search(main) is None


def unmarked_item(doc: TokenDoc, number: int, hint: str | None, section: str | None) -> Raw:
    """One such paragraph as an item; one that only names its ticket ("#2127") is that ticket."""
    block = doc.blocks[number]
    fields = ref_as_text(inline_fields(doc, doc.tokens[block.start + 1]))
    return Raw(fields, doc.line(block.start), hint, "paragraph", section, entry=True)


def unmarked_commits(raw: Raw, *, weak: bool) -> bool:
    """Whether such an entry commits where only commitments count, as a list's entry must: an
    instruction, an owner or a deadline (a link in a sentence is no ticket), not a rule when
    `weak` is not."""
    fields = raw.fields
    return bool(fields.owner or fields.due_text or is_commitment(fields.text, weak=weak)) \
        and (weak or not states_rule(fields.text))


def unmarked_entries(doc: TokenDoc, start: int, end_block: int, *, detailed: bool = False) -> set[int]:
    """Block numbers of the paragraphs in [start, end_block) that stand in a run of at least
    two consecutive one-sentence paragraphs; `detailed`: also those of a part (from one heading
    to the next) whose paragraphs are all entries, some with their details, after an
    introduction ending in a colon if it has one."""
    found: set[int] = set()
    run: list[int] = []
    # only a paragraph beside another can stand in a run: a lone one is not read (the costly part)
    paragraph = [doc.blocks[number].kind == "paragraph_open" for number in range(start, end_block)] + [False]
    for number in range(start, end_block + 1):
        at = number - start
        if paragraph[at] and (paragraph[at + 1] or (at > 0 and paragraph[at - 1])) and _entry_like(doc, number):
            run.append(number)
            continue
        if len(run) >= _RUN_MIN:
            found.update(run)
        run = []
    if detailed:
        found.update(_detailed_parts(doc, start, end_block))
    return found


def _detailed_parts(doc: TokenDoc, start: int, end_block: int) -> set[int]:
    """The paragraphs of each part in [start, end_block) written wholly as entries, one to a
    paragraph, at least two of them, most committing; a part holding anything else (a list, a
    statement amid them, a remark) is read paragraph by paragraph."""
    found: set[int] = set()
    first = start  # where the part opens: after its heading
    for number in range(start, end_block + 1):
        if number == end_block or doc.blocks[number].kind == "heading_open":
            found.update(_detailed_part(doc, range(first, number)))
            first = number + 1
    return found


def _detailed_part(doc: TokenDoc, numbers: range) -> list[int]:
    """The entries of one part (the numbers of its blocks); none unless it is wholly entries."""
    # what the blocks are rules most parts out before a paragraph is read: a list, a table,
    # or one paragraph alone
    if len(numbers) < _RUN_MIN or any(doc.blocks[number].kind != "paragraph_open" for number in numbers):
        return []
    part: list[int] = []
    committing = 0
    for number in numbers:
        if (head := _entry_head(doc, number)) is not None or _entry_like(doc, number):
            part.append(number)
            committing += _commits(head or " ".join(doc.plain(doc.tokens[doc.blocks[number].start + 1])[0].split()))
        elif not _aside(doc, number, opening=number == numbers[0]):
            return []  # a statement amid them
    # most of a list's entries commit: a part of noun phrases alone may be its findings
    return part if len(part) >= _RUN_MIN and committing * 2 >= len(part) else []


def _aside(doc: TokenDoc, number: int, *, opening: bool) -> bool:
    """A paragraph that stands beside a part's entries without being one: the part's opening
    words ("Three of these shipped with the fix."), a note set in italics ("*Remove your name
    once done*"), thanks or a word to the reader ("Thanks for your patience. Questions? …")."""
    if opening or in_italics(doc.tokens[doc.blocks[number].start + 1].content):
        return True
    text = " ".join(doc.plain(doc.tokens[doc.blocks[number].start + 1])[0].split())
    return acknowledges(text) or addresses_reader(text)
