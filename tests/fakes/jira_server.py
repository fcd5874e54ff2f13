"""A stateful fake Jira (Cloud or Data Center) on 127.0.0.1 for integration tests and benches.

It answers the HTTP traffic of the real `jira` 3.10.5 client the way Jira does
(shared api/README.md §1): serverInfo/deploymentType, issue routes by key and
numeric id, `self` links everywhere, Cloud's `/search/jql` with nextPageToken
and the removed `/search` (410), Data Center's startAt paging, Jira's error
bodies. Tests drive the "humans" through methods that record changelog
histories, and inject faults (429/5xx, dropped connections, index lag, broken
auth). All state sits behind one lock; the server runs in a daemon thread.
"""

from __future__ import annotations

import base64
import binascii
import copy
import dataclasses
import fnmatch
import hashlib
import itertools
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Literal
from urllib.parse import quote

from tests.fakes import jira_project_setup as setups
from tests.fakes import jql
from tests.fakes.http_util import HttpReply, HttpRequest, LoopbackHTTPServer
from tests.fakes.jira_project_setup import SPRINT_FIELD, ProjectSetup

Mode = Literal["cloud", "datacenter"]

ADMIN_ID = "jira-admin"  # a built-in human, the default actor of test-side changes
CLOUD_ACCOUNT = "5b10a2844c20165700ede21g"
DC_ACCOUNT = "pmsync-bot"
SEARCH_REMOVED = (
    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
    "A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
)
NOT_AUTHENTICATED = "You are not authenticated. Authentication required to perform this operation."
ISSUE_NOT_FOUND = "Issue does not exist or you do not have permission to see it."
UNBOUNDED = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
ISSUE_EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"

# category key → (id, name, colour), Jira's real values
CATEGORIES: dict[str, tuple[int, str, str]] = {
    "new": (2, "To Do", "blue-gray"),
    "indeterminate": (4, "In Progress", "yellow"),
    "done": (3, "Done", "green"),
}
# status name → (id, category key, transition id)
STATUSES: dict[str, tuple[str, str, str]] = {
    "To Do": ("10000", "new", "11"),
    "In Progress": ("3", "indeterminate", "21"),
    "Done": ("10001", "done", "31"),
    "Backlog": ("10002", "new", "41"),
    "Blocked": ("10003", "indeterminate", "51"),
    "In Review": ("10004", "indeterminate", "61"),
}
RESOLUTIONS: dict[str, tuple[str, str]] = {
    "Done": ("10000", "Work has been completed on this issue."),
    "Won't Do": ("10001", "This issue won't be actioned."),
    "Duplicate": ("10002", "The problem is a duplicate of an existing issue."),
    "Cannot Reproduce": ("10003", "All attempts at reproducing this issue failed."),
}
ISSUE_TYPES: dict[str, tuple[str, str]] = {
    "Task": ("10001", "A small, distinct piece of work."),
    "Bug": ("10002", "A problem or error."),
    "Story": ("10003", "Functionality or a feature expressed as a user goal."),
}
DEFAULT_PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")
ALL_FIELDS = frozenset({
    "summary", "description", "issuetype", "project", "status", "statuscategorychangedate",
    "resolution", "resolutiondate", "priority", "assignee", "reporter", "creator", "duedate",
    "labels", "created", "updated", SPRINT_FIELD, "issuelinks", "comment",
})  # fmt: skip
NAVIGABLE_FIELDS = ALL_FIELDS - {"comment"}
EDITABLE = frozenset({"summary", "description", "priority", "assignee", "reporter", "duedate", "labels", SPRINT_FIELD})
_ISSUE_KEY = re.compile(r"^[A-Z][A-Z0-9_]*-\d+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_PROPERTY_BYTES = 32768
_UNSET: Any = object()


@dataclass
class HistoryItem:
    field: str
    fieldtype: str
    field_id: str | None
    from_value: str | None
    from_string: str | None
    to_value: str | None
    to_string: str | None


@dataclass
class History:
    id: int
    author: str
    created: datetime
    items: list[HistoryItem]


@dataclass
class Comment:
    id: int
    author: str
    body: str
    created: datetime


@dataclass
class RemoteLink:
    id: int
    global_id: str | None
    object: dict[str, Any]
    application: dict[str, Any] | None = None
    relationship: str | None = None


@dataclass
class Issue:
    id: int
    key: str
    project: str
    issuetype: str
    summary: str
    reporter: str
    created: datetime
    updated: datetime
    visible_at: datetime  # when the search index has caught up with the creation
    description: str | None = None
    status: str = "To Do"
    status_changed: datetime | None = None
    resolution: str | None = None
    resolution_date: datetime | None = None
    priority: str | None = None
    assignee: str | None = None
    duedate: date | None = None
    labels: list[str] = field(default_factory=list)
    sprints: list[int] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    histories: list[History] = field(default_factory=list)
    remote_links: list[RemoteLink] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    old_keys: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # fields a project's screen adds, as sent

    @property
    def category(self) -> str:
        return STATUSES[self.status][1]


@dataclass
class User:
    id: str  # Cloud accountId / DC username
    display_name: str
    email: str | None
    key: str  # DC user key (JIRAUSER…); equals id on Cloud
    active: bool = True
    access: bool | frozenset[str] = True  # True: every project; else the project keys
    token: str | None = None  # API token (Cloud, with the email) or PAT (DC)

    def can_use(self, project: str) -> bool:
        return self.access if isinstance(self.access, bool) else project in self.access


@dataclass
class Project:
    id: str
    key: str
    name: str
    next_number: int = 1
    setup: ProjectSetup = field(default_factory=ProjectSetup)


@dataclass
class Sprint:
    id: int
    name: str
    state: str  # active | closed | future


@dataclass
class BlockLink:
    id: int
    blocker: int  # issue id
    blocked: int


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    status: int | None  # None: the connection was dropped without an answer


@dataclass
class _Fault:
    remaining: int
    status: int
    retry_after: int | None
    method: str | None
    path: str | None

    def matches(self, method: str, path: str, normalised: str) -> bool:
        if self.method and self.method.upper() != method:
            return False
        return self.path is None or fnmatch.fnmatchcase(path, self.path) or fnmatch.fnmatchcase(normalised, self.path)


class _Answer(Exception):
    """Raised by handlers to answer early (errors)."""

    def __init__(self, reply: HttpReply) -> None:
        super().__init__(reply.status)
        self.reply = reply


def _error(status: int, messages: Iterable[str] = (), errors: dict[str, str] | None = None) -> _Answer:
    return _Answer(HttpReply.json(status, {"errorMessages": list(messages), "errors": errors or {}}))


def jira_time(moment: datetime) -> str:
    """Jira's timestamp format: milliseconds and an offset without a colon."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def normalise_path(path: str) -> str:
    """`/rest/api/2/issue/OPS-1/comment` → `/rest/api/2/issue/{key}/comment` (ids and keys too)."""
    parts = path.split("/")
    if path.startswith("/rest/api/"):
        fixed, rest = parts[:4], parts[4:]
        for i, seg in enumerate(rest):
            if _ISSUE_KEY.match(seg.upper()) or seg.isdigit() or (i and rest[i - 1] in ("project", "properties")):
                rest[i] = "{key}"
        parts = fixed + rest
    return "/".join(parts)


def text_to_adf(text: str) -> dict[str, Any]:
    paragraphs = []
    for block in text.split("\n\n"):
        content: list[dict[str, Any]] = []
        for i, line in enumerate(block.split("\n")):
            if i:
                content.append({"type": "hardBreak"})
            if line:
                content.append({"type": "text", "text": line})
        paragraphs.append({"type": "paragraph", "content": content})
    return {"type": "doc", "version": 1, "content": paragraphs}


def adf_to_text(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if kind == "text":
        return str(node.get("text", ""))
    if kind == "hardBreak":
        return "\n"
    inner = [adf_to_text(child) for child in node.get("content", [])]
    return "\n\n".join(inner) if kind == "doc" else "".join(inner)


def _user_display(user: User | None) -> str | None:
    return user.display_name if user else None


@dataclass
class _Call:
    """One authenticated request, with the base of the API version it came in on."""

    req: HttpRequest
    version: str
    user: User
    body: Any
    api: str

    @property
    def v3(self) -> bool:
        return self.version == "3"

    def params(self, name: str) -> list[str]:
        """Repeated or comma-separated query values."""
        return [p.strip() for v in self.req.query.get(name, []) for p in v.split(",") if p.strip()]


class _Catalog:
    """Resolves JQL values against the fake's state (see jql.Catalog)."""

    def __init__(self, fake: FakeJira, user: User) -> None:
        self.fake = fake
        self.now = fake._now()
        self.current_user = user.id

    def project(self, value: str) -> str | None:
        for p in self.fake._projects.values():
            if value.upper() == p.key or value.lower() == p.name.lower() or value == p.id:
                return p.key
        return None

    def issue(self, value: str) -> int | None:
        return self.fake._key_index.get(value.upper())

    def status(self, value: str) -> str | None:
        for name, (sid, _cat, _tid) in STATUSES.items():
            if value.lower() == name.lower() or value == sid:
                return name
        return None

    def user(self, value: str) -> str | None:
        found = self.fake._find_user(value)
        return found.id if found else None


class FakeJira:
    """A fake Jira site. `start()` returns its base URL; use as a context manager."""

    def __init__(
        self,
        mode: Mode,
        clock: Callable[[], datetime] | None = None,
        *,
        account: str | None = None,
        email: str = "pmsync-bot@example.com",
        token: str | None = None,
        priorities: Iterable[str] = DEFAULT_PRIORITIES,
        max_results_cap: int | None = None,
    ) -> None:
        if mode not in ("cloud", "datacenter"):
            raise ValueError(f"mode must be 'cloud' or 'datacenter', not {mode!r}")
        self.mode: Mode = mode
        self.cloud = mode == "cloud"
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._http = LoopbackHTTPServer(self._dispatch)
        self._base = ""
        self.account = account or (CLOUD_ACCOUNT if self.cloud else DC_ACCOUNT)
        self.cloud_id = "5e4e0b5f-8b3c-4f0a-9c1e-2d1f3a4b5c6d"  # what /_edge/tenant_info names
        self.email = email
        self.token = token or ("cloud-api-token" if self.cloud else "dc-personal-access-token")
        self.priorities: tuple[str, ...] = tuple(priorities)
        self.default_priority = "Medium" if "Medium" in self.priorities else self.priorities[len(self.priorities) // 2]
        self._cap = max_results_cap
        self._ids: dict[str, Iterator[int]] = {}
        self._users: dict[str, User] = {}
        self._projects: dict[str, Project] = {}
        self._sprints: dict[int, Sprint] = {}
        self._issues: dict[int, Issue] = {}
        self._key_index: dict[str, int] = {}  # every key an issue ever had → its id
        self._links: list[BlockLink] = []
        self._faults: list[_Fault] = []
        self._drops_after_create = 0
        self._lag = timedelta(0)
        self._auth_broken = False
        self.requests: Counter[str] = Counter()
        self.request_log: list[RequestRecord] = []
        self.writes = 0
        self.add_user(self.account, "pmsync bot", email=email, token=self.token)
        self.add_user(ADMIN_ID, "Jira Admin", email="admin@example.com")

    # ---- lifecycle -------------------------------------------------------------------------

    def start(self) -> str:
        self._base = self._http.start()
        return self._base

    def stop(self) -> None:
        self._http.stop()

    @property
    def url(self) -> str:
        return self._base

    def __enter__(self) -> FakeJira:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def auth_kwargs(self) -> dict[str, Any]:
        """`jira.JIRA(**fake.auth_kwargs())` arguments for the service account."""
        if self.cloud:
            return {"server": self._base, "basic_auth": (self.email, self.token)}
        return {"server": self._base, "token_auth": self.token}

    # ---- test-side state -------------------------------------------------------------------

    def _next_id(self, kind: str) -> int:
        return next(self._ids.setdefault(kind, itertools.count(10000)))

    def _now(self) -> datetime:
        now = self._clock()
        now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
        return now.replace(microsecond=now.microsecond // 1000 * 1000)  # Jira keeps milliseconds

    def add_project(self, key: str, name: str | None = None) -> None:
        with self._lock:
            if key in self._projects:
                raise ValueError(f"project {key} exists")
            self._projects[key] = Project(str(self._next_id("project")), key, name or key)

    def configure_project(
        self,
        key: str,
        *,
        priorities: Iterable[str] | None = None,
        without: Iterable[str] = (),
        required: dict[str, str] | None = None,
        extra: Iterable[str] = (),
    ) -> None:
        """Give a project its own priority scheme, a create screen lacking `without`, required
        custom fields (id -> name) without a default, and `extra` fields (components, parent,
        custom fields) the screen takes and the fake keeps as sent."""
        with self._lock:
            scheme = tuple(priorities) if priorities is not None else None
            unknown = set(scheme or ()) - set(self.priorities)
            if unknown:
                raise ValueError(f"priorities not on the site: {sorted(unknown)}")
            self._projects[key].setup = ProjectSetup(
                frozenset(without), dict(required or {}), scheme, frozenset(extra)
            )

    def add_user(
        self,
        user_id: str,
        display_name: str,
        email: str | None = None,
        project_access: bool | Iterable[str] = True,
        *,
        active: bool = True,
        token: str | None = None,
    ) -> None:
        """A person or bot. With `token` the user can sign in (Cloud: email + token; DC: PAT)."""
        with self._lock:
            key = user_id if self.cloud else f"JIRAUSER{10000 + len(self._users)}"
            access = project_access if isinstance(project_access, bool) else frozenset(project_access)
            self._users[user_id] = User(user_id, display_name, email, key, active, access, token)

    def set_project_access(self, user_id: str, project_access: bool | Iterable[str]) -> None:
        with self._lock:
            access = project_access if isinstance(project_access, bool) else frozenset(project_access)
            self._user(user_id).access = access

    def add_sprint(self, sprint_id: int, name: str, state: str = "active") -> None:
        if state.lower() not in ("active", "closed", "future"):
            raise ValueError(f"sprint state must be active, closed or future, not {state!r}")
        with self._lock:
            self._sprints[sprint_id] = Sprint(sprint_id, name, state.lower())

    def seed_issue(
        self,
        project: str,
        summary: str,
        *,
        reporter: str = ADMIN_ID,
        labels: Iterable[str] = (),
        priority: str | None = None,
        assignee: str | None = None,
        duedate: date | None = None,
        description: str | None = None,
    ) -> str:
        """Create an issue as a human would (no HTTP, no counters); returns its key."""
        with self._lock:
            self._user(reporter)
            if assignee is not None:
                self._user(assignee)
            if priority is not None and priority not in self.priorities:
                raise ValueError(f"unknown priority {priority!r}")
            issue = self._new_issue(self._projects[project], "Task", summary, reporter)
            issue.labels = list(labels)
            issue.priority = priority or self.default_priority
            issue.assignee = assignee
            issue.duedate = duedate
            issue.description = description
            return issue.key

    def human_update(
        self,
        key: str,
        actor: str,
        *,
        summary: str = _UNSET,
        description: str | None = _UNSET,
        priority: str = _UNSET,
        duedate: date | str | None = _UNSET,
        assignee: str | None = _UNSET,
        add_labels: Iterable[str] = (),
        remove_labels: Iterable[str] = (),
    ) -> None:
        """An edit made in the Jira UI by `actor`: one changelog history, `updated` bumped."""
        with self._lock:
            issue = self._issue_by_ref(key)
            self._user(actor)
            changes: dict[str, Any] = {}
            if summary is not _UNSET:
                changes["summary"] = summary
            if description is not _UNSET:
                changes["description"] = description
            if priority is not _UNSET:
                if priority not in self.priorities:
                    raise ValueError(f"unknown priority {priority!r}")
                changes["priority"] = priority
            if duedate is not _UNSET:
                changes["duedate"] = date.fromisoformat(duedate) if isinstance(duedate, str) else duedate
            if assignee is not _UNSET:
                if assignee is not None:
                    self._user(assignee)
                changes["assignee"] = assignee
            adds, removes = list(add_labels), set(remove_labels)
            if adds or removes:
                labels = [label for label in issue.labels if label not in removes]
                changes["labels"] = labels + [label for label in adds if label not in labels]
            self._apply(issue, changes, actor)

    def human_transition(self, key: str, status_name: str, actor: str, resolution: str | None = None) -> None:
        """Move the issue through the workflow; a done status gets `resolution` (default "Done")."""
        with self._lock:
            issue = self._issue_by_ref(key)
            self._user(actor)
            if status_name not in STATUSES:
                raise ValueError(f"unknown status {status_name!r}; known: {sorted(STATUSES)}")
            if resolution is not None and resolution not in RESOLUTIONS:
                raise ValueError(f"unknown resolution {resolution!r}; known: {sorted(RESOLUTIONS)}")
            self._transition(issue, status_name, actor, resolution)

    def set_sprint(self, key: str, sprint_id: int | None, actor: str = ADMIN_ID) -> None:
        """Put the issue in a sprint (closed sprints stay listed, as in Jira) or take it out."""
        with self._lock:
            issue = self._issue_by_ref(key)
            self._user(actor)
            if sprint_id is not None and sprint_id not in self._sprints:
                raise ValueError(f"unknown sprint {sprint_id}; add it with add_sprint()")
            self._apply(issue, {SPRINT_FIELD: self._sprint_list(issue, sprint_id)}, actor)

    def add_comment_as(self, key: str, actor: str, body: str) -> None:
        with self._lock:
            issue = self._issue_by_ref(key)
            self._user(actor)
            self._comment(issue, actor, body)

    def link_blocked_by(self, key: str, other_key: str, actor: str = ADMIN_ID) -> None:
        """Record "`key` is blocked by `other_key`" (a Blocks link), with a Link history on both."""
        with self._lock:
            blocked, blocker = self._issue_by_ref(key), self._issue_by_ref(other_key)
            self._user(actor)
            self._links.append(BlockLink(self._next_id("link"), blocker.id, blocked.id))
            for issue, text in ((blocked, f"This issue is blocked by {blocker.key}"), (blocker, f"This issue blocks {blocked.key}")):
                other = blocker if issue is blocked else blocked
                item = HistoryItem("Link", "jira", None, None, None, other.key, text)
                self._record(issue, actor, [item])

    def delete_issue(self, key: str) -> None:
        with self._lock:
            issue = self._issue_by_ref(key)
            self._delete(issue)

    def move_issue(self, key: str, new_project: str, actor: str = ADMIN_ID) -> str:
        """Move to another project: a new key; the old key still resolves (Cloud behaviour)."""
        with self._lock:
            issue = self._issue_by_ref(key)
            self._user(actor)
            target = self._projects[new_project]
            old_project = self._projects[issue.project]
            old_key, new_key = issue.key, f"{target.key}-{target.next_number}"
            target.next_number += 1
            issue.old_keys.append(old_key)
            issue.key, issue.project = new_key, target.key
            self._key_index[new_key] = issue.id
            items = [
                HistoryItem("project", "jira", "project" if self.cloud else None, old_project.id, old_project.name, target.id, target.name),
                HistoryItem("Key", "jira", "issuekey" if self.cloud else None, None, old_key, None, new_key),
            ]
            self._record(issue, actor, items)
            return new_key

    def issues(self) -> list[Issue]:
        """Snapshots (deep copies) of every live issue, oldest first."""
        with self._lock:
            return [copy.deepcopy(i) for i in sorted(self._issues.values(), key=lambda i: i.id)]

    def issue(self, key: str) -> Issue:
        """A snapshot of one issue, by current key, moved key or id; KeyError when absent."""
        with self._lock:
            found = self._lookup(key)
            if found is None:
                raise KeyError(key)
            return copy.deepcopy(found)

    # ---- faults ----------------------------------------------------------------------------

    def fail_next(
        self,
        n: int = 1,
        status: int = 429,
        retry_after: int | None = None,
        *,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Answer the next `n` matching requests with `status` (before auth, like a proxy would).

        `path` is an fnmatch pattern tried on the raw and the normalised path, e.g.
        `"*/search/jql"` or `"/rest/api/2/issue/{key}"`; None matches everything.
        """
        with self._lock:
            self._faults.append(_Fault(n, status, retry_after, method, path))

    def drop_after_create(self, n: int = 1) -> None:
        """The next `n` successful issue creates happen, then the connection closes unanswered."""
        with self._lock:
            self._drops_after_create += n

    def index_lag(self, seconds: float) -> None:
        """Issues created from now on stay invisible to JQL for `seconds` of the fake clock."""
        with self._lock:
            self._lag = timedelta(seconds=seconds)

    @property
    def auth_broken(self) -> bool:
        return self._auth_broken

    @auth_broken.setter
    def auth_broken(self, broken: bool) -> None:
        with self._lock:
            self._auth_broken = broken

    def reset_counters(self) -> None:
        with self._lock:
            self.requests.clear()
            self.request_log.clear()
            self.writes = 0

    # ---- state helpers ---------------------------------------------------------------------

    def _user(self, user_id: str) -> User:
        try:
            return self._users[user_id]
        except KeyError:
            raise ValueError(f"unknown user {user_id!r}; add it with add_user()") from None

    def _find_user(self, value: str) -> User | None:
        if value in self._users:
            return self._users[value]
        if self.cloud:
            return None
        lowered = value.lower()
        return next((u for u in self._users.values() if u.id.lower() == lowered or u.key == value), None)

    def _lookup(self, ref: str) -> Issue | None:
        issue_id = int(ref) if ref.isdigit() else self._key_index.get(ref.upper())
        return self._issues.get(issue_id) if issue_id is not None else None

    def _issue_by_ref(self, ref: str) -> Issue:
        found = self._lookup(ref)
        if found is None:
            raise KeyError(f"no issue {ref}")
        return found

    def _new_issue(self, project: Project, issuetype: str, summary: str, reporter: str) -> Issue:
        now = self._now()
        issue = Issue(
            id=self._next_id("issue"),
            key=f"{project.key}-{project.next_number}",
            project=project.key,
            issuetype=issuetype,
            summary=summary,
            reporter=reporter,
            created=now,
            updated=now,
            visible_at=now + self._lag,
            status_changed=now,
        )
        project.next_number += 1
        self._issues[issue.id] = issue
        self._key_index[issue.key] = issue.id
        return issue

    def _delete(self, issue: Issue) -> None:
        del self._issues[issue.id]
        for k in [issue.key, *issue.old_keys]:
            self._key_index.pop(k, None)
        self._links = [link for link in self._links if issue.id not in (link.blocker, link.blocked)]

    def _sprint_list(self, issue: Issue, sprint_id: int | None) -> list[int]:
        kept = [s for s in issue.sprints if self._sprints[s].state == "closed" and s != sprint_id]
        return kept + ([sprint_id] if sprint_id is not None else [])

    def _record(self, issue: Issue, actor: str, items: list[HistoryItem]) -> None:
        now = self._now()
        issue.histories.append(History(self._next_id("history"), actor, now, items))
        issue.updated = now

    def _apply(self, issue: Issue, changes: dict[str, Any], actor: str) -> bool:
        """Set fields, recording one history for the ones that really changed."""
        items = []
        for name, new in changes.items():
            attr = "sprints" if name == SPRINT_FIELD else name
            old = getattr(issue, attr)
            if old == new:
                continue
            items.append(self._history_item(name, old, new))
            setattr(issue, attr, new)
        if items:
            self._record(issue, actor, items)
        return bool(items)

    def _history_item(self, name: str, old: Any, new: Any) -> HistoryItem:
        fid = (SPRINT_FIELD if name == SPRINT_FIELD else name) if self.cloud else None
        if name in ("summary", "description"):
            return HistoryItem(name, "jira", fid, None, old, None, new)
        if name == "priority":
            return HistoryItem(name, "jira", fid, self._priority_id(old), old, self._priority_id(new), new)
        if name in ("assignee", "reporter"):
            was, now = (self._users[u] if u else None for u in (old, new))
            return HistoryItem(
                name, "jira", fid, was.key if was else None, _user_display(was), now.key if now else None, _user_display(now)
            )
        if name == "duedate":
            def as_str(d: date | None) -> tuple[str | None, str | None]:
                return (d.isoformat(), f"{d.isoformat()} 00:00:00.0") if d else (None, None)

            (fv, fs), (tv, ts) = as_str(old), as_str(new)
            return HistoryItem(name, "jira", fid, fv, fs, tv, ts)
        if name == "labels":
            return HistoryItem(name, "jira", fid, None, " ".join(old), None, " ".join(new))
        if name == SPRINT_FIELD:
            def as_pair(ids: list[int]) -> tuple[str, str]:
                return ", ".join(str(i) for i in ids), ", ".join(self._sprints[i].name for i in ids)

            (fv, fs), (tv, ts) = as_pair(old), as_pair(new)
            return HistoryItem("Sprint", "custom", fid, fv, fs, tv, ts)
        raise ValueError(f"no history for field {name}")

    def _priority_id(self, name: str | None) -> str | None:
        return str(self.priorities.index(name) + 1) if name else None

    def _transition(self, issue: Issue, status: str, actor: str, resolution: str | None) -> None:
        done = STATUSES[status][1] == "done"
        new_resolution = (resolution or "Done") if done else None
        now = self._now()
        items = []
        if new_resolution != issue.resolution:
            fid = "resolution" if self.cloud else None
            items.append(HistoryItem(
                "resolution", "jira", fid,
                RESOLUTIONS[issue.resolution][0] if issue.resolution else None, issue.resolution,
                RESOLUTIONS[new_resolution][0] if new_resolution else None, new_resolution,
            ))  # fmt: skip
            issue.resolution = new_resolution
            issue.resolution_date = now if new_resolution else None
        if status != issue.status:
            items.append(HistoryItem(
                "status", "jira", "status" if self.cloud else None,
                STATUSES[issue.status][0], issue.status, STATUSES[status][0], status,
            ))  # fmt: skip
            if STATUSES[status][1] != issue.category:
                issue.status_changed = now
            issue.status = status
        if items:
            self._record(issue, actor, items)

    def _comment(self, issue: Issue, actor: str, body: str) -> Comment:
        comment = Comment(self._next_id("comment"), actor, body, self._now())
        issue.comments.append(comment)
        issue.updated = comment.created
        return comment

    # ---- JSON rendering --------------------------------------------------------------------

    def _avatars(self, seed: str) -> dict[str, str]:
        return {f"{s}x{s}": f"{self._base}/secure/useravatar?size={s}&owner={quote(seed)}" for s in (16, 24, 32, 48)}

    def _user_json(self, user: User | None, api: str, *, full: bool = False) -> dict[str, Any] | None:
        if user is None:
            return None
        if self.cloud:
            out: dict[str, Any] = {
                "self": f"{api}/user?accountId={quote(user.id)}",
                "accountId": user.id,
                "accountType": "atlassian",
                "avatarUrls": self._avatars(user.id),
                "displayName": user.display_name,
                "active": user.active,
                "timeZone": "UTC",
            }
            if full and user.email:
                out["emailAddress"] = user.email
        else:
            out = {
                "self": f"{api}/user?username={quote(user.id)}",
                "key": user.key,
                "name": user.id,
                "emailAddress": user.email or "",
                "avatarUrls": self._avatars(user.id),
                "displayName": user.display_name,
                "active": user.active,
                "timeZone": "UTC",
            }
        if full:
            out.update(locale="en_US", groups={"size": 1, "items": []}, applicationRoles={"size": 1, "items": []}, expand="groups,applicationRoles")
        return out

    def _status_json(self, name: str, api: str) -> dict[str, Any]:
        sid, cat, _tid = STATUSES[name]
        cid, cname, colour = CATEGORIES[cat]
        return {
            "self": f"{api}/status/{sid}",
            "description": "",
            "iconUrl": f"{self._base}/images/icons/statuses/generic.png",
            "name": name,
            "id": sid,
            "statusCategory": {"self": f"{api}/statuscategory/{cid}", "id": cid, "key": cat, "colorName": colour, "name": cname},
        }

    def _priority_json(self, name: str | None, api: str) -> dict[str, Any] | None:
        if name is None:
            return None
        pid = self._priority_id(name)
        return {"self": f"{api}/priority/{pid}", "iconUrl": f"{self._base}/images/icons/priorities/{name.lower()}.svg", "name": name, "id": pid}

    def _resolution_json(self, name: str | None, api: str) -> dict[str, Any] | None:
        if name is None:
            return None
        rid, text = RESOLUTIONS[name]
        return {"self": f"{api}/resolution/{rid}", "id": rid, "description": text, "name": name}

    def _issuetype_json(self, name: str, api: str) -> dict[str, Any]:
        tid, text = ISSUE_TYPES[name]
        return {
            "self": f"{api}/issuetype/{tid}", "id": tid, "description": text,
            "iconUrl": f"{self._base}/images/icons/issuetypes/{name.lower()}.svg",
            "name": name, "subtask": False, "avatarId": 10318, "hierarchyLevel": 0,
        }  # fmt: skip

    def _project_json(self, project: Project, api: str, *, full: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "self": f"{api}/project/{project.id}",
            "id": project.id,
            "key": project.key,
            "name": project.name,
            "projectTypeKey": "software",
            "simplified": False,
            "avatarUrls": self._avatars(project.key),
        }
        if full:
            out.update(
                expand="description,lead,issueTypes,url,projectKeys,permissions,insight",
                description="",
                lead=self._user_json(self._users[ADMIN_ID], api),
                issueTypes=[self._issuetype_json(t, api) for t in ISSUE_TYPES],
                assigneeType="UNASSIGNED",
                style="classic",
                isPrivate=False,
            )
        return out

    def _sprint_value(self, issue: Issue) -> list[Any] | None:
        if not issue.sprints:
            return None
        out: list[Any] = []
        for sid in issue.sprints:
            sprint = self._sprints[sid]
            if self.cloud:
                item: dict[str, Any] = {
                    "id": sprint.id, "name": sprint.name, "state": sprint.state, "boardId": 1, "goal": "",
                    "startDate": "2026-11-16T09:00:00.000Z", "endDate": "2026-11-30T09:00:00.000Z",
                }  # fmt: skip
                if sprint.state == "closed":
                    item["completeDate"] = "2026-11-30T09:00:00.000Z"
                out.append(item)
            else:
                token = hashlib.sha1(f"{sprint.id}".encode()).hexdigest()[:8]
                out.append(
                    f"com.atlassian.greenhopper.service.sprint.Sprint@{token}[id={sprint.id},rapidViewId=1,"
                    f"state={sprint.state.upper()},name={sprint.name},startDate=2026-11-16T09:00:00.000Z,"
                    f"endDate=2026-11-30T09:00:00.000Z,completeDate=<null>,sequence={sprint.id},goal=]"
                )
        return out

    def _text(self, text: str | None, call: _Call) -> Any:
        if text is None:
            return None
        return text_to_adf(text) if call.v3 else text

    def _comment_json(self, issue: Issue, comment: Comment, call: _Call) -> dict[str, Any]:
        author = self._user_json(self._users[comment.author], call.api)
        return {
            "self": f"{call.api}/issue/{issue.id}/comment/{comment.id}",
            "id": str(comment.id),
            "author": author,
            "body": self._text(comment.body, call),
            "updateAuthor": author,
            "created": jira_time(comment.created),
            "updated": jira_time(comment.created),
            "jsdPublic": True,
        }

    def _links_json(self, issue: Issue, api: str) -> list[dict[str, Any]]:
        out = []
        for link in self._links:
            if issue.id not in (link.blocker, link.blocked):
                continue
            side, other_id = ("inwardIssue", link.blocker) if link.blocked == issue.id else ("outwardIssue", link.blocked)
            other = self._issues[other_id]
            out.append({
                "id": str(link.id),
                "self": f"{api}/issueLink/{link.id}",
                "type": {"id": "10000", "name": "Blocks", "inward": "is blocked by", "outward": "blocks", "self": f"{api}/issueLinkType/10000"},
                side: {
                    "id": str(other.id), "key": other.key, "self": f"{api}/issue/{other.id}",
                    "fields": {
                        "summary": other.summary,
                        "status": self._status_json(other.status, api),
                        "priority": self._priority_json(other.priority, api),
                        "issuetype": self._issuetype_json(other.issuetype, api),
                    },
                },
            })  # fmt: skip
        return out

    def _field_value(self, issue: Issue, name: str, call: _Call) -> Any:
        api = call.api
        match name:
            case "summary":
                return issue.summary
            case "description":
                return self._text(issue.description, call)
            case "issuetype":
                return self._issuetype_json(issue.issuetype, api)
            case "project":
                return self._project_json(self._projects[issue.project], api)
            case "status":
                return self._status_json(issue.status, api)
            case "statuscategorychangedate":
                return jira_time(issue.status_changed or issue.created)
            case "resolution":
                return self._resolution_json(issue.resolution, api)
            case "resolutiondate":
                return jira_time(issue.resolution_date) if issue.resolution_date else None
            case "priority":
                return self._priority_json(issue.priority, api)
            case "assignee":
                return self._user_json(self._users.get(issue.assignee or ""), api)
            case "reporter" | "creator":
                return self._user_json(self._users[issue.reporter], api)
            case "duedate":
                return issue.duedate.isoformat() if issue.duedate else None
            case "labels":
                return list(issue.labels)
            case "created":
                return jira_time(issue.created)
            case "updated":
                return jira_time(issue.updated)
            case "issuelinks":
                return self._links_json(issue, api)
            case "comment":
                comments = [self._comment_json(issue, c, call) for c in issue.comments]
                return {"comments": comments, "self": f"{api}/issue/{issue.id}/comment", "maxResults": len(comments), "total": len(comments), "startAt": 0}
            case _:
                return self._sprint_value(issue)

    def _history_json(self, history: History, api: str) -> dict[str, Any]:
        items = []
        for it in history.items:
            item: dict[str, Any] = {"field": it.field, "fieldtype": it.fieldtype}
            if it.field_id:
                item["fieldId"] = it.field_id
            item.update({"from": it.from_value, "fromString": it.from_string, "to": it.to_value, "toString": it.to_string})
            items.append(item)
        return {
            "id": str(history.id),
            "author": self._user_json(self._users[history.author], api),
            "created": jira_time(history.created),
            "items": items,
        }

    def _issue_json(
        self, issue: Issue, call: _Call, fields: frozenset[str], expand: Iterable[str] = (), properties: Iterable[str] = ()
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "expand": ISSUE_EXPAND,
            "id": str(issue.id),
            "self": f"{call.api}/issue/{issue.id}",
            "key": issue.key,
        }
        shown = fields if self.cloud else fields - {"statuscategorychangedate"}
        out["fields"] = {name: self._field_value(issue, name, call) for name in sorted(shown)}
        if "changelog" in expand:
            newest = sorted(issue.histories, key=lambda h: h.id, reverse=True)
            page = newest[:100]  # Jira embeds at most the 100 newest histories
            out["changelog"] = {"startAt": 0, "maxResults": len(page), "total": len(newest), "histories": [self._history_json(h, call.api) for h in page]}
        wanted = list(issue.properties) if "*all" in properties else [p for p in properties if p in issue.properties]
        if wanted:
            out["properties"] = {k: issue.properties[k] for k in wanted}
        return out

    @staticmethod
    def _field_selection(specs: list[str], default: frozenset[str]) -> frozenset[str]:
        """Jira's `fields` parameter: `*all`, `*navigable`, ids, `-id` exclusions; unknown ids ignored."""
        if not specs:
            return default
        chosen: set[str] = set()
        excluded: set[str] = set()
        for spec in specs:
            if spec == "*all":
                chosen |= ALL_FIELDS
            elif spec == "*navigable":
                chosen |= NAVIGABLE_FIELDS
            elif spec.startswith("-"):
                excluded.add(spec[1:])
            else:
                chosen.add(spec)
        if excluded and not chosen:
            chosen = set(NAVIGABLE_FIELDS)
        return frozenset((chosen - excluded) & ALL_FIELDS)

    # ---- HTTP entry --------------------------------------------------------------------------

    def _dispatch(self, req: HttpRequest) -> HttpReply:
        if self.cloud and req.path == "/_edge/tenant_info":
            return HttpReply.json(200, {"cloudId": self.cloud_id})
        gateway, sent_to = f"/ex/jira/{self.cloud_id}/", req.path
        if self.cloud and req.path.startswith(gateway):
            # Atlassian's API gateway (scoped tokens, service accounts): the same API under a prefix
            req = dataclasses.replace(req, path="/" + req.path[len(gateway) :])
        with self._lock:
            normalised = normalise_path(req.path)
            self.requests[f"{req.method} {normalised}"] += 1
            body: Any = None
            try:
                body = json.loads(req.body) if req.body.strip() else None
            except ValueError:
                body = req.body.decode("utf-8", "replace")
            try:
                reply = self._answer(req, normalised, body)
            except _Answer as answer:
                reply = answer.reply
            self.request_log.append(RequestRecord(req.method, sent_to, req.query, body, None if reply.drop else reply.status))
            return reply

    def _answer(self, req: HttpRequest, normalised: str, body: Any) -> HttpReply:
        for fault in self._faults:
            if fault.matches(req.method, req.path, normalised):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return self._fault_reply(fault)
        if isinstance(body, str):
            raise _error(400, [f"Unexpected character in the request body: {body[:40]!r}"])
        user = None if self._auth_broken else self._authenticate(req)
        if user is None:
            headers = () if self.cloud else (("X-Seraph-LoginReason", "AUTHENTICATED_FAILED"),)
            return HttpReply.json(401, {"errorMessages": [NOT_AUTHENTICATED], "errors": {}}, headers)
        if req.path == "/rest/auth/1/session" and not self.cloud and req.method == "GET":
            return HttpReply.json(200, {"self": f"{self._base}/rest/api/latest/user?username={quote(user.id)}", "name": user.id, "loginInfo": {"loginCount": 1}})
        if req.path == "/rest/applinks/latest/listApplicationlinks" and not self.cloud:
            return HttpReply.json(200, {"list": []})
        match = re.match(r"^/rest/api/(2|3|latest)/(.+?)/?$", req.path)
        if not match or (match.group(1) == "3" and not self.cloud):
            return self._not_found(req)
        version, rest = match.groups()
        call = _Call(req, version, user, body, f"{self._base}/rest/api/{version}")
        return self._route(call, req.method, rest)

    def _not_found(self, req: HttpRequest) -> HttpReply:
        return HttpReply.json(404, {"message": f"null for uri: {self._base}{req.path}", "status-code": 404})

    def _fault_reply(self, fault: _Fault) -> HttpReply:
        headers: list[tuple[str, str]] = []
        if fault.retry_after is not None:
            headers.append(("Retry-After", str(int(fault.retry_after))))
        if fault.status == 429:
            reset = self._now() + timedelta(seconds=fault.retry_after or 60)
            headers += [("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "0")]
            if self.cloud:
                headers += [("X-RateLimit-Reset", reset.strftime("%Y-%m-%dT%H:%MZ")), ("RateLimit-Reason", "jira-burst-based")]
            else:
                headers += [("X-RateLimit-FillRate", "10"), ("X-RateLimit-Interval-Seconds", "1")]
        message = {429: "Rate limit exceeded.", 503: "Service Unavailable"}.get(fault.status, "Internal server error")
        return HttpReply.json(fault.status, {"errorMessages": [message], "errors": {}}, tuple(headers))

    def _authenticate(self, req: HttpRequest) -> User | None:
        header = req.headers.get("Authorization", "")
        scheme, _, credential = header.partition(" ")
        if self.cloud:
            if scheme.lower() != "basic":
                return None
            try:
                email, _, secret = base64.b64decode(credential).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return next(
                (u for u in self._users.values() if u.token and u.token == secret and (u.email or "").lower() == email.lower()), None
            )
        if scheme.lower() != "bearer":
            return None
        return next((u for u in self._users.values() if u.token and u.token == credential.strip()), None)

    def _route(self, call: _Call, method: str, rest: str) -> HttpReply:
        parts = rest.split("/")
        head = parts[0]
        if parts[:2] == ["issue", "createmeta"] and method == "GET" and len(parts) in (4, 5):
            return self._create_meta(call, parts[2], parts[4] if len(parts) == 5 else None)
        if head == "issue" and len(parts) >= 2:
            issue = self._lookup(parts[1])
            if issue is None:
                raise _error(404, [ISSUE_NOT_FOUND])
            return self._route_issue(call, method, issue, parts[2:])
        routes: dict[tuple[str, str], Callable[[_Call], HttpReply]] = {
            ("GET", "serverInfo"): self._server_info,
            ("GET", "myself"): lambda c: HttpReply.json(200, self._user_json(c.user, c.api, full=True)),
            ("GET", "field"): self._fields,
            ("GET", "priority"): self._priorities,
            ("GET", "priority/search"): self._priority_search,
            ("GET", "issuetype"): lambda c: HttpReply.json(200, [self._issuetype_json(t, c.api) for t in ISSUE_TYPES]),
            ("GET", "status"): lambda c: HttpReply.json(200, [self._status_json(s, c.api) for s in STATUSES]),
            ("GET", "resolution"): lambda c: HttpReply.json(200, [self._resolution_json(r, c.api) for r in RESOLUTIONS]),
            ("GET", "project"): lambda c: HttpReply.json(200, [self._project_json(p, c.api) for p in self._projects.values()]),
            ("GET", "user"): self._get_user,
            ("GET", "user/search"): self._user_search,
            ("GET", "user/assignable/search"): self._user_search,
            ("POST", "issue"): self._create,
            ("GET", "search"): self._search_dc,
            ("POST", "search"): self._search_dc,
            ("GET", "search/jql"): self._search_cloud,
            ("POST", "search/jql"): self._search_cloud,
            ("POST", "search/approximate-count"): self._approximate_count,
        }
        if head == "project" and len(parts) == 2 and method == "GET":
            return self._get_project(call, parts[1])
        handler = routes.get((method, rest))
        if handler is None:
            return self._not_found(call.req)
        return handler(call)

    def _route_issue(self, call: _Call, method: str, issue: Issue, tail: list[str]) -> HttpReply:
        sub = tail[0] if tail else ""
        if sub == "":
            handlers = {"GET": self._get_issue, "PUT": self._edit_issue, "DELETE": self._delete_issue}
        elif sub == "transitions":
            handlers = {"GET": self._get_transitions, "POST": self._do_transition}
        elif sub == "comment" and len(tail) == 1:
            handlers = {"GET": self._get_comments, "POST": self._add_comment}
        elif sub == "assignee" and len(tail) == 1:
            handlers = {"PUT": self._assign}
        elif sub == "changelog" and self.cloud and len(tail) == 1:
            handlers = {"GET": self._get_changelog}
        elif sub == "remotelink":
            if len(tail) == 2:
                return self._remote_link_item(call, method, issue, tail[1])
            handlers = {"GET": self._get_remote_links, "POST": self._add_remote_link}
        elif sub == "properties":
            return self._properties(call, method, issue, tail[1] if len(tail) > 1 else None)
        else:
            handlers = {}
        handler = handlers.get(method)
        if handler is None:
            return self._not_found(call.req)
        return handler(call, issue)

    # ---- metadata ------------------------------------------------------------------------------

    def _server_info(self, call: _Call) -> HttpReply:
        now = jira_time(self._now())
        if self.cloud:
            info = {"baseUrl": self._base, "displayUrl": self._base, "version": "1001.0.0-SNAPSHOT", "versionNumbers": [1001, 0, 0], "deploymentType": "Cloud", "buildNumber": 100290, "buildDate": "2025-12-01T00:00:00.000+0000", "serverTime": now, "scmInfo": "57a0ca5b", "serverTitle": "Jira", "defaultLocale": {"locale": "en_US"}}
        else:
            info = {"baseUrl": self._base, "version": "9.12.7", "versionNumbers": [9, 12, 7], "deploymentType": "Server", "buildNumber": 9120007, "buildDate": "2024-04-03T00:00:00.000+0000", "serverTime": now, "scmInfo": "b1a1e0b1", "serverTitle": "Jira"}
        return HttpReply.json(200, info)

    def _fields(self, call: _Call) -> HttpReply:
        def system(fid: str, name: str, clauses: list[str], kind: str) -> dict[str, Any]:
            return {"id": fid, "key": fid, "name": name, "custom": False, "orderable": True, "navigable": fid != "comment", "searchable": True, "clauseNames": clauses, "schema": {"type": kind, "system": fid}}

        out = [
            system("summary", "Summary", ["summary"], "string"),
            system("description", "Description", ["description"], "string"),
            system("issuekey", "Key", ["id", "issue", "issuekey", "key"], "string"),
            system("project", "Project", ["project"], "project"),
            system("issuetype", "Issue Type", ["issuetype", "type"], "issuetype"),
            system("status", "Status", ["status"], "status"),
            system("resolution", "Resolution", ["resolution"], "resolution"),
            system("resolutiondate", "Resolved", ["resolutiondate", "resolved"], "datetime"),
            system("priority", "Priority", ["priority"], "priority"),
            system("assignee", "Assignee", ["assignee"], "user"),
            system("reporter", "Reporter", ["reporter"], "user"),
            system("creator", "Creator", ["creator"], "user"),
            system("duedate", "Due date", ["due", "duedate"], "date"),
            system("labels", "Labels", ["labels"], "array"),
            system("created", "Created", ["created", "createdDate"], "datetime"),
            system("updated", "Updated", ["updated", "updatedDate"], "datetime"),
            system("issuelinks", "Linked Issues", ["issueLink"], "array"),
            system("comment", "Comment", ["comment"], "comments-page"),
            {"id": SPRINT_FIELD, "key": SPRINT_FIELD, "name": "Sprint", "untranslatedName": "Sprint", "custom": True, "orderable": True, "navigable": True, "searchable": True, "clauseNames": ["cf[10020]", "Sprint", "sprint"], "schema": {"type": "array", "items": "json", "custom": "com.pyxis.greenhopper.jira:gh-sprint", "customId": 10020}},
        ]
        if self.cloud:
            out.append(system("statuscategorychangedate", "Status Category Changed", ["statusCategoryChangedDate"], "datetime"))
        return HttpReply.json(200, out)

    def _priorities(self, call: _Call) -> HttpReply:
        colours = ["#d04437", "#f15C75", "#f79232", "#707070", "#999999"]
        out = []
        for i, name in enumerate(self.priorities):
            item = self._priority_json(name, call.api) or {}
            out.append({**item, "description": name, "statusColor": colours[min(i, len(colours) - 1)]})
        return HttpReply.json(200, out)

    def _priority_search(self, call: _Call) -> HttpReply:
        """Cloud's paged priorities; with `projectId`, only those of the project's scheme."""
        if not self.cloud:
            return self._not_found(call.req)
        offered = list(self.priorities)
        ref = call.req.param("projectId")
        if ref:
            project = next((p for p in self._projects.values() if p.id == ref), None)
            if project is None:
                raise _error(404, [f"No project could be found with id '{ref}'."])
            offered = [p for p in offered if project.setup.offers(p)]
        start = int(call.req.param("startAt", "0") or 0)
        size = min(int(call.req.param("maxResults", "50") or 50), 50)
        values = [{**(self._priority_json(n, call.api) or {}), "description": n, "isDefault": n == self.default_priority, "statusColor": "#ff0000"} for n in offered]
        chunk = values[start : start + size]
        return HttpReply.json(200, {"isLast": start + size >= len(values), "maxResults": size, "startAt": start, "total": len(values), "values": chunk})

    def _create_meta(self, call: _Call, ref: str, type_id: str | None) -> HttpReply:
        project = next((p for p in self._projects.values() if ref.upper() == p.key or ref == p.id), None)
        if project is None:
            raise _error(404, [f"No project could be found with key '{ref}'."])
        start = int(call.req.param("startAt", "0") or 0)
        size = min(int(call.req.param("maxResults", "50") or 50), 200)
        if type_id is None:
            types = [self._issuetype_json(t, call.api) for t in ISSUE_TYPES]
            return HttpReply.json(200, setups.page(types, start, size, "issueTypes", cloud=self.cloud))
        if type_id not in {tid for tid, _ in ISSUE_TYPES.values()}:
            raise _error(400, ["The issue type selected is invalid."])
        fields = setups.screen_meta(project.setup, self.priorities, lambda n: self._priority_json(n, call.api))
        return HttpReply.json(200, setups.page(fields, start, size, "fields", cloud=self.cloud))

    def _get_project(self, call: _Call, ref: str) -> HttpReply:
        for project in self._projects.values():
            if ref.upper() == project.key or ref == project.id:
                return HttpReply.json(200, self._project_json(project, call.api, full=True))
        raise _error(404, [f"No project could be found with key '{ref}'."])

    def _get_user(self, call: _Call) -> HttpReply:
        ref = call.req.param("accountId") if self.cloud else (call.req.param("username") or call.req.param("key"))
        user = self._find_user(ref) if ref else None
        if user is None:
            if self.cloud:
                raise _error(404, ["Specified user does not exist or you do not have required permissions"])
            raise _error(404, [f"The user named '{ref}' does not exist"])
        return HttpReply.json(200, self._user_json(user, call.api, full=True))

    def _user_search(self, call: _Call) -> HttpReply:
        q = call.req.param("query") if self.cloud else call.req.param("username")
        if q is None:
            q = call.req.param("query") or call.req.param("accountId")
        if not q:
            raise _error(400, ["The query parameter 'query' is required." if self.cloud else "The username query parameter was not provided"])
        project = call.req.param("project")
        want_active = (call.req.param("includeActive", "true") or "true").lower() == "true"
        want_inactive = (call.req.param("includeInactive", "false") or "false").lower() == "true"
        needle = q.lower()
        found = []
        for user in self._users.values():
            hay = [user.id.lower(), user.display_name.lower(), (user.email or "").lower()]
            hit = any(h.startswith(needle) for h in hay) or any(w.startswith(needle) for w in user.display_name.lower().split())
            if not hit or (user.active and not want_active) or (not user.active and not want_inactive):
                continue
            if project and not user.can_use(project.upper()):
                continue
            found.append(self._user_json(user, call.api))
        start = int(call.req.param("startAt", "0") or 0)
        size = int(call.req.param("maxResults", "50") or 50)
        return HttpReply.json(200, found[start : start + size])

    # ---- issue writes ----------------------------------------------------------------------------

    def _require_write(self, call: _Call, project: str, message: str) -> None:
        if not call.user.can_use(project):
            raise _error(403, [message])

    def _parse_user(self, name: str, value: Any, project: str) -> str | None:
        if value is None:
            return None
        field = "accountId" if self.cloud else "name"
        if not isinstance(value, dict) or (field not in value and (self.cloud or "key" not in value)):
            raise ValueError(f"expected Object containing a '{field}' property")
        ref = value[field] if field in value else value["key"]
        if ref is None or ref == "-1":
            return None
        user = self._find_user(str(ref))
        if user is None:
            raise ValueError(f"User '{ref}' does not exist.")
        if name == "assignee" and (not user.active or not user.can_use(project)):
            raise ValueError(f"User '{ref}' cannot be assigned issues.")
        return user.id

    def _parse_field(self, name: str, value: Any, call: _Call, project: str) -> Any:
        """Validate one field value as Jira does; ValueError carries Jira's message."""
        if name == "summary":
            if not isinstance(value, str) or not value.strip():
                raise ValueError("You must specify a summary of the issue.")
            if "\n" in value or "\r" in value:
                raise ValueError("The summary is invalid because it contains newline characters.")
            if len(value) > 255:
                raise ValueError("Summary must be less than 255 characters.")
            return value
        if name == "description":
            if value is None:
                return None
            if call.v3:
                if not isinstance(value, dict) or value.get("type") != "doc":
                    raise ValueError("Operation value must be an Atlassian Document (see the Atlassian Document Format)")
                return adf_to_text(value)
            if not isinstance(value, str):
                raise ValueError("Operation value must be a string")
            return value
        if name == "priority":
            if not isinstance(value, dict) or not isinstance(value.get("name", value.get("id")), str | int):
                raise ValueError("Specify the Priority (id or name) in the string format")
            if "name" in value:
                if value["name"] not in self.priorities:
                    raise ValueError(f"Priority name '{value['name']}' is not valid")
                return value["name"]
            found = next((p for p in self.priorities if str(value["id"]) == self._priority_id(p)), None)
            if found is None:
                raise ValueError("The priority selected is invalid.")
            return found
        if name in ("assignee", "reporter"):
            user = self._parse_user(name, value, project)
            if name == "reporter" and user is None:
                raise ValueError("Reporter is required.")
            return user
        if name == "duedate":
            if value is None:
                return None
            if not isinstance(value, str) or not _ISO_DATE.match(value):
                raise ValueError(f"Error parsing date string: {value}")
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"Error parsing date string: {value}") from None
        if name == "labels":
            if value is None:
                return []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError("The labels field must be a list of strings.")
            for label in value:
                _check_label(label)
            return list(dict.fromkeys(value))
        if name == SPRINT_FIELD:
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
                raise ValueError("Number value expected as the Sprint id.")
            sprint = self._sprints.get(int(value))
            if sprint is None:
                raise ValueError(f"Sprint with id {value} does not exist")
            if sprint.state == "closed":
                raise ValueError("Issue can be assigned only active or future sprints.")
            return sprint.id
        raise ValueError(f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown.")

    def _create(self, call: _Call) -> HttpReply:
        body = call.body
        if not isinstance(body, dict) or not isinstance(body.get("fields"), dict):
            raise _error(400, ["Can not deserialize instance of com.atlassian.jira.rest.v2.issue.IssueUpdateBean out of the request body"])
        fields: dict[str, Any] = body["fields"]
        errors: dict[str, str] = {}
        project = self._project_ref(fields.get("project"))
        if project is None:
            errors["project"] = "valid project is required"
        itype = self._issuetype_ref(fields.get("issuetype"))
        if itype is None:
            errors["issuetype"] = "Specify an issue type" if "issuetype" not in fields else "The issue type selected is invalid."
        pkey = project.key if project else ""
        if project is not None:
            self._require_write(call, project.key, "You do not have permission to create issues in this project.")
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        screen = project.setup if project is not None else ProjectSetup()
        refused = screen.create_errors(fields, cloud=self.cloud)
        errors.update(screen.missing_required(fields))
        for name, value in fields.items():
            if name in ("project", "issuetype"):
                continue
            if name in screen.required or name in screen.extra:
                extra[name] = value
                continue
            if name in refused:
                errors[name] = refused[name]
                continue
            try:
                values[name] = self._parse_field(name, value, call, pkey)
            except ValueError as exc:
                errors[name] = str(exc)
        if "summary" not in fields:
            errors["summary"] = "You must specify a summary of the issue."
        update = body.get("update") if isinstance(body.get("update"), dict) else {}
        comments = [self._comment_body(_add_body(op), call) for op in update.get("comment", [])]
        if errors or project is None or itype is None:
            raise _error(400, [], errors)
        issue = self._new_issue(project, itype, values.pop("summary"), values.pop("reporter", None) or call.user.id)
        issue.priority = values.pop("priority", self.default_priority)
        issue.description = values.pop("description", None)
        issue.assignee = values.pop("assignee", None)
        issue.duedate = values.pop("duedate", None)
        issue.labels = values.pop("labels", [])
        sprint = values.pop(SPRINT_FIELD, None)
        issue.sprints = [sprint] if sprint is not None else []
        issue.extra = extra
        for text in comments:
            self._comment(issue, call.user.id, text)
        self.writes += 1
        reply = HttpReply.json(201, {"id": str(issue.id), "key": issue.key, "self": f"{call.api}/issue/{issue.id}"})
        if self._drops_after_create > 0:
            self._drops_after_create -= 1
            return HttpReply(0, drop=True)
        return reply

    def _project_ref(self, value: Any) -> Project | None:
        if not isinstance(value, dict):
            return None
        for project in self._projects.values():
            if value.get("key") == project.key or str(value.get("id")) == project.id:
                return project
        return None

    @staticmethod
    def _issuetype_ref(value: Any) -> str | None:
        if not isinstance(value, dict):
            return None
        for name, (tid, _text) in ISSUE_TYPES.items():
            if value.get("name") == name or str(value.get("id")) == tid:
                return name
        return None

    def _comment_body(self, value: Any, call: _Call) -> str:
        if call.v3:
            if not isinstance(value, dict) or value.get("type") != "doc":
                raise _error(400, [], {"comment": "Comment body is not valid! Operation value must be an Atlassian Document (see the Atlassian Document Format)"})
            value = adf_to_text(value)
        if not isinstance(value, str) or not value.strip():
            raise _error(400, [], {"comment": "Comment body can not be empty!"})
        return value

    def _edit_issue(self, call: _Call, issue: Issue) -> HttpReply:
        body = call.body
        if not isinstance(body, dict):
            raise _error(400, ["No content to map due to end-of-input"])
        self._require_write(call, issue.project, "You do not have permission to edit issues in this project.")
        errors: dict[str, str] = {}
        changes: dict[str, Any] = {}
        fields = body.get("fields") or {}
        update = body.get("update") or {}
        if not isinstance(fields, dict) or not isinstance(update, dict):
            raise _error(400, ["Can not deserialize 'fields' or 'update': an object is expected."])
        refused = self._projects[issue.project].setup.create_errors(fields, cloud=self.cloud)
        for name, value in fields.items():
            if name not in EDITABLE:
                errors[name] = f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."
                continue
            if name in refused:  # the edit screen is the create screen here
                errors[name] = refused[name]
                continue
            try:
                changes[name] = self._parse_field(name, value, call, issue.project)
            except ValueError as exc:
                errors[name] = str(exc)
        comments: list[str] = []
        for name, ops in update.items():
            if not isinstance(ops, list):
                errors[name] = f"Field '{name}': the update must be a list of operations."
                continue
            for op in ops:
                self._update_op(name, op, call, issue, changes, comments, errors)
        if errors:
            raise _error(400, [], errors)
        if SPRINT_FIELD in changes:
            changes[SPRINT_FIELD] = self._sprint_list(issue, changes[SPRINT_FIELD])
        changed = self._apply(issue, changes, call.user.id)
        for text in comments:
            self._comment(issue, call.user.id, text)
        if changed or comments:
            self.writes += 1
        if (call.req.param("returnIssue") or "").lower() == "true":
            return HttpReply.json(200, self._issue_json(issue, call, ALL_FIELDS))
        return HttpReply(204)

    def _update_op(
        self, name: str, op: Any, call: _Call, issue: Issue, changes: dict[str, Any], comments: list[str], errors: dict[str, str]
    ) -> None:
        if not isinstance(op, dict) or len(op) != 1:
            errors[name] = f"Field '{name}': an operation must be one of add, set, remove, edit."
            return
        verb, value = next(iter(op.items()))
        if name == "comment" and verb == "add":
            try:
                comments.append(self._comment_body(_add_body(op), call))
            except _Answer:
                errors["comment"] = "Comment body can not be empty!"
            return
        if name == "labels" and verb in ("add", "remove"):
            labels = list(changes.get("labels", issue.labels))
            try:
                _check_label(value)
            except ValueError as exc:
                errors["labels"] = str(exc)
                return
            if verb == "add" and value not in labels:
                labels.append(value)
            if verb == "remove" and value in labels:
                labels.remove(value)
            changes["labels"] = labels
            return
        if verb == "set" and name in EDITABLE:
            try:
                changes[name] = self._parse_field(name, value, call, issue.project)
            except ValueError as exc:
                errors[name] = str(exc)
            return
        errors[name] = f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."

    def _delete_issue(self, call: _Call, issue: Issue) -> HttpReply:
        self._require_write(call, issue.project, "You do not have permission to delete issues in this project.")
        self._delete(issue)
        self.writes += 1
        return HttpReply(204)

    def _assign(self, call: _Call, issue: Issue) -> HttpReply:
        self._require_write(call, issue.project, "You do not have permission to assign issues in this project.")
        try:
            assignee = self._parse_user("assignee", call.body if isinstance(call.body, dict) else {}, issue.project)
        except ValueError as exc:
            raise _error(400, [], {"assignee": str(exc)}) from None
        if self._apply(issue, {"assignee": assignee}, call.user.id):
            self.writes += 1
        return HttpReply(204)

    def _get_issue(self, call: _Call, issue: Issue) -> HttpReply:
        fields = self._field_selection(call.params("fields"), ALL_FIELDS)
        return HttpReply.json(200, self._issue_json(issue, call, fields, call.params("expand"), call.params("properties")))

    def _get_changelog(self, call: _Call, issue: Issue) -> HttpReply:
        start = int(call.req.param("startAt", "0") or 0)
        size = min(int(call.req.param("maxResults", "100") or 100), 100)
        page = issue.histories[start : start + size]
        return HttpReply.json(200, {
            "self": f"{call.api}/issue/{issue.key}/changelog?maxResults={size}&startAt={start}",
            "maxResults": size, "startAt": start, "total": len(issue.histories),
            "isLast": start + size >= len(issue.histories),
            "values": [self._history_json(h, call.api) for h in page],
        })  # fmt: skip

    # ---- transitions and comments ------------------------------------------------------------------

    def _transitions_for(self, issue: Issue, api: str) -> list[dict[str, Any]]:
        return [
            {
                "id": tid, "name": name, "to": self._status_json(name, api), "hasScreen": False, "isGlobal": True,
                "isInitial": False, "isAvailable": True, "isConditional": False, "isLooped": False,
            }
            for name, (_sid, _cat, tid) in STATUSES.items()
            if name != issue.status
        ]

    def _get_transitions(self, call: _Call, issue: Issue) -> HttpReply:
        return HttpReply.json(200, {"expand": "transitions", "transitions": self._transitions_for(issue, call.api)})

    def _do_transition(self, call: _Call, issue: Issue) -> HttpReply:
        body = call.body if isinstance(call.body, dict) else {}
        wanted = (body.get("transition") or {}).get("id")
        if wanted is None:
            raise _error(400, ["Missing 'transition' identifier"])
        self._require_write(call, issue.project, "You do not have permission to transition this issue.")
        target = next((t["name"] for t in self._transitions_for(issue, call.api) if t["id"] == str(wanted)), None)
        if target is None:
            raise _error(400, [f"Transition id '{wanted}' is not valid for this issue."])
        resolution = None
        given = (body.get("fields") or {}).get("resolution")
        if given is not None:
            if not isinstance(given, dict):
                raise _error(400, [], {"resolution": "Could not find valid 'id' or 'name' in resolution object."})
            resolution = next((n for n, (rid, _t) in RESOLUTIONS.items() if given.get("name") == n or str(given.get("id")) == rid), None)
            if resolution is None:
                raise _error(400, [], {"resolution": "Could not find valid 'id' or 'name' in resolution object."})
        comments = [self._comment_body(_add_body(op), call) for op in (body.get("update") or {}).get("comment", [])]
        self._transition(issue, target, call.user.id, resolution)
        for text in comments:
            self._comment(issue, call.user.id, text)
        self.writes += 1
        return HttpReply(204)

    def _get_comments(self, call: _Call, issue: Issue) -> HttpReply:
        start = int(call.req.param("startAt", "0") or 0)
        size = int(call.req.param("maxResults", "5000") or 5000)
        page = issue.comments[start : start + size]
        return HttpReply.json(200, {"comments": [self._comment_json(issue, c, call) for c in page], "maxResults": size, "total": len(issue.comments), "startAt": start})

    def _add_comment(self, call: _Call, issue: Issue) -> HttpReply:
        body = call.body if isinstance(call.body, dict) else {}
        text = self._comment_body(body.get("body"), call)
        self._require_write(call, issue.project, "You do not have permission to comment on this issue.")
        comment = self._comment(issue, call.user.id, text)
        self.writes += 1
        return HttpReply.json(201, self._comment_json(issue, comment, call))

    # ---- remote links and properties -----------------------------------------------------------------

    def _remote_link_json(self, issue: Issue, link: RemoteLink, api: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": link.id, "self": f"{api}/issue/{issue.key}/remotelink/{link.id}"}
        if link.global_id is not None:
            out["globalId"] = link.global_id
        out["application"] = link.application or {}
        if link.relationship is not None:
            out["relationship"] = link.relationship
        out["object"] = link.object
        return out

    def _get_remote_links(self, call: _Call, issue: Issue) -> HttpReply:
        global_id = call.req.param("globalId")
        if global_id is not None:
            link = next((lk for lk in issue.remote_links if lk.global_id == global_id), None)
            if link is None:
                raise _error(404, ["No remote link found with the given globalId."])
            return HttpReply.json(200, self._remote_link_json(issue, link, call.api))
        return HttpReply.json(200, [self._remote_link_json(issue, lk, call.api) for lk in issue.remote_links])

    def _add_remote_link(self, call: _Call, issue: Issue) -> HttpReply:
        body = call.body if isinstance(call.body, dict) else {}
        obj = body.get("object")
        if not isinstance(obj, dict):
            raise _error(400, [], {"object": "'object' is required."})
        for name in ("url", "title"):
            if not obj.get(name):
                raise _error(400, [], {name: f"'{name}' is required."})
        self._require_write(call, issue.project, "You do not have permission to link issues in this project.")
        global_id = body.get("globalId")
        existing = next((lk for lk in issue.remote_links if global_id is not None and lk.global_id == global_id), None)
        if existing is not None:
            before = (existing.object, existing.application, existing.relationship)
            existing.object, existing.application, existing.relationship = obj, body.get("application"), body.get("relationship")
            if before != (existing.object, existing.application, existing.relationship):
                self.writes += 1
            return HttpReply.json(200, {"id": existing.id, "self": f"{call.api}/issue/{issue.key}/remotelink/{existing.id}"})
        link = RemoteLink(self._next_id("remotelink"), global_id, obj, body.get("application"), body.get("relationship"))
        issue.remote_links.append(link)
        self.writes += 1
        return HttpReply.json(201, {"id": link.id, "self": f"{call.api}/issue/{issue.key}/remotelink/{link.id}"})

    def _remote_link_item(self, call: _Call, method: str, issue: Issue, link_id: str) -> HttpReply:
        link = next((lk for lk in issue.remote_links if str(lk.id) == link_id), None)
        if link is None:
            raise _error(404, ["No remote link with the given id exists for this issue."])
        if method == "GET":
            return HttpReply.json(200, self._remote_link_json(issue, link, call.api))
        if method == "DELETE":
            self._require_write(call, issue.project, "You do not have permission to link issues in this project.")
            issue.remote_links.remove(link)
            self.writes += 1
            return HttpReply(204)
        return self._not_found(call.req)

    def _properties(self, call: _Call, method: str, issue: Issue, key: str | None) -> HttpReply:
        if key is None:
            if method != "GET":
                return self._not_found(call.req)
            keys = [{"self": f"{call.api}/issue/{issue.key}/properties/{quote(k)}", "key": k} for k in issue.properties]
            return HttpReply.json(200, {"keys": keys})
        if method == "GET":
            if key not in issue.properties:
                raise _error(404, [f"The property with key '{key}' does not exist."])
            return HttpReply.json(200, {"key": key, "value": issue.properties[key]})
        self._require_write(call, issue.project, "You do not have permission to edit issues in this project.")
        if method == "DELETE":
            if issue.properties.pop(key, _UNSET) is _UNSET:
                raise _error(404, [f"The property with key '{key}' does not exist."])
            self.writes += 1
            return HttpReply(204)
        if method != "PUT":
            return self._not_found(call.req)
        if len(key) > 255:
            raise _error(400, ["The property key cannot be longer than 255 characters."])
        if call.body is None or len(call.req.body) > _MAX_PROPERTY_BYTES:
            raise _error(400, [f"The property value must be valid JSON no larger than {_MAX_PROPERTY_BYTES} bytes."])
        created = key not in issue.properties
        if created or issue.properties[key] != call.body:
            issue.properties[key] = call.body
            self.writes += 1
        return HttpReply(201 if created else 200)

    # ---- search ----------------------------------------------------------------------------------------

    def _matches(self, call: _Call, text: str, *, strict: bool, reconcile: frozenset[int] = frozenset()) -> list[Issue]:
        try:
            query = jql.parse(text)
            catalog = _Catalog(self, call.user)
            predicate = jql.compile_filter(query, catalog, strict=strict)
        except jql.JqlError as exc:
            raise _error(400, [str(exc)]) from None
        if self.cloud and query.where is None:
            raise _error(400, [UNBOUNDED])
        now = catalog.now
        found = [
            issue
            for issue in self._issues.values()
            if (issue.visible_at <= now or issue.id in reconcile) and predicate(self._jql_record(issue))
        ]
        found.sort(key=lambda i: i.id, reverse=True)  # Jira's default order: newest first
        return jql.order(found, query.order_by, self._sort_value)

    @staticmethod
    def _jql_record(issue: Issue) -> dict[str, object]:
        return {
            "project": issue.project,
            "key": issue.id,
            "status": issue.status,
            "statusCategory": issue.category,
            "assignee": issue.assignee,
            "labels": issue.labels,
            "created": issue.created,
            "updated": issue.updated,
        }

    def _sort_value(self, issue: Issue, name: str) -> object:
        match name:
            case "key":
                project, number = issue.key.rsplit("-", 1)
                return (project, int(number))
            case "priority":  # DESC puts the most urgent first
                return len(self.priorities) - self.priorities.index(issue.priority) if issue.priority else None
            case "assignee":
                return self._users[issue.assignee].display_name.lower() if issue.assignee else None
            case "statusCategory":
                return CATEGORIES[issue.category][0]
            case "summary":
                return issue.summary.lower()
            case _:
                return getattr(issue, name)

    def _page_size(self, requested: Any, default: int, cap: int) -> int:
        try:
            size = default if requested is None else int(requested)
        except (TypeError, ValueError):
            raise _error(400, [f"The value '{requested}' is invalid for maxResults."]) from None
        return max(0, min(size, self._cap or cap))

    def _search_inputs(self, call: _Call) -> dict[str, Any]:
        """GET query parameters or a POST body, as one dict of lists/scalars."""
        if call.req.method == "POST":
            body = call.body if isinstance(call.body, dict) else {}
            def as_list(value: Any) -> list[str]:
                if value is None:
                    return []
                items = value if isinstance(value, list) else str(value).split(",")
                return [str(i).strip() for i in items if str(i).strip()]

            return {
                "jql": body.get("jql") or "", "fields": as_list(body.get("fields")), "expand": as_list(body.get("expand")),
                "properties": as_list(body.get("properties")), "maxResults": body.get("maxResults"),
                "startAt": body.get("startAt"), "nextPageToken": body.get("nextPageToken"),
                "validateQuery": body.get("validateQuery"), "reconcileIssues": as_list(body.get("reconcileIssues")),
            }  # fmt: skip
        q = call.req.param
        return {
            "jql": q("jql") or "", "fields": call.params("fields"), "expand": call.params("expand"),
            "properties": call.params("properties"), "maxResults": q("maxResults"), "startAt": q("startAt"),
            "nextPageToken": q("nextPageToken"), "validateQuery": q("validateQuery"),
            "reconcileIssues": call.params("reconcileIssues"),
        }  # fmt: skip

    def _search_cloud(self, call: _Call) -> HttpReply:
        if not self.cloud:
            return self._not_found(call.req)
        args = self._search_inputs(call)
        fields = self._field_selection(args["fields"], frozenset())
        reconcile = frozenset(int(i) for i in args["reconcileIssues"] if str(i).isdigit())
        matches = self._matches(call, args["jql"], strict=True, reconcile=reconcile)
        size = max(1, self._page_size(args["maxResults"], 50, 100 if fields else 5000))
        offset = self._decode_token(args["nextPageToken"], args["jql"]) if args["nextPageToken"] else 0
        page = matches[offset : offset + size]
        out: dict[str, Any] = {
            "issues": [self._issue_json(i, call, fields, args["expand"], args["properties"]) for i in page],
            "isLast": offset + size >= len(matches),
        }
        if not out["isLast"]:
            out["nextPageToken"] = self._encode_token(offset + size, args["jql"])
        return HttpReply.json(200, out)

    @staticmethod
    def _encode_token(offset: int, text: str) -> str:
        raw = json.dumps({"o": offset, "q": hashlib.sha1(text.encode()).hexdigest()[:12]})
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @staticmethod
    def _decode_token(token: str, text: str) -> int:
        try:
            raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if raw["q"] == hashlib.sha1(text.encode()).hexdigest()[:12]:
                return int(raw["o"])
        except (ValueError, KeyError, TypeError, binascii.Error):
            pass
        raise _error(400, ["The provided next page token is invalid or expired."])

    def _search_dc(self, call: _Call) -> HttpReply:
        if self.cloud:
            raise _error(410, [SEARCH_REMOVED])
        args = self._search_inputs(call)
        validate = str(args["validateQuery"] if args["validateQuery"] is not None else "strict").lower()
        matches = self._matches(call, args["jql"], strict=validate in ("true", "strict"))
        fields = self._field_selection(args["fields"], NAVIGABLE_FIELDS)
        size = self._page_size(args["maxResults"], 50, 1000)
        try:
            start = max(0, int(args["startAt"] or 0))
        except (TypeError, ValueError):
            raise _error(400, [f"The value '{args['startAt']}' is invalid for startAt."]) from None
        page = matches[start : start + size]
        return HttpReply.json(200, {
            "expand": "schema,names", "startAt": start, "maxResults": size, "total": len(matches),
            "issues": [self._issue_json(i, call, fields, args["expand"], args["properties"]) for i in page],
        })  # fmt: skip

    def _approximate_count(self, call: _Call) -> HttpReply:
        if not self.cloud:
            return self._not_found(call.req)
        text = call.body.get("jql", "") if isinstance(call.body, dict) else ""
        return HttpReply.json(200, {"count": len(self._matches(call, text, strict=True))})


def _check_label(label: Any) -> None:
    if not isinstance(label, str) or not label:
        raise ValueError("The label must be a non-empty string.")
    if any(ch.isspace() for ch in label):
        raise ValueError(f"The label '{label}' contains spaces which is invalid.")
    if len(label) > 255:
        raise ValueError(f"The label '{label}' exceeds the maximum length for a single label of 255 characters.")


def _add_body(op: Any) -> Any:
    """The body of an `{"add": {"body": …}}` comment operation, None when malformed."""
    add = op.get("add") if isinstance(op, dict) else None
    return add.get("body") if isinstance(add, dict) else None
