"""Fields of one action item as people write them inline, and their normalisation.

Pure string work on a single item's text ("Add alert. Owner: @alice. Due: Friday."),
never on a whole document; the document structure comes from the Markdown parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from syncer.bracket_fields import LEAD_TAG, field_kind, field_list, lead_tag
from syncer.closing_owners import (
    owner_before_ticket,
    trailing_dash_owner,
    trailing_owner,
)
from syncer.due_phrases import (
    DUE_WORD,
    LEADING_DUE_WORD,
    bare_due,
    bracketed_due,
    dash_due,
    labelled_due,
    spoken_due,
)
from syncer.field_names import (
    DONE_MARKS,
    SEPARATORS,
    clean_value,
    cut,
    without_pictographs,
)
from syncer.foreign_fields import FOREIGN_LABELS, closing_owner
from syncer.item_priority import (
    BARE_PRIORITY,
    PRIORITY_SUFFIX,
    group_priority,
    priority_value,
    take_priority,
)
from syncer.owner_prefixes import spelled_owner
from syncer.phrase_trie import trie_alternation
from syncer.refs import (
    find_ref,
    item_ref,
    ref_matches,
    ref_spans,
    ticket_value,
    with_scheme,
    without_refs,
)

# Field labels as written before a colon, by the ActionItem field they fill.
_LABELS: dict[str, tuple[str, ...]] = {
    "owner": ("owner(s)", "owners", "owner", "assignee", "assigned to", "assigned", "dri", "who",
              "responsible", "owned by", "lead"),
    "due": ("due date", "due by", "due", "deadline", "target date", "target", "expected date",
            "eta", "by", "when"),
    "priority": ("priority", "prio", "pri", "urgency", "importance"),
    "verify": ("how we verify", "verification", "verified by", "verify by", "verify", "review",
               "validation", "validate", "done when", "acceptance criteria", "acceptance",
               "demo", "check"),
    "ref": ("tracking issue", "tracking", "tracked in", "ticket", "bug", "issue", "jira",
            "github", "link", "ref"),
    "type": ("type", "category", "kind"),
    "item_id": ("id",),
    "status": ("status", "state"),
}  # fmt: skip
_LABEL_FIELD = {label: name for table in (_LABELS, FOREIGN_LABELS) for name, labels in table.items() for label in labels}
# "期限：" full-width too; every label opens with a letter, and testing for one first spares
# the labels of eight languages at every other place; as a trie, a word's first letter picks
# the few labels it can start
_LABEL_ALTERNATION = trie_alternation(_LABEL_FIELD, space=r"[\s-]+")
_LABEL = re.compile(rf"(?<![\w@/.#-])(?=[^\W\d_])({_LABEL_ALTERNATION})\s*[:：]\s*", re.IGNORECASE)
_LABEL_GAP = re.compile(r"[\s-]+")


def _label_field(label: str) -> str:
    """The field a label _LABEL found names ("Due date", "due-date", "DUE  DATE": due)."""
    lowered = label.lower()
    return _LABEL_FIELD.get(lowered) or _LABEL_FIELD[_LABEL_GAP.sub(" ", lowered)]
_CHECKBOX = re.compile(r"^\[([ xX])\]\s+")
_EXPLICIT_ID = re.compile(r"\{#([^{}\s]+)\}")
# "Owner - Alice", "Assignee — Bob": an owner label with a dash for its colon, opening the text
# or a sentence or a part, or capitalised after the action ("Add X Owner - Alice")
_OWNER_DASH_LABEL = re.compile(
    r"(?:(?:^|(?<=[.;,|)\]]))\s*(?P<any>(?i:owners?|assignees?|dri))|(?<=\s)(?P<named>Owners?|Assignees?|DRI))"
    r"\s+[—–-]\s+(?=\S)"
)
_SHORTCODE = re.compile(r"(?<![\w:]):([a-z0-9_+-]{2,40}):(?![\w:])")
_SHORTCODE_DONE = {"white_check_mark": "✅", "heavy_check_mark": "✔", "ballot_box_with_check": "☑"}
# "@alice", and a GitHub team as it is mentioned: "@acme/sre"
_MENTION = re.compile(r"(?<![\w.@/])@([A-Za-z0-9][\w.-]*[\w](?:/[\w.-]*\w)?|[A-Za-z0-9])")
# "thanks to @joe", "reported by @ann", "cc @ops": a mention that credits or informs, not the owner
_CREDIT = re.compile(r"(?i)\b(?:thanks?(?:\s+to)?|thank\s+you|kudos(?:\s+to)?|credit(?:\s+to)?|cc:?|"
                     r"(?:reported|found|spotted|raised|noticed)\s+by|via|from)\s*$")
_OWNER_WORD = re.compile(r"(?i)\b(?:owners?|assignees?|dri|assigned\s+to|owned\s+by)\s*:?\s*$")
_MORE_MENTION = re.compile(r"(?P<sep>\s*(?:,|&|/|\band\b)\s*)@(?P<name>[A-Za-z0-9][\w.-]*[\w]|[A-Za-z0-9])")
_SENTENCE_END = re.compile(r"(?<=[^\s.]{2})\.\s+(?=[A-Z\"'(\[])")
# brackets emptied by taking fields out: "()", "(Owner , )"
_EMPTY_BRACKETS = re.compile(
    r"[(\[][\s,;:|\-–—]*(?:(?:owners?|assignee|due|by|priority|prio|eta)\b[\s,;:|\-–—]*)*[)\]]",
    re.IGNORECASE,
)
_SEPARATOR_RUN = re.compile(r"\s+([—–|-])(?:\s+[—–|-])+(?=\s|$)")  # "a - - b" left by removals
@dataclass(frozen=True, slots=True)
class Fields:
    """What one item says about itself; None where it says nothing."""

    text: str = ""
    owner: str | None = None
    due_text: str | None = None
    raw_priority: str | None = None
    verify: str | None = None
    ref: str | None = None
    type: str | None = None
    item_id: str | None = None
    status: str | None = None
    done: bool = False

    def has_fields(self) -> bool:
        return any(
            value is not None
            for value in (self.owner, self.due_text, self.raw_priority, self.verify, self.ref,
                          self.type, self.item_id, self.status)
        )  # fmt: skip

    def merged(self, other: Fields) -> Fields:
        """These fields, completed by what `other` (a sub-bullet, a table cell) adds."""
        if not other.done and not other.has_fields():
            return self
        updates = {
            name: getattr(other, name)
            for name in ("owner", "due_text", "raw_priority", "verify", "ref", "type", "item_id",
                         "status")
            if getattr(self, name) is None and getattr(other, name) is not None
        }  # fmt: skip
        return replace(self, done=self.done or other.done, **updates)


# A line break, or a middle dot between parts of one line ("**Status:** open · **Owner:** Ana"),
# before what opens like a label ("File:", "Depends on:", "Estimated time:"): the value before
# it ends there, whether or not pmsync knows that label
_NEXT_LABEL = re.compile(r"[ \t]*(?:\n|[·•](?=[ \t]))\s*(?=[^\W\d_][\w'’-]*(?:[ \t]+[\w'’-]+){0,3}[ \t]*[:：](?:\s|$))")


def one_line(text: str) -> str:
    """A block's text on one line, its whitespace collapsed; a line break stays where the next
    line opens with a label ("**Priority:** High" over "**File:** x.md"), to end the value before it."""
    return "\n".join(" ".join(part.split()) for part in _NEXT_LABEL.split(text))


def without_label(value: str, field: str) -> str:
    """A cell's value without a leading label naming its own column ("Review: next handoff")."""
    match = _LABEL.match(value) if ":" in value else None
    if match and _label_field(match.group(1)) == field:
        return value[match.end() :]
    return value


# The "@" of a mention among owners ("@ana + @bo", "@ana, @bo"), not of an e-mail address
_MENTION_SIGN = re.compile(r"(?<![\w.@])@(?=[A-Za-z0-9])")


def clean_owner(value: str | None) -> str | None:
    """An owner as written without the "@" of its mentions when it opens with one: "@ana" is ana,
    "@ana + @bo" is "ana + bo", as mentions joined in an item's text are read; a name written
    out before a mention ("Alice Smith, @bob") is kept as written."""
    value = clean_value(value)
    if value and not any(ch.isalnum() for ch in value):
        return None  # "???", "—/—": a cell left to fill in
    return _MENTION_SIGN.sub("", value) if value and value.startswith("@") else value


def _labelled(text: str, values: dict[str, str]) -> tuple[str, str]:
    """Split "action. Label: value. Label: value. Trailing sentence." into its parts.

    Fills `values` (first occurrence of each field wins) and returns the text before the
    first label and the sentences that follow the last value (a bare verification plan
    such as "Demo in team meeting."). A bare "P2." sentence between fields is a priority.
    """
    matches = [m for m in _LABEL.finditer(text) if not _compound_head(text, m)] if ":" in text or "：" in text else []
    if not matches:
        return text, ""
    head = _without_slash(text[: matches[0].start()])
    trailing: list[str] = []
    for index, match in enumerate(matches):
        last = index + 1 == len(matches)
        end = len(text) if last else matches[index + 1].start()
        value = text[match.end() : end]
        if "\n" in value:  # the next line opens with a label pmsync does not know ("File: …")
            value = value[: value.index("\n")]
        if not last:
            value = _without_slash(value)  # "Owner: Nora / Due: Q3": the slash parts the fields
        field = _label_field(match.group(1))
        if index == 0 and field in ("owner", "priority") and not head.strip(_EDGE) and (dash := _ACTION_AFTER_DASH.match(value)):
            # "Owner: Pat — Rotate the certificates", "Priority: High - Add …": the label opens the item,
            # the action follows the value; a deadline's dash may join a range ("Due: May 1 - June 30")
            head, value = dash.group("action"), dash.group("value")
        if (cut := _SENTENCE_END.search(value)) is not None:
            for sentence in _SENTENCE_END.split(value[cut.end() :]):
                if BARE_PRIORITY.fullmatch(sentence.strip(SEPARATORS)):
                    values.setdefault("priority", sentence.strip(SEPARATORS + "()[]"))
                elif last:
                    trailing.append(sentence.strip())
            value = value[: cut.start()]
        if suffix := PRIORITY_SUFFIX.search(value):  # "Due: 2026-10-03, P0"
            values.setdefault("priority", suffix.group(1))
            value = value[: suffix.start()]
        if "," in value or ";" in value:
            value = _trailing_fields(value, field, values)
        if field in ("owner", "due", "priority", "status") and (ref := find_ref(value)) is not None:
            values.setdefault("ref", ref.group(0))  # "Owner: @bob, see #13"
            value = without_refs(value, ref_spans(value), words_left=1)
        values.setdefault(field, labelled_due(value) if field == "due" else value)
    return head, ". ".join(trailing)


_EDGE = SEPARATORS + "*_ "
# A short name, then a dash set off by spaces, then the action: two words or more ("Alice - Bob"
# names two people)
_ACTION_AFTER_DASH = re.compile(r"(?P<value>[^—–\n]{1,40}?)\s+[—–-]\s+(?P<action>[^\W\d_]\S*\s+\S.*)", re.DOTALL)


def _without_slash(part: str) -> str:
    """A part before a label without the " / " that parts it from the label ("Tune checkpoints / ")."""
    stripped = part.rstrip()
    return stripped[:-1] if stripped.endswith(" /") else part


_ONE_WORD = re.compile(r"\W{0,3}[^\W\d_][\w-]*\s+")
_NAME_MAX = 40  # characters before such a label at most: the word is a name, and the look stays short


def _compound_head(text: str, label: re.Match[str]) -> bool:
    """ "Pid check: changed to …", "Health check: add a probe", "Code review: …": a verification
    word after one opening word ends the name of what the entry is about, not a field label."""
    return label.start() <= _NAME_MAX and _label_field(label.group(1)) == "verify" \
        and _ONE_WORD.fullmatch(text, 0, label.start()) is not None


def _trailing_fields(value: str, field: str, values: dict[str, str]) -> str:
    """A labelled value followed by fields written without a label ("Owner: @bob, due 2024-06-01",
    "owner: alice; P1") keeps only its own part: each trailing part stating another field is that field's."""
    taken: set[str] = set()
    while (cut_at := max(value.rfind(","), value.rfind(";"))) > 0:
        part = value[cut_at + 1 :].strip()
        kind = field_kind(part)
        if kind not in ("due", "priority", "ref", "status") or kind == field or kind in taken:
            break  # each field once, so a long run of parts is looked at a few times at most
        taken.add(kind)
        values.setdefault(kind, LEADING_DUE_WORD.sub("", part) if kind == "due" else part)
        value = value[:cut_at]
    return value


# A bracket holding no other, full-width too: "（担当：田中、期限：6月末）", "【owner: kim】"
_FIELD_GROUP = re.compile(r"[(\[（【]([^()\[\]（）【】]*)[)\]）】]")


def _fields_in_groups(text: str, values: dict[str, str]) -> str:
    """Take "(owner: x, due: y)", "[owner: x]" and "（担当：x、期限：y）" groups out of the text."""
    if not (":" in text or "：" in text) or not ("(" in text or "[" in text or "（" in text or "【" in text):
        return text
    pieces: list[str] = []
    position = 0
    for group in _FIELD_GROUP.finditer(text):
        inner = group.group(1)
        if not _LABEL.search(inner):
            continue
        head, _ = _labelled(inner, values)
        if BARE_PRIORITY.fullmatch(lead := head.strip(SEPARATORS)):
            values.setdefault("priority", lead)  # "(P1, owner: ana)": a priority needs no label
        elif lead:
            continue  # prose in brackets that merely mentions a label: leave it in the text
        pieces.append(text[position : group.start()])
        position = group.end()
    pieces.append(text[position:])
    return " ".join(piece.strip() for piece in pieces if piece.strip())


def _without_emoji(text: str) -> tuple[str, bool]:
    """The text without emoji and :shortcodes: that decorate it ("🔧 Rotate keys", ":rocket:"),
    and whether one at its start or end marks it done ("✅ Add alert", "Add alert :white_check_mark:")."""
    if ":" in text:
        text = _SHORTCODE.sub(lambda m: f" {_SHORTCODE_DONE.get(m.group(1), '')} ", text)
    if text.isascii():  # no emoji in it, only the spaces around it to take off
        return text.strip(), False
    text, marks = without_pictographs(text)
    return text, any(mark in DONE_MARKS for mark in marks)


def _one_separator(run: re.Match[str]) -> str:
    return f" {run.group(1)}"  # a function, not a template: re parses a template at every call


def _trim_text(text: str) -> str:
    text = " ".join(text.split())
    if "(" in text or "[" in text:
        text = _EMPTY_BRACKETS.sub("", text).strip()
    text = _SEPARATOR_RUN.sub(_one_separator, text)
    while text and text[-1] in ".,;:|-–—(" + " ":
        text = text[:-1]
    while text and text[0] in ",;:|-–—)" + " ":
        text = text[1:]
    return text


# Label lines recur ("Owner: @alice", "Status: Done", "Priority: P2" under each item of a list,
# the same item read again by a second rule): Fields are immutable, so each text is read once.
@lru_cache(maxsize=2048)
def extract_fields(text: str) -> Fields:
    """Split one item's plain text into the action and its inline fields."""
    done = False
    if checkbox := _CHECKBOX.match(text):
        done = checkbox.group(1) != " "
        text = text[checkbox.end() :]
    if not text.isascii() or ":" in text:
        text, marked_done = _without_emoji(text)
        done = done or marked_done
    values: dict[str, str] = {}
    if "{#" in text and (explicit := _EXPLICIT_ID.search(text)):
        values["item_id"] = explicit.group(1)
        text = cut(text, explicit.start(), explicit.end())
    if text[:1] in "([" and (tag := LEAD_TAG.match(text)):
        text = lead_tag(text, tag, values)
    text = take_priority(text, values)
    text = _fields_in_groups(text, values)
    if "," in text or ";" in text:
        text = field_list(text, values)
    if "owner" not in values and (" -" in text or "—" in text or "–" in text) and (":" not in text or not _LABEL.search(text)):
        # no labelled fields: "Owner - Alice" reads as "Owner: Alice"; "… by May 3 — Alice" names its owner
        if (dash := _OWNER_DASH_LABEL.search(text)) and ":" not in text[dash.end() :]:
            text = f"{text[: dash.start()]} {dash.group('any') or dash.group('named')}: {text[dash.end() :]}"
        if "@" not in text and "owner" not in values and (text[-1:].isalpha() or text.endswith(".")):
            text = trailing_dash_owner(text, values)
    text, trailing = _labelled(text, values)
    if "due" not in values and DUE_WORD.search(text):
        text = bare_due(text, values)
    if "due" not in values and ("(" in text or "[" in text):
        text = bracketed_due(text, values)
    if "due" not in values and (when := spoken_due(text)):
        values["due"] = when  # "… in the coming weeks": part of the sentence, kept in the text
    if "owner" not in values and text.endswith((")", ").", "]", "].")):
        text = trailing_owner(text, values)
    elif "owner" not in values and text.endswith(("）", "）。", "】", "】。")):
        text = closing_owner(text, values)  # "…，禁止直连上游（维护者）"
    if "owner" not in values and ("(" in text or "[" in text):
        text = owner_before_ticket(text, values)  # "… (Alice) [OPS-12]"
    if "owner" not in values and ("ssigned" in text or "wned" in text):  # "…, assigned to Judy"
        owner, text = spelled_owner(text)
        if owner is not None:
            values["owner"] = owner
    owner = clean_owner(values.get("owner"))
    mention = None
    if owner is None and "@" in text:
        mention = next((m for m in _MENTION.finditer(text) if not _CREDIT.search(text, max(0, m.start() - 30), m.start())
                        and ("/" not in m.group(1) or _standalone(text, m.end()))), None)  # "@remotion/captions support": a package
    if mention is not None:
        owner, start, end = mention.group(1), mention.start(), mention.end()
        while more := _MORE_MENTION.match(text, end):  # "@nova and @hazel": as written
            owner, end = f"{owner}{more.group('sep')}{more.group('name')}", more.end()
        if _standalone(text, end):
            if named := _OWNER_WORD.search(text, max(0, start - 20), start):  # "…, owner @bo"
                start = named.start()
            text = cut(text, start, end)
    if "due" not in values and (" -" in text or "—" in text or "–" in text or "|" in text):
        text = dash_due(text, values)
    ref = ticket_value(clean_value(values.get("ref")))  # "Ticket: to be filed" names none
    found = ref_matches(text)  # one scan for the item's reference and the spans to take out
    tidy = without_refs(text, ref_spans(text, found))
    if ref is None:
        ref = item_ref(found, tidy)
    text = tidy
    verify = clean_value(values.get("verify")) or clean_value(trailing)
    return Fields(
        text=_trim_text(text),
        owner=owner,
        due_text=clean_value(values.get("due")),
        raw_priority=priority_value(clean_value(values.get("priority"))),
        verify=verify,
        ref=None if ref is None else with_scheme(ref),
        type=clean_value(values.get("type")),
        item_id=clean_value(values.get("item_id")),
        status=clean_value(values.get("status")),
        done=done,
    )


def _standalone(text: str, end: int) -> bool:
    """A mention that ends the text or is set off by punctuation ("@alice: …", "… (@alice)"),
    not the subject or object of a sentence ("@alice to fix …", "ask @bob to …")."""
    after = text[end:].lstrip()
    return not after or after[0] in ":—–-|,;.)]"


def heading_priority(title: str) -> str | None:
    """The priority a heading over items names on its own ("High Priority ⚡" → "High")."""
    return group_priority(_without_emoji(title)[0].strip(" :.#*_"))
