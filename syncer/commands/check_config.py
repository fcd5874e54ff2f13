"""`pmsync check-config [--online]`: validate the configuration (and, online, the world)."""

from __future__ import annotations

import argparse
import sys

from syncer.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from syncer.settings import (
    ConfigError,
    Settings,
    config_file_path,
    file_mode_warning,
    load_settings,
)
from syncer.source_access import service_account, source_problems
from syncer.source_settings import MarkdownSource


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"pmsync: {exc}", file=sys.stderr)
        return EXIT_USAGE
    path = settings.config_path or config_file_path(args.config, {})
    warning = file_mode_warning(path)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{path}: configuration is valid")
    print(f"  targets: {', '.join(settings.targets()) or 'none'}")
    print(f"  people: {len(settings.people)}, teams: {len(settings.teams)}")
    paths = [p for s in settings.source_configs() if isinstance(s, MarkdownSource) for p in s.paths]
    problems = [f"error: {p}" for p in source_problems(paths, service_account())]
    if args.online:
        problems += online_problems(settings)
    for problem in problems:
        print(f"{problem}", file=sys.stderr)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        print(f"{count} found", file=sys.stderr)
        return EXIT_FINDINGS
    if not args.online:
        return EXIT_OK
    print("online checks passed: credentials, targets, people's accounts, SMTP")
    return EXIT_OK


def online_problems(settings: Settings) -> list[str]:
    """Every online problem, each naming the target or account it is about."""
    # the composition root loads the trackers' clients: only when going online
    from syncer.app import build_trackers, check_mail

    problems: list[str] = []
    trackers = build_trackers(settings, None)
    for name, tracker in sorted(trackers.items()):
        targets = [t for t in settings.targets() if t.startswith(f"{name}:")]
        accounts = sorted(
            {getattr(p, name) for p in settings.people.values() if getattr(p, name, None)}
        )
        for problem in tracker.check(targets, accounts):
            where = problem.target
            routes = routes_of(settings, where)
            if routes:
                where = f"{where} ({', '.join(routes)})"
            problems.append(f"{problem.severity}: {where}: {problem.message}")
    if settings.smtp is not None:
        problems += [f"error: smtp: {message}" for message in check_mail(settings)]
    problems += source_problems_online(settings)
    return problems


def source_problems_online(settings: Settings) -> list[str]:
    """Each remote source listed once (git fetch, one CQL search, one Drive folder listing)."""
    import os

    from adapters.sources.factory import probe
    from syncer.app import utc_now

    problems = []
    for config in settings.source_configs():
        if isinstance(config, MarkdownSource):
            continue  # checked offline, above
        reason = probe(config, environ=os.environ, clock=utc_now)
        if reason is not None:
            problems.append(f"error: source {config.name}: {reason}")
    return problems


def routes_of(settings: Settings, target: str) -> list[str]:
    """The routing keys that send items to `target`, so a finding names the route to fix."""
    routes = ["routing.default"] if settings.routing.default == target else []
    return routes + [f"routing.teams.{team}" for team, t in settings.routing.teams.items() if t == target]
