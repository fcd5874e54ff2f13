"""What a heading or label names: a place for commitments, the story of the incident, or
the response to the live incident.

Pure word work, explainable by its parts: a heading is scored by the word stems it shares
with the way teams name their follow-up work (stems, not a list of titles, and close
misspellings such as "Foward" still count). syncer.items weighs these scores with the
document's structure.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from syncer.procedure_words import REPRODUCE_PHRASES, REPRODUCE_STEMS

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
    # the same names in other languages written in Latin letters (accents dropped, ß as ss):
    # German, French, Spanish, Portuguese, Italian, Dutch, Polish, Vietnamese
    "massnahm": 0.9, "verbesser": 0.8, "vorbeug": 0.9, "nachste": 0.6, "schritt": 0.5, "aufgab": 0.6,
    "suivi": 1.0, "mesure": 0.6, "amelior": 0.8, "accion": 1.0, "acoes": 1.0, "acao": 1.0, "azion": 1.0,
    "medida": 0.6, "mejora": 0.8, "melhoria": 0.8, "miglior": 0.8, "seguimiento": 1.0, "acompanhamento": 1.0,
    "proxim": 0.6, "paso": 0.5, "passo": 0.5, "prevenc": 0.9, "prevenzion": 0.9, "actiepunt": 1.0,
    "verbeter": 0.8, "dzialan": 0.9, "hanhdong": 1.0, "phongngua": 0.9, "caithien": 0.8,
    "zeitlinie": -2.0, "zeitablauf": -2.0, "ablauf": -1.0, "cronolog": -2.0, "ursach": -1.0, "causa": -1.0,
    "auswirkung": -1.0, "zusammenfassung": -1.0, "resumen": -1.0, "resumo": -1.0, "hintergrund": -1.0,
    "thoigian": -2.0, "nguyennhan": -1.0, "anhhuong": -1.0, "tongquan": -1.0,
    # Norwegian, Danish, Swedish (ø as o, æ as ae, å and ä as a) and Finnish
    "aksjon": 1.0, "handlingspunkt": 1.0, "tiltak": 0.9, "oppfolging": 1.0, "opfolgning": 1.0, "uppfoljning": 1.0,
    "atgard": 1.0, "forbedring": 0.8, "forbattring": 0.8, "toimenpi": 1.0, "jatkotoim": 1.0, "parannu": 0.8,
    "tidslinje": -2.0, "hendelsesforlop": -2.0, "aikajana": -2.0, "rotarsak": -1.0, "arsak": -1.0, "arsag": -1.0,
    "orsak": -1.0, "juurisyy": -1.0, "sammendrag": -1.0, "sammanfattning": -1.0, "yhteenveto": -1.0,
    "konsekvens": -1.0, "bakgrunn": -1.0,
    **REPRODUCE_STEMS,
}  # fmt: skip
# Names in scripts without Latin letters, found as written (Japanese, Chinese, Korean, Russian).
_PHRASES: dict[str, float] = {
    "対策": 0.9, "再発防止": 1.0, "今後": 0.8, "改善": 0.8, "アクション": 1.0, "行動項目": 1.0, "行动项": 1.0,
    "后续": 1.0, "後續": 1.0, "改进": 0.8, "措施": 0.8, "待办": 1.0, "조치": 0.9, "개선": 0.8, "재발 방지": 1.0,
    "재발방지": 1.0, "후속": 1.0, "향후": 0.8, "меры": 0.8, "действи": 0.9, "улучшени": 0.8,
    "タイムライン": -2.0, "時系列": -2.0, "経緯": -2.0, "时间线": -2.0, "时间轴": -2.0, "타임라인": -2.0,
    "хронолог": -2.0, "原因": -1.0, "影響": -1.0, "影响": -1.0, "概要": -1.0, "摘要": -1.0, "概述": -1.0,
    "원인": -1.0, "영향": -1.0, "요약": -1.0, "причин": -1.0, "влияни": -1.0, "резюме": -1.0,
    **REPRODUCE_PHRASES,
}  # fmt: skip
_NARRATIVE_STEMS = frozenset(s for s, w in _HEADING_STEMS.items() if w <= -1.0)
_JOINED = (("follow", "up", "followup"), ("next", "step", "nextstep"), ("work", "item", "workitem"),
           ("doing", "about", "doingabout"), ("done", "about", "doneabout"),
           # Vietnamese writes a word as syllables: "hành động" (action), "thời gian" (time)
           ("hanh", "dong", "hanhdong"), ("phong", "ngua", "phongngua"), ("cai", "thien", "caithien"),
           ("thoi", "gian", "thoigian"), ("nguyen", "nhan", "nguyennhan"), ("anh", "huong", "anhhuong"),
           ("tong", "quan", "tongquan"))  # fmt: skip
_LETTERS = re.compile(r"[a-z]+")
# Words in their own right that a longer stem starts with: "Why the design is correct" is no
# "corrective", and a "Commit:" (a revision in version control) no "commitment"
_WHOLE_WORDS = frozenset({"correct", "commit", "handling"})  # "Error handling" is no "handlingspunkt"
_FUZZY_MIN = 0.85
_TIMESTAMP = re.compile(r"^\W{0,3}(?:\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2})")


def _words(title: str) -> list[str]:
    if not title.isascii():  # "Résolution", "Prévention": the letters without their accents
        title = title.replace("ß", "ss").replace("đ", "d").replace("ø", "o").replace("Ø", "O").replace("æ", "ae")
        title = "".join(ch for ch in unicodedata.normalize("NFKD", title.replace("Æ", "Ae"))
                        if not unicodedata.combining(ch))
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
    cut_short = len(word) >= 5 and word not in _WHOLE_WORDS
    prefixed = [stem for stem in _HEADING_STEMS if word.startswith(stem) or (cut_short and stem.startswith(word))]
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
    score = _phrase_score(title)
    seen: set[str] = set()
    recurrence = _recurrence(words)
    for k, word in enumerate(words):
        stem = "prevent" if k in recurrence else _stem_of(word)
        if stem is not None and stem not in seen and not (k < modifiers and _HEADING_STEMS[stem] < 0
                                                          and stem not in _READER_STEMS):
            seen.add(stem)
            score += _HEADING_STEMS[stem]
    return score


_AGAIN_WITHIN = 3  # "happen again", "happens to us again", "happening ever again"
_NEGATION = frozenset({"never", "not", "no", "t", "doesn", "don", "won", "wont", "cannot"})


def _recurrence(words: list[str]) -> set[int]:
    """Where "happen" names a recurrence to prevent, not the story: "How we make sure it never
    happens again", "Ensuring this doesn't happen again" are about prevention."""
    return {k for k, word in enumerate(words)
            if word.startswith("happen") and "again" in words[k + 1 : k + 1 + _AGAIN_WITHIN]
            and _NEGATION.intersection(words[max(0, k - _AGAIN_WITHIN) : k])}


def _phrase_score(title: str) -> float:
    """What a heading written in a script without Latin letters names, phrase by phrase."""
    if title.isascii():
        return 0.0
    head = title[:200].lower()
    return sum(weight for phrase, weight in _PHRASES.items() if phrase in head)


# Words that address the readers: "User next steps" are steps for the users to take, not the
# team's follow-up work, so these count even when they only modify the noun after them
_READER_STEMS = frozenset({"user", "you", "your"})
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
    recurrence = _recurrence(words)
    stems = ["prevent" if k in recurrence else _stem_of(word) for k, word in enumerate(words)]
    if any(stem in _NARRATIVE_STEMS for stem in stems) or _phrase_score(title) <= -1.0:
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


def is_action_label(label: str) -> bool:
    """ "Next steps", "Action items": a label over follow-up work, not over the live response."""
    return heading_score(label) >= 0.75 and not names_response(label)
