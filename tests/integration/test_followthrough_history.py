"""Six months of follow-through, generated: 40 postmortems written one after another, their
tickets created by the engine in the fake Jira, then closed, verified, declined and demoted
by people in Jira while the clock moves forward, with a sync cycle on every day something
happens. `pmsync report --json` must then print exactly the numbers computed here,
independently, from the scenario's own record of what happened and when."""

from __future__ import annotations

import json
import math
import random
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import time_machine

from syncer.cli import main
from tests.integration.stack import PEOPLE, Stack

FIRST = date(2026, 5, 18)
END = date(2026, 11, 20)
SLO = {"P0": 7, "P1": 28, "P2": 56, "P3": 90}
SEV1_DAYS = 10  # [policy.slo] severity override in this deployment
LOWER = {"P0": "High", "P1": "Medium", "P2": "Low", "P3": "Lowest"}  # one step down, in Jira's names
OWNERS = {"payments": ("alice", "bob"), "web": ("carol", "dave")}


@dataclass
class Truth:
    key: str
    pm: str
    team: str
    priority: str
    severity: str
    owner: str
    started: date
    due: date
    verified: date | None = None
    wont_do: date | None = None
    demoted: date | None = None


@dataclass
class PM:
    id: str
    day: date
    team: str
    severity: str
    related: tuple[str, ...]
    items: list[Truth] = field(default_factory=list)


def scenario(rng: random.Random) -> list[PM]:
    pms: list[PM] = []
    for n in range(40):
        day = FIRST + timedelta(days=round(n * 4.5))
        team = rng.choice(("payments", "web"))
        severity = rng.choice(("SEV1", "SEV2", "SEV2", "SEV3"))
        earlier = [p.id for p in pms if p.team == team]
        related = (rng.choice(earlier),) if earlier and rng.random() < 0.25 else ()
        pm = PM(f"INC-{n + 1:03d}", day, team, severity, related)
        for i in range(rng.randint(1, 4)):
            priority = rng.choice(("P0", "P1", "P1", "P2", "P2", "P3"))
            written = rng.random() < 0.6
            slo = SEV1_DAYS if severity == "SEV1" else SLO[priority]
            due = day + timedelta(days=rng.randint(5, 80) if written else slo)
            item = Truth(f"{pm.id}/{i + 1}", pm.id, team, priority, severity, rng.choice(OWNERS[team]), day, due)
            item.written = written  # type: ignore[attr-defined]
            if rng.random() < 0.15:
                item.demoted = _day_after(rng, day, 2, 30)
            fate, after = rng.random(), max(day, item.demoted or day)
            if fate < 0.6:
                item.verified = _day_after(rng, after, 1, int(slo * 1.6) + 3)
            elif fate < 0.72:
                item.wont_do = _day_after(rng, after, 1, 40)
            pm.items.append(item)
        pms.append(pm)
    return pms


def _day_after(rng: random.Random, day: date, low: int, high: int) -> date | None:
    found = day + timedelta(days=rng.randint(low, high))
    return found if found <= END else None


def document(pm: PM) -> str:
    lines = [
        "---", f"id: {pm.id}", f"title: Incident {pm.id}", f"date: {pm.day}", f"review_date: {pm.day}",
        f"severity: {pm.severity}", f"team: {pm.team}", f"services: [{pm.team}-api]",
    ]
    if pm.related:
        lines.append(f"related: [{', '.join(pm.related)}]")
    lines += ["---", "", f"# Incident {pm.id}", "", "## Action Items", ""]
    for item in pm.items:
        due = f" Due: {item.due}." if item.written else ""  # type: ignore[attr-defined]
        lines.append(
            f"- Add alerting and a runbook for failure mode {item.key} of the {pm.team} API. "
            f"Owner: @{item.owner}.{due} Priority: {item.priority}. Verify: a game day in staging."
        )
    return "\n".join(lines) + "\n"


def test_report_json_equals_numbers_computed_from_the_history(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pms = scenario(random.Random(20261120))
    truths = [item for pm in pms for item in pm.items]
    stack = Stack(tmp_path, routing={"payments": "jira:PAY"})
    stack.config.write_text(stack.config.read_text() + f"\n[policy.slo]\nseverity = {{ SEV1 = {SEV1_DAYS} }}\n")
    try:
        tickets: dict[str, str] = {}
        verifier = {"alice": "acc-bob", "bob": "acc-alice", "carol": "acc-dave", "dave": "acc-carol"}
        days = sorted({pm.day for pm in pms} | {d for t in truths for d in (t.verified, t.wont_do, t.demoted) if d})
        for day in days:
            stack.clock.now = datetime.combine(day, time(10, 0), UTC)
            for item in truths:
                key = tickets.get(item.key)
                if item.demoted == day:
                    stack.jira.human_update(key, verifier[item.owner], priority=LOWER[item.priority])
                if item.verified == day:
                    stack.jira.human_transition(key, "Done", verifier[item.owner])
                if item.wont_do == day:
                    stack.jira.human_transition(key, "Done", verifier[item.owner], resolution="Won't Do")
            for pm in pms:
                if pm.day == day:
                    (stack.docs / f"{pm.id}.md").write_text(document(pm))
            stack.clock.now = datetime.combine(day, time(12, 0), UTC)
            report = stack.cycle()
            assert report.errors == [] and report.fatal == [], report.errors
            keys = {row.ident: row.key for row in stack.ledger.items()}
            tickets = {keys[ident]: t.ref.key for ident, t in stack.ledger.tickets().items()}
        assert len(tickets) == len(truths)
        verified_events = stack.ledger.events(kind="verified")
        assert len(verified_events) == sum(t.verified is not None for t in truths)

        config = str(stack.config)
        at = datetime.combine(END, time(18, 0), UTC)
        with time_machine.travel(at, tick=False):
            assert main(["--config", config, "report", "--json"]) == 0
            whole = json.loads(capsys.readouterr().out)
            assert main(["--config", config, "report", "--json", "--period", "2026-Q3"]) == 0
            quarter = json.loads(capsys.readouterr().out)
            assert main(["--config", config, "report", "--json", "--team", "web", "--period", "12w"]) == 0
            web = json.loads(capsys.readouterr().out)
    finally:
        stack.close()

    assert whole["period"] == {"start": FIRST.isoformat(), "end": END.isoformat()}
    for got, start, end, items in (
        (whole, FIRST, END, truths),
        (quarter, date(2026, 7, 1), date(2026, 9, 30), truths),
        (web, END - timedelta(days=83), END, [t for t in truths if t.team == "web"]),
    ):
        assert got["overall"] == expected(items, pms, start, end)
        for team in ("payments", "web"):
            group = [t for t in items if t.team == team]
            if group:
                assert got["groups"]["team"][team] == expected(group, pms, start, end)
        for priority in SLO:
            group = [t for t in items if t.priority == priority]
            if group:
                assert got["groups"]["priority"][priority] == expected(group, pms, start, end)
        assert got["groups"]["severity"]["SEV1"] == expected([t for t in items if t.severity == "SEV1"], pms, start, end)
        assert got["postmortems"] == [
            {"postmortem": pm.id, "date": pm.day.isoformat(), "items": len(pm.items),
             "verified": sum(t.verified is not None and t.verified <= end for t in pm.items)}
            for pm in pms if start <= pm.day <= end and pm.items[0] in items
        ]
    # The trend: twelve weeks ending Sunday, the running week measured up to today.
    sunday = END + timedelta(days=6 - END.weekday())
    weeks = [sunday - timedelta(weeks=n) for n in range(11, -1, -1)]
    assert [w["week_end"] for w in whole["trend"]] == [w.isoformat() for w in weeks]
    for week in whole["trend"]:
        week_end = date.fromisoformat(week["week_end"])
        numbers = expected(truths, pms, week_end - timedelta(days=6), min(week_end, END))
        assert week["all"]["on_time_rate"] == numbers["on_time_rate"]
        assert (week["all"]["open"], week["all"]["overdue"]) == (numbers["open"], numbers["overdue"])
        for team in ("payments", "web"):
            group = expected([t for t in truths if t.team == team], pms, week_end - timedelta(days=6), min(week_end, END))
            assert week["team"][team]["on_time_rate"] == group["on_time_rate"]
    # enough of everything happened for the comparison to mean something
    overall = whole["overall"]
    assert overall["due"] > 50 and 0 < overall["on_time"] < overall["due"]
    assert overall["demotions"] > 3 and overall["wont_do"] > 3 and overall["repeat_incidents"]
    assert overall["overdue"] > 0 and whole["trend"][-1]["all"]["due"] > 0
    assert set(PEOPLE) >= {t.owner for t in truths}


def expected(items: list[Truth], pms: list[PM], start: date, end: date) -> dict[str, object]:
    """The report's definitions (README, "Follow-through numbers"), computed on the scenario."""
    def closed(t: Truth, day: date) -> bool:
        return (t.verified is not None and t.verified <= day) or (t.wont_do is not None and t.wont_do <= day)

    due = [t for t in items if start <= t.due <= end and not (t.wont_do and t.wont_do <= end)]
    on_time = [t for t in due if t.verified and t.verified <= t.due]
    verified = [t for t in items if t.verified and start <= t.verified <= end]
    days = sorted((t.verified - t.started).days for t in verified)
    still_open = [t for t in items if t.started <= end and not closed(t, end)]
    overdue = [t for t in still_open if t.due < end]
    ages = [(end - t.started).days for t in still_open]
    by_pm = {pm.id: [t for t in items if t.pm == pm.id] for pm in pms}
    repeats = sorted(
        pm.id for pm in pms
        if start <= pm.day <= end
        and any(t.started <= pm.day and not closed(t, pm.day) for e in pm.related for t in by_pm[e])
    )
    return {
        "items": sum(t.started <= end for t in items),
        "due": len(due),
        "on_time": len(on_time),
        "on_time_rate": round(len(on_time) / len(due), 4) if due else None,
        "verified": len(verified),
        "median_days_to_verify": statistics.median(days) if days else None,
        "p90_days_to_verify": days[math.ceil(0.9 * len(days)) - 1] if days else None,
        "open": len(still_open),
        "open_by_age": {
            "0-30d": sum(a <= 30 for a in ages),
            "31-90d": sum(31 <= a <= 90 for a in ages),
            "91-180d": sum(91 <= a <= 180 for a in ages),
            "181d+": sum(a > 180 for a in ages),
        },
        "overdue": len(overdue),
        "overdue_share": round(len(overdue) / len(still_open), 4) if still_open else None,
        "demotions": sum(bool(t.demoted and start <= t.demoted <= end) for t in items),
        "wont_do": sum(bool(t.wont_do and start <= t.wont_do <= end) for t in items),
        "accepted_wont_do": 0,  # declined by a peer: no team lead accepted any of them
        "repeat_incidents": repeats,
    }
