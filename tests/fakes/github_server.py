"""A stateful fake of GitHub's REST API, answering the real PyGithub 2.10.0 client.

It runs on 127.0.0.1 in a daemon thread (stdlib ThreadingHTTPServer) and
behaves as api.github.com does for the calls pmsync makes: URLs built from
the request's Host (plus the GHES `/api/v3` prefix when used),
`/repositories/{id}` Link pagination, weak ETags with free 304s, the
primary and secondary rate limits on a fake clock, 301 for transferred and
410 for deleted issues, GitHub's error bodies.

Tests drive it through the `human_*` methods (changes made by people in the
web UI) and the fault switches, and read it back with `issues()`/`issue()`
and the request counters.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import math
import re
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from tests.fakes.github_data import (
    CLOSE_REASONS,
    DEFAULT_LABELS,
    DOCS,
    STATE_REASONS,
    Comment,
    Event,
    Issue,
    Label,
    Milestone,
    Render,
    Repo,
    User,
    error,
    http_date,
    node_id,
    parse_ts,
    rate_resource,
    utc,
    validation_failed,
    visible,
)
from tests.fakes.github_graphql import FakeProjects
from tests.fakes.http_util import HttpReply, HttpRequest, LoopbackHTTPServer

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GHES_PREFIX = "/api/v3"
PRIMARY_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
SECONDARY_DOCS = (
    "https://docs.github.com/free-pro-team@latest/rest/overview/"
    "rate-limits-for-the-rest-api#about-secondary-rate-limits"
)
NO_RIGHTS = "Must have admin rights to Repository."

# Requests GitHub counts as content-generating for its secondary limit
# (80 a minute, 500 an hour): creating issues, comments, labels; editing issues.
CONTENT_CREATING: frozenset[tuple[str, str]] = frozenset(
    {
        ("POST", "issues"),
        ("POST", "issue_comments"),
        ("POST", "labels"),
        ("POST", "issue_labels"),
        ("PATCH", "issue"),
    }
)

_TOP_ROUTES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("rate_limit",), "rate_limit"),
    (("user",), "user"),
    (("users", "{username}"), "users"),
    (("graphql",), "graphql"),
)
_REPO_ROUTES: tuple[tuple[tuple[str, ...], str], ...] = (
    ((), "repo"),
    (("issues",), "issues"),
    (("issues", "{issue_number}"), "issue"),
    (("issues", "{issue_number}", "events"), "issue_events"),
    (("issues", "{issue_number}", "timeline"), "issue_timeline"),
    (("issues", "{issue_number}", "comments"), "issue_comments"),
    (("issues", "{issue_number}", "labels"), "issue_labels"),
    (("issues", "{issue_number}", "labels", "{name}"), "issue_label"),
    (("issues", "{issue_number}", "assignees"), "issue_assignees"),
    (("labels",), "labels"),
    (("labels", "{name}"), "label"),
    (("milestones",), "milestones"),
    (("milestones", "{milestone_number}"), "milestone"),
)


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the fake saw it; `key` is the normalised "METHOD /template" form."""

    method: str
    target: str  # path and query exactly as received
    key: str
    headers: dict[str, str]  # lower-cased names
    body: Any  # parsed JSON, the raw text when not JSON, None when empty
    status: int  # 0 when the connection was dropped without an answer
    at: datetime  # fake-clock time


@dataclass(frozen=True)
class _Route:
    name: str
    template: str
    params: dict[str, str]
    repo_ref: tuple[str, str] | int | None
    rest: str  # the raw path after the repository part ("/issues"), for Link URLs


@dataclass
class _Req:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: Mapping[str, str]
    raw: bytes
    render: Render
    route: _Route | None

    def q(self, name: str, default: str | None = None) -> str | None:
        found = [v for k, v in self.query if k == name]
        return found[-1] if found else default

    def json(self) -> Any:
        if not self.raw.strip():
            return None
        try:
            return json.loads(self.raw)
        except ValueError:
            raise _HttpError(400, error("Problems parsing JSON", 400)) from None

    def json_object(self) -> dict[str, Any]:
        data = self.json()
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise _HttpError(400, error("Problems parsing JSON", 400))
        return data


@dataclass
class _Result:
    status: int
    body: Any = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    last_modified: datetime | None = None
    drop: bool = False


@dataclass
class _Fault:
    remaining: int
    status: int
    method: str | None
    pattern: re.Pattern[str] | None


class _HttpError(Exception):
    def __init__(self, status: int, body: Any, headers: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(status)
        self.result = _Result(status, body, list(headers))


class _ManualClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


class FakeGitHub:
    """GitHub's REST API for one token's user, with test-side controls.

    `clock` drives every timestamp and rate-limit window; without one the fake
    keeps its own clock, starting at 2026-11-23T09:00:00Z, moved by `advance()`.
    """

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        token: str = "ghs_test",
        *,
        login: str = "pmsync-bot",
    ) -> None:
        self._manual: _ManualClock | None = None
        self._clock: Callable[[], datetime] = clock if clock is not None else _ManualClock(START)
        if clock is None:
            self._manual = self._clock  # type: ignore[assignment]
        self.token = token
        self.login = login
        self._lock = threading.RLock()
        self._users: dict[str, User] = {}
        self._user_created: dict[str, datetime] = {}
        self._repos: dict[str, Repo] = {}
        self._repos_by_id: dict[int, Repo] = {}
        self._moved_repos: dict[str, int] = {}  # lower-cased former name -> repository id
        self._user_ids = itertools.count(1001)
        self._repo_ids = itertools.count(700_001)
        self._issue_ids = itertools.count(3_000_000_001)
        self._label_ids = itertools.count(5_000_000_001)
        self._milestone_ids = itertools.count(9_000_001)
        # Comments and events share one sequence so the timeline keeps their order.
        self._activity_ids = itertools.count(15_000_000_001)
        self._request_ids = itertools.count(1)
        # primary limit
        self._limit = 5000
        self._used = 0
        self._reset_at: int | None = None
        self._primary_status = 403
        # secondary limit
        self._per_minute = 80
        self._per_hour = 500
        self._secondary_status = 403
        self._secondary_retry_after = True
        self._creations: deque[float] = deque()
        # faults
        self._faults: list[_Fault] = []
        self._drop_creates = 0
        self._auth_broken = False
        # counters
        self.requests: Counter[str] = Counter()
        self.rate_limited_cost = 0
        self.content_creating = 0
        self.request_log: list[LoggedRequest] = []
        self._http = LoopbackHTTPServer(self._serve, name="github.com", clock=self.now)
        self._handlers: dict[tuple[str, str], Callable[[_Req, datetime], _Result]] = {
            ("GET", "user"): self._get_user,
            ("GET", "users"): self._get_users,
            ("GET", "repo"): self._get_repo,
            ("GET", "issues"): self._list_issues,
            ("POST", "issues"): self._create_issue,
            ("GET", "issue"): self._get_issue,
            ("PATCH", "issue"): self._edit_issue,
            ("GET", "issue_events"): self._list_events,
            ("GET", "issue_timeline"): self._list_timeline,
            ("GET", "issue_comments"): self._list_comments,
            ("POST", "issue_comments"): self._create_comment,
            ("GET", "issue_labels"): self._list_issue_labels,
            ("POST", "issue_labels"): self._add_issue_labels,
            ("PUT", "issue_labels"): self._set_issue_labels,
            ("DELETE", "issue_labels"): self._clear_issue_labels,
            ("DELETE", "issue_label"): self._remove_issue_label,
            ("POST", "issue_assignees"): self._add_assignees,
            ("DELETE", "issue_assignees"): self._remove_assignees,
            ("GET", "labels"): self._list_labels,
            ("POST", "labels"): self._create_label,
            ("GET", "label"): self._get_label,
            ("GET", "milestones"): self._list_milestones,
            ("POST", "milestones"): self._create_milestone,
            ("GET", "milestone"): self._get_milestone,
            ("POST", "graphql"): self._graphql,
        }
        self.projects = FakeProjects(self._content_exists)
        self.add_user(login)

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> str:
        """Serve on an ephemeral port; returns the base URL `http://127.0.0.1:<port>`."""
        return self._http.start()

    def stop(self) -> None:
        self._http.stop()

    @property
    def url(self) -> str:
        return self._http.url

    def _serve(self, request: HttpRequest) -> HttpReply:
        headers = {k.lower(): v for k, v in request.headers.items()}
        return self._handle(request.method, request.target, headers, request.body)

    def __enter__(self) -> FakeGitHub:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -------------------------------------------------------------------- clock

    def now(self) -> datetime:
        return utc(self._clock())

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0) -> datetime:
        """Move the fake's own clock (only when no `clock` was given)."""
        if self._manual is None:
            raise RuntimeError(
                "advance() needs the fake's own clock; move the injected clock instead"
            )
        with self._lock:
            self._manual.now += timedelta(seconds=seconds, minutes=minutes, hours=hours)
            return self._manual.now

    # ----------------------------------------------------------- world set-up

    def add_user(self, login: str, *, name: str | None = None, type: str = "User") -> User:
        """Register an account (idempotent); returns a copy."""
        with self._lock:
            existing = self._user(login)
            if existing is None:
                existing = User(next(self._user_ids), login, type, name)
                self._users[login] = existing
                self._user_created[login] = self.now()
            return copy.copy(existing)

    def add_repo(
        self,
        full_name: str,
        *,
        private: bool = False,
        push: bool = True,
        issues: bool = True,
        default_labels: bool = True,
    ) -> Repo:
        """Create a repository the token's user can read (and push to unless `push=False`).

        Like GitHub it starts with the default labels. `issues=False` disables
        issues (410 on issue routes). Returns a copy (`.id` is the repository id).
        """
        owner, _, name = full_name.partition("/")
        if not owner or not name or "/" in name:
            raise ValueError(f"repository name must be owner/name, got {full_name!r}")
        with self._lock:
            if full_name.lower() in self._repos:
                raise ValueError(f"repository {full_name} already exists")
            now = self.now()
            if self._user(owner) is None:
                self.add_user(owner, type="Organization")
            repo = Repo(next(self._repo_ids), owner, name, private, now, now, has_issues=issues)
            if self._users[owner].type == "User":
                repo.permissions[owner] = "admin"
            if owner != self.login:
                repo.permissions[self.login] = "push" if push else "pull"
            if default_labels:
                for label_name, color, description in DEFAULT_LABELS:
                    repo.labels[label_name] = Label(
                        next(self._label_ids), label_name, color, description, default=True
                    )
            self._repos[full_name.lower()] = repo
            self._repos_by_id[repo.id] = repo
            return copy.deepcopy(repo)

    def rename_repo(self, full_name: str, new_full_name: str) -> None:
        """Rename (or move to another owner) a repository. As on GitHub, the old name keeps
        answering: 301 to `/repositories/{id}/…` for reads, 307 for everything else."""
        owner, _, name = new_full_name.partition("/")
        with self._lock:
            repo = self._repo_named(full_name)
            if new_full_name.lower() in self._repos:
                raise ValueError(f"repository {new_full_name} already exists")
            del self._repos[full_name.lower()]
            repo.owner, repo.name = owner, name
            self._repos[new_full_name.lower()] = repo
            self._moved_repos[full_name.lower()] = repo.id

    def grant(self, login: str, full_name: str, *, permission: str = "push") -> None:
        """Give `login` access to the repository ("pull", "push" or "admin"); push makes it assignable."""
        if permission not in ("pull", "push", "admin"):
            raise ValueError(f"unknown permission {permission!r}")
        with self._lock:
            user = self.add_user(login)
            self._repo_named(full_name).permissions[user.login] = permission

    def add_label(
        self, full_name: str, name: str, color: str = "ededed", description: str | None = None
    ) -> Label:
        with self._lock:
            repo = self._repo_named(full_name)
            if repo.label(name):
                raise ValueError(f"label {name!r} already exists in {full_name}")
            label = Label(next(self._label_ids), name, color.lstrip("#"), description)
            repo.labels[name.lower()] = label
            return copy.copy(label)

    def add_milestone(
        self,
        full_name: str,
        title: str,
        due_on: date | datetime | None = None,
        *,
        description: str | None = None,
        state: str = "open",
    ) -> int:
        """Create a milestone; returns its number.

        A plain date becomes 07:00Z that day, as GitHub stores a due date picked
        in the web UI (Pacific midnight), so callers must compare by date.
        """
        with self._lock:
            repo = self._repo_named(full_name)
            if any(m.title == title for m in repo.milestones.values()):
                raise ValueError(f"milestone {title!r} already exists in {full_name}")
            return self._new_milestone(repo, title, description, state, _due(due_on), self.login)

    def add_issue(
        self,
        full_name: str,
        title: str,
        body: str | None = None,
        *,
        user: str | None = None,
        labels: Iterable[str] = (),
        assignees: Iterable[str] = (),
        milestone: int | None = None,
    ) -> int:
        """An issue opened by a person (default: the token's user); returns its number."""
        with self._lock:
            return self._seed(full_name, title, body, user, labels, assignees, milestone, pr=False)

    def add_pull_request(
        self,
        full_name: str,
        title: str,
        labels: Iterable[str] = (),
        *,
        user: str | None = None,
        draft: bool = False,
        body: str | None = None,
    ) -> int:
        """A pull request: it shares the issue numbering and shows up in issue lists."""
        with self._lock:
            number = self._seed(full_name, title, body, user, labels, (), None, pr=True)
            self._repo_named(full_name).issues[number].draft = draft
            return number

    # ------------------------------------------------- what people do on GitHub

    def human_close(
        self, full_name: str, number: int, actor: str, state_reason: str = "completed"
    ) -> None:
        if state_reason not in CLOSE_REASONS:
            raise ValueError(f"state_reason must be one of {CLOSE_REASONS}, got {state_reason!r}")
        with self._lock:
            _, issue = self._live(full_name, number)
            if issue.state == "closed":
                raise ValueError(f"{full_name}#{number} is already closed")
            now = self.now()
            self._set_state(issue, "closed", state_reason, self.add_user(actor).login, now)
            issue.updated_at = now

    def human_reopen(self, full_name: str, number: int, actor: str) -> None:
        with self._lock:
            _, issue = self._live(full_name, number)
            if issue.state == "open":
                raise ValueError(f"{full_name}#{number} is already open")
            now = self.now()
            self._set_state(issue, "open", None, self.add_user(actor).login, now)
            issue.updated_at = now

    def human_label(
        self,
        full_name: str,
        number: int,
        actor: str,
        add: Iterable[str] = (),
        remove: Iterable[str] = (),
    ) -> None:
        """Add and remove labels (unknown ones are created first)."""
        with self._lock:
            repo, issue = self._live(full_name, number)
            now = self.now()
            gone = {n.lower() for n in remove}
            wanted = [n for n in issue.labels if n.lower() not in gone] + list(add)
            if self._set_labels(repo, issue, wanted, self.add_user(actor).login, now):
                issue.updated_at = now

    def human_assign(
        self, full_name: str, number: int, actor: str, assignees: Iterable[str] = ()
    ) -> None:
        """Set the assignees to exactly `assignees` (people with push access only)."""
        with self._lock:
            repo, issue = self._live(full_name, number)
            logins = []
            for login in assignees:
                canonical = self._assignable(repo, login)
                if canonical is None:
                    raise ValueError(
                        f"{login!r} cannot be assigned in {full_name} (no push access)"
                    )
                logins.append(canonical)
            now = self.now()
            if self._set_assignees(issue, logins, self.add_user(actor).login, now):
                issue.updated_at = now

    def human_milestone(
        self, full_name: str, number: int, actor: str, milestone_number: int | None
    ) -> None:
        with self._lock:
            repo, issue = self._live(full_name, number)
            if milestone_number is not None and milestone_number not in repo.milestones:
                raise KeyError(f"no milestone {milestone_number} in {full_name}")
            now = self.now()
            if self._set_milestone(repo, issue, milestone_number, self.add_user(actor).login, now):
                issue.updated_at = now

    def human_comment(self, full_name: str, number: int, actor: str, body: str) -> int:
        """Returns the comment id."""
        with self._lock:
            _, issue = self._live(full_name, number)
            now = self.now()
            comment = Comment(next(self._activity_ids), self.add_user(actor).login, body, now, now)
            issue.comments.append(comment)
            issue.updated_at = now
            return comment.id

    def human_edit(
        self,
        full_name: str,
        number: int,
        actor: str,
        title: str | None = None,
        body: str | None = None,
    ) -> None:
        with self._lock:
            _, issue = self._live(full_name, number)
            now = self.now()
            changed = False
            if title is not None:
                changed = self._set_title(issue, title, self.add_user(actor).login, now)
            if body is not None and body != issue.body:
                issue.body = body
                changed = True
            if changed:
                issue.updated_at = now

    def transfer(self, full_name: str, number: int, to_full_name: str) -> int:
        """Move the issue to another repository; the old number answers 301 from then on.

        Labels and the milestone come along only where the target has them (by
        name/title), assignees only where they have push access, as on GitHub.
        Returns the new number.
        """
        with self._lock:
            src, issue = self._live(full_name, number)
            dst = self._repo_named(to_full_name)
            now = self.now()
            moved = copy.deepcopy(issue)
            moved.number = dst.next_number
            dst.next_number += 1
            moved.labels = [lab.name for n in issue.labels if (lab := dst.label(n))]
            old = src.milestones.get(issue.milestone) if issue.milestone else None
            same = [m.number for m in dst.milestones.values() if old and m.title == old.title]
            moved.milestone = same[0] if same else None
            moved.assignees = [a for a in issue.assignees if self._assignable(dst, a)]
            moved.updated_at = now
            dst.issues[moved.number] = moved
            issue.moved_to = (dst.id, moved.number)
            return moved.number

    def delete_issue(self, full_name: str, number: int) -> None:
        """Delete the issue: GET answers 410 and lists leave it out."""
        with self._lock:
            _, issue = self._live(full_name, number)
            issue.deleted = True

    # --------------------------------------------------------------- inspection

    def issues(self, full_name: str) -> list[Issue]:
        """Copies of the repository's live issues and pull requests, by number."""
        with self._lock:
            repo = self._repo_named(full_name)
            return [copy.deepcopy(i) for _, i in sorted(repo.issues.items()) if visible(i)]

    def issue(self, full_name: str, number: int) -> Issue:
        """A copy of one issue, deleted or transferred ones included (see `deleted`, `moved_to`)."""
        with self._lock:
            repo = self._repo_named(full_name)
            if number not in repo.issues:
                raise KeyError(f"no issue {full_name}#{number}")
            return copy.deepcopy(repo.issues[number])

    def labels(self, full_name: str) -> list[Label]:
        with self._lock:
            return [copy.copy(lab) for lab in self._repo_named(full_name).labels.values()]

    def milestones(self, full_name: str) -> list[Milestone]:
        with self._lock:
            repo = self._repo_named(full_name)
            return [copy.copy(m) for _, m in sorted(repo.milestones.items())]

    @property
    def rate_remaining(self) -> int:
        with self._lock:
            self._roll_window(self.now())
            return max(0, self._limit - self._used)

    # ------------------------------------------------------------ fault switches

    def rate_limit_primary(
        self,
        remaining: int = 0,
        reset_in: float = 3600,
        *,
        limit: int | None = None,
        status: int = 403,
    ) -> None:
        """Set the primary budget: `remaining` requests left until `reset_in` seconds from now."""
        with self._lock:
            if limit is not None:
                self._limit = limit
            self._used = max(0, self._limit - remaining)
            self._reset_at = math.ceil(self.now().timestamp() + reset_in)
            self._primary_status = status

    def secondary_limit(
        self,
        per_minute: int = 80,
        per_hour: int = 500,
        status: int = 403,
        *,
        retry_after: bool = True,
    ) -> None:
        """Content-creating requests allowed per rolling minute/hour; 403 or 429 beyond."""
        with self._lock:
            self._per_minute = per_minute
            self._per_hour = per_hour
            self._secondary_status = status
            self._secondary_retry_after = retry_after

    def fail_next(
        self,
        n: int = 1,
        status: int = 500,
        method: str | None = None,
        path_regex: str | None = None,
    ) -> None:
        """Answer the next `n` matching requests with `status` before doing anything.

        `path_regex` is searched in the path without the `/api/v3` prefix and query.
        Such answers cost no rate limit (they never reached the API).
        """
        with self._lock:
            pattern = re.compile(path_regex) if path_regex else None
            self._faults.append(_Fault(n, status, method.upper() if method else None, pattern))

    def drop_after_create(self, n: int = 1) -> None:
        """The next `n` successful issue creates happen, then the socket closes unanswered."""
        with self._lock:
            self._drop_creates += n

    def auth_broken(self, broken: bool = True) -> None:
        """While broken every request gets 401 Bad credentials (a revoked token)."""
        with self._lock:
            self._auth_broken = broken

    def reset_counters(self) -> None:
        with self._lock:
            self.requests.clear()
            self.rate_limited_cost = 0
            self.content_creating = 0
            self.request_log.clear()

    # ===================================================== request processing

    def _handle(
        self, method: str, target: str, headers: Mapping[str, str], raw: bytes
    ) -> HttpReply:
        with self._lock:
            now = self.now()
            split = urlsplit(target)
            path = split.path
            prefix = (
                GHES_PREFIX if path == GHES_PREFIX or path.startswith(GHES_PREFIX + "/") else ""
            )
            path = path[len(prefix) :] or "/"
            if path == "/api/graphql":  # GitHub Enterprise Server's GraphQL endpoint
                path = "/graphql"
            route = _match(path)
            key = f"{method} {route.template if route else path}"
            self.requests[key] += 1
            host = headers.get("host") or self.url.removeprefix("http://")
            req = _Req(
                method,
                path,
                parse_qsl(split.query, keep_blank_values=True),
                headers,
                raw,
                Render(host, prefix, self._users),
                route,
            )
            response = self._respond(req, now)
            self.request_log.append(
                LoggedRequest(
                    method,
                    target,
                    key,
                    dict(headers),
                    _loads(raw),
                    0 if response.drop else response.status,
                    now,
                )
            )
            return response

    def _respond(self, req: _Req, now: datetime) -> HttpReply:
        fault = self._take_fault(req)
        if fault is not None:
            phrase = {500: "Server Error", 502: "Server Error"}.get(fault, _phrase(fault))
            return self._finish(req, now, _Result(fault, error(phrase, fault)), cost=False)
        if not self._authorized(req.headers):
            body = error("Bad credentials", 401)
            return self._finish(req, now, _Result(401, body), cost=False)
        route = req.route
        if route is not None and route.name == "rate_limit" and req.method == "GET":
            return self._finish(req, now, _Result(200, self._rate_limit_body(now)), cost=False)
        self._roll_window(now)
        if self._used >= self._limit:
            return self._finish(req, now, self._primary_exceeded(now), cost=False)
        if route is not None and (req.method, route.name) in CONTENT_CREATING:
            wait = self._secondary_wait(now)
            if wait is not None:
                return self._finish(req, now, self._secondary_exceeded(now, wait), cost=True)
        handler = self._handlers.get((req.method, route.name)) if route else None
        try:
            if handler is None:
                raise _HttpError(404, error("Not Found", 404))
            result = handler(req, now)
        except _HttpError as exc:
            result = exc.result
        return self._finish(req, now, result, cost=True)

    def _finish(self, req: _Req, now: datetime, result: _Result, *, cost: bool) -> HttpReply:
        headers: list[tuple[str, str]] = []
        body = b""
        if result.body is not None:
            body = json.dumps(result.body, separators=(",", ":")).encode()
            headers.append(("content-type", "application/json; charset=utf-8"))
        status = result.status
        if req.method == "GET" and status == 200:
            link = next((v for k, v in result.headers if k == "link"), "")
            etag = 'W/"' + hashlib.sha256(body + link.encode()).hexdigest() + '"'
            headers += [
                ("cache-control", "private, max-age=60, s-maxage=60"),
                ("vary", "Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding"),
                ("etag", etag),
            ]
            if result.last_modified is not None:
                headers.append(("last-modified", http_date(result.last_modified)))
            if _not_modified(req.headers, etag, result.last_modified):
                status, body, cost = 304, b"", False
                headers = [h for h in headers if h[0] != "content-type"]
        headers += result.headers
        if cost:
            self._used += 1
            self.rate_limited_cost += 1
        reset = self._reset_at if self._reset_at is not None else int(now.timestamp()) + 3600
        headers += [
            ("x-github-media-type", "github.v3; format=json"),
            ("x-github-api-version-selected", "2022-11-28"),
            ("x-ratelimit-limit", str(self._limit)),
            ("x-ratelimit-remaining", str(max(0, self._limit - self._used))),
            ("x-ratelimit-reset", str(reset)),
            ("x-ratelimit-used", str(min(self._used, self._limit))),
            ("x-ratelimit-resource", "core"),
            ("x-github-request-id", f"FAKE:{next(self._request_ids):08X}"),
        ]
        return HttpReply(status, body, tuple(headers), result.drop)

    # ---------------------------------------------------------- limits, faults

    def _take_fault(self, req: _Req) -> int | None:
        for fault in self._faults:
            if fault.method and fault.method != req.method:
                continue
            if fault.pattern and not fault.pattern.search(req.path):
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return fault.status
        return None

    def _authorized(self, headers: Mapping[str, str]) -> bool:
        scheme, _, credential = headers.get("authorization", "").partition(" ")
        return (
            not self._auth_broken
            and scheme.lower() in ("token", "bearer")
            and credential.strip() == self.token
        )

    def _roll_window(self, now: datetime) -> None:
        if self._reset_at is None or now.timestamp() >= self._reset_at:
            self._used = 0
            self._reset_at = int(now.timestamp()) + 3600

    def _rate_limit_body(self, now: datetime) -> dict[str, Any]:
        self._roll_window(now)
        assert self._reset_at is not None
        core = rate_resource(self._limit, self._used, self._reset_at, "core")
        hour = int(now.timestamp()) + 3600
        minute = int(now.timestamp()) + 60
        return {
            "resources": {
                "core": core,
                "search": rate_resource(30, 0, minute, "search"),
                "graphql": rate_resource(5000, 0, hour, "graphql"),
                "integration_manifest": rate_resource(5000, 0, hour, "integration_manifest"),
                "code_search": rate_resource(10, 0, minute, "code_search"),
            },
            "rate": core,
        }

    def _primary_exceeded(self, now: datetime) -> _Result:
        uid = self._users[self.login].id
        message = (
            f"API rate limit exceeded for user ID {uid}. If you reach out to GitHub Support "
            f"for help, please include the request ID FAKE and timestamp "
            f"{now:%Y-%m-%d %H:%M:%S} UTC."
        )
        status = self._primary_status
        return _Result(status, error(message, status, documentation_url=PRIMARY_DOCS))

    def _secondary_wait(self, now: datetime) -> int | None:
        """Seconds until a content-creating request would be allowed, None when allowed (and counted)."""
        t = now.timestamp()
        while self._creations and self._creations[0] <= t - 3600:
            self._creations.popleft()
        last_minute = [c for c in self._creations if c > t - 60]
        if len(last_minute) >= self._per_minute:
            oldest = last_minute[-self._per_minute] if self._per_minute else t
            return max(1, math.ceil(oldest + 60 - t))
        if len(self._creations) >= self._per_hour:
            oldest = self._creations[-self._per_hour] if self._per_hour else t
            return max(1, math.ceil(oldest + 3600 - t))
        self._creations.append(t)
        self.content_creating += 1
        return None

    def _secondary_exceeded(self, now: datetime, wait: int) -> _Result:
        message = (
            "You have exceeded a secondary rate limit. Please wait a few minutes before you "
            "try again. If you reach out to GitHub Support for help, please include the "
            f"request ID FAKE and timestamp {now:%Y-%m-%d %H:%M:%S} UTC."
        )
        status = self._secondary_status
        headers = [("retry-after", str(wait))] if self._secondary_retry_after else []
        return _Result(status, error(message, status, documentation_url=SECONDARY_DOCS), headers)

    # --------------------------------------------------------------- lookups

    def _user(self, login: str) -> User | None:
        found = self._users.get(login)
        if found is None:
            found = next(
                (u for u in self._users.values() if u.login.lower() == login.lower()), None
            )
        return found

    def _repo_named(self, full_name: str) -> Repo:
        repo = self._repos.get(full_name.lower())
        if repo is None:
            raise KeyError(f"no repository {full_name}")
        return repo

    def _live(self, full_name: str, number: int) -> tuple[Repo, Issue]:
        repo = self._repo_named(full_name)
        issue = repo.issues.get(number)
        if issue is None or not visible(issue):
            raise KeyError(f"no live issue {full_name}#{number}")
        return repo, issue

    def _perm(self, repo: Repo) -> str | None:
        perm = repo.permissions.get(self.login)
        if perm is None and not repo.private:
            return "pull"
        return perm

    def _can_push(self, repo: Repo) -> bool:
        return self._perm(repo) in ("push", "admin")

    def _assignable(self, repo: Repo, login: str) -> str | None:
        user = self._user(login)
        if user is None or repo.permissions.get(user.login) not in ("push", "admin"):
            return None
        return user.login

    def _repo(self, req: _Req) -> Repo:
        assert req.route is not None
        ref = req.route.repo_ref
        if isinstance(ref, tuple):
            repo = self._repos.get(f"{ref[0]}/{ref[1]}".lower())
            moved = self._moved_repos.get(f"{ref[0]}/{ref[1]}".lower())
            if repo is None and moved is not None and self._perm(self._repos_by_id[moved]):
                raise self._repo_moved(req, moved)
        else:
            repo = self._repos_by_id.get(ref) if ref is not None else None
        if repo is None or self._perm(repo) is None:
            raise _HttpError(404, error("Not Found", 404))
        return repo

    @staticmethod
    def _repo_moved(req: _Req, repo_id: int) -> _HttpError:
        """GitHub's answer at a renamed repository's old name (recorded by @octokit/fixtures)."""
        assert req.route is not None
        location = f"{req.render.api}/repositories/{repo_id}{req.route.rest}"
        if req.query:
            location += "?" + urlencode(req.query)
        body = {"message": "Moved Permanently", "url": location, "documentation_url": "https://docs.github.com/v3/#http-redirects"}
        status = 301 if req.method in ("GET", "HEAD") else 307
        return _HttpError(status, body, [("location", location)])

    def _issue(self, req: _Req, repo: Repo) -> Issue:
        assert req.route is not None
        _require_issues(repo)
        issue = repo.issues.get(int(req.route.params["issue_number"]))
        if issue is None:
            raise _HttpError(404, error("Not Found", 404))
        if issue.deleted:
            raise _HttpError(410, error("This issue was deleted", 410))
        if issue.moved_to is not None:
            repo_id, number = issue.moved_to
            tail = "".join(f"/{s}" for s in req.route.rest.split("/")[3:])
            location = f"{req.render.api}/repositories/{repo_id}/issues/{number}{tail}"
            body = {"message": "Moved Permanently", "url": location, "documentation_url": DOCS}
            raise _HttpError(301, body, [("location", location)])
        return issue

    # ------------------------------------------------------------- mutations

    def _seed(
        self,
        full_name: str,
        title: str,
        body: str | None,
        user: str | None,
        labels: Iterable[str],
        assignees: Iterable[str],
        milestone: int | None,
        *,
        pr: bool,
    ) -> int:
        repo = self._repo_named(full_name)
        author = self.add_user(user).login if user else self.login
        now = self.now()
        issue = self._new_issue(repo, title, body, author, now, pr=pr)
        self._set_labels(repo, issue, labels, author, now)
        logins = []
        for login in assignees:
            canonical = self._assignable(repo, login)
            if canonical is None:
                raise ValueError(f"{login!r} cannot be assigned in {full_name} (no push access)")
            logins.append(canonical)
        self._set_assignees(issue, logins, author, now)
        if milestone is not None:
            if milestone not in repo.milestones:
                raise KeyError(f"no milestone {milestone} in {full_name}")
            self._set_milestone(repo, issue, milestone, author, now)
        return issue.number

    def _new_issue(
        self, repo: Repo, title: str, body: str | None, author: str, now: datetime, *, pr: bool
    ) -> Issue:
        issue = Issue(
            next(self._issue_ids), repo.next_number, title, body, author, now, now,
            is_pull_request=pr,
        )  # fmt: skip
        repo.next_number += 1
        repo.issues[issue.number] = issue
        return issue

    def _new_milestone(
        self,
        repo: Repo,
        title: str,
        description: str | None,
        state: str,
        due_on: datetime | None,
        creator: str,
    ) -> int:
        now = self.now()
        milestone = Milestone(
            next(self._milestone_ids), repo.next_milestone, title, creator, now, now,
            description=description, state=state, due_on=due_on,
            closed_at=now if state == "closed" else None,
        )  # fmt: skip
        repo.next_milestone += 1
        repo.milestones[milestone.number] = milestone
        return milestone.number

    def _event(self, issue: Issue, kind: str, actor: str, now: datetime, **extra: Any) -> None:
        issue.events.append(Event(next(self._activity_ids), kind, actor, now, extra))

    def _ensure_label(self, repo: Repo, name: str) -> Label:
        label = repo.label(name)
        if label is None:
            label = Label(next(self._label_ids), name)
            repo.labels[name.lower()] = label
        return label

    def _set_labels(
        self, repo: Repo, issue: Issue, names: Iterable[str], actor: str, now: datetime
    ) -> bool:
        wanted: list[str] = []
        for name in names:
            label = self._ensure_label(repo, name)
            if label.name not in wanted:
                wanted.append(label.name)
        current = {n.lower() for n in issue.labels}
        keep = {n.lower() for n in wanted}
        removed = [n for n in issue.labels if n.lower() not in keep]
        added = [n for n in wanted if n.lower() not in current]
        for name in removed:
            self._label_event(repo, issue, "unlabeled", name, actor, now)
        for name in added:
            self._label_event(repo, issue, "labeled", name, actor, now)
        issue.labels = [n for n in issue.labels if n.lower() in keep] + added
        return bool(removed or added)

    def _label_event(
        self, repo: Repo, issue: Issue, kind: str, name: str, actor: str, now: datetime
    ) -> None:
        label = repo.label(name)
        color = label.color if label else "ededed"
        self._event(issue, kind, actor, now, label={"name": name, "color": color})

    def _set_assignees(
        self, issue: Issue, logins: Iterable[str], actor: str, now: datetime
    ) -> bool:
        wanted = list(dict.fromkeys(logins))
        removed = [a for a in issue.assignees if a not in wanted]
        added = [a for a in wanted if a not in issue.assignees]
        for login in removed:
            self._event(issue, "unassigned", actor, now, assignee=login, assigner=actor)
        for login in added:
            self._event(issue, "assigned", actor, now, assignee=login, assigner=actor)
        issue.assignees = [a for a in issue.assignees if a in wanted] + added
        return bool(removed or added)

    def _set_milestone(
        self, repo: Repo, issue: Issue, number: int | None, actor: str, now: datetime
    ) -> bool:
        if number == issue.milestone:
            return False
        if issue.milestone is not None and issue.milestone in repo.milestones:
            title = repo.milestones[issue.milestone].title
            self._event(issue, "demilestoned", actor, now, milestone={"title": title})
        if number is not None:
            title = repo.milestones[number].title
            self._event(issue, "milestoned", actor, now, milestone={"title": title})
        issue.milestone = number
        return True

    def _set_title(self, issue: Issue, title: str, actor: str, now: datetime) -> bool:
        if title == issue.title:
            return False
        self._event(issue, "renamed", actor, now, rename={"from": issue.title, "to": title})
        issue.title = title
        return True

    def _set_state(
        self, issue: Issue, state: str, reason: str | None, actor: str, now: datetime
    ) -> bool:
        if state == issue.state:
            return False
        issue.state = state
        if state == "closed":
            issue.state_reason = reason if reason in CLOSE_REASONS else "completed"
            issue.closed_at = now
            issue.closed_by = actor
            self._event(issue, "closed", actor, now, state_reason=issue.state_reason)
        else:
            # GitHub keeps closed_by after a reopen (recorded in PyGithub's replay data).
            issue.state_reason = "reopened"
            issue.closed_at = None
            self._event(issue, "reopened", actor, now, state_reason="reopened")
        return True

    # ------------------------------------------------------------ pagination

    def _paginate(self, req: _Req, repo: Repo, items: list[Any]) -> tuple[list[Any], list]:
        assert req.route is not None
        per_page = min(100, max(1, _int(req.q("per_page"), 30)))
        page = max(1, _int(req.q("page"), 1))
        pages = max(1, math.ceil(len(items) / per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        rels: list[tuple[str, int]] = []
        if page > 1:
            rels.append(("prev", min(page - 1, pages)))
        if page < pages:
            rels += [("next", page + 1), ("last", pages)]
        if page > 1:
            rels.append(("first", 1))
        if not rels:
            return chunk, []
        params = [(k, v) for k, v in req.query if k != "page"]
        base = f"{req.render.api}/repositories/{repo.id}{req.route.rest}"
        link = ", ".join(
            f'<{base}?{urlencode([*params, ("page", str(n))])}>; rel="{rel}"' for rel, n in rels
        )
        return chunk, [("link", link)]

    # ============================================================== handlers

    def _get_user(self, req: _Req, now: datetime) -> _Result:
        return _Result(200, req.render.full_user(self.login, self._user_created[self.login]))

    def _get_users(self, req: _Req, now: datetime) -> _Result:
        assert req.route is not None
        user = self._user(req.route.params["username"])
        if user is None:
            raise _HttpError(404, error("Not Found", 404))
        return _Result(200, req.render.full_user(user.login, self._user_created[user.login]))

    def _get_repo(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        return _Result(200, req.render.repo(repo, self._perm(repo)), last_modified=repo.updated_at)

    def _list_issues(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        _require_issues(repo)
        state = req.q("state", "open")
        if state not in ("open", "closed", "all"):
            raise _HttpError(422, validation_failed("Issue", "invalid", "state", value=state))
        items = [i for i in repo.issues.values() if visible(i)]
        if state != "all":
            items = [i for i in items if i.state == state]
        items = [i for i in items if self._issue_matches(req, i)]
        sort = req.q("sort", "created")
        keys: dict[str, Callable[[Issue], Any]] = {
            "created": lambda i: (i.created_at, i.number),
            "updated": lambda i: (i.updated_at, i.number),
            "comments": lambda i: (len(i.comments), i.number),
        }
        if sort not in keys:
            raise _HttpError(422, validation_failed("Issue", "invalid", "sort", value=sort))
        direction = req.q("direction", "desc")
        if direction not in ("asc", "desc"):
            raise _HttpError(422, validation_failed("Issue", "invalid", "direction"))
        items.sort(key=keys[sort], reverse=direction == "desc")
        page, headers = self._paginate(req, repo, items)
        return _Result(200, [req.render.issue(repo, i) for i in page], headers)

    def _issue_matches(self, req: _Req, issue: Issue) -> bool:
        labels = req.q("labels")
        if labels:
            have = {n.lower() for n in issue.labels}
            if any(w.strip().lower() not in have for w in labels.split(",") if w.strip()):
                return False
        since = req.q("since")
        if since:
            try:
                if issue.updated_at < parse_ts(since):
                    return False
            except ValueError:
                raise _HttpError(
                    422, validation_failed("Issue", "invalid", "since", value=since)
                ) from None
        milestone = req.q("milestone")
        if milestone == "*" and issue.milestone is None:
            return False
        if milestone == "none" and issue.milestone is not None:
            return False
        if milestone and milestone.isdigit() and issue.milestone != int(milestone):
            return False
        assignee = req.q("assignee")
        lowered = [a.lower() for a in issue.assignees]
        if assignee == "*" and not lowered:
            return False
        if assignee == "none" and lowered:
            return False
        if assignee and assignee not in ("*", "none") and assignee.lower() not in lowered:
            return False
        creator = req.q("creator")
        if creator and creator.lower() != issue.user.lower():
            return False
        mentioned = req.q("mentioned")
        if mentioned and f"@{mentioned.lower()}" not in (issue.body or "").lower():
            return False
        # pmsync's issues carry no issue type, so any named type matches none of them.
        issue_type = req.q("type")
        return not issue_type or issue_type == "none"

    def _get_issue(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        issue = self._issue(req, repo)
        return _Result(200, req.render.issue(repo, issue), last_modified=issue.updated_at)

    def _create_issue(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        _require_issues(repo)
        data = req.json_object()
        title = data.get("title")
        if not isinstance(title, str | int) or not str(title).strip():
            raise _HttpError(422, validation_failed("Issue", "missing_field", "title"))
        body = data.get("body")
        if body is not None and not isinstance(body, str):
            raise _HttpError(422, validation_failed("Issue", "invalid", "body"))
        labels: list[str] = []
        assignees: list[str] = []
        milestone: int | None = None
        # GitHub silently drops labels, assignees and milestone from people without push.
        if self._can_push(repo):
            labels = _label_names(data.get("labels"))
            wanted = _logins(data.get("assignees"), "assignees")
            if data.get("assignee"):
                wanted.append(str(data["assignee"]))
            assignees = self._validate_assignees(repo, wanted)
            milestone = self._validate_milestone(repo, data.get("milestone"))
        issue = self._new_issue(repo, str(title), body, self.login, now, pr=False)
        self._set_labels(repo, issue, labels, self.login, now)
        self._set_assignees(issue, assignees, self.login, now)
        self._set_milestone(repo, issue, milestone, self.login, now)
        drop = self._drop_creates > 0
        if drop:
            self._drop_creates -= 1
        rendered = req.render.issue(repo, issue)
        return _Result(201, rendered, [("location", rendered["url"])], drop=drop)

    def _edit_issue(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        issue = self._issue(req, repo)
        data = req.json_object()
        push = self._can_push(repo)
        if not push and issue.user != self.login:
            raise _HttpError(403, error(NO_RIGHTS, 403))
        if "title" in data and (not isinstance(data["title"], str) or not data["title"].strip()):
            raise _HttpError(422, validation_failed("Issue", "missing_field", "title"))
        state = data.get("state", issue.state)
        if state not in ("open", "closed"):
            raise _HttpError(422, validation_failed("Issue", "invalid", "state", value=state))
        reason = data.get("state_reason")
        if reason is not None and reason not in STATE_REASONS:
            raise _HttpError(
                422, validation_failed("Issue", "invalid", "state_reason", value=reason)
            )
        labels = assignees = None
        milestone: int | None = issue.milestone
        if push:
            if "labels" in data:
                labels = _label_names(data["labels"])
            wanted: list[str] | None = None
            if "assignees" in data:
                wanted = _logins(data["assignees"], "assignees")
            elif "assignee" in data:
                wanted = [str(data["assignee"])] if data["assignee"] else []
            if wanted is not None:
                assignees = self._validate_assignees(repo, wanted)
            if "milestone" in data:
                milestone = self._validate_milestone(repo, data["milestone"])
        changed = False
        if "title" in data:
            changed |= self._set_title(issue, data["title"], self.login, now)
        if "body" in data and data["body"] != issue.body:
            issue.body = data["body"]
            changed = True
        # state_reason counts only together with a change of state.
        changed |= self._set_state(issue, state, reason, self.login, now)
        if labels is not None:
            changed |= self._set_labels(repo, issue, labels, self.login, now)
        if assignees is not None:
            changed |= self._set_assignees(issue, assignees, self.login, now)
        changed |= self._set_milestone(repo, issue, milestone, self.login, now)
        if changed:
            issue.updated_at = now
        return _Result(200, req.render.issue(repo, issue), last_modified=issue.updated_at)

    def _validate_assignees(self, repo: Repo, logins: list[str]) -> list[str]:
        valid = []
        for login in logins:
            canonical = self._assignable(repo, login)
            if canonical is None:
                raise _HttpError(
                    422, validation_failed("Issue", "invalid", "assignees", value=login)
                )
            valid.append(canonical)
        return valid

    def _validate_milestone(self, repo: Repo, value: Any) -> int | None:
        if value is None or value == "":
            return None
        number = value if isinstance(value, int) else _int(str(value), -1)
        if number not in repo.milestones:
            raise _HttpError(422, validation_failed("Issue", "invalid", "milestone", value=value))
        return number

    def _list_events(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        issue = self._issue(req, repo)
        page, headers = self._paginate(req, repo, issue.events)
        return _Result(200, [req.render.event(repo, e) for e in page], headers)

    def _list_timeline(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        issue = self._issue(req, repo)
        page, headers = self._paginate(req, repo, req.render.timeline(repo, issue))
        return _Result(200, page, headers)

    def _list_comments(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        issue = self._issue(req, repo)
        comments = issue.comments
        since = req.q("since")
        if since:
            try:
                cutoff = parse_ts(since)
            except ValueError:
                raise _HttpError(
                    422, validation_failed("IssueComment", "invalid", "since", value=since)
                ) from None
            comments = [c for c in comments if c.updated_at >= cutoff]
        page, headers = self._paginate(req, repo, comments)
        return _Result(200, [req.render.comment(repo, issue, c) for c in page], headers)

    def _create_comment(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        issue = self._issue(req, repo)
        body = req.json_object().get("body")
        if not isinstance(body, str) or not body:
            raise _HttpError(422, validation_failed("IssueComment", "missing_field", "body"))
        comment = Comment(next(self._activity_ids), self.login, body, now, now)
        issue.comments.append(comment)
        issue.updated_at = now
        rendered = req.render.comment(repo, issue, comment)
        return _Result(201, rendered, [("location", rendered["url"])])

    def _issue_label_list(self, req: _Req, repo: Repo, issue: Issue) -> list[dict[str, Any]]:
        return [req.render.label(repo, lab) for n in issue.labels if (lab := repo.label(n))]

    def _list_issue_labels(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        issue = self._issue(req, repo)
        page, headers = self._paginate(req, repo, self._issue_label_list(req, repo, issue))
        return _Result(200, page, headers)

    def _writable_issue(self, req: _Req) -> tuple[Repo, Issue]:
        repo = self._repo(req)
        issue = self._issue(req, repo)
        if not self._can_push(repo):
            raise _HttpError(403, error(NO_RIGHTS, 403))
        return repo, issue

    def _add_issue_labels(self, req: _Req, now: datetime) -> _Result:
        repo, issue = self._writable_issue(req)
        names = _label_names(_labels_payload(req.json()))
        if self._set_labels(repo, issue, [*issue.labels, *names], self.login, now):
            issue.updated_at = now
        return _Result(200, self._issue_label_list(req, repo, issue))

    def _set_issue_labels(self, req: _Req, now: datetime) -> _Result:
        repo, issue = self._writable_issue(req)
        names = _label_names(_labels_payload(req.json()))
        if self._set_labels(repo, issue, names, self.login, now):
            issue.updated_at = now
        return _Result(200, self._issue_label_list(req, repo, issue))

    def _clear_issue_labels(self, req: _Req, now: datetime) -> _Result:
        repo, issue = self._writable_issue(req)
        if self._set_labels(repo, issue, [], self.login, now):
            issue.updated_at = now
        return _Result(204)

    def _remove_issue_label(self, req: _Req, now: datetime) -> _Result:
        assert req.route is not None
        repo, issue = self._writable_issue(req)
        name = req.route.params["name"].lower()
        if name not in {n.lower() for n in issue.labels}:
            raise _HttpError(404, error("Label does not exist", 404))
        keep = [n for n in issue.labels if n.lower() != name]
        if self._set_labels(repo, issue, keep, self.login, now):
            issue.updated_at = now
        return _Result(200, self._issue_label_list(req, repo, issue))

    def _add_assignees(self, req: _Req, now: datetime) -> _Result:
        repo, issue = self._writable_issue(req)
        # This endpoint ignores logins that cannot be assigned instead of failing.
        wanted = _logins(req.json_object().get("assignees"), "assignees")
        valid = [c for login in wanted if (c := self._assignable(repo, login))]
        if self._set_assignees(issue, [*issue.assignees, *valid], self.login, now):
            issue.updated_at = now
        return _Result(201, req.render.issue(repo, issue))

    def _remove_assignees(self, req: _Req, now: datetime) -> _Result:
        repo, issue = self._writable_issue(req)
        gone = {a.lower() for a in _logins(req.json_object().get("assignees"), "assignees")}
        keep = [a for a in issue.assignees if a.lower() not in gone]
        if self._set_assignees(issue, keep, self.login, now):
            issue.updated_at = now
        return _Result(200, req.render.issue(repo, issue))

    def _list_labels(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        labels = sorted(repo.labels.values(), key=lambda lab: lab.name.lower())
        page, headers = self._paginate(req, repo, labels)
        return _Result(200, [req.render.label(repo, lab) for lab in page], headers)

    def _get_label(self, req: _Req, now: datetime) -> _Result:
        assert req.route is not None
        repo = self._repo(req)
        label = repo.label(req.route.params["name"])
        if label is None:
            raise _HttpError(404, error("Not Found", 404))
        return _Result(200, req.render.label(repo, label))

    def _create_label(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        if not self._can_push(repo):
            raise _HttpError(403, error(NO_RIGHTS, 403))
        data = req.json_object()
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _HttpError(422, validation_failed("Label", "missing_field", "name"))
        if repo.label(name):
            raise _HttpError(422, validation_failed("Label", "already_exists", "name"))
        color = str(data.get("color") or "ededed").lstrip("#")
        if not re.fullmatch(r"[0-9a-fA-F]{6}", color):
            raise _HttpError(422, validation_failed("Label", "invalid", "color"))
        label = Label(next(self._label_ids), name, color.lower(), data.get("description"))
        repo.labels[name.lower()] = label
        rendered = req.render.label(repo, label)
        return _Result(201, rendered, [("location", rendered["url"])])

    def _graphql(self, req: _Req, now: datetime) -> _Result:
        status, body = self.projects.answer(req.json())
        return _Result(status, body)

    def _content_exists(self, node: str) -> bool:
        return any(
            node_id("PR" if issue.is_pull_request else "I", issue.id) == node
            for repo in self._repos.values()
            for issue in repo.issues.values()
        )

    def _list_milestones(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        state = req.q("state", "open")
        items = [m for m in repo.milestones.values() if state == "all" or m.state == state]
        far = datetime.max.replace(tzinfo=UTC)
        if req.q("sort", "due_on") == "completeness":
            items.sort(key=lambda m: (self._completeness(repo, m), m.number))
        else:
            items.sort(key=lambda m: (m.due_on or far, m.number))
        if req.q("direction", "asc") == "desc":
            items.reverse()
        page, headers = self._paginate(req, repo, items)
        return _Result(200, [req.render.milestone(repo, m) for m in page], headers)

    def _completeness(self, repo: Repo, milestone: Milestone) -> float:
        mine = [i for i in repo.issues.values() if visible(i) and i.milestone == milestone.number]
        return sum(i.state == "closed" for i in mine) / len(mine) if mine else 0.0

    def _get_milestone(self, req: _Req, now: datetime) -> _Result:
        assert req.route is not None
        repo = self._repo(req)
        milestone = repo.milestones.get(int(req.route.params["milestone_number"]))
        if milestone is None:
            raise _HttpError(404, error("Not Found", 404))
        return _Result(
            200, req.render.milestone(repo, milestone), last_modified=milestone.updated_at
        )

    def _create_milestone(self, req: _Req, now: datetime) -> _Result:
        repo = self._repo(req)
        if not self._can_push(repo):
            raise _HttpError(403, error(NO_RIGHTS, 403))
        data = req.json_object()
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            raise _HttpError(422, validation_failed("Milestone", "missing_field", "title"))
        if any(m.title == title for m in repo.milestones.values()):
            raise _HttpError(422, validation_failed("Milestone", "already_exists", "title"))
        state = data.get("state", "open")
        if state not in ("open", "closed"):
            raise _HttpError(422, validation_failed("Milestone", "invalid", "state"))
        due_on = None
        if data.get("due_on"):
            try:
                due_on = parse_ts(str(data["due_on"]))
            except ValueError:
                raise _HttpError(422, validation_failed("Milestone", "invalid", "due_on")) from None
        number = self._new_milestone(
            repo, title, data.get("description"), state, due_on, self.login
        )
        rendered = req.render.milestone(repo, repo.milestones[number])
        return _Result(201, rendered, [("location", rendered["url"])])


# ================================================================== HTTP glue


# ================================================================== helpers


def _match(path: str) -> _Route | None:
    raw = [s for s in path.split("/") if s]
    segments = [unquote(s) for s in raw]
    for pattern, name in _TOP_ROUTES:
        params = _bind(pattern, segments)
        if params is not None:
            return _Route(name, "/" + "/".join(pattern), params, None, "")
    ref: tuple[str, str] | int
    if len(segments) >= 3 and segments[0] == "repos":
        ref, tail, raw_tail = (segments[1], segments[2]), segments[3:], raw[3:]
    elif len(segments) >= 2 and segments[0] == "repositories" and segments[1].isdigit():
        ref, tail, raw_tail = int(segments[1]), segments[2:], raw[2:]
    else:
        return None
    for pattern, name in _REPO_ROUTES:
        params = _bind(pattern, tail)
        if params is not None:
            template = "/repos/{owner}/{repo}" + "".join(f"/{p}" for p in pattern)
            return _Route(name, template, params, ref, "".join(f"/{s}" for s in raw_tail))
    return None


def _bind(pattern: tuple[str, ...], segments: list[str]) -> dict[str, str] | None:
    if len(pattern) != len(segments):
        return None
    params: dict[str, str] = {}
    for part, segment in zip(pattern, segments, strict=True):
        if part.startswith("{"):
            if part.endswith("_number}") and not segment.isdigit():
                return None
            params[part[1:-1]] = segment
        elif part != segment:
            return None
    return params


def _not_modified(headers: Mapping[str, str], etag: str, last_modified: datetime | None) -> bool:
    if "if-none-match" in headers:
        tags = {t.strip() for t in headers["if-none-match"].split(",")}
        return "*" in tags or etag in tags
    since = headers.get("if-modified-since")
    if since and last_modified is not None:
        try:
            return utc(last_modified) <= utc(parsedate_to_datetime(since))
        except (TypeError, ValueError):
            return False
    return False


def _require_issues(repo: Repo) -> None:
    if not repo.has_issues:
        raise _HttpError(410, error("Issues are disabled for this repo", 410))


def _label_names(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _HttpError(422, validation_failed("Label", "invalid", "labels"))
    names = []
    for item in value:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name.strip():
            raise _HttpError(422, validation_failed("Label", "invalid", "name"))
        names.append(name)
    return names


def _labels_payload(data: Any) -> Any:
    """Label endpoints take a bare array (PyGithub) or `{"labels": [...]}`."""
    return data.get("labels") if isinstance(data, dict) else data


def _logins(value: Any, field_name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _HttpError(422, validation_failed("Issue", "invalid", field_name))
    return list(value)


def _due(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return utc(value) if value else None
    return datetime(value.year, value.month, value.day, 7, tzinfo=UTC)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _loads(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
