"""The verb a promise told as work under way stands for, when it is outside the lexicon of
change: "we are also in the process of hiring a developer", "we're currently discussing
things with our upstream vendors to make sure …". The lexicon (syncer.change_verbs, WordNet's
verbs of change) cannot list every verb of work; the verbs that are not work are fewer and
general: waiting, hoping, talking to the reader, devoting effort, feeling, staying as things are.

Pure word work on one "-ing" form; syncer.work_under_way reads it back as "We will <verb> …"
and syncer.commitments judges that promise (the live response, updates, studies and values
are ruled out there).
"""

from __future__ import annotations

# Verbs that are not work on the system: waiting and wishing, talking to the reader or about
# the incident, effort with no change named ("devoting more energy to …"), staying as things
# are, and light verbs whose object names what is done ("taking action to shut down the server").
_NOT_WORK = frozenset({
    "take", "make", "do", "have", "get", "give", "go", "come", "let", "see", "look", "find", "bring", "try",
    "wait", "hope", "wish", "expect", "feel", "think", "believe", "seem", "know", "want", "like", "love",
    "apologize", "apologise", "thank", "communicate", "talk", "speak", "say", "tell", "ask", "answer", "reply",
    "respond", "listen", "inform", "notify", "reach", "welcome", "devote", "dedicate", "spend", "put",
    "stay", "remain", "keep", "become", "grow", "happen", "sit", "stand", "live", "deal", "struggle",
    "suffer", "face", "run", "operate", "serve", "provide", "offer", "receive", "hear", "read", "write",
    # advice to the reader, compensation, gathering what happened
    "recommend", "advise", "urge", "encourage", "remind", "invite", "contact", "refund", "compensate", "credit",
    "reimburse", "coordinate", "collect", "gather", "count", "estimate", "calculate", "observe", "notice",
})  # fmt: skip


def _bases(gerund: str) -> tuple[str, ...]:
    """The base forms an "-ing" form may come from ("hiring" → hir, hire; "planning" → plan)."""
    stem = gerund.lower()[:-3]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return (stem[:-1], stem)  # "planning", but "discussing", "installing"
    return (stem, stem + "e")


def open_base(gerund: str, excluded: frozenset[str]) -> str | None:
    """The base form to read back for an "-ing" verb of work outside the lexicon, or None when
    it is no verb or not work (nor one of `excluded`, the caller's verbs of study and the live
    event). Both readings are checked against the lists; the first is returned ("hir" for
    "hiring" reads no differently to the judge of the promise, which knows no such verb)."""
    if not gerund.lower().endswith("ing") or len(gerund) < 6 or not gerund.isalpha():
        return None
    bases = _bases(gerund)
    if any(base in _NOT_WORK or base in excluded for base in bases):
        return None
    return bases[0]
