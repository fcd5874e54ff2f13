"""Deadlines written with words around a date ("the 15th of March", "week of 2023-09-25",
"March 15 (tentative)", "~Sept. 30 or so"), read by python-dateutil's fuzzy parser.

Pure: a date without its year is the next one on or after the base passed in. dateutil skips
the words it does not read; the date stands only when every skipped word is one teams put
around a deadline (a hedge, "week of", "end of") and the text names its month, by name or in a
numeric date, so "3 replicas by Friday", "Q3 FY24" or "v1.5" are no days of a month.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from dateutil import parser as dateutil_parser

_INFO = dateutil_parser.parserinfo()
# Words teams write around a deadline's date; any other skipped word makes the text prose, and a
# due word amid it a second deadline ("2026-12-18 by 2026-06-19").
_AROUND = frozenset(
    {"the", "of", "on", "no", "not", "later", "than", "latest", "at", "in", "eta", "target", "targeted",
     "targeting", "week", "end", "mid", "late",
     "early", "around", "about", "approx", "approximately", "roughly", "circa", "ca", "tentative",
     "tentatively", "estimate", "estimated", "expected", "planned", "ish", "tbc", "or", "so", "eod",
     "cob", "eow", "close", "business", "day", "hopefully", "ideally", "first", "last"}
)  # fmt: skip
_THE_PLACES = re.compile(r"\bthe\s+(?:\d{1,2}(?:st|nd|rd|th)\b|end|week|first|last|mid|early|late)", re.IGNORECASE)
_PLACED = frozenset({"late", "early", "mid", "end"})
_WORD = re.compile(r"[^\W\d_]+")
# A month in numbers: "2023-09-25", "3/20", "14.03.2026" (two dotted numbers alone are a version)
_NUMERIC_MONTH = re.compile(r"\d{1,4}[/-]\d{1,2}|\d{1,2}\.\d{1,2}\.\d{2,4}")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_LENGTH_MAX = 60  # longer is a sentence, not a deadline
# Two defaults that differ in every field: a field equal in both results was written.
_ONE, _TWO = datetime(2000, 1, 1), datetime(2004, 2, 2)


def _one_month_named(text: str) -> bool:
    """Whether the text names one month, by name or in a numeric date (two are two dates)."""
    named = len(_NUMERIC_MONTH.findall(text)) + sum(1 for word in _WORD.findall(text) if _INFO.month(word))
    return named == 1


def worded_date(text: str, base: date | None) -> date | None:
    """The deadline a short text states by a date with words around it, or None. Without a
    day written it is the month's end ("late March"), its 15th for "mid"; "week of" a day is
    that week's Friday."""
    if len(text) > _LENGTH_MAX or ":" in text or not _one_month_named(text):  # a time of day: a timeline's
        return None
    try:
        one, skipped = dateutil_parser.parse(text, fuzzy_with_tokens=True, default=_ONE)
        two = dateutil_parser.parse(text, fuzzy=True, default=_TWO)
    except (ValueError, OverflowError, dateutil_parser.ParserError):
        return None
    left = " ".join(skipped).lower()
    words = _WORD.findall(left)
    if one.month != two.month or any(c.isdigit() for c in left) or not all(w in _AROUND for w in words):
        return None
    if "the" in words and not _THE_PLACES.search(text):
        return None  # "before the 2023-02-01 outage" names an event; "by the 15th of March" a day
    if not any(c.isdigit() for c in text) and not _PLACED & set(words):
        return None  # a month alone is a deadline only placed in it ("late March"), not "the March release"
    if any(int(year) != one.year for year in _YEAR.findall(text)):
        return None  # a year dateutil read otherwise ("0000" as 2000)
    day = one.day if one.day == two.day else None
    if one.year == two.year:
        return _day(one.year, one.month, day, words)
    if base is None:
        return None  # no year written and none to count from
    found = _day(base.year, one.month, day, words)
    return found if found >= base else _day(base.year + 1, one.month, day, words)


def _day(year: int, month: int, day: int | None, words: list[str]) -> date:
    if day is None:
        return date(year, month, 15 if "mid" in words else calendar.monthrange(year, month)[1])
    found = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    if "week" in words and found.weekday() < 4:  # "week of March 4": by that week's Friday
        found += timedelta(days=4 - found.weekday())
    return found
