"""An owner written where an item's text ends: a bracket holding only a person or team
("… (Alice)", "… (Will/Aisha)", "… (SRE team)") or a name after a dash ("… — Alice"), and the
bracketed words that name a state or nothing rather than someone.

Pure string work on one item's text; syncer.fields calls it once the other fields are out.
"""

from __future__ import annotations

import re

from syncer.change_verbs import IMPERATIVE
from syncer.duedates import is_deadline
from syncer.field_names import OWNER_NAME, PRIORITY_WORDS, type_hint
from syncer.owner_prefixes import is_owner_name
from syncer.refs import ref_spans
from syncer.verb_lexicon import VERBS

# A bracket's words that say the item's state, not who does it ("(done)", "[in progress]")
TAG_STATUS = frozenset(
    {"todo", "to do", "done", "wip", "blocked", "in progress", "open", "closed", "complete",
     "completed", "fixed", "resolved", "ongoing", "pending", "not started", "started"}
)  # fmt: skip


def names_state(word: str) -> bool:
    """A bracket's word that tells how far the item got: a state ("done", "in progress") or the
    past form of a verb of change ("shipped", "merged", "Deployed"), not someone's name."""
    lowered = word.lower()
    if lowered in TAG_STATUS:
        return True
    if not lowered.endswith("ed") or len(lowered) < 5 or not lowered.isalpha():
        return False
    base = lowered[:-2]  # "merged" → "merg(e)", "shipped" → "ship", "deployed" → "deploy", "applied" → "apply"
    bases = (base, base + "e", base[:-1] if base[-1] == base[-2] else base, base[:-1] + "y" if base.endswith("i") else base)
    return any(b in IMPERATIVE or b in VERBS for b in bases)


# Bracketed words that open an item without naming who does it.
NOT_OWNER_TAGS = frozenset(
    {"optional", "stretch", "bonus", "draft", "new", "note", "fyi", "idea", "proposal", "maybe",
     "later", "future", "follow-up", "followup", "update", "important", "internal", "external",
     "short term", "long term", "short-term", "long-term", "immediate", "now", "next", "tbd", "na",
     "n/a", "all", "other", "misc", "general", "action", "action item", "ai", "task", "nice to have"}
)  # fmt: skip
# Words that say where in a plan an item stands, not who does it ("Long-term (Roadmap)",
# "Fixes (Planned)", "Next steps (Proposed)")
_PLAN_WORDS = frozenset(
    {"roadmap", "planned", "planning", "plan", "backlog", "proposed", "proposal", "suggested",
     "recommended", "scheduled", "deferred", "tentative", "under review", "in review", "on hold",
     "upcoming", "in flight", "in-flight", "queued", "draft", "approved", "accepted", "agreed"}
)  # fmt: skip
# "(Next Sprint)", "(This week)", "(Phase 2)": when, not who
_WHEN_WORD = re.compile(
    r"(?i)\b(?:sprints?|iterations?|weeks?|months?|quarters?|years?|releases?|phases?|milestones?|terms?)\b"
)  # "(Longer-term)", "(Near term)" too
# "(To Implement)", "(To be done)", "(to review)": what is still to do, in a bracket of its own
_STILL_TO_DO = re.compile(r"(?i)to\s+[a-z]")
# An e-mail address as an owner: "jane.doe@acme.io"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# A person or a team as a tag: "Alice", "Bob Smith", "SRE team"
OWNER_TAG = re.compile(rf"{OWNER_NAME}(?:\s+[Tt]eams?)?")
_TRAILING_GROUP = re.compile(r"(?:\(([^()]{1,40})\)|\[([^\[\]]{1,40})\])\s*\.?$")  # "(Alice)", "[SRE team]"
_OWNERS_JOINED = re.compile(r"\s*/\s*|\s+(?:&|and)\s+|\s*,\s+")
# "… — Alice", "… - Bob Smith": a name (capitalised words) after a dash closing the item
_TRAILING_DASH_NAME = re.compile(r"\s[—–-]\s+([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\s*\.?$")


# A name some teams write in capitals ("(NATHAN)", "[GIORGIO, LUKE]"): a word of four letters or
# more with a vowel in it; shorter capitals are acronyms ("(AWS)", "(SRE)", "(DNS)")
_CAPS_NAME = re.compile(r"(?=[A-Z]{4,20}$)[A-Z]*[AEIOU][A-Z]*")
# "[CHRIS to clarify]", "(NATHAN, to confirm)": who, and what is still open about it
_OWNER_QUALIFIED = re.compile(r"(?P<names>.+?)\s*,?\s+to\s+[a-z]+(?:\s+[a-z]+)?")


def trailing_owner(text: str, values: dict[str, str]) -> str:
    """A bracket closing the item that holds only a person or team ("… (Alice)", "… (Bob
    Smith)", "… (SRE team)"): its owner; one that holds only a state ("… (done)"): its status.
    An acronym alone ("(AWS)"), a priority, a kind of work or a word such as "(optional)"
    names no one; mentions are read as mentions."""
    match = _TRAILING_GROUP.search(text)
    if match is None:
        return text
    word = (match.group(1) or match.group(2)).strip()
    lowered = word.lower()
    if lowered in TAG_STATUS and "status" not in values:  # "… (done)", "… (in progress)": its state
        values["status"] = word
        return text[: match.start()].rstrip()
    if (qualified := _OWNER_QUALIFIED.fullmatch(word)) is not None and all(
        _CAPS_NAME.fullmatch(name) for name in _OWNERS_JOINED.split(qualified.group("names"))
    ):  # "[CHRIS to clarify]"; in other words the same shape is a phrase ("(Ready to ship)")
        word = qualified.group("names")
    names = _OWNERS_JOINED.split(word)  # "(Will/Aisha)", "(Alice & Bob)": owners as written
    if not EMAIL.fullmatch(word) and (  # "(jane.doe@acme.io)": an address names one
        word.startswith("@") or len(names) > 4 or not all(map(_names_someone, names))
    ):
        return text
    values["owner"] = word
    return text[: match.start()].rstrip()


def owner_before_ticket(text: str, values: dict[str, str]) -> str:
    """A bracket naming the owner just before the ticket that closes the item ("… (GIORGIO)
    [OPS-12]", "… (Alice) — #12"): its owner, as trailing_owner reads it; the ticket stays."""
    spans = ref_spans(text)
    if not spans or text[spans[-1][1] :].strip(" .)]"):
        return text
    start = spans[-1][0]
    head = text[:start].rstrip(" ([–—-,;:")
    if not head.endswith((")", "]")):
        return text
    kept = trailing_owner(head, values)
    return text if kept == head else f"{kept} {text[len(head) :].lstrip()}"


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


def capitalised_by_title(title: str, owner: str) -> bool:
    """Whether a heading's bracket read as its owner is capitalised only as the heading is: in
    a heading set in Title Case ("Long-term (Best Practices)", "Short-term (Future Deployments)")
    every word starts with a capital, so a capital says nothing of a name. A mention, an address,
    a team or a name in capitals stays an owner."""
    if f"({owner})" not in title and f"[{owner}]" not in title:
        return False
    if owner.startswith("@") or "@" in owner or owner.isupper() or owner.lower().endswith(("team", "teams")):
        return False
    rest = title.replace(f"({owner})", " ").replace(f"[{owner}]", " ")
    return not any(word[0].islower() for word in _TITLE_WORD.findall(rest))


def _names_someone(word: str) -> bool:
    """A bracket's word that may be a person or team: not an acronym alone, a state, a priority,
    a kind of work, a word such as "optional", a plan's word ("Roadmap", "Planned"), what is
    still to do ("To Implement") or when ("Next Sprint")."""
    lowered = word.lower()
    return not (
        not OWNER_TAG.fullmatch(word) or lowered in NOT_OWNER_TAGS or names_state(word)
        or lowered in _PLAN_WORDS or _STILL_TO_DO.match(word) is not None or names_no_one(word)
        or lowered in PRIORITY_WORDS or type_hint(word) is not None or any(ch.isdigit() for ch in word)
        or (word.isupper() and " " not in word and _CAPS_NAME.fullmatch(word) is None)
    )


def names_no_one(word: str) -> bool:
    """Words in a bracket that say when rather than who: "(Longer-term)", "(Next Sprint)"."""
    return _WHEN_WORD.search(word) is not None


def trailing_dash_owner(text: str, values: dict[str, str]) -> str:
    """A person's name closing the item after a dash ("… — Alice"): its owner. A status, a
    priority, a kind of work, a date or a topic word ("… - Monitoring") names no one."""
    match = _TRAILING_DASH_NAME.search(text)
    if match is None or not match.string[: match.start()].strip():
        return text
    name = match.group(1)
    lowered = name.lower()
    if (
        lowered in TAG_STATUS or lowered in NOT_OWNER_TAGS or lowered in PRIORITY_WORDS
        or type_hint(name) is not None or is_deadline(name) or not is_owner_name(name)
    ):
        return text
    values["owner"] = name
    return text[: match.start()].rstrip()
