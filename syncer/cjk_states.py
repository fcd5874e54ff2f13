"""How things stood, told in Japanese or Korean: an entry that closes on a verb or adjective in
the past and names no change ("アラートの閾値が高すぎた", "手順書が古かった", "연락 체계가 모호했다")
is a finding of a retrospective ("what could have gone better"), not a follow-up, as an English
"The runbook was outdated" is (syncer.prose.tells). A change told in the past ("監視を追加した",
"모니터링을 추가했다") names its noun of change and is a follow-up already made.

Pure and linear: anchored patterns over the first sentence of one entry (200 characters).
"""

from __future__ import annotations

import re

from syncer.cjk_words import HANGUL, KANA
from syncer.foreign_instructions import JA_NOUNS, KO_NOUNS

_HEAD = 200
# The plain or polite past closing the sentence: "高すぎた", "古かった", "曖昧だった", "遅れました".
_JA_PAST = re.compile(r"(?:た|たです|でした|ました|ませんでした)[。．.!！]?\s*$")
# Korean past closing the sentence: "높았다", "모호했다", "늦었습니다".
_KO_PAST = re.compile(r"(?:았|었|였|했|됐|되었)(?:다|습니다|음)[.。!]?\s*$")
_JA_CHANGE = re.compile("|".join(JA_NOUNS.split()) + r"|[\u4e00-\u9fff]化")
_KO_CHANGE = re.compile("|".join(KO_NOUNS.split()))


def cjk_state_told(text: str) -> bool:
    """Whether an entry written in Japanese or Korean tells how things stood (see above)."""
    head = text[:_HEAD]
    if KANA.search(head) is not None:
        first = re.split(r"[。\n]", head, maxsplit=1)[0]
        return _JA_PAST.search(first) is not None and _JA_CHANGE.search(first) is None
    if HANGUL.search(head) is not None:
        first = re.split(r"[.。\n]", head, maxsplit=1)[0]
        return _KO_PAST.search(first) is not None and _KO_CHANGE.search(first) is None
    return False
