"""Benchmark what syncing 1,000 action items costs in Jira requests, next to a naive poller.

Usage: .venv/bin/python bench/bench_jira_sync.py [--items 1000] [--postmortems 100]
       [--mode cloud|datacenter|both] [--json]

A whole pmsync deployment (tests/integration/stack.py) runs against the local fake Jira
through the real composition root and the real `jira` client. Items are spread over the
postmortems, half routed to project PAY, half to OPS. Phases, on the stack's clock:

- first sync: every ticket created, then the first (full) poll;
- idle cycles every `daemon.interval` until a poll re-reads no ticket (the ones inside the
  poll's overlap window re-read what the first sync touched); the last one is the steady state;
- one-shot idle: an idle cycle of a fresh process (`pmsync sync` from cron), which first
  asks for the server info, the field ids and the user's time zone again;
- 1% changed: people change 1% of the tickets (status, priority, assignee), then a cycle;
- full reconciliation: `cycle(full=True)`, what the daemon runs once a day;
- naive poller: one `GET /issue/{key}` per ticket through the real `jira` client.

Request counts are the fake server's (every request that reached it). Timings are for the
one process that runs pmsync and the fake: `cpu` is the main thread (pmsync itself),
`proc cpu` adds the fake's server threads; peak RSS is the process's high-water mark so far.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from adapters.trackers.jira_payloads import GET_FIELDS  # noqa: E402
from tests.integration.stack import Item, Stack  # noqa: E402

PROJECTS = {"payments": "PAY", "web": "OPS"}  # team -> Jira project (OPS is routing.default)
OWNERS = {"payments": ("alice", "bob"), "web": ("carol", "dave")}
CHANGE_ACTORS = ("acc-alice", "acc-bob", "acc-carol")
MAX_IDLE_CYCLES = 12
NAIVE = "naive poller"
SEARCH_PATH = re.compile(r"/search(/jql)?$")
PROJECT_IN_JQL = re.compile(r'project = "([^"]+)"')


# -- shared with bench_github_sync.py -----------------------------------------------------------


@dataclass
class Phase:
    """The cost of one measured step."""

    name: str
    requests: int = 0
    by_endpoint: dict[str, int] = field(default_factory=dict)
    writes: int = 0
    pages: dict[str, int] = field(default_factory=dict)  # list/search pages per project or repo
    wall_s: float = 0.0
    cpu_s: float = 0.0  # the main thread: pmsync (or the naive poller) itself
    proc_cpu_s: float = 0.0  # the whole process, the fake server's threads included
    peak_rss_mib: float = 0.0
    sim_minutes: float = 0.0  # the stack's clock moved this much during the step (pacing waits)
    errors: int = 0
    polled: int = 0  # tickets the cycle's poll read back
    extra: dict[str, Any] = field(default_factory=dict)


@contextmanager
def measured(phase: Phase, clock: Callable[[], Any] | None = None) -> Iterator[Phase]:
    started_clock = clock() if clock else None
    wall, cpu, proc = time.perf_counter(), time.thread_time(), time.process_time()
    yield phase
    phase.wall_s = time.perf_counter() - wall
    phase.cpu_s = time.thread_time() - cpu
    phase.proc_cpu_s = time.process_time() - proc
    phase.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if clock and started_clock is not None:
        phase.sim_minutes = (clock() - started_clock).total_seconds() / 60


def spread(items: int, postmortems: int) -> list[int]:
    """How many items each postmortem gets: `items` in all, as even as possible."""
    base, rest = divmod(items, postmortems)
    return [base + (1 if n < rest else 0) for n in range(postmortems) if base or n < rest]


class Bench(Protocol):
    """What each tracker's bench offers the shared phase sequence."""

    def phase(self, name: str, run: Callable[[Phase], None]) -> Phase: ...
    def cycle(self, phase: Phase, *, fresh: bool = False, full: bool = False) -> None: ...
    def change_one_percent(self) -> list[Any]: ...
    def naive_poll(self, phase: Phase) -> None: ...


@dataclass
class Run:
    """The phases of one benchmark, in the order they ran."""

    first: Phase
    idle: list[Phase]
    one_shot: Phase
    changed: Phase
    changed_refs: list[Any]
    full: Phase
    naive: Phase

    @property
    def steady(self) -> Phase:
        return self.idle[-1]  # the first idle cycle whose poll read nothing back

    @property
    def phases(self) -> list[Phase]:
        return [self.first, *self.idle, self.one_shot, self.changed, self.full, self.naive]


def run_phases(stack: Stack, bench: Bench) -> Run:
    """First sync, idle cycles until steady, a one-shot process, 1% changed by people, the
    daily full reconciliation and the naive poller, a sync interval apart."""
    interval = stack.settings().daemon.interval.total_seconds()
    first = bench.phase("first sync", bench.cycle)
    idle: list[Phase] = []
    while len(idle) < MAX_IDLE_CYCLES:
        stack.clock.advance(seconds=interval)
        idle.append(bench.phase(f"idle +{(len(idle) + 1) * round(interval / 60)}m", bench.cycle))
        if idle[-1].polled == 0:
            break
    stack.clock.advance(seconds=interval)
    one_shot = bench.phase("one-shot idle", lambda p: bench.cycle(p, fresh=True))
    changed_refs = bench.change_one_percent()
    stack.clock.advance(seconds=interval)
    changed = bench.phase("1% changed", bench.cycle)
    stack.clock.advance(seconds=interval)
    full = bench.phase("full reconcile", lambda p: bench.cycle(p, full=True))
    naive = bench.phase(NAIVE, bench.naive_poll)
    return Run(first, idle, one_shot, changed, changed_refs, full, naive)


def write_postmortems(
    stack: Stack, items: int, postmortems: int, owners: dict[str, Sequence[str]]
) -> None:
    """Postmortems alternating between the teams, each item unique, owned and dated."""
    teams = list(owners)
    for n, count in enumerate(spread(items, postmortems)):
        team = teams[n % len(teams)]
        people = owners[team]
        batch = [
            Item(
                f"Alert when service-{n} shard {k} error rate exceeds {2 + k % 5}%",
                owner=people[k % len(people)],
                priority=f"P{1 + k % 3}",
                due=f"2026-12-{10 + k % 18:02d}",
            )
            for k in range(count)
        ]
        stack.write(f"INC-{n:04d}", batch, team=team)


def endpoint_rows(phases: Sequence[Phase]) -> list[list[str]]:
    endpoints = sorted({e for p in phases for e in p.by_endpoint})
    rows = [["endpoint", *(p.name for p in phases)]]
    for endpoint in endpoints:
        rows.append([endpoint, *(str(p.by_endpoint.get(endpoint, 0)) for p in phases)])
    rows.append(["total", *(str(p.requests) for p in phases)])
    return rows


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary_rows(phases: Sequence[Phase], cost_column: tuple[str, str] | None = None) -> list[list[str]]:
    header = ["phase", "requests", "writes", "pages", "polled", "errors"]
    if cost_column:
        header.insert(2, cost_column[0])
    header += ["sim min", "wall s", "cpu s", "proc cpu s", "peak RSS MiB"]
    rows = [header]
    for p in phases:
        pages = " ".join(f"{k}:{v}" for k, v in sorted(p.pages.items())) or "-"
        row = [p.name, str(p.requests), str(p.writes), pages, str(p.polled), str(p.errors)]
        if cost_column:
            row.insert(2, str(p.extra.get(cost_column[1], 0)))
        row += [
            f"{p.sim_minutes:.1f}",
            f"{p.wall_s:.2f}",
            f"{p.cpu_s:.2f}",
            f"{p.proc_cpu_s:.2f}",
            f"{p.peak_rss_mib:.0f}",
        ]
        rows.append(row)
    return rows


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def print_counter_check(phases: Sequence[Phase]) -> None:
    """The adapter's own request counter (what metrics export) against what reached the fake."""
    off = [
        f"{p.name}: adapter {p.extra['adapter_counted']}, fake {p.requests}"
        for p in phases
        if p.name != NAIVE and p.extra["adapter_counted"] != p.requests
    ]
    print("adapter request counter agrees with the fake in every pmsync phase" if not off
          else "adapter request counter differs from the fake: " + "; ".join(off))


# -- Jira ---------------------------------------------------------------------------------------


class JiraBench:
    def __init__(self, stack: Stack) -> None:
        assert stack.jira is not None
        self.stack = stack
        self.fake = stack.jira
        self.engine = stack.engine()  # one engine for every cycle, as `pmsync run` keeps it

    def phase(self, name: str, run: Callable[[Phase], None]) -> Phase:
        fake = self.fake
        requests_before, log_start, writes_before = Counter(fake.requests), len(fake.request_log), fake.writes
        counted_before = self.stack.counters["jira"].total
        phase = Phase(name)
        with measured(phase, self.stack.clock):
            run(phase)
        by_endpoint = Counter(fake.requests)
        by_endpoint.subtract(requests_before)
        phase.by_endpoint = {k: v for k, v in sorted(by_endpoint.items()) if v}
        phase.requests = sum(phase.by_endpoint.values())
        phase.writes = fake.writes - writes_before
        phase.pages = self._search_pages(fake.request_log[log_start:])
        phase.extra["adapter_counted"] = self.stack.counters["jira"].total - counted_before
        return phase

    @staticmethod
    def _search_pages(records: Sequence[Any]) -> dict[str, int]:
        """Search requests per project; `key in (…)` batches count as `reconcile`."""
        pages: Counter[str] = Counter()
        for record in records:
            if not SEARCH_PATH.search(record.path):
                continue
            jql = (record.query.get("jql") or [""])[0]
            found = PROJECT_IN_JQL.search(jql)
            pages[found.group(1) if found else "reconcile" if jql.startswith("key in") else "other"] += 1
        return dict(pages)

    def cycle(self, phase: Phase, *, fresh: bool = False, **kw: Any) -> None:
        """One sync cycle of the daemon's engine, or of a fresh process (`pmsync sync` from cron)."""
        report = (self.stack.engine() if fresh else self.engine).cycle(**kw)
        phase.errors = len(report.errors) + len(report.fatal)
        phase.polled = report.polled
        phase.extra["done"] = dict(report.done)
        phase.extra["changed"] = report.changed

    def change_one_percent(self) -> list[str]:
        """People change every 100th ticket: a transition, a priority, an assignee."""
        keys = sorted((i.key for i in self.fake.issues()), key=_key_order)
        chosen = keys[::100]
        for n, key in enumerate(chosen):
            actor = CHANGE_ACTORS[n % len(CHANGE_ACTORS)]
            kind = n % 4
            if kind == 0:
                self.fake.human_transition(key, "Done", actor, resolution="Done")
            elif kind == 1:
                self.fake.human_update(key, actor, priority="Highest")
            elif kind == 2:
                self.fake.human_transition(key, "In Progress", actor)
            else:
                current = self.fake.issue(key).assignee
                self.fake.human_update(key, actor, assignee="acc-bob" if current == "acc-carol" else "acc-carol")
        return chosen

    def naive_poll(self, phase: Phase) -> None:
        """What a poller without search would do: GET every ticket, every cycle."""
        from jira import JIRA

        keys = [row.ref.key for row in self.stack.ledger.tickets().values()]
        client = JIRA(
            **self.fake.auth_kwargs(),
            options={"rest_api_version": "2"},
            get_server_info=False,
            max_retries=0,
        )
        fields = ",".join(GET_FIELDS)  # the fields pmsync reads: only the request count differs
        for key in keys:
            client.issue(key, fields=fields)
        phase.polled = len(keys)


def _key_order(key: str) -> tuple[str, int]:
    project, _, number = key.partition("-")
    return project, int(number)


def run_jira(mode: str, items: int, postmortems: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="pmsync-bench-jira-") as tmp:
        stack = Stack(Path(tmp), jira_mode=mode, routing={"payments": "jira:PAY"})
        try:
            return _run_jira(stack, mode, items, postmortems)
        finally:
            stack.close()


def _run_jira(stack: Stack, mode: str, items: int, postmortems: int) -> dict[str, Any]:
    bench = JiraBench(stack)
    settings = stack.settings()
    interval = settings.daemon.interval
    write_postmortems(stack, items, postmortems, OWNERS)
    run = run_phases(stack, bench)
    tickets = Counter(issue.project for issue in bench.fake.issues())
    idle, one_shot, changed, steady, naive = run.idle, run.one_shot, run.changed, run.steady, run.naive
    phases = run.phases
    changed_keys = run.changed_refs

    page_limit = {project: math.ceil(n / 100) for project, n in tickets.items()}
    pages_ok = all(
        p.pages.get(project, 0) <= page_limit[project] for p in [*idle, one_shot, changed] for project in tickets
    )
    targets = {
        "steady_state_writes": {"value": steady.writes, "target": 0, "met": steady.writes == 0},
        "steady_state_search_pages": {
            "value": {k: steady.pages.get(k, 0) for k in tickets},
            "target": page_limit,
            "met": all(steady.pages.get(k, 0) <= page_limit[k] for k in tickets),
        },
        "idle_and_changed_search_pages_within_limit": {"met": pages_ok},
        "idle_and_changed_writes": {
            "value": sum(p.writes for p in [*idle, one_shot, changed]),
            "target": 0,
            "met": all(p.writes == 0 for p in [*idle, one_shot, changed]),
        },
    }
    return {
        "tracker": "jira",
        "mode": mode,
        "items": items,
        "postmortems": postmortems,
        "tickets_per_project": dict(sorted(tickets.items())),
        "changed_tickets": len(changed_keys),
        "interval_minutes": interval.total_seconds() / 60,
        "overlap_minutes": settings.jira.overlap_minutes if settings.jira else None,
        "phases": [asdict(p) for p in phases],
        "targets": targets,
        "naive_vs_steady": naive.requests / max(steady.requests, 1),
    }


def print_jira(result: dict[str, Any]) -> None:
    phases = [Phase(**p) for p in result["phases"]]
    tickets = ", ".join(f"{k} {v}" for k, v in result["tickets_per_project"].items())
    print(
        f"\nJira {result['mode']}: {result['items']} items in {result['postmortems']} postmortems "
        f"→ tickets {tickets}; cycles every {result['interval_minutes']:.0f} min, "
        f"poll overlap {result['overlap_minutes']} min; {result['changed_tickets']} tickets changed by people"
    )
    print(table(summary_rows(phases)))
    print("\nrequests by endpoint")
    print(table(endpoint_rows(phases)))
    t = result["targets"]
    steady_pages = t["steady_state_search_pages"]
    print(
        f"\ntarget: 0 writes in steady state: {t['steady_state_writes']['value']} → "
        f"{verdict(t['steady_state_writes']['met'])}"
    )
    print(
        f"target: search pages ≤ ceil(tickets/100) per project in steady state: "
        f"{steady_pages['value']} (limit {steady_pages['target']}) → {verdict(steady_pages['met'])}"
    )
    print(
        f"        …and in every idle, one-shot and 1%-changed cycle → "
        f"{verdict(t['idle_and_changed_search_pages_within_limit']['met'])}; writes there: "
        f"{t['idle_and_changed_writes']['value']} → {verdict(t['idle_and_changed_writes']['met'])}"
    )
    print(f"naive poller: {result['naive_vs_steady']:.0f}× the requests of a steady-state sync")
    print_counter_check(phases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--postmortems", type=int, default=100)
    parser.add_argument("--mode", choices=("cloud", "datacenter", "both"), default="both")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.items < 1 or args.postmortems < 1:
        parser.error("--items and --postmortems must be at least 1")
    modes = ("cloud", "datacenter") if args.mode == "both" else (args.mode,)
    started = time.perf_counter()
    results = [run_jira(mode, args.items, args.postmortems) for mode in modes]
    if args.json:
        print(json.dumps({"results": results, "wall_s": time.perf_counter() - started}, indent=2))
        return
    for result in results:
        print_jira(result)
    print(f"\nbenchmark wall time {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
