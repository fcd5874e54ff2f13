"""Benchmark `pmsync lint`: 2,000 postmortems with 10,000 action items, in every accepted format.

Usage: .venv/bin/python bench/bench_lint.py [--docs N] [--items-per-doc M] [--keep DIR]

Prints the machine's load average, pmsync's start-up time (`pmsync --version`, against
a bare `python -c pass`), then documents, items, wall seconds, items/s, CPU seconds and
peak RSS for `pmsync lint --json` run as a subprocess (what CI runs), then parse + lint
in-process, then, in one process, pmsync's CPU time against a bare parse of the same files
by markdown-it-py and by markdown-it-pyrs, with the ratios. Wall time depends on what else
the machine runs; CPU seconds and the ratios much less so.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OWNERS = ("alice", "bob", "carol", "dave", "erin")
TEAMS = ("payments", "web", "platform")
ACTIONS = (
    "Add disk space alert at {n}% threshold on ledger-db",
    "Add config checksum validation to the deploy script of service-{n}",
    "Create runbook for payment service timeout number {n}",
    "Page the on-call when the 5xx rate exceeds {n}% for 5 minutes",
    "Add monitoring",
    "Improve deploy process",
    "Move certificate {n} to cert-manager with renewal 30 days before expiry",
)
DUES = ("Friday", "2 weeks", "2026-12-{d:02d}", "in 10 days", "someday")


def _front_matter(n: int, incident: date) -> str:
    related = f"[INC-B-{n - 1:05d}]" if n % 7 == 0 and n else "[]"
    return (
        f"---\nid: INC-B-{n:05d}\ntitle: Benchmark incident {n}\ndate: {incident}\n"
        f"review_date: {incident + timedelta(days=n % 5)}\nseverity: SEV{1 + n % 3}\n"
        f"team: {TEAMS[n % 3]}\nservices: [service-{n}]\nrelated: {related}\n---\n\n"
        f"# Benchmark incident {n}\n\n## Summary\n\nService {n} returned errors for {n % 90} minutes.\n\n"
        "## Impact\n\nSome checkouts failed.\n\n## Timeline\n\n- 10:00 alert fired\n- 10:30 resolved\n\n"
        "## Root Causes\n\nThe deploy did not validate the config.\n\n"
    )


def _fields(n: int, k: int) -> tuple[str, str, str, str, str]:
    m = n * 7 + k
    action = ACTIONS[m % len(ACTIONS)].format(n=10 + m % 80)
    return action, OWNERS[m % 5], DUES[m % len(DUES)].format(d=1 + m % 28), f"P{m % 5}", f"check {m} in staging"


def _items(n: int, count: int) -> str:
    style = n % 4
    rows = [_fields(n, k) for k in range(count)]
    if style == 0:
        lines = ["| Action | Owner | Due | Priority | Verify |", "|---|---|---|---|---|"]
        lines += [f"| {a} | @{o} | {d} | {p} | {v} |" for a, o, d, p, v in rows]
    elif style == 1:
        lines = [f"- {a}. Owner: @{o}. Due: {d}. Priority: {p}. Verify: {v}." for a, o, d, p, v in rows]
    elif style == 2:
        lines = [
            f"- [{'x' if k % 3 == 0 else ' '}] {a} (owner: {o}, due: {d}) [{p}] #{n * 10 + k}"
            for k, (a, o, d, p, _v) in enumerate(rows)
        ]
    else:
        lines = []
        for k, (a, o, d, p, v) in enumerate(rows, 1):
            lines += [f"{k}. {a}", f"   - Owner: @{o}", f"   - Due: {d}", f"   - Priority: {p}", f"   - Verify: {v}"]
    return "## Action Items\n\n" + "\n".join(lines) + "\n\n## Lessons Learned\n\nValidate config.\n\n## What Went Well\n\nThe alert fired.\n"


def generate(directory: Path, docs: int, items_per_doc: int) -> None:
    start = date(2026, 1, 5)
    for n in range(docs):
        incident = start + timedelta(days=n % 300)
        sub = directory / TEAMS[n % 3]
        sub.mkdir(exist_ok=True)
        (sub / f"inc-{n:05d}.md").write_text(_front_matter(n, incident) + _items(n, items_per_doc), "utf-8")


def _rss_mib(kib: int) -> float:
    return kib / 1024  # Linux reports ru_maxrss in KiB


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wall(argv: list[str], runs: int = 7) -> float:
    """Median wall seconds of running argv."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_startup() -> None:
    version = _wall([sys.executable, "-m", "syncer", "--version"])
    bare = _wall([sys.executable, "-c", "pass"])
    print(f"start-up: pmsync --version {version:.3f}s wall (median of 7; python -c pass {bare:.3f}s)")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def bench_subprocess(directory: Path) -> tuple[dict[str, int], float, float, float]:
    cpu = _cpu_children()
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "syncer", "lint", "--json", str(directory)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"pmsync lint failed ({proc.returncode}): {proc.stderr}")
    summary = json.loads(proc.stdout)["summary"]
    rss = _rss_mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return summary, wall, _cpu_children() - cpu, rss


def bench_in_process(directory: Path) -> tuple[int, int, float, float]:
    from adapters.sources.markdown import read_paths
    from syncer.lint import lint_documents

    started = time.perf_counter()
    docs = read_paths([directory])
    parsed = time.perf_counter()
    lint_cpu = time.process_time()
    findings = lint_documents(docs)
    lint_cpu = time.process_time() - lint_cpu
    done = time.perf_counter()
    items = sum(len(d.postmortem.items) for d in docs if d.postmortem)
    print(f"in-process: parse {parsed - started:.2f}s (worker pool), lint {done - parsed:.2f}s "
          f"({lint_cpu:.2f}s CPU), {len(findings)} lint findings")
    return len(docs), items, done - started, _rss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _cpu_of(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def bench_against_bare_parsers(directory: Path) -> None:
    """pmsync's parse + lint in one process against a bare parse of the same files by
    markdown-it-py (what pmsync uses) and markdown-it-pyrs (Rust), CPU seconds each."""
    from markdown_it import MarkdownIt

    from adapters.sources.markdown import read_paths
    from syncer.lint import lint_documents

    texts = [path.read_text(encoding="utf-8") for path in sorted(directory.rglob("*.md"))]
    pmsync = _cpu_of(lambda: lint_documents(read_paths([directory], workers=1)))
    python_md = MarkdownIt("commonmark").enable("table")
    bare_py = _cpu_of(lambda: [python_md.parse(text) for text in texts])
    print(f"one process, CPU: pmsync parse + lint {pmsync:.2f}s; bare markdown-it-py parse "
          f"{bare_py:.2f}s (pmsync = {pmsync / bare_py:.2f}x)", end="")
    try:
        import markdown_it_pyrs
    except ImportError:
        print("; markdown-it-pyrs not installed (wheels for CPython 3.11 and 3.12 only)")
        return
    rust_md = markdown_it_pyrs.MarkdownIt("commonmark").enable("table")
    bare_rs = _cpu_of(lambda: [rust_md.tree(text) for text in texts])
    print(f"; bare markdown-it-pyrs parse {bare_rs:.2f}s (pmsync = {pmsync / bare_rs:.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--items-per-doc", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pmsync-bench-") as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        generate(directory, args.docs, args.items_per_doc)
        print(f"load average {_load()} (1, 5, 15 min) on {os.cpu_count()} CPUs")
        bench_startup()
        summary, wall, cpu, rss = bench_subprocess(directory)
        print(f"pmsync lint --json (subprocess): {summary['documents']} documents, {summary['items']} items, "
              f"{summary['errors']} errors, {summary['warnings']} warnings")
        print(f"  wall {wall:.2f}s, {summary['items'] / wall:,.0f} items/s, CPU {cpu:.2f}s "
              f"(all processes), peak RSS {rss:.0f} MiB")
        docs, items, seconds, rss_self = bench_in_process(directory)
        print(f"parse + lint (in-process): {docs} documents, {items} items")
        print(f"  wall {seconds:.2f}s, {items / seconds:,.0f} items/s, peak RSS {rss_self:.0f} MiB")
        bench_against_bare_parsers(directory)
        print(f"load average {_load()} at the end")


if __name__ == "__main__":
    main()
