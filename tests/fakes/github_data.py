"""State records of the fake GitHub and the GitHub-shaped JSON built from them.

Shapes follow GitHub's REST description (issue schema 2022-07, OpenAPI
components) and the 2025 issue list recorded in PyGithub 2.10.0's replay data,
so the real client sees what it sees against api.github.com.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote

DOCS = "https://docs.github.com/rest"

# GitHub seeds every new repository with these labels (`default: true`).
DEFAULT_LABELS: tuple[tuple[str, str, str], ...] = (
    ("bug", "d73a4a", "Something isn't working"),
    ("documentation", "0075ca", "Improvements or additions to documentation"),
    ("duplicate", "cfd3d7", "This issue or pull request already exists"),
    ("enhancement", "a2eeef", "New feature or request"),
    ("good first issue", "7057ff", "Good for newcomers"),
    ("help wanted", "008672", "Extra attention is needed"),
    ("invalid", "e4e669", "This doesn't seem right"),
    ("question", "d876e3", "Further information is requested"),
    ("wontfix", "ffffff", "This will not be worked on"),
)

CLOSE_REASONS = ("completed", "not_planned", "duplicate")
STATE_REASONS = (*CLOSE_REASONS, "reopened")


def utc(dt: datetime) -> datetime:
    """Naive datetimes are taken as UTC; GitHub works in whole seconds."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).replace(microsecond=0)


def ts(dt: datetime | None) -> str | None:
    return utc(dt).strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def http_date(dt: datetime) -> str:
    return format_datetime(utc(dt), usegmt=True)


def parse_ts(text: str) -> datetime:
    """GitHub accepts ISO 8601 (`YYYY-MM-DDTHH:MM:SSZ`, offsets, bare dates)."""
    return utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))


def node_id(kind: str, number: int) -> str:
    return f"{kind}_" + base64.b64encode(f"{kind}{number}".encode()).decode().rstrip("=")


@dataclass
class User:
    id: int
    login: str
    type: str = "User"  # User | Organization | Bot
    name: str | None = None


@dataclass
class Label:
    id: int
    name: str
    color: str = "ededed"
    description: str | None = None
    default: bool = False


@dataclass
class Milestone:
    id: int
    number: int
    title: str
    creator: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    state: str = "open"
    due_on: datetime | None = None
    closed_at: datetime | None = None


@dataclass
class Comment:
    id: int
    user: str
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass
class Event:
    """One issue event; `extra` holds the event-specific keys (label, assignee, rename…)."""

    id: int
    event: str
    actor: str
    created_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Issue:
    id: int
    number: int
    title: str
    body: str | None
    user: str
    created_at: datetime
    updated_at: datetime
    state: str = "open"
    state_reason: str | None = None
    labels: list[str] = field(default_factory=list)  # label names, in the order applied
    assignees: list[str] = field(default_factory=list)
    milestone: int | None = None  # milestone number
    closed_at: datetime | None = None
    closed_by: str | None = None
    locked: bool = False
    is_pull_request: bool = False
    draft: bool = False
    comments: list[Comment] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    deleted: bool = False
    moved_to: tuple[int, int] | None = None  # (repository id, number) after a transfer


@dataclass
class Repo:
    id: int
    owner: str
    name: str
    private: bool
    created_at: datetime
    updated_at: datetime
    has_issues: bool = True
    permissions: dict[str, str] = field(default_factory=dict)  # login → "admin" | "push" | "pull"
    labels: dict[str, Label] = field(default_factory=dict)  # lower-cased name → label
    milestones: dict[int, Milestone] = field(default_factory=dict)
    issues: dict[int, Issue] = field(default_factory=dict)
    next_number: int = 1  # issues and pull requests share one sequence
    next_milestone: int = 1

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def label(self, name: str) -> Label | None:
        return self.labels.get(name.lower())


class Render:
    """Builds JSON for one request: every URL starts with the request's own host and prefix."""

    def __init__(self, host: str, prefix: str, users: dict[str, User]) -> None:
        self.api = f"http://{host}{prefix}"
        self.web = f"http://{host}"
        self.users = users

    def user(self, login: str | None) -> dict[str, Any] | None:
        if login is None:
            return None
        u = self.users[login]
        api = f"{self.api}/users/{login}"
        return {
            "login": u.login,
            "id": u.id,
            "node_id": node_id("U", u.id),
            "avatar_url": f"{self.web}/avatars/u/{u.id}?v=4",
            "gravatar_id": "",
            "url": api,
            "html_url": f"{self.web}/{login}",
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": u.type,
            "user_view_type": "public",
            "site_admin": False,
        }

    def full_user(self, login: str, created_at: datetime) -> dict[str, Any]:
        u = self.users[login]
        data = self.user(login) or {}
        data.update(
            {
                "name": u.name,
                "company": None,
                "blog": "",
                "location": None,
                "email": None,
                "hireable": None,
                "bio": None,
                "twitter_username": None,
                "public_repos": 0,
                "public_gists": 0,
                "followers": 0,
                "following": 0,
                "created_at": ts(created_at),
                "updated_at": ts(created_at),
            }
        )
        return data

    def repo(self, repo: Repo, perm: str | None) -> dict[str, Any]:
        api = f"{self.api}/repos/{repo.full_name}"
        web = f"{self.web}/{repo.full_name}"
        open_count = sum(1 for i in repo.issues.values() if visible(i) and i.state == "open")
        data: dict[str, Any] = {
            "id": repo.id,
            "node_id": node_id("R", repo.id),
            "name": repo.name,
            "full_name": repo.full_name,
            "private": repo.private,
            "owner": self.user(repo.owner),
            "html_url": web,
            "description": None,
            "fork": False,
            "url": api,
        }
        for name, tail in _REPO_URLS:
            data[name] = f"{api}{tail}"
        data.update(
            {
                "created_at": ts(repo.created_at),
                "updated_at": ts(repo.updated_at),
                "pushed_at": ts(repo.updated_at),
                "git_url": f"git://{self.web.removeprefix('http://')}/{repo.full_name}.git",
                "ssh_url": f"git@{self.web.removeprefix('http://')}:{repo.full_name}.git",
                "clone_url": f"{web}.git",
                "svn_url": web,
                "homepage": None,
                "size": 0,
                "stargazers_count": 0,
                "watchers_count": 0,
                "language": None,
                "has_issues": repo.has_issues,
                "has_projects": True,
                "has_downloads": True,
                "has_wiki": False,
                "has_pages": False,
                "has_discussions": False,
                "forks_count": 0,
                "mirror_url": None,
                "archived": False,
                "disabled": False,
                "open_issues_count": open_count,
                "license": None,
                "allow_forking": True,
                "is_template": False,
                "web_commit_signoff_required": False,
                "topics": [],
                "visibility": "private" if repo.private else "public",
                "forks": 0,
                "open_issues": open_count,
                "watchers": 0,
                "default_branch": "main",
                "permissions": {
                    "admin": perm == "admin",
                    "maintain": perm == "admin",
                    "push": perm in ("admin", "push"),
                    "triage": perm in ("admin", "push"),
                    "pull": perm is not None,
                },
                "network_count": 0,
                "subscribers_count": 0,
            }
        )
        return data

    def label(self, repo: Repo, label: Label) -> dict[str, Any]:
        return {
            "id": label.id,
            "node_id": node_id("LA", label.id),
            "url": f"{self.api}/repos/{repo.full_name}/labels/{quote(label.name)}",
            "name": label.name,
            "color": label.color,
            "default": label.default,
            "description": label.description,
        }

    def milestone(self, repo: Repo, m: Milestone) -> dict[str, Any]:
        mine = [i for i in repo.issues.values() if visible(i) and i.milestone == m.number]
        api = f"{self.api}/repos/{repo.full_name}/milestones/{m.number}"
        return {
            "url": api,
            "html_url": f"{self.web}/{repo.full_name}/milestone/{m.number}",
            "labels_url": f"{api}/labels",
            "id": m.id,
            "node_id": node_id("MI", m.id),
            "number": m.number,
            "title": m.title,
            "description": m.description,
            "creator": self.user(m.creator),
            "open_issues": sum(1 for i in mine if i.state == "open"),
            "closed_issues": sum(1 for i in mine if i.state == "closed"),
            "state": m.state,
            "created_at": ts(m.created_at),
            "updated_at": ts(m.updated_at),
            "due_on": ts(m.due_on),
            "closed_at": ts(m.closed_at),
        }

    def issue(self, repo: Repo, issue: Issue) -> dict[str, Any]:
        api = f"{self.api}/repos/{repo.full_name}/issues/{issue.number}"
        kind = "pull" if issue.is_pull_request else "issues"
        html = f"{self.web}/{repo.full_name}/{kind}/{issue.number}"
        labels = [self.label(repo, lab) for n in issue.labels if (lab := repo.label(n))]
        milestone = repo.milestones.get(issue.milestone) if issue.milestone else None
        data: dict[str, Any] = {
            "url": api,
            "repository_url": f"{self.api}/repos/{repo.full_name}",
            "labels_url": f"{api}/labels{{/name}}",
            "comments_url": f"{api}/comments",
            "events_url": f"{api}/events",
            "html_url": html,
            "id": issue.id,
            "node_id": node_id("PR" if issue.is_pull_request else "I", issue.id),
            "number": issue.number,
            "title": issue.title,
            "user": self.user(issue.user),
            "labels": labels,
            "state": issue.state,
            "locked": issue.locked,
            "assignee": self.user(issue.assignees[0]) if issue.assignees else None,
            "assignees": [self.user(a) for a in issue.assignees],
            "milestone": self.milestone(repo, milestone) if milestone else None,
            "comments": len(issue.comments),
            "created_at": ts(issue.created_at),
            "updated_at": ts(issue.updated_at),
            "closed_at": ts(issue.closed_at),
            "author_association": association(repo, issue.user),
            "type": None,
            "active_lock_reason": None,
        }
        if issue.is_pull_request:
            pulls = f"{self.api}/repos/{repo.full_name}/pulls/{issue.number}"
            data["draft"] = issue.draft
            data["pull_request"] = {
                "url": pulls,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": None,
            }
        else:
            data["sub_issues_summary"] = {"total": 0, "completed": 0, "percent_completed": 0}
            data["issue_dependencies_summary"] = {
                "blocked_by": 0,
                "total_blocked_by": 0,
                "blocking": 0,
                "total_blocking": 0,
            }
        data.update(
            {
                "body": issue.body,
                "closed_by": self.user(issue.closed_by),
                "reactions": reactions(f"{api}/reactions"),
                "timeline_url": f"{api}/timeline",
                "performed_via_github_app": None,
                "state_reason": issue.state_reason,
            }
        )
        return data

    def comment(self, repo: Repo, issue: Issue, c: Comment) -> dict[str, Any]:
        api = f"{self.api}/repos/{repo.full_name}/issues/comments/{c.id}"
        return {
            "url": api,
            "html_url": f"{self.web}/{repo.full_name}/issues/{issue.number}#issuecomment-{c.id}",
            "issue_url": f"{self.api}/repos/{repo.full_name}/issues/{issue.number}",
            "id": c.id,
            "node_id": node_id("IC", c.id),
            "user": self.user(c.user),
            "created_at": ts(c.created_at),
            "updated_at": ts(c.updated_at),
            "author_association": association(repo, c.user),
            "body": c.body,
            "reactions": reactions(f"{api}/reactions"),
            "performed_via_github_app": None,
        }

    def event(self, repo: Repo, e: Event) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": e.id,
            "node_id": node_id(_EVENT_NODE.get(e.event, "E"), e.id),
            "url": f"{self.api}/repos/{repo.full_name}/issues/events/{e.id}",
            "actor": self.user(e.actor),
            "event": e.event,
            "commit_id": None,
            "commit_url": None,
            "created_at": ts(e.created_at),
        }
        for key, value in e.extra.items():
            data[key] = self.user(value) if key in ("assignee", "assigner") else value
        data["performed_via_github_app"] = None
        return data

    def timeline(self, repo: Repo, issue: Issue) -> list[dict[str, Any]]:
        entries: list[tuple[datetime, int, dict[str, Any]]] = [
            (e.created_at, e.id, self.event(repo, e)) for e in issue.events
        ]
        for c in issue.comments:
            data = self.comment(repo, issue, c)
            data["event"] = "commented"
            data["actor"] = self.user(c.user)
            entries.append((c.created_at, c.id, data))
        entries.sort(key=lambda t: (t[0], t[1]))
        return [data for _, _, data in entries]


def visible(issue: Issue) -> bool:
    return not issue.deleted and issue.moved_to is None


def association(repo: Repo, login: str) -> str:
    if login == repo.owner or repo.permissions.get(login) == "admin":
        return "OWNER"
    if repo.permissions.get(login) in ("push", "admin"):
        return "COLLABORATOR"
    return "NONE"


def reactions(url: str) -> dict[str, Any]:
    return {
        "url": url,
        "total_count": 0,
        "+1": 0,
        "-1": 0,
        "laugh": 0,
        "hooray": 0,
        "confused": 0,
        "heart": 0,
        "rocket": 0,
        "eyes": 0,
    }


def rate_resource(limit: int, used: int, reset: int, resource: str) -> dict[str, Any]:
    return {
        "limit": limit,
        "used": used,
        "remaining": max(0, limit - used),
        "reset": reset,
        "resource": resource,
    }


def error(message: str, status: int, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"message": message, **extra}
    body.setdefault("documentation_url", DOCS)
    body["status"] = str(status)
    return body


def validation_failed(resource: str, code: str, field_name: str, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"resource": resource, "code": code, "field": field_name, **extra}
    return error("Validation Failed", 422, errors=[item])


_EVENT_NODE = {
    "labeled": "LE",
    "unlabeled": "UNLE",
    "closed": "CE",
    "reopened": "REE",
    "assigned": "AE",
    "unassigned": "UAE",
    "milestoned": "MIE",
    "demilestoned": "DME",
    "renamed": "RTE",
}

_REPO_URLS: tuple[tuple[str, str], ...] = (
    ("forks_url", "/forks"),
    ("keys_url", "/keys{/key_id}"),
    ("collaborators_url", "/collaborators{/collaborator}"),
    ("teams_url", "/teams"),
    ("hooks_url", "/hooks"),
    ("issue_events_url", "/issues/events{/number}"),
    ("events_url", "/events"),
    ("assignees_url", "/assignees{/user}"),
    ("branches_url", "/branches{/branch}"),
    ("tags_url", "/tags"),
    ("blobs_url", "/git/blobs{/sha}"),
    ("git_tags_url", "/git/tags{/sha}"),
    ("git_refs_url", "/git/refs{/sha}"),
    ("trees_url", "/git/trees{/sha}"),
    ("statuses_url", "/statuses/{sha}"),
    ("languages_url", "/languages"),
    ("stargazers_url", "/stargazers"),
    ("contributors_url", "/contributors"),
    ("subscribers_url", "/subscribers"),
    ("subscription_url", "/subscription"),
    ("commits_url", "/commits{/sha}"),
    ("git_commits_url", "/git/commits{/sha}"),
    ("comments_url", "/comments{/number}"),
    ("issue_comment_url", "/issues/comments{/number}"),
    ("contents_url", "/contents/{+path}"),
    ("compare_url", "/compare/{base}...{head}"),
    ("merges_url", "/merges"),
    ("archive_url", "/{archive_format}{/ref}"),
    ("downloads_url", "/downloads"),
    ("issues_url", "/issues{/number}"),
    ("pulls_url", "/pulls{/number}"),
    ("milestones_url", "/milestones{/number}"),
    ("notifications_url", "/notifications{?since,all,participating}"),
    ("labels_url", "/labels{/name}"),
    ("releases_url", "/releases{/id}"),
    ("deployments_url", "/deployments"),
)
