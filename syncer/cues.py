"""What makes a part of a postmortem hold commitments, and a sentence be one.

Pure word work, explainable by its parts: a heading is scored by the word stems it
shares with the way teams name their follow-up work (stems, not a list of titles, and
close misspellings such as "Foward" still count); a sentence is a commitment when it
promises a change ("We will …", "ICL to upgrade …", "Add an alert …") rather than telling
what happened. syncer.parse weighs these cues with the document's structure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import lru_cache

from syncer.intents import intent

# Stems of the words teams use to name their follow-up sections, with how strongly each
# says "commitments live here". Negative stems name the incident narrative.
_HEADING_STEMS: dict[str, float] = {
    "action": 1.0, "followup": 1.0, "remediat": 1.0, "corrective": 1.0, "correction": 0.6,
    "prevent": 0.9, "preventat": 0.9, "mitigat": 0.8, "recommend": 0.9, "safeguard": 0.9,
    "improvement": 0.8, "improv": 0.5, "nextstep": 1.0, "todo": 1.0, "task": 0.8, "plan": 0.5,
    "measure": 0.6, "proactive": 0.6, "resolution": 0.6, "solution": 0.5, "repair": 0.8, "fix": 0.5,
    "forward": 0.8, "ahead": 0.7, "future": 0.8, "commitment": 0.9, "roadmap": 0.6,
    "strengthen": 0.7, "harden": 0.6, "change": 0.4, "doing": 0.5, "done": 0.3, "follow": 0.5,
    "lesson": 0.3, "learn": 0.3, "takeaway": 0.3, "step": 0.5, "ticket": 0.5, "workitem": 1.0,
    "recurrence": 0.6, "again": 0.4, "going": 0.2, "doingabout": 1.0, "doneabout": 1.0,
    "timeline": -2.0, "chronolog": -2.0, "summary": -1.0, "overview": -1.0, "impact": -1.0,
    "root": -1.0, "cause": -1.0, "background": -1.0, "happen": -1.0, "glossary": -2.0,
    "appendix": -1.0, "reference": -1.0, "contributing": -1.0, "trigger": -0.8,
    "analysis": -0.5, "investigation": -0.5, "detail": -0.5, "wrong": -1.0, "well": -0.8,
    "lucky": -1.0, "acknowledg": -1.5, "thank": -1.5, "apolog": -1.0, "question": -1.0,
    "faq": -1.5, "description": -0.8, "sequence": -1.0, "event": -0.5, "symptom": -1.0,
    "affected": -1.0, "restor": -1.0, "temporar": -1.0, "workaround": -1.0, "customer": -0.3, "response": -0.3, "detection": -0.2, "status": -0.3,
    # instructions to readers ("Next steps for users", "How to fix", "What you need to do")
    "user": -1.0, "you": -0.8, "your": -0.8, "how": -0.5,
    # legends and notes beside the items ("Legend:", "Priority definitions")
    "legend": -2.0, "definition": -1.5, "glossar": -2.0, "note": -0.8,
}  # fmt: skip
_NARRATIVE_STEMS = frozenset(s for s, w in _HEADING_STEMS.items() if w <= -1.0)
_JOINED = (("follow", "up", "followup"), ("next", "step", "nextstep"), ("work", "item", "workitem"),
           ("doing", "about", "doingabout"), ("done", "about", "doneabout"))  # fmt: skip
_LETTERS = re.compile(r"[a-z]+")
_WORDS2 = re.compile(r"[A-Za-z]{2,}")
_FUZZY_MIN = 0.85
_TIMESTAMP = re.compile(r"^\W{0,3}(?:\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2})")


def _words(title: str) -> list[str]:
    if not title.isascii():  # "Résolution", "Prévention": the letters without their accents
        title = "".join(ch for ch in unicodedata.normalize("NFKD", title) if not unicodedata.combining(ch))
    words = _LETTERS.findall(title.lower().replace("’", "'"))
    joined: list[str] = []
    for word in words:
        if joined:
            for first, second, together in _JOINED:
                if joined[-1] == first and word.startswith(second):
                    joined[-1] = together
                    break
            else:
                joined.append(word)
        else:
            joined.append(word)
    return joined


@lru_cache(maxsize=4096)
def _stem_of(word: str) -> str | None:
    """The cue stem a word carries: as a prefix, or misspelt by a letter or two."""
    if len(word) < 3:
        return None
    prefixed = [stem for stem in _HEADING_STEMS if word.startswith(stem) or (stem.startswith(word) and len(word) >= 5)]
    if prefixed:
        return max(prefixed, key=len)
    if len(word) >= 5:
        best, ratio = None, _FUZZY_MIN
        for stem in _HEADING_STEMS:
            # a misspelling keeps the word's first letters ("Foward"); "solution" is no "resolution"
            if len(stem) >= 5 and word[:2] == stem[:2] and abs(len(stem) - len(word[: len(stem) + 2])) <= 2:
                found = SequenceMatcher(None, word[: len(stem) + 2], stem).ratio()
                if found >= ratio:
                    best, ratio = stem, found
        return best
    return None


@lru_cache(maxsize=4096)
def heading_score(title: str) -> float:
    """How strongly a heading (or a bold label) names a place for commitments: > 0.75 names
    one ("Action items", "Moving Foward", "What we are doing about it"); < 0 names the
    incident narrative ("Timeline", "Root cause")."""
    if _TIMESTAMP.match(title):
        return -2.0  # "10:45-11:37 AM: Fix development": a timeline entry
    words = _words(title)[:24]
    modifiers = _modifiers(words)
    score = 0.0
    seen: set[str] = set()
    for k, word in enumerate(words):
        stem = _stem_of(word)
        if stem is not None and stem not in seen and not (k < modifiers and _HEADING_STEMS[stem] < 0):
            seen.add(stem)
            score += _HEADING_STEMS[stem]
    return score


# Words that end a heading's leading noun phrase ("Timeline of events", "Fixes for the root cause").
_PHRASE_END = frozenset({"of", "for", "and", "or", "to", "in", "on", "during", "with", "from", "after", "by", "we", "s"})


def _modifiers(words: list[str]) -> int:
    """How many leading words only modify the noun after them. A heading's first noun phrase
    is named by its last word: "Root cause remediations" are remediations and "Timeline
    improvements" improvements, so narrative words before a follow-up head noun do not count
    against it."""
    end = next((k for k, word in enumerate(words) if word in _PHRASE_END), len(words))
    if end < 2:
        return 0
    head = _stem_of(words[end - 1])
    if head is None or _HEADING_STEMS[head] < 0.6:
        return 0
    return end - 1


# "What went right", "What worked", "Why it failed": a question about the past names narrative
_PAST_QUESTION = re.compile(r"^(?:what|why|how|where|when)\s+(?:[a-z']+\s+){0,2}?(?:went|was|wasn|were|weren|did|didn|had|[a-z]+ed)\b")


@lru_cache(maxsize=4096)
def is_narrative_heading(title: str) -> bool:
    """Timeline, root cause, impact, summary, "What worked" …: sections that tell what happened."""
    if _TIMESTAMP.match(title) is not None:
        return True
    words = _words(title)[:12]
    stems = [_stem_of(word) for word in words]
    if any(stem in _NARRATIVE_STEMS for stem in stems):
        return True
    told = _PAST_QUESTION.match(" ".join(words)) is not None
    return told and not any(stem is not None and _HEADING_STEMS[stem] > 0 for stem in stems)


@lru_cache(maxsize=4096)
def names_follow_up_list(title: str) -> bool:
    """Whether a label names a list of follow-up work as such ("Action items", "Next steps",
    "Follow-ups", "TODO"), with a stem of the strongest weight, rather than describing work."""
    return any(_HEADING_STEMS.get(_stem_of(word) or "", 0.0) >= 1.0 for word in _words(title)[:8])


# How the live incident was handled ("Resolution", "Mitigation steps taken", "Repairing",
# "What was done", "Immediate actions (completed)") as against what follows it.
_RESPONSE_STEMS = frozenset({"resolution", "solution", "mitigat", "repair", "fix", "restor", "temporar", "workaround",
                             "response", "done"})  # fmt: skip
_FOLLOW_UP_STEMS = frozenset(s for s, w in _HEADING_STEMS.items() if w >= 0.5) - _RESPONSE_STEMS
_AT_THE_TIME = re.compile(r"\b(?:immediate|completed|taken)\b")
_DURING = re.compile(r"\bduring\s+(?:the|this)\b")  # "Actions taken during the exam"; not "… during an incident"


@lru_cache(maxsize=4096)
def names_response(title: str, *, among_actions: bool = False) -> bool:
    """Whether a heading or label names the response to the live incident: its words are
    about handling it and none about what comes next, or it says the work was done at the
    time ("Immediate actions (completed)", "Mitigation steps taken"). `among_actions`: a
    part of an action section, where a bare kind of work ("#### Repair") sorts follow-ups."""
    words = _words(title)[:24]
    stems = {_stem_of(word) for word in words}
    joined = " ".join(words)
    response = bool(stems & _RESPONSE_STEMS) or "immediate" in words or _DURING.search(joined) is not None
    if not response:
        return False
    if _AT_THE_TIME.search(joined) is not None:
        return True
    return not (stems & _FOLLOW_UP_STEMS) and not (among_actions and len(words) <= 2)


# ---- sentences ----------------------------------------------------------------------------

# Verbs that start an instruction to change something. Common enough to be general; a
# sentence that starts with one (after an owner prefix) is an imperative commitment.
_IMPERATIVE = frozenset(
    ["add", "adopt", "alert", "allow", "audit", "automate", "avoid", "backfill", "backport", "build", "bump", "cap", "change", "check", "clarify", "clean", "communicate", "configure", "consider", "consolidate", "continue", "convert", "create", "decommission", "define", "delete", "deploy", "deprecate", "design", "detect", "develop", "disable", "document", "drop", "educate", "eliminate", "enable", "encrypt", "enforce", "ensure", "establish", "evaluate", "expand", "explore", "expose", "extend", "finalize", "fix", "follow", "gate", "harden", "identify", "implement", "improve", "include", "increase", "install", "instrument", "integrate", "introduce", "investigate", "isolate", "limit", "log", "lower", "make", "merge", "migrate", "mitigate", "modify", "monitor", "move", "notify", "optimize", "optimise", "page", "patch", "perform", "pin", "prevent", "prioritize", "provide", "provision", "publish", "raise", "rate", "re-enable", "rebuild", "refactor", "reduce", "refine", "remove", "rename", "replace", "report", "require", "research", "restrict", "retire", "review", "revise", "revisit", "rework", "roll", "rotate", "run", "scale", "schedule", "separate", "set", "setup", "share", "ship", "simplify", "split", "standardize", "standardise", "start", "stop", "streamline", "switch", "tighten", "track", "train", "tune", "unify", "update", "upgrade", "use", "validate", "verify", "write"]
)
_SUBJECT = (
    r"(?P<who>we|i|they|our\s+(?:[\w-]+\s+){0,2}(?:team|teams|engineers)|the\s+(?:[\w-]+\s+){0,2}(?:team|teams)|"
    r"our(?:\s+[\w-]+){1,4}(?:\s+\([^()]{1,60}\))?)"  # "Our next upgrade (Bedrock) will use …"
)
_LEAD = r"^(?:[\w' ()/-]{0,120},\s+)?"  # "As a longer-term fix (Q2 2024), we will …"
# What may come between the promise and its verb ("will also strive to provide")
_BETWEEN = (
    r"(?:\s+(?:also|now|additionally|further|continue\s+to|be|then|immediately|soon|promptly|"
    r"work\s+to|work\s+on|look\s+(?:into|at)|strive\s+to|try\s+to|aim\s+to|seek\s+to))*\s+(?P<verb>[a-z'-]+)"
)
_PROMISE = re.compile(
    rf"{_LEAD}{_SUBJECT}\s+(?:also\s+|now\s+)?(?:will|shall|are\s+(?:also\s+|now\s+)?going\s+to|"
    r"plan\s+to|intend\s+to|have\s+committed\s+to|are\s+committed\s+to|commit\s+to|"
    r"are\s+(?:now\s+|also\s+|currently\s+|actively\s+)?(?:working\s+on|adding|building|"
    r"implementing|introducing|creating|developing|improving|investing\s+in|updating|reviewing|"
    r"changing|migrating|moving|planning|putting|rolling\s+out|making|taking|exploring|"
    r"evaluating|expanding|enhancing|increasing|reducing|deploying|extending|auditing|redesigning|"
    r"rebuilding|rewriting|refactoring|replacing|adopting|automating|documenting|hardening|"
    r"strengthening|revisiting|reworking|upgrading|prioriti[sz]ing|establishing|formali[sz]ing)|"
    # an intention: "we're looking to create", "we are looking into options", "we plan on deprecating"
    r"(?:(?:are|am|'re)\s+(?:now\s+|also\s+|currently\s+|actively\s+)?)?"
    r"(?:intend|plan|aim|seek|look)(?:s|ing)?\s+(?:to|on|into))"
    rf"{_BETWEEN}",
    re.IGNORECASE,
)
# The promise as the second half of the subject's sentence: "We are sorry for the confusion
# and will strive to …", "I have revoked the token, and will avoid creating one …"
_COORDINATED = re.compile(
    rf"{_LEAD}(?P<who>we|i)\s+[^.;:!?]{{1,200}}?(?:,\s*|\s+)and\s+(?:also\s+|then\s+)?"
    rf"(?:will|shall|are\s+going\s+to|plan\s+to|intend\s+to){_BETWEEN}",
    re.IGNORECASE,
)
# Two promises joined in one sentence: "We will update the suite and we are improving …"
_CLAUSE_SPLIT = re.compile(r"(?:,\s*|\s+)(?:and|while|but)\s+(?=(?:we|i)(?:\s|'|’))", re.IGNORECASE)
# Promises about the incident's communication, not the system: status-page boilerplate.
_NOT_A_CHANGE = re.compile(
    r"\b(?:update\s+(?:you|this|here|the\s+status|our\s+status|customers|users|everyone)|"
    r"(?:an?|further|more|regular|status|next|the\s+latest|with)\s+updates?\b|updated\s+(?:on|as|when|here)|"
    r"(?:publish|post|send|give|share|provide)\w*\s+(?:[\w-]+\s+){0,2}updates?\b|"
    r"inform(?:ed)?\b|posted|report\s+(?:on\s+)?(?:any|all|every|our|the)?\s*(?:outages?|incidents?|downtimes?|disruptions?)|post\s+(?:an?\s+)?(?:update|more)|"
    r"provide\s+(?:an?\s+|further\s+|more\s+)?(?:update|information|details)|keep\s+(?:you|our)|"
    r"let\s+(?:you|our)|share\s+(?:more|an?\s+update|further|with\s+(?:you|our))|(?:write|speak|talk|blog)\s+(?:more\s+)?about|continue\s+to\s+(?:monitor|investigate)|"
    r"monitor(?:ing)?\s+(?:the\s+)?(?:situation|closely|the\s+incident)|apologi[sz]e|be\s+in\s+touch|"
    r"reach\s+out|follow\s+up\s+with\s+(?:a|an|more)|(?:post-?mortem|rca|incident\s+report|"
    r"retrospective|learnings|appreciat\w*|thank\w*)\b|conduct\w*\s+(?:an?\s+)?(?:\w+\s+)?"
    r"(?:investigation|review|analysis)|investigat\w*\s+(?:the|this)\s+(?:issue|incident|outage|root)|"
    # ending the live event itself ("working on resolving this issue"), not changing what caused it
    r"(?:resolv|fix|address|restor|mitigat|solv|handl|clos)\w*\s+(?:the|this)\s+(?:current\s+|ongoing\s+)?"
    r"(?:issue|incident|outage|disruption|situation)\s*(?:[,.;]|$|as\s+soon|but|and\s+(?:will|we)))",
    re.IGNORECASE,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(\[@*_])|\n\s*\n")
_LEAD_IN = re.compile(
    r"^(?:(?:lastly|finally|firstly|first|second|secondly|third|thirdly|additionally|also|further"
    r"(?:more)?|in addition|moreover|next|then|going forward|moving forward|in the future|"
    r"longer[- ]term|short[- ]term|in the short term|in the long term|as a result|to (?:prevent|avoid|"
    r"reduce|mitigate|address) [^,]{1,80}),\s*)",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"[A-Za-z][a-z'-]*")


_ACTION_LABEL = re.compile(r"^[*_]{0,2}(?P<label>[A-Za-z][A-Za-z -]{1,30}?)[*_]{0,2}\s*:[*_]{0,2}\s+(?P<rest>\S.*)", re.DOTALL)


def inline_label(text: str) -> tuple[str, str] | None:
    """ "Root cause: …" -> ("Root cause", "…"): a label of up to three words and what follows it."""
    match = _ACTION_LABEL.match(text)
    if match is None or len(match.group("label").split()) > 3:
        return None
    return match.group("label"), match.group("rest")


def narrative_label(text: str) -> bool:
    """ "Root cause: …", "Service restoration: …", "Temporary workaround: …": an entry whose
    label names what happened or how the live incident was handled, not a follow-up."""
    labelled = inline_label(text)
    return labelled is not None and heading_score(labelled[0]) <= -0.8


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


_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
# "we will be able to", "we will have", "we will need to": a consequence, not a change
_NOT_A_VERB = frozenset({"not", "see", "know", "able", "have", "need", "get", "remain", "still", "never", "hear"})


# Verbs of study rather than change: "continue to analyze this event" names no change.
_STUDY = frozenset({"analyze", "analyse", "assess", "check", "consider", "continue", "evaluate", "examine", "explore",
                    "follow", "identify", "investigate", "learn", "look", "monitor", "reflect", "research", "review",
                    "revisit", "study", "track", "watch", "work"})  # fmt: skip
# What a sign-off promises the reader rather than the system: their trust, their experience,
# serving them better ("… to serve you better and earn the trust you place in us").
_READER_VALUE = re.compile(
    r"\b(?:(?:earn|regain|rebuild|restore|keep|maintain|deserve|honou?r)\w*\s+(?:back\s+)?(?:the\s+|your\s+|their\s+)?"
    r"trust|trust\s+(?:you|our\s+\w+)\s+(?:place|put)|serv(?:e|ing)\s+(?:you|our\s+(?:customers|users|community))|"
    r"better\s+every\s+day|(?:safe|inclusive|welcoming|great|best|better)\s+(?:[\w-]+\s+)?(?:environment|experience)s?)\b",
    re.IGNORECASE,
)
# A promise of unnamed changes announces the ones that follow: "we'll be making several changes"
_ANNOUNCED = re.compile(
    r"^(?:[a-z'-]+\s+){1,2}(?:several|some|a\s+few|a\s+number\s+of|multiple|various|many|the\s+following|"
    r"these|a\s+series\s+of)\s+(?:[\w-]+\s+)?(?:changes|improvements|steps|measures|actions|fixes|updates)\b",
    re.IGNORECASE,
)
# A promise whose object is a value, not a thing to change ("committed to creating a safe environment").
_VALUE_OBJECT = re.compile(
    r"^\s*(?:(?:a|an|the|your|our)\s+)?(?:[\w-]+,?\s+){0,3}(?:environment|experience|trust|culture|transparency|"
    r"excellence|relationship|partnership|community)s?\b",
    re.IGNORECASE,
)


def is_promise(sentence: str) -> bool:
    """ "We will …", "Lastly, we are going to …", "The infra team will …": a stated commitment
    to change something (not to post an update or publish the report, nor a sign-off that
    promises the reader trust or continued analysis)."""
    head = sentence[:300].replace("’", "'")
    if "'" in head:
        head = head.replace("we'll", "we will").replace("We'll", "We will")
        head = head.replace("we're", "we are").replace("We're", "We are")
    match = _PROMISE.match(head)
    if match is None and (match := _COORDINATED.match(head)) is not None and not _PURPOSE.search(head):
        return False  # "We found the cause and will deploy the fix": the live incident, unless told against recurrence
    if match is None and (stated := intent(head)) is not None:
        match, passive = stated
        if passive:  # "extra servers are being installed": a change verb, not "are being affected"
            return _done_verb(match.group("verb")[:-2]) and _is_change(head) and not _CLOCK.search(head)
    if match is None or _CLOCK.search(head):
        return False  # a plan for a time of day ("power it on after 2:30 PM") is the live response
    intended = re.search(r"\b(?:intend|plan|aim)s?\s+to\s+$", head[: match.start("verb")], re.IGNORECASE)
    if match.group("verb").lower() in _NOT_A_VERB and not (intended and match.group("verb").lower() == "have"):
        return False  # "we will have a better view" names no change; "we intend to have the jobs running" does
    who = (match.groupdict().get("who") or "we").lower().strip()
    ours = who.startswith("our") and not who.endswith(("team", "teams", "engineers"))
    if (who in ("i", "they") or ours) and match.group("verb").lower() not in _IMPERATIVE:
        return False  # "they will happen" (incidents), "I will speak about this": no change named
    if _LIVE_STEP.match(head, match.start("verb")):
        return False  # "we are taking action to shut down the server": the live response
    return _is_change(_own_clause(head, match.end("verb"))) and not _is_value_statement(head, match)


# Steps that end or contain the live incident, named as what the promise does first.
_LIVE_STEP = re.compile(
    r"(?:(?:tak(?:e|ing)\s+)?(?:action|steps|measures)\s+to\s+)?(?:shut\s*down|reboot|restart|roll\s*back|revert|"
    r"power\s+(?:on|off|down|up|cycle)|fail\s*over)\b",
    re.IGNORECASE,
)


# Where the promise's own clause ends: another clause after it ("… fix the bug, and we'll
# update here", "… add a status banner, which informs users") does not make the change it
# names mere communication.
_CLAUSE_END = re.compile(r"[,;]|\s(?:which|who)\s", re.IGNORECASE)


def _own_clause(head: str, verb_end: int) -> str:
    end = _CLAUSE_END.search(head, verb_end)
    return head if end is None else head[: end.start()]


def _is_value_statement(head: str, match: re.Match[str]) -> bool:
    """ "We will continue to analyze this event", "We're committed to addressing these issues to
    earn your trust": open-ended study, or a promise made of values, with no concrete change."""
    verb = match.group("verb").lower()
    if verb.endswith("ing") and verb not in _IMPERATIVE:
        verb = verb[:-3]  # "committed to addressing" -> "address"
    # light verbs ("make it better", "do more") name no change by themselves either
    study = verb in _STUDY or (verb + "e") in _STUDY or verb in ("mak", "make", "do", "be")
    study = study or not (verb in _IMPERATIVE or (verb + "e") in _IMPERATIVE)
    continued = re.search(r"\bcontinue\s+to\s*$", head[: match.start("verb")], re.IGNORECASE) is not None
    if verb == "keep" and re.match(r"\s+\w+ing\b", head[match.end("verb") :]):
        return True  # "We will keep investing there": carrying on, no change named
    if continued and study:
        return True
    if _VALUE_OBJECT.match(head[match.end("verb") :]) or _ANNOUNCED.match(head[match.start("verb") :]):
        return True
    if _ONLY_PURPOSE.match(head[match.end("verb") :]):
        return True
    return study and _READER_VALUE.search(head) is not None


# A promise whose only object is its purpose: "The team will implement measures to prevent
# similar incidents", "We will be working diligently to ensure this does not happen again".
_ONLY_PURPOSE = re.compile(
    r"^\s*(?:[a-z]+ly\s+|hard\s+)?(?:(?:all|the|some|more|additional|further|necessary|appropriate|relevant|"
    r"adequate|proper|new|any)\s+){0,3}(?:measures?|steps?|actions?|changes?|improvements?|safeguards?|"
    r"precautions?|efforts?)?\s*(?:in\s+order\s+)?(?:to|that)\s+(?:ensure|prevent|avoid|make\s+sure|"
    r"minimi[sz]e|reduce\s+the\s+(?:risk|chance|likelihood))\b[^,;]*?"
    r"(?:again|recur\w*|reoccur\w*|happen\w*|occur\w*|(?:in\s+the\s+)?future|incidents?)\W*$",
    re.IGNORECASE,
)


# Operating the live incident rather than changing what caused it: a step set for a time of
# day ("we will power the server on after 2:30 PM") or held only until the incident ends
# ("we'll only deploy hotfixes until the underlying issue is resolved").
_INTERIM = re.compile(
    r"\b(?:at|after|before|around|by|until)\s+\d{1,2}(?::\d{2})\s*(?:[ap]\.?m\.?|utc|gmt|[a-z]{2,4}t)?\b|"
    r"\b(?:until|till)\s+(?:the\s+|this\s+)?(?:[\w-]+\s+){0,3}(?:is|are|has\s+been|have\s+been)\s+"
    r"(?:resolved|fixed|restored|over|back)\b",
    re.IGNORECASE,
)


def _is_change(sentence: str) -> bool:
    return _NOT_A_CHANGE.search(sentence) is None and _INTERIM.search(sentence) is None


# A finite verb right after the first word or two makes that word the subject's noun
# ("Log verbosity has a cost", "Rate limits were not the cause"), not an instruction …
_FINITE = frozenset({"is", "are", "was", "were", "has", "have", "had", "does", "did", "can", "cannot", "could",
                     "should", "would", "will", "must", "may", "might", "needs", "seems", "isn't", "wasn't",
                     "weren't", "doesn't", "didn't", "hasn't"})  # fmt: skip
_SETTING = re.compile(r"^[A-Za-z][\w-]*(?:\s+[\w-]+){0,3}\s*:\s*[\w.%/-]+(?:\s+[\w.%/-]+){0,2}\s*$")
_ADVERBS = frozenset({"never", "only", "also", "not", "always", "often", "still", "now"})
# … unless the verb takes a clause ("Ensure backups are tested", "Verify the key is rotated").
_CLAUSE_VERBS = frozenset({"ensure", "verify", "make", "check", "confirm", "validate", "require", "test"})


def is_change_verb(word: str) -> bool:
    """ "Add", "adding", "Removing", "updating": an instruction verb, or its -ing form."""
    word = word.lower()
    if word in _IMPERATIVE:
        return True
    if not word.endswith("ing") or len(word) < 6:
        return False
    base = word[:-3]
    return base in _IMPERATIVE or base + "e" in _IMPERATIVE or (base[-1] == base[-2] and base[:-1] in _IMPERATIVE)


def is_action_label(label: str) -> bool:
    """ "Next steps", "Action items": a label over follow-up work, not over the live response."""
    return heading_score(label) >= 0.75 and not names_response(label)


def is_imperative(text: str) -> bool:
    """Starts with an instruction verb ("Add …", "Investigate …"), after an optional lead-in."""
    body = _LEAD_IN.sub("", text.lstrip(" *_-–—•>\t"), count=1)
    word = _FIRST_WORD.match(body)
    if word is None or (verb := word.group(0).lower()) not in _IMPERATIVE:
        return False
    if body[word.end() : word.end() + 1] in ("_", "."):
        return False  # "delete_all_records never had a test": a name in the code, not a verb
    if _SETTING.match(body):
        return False  # "Schedule : weekly", "Include global state: Yes": a setting and its value
    following = [w for w in body[word.end() : word.end() + 80].lower().split() if w not in _ADVERBS][:2]
    return verb in _CLAUSE_VERBS or not any(w.strip(",.;:") in _FINITE for w in following)


# "We need to …" commits the team; "Failovers need to be exercised" states a rule.
_WEAK = re.compile(r"\bwe\s+(?:should|must|need\s+to|have\s+to|ought\s+to)\b", re.IGNORECASE)


# "We enabled branch protection", "We have extended the scope", "Reduced the number of …",
# "Alerts configured", "… is now documented": a follow-up already carried out
_DONE_LEAD = re.compile(
    r"^(?:(?:we|i|the\s+team)(?:\s+have\s+|'ve\s+|\s+has\s+|\s+)(?:now\s+|also\s+|since\s+|already\s+)?)?"
    r"(?P<verb>[a-z]+?)(?:ed|d)\b",
    re.IGNORECASE,
)
_DONE_TAIL = re.compile(r"^(?:[\w@`'-]+\s+){0,4}(?P<verb>[a-z]+?)(?:ed|d)\s*$", re.IGNORECASE)
_DONE_NOW = re.compile(r"\b(?:is|are|has\s+been|have\s+been)\s+now\s+\w+ed\b|\b(?:is|are)\s+now\s+(?:documented|in\s+place|enabled|live|required)\b", re.IGNORECASE)
_DONE_MARK = re.compile(r"\((?:done|completed?|fixed|shipped)\)|\b(?:DONE|COMPLETED|FIXED)\b|✅|✔")
_VERB_STEMS = frozenset(
    v[:-1] if v.endswith("e") else v for v in _IMPERATIVE
) | frozenset(_IMPERATIVE) | frozenset({"request", "schedul", "configur", "document", "remov", "reduc"})


_MITIGATION = frozenset({"roll", "restart", "revert", "restor", "stop", "disabl", "paus", "kill", "rerun"})


def _done_verb(stem: str) -> bool:
    stem = stem.lower()
    if stem in _MITIGATION or stem.rstrip(stem[-1:]) in _MITIGATION:
        return False  # what was done to the live incident is no follow-up
    return stem in _VERB_STEMS or stem.rstrip(stem[-1:]) in _VERB_STEMS or (stem + "e") in _IMPERATIVE


def reads_done(text: str) -> bool:
    """Whether an item's words say it is already carried out (past tense of a change verb,
    "… is now documented", "(done)"); restarts and rollbacks are no such verbs."""
    head = text[:200].replace("’", "'")
    if _DONE_MARK.search(head) or _DONE_NOW.search(head) or _NOW_RULE.match(head):
        return True
    for pattern in (_DONE_LEAD, _DONE_TAIL):
        match = pattern.match(head if pattern is _DONE_LEAD else head[:80])
        if match and _done_verb(match.group("verb")):
            return True
    return False


def is_commitment(text: str, *, weak: bool = True) -> bool:
    """A promise, an instruction or (if `weak`) a stated need ("We need to document …"): what
    an action item's first sentence reads like where commitments are expected."""
    first = text[:300]
    return (
        is_imperative(first) or is_promise(first) or owner_prefix(first)[0] is not None
        or (weak and _WEAK.search(first[:200]) is not None)
    )


def names_change(text: str) -> bool:
    """Whether an entry's words name a change, to make or made: a commitment, a change verb
    at its start ("Adding alerts", "Automated failover") or a past one ("Alerts configured")."""
    head = text[:300]
    first = _FIRST_WORD.match(_LEAD_IN.sub("", head.lstrip(" *_-–—•>\t"), count=1))
    return (
        is_commitment(head, weak=False) or reads_done(head)
        or (first is not None and is_change_verb(first.group(0)))
    )


# A change already made, told with the recurrence it prevents: "We improved our CI to avoid
# this kind of issue in the future"; "Our incident process now requires a private channel".
_PURPOSE = re.compile(
    r"\b(?:(?:in\s+order\s+)?to\s+(?:avoid|prevent|ensure|catch|detect|include)|in\s+the\s+future|"
    r"going\s+forward|from\s+now\s+on|"
    r"no\s+longer|so\s+that\s+(?:we|this|it|the)|never\s+again)\b",
    re.IGNORECASE,
)
_NOW_RULE = re.compile(
    r"^(?:our|the)\s+(?:[\w-]+\s+){0,4}now\s+(?:requires|enforces|includes|runs|checks|validates|"
    r"blocks|alerts|pages|prescribes)\b",
    re.IGNORECASE,
)
_IN_PLACE = re.compile(r"^we\s+(?:now\s+have|have\s+now)\s[^.;]{1,150}?\bin\s+place\b", re.IGNORECASE)  # "We now have a staging network in place"
_WE_DID = re.compile(r"^(?:we|we've|we\s+have)\s", re.IGNORECASE)
_SINCE = re.compile(r"^we(?:'ve|\s+have)\s+since\s", re.IGNORECASE)  # "We have since published a fix"
# A time after the incident opening the sentence: what was done then is a follow-up, not the response.
_AFTERWARDS = re.compile(
    r"^(?:(?:a\s+few|some|several|two|three|\d{1,2})\s+(?:days|weeks|months)\s+(?:after|later)|shortly\s+after|"
    r"afterwards|since\s+then|in\s+the\s+(?:days|weeks|months)\s+(?:after|since|following)|following)"
    r"(?:\s+(?:the|this)\s+(?:incident|outage|event|disruption))?,\s+",
    re.IGNORECASE,
)


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
    return (
        _PAST_FINITE.search(last) is not None and not is_commitment(last)
        and not names_follow_up_list(last) and not is_done_follow_up(last)
    )


def prevents_recurrence(text: str) -> bool:
    """Whether a change says what it keeps from happening again ("… to avoid this in the future")."""
    return _PURPOSE.search(text[:300]) is not None


def is_done_follow_up(sentence: str) -> bool:
    head = sentence[:300].replace("’", "'")
    if _NOW_RULE.match(head) or _IN_PLACE.match(head):
        return True
    if (later := _AFTERWARDS.match(head)) is not None:  # "A few days after the incident, we switched …"
        return bool(_WE_DID.match(head[later.end() :])) and reads_done(head[later.end() :])
    after = _PURPOSE.search(head) is not None or _SINCE.match(head) is not None
    return bool(_WE_DID.match(head)) and reads_done(head) and after


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


def _promised_or_made(sentence: str) -> bool:
    head = sentence[:300].replace("’", "'")
    return is_promise(head) or (_WE_DID.match(head) is not None and reads_done(head)) or is_done_follow_up(head)


def several_commitments(text: str) -> list[str]:
    """The commitments of one list entry that makes several ("We will add X. We'll also document
    Y", "We've updated X, and we've added Y"): its sentences or joined clauses when every one
    promises or tells a change made; [] when it makes one, or says anything else besides."""
    if "we" not in text.lower():
        return []
    parts = [clause for s in sentences(text) for clause in _clauses(s, _promised_or_made)]
    return parts if len(parts) > 1 and all(_promised_or_made(part) for part in parts) else []


# ---- owners written as the subject -------------------------------------------------------

_NAME = r"@[\w.-]+|[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}"
_OWNER_TO = re.compile(rf"^(?P<owner>{_NAME})(?:\s+team)?\s+(?:to|will|shall)\s+(?P<verb>[a-z][a-z'-]*)\b")
_OWNER_COLON = re.compile(rf"^(?P<owner>{_NAME}):\s+(?P<verb>[a-z][a-z'-]*)\b")
# "the drand team will patch …": a named team as the subject, kept as written ("the … team")
_TEAM_SUBJECT = re.compile(
    r"^(?P<owner>[Tt]he\s+(?:[\w.&-]+\s+){1,2}teams?)\s+(?:will|shall|is\s+going\s+to|are\s+going\s+to|to)\s+"
    r"(?P<verb>[a-z][a-z'-]*)\b"
)
# Capitalised words that start sentences without naming anyone.
_NOT_OWNERS = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "it", "its", "we", "our", "us", "they", "their", "you", "your", "i", "he", "she", "there", "here", "what", "when", "where", "who", "why", "how", "if", "then", "also", "and", "or", "but", "so", "all", "any", "each", "every", "some", "no", "not", "one", "plan", "plans", "need", "needs", "goal", "goals", "aim", "idea", "way", "ways", "time", "work", "task", "tasks", "action", "actions", "item", "items", "note", "notes", "todo", "step", "steps", "phase", "stage", "next", "first", "second", "third", "finally", "lastly", "additionally", "also", "further", "furthermore", "update", "updates", "fix", "fixes", "change", "changes", "status", "short", "long", "term", "immediate", "immediately", "later", "soon", "future", "ongoing", "done", "complete", "completed", "open", "closed", "mitigation", "remediation", "prevention", "detection", "process", "investigation", "improvement", "improvements", "follow", "followup", "followups", "alerting", "monitoring", "testing", "tooling", "logging", "documentation", "docs", "infrastructure", "infra", "security", "performance", "capacity", "automation", "training", "reliability", "recovery", "resilience", "observability", "backups", "backup", "config", "configuration", "deployment", "deployments", "release", "releases", "database", "network", "networking", "customers", "customer", "users", "user", "support", "communication", "communications", "engineering", "operations", "ops", "product", "recommendation", "recommendations", "proposal", "proposed", "option", "options", "cause", "impact", "summary", "timeline", "lesson", "lessons", "learned", "problem", "issue", "issues", "risk", "risks", "context", "background", "objective", "objectives", "owner", "owners", "due", "priority", "eta", "target", "ticket", "bug", "jira", "verify", "verification", "description"]
)  # fmt: skip
_NOUNISH = re.compile(r"(?:ing|ion|ions|ment|ments|ity|ness|ance|ence|ure|ics|ies|ed)$")


def _is_owner_name(name: str) -> bool:
    if name.startswith("@"):
        return len(name) > 1
    words = name.split()
    first = words[0].lower()
    if first in _NOT_OWNERS or first in _IMPERATIVE or any(w.lower() in _NOT_OWNERS for w in words):
        return False
    # "Monitoring: add …", "Deployment to include …": a topic label, not a person or team
    return not (len(words) == 1 and not words[0].isupper() and _NOUNISH.search(first))


def owner_prefix(text: str) -> tuple[str | None, str]:
    """ "ICL to upgrade X" → ("ICL", "upgrade X"); "Hypha: upgrade X" → ("Hypha", "upgrade X");
    "@alice will add X" → ("alice", "add X"). (None, text) when no one is named so."""
    if (team := _TEAM_SUBJECT.match(text)) is not None and team.group("verb") not in ("be", "have"):
        return team.group("owner"), text
    for pattern in (_OWNER_TO, _OWNER_COLON):
        match = pattern.match(text)
        if match is None or not _is_owner_name(match.group("owner")):
            continue
        verb = match.group("verb").lower()
        if pattern is _OWNER_COLON and verb not in _IMPERATIVE:
            continue
        if verb in ("be", "the", "a", "an") and pattern is _OWNER_TO:
            continue
        owner = match.group("owner").lstrip("@")
        rest = text[match.start("verb") :]
        return owner, rest if pattern is _OWNER_COLON else text
    return None, text
