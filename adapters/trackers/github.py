"""GitHub Issues tracker adapter (DESIGN §5–7) on PyGithub 2.10.0.

Every request goes through PyGithub's requester as a raw call (`requestJson`):
PyGithub still does authentication, the base URL (GHES prefix included),
redirects of transferred issues and the rate-limit bookkeeping, while this
module sees each status code. That is what lets it count every request, tell
a free 304 from a charged answer, send `If-None-Match` on the poll (PaginatedList
never does, api/README.md §2.2), avoid the hidden GETs lazy objects make (§2.3),
and translate errors once, here.

PyGithub's own retry is off (`retry=None`, §2.6): it would re-POST a create
and could sleep up to an hour behind our back. Safe calls (GET, PATCH of
absolute values, label creation) are retried by `call_with_retry`; the issue
POST never is. Content-creating requests wait for the WritePacer first.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import requests
import structlog
from github import Auth, Github, GithubIntegration
from github.GithubException import (
    BadCredentialsException,
    GithubException,
    RateLimitExceededException,
    UnknownObjectException,
)
from github.Requester import Requester

from adapters.trackers import transport
from adapters.trackers.base import (
    MARKER_LABEL,
    POSTMORTEM_LABEL,
    AuthError,
    NotFound,
    PermissionDenied,
    PollResult,
    Problem,
    RateLimited,
    Rejected,
    RequestCounter,
    TrackerError,
    Unavailable,
    Unreachable,
    WriteOutcomeUnknown,
)
from adapters.trackers.boundary import Malformed, guarded, pages
from adapters.trackers.github_connection import use_timeouts
from adapters.trackers.github_payloads import (
    BASE_LABELS,
    TRACKER,
    Json,
    PriorityLabels,
    event_changes,
    format_since,
    is_pull_request,
    issue_body,
    issue_title,
    marker_key,
    names_field,
    next_link,
    repo_of,
    target_of,
    ticket_state,
    validation_message,
)
from adapters.trackers.github_projects import ProjectBoards, errors_text
from adapters.trackers.pacing import MemoryStore, WritePacer
from adapters.trackers.retry import call_with_retry
from syncer.model import PRIORITIES, TicketRef, TicketSpec, TicketState
from syncer.settings import GitHubSettings, parse_target
from syncer.ticket_fields import GitHubRepoFields, render

T = TypeVar("T")
log = structlog.get_logger(__name__)

ISSUES = "/repos/{owner}/{repo}/issues"
ISSUE = "/repos/{owner}/{repo}/issues/{number}"
EVENTS = "/repos/{owner}/{repo}/issues/{number}/events"
COMMENTS = "/repos/{owner}/{repo}/issues/{number}/comments"
ISSUE_LABELS = "/repos/{owner}/{repo}/issues/{number}/labels"
LABELS = "/repos/{owner}/{repo}/labels"
REPO = "/repos/{owner}/{repo}"
MILESTONES = "/repos/{owner}/{repo}/milestones"
USER = "/user"
USERS = "/users/{login}"

POLL_OVERLAP = timedelta(minutes=5)
# pages of newest issues searched for an unfinished create's marker (creation recovery is recent)
FIND_PAGES = 3
# below this many primary-limit requests left, wait for the reset rather than run dry mid-cycle
PRIMARY_RESERVE = 10
SECONDARY_WAIT = 60.0
RATE_LIMIT_PREFIXES = ("api rate limit exceeded", "you have exceeded a secondary rate limit")

_SHORT_REF = re.compile(r"#(\d+)")
_REPO_REF = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+)#(\d+)")
_URL_REF = re.compile(
    r"https?://([^/\s]+)/([A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+)/issues/(\d+)/?(?:[?#]\S*)?"
)


@dataclass(frozen=True, slots=True)
class _Response:
    status: int
    headers: dict[str, str]
    data: Any


@dataclass(frozen=True, slots=True)
class _Cursor:
    """The poll position: `since` and the etag of the first page answered for exactly that `since`."""

    since: str | None = None
    etag: str | None = None
    seen: str | None = None  # newest updated_at seen so far: tells new changes from the overlap
    # what the repository turned out to be, kept across restarts: its current name after a
    # rename, and whether the token may push (without push, issues carry no labels)
    repo: str | None = None
    pushless: bool = False

    @classmethod
    def load(cls, raw: str | None) -> _Cursor:
        if not raw:
            return cls()
        try:
            data = json.loads(raw)
            repo = data.get("repo")
            return cls(
                data.get("since"),
                data.get("etag"),
                data.get("seen"),
                repo if isinstance(repo, str) else None,
                data.get("pushless") is True,
            )
        except (ValueError, AttributeError):
            # a cursor we cannot read costs one full listing, never a lost update
            return cls()

    def dump(self) -> str:
        data: Json = {"since": self.since, "etag": self.etag, "seen": self.seen}
        if self.repo:
            data["repo"] = self.repo
        if self.pushless:
            data["pushless"] = True
        return json.dumps(data, sort_keys=True)


@guarded
class GitHubTracker:
    """The Tracker port for GitHub Issues; one instance serves every `github:owner/repo` target."""

    name = TRACKER
    # find_by_marker lists issues (no search index), but a read may hit a replica seconds behind
    search_lag = 30.0

    def __init__(
        self,
        settings: GitHubSettings,
        *,
        pacer: WritePacer | None = None,
        counter: RequestCounter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        on_wait: Callable[[TrackerError, float], None] | None = None,
    ) -> None:
        self.settings = settings
        self.counter = counter if counter is not None else RequestCounter()
        self.requests = 0  # every HTTP request sent
        self.rate_limited_cost = 0  # those that count against the primary limit (a 304 does not)
        self._sleep = sleep
        self._clock = clock
        self._on_wait = on_wait
        self.pacer = pacer or WritePacer(
            MemoryStore(),
            per_minute=settings.writes_per_minute,
            per_hour=settings.writes_per_hour,
            clock=clock,
            sleep=sleep,
            on_wait=self._report_pacing if on_wait else None,
        )
        self.priorities = PriorityLabels(settings.priority_label)
        self._token = settings.token.get_secret_value() if settings.token else None
        base_url = str(settings.url).rstrip("/")
        self._app = _app_auth(settings)
        self._github = Github(
            base_url=base_url,
            auth=self._auth(settings),
            retry=None,
            seconds_between_requests=None,
            seconds_between_writes=None,
            per_page=100,
            timeout=math.ceil(settings.timeout),  # PyGithub asserts an int; replaced below
            lazy=True,
        )
        self._requester = self._github.requester
        use_timeouts(self._requester, transport.timeouts(settings.timeout))
        base = urlsplit(base_url)
        # issue pages live on github.com for api.github.com, on the GHES host itself otherwise
        self._web_host = "github.com" if base.netloc == "api.github.com" else base.netloc
        self._web_base = f"{base.scheme}://{self._web_host}"
        self._labels: dict[str, set[str]] = {}  # repo -> lower-cased names of labels known to exist
        self._renamed: dict[str, str] = {}  # lower-cased routed name -> the repository's name now
        self._pushless: set[str] = (
            set()
        )  # lower-cased names of repositories the token cannot push to
        self._push_known: set[str] = set()  # repositories whose permissions were read this run
        self._login: str | None = None  # the token's user, the creator of pmsync's issues
        self._milestones: dict[str, dict[str, int]] = {}  # repo -> folded title -> number
        self._boards: dict[str, ProjectBoards] = {}  # target -> its project boards

    def _auth(self, settings: GitHubSettings) -> Auth.Auth | None:
        """A personal token, or a GitHub App's installation token (PyGithub fetches it with the
        app's JWT and fetches a new one shortly before it expires)."""
        if self._app is not None:
            assert settings.installation_id is not None  # required with app_id (settings)
            return self._app.get_installation_auth(settings.installation_id)
        return Auth.Token(self._token) if self._token else None

    # ---- the Tracker port -------------------------------------------------------------------

    def create(self, target: str, spec: TicketSpec) -> TicketState:
        repo = self._repo(target)
        self._ensure_labels(repo, target, spec.priority)
        labels = [MARKER_LABEL, POSTMORTEM_LABEL]
        if spec.priority in PRIORITIES:
            labels.append(self.priorities.label(spec.priority))
        route = self._route(target)
        dropped: list[tuple[str, str]] = []
        if route is not None:
            context = {
                "severity": spec.severity,
                "team": spec.team,
                "postmortem_id": spec.postmortem_id,
            }
            extra = [label for label in render(route.labels, context) if label]
            labels = list(dict.fromkeys([*labels, *extra]))
        body: Json = {"title": issue_title(spec), "body": issue_body(spec), "labels": labels}
        if spec.assignee:
            body["assignees"] = [spec.assignee]
        if route is not None and route.milestone:
            number = self._milestone(repo, target, route.milestone)
            if number is None:
                dropped.append(("milestone", f"no open milestone titled {route.milestone!r}"))
            else:
                body["milestone"] = number
        path = f"/repos/{repo}/issues"
        resp = self._send(
            "POST", path, target, ISSUES, body=body, write=True, create=True, check=False
        )
        if (
            resp.status == 422
            and spec.assignee
            and names_field(resp.data, ("assignees", "assignee"))
        ):
            # a login without access to the repo: a 422 creates nothing, so one more POST is safe
            log.warning(
                "github.assignee_rejected",
                target=target,
                item=spec.item_key,
                assignee=spec.assignee,
                error=validation_message(resp.data),
            )
            del body["assignees"]
            resp = self._send(
                "POST", path, target, ISSUES, body=body, write=True, create=True, check=False
            )
        if resp.status >= 400:
            raise self._error(resp, target, create=True)
        if not isinstance(resp.data, dict) or "number" not in resp.data:
            raise WriteOutcomeUnknown(
                f"the create was answered {resp.status} without an issue; "
                "the issue may or may not have been created",
                target=target,
                status=resp.status,
            )
        state = ticket_state(resp.data, repo, self.priorities)
        if route is not None and route.project:
            problem = self._place(target, route, resp.data.get("node_id"), spec.priority)
            if problem:
                dropped.append(("project", problem))
        if MARKER_LABEL not in state.labels:
            # GitHub drops labels and assignees silently when the token cannot push: the issue
            # is found by its creator and body marker from now on
            self._mark_pushless(repo, target)
            dropped.append(("labels", "dropped by GitHub: the token has no push access"))
            if spec.assignee and not state.assignee:
                dropped.append(("assignees", "dropped by GitHub: the token has no push access"))
        return replace(state, dropped=tuple(dropped)) if dropped else state

    def _route(self, target: str) -> GitHubRepoFields | None:
        """The repository's configured issue fields (keyed by the routed name, any case)."""
        routed = self._routed(target).lower()
        return next((v for k, v in self.settings.repos.items() if k.lower() == routed), None)

    def _milestone(self, repo: str, target: str, title: str) -> int | None:
        """The number of the open milestone with this title, milestones read once per run."""
        known = self._milestones.get(repo.lower())
        if known is None:
            params = {"state": "open", "per_page": 100}
            known = self._milestones[repo.lower()] = {
                str(m.get("title")).casefold(): int(m["number"])
                for page in self._pages(f"/repos/{repo}/milestones", target, MILESTONES, params)
                for m in page
                if isinstance(m, dict) and isinstance(m.get("number"), int)
            }
        return known.get(title.casefold())

    def _place(
        self, target: str, route: GitHubRepoFields, node_id: object, priority: str | None
    ) -> str | None:
        """Put a new issue on the route's project with its options; why not, if it could not be.
        The issue exists whatever happens here, so a failure is reported, never raised."""
        assert route.project is not None
        if not isinstance(node_id, str):
            return "GitHub answered the create without the issue's node_id"
        boards = self._project_boards(target)
        problems = []
        try:
            board = boards.board(route.project)
            item = boards.add(board, node_id)
            for field, value in route.project_options(priority):
                found = board.option(field, value)
                if isinstance(found, str):
                    problems.append(found)
                else:
                    boards.set_option(board, item, *found)
        except TrackerError as exc:
            problems.append(f"project {route.project}: {exc.message}")
        if problems:
            log.warning("github.project_item_incomplete", target=target, problems=problems)
        return "; ".join(problems) or None

    def _project_boards(self, target: str) -> ProjectBoards:
        boards = self._boards.get(target)
        if boards is None:
            boards = self._boards[target] = ProjectBoards(partial(self._graphql, target))
        return boards

    def _graphql(self, target: str, query: str, variables: Json) -> Json:
        """One GraphQL request (retried like any safe call: every one pmsync sends is
        idempotent); GitHub's `errors` are raised as a rejection in its own words."""
        body = {"query": query, "variables": variables}
        # mutations count against the secondary limit like content-creating REST requests
        write = query.lstrip().startswith("mutation")
        url = self._requester.graphql_url
        resp = self._safe(
            partial(self._send, "POST", url, target, "graphql", body=body, write=write)
        )
        payload = resp.data if isinstance(resp.data, dict) else {}
        problem = errors_text(payload)
        if problem:
            raise Rejected(problem, target=target)
        data = payload.get("data")
        if not isinstance(data, dict):
            raise Malformed(f"graphql: no data in {str(resp.data)[:80]!r}", target=target)
        return data

    def update(self, ref: TicketRef, spec: TicketSpec, fields: Iterable[str]) -> TicketState:
        repo = self._repo(ref.target)
        wanted = set(fields)
        patch: Json = {}
        if "summary" in wanted:
            patch["title"] = issue_title(spec)
        if "description" in wanted:
            patch["body"] = issue_body(spec)
        if "assignee" in wanted:
            patch["assignees"] = [spec.assignee] if spec.assignee else []
        path = f"/repos/{repo}/issues/{quote(ref.key)}"
        if "priority" in wanted:
            self._ensure_labels(repo, ref.target, spec.priority)
            current = self._get(path, ref.target, ISSUE).data
            names = [label["name"] for label in current.get("labels") or []]
            patch["labels"] = self.priorities.replace(names, spec.priority)
            path = current.get("url") or path  # a transferred issue: write where it now lives
        if not patch:
            # `due` has no GitHub field (the description states the deadline): nothing to write,
            # so the caller gets the ticket as it is now, for one GET
            return self.get(ref)
        resp = self._safe(
            partial(self._send, "PATCH", path, ref.target, ISSUE, body=patch, write=True)
        )
        return ticket_state(resp.data, repo, self.priorities)

    def complete(self, ref: TicketRef) -> TicketState:
        repo = self._repo(ref.target)
        patch: Json = {"state": "closed", "state_reason": "completed"}
        path = f"/repos/{repo}/issues/{quote(ref.key)}"
        resp = self._safe(
            partial(self._send, "PATCH", path, ref.target, ISSUE, body=patch, write=True)
        )
        return ticket_state(resp.data, repo, self.priorities)

    def adopt(self, ref: TicketRef, spec: TicketSpec) -> TicketState:
        """Add pmsync's labels to an issue the document names; title, body, assignees and the
        priority label stay as people left them (the body gets no marker: it is theirs)."""
        state = self.get(ref)
        if not state.exists:
            return state
        have = {name.lower() for name in state.labels}
        missing = [name for name in (MARKER_LABEL, POSTMORTEM_LABEL) if name not in have]
        if not missing:
            return state
        where = state.ref.target  # after a transfer, the issue's new home
        repo = self._repo(where)
        self._ensure_labels(repo, where, None)
        # adding labels is additive and idempotent, so safe to repeat
        added = self._safe(
            partial(
                self._send,
                "POST",
                f"/repos/{repo}/issues/{quote(state.ref.key)}/labels",
                where,
                ISSUE_LABELS,
                body={"labels": missing},
                write=True,
            )
        )
        return replace(state, labels=tuple(label["name"] for label in added.data or []))

    def find_by_marker(self, target: str, item_key: str) -> TicketState | None:
        # the newest issues, not the search API: search has index lag and its own 30/min limit
        repo = self._repo(target)
        by_label = "labels" in self._filter(repo, target)
        found = self._find_marker(repo, target, item_key)
        repo = self._repo(target)  # after a rename seen on the way
        if found is None and by_label and self._may_be_pushless(repo, target):
            # labels may have been dropped on create (no push access): look by creator too
            found = self._find_marker(repo, target, item_key)
        return found

    def _find_marker(self, repo: str, target: str, item_key: str) -> TicketState | None:
        params = {"state": "all", "sort": "created", "direction": "desc", "per_page": 100}
        pages = self._issue_pages(repo, target, params)
        for number, (where, page) in enumerate(pages, start=1):
            for issue in page:
                if not is_pull_request(issue) and marker_key(issue.get("body")) == item_key:
                    return ticket_state(issue, where, self.priorities)
            if number >= FIND_PAGES:
                break
        return None

    def get(self, ref: TicketRef, *, history: bool = False) -> TicketState:
        repo = self._repo(ref.target)
        try:
            issue = self._get(f"/repos/{repo}/issues/{quote(ref.key)}", ref.target, ISSUE).data
        except NotFound:
            return TicketState(ref=ref, exists=False)
        state = ticket_state(issue, repo, self.priorities)
        if (state.ref.target.lower(), state.ref.key) != (ref.target.lower(), ref.key):
            # PyGithub followed a 301 (transferred issue, renamed repo): that was one more request
            self._count("GET", f"{ISSUE} (301)", charged=True)
        if not history:
            return state
        url = issue.get("url") or f"/repos/{repo}/issues/{ref.key}"
        changes = [
            change
            for page in self._pages(f"{url}/events", ref.target, EVENTS, {"per_page": 100})
            for event in page
            for change in event_changes(event, self.priorities)
        ]
        comments = [
            ((comment.get("user") or {}).get("login"), comment.get("body") or "")
            for page in self._pages(f"{url}/comments", ref.target, COMMENTS, {"per_page": 100})
            for comment in page
        ]
        return replace(state, history=tuple(reversed(changes)), comments=tuple(comments))

    def resolve_ref(self, target: str, written: str) -> TicketRef | None:
        text = written.strip()
        repo = self._repo(target)
        if match := _SHORT_REF.fullmatch(text):
            return self._ref(repo, match.group(1))
        if match := _REPO_REF.fullmatch(text):
            return self._ref(match.group(1), match.group(2))
        if (match := _URL_REF.fullmatch(text)) and match.group(1).lower() == self._web_host.lower():
            return self._ref(match.group(2), match.group(3))
        return None

    def poll(self, target: str, cursor: str | None, now: datetime) -> PollResult:
        position = _Cursor.load(cursor)
        if position.repo:
            self._renamed.setdefault(self._routed(target).lower(), position.repo)
        repo = self._repo(target)
        if position.pushless:
            self._pushless.add(repo.lower())
        before = self.requests
        # newest first: any change moves an issue to the top of page 1, so page 1's etag changes
        # whenever anything in the window does (oldest first would let a change on page 2 hide
        # behind an unchanged page 1, and would skip items that shift between pages)
        scope = self._filter(repo, target)
        params: Json = {
            **scope,
            "state": "all",
            "per_page": 100,
            "sort": "updated",
            "direction": "desc",
        }
        if position.since:
            params["since"] = position.since
        headers = {"If-None-Match": position.etag} if position.etag else None
        first = self._list_first(repo, target, params, headers)
        if self._repo(target) != repo:
            # the repository was renamed (PyGithub follows the 301 but drops the query): ask
            # again at its current name with every parameter
            again = self.poll(target, _Cursor(repo=self._repo(target)).dump(), now)
            return replace(again, requests=self.requests - before)  # the redirected ask too
        if first.status == 304:
            return PollResult([], cursor, requests=self.requests - before, unchanged=True)
        issues = list(first.data or [])
        link = next_link(first.headers.get("link"))
        if link:
            issues += [issue for page in self._pages(link, target, ISSUES, None) for issue in page]
        newest = max((issue.get("updated_at") or "" for issue in issues), default="")
        if newest and (position.seen is None or newest > position.seen):
            # something changed: move the window up to now (minus the overlap), a new etag follows
            position = _Cursor(since=format_since(now - POLL_OVERLAP), seen=newest)
        else:
            # only the overlap came back: keep `since` so the etag stays valid and the next poll is a 304
            position = replace(position, etag=first.headers.get("etag"))
        position = replace(
            position,
            repo=repo if repo.lower() != self._routed(target).lower() else None,
            pushless=repo.lower() in self._pushless,
        )
        tickets = [
            ticket_state(issue, repo, self.priorities)
            for issue in issues
            if not is_pull_request(issue)
        ]
        return PollResult(tickets, position.dump(), requests=self.requests - before)

    def _list_first(
        self, repo: str, target: str, params: Json, headers: dict[str, str] | None
    ) -> _Response:
        """The first page of an issue list; items from another repository reveal a rename."""
        first = self._safe(
            partial(
                self._send,
                "GET",
                f"/repos/{repo}/issues",
                target,
                ISSUES,
                params=params,
                headers=headers,
            )
        )
        if first.status == 200 and isinstance(first.data, list):
            self._learn_name(repo, target, first.data)
        return first

    def fetch(self, refs: Sequence[TicketRef]) -> list[TicketState]:
        found: dict[TicketRef, TicketState] = {}
        gone: set[str] = set()
        for target in dict.fromkeys(ref.target for ref in refs):
            repo = self._repo(target)
            try:
                listed = {state.ref.key: state for state in self._managed(repo, target)}
            except NotFound:
                gone.add(target)  # the repository itself is gone or out of sight
                continue
            for ref in refs:
                if ref.target == target and ref.key in listed:
                    found[ref] = listed[ref.key]
        # a ref missing from its repo's listing was transferred, deleted, or lost its label: ask it
        return [
            found.get(ref)
            or (TicketState(ref=ref, exists=False) if ref.target in gone else self.get(ref))
            for ref in refs
        ]

    def list_managed(self, target: str) -> list[TicketState]:
        return list(self._managed(self._repo(target), target))

    def check(self, targets: Sequence[str], accounts: Sequence[str]) -> list[Problem]:
        if self._app is not None:
            return self._check_repos(targets) + self._check_accounts(accounts)
        if not self._token:
            return [
                Problem(
                    TRACKER,
                    "no GitHub token configured (PMSYNC_GITHUB__TOKEN or credential github_token)",
                )
            ]
        try:
            self._get("/user", TRACKER, USER)
        except TrackerError as exc:
            if exc.down or isinstance(exc, Unavailable):
                return [
                    Problem(TRACKER, f"GitHub at {self.settings.url} is unreachable: {exc.message}")
                ]
            return [Problem(TRACKER, f"the GitHub token does not work: {exc}")]
        return self._check_repos(targets) + self._check_accounts(accounts)

    def _check_repos(self, targets: Sequence[str]) -> list[Problem]:
        """Each repository: visible, its current name, push access, issues on, the milestone."""
        problems = []
        for target in targets:
            try:
                repo = self._get(f"/repos/{self._repo(target)}", target, REPO).data
            except NotFound:
                problems.append(
                    Problem(target, "repository not found, or not visible to the token")
                )
                continue
            except TrackerError as exc:
                problems.append(Problem(target, str(exc)))
                continue
            name = repo.get("full_name")
            if isinstance(name, str) and name.lower() != self._routed(target).lower():
                problems.append(
                    Problem(
                        target,
                        f"the repository is now {name} (renamed or transferred): pmsync follows "
                        f"it; route to github:{name} to save a redirect per request",
                        "warning",
                    )
                )
            if not (repo.get("permissions") or {}).get("push"):
                problems.append(
                    Problem(
                        target,
                        "the token has no push access, so GitHub drops labels and assignees from "
                        "the issues it creates: pmsync creates them unlabelled and unassigned and "
                        "finds them by their creator and body marker (grant write access to keep "
                        "labels)",
                        "warning",
                    )
                )
            if repo.get("has_issues") is False:
                problems.append(Problem(target, "issues are disabled in this repository"))
            route = self._route(target)
            if route is not None and route.project:
                problems += self._check_project(target, route)
            if route is not None and route.milestone:
                try:
                    number = self._milestone(self._repo(target), target, route.milestone)
                except TrackerError as exc:
                    problems.append(Problem(target, f"milestones: {exc.message}"))
                    continue
                if number is None:
                    problems.append(
                        Problem(
                            target,
                            f"github.repos.{self._routed(target)}.milestone: no open milestone "
                            f"titled {route.milestone!r}: issues are created without a milestone",
                            "warning",
                        )
                    )
        return problems

    def _check_project(self, target: str, route: GitHubRepoFields) -> list[Problem]:
        """The project exists and has each field and option new items are given."""
        assert route.project is not None
        where = f"github.repos.{self._routed(target)}"
        try:
            board = self._project_boards(target).board(route.project)
        except TrackerError as exc:
            return [
                Problem(
                    target,
                    f"{where}.project: {exc.message}: issues are created but not added to it",
                )
            ]
        wanted = route.project_options(None)
        if route.priority_field:
            wanted += [
                (route.priority_field, route.priority_values.get(p, p)) for p in PRIORITIES
            ]
        missing = [board.option(field, value) for field, value in wanted]
        return [
            Problem(target, f"{where}: {found}: new items are left without it", "warning")
            for found in dict.fromkeys(m for m in missing if isinstance(m, str))
        ]

    def _check_accounts(self, accounts: Sequence[str]) -> list[Problem]:
        problems = []
        for login in dict.fromkeys(accounts):
            try:
                self._get(f"/users/{quote(login)}", TRACKER, USERS)
            except NotFound:
                problems.append(Problem(TRACKER, f"GitHub user {login!r} does not exist"))
            except TrackerError as exc:
                problems.append(Problem(TRACKER, f"GitHub user {login!r}: {exc}"))
        return problems

    # ---- helpers ---------------------------------------------------------------------------

    def _repo(self, target: str) -> str:
        """The repository a target routes to, under its current name once a rename was seen."""
        routed = self._routed(target)
        return self._renamed.get(routed.lower(), routed)

    def _ref(self, repo: str, number: str) -> TicketRef:
        return TicketRef(
            TRACKER, target_of(repo), number, f"{self._web_base}/{repo}/issues/{number}"
        )

    def _managed(self, repo: str, target: str) -> Iterator[TicketState]:
        params = {"state": "all", "per_page": 100}
        for where, page in self._issue_pages(repo, target, params):
            for issue in page:
                if not is_pull_request(issue):
                    yield ticket_state(issue, repo_of(issue) or where, self.priorities)

    def _issue_pages(
        self, repo: str, target: str, params: Json
    ) -> Iterator[tuple[str, list[Json]]]:
        """Pages of pmsync's issues (`params` plus the label or creator filter), with the
        repository they came from; a rename seen on the first page lists again by the new name."""
        first = self._list_first(repo, target, {**self._filter(repo, target), **params}, None)
        if self._repo(target) != repo:
            yield from self._issue_pages(self._repo(target), target, params)
            return
        yield repo, list(first.data or [])
        link = next_link(first.headers.get("link"))
        if link:
            for page in self._pages(link, target, ISSUES, None):
                yield repo, page

    # ---- renamed repositories and tokens without push access ---------------------------------

    def _routed(self, target: str) -> str:
        """The repository as the routing names it."""
        try:
            tracker, repo = parse_target(target)
        except ValueError as exc:
            raise Rejected(str(exc), target=target) from None
        if tracker != TRACKER:
            raise Rejected("not a GitHub target (expected github:owner/repo)", target=target)
        return repo

    def _learn_name(self, repo: str, target: str, issues: list[Any]) -> None:
        """A list of one repository's issues naming another is a renamed one (a 301 followed)."""
        names = {repo_of(i) for i in issues if isinstance(i, dict)} - {None}
        other = next((n for n in names if n and n.lower() != repo.lower()), None)
        if other:
            self._rename(target, other)

    def _rename(self, target: str, current: str) -> None:
        routed = self._routed(target)
        if self._renamed.get(routed.lower()) == current:
            return
        self._renamed[routed.lower()] = current
        log.warning("github.repository_renamed", target=target, now=current)

    def _filter(self, repo: str, target: str) -> Json:
        """How pmsync's issues are listed: by its label, or by their creator where the token
        cannot push (GitHub dropped the labels on create)."""
        if repo.lower() not in self._pushless:
            return {"labels": MARKER_LABEL}
        return {"creator": self._token_login(target)}

    def _token_login(self, target: str) -> str:
        """Who creates pmsync's issues: the token's user, or the App's bot account."""
        if self._login is None:
            if self._app is not None:
                integration = GithubIntegration(
                    auth=self._app, base_url=str(self.settings.url).rstrip("/")
                )
                try:
                    self._login = f"{integration.get_app().slug}[bot]"
                except GithubException as exc:
                    raise AuthError(
                        f"GitHub App: {validation_message(exc.data)}", target=target
                    ) from None
            else:
                me = self._get("/user", target, USER).data
                self._login = str((me or {}).get("login") or "")
        return self._login

    def _mark_pushless(self, repo: str, target: str) -> None:
        if repo.lower() not in self._pushless:
            log.warning("github.no_push_access", target=target, repo=repo)
        self._pushless.add(repo.lower())
        self._push_known.add(repo.lower())

    def _may_be_pushless(self, repo: str, target: str) -> bool:
        """Whether the token cannot push here, reading the repository once per run if unknown."""
        if repo.lower() not in self._push_known:
            data = self._get(f"/repos/{repo}", target, REPO).data or {}
            if isinstance(data.get("full_name"), str) and data["full_name"].lower() != repo.lower():
                self._rename(target, data["full_name"])
            self._push_known.add(repo.lower())
            if not (data.get("permissions") or {}).get("push", True):
                self._mark_pushless(repo, target)
        return repo.lower() in self._pushless

    def _ensure_labels(self, repo: str, target: str, priority: str | None) -> None:
        """Give pmsync's labels their colours and descriptions, once per repository per process."""
        if repo.lower() in self._pushless:
            return  # GitHub would drop them from the issue anyway
        wanted = dict(BASE_LABELS)
        if priority in PRIORITIES:
            name, color, description = self.priorities.definition(priority)
            wanted[name] = (color, description)
        known = self._labels.get(repo)
        if known is None:
            pages = self._pages(f"/repos/{repo}/labels", target, LABELS, {"per_page": 100})
            known = self._labels[repo] = {label["name"].lower() for page in pages for label in page}
        for name, (color, description) in wanted.items():
            if name.lower() in known:
                continue
            body = {"name": name, "color": color, "description": description}
            try:
                self._safe(
                    partial(
                        self._send,
                        "POST",
                        f"/repos/{repo}/labels",
                        target,
                        LABELS,
                        body=body,
                        write=True,
                    )
                )
            except Rejected as exc:
                if "already_exists" not in exc.message:
                    raise
            except (PermissionDenied, NotFound):
                # the labels were just listed, so this is no access to write: GitHub refuses
                # label creation (403, or 404 as it hides what a token may not change) and
                # drops labels from the issues such a token creates
                self._mark_pushless(repo, target)
                return
            known.add(name.lower())

    def _get(self, url: str, target: str, endpoint: str, params: Json | None = None) -> _Response:
        return self._safe(partial(self._send, "GET", url, target, endpoint, params=params))

    def _pages(
        self, url: str, target: str, endpoint: str, params: Json | None
    ) -> Iterator[list[Json]]:
        """Each page of a list, following `Link: rel="next"` (which carries every parameter)."""
        next_url: str | None = url
        for _page in pages(endpoint, target):
            if not self._same_host(next_url):
                # the token goes only to the configured API, whatever a Link header says
                raise Malformed(
                    f"{endpoint}: next page on another host ({next_url[:80]})", target=target
                )
            resp = self._get(next_url, target, endpoint, params)
            if not isinstance(resp.data, list):
                raise Malformed(
                    f"{endpoint}: expected a list, got {str(resp.data)[:80]!r}", target=target
                )
            yield resp.data
            next_url, params = next_link(resp.headers.get("link")), None
            if not next_url:
                return

    def _same_host(self, url: str) -> bool:
        """A path, or an absolute URL on the configured API's scheme and host."""
        parts, base = urlsplit(url), urlsplit(self.settings.url)
        if not parts.scheme and not parts.netloc:
            return True
        return (parts.scheme, parts.netloc.lower()) == (base.scheme, base.netloc.lower())

    def _safe(self, call: Callable[[], T]) -> T:
        """A repeatable call under the shared retry policy (a wait beyond the cap is not taken)."""
        return call_with_retry(
            call,
            attempts=self.settings.max_retries,
            max_wait=self.settings.max_wait_seconds,
            sleep=self._sleep,
            on_wait=self._on_wait,
        )

    def _send(
        self,
        verb: str,
        url: str,
        target: str,
        endpoint: str,
        *,
        params: Json | None = None,
        headers: dict[str, str] | None = None,
        body: Json | None = None,
        write: bool = False,
        create: bool = False,
        check: bool = True,
        _redirected: bool = False,
    ) -> _Response:
        """One HTTP request: budget, pacing, counting, and errors translated at this one place."""
        self._await_primary_budget(target)
        if write and not _redirected:
            self.pacer.acquire()
        try:
            status, raw_headers, text = self._requester.requestJson(
                verb, url, parameters=params, headers=dict(headers or {}), input=body
            )
        except requests.exceptions.RequestException as exc:
            self._count(verb, endpoint, charged=True)
            raise self._transport_error(exc, target, create) from None
        except RuntimeError as exc:
            # PyGithub refuses a 301 to another host or scheme (e.g. a GHES moved behind a proxy)
            self._count(verb, endpoint, charged=True)
            raise Rejected(  # a lasting answer: retrying does not change where it points
                f"GitHub redirected away from {self.settings.url}: {exc}", target=target
            ) from None
        except GithubException as exc:
            # only raised before the request itself: the App's installation token was refused
            raise AuthError(
                f"GitHub App installation token: {validation_message(exc.data)}",
                target=target,
                status=exc.status,
            ) from None
        self._count(verb, endpoint, charged=status != 304)
        resp = _Response(status, {k.lower(): v for k, v in raw_headers.items()}, _decode(text))
        location = resp.headers.get("location")
        if status in (307, 308) and location and not _redirected:
            # A renamed repository answers writes with 307 to /repositories/{id}/…: HTTP says
            # repeat the same request there (nothing happened at the old name). PyGithub does
            # not follow it, and its body is no issue.
            log.info("github.write_redirected", target=target, verb=verb, location=location)
            resp = self._send(
                verb, location, target, endpoint, params=params, headers=headers, body=body,
                create=create, check=check, _redirected=True,
            )  # fmt: skip
            moved = repo_of(resp.data) if isinstance(resp.data, dict) else None
            if moved:
                self._rename(target, moved)
            return resp
        if 300 <= status < 400 and status != 304:
            # a redirect PyGithub did not follow and pmsync cannot (no Location, or a second
            # hop): nothing happened at this address, and the body is no answer to read
            raise Unavailable(
                f"GitHub answered {status} ({validation_message(resp.data)}) without a usable "
                "redirect",
                target=target,
                status=status,
            )
        if check and status >= 400:
            raise self._error(resp, target, create=create)
        return resp

    def _count(self, verb: str, endpoint: str, *, charged: bool) -> None:
        self.counter.add(f"{verb} {endpoint}")
        self.requests += 1
        if charged:
            self.rate_limited_cost += 1

    def _await_primary_budget(self, target: str) -> None:
        remaining, _limit = self._requester.rate_limiting
        if remaining < 0 or remaining > PRIMARY_RESERVE:
            return
        wait = self._requester.rate_limiting_resettime - self._clock()
        if wait <= 0:
            return
        error = RateLimited(
            f"primary rate limit nearly used up ({remaining} requests left until the reset)",
            target=target,
            retry_after=wait,
        )
        if wait > self.settings.max_wait_seconds:
            raise error
        if self._on_wait:
            self._on_wait(error, wait)
        self._sleep(wait)
        # the figures are stale after the reset; the next response brings fresh ones
        self._requester.rate_limiting = (-1, -1)

    def _report_pacing(self, seconds: float) -> None:
        if self._on_wait:
            error = RateLimited(
                "pacing content-creating requests (GitHub secondary limit)", retry_after=seconds
            )
            self._on_wait(error, seconds)

    def _retry_after(self, headers: dict[str, str]) -> float:
        value = headers.get("retry-after")
        if value:
            try:
                return max(float(value), 0.0)
            except ValueError:
                try:
                    return max(parsedate_to_datetime(value).timestamp() - self._clock(), 0.0)
                except (TypeError, ValueError):
                    pass
        reset = headers.get("x-ratelimit-reset")
        if headers.get("x-ratelimit-remaining") == "0" and reset:
            # primary limit: the budget comes back at the reset (GitHub's own guidance)
            return max(float(reset) - self._clock(), 0.0)
        return SECONDARY_WAIT

    def _error(self, resp: _Response, target: str, *, create: bool = False) -> TrackerError:
        status, data = resp.status, resp.data
        message = validation_message(data)
        kind = Requester.createException(
            status, resp.headers, data if isinstance(data, dict) else {}
        )
        lowered = message.lower()
        if isinstance(kind, BadCredentialsException) or status == 401:
            return AuthError(message, target=target, status=status)
        if (
            isinstance(kind, RateLimitExceededException)
            or status == 429
            or (status == 403 and lowered.startswith(RATE_LIMIT_PREFIXES))
        ):
            return RateLimited(
                message, target=target, status=status, retry_after=self._retry_after(resp.headers)
            )
        if status == 403:
            return PermissionDenied(message, target=target, status=status)
        if isinstance(kind, UnknownObjectException) or status in (404, 410):
            return NotFound(message, target=target, status=status)
        if 400 <= status < 500:
            return Rejected(message, target=target, status=status)
        if create:
            return WriteOutcomeUnknown(
                f"{message}; the issue may or may not have been created",
                target=target,
                status=status,
            )
        return Unavailable(message, target=target, status=status)

    @staticmethod
    def _transport_error(
        exc: requests.exceptions.RequestException, target: str, create: bool
    ) -> TrackerError:
        unreached = transport.never_connected(exc)
        if unreached:
            return Unreachable(f"GitHub unreachable ({unreached})", target=target)
        detail = f"GitHub unreachable ({transport.cause(exc)})"
        if create:
            # one answer lost after the request went out is no outage; no answer in time is
            return WriteOutcomeUnknown(
                f"{detail}; the issue may or may not have been created",
                target=target,
                down=transport.timed_out(exc),
            )
        return Unavailable(detail, target=target, down=True)


def _app_auth(settings: GitHubSettings) -> Auth.AppAuth | None:
    """The GitHub App's own credentials (app id and private key), when pmsync acts as one."""
    if settings.app_id is None or settings.app_private_key is None:
        return None
    return Auth.AppAuth(settings.app_id, settings.app_private_key.get_secret_value())


def _decode(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text[:300]  # an HTML error page from a proxy: keep the start of its words
