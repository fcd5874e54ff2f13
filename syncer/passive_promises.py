"""Whether a change promised in the passive names work on the system, whatever its subject:
"The reliance on the Hex API will be removed", "The old cluster will be decommissioned",
"Our build server will be replaced". syncer.intents finds the passive ("… will be <participle>"),
judges its subject (it opens no clause and does not refer back to what was said) and asks this
module about the participle when the subject is not a known object of change (an alert, a runbook).

The participle must be one of a verb of change (syncer.change_verbs), and not of telling or of
the live event ("Minutes will be published", "Affected users will be notified", "Data will be
restored"), nor what the system does by itself ("Blocks will be created every two seconds").

Pure word work on a participle and the words after it, already matched.
"""

from __future__ import annotations

import re

from syncer.change_verbs import is_done_verb

# Stems of participles of telling, studying, the live event or a state, not of work on the
# system: "published", "provided", "notified", "used", "restored", "extended" (a deadline), "required".
_NOT_WORK = frozenset({"publish", "post", "provid", "shar", "report", "communicat", "notifi", "notify", "inform",
                       "includ", "us", "announc", "send", "discuss", "review", "investigat", "monitor", "track",
                       "evaluat", "consider", "explor", "follow", "continu", "restor", "recover", "resum",
                       "return", "refund", "credit", "reimburs", "extend", "schedul", "requir", "expect",
                       "affect", "allow", "enabl", "appli", "apply", "perform", "run", "mak", "made"})  # fmt: skip


# What the system will do by itself, told after the participle: "Blocks will be created every
# two seconds", "Old logs will be deleted automatically when they are 30 days old".
_BEHAVIOUR = re.compile(
    r"^\s+(?:[\w-]+\s+){0,4}?(?:every|each|whenever|automatically|periodically|when|if|once|as\s+soon\s+as)\b",
    re.IGNORECASE,
)


def names_work(participle: str, after: str) -> bool:
    """Whether "… will be <participle> <after>" promises work on the system (the caller has
    judged its subject)."""
    if _BEHAVIOUR.match(after[:120]) is not None:
        return False
    stem = participle.lower()[:-2] if participle.lower().endswith("ed") else participle.lower()
    return stem not in _NOT_WORK and stem.rstrip(stem[-1:]) not in _NOT_WORK and is_done_verb(stem)
