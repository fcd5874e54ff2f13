"""Benchmark how pmsync's own cost grows with the size of the ledger: 1,000 against 10,000 items.

Usage: .venv/bin/python bench/bench_scale.py [--items 1000,10000] [--per-postmortem 5]
       [--idle-cycles 10] [--json]

For each size a whole deployment (tests/integration/stack.py) runs against the local fake Jira
(projects PAY and OPS) and the fake GitHub (acme/web) through the real composition root; the
postmortems rotate over three teams, one per target, 5 items each (10,000 items = 2,000
postmortems). Flags queue escalation mail in the outbox (an [smtp] section; nothing is
delivered). After the first sync, idle cycles run until a poll reads nothing back; then, a
`daemon.interval` apart, on one engine as the daemon keeps it:

- idle: a steady-state cycle, nothing changed;
- 1% docs edited: every 100th postmortem gets one item's priority changed (a ticket update);
- 1% tickets changed: people change every 100th Jira ticket and GitHub issue (status,
  priority, assignee, comment), then one cycle;
- next day, idle: a day later, nothing changed (deadlines are days: the first cycle of a day
  decides again the flags of the items whose next-decision date has come, none of these);
- idle ×N: `--idle-cycles` more idle cycles, with the process's RSS after each (flat = no growth).

Then `pmsync run` itself runs as its own process over the built ledger (cycling every second)
and its resident size is read after each of `--idle-cycles` cycles: the daemon's memory without
the fakes. `status --json` and `report --html` run as `python -m syncer` subprocesses over the resulting
ledger and are timed from the outside. Requests are the fakes' own counts per tracker; `cpu s`
is the main thread (pmsync), `peak RSS` the whole process's high-water mark (pmsync and the
in-process fakes, which hold every ticket), `RSS` the process's resident size after the step.
The last table divides each figure at the largest size by the smallest (the growth ratio).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_github_sync import GitHubBench  # noqa: E402
from bench.bench_jira_sync import JiraBench, Phase, table, write_postmortems  # noqa: E402
from tests.integration.stack import Stack  # noqa: E402

TARGETS = {"payments": "jira:PAY", "web": "jira:OPS", "platform": "github:acme/web"}
OWNERS = {"payments": ("alice", "bob"), "web": ("carol", "dave"), "platform": ("carol",)}
MAX_WARMUP_CYCLES = 12
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss_mib() -> float:
    """The process's resident size now (not the high-water mark)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE / 2**20


class ScaleBench:
    """Both fakes in one deployment: each step is measured once, requests counted per tracker."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.jira = JiraBench(stack)
        self.github = GitHubBench(stack)
        self.github.engine = self.jira.engine  # one engine for every cycle, as `pmsync run` keeps it

    def step(self, name: str, run: Callable[[Phase], None]) -> dict[str, Any]:
        inner: list[Phase] = []
        outer = self.jira.phase(name, lambda p: inner.append(self.github.phase(name, lambda q: run(p))))
        (gh,) = inner
        return {
            "name": name,
            "jira_requests": outer.requests,
            "github_requests": gh.requests,
            "github_cost": gh.extra["cost"],
            "requests_by_endpoint": {**outer.by_endpoint, **gh.by_endpoint},
            "polled": outer.polled,
            "changed": outer.extra.get("changed", 0),
            "errors": outer.errors,
            "wall_s": outer.wall_s,
            "cpu_s": outer.cpu_s,
            "peak_rss_mib": outer.peak_rss_mib,
            "rss_mib": rss_mib(),
        }

    def cycle(self, phase: Phase) -> None:
        self.jira.cycle(phase)

    def edit_one_percent_of_documents(self) -> int:
        """Every 100th postmortem: its first item's priority moves by one (P1→P2→P3→P1)."""
        paths = sorted(self.stack.docs.glob("*.md"))[::100]
        for path in paths:
            text = path.read_text()
            for old, new in (("Priority: P1.", "Priority: P2."), ("Priority: P2.", "Priority: P3."),
                             ("Priority: P3.", "Priority: P1.")):
                if old in text:
                    path.write_text(text.replace(old, new, 1))
                    break
        return len(paths)


def run_size(items: int, per_postmortem: int, idle_cycles: int) -> dict[str, Any]:
    postmortems = max(1, items // per_postmortem)
    with tempfile.TemporaryDirectory(prefix="pmsync-bench-scale-") as tmp:
        stack = Stack(
            Path(tmp),
            jira_mode="cloud",
            github=True,
            routing=dict(TARGETS),
            default_target=TARGETS["web"],
            smtp_port=2525,  # flags queue escalation mail, as in production (nothing is delivered)
        )
        try:
            assert stack.gh is not None
            stack.gh.add_repo("acme/payments")  # GitHubBench lists it; nothing is routed there
            return _run_size(stack, items, postmortems, idle_cycles)
        finally:
            stack.close()


def _run_size(stack: Stack, items: int, postmortems: int, idle_cycles: int) -> dict[str, Any]:
    bench = ScaleBench(stack)
    interval = stack.settings().daemon.interval.total_seconds()
    write_postmortems(stack, items, postmortems, OWNERS)
    setup = [bench.step("first sync", bench.cycle)]
    while len(setup) <= MAX_WARMUP_CYCLES:
        stack.clock.advance(seconds=interval)
        setup.append(bench.step(f"warm-up {len(setup)}", bench.cycle))
        if setup[-1]["polled"] == 0:
            break
    steps = []
    stack.clock.advance(seconds=interval)
    steps.append(bench.step("idle", bench.cycle))
    edited = bench.edit_one_percent_of_documents()
    stack.clock.advance(seconds=interval)
    steps.append(bench.step("1% docs edited", bench.cycle))
    changed = len(bench.jira.change_one_percent()) + len(bench.github.change_one_percent())
    stack.clock.advance(seconds=interval)
    steps.append(bench.step("1% tickets changed", bench.cycle))
    stack.clock.advance(days=1)  # past local midnight: only the items the date index names are decided
    steps.append(bench.step("next day, idle", bench.cycle))
    idle_rss = []
    for n in range(idle_cycles):
        stack.clock.advance(seconds=interval)
        idle_rss.append(bench.step(f"idle {n + 1}", bench.cycle))
    stack.ledger.close()  # the daemon below takes the ledger's write lock
    daemon = _daemon_rss(stack, idle_cycles)
    commands = {
        "status --json": _timed_command(stack, ["status", "--json"]),
        "report --html": _timed_command(stack, ["report", "--html", str(stack.root / "report.html")]),
    }
    commands["report --html"]["output_kib"] = (stack.root / "report.html").stat().st_size / 1024
    return {
        "items": items,
        "postmortems": postmortems,
        "tickets": {"jira": len(stack.jira.issues()) if stack.jira else 0,
                    "github": len(stack.gh.issues("acme/web")) if stack.gh else 0},
        "documents_edited": edited,
        "tickets_changed": changed,
        "setup": setup,
        "steps": steps,
        "idle_cycles": idle_rss,
        "commands": commands,
        "daemon_rss_mib": daemon,
    }


def _daemon_rss(stack: Stack, cycles: int) -> list[float]:
    """`pmsync run` as its own process (pmsync alone, no fake inside) over the built ledger,
    cycling every second: its resident size after each of `cycles` finished cycles."""
    if cycles == 0:
        return []
    text = stack.config.read_text()
    stack.config.write_text(text.replace("[daemon]\n", '[daemon]\ninterval = "1s"\njitter = "0s"\n', 1))
    ledger = sqlite3.connect(stack.root / "state.db")
    finished = "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL"
    before = ledger.execute(finished).fetchone()[0]
    daemon = subprocess.Popen(
        [sys.executable, "-m", "syncer", "--config", str(stack.config), "--quiet", "run"],
        env={**os.environ, **stack.env}, cwd=stack.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    sizes: list[float] = []
    try:
        while len(sizes) < cycles:
            if daemon.poll() is not None:
                raise SystemExit(f"pmsync run stopped ({daemon.returncode}): {daemon.stderr.read().decode()[-2000:]}")
            done = ledger.execute(finished).fetchone()[0] - before
            if done > len(sizes):
                with open(f"/proc/{daemon.pid}/status") as status:
                    rss_kib = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
                sizes.append(rss_kib / 1024)
            time.sleep(0.05)
    finally:
        daemon.terminate()
        daemon.wait(timeout=60)
        ledger.close()
    return sizes


def _timed_command(stack: Stack, argv: list[str]) -> dict[str, float]:
    """Run a read-only command as the user would, timed from the outside (CPU of the child)."""
    env = {**os.environ, **stack.env}
    before = os.times()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "syncer", "--config", str(stack.config), *argv],
        env=env, cwd=stack.root, capture_output=True, text=True, check=False,
    )
    wall = time.perf_counter() - started
    after = os.times()
    if done.returncode != 0:
        raise SystemExit(f"pmsync {' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall_s": wall, "cpu_s": cpu, "output_kib": len(done.stdout) / 1024}


def print_result(result: dict[str, Any]) -> None:
    t = result["tickets"]
    print(
        f"\n{result['items']:,} items in {result['postmortems']:,} postmortems → {t['jira']:,} Jira tickets, "
        f"{t['github']:,} GitHub issues; {result['documents_edited']} documents edited, "
        f"{result['tickets_changed']} tickets changed by people"
    )
    rows = [["step", "jira req", "github req", "gh cost", "polled", "changed", "errors",
             "wall s", "cpu s", "peak RSS MiB", "RSS MiB"]]
    for s in [*result["setup"], *result["steps"], *result["idle_cycles"]]:
        rows.append([s["name"], str(s["jira_requests"]), str(s["github_requests"]), str(s["github_cost"]),
                     str(s["polled"]), str(s["changed"]), str(s["errors"]), f"{s['wall_s']:.2f}",
                     f"{s['cpu_s']:.2f}", f"{s['peak_rss_mib']:.0f}", f"{s['rss_mib']:.0f}"])
    print(table(rows))
    for name, c in result["commands"].items():
        print(f"pmsync {name}: wall {c['wall_s']:.2f} s, cpu {c['cpu_s']:.2f} s, output {c['output_kib']:.0f} KiB")
    daemon = result["daemon_rss_mib"]
    if daemon:
        print(f"pmsync run (its own process) RSS after each of {len(daemon)} cycles: "
              + " ".join(f"{m:.0f}" for m in daemon) + f" MiB (max {max(daemon):.0f})")
    idle = result["idle_cycles"]
    if idle:
        first, last = idle[0]["rss_mib"], idle[-1]["rss_mib"]
        print(f"RSS over {len(idle)} idle cycles: {first:.0f} → {last:.0f} MiB ({last - first:+.1f})")


def print_growth(small: dict[str, Any], large: dict[str, Any]) -> None:
    factor = large["items"] / small["items"]
    print(f"\ngrowth {small['items']:,} → {large['items']:,} items ({factor:.0f}× the items)")
    rows = [["step", "requests", "cpu s", "cpu ×", "wall s", "wall ×"]]
    for a, b in zip(small["steps"], large["steps"], strict=True):
        requests = f"{a['jira_requests'] + a['github_requests']} → {b['jira_requests'] + b['github_requests']}"
        rows.append([a["name"], requests, f"{a['cpu_s']:.2f} → {b['cpu_s']:.2f}", _ratio(b["cpu_s"], a["cpu_s"]),
                     f"{a['wall_s']:.2f} → {b['wall_s']:.2f}", _ratio(b["wall_s"], a["wall_s"])])
    for name in small["commands"]:
        a, b = small["commands"][name], large["commands"][name]
        rows.append([name, "-", f"{a['cpu_s']:.2f} → {b['cpu_s']:.2f}", _ratio(b["cpu_s"], a["cpu_s"]),
                     f"{a['wall_s']:.2f} → {b['wall_s']:.2f}", _ratio(b["wall_s"], a["wall_s"])])
    print(table(rows))


def _ratio(large: float, small: float) -> str:
    return f"{large / small:.1f}" if small > 0 else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="1000,10000", help="comma-separated sizes (default 1000,10000)")
    parser.add_argument("--per-postmortem", type=int, default=5)
    parser.add_argument("--idle-cycles", type=int, default=10, help="idle cycles after the changes (RSS after each)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    try:
        sizes = sorted({int(n) for n in args.items.split(",")})
    except ValueError:
        parser.error("--items takes comma-separated whole numbers")
    if not sizes or sizes[0] < 1 or args.per_postmortem < 1 or args.idle_cycles < 0:
        parser.error("--items, --per-postmortem must be at least 1 and --idle-cycles at least 0")
    started = time.perf_counter()
    results = []
    for items in sizes:
        results.append(run_size(items, args.per_postmortem, args.idle_cycles))
        if not args.json:
            print_result(results[-1])
    if args.json:
        print(json.dumps({"results": results, "wall_s": time.perf_counter() - started}, indent=2, default=asdict))
        return
    if len(results) > 1:
        print_growth(results[0], results[-1])
    print(f"\nbenchmark wall time {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
