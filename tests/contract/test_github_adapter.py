"""GitHubTracker against `responses`-mocked HTTP shaped like GitHub's REST API (api/README.md §2).

Requests are matched in the order they are registered (OrderedRegistry) and every registered
response must be used, so each test pins the exact request sequence — a hidden or repeated
request fails it.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

import pytest
import requests
import responses
import urllib3
from responses import matchers
from responses.registries import OrderedRegistry

from adapters.trackers.base import (
    AuthError,
    NotFound,
    PermissionDenied,
    RateLimited,
    Rejected,
    Tracker,
    TrackerError,
    Unavailable,
    WriteOutcomeUnknown,
    item_hash,
)
from adapters.trackers.github import GitHubTracker
from adapters.trackers.pacing import MemoryStore, WritePacer
from syncer.fields import extract_fields
from syncer.model import Category, TicketRef, TicketSpec
from syncer.settings import GitHubSettings

BASE = "https://api.github.com"
API = "https://api.github.com:443"  # PyGithub always spells the port out
REPO = "acme/web"
TARGET = "github:acme/web"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
NOW_TS = NOW.timestamp()
RESET = int(NOW_TS) + 1800

SPEC = TicketSpec(
    item_key="INC-7/disk-alert",
    summary="Add disk space alert at 80% threshold",
    description="Owner: @alice\nDue: 2026-12-04\nVerify: alert fires in the next game day",
    priority="P1",
    owner="alice",
    assignee="alice",
    due=date(2026, 12, 4),
)
# the description as inert Markdown: the owner line mentions nobody (the assignee field does)
RENDERED = "Owner: @&#8203;alice\nDue: 2026-12-04\nVerify: alert fires in the next game day"
BODY = f"{RENDERED}\n\n<!-- pmsync:item=INC-7/disk-alert -->"
# what creating SPEC's issue posts
CREATE = {
    "title": SPEC.summary,
    "body": BODY,
    "labels": ["pmsync", "postmortem", "priority: P1"],
    "assignees": ["alice"],
}


def rate_headers(remaining: int = 4990, reset: int = RESET, **extra: str) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "5000",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(reset),
        "X-RateLimit-Used": str(5000 - remaining),
        "X-RateLimit-Resource": "core",
        **extra,
    }


def user(login: str) -> dict:
    return {
        "login": login,
        "id": 1000 + len(login),
        "node_id": f"U_{login}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{login}?v=4",
        "gravatar_id": "",
        "url": f"{BASE}/users/{login}",
        "html_url": f"https://github.com/{login}",
        "type": "User",
        "user_view_type": "public",
        "site_admin": False,
    }


def label(name: str, repo: str = REPO) -> dict:
    return {
        "id": abs(hash(name)) % 10**9,
        "node_id": f"LA_{name}",
        "url": f"{BASE}/repos/{repo}/labels/{quote(name)}",
        "name": name,
        "color": "ededed",
        "default": False,
        "description": None,
    }


def milestone(title: str) -> dict:
    return {
        "url": f"{BASE}/repos/{REPO}/milestones/3",
        "html_url": f"https://github.com/{REPO}/milestone/3",
        "labels_url": f"{BASE}/repos/{REPO}/milestones/3/labels",
        "id": 3003,
        "node_id": "MI_3",
        "number": 3,
        "title": title,
        "description": None,
        "creator": user("lead"),
        "open_issues": 4,
        "closed_issues": 1,
        "state": "open",
        "created_at": "2026-11-01T09:00:00Z",
        "updated_at": "2026-11-20T09:00:00Z",
        "due_on": "2026-12-01T08:00:00Z",
        "closed_at": None,
    }


def issue(
    number: int,
    *,
    repo: str = REPO,
    title: str = SPEC.summary,
    body: str | None = BODY,
    labels: tuple[str, ...] = ("pmsync", "postmortem", "priority: P1"),
    state: str = "open",
    assignees: tuple[str, ...] = ("alice",),
    milestone_title: str | None = None,
    closed_by: str | None = None,
    state_reason: str | None = None,
    updated_at: str = "2026-11-23T11:00:00Z",
    pull_request: bool = False,
    blocked_by: int = 0,
) -> dict:
    api = f"{BASE}/repos/{repo}/issues/{number}"
    data = {
        "url": api,
        "repository_url": f"{BASE}/repos/{repo}",
        "labels_url": f"{api}/labels{{/name}}",
        "comments_url": f"{api}/comments",
        "events_url": f"{api}/events",
        "html_url": f"https://github.com/{repo}/issues/{number}",
        "id": 3_400_000_000 + number,
        "node_id": f"I_kw{number}",
        "number": number,
        "title": title,
        "user": user("pmsync-bot"),
        "labels": [label(name, repo) for name in labels],
        "state": state,
        "locked": False,
        "assignee": user(assignees[0]) if assignees else None,
        "assignees": [user(login) for login in assignees],
        "milestone": milestone(milestone_title) if milestone_title else None,
        "comments": 0,
        "created_at": "2026-11-20T10:00:00Z",
        "updated_at": updated_at,
        "closed_at": "2026-11-22T10:00:00Z" if state == "closed" else None,
        "author_association": "NONE",
        "type": None,
        "active_lock_reason": None,
        "sub_issues_summary": {"total": 0, "completed": 0, "percent_completed": 0},
        "issue_dependencies_summary": {
            "blocked_by": blocked_by,
            "total_blocked_by": blocked_by,
            "blocking": 0,
            "total_blocking": 0,
        },
        "body": body,
        "closed_by": user(closed_by) if closed_by else None,
        "reactions": {"url": f"{api}/reactions", "total_count": 0, "+1": 0, "-1": 0},
        "timeline_url": f"{api}/timeline",
        "performed_via_github_app": None,
        "state_reason": state_reason,
    }
    if pull_request:
        pulls = f"{BASE}/repos/{repo}/pulls/{number}"
        data["pull_request"] = {
            "url": pulls,
            "html_url": f"https://github.com/{repo}/pull/{number}",
            "diff_url": f"https://github.com/{repo}/pull/{number}.diff",
            "patch_url": f"https://github.com/{repo}/pull/{number}.patch",
            "merged_at": None,
        }
        data["draft"] = False
    return data


def query(**params: object) -> list:
    return [matchers.query_param_matcher({k: str(v) for k, v in params.items()})]


@pytest.fixture
def rsps():
    with responses.RequestsMock(
        assert_all_requests_are_fired=True, registry=OrderedRegistry
    ) as mock:
        yield mock


class Harness:
    def __init__(self, **settings: object) -> None:
        self.waits: list[float] = []
        self.told: list[tuple[str, float]] = []
        self.now = NOW_TS
        config = {"token": "ghp_test", "max_retries": 3, "max_wait_seconds": 120.0, **settings}
        self.tracker = GitHubTracker(
            GitHubSettings(**config),
            pacer=WritePacer(MemoryStore(), clock=self.clock, sleep=self.sleep),
            sleep=self.sleep,
            clock=self.clock,
            on_wait=lambda error, seconds: self.told.append((error.message, seconds)),
        )

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture
def gh() -> Harness:
    return Harness()


def labels_list(rsps, names, repo=REPO):
    rsps.get(
        f"{API}/repos/{repo}/labels",
        json=[label(n, repo) for n in names],
        headers=rate_headers(),
        match=query(per_page=100),
    )


def test_is_a_tracker(gh):
    assert isinstance(gh.tracker, Tracker)
    assert gh.tracker.name == "github"


# ---- create ------------------------------------------------------------------------------


def test_create_bootstraps_labels_once_and_posts_one_issue(rsps, gh):
    labels_list(rsps, ["bug", "PMSYNC"])  # label names are case-insensitive on GitHub
    for name, color, description in [
        ("postmortem", "b60205", "Follow-up from a postmortem"),
        ("priority: P1", "d93f0b", "Postmortem action item priority P1"),
    ]:
        rsps.post(
            f"{API}/repos/{REPO}/labels",
            status=201,
            json=label(name),
            headers=rate_headers(),
            match=[
                matchers.json_params_matcher(
                    {"name": name, "color": color, "description": description}, strict_match=True
                )
            ],
        )
    rsps.post(
        f"{API}/repos/{REPO}/issues",
        status=201,
        json=issue(42),
        headers=rate_headers(),
        match=[
            matchers.json_params_matcher(CREATE, strict_match=True),
            matchers.header_matcher({"Authorization": "token ghp_test"}),
        ],
    )
    # a second item in the same repo at the same priority: the labels are known by now
    second = TicketSpec(**{**_fields(SPEC), "item_key": "INC-7/runbook", "assignee": None})
    rsps.post(
        f"{API}/repos/{REPO}/issues",
        status=201,
        json=issue(
            43, assignees=(), body=f"{SPEC.description}\n\n<!-- pmsync:item=INC-7/runbook -->"
        ),
        headers=rate_headers(),
        match=[
            matchers.json_params_matcher(
                {
                    **{k: v for k, v in CREATE.items() if k != "assignees"},
                    "body": f"{RENDERED}\n\n<!-- pmsync:item=INC-7/runbook -->",
                },
                strict_match=True,
            )
        ],
    )

    state = gh.tracker.create(TARGET, SPEC)
    assert state.ref == TicketRef("github", TARGET, "42", "https://github.com/acme/web/issues/42")
    assert state.item_key == SPEC.item_key
    assert state.marker == item_hash(SPEC.item_key)
    assert state.priority == "P1"
    assert state.raw_priority == "priority: P1"
    assert state.assignee == "alice"
    assert state.category is Category.TODO
    assert state.due is None

    other = gh.tracker.create(TARGET, second)
    assert other.item_key == "INC-7/runbook"
    assert other.assignee is None
    assert gh.tracker.counter.counts == {
        "GET /repos/{owner}/{repo}/labels": 1,
        "POST /repos/{owner}/{repo}/labels": 2,
        "POST /repos/{owner}/{repo}/issues": 2,
    }
    assert gh.tracker.rate_limited_cost == 5


def _fields(spec: TicketSpec) -> dict:
    return {name: getattr(spec, name) for name in spec.__slots__}


def test_create_with_a_new_priority_only_adds_that_label(rsps, gh):
    labels_list(rsps, ["pmsync", "postmortem", "priority: P1"])
    rsps.post(f"{API}/repos/{REPO}/issues", status=201, json=issue(42), headers=rate_headers())
    rsps.post(
        f"{API}/repos/{REPO}/labels",
        status=422,
        json={
            "message": "Validation Failed",
            "errors": [{"resource": "Label", "code": "already_exists", "field": "name"}],
            "documentation_url": "https://docs.github.com/rest/issues/labels#create-a-label",
            "status": "422",
        },
        headers=rate_headers(),
        match=[matchers.json_params_matcher({"name": "priority: P3"}, strict_match=False)],
    )
    rsps.post(
        f"{API}/repos/{REPO}/issues",
        status=201,
        json=issue(44, labels=("pmsync", "postmortem", "priority: P3")),
        headers=rate_headers(),
        match=[
            matchers.json_params_matcher(
                {"labels": ["pmsync", "postmortem", "priority: P3"]}, strict_match=False
            )
        ],
    )
    gh.tracker.create(TARGET, SPEC)
    # someone created the label meanwhile: "already_exists" is success
    assert (
        gh.tracker.create(TARGET, TicketSpec(**{**_fields(SPEC), "priority": "P3"})).priority
        == "P3"
    )


def test_create_retries_once_without_an_assignee_github_rejects(rsps, gh):
    labels_list(rsps, ["pmsync", "postmortem", "priority: P1"])
    rsps.post(
        f"{API}/repos/{REPO}/issues",
        status=422,
        json={
            "message": "Validation Failed",
            "errors": [
                {"value": "alice", "resource": "Issue", "field": "assignees", "code": "invalid"}
            ],
            "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue",
            "status": "422",
        },
        headers=rate_headers(),
        match=[matchers.json_params_matcher({"assignees": ["alice"]}, strict_match=False)],
    )
    rsps.post(
        f"{API}/repos/{REPO}/issues",
        status=201,
        json=issue(42, assignees=()),
        headers=rate_headers(),
        match=[
            matchers.json_params_matcher(
                {
                    "title": SPEC.summary,
                    "body": BODY,
                    "labels": ["pmsync", "postmortem", "priority: P1"],
                },
                strict_match=True,
            )
        ],
    )
    state = gh.tracker.create(TARGET, SPEC)
    assert state.assignee is None
    assert state.ref.key == "42"


def test_create_rejection_of_other_fields_is_not_retried(rsps, gh):
    labels_list(rsps, ["pmsync", "postmortem", "priority: P1"])
    rsps.post(
        f"{API}/repos/{REPO}/issues",
        status=422,
        json={
            "message": "Validation Failed",
            "errors": [
                {
                    "resource": "Issue",
                    "code": "custom",
                    "field": "title",
                    "message": "title is too long (maximum is 256 characters)",
                }
            ],
            "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue",
            "status": "422",
        },
        headers=rate_headers(),
    )
    with pytest.raises(Rejected) as caught:
        gh.tracker.create(TARGET, SPEC)
    assert (
        caught.value.message == "Validation Failed: title is too long (maximum is 256 characters)"
    )
    assert caught.value.target == TARGET
    assert caught.value.status == 422


@pytest.mark.parametrize("status", [500, 502, 503])
def test_create_is_never_retried_on_5xx(rsps, gh, status):
    labels_list(rsps, ["pmsync", "postmortem", "priority: P1"])
    rsps.post(
        f"{API}/repos/{REPO}/issues",
        status=status,
        json={"message": "Server Error"},
        headers=rate_headers(),
    )
    with pytest.raises(WriteOutcomeUnknown, match="Server Error") as caught:
        gh.tracker.create(TARGET, SPEC)
    assert caught.value.status == status
    assert [c.request.method for c in rsps.calls] == ["GET", "POST"]
    assert gh.waits == []


@pytest.mark.parametrize(
    "error",
    [
        requests.exceptions.ConnectionError("Connection aborted.", "RemoteDisconnected"),
        requests.exceptions.ReadTimeout("Read timed out. (read timeout=15)"),
    ],
)
def test_connection_lost_on_the_create_post_is_an_unknown_outcome(rsps, gh, error):
    labels_list(rsps, ["pmsync", "postmortem", "priority: P1"])
    rsps.post(f"{API}/repos/{REPO}/issues", body=error)
    with pytest.raises(WriteOutcomeUnknown, match="may or may not have been created"):
        gh.tracker.create(TARGET, SPEC)
    assert len(rsps.calls) == 2


def test_a_create_that_never_connected_is_plainly_unavailable(rsps, gh):
    labels_list(rsps, ["pmsync", "postmortem", "priority: P1"])
    refused = urllib3.exceptions.NewConnectionError(
        None, "Failed to establish a new connection: [Errno 111] Connection refused"
    )
    error = requests.exceptions.ConnectionError(
        urllib3.exceptions.MaxRetryError(None, "/repos/acme/web/issues", reason=refused)
    )
    rsps.post(f"{API}/repos/{REPO}/issues", body=error)
    with pytest.raises(Unavailable) as caught:
        gh.tracker.create(TARGET, SPEC)
    assert not isinstance(caught.value, WriteOutcomeUnknown)


# ---- update ------------------------------------------------------------------------------


def test_update_priority_swaps_the_label_and_keeps_human_labels(rsps, gh):
    ref = TicketRef("github", TARGET, "42")
    labels_list(rsps, ["pmsync", "postmortem", "priority: P1", "priority: P2"])
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        json=issue(42, labels=("pmsync", "postmortem", "Priority: P2", "team-db", "needs-triage")),
        headers=rate_headers(),
    )
    rsps.patch(
        f"{API}/repos/{REPO}/issues/42",
        json=issue(42, labels=("pmsync", "postmortem", "team-db", "needs-triage", "priority: P1")),
        headers=rate_headers(),
        match=[
            matchers.json_params_matcher(
                {"labels": ["pmsync", "postmortem", "team-db", "needs-triage", "priority: P1"]},
                strict_match=True,
            )
        ],
    )
    state = gh.tracker.update(ref, SPEC, ["priority"])
    assert state.priority == "P1"
    assert set(state.labels) >= {"team-db", "needs-triage"}


def test_update_sends_only_the_changed_fields(rsps, gh):
    ref = TicketRef("github", TARGET, "42")
    spec = TicketSpec(**{**_fields(SPEC), "summary": "Alert on disk at 80%", "assignee": None})
    rsps.patch(
        f"{API}/repos/{REPO}/issues/42",
        json=issue(42, title="Alert on disk at 80%", assignees=()),
        headers=rate_headers(),
        match=[
            matchers.json_params_matcher(
                {"title": "Alert on disk at 80%", "body": BODY, "assignees": []}, strict_match=True
            )
        ],
    )
    state = gh.tracker.update(ref, spec, ["summary", "description", "assignee"])
    assert state.summary == "Alert on disk at 80%"
    assert state.assignee is None
    assert gh.tracker.counter.counts == {"PATCH /repos/{owner}/{repo}/issues/{number}": 1}


def test_a_due_only_change_writes_nothing_and_reads_the_ticket(rsps, gh):
    rsps.get(f"{API}/repos/{REPO}/issues/42", json=issue(42), headers=rate_headers())
    state = gh.tracker.update(TicketRef("github", TARGET, "42"), SPEC, ["due"])
    assert state.ref.key == "42"
    assert gh.tracker.counter.counts == {"GET /repos/{owner}/{repo}/issues/{number}": 1}


def test_patch_is_retried_after_a_secondary_limit_honouring_retry_after(rsps, gh):
    rsps.patch(
        f"{API}/repos/{REPO}/issues/42",
        status=403,
        json={
            "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 8B8A:2E1F:1C2D3E:1D2E3F:6744A1B2.",
            "documentation_url": "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
            "status": "403",
        },
        headers=rate_headers(**{"Retry-After": "7"}),
    )
    rsps.patch(f"{API}/repos/{REPO}/issues/42", json=issue(42), headers=rate_headers())
    gh.tracker.update(TicketRef("github", TARGET, "42"), SPEC, ["summary"])
    assert gh.waits == [7.0]
    assert gh.told[0][0].startswith("You have exceeded a secondary rate limit")


# ---- poll --------------------------------------------------------------------------------


def poll_params(**extra: object) -> dict:
    return {
        "labels": "pmsync",
        "state": "all",
        "per_page": 100,
        "sort": "updated",
        "direction": "desc",
        **extra,
    }


def test_poll_pages_filters_prs_then_costs_nothing_when_unchanged(rsps, gh):
    page2 = f"{BASE}/repositories/700123/issues?labels=pmsync&state=all&per_page=100&sort=updated&direction=desc&page=2"
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[
            issue(12, updated_at="2026-11-23T11:50:00Z"),
            issue(13, pull_request=True, updated_at="2026-11-23T11:40:00Z"),
            issue(
                11,
                updated_at="2026-11-23T11:30:00Z",
                state="closed",
                closed_by="bob",
                state_reason="completed",
            ),
        ],
        headers=rate_headers(
            ETag='W/"page1-a"', Link=f'<{page2}>; rel="next", <{page2}>; rel="last"'
        ),
        match=query(**poll_params()),
    )
    rsps.get(
        f"{API}/repositories/700123/issues",
        json=[issue(10, updated_at="2026-11-20T08:00:00Z")],
        headers=rate_headers(ETag='W/"page2"'),
        match=query(**poll_params(page=2)),
    )
    first = gh.tracker.poll(TARGET, None, NOW)
    assert [t.ref.key for t in first.tickets] == ["12", "11", "10"]
    closed = first.tickets[1]
    assert (closed.category, closed.resolution, closed.closed_by) == (
        Category.DONE,
        "completed",
        "bob",
    )
    assert first.requests == 2
    assert not first.unchanged
    since = (NOW - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert json.loads(first.cursor)["since"] == since

    # the overlap window brings #12 back: nothing new, so `since` stays and the etag is kept
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[issue(12, updated_at="2026-11-23T11:50:00Z")],
        headers=rate_headers(ETag='W/"window-1"'),
        match=query(**poll_params(since=since)),
    )
    second = gh.tracker.poll(TARGET, first.cursor, NOW + timedelta(minutes=5))
    assert json.loads(second.cursor)["since"] == since
    assert json.loads(second.cursor)["etag"] == 'W/"window-1"'

    # steady state: one conditional request, answered 304, costing no rate limit
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        status=304,
        body="",
        headers=rate_headers(ETag='W/"window-1"'),
        match=[
            *query(**poll_params(since=since)),
            matchers.header_matcher({"If-None-Match": 'W/"window-1"'}),
        ],
    )
    cost = gh.tracker.rate_limited_cost
    third = gh.tracker.poll(TARGET, second.cursor, NOW + timedelta(minutes=10))
    assert third.unchanged
    assert third.tickets == []
    assert third.cursor == second.cursor
    assert third.requests == 1
    assert gh.tracker.rate_limited_cost == cost
    assert gh.tracker.counter.counts["GET /repos/{owner}/{repo}/issues"] == 4

    # a change: the window moves up and the etag is dropped (it belonged to the old `since`)
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[issue(12, updated_at="2026-11-23T12:14:00Z", labels=("pmsync", "priority: P3"))],
        headers=rate_headers(ETag='W/"window-2"'),
        match=[
            *query(**poll_params(since=since)),
            matchers.header_matcher({"If-None-Match": 'W/"window-1"'}),
        ],
    )
    fourth = gh.tracker.poll(TARGET, third.cursor, NOW + timedelta(minutes=15))
    assert fourth.tickets[0].priority == "P3"
    assert json.loads(fourth.cursor) == {
        "since": "2026-11-23T12:10:00Z",
        "etag": None,
        "seen": "2026-11-23T12:14:00Z",
    }


def test_poll_of_an_empty_repo_settles_into_304s(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[],
        headers=rate_headers(ETag='W/"empty"'),
        match=query(**poll_params()),
    )
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        status=304,
        headers=rate_headers(),
        match=[*query(**poll_params()), matchers.header_matcher({"If-None-Match": 'W/"empty"'})],
    )
    first = gh.tracker.poll(TARGET, None, NOW)
    assert gh.tracker.poll(TARGET, first.cursor, NOW).unchanged


def test_poll_with_an_unreadable_cursor_lists_everything(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[issue(1)],
        headers=rate_headers(),
        match=query(**poll_params()),
    )
    assert len(gh.tracker.poll(TARGET, "{not json", NOW).tickets) == 1


# ---- get / fetch / list ------------------------------------------------------------------


def test_get_translates_the_issue(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        json=issue(
            42,
            labels=("pmsync", "priority: P2", "In-Progress"),
            milestone_title="Q4 reliability",
            blocked_by=1,
        ),
        headers=rate_headers(),
    )
    state = gh.tracker.get(TicketRef("github", TARGET, "42"))
    assert state.exists
    assert state.category is Category.IN_PROGRESS
    assert state.status == "open"
    assert state.priority == "P2"
    assert state.sprints == ("Q4 reliability",)
    assert state.blocked_by_open
    assert state.updated_at == datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    assert state.closed_at is None


def test_get_follows_a_transfer_and_names_the_new_home(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        status=301,
        json={
            "message": "Moved Permanently",
            "url": f"{BASE}/repositories/900/issues/7",
            "documentation_url": "https://docs.github.com/rest/issues/issues#get-an-issue",
        },
        headers=rate_headers(Location=f"{BASE}/repositories/900/issues/7"),
    )
    rsps.get(
        f"{API}/repositories/900/issues/7",
        json=issue(7, repo="acme/platform"),
        headers=rate_headers(),
    )
    state = gh.tracker.get(TicketRef("github", TARGET, "42"))
    assert state.exists
    assert state.ref == TicketRef(
        "github", "github:acme/platform", "7", "https://github.com/acme/platform/issues/7"
    )
    assert gh.tracker.requests == 2
    assert gh.tracker.rate_limited_cost == 2


@pytest.mark.parametrize(
    "status,message",
    [(404, "Not Found"), (410, "This issue was deleted")],
)
def test_get_of_a_vanished_issue_says_it_does_not_exist(rsps, gh, status, message):
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        status=status,
        json={
            "message": message,
            "documentation_url": "https://docs.github.com/rest/issues/issues#get-an-issue",
            "status": str(status),
        },
        headers=rate_headers(),
    )
    ref = TicketRef("github", TARGET, "42")
    state = gh.tracker.get(ref)
    assert state.exists is False
    assert state.ref == ref


def test_get_with_history_reads_events_and_comments(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        json=issue(42, state="closed", closed_by="alice", state_reason="not_planned"),
        headers=rate_headers(),
    )

    def event(kind, at, **extra):
        return {
            "id": hash(at) % 10**6,
            "node_id": "E",
            "url": f"{BASE}/repos/{REPO}/issues/events/1",
            "actor": user("bob"),
            "event": kind,
            "commit_id": None,
            "commit_url": None,
            "created_at": at,
            "performed_via_github_app": None,
            **extra,
        }

    rsps.get(
        f"{API}/repos/{REPO}/issues/42/events",
        json=[
            event(
                "labeled", "2026-11-20T10:00:00Z", label={"name": "priority: P1", "color": "d93f0b"}
            ),
            event(
                "unlabeled",
                "2026-11-21T10:00:00Z",
                label={"name": "priority: P1", "color": "d93f0b"},
            ),
            event("labeled", "2026-11-21T10:00:01Z", label={"name": "backlog", "color": "ededed"}),
            event("demilestoned", "2026-11-21T11:00:00Z", milestone={"title": "Q4 reliability"}),
            event("subscribed", "2026-11-21T12:00:00Z"),
            event("closed", "2026-11-22T10:00:00Z", state_reason="not_planned"),
        ],
        headers=rate_headers(),
        match=query(per_page=100),
    )
    rsps.get(
        f"{API}/repos/{REPO}/issues/42/comments",
        json=[
            {
                "id": 1,
                "user": user("carol"),
                "body": "Verified: alert fired in game day",
                "created_at": "2026-11-22T11:00:00Z",
            }
        ],
        headers=rate_headers(),
        match=query(per_page=100),
    )
    state = gh.tracker.get(TicketRef("github", TARGET, "42"), history=True)
    assert state.resolution == "not_planned"
    assert state.closed_by == "alice"
    assert [(c.field, c.from_value, c.to_value) for c in state.history] == [
        ("resolution", None, "not_planned"),
        ("state", "open", "closed"),
        ("milestone", "Q4 reliability", None),
        ("labels", None, "backlog"),
        ("priority", "P1", None),
        ("priority", None, "P1"),
    ]
    assert state.history[0].actor == "bob"
    assert state.comments == (("carol", "Verified: alert fired in game day"),)


def test_fetch_lists_once_and_asks_only_for_the_missing(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[issue(1), issue(2, pull_request=True), issue(3)],
        headers=rate_headers(),
        match=query(labels="pmsync", state="all", per_page=100),
    )
    rsps.get(
        f"{API}/repos/{REPO}/issues/4",
        status=410,
        json={
            "message": "This issue was deleted",
            "documentation_url": "https://docs.github.com/rest/issues/issues#get-an-issue",
            "status": "410",
        },
        headers=rate_headers(),
    )
    rsps.get(
        f"{API}/repos/{REPO}/issues/5",
        status=301,
        headers=rate_headers(Location=f"{BASE}/repositories/900/issues/9"),
    )
    rsps.get(
        f"{API}/repositories/900/issues/9",
        json=issue(9, repo="acme/platform"),
        headers=rate_headers(),
    )
    refs = [TicketRef("github", TARGET, key) for key in ("3", "4", "1", "5")]
    states = gh.tracker.fetch(refs)
    assert [(s.ref.target, s.ref.key, s.exists) for s in states] == [
        (TARGET, "3", True),
        (TARGET, "4", False),
        (TARGET, "1", True),
        ("github:acme/platform", "9", True),
    ]


def test_fetch_of_a_vanished_repository(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        status=404,
        json={
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest/issues/issues#list-repository-issues",
            "status": "404",
        },
        headers=rate_headers(),
    )
    states = gh.tracker.fetch([TicketRef("github", TARGET, "1"), TicketRef("github", TARGET, "2")])
    assert [s.exists for s in states] == [False, False]


def test_list_managed_reads_the_marker(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[issue(1), issue(2, body="Written by hand, no marker"), issue(3, pull_request=True)],
        headers=rate_headers(),
        match=query(labels="pmsync", state="all", per_page=100),
    )
    states = gh.tracker.list_managed(TARGET)
    assert [(s.ref.key, s.item_key, s.marker) for s in states] == [
        ("1", SPEC.item_key, item_hash(SPEC.item_key)),
        ("2", None, None),
    ]


def test_find_by_marker_searches_the_newest_issues(rsps, gh):
    newest = {
        "labels": "pmsync",
        "state": "all",
        "sort": "created",
        "direction": "desc",
        "per_page": 100,
    }
    page2 = f"{BASE}/repositories/700123/issues?labels=pmsync&state=all&sort=created&direction=desc&per_page=100&page=2"
    other = f"{SPEC.description}\n\n<!-- pmsync:item=INC-7/other -->"
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[issue(9, body=other), issue(8, pull_request=True)],
        headers=rate_headers(Link=f'<{page2}>; rel="next"'),
        match=query(**newest),
    )
    rsps.get(
        f"{API}/repositories/700123/issues",
        json=[issue(7), issue(6, body=other)],
        headers=rate_headers(),
        match=query(**newest, page=2),
    )
    found = gh.tracker.find_by_marker(TARGET, SPEC.item_key)
    assert found is not None and found.ref.key == "7"


def test_find_by_marker_gives_up_after_the_recent_pages(rsps, gh):
    for page in range(1, 4):
        nxt = f"{BASE}/repositories/700123/issues?labels=pmsync&page={page + 1}"
        rsps.get(
            f"{API}/repos/{REPO}/issues" if page == 1 else f"{API}/repositories/700123/issues",
            json=[issue(100 - page, body="no marker")],
            headers=rate_headers(Link=f'<{nxt}>; rel="next"'),
        )
    # not found by label: the token's push access is read once, in case GitHub dropped the labels
    rsps.get(
        f"{API}/repos/{REPO}",
        json={"full_name": REPO, "permissions": {"admin": False, "push": True, "pull": True}},
        headers=rate_headers(),
    )
    assert gh.tracker.find_by_marker(TARGET, SPEC.item_key) is None
    assert len(rsps.calls) == 4


# ---- errors ------------------------------------------------------------------------------

DOCS = "https://docs.github.com/rest"


@pytest.mark.parametrize(
    "status,payload,headers,expected,message",
    [
        (
            401,
            {"message": "Bad credentials", "documentation_url": DOCS, "status": "401"},
            {},
            AuthError,
            "Bad credentials",
        ),
        (
            403,
            {
                "message": "API rate limit exceeded for user ID 4242.",
                "documentation_url": DOCS,
                "status": "403",
            },
            {"X-RateLimit-Remaining": "0"},
            RateLimited,
            "API rate limit exceeded for user ID 4242.",
        ),
        (
            429,
            {
                "message": "API rate limit exceeded for user ID 4242.",
                "documentation_url": DOCS,
                "status": "429",
            },
            {"X-RateLimit-Remaining": "0"},
            RateLimited,
            "API rate limit exceeded",
        ),
        (
            403,
            {
                "message": "Resource not accessible by personal access token",
                "documentation_url": DOCS,
                "status": "403",
            },
            {},
            PermissionDenied,
            "Resource not accessible by personal access token",
        ),
        (
            403,
            {"message": "Must have admin rights to Repository.", "documentation_url": DOCS},
            {},
            PermissionDenied,
            "Must have admin rights to Repository.",
        ),
        (
            404,
            {"message": "Not Found", "documentation_url": DOCS, "status": "404"},
            {},
            NotFound,
            "Not Found",
        ),
        (
            422,
            {
                "message": "Validation Failed",
                "errors": [
                    {"value": "bogus", "resource": "Issue", "field": "assignees", "code": "invalid"}
                ],
                "documentation_url": DOCS,
                "status": "422",
            },
            {},
            Rejected,
            "Validation Failed: Issue assignees invalid bogus",
        ),
    ],
)
def test_error_mapping_keeps_githubs_words(rsps, status, payload, headers, expected, message):
    gh = Harness(max_retries=1)
    rsps.patch(
        f"{API}/repos/{REPO}/issues/42",
        status=status,
        json=payload,
        headers=rate_headers(**{**{"X-RateLimit-Remaining": "4000"}, **headers}),
    )
    with pytest.raises(expected) as caught:
        gh.tracker.update(TicketRef("github", TARGET, "42"), SPEC, ["summary"])
    assert type(caught.value) is expected
    assert message in caught.value.message
    assert caught.value.target == TARGET
    assert caught.value.status == status
    assert TARGET in str(caught.value)


def test_primary_limit_waits_for_the_reset_from_the_headers(rsps):
    gh = Harness(max_retries=2, max_wait_seconds=3600)
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        status=403,
        json={"message": "API rate limit exceeded for user ID 4242.", "documentation_url": DOCS},
        headers=rate_headers(remaining=0, reset=int(NOW_TS) + 600),
    )
    rsps.get(f"{API}/repos/{REPO}/issues/42", json=issue(42), headers=rate_headers())
    assert gh.tracker.get(TicketRef("github", TARGET, "42")).exists
    assert gh.waits == [600.0]


def test_a_rate_limit_beyond_the_cap_is_raised_without_waiting(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        status=429,
        json={"message": "API rate limit exceeded for user ID 4242.", "documentation_url": DOCS},
        headers=rate_headers(remaining=0, reset=int(NOW_TS) + 3000),
    )
    with pytest.raises(RateLimited) as caught:
        gh.tracker.get(TicketRef("github", TARGET, "42"))
    assert caught.value.retry_after == pytest.approx(3000.0)
    assert gh.waits == []
    assert len(rsps.calls) == 1


def test_secondary_limit_without_retry_after_waits_a_minute(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        status=403,
        json={
            "message": "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.",
            "documentation_url": DOCS,
        },
        headers=rate_headers(),
    )
    rsps.get(f"{API}/repos/{REPO}/issues/42", json=issue(42), headers=rate_headers())
    gh.tracker.get(TicketRef("github", TARGET, "42"))
    assert gh.waits == [60.0]


def test_retry_after_as_an_http_date(rsps, gh):
    moment = datetime.fromtimestamp(NOW_TS + 30, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        status=429,
        json={"message": "You have exceeded a secondary rate limit.", "documentation_url": DOCS},
        headers=rate_headers(**{"Retry-After": moment}),
    )
    rsps.get(f"{API}/repos/{REPO}/issues/42", json=issue(42), headers=rate_headers())
    gh.tracker.get(TicketRef("github", TARGET, "42"))
    assert gh.waits == [pytest.approx(30.0)]


def test_a_nearly_empty_primary_budget_waits_for_the_reset_before_the_next_request(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues/1",
        json=issue(1),
        headers=rate_headers(remaining=3, reset=int(NOW_TS) + 45),
    )
    rsps.get(
        f"{API}/repos/{REPO}/issues/2",
        json=issue(2),
        headers=rate_headers(remaining=4999, reset=int(NOW_TS) + 3645),
    )
    gh.tracker.get(TicketRef("github", TARGET, "1"))
    gh.tracker.get(TicketRef("github", TARGET, "2"))
    assert gh.waits == [45.0]
    assert gh.told[0][0].startswith("primary rate limit nearly used up")


def test_a_nearly_empty_budget_with_a_distant_reset_raises_without_a_request(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues/1",
        json=issue(1),
        headers=rate_headers(remaining=2, reset=int(NOW_TS) + 2000),
    )
    gh.tracker.get(TicketRef("github", TARGET, "1"))
    with pytest.raises(RateLimited, match="nearly used up"):
        gh.tracker.get(TicketRef("github", TARGET, "2"))
    assert len(rsps.calls) == 1


def test_server_errors_on_reads_are_retried_then_reported(rsps, gh):
    for _ in range(3):
        rsps.get(
            f"{API}/repos/{REPO}/issues/42",
            status=502,
            body="<html><body>Bad Gateway</body></html>",
        )
    with pytest.raises(Unavailable, match="Bad Gateway") as caught:
        gh.tracker.get(TicketRef("github", TARGET, "42"))
    assert not isinstance(caught.value, WriteOutcomeUnknown)
    # full jitter: each wait drawn below its doubling bound
    assert len(gh.waits) == 2 and 0 <= gh.waits[0] <= 1.0 and 0 <= gh.waits[1] <= 2.0


@pytest.mark.parametrize(
    "error",
    [
        requests.exceptions.ConnectionError("Connection reset by peer"),
        requests.exceptions.ReadTimeout("Read timed out. (read timeout=15)"),
        requests.exceptions.RetryError("Max retries exceeded (too many 502 error responses)"),
    ],
)
def test_transport_failures_are_unavailable(rsps, error):
    gh = Harness(max_retries=1)
    rsps.get(f"{API}/repos/{REPO}/issues/42", body=error)
    with pytest.raises(Unavailable) as caught:
        gh.tracker.get(TicketRef("github", TARGET, "42"))
    assert type(caught.value) is Unavailable
    assert caught.value.target == TARGET


def test_a_bad_target_is_rejected_naming_it(gh):
    with pytest.raises(Rejected, match="jira:OPS"):
        gh.tracker.create("jira:OPS", SPEC)
    with pytest.raises(TrackerError, match="malformed target"):
        gh.tracker.list_managed("github:nope")


# ---- refs and checks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,expected",
    [
        ("#12", ("github:acme/web", "12", "https://github.com/acme/web/issues/12")),
        (" acme/api#7 ", ("github:acme/api", "7", "https://github.com/acme/api/issues/7")),
        (
            "https://github.com/acme/web/issues/31",
            ("github:acme/web", "31", "https://github.com/acme/web/issues/31"),
        ),
        (
            "https://github.com/other/repo/issues/5#issuecomment-1",
            ("github:other/repo", "5", "https://github.com/other/repo/issues/5"),
        ),
        ("https://github.com/acme/web/pull/31", None),
        ("https://gitlab.com/acme/web/issues/31", None),
        ("OPS-12", None),
        ("12", None),
    ],
)
def test_resolve_ref(gh, written, expected):
    ref = gh.tracker.resolve_ref(TARGET, written)
    assert (None if ref is None else (ref.target, ref.key, ref.url)) == expected


@pytest.mark.parametrize(
    "written,expected",
    [
        ("github.com/acme/web/issues/31", ("github:acme/web", "31", "https://github.com/acme/web/issues/31")),
        ("github.com/other/repo/issues/5#issuecomment-1", ("github:other/repo", "5", "https://github.com/other/repo/issues/5")),
        ("gitlab.com/acme/web/-/issues/31", None),
    ],
)
def test_an_item_that_writes_the_address_without_its_scheme_adopts_the_issue(gh, written, expected):
    ref = extract_fields(f"Add the disk alert, see {written}").ref
    resolved = gh.tracker.resolve_ref(TARGET, ref or "")
    assert (None if resolved is None else (resolved.target, resolved.key, resolved.url)) == expected


def test_resolve_ref_on_enterprise_server():
    tracker = Harness(url="https://ghe.example.com/api/v3").tracker
    ref = tracker.resolve_ref(TARGET, "https://ghe.example.com/sre/db/issues/4")
    assert ref == TicketRef(
        "github", "github:sre/db", "4", "https://ghe.example.com/sre/db/issues/4"
    )
    assert tracker.resolve_ref(TARGET, "https://github.com/sre/db/issues/4") is None


def test_enterprise_server_paths_carry_the_api_prefix(rsps):
    tracker = Harness(url="https://ghe.example.com/api/v3").tracker
    rsps.get(
        "https://ghe.example.com:443/api/v3/repos/acme/web/issues/42",
        json={**issue(42), "repository_url": "https://ghe.example.com/api/v3/repos/acme/web"},
        headers=rate_headers(),
    )
    assert tracker.get(TicketRef("github", TARGET, "42")).ref.target == TARGET


def test_check_reports_every_problem(rsps, gh):
    rsps.get(f"{API}/user", json=user("pmsync-bot"), headers=rate_headers())
    rsps.get(
        f"{API}/repos/acme/web",
        json={
            "full_name": "acme/web",
            "has_issues": True,
            "permissions": {"admin": False, "push": True, "pull": True},
        },
        headers=rate_headers(),
    )
    rsps.get(
        f"{API}/repos/acme/docs",
        json={
            "full_name": "acme/docs",
            "has_issues": False,
            "permissions": {"admin": False, "push": False, "pull": True},
        },
        headers=rate_headers(),
    )
    rsps.get(
        f"{API}/repos/acme/gone",
        status=404,
        json={"message": "Not Found", "documentation_url": DOCS, "status": "404"},
        headers=rate_headers(),
    )
    rsps.get(f"{API}/users/alice", json=user("alice"), headers=rate_headers())
    rsps.get(
        f"{API}/users/ghost-person",
        status=404,
        json={"message": "Not Found", "documentation_url": DOCS, "status": "404"},
        headers=rate_headers(),
    )
    problems = gh.tracker.check(
        ["github:acme/web", "github:acme/docs", "github:acme/gone"],
        ["alice", "ghost-person", "alice"],
    )
    assert [(p.target, p.message.split(", so")[0]) for p in problems] == [
        ("github:acme/docs", "the token has no push access"),
        ("github:acme/docs", "issues are disabled in this repository"),
        ("github:acme/gone", "repository not found, or not visible to the token"),
        ("github", "GitHub user 'ghost-person' does not exist"),
    ]


def test_check_stops_at_a_rejected_token(rsps, gh):
    rsps.get(
        f"{API}/user",
        status=401,
        json={"message": "Bad credentials", "documentation_url": DOCS, "status": "401"},
        headers=rate_headers(),
    )
    problems = gh.tracker.check([TARGET], ["alice"])
    assert len(problems) == 1
    assert "Bad credentials" in problems[0].message


def test_check_without_a_token_makes_no_request():
    tracker = Harness(token=None).tracker
    assert [p.message for p in tracker.check([TARGET], [])] == [
        "no GitHub token configured (PMSYNC_GITHUB__TOKEN or credential github_token)"
    ]


# ---- adopt -------------------------------------------------------------------------------


def test_adopt_adds_only_pmsyncs_labels(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        json=issue(
            42, labels=("bug", "priority: P2"), body="Written by a person", assignees=("bob",)
        ),
        headers=rate_headers(),
    )
    labels_list(rsps, ["bug", "pmsync", "postmortem"])
    rsps.post(
        f"{API}/repos/{REPO}/issues/42/labels",
        json=[label(n) for n in ("bug", "priority: P2", "pmsync", "postmortem")],
        headers=rate_headers(),
        match=[
            matchers.json_params_matcher({"labels": ["pmsync", "postmortem"]}, strict_match=True)
        ],
    )
    state = gh.tracker.adopt(TicketRef("github", TARGET, "42"), SPEC)
    assert state.labels == ("bug", "priority: P2", "pmsync", "postmortem")
    assert (state.priority, state.assignee, state.summary) == ("P2", "bob", SPEC.summary)


def test_adopting_a_managed_issue_writes_nothing(rsps, gh):
    rsps.get(f"{API}/repos/{REPO}/issues/42", json=issue(42), headers=rate_headers())
    assert gh.tracker.adopt(TicketRef("github", TARGET, "42"), SPEC).item_key == SPEC.item_key


def test_adopting_a_deleted_issue(rsps, gh):
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        status=410,
        json={"message": "This issue was deleted", "documentation_url": DOCS, "status": "410"},
        headers=rate_headers(),
    )
    assert gh.tracker.adopt(TicketRef("github", TARGET, "42"), SPEC).exists is False
