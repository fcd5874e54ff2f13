"""Plans told in other languages without a future tense: a decision the team has taken ("Nous
avons décidé de changer de serveur", "Wir haben beschlossen, …", "Hemos decidido migrar …"), a
change someone is to make in the German modal passive ("Zusätzlich soll auf zwei Gateways auf
VPN-Anbieter verzichtet werden"), and work the team is doing now in Chinese ("我们也在积极评估方案，
以避免此类事件再次发生"). Each commits the team as "We will …" does; syncer.foreign_promises asks
here after its futures, and the same limits hold (syncer.foreign_limits: not the live event, an
update, an apology).

Pure and linear: bounded patterns over the first 300 characters of one sentence.
"""

from __future__ import annotations

import re

from syncer.foreign_limits import latin_allowed, latin_allowed_after

_HEAD = 300
# The team decided to do something: French, Spanish, Portuguese, Italian, German, Dutch.
_DECIDED = re.compile(
    r"\bnous\s+avons\s+(?:\w+\s+)?(?:décidé|choisi|résolu)\s+d(?:e\s|')|"
    r"\b(?:hemos\s+(?:\w+\s+)?(?:decidido|optado\s+por)|decidimos|resolvemos|optamos\s+por)\s+\w|"
    r"\babbiamo\s+(?:\w+\s+)?(?:deciso|scelto)\s+di\s|"
    r"\bwir\s+haben\s+(?:uns\s+)?(?:\w+\s+){0,3}?(?:entschieden|beschlossen|entschlossen)\b|"
    r"\bhaben\s+wir\s+(?:uns\s+)?(?:\w+\s+){0,3}?(?:entschieden|beschlossen|entschlossen)\b|"
    r"\b(?:we|wij)\s+hebben\s+(?:\w+\s+){0,2}?besloten\b|\bhebben\s+(?:we|wij)\s+besloten\b",
    re.IGNORECASE,
)
# German: "soll(en) … <participle> werden" — what is to be done, told in the passive (the past
# "sollte … werden" is a wish about what happened, and is not matched).
_DE_TO_BE_DONE = re.compile(r"\b(?:soll|sollen)\s(?:[^.;:!?]{0,150}?\s)?[^\W\d_]{3,}(?:t|en)\s+werden\b", re.IGNORECASE)
# Chinese: the team at work now on a change ("我们正在评估…", "团队也在积极推进…").
_ZH_UNDER_WAY = re.compile(
    r"(?:我们|团队|本团队|[\u4e00-\u9fff]{1,4}(?:团队|小组|组))(?:也|还|目前|现在)?(?:正在|在)(?:积极|持续|逐步)?"
    r"(?:评估|研究|制定|推进|规划|设计|开发|改进|优化|完善|建设|搭建|推动|准备|考虑|实施|部署|迁移|升级)"
)
_ZH_TOLD = re.compile(r"了|已|曾|当时")


def latin_plan(head: str) -> bool:
    """Whether a Latin-script sentence tells a decision taken or a change to be made (German)."""
    head = head[:_HEAD]
    if (decided := _DECIDED.search(head)) is not None:
        return latin_allowed_after(head, decided.start())
    found = _DE_TO_BE_DONE.search(head)
    return found is not None and latin_allowed(head, found.start())


def chinese_under_way(sentence: str) -> bool:
    """Whether a Chinese sentence tells the team at work on a change now."""
    head = sentence[:_HEAD]
    return _ZH_UNDER_WAY.search(head) is not None and _ZH_TOLD.search(head) is None
