"""GitHubTracker putting new issues on a GitHub project (v2) through GraphQL, against GitHub's
answer shapes: `repositoryOwner{projectV2(number:)}` and `node(id:)` with the project's
fields (`ProjectV2Field` and `ProjectV2SingleSelectField` with `options{id name}`),
`addProjectV2ItemById{item{id}}`, `updateProjectV2ItemFieldValue{projectV2Item{id}}`;
failures as HTTP 200 with `data` nulled and `errors[{type,path,locations,message}]`
(messages as GitHub words them: "Could not resolve to a ProjectV2 with the number 16.",
"Resource not accessible by integration", the missing `project` scope).
Strict, ordered mocks: every request is pinned, the GraphQL variables included.
"""

from __future__ import annotations

import json

import pytest
from responses import matchers

from adapters.trackers.github_projects import ADD_ITEM, BOARD_BY_ID, BOARD_BY_NUMBER, SET_OPTION
from tests.contract.test_github_adapter import (
    API,
    REPO,
    SPEC,
    TARGET,
    Harness,
    issue,
    labels_list,
    rate_headers,
    rsps,
)

__all__ = ["rsps"]

GRAPHQL = f"{API}/graphql"
PROJECT_ID = "PVT_kwDOBmXf0c4AQ7mk"
STATUS_ID = "PVTSSF_lADOBmXf0c4AQ7mkzgK5a9Q"
PRIORITY_ID = "PVTSSF_lADOBmXf0c4AQ7mkzgK5bQ0"
ITEM_ID = "PVTI_lADOBmXf0c4AQ7mkzgVHu5o"
ROUTE = {"project": "acme/7", "status": "Todo", "priority_field": "Priority"}


def board() -> dict:
    """A project node as GitHub answers the fields query: built-in fields carry no options."""
    return {
        "id": PROJECT_ID,
        "title": "Reliability",
        "fields": {
            "nodes": [
                {"id": "PVTF_lADOBmXf0c4AQ7mkzgK5a9M", "name": "Title", "dataType": "TITLE"},
                {"id": "PVTF_lADOBmXf0c4AQ7mkzgK5a9O", "name": "Assignees", "dataType": "ASSIGNEES"},
                {
                    "id": STATUS_ID,
                    "name": "Status",
                    "dataType": "SINGLE_SELECT",
                    "options": [
                        {"id": "f75ad846", "name": "Todo"},
                        {"id": "47fc9ee4", "name": "In Progress"},
                        {"id": "98236657", "name": "Done"},
                    ],
                },
                {
                    "id": PRIORITY_ID,
                    "name": "Priority",
                    "dataType": "SINGLE_SELECT",
                    "options": [
                        {"id": "79628723", "name": "P0"},
                        {"id": "0a877460", "name": "P1"},
                        {"id": "da944a9c", "name": "P2"},
                    ],
                },
                {"id": "PVTIF_lADOBmXf0c4AQ7mkzgK5bQ4", "name": "Iteration", "dataType": "ITERATION"},
            ]
        },
    }


def graphql(rsps, query: str, variables: dict, answer: dict) -> None:
    rsps.post(
        GRAPHQL,
        json=answer,
        headers=rate_headers(),
        match=[matchers.json_params_matcher({"query": query, "variables": variables}, strict_match=True)],
    )


def created(rsps, number: int = 42, *, first: bool = True) -> None:
    if first:  # labels are read once per run
        labels_list(rsps, ["pmsync", "postmortem", "priority: P1"])
    rsps.post(f"{API}/repos/{REPO}/issues", status=201, json=issue(number), headers=rate_headers())


def added(rsps, number: int = 42) -> None:
    graphql(
        rsps,
        ADD_ITEM,
        {"project": PROJECT_ID, "content": f"I_kw{number}"},
        {"data": {"addProjectV2ItemById": {"item": {"id": ITEM_ID}}}},
    )


def option_set(rsps, field: str, option: str) -> None:
    graphql(
        rsps,
        SET_OPTION,
        {"project": PROJECT_ID, "item": ITEM_ID, "field": field, "option": option},
        {"data": {"updateProjectV2ItemFieldValue": {"projectV2Item": {"id": ITEM_ID}}}},
    )


@pytest.fixture
def gh() -> Harness:
    return Harness(repos={REPO: ROUTE})


def test_a_new_issue_is_added_to_the_project_with_status_and_priority(rsps, gh):
    created(rsps)
    graphql(rsps, BOARD_BY_NUMBER, {"owner": "acme", "number": 7},
            {"data": {"repositoryOwner": {"projectV2": board()}}})
    added(rsps)
    option_set(rsps, STATUS_ID, "f75ad846")
    option_set(rsps, PRIORITY_ID, "0a877460")
    # the board is read once per run; a second issue only adds and sets
    created(rsps, 43, first=False)
    graphql(rsps, ADD_ITEM, {"project": PROJECT_ID, "content": "I_kw43"},
            {"data": {"addProjectV2ItemById": {"item": {"id": ITEM_ID}}}})
    option_set(rsps, STATUS_ID, "f75ad846")
    option_set(rsps, PRIORITY_ID, "0a877460")

    first = gh.tracker.create(TARGET, SPEC)
    second = gh.tracker.create(TARGET, SPEC)

    assert first.ref.key == "42" and first.dropped == ()
    assert second.ref.key == "43" and second.dropped == ()


def test_a_project_named_by_its_node_id_is_read_with_node(rsps):
    gh = Harness(repos={REPO: {"project": PROJECT_ID, "status": "Todo"}})
    created(rsps)
    graphql(rsps, BOARD_BY_ID, {"id": PROJECT_ID}, {"data": {"node": board()}})
    added(rsps)
    option_set(rsps, STATUS_ID, "f75ad846")

    assert gh.tracker.create(TARGET, SPEC).dropped == ()
    # the issue POST and both mutations were paced as content-creating writes, the query not
    pacer = gh.tracker.pacer
    assert len(json.loads(pacer.store.get(pacer.key) or "[]")) == 3


def test_a_project_that_does_not_exist_leaves_the_issue_with_a_finding(rsps, gh):
    created(rsps)
    graphql(
        rsps,
        BOARD_BY_NUMBER,
        {"owner": "acme", "number": 7},
        {
            "data": {"repositoryOwner": {"projectV2": None}},
            "errors": [
                {
                    "type": "NOT_FOUND",
                    "path": ["repositoryOwner", "projectV2"],
                    "locations": [{"line": 3, "column": 31}],
                    "message": "Could not resolve to a ProjectV2 with the number 7.",
                }
            ],
        },
    )

    state = gh.tracker.create(TARGET, SPEC)

    assert state.ref.key == "42"  # the issue stands, written once
    assert state.dropped == (
        ("project", "project acme/7: Could not resolve to a ProjectV2 with the number 7."),
    )


def test_a_token_that_may_not_write_projects_is_a_finding_not_a_lost_issue(rsps, gh):
    created(rsps)
    graphql(rsps, BOARD_BY_NUMBER, {"owner": "acme", "number": 7},
            {"data": {"repositoryOwner": {"projectV2": board()}}})
    scope = (
        "Your token has not been granted the required scopes to execute this query. The "
        "'addProjectV2ItemById' field requires one of the following scopes: ['project'], but "
        "your token has only been granted the: ['repo'] scopes. Please modify your token's "
        "scopes at: https://github.com/settings/tokens."
    )
    graphql(
        rsps,
        ADD_ITEM,
        {"project": PROJECT_ID, "content": "I_kw42"},
        {"errors": [{"type": "INSUFFICIENT_SCOPES", "locations": [{"line": 2, "column": 3}],
                     "message": scope}]},
    )

    state = gh.tracker.create(TARGET, SPEC)

    assert state.ref.key == "42"
    [(name, reason)] = state.dropped
    assert name == "project" and "['project']" in reason
    assert gh.tracker.counter.counts["POST /repos/{owner}/{repo}/issues"] == 1


def test_an_option_the_project_lacks_is_named_and_the_rest_is_set(rsps):
    gh = Harness(repos={REPO: {**ROUTE, "priority_values": {"P1": "High"}}})
    created(rsps)
    graphql(rsps, BOARD_BY_NUMBER, {"owner": "acme", "number": 7},
            {"data": {"repositoryOwner": {"projectV2": board()}}})
    added(rsps)
    option_set(rsps, STATUS_ID, "f75ad846")

    state = gh.tracker.create(TARGET, SPEC)

    assert state.dropped == (
        ("project", "field 'Priority' has no option 'High' (options: 'P0', 'P1', 'P2')"),
    )


def test_check_config_names_missing_fields_and_options(rsps):
    gh = Harness(repos={REPO: {"project": "acme/7", "status": "Triage", "priority_field": "Priority"}})
    rsps.get(f"{API}/user", json={"login": "pmsync-bot"}, headers=rate_headers())
    rsps.get(
        f"{API}/repos/{REPO}",
        json={"full_name": REPO, "permissions": {"push": True}, "has_issues": True},
        headers=rate_headers(),
    )
    graphql(rsps, BOARD_BY_NUMBER, {"owner": "acme", "number": 7},
            {"data": {"repositoryOwner": {"projectV2": board()}}})

    problems = gh.tracker.check([TARGET], [])

    assert [(p.target, p.severity) for p in problems] == [(TARGET, "warning")] * 3
    assert [p.message for p in problems] == [
        f"github.repos.{REPO}: field 'Status' has no option 'Triage' (options: 'Todo', "
        "'In Progress', 'Done'): new items are left without it",
        *(
            f"github.repos.{REPO}: field 'Priority' has no option '{p}' (options: 'P0', 'P1', "
            "'P2'): new items are left without it"
            for p in ("P3", "P4")
        ),
    ]


def test_check_config_says_when_the_project_cannot_be_found(rsps):
    gh = Harness(repos={REPO: {"project": PROJECT_ID, "priority_field": "Severity"}})
    rsps.get(f"{API}/user", json={"login": "pmsync-bot"}, headers=rate_headers())
    rsps.get(
        f"{API}/repos/{REPO}",
        json={"full_name": REPO, "permissions": {"push": True}, "has_issues": True},
        headers=rate_headers(),
    )
    graphql(
        rsps,
        BOARD_BY_ID,
        {"id": PROJECT_ID},
        {
            "data": {"node": None},
            "errors": [
                {
                    "type": "NOT_FOUND",
                    "path": ["node"],
                    "locations": [{"line": 1, "column": 20}],
                    "message": f"Could not resolve to a node with the global id of '{PROJECT_ID}'",
                }
            ],
        },
    )

    [problem] = gh.tracker.check([TARGET], [])

    assert problem.severity == "error" and problem.message == (
        f"github.repos.{REPO}.project: Could not resolve to a node with the global id of "
        f"'{PROJECT_ID}': issues are created but not added to it"
    )
