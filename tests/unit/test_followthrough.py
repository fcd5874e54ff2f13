import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncer.exports import PeriodError, parse_period, to_csv
from syncer.followthrough import (
    PostmortemDates,
    Record,
    beyond_slo_findings,
    grouped,
    numbers,
    percentile,
    slo_days,
    snapshot,
    week_ends,
)
from syncer.model import ActionItem
from syncer.settings import SloSettings

SLO = SloSettings(severity={"SEV1": 5})
D = date


@pytest.mark.parametrize(
    ("priority", "severity", "days"),
    [("P0", None, 7), ("P1", "SEV2", 28), ("P2", None, 56), ("P3", "sev3", 90), ("P1", "sev1", 5), (None, None, 180)],
)
def test_slo_days_by_priority_with_severity_overrides(priority, severity, days):
    assert slo_days(SLO, priority, severity) == days


JAN1, JAN29 = D(2026, 1, 1), D(2026, 1, 29)


def rec(key, pm="INC-1", *, team="payments", priority="P1", started=JAN1, due=JAN29, **kw):
    return Record(key=key, postmortem=pm, team=team, priority=priority, severity="SEV2", services=("api",),
                  started=started, due=due, **kw)


RECORDS = [
    rec("INC-1/1", verified_on=D(2026, 1, 20)),  # on time, 19 days
    rec("INC-1/2", verified_on=D(2026, 2, 10)),  # late, 40 days
    rec("INC-1/3", demoted_on=D(2026, 1, 10)),  # open, overdue
    rec("INC-1/4", not_doing_on=D(2026, 1, 15), accepted=True),  # accepted won't do: not due, not open
    rec("INC-2/1", "INC-2", team="web", priority="P2", started=D(2026, 2, 1), due=D(2026, 3, 29)),
]
PMS = [
    PostmortemDates("INC-1", D(2026, 1, 1)),
    PostmortemDates("INC-2", D(2026, 2, 1), related=("INC-1",)),
    PostmortemDates("INC-3", D(2026, 2, 5), related=("INC-1", "INC-404")),
]


def test_numbers_over_a_period():
    n = numbers(RECORDS, PMS, D(2026, 1, 1), D(2026, 2, 28))
    assert (n["due"], n["on_time"], n["on_time_rate"]) == (3, 1, 0.3333)
    assert (n["verified"], n["median_days_to_verify"], n["p90_days_to_verify"]) == (2, 29.5, 40)
    assert (n["open"], n["overdue"], n["overdue_share"]) == (2, 1, 0.5)
    assert n["open_by_age"] == {"0-30d": 1, "31-90d": 1, "91-180d": 0, "181d+": 0}
    assert (n["demotions"], n["wont_do"], n["accepted_wont_do"]) == (1, 1, 1)
    # INC-1 still had open items when INC-2 and INC-3 happened
    assert n["repeat_incidents"] == ["INC-2", "INC-3"]


def test_a_period_before_the_deadlines_has_no_on_time_rate():
    n = numbers(RECORDS, PMS, D(2026, 1, 1), D(2026, 1, 20))
    assert (n["due"], n["on_time_rate"], n["verified"]) == (0, None, 1)
    assert n["open"] == 2  # INC-1/2 and /3; /4 was closed as not doing on the 15th


def test_groups_per_team_and_service():
    assert list(grouped(RECORDS, "team")) == ["payments", "web"]
    assert [len(g) for g in grouped(RECORDS, "service").values()] == [5]


def test_weeks_end_on_sunday_and_the_running_week_stops_today():
    ends = week_ends(D(2026, 2, 4))
    assert (len(ends), ends[-1], ends[0]) == (12, D(2026, 2, 8), D(2025, 11, 23))
    # due the 29th counts only once the 29th is over
    assert snapshot(RECORDS, PMS, D(2026, 2, 1), D(2026, 1, 28))["all"]["due"] == 0
    assert snapshot(RECORDS, PMS, D(2026, 2, 1), D(2026, 1, 29))["all"]["due"] == 3


@given(st.lists(st.integers(0, 400), min_size=1, max_size=50), st.floats(0.01, 1.0))
def test_percentile_is_a_value_with_that_share_at_or_below(values, share):
    p = percentile(values, share)
    assert p in values
    assert sum(v <= p for v in values) >= share * len(values)
    assert sum(v < p for v in values) < share * len(values)


TODAY = D(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (None, D(2026, 1, 5), TODAY),
        ("2026-06-01..2026-06-30", D(2026, 6, 1), D(2026, 6, 30)),
        ("..2026-06-30", D(2026, 1, 5), D(2026, 6, 30)),
        ("2026-10-01..", D(2026, 10, 1), TODAY),
        ("90d", D(2026, 8, 26), TODAY),
        ("12w", D(2026, 9, 1), TODAY),
        ("2026-02", D(2026, 2, 1), D(2026, 2, 28)),
        ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026-q4", D(2026, 10, 1), TODAY),
        ("2025", D(2025, 1, 1), D(2025, 12, 31)),
    ],
)
def test_periods(text, start, end):
    period = parse_period(text, TODAY, D(2026, 1, 5))
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["last month", "2026-13", "2026-12-01..2026-11-01", "2027", "0d"])
def test_bad_periods_say_what_is_expected(text):
    with pytest.raises(PeriodError, match="--period"):
        parse_period(text, TODAY, None)


def test_csv_cells_never_become_formulas():
    text = to_csv([{"item": "INC-1/1", "action": "=HYPERLINK(\"http://x\")", "owner": "@alice", "days_overdue": -3}])
    (row,) = csv.DictReader(io.StringIO(text))
    assert (row["item"], row["action"], row["owner"]) == ("INC-1/1", "'=HYPERLINK(\"http://x\")", "'@alice")
    assert row["days_overdue"] == "-3"  # numbers stay numbers


def test_a_written_deadline_beyond_its_objective_is_a_warning():
    item = ActionItem(key="INC-1/1", item_id="1", explicit_id=False, text="Add an alert", owner="alice",
                      due=D(2026, 3, 1), priority="P1", line=12)
    within = ActionItem(key="INC-1/2", item_id="2", explicit_id=False, text="Add a runbook", owner="alice",
                        due=D(2026, 1, 29), priority="P1", line=13)
    unwritten = ActionItem(key="INC-1/3", item_id="3", explicit_id=False, text="Add a test", owner="alice",
                           due=None, priority="P1", line=14)
    found = beyond_slo_findings((i, "pm/INC-1.md", "P1", D(2026, 1, 29)) for i in (item, within, unwritten))
    assert [(f.rule, f.severity, f.path, f.line, f.item) for f in found] == [
        ("deadline-beyond-slo", "warning", "pm/INC-1.md", 12, "INC-1/1")]
    assert found[0].message == "deadline 2026-03-01 is 31 days beyond the objective for P1 (2026-01-29)"
