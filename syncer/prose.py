"""What a paragraph or list entry of prose commits to, sentence by sentence: its promises
(several in one sentence or one entry, after an action label, listed as "-ing" phrases),
and what it tells instead (how things stood, someone else's suggestion, advice to the
reader, how an attempt went, the findings a list introduces).

Pure; syncer.commitments judges each sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from syncer.aspect import made_since, tells_done
from syncer.change_verbs import is_change_verb
from syncer.cjk_states import cjk_state_told
from syncer.commitments import (
    is_commitment,
    is_done_follow_up,
    is_imperative,
    is_promise,
    promised_or_made,
    reads_done,
)
from syncer.embedded_promises import embedded_promise
from syncer.enumerations import split_outside_brackets
from syncer.foreign_promises import may_promise_abroad
from syncer.owner_prefixes import owner_prefix
from syncer.section_names import heading_score, inline_label, names_follow_up_list, names_response
from syncer.stated_needs import states_need
from syncer.verb_lexicon import gerund_of_change
from syncer.work_under_way import under_way

_WORDS2 = re.compile(r"[A-Za-z]{2,}")
# Two promises joined in one sentence: "We will update the suite and we are improving …"
_CLAUSE_SPLIT = re.compile(r"(?:,\s*|\s+)(?:and|while|but)\s+(?=(?:we|i)(?:\s|'|’))", re.IGNORECASE)
# A sentence ends at a stop before a capital (Latin or Cyrillic), not after an abbreviation
# ("St. Louis", "e.g. Geth"); Korean ends one at a stop after a syllable, whatever follows, and
# notices open each paragraph with a mark ("〇 …", "□ …")
_SENTENCE_SPLIT = re.compile(
    r"(?<=[.!?])(?<!\bSt\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)"
    r"\s+(?=[A-Z\u0410-\u042f\u0401\u0404\u0406\u0407\u0490\"'(\[@*_])|\n\s*\n|(?<=[。！？])(?=[^\s」』）)])"  # CJK: 。！？
    r"|(?<=[\uac00-\ud7af][.!?])\s+|\s+(?=[〇○◯□■◇◆※]\s)"
)


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
    # a neutral noun's list follows its complement ("improvements to the security of …, including")
    r"\b(?:(?:action\s+items?|follow[\s-]?ups?|next\s+steps|remediations?)\b[^.:;]{0,40}?|"
    r"(?P<neutral>improvements|changes|measures|tasks)\b[^.:;]{0,80}?)\b(?:such\s+as|(?:includ(?:e|es|ed|ing)|are|were)(?!\s+(?:\w+\s+){0,2}such\s+as))"
    r"\s+(?P<list>[^.;]{10,600})",
    re.IGNORECASE,
)
_OURS = re.compile(r"\b(?:we|our)\b", re.IGNORECASE)
_GERUND = re.compile(r"^(?:[a-z]+ly\s+)?[a-z]{3,}ing\b")  # "implementing …", "completely removing …"
# A last part that sums up rather than names an action: "and more generally improving our security"
_CATCH_ALL = re.compile(r"^(?:(?:more\s+)?generally|overall|in\s+general)\b|\bacross\s+the\s+board\W*$", re.IGNORECASE)


def _parts(listed: str) -> list[str]:
    """The parts of an enumeration: split at its commas outside brackets ("removing org tokens
    (resulting in traceability and audit)"), or at "and" when it has no comma."""
    cleaned = [re.sub(r"^\s*(?:and|or)\s+", "", part).strip(" ,") for part in split_outside_brackets(listed, ",")]
    # "deleting logs and scanning them" is two; "robustifying and expanding our checks" one (a shared object)
    return [piece for part in cleaned for piece in _at_and(part) if piece]


_AND_GERUND = re.compile(r"\s+and\s+(?=(?:[a-z]+ly\s+)?[a-z]{3,}ing\b)")


def _at_and(part: str) -> list[str]:
    """A part parted where "and" starts another "-ing" phrase, unless what comes before is a
    bare verb sharing the object after ("robustifying and expanding our checks")."""
    pieces: list[str] = []
    start = 0
    for match in _AND_GERUND.finditer(part):
        before = part[start : match.start()]
        if " " in before.strip() and before.count("(") <= before.count(")"):
            pieces.append(part[start : match.start()])
            start = match.end()
    pieces.append(part[start:])
    return pieces


def enumerated_actions(sentence: str) -> list[str]:
    """ "Our action items included rotating keys, deleting CI logs and scanning logs": the
    actions a sentence lists, when it lists at least two as "-ing" phrases (a closing part
    that only sums up, "and more generally improving security", is left out)."""
    if "ing" not in sentence:
        return []
    match = _ENUMERATION.search(sentence[:1000])
    if match is None:
        return []
    if match.group("neutral") and not (_OURS.search(sentence, 0, match.start()) and (tells_done(sentence) or is_promise(sentence))):
        return []  # "changes … including updating the proxy" may tell how the incident came about
    parts = _parts(match.group("list"))
    if parts and _CATCH_ALL.search(parts[-1]):
        parts = parts[:-1]
    actions = [p for p in parts if _GERUND.match(p)]
    return actions if len(actions) >= 2 and len(actions) == len(parts) else []


def sentences(text: str) -> list[str]:
    """The sentences of a text; a mark standing alone before one ("? More logs", "… and then")
    opens it, as it is no sentence of its own."""
    found: list[str] = []
    mark = ""
    for piece in _SENTENCE_SPLIT.split(text):
        piece = piece.strip() if piece else ""
        if piece and not any(ch.isalnum() for ch in piece):
            mark = f"{mark}{piece} "
        elif piece:
            found.append(mark + piece)
            mark = ""
    return [*found, mark.strip()] if mark.strip() else found


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


def needed(sentence: str) -> bool:
    """A change the team says it needs ("Back-up systems should be implemented"), not advice
    to the reader ("Operators should rotate their keys")."""
    return states_need(sentence) and not addresses_reader(sentence)


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
    if _TRIED.search(first) or cjk_state_told(head):  # "手順書が古かった": how things stood
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


# "Updating our tooling to open issues for new firmware will force us to …": a change named by
# its gerund as the subject of what it will bring; with "would have" ("Strengthening our
# communication would have shaved minutes off") only after improvements were announced.
_GERUND_SUBJECT = re.compile(
    r"^(?P<verb>[A-Z][a-z]{2,}ing)\b(?:\s+(?!(?:is|are|was|were|has|have|had|and|but|we|it)\b)[^\s.;:!?]+){1,30}?"
    r"\s+(?P<modal>will|would\s+have)\s"
)
_IMPROVEMENTS_UNDER_WAY = re.compile(
    r"\b(?:improvements|changes|measures|steps|fixes)\b[^.;:]{0,60}?\b(?:are|is)\s+(?:also\s+|now\s+)?"
    r"being\s+(?:implemented|made|taken|put\s+in\s+place|rolled\s+out)\b",
    re.IGNORECASE,
)


def _named_by_gerund(sentence: str, announced: bool) -> bool:
    match = _GERUND_SUBJECT.match(sentence)
    if match is None or not (is_change_verb(match.group("verb")) or gerund_of_change(match.group("verb"))):
        return False
    return match.group("modal") == "will" or announced


def promises(text: str, *, needs: bool = False) -> list[str]:
    """The commitment sentences of a paragraph of prose, in order: promises, and changes
    already made against recurrence; with `needs` (under a heading naming lessons or
    follow-ups) also the changes it says are needed ("We need branch protection to …")."""
    lowered = text.lower()
    if not any(word in lowered for word in ("we", "team", "now", "they", "being", "plans", "working", "intends",
                                            "been", "under", "coming", "progress", "permanent", "term",
                                            "will", "started", "begun", "ongoing")) \
            and "I " not in text and "I'" not in text and "I’" not in text and not may_promise_abroad(text) \
            and not (needs and any(word in lowered for word in ("should", "must", "need"))):
        return []
    found: list[str] = []
    announced = False
    for s in sentences(text):
        if s.endswith(":"):
            continue  # not "we will do the following:"
        if _named_by_gerund(s, announced):
            found.append(s)
        elif is_promise(s) or is_done_follow_up(s):
            found.extend(_clauses(s))
        elif made := made_since(s):  # "We've set up alerts for …", "… is under way"
            found.extend(made)
        elif (needs and needed(s)) or under_way(s) or embedded_promise(s):  # "We need …", "we're adding …",
            found.append(s)  # "… bear in mind that we are upgrading …"
        elif len(parts := _CLAUSE_SPLIT.split(s)) > 1:  # "We are still assessing the impact, and we will …"
            found.extend(part for part in parts[1:] if is_promise(part))
        announced = announced or _IMPROVEMENTS_UNDER_WAY.search(s) is not None
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
