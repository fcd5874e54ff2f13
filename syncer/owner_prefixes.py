"""Who an action item names at its start: "ICL to upgrade …", "Hypha: upgrade …", "@alice will
add …", "alice to add …", "The infra team will …", as against a topic label ("Monitoring: add …")
or a word that starts a sentence without naming anyone.

Pure; every pattern is anchored.
"""

from __future__ import annotations

import re

from syncer.change_verbs import IMPERATIVE
from syncer.field_names import OWNER_NAME

_OWNER_TO = re.compile(rf"^(?P<owner>{OWNER_NAME}(?:\s+team)?)\s+(?:to|will|shall)\s+(?P<verb>[a-z][a-z'-]*)\b")
# "alice to add …", "k.tanaka to rotate …": a lower-case handle, when an instruction follows
_HANDLE_TO = re.compile(r"^(?P<owner>[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*)\s+to\s+(?P<verb>[a-z][a-z'-]*)\b")
# words that stand before "to" without naming anyone ("need to add", "want to", "going to")
_BEFORE_TO = frozenset(
    {"need", "needs", "want", "wants", "going", "have", "has", "had", "able", "unable", "used", "ought",
     "wish", "hope", "try", "tries", "aim", "aims", "decided", "agreed", "promised", "expected", "likely",
     "supposed", "refer", "similar", "due", "back", "up", "down", "more", "less", "only", "also", "in",
     "order", "so", "as", "how", "what", "where", "when", "whether",
     # verbs that take "to" and a verb after them: an instruction, not who ("Attempt to fix …",
     # "Encourage the vendors to …")
     "attempt", "attempts", "encourage", "encourages", "continue", "continues", "begin", "plan", "plans",
     "seek", "strive", "decide", "prepare", "fail", "manage", "choose", "prefer", "intend", "ask", "tell",
     "allow", "force", "remind", "urge", "permit", "help", "remember", "forget", "refuse", "tend", "struggle",
     "learn", "teach", "invite", "push", "work", "look", "get"}
)  # fmt: skip
# "Hypha: upgrade …", "Platform team: review …"
_OWNER_COLON = re.compile(rf"^(?P<owner>(?:{OWNER_NAME})(?:\s+teams?)?):\s+(?P<verb>[a-z][a-z'-]*)\b")
# "the drand team will patch …": a named team as the subject, kept as written ("the … team")
_TEAM_SUBJECT = re.compile(
    r"^(?P<owner>[Tt]he\s+(?:[\w.&-]+\s+){1,3}teams?)\s+(?:will|shall|is\s+going\s+to|are\s+going\s+to|to)\s+"
    r"(?P<verb>[a-z][a-z'-]*)\b"
)
# Capitalised words that start sentences without naming anyone.
_NOT_OWNERS = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "it", "its", "we", "our", "us", "they", "their", "you", "your", "i", "he", "she", "there", "here", "what", "when", "where", "who", "why", "how", "if", "then", "also", "and", "or", "but", "so", "all", "any", "each", "every", "some", "no", "not", "one", "plan", "plans", "need", "needs", "goal", "goals", "aim", "idea", "way", "ways", "time", "work", "task", "tasks", "action", "actions", "item", "items", "note", "notes", "todo", "step", "steps", "phase", "stage", "next", "first", "second", "third", "finally", "lastly", "additionally", "also", "further", "furthermore", "update", "updates", "fix", "fixes", "change", "changes", "status", "short", "long", "term", "immediate", "immediately", "later", "soon", "future", "ongoing", "done", "complete", "completed", "open", "closed", "mitigation", "remediation", "prevention", "detection", "process", "investigation", "improvement", "improvements", "follow", "followup", "followups", "alerting", "monitoring", "testing", "tooling", "logging", "documentation", "docs", "infrastructure", "infra", "security", "performance", "capacity", "automation", "training", "reliability", "recovery", "resilience", "observability", "backups", "backup", "config", "configuration", "deployment", "deployments", "release", "releases", "database", "network", "networking", "customers", "customer", "users", "user", "support", "communication", "communications", "engineering", "operations", "ops", "product", "recommendation", "recommendations", "proposal", "proposed", "option", "options", "cause", "impact", "summary", "timeline", "lesson", "lessons", "learned", "problem", "issue", "issues", "risk", "risks", "context", "background", "objective", "objectives", "owner", "owners", "due", "priority", "eta", "target", "ticket", "bug", "jira", "verify", "verification", "description"]
)  # fmt: skip
_NOUNISH = re.compile(r"(?:ing|ion|ions|ment|ments|ity|ness|ance|ence|ure|ics|ies|ed)$")
# "Needless to say", "Useful to have", "Possible to …": an adjective before "to", not a name
_ADJECTIVE = re.compile(r"(?:less|ful|able|ible|ous)$")
# What opens a noun phrase after "to" ("Access to these networks …", "Migration to the new …"): no verb
_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "our", "your", "their", "its", "my", "his", "her",
     "all", "each", "every", "some", "any", "be"}
)  # fmt: skip


def is_owner_name(name: str) -> bool:
    """Whether a name as written may be a person's or team's, not a topic or a sentence's first word."""
    if name.startswith("@"):
        return len(name) > 1
    words = name.split()
    first = words[0].lower()
    if first in _NOT_OWNERS or first in IMPERATIVE or first in _BEFORE_TO or any(w.lower() in _NOT_OWNERS for w in words):
        return False  # "Try to educate …", "Hope to …": a verb that takes "to", not a name
    if len(words) > 1 and first.endswith("ing") and not words[0].isupper() and words[-1].lower() not in ("team", "teams"):
        return False  # "Improving Fastly-tools to …": a gerund opens the phrase ("Billing team" is a team)
    if len(first) > 5 and not words[0].isupper() and _ADJECTIVE.search(first):
        return False  # "Needless to say", "Useful to have": an adjective, not a name ("Mable" is one)
    # "Monitoring: add …", "Deployment to include …": a topic label, not a person or team
    return not (len(words) == 1 and not words[0].isupper() and _NOUNISH.search(first))


def owner_prefix(text: str) -> tuple[str | None, str]:
    """ "ICL to upgrade X" → ("ICL", "upgrade X"); "Hypha: upgrade X" → ("Hypha", "upgrade X");
    "@alice will add X" → ("alice", "add X"). (None, text) when no one is named so."""
    if (team := _TEAM_SUBJECT.match(text)) is not None and team.group("verb") not in ("be", "have"):
        return team.group("owner"), text
    handle = _HANDLE_TO.match(text)
    if (
        handle is not None and handle.group("verb") in IMPERATIVE and handle.group("owner") not in _BEFORE_TO
        and handle.group("owner") not in IMPERATIVE and handle.group("owner") not in _NOT_OWNERS
    ):
        return handle.group("owner"), text
    for pattern in (_OWNER_TO, _OWNER_COLON):
        match = pattern.match(text)
        if match is None or not is_owner_name(match.group("owner")):
            continue
        verb = match.group("verb").lower()
        if pattern is _OWNER_COLON and verb not in IMPERATIVE:
            continue
        if verb in _DETERMINERS and pattern is _OWNER_TO:
            continue
        owner = match.group("owner").lstrip("@")
        rest = text[match.start("verb") :]
        return owner, rest if pattern is _OWNER_COLON else text
    return None, text


# "…, assigned to Judy", "… (owned by the SRE team)", a child line "Assigned to @judy": the owner
# told in words without a label's colon, closing the text
_SPELLED_OWNER = re.compile(
    r"(?:^|(?<=[\s,;.(\[—–-]))(?i:assigned\s+to|owned\s+by)\s+"
    r"(?P<owner>@[\w.-]+(?:\s*(?:,|&|and)\s*@[\w.-]+)*|(?:[Tt]he\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}(?:\s+teams?)?)"
    r"\s*[)\]]?\s*\.?$"
)
_SPELLED_MAX = 120  # characters at the text's end where such an owner is looked for


def spelled_owner(text: str) -> tuple[str | None, str]:
    """ "Rotate the keys, assigned to Judy" → ("Judy", "Rotate the keys"); (None, text) when the
    text does not close with an owner told so."""
    start = max(0, len(text) - _SPELLED_MAX)
    match = _SPELLED_OWNER.search(text, start)
    if match is None or not is_owner_name(match.group("owner").removeprefix("the ").removeprefix("The ")):
        return None, text
    head = text[: match.start()].rstrip(" ,;.([—–-")
    return match.group("owner"), head  # "@judy": syncer.fields reads the mention
