"""Due dates as people write them, resolved from the review date (never the clock)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncer.duedates import find_date, is_deadline, parse_date, resolve_due

WEDNESDAY = date(2026, 3, 4)
FRIDAY = date(2026, 3, 6)
MONTH_END = date(2026, 3, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-14", date(2026, 3, 14)),
        ("2026/03/14", date(2026, 3, 14)),
        ("2026.03.14", date(2026, 3, 14)),
        ("14 March 2026", date(2026, 3, 14)),
        ("14 Mar 2026", date(2026, 3, 14)),
        ("14th March 2026", date(2026, 3, 14)),
        ("14-Mar-2026", date(2026, 3, 14)),
        ("March 14, 2026", date(2026, 3, 14)),
        ("Mar 14 2026", date(2026, 3, 14)),
        ("Sept 1, 2026", date(2026, 9, 1)),
        ("Fri, 14 Mar 2026", date(2026, 3, 14)),
        ("by 2026-03-14", date(2026, 3, 14)),
        ("Due: 2026-03-14.", date(2026, 3, 14)),
        ("2026-03-14T17:00:00Z", date(2026, 3, 14)),
        ("end of Q1 2027", date(2027, 3, 31)),
        ("Q1 2027", date(2027, 3, 31)),
        ("2027-Q2", date(2027, 6, 30)),
        ("Q4/2026", date(2026, 12, 31)),
        ("H1 2027", date(2027, 6, 30)),
        ("end of March 2027", date(2027, 3, 31)),
    ],
)
def test_absolute_forms_need_no_base(text: str, expected: date) -> None:
    assert resolve_due(text, None) == expected
    assert resolve_due(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday", FRIDAY),
        ("friday", FRIDAY),
        ("Fri", FRIDAY),
        ("by Friday", FRIDAY),
        ("next Friday", FRIDAY),
        ("this Friday", FRIDAY),
        ("Wednesday", date(2026, 3, 11)),  # strictly after the review date
        ("Monday", date(2026, 3, 9)),
        ("Thurs", date(2026, 3, 5)),
        ("2 weeks", date(2026, 3, 18)),
        ("in 10 days", date(2026, 3, 14)),
        ("3 days", date(2026, 3, 7)),
        ("1 month", date(2026, 4, 4)),
        ("6 weeks", date(2026, 4, 15)),
        ("a week", date(2026, 3, 11)),
        ("two weeks", date(2026, 3, 18)),
        ("within 2 weeks", date(2026, 3, 18)),
        ("2 weeks from review", date(2026, 3, 18)),
        ("2w", date(2026, 3, 18)),
        ("10d", date(2026, 3, 14)),
        ("5 business days", date(2026, 3, 11)),
        ("EOW", FRIDAY),
        ("end of week", FRIDAY),
        ("end of the week", FRIDAY),
        ("end of next week", date(2026, 3, 13)),
        ("next week", date(2026, 3, 13)),
        ("EOM", MONTH_END),
        ("end of month", MONTH_END),
        ("end-of-month", MONTH_END),
        ("end of next month", date(2026, 4, 30)),
        ("next month", date(2026, 4, 30)),
        ("EOQ", MONTH_END),
        ("end of quarter", MONTH_END),
        ("Q2", date(2026, 6, 30)),
        ("Q1", date(2026, 3, 31)),
        ("EOY", date(2026, 12, 31)),
        ("end of H2", date(2026, 12, 31)),
        ("tomorrow", date(2026, 3, 5)),
        ("end of March", MONTH_END),
        ("end of February", date(2027, 2, 28)),  # already past: next year's
        ("March 14", date(2026, 3, 14)),
        ("14 March", date(2026, 3, 14)),
        ("January 10", date(2027, 1, 10)),
        ("Friday (2026-03-20)", date(2026, 3, 20)),  # the written date wins
    ],
)
def test_relative_forms_count_from_the_review_date(text: str, expected: date) -> None:
    assert resolve_due(text, WEDNESDAY) == expected


def test_weekday_on_the_same_weekday_is_a_week_later() -> None:
    assert resolve_due("Friday", FRIDAY) == date(2026, 3, 13)
    assert resolve_due("EOW", FRIDAY) == date(2026, 3, 13)


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    assert resolve_due("1 month", date(2026, 1, 31)) == date(2026, 2, 28)
    assert resolve_due("EOM", MONTH_END) == date(2026, 4, 30)
    assert resolve_due("Q1", date(2026, 5, 12)) == date(2027, 3, 31)


@pytest.mark.parametrize("text", ["Friday", "2 weeks", "EOM", "end of week", "Q1", "March 14"])
def test_relative_forms_without_a_base_stay_unresolved(text: str) -> None:
    assert resolve_due(text, None) is None


@pytest.mark.parametrize(
    "text",
    ["", "soon", "ASAP", "TBD", "next sprint", "when possible", "2026-02-30", "2026-13-01",
     "31 June 2026", "someday", "Friday or Monday", "two fortnights"],
)  # fmt: skip
def test_anything_else_is_unresolved(text: str) -> None:
    assert resolve_due(text, WEDNESDAY) is None


def test_none_is_unresolved() -> None:
    assert resolve_due(None, WEDNESDAY) is None


def test_no_representable_deadline_near_date_max() -> None:
    assert resolve_due("2 weeks", date(9999, 12, 30)) is None
    assert resolve_due("1 month", date(9999, 12, 30)) is None


def test_parse_date_and_find_date() -> None:
    assert parse_date("2026-03-04") == date(2026, 3, 4)
    assert parse_date("Friday") is None
    assert find_date("2026-03-04 14:02 UTC") == date(2026, 3, 4)
    assert find_date("started on 4 March 2026 at noon") == date(2026, 3, 4)
    assert find_date("no date here") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("next Friday", True), ("2026-09-18", True), ("3 days", True), ("Q1 2027", True),
     ("the deploy", False), ("2026-09-18 https://x", False), ("", False)],
)  # fmt: skip
def test_is_deadline_judges_the_whole_text(text: str, expected: bool) -> None:
    assert is_deadline(text) is expected


@given(st.text(max_size=60), st.dates())
def test_never_raises(text: str, base: date) -> None:
    result = resolve_due(text, base)
    assert result is None or isinstance(result, date)


@pytest.mark.parametrize("text", ["Q1 0000", "H1 0000", "end of March 0000", "0000-01-01", "1 Jan 0000"])
def test_year_zero_is_no_date(text: str) -> None:
    assert resolve_due(text, WEDNESDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Q4 2025 - Q1 2026", date(2026, 3, 31)),
     ("2026-03-01 to 2026-03-15", date(2026, 3, 15)),
     ("March–April 2026", date(2026, 4, 30)),
     ("in the next quarter", date(2026, 6, 30)),
     ("in Q3", date(2026, 9, 30)),
     ("within 2 weeks", date(2026, 3, 18)),
     ("Q1 2027 - Q4 2026", None),
     ("in the coming weeks", None)],
)  # fmt: skip
def test_periods_end_on_their_last_day(text: str, expected: date | None) -> None:
    assert resolve_due(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("the end of the month", MONTH_END),
     ("the end of 2026", date(2026, 12, 31)),
     ("January", date(2027, 1, 31)),
     ("Friday, March 13th", date(2026, 3, 13)),
     ("within the next two weeks", date(2026, 3, 18)),
     ("over the next 6 months", date(2026, 9, 4))],
)  # fmt: skip
def test_deadlines_as_sentences_say_them(text: str, expected: date) -> None:
    assert resolve_due(text, WEDNESDAY) == expected


def test_a_run_of_weekdays_is_read_past_once() -> None:
    """A date after one weekday is found; a hostile run of weekdays costs no deeper search."""
    assert resolve_due("monday, " * 5000 + "March 13th", WEDNESDAY) is None
    assert resolve_due("Friday, March 13th", WEDNESDAY) == date(2026, 3, 13)
