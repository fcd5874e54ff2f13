"""Deadlines written as a time horizon from the review: a duration or a range of one ("1-2 weeks",
"within the next 24 hours", "1-2 días", "in etwa zwei Wochen", "dans 2 semaines") or the near
week or month ("la próxima semana", "nächsten Monat"), in English, Spanish, Portuguese, French
and German, as plans group their follow-ups ("Short term (1-2 weeks)", "Corto plazo (1 semana)").

Pure: what the text states (a unit and a count) and nothing more; syncer.duedates counts the
deadline from the review date, a range's far end being the deadline. The text comes lowered and trimmed by syncer.duedates; each form is one anchored
regex match, so its cost grows with the text's length only.
"""

from __future__ import annotations

import re

# "within the next", "dentro de los próximos", "nos próximos", "dans les prochains", "in den
# nächsten", "in etwa", "frühestens in": the words that put a duration ahead of the review
_LEAD = (
    r"(?:(?:in|within|over|during|after|en|dentro\s+de|em|até|em\s+até|dans|sous|d['’]ici(?:\s+à)?|"
    r"innerhalb(?:\s+(?:von|der|den))?|binnen|frühestens\s+in|spätestens\s+in|"
    r"(?:approx(?:imately)?|about|around|roughly|etwa|ca\.?|unos|unas|cerca\s+de|aproximadamente|environ)"
    r")\s+)*"
    r"(?:(?:the|los|las|el|la|os|as|o|a|nos|nas|les|le|den|die|der|dem)\s+)?"
    r"(?:(?:next|coming|following|próximos|próximas|proximos|proximas|siguientes|prochains|prochaines|"
    r"nächsten|kommenden|folgenden)\s+)?"
    r"(?:(?:etwa|ca\.?|about|around|roughly|unos|unas|environ)\s+)?"
)
# Counts as written: digits, number words, a few ("a couple of", "un par de", "ein paar")
_COUNTS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "few": 3, "a few": 3, "couple of": 2,
    "a couple of": 2, "couple": 2, "a couple": 2,
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "un par de": 2, "par de": 2, "pocos": 3, "pocas": 3, "unos pocos": 3, "unas pocas": 3,
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "alguns": 3, "algumas": 3,
    "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "quelques": 3,
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "paar": 3, "ein paar": 3, "einige": 3, "einigen": 3,
}  # fmt: skip
_COUNT = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(_COUNTS, key=len, reverse=True))
_NUMBER = rf"(?:\d{{1,3}}|{_COUNT})"
# "1-2", "1–2", "1 to 2", "1 a 2", "1 à 2", "1 bis 2", "1 or 2", "1 o 2", "1 ou 2", "1 oder 2"
_RANGE = rf"(?:(?P<low>{_NUMBER})\s*(?:-|–|—|to|a|à|bis|or|o|ou|oder)\s*)?"
# Units by the days they count; business days before plain ones
_UNITS = (
    ("business", r"business\s+days?|working\s+days?|días\s+hábiles|dias\s+hábiles|días\s+laborables|"
                 r"dias\s+úteis|dias\s+uteis|jours\s+ouvrés|jours\s+ouvrables|werktage|werktagen|arbeitstage|arbeitstagen"),
    ("hours", r"hours?|hrs?|horas?|heures?|stunden?"),
    ("days", r"days?|días?|dias?|jours?|tage|tagen|tag"),
    ("weeks", r"weeks?|wks?|semanas?|semaines?|wochen|woche"),
    ("months", r"months?|meses|mes|mês|mois|monaten?|monate|monat"),
)  # fmt: skip
_UNIT = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _UNITS)
_LENGTH_MAX = 60  # longer is a sentence, not a deadline
_DURATION = re.compile(rf"{_LEAD}{_RANGE}(?P<count>{_NUMBER})\s*(?:{_UNIT})")

# The near week or month by name: "this week", "la próxima semana", "la semana que viene", "le
# mois prochain", "nächste Woche", "este mês"
_THIS = r"(?:esta|este|cette|ce|diese|diesen|dieser)"
_NEXT_BEFORE = r"(?:(?:la|el|a|o)\s+)?(?:próxima|proxima|próximo|proximo|nächste|nächsten|kommende|kommenden)"
_NEXT_AFTER = r"(?:prochaine|prochain|que\s+viene|que\s+vem)"
_WEEK = r"semana|semaine|woche"
_MONTH = r"mes|mês|mois(?:[\s-]ci)?|monat"
_NEAR = re.compile(
    rf"(?:(?P<this>{_THIS})|{_NEXT_BEFORE})\s+(?:(?P<week>{_WEEK})|{_MONTH})|"
    rf"(?:(?:la|el|a|o|le)\s+)?(?:(?P<week2>{_WEEK})|{_MONTH})\s+{_NEXT_AFTER}"
)


def _count(word: str) -> int | None:
    word = " ".join(word.split())
    return int(word) if word.isdigit() else _COUNTS.get(word)


def horizon(text: str) -> tuple[str, int] | None:
    """The time horizon a lowered text states, as a unit and how many of it from the review:
    ("weeks", 2) for "1-2 weeks", ("week_end", 1) for "next week"; None for anything else.
    Units: "hours", "business" (days), "days", "weeks", "months"; "week_end" / "month_end"
    count whole weeks or months, 0 being the review's own."""
    if len(text) > _LENGTH_MAX:
        return None
    if (match := _DURATION.fullmatch(text)) is not None:
        count = _count(match.group("count"))
        low = _count(match.group("low")) if match.group("low") else 0
        if count is None or low is None or low > count:
            return None  # "3-1 weeks" is no range
        return next(name for name, _ in _UNITS if match.group(name)), count
    if (match := _NEAR.fullmatch(text)) is not None:
        ahead = 0 if match.group("this") else 1
        return ("week_end" if match.group("week") or match.group("week2") else "month_end"), ahead
    return None
