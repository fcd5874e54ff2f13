"""Fields of one action item as people write them inline, and their normalisation.

Pure string work on a single item's text ("Add alert. Owner: @alice. Due: Friday."),
never on a whole document; the document structure comes from the Markdown parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from syncer.closing_owners import (
    NOT_OWNER_TAGS,
    OWNER_TAG,
    TAG_STATUS,
    trailing_dash_owner,
    trailing_owner,
)
from syncer.duedates import is_deadline, spoken_due
from syncer.field_names import (
    DONE_MARKS,
    PRIORITY_WORDS,
    SEPARATORS,
    clean_value,
    type_hint,
    without_pictographs,
)
from syncer.refs import find_ref, ref_matches, ref_spans, with_scheme, without_refs

# Field labels as written before a colon, by the ActionItem field they fill.
_LABELS: dict[str, tuple[str, ...]] = {
    "owner": ("owner(s)", "owners", "owner", "assignee", "assigned to", "assigned", "dri", "who",
              "responsible"),
    "due": ("due date", "due by", "due", "deadline", "target date", "target", "expected date",
            "eta", "by", "when"),
    "priority": ("priority", "prio", "pri"),
    "verify": ("how we verify", "verification", "verified by", "verify by", "verify", "review",
               "validation", "validate", "done when", "acceptance criteria", "acceptance",
               "demo", "check"),
    "ref": ("tracking issue", "tracking", "tracked in", "ticket", "bug", "issue", "jira",
            "github", "link", "ref"),
    "type": ("type", "category", "kind"),
    "item_id": ("id",),
    "status": ("status", "state"),
}  # fmt: skip
_LABEL_FIELD = {label: name for name, labels in _LABELS.items() for label in labels}
_LABEL_ALTERNATION = "|".join(
    re.escape(label).replace(r"\ ", r"[\s-]+")
    for label in sorted(_LABEL_FIELD, key=len, reverse=True)
)
_LABEL = re.compile(rf"(?<![\w@/.#-])({_LABEL_ALTERNATION})\s*:\s*", re.IGNORECASE)
_LABEL_GAP = re.compile(r"[\s-]+")


def _label_field(label: str) -> str:
    """The field a label _LABEL found names ("Due date", "due-date", "DUE  DATE": due)."""
    lowered = label.lower()
    return _LABEL_FIELD.get(lowered) or _LABEL_FIELD[_LABEL_GAP.sub(" ", lowered)]
_GROUP = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_CHECKBOX = re.compile(r"^\[([ xX])\]\s+")
_EXPLICIT_ID = re.compile(r"\{#([^{}\s]+)\}")
_PRIORITY_TOKEN = r"[Pp][0-4]"
_PRIORITY_TAG = re.compile(rf"[(\[]\s*({_PRIORITY_TOKEN})\s*[)\]]")
_LEAD_TAG = re.compile(r"^[(\[]([^()\[\]]{1,40})[)\]]\s*[:|\-–—]?\s*(?=\w)")
# "Owner - Alice", "Assignee — Bob": an owner label with a dash for its colon, opening the text
# or a sentence or a part, or capitalised after the action ("Add X Owner - Alice")
_OWNER_DASH_LABEL = re.compile(
    r"(?:(?:^|(?<=[.;,|)\]]))\s*(?P<any>(?i:owners?|assignees?|dri))|(?<=\s)(?P<named>Owners?|Assignees?|DRI))"
    r"\s+[—–-]\s+(?=\S)"
)
_PRIORITY_WORD_LEAD = re.compile(
    r"(?i)^((?:critical|urgent|highest|high|medium|low|lowest)(?:\s+priority)?)\s*[:|\-–—]\s+(?=\w)"
)  # "High: rotate the keys", "Low priority - tidy the dashboards"
_PRIORITY_TRAIL = re.compile(r"\s[-–—|,:]?\s*(P[0-4])$")
# A phrase closing the item that only names its priority: "… (High priority)", "… [critical]", "… - low prio"
_PRIORITY_CLOSE = re.compile(r"\s(?:[-–—|,:]\s*)?(?:\(([^()]{1,30})\)|\[([^\[\]]{1,30})\]|([A-Za-z][A-Za-z0-9 ]{2,24}))\s*\.?$")
# A lower-case handle beside other fields in one bracket: "(carol, by 12/20)", "[jdoe; P1]"
_HANDLE = re.compile(r"[a-z][a-z0-9._-]{1,38}")
_SHORTCODE = re.compile(r"(?<![\w:]):([a-z0-9_+-]{2,40}):(?![\w:])")
_SHORTCODE_DONE = {"white_check_mark": "✅", "heavy_check_mark": "✔", "ballot_box_with_check": "☑"}
_PRIORITY_LEAD = re.compile(rf"^({_PRIORITY_TOKEN})\b\s*[:|\-–—]?\s*")
_MENTION = re.compile(r"(?<![\w.@/])@([A-Za-z0-9][\w.-]*[\w]|[A-Za-z0-9])")
# "thanks to @joe", "reported by @ann", "cc @ops": a mention that credits or informs, not the owner
_CREDIT = re.compile(r"(?i)\b(?:thanks?(?:\s+to)?|thank\s+you|kudos(?:\s+to)?|credit(?:\s+to)?|cc:?|"
                     r"(?:reported|found|spotted|raised|noticed)\s+by|via|from)\s*$")
_OWNER_WORD = re.compile(r"(?i)\b(?:owners?|assignees?|dri|assigned\s+to)\s*:?\s*$")
_MENTIONS = re.compile(r"@[\w.-]+(?:\s*(?:,|&|\band\b)\s*@[\w.-]+)*")
_GROUPS_MAX = 16  # brackets read for fields in one item: more is prose, not an item's fields
_PART = re.compile(r"\s*[,;]\s*")
_MORE_MENTION = re.compile(r"(?P<sep>\s*(?:,|&|\band\b)\s*)@(?P<name>[A-Za-z0-9][\w.-]*[\w]|[A-Za-z0-9])")
_SENTENCE_END = re.compile(r"(?<=[^\s.]{2})\.\s+(?=[A-Z\"'(\[])")
# brackets emptied by taking fields out: "()", "(Owner , )"
_EMPTY_BRACKETS = re.compile(
    r"[(\[][\s,;:|\-–—]*(?:(?:owners?|assignee|due|by|priority|prio|eta)\b[\s,;:|\-–—]*)*[)\]]",
    re.IGNORECASE,
)
_SEPARATOR_RUN = re.compile(r"\s+([—–|-])(?:\s+[—–|-])+(?=\s|$)")  # "a - - b" left by removals
_BARE_PRIORITY = re.compile(r"[(\[]?[Pp][0-4][)\]]?")
_PRIORITY_SUFFIX = re.compile(r"[,;]\s*[(\[]?([Pp][0-4])[)\]]?[\s.,;]*$")
# "due Friday", "by Jul 16, 2023", "before 14.03.2026", "ETA next week", "target Q3 2026"; the value
# is looked at, not taken, so every due word is tried in turn ("… by increasing X - ETA 2026-04-25")
_BARE_DUE = re.compile(
    r"(?<![\w-])(?:due(?:\s+(?:by|on|date))?|by|before|until|no\s+later\s+than|eta|"
    r"target(?:ed)?(?:\s+(?:for|date))?|deadline)\s*:?\s+(?=(?P<value>[^;()\[\]]{1,80}))",
    re.IGNORECASE,
)
_LEADING_DUE_WORD = re.compile(r"(?i)^(?:due|by|before|until|eta|target)\b\s*:?\s*")
_DUE_WORD = re.compile(r"(?i)\b(?:due|by|before|until|later|eta|target|targeted|deadline)\b")
# Deadlines no calendar resolves but a team does: kept as written ("end of sprint 42", "in 2
# sprints": pmsync knows no sprint's length).
_TEAM_DEADLINE = re.compile(
    r"(?:the\s+)?(?:(?:end|start)\s+of\s+(?:the\s+)?)?(?:next\s+)?(?:sprint|iteration|milestone|release|"
    r"code\s+freeze)(?:\s+[\w.-]+)?|"
    r"(?:in|within)\s+(?:the\s+next\s+)?(?:\d{1,2}|a|one|two|three|four|five|six|a\s+couple\s+of|a\s+few)\s+"
    r"(?:sprints?|iterations?)",
    re.IGNORECASE,
)

def written_deadline(text: str) -> bool:
    """Whether the whole text is a deadline as teams write one: a date or period pmsync resolves,
    or one only the team does ("end of sprint 42")."""
    return is_deadline(text) or _TEAM_DEADLINE.fullmatch(text) is not None


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


def without_label(value: str, field: str) -> str:
    """A cell's value without a leading label naming its own column ("Review: next handoff")."""
    match = _LABEL.match(value) if ":" in value else None
    if match and _label_field(match.group(1)) == field:
        return value[match.end() :]
    return value


def clean_owner(value: str | None) -> str | None:
    value = clean_value(value)
    return value[1:] if value and value.startswith("@") and len(value) > 1 else value


def _remove(text: str, start: int, end: int) -> str:
    """Cut text[start:end], with brackets that only wrapped it."""
    before, after = text[:start], text[end:]
    stripped_before, stripped_after = before.rstrip(), after.lstrip()
    if stripped_before[-1:] in ("(", "[") and stripped_after[:1] in (")", "]"):
        before, after = stripped_before[:-1], stripped_after[1:]
    return f"{before.rstrip()} {after.lstrip()}".strip()


def _labelled(text: str, values: dict[str, str]) -> tuple[str, str]:
    """Split "action. Label: value. Label: value. Trailing sentence." into its parts.

    Fills `values` (first occurrence of each field wins) and returns the text before the
    first label and the sentences that follow the last value (a bare verification plan
    such as "Demo in team meeting."). A bare "P2." sentence between fields is a priority.
    """
    matches = list(_LABEL.finditer(text)) if ":" in text else []
    if not matches:
        return text, ""
    trailing: list[str] = []
    for index, match in enumerate(matches):
        last = index + 1 == len(matches)
        end = len(text) if last else matches[index + 1].start()
        value = text[match.end() : end]
        if (cut := _SENTENCE_END.search(value)) is not None:
            for sentence in _SENTENCE_END.split(value[cut.end() :]):
                if _BARE_PRIORITY.fullmatch(sentence.strip(SEPARATORS)):
                    values.setdefault("priority", sentence.strip(SEPARATORS + "()[]"))
                elif last:
                    trailing.append(sentence.strip())
            value = value[: cut.start()]
        if suffix := _PRIORITY_SUFFIX.search(value):  # "Due: 2026-10-03, P0"
            values.setdefault("priority", suffix.group(1))
            value = value[: suffix.start()]
        field = _label_field(match.group(1))
        if field in ("owner", "due", "priority", "status") and (ref := find_ref(value)) is not None:
            values.setdefault("ref", ref.group(0))  # "Owner: @bob, see #13"
            value = without_refs(value, ref_spans(value), words_left=1)
        values.setdefault(field, value)
    return text[: matches[0].start()], ". ".join(trailing)


def _bare_due(text: str, values: dict[str, str]) -> str:
    """Take "due 2026-09-18" / "due next Friday" (no colon) out of the text when it is a deadline."""
    for number, match in enumerate(_BARE_DUE.finditer(text)):
        if number == _GROUPS_MAX:
            break  # more due words than this in one item: prose, not an item's deadline
        words = match.group("value").split()
        for size in range(min(len(words), 5), 0, -1):
            candidate = " ".join(words[:size]).rstrip(SEPARATORS)
            if is_deadline(candidate) or (size > 1 and _TEAM_DEADLINE.fullmatch(candidate)):
                values["due"] = candidate
                taken = match.start("value") + match.group("value").index(words[size - 1])
                return _remove(text, match.start(), taken + len(words[size - 1]))
    return text


def _lead_tag(text: str, tag: re.Match[str], values: dict[str, str]) -> str:
    """A bracketed tag opening the item: "[Hypha] investigate …" names the owner, "[High]" the
    priority, "[Prevent]" the type, "[WIP]" the status; a ticket key stays for the references."""
    word = tag.group(1).strip()
    lowered = word.lower()
    if find_ref(word) is not None or lowered in ("x", ""):
        return text
    if lowered in TAG_STATUS:
        values.setdefault("status", word)
    elif _priority_phrase(word):
        values.setdefault("priority", word)
    elif type_hint(word) is not None and len(word.split()) == 1:
        values.setdefault("type", word)
    elif (OWNER_TAG.fullmatch(word) or _HANDLE.fullmatch(word)) and lowered not in NOT_OWNER_TAGS:
        values.setdefault("owner", word)
    else:
        return text
    return text[tag.end() :]



def _bracketed_due(text: str, values: dict[str, str]) -> str:
    """The deadline a bracket holds on its own ("(Q4 2025 - Q1 2026)", "[by 3/20]"); the bracket
    leaves the text when it closes it, inside a sentence it stays as written."""
    for number, group in enumerate(_GROUP.finditer(text)):
        if number == _GROUPS_MAX:
            break
        if is_deadline(inner := group.group(1).strip()):
            values["due"] = _LEADING_DUE_WORD.sub("", inner)
            closing = not text[group.end() :].strip(SEPARATORS)
            return _remove(text, group.start(), group.end()) if closing else text
    return text


def _field_kind(part: str) -> str | None:
    """Which field one unlabelled part of a bracket states: "@kim", "Q3 2026", "P1", "OPS-12"."""
    if _MENTIONS.fullmatch(part):
        return "owner"
    if part.lower() in TAG_STATUS:  # "(alice, done)"
        return "status"
    if is_deadline(_LEADING_DUE_WORD.sub("", part)):
        return "due"
    if re.fullmatch(_PRIORITY_TOKEN, part):
        return "priority"
    if find_ref(part) is not None and find_ref(part).group(0) == part:
        return "ref"
    if OWNER_TAG.fullmatch(part) and part.lower() not in NOT_OWNER_TAGS:
        return "name"
    if _HANDLE.fullmatch(part) and part not in NOT_OWNER_TAGS and part not in TAG_STATUS:
        return "name"
    return None


def _field_list(text: str, values: dict[str, str]) -> str:
    """Take "(@kim, Jul 16, 2023)", "[SRE team; Q3 2026; P1]" out of the text: a bracket whose
    parts each state a different field, a plain name counting as the owner beside the others."""
    for number, group in enumerate(_GROUP.finditer(text)):
        if number == _GROUPS_MAX:
            break
        parts = [p for p in _PART.split(group.group(1).strip()) if p]
        if not 2 <= len(parts) <= 6:
            continue
        found: dict[str, str] = {}
        index = 0
        while index < len(parts):
            part = parts[index]
            if index + 1 < len(parts) and is_deadline(f"{part}, {parts[index + 1]}"):  # "Jul 16, 2023"
                part, index = f"{part}, {parts[index + 1]}", index + 1
            kind = _field_kind(part)
            kind = "owner" if kind == "name" else kind
            if kind is None or kind in found:
                break
            found[kind] = part
            index += 1
        else:
            if set(found) - {"owner"} and len(found) >= 2:
                values.setdefault("owner", found.get("owner", ""))
                for kind in ("due", "priority", "ref", "status"):
                    if kind in found:
                        values.setdefault(kind, _LEADING_DUE_WORD.sub("", found[kind]) if kind == "due" else found[kind])
                if not values["owner"]:
                    del values["owner"]
                return _remove(text, group.start(), group.end())
    return text


def _fields_in_groups(text: str, values: dict[str, str]) -> str:
    """Take "(owner: x, due: y)" and "[owner: x]" groups out of the text."""
    if ":" not in text or not ("(" in text or "[" in text):
        return text
    pieces: list[str] = []
    position = 0
    for group in _GROUP.finditer(text):
        inner = group.group(1)
        if not _LABEL.search(inner):
            continue
        head, _ = _labelled(inner, values)
        if head.strip(SEPARATORS):
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
        text = _remove(text, explicit.start(), explicit.end())
    if text[:1] in "([" and (tag := _LEAD_TAG.match(text)):
        text = _lead_tag(text, tag, values)
    if lead := _PRIORITY_LEAD.match(text) or _PRIORITY_WORD_LEAD.match(text):
        values["priority"] = lead.group(1)
        text = text[lead.end() :]
    if text[-1:].isdigit() and (trail := _PRIORITY_TRAIL.search(text)):  # "… - P2"
        values.setdefault("priority", trail.group(1))
        text = text[: trail.start()]
    if ("(" in text or "[" in text) and (tag := _PRIORITY_TAG.search(text)):
        values.setdefault("priority", tag.group(1))
        text = _remove(text, tag.start(), tag.end())
    if "priority" not in values and (close := _PRIORITY_CLOSE.search(text)):
        phrase = next(group for group in close.groups() if group is not None).strip()
        if _priority_phrase(phrase) and (close.group(3) is None or " " in phrase or text[close.start() + 1] in "-–—|,:"):
            values["priority"] = phrase
            text = text[: close.start()]
    text = _fields_in_groups(text, values)
    if "," in text or ";" in text:
        text = _field_list(text, values)
    if "owner" not in values and (" -" in text or "—" in text or "–" in text) and (":" not in text or not _LABEL.search(text)):
        # no labelled fields: "Owner - Alice" reads as "Owner: Alice"; "… by May 3 — Alice" names its owner
        if (dash := _OWNER_DASH_LABEL.search(text)) and ":" not in text[dash.end() :]:
            text = f"{text[: dash.start()]} {dash.group('any') or dash.group('named')}: {text[dash.end() :]}"
        if "@" not in text and "owner" not in values and (text[-1:].isalpha() or text.endswith(".")):
            text = trailing_dash_owner(text, values)
    text, trailing = _labelled(text, values)
    if "due" not in values and _DUE_WORD.search(text):
        text = _bare_due(text, values)
    if "due" not in values and ("(" in text or "[" in text):
        text = _bracketed_due(text, values)
    if "due" not in values and (when := spoken_due(text)):
        values["due"] = when  # "… in the coming weeks": part of the sentence, kept in the text
    if "owner" not in values and text.endswith((")", ").")):
        text = trailing_owner(text, values)
    owner = clean_owner(values.get("owner"))
    mention = None
    if owner is None and "@" in text:
        mention = next((m for m in _MENTION.finditer(text) if not _CREDIT.search(text, max(0, m.start() - 30), m.start())), None)
    if mention is not None:
        owner, start, end = mention.group(1), mention.start(), mention.end()
        while more := _MORE_MENTION.match(text, end):  # "@nova and @hazel": as written
            owner, end = f"{owner}{more.group('sep')}{more.group('name')}", more.end()
        if _standalone(text, end):
            if named := _OWNER_WORD.search(text, max(0, start - 20), start):  # "…, owner @bo"
                start = named.start()
            text = _remove(text, start, end)
    ref = clean_value(values.get("ref"))
    found = ref_matches(text)  # one scan for the item's reference and the spans to take out
    if ref is None and found:
        ref = found[0].group(0)
    text = without_refs(text, ref_spans(text, found))
    verify = clean_value(values.get("verify")) or clean_value(trailing)
    return Fields(
        text=_trim_text(text),
        owner=owner,
        due_text=clean_value(values.get("due")),
        raw_priority=clean_value(values.get("priority")),
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


# A heading or label that only names a priority: "High priority", "P1", "Priority 2 items"
_PRIORITY_HEADING = re.compile(
    r"(?i)(?:(?:critical|highest|high|medium|med|normal|low|lowest|top)[\s-]+prio(?:rity)?|"
    r"prio(?:rity)?[\s:-]*(?:[0-4]|p[0-4]|critical|high|medium|low)|p[0-4])"
    r"(?:\s*[(:-]?\s*(?:items?|actions?|action\s+items|tasks?|fixes|follow[\s-]?ups?)\)?)?"
)


def _priority_phrase(words: str) -> bool:
    """Whether the words only name a priority: "P1", "high", "High priority", "priority 2"."""
    return words.lower() in PRIORITY_WORDS or _PRIORITY_HEADING.fullmatch(words) is not None


def heading_priority(title: str) -> str | None:
    """The priority a heading over items names on its own ("High Priority ⚡" → "High Priority")."""
    title = _without_emoji(title)[0].strip(" :.#*_")
    return title if _PRIORITY_HEADING.fullmatch(title) else None
