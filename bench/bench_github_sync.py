"""Benchmark what syncing 1,000 action items costs in GitHub requests and rate limit, next to a
naive poller.

Usage: .venv/bin/python bench/bench_github_sync.py [--items 1000] [--postmortems 100] [--json]

A whole pmsync deployment (tests/integration/stack.py) runs against the local fake GitHub
through the real composition root and PyGithub. Items are spread over the postmortems, half
routed to acme/payments, half to acme/web. The fake enforces GitHub's secondary limits (80
content-creating requests a minute, 500 an hour) on the stack's clock, and pmsync's pacer
sleeps on that clock, so the first sync's pacing waits are simulated: `sim min` is how long
the step would take at GitHub's limits. Phases:

- first sync: every issue created (paced), then the first (full) listing;
- idle cycles every `daemon.interval` until a poll reads no issue (a free 304); the last one
  is the steady state;
- one-shot idle: an idle cycle of a fresh process (`pmsync sync` from cron);
- 1% changed: people change 1% of the issues (close, priority label, assignee, comment),
  then a cycle;
- full reconciliation: `cycle(full=True)`, what the daemon runs once a day;
- naive poller: one `GET /repos/{owner}/{repo}/issues/{number}` per issue through PyGithub.

`cost` is what the fake charged against the primary rate limit (a 304 is free); `writes`
are content-creating requests. Timings as in bench_jira_sync.py.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_jira_sync import (  # noqa: E402
    Phase,
    endpoint_rows,
    measured,
    print_counter_check,
    run_phases,
    summary_rows,
    table,
    verdict,
    write_postmortems,
)
from tests.integration.stack import Stack  # noqa: E402

REPOS = {"payments": "acme/payments", "web": "acme/web"}  # team -> repository (web is in the stack)
OWNERS = {"payments": ("alice", "bob"), "web": ("carol",)}  # people with a GitHub login
MAX_IDLE_CYCLES = 12
LIST_ISSUES = "GET /repos/{owner}/{repo}/issues"
PRIORITY_LABELS = ("priority: P1", "priority: P2", "priority: P3")


class GitHubBench:
    def __init__(self, stack: Stack) -> None:
        assert stack.gh is not None
        self.stack = stack
        self.fake = stack.gh
        self.engine = stack.engine()  # one engine for every cycle, as `pmsync run` keeps it

    def phase(self, name: str, run: Callable[[Phase], None]) -> Phase:
        fake = self.fake
        requests_before, log_start = Counter(fake.requests), len(fake.request_log)
        cost_before, writes_before = fake.rate_limited_cost, fake.content_creating
        sleeps_before = len(self.stack.sleeps)
        counted_before = self.stack.counters["github"].total
        phase = Phase(name)
        with measured(phase, self.stack.clock):
            run(phase)
        by_endpoint = Counter(fake.requests)
        by_endpoint.subtract(requests_before)
        phase.by_endpoint = {k: v for k, v in sorted(by_endpoint.items()) if v}
        phase.requests = sum(phase.by_endpoint.values())
        phase.writes = fake.content_creating - writes_before
        records = fake.request_log[log_start:]
        phase.pages = self._list_pages(records)
        sleeps = self.stack.sleeps[sleeps_before:]
        # every POST and PATCH pmsync sends is content-creating in GitHub's terms
        written = [r.at.timestamp() for r in records if r.method in ("POST", "PATCH") and r.status < 400]
        phase.extra.update(
            adapter_counted=self.stack.counters["github"].total - counted_before,
            busiest_minute=_busiest(written, 60),
            busiest_hour=_busiest(written, 3600),
            cost=fake.rate_limited_cost - cost_before,
            not_modified=sum(1 for r in records if r.status == 304),
            refused=sum(1 for r in records if r.status in (403, 429)),
            waits=len(sleeps),
            waited_minutes=sum(sleeps) / 60,
        )
        return phase

    @staticmethod
    def _list_pages(records: Sequence[Any]) -> dict[str, int]:
        """Issue-list pages per repository (the poll, the reconciliation, marker look-ups).

        Next pages follow GitHub's Link header to `/repositories/{id}/issues`: one client,
        one request at a time, so such a page continues the listing just before it.
        """
        pages: Counter[str] = Counter()
        repo = "?"
        for record in records:
            if record.key == LIST_ISSUES:
                parts = urlsplit(record.target).path.split("/")
                if parts[-4] == "repos":
                    repo = f"{parts[-3]}/{parts[-2]}"
                pages[repo] += 1
        return dict(pages)

    def cycle(self, phase: Phase, *, fresh: bool = False, **kw: Any) -> None:
        """One sync cycle of the daemon's engine, or of a fresh process (`pmsync sync` from cron)."""
        report = (self.stack.engine() if fresh else self.engine).cycle(**kw)
        phase.errors = len(report.errors) + len(report.fatal)
        phase.polled = report.polled
        phase.extra["done"] = dict(report.done)
        phase.extra["changed"] = report.changed

    def numbers(self) -> list[tuple[str, int]]:
        return [(repo, issue.number) for repo in REPOS.values() for issue in self.fake.issues(repo)]

    def change_one_percent(self) -> list[tuple[str, int]]:
        """People change every 100th issue: close it, relabel its priority, reassign, comment."""
        chosen = self.numbers()[::100]
        for n, (repo, number) in enumerate(chosen):
            kind = n % 4
            if kind == 0:
                self.fake.human_close(repo, number, "carol-gh")
            elif kind == 1:
                current = [name for name in self.fake.issue(repo, number).labels if name in PRIORITY_LABELS]
                self.fake.human_label(repo, number, "carol-gh", add=["priority: P0"], remove=current)
            elif kind == 2:
                assignees = self.fake.issue(repo, number).assignees
                other = "bob-gh" if "bob-gh" not in assignees else "alice-gh"
                self.fake.human_assign(repo, number, "carol-gh", [other])
            else:
                self.fake.human_comment(repo, number, "carol-gh", "Deployed to staging, checking.")
        return chosen

    def naive_poll(self, phase: Phase) -> None:
        """What a poller without conditional listing would do: GET every issue, every cycle."""
        from github import Auth, Github

        # lazy: the repository costs no GET; reading an issue's state fetches exactly that issue.
        # No throttle between requests (PyGithub's default waits 0.25 s), as in pmsync's adapter.
        client = Github(
            base_url=self.fake.url,
            auth=Auth.Token(self.fake.token),
            retry=None,
            lazy=True,
            seconds_between_requests=None,
        )
        issues = [(row.ref.target.split(":", 1)[1], row.ref.key) for row in self.stack.ledger.tickets().values()]
        repos = {name: client.get_repo(name) for name in {repo for repo, _ in issues}}
        for repo, number in issues:
            _ = repos[repo].get_issue(int(number)).state
        phase.polled = len(issues)


def _busiest(stamps: Sequence[float], window: float) -> int:
    """The most requests in any `window` seconds (stamps sorted, as the fake logs them)."""
    most, start = 0, 0
    for end, stamp in enumerate(stamps):
        while stamp - stamps[start] >= window:
            start += 1
        most = max(most, end - start + 1)
    return most


def run_github(items: int, postmortems: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="pmsync-bench-github-") as tmp:
        stack = Stack(
            Path(tmp),
            jira_mode=None,
            github=True,
            routing={team: f"github:{repo}" for team, repo in REPOS.items()},
            default_target=f"github:{REPOS['web']}",
        )
        try:
            assert stack.gh is not None
            stack.gh.add_repo(REPOS["payments"])
            for login in ("alice-gh", "bob-gh"):
                stack.gh.grant(login, REPOS["payments"])
            return _run_github(stack, items, postmortems)
        finally:
            stack.close()


def _run_github(stack: Stack, items: int, postmortems: int) -> dict[str, Any]:
    bench = GitHubBench(stack)
    interval = stack.settings().daemon.interval
    write_postmortems(stack, items, postmortems, OWNERS)
    run = run_phases(stack, bench)
    issues = Counter(repo for repo, _ in bench.numbers())
    phases, steady, naive = run.phases, run.steady, run.naive
    changed_issues = run.changed_refs

    first = phases[0]
    page_limit = {repo: math.ceil(n / 100) for repo, n in issues.items()}
    # GitHub's limits: 5,000 charged requests an hour; a sync every interval, all hour long
    cycles_per_hour = 3600 / interval.total_seconds()
    targets = {
        "steady_state_writes": {"value": steady.writes, "target": 0, "met": steady.writes == 0},
        "steady_state_cost": {
            "value": steady.extra["cost"],
            "target": 0,
            "met": steady.extra["cost"] == 0,
        },
        "steady_state_list_pages": {
            "value": {k: steady.pages.get(k, 0) for k in issues},
            "target": page_limit,
            "met": all(steady.pages.get(k, 0) <= page_limit[k] for k in issues),
        },
        "never_refused": {
            "value": sum(p.extra["refused"] for p in phases),
            "target": 0,
            "met": all(p.extra["refused"] == 0 for p in phases),
        },
        "first_sync_busiest_minute": {
            "value": first.extra["busiest_minute"],
            "target": 80,
            "met": first.extra["busiest_minute"] <= 80,
        },
        "first_sync_busiest_hour": {
            "value": first.extra["busiest_hour"],
            "target": 500,
            "met": first.extra["busiest_hour"] <= 500,
        },
    }
    return {
        "tracker": "github",
        "items": items,
        "postmortems": postmortems,
        "issues_per_repo": dict(sorted(issues.items())),
        "changed_issues": len(changed_issues),
        "interval_minutes": interval.total_seconds() / 60,
        "phases": [asdict(p) for p in phases],
        "targets": targets,
        "naive_cost_per_hour": naive.extra["cost"] * cycles_per_hour,
        "steady_cost_per_hour": steady.extra["cost"] * cycles_per_hour,
    }


def print_github(result: dict[str, Any]) -> None:
    phases = [Phase(**p) for p in result["phases"]]
    repos = ", ".join(f"{k} {v}" for k, v in result["issues_per_repo"].items())
    print(
        f"\nGitHub: {result['items']} items in {result['postmortems']} postmortems → issues {repos}; "
        f"cycles every {result['interval_minutes']:.0f} min; {result['changed_issues']} issues changed by people"
    )
    print(table(summary_rows(phases, cost_column=("cost", "cost"))))
    print("\n304s, refusals and pacing")
    rows = [["phase", "304s", "403/429", "pacing waits", "waited min"]]
    rows += [
        [
            p.name,
            str(p.extra["not_modified"]),
            str(p.extra["refused"]),
            str(p.extra["waits"]),
            f"{p.extra['waited_minutes']:.1f}",
        ]
        for p in phases
    ]
    print(table(rows))
    print("\nrequests by endpoint")
    print(table(endpoint_rows(phases)))
    t = result["targets"]
    first = phases[0]
    minute, hour = t["first_sync_busiest_minute"], t["first_sync_busiest_hour"]
    print(
        f"\nfirst sync: {first.writes} content-creating requests over {first.sim_minutes:.1f} simulated "
        f"minutes; busiest minute {minute['value']} (limit 80) → {verdict(minute['met'])}, busiest hour "
        f"{hour['value']} (limit 500) → {verdict(hour['met'])}; 403/429 refusals in all phases: "
        f"{t['never_refused']['value']} → {verdict(t['never_refused']['met'])}"
    )
    print(
        f"target: steady state writes 0: {t['steady_state_writes']['value']} → "
        f"{verdict(t['steady_state_writes']['met'])}; rate-limit cost 0 (304): "
        f"{t['steady_state_cost']['value']} → {verdict(t['steady_state_cost']['met'])}; "
        f"list pages {t['steady_state_list_pages']['value']} (limit {t['steady_state_list_pages']['target']}) → "
        f"{verdict(t['steady_state_list_pages']['met'])}"
    )
    print(
        f"an hour of cycles: steady state costs {result['steady_cost_per_hour']:.0f} of the 5,000/h "
        f"primary limit; the naive poller would cost {result['naive_cost_per_hour']:.0f}"
    )
    print_counter_check(phases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--postmortems", type=int, default=100)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.items < 1 or args.postmortems < 1:
        parser.error("--items and --postmortems must be at least 1")
    started = time.perf_counter()
    result = run_github(args.items, args.postmortems)
    if args.json:
        print(json.dumps({"results": [result], "wall_s": time.perf_counter() - started}, indent=2))
        return
    print_github(result)
    print(f"\nbenchmark wall time {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
