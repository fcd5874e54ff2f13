"""Deadlines as Japanese, Chinese and Korean documents write them: "2026年5月30日", "5月30日まで",
"2026年6月末", "6月中旬", "2026년 5월 30일까지", "来週中", "下个月", "이번 주".

Pure: each form is rewritten as the English deadline it stands for ("2026-05-30", "end of june
2026", "mid june", "next week"), which syncer.duedates resolves as it resolves any other, so a
date without its year, the near week and the month's end mean the same in every language.
Full-width digits and dashes ("２０２６－０６－０１") are folded by syncer.duedates before this is
asked; each form is one anchored match.
"""

from __future__ import annotations

import calendar
import re

# "2026年5月30日", "5月30日", "2026年6月末", "6月中旬", "2026년 5월 30일", with "まで" / "까지" after it
_DAY_MONTH = re.compile(
    r"(?:(?P<year>\d{4})\s*[年년]\s*)?(?P<month>\d{1,2})\s*[月월]\s*"
    r"(?:(?P<day>\d{1,2})\s*[日일号號]?|(?P<end>末|下旬|말)|(?P<mid>中旬|중순)|(?P<early>初旬|上旬|초))?"
    r"\s*(?:までに|まで|迄|为止|以前|前|中|까지)?"
)
# The near week or month: this one or the next, "中" / "内" (within it) or "末" (its end) after it
_NEAR = re.compile(
    r"(?:(?P<this_week>今週|本周|这周|這週|이번\s*주)|(?P<next_week>来週|下周|下週|다음\s*주)|"
    r"(?P<this_month>今月|本月|这个月|這個月|이번\s*달)|(?P<next_month>来月|下个月|下個月|下月|다음\s*달))"
    r"\s*(?:中|内|內|末|底|まで|までに|以内|까지|중)?"
)
_NEAR_IN_ENGLISH = {"this_week": "this week", "next_week": "next week", "this_month": "this month",
                    "next_month": "next month"}  # fmt: skip
_LENGTH_MAX = 24  # longer is a sentence, not a deadline


def cjk_as_english(text: str) -> str | None:
    """The English deadline a short CJK text states, or None."""
    if len(text) > _LENGTH_MAX:
        return None
    if (match := _DAY_MONTH.fullmatch(text)) is not None:
        month = int(match.group("month"))
        if not 1 <= month <= 12:
            return None
        name = calendar.month_name[month].lower()
        year = f" {match.group('year')}" if match.group("year") else ""
        if match.group("day"):
            day = int(match.group("day"))
            if match.group("year"):
                return f"{match.group('year')}-{month:02d}-{day:02d}"  # an impossible day stays unresolved
            return f"{name} {day}"
        if match.group("mid"):
            return f"mid {name}{year}"
        if match.group("early"):
            return f"{match.group('year')}-{month:02d}-10" if match.group("year") else f"{name} 10"
        return f"end of {name}{year}"  # "6月" / "6月末": by the month's end
    if (match := _NEAR.fullmatch(text)) is not None:
        return _NEAR_IN_ENGLISH[next(name for name, value in match.groupdict().items() if value)]
    return None
