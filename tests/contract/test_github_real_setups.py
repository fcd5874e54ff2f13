"""GitHubTracker against what real GitHub answers set-ups beyond the happy path.

- A renamed repository: reads answer 301 and writes 307 to `/repositories/{id}`, with the
  status, Location and body recorded by @octokit/fixtures (data/github_rename_redirects.json).
  PyGithub follows the 301 but drops the query string; it does not follow the 307.
- A token without push access: GitHub creates the issue but silently drops labels and
  assignees (OpenAPI `issues/create`), and refuses to create labels (403).
- A refused connection.
Strict, ordered mocks as in test_github_adapter: every request is pinned.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from responses import matchers
from urllib3.exceptions import MaxRetryError, NewConnectionError

from adapters.trackers.base import (
    AuthError,
    Rejected,
    Unavailable,
    Unreachable,
    WriteOutcomeUnknown,
)
from syncer.model import TicketRef
from tests.contract.test_github_adapter import (
    API,
    BASE,
    CREATE,
    DOCS,
    NOW,
    REPO,
    SPEC,
    TARGET,
    Harness,
    issue,
    labels_list,
    query,
    rate_headers,
    rsps,
    user,
)

__all__ = ["rsps"]  # the fixture, shared with test_github_adapter

RECORDED = json.loads((Path(__file__).parent / "data" / "github_rename_redirects.json").read_text())
NEW = "acme/web-app"  # the repository's name after the rename
REPO_ID = 700123


def redirect(method: str, tail: str = "") -> tuple[int, dict[str, str], dict]:
    """The recorded redirect answer for `method`, pointing at this test's repository id."""
    record = next(r for r in RECORDED["records"] if r["method"] == method)
    location = f"{BASE}/repositories/{REPO_ID}{tail}"
    body = {**record["body"], "url": location}
    headers = {**record["headers"], "Location": location}
    return record["status"], headers, body


@pytest.fixture
def gh() -> Harness:
    return Harness()


# -- renamed repositories -----------------------------------------------------------------------


def test_a_create_answered_307_is_repeated_at_the_new_location(rsps, gh):
    labels_list(rsps, ["pmsync", "postmortem", "priority: P1"])
    status, headers, body = redirect("PATCH", "/issues")
    assert status == 307
    rsps.post(
        f"{API}/repos/{REPO}/issues",
        status=status,
        json=body,
        headers={**headers, **rate_headers()},
    )
    rsps.post(
        f"{API}/repositories/{REPO_ID}/issues",
        status=201,
        json=issue(42, repo=NEW),
        headers=rate_headers(),
        match=[matchers.json_params_matcher(CREATE, strict_match=True)],
    )
    # from now on the repository is asked for under its new name
    rsps.get(f"{API}/repos/{NEW}/issues/42", json=issue(42, repo=NEW), headers=rate_headers())

    state = gh.tracker.create(TARGET, SPEC)

    assert state.ref.target == f"github:{NEW}" and state.ref.key == "42"
    assert gh.tracker.get(state.ref).exists
    assert gh.tracker.counter.counts["POST /repos/{owner}/{repo}/issues"] == 2


def test_an_update_answered_307_is_repeated_not_taken_for_success(rsps, gh):
    status, headers, body = redirect("PATCH", "/issues/42")
    rsps.patch(
        f"{API}/repos/{REPO}/issues/42",
        status=status,
        json=body,
        headers={**headers, **rate_headers()},
    )
    rsps.patch(
        f"{API}/repositories/{REPO_ID}/issues/42",
        json=issue(42, repo=NEW, title="New title"),
        headers=rate_headers(),
        match=[matchers.json_params_matcher({"title": "New title"}, strict_match=True)],
    )
    state = gh.tracker.update(issue_ref(), replace(SPEC, summary="New title"), ["summary"])

    assert state.summary == "New title" and state.ref.target == f"github:{NEW}"


def issue_ref():
    return TicketRef("github", TARGET, "42", f"https://github.com/{REPO}/issues/42")


def test_a_poll_redirected_without_its_query_asks_again_under_the_new_name(rsps, gh):
    # PyGithub followed the 301 and re-requested the path only: every open issue came back
    stray = issue(7, repo=NEW, labels=("bug",), body="someone else's issue")
    ours = issue(42, repo=NEW)
    rsps.get(f"{API}/repos/{REPO}/issues", json=[stray, ours], headers=rate_headers())
    rsps.get(
        f"{API}/repos/{NEW}/issues",
        json=[ours],
        headers=rate_headers(etag='W/"abc"'),
        match=query(labels="pmsync", state="all", per_page=100, sort="updated", direction="desc"),
    )

    result = gh.tracker.poll(TARGET, None, NOW)

    assert [t.ref.key for t in result.tickets] == ["42"]
    assert all(t.ref.target == f"github:{NEW}" for t in result.tickets)
    assert json.loads(result.cursor)["repo"] == NEW  # kept across restarts
    assert result.requests == 2


def test_a_cursor_remembers_the_new_name(rsps, gh):
    cursor = json.dumps({"since": None, "etag": None, "seen": None, "repo": NEW})
    rsps.get(f"{API}/repos/{NEW}/issues", json=[], headers=rate_headers())
    assert gh.tracker.poll(TARGET, cursor, NOW).tickets == []


def test_check_names_the_real_repository(rsps, gh):
    rsps.get(f"{API}/user", json=user("pmsync-bot"), headers=rate_headers())
    # the 301 is followed by PyGithub; the repository answers with its current name
    rsps.get(
        f"{API}/repos/{REPO}",
        json={"full_name": NEW, "has_issues": True, "permissions": {"push": True, "pull": True}},
        headers=rate_headers(),
    )

    problems = gh.tracker.check([TARGET], [])

    assert [(p.target, p.severity) for p in problems] == [(TARGET, "warning")]
    assert f"now {NEW}" in problems[0].message and "pmsync follows it" in problems[0].message


# -- tokens without push access ----------------------------------------------------------------


def forbidden_label_creation(rsps):
    rsps.post(
        f"{API}/repos/{REPO}/labels",
        status=403,
        json={
            "message": "Resource not accessible by personal access token",
            "documentation_url": DOCS,
            "status": "403",
        },
        headers=rate_headers(),
    )


def by_creator(rsps, *, sort: str) -> None:
    """The token's login, then its issues listed by creator (what a push-less repo needs)."""
    rsps.get(f"{API}/user", json=user("pmsync-bot"), headers=rate_headers())
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[issue(42, labels=(), assignees=())],
        headers=rate_headers(),
        match=query(creator="pmsync-bot", state="all", sort=sort, direction="desc", per_page=100),
    )


def test_a_create_whose_labels_github_dropped_is_found_by_creator(rsps, gh):
    labels_list(rsps, ["bug"])
    forbidden_label_creation(rsps)
    # GitHub creates it, silently without labels and assignees
    rsps.post(
        f"{API}/repos/{REPO}/issues",
        status=201,
        json=issue(42, labels=(), assignees=()),
        headers=rate_headers(),
    )
    by_creator(rsps, sort="updated")

    state = gh.tracker.create(TARGET, SPEC)
    polled = gh.tracker.poll(TARGET, None, NOW)

    assert state.marker is not None and state.labels == ()
    assert dict(state.dropped).keys() == {"labels", "assignees"}
    assert [t.ref.key for t in polled.tickets] == ["42"]
    assert json.loads(polled.cursor)["pushless"] is True


def test_recovery_after_a_restart_finds_an_unlabelled_create(rsps, gh):
    # a fresh process: nothing known yet about the repository
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[],
        headers=rate_headers(),
        match=query(labels="pmsync", state="all", sort="created", direction="desc", per_page=100),
    )
    rsps.get(
        f"{API}/repos/{REPO}",
        json={
            "full_name": REPO,
            "has_issues": True,
            "permissions": {"admin": False, "push": False, "pull": True},
        },
        headers=rate_headers(),
    )
    by_creator(rsps, sort="created")

    found = gh.tracker.find_by_marker(TARGET, SPEC.item_key)

    assert found is not None and found.ref.key == "42"


def test_labels_are_not_created_again_once_the_token_is_known_pushless(rsps, gh):
    labels_list(rsps, [])
    forbidden_label_creation(rsps)
    for number in (42, 43):
        rsps.post(
            f"{API}/repos/{REPO}/issues",
            status=201,
            json=issue(number, labels=(), assignees=()),
            headers=rate_headers(),
        )

    gh.tracker.create(TARGET, SPEC)
    gh.tracker.create(TARGET, SPEC)

    assert gh.tracker.counter.counts["POST /repos/{owner}/{repo}/labels"] == 1


# -- outages -------------------------------------------------------------------------------------


def test_a_refused_connection_is_unreachable_at_once(rsps, gh):
    reason = NewConnectionError(
        None, "Failed to establish a new connection: [Errno 111] Connection refused"
    )
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        body=requests.ConnectionError(MaxRetryError(None, "/", reason)),
    )

    with pytest.raises(Unreachable) as caught:
        gh.tracker.get(issue_ref())

    assert caught.value.down and caught.value.message == "GitHub unreachable (connection refused)"
    assert gh.waits == []


def test_check_says_unreachable_not_that_the_token_fails(rsps, gh):
    reason = NewConnectionError(
        None, "Failed to establish a new connection: [Errno 111] Connection refused"
    )
    rsps.get(f"{API}/user", body=requests.ConnectionError(MaxRetryError(None, "/user", reason)))

    problems = gh.tracker.check([TARGET], [])

    assert len(problems) == 1 and "unreachable" in problems[0].message
    assert "token" not in problems[0].message


# -- issue fields configured per repository -------------------------------------------------------


def test_a_create_carries_the_repositorys_labels_and_milestone(rsps):
    gh = Harness(repos={REPO: {"labels": ["incident", "{team}"], "milestone": "Reliability"}})
    labels_list(rsps, ["pmsync", "postmortem", "priority: P1"])
    rsps.get(
        f"{API}/repos/{REPO}/milestones",
        json=[
            {"number": 3, "title": "Reliability", "state": "open"},
            {"number": 4, "title": "Other", "state": "open"},
        ],
        headers=rate_headers(),
        match=query(state="open", per_page=100),
    )
    sent = {**CREATE, "labels": [*CREATE["labels"], "incident", "web"], "milestone": 3}
    rsps.post(
        f"{API}/repos/{REPO}/issues",
        status=201,
        json=issue(42),
        headers=rate_headers(),
        match=[matchers.json_params_matcher(sent, strict_match=True)],
    )

    state = gh.tracker.create(TARGET, replace(SPEC, team="web"))

    assert state.ref.key == "42" and state.dropped == ()


def test_a_missing_milestone_is_reported_by_check(rsps):
    gh = Harness(repos={REPO: {"milestone": "Reliability"}})
    rsps.get(f"{API}/user", json=user("pmsync-bot"), headers=rate_headers())
    rsps.get(
        f"{API}/repos/{REPO}",
        json={"full_name": REPO, "has_issues": True, "permissions": {"push": True, "pull": True}},
        headers=rate_headers(),
    )
    rsps.get(f"{API}/repos/{REPO}/milestones", json=[], headers=rate_headers())

    problems = gh.tracker.check([TARGET], [])

    assert [(p.severity, p.message.split(":")[0]) for p in problems] == [
        ("warning", f"github.repos.{REPO}.milestone")
    ]


# -- GitHub App installation tokens --------------------------------------------------------------


def app_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def access_token(rsps, token: str, expires_in: timedelta) -> None:
    """POST /app/installations/{id}/access_tokens, as GitHub documents its 201."""
    expires = (datetime.now(UTC) + expires_in).strftime("%Y-%m-%dT%H:%M:%SZ")
    rsps.post(
        f"{API}/app/installations/77/access_tokens",
        status=201,
        json={
            "token": token,
            "expires_at": expires,
            "permissions": {"issues": "write"},
            "repository_selection": "selected",
        },
        headers=rate_headers(),
        match=[
            lambda request: (request.headers.get("Authorization", "").startswith("Bearer "), "JWT")
        ],
    )


def test_an_app_installation_token_is_fetched_and_renewed_before_it_expires(rsps):
    gh = Harness(token=None, app_id=12345, installation_id=77, app_private_key=app_key())

    def read_with(token: str) -> None:
        rsps.get(
            f"{API}/repos/{REPO}/issues/42",
            json=issue(42),
            headers=rate_headers(),
            match=[matchers.header_matcher({"Authorization": f"token {token}"})],
        )

    access_token(rsps, "ghs_first", timedelta(seconds=10))  # within PyGithub's 20 s margin
    read_with("ghs_first")
    access_token(rsps, "ghs_second", timedelta(hours=1))  # so the next request renews it first
    read_with("ghs_second")
    read_with("ghs_second")  # a fresh token is reused, not fetched again

    for _ in range(3):
        assert gh.tracker.get(issue_ref()).exists


def test_a_refused_app_installation_is_an_auth_error(rsps):
    gh = Harness(token=None, app_id=12345, installation_id=77, app_private_key=app_key())
    rsps.post(
        f"{API}/app/installations/77/access_tokens",
        status=401,
        json={
            "message": "A JSON web token could not be decoded",
            "documentation_url": DOCS,
            "status": "401",
        },
        headers=rate_headers(),
    )

    with pytest.raises(AuthError, match="could not be decoded"):
        gh.tracker.get(issue_ref())


def test_a_redirect_without_a_location_is_no_success(rsps, gh):
    labels_list(rsps, ["pmsync", "postmortem", "priority: P1"])
    status, _, body = redirect("PATCH")
    rsps.post(f"{API}/repos/{REPO}/issues", status=status, json=body, headers=rate_headers())

    with pytest.raises(Unavailable, match="307") as caught:
        gh.tracker.create(TARGET, SPEC)
    assert not isinstance(caught.value, WriteOutcomeUnknown)  # a 307 means nothing was done


def test_a_read_redirected_to_another_host_is_an_error_not_a_crash(rsps, gh):
    status, headers, body = redirect("GET", "/issues/42")
    moved = "https://elsewhere.example/repositories/700123/issues/42"
    rsps.get(
        f"{API}/repos/{REPO}/issues/42",
        status=status,
        json={**body, "url": moved},
        headers={**headers, "Location": moved, **rate_headers()},
    )

    with pytest.raises(Rejected, match="redirected away"):
        gh.tracker.get(issue_ref())


def test_recovery_in_a_renamed_repository_looks_under_the_new_name(rsps, gh):
    # the 301 was followed without the query: someone else's open issue came back
    rsps.get(
        f"{API}/repos/{REPO}/issues",
        json=[issue(7, repo=NEW, labels=("bug",), body="not ours")],
        headers=rate_headers(),
    )
    rsps.get(
        f"{API}/repos/{NEW}/issues",
        json=[issue(42, repo=NEW)],
        headers=rate_headers(),
        match=query(labels="pmsync", state="all", sort="created", direction="desc", per_page=100),
    )

    found = gh.tracker.find_by_marker(TARGET, SPEC.item_key)

    assert found is not None and found.ref.target == f"github:{NEW}" and found.ref.key == "42"
