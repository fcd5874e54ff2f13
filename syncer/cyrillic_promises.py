"""Promises of a change written in Russian or Ukrainian: how a team states what it will change
("Мы планируем перенести …", "Ми плануємо мігрувати …", "мы будем …", "… будет добавлен",
"… будуть розроблятися …"), held to the limits a promise in another language has: not an
update or the report, not an apology, not restoring service or watching the live event.

Each language is recognised by its own words (a future auxiliary, an intention verb, a
passive future), so no language guess is needed. Pure and linear: every pattern reads the
first 300 characters of one sentence and is anchored or bounded.
"""

from __future__ import annotations

import re

_HEAD = 300
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = r"[\u0400-\u04ff'’ʼ-]"
# The team with a future or an intention: "мы будем", "мы планируем", "мы собираемся",
# "мы намерены", "мы работаем над"; Ukrainian "ми будемо", "ми плануємо", "ми збираємося",
# "ми маємо намір", "ми працюємо над"; with up to two words between ("мы также планируем").
_WE = re.compile(
    rf"(?<!{_WORD})(?:мы|ми)\s+(?:{_WORD}+\s+){{0,2}}?(?:будем|будемо|планируем|плануємо|собираемся|збираємося|"
    r"намерены|маємо\s+намір|работаем\s+над|працюємо\s+над|займемся|займемося)"
    rf"(?!{_WORD})",
    re.IGNORECASE,
)
# A change in the passive future or planned: "будет добавлен", "будут переписаны",
# "будуть розроблятися", "буде впроваджено", "планируется", "планується", "запланировано".
_PASSIVE = re.compile(
    rf"(?<!{_WORD})(?:будет|будут|буде|будуть)\s+(?:{_WORD}+\s+){{0,2}}?{_WORD}{{3,}}"
    rf"(?:ан|ен|ён|ян|ано|ено|ена|ана|аны|ены|ані|ені|тися|ться|ся)(?!{_WORD})|"
    rf"(?<!{_WORD})(?:планируется|планується|запланировано|заплановано|предстоит)(?!{_WORD})",
    re.IGNORECASE,
)
# What such a sentence must not be: an update or the report, an apology or thanks, the live
# event (restoring service, restarting, watching on, the next hours), effort with no change.
_LIMITS = re.compile(
    rf"(?<!{_WORD})(?:сообщ|повідом|информир|інформу|обнов(?:им|лять|ление)\s+(?:эту|эт|статус)|оновл(?:юватимемо|ення)|"
    r"извин|вибач|прос(?:им|имо)\s+вибач|благодар|дяку|восстан|віднов|перезапуск|"
    r"следить|стежити|наблюдат|спостеріга|ближайш|найближч|в\s+течение\s+(?:часа|нескольких\s+часов)|"
    r"постмортем|пост-мортем|отчёт|отчет|звіт|старат|намагати|всё\s+возможное|все\s+можливе)",
    re.IGNORECASE,
)


def cyrillic_promise(text: str) -> bool:
    """Whether a sentence promises a change in Russian or Ukrainian."""
    head = text[:_HEAD]
    if _CYRILLIC.search(head) is None:
        return False
    found = _WE.search(head) or _PASSIVE.search(head)
    return found is not None and _LIMITS.search(head) is None


def may_be_cyrillic(text: str) -> bool:
    """A cheap test before reading a paragraph sentence by sentence."""
    return _CYRILLIC.search(text) is not None
