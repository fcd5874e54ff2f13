"""What a paragraph or list entry of prose commits to, sentence by sentence: its promises
(several in one sentence or one entry, after an action label, listed as "-ing" phrases),
and what it tells instead (how things stood, someone else's suggestion, advice to the
reader, how an attempt went, the findings a list introduces).

Pure; syncer.commitments judges each sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from syncer.commitments import (
    is_commitment,
    is_done_follow_up,
    is_imperative,
    is_promise,
    owner_prefix,
    promised_or_made,
    reads_done,
)
from syncer.section_names import heading_score, inline_label, names_follow_up_list, names_response

_WORDS2 = re.compile(r"[A-Za-z]{2,}")
# Two promises joined in one sentence: "We will update the suite and we are improving …"
_CLAUSE_SPLIT = re.compile(r"(?:,\s*|\s+)(?:and|while|but)\s+(?=(?:we|i)(?:\s|'|’))", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(\[@*_])|\n\s*\n")


def labelled_action(text: str) -> str | None:
    """The item after an inline action label ("Action point: create …", "TODO: add …")."""
    labelled = inline_label(text)
    if labelled is None or heading_score(labelled[0]) < 0.75:
        return None
    rest = labelled[1]
    if names_response(labelled[0]) and (reads_done(rest) or not is_commitment(rest, weak=False)):
        return None  # "Mitigation: we rolled back the deploy" tells the response
    return rest if len(_WORDS2.findall(rest)) >= 2 else None  # "Time to repair: 0h 16m"


_ENUMERATION = re.compile(
    r"\b(?:action\s+items?|follow[\s-]?ups?|tasks|next\s+steps|improvements|changes|remediations?|"
    r"measures)\b[^.:;]{0,40}?\b(?:such\s+as|(?:includ(?:e|es|ed|ing)|are|were)(?!\s+(?:\w+\s+){0,2}such\s+as))"
    r"\s+(?P<list>[^.;]{10,600})",
    re.IGNORECASE,
)
_ENUM_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+")
_GERUND = re.compile(r"^[a-z]{3,}ing\b")


def enumerated_actions(sentence: str) -> list[str]:
    """ "Our action items included rotating keys, deleting CI logs and scanning logs": the
    actions a sentence lists, when it lists at least two as "-ing" phrases."""
    if "ing" not in sentence:
        return []
    match = _ENUMERATION.search(sentence[:1000])
    if match is None:
        return []
    parts = [p.strip(" ,") for p in _ENUM_SPLIT.split(match.group("list")) if p.strip(" ,")]
    actions = [p for p in parts if _GERUND.match(p)]
    return actions if len(actions) >= 2 and len(actions) == len(parts) else []


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


# What a sentence tells rather than commits to: a state held long before the incident ("We
# have for several years enabled 2FA"), someone else's suggestion ("The researcher
# recommended …"). (A gap told as it stood, "X had no test", is often half of a done
# follow-up, "… so we added one", and is left to the section's decision.)
_TOLD_AS_HISTORY = re.compile(
    r"\b(?:for\s+(?:several|many|a\s+few|the\s+(?:past|last)(?:\s+\w+)?|\d+|years|decades)\s*(?:years|months|decades)?|"
    r"since\s+(?:19|20)\d\d|(?:has|have)\s+(?:always|long)|all\s+along)\b",
    re.IGNORECASE,
)
_TOLD_AS_REPORT = re.compile(
    r"^(?!(?:we|i|our)\b)(?:[\w@()'-]+\s+){1,6}(?:also\s+)?(?:recommended|suggested|proposed|proposes|suggests|"
    r"advised|asked)\b",
    re.IGNORECASE,
)


# An instruction to the reader rather than a commitment of the team: the reader's own things
# ("Upgrade your node", "If you run a sentry, restart it") or the audience as the subject
# ("Operators should rotate their keys", "Users are advised to check their balances").
_TO_THE_READER = re.compile(
    r"^\W*(?:if\s+you\b|(?:[a-z]+\s+){1,3}your\b|(?:all\s+|the\s+|our\s+)?(?:[\w-]+\s+)?(?:users?|operators?|customers?|"
    r"validators?|clients?|developers?|administrators?|admins?|members?|subscribers?|holders?|readers?)\s+"
    r"(?:should|must|need\s+to|are\s+(?:advised|encouraged|asked|urged|recommended)\s+to)\b)",
    re.IGNORECASE,
)


def addresses_reader(text: str) -> bool:
    """Whether an entry tells the reader what to do ("Upgrade your node to v2.3", "Operators
    should rotate their keys"): advice to users, no follow-up of the team that wrote it."""
    head = text[:160].replace("’", "'")
    return _TO_THE_READER.match(head) is not None and not is_promise(head) and owner_prefix(head)[0] is None


# An attempt told with how it went: "Upgrade the binary in place (fail)", "Roll back one block
# (worked)": a step tried during the response, whatever its mood.
_TRIED = re.compile(
    r"[(\[]\s*(?:fail(?:ed|s|ure)?|success(?:ful)?|succeeded|worked|did(?:\s+not|n't)\s+work|no\s+luck)\s*[)\]]\s*$",
    re.IGNORECASE,
)


def tells(text: str) -> bool:
    """Whether an entry tells how things stood, what someone else suggested or how an
    attempt went, without itself committing to or reporting a change (it is then no action
    item wherever it stands)."""
    head = text[:200].replace("’", "'")
    first = _SENTENCE_SPLIT.split(head, maxsplit=1)[0]
    if _TRIED.search(first):
        return True
    told = _TOLD_AS_HISTORY.search(first) or _TOLD_AS_REPORT.match(first)
    return told is not None and not is_promise(first) and not is_imperative(first) and owner_prefix(first)[0] is None


_PAST_FINITE = re.compile(r"\b(?:was|were|had|did)(?:n't)?\b", re.IGNORECASE)


def introduces_story(text: str) -> bool:
    """ "All of the errors were due to missing tests:": a sentence introducing a list that tells
    what was (its last sentence has a verb in the past and neither commits nor names a list
    of follow-ups), so what it lists is findings unless an entry itself commits."""
    last = sentences(text)[-1] if text else ""
    lead, comma, rest = last[:80].partition(", ")
    named = rest + last[80:] if comma and " " in lead else last  # "After remediation, the signals were:" names none
    return (
        _PAST_FINITE.search(last) is not None and not is_commitment(last)
        and not names_follow_up_list(named) and not is_done_follow_up(last)
    )


def promises(text: str) -> list[str]:
    """The commitment sentences of a paragraph of prose, in order: promises, and changes
    already made against recurrence."""
    lowered = text.lower()
    if not any(word in lowered for word in ("we", "team", "now", "they", "being", "plans", "working", "intends")) \
            and "I " not in text:
        return []
    found: list[str] = []
    for s in sentences(text):
        if s.endswith(":"):
            continue  # not "we will do the following:"
        if is_promise(s) or is_done_follow_up(s):
            found.extend(_clauses(s))
        elif len(parts := _CLAUSE_SPLIT.split(s)) > 1:  # "We are still assessing the impact, and we will …"
            found.extend(part for part in parts[1:] if is_promise(part))
    return found


def _clauses(sentence: str, test: Callable[[str], bool] = is_promise) -> list[str]:
    """A sentence's promises: its clauses when each is one, else the sentence."""
    parts = _CLAUSE_SPLIT.split(sentence)
    if len(parts) > 1 and all(test(part) for part in parts):
        return parts
    return [sentence]


def several_commitments(text: str) -> list[str]:
    """The commitments of one list entry that makes several ("We will add X. We'll also document
    Y", "We've updated X, and we've added Y"): its sentences or joined clauses when every one
    promises or tells a change made; [] when it makes one, or says anything else besides."""
    if "we" not in text.lower():
        return []
    parts = [clause for s in sentences(text) for clause in _clauses(s, promised_or_made)]
    return parts if len(parts) > 1 and all(promised_or_made(part) for part in parts) else []
