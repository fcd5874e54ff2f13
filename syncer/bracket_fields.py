"""Fields an item states in a bracket without labels: a tag opening it ("[Hypha] investigate …",
"[High] …", "[WIP] …") and a bracket whose parts each state a field ("(@kim, Jul 16, 2023)",
"[SRE team; Q3 2026; P1]").

Pure string work on one item's text; syncer.fields calls it before reading labelled fields.
"""

from __future__ import annotations

import re

from syncer.closing_owners import (
    EMAIL,
    NOT_OWNER_TAGS,
    OWNER_TAG,
    TAG_STATUS,
    names_no_one,
    names_state,
)
from syncer.due_phrases import LEADING_DUE_WORD
from syncer.duedates import is_deadline
from syncer.field_names import BRACKET, BRACKETS_MAX, cut, type_hint
from syncer.item_priority import PRIORITY_TOKEN, priority_phrase
from syncer.refs import find_ref

# "[Hypha] investigate …", "(WIP): …": a short tag in a bracket that opens the item
LEAD_TAG = re.compile(r"^[(\[]([^()\[\]]{1,40})[)\]]\s*[:|\-–—]?\s*(?=\w)")
# A lower-case handle beside other fields in one bracket: "(carol, by 12/20)", "[jdoe; P1]"
_HANDLE = re.compile(r"[a-z][a-z0-9._-]{1,38}")
_MENTIONS = re.compile(r"@[\w.-]+(?:\s*(?:,|&|/|\band\b)\s*@[\w.-]+)*")
_PART = re.compile(r"\s*[,;]\s*")


def lead_tag(text: str, tag: re.Match[str], values: dict[str, str]) -> str:
    """A bracketed tag opening the item: "[Hypha] investigate …" names the owner, "[High]" the
    priority, "[Prevent]" the type, "[WIP]" the status; a ticket key stays for the references."""
    word = tag.group(1).strip()
    lowered = word.lower()
    if find_ref(word) is not None or lowered in ("x", ""):
        return text
    if names_state(word):  # "[WIP]", "[Deployed]"
        values.setdefault("status", word)
    elif priority_phrase(word):
        values.setdefault("priority", word)
    elif type_hint(word) is not None and len(word.split()) == 1:
        values.setdefault("type", word)
    elif (OWNER_TAG.fullmatch(word) or _HANDLE.fullmatch(word)) and lowered not in NOT_OWNER_TAGS \
            and not names_no_one(word):  # "(Longer-term) Mirror …": when, not who
        values.setdefault("owner", word)
    else:
        return text
    return text[tag.end() :]


def field_kind(part: str) -> str | None:
    """Which field one unlabelled part of a bracket states: "@kim", "Q3 2026", "P1", "OPS-12"."""
    if _MENTIONS.fullmatch(part):
        return "owner"
    if names_state(part):  # "(alice, done)", "(shipped, #67)"
        return "status"
    if is_deadline(LEADING_DUE_WORD.sub("", part), worded=True):  # beside other fields: "(@kim, week of May 4)"
        return "due"
    if re.fullmatch(PRIORITY_TOKEN, part):
        return "priority"
    if find_ref(part) is not None and find_ref(part).group(0) == part:
        return "ref"
    if OWNER_TAG.fullmatch(part) and part.lower() not in NOT_OWNER_TAGS:
        return "name"
    if _HANDLE.fullmatch(part) and part not in NOT_OWNER_TAGS and part not in TAG_STATUS:
        return "name"
    if EMAIL.fullmatch(part):  # "(alice@example.com, 2024-03-01)"
        return "name"
    return None


def field_list(text: str, values: dict[str, str]) -> str:
    """Take "(@kim, Jul 16, 2023)", "[SRE team; Q3 2026; P1]" out of the text: a bracket whose
    parts each state a different field, a plain name counting as the owner beside the others."""
    for number, group in enumerate(BRACKET.finditer(text)):
        if number == BRACKETS_MAX:
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
            kind = field_kind(part)
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
                        values.setdefault(kind, LEADING_DUE_WORD.sub("", found[kind]) if kind == "due" else found[kind])
                if not values["owner"]:
                    del values["owner"]
                return cut(text, group.start(), group.end())
    return text
