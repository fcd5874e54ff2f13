"""Verbs that change something: the instructions that start an action item ("Add …",
"Rotate …"), their "-ing" forms ("adding …") and the stems of their past forms ("added"),
less those that tell a step of the live response ("restarted", "rolled back").

Pure word lists; syncer.commitments and syncer.owner_prefixes read sentences with them.
"""

from __future__ import annotations

# Verbs that start an instruction to change something. Common enough to be general; a
# sentence that starts with one (after an owner prefix) is an imperative commitment.
IMPERATIVE = frozenset(
    ["add", "adopt", "alert", "allow", "audit", "automate", "avoid", "backfill", "backport", "build", "bump", "cap", "change", "check", "clarify", "clean", "communicate", "configure", "consider", "consolidate", "continue", "convert", "create", "decommission", "define", "delete", "deploy", "deprecate", "design", "detect", "develop", "disable", "document", "drop", "educate", "eliminate", "enable", "encrypt", "enforce", "ensure", "establish", "evaluate", "expand", "explore", "expose", "extend", "finalize", "fix", "follow", "gate", "harden", "identify", "implement", "improve", "include", "increase", "install", "instrument", "integrate", "introduce", "investigate", "isolate", "limit", "log", "lower", "make", "merge", "migrate", "mitigate", "modify", "monitor", "move", "notify", "optimize", "optimise", "page", "patch", "perform", "pin", "prevent", "prioritize", "provide", "provision", "publish", "raise", "rate", "re-enable", "rebuild", "refactor", "reduce", "refine", "remove", "rename", "replace", "report", "require", "research", "restrict", "retire", "review", "revise", "revisit", "rework", "roll", "rotate", "run", "scale", "schedule", "separate", "set", "setup", "share", "ship", "simplify", "split", "standardize", "standardise", "start", "stop", "streamline", "switch", "tighten", "track", "train", "tune", "unify", "update", "upgrade", "use", "validate", "verify", "write"]
)


def is_change_verb(word: str) -> bool:
    """ "Add", "adding", "Removing", "updating": an instruction verb, or its -ing form."""
    return word.lower() in IMPERATIVE or gerund_of(word, IMPERATIVE)


def gerund_of(word: str, verbs: frozenset[str]) -> bool:
    """Whether a word is the -ing form of one of the verbs ("updating", "dropping", "making")."""
    word = word.lower()
    if not word.endswith("ing") or len(word) < 6:
        return False
    base = word[:-3]
    return base in verbs or base + "e" in verbs or (base[-1] == base[-2] and base[:-1] in verbs)


_VERB_STEMS = frozenset(
    v[:-1] if v.endswith("e") else v for v in IMPERATIVE
) | frozenset(IMPERATIVE) | frozenset({"request", "schedul", "configur", "document", "remov", "reduc"})


_MITIGATION = frozenset({"roll", "restart", "revert", "restor", "stop", "disabl", "paus", "kill", "rerun"})


def is_done_verb(stem: str) -> bool:
    stem = stem.lower()
    if stem in _MITIGATION or stem.rstrip(stem[-1:]) in _MITIGATION:
        return False  # what was done to the live incident is no follow-up
    return stem in _VERB_STEMS or stem.rstrip(stem[-1:]) in _VERB_STEMS or (stem + "e") in IMPERATIVE
