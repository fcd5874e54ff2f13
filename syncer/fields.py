"""Fields of one action item as people write them inline, and their normalisation.

Pure string work on a single item's text ("Add alert. Owner: @alice. Due: Friday."),
never on a whole document; the document structure comes from the Markdown parser.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from syncer.duedates import is_deadline, spoken_due
from syncer.refs import find_ref, ref_spans, without_refs

PLACEHOLDERS = frozenset(
    {"", "-", "--", "—", "–", "?", "??", "n/a", "na", "n.a.", "none", "tbd", "tba", "tbc",
     "todo", "unassigned", "nobody", "unknown", "null", "nil"}
)  # fmt: skip

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
_GROUP = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_CHECKBOX = re.compile(r"^\[([ xX])\]\s+")
_EXPLICIT_ID = re.compile(r"\{#([^{}\s]+)\}")
_PRIORITY_TOKEN = r"[Pp][0-4]"
_PRIORITY_TAG = re.compile(rf"[(\[]\s*({_PRIORITY_TOKEN})\s*[)\]]")
_LEAD_TAG = re.compile(r"^[(\[]([^()\[\]]{1,40})[)\]]\s*[:|\-–—]?\s*(?=\w)")
_OWNER_TAG = re.compile(r"@[\w.-]+|[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}(?:\s+[Tt]eams?)?")
_TAG_STATUS = frozenset(
    {"todo", "to do", "done", "wip", "blocked", "in progress", "open", "closed", "complete",
     "completed", "fixed", "resolved", "ongoing", "pending", "not started", "started"}
)  # fmt: skip
# Bracketed words that open an item without naming who does it.
_NOT_OWNER_TAGS = frozenset(
    {"optional", "stretch", "bonus", "draft", "new", "note", "fyi", "idea", "proposal", "maybe",
     "later", "future", "follow-up", "followup", "update", "important", "internal", "external",
     "short term", "long term", "short-term", "long-term", "immediate", "now", "next", "tbd", "na",
     "n/a", "all", "other", "misc", "general", "action", "action item", "ai", "task", "nice to have"}
)  # fmt: skip
_PRIORITY_TRAIL = re.compile(r"\s[-–—|,:]?\s*(P[0-4])$")
_SHORTCODE = re.compile(r"(?<![\w:]):([a-z0-9_+-]{2,40}):(?![\w:])")
_SHORTCODE_DONE = {"white_check_mark": "✅", "heavy_check_mark": "✔", "ballot_box_with_check": "☑"}
_DONE_MARKS = frozenset("✅✔☑✓")
_PRIORITY_LEAD = re.compile(rf"^({_PRIORITY_TOKEN})\b\s*[:|\-–—]?\s*")
_MENTION = re.compile(r"(?<![\w.@/])@([A-Za-z0-9][\w.-]*[\w]|[A-Za-z0-9])")
# "thanks to @joe", "reported by @ann", "cc @ops": a mention that credits or informs, not the owner
_CREDIT = re.compile(r"(?i)\b(?:thanks?(?:\s+to)?|thank\s+you|kudos(?:\s+to)?|credit(?:\s+to)?|cc:?|"
                     r"(?:reported|found|spotted|raised|noticed)\s+by|via|from)\s*$")
_OWNER_WORD = re.compile(r"(?i)\b(?:owners?|assignees?|dri|assigned\s+to)\s*:?\s*$")
_MORE_MENTION = re.compile(r"(?P<sep>\s*(?:,|&|\band\b)\s*)@(?P<name>[A-Za-z0-9][\w.-]*[\w]|[A-Za-z0-9])")
_SENTENCE_END = re.compile(r"(?<=[^\s.]{2})\.\s+(?=[A-Z\"'(\[])")
_SEPARATORS = " \t.,;:|-–—"
# brackets emptied by taking fields out: "()", "(Owner , )"
_EMPTY_BRACKETS = re.compile(
    r"[(\[][\s,;:|\-–—]*(?:(?:owners?|assignee|due|by|priority|prio|eta)\b[\s,;:|\-–—]*)*[)\]]",
    re.IGNORECASE,
)
_SEPARATOR_RUN = re.compile(r"\s+([—–|-])(?:\s+[—–|-])+(?=\s|$)")  # "a - - b" left by removals
_BARE_PRIORITY = re.compile(r"[(\[]?[Pp][0-4][)\]]?")
_PRIORITY_SUFFIX = re.compile(r"[,;]\s*[(\[]?([Pp][0-4])[)\]]?[\s.,;]*$")
# "due Friday", "by Jul 16, 2023", "before 14.03.2026", "ETA next week", "target Q3 2026"
_BARE_DUE = re.compile(
    r"(?<![\w-])(?:due(?:\s+(?:by|on|date))?|by|before|until|no\s+later\s+than|eta|"
    r"target(?:ed)?(?:\s+(?:for|date))?|deadline)\s*:?\s+(?P<value>[^;()\[\]]+)",
    re.IGNORECASE,
)
_LEADING_DUE_WORD = re.compile(r"(?i)^(?:due|by|before|until|eta|target)\b\s*:?\s*")
_DUE_WORD = re.compile(r"(?i)\b(?:due|by|before|until|later|eta|target|targeted|deadline)\b")
# Deadlines no calendar resolves but a team does: kept as written ("end of sprint 42").
_TEAM_DEADLINE = re.compile(
    r"(?:the\s+)?(?:(?:end|start)\s+of\s+(?:the\s+)?)?(?:next\s+)?(?:sprint|iteration|milestone|release|"
    r"code\s+freeze)(?:\s+[\w.-]+)?",
    re.IGNORECASE,
)

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


def clean_value(value: str | None) -> str | None:
    """A field value without surrounding punctuation; None for placeholders like "n/a" or "TBD"."""
    if value is None:
        return None
    value = " ".join(value.split()).strip(_SEPARATORS + "()[]*_`\"'")
    return None if value.lower() in PLACEHOLDERS else value


def without_label(value: str, field: str) -> str:
    """A cell's value without a leading label naming its own column ("Review: next handoff")."""
    match = _LABEL.match(value) if ":" in value else None
    if match and _LABEL_FIELD[re.sub(r"[\s-]+", " ", match.group(1).lower())] == field:
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
                if _BARE_PRIORITY.fullmatch(sentence.strip(_SEPARATORS)):
                    values.setdefault("priority", sentence.strip(_SEPARATORS + "()[]"))
                elif last:
                    trailing.append(sentence.strip())
            value = value[: cut.start()]
        if suffix := _PRIORITY_SUFFIX.search(value):  # "Due: 2026-10-03, P0"
            values.setdefault("priority", suffix.group(1))
            value = value[: suffix.start()]
        field = _LABEL_FIELD[re.sub(r"[\s-]+", " ", match.group(1).lower())]
        values.setdefault(field, value)
    return text[: matches[0].start()], ". ".join(trailing)


def _bare_due(text: str, values: dict[str, str]) -> str:
    """Take "due 2026-09-18" / "due next Friday" (no colon) out of the text when it is a deadline."""
    for match in _BARE_DUE.finditer(text):
        words = match.group("value").split()
        for size in range(min(len(words), 5), 0, -1):
            candidate = " ".join(words[:size]).rstrip(_SEPARATORS)
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
    if lowered in _TAG_STATUS:
        values.setdefault("status", word)
    elif lowered in _PRIORITY_WORDS or re.fullmatch(_PRIORITY_TOKEN, word):
        values.setdefault("priority", word)
    elif type_hint(word) is not None and len(word.split()) == 1:
        values.setdefault("type", word)
    elif _OWNER_TAG.fullmatch(word) and lowered not in _NOT_OWNER_TAGS:
        values.setdefault("owner", word)
    else:
        return text
    return text[tag.end() :]


def _bracketed_due(text: str, values: dict[str, str]) -> str:
    """The deadline a bracket holds on its own ("(Q4 2025 - Q1 2026)", "[by 3/20]"); the bracket
    leaves the text when it closes it, inside a sentence it stays as written."""
    for group in _GROUP.finditer(text):
        if is_deadline(inner := group.group(1).strip()):
            values["due"] = _LEADING_DUE_WORD.sub("", inner)
            closing = not text[group.end() :].strip(_SEPARATORS)
            return _remove(text, group.start(), group.end()) if closing else text
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
        if head.strip(_SEPARATORS):
            continue  # prose in brackets that merely mentions a label: leave it in the text
        pieces.append(text[position : group.start()])
        position = group.end()
    pieces.append(text[position:])
    return " ".join(piece.strip() for piece in pieces if piece.strip())


def _without_emoji(text: str) -> tuple[str, bool]:
    """The text without emoji and :shortcodes: that decorate it ("🔧 Rotate keys", ":rocket:"),
    and whether one at its start or end marks it done ("✅ Add alert", "Add alert :white_check_mark:")."""
    done = False
    if ":" in text:
        text = _SHORTCODE.sub(lambda m: f" {_SHORTCODE_DONE.get(m.group(1), '')} ", text)
    start, end = 0, len(text)
    while start < end and (_is_pictograph(text[start]) or text[start].isspace()):
        done = done or text[start] in _DONE_MARKS
        start += 1
    while end > start and (_is_pictograph(text[end - 1]) or text[end - 1].isspace()):
        done = done or text[end - 1] in _DONE_MARKS
        end -= 1
    return text[start:end], done


def _is_pictograph(character: str) -> bool:
    return unicodedata.category(character) == "So" or character in "\ufe0f\u200d"


def _trim_text(text: str) -> str:
    text = " ".join(text.split())
    if "(" in text or "[" in text:
        text = _EMPTY_BRACKETS.sub("", text).strip()
    text = _SEPARATOR_RUN.sub(r" \1", text)
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
    if lead := _PRIORITY_LEAD.match(text):
        values["priority"] = lead.group(1)
        text = text[lead.end() :]
    if text[-1:].isdigit() and (trail := _PRIORITY_TRAIL.search(text)):  # "… - P2"
        values.setdefault("priority", trail.group(1))
        text = text[: trail.start()]
    if ("(" in text or "[" in text) and (tag := _PRIORITY_TAG.search(text)):
        values.setdefault("priority", tag.group(1))
        text = _remove(text, tag.start(), tag.end())
    text = _fields_in_groups(text, values)
    text, trailing = _labelled(text, values)
    if "due" not in values and _DUE_WORD.search(text):
        text = _bare_due(text, values)
    if "due" not in values and ("(" in text or "[" in text):
        text = _bracketed_due(text, values)
    if "due" not in values and (when := spoken_due(text)):
        values["due"] = when  # "… in the coming weeks": part of the sentence, kept in the text
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
    if ref is None and (found := find_ref(text)):
        ref = found.group(0)
    text = without_refs(text, ref_spans(text))
    verify = clean_value(values.get("verify")) or clean_value(trailing)
    return Fields(
        text=_trim_text(text),
        owner=owner,
        due_text=clean_value(values.get("due")),
        raw_priority=clean_value(values.get("priority")),
        verify=verify,
        ref=ref,
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


_PRIORITY_WORDS = {
    "critical": "P0", "highest": "P0", "urgent": "P0", "blocker": "P0", "immediate": "P0",
    "very high": "P0", "high": "P1", "major": "P1", "medium": "P2", "normal": "P2",
    "moderate": "P2", "med": "P2", "low": "P3", "minor": "P3", "lowest": "P4", "trivial": "P4",
    "very low": "P4",
}  # fmt: skip
# A heading or label that only names a priority: "High priority", "P1", "Priority 2 items"
_PRIORITY_HEADING = re.compile(
    r"(?i)(?:(?:critical|highest|high|medium|med|normal|low|lowest|top)[\s-]+priority|"
    r"priority[\s:-]*(?:[0-4]|p[0-4]|critical|high|medium|low)|p[0-4])"
    r"(?:\s*[(:-]?\s*(?:items?|actions?|action\s+items|tasks?|fixes|follow[\s-]?ups?)\)?)?"
)


def heading_priority(title: str) -> str | None:
    """The priority a heading over items names on its own ("High Priority ⚡" → "High Priority")."""
    title = _without_emoji(title)[0].strip(" :.#*_")
    return title if _PRIORITY_HEADING.fullmatch(title) else None


_PRIORITY_CODE = re.compile(r"(?<![a-z])p\s*-?\s*([0-4])(?!\d)")
_PRIORITY_NUMBER = re.compile(r"(?:priority|prio|pri)\s*:?\s*([0-4])(?!\d)|([0-4])")


def normalise_priority(raw: str | None) -> str | None:
    """"P1", "p1", "Priority 1", "high" → "P1". Sev1 is a severity, "backlog" no priority: None."""
    if not raw:
        return None
    lowered = " ".join(raw.lower().replace("_", " ").split())
    if match := _PRIORITY_CODE.search(lowered):
        return f"P{match.group(1)}"
    if match := _PRIORITY_NUMBER.fullmatch(lowered):
        return f"P{match.group(1) or match.group(2)}"
    words = re.sub(r"[^a-z ]", " ", lowered).split()
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            if found := _PRIORITY_WORDS.get(" ".join(words[start : start + size])):
                return found
    return None


_TYPE_WORDS = (
    ("prevent", "prevent"), ("mitigat", "mitigate"), ("repair", "mitigate"),
    ("detect", "detect"), ("monitor", "detect"), ("alert", "detect"), ("process", "process"),
    ("investigat", "other"), ("other", "other"),
)  # fmt: skip


def type_hint(text: str | None) -> str | None:
    """The item type a heading or label names ("### Prevent", "Detection"), if exactly one."""
    if not text:
        return None
    lowered = text.lower()
    found = {kind for stem, kind in _TYPE_WORDS if stem in lowered}
    return found.pop() if len(found) == 1 else None


def normalise_type(raw: str | None) -> str | None:
    """A type/category cell: one of prevent/mitigate/detect/process/other, None when empty."""
    raw = clean_value(raw)
    if raw is None:
        return None
    return type_hint(raw) or "other"


_DONE_WORDS = frozenset(
    {"done", "complete", "completed", "closed", "fixed", "resolved", "finished", "shipped",
     "verified", "✅", "✔", "✔️", "[x]", "yes", "y"}
)  # fmt: skip


def status_done(status: str | None) -> bool:
    return status is not None and status.strip().lower() in _DONE_WORDS


_COLUMNS: dict[str, tuple[str, ...]] = {
    "item_id": ("id", "#", "no", "no.", "nr", "item id", "ref id"),
    "text": ("action", "action item", "action items", "actions", "item", "items", "task", "tasks",
             "description", "what", "title", "summary", "follow-up", "follow up", "remediation",
             "todo", "to do", "corrective action", "next step", "details", "recommendation",
             "mitigation", "improvement", "change", "fix", "work item", "proposed action",
             "measure", "preventive action", "preventative action", "action to take"),
    "owner": ("owner", "owners", "assignee", "assignees", "who", "dri", "responsible",
              "assigned to", "assigned", "team", "owner/team", "owning team", "point of contact",
              "poc", "lead"),
    "due": ("due", "due date", "deadline", "date", "eta", "by", "target date", "target", "when",
            "due by", "expected date", "expected", "expected completion", "completion date",
            "estimated completion", "target completion", "timeline", "timeframe", "expected by"),
    "priority": ("priority", "pri", "p", "prio"),
    "ref": ("bug", "bugs", "ticket", "tickets", "issue", "issues", "link", "links", "tracking",
            "jira", "tracking issue", "tracking bug", "jira ticket", "github issue", "bug/ticket",
            "ticket/bug", "issue link", "ref", "reference", "pr", "prs", "pull request",
            "pull requests", "github", "jira issue", "ticket #", "issue #", "tracking link",
            "tracker", "link to issue", "references", "ticket link"),
    "type": ("type", "category", "kind"),
    "verify": ("verify", "verification", "done when", "done-when", "acceptance",
               "acceptance criteria", "how we verify", "verified by", "validation", "verify by"),
    "status": ("status", "state", "done"),
}  # fmt: skip
_COLUMN_ROLE = {header: role for role, headers in _COLUMNS.items() for header in headers}


def column_role(header: str) -> str | None:
    """Which item field a table column holds, from its header ("Owner(s)", "Due date", "Bug")."""
    lowered = " ".join(header.lower().replace("*", "").replace("_", " ").split()).strip(" :")
    if lowered in _COLUMN_ROLE:
        return _COLUMN_ROLE[lowered]
    unbracketed = re.sub(r"\s*\([^)]*\)", "", lowered).strip()
    if unbracketed in _COLUMN_ROLE:
        return _COLUMN_ROLE[unbracketed]
    parts = {_COLUMN_ROLE.get(part.strip()) for part in re.split(r"/|&|\bor\b|,", unbracketed)}
    if len(parts) == 1 and None not in parts:  # "Issue / PR", "Ticket or PR"
        return parts.pop()
    first = unbracketed.split(" ", 1)[0] if unbracketed else ""
    return _COLUMN_ROLE.get(first) if first not in ("p", "no", "by", "when", "date") else None


_META_KEYS: dict[str, tuple[str, ...]] = {
    "id": ("id", "incident id", "postmortem id", "incident number", "incident #"),
    "title": ("title",),
    "date": ("date", "incident date", "date of incident", "incident day", "occurred", "occurred on"),
    "review_date": ("review_date", "review date", "reviewed", "review", "reviewed on",
                    "postmortem date", "postmortem meeting", "review meeting", "meeting date"),
    "severity": ("severity", "sev", "severity level", "incident severity"),
    "team": ("team", "teams", "owning team", "responsible team", "team(s)"),
    "services": ("services", "service", "affected services", "services affected",
                 "impacted services", "service(s)", "components", "systems affected"),
    "related": ("related", "related incidents", "related postmortems", "previous incidents",
                "related records"),
    "status": ("status", "document status", "postmortem status"),
}  # fmt: skip
_META_KEY = {alias: name for name, aliases in _META_KEYS.items() for alias in aliases}


def meta_key(key: str) -> str | None:
    """The Postmortem field a front-matter or metadata key names ("Incident date" → "date")."""
    return _META_KEY.get(" ".join(key.lower().replace("*", "").split()).strip(" :"))
