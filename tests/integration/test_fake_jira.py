"""The fake Jira against the real `jira` client, in Cloud and Data Center mode."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
import requests
from jira import JIRA, JIRAError

from tests.fakes.jira_server import ADMIN_ID, SEARCH_REMOVED, SPRINT_FIELD, FakeJira

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
JIRA_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$")


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["cloud", "datacenter"])
def fake(request: pytest.FixtureRequest, clock: Clock) -> Iterator[FakeJira]:
    with FakeJira(request.param, clock=clock) as server:
        server.add_project("OPS", name="Operations")
        server.add_project("PAY", name="Payments")
        server.add_user("alice", "Alice Example", email="alice@example.com")
        server.add_user("bob", "Bob Example", email="bob@example.com")
        yield server


@pytest.fixture
def client(fake: FakeJira) -> JIRA:
    return JIRA(**fake.auth_kwargs(), max_retries=0)


def user_ref(fake: FakeJira, user_id: str) -> dict[str, str]:
    return {"accountId": user_id} if fake.cloud else {"name": user_id}


def user_id_of(fake: FakeJira, user: object) -> str:
    return user.accountId if fake.cloud else user.name  # type: ignore[attr-defined]


def create(client: JIRA, summary: str = "Add alerting on queue depth", **fields: object):
    base = {"project": {"key": "OPS"}, "issuetype": {"name": "Task"}, "summary": summary}
    return client.create_issue(fields={**base, **fields})


def search(fake: FakeJira, client: JIRA, query: str, **kwargs: object) -> list:
    if fake.cloud:
        return list(client.enhanced_search_issues(query, maxResults=0, **kwargs))
    return list(client.search_issues(query, maxResults=False, **kwargs))


def error_of(call, *args, **kwargs) -> JIRAError:
    with pytest.raises(JIRAError) as info:
        call(*args, **kwargs)
    return info.value


# ---- construction and metadata -----------------------------------------------------------------


def test_construction_and_metadata(fake: FakeJira, client: JIRA) -> None:
    info = client.server_info()
    assert info["deploymentType"] == ("Cloud" if fake.cloud else "Server")
    assert client._is_cloud is fake.cloud
    me = client.myself()
    assert me["timeZone"] == "UTC"
    assert ("accountId=" if fake.cloud else "username=") in me["self"]
    sprint = next(f for f in client.fields() if f["id"] == SPRINT_FIELD)
    assert sprint["schema"]["custom"] == "com.pyxis.greenhopper.jira:gh-sprint"
    assert [p.name for p in client.priorities()] == ["Highest", "High", "Medium", "Low", "Lowest"]
    project = client.project("OPS")
    assert project.name == "Operations"
    assert "Task" in [t.name for t in project.issueTypes]
    assert "Task" in [t.name for t in client.issue_types()]
    alice = client.user("alice")
    assert user_id_of(fake, alice) == "alice"
    assert alice.displayName == "Alice Example"
    found = client.search_users(query="Ali") if fake.cloud else client.search_users(user="ali")
    assert [user_id_of(fake, u) for u in found] == ["alice"]
    assert fake.requests["GET /rest/api/2/serverInfo"] == 2  # construction + server_info()


def test_session_validation_is_data_center_only(fake: FakeJira) -> None:
    if fake.cloud:
        assert requests.get(f"{fake.url}/rest/auth/1/session", auth=(fake.email, fake.token), timeout=5).status_code == 404
    else:
        validated = JIRA(**fake.auth_kwargs(), validate=True, max_retries=0)
        assert validated.current_user() == fake.account


def test_cloud_user_objects_have_no_name(fake: FakeJira, client: JIRA) -> None:
    issue = create(client, assignee=user_ref(fake, "alice"))
    raw = issue.raw["fields"]["assignee"]
    if fake.cloud:
        assert "name" not in raw and raw["accountId"] == "alice"
        assert raw["self"].endswith("/user?accountId=alice")
    else:
        assert raw["name"] == "alice" and raw["key"].startswith("JIRAUSER")
        assert raw["self"].endswith("/user?username=alice")
    assert user_id_of(fake, issue.fields.assignee) == "alice"


# ---- issues ------------------------------------------------------------------------------------


def test_create_with_dicts_makes_no_lookups_and_reads_by_key_and_id(fake: FakeJira, client: JIRA) -> None:
    fake.reset_counters()
    issue = create(client, labels=["pmsync", "pmsync-abc123"], priority={"name": "High"}, duedate="2026-12-31")
    assert dict(fake.requests) == {"POST /rest/api/2/issue": 1, "GET /rest/api/2/issue/{key}": 1}
    assert fake.request_log[0].status == 201
    assert fake.writes == 1
    assert issue.key == "OPS-1"
    by_id = client.issue(issue.id)
    assert by_id.key == "OPS-1"
    f = by_id.fields
    assert (f.summary, f.priority.name, f.duedate, f.labels) == ("Add alerting on queue depth", "High", "2026-12-31", ["pmsync", "pmsync-abc123"])
    assert (f.status.name, f.status.statusCategory.key, f.resolution, f.resolutiondate) == ("To Do", "new", None, None)
    assert user_id_of(fake, f.reporter) == fake.account
    assert f.assignee is None
    assert JIRA_TIME.match(f.created) and f.created == "2026-11-23T09:00:00.000+0000"
    assert f.comment.total == 0 and f.issuelinks == []
    assert getattr(f, SPRINT_FIELD) is None
    assert by_id.raw["self"].endswith(f"/rest/api/2/issue/{issue.id}")


def test_update_uses_self_url_and_changes_fields(fake: FakeJira, client: JIRA, clock: Clock) -> None:
    issue = create(client, labels=["pmsync"], duedate="2026-12-31")
    fake.reset_counters()
    clock.advance(minutes=5)
    issue.update(fields={"summary": "Alert on queue depth", "duedate": None, "assignee": user_ref(fake, "bob")}, notify=False)
    put = fake.request_log[0]
    assert (put.method, put.path, put.query, put.status) == ("PUT", f"/rest/api/2/issue/{issue.id}", {"notifyUsers": ["false"]}, 204)
    assert put.body == {"fields": {"summary": "Alert on queue depth", "duedate": None, "assignee": user_ref(fake, "bob")}, "update": {}}
    assert fake.requests["GET /rest/api/2/issue/{key}"] == 1  # the reload
    assert (issue.fields.summary, issue.fields.duedate) == ("Alert on queue depth", None)
    assert user_id_of(fake, issue.fields.assignee) == "bob"
    assert issue.fields.updated == "2026-11-23T09:05:00.000+0000"
    issue.update(update={"labels": [{"add": "backlog"}, {"remove": "pmsync"}]})
    assert issue.fields.labels == ["backlog"]
    assert fake.writes == 2
    issue.update(fields={"summary": "Alert on queue depth"})  # no change: no write, no history
    assert fake.writes == 2
    assert len(fake.issue(issue.key).histories) == 2


def test_validation_errors_carry_jira_text(fake: FakeJira, client: JIRA) -> None:
    cases = [
        ({"priority": {"name": "P1"}}, "Priority name 'P1' is not valid"),
        ({"priority": {"id": "42"}}, "The priority selected is invalid."),
        ({"assignee": {"emailAddress": "alice@example.com"}}, f"expected Object containing a '{'accountId' if fake.cloud else 'name'}' property"),
        ({"assignee": user_ref(fake, "nobody")}, "User 'nobody' does not exist."),
        ({"summary": "x" * 256}, "Summary must be less than 255 characters."),
        ({"labels": ["needs review"]}, "The label 'needs review' contains spaces which is invalid."),
        ({"duedate": "31/12/2026"}, "Error parsing date string: 31/12/2026"),
        ({"project": {"key": "NOPE"}}, "valid project is required"),
        ({"customfield_99999": "x"}, "Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown."),
    ]
    for fields, message in cases:
        err = error_of(create, client, **fields)
        assert (err.status_code, err.text) == (400, message)
    err = error_of(client.create_issue, fields={"project": {"key": "OPS"}, "issuetype": {"name": "Task"}})
    assert err.text == "You must specify a summary of the issue."
    assert err.response.json() == {"errorMessages": [], "errors": {"summary": "You must specify a summary of the issue."}}
    assert error_of(client.project, "NOPE").status_code == 404
    missing = error_of(client.issue, "OPS-999")
    assert (missing.status_code, missing.text) == (404, "Issue does not exist or you do not have permission to see it.")
    assert fake.issues() == [] and fake.writes == 0


def test_bad_credentials_and_missing_permission(fake: FakeJira, client: JIRA) -> None:
    wrong = {**fake.auth_kwargs()}
    if fake.cloud:
        wrong["basic_auth"] = (fake.email, "wrong-token")
    else:
        wrong["token_auth"] = "wrong-pat"
    assert error_of(JIRA, **wrong, max_retries=0).status_code == 401
    fake.add_user("carol", "Carol Outsider", email="carol@example.com", project_access={"PAY"}, token="carol-token")
    as_carol = JIRA(fake.url, max_retries=0, **({"basic_auth": ("carol@example.com", "carol-token")} if fake.cloud else {"token_auth": "carol-token"}))
    denied = error_of(create, as_carol)
    assert (denied.status_code, denied.text) == (403, "You do not have permission to create issues in this project.")
    assert as_carol.create_issue(fields={"project": {"key": "PAY"}, "issuetype": {"name": "Task"}, "summary": "ok"}).key == "PAY-1"
    fake.set_project_access("alice", {"PAY"})
    unassignable = error_of(create, client, assignee=user_ref(fake, "alice"))
    assert unassignable.text == "User 'alice' cannot be assigned issues."


def test_transitions_comments_properties_and_delete(fake: FakeJira, client: JIRA) -> None:
    issue = create(client)
    names = {t["name"]: t["id"] for t in client.transitions(issue)}
    assert set(names) == {"Backlog", "In Progress", "Blocked", "In Review", "Done"}
    client.transition_issue(issue, "Done", fields={"resolution": {"name": "Won't Do"}}, comment="Superseded")
    assert fake.request_log[-1].status == 204
    done = client.issue(issue.key)
    assert (done.fields.status.statusCategory.key, done.fields.resolution.name) == ("done", "Won't Do")
    assert JIRA_TIME.match(done.fields.resolutiondate)
    comment = client.add_comment(issue.key, "Verified in staging")
    assert fake.request_log[-1].status == 201
    assert [c.body for c in client.comments(issue.key)] == ["Superseded", "Verified in staging"]
    assert user_id_of(fake, comment.author) == fake.account
    client.add_issue_property(issue.key, "pmsync", {"item": "INC-7/1"})
    assert fake.request_log[-1].status == 201
    client.add_issue_property(issue.key, "pmsync", {"item": "INC-7/2"})
    assert fake.request_log[-1].status == 200
    assert client.issue_property(issue.key, "pmsync").value.item == "INC-7/2"
    client.issue(issue.key).delete()
    assert fake.request_log[-1].status == 204
    assert error_of(client.issue, issue.key).status_code == 404


def test_assign_issue_goes_through_latest(fake: FakeJira, client: JIRA) -> None:
    key = create(client).key
    client.assign_issue(key, "alice")
    put = fake.request_log[-1]
    assert (put.method, put.path, put.status) == ("PUT", f"/rest/api/latest/issue/{key}/assignee", 204)
    assert put.body == user_ref(fake, "alice")
    assert fake.issue(key).assignee == "alice"
    client.assign_issue(key, None)
    assert fake.issue(key).assignee is None


def test_secondary_metadata_and_item_routes(fake: FakeJira, client: JIRA) -> None:
    assert {(s.name, s.statusCategory.key) for s in client.statuses()} >= {("Backlog", "new"), ("Blocked", "indeterminate"), ("Done", "done")}
    assert [r.name for r in client.resolutions()] == ["Done", "Won't Do", "Duplicate", "Cannot Reproduce"]
    assert [p.key for p in client.projects()] == ["OPS", "PAY"]
    fake.set_project_access("bob", {"PAY"})
    term = {"query": "example"} if fake.cloud else {"username": "example"}
    assignable = client.search_assignable_users_for_issues(project="OPS", **term)
    assert [user_id_of(fake, u) for u in assignable] == ["alice"]
    key = create(client).key
    for n in range(3):
        fake.human_update(key, "alice", summary=f"summary {n}")
    changelog_url = f"{fake.url}/rest/api/2/issue/{key}/changelog"
    if fake.cloud:  # oldest first, paged; Data Center has no such route
        page = client._session.get(changelog_url, params={"maxResults": 2}).json()
        assert (page["total"], page["isLast"], [v["items"][0]["toString"] for v in page["values"]]) == (3, False, ["summary 0", "summary 1"])
    else:
        assert error_of(client._session.get, changelog_url).status_code == 404
    with pytest.warns(Warning) if fake.cloud else contextlib.nullcontext():
        added = client.add_remote_link(key, {"url": "https://docs/inc-9", "title": "INC-9"}, globalId="g-9")
    link = client.remote_link(key, str(added.id))
    assert link.object.url == "https://docs/inc-9"
    link.delete()
    assert client.remote_links(key) == []
    client.add_issue_property(key, "pmsync", {"v": 1})
    client.issue_property(key, "pmsync").delete()
    assert client.issue_properties(key) == []
    assert error_of(client.issue_property, key, "pmsync").status_code == 404


def test_concurrent_clients_get_distinct_issues(fake: FakeJira) -> None:
    def create_some(n: int) -> list[str]:
        own = JIRA(**fake.auth_kwargs(), max_retries=0)
        return [create(own, f"item {n}-{i}").key for i in range(5)]

    with ThreadPoolExecutor(max_workers=6) as pool:
        keys = [k for batch in pool.map(create_some, range(6)) for k in batch]
    assert sorted(keys, key=lambda k: int(k.split("-")[1])) == [f"OPS-{n}" for n in range(1, 31)]
    assert fake.writes == 30 and fake.requests["POST /rest/api/2/issue"] == 30


def test_remote_link_global_id_upsert(fake: FakeJira, client: JIRA) -> None:
    issue = create(client)
    gid = "pmsync=INC-7/1"
    # Cloud answers the applinks probe with 404; the client warns and carries on.
    applinks_probe = pytest.warns(Warning, match="applicationlinks") if fake.cloud else contextlib.nullcontext()
    with applinks_probe:
        first = client.add_remote_link(issue.key, {"url": "https://docs/inc-7", "title": "INC-7"}, globalId=gid)
        assert fake.request_log[-1].status == 201
        second = client.add_remote_link(issue.key, {"url": "https://docs/inc-7", "title": "INC-7 (renamed)"}, globalId=gid)
        assert fake.request_log[-1].status == 200
    assert first.id == second.id
    links = client.remote_links(issue.key)
    assert [(lk.globalId, lk.object.title) for lk in links] == [(gid, "INC-7 (renamed)")]
    applinks = fake.requests["GET /rest/applinks/latest/listApplicationlinks"]
    assert applinks == (2 if fake.cloud else 1)  # a 404 is not cached by the client
    with pytest.raises(JIRAError) as info:
        client.add_simple_link(issue.key, {"url": "https://docs/inc-8"})
    assert info.value.text == "'title' is required."


# ---- search ---------------------------------------------------------------------------------------


def test_search_pages_through_250_issues(fake: FakeJira, client: JIRA) -> None:
    for n in range(250):
        fake.seed_issue("OPS", f"item {n}", labels=["pmsync"])
    fake.seed_issue("PAY", "elsewhere", labels=["pmsync"])
    fake.reset_counters()
    found = search(fake, client, "project = OPS AND labels = pmsync ORDER BY key ASC")
    assert [i.key for i in found] == [f"OPS-{n}" for n in range(1, 251)]
    endpoint = "GET /rest/api/2/search/jql" if fake.cloud else "GET /rest/api/2/search"
    assert fake.requests[endpoint] == 3
    pages = [r for r in fake.request_log if r.path.endswith(("/search", "/search/jql"))]
    if fake.cloud:
        assert [r.query.get("nextPageToken") is None for r in pages] == [True, False, False]
        one_page = client.enhanced_search_issues("project = OPS", maxResults=50)
        assert len(one_page) == 50 and one_page.nextPageToken
    else:
        assert [r.query["startAt"] for r in pages] == [["0"], ["100"], ["200"]]
        assert all(r.query["validateQuery"] == ["True"] for r in pages)
        first = client.search_issues("project = OPS", maxResults=10)
        assert (len(first), first.total) == (10, 250)


def test_page_size_cap_is_configurable(fake: FakeJira) -> None:
    with FakeJira(fake.mode, max_results_cap=20) as small:
        small.add_project("OPS")
        for n in range(45):
            small.seed_issue("OPS", f"item {n}")
        found = search(small, JIRA(**small.auth_kwargs(), max_retries=0), "project = OPS")
        assert len({i.key for i in found}) == 45
        assert sum(n for k, n in small.requests.items() if k.endswith(("/search", "/search/jql"))) == 3


def test_cloud_search_endpoint_is_gone(fake: FakeJira) -> None:
    legacy = JIRA(**fake.auth_kwargs(), get_server_info=False, max_retries=0)  # assumes Server: /search
    if fake.cloud:
        err = error_of(legacy.search_issues, "project = OPS")
        assert (err.status_code, err.text) == (410, SEARCH_REMOVED)
        assert requests.get(f"{fake.url}/rest/api/2/search/jql?jql=project%3DOPS", auth=(fake.email, fake.token), timeout=5).json() == {"issues": [], "isLast": True}
    else:
        assert list(legacy.search_issues("project = OPS")) == []
        assert legacy.enhanced_search_issues("project = OPS") is None  # @cloud_api: a warning, no call
        assert not any(r.path.endswith("/search/jql") for r in fake.request_log)


def test_search_returns_only_requested_fields(fake: FakeJira, client: JIRA) -> None:
    fake.seed_issue("OPS", "one", labels=["pmsync"], priority="Low")
    found = search(fake, client, "project = OPS", fields=["summary", "labels"])
    raw = found[0].raw
    assert set(raw["fields"]) == {"summary", "labels"}
    assert raw["key"] == "OPS-1" and raw["id"]
    everything = search(fake, client, "project = OPS")[0].raw["fields"]
    assert {"status", "priority", "assignee", "updated", SPRINT_FIELD, "issuelinks"} <= set(everything)
    if fake.cloud:
        response = requests.get(f"{fake.url}/rest/api/3/search/jql", params={"jql": "project = OPS"}, auth=(fake.email, fake.token), timeout=5)
        assert response.json()["issues"][0]["fields"] == {}  # ids only unless fields are asked for


def test_jql_clauses_dates_and_order(fake: FakeJira, client: JIRA, clock: Clock) -> None:
    old = fake.seed_issue("OPS", "old", labels=["pmsync"], priority="Low")
    clock.advance(hours=2)
    fresh = fake.seed_issue("OPS", "fresh", labels=["pmsync"], priority="Highest", assignee="alice")
    other = fake.seed_issue("PAY", "other project", labels=["pmsync"])
    plain = fake.seed_issue("OPS", "no marker")
    clock.advance(minutes=10)

    def keys(query: str) -> list[str]:
        return [i.key for i in search(fake, client, query)]

    assert keys('labels = pmsync AND project = OPS AND updated >= "2026-11-23 10:30"') == [fresh]
    assert keys('labels = pmsync AND project = OPS AND updated >= "2026/11/23 09:00"') == [fresh, old]
    assert keys("labels = pmsync AND updated >= -15m") == [other, fresh]
    assert keys("labels = pmsync AND created < 2026-11-24 ORDER BY created ASC, key ASC") == [old, fresh, other]
    assert keys(f"key in ({old}, {other}) ORDER BY key DESC") == [other, old]
    assert keys("project = OPS ORDER BY priority DESC, key ASC") == [fresh, plain, old]
    assert keys("project = OPS AND (assignee is EMPTY OR labels is EMPTY) ORDER BY key") == [old, plain]
    assert keys(f"project = OPS AND assignee = {'alice'} AND statusCategory != Done") == [fresh]
    assert keys("project = OPS AND labels not in (pmsync)") == []  # an empty field never matches !=
    assert keys("project = OPS AND assignee = currentUser()") == []
    assert keys("project = PAY AND updated <= now()") == [other]
    assert keys('project in (OPS, "Payments") AND NOT labels = pmsync') == [plain]
    fake.human_transition(old, "Done", "bob")
    assert keys('project = OPS AND status = "Done"') == [old]
    assert keys("issuekey = " + old + " AND statusCategory = done") == [old]


def test_jql_errors_are_400_with_jira_messages(fake: FakeJira, client: JIRA) -> None:
    fake.seed_issue("OPS", "one")
    cases = {
        "project = OPS AND": "Error in the JQL Query: Expecting a field name but reached the end of the query. (line 1, character 18)",
        "project = OPS labels = x": "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'labels'. (line 1, character 15)",
        'summary ~ "x"': "Field 'summary' does not exist or you do not have permission to view it.",
        "project = NOPE": "The value 'NOPE' does not exist for the field 'project'.",
        "key in (OPS-1, OPS-77)": "An issue with key 'OPS-77' does not exist for field 'key'.",
        "labels > x": "The operator '>' is not supported by the 'labels' field.",
        'updated >= "yesterday"': "Date value 'yesterday' for field 'updated' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.",
        'project = "OPS': "Error in the JQL Query: The quoted string 'OPS' has not been completed. (line 1, character 11)",
    }
    for query, message in cases.items():
        err = error_of(search, fake, client, query)
        assert (err.status_code, err.text) == (400, message), query
    if fake.cloud:
        assert error_of(search, fake, client, "ORDER BY key").text.startswith("Unbounded JQL queries")
    else:  # validateQuery=False turns unknown values into warnings
        assert [i.key for i in client.search_issues("key in (OPS-1, OPS-77)", validate_query=False)] == ["OPS-1"]


def test_cloud_approximate_count(fake: FakeJira, client: JIRA) -> None:
    fake.seed_issue("OPS", "one", labels=["pmsync"])
    fake.seed_issue("OPS", "two")
    if fake.cloud:
        assert client.approximate_issue_count("labels = pmsync") == 1
    else:
        assert client.approximate_issue_count("labels = pmsync") is None  # @cloud_api: a warning, no call
        assert not any("approximate-count" in r.path for r in fake.request_log)


# ---- humans and history ------------------------------------------------------------------------------


def test_changelog_records_human_actions(fake: FakeJira, client: JIRA, clock: Clock) -> None:
    key = create(client, priority={"name": "High"}, duedate="2026-12-01", labels=["pmsync"]).key
    fake.add_sprint(7, "Sprint 7", "active")
    fake.set_sprint(key, 7, actor="alice")
    clock.advance(hours=1)
    fake.human_update(key, "alice", priority="Low", duedate="2027-01-15", add_labels=["backlog"], assignee="bob")
    clock.advance(hours=1)
    fake.set_sprint(key, None, actor="bob")
    fake.human_transition(key, "Done", "bob", resolution="Won't Do")
    issue = client.issue(key, expand="changelog")
    histories = issue.changelog.histories
    assert [h.created for h in histories] == ["2026-11-23T11:00:00.000+0000"] * 2 + ["2026-11-23T10:00:00.000+0000", "2026-11-23T09:00:00.000+0000"]
    assert [user_id_of(fake, h.author) for h in histories] == ["bob", "bob", "alice", "alice"]
    transition, unsprint, edit, sprint = ({i.field: i for i in h.items} for h in histories)
    assert (transition["status"].fromString, transition["status"].toString) == ("To Do", "Done")
    assert transition["resolution"].toString == "Won't Do"
    assert (unsprint["Sprint"].fromString, unsprint["Sprint"].toString) == ("Sprint 7", "")
    assert (sprint["Sprint"].to, sprint["Sprint"].toString) == ("7", "Sprint 7")
    assert (edit["priority"].fromString, edit["priority"].toString) == ("High", "Low")
    assert (getattr(edit["duedate"], "from"), edit["duedate"].to) == ("2026-12-01", "2027-01-15")
    assert (edit["labels"].fromString, edit["labels"].toString) == ("pmsync", "pmsync backlog")
    assert edit["assignee"].toString == "Bob Example"
    assert hasattr(edit["priority"], "fieldId") is fake.cloud
    assert issue.fields.updated == "2026-11-23T11:00:00.000+0000"
    assert (issue.fields.resolution.name, issue.fields.status.statusCategory.key) == ("Won't Do", "done")


def test_sprint_field_shape(fake: FakeJira, client: JIRA) -> None:
    fake.add_sprint(1, "Sprint 1", "closed")
    fake.add_sprint(2, "Sprint 2", "active")
    key = create(client).key
    fake.set_sprint(key, 1)
    client.issue(key).update(fields={SPRINT_FIELD: 2})
    value = client.issue(key).raw["fields"][SPRINT_FIELD]
    if fake.cloud:
        assert [(s["id"], s["name"], s["state"]) for s in value] == [(1, "Sprint 1", "closed"), (2, "Sprint 2", "active")]
    else:
        assert re.match(r"^com\.atlassian\.greenhopper\.service\.sprint\.Sprint@\w+\[id=2,rapidViewId=1,state=ACTIVE,name=Sprint 2,", value[1])
    err = error_of(client.issue(key).update, fields={SPRINT_FIELD: 1})
    assert err.text == "Issue can be assigned only active or future sprints."


def test_comments_links_and_moves(fake: FakeJira, client: JIRA) -> None:
    key = create(client).key
    blocker = create(client, "Upgrade the broker").key
    fake.add_comment_as(key, "alice", "Verified by replaying the incident load")
    fake.link_blocked_by(key, blocker)
    issue = client.issue(key)
    comment = issue.fields.comment.comments[0]
    assert (user_id_of(fake, comment.author), comment.body) == ("alice", "Verified by replaying the incident load")
    link = issue.fields.issuelinks[0]
    assert (link.type.inward, link.inwardIssue.key, link.inwardIssue.fields.status.name) == ("is blocked by", blocker, "To Do")
    assert client.issue(blocker).fields.issuelinks[0].outwardIssue.key == key
    new_key = fake.move_issue(key, "PAY", actor=ADMIN_ID)
    moved = client.issue(key)
    assert (moved.key, new_key) == ("PAY-1", "PAY-1")
    assert [i.key for i in search(fake, client, f"key = {key}")] == ["PAY-1"]
    fake.delete_issue(blocker)
    assert client.issue(new_key).fields.issuelinks == []
    assert error_of(client.issue, blocker).status_code == 404


def test_rest_api_3_speaks_adf(fake: FakeJira) -> None:
    if not fake.cloud:  # Data Center has no v3: construction already fails
        assert error_of(JIRA, **fake.auth_kwargs(), options={"rest_api_version": "3"}, max_retries=0).status_code == 404
        return
    v3 = JIRA(**fake.auth_kwargs(), options={"rest_api_version": "3"}, max_retries=0)
    doc = {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Why"}]}]}
    issue = v3.create_issue(fields={"project": {"key": "OPS"}, "issuetype": {"name": "Task"}, "summary": "s", "description": doc})
    assert issue.raw["fields"]["description"] == doc
    assert fake.issue(issue.key).description == "Why"
    err = error_of(v3.create_issue, fields={"project": {"key": "OPS"}, "issuetype": {"name": "Task"}, "summary": "s", "description": "plain"})
    assert err.status_code == 400 and "Atlassian Document" in err.text


# ---- faults -----------------------------------------------------------------------------------------


def test_rate_limit_and_server_errors(fake: FakeJira, client: JIRA) -> None:
    fake.fail_next(1, status=429, retry_after=7, path="*/search*")
    err = error_of(search, fake, client, "project = OPS")
    assert err.status_code == 429
    assert err.response.headers["Retry-After"] == "7"
    assert err.response.headers["X-RateLimit-Remaining"] == "0"
    assert search(fake, client, "project = OPS") == []  # the fault is spent
    fake.fail_next(2, status=503, retry_after=3, method="POST", path="/rest/api/2/issue")
    client.issue_types()  # other requests are untouched
    assert error_of(create, client).status_code == 503
    assert error_of(create, client).response.headers["Retry-After"] == "3"
    fake.fail_next(1, status=500, method="GET", path="/rest/api/2/issue/{key}")
    assert error_of(create, client).status_code == 500  # the create worked; the read-back failed
    assert [i.key for i in fake.issues()] == ["OPS-1"]


def test_dropped_connection_after_create(fake: FakeJira, client: JIRA) -> None:
    fake.drop_after_create()
    with pytest.raises(requests.exceptions.ConnectionError):
        create(client, labels=["pmsync-abc123"])
    assert [i.labels for i in fake.issues()] == [["pmsync-abc123"]]
    assert fake.request_log[-1].status is None
    assert create(client).key == "OPS-2"  # only the next create was dropped


def test_index_lag_hides_new_issues(fake: FakeJira, client: JIRA, clock: Clock) -> None:
    fake.index_lag(30)
    key = create(client, labels=["pmsync-abc123"]).key
    assert client.issue(key).key == key  # reads by key are consistent
    assert search(fake, client, "labels = pmsync-abc123") == []
    if fake.cloud:
        reconciled = client.enhanced_search_issues("labels = pmsync-abc123", reconcileIssues=[int(client.issue(key).id)])
        assert [i.key for i in reconciled] == [key]
    clock.advance(seconds=31)
    assert [i.key for i in search(fake, client, "labels = pmsync-abc123")] == [key]


def test_auth_broken_toggle(fake: FakeJira, client: JIRA) -> None:
    fake.auth_broken = True
    err = error_of(client.myself)
    assert (err.status_code, err.text) == (401, "You are not authenticated. Authentication required to perform this operation.")
    fake.auth_broken = False
    assert client.myself()["displayName"] == "pmsync bot"


def test_issue_snapshot_and_counters(fake: FakeJira, client: JIRA) -> None:
    key = create(client, duedate="2026-12-24").key
    snapshot = fake.issue(key)
    snapshot.summary = "changed only in the copy"
    assert fake.issue(key).summary == "Add alerting on queue depth"
    assert fake.issue(key).duedate == date(2026, 12, 24)
    assert fake.writes == 1
    fake.reset_counters()
    assert (fake.writes, fake.request_log, sum(fake.requests.values())) == (0, [], 0)
