"""JiraTracker against the answers real Jira sites give set-ups beyond the defaults.

Each answer is shaped as Atlassian documents or people quote it: the 400 for a priority
outside the project's priority scheme (Cloud "The priority selected is invalid.", Data
Center "This priority is not available for this project."), the 400 for a field off the
create screen, `expand=changelog` holding only the newest 100 histories of a longer
changelog (the paged `GET /issue/{key}/changelog`, Cloud OpenAPI `getChangeLogs`), a 429
without Retry-After (JRACLOUD-82801), a refused connection, and create metadata
(`GET /issue/createmeta/{project}/issuetypes/{id}`, `PageOfCreateMetaIssueTypeWithField`).
Strict mocks as in test_jira_adapter: every request is pinned.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import requests
from responses import matchers
from urllib3.exceptions import MaxRetryError, NewConnectionError

from adapters.trackers.base import Rejected, Unreachable
from tests.contract import jira_responses as jr
from tests.contract.test_jira_adapter import GET_FIELDS, PRIORITIES, Env, env, spec

__all__ = ["env"]  # the fixture, shared with test_jira_adapter

SCREEN_ERROR = "Field 'duedate' cannot be set. It is not on the appropriate screen, or unknown."


def scheme_error(env: Env) -> str:
    return (
        "The priority selected is invalid."
        if env.cloud
        else "This priority is not available for this project."
    )


def sent(env: Env, call: int) -> dict[str, Any]:
    return env.body(call)["fields"]


def post_issue(
    env: Env, *, status: int = 201, body: Any = None, without: tuple[str, ...] = ()
) -> None:
    """One POST /issue whose body must lack `without` (and carry every other field pmsync sets)."""

    def lacks(request: Any) -> tuple[bool, str]:
        fields = json.loads(request.body)["fields"]
        missing = [name for name in without if name in fields]
        return (not missing, f"sent {missing}")

    env.add("POST", "issue", status=status, json=body, match=[lacks])


# -- priority schemes and create screens --------------------------------------------------------


def test_a_priority_outside_the_projects_scheme_still_gets_a_ticket(env: Env) -> None:
    tracker = env.tracker(deployment="cloud" if env.cloud else "datacenter")
    post_issue(env, status=400, body=jr.error(priority=scheme_error(env)))
    post_issue(env, body=jr.created(env.base, "OPS-24"), without=("priority",))
    # the next create at the same level goes out once, without the refused priority ...
    post_issue(env, body=jr.created(env.base, "OPS-25", "10002"), without=("priority",))
    # ... while another level's priority is still sent
    post_issue(env, body=jr.created(env.base, "OPS-26", "10003"))

    first = tracker.create("jira:OPS", spec(doc_url=None))
    second = tracker.create("jira:OPS", spec(doc_url=None, item_key="INC-7/other"))
    third = tracker.create("jira:OPS", spec(doc_url=None, item_key="INC-7/third", priority="P2"))

    assert sent(env, 0)["priority"] == {"name": "High"}
    assert first.ref.key == "OPS-24" and first.priority is None and first.due == date(2026, 12, 18)
    assert first.dropped == (("priority", scheme_error(env)),)
    assert second.dropped == first.dropped and second.priority is None
    assert sent(env, 3)["priority"] == {"name": "Medium"} and third.dropped == ()


def test_a_due_date_off_the_create_screen_gives_a_ticket_without_it(env: Env) -> None:
    tracker = env.tracker(deployment="cloud" if env.cloud else "datacenter")
    post_issue(env, status=400, body=jr.error(duedate=SCREEN_ERROR))
    post_issue(env, body=jr.created(env.base, "OPS-24"), without=("duedate",))
    post_issue(env, body=jr.created(env.base, "OPS-25", "10002"), without=("duedate",))

    state = tracker.create("jira:OPS", spec(doc_url=None))
    later = tracker.create("jira:OPS", spec(doc_url=None, item_key="x/y", due=date(2027, 1, 5)))

    assert state.due is None and state.priority == "P1"
    assert state.dropped == (("duedate", SCREEN_ERROR),)
    assert later.dropped == state.dropped
    assert len(env.rsps.calls) == 3


def test_a_400_naming_a_field_pmsync_cannot_do_without_is_a_rejection(env: Env) -> None:
    tracker = env.tracker(deployment="cloud" if env.cloud else "datacenter")
    post_issue(
        env,
        status=400,
        body=jr.error(duedate=SCREEN_ERROR, summary="Summary must be less than 255 characters."),
    )

    with pytest.raises(Rejected, match="Summary must be less than 255"):
        tracker.create("jira:OPS", spec(doc_url=None))
    assert len(env.rsps.calls) == 1


def test_an_update_leaves_out_a_field_the_edit_screen_refuses(env: Env) -> None:
    tracker = env.tracker(
        deployment="cloud" if env.cloud else "datacenter", sprint_field=jr.SPRINT_FIELD
    )
    env.add("PUT", "issue/OPS-24", status=400, json=jr.error(duedate=SCREEN_ERROR))
    env.add(
        "PUT",
        "issue/OPS-24",
        status=204,
        match=[matchers.json_params_matcher({"fields": {"summary": spec().summary}})],
    )
    env.add("GET", "issue/OPS-24", json=env.issue("OPS-24", due=None))

    state = tracker.update(env.ref("OPS-24"), spec(), ["summary", "due"])

    assert state.dropped == (("duedate", SCREEN_ERROR),) and state.due is None


# -- changelog beyond 100 entries ------------------------------------------------------------------


def test_history_reads_the_changelog_pages_beyond_the_newest_100(env: Env) -> None:
    tracker = env.tracker(
        deployment="cloud" if env.cloud else "datacenter", sprint_field=jr.SPRINT_FIELD
    )
    closer = env.user("closer-1", name="Closer")
    bot = env.user("automation", name="Automation")
    close = jr.history(
        closer,
        "2026-01-10T09:00:00.000+0000",
        jr.change_item("resolution", None, "Done", to="10000"),
        jr.change_item("status", "In Progress", "Done", from_="3", to="10001"),
        history_id="1",
    )
    chatter = [
        jr.history(
            bot,
            f"2026-{2 + i // 28:02d}-{1 + i % 28:02d}T09:00:00.000+0000",
            jr.change_item("labels", "a", "b"),
            history_id=str(2 + i),
        )
        for i in range(100)
    ]
    embedded = {"startAt": 0, "maxResults": 100, "total": 101, "histories": list(reversed(chatter))}
    env.add(
        "GET",
        "issue/OPS-24",
        json=env.issue(
            "OPS-24", status_name="Done", category="done", resolution_name="Done", history=embedded
        ),
        match=[matchers.query_param_matcher({"fields": GET_FIELDS, "expand": "changelog"})],
    )
    pages = [([close, *chatter[:99]], False), (chatter[99:], True)]
    for start, (values, last) in zip((0, 100), pages, strict=True):
        env.add(
            "GET",
            "issue/OPS-24/changelog",
            json={
                "self": jr.api(env.base, f"issue/OPS-24/changelog?startAt={start}&maxResults=100"),
                "maxResults": 100,
                "startAt": start,
                "total": 101,
                "isLast": last,
                "values": values,
            },
            match=[matchers.query_param_matcher({"startAt": str(start), "maxResults": "100"})],
        )

    state = tracker.get(env.ref("OPS-24"), history=True)

    assert state.closed_by == (closer.get("accountId") or closer["name"])
    assert len(state.history) == 102  # each history once: 100 label changes and the close


def test_history_without_the_paged_resource_keeps_what_was_embedded(env: Env) -> None:
    tracker = env.tracker(deployment="datacenter", sprint_field=jr.SPRINT_FIELD)
    bot = env.user("automation", name="Automation")
    chatter = [
        jr.history(
            bot,
            "2026-03-01T09:00:00.000+0000",
            jr.change_item("labels", "a", "b"),
            history_id=str(i),
        )
        for i in range(100)
    ]
    embedded = {"startAt": 0, "maxResults": 100, "total": 150, "histories": chatter}
    env.add("GET", "issue/OPS-24", json=env.issue("OPS-24", history=embedded))
    env.add(
        "GET",
        "issue/OPS-24/changelog",
        status=404,
        json={"message": "null for uri", "status-code": 404},
    )

    state = tracker.get(env.ref("OPS-24"), history=True)

    assert len(state.history) == 100


# -- 429 without Retry-After, refused connections --------------------------------------------------


def test_a_429_without_retry_after_backs_off_with_jitter_from_seconds(env: Env) -> None:
    tracker = env.tracker(
        deployment="cloud" if env.cloud else "datacenter", sprint_field=jr.SPRINT_FIELD
    )
    headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0"}
    if env.cloud:
        headers |= {
            "X-RateLimit-Reset": "2026-11-23T09:01Z",
            "RateLimit-Reason": "jira-burst-based",
        }
    for _ in range(2):
        env.add(
            "GET",
            "issue/OPS-24",
            status=429,
            headers=headers,
            json=jr.error("Rate limit exceeded."),
        )
    env.add("GET", "issue/OPS-24", json=env.issue("OPS-24"))

    assert tracker.get(env.ref("OPS-24")).exists
    assert len(env.sleeps) == 2
    assert 0 <= env.sleeps[0] <= 5 and 0 <= env.sleeps[1] <= 10


def refused(host: str) -> requests.ConnectionError:
    reason = NewConnectionError(
        None, "Failed to establish a new connection: [Errno 111] Connection refused"
    )
    return requests.ConnectionError(MaxRetryError(None, f"https://{host}/rest/api/2/issue", reason))


def test_a_refused_connection_fails_at_once_with_a_short_cause(env: Env) -> None:
    tracker = env.tracker(deployment="cloud" if env.cloud else "datacenter")
    env.add("POST", "issue", body=refused("jira.example"))

    with pytest.raises(Unreachable) as caught:
        tracker.create("jira:OPS", spec())

    assert caught.value.down and env.sleeps == []
    assert caught.value.message == "create in OPS: Jira unreachable (connection refused)"


# -- check-config --online -----------------------------------------------------------------------


def check_setup(env: Env, fields: list[dict[str, Any]]) -> None:
    env.server_info()
    env.myself()
    env.add("GET", "project/OPS", json=jr.project(env.base, "OPS", "Bug", "Task"))
    env.create_meta("OPS", "10002", fields)


def test_check_reads_the_create_screen_and_says_what_pmsync_will_do(env: Env) -> None:
    tracker = env.tracker(priorities={"P1": "High"})
    required = jr.field_meta("customfield_10050", "Root cause", required=True, kind="option")
    check_setup(
        env, jr.screen(env.base, priorities=PRIORITIES, without=("duedate",), extra=(required,))
    )
    env.add("GET", "priority", json=jr.priorities(env.base, *PRIORITIES))

    problems = tracker.check(["jira:OPS"], [])

    by_field = {p.message.split("'")[1]: p for p in problems}
    assert set(by_field) == {"duedate", "customfield_10050"}
    assert by_field["duedate"].severity == "warning"
    assert "created without a due date" in by_field["duedate"].message
    assert by_field["customfield_10050"].severity == "error"
    assert "Root cause" in by_field["customfield_10050"].message
    assert all(p.target == "jira:OPS" for p in problems)


def test_check_matches_priorities_against_the_projects_scheme(env: Env) -> None:
    tracker = env.tracker(priorities={"P0": "Highest", "P1": "High", "P2": "Medium"})
    if env.cloud:
        # no allowedValues on the screen: the scheme comes from /priority/search?projectId=
        check_setup(env, jr.screen(env.base))
        env.add(
            "GET",
            "priority/search",
            json=jr.priority_page(env.base, "High", "Medium", "Low", "Lowest"),
            match=[
                matchers.query_param_matcher(
                    {"projectId": "10000", "startAt": "0", "maxResults": "50"}
                )
            ],
        )
    else:
        check_setup(env, jr.screen(env.base, priorities=("High", "Medium", "Low", "Lowest")))
    env.add("GET", "priority", json=jr.priorities(env.base, *PRIORITIES))

    problems = tracker.check(["jira:OPS"], [])

    assert [(p.target, p.severity) for p in problems] == [("jira:OPS", "warning")]
    assert "priority 'Highest' (for P0) is not in the priority scheme of OPS" in problems[0].message
    assert "default priority" in problems[0].message


# -- ticket fields configured per project ---------------------------------------------------------

PAY = {
    "PAY": {
        "issue_type": "Bug",
        "labels": ["incident-followup", "sev-{severity}"],
        "components": ["Payments API"],
        "parent": "PAY-100",
        "fields": {
            "customfield_10050": {"value": "{severity}"},
            "customfield_10060": "From {postmortem_id}",
        },
    }
}


def test_a_create_carries_the_projects_configured_fields(env: Env) -> None:
    tracker = env.tracker(deployment="cloud" if env.cloud else "datacenter", projects=PAY)
    env.add("POST", "issue", status=201, json=jr.created(env.base, "PAY-7"))

    tracker.create(
        "jira:PAY", spec(doc_url=None, severity="SEV2", team="payments", postmortem_id="INC-7")
    )

    fields = sent(env, 0)
    assert fields["issuetype"] == {"name": "Bug"}
    assert fields["labels"][-2:] == ["incident-followup", "sev-SEV2"]
    assert fields["components"] == [{"name": "Payments API"}]
    assert fields["parent"] == {"key": "PAY-100"}
    assert fields["customfield_10050"] == {"value": "SEV2"}
    assert fields["customfield_10060"] == "From INC-7"


def test_a_configured_field_jira_refuses_is_left_out_and_reported(env: Env) -> None:
    tracker = env.tracker(deployment="cloud" if env.cloud else "datacenter", projects=PAY)
    refusal = (
        "Field 'customfield_10060' cannot be set. It is not on the appropriate screen, or unknown."
    )
    post_issue(env, status=400, body=jr.error(customfield_10060=refusal))
    post_issue(env, body=jr.created(env.base, "PAY-7"), without=("customfield_10060",))

    state = tracker.create("jira:PAY", spec(doc_url=None, severity="SEV2"))

    assert state.dropped == (("customfield_10060", refusal),)
    assert sent(env, 1)["components"] == [{"name": "Payments API"}]


def test_check_validates_configured_fields_against_create_metadata(env: Env) -> None:
    tracker = env.tracker(projects=PAY)
    env.server_info()
    env.myself()
    env.add("GET", "priority", json=jr.priorities(env.base, *PRIORITIES))
    env.add("GET", "project/PAY", json=jr.project(env.base, "PAY", "Bug", "Task"))
    components = jr.field_meta(
        "components", "Components", kind="array", allowed=[{"id": "1", "name": "Checkout"}]
    )
    severity = jr.field_meta("customfield_10050", "Severity", required=True, kind="option")
    env.create_meta(
        "PAY", "10001", jr.screen(env.base, priorities=PRIORITIES, extra=(components, severity))
    )

    problems = tracker.check(["jira:PAY"], [])

    found = {p.message.split("'")[1]: p for p in problems}
    assert set(found) == {"components", "parent", "customfield_10060"}
    assert (
        found["components"].severity == "error"
        and "'Payments API' is not allowed" in found["components"].message
    )
    assert (
        "jira.projects.PAY.parent" in found["parent"].message
        and found["parent"].severity == "warning"
    )
    assert "jira.projects.PAY.fields.customfield_10060" in found["customfield_10060"].message
