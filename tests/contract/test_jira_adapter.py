"""JiraTracker against `responses`-mocked Jira Cloud and Data Center (api/README.md §1).

Strict mocks: every registered answer must be used, and any request nobody
registered fails the test (see the `env` fixture), so each test pins the exact
HTTP traffic of an operation.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
import requests
import responses
from hypothesis import given
from hypothesis import strategies as st
from responses import matchers

from adapters.trackers import jira_payloads as payloads
from adapters.trackers.base import (
    AuthError,
    NotFound,
    PermissionDenied,
    RateLimited,
    Rejected,
    RequestCounter,
    TrackerError,
    Unavailable,
    WriteOutcomeUnknown,
    item_hash,
    item_label,
)
from adapters.trackers.jira import JiraTracker
from syncer.fields import extract_fields
from syncer.inert import one_line
from syncer.model import Category, Change, TicketRef, TicketSpec
from syncer.settings import JiraSettings
from tests.contract import jira_responses as jr

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ITEM = "INC-7/disk-alert"
LABEL = item_label(ITEM)
SEARCH_FIELDS = [
    "summary", "status", "resolution", "resolutiondate", "priority", "assignee",
    "duedate", "labels", "updated", "issuelinks", jr.SPRINT_FIELD,
]  # fmt: skip
GET_FIELDS = ",".join([*SEARCH_FIELDS[:-1], "comment", jr.SPRINT_FIELD])
REFUSED = "Connection refused by Responses"
PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")


@dataclass
class Env:
    cloud: bool
    base: str
    rsps: responses.RequestsMock
    sleeps: list[float] = field(default_factory=list)
    waits: list[tuple[TrackerError, float]] = field(default_factory=list)
    counter: RequestCounter = field(default_factory=RequestCounter)

    @property
    def account(self) -> str:
        return "5b10a2844c20165700ede21g" if self.cloud else "alice"

    def tracker(self, **overrides: Any) -> JiraTracker:
        auth: dict[str, Any] = (
            {"email": "pmsync@acme.example", "token": "cloud-api-token"}
            if self.cloud
            else {"token": "dc-personal-access-token"}
        )
        settings = JiraSettings(url=self.base, **{**auth, **overrides})
        return JiraTracker(
            settings,
            counter=self.counter,
            sleep=self.sleeps.append,
            on_wait=lambda exc, seconds: self.waits.append((exc, seconds)),
        )

    def user(self, account: str | None = None, **kw: Any) -> dict[str, Any]:
        return jr.user(self.base, account or self.account, cloud=self.cloud, **kw)

    def ref(self, key: str) -> TicketRef:
        return TicketRef("jira", f"jira:{key.split('-')[0]}", key, f"{self.base}/browse/{key}")

    def add(
        self, method: str, path: str, *, status: int = 200, **kw: Any
    ) -> responses.BaseResponse:
        return self.rsps.add(method, jr.api(self.base, path), status=status, **kw)

    def server_info(self) -> None:
        self.add("GET", "serverInfo", json=jr.server_info(self.base, cloud=self.cloud))

    def fields(self) -> None:
        self.add("GET", "field", json=jr.fields_list())

    def myself(self, time_zone: str | None = "Europe/Berlin") -> None:
        body = jr.myself(self.base, self.account, cloud=self.cloud, time_zone=time_zone)
        self.add("GET", "myself", json=body)

    def search(
        self,
        jql: str,
        issues: list[dict[str, Any]],
        *,
        page: int = 0,
        pages: int = 1,
        total: int | None = None,
        start: int = 0,
    ) -> None:
        """One search page answered the way this deployment pages."""
        if self.cloud:
            params: dict[str, Any] = {"jql": jql, "fields": SEARCH_FIELDS, "maxResults": "100"}
            if page:
                params["nextPageToken"] = f"token-{page}"
            more = f"token-{page + 1}" if page + 1 < pages else None
            body = jr.cloud_page(issues, more)
            self.add("GET", "search/jql", json=body, match=[matchers.query_param_matcher(params)])
        else:
            params = {
                "jql": jql,
                "startAt": str(start),
                "maxResults": "100",
                "fields": SEARCH_FIELDS,
            }
            body = jr.dc_page(issues, start, len(issues) if total is None else total)
            self.add("GET", "search", json=body, match=[matchers.query_param_matcher(params)])

    def create_meta(self, project: str, type_id: str, fields: list[dict[str, Any]]) -> None:
        self.add(
            "GET",
            f"issue/createmeta/{project}/issuetypes/{type_id}",
            json=jr.create_meta(fields, cloud=self.cloud),
            match=[matchers.query_param_matcher({"startAt": "0", "maxResults": "50"})],
        )

    def search_path(self) -> str:
        return "search/jql" if self.cloud else "search"

    def issue(self, key: str, **kw: Any) -> dict[str, Any]:
        if "sprints" in kw and kw["sprints"] is not None:
            kw["sprints"] = [
                (jr.sprint_cloud if self.cloud else jr.sprint_dc)(i, name, state)
                for i, (name, state) in enumerate(kw["sprints"], start=1)
            ]
        return jr.issue(self.base, key, **kw)

    def body(self, call_index: int) -> Any:
        return json.loads(self.rsps.calls[call_index].request.body)


@pytest.fixture(params=["cloud", "dc"])
def env(request: pytest.FixtureRequest) -> Iterator[Env]:
    cloud = request.param == "cloud"
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        environment = Env(cloud, jr.CLOUD_URL if cloud else jr.DC_URL, rsps)
        yield environment
        # An unregistered request surfaces as a ConnectionError the adapter may map or
        # swallow (e.g. a best-effort link); fail on it here whatever the adapter did.
        strays = [c.request.url for c in rsps.calls if REFUSED in str(c.response)]
        assert not strays, f"unexpected requests: {strays}"


def spec(**overrides: Any) -> TicketSpec:
    values: dict[str, Any] = {
        "item_key": ITEM,
        "summary": "Add disk space alert at 80% threshold",
        "description": (
            "Postmortem: Disk full on db-1 (2026-11-02, SEV2)\n"
            "Document: https://git.acme.example/pm/INC-7.md\n"
            "Verify: alert fires in staging\n\nmanaged by pmsync"
        ),
        "priority": "P1",
        "owner": "alice",
        "assignee": None,
        "due": date(2026, 12, 18),
        "doc_url": "https://git.acme.example/pm/INC-7.md",
        "postmortem_title": "Disk full on db-1",
    }
    values.update(overrides)
    return TicketSpec(**values)


# -- create ------------------------------------------------------------------------------------


def test_create_posts_one_exact_issue_and_an_upserting_doc_link(env: Env) -> None:
    tracker = env.tracker()
    env.server_info()
    assignee = {"accountId": env.account} if env.cloud else {"name": env.account}
    expected = {
        "fields": {
            "project": {"key": "OPS"},
            "issuetype": {"name": "Task"},
            "summary": "Add disk space alert at 80% threshold",
            "description": spec().description,  # plain words pass through as written
            "labels": ["postmortem", "pmsync", LABEL],
            "priority": {"name": "High"},
            "assignee": assignee,
            "duedate": "2026-12-18",
        }
    }
    env.add(
        "POST",
        "issue",
        status=201,
        json=jr.created(env.base, "OPS-24"),
        match=[matchers.json_params_matcher(expected, strict_match=True)],
    )
    link = {
        "globalId": f"pmsync:{item_hash(ITEM)}",
        "relationship": "postmortem",
        "object": {"url": "https://git.acme.example/pm/INC-7.md", "title": "Disk full on db-1"},
    }
    env.add(
        "POST",
        "issue/OPS-24/remotelink",
        status=201,
        json={"id": 10000, "self": jr.api(env.base, "issue/OPS-24/remotelink/10000")},
        match=[matchers.json_params_matcher(link, strict_match=True)],
    )

    state = tracker.create("jira:OPS", spec(assignee=env.account))

    assert state.ref == env.ref("OPS-24")
    assert state.marker == item_hash(ITEM)
    assert (state.priority, state.raw_priority) == ("P1", "High")
    assert (state.assignee, state.due) == (env.account, date(2026, 12, 18))
    assert state.labels == ("postmortem", "pmsync", LABEL)
    assert env.counter.counts == {
        "GET /serverInfo": 1,
        "POST /issue": 1,
        "POST /issue/{key}/remotelink": 1,
    }
    auth = env.rsps.calls[1].request.headers["Authorization"]
    assert auth.startswith("Basic " if env.cloud else "Bearer ")
    assert tracker.deployment == ("cloud" if env.cloud else "datacenter")


def test_create_without_doc_url_or_assignee_sends_neither(env: Env) -> None:
    tracker = env.tracker(issue_type="Bug", deployment="cloud" if env.cloud else "datacenter")
    expected = {
        "fields": {
            "project": {"key": "OPS"},
            "issuetype": {"name": "Bug"},
            "summary": "Add disk space alert at 80% threshold",
            "description": spec().description,  # plain words pass through as written
            "labels": ["postmortem", "pmsync", LABEL],
            "priority": {"name": "Highest"},
        }
    }
    env.add(
        "POST",
        "issue",
        status=201,
        json=jr.created(env.base, "OPS-25"),
        match=[matchers.json_params_matcher(expected, strict_match=True)],
    )

    state = tracker.create("jira:OPS", spec(doc_url=None, assignee=None, due=None, priority="P0"))

    assert state.ref.key == "OPS-25"
    assert state.assignee is None and state.due is None
    assert env.counter.counts == {"POST /issue": 1}  # a forced deployment needs no serverInfo


def test_create_cuts_a_long_summary_on_a_word_boundary(env: Env) -> None:
    tracker = env.tracker(deployment="cloud" if env.cloud else "datacenter")
    words = "Rotate the replication credentials on every database cluster " * 6
    env.add("POST", "issue", status=201, json=jr.created(env.base, "OPS-26"))

    tracker.create("jira:OPS", spec(summary=words, doc_url=None))

    sent = env.body(0)["fields"]["summary"]
    assert len(sent) <= 255 and sent.endswith("…")
    assert words.startswith(sent[:-1]) and words[len(sent) - 1] == " "


@pytest.mark.parametrize("retry_after", [None, "3"])
def test_create_is_never_retried_on_503(env: Env, retry_after: str | None) -> None:
    tracker = env.tracker()
    env.server_info()
    headers = {"Retry-After": retry_after} if retry_after else {}
    env.add(
        "POST",
        "issue",
        status=503,
        json=jr.error("Service Unavailable"),
        headers=headers,
    )

    with pytest.raises(Unavailable) as caught:
        tracker.create("jira:OPS", spec())

    assert not isinstance(caught.value, WriteOutcomeUnknown)
    assert "Service Unavailable" in str(caught.value) and "jira:OPS" in str(caught.value)
    assert env.counter.counts["POST /issue"] == 1
    assert env.sleeps == []


@pytest.mark.parametrize(
    "failure",
    [
        requests.ConnectionError("Connection aborted: RemoteDisconnected"),
        requests.ReadTimeout("read timed out"),
    ],
)
def test_create_connection_lost_after_sending_is_write_outcome_unknown(
    env: Env, failure: Exception
) -> None:
    tracker = env.tracker(deployment="cloud")
    env.add("POST", "issue", body=failure)

    with pytest.raises(WriteOutcomeUnknown, match="jira:OPS"):
        tracker.create("jira:OPS", spec())

    assert len(env.rsps.calls) == 1


def test_create_connect_timeout_is_unavailable_not_unknown(env: Env) -> None:
    tracker = env.tracker(deployment="datacenter")
    env.add("POST", "issue", body=requests.ConnectTimeout("connect timed out"))

    with pytest.raises(Unavailable) as caught:
        tracker.create("jira:OPS", spec())

    assert not isinstance(caught.value, WriteOutcomeUnknown)


def test_create_rejected_keeps_jiras_words(env: Env) -> None:
    tracker = env.tracker()
    env.server_info()
    env.add("POST", "issue", status=400, json=jr.error(duedate="Due date is required."))

    with pytest.raises(Rejected) as caught:
        tracker.create("jira:OPS", spec())

    assert caught.value.status == 400 and caught.value.target == "jira:OPS"
    assert "Due date is required." in caught.value.message


def test_a_failed_doc_link_does_not_undo_the_create(env: Env) -> None:
    tracker = env.tracker(max_retries=2)
    env.server_info()
    env.add("POST", "issue", status=201, json=jr.created(env.base, "OPS-27"))
    env.add("POST", "issue/OPS-27/remotelink", status=500, json=jr.error("Internal server error"))

    state = tracker.create("jira:OPS", spec())

    assert state.ref.key == "OPS-27"
    assert env.counter.counts["POST /issue"] == 1
    assert env.counter.counts["POST /issue/{key}/remotelink"] == 2  # an upsert: safe to repeat


# -- update ------------------------------------------------------------------------------------


def test_update_puts_only_the_named_fields_then_reads_back(env: Env) -> None:
    tracker = env.tracker()
    env.server_info()
    env.fields()
    env.add(
        "PUT",
        "issue/OPS-24",
        status=204,
        match=[
            matchers.json_params_matcher(
                {
                    "fields": {
                        "summary": "Alert at 75% instead",
                        "assignee": None,
                        "duedate": "2027-01-08",
                    }
                },
                strict_match=True,
            ),
            matchers.query_param_matcher({}),  # no notifyUsers: admin-only on Cloud
        ],
    )
    env.add(
        "GET",
        "issue/OPS-24",
        json=env.issue("OPS-24", summary="Alert at 75% instead", due="2027-01-08", comments=()),
        match=[matchers.query_param_matcher({"fields": GET_FIELDS})],
    )

    state = tracker.update(
        env.ref("OPS-24"),
        spec(summary="Alert at 75% instead", assignee=None, due=date(2027, 1, 8)),
        ["summary", "assignee", "due"],
    )

    assert (state.summary, state.due) == ("Alert at 75% instead", date(2027, 1, 8))
    assert env.counter.counts["PUT /issue/{key}"] == 1


def test_update_assignee_uses_the_deployments_user_reference(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    who = {"accountId": env.account} if env.cloud else {"name": env.account}
    env.add(
        "PUT",
        "issue/OPS-24",
        status=204,
        match=[
            matchers.json_params_matcher(
                {"fields": {"assignee": who, "priority": {"name": "Low"}}}, strict_match=True
            )
        ],
    )
    env.add(
        "GET", "issue/OPS-24", json=env.issue("OPS-24", assignee=env.user(), priority_name="Low")
    )

    state = tracker.update(
        env.ref("OPS-24"), spec(assignee=env.account, priority="P3"), ["assignee", "priority"]
    )

    assert (state.assignee, state.priority) == (env.account, "P3")
    assert "GET /field" not in env.counter.counts  # configured sprint field: no field map needed


def test_update_refuses_fields_pmsync_does_not_own(env: Env) -> None:
    tracker = env.tracker(deployment="cloud")
    with pytest.raises(Rejected, match="labels"):
        tracker.update(env.ref("OPS-24"), spec(), ["summary", "labels"])
    assert len(env.rsps.calls) == 0


def test_update_is_retried_after_a_rate_limit(env: Env) -> None:
    tracker = env.tracker(
        sprint_field=jr.SPRINT_FIELD, deployment="cloud" if env.cloud else "datacenter"
    )
    env.add(
        "PUT",
        "issue/OPS-24",
        status=429,
        headers={"Retry-After": "2"},
        json=jr.error("Rate limit exceeded."),
    )
    env.add("PUT", "issue/OPS-24", status=204)
    env.add("GET", "issue/OPS-24", json=env.issue("OPS-24"))

    tracker.update(env.ref("OPS-24"), spec(), ["summary"])

    assert env.counter.counts["PUT /issue/{key}"] == 2
    assert env.sleeps == [2.0]


# -- get ---------------------------------------------------------------------------------------


def test_get_translates_every_field(env: Env) -> None:
    tracker = env.tracker()
    env.server_info()
    env.fields()
    owner, reviewer = env.user(), env.user("bob" if not env.cloud else "70121:bob", name="Bob")
    raw = env.issue(
        "OPS-24",
        status_name="In Progress",
        category="indeterminate",
        priority_name="Low",
        assignee=owner,
        labels=("postmortem", "pmsync", LABEL, "blocked"),
        sprints=[
            ("Sprint 40", "closed"),
            ("Sprint 41, hardening", "active"),
            ("Sprint 42", "future"),
        ],
        links=(jr.blocked_by(env.base, "NET-3", "indeterminate"),),
        comments=(jr.comment(env.base, reviewer, "Verified: alert fired in staging"),),
    )
    env.add(
        "GET",
        "issue/OPS-24",
        json=raw,
        match=[matchers.query_param_matcher({"fields": GET_FIELDS})],
    )

    state = tracker.get(env.ref("OPS-24"))

    assert state.exists and state.ref == env.ref("OPS-24")
    assert (state.status, state.category, state.resolution) == (
        "In Progress",
        Category.IN_PROGRESS,
        None,
    )
    assert (state.priority, state.raw_priority) == ("P3", "Low")
    assert state.assignee == env.account
    assert state.due == date(2026, 12, 18)
    assert state.marker == item_hash(ITEM)
    assert state.sprints == ("Sprint 41, hardening", "Sprint 42")
    assert state.updated_at == datetime(2026, 11, 20, 10, 20, 30, 123000, tzinfo=UTC)
    assert state.comments == (
        (reviewer.get("accountId") or reviewer["name"], "Verified: alert fired in staging"),
    )
    assert state.blocked_by_open is True
    assert state.history == () and state.closed_by is None


def test_get_missing_issue_is_not_an_error(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    env.add(
        "GET",
        "issue/OPS-99",
        status=404,
        json=jr.error("Issue does not exist or you do not have permission to see it."),
    )

    state = tracker.get(env.ref("OPS-99"))

    assert state.exists is False and state.ref == env.ref("OPS-99")


def test_get_a_moved_issue_reports_its_new_key(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    env.add("GET", "issue/OPS-24", json=env.issue("PLAT-7"))

    state = tracker.get(env.ref("OPS-24"))

    assert state.ref == TicketRef("jira", "jira:PLAT", "PLAT-7", f"{env.base}/browse/PLAT-7")


def test_get_with_history_knows_who_closed_it_and_what_changed(env: Env) -> None:
    tracker = env.tracker()
    env.server_info()
    env.fields()
    owner = env.user()
    lead = env.user("carol" if not env.cloud else "70121:carol", name="Carol")
    alice_id, carol_id = env.account, lead.get("accountId") or lead["name"]
    # Given oldest first, to show the order is the adapter's, not the server's.
    log = jr.changelog(
        jr.history(
            owner,
            "2026-11-10T09:00:00.000+0000",
            jr.change_item("status", "To Do", "In Progress", from_="10000", to="3"),
        ),
        jr.history(
            lead,
            "2026-11-12T09:00:00.000+0000",
            jr.change_item("priority", "High", "Low", from_="2", to="4"),
            jr.change_item("Sprint", "Sprint 41", None, from_="41", field_id=jr.SPRINT_FIELD),
            jr.change_item(
                "duedate",
                "2026-12-18 00:00:00.0",
                "2027-02-01 00:00:00.0",
                from_="2026-12-18",
                to="2027-02-01",
            ),
            history_id="10002",
        ),
        jr.history(
            lead,
            "2026-11-14T09:00:00.000+0000",
            jr.change_item("resolution", None, "Won't Do", to="10001"),
            jr.change_item("status", "In Progress", "Done", from_="3", to="10002"),
            jr.change_item("labels", "pmsync postmortem", "pmsync postmortem wontfix"),
            history_id="10003",
        ),
    )
    raw = env.issue(
        "OPS-24",
        status_name="Done",
        category="done",
        resolution_name="Won't Do",
        resolved="2026-11-14T09:00:00.000+0000",
        history=log,
        comments=(),
    )
    env.add(
        "GET",
        "issue/OPS-24",
        json=raw,
        match=[matchers.query_param_matcher({"fields": GET_FIELDS, "expand": "changelog"})],
    )

    state = tracker.get(env.ref("OPS-24"), history=True)

    closed = datetime(2026, 11, 14, 9, tzinfo=UTC)
    demoted = datetime(2026, 11, 12, 9, tzinfo=UTC)
    assert state.closed_by == carol_id
    assert state.closed_at == closed and state.resolution == "Won't Do"
    assert state.history == (
        Change("resolution", closed, carol_id, None, "Won't Do"),
        Change("status", closed, carol_id, "In Progress", "Done"),
        Change("labels", closed, carol_id, "pmsync postmortem", "pmsync postmortem wontfix"),
        Change("priority", demoted, carol_id, "High", "Low"),
        Change("sprint", demoted, carol_id, "Sprint 41", None),
        Change("duedate", demoted, carol_id, "2026-12-18", "2027-02-01"),
        Change("status", datetime(2026, 11, 10, 9, tzinfo=UTC), alice_id, "To Do", "In Progress"),
    )


@pytest.mark.parametrize(
    "changelog",
    [
        "not a changelog",
        {"histories": "garbage"},
        {
            "histories": [
                None,
                3,
                {"items": None},
                {"created": "yesterday", "items": [None, {"field": None}]},
            ]
        },
        {
            "histories": [
                {
                    "created": "2026-11-14T09:00:00.000+0000",
                    "items": [{"field": "status", "toString": "Done"}],
                }
            ]
        },
    ],
    ids=["string", "histories-not-a-list", "junk-entries", "no-author"],
)
def test_a_malformed_changelog_degrades_to_no_actor(env: Env, changelog: Any) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    raw = env.issue("OPS-24", status_name="Done", category="done")
    raw["changelog"] = changelog
    env.add("GET", "issue/OPS-24", json=raw)

    state = tracker.get(env.ref("OPS-24"), history=True)

    assert state.category is Category.DONE
    assert state.closed_by is None
    assert all(change.actor is None for change in state.history)


@pytest.mark.parametrize("category", ["undefined", "custom-from-an-app", None])
def test_an_unknown_status_category_counts_as_todo(env: Env, category: str | None) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    env.add(
        "GET", "issue/OPS-24", json=env.issue("OPS-24", status_name="Triage", category=category)
    )

    state = tracker.get(env.ref("OPS-24"))

    assert (state.status, state.category) == ("Triage", Category.TODO)


def test_an_unmapped_priority_keeps_the_raw_name(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    env.add("GET", "issue/OPS-24", json=env.issue("OPS-24", priority_name="Blocker"))

    state = tracker.get(env.ref("OPS-24"))

    assert (state.priority, state.raw_priority) == (None, "Blocker")


# -- find_by_marker, poll, fetch, list_managed -------------------------------------------------


def test_find_by_marker_searches_the_items_label(env: Env) -> None:
    tracker = env.tracker()
    env.server_info()
    env.fields()
    jql = f'project = "OPS" AND labels = "{LABEL}" ORDER BY created ASC'
    env.search(jql, [env.issue("OPS-24", labels=("postmortem", "pmsync", LABEL))])
    env.search(jql, [])

    found = tracker.find_by_marker("jira:OPS", ITEM)
    invisible = tracker.find_by_marker("jira:OPS", ITEM)

    assert found is not None and found.ref.key == "OPS-24" and found.marker == item_hash(ITEM)
    assert invisible is None


def test_poll_first_full_then_incremental_then_one_request(env: Env) -> None:
    tracker = env.tracker()
    env.server_info()
    env.fields()
    env.search('project = "OPS" AND labels = "pmsync" ORDER BY updated ASC', [env.issue("OPS-24")])
    env.myself("Europe/Berlin")
    # cursor 08:55Z − 10 min overlap = 08:45Z = 09:45 in Berlin (CET)
    incremental = 'project = "OPS" AND labels = "pmsync" AND updated >= "2026-11-23 09:45" ORDER BY updated ASC'
    env.search(incremental, [])
    steady = 'project = "OPS" AND labels = "pmsync" AND updated >= "2026-11-23 09:50" ORDER BY updated ASC'
    env.search(steady, [])

    first = tracker.poll("jira:OPS", None, NOW)
    second = tracker.poll("jira:OPS", "2026-11-23T08:55:00+00:00", NOW)
    third = tracker.poll("jira:OPS", "2026-11-23T09:00:00+00:00", NOW)

    assert [t.ref.key for t in first.tickets] == ["OPS-24"]
    assert first.cursor == "2026-11-23T09:00:00+00:00"
    assert first.requests == 3  # serverInfo, field, search
    assert (second.tickets, second.requests) == ([], 2)  # myself (once per process), search
    assert (third.tickets, third.requests) == ([], 1)
    search = "GET /search/jql" if env.cloud else "GET /search"
    assert env.counter.counts == {
        "GET /serverInfo": 1,
        "GET /field": 1,
        "GET /myself": 1,
        search: 3,
    }


def test_poll_without_a_user_time_zone_reaches_back_far_enough(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD, overlap_minutes=0)
    env.server_info()
    env.myself(time_zone=None)
    # 09:00Z written 14 h earlier: before the cursor whatever zone the server reads it in
    env.search(
        'project = "OPS" AND labels = "pmsync" AND updated >= "2026-11-22 19:00" ORDER BY updated ASC',
        [],
    )

    assert tracker.poll("jira:OPS", "2026-11-23T09:00:00+00:00", NOW).tickets == []


def test_poll_pages_through_every_changed_ticket(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    jql = 'project = "OPS" AND labels = "pmsync" ORDER BY updated ASC'
    first = [env.issue(f"OPS-{n}", issue_id=str(10000 + n)) for n in range(1, 101)]
    rest = [env.issue(f"OPS-{n}", issue_id=str(10000 + n)) for n in range(101, 131)]
    if env.cloud:
        env.search(jql, first, page=0, pages=2)  # nextPageToken token-1
        env.search(jql, rest, page=1, pages=2)  # last page: no token
    else:
        env.search(jql, first, start=0, total=130)
        env.search(jql, rest, start=100, total=130)

    result = tracker.poll("jira:OPS", None, NOW)

    assert [t.ref.key for t in result.tickets] == [f"OPS-{n}" for n in range(1, 131)]
    assert result.requests == 3


def test_fetch_reconciles_250_refs_in_three_searches(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    keys = [f"OPS-{n}" for n in range(1, 251)]
    gone = {"OPS-7", "OPS-180"}
    for start in (0, 100, 200):
        batch = keys[start : start + 100]
        jql = "key in (" + ", ".join(f'"{k}"' for k in batch) + ")"
        env.search(jql, [env.issue(k) for k in batch if k not in gone])
    for key in sorted(gone):  # not returned: one read tells moved from gone
        env.add("GET", f"issue/{key}", status=404, json=jr.error("Issue does not exist or you do not have permission to see it."))

    states = tracker.fetch([env.ref(k) for k in keys])

    assert [s.ref.key for s in states] == keys
    assert {s.ref.key for s in states if not s.exists} == gone
    search = "GET /search/jql" if env.cloud else "GET /search"
    assert env.counter.counts[search] == 3


def test_fetch_drops_keys_jira_says_do_not_exist(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    env.add(
        "GET",
        env.search_path(),
        status=400,
        json=jr.error("An issue with key 'OPS-3' does not exist for field 'key'."),
        match=[
            matchers.query_param_matcher({"jql": 'key in ("OPS-1", "OPS-3")'}, strict_match=False)
        ],
    )
    env.search('key in ("OPS-1")', [env.issue("OPS-1")])
    env.add("GET", "issue/OPS-3", status=404, json=jr.error("Issue does not exist or you do not have permission to see it."))

    states = tracker.fetch([env.ref("OPS-1"), env.ref("OPS-3")])

    assert [(s.ref.key, s.exists) for s in states] == [("OPS-1", True), ("OPS-3", False)]


def test_list_managed_returns_every_pmsync_ticket(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    env.search(
        'project = "OPS" AND labels = "pmsync" ORDER BY key ASC',
        [env.issue("OPS-1", labels=("pmsync", LABEL)), env.issue("OPS-2", labels=("pmsync",))],
    )

    states = tracker.list_managed("jira:OPS")

    assert [(s.ref.key, s.marker) for s in states] == [("OPS-1", item_hash(ITEM)), ("OPS-2", None)]


# -- errors and retries ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "error", "text"),
    [
        (
            401,
            jr.error(
                "You are not authenticated. Authentication required to perform this operation."
            ),
            AuthError,
            "not authenticated",
        ),
        (
            403,
            jr.error("You do not have the permission to see the specified issue."),
            PermissionDenied,
            "permission",
        ),
        (
            404,
            jr.error("No project could be found with key 'OPS'."),
            NotFound,
            "No project could be found",
        ),
        (
            400,
            jr.error(jql="Field 'labels' does not exist or you do not have permission to view it."),
            Rejected,
            "Field 'labels'",
        ),
        (
            410,
            jr.error(
                "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."
            ),
            NotFound,
            "has been removed",
        ),
        (500, jr.error("Internal server error"), Unavailable, "Internal server error"),
    ],
    ids=["401", "403", "404", "400", "410", "500"],
)
def test_errors_map_to_tracker_errors_with_jiras_words(
    env: Env, status: int, body: dict[str, Any], error: type[TrackerError], text: str
) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD, max_retries=3)
    env.server_info()
    env.add("GET", env.search_path(), status=status, json=body)

    with pytest.raises(error) as caught:
        tracker.list_managed("jira:OPS")

    assert type(caught.value) is error
    assert caught.value.status == status and caught.value.target == "jira:OPS"
    assert text in caught.value.message and "jira:OPS" in str(caught.value)
    searches = len(env.rsps.calls) - 1
    assert searches == (3 if error.retryable else 1)


def test_rate_limit_retry_after_is_honoured(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    headers = {
        "Retry-After": "7",
        "X-RateLimit-Reset": "2026-11-23T09:01Z",
        "RateLimit-Reason": "jira-burst-based",
    }
    env.add(
        "GET", env.search_path(), status=429, headers=headers, json=jr.error("Rate limit exceeded.")
    )
    env.search('project = "OPS" AND labels = "pmsync" ORDER BY key ASC', [])

    assert tracker.list_managed("jira:OPS") == []

    assert env.sleeps == [7.0]
    ((error, seconds),) = env.waits
    assert isinstance(error, RateLimited) and error.retry_after == 7.0 and seconds == 7.0
    assert "Rate limit exceeded." in error.message


def test_a_retry_after_beyond_the_cap_is_reported_not_retried_early(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD, max_retries=2, max_wait_seconds=30)
    env.server_info()
    env.add(
        "GET",
        env.search_path(),
        status=503,
        headers={"Retry-After": "600"},
        json=jr.error("Try later"),
    )

    with pytest.raises(Unavailable) as caught:
        tracker.list_managed("jira:OPS")

    assert caught.value.retry_after == 600.0
    assert env.sleeps == []  # 600 s is beyond max_wait_seconds: no early retry
    assert len(env.rsps.calls) == 2  # serverInfo + one attempt


def test_an_anonymous_answer_on_data_center_is_an_auth_error(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD, deployment="datacenter")
    env.add(
        "GET",
        "search",
        json=jr.dc_page([], 0, 0),
        headers={"X-Seraph-LoginReason": "AUTHENTICATED_FAILED"},
    )

    with pytest.raises(AuthError, match="AUTHENTICATED_FAILED"):
        tracker.list_managed("jira:OPS")


def test_a_login_page_instead_of_json_is_unavailable(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD, max_retries=1)
    env.server_info()
    env.add(
        "GET",
        env.search_path(),
        body="<html><!-- SecurityTokenMissing --></html>",
        content_type="text/html",
    )

    with pytest.raises(Unavailable, match="not JSON"):
        tracker.list_managed("jira:OPS")


def test_no_token_fails_before_any_request(env: Env) -> None:
    tracker = env.tracker(token=None)
    with pytest.raises(AuthError, match="PMSYNC_JIRA__TOKEN"):
        tracker.get(env.ref("OPS-1"))


def test_a_target_of_another_tracker_is_rejected(env: Env) -> None:
    with pytest.raises(Rejected, match="not a Jira target"):
        env.tracker().poll("github:acme/web", None, NOW)


# -- resolve_ref -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("OPS-12", "OPS-12"),
        ("  ops-12 ", "OPS-12"),
        ("PLAT_2-7", "PLAT_2-7"),
        ("{base}/browse/OPS-12", "OPS-12"),
        ("{base}/browse/OPS-12/", "OPS-12"),
        ("{base}/browse/OPS-12?focusedCommentId=10010", "OPS-12"),
        ("https://elsewhere.example/browse/OPS-12", None),
        ("{base}/projects/OPS/issues", None),
        ("#12", None),
        ("OPS", None),
        ("OPS-0", None),
        ("see OPS-12", None),
    ],
)
def test_resolve_ref_forms(env: Env, written: str, key: str | None) -> None:
    ref = env.tracker().resolve_ref("jira:OPS", written.format(base=env.base))
    assert ref == (env.ref(key) if key else None)


def test_an_item_that_writes_the_address_without_its_scheme_adopts_the_ticket(env: Env) -> None:
    host = env.base.removeprefix("https://")
    fields = extract_fields(f"Add the disk alert, see {host}/browse/OPS-12")
    assert env.tracker().resolve_ref("jira:OPS", fields.ref or "") == env.ref("OPS-12")
    # a path without a host is no reference, so nothing is adopted
    assert extract_fields("Add the disk alert, see config/browse/OPS-12").ref is None


# -- check -------------------------------------------------------------------------------------


def test_check_passes_a_healthy_setup(env: Env) -> None:
    tracker = env.tracker()
    env.server_info()
    env.myself()
    env.add("GET", "project/OPS", json=jr.project(env.base, "OPS", "Bug", "Task"))
    env.create_meta("OPS", "10002", jr.screen(env.base, priorities=PRIORITIES))
    env.add(
        "GET",
        "priority",
        json=jr.priorities(env.base, "Highest", "High", "Medium", "Low", "Lowest"),
    )
    param = "accountId" if env.cloud else "username"
    env.add(
        "GET", "user", json=env.user(), match=[matchers.query_param_matcher({param: env.account})]
    )

    assert tracker.check(["jira:OPS"], [env.account, env.account]) == []


def test_check_reports_every_problem(env: Env) -> None:
    tracker = env.tracker(priorities={"P0": "Blocker"})
    env.server_info()
    env.myself()
    env.add("GET", "project/OPS", json=jr.project(env.base, "OPS", "Bug", "Story"))
    env.add(
        "GET",
        "project/NOPE",
        status=404,
        json=jr.error("No project could be found with key 'NOPE'."),
    )
    env.add(
        "GET",
        "priority",
        json=jr.priorities(env.base, "Highest", "High", "Medium", "Low", "Lowest"),
    )
    param = "accountId" if env.cloud else "username"
    env.add(
        "GET",
        "user",
        json=env.user(active=False),
        match=[matchers.query_param_matcher({param: env.account})],
    )
    env.add(
        "GET",
        "user",
        status=404,
        json=jr.error("The user with account ID 'ghost' does not exist"),
        match=[matchers.query_param_matcher({param: "ghost"})],
    )

    problems = tracker.check(["jira:OPS", "jira:NOPE"], [env.account, "ghost"])

    found = {(p.target, p.severity): p.message for p in problems}
    assert len(problems) == 5
    assert "no issue type 'Task'" in found["jira:OPS", "error"]
    assert "No project could be found with key 'NOPE'." in found["jira:NOPE", "error"]
    assert "deactivated" in found["jira", "warning"]
    messages = " | ".join(p.message for p in problems)
    assert "priority 'Blocker' (for P0) does not exist" in messages
    assert "'ghost' does not exist" in messages


def test_check_with_rejected_credentials_reports_once_per_target(env: Env) -> None:
    tracker = env.tracker(deployment="cloud" if env.cloud else "datacenter")
    env.add(
        "GET",
        "myself",
        status=401,
        json=jr.error("Client must be authenticated to access this resource."),
    )

    problems = tracker.check(["jira:OPS", "jira:PAY"], [env.account])

    assert [p.target for p in problems] == ["jira:OPS", "jira:PAY"]
    assert all("Client must be authenticated" in p.message for p in problems)


# -- pure translation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "names"),
    [
        (
            [jr.sprint_cloud(1, "Sprint 1", "active"), jr.sprint_cloud(2, "Sprint 2", "future")],
            ("Sprint 1", "Sprint 2"),
        ),
        ([jr.sprint_cloud(1, "Sprint 1", "closed")], ()),
        ([jr.sprint_dc(1, "Sprint 1", "active")], ("Sprint 1",)),
        ([jr.sprint_dc(3, "Q4, week 2 [ops]", "future")], ("Q4, week 2 [ops]",)),
        ([jr.sprint_dc(1, "Old", "closed"), jr.sprint_dc(2, "New", "active")], ("New",)),
        (
            [
                "com.atlassian.greenhopper.service.sprint.Sprint@9[id=9,rapidViewId=1,state=ACTIVE,name=Last]"
            ],
            ("Last",),
        ),
        (
            [
                "com.atlassian.greenhopper.service.sprint.Sprint@9[id=9]",
                7,
                None,
                {"name": "no state"},
            ],
            (),
        ),
        (None, ()),
        ("not a list", ()),
    ],
    ids=[
        "cloud",
        "cloud-closed",
        "dc",
        "dc-comma-name",
        "dc-mixed",
        "dc-name-last",
        "junk",
        "none",
        "str",
    ],
)
def test_sprints_from_cloud_objects_and_dc_strings(value: Any, names: tuple[str, ...]) -> None:
    assert payloads.parse_sprints(value) == names


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=600))
def test_a_summary_is_one_line_of_at_most_255_characters(text: str) -> None:
    summary = payloads.summary_text(text)
    collapsed = one_line(text)
    assert len(summary) <= 255 and "\n" not in summary
    if len(collapsed) <= 255:
        assert summary == collapsed
    else:
        assert summary.endswith("…") and collapsed.startswith(summary[:-1].rstrip(" ,;:.-\\"))


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_create_answered_with_another_5xx_may_have_happened(env: Env, status: int) -> None:
    tracker = env.tracker()
    env.server_info()
    env.add("POST", "issue", status=status, json=jr.error("Internal server error"))

    with pytest.raises(WriteOutcomeUnknown):
        tracker.create("jira:OPS", spec())
    assert env.counter.counts["POST /issue"] == 1


def test_fetch_follows_a_ticket_moved_to_another_project(env: Env) -> None:
    tracker = env.tracker(sprint_field=jr.SPRINT_FIELD)
    env.server_info()
    env.search('key in ("OPS-1")', [env.issue("PLAT-1")])  # Jira answers with the new key
    env.add("GET", "issue/OPS-1", json=env.issue("PLAT-1"))

    (state,) = tracker.fetch([env.ref("OPS-1")])

    assert state.exists and state.ref.key == "PLAT-1"
