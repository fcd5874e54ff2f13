"""Deadlines written as a part of a year: quarters ("Q3 2026", "Q3 FY24", "early Q3", "end of
next quarter") and halves ("H2 2026", "2H'24", "the second half of the year"), resolved to the
day they end (DESIGN §3), and the month arithmetic they and syncer.duedates share.

Pure: a period without its year is counted from a base date passed in, never from the clock.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

# "Q3 2026", "2026-Q3", "Q3 FY24", "Q3 CY23", "Q3'24", "FY24 Q3", "early Q3", "mid-Q3", "end of Q3"
_QUARTER = re.compile(
    r"(?:(?P<lead>end of|eo|late|early|mid|start of|beginning of)\s*)?"
    r"(?:q(?P<q1>[1-4])(?:[\s/'’-]*(?:[fc]y\s*)?(?P<y1>\d{4}|\d{2}))?|"
    r"(?:(?P<y2>\d{4})|[fc]y\s*'?(?P<y3>\d{2}|\d{4}))[\s/-]*q(?P<q2>[1-4]))"
)
# "H2 2026", "2H 2026", "H1'27", "H2 FY27", "first half of 2026", "the second half of the year"
# (two digits only after an apostrophe or "FY": "2h24" is also two hours and 24 minutes)
_HALF = re.compile(
    r"(?:end of\s+)?(?:h(?P<h>[12])|(?P<h2>[12])h|(?:the\s+)?(?P<nth>first|1st|second|2nd)\s+half(?:\s+of)?)"
    r"(?:[\s/-]*(?:the\s+year|(?P<year>\d{4})|(?:['’]|fy\s*)(?P<yy>\d{2})))?"
)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def next_month(year: int, month: int, step: int = 1) -> tuple[int, int]:
    index = month - 1 + step
    return year + index // 12, index % 12 + 1


def quarter_end(text: str, base: date | None) -> date | None:
    """The deadline a quarter stands for (`text` lower-cased, its leading "by" gone); without a
    base only one whose year is written ("Q1 2027"), with one also "Q3", "end of quarter"."""
    if base is not None and text in {"eoq", "end of quarter", "end of the quarter", "end of this quarter"}:
        return month_end(base.year, (base.month - 1) // 3 * 3 + 3)
    if base is not None and text in {"end of next quarter", "next quarter"}:
        this_end = month_end(base.year, (base.month - 1) // 3 * 3 + 3)
        return month_end(*next_month(this_end.year, this_end.month, 3))
    match = _QUARTER.fullmatch(text)
    if match is None:
        return None
    if (year := _quarter_year(match)) is not None:
        return _in_quarter(match, year)
    if base is None:
        return None
    end = _in_quarter(match, base.year)
    return end if end >= base else _in_quarter(match, base.year + 1)  # "Q1" written in May: next year's


def half_end(text: str, base: date | None) -> date | None:
    """The end of the half-year `text` names: with its year written ("H2 2026"), or, from a
    base, the year's own ("end of H1", "the second half of the year"); a bare "H2" is no date."""
    match = _HALF.fullmatch(text)
    if match is None:
        return None
    if (year := _half_year(match)) is not None:
        return _half_end(match, year)
    if base is not None and (text.startswith("end") or "year" in text):
        return _half_end(match, base.year)
    return None


def _full_year(written: str) -> int:
    return int(written) + 2000 if len(written) == 2 else int(written)  # "FY24", "Q3'24"


def _quarter_year(match: re.Match[str]) -> int | None:
    written = match.group("y1") or match.group("y2") or match.group("y3")
    return _full_year(written) if written else None


def _in_quarter(match: re.Match[str], year: int) -> date:
    """The deadline a quarter stands for: its end, or where in it the words put it ("early
    Q3": the end of its first month, "mid-Q3": the 15th of its middle month)."""
    last = int(match.group("q1") or match.group("q2")) * 3
    lead = match.group("lead") or ""
    if lead in ("early", "start of", "beginning of"):
        return month_end(year, last - 2)
    return date(year, last - 1, 15) if lead == "mid" else month_end(year, last)


def _half_year(match: re.Match[str]) -> int | None:
    written = match.group("year") or match.group("yy")
    return _full_year(written) if written else None


def _half_end(match: re.Match[str], year: int) -> date:
    second = (match.group("h") or match.group("h2")) == "2" or match.group("nth") in ("second", "2nd")
    return month_end(year, 12 if second else 6)
