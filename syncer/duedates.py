"""Resolve deadlines as people write them into absolute dates (DESIGN §3).

Pure: relative forms ("Friday", "2 weeks", "EOM", "Q1 2027") are resolved from a base
date passed in (the review date), never from the clock. Anything not understood
resolves to None and the caller keeps the text so lint can report it.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil import parser as dateutil_parser

from syncer.cjk_dates import cjk_as_english
from syncer.due_periods import half_end, month_end, next_month, quarter_end
from syncer.horizons import horizon
from syncer.worded_dates import worded_date

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _number
        MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(calendar.day_name):
    WEEKDAYS[_name.lower()] = _number
    WEEKDAYS[_name[:3].lower()] = _number
WEEKDAYS.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_ABSOLUTE = [
    re.compile(r"(?P<year>\d{4})[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})(?:[t ]\d{1,2}:\d{2}\S*)?"),
    re.compile(rf"{_DAY}(?:\s+of)?[\s-]+{_MONTH},?[\s-]+{_YEAR}"),
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"),
]
_LEADING_WORDS = re.compile(
    r"^(?:(?:due|by|before|on|until|till|til|no later than|not later than|latest|target|eta|"
    r"at the latest|(?:in|within|during|over)(?: the)?)\b[\s:]*)+"
)
# "Q4 2025 - Q1 2026", "2026-03-01 to 2026-03-15": a period whose end is the deadline
_RANGE = re.compile(r"\s+(?:-|–|—|to|through|until|till)\s+|\s*[–—]\s*")
_WEEKDAY_PREFIX = re.compile(r"^[a-z]+,?\s+")
_WEEKDAY = re.compile(r"(?:(?:next|this|coming|the|eod|cob)\s+)?(?P<name>[a-z]+)")  # "EOD Friday" too
_DURATION = re.compile(
    r"(?:(?:in|within|after|over)\s+)?(?:the\s+)?(?:next\s+)?(?P<count>\d{1,3}|[a-z]+)\s*"
    r"(?P<unit>business days?|working days?|days?|d|weeks?|wks?|w|months?|mos?)"
    r"(?:\s+(?:from|after)\s+(?:the\s+)?(?:review|today|now|postmortem|incident))?"
)
_END_OF_MONTH_NAMED = re.compile(rf"(?:end(?:\s+of)?\s+|eo\s*){_MONTH}(?:,?\s+{_YEAR})?")  # "end May 2024" too
# "week 12", "W12", "end of week 12", "CW 12 2026": an ISO calendar week, ending on its Friday
_ISO_WEEK = re.compile(r"(?:(?:end of|eo)\s+)?(?:the\s+)?(?:iso\s+|calendar\s+)?(?:(?:week|wk|cw|kw)\s*|w)(?P<week>\d{1,2})(?:,?\s+(?P<year>\d{4}))?")
_MONTH_DAY = [re.compile(rf"{_MONTH}\s+{_DAY}"), re.compile(rf"{_DAY}(?:\s+of)?[\s-]+{_MONTH}")]
# "03/14/2026", "14.03.2026", "3/20", "3/20/26": numeric day and month, the year optional
_NUMERIC = re.compile(r"\d{1,2}(?P<sep>[/.])\d{1,2}(?:(?P=sep)(?P<year>\d{2}|\d{4}))?")
_MONTH_YEAR = re.compile(rf"(?:(?P<mid>mid)[\s-]*)?{_MONTH},?\s+{_YEAR}|(?P<y2>\d{{4}})-(?P<mnum>\d{{2}})")
_MID_MONTH = re.compile(rf"mid[\s-]*{_MONTH}")


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(base: date, months: int) -> date:
    index = base.month - 1 + months
    year, month = base.year + index // 12, index % 12 + 1
    return date(year, month, min(base.day, calendar.monthrange(year, month)[1]))


def _normalise(text: str) -> str:
    text = text.strip().lower() if text.isascii() else unicodedata.normalize("NFKC", text).strip().lower()  # "２０２６－０６－０１"
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", re.sub(r"\s+", " ", text))
    text = text.strip(" .,;:!*_`'\"")
    text = _LEADING_WORDS.sub("", text).strip(" .,;:")
    return text[4:] if text.startswith("the end of ") else text  # "by the end of the month"


def _absolute(text: str) -> date | None:
    for pattern in _ABSOLUTE:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = match.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else MONTHS.get(groups["month"])
        if month is not None:
            return _valid(int(groups["year"]), month, int(groups["day"]))
    return None


def _numeric(text: str, base: date | None) -> date | None:
    """Numeric dates through dateutil's parser: slashes read month first (US), dots day first
    (most of Europe), and a date without a year is the next one on or after the base."""
    match = _NUMERIC.fullmatch(text)
    if match is None or (match.group("year") is None and (base is None or match.group("sep") == ".")):
        return None  # "1.5" is a version or a number, not the first of May
    default = datetime(base.year if base else 2000, base.month if base else 1, 1)
    try:
        found = dateutil_parser.parse(text, dayfirst=match.group("sep") == ".", default=default).date()
    except (ValueError, OverflowError, dateutil_parser.ParserError):
        return None
    if match.group("year") is None and base is not None and found < base:
        found = _valid(found.year + 1, found.month, found.day) or found
    return found


def _month_period(text: str, base: date | None) -> date | None:
    """ "July 2026" / "2026-07": the month's end; "mid-July 2026" / "mid-July": its 15th."""
    if (match := _MONTH_YEAR.fullmatch(text)) is not None:
        month = int(match.group("mnum")) if match.group("mnum") else MONTHS.get(match.group("month") or "")
        if month is None or not 1 <= month <= 12:
            return None
        year = int(match.group("year") or match.group("y2"))
        return date(year, month, 15) if match.group("mid") else month_end(year, month)
    if base is not None and (match := _MID_MONTH.fullmatch(text)) and (month := MONTHS.get(match.group("month"))):
        found = date(base.year, month, 15)
        return found if found >= base else date(base.year + 1, month, 15)
    if base is not None and len(text) >= 3 and (month := MONTHS.get(text)):  # "by January": its next end
        end = month_end(base.year, month)
        return end if end >= base else month_end(base.year + 1, month)
    if re.fullmatch(r"(?:the\s+)?end\s+of\s+(?P<year>\d{4})", text):  # "the end of 2026"
        return date(int(text[-4:]), 12, 31)
    return None


def _absolute_or_weekday_prefixed(text: str) -> date | None:
    found = _absolute(text)
    prefix = None if found else _WEEKDAY_PREFIX.match(text)
    if prefix and prefix.group(0).rstrip(", ") in WEEKDAYS:  # "Friday, 14 March 2026"
        found = _absolute(text[prefix.end() :])
    return found


def parse_date(text: str) -> date | None:
    """An absolute date ("2026-03-14", "14 March 2026", "Mar 14, 2026", "2026/03/14")."""
    return _absolute_or_weekday_prefixed(_normalise(text))


def find_date(text: str) -> date | None:
    """The first absolute date anywhere in a short value ("2026-03-04 14:02 UTC", "Fri 2026-03-06")."""
    lowered = text.lower()
    for pattern in _ABSOLUTE:
        for match in pattern.finditer(lowered):
            found = _absolute(match.group(0))
            if found is not None:
                return found
    return None


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _WORD_NUMBERS.get(word)


def _after_weekday(base: date, weekday: int) -> date:
    """The next such weekday strictly after base."""
    return base + timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)


def _add_business_days(base: date, days: int) -> date:
    current = base
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _duration(text: str, base: date) -> date | None:
    match = _DURATION.fullmatch(text)
    if match is None:
        return None
    count = _count(match.group("count"))
    if count is None:
        return None
    unit = match.group("unit")
    if unit.startswith(("business", "working")):
        return _add_business_days(base, min(count, 999))
    if unit.startswith("d"):
        return base + timedelta(days=count)
    if unit.startswith("w"):
        return base + timedelta(weeks=count)
    return _add_months(base, count)


def _horizon_end(unit: str, count: int, base: date) -> date:
    """The deadline a time horizon from syncer.horizons sets: ("weeks", 2), ("week_end", 1)."""
    count = min(count, 999)
    if unit == "week_end":
        return _after_weekday(base, 4) + timedelta(weeks=count)
    if unit == "month_end":
        return month_end(*next_month(base.year, base.month, count))
    if unit == "business":
        return _add_business_days(base, count)
    if unit == "hours":
        return base + timedelta(days=-(-count // 24))  # within 24 hours: by the next day
    if unit == "months":
        return _add_months(base, count)
    return base + timedelta(days=count if unit == "days" else count * 7)


def _named_period(text: str, base: date) -> date | None:
    if text in {"eow", "end of week", "end of the week", "end of this week", "this week"}:
        return _after_weekday(base, 4)
    if text in {"end of next week", "next week"}:
        return _after_weekday(base, 4) + timedelta(weeks=1)
    if text in {"eom", "end of month", "end of the month", "end of this month", "this month"}:
        end = month_end(base.year, base.month)
        return end if end > base else month_end(*next_month(base.year, base.month))
    if text in {"end of next month", "next month"}:
        return month_end(*next_month(base.year, base.month))
    if text in {"eoy", "end of year", "end of the year", "end of this year"}:
        return date(base.year, 12, 31)
    if text == "tomorrow":
        return base + timedelta(days=1)
    if text in {"eod", "end of day", "end of the day", "cob", "close of business"}:
        return base
    if (found := half_end(text, base)) is not None:
        return found
    if match := _ISO_WEEK.fullmatch(text):  # the review's year unless one is written
        return date.fromisocalendar(int(match.group("year") or base.year), int(match.group("week")), 5)
    if (match := _END_OF_MONTH_NAMED.fullmatch(text)) and (month := MONTHS.get(match.group("month"))):
        if match.group("year"):
            return month_end(int(match.group("year")), month)
        end = month_end(base.year, month)
        return end if end >= base else month_end(base.year + 1, month)
    return None


def _weekday(text: str, base: date) -> date | None:
    match = _WEEKDAY.fullmatch(text)
    if match is None or match.group("name") not in WEEKDAYS:
        return None
    return _after_weekday(base, WEEKDAYS[match.group("name")])


def _month_day(text: str, base: date) -> date | None:
    """ "March 14" without a year: the next such day on or after the base."""
    for pattern in _MONTH_DAY:
        match = pattern.fullmatch(text)
        if match and (month := MONTHS.get(match.group("month"))):
            day = int(match.group("day"))
            found = _valid(base.year, month, day)
            if found is not None and found < base:
                found = _valid(base.year + 1, month, day)
            return found
    return None


def _period_absolute(text: str) -> date | None:
    """Ends of periods that name their year: "Q1 2027", "H2 2026", "end of March 2027"."""
    if (found := quarter_end(text, None) or half_end(text, None)) is not None:
        return found
    if (match := _ISO_WEEK.fullmatch(text)) and match.group("year"):
        return date.fromisocalendar(int(match.group("year")), int(match.group("week")), 5)
    if (match := _END_OF_MONTH_NAMED.fullmatch(text)) and match.group("year"):
        month = MONTHS.get(match.group("month"))
        return month_end(int(match.group("year")), month) if month else None
    return None


# The same deadlines recur ("Friday", "2 weeks", "Q3" counted from one review date, a column's
# forms judged again): a date is immutable, so each (text, base, way) is read once.
@lru_cache(maxsize=1024)
def _resolve(text: str, base: date | None, *, search: bool, weekday: bool = True, worded: bool = False) -> date | None:
    """`weekday`: a leading weekday may be read past ("Friday, March 3rd"); once, so a run of
    weekdays costs no deeper search. `worded`: a date may stand among words put around it."""
    cleaned = _normalise(text)
    if not cleaned.isascii():
        cleaned = cjk_as_english(cleaned) or cleaned  # "2026年6月末" reads as "end of june 2026"
    if base is not None and (span := horizon(cleaned)) is not None:  # before a range's dash reads two dates ("1–2 weeks")
        try:
            return _horizon_end(*span, base)
        except (OverflowError, ValueError):  # a base near date.max: no such deadline
            return None
    if len(parts := _RANGE.split(cleaned)) == 2:
        end = _resolve(parts[1], base, search=False)
        year = parts[1][-4:] if parts[1][-4:].isdigit() and not parts[0][-4:].isdigit() else ""
        start = _resolve(f"{parts[0]} {year}", base, search=False)  # "March–April 2026"
        return end if start is not None and end is not None and start <= end else None
    prefix = _WEEKDAY_PREFIX.match(cleaned)
    if (
        weekday and prefix and prefix.group(0).rstrip(", ") in WEEKDAYS and len(cleaned) > prefix.end()
        and (found := _resolve(cleaned[prefix.end() :], base, search=False, weekday=False)) is not None
    ):
        return found  # "Friday, March 3rd": the date written after the weekday
    try:
        found = (
            _absolute_or_weekday_prefixed(cleaned) or _period_absolute(cleaned)
            or _numeric(cleaned, base) or _month_period(cleaned, base)
        )
        if found is None and base is not None:
            found = (
                _weekday(cleaned, base)
                or _duration(cleaned, base)
                or _named_period(cleaned, base)
                or quarter_end(cleaned, base)
                or _month_day(cleaned, base)
            )
        if found is None and (search or worded):  # read past the words around its date
            found = worded_date(cleaned, base)  # ("the 15th of March", "week of 2023-09-25")
    except (OverflowError, ValueError):  # year 0, or a base near date.max: no such deadline
        return None
    if found is None and search and len(cleaned) <= 80:
        found = find_date(cleaned)  # "Friday (2026-03-06)": the written date wins
    return found


def resolve_due(text: str | None, base: date | None) -> date | None:
    """The absolute deadline `text` stands for, counted from `base` (the review date).

    Relative forms need a base; without one they stay unresolved (None).
    """
    return _resolve(text, base, search=True) if text else None


_FORM_CHECK_BASE = date(2001, 1, 1)  # any date will do: only the form of the text is judged


def is_deadline(text: str, *, worded: bool = False) -> bool:
    """Whether the whole text is a deadline in a form resolve_due understands; `worded`: also a
    date among words teams put around one ("week of March 9", "~Sept. 30"), for a place that
    holds deadlines (a table column, a bracket of fields), not a sentence that may tell a date."""
    return _resolve(text, _FORM_CHECK_BASE, search=False, worded=worded) is not None
