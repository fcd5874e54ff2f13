"""The fake GitHub answers the real PyGithub client as api.github.com does."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import requests
from github import Auth, Github
from github.GithubException import (
    BadCredentialsException,
    GithubException,
    RateLimitExceededException,
    UnknownObjectException,
)

from tests.fakes.github_server import START, FakeGitHub

REPO = "acme/web"


def client(url: str, token: str = "ghs_test") -> Github:
    return Github(
        base_url=url,
        auth=Auth.Token(token),
        retry=None,
        seconds_between_requests=None,
        seconds_between_writes=None,
        per_page=100,
    )


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as gh:
        gh.add_repo(REPO)
        gh.grant("alice", REPO)
        gh.add_user("mallory")
        yield gh


@pytest.fixture
def gh(fake: FakeGitHub) -> Github:
    return client(fake.url)


def poll(g: Github, etag: str | None = None) -> tuple[int, dict, str]:
    params = {"labels": "pmsync", "state": "all", "per_page": 100}
    headers = {"If-None-Match": etag} if etag else None
    return g.requester.requestJson(
        "GET", f"/repos/{REPO}/issues", parameters=params, headers=headers
    )


# ------------------------------------------------------------------ issues


def test_create_returns_the_full_modern_issue(fake: FakeGitHub, gh: Github) -> None:
    repo = gh.get_repo(REPO)
    issue = repo.create_issue(
        "Rotate keys", body="why", labels=["pmsync", "priority: P1"], assignees=["alice"]
    )

    assert issue.number == 1
    raw = issue.raw_data
    assert raw["state"] == "open" and raw["state_reason"] is None and raw["closed_by"] is None
    assert raw["url"] == f"{fake.url}/repos/{REPO}/issues/1"
    assert [lab["name"] for lab in raw["labels"]] == ["pmsync", "priority: P1"]
    assert set(raw["labels"][0]) == {
        "id",
        "node_id",
        "url",
        "name",
        "color",
        "default",
        "description",
    }
    assert raw["assignee"]["login"] == "alice" and [a["login"] for a in raw["assignees"]] == [
        "alice"
    ]
    assert raw["created_at"] == raw["updated_at"] == "2026-11-23T09:00:00Z"
    for key in ("type", "sub_issues_summary", "reactions", "timeline_url", "author_association"):
        assert key in raw
    assert "pull_request" not in raw
    # labels GitHub did not know yet were created on the fly
    assert {lab.name for lab in fake.labels(REPO)} >= {"pmsync", "priority: P1", "bug"}


def test_get_and_edit_issue(fake: FakeGitHub, gh: Github) -> None:
    repo = gh.get_repo(REPO)
    number = repo.create_issue("Old", body="x").number
    fake.advance(60)

    issue = repo.get_issue(number)
    issue.edit(title="New", body="y", labels=["pmsync"], assignees=["alice"])
    assert issue.title == "New" and issue.body == "y"
    assert issue.updated_at == START + timedelta(minutes=1)

    fake.advance(60)
    issue.edit(state="closed", state_reason="not_planned")
    stored = fake.issue(REPO, number)
    assert (stored.state, stored.state_reason, stored.closed_by) == (
        "closed",
        "not_planned",
        "pmsync-bot",
    )
    assert issue.closed_at == datetime(2026, 11, 23, 9, 2, tzinfo=UTC)
    assert issue.closed_by.login == "pmsync-bot"


def test_state_reason_is_ignored_without_a_state_change(fake: FakeGitHub, gh: Github) -> None:
    issue = gh.get_repo(REPO).create_issue("t")
    issue.edit(state_reason="not_planned")
    assert fake.issue(REPO, issue.number).state_reason is None
    issue.edit(state="closed")
    assert issue.state_reason == "completed"
    issue.edit(state="open")
    assert issue.state_reason == "reopened" and issue.closed_at is None


def test_assignee_without_access_is_a_422(fake: FakeGitHub, gh: Github) -> None:
    with pytest.raises(GithubException) as info:
        gh.get_repo(REPO).create_issue("t", assignees=["mallory"])
    assert info.value.status == 422
    assert info.value.data["message"] == "Validation Failed"
    assert info.value.data["errors"] == [
        {"resource": "Issue", "code": "invalid", "field": "assignees", "value": "mallory"}
    ]
    assert fake.issues(REPO) == []


def test_milestone_set_then_cleared_with_empty_string(fake: FakeGitHub, gh: Github) -> None:
    number = fake.add_milestone(REPO, "Q4", due_on=date(2026, 12, 1))
    repo = gh.get_repo(REPO)
    milestone = repo.get_milestone(number)
    assert milestone.due_on == datetime(2026, 12, 1, 7, tzinfo=UTC)
    issue = repo.create_issue("t", milestone=milestone)
    assert issue.milestone.title == "Q4"

    issue.edit(milestone=None)

    assert fake.request_log[-1].body == {"milestone": ""}
    assert issue.milestone is None and fake.issue(REPO, issue.number).milestone is None


def test_issue_label_endpoints(fake: FakeGitHub, gh: Github) -> None:
    issue = gh.get_repo(REPO).create_issue("t", labels=["pmsync"])
    issue.add_to_labels("priority: P1", "team")
    assert fake.request_log[-1].body == ["priority: P1", "team"]
    issue.remove_from_labels("priority: P1")
    assert fake.request_log[-1].target.endswith("/labels/priority%3A%20P1")
    assert [lab.name for lab in issue.get_labels()] == ["pmsync", "team"]
    issue.set_labels("solo")
    assert fake.issue(REPO, issue.number).labels == ["solo"]
    issue.delete_labels()
    assert fake.issue(REPO, issue.number).labels == []
    with pytest.raises(GithubException) as info:
        issue.remove_from_labels("absent")
    assert info.value.status == 404


def test_repo_labels_and_duplicates(gh: Github) -> None:
    repo = gh.get_repo(REPO)
    repo.create_label("pmsync", "5319e7", "managed by pmsync")
    assert repo.get_label("pmsync").color == "5319e7"
    with pytest.raises(GithubException) as info:
        repo.create_label("PMSYNC", "000000")
    assert info.value.status == 422
    assert info.value.data["errors"][0]["code"] == "already_exists"
    with pytest.raises(UnknownObjectException):
        repo.get_label("nope")


def test_comments(fake: FakeGitHub, gh: Github) -> None:
    issue = gh.get_repo(REPO).create_issue("t")
    fake.advance(30)
    fake.human_comment(REPO, issue.number, "alice", "verified in staging")
    comment = issue.create_comment("thanks")
    assert comment.user.login == "pmsync-bot"
    assert [(c.user.login, c.body) for c in issue.get_comments()] == [
        ("alice", "verified in staging"),
        ("pmsync-bot", "thanks"),
    ]
    assert fake.issue(REPO, issue.number).updated_at == START + timedelta(seconds=30)


# ------------------------------------------------------------- pagination


def test_pagination_follows_repositories_links_with_every_param(
    fake: FakeGitHub, gh: Github
) -> None:
    for n in range(250):
        fake.add_issue(REPO, f"item {n}", labels=["pmsync"])
    fake.add_issue(REPO, "not ours")
    repo = gh.get_repo(REPO)
    fake.reset_counters()

    titles = [
        i.title
        for i in repo.get_issues(state="all", labels=["pmsync"], sort="created", direction="asc")
    ]

    assert titles == [f"item {n}" for n in range(250)]
    assert fake.requests == {"GET /repos/{owner}/{repo}/issues": 3}
    first, second, third = (r.target for r in fake.request_log)
    assert first.startswith(f"/repos/{REPO}/issues?")
    for target, page in ((second, "2"), (third, "3")):
        assert target.startswith(f"/repositories/{repo.id}/issues?")
        for param in (
            "state=all",
            "labels=pmsync",
            "sort=created",
            "direction=asc",
            "per_page=100",
            f"page={page}",
        ):
            assert param in target


def test_link_header_has_githubs_exact_format(fake: FakeGitHub, gh: Github) -> None:
    for n in range(5):
        fake.add_issue(REPO, f"i{n}")
    repo_id = gh.get_repo(REPO).id
    _, headers, _ = gh.requester.requestJson(
        "GET", f"/repos/{REPO}/issues", parameters={"per_page": 2, "page": 2}
    )
    base = f"{fake.url}/repositories/{repo_id}/issues?per_page=2"
    assert headers["link"] == (
        f'<{base}&page=1>; rel="prev", <{base}&page=3>; rel="next", '
        f'<{base}&page=3>; rel="last", <{base}&page=1>; rel="first"'
    )


def test_pull_requests_are_mixed_into_issue_lists(fake: FakeGitHub, gh: Github) -> None:
    fake.add_issue(REPO, "an issue", labels=["pmsync"])
    fake.add_pull_request(REPO, "a pr", labels=["pmsync"], draft=True)
    items = list(gh.get_repo(REPO).get_issues(labels=["pmsync"]))
    prs = [i for i in items if i._rawData.get("pull_request")]
    assert [i.number for i in prs] == [2]
    assert prs[0]._rawData["draft"] is True
    assert prs[0]._rawData["pull_request"]["html_url"].endswith(f"/{REPO}/pull/2")


def test_list_filters(fake: FakeGitHub, gh: Github) -> None:
    ms = fake.add_milestone(REPO, "Q4")
    a = fake.add_issue(REPO, "a", labels=["pmsync", "p1"], assignees=["alice"], milestone=ms)
    fake.advance(hours=1)
    b = fake.add_issue(REPO, "b", labels=["pmsync"])
    fake.human_close(REPO, b, "alice")
    repo = gh.get_repo(REPO)

    def numbers(**kwargs: object) -> list[int]:
        return [i.number for i in repo.get_issues(**kwargs)]

    assert numbers() == [a]
    assert numbers(state="all") == [b, a]
    assert numbers(state="closed") == [b]
    assert numbers(state="all", labels=["pmsync", "p1"]) == [a]
    assert numbers(state="all", since=START + timedelta(minutes=30)) == [b]
    assert numbers(state="all", milestone=repo.get_milestone(ms)) == [a]
    assert numbers(state="all", milestone="none") == [b]
    assert numbers(state="all", assignee="alice") == [a]
    assert numbers(state="all", sort="updated", direction="asc") == [a, b]


# ------------------------------------------------------- conditional polling


def test_conditional_poll_is_free_until_something_changes(fake: FakeGitHub, gh: Github) -> None:
    number = gh.get_repo(REPO).create_issue("t", labels=["pmsync"]).number
    status, headers, body = poll(gh)
    assert status == 200 and headers["etag"].startswith('W/"') and body.startswith("[")
    cost = fake.rate_limited_cost

    status, headers2, body = poll(gh, headers["etag"])
    assert (status, body) == (304, "")
    assert fake.rate_limited_cost == cost
    assert headers2["x-ratelimit-remaining"] == headers["x-ratelimit-remaining"]

    fake.advance(5)
    fake.human_label(REPO, number, "alice", add=["p1"])
    status, headers3, _ = poll(gh, headers["etag"])
    assert status == 200 and headers3["etag"] != headers["etag"]
    assert fake.rate_limited_cost == cost + 1


def test_single_issue_update_is_conditional(fake: FakeGitHub, gh: Github) -> None:
    issue = gh.get_repo(REPO).create_issue("t")
    issue = gh.get_repo(REPO).get_issue(issue.number)
    assert issue.last_modified is not None
    assert issue.update() is False
    fake.advance(1)
    fake.human_edit(REPO, issue.number, "alice", title="renamed")
    assert issue.update() is True and issue.title == "renamed"


def test_rate_limit_endpoint_is_free(fake: FakeGitHub, gh: Github) -> None:
    gh.get_repo(REPO)
    before = fake.rate_limited_cost
    core = gh.get_rate_limit().resources.core
    assert (core.limit, core.remaining) == (5000, 4999)
    assert fake.rate_limited_cost == before


# ------------------------------------------------------------- rate limits


def test_primary_rate_limit(fake: FakeGitHub, gh: Github) -> None:
    fake.rate_limit_primary(remaining=0, reset_in=600)
    with pytest.raises(RateLimitExceededException) as info:
        gh.get_repo(REPO)
    assert info.value.status == 403
    assert info.value.data["message"].startswith("API rate limit exceeded for user ID ")
    assert info.value.headers["x-ratelimit-remaining"] == "0"
    assert int(info.value.headers["x-ratelimit-reset"]) == int(START.timestamp()) + 600
    fake.advance(601)
    assert gh.get_repo(REPO).full_name == REPO


def test_primary_budget_counts_down(fake: FakeGitHub, gh: Github) -> None:
    fake.rate_limit_primary(remaining=2)
    gh.get_repo(REPO)
    gh.get_user("alice")
    assert fake.rate_remaining == 0
    with pytest.raises(RateLimitExceededException):
        gh.get_user("alice")
    assert fake.rate_limited_cost == 2


def test_secondary_limit_per_minute_is_403(fake: FakeGitHub, gh: Github) -> None:
    fake.secondary_limit(per_minute=3, per_hour=5)
    repo = gh.get_repo(REPO)
    for n in range(3):
        repo.create_issue(f"t{n}")
    with pytest.raises(RateLimitExceededException) as info:
        repo.create_issue("one too many")
    assert info.value.status == 403
    assert info.value.data["message"].startswith("You have exceeded a secondary rate limit")
    assert info.value.headers["retry-after"] == "60"
    assert len(fake.issues(REPO)) == 3 and fake.content_creating == 3

    fake.advance(60)
    repo.create_issue("t3")
    repo.create_issue("t4")
    fake.advance(60)
    with pytest.raises(RateLimitExceededException) as info:  # the hourly budget is spent
        repo.create_issue("t5")
    assert int(info.value.headers["retry-after"]) == 3600 - 120
    assert len(fake.issues(REPO)) == 5


def test_secondary_limit_as_429(fake: FakeGitHub, gh: Github) -> None:
    fake.secondary_limit(per_minute=1, status=429)
    issue = gh.get_repo(REPO).create_issue("t")
    with pytest.raises(GithubException) as info:
        issue.edit(title="again")
    assert not isinstance(info.value, RateLimitExceededException)
    assert info.value.status == 429
    assert info.value.data["message"].startswith("You have exceeded a secondary rate limit")


def test_reads_do_not_count_as_content_creation(fake: FakeGitHub, gh: Github) -> None:
    fake.secondary_limit(per_minute=1)
    repo = gh.get_repo(REPO)
    issue = repo.create_issue("t")
    for _ in range(3):
        repo.get_issue(issue.number)
    assert fake.content_creating == 1


# ------------------------------------------------- transfers and deletions


def test_transferred_issue_redirects(fake: FakeGitHub, gh: Github) -> None:
    other = fake.add_repo("acme/ops")
    old = gh.get_repo(REPO).create_issue("moving", labels=["pmsync"]).number
    new = fake.transfer(REPO, old, "acme/ops")

    issue = gh.get_repo(REPO).get_issue(old)

    assert issue.number == new
    assert issue.repository_url == f"{fake.url}/repos/acme/ops"
    assert [r.status for r in fake.request_log[-2:]] == [301, 200]
    assert fake.request_log[-1].target == f"/repositories/{other.id}/issues/{new}"
    assert [i.number for i in gh.get_repo(REPO).get_issues(state="all")] == []


def test_deleted_issue_is_gone(fake: FakeGitHub, gh: Github) -> None:
    number = gh.get_repo(REPO).create_issue("t").number
    fake.delete_issue(REPO, number)
    with pytest.raises(GithubException) as info:
        gh.get_repo(REPO).get_issue(number)
    assert info.value.status == 410
    with pytest.raises(UnknownObjectException):
        gh.get_repo(REPO).get_issue(number + 1)


# ------------------------------------------------------------------ events


def test_events_record_human_actions(fake: FakeGitHub, gh: Github) -> None:
    ms = fake.add_milestone(REPO, "Q4")
    number = gh.get_repo(REPO).create_issue("t", labels=["pmsync"]).number
    fake.add_user("carol")
    fake.advance(10)
    fake.human_label(REPO, number, "carol", add=["backlog"], remove=["pmsync"])
    fake.human_assign(REPO, number, "carol", assignees=["alice"])
    fake.human_milestone(REPO, number, "carol", ms)
    fake.human_milestone(REPO, number, "carol", None)
    fake.human_edit(REPO, number, "carol", title="renamed")
    fake.advance(10)
    fake.human_close(REPO, number, "carol", state_reason="not_planned")
    fake.human_comment(REPO, number, "carol", "won't do")

    issue = gh.get_repo(REPO).get_issue(number)
    events = [e._rawData for e in issue.get_events()]

    assert [(e["event"], e["actor"]["login"]) for e in events] == [
        ("labeled", "pmsync-bot"),
        ("unlabeled", "carol"),
        ("labeled", "carol"),
        ("assigned", "carol"),
        ("milestoned", "carol"),
        ("demilestoned", "carol"),
        ("renamed", "carol"),
        ("closed", "carol"),
    ]
    assert events[1]["label"] == {"name": "pmsync", "color": "ededed"}
    assert events[3]["assignee"]["login"] == "alice"
    assert events[4]["milestone"] == {"title": "Q4"}
    assert events[6]["rename"] == {"from": "t", "to": "renamed"}
    assert events[7]["state_reason"] == "not_planned"
    assert events[7]["created_at"] == "2026-11-23T09:00:20Z"
    assert issue.closed_by.login == "carol" and issue.state_reason == "not_planned"
    assert [t.event for t in issue.get_timeline()][-2:] == ["closed", "commented"]

    fake.human_reopen(REPO, number, "alice")
    issue = gh.get_repo(REPO).get_issue(number)
    # GitHub keeps the last closer after a reopen
    assert (issue.state, issue.state_reason, issue.closed_by.login) == ("open", "reopened", "carol")


# ------------------------------------------------------------------ faults


def test_drop_after_create_loses_the_answer_not_the_issue(fake: FakeGitHub, gh: Github) -> None:
    repo = gh.get_repo(REPO)
    fake.drop_after_create()
    with pytest.raises(requests.exceptions.ConnectionError):
        repo.create_issue("maybe")
    assert [i.title for i in fake.issues(REPO)] == ["maybe"]
    assert repo.create_issue("next").number == 2


def test_fail_next_returns_server_errors_for_free(fake: FakeGitHub, gh: Github) -> None:
    repo = gh.get_repo(REPO)
    cost = fake.rate_limited_cost
    fake.fail_next(2, status=502, method="GET", path_regex=r"/issues/\d+$")
    number = repo.create_issue("t").number
    for _ in range(2):
        with pytest.raises(GithubException) as info:
            repo.get_issue(number)
        assert info.value.status == 502
    assert repo.get_issue(number).title == "t"
    assert fake.rate_limited_cost == cost + 2


def test_bad_credentials(fake: FakeGitHub) -> None:
    with pytest.raises(BadCredentialsException) as info:
        client(fake.url, token="wrong").get_repo(REPO)
    assert info.value.data == {
        "message": "Bad credentials",
        "documentation_url": "https://docs.github.com/rest",
        "status": "401",
    }
    gh = client(fake.url)
    gh.get_repo(REPO)
    fake.auth_broken()
    with pytest.raises(BadCredentialsException):
        gh.get_repo(REPO)
    assert fake.rate_limited_cost == 1


# ---------------------------------------------------------- users and repos


def test_users_and_repo_permissions(fake: FakeGitHub, gh: Github) -> None:
    assert gh.get_user().login == "pmsync-bot"
    assert gh.get_user("alice").login == "alice"
    with pytest.raises(UnknownObjectException):
        gh.get_user("nobody")
    fake.add_repo("acme/readonly", private=True, push=False)
    perms = gh.get_repo("acme/readonly").permissions
    assert (perms.admin, perms.push, perms.pull) == (False, False, True)
    with pytest.raises(UnknownObjectException):
        gh.get_repo("acme/secret")


def test_without_push_labels_and_assignees_are_dropped(fake: FakeGitHub, gh: Github) -> None:
    fake.add_repo("acme/public", push=False)
    fake.grant("alice", "acme/public")
    issue = gh.get_repo("acme/public").create_issue("t", labels=["pmsync"], assignees=["alice"])
    assert issue.labels == [] and issue.assignees == []


def test_enterprise_prefix(fake: FakeGitHub) -> None:
    for n in range(120):
        fake.add_issue(REPO, f"i{n}")
    g = client(fake.url + "/api/v3")
    repo = g.get_repo(REPO)
    assert repo.url == f"{fake.url}/api/v3/repos/{REPO}"
    assert len(list(repo.get_issues())) == 120
    assert fake.request_log[-1].target.startswith(f"/api/v3/repositories/{repo.id}/issues?")
    issue = repo.create_issue("ghes")
    issue.edit(state="closed")
    assert fake.issue(REPO, issue.number).state == "closed"
    assert fake.requests["PATCH /repos/{owner}/{repo}/issues/{issue_number}"] == 1


def test_concurrent_clients_get_distinct_numbers(fake: FakeGitHub) -> None:
    numbers: list[int] = []

    def work() -> None:
        repo = client(fake.url).get_repo(REPO)
        numbers.extend(repo.create_issue("t").number for _ in range(5))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers) == list(range(1, 21))


def test_injected_clock_drives_timestamps() -> None:
    now = [datetime(2027, 1, 5, 12, 30, 15, 999, tzinfo=UTC)]
    with FakeGitHub(clock=lambda: now[0]) as fake:
        fake.add_repo(REPO)
        number = fake.add_issue(REPO, "t")
        now[0] += timedelta(days=1)
        fake.human_comment(REPO, number, "alice", "hi")
        raw = client(fake.url).get_repo(REPO).get_issue(number).raw_data
        assert (raw["created_at"], raw["updated_at"]) == (
            "2027-01-05T12:30:15Z",
            "2027-01-06T12:30:15Z",
        )
        with pytest.raises(RuntimeError):
            fake.advance(1)


def test_milestones_and_repository_id_routes(fake: FakeGitHub, gh: Github) -> None:
    repo = gh.get_repo(REPO)
    later = repo.create_milestone("Later", due_on=date(2027, 3, 1))
    sooner = repo.create_milestone("Sooner", due_on=date(2026, 12, 15))
    assert [m.title for m in repo.get_milestones()] == ["Sooner", "Later"]
    with pytest.raises(GithubException) as info:
        repo.create_milestone("Later")
    assert info.value.data["errors"][0]["code"] == "already_exists"
    issue = repo.create_issue("t", milestone=sooner)
    assert repo.get_milestone(sooner.number).open_issues == 1
    assert later.number == 1
    _, _, body = gh.requester.requestJson("GET", f"/repositories/{repo.id}/issues/{issue.number}")
    assert f'"url":"{fake.url}/repos/{REPO}/issues/{issue.number}"' in body
    assert fake.requests["GET /repos/{owner}/{repo}/issues/{issue_number}"] == 1


def test_validation_and_disabled_issues(fake: FakeGitHub, gh: Github) -> None:
    status, _, body = gh.requester.requestJson("POST", f"/repos/{REPO}/issues", input={"body": "x"})
    assert status == 422 and '"field":"title"' in body
    fake.add_repo("acme/no-issues", issues=False)
    with pytest.raises(GithubException) as info:
        gh.get_repo("acme/no-issues").create_issue("t")
    assert info.value.status == 410
    assert info.value.data["message"] == "Issues are disabled for this repo"
