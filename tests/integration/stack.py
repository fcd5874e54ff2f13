"""A whole pmsync deployment in a temp dir: config file, postmortems, ledger, and the
local fake Jira/GitHub servers, wired through the real composition root."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.trackers.base import RequestCounter
from syncer.app import build_trackers
from syncer.engine import CycleReport, Engine
from syncer.notify import Notifier
from syncer.policy import local_today
from syncer.settings import Settings, load_settings
from syncer.state import Ledger
from syncer.views import item_views
from tests.fakes.github_server import FakeGitHub
from tests.fakes.jira_server import FakeJira

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

PEOPLE = {
    # handle: (jira account, github login or None, team)
    "alice": ("acc-alice", "alice-gh", "payments"),
    "bob": ("acc-bob", "bob-gh", "payments"),
    "carol": ("acc-carol", "carol-gh", "web"),
    "dave": ("acc-dave", None, "web"),
}


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class Item:
    text: str
    owner: str | None = "alice"
    due: str | None = "2026-12-18"
    priority: str | None = "P1"
    ref: str | None = None
    verify: str | None = "a game day in staging"

    def line(self) -> str:
        fields = [self.text.rstrip(".") + "."]
        if self.owner:
            fields.append(f"Owner: @{self.owner}.")
        if self.due:
            fields.append(f"Due: {self.due}.")
        if self.priority:
            fields.append(f"Priority: {self.priority}.")
        if self.verify:
            fields.append(f"Verify: {self.verify}.")
        if self.ref:
            fields.append(f"Ticket: {self.ref}")
        return "- " + " ".join(fields)


@dataclass
class Stack:
    root: Path
    jira_mode: str | None = "cloud"
    github: bool = False
    routing: dict[str, str] = field(default_factory=lambda: {"payments": "jira:PAY"})
    default_target: str = "jira:OPS"
    jira_priorities: dict[str, str] | None = None
    smtp_port: int | None = None  # an [smtp] section: escalation mail is queued in the outbox

    def __post_init__(self) -> None:
        self.clock = Clock()
        self.sleeps: list[float] = []
        self.docs = self.root / "postmortems"
        self.docs.mkdir(parents=True, exist_ok=True)
        self.counters = {"jira": RequestCounter(), "github": RequestCounter()}
        self.jira: FakeJira | None = None
        self.gh: FakeGitHub | None = None
        if self.jira_mode:
            self.jira = FakeJira(self.jira_mode, clock=self.clock)  # type: ignore[arg-type]
            self.jira.start()
            for key in ("OPS", "PAY"):
                self.jira.add_project(key)
            for handle, (account, _, _) in PEOPLE.items():
                self.jira.add_user(account, handle.title(), email=f"{handle}@acme.example")
        if self.github:
            self.gh = FakeGitHub(clock=self.clock)
            self.gh.start()
            self.gh.add_repo("acme/web")
            for _, login, _ in PEOPLE.values():
                if login:
                    self.gh.add_user(login)
                    self.gh.grant(login, "acme/web")
        self.env = {}
        if self.jira:
            self.env["PMSYNC_JIRA__TOKEN"] = self.jira.token
        if self.gh:
            self.env["PMSYNC_GITHUB__TOKEN"] = self.gh.token
        self.config = self.root / "pmsync.toml"
        self.config.write_text(self._config_text())
        self.config.chmod(0o600)  # as installed: pmsync warns about a configuration others can read
        self.ledger = Ledger.open(self.root / "state.db")

    def _config_text(self) -> str:
        parts = [
            '[sources]\npaths = ["postmortems"]\n'
            'doc_url = "https://git.acme.example/pm/blob/main/{path}"\n',
        ]
        if self.jira:
            email = f'email = "{self.jira.email}"\n' if self.jira.cloud else ""
            prio = ""
            if self.jira_priorities:
                inner = ", ".join(f'{k} = "{v}"' for k, v in self.jira_priorities.items())
                prio = f"priorities = {{ {inner} }}\n"
            parts.append(
                f'[jira]\nurl = "{self.jira.url}"\n{email}{prio}timeout = 5\n'
                "search_lag_seconds = 30\nmax_wait_seconds = 30\n"
            )
        if self.gh:
            parts.append(f'[github]\nurl = "{self.gh.url}"\ntimeout = 5\nmax_wait_seconds = 120\n')
        teams = ", ".join(f'{k} = "{v}"' for k, v in self.routing.items())
        parts.append(f'[routing]\ndefault = "{self.default_target}"\nteams = {{ {teams} }}\n')
        for handle, (account, login, team) in PEOPLE.items():
            gh = f'github = "{login}"\n' if login else ""
            parts.append(
                f'[people.{handle}]\nemail = "{handle}@acme.example"\njira = "{account}"\n{gh}team = "{team}"\n'
            )
        for team in ("payments", "web", "platform"):
            parts.append(f'[teams.{team}]\nleads = ["{team}-lead@acme.example"]\n')
        if self.smtp_port is not None:
            parts.append(
                f'[smtp]\nhost = "127.0.0.1"\nport = {self.smtp_port}\nstarttls = false\n'
                'sender = "pmsync <pmsync@acme.example>"\nops = ["sre-oncall@acme.example"]\n'
            )
        parts.append('[daemon]\nstate = "state.db"\n')
        return "\n".join(parts)

    # -- documents ---------------------------------------------------------------------

    def write(self, pm_id: str, items: list[Item], *, team: str = "payments",
              related: tuple[str, ...] = ()) -> Path:
        body = "\n".join(i.line() for i in items)
        # Built line by line: an interpolated line inside a dedented template would break the dedent.
        front = [f"id: {pm_id}", f"title: Incident {pm_id}", "date: 2026-11-02",
                 "review_date: 2026-11-04", "severity: SEV2", f"team: {team}"]
        if related:
            front.append(f"related: [{', '.join(related)}]")
        text = (
            "---\n" + "\n".join(front) + "\n---\n\n"
            f"# Incident {pm_id}\n\n## Action Items\n\n" + body + "\n"
        )
        path = self.docs / f"{pm_id}.md"
        path.write_text(text)
        return path

    # -- pmsync ------------------------------------------------------------------------

    def settings(self) -> Settings:
        return load_settings(self.config, environ=self.env)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds=seconds)

    def engine(self, **kw) -> Engine:
        settings = self.settings()
        trackers = build_trackers(
            settings, self.ledger, counters=self.counters, sleep=self.sleep,
            clock=lambda: self.clock.now.timestamp(),
        )
        from syncer.app import document_reader

        if settings.smtp is not None and "notifier" not in kw:
            kw["notifier"] = Notifier(settings)
        return Engine(settings, self.ledger, trackers, document_reader(settings), self.clock, **kw)

    def cycle(self, **kw) -> CycleReport:
        return self.engine().cycle(**kw)

    def restart(self) -> None:
        self.ledger.close()
        self.ledger = Ledger.open(self.root / "state.db")

    def close(self) -> None:
        self.ledger.close()
        if self.jira:
            self.jira.stop()
        if self.gh:
            self.gh.stop()

    # -- what the ledger says about an item --------------------------------------------

    def flags(self, ident: str) -> dict[str, str]:
        """The item's (or postmortem's) standing flags: kind -> details."""
        return {f.kind: f.details for f in self.ledger.standing_flags(ident)}

    def step(self, ident: str, *, full: bool = False, minutes: int = 5) -> dict[str, str]:
        """Let the daemon's interval pass, run one clean cycle, return the item's flags."""
        self.clock.advance(minutes=minutes)
        report = self.cycle(full=full)
        assert report.errors == [] and report.fatal == []
        return self.flags(ident)

    def flag_events(self, kind: str, ident: str) -> list[str]:
        """The flags named by the item's `flag_raised` / `flag_cleared` events, in order."""
        return [json.loads(e["details"])["flag"] for e in self.ledger.events(ident, kind)]

    def lifecycle(self, ident: str) -> str:
        settings = self.settings()
        today = local_today(self.clock.now, settings.policy.timezone)
        (view,) = [v for v in item_views(settings, self.ledger, today) if v.ident == ident]
        return view.lifecycle

    # -- what the trackers hold ----------------------------------------------------------

    def jira_tickets_per_item(self) -> Counter:
        assert self.jira
        return Counter(
            label for issue in self.jira.issues() for label in issue.labels if label.startswith("pmsync-")
        )

    def github_issues_per_item(self) -> Counter:
        assert self.gh
        found: Counter = Counter()
        for issue in self.gh.issues("acme/web"):
            body = issue.body or ""
            if "<!-- pmsync:item=" in body:
                found[body.split("<!-- pmsync:item=", 1)[1].split(" -->", 1)[0]] += 1
        return found
