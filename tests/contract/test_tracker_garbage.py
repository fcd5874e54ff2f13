"""Garbage from a tracker (or a proxy in front of it) costs one item or one target, never a traceback.

HTML error pages answered with 200, truncated JSON, fields of the wrong type, endless or
foreign `Link: rel="next"` chains: every Tracker method either returns well-typed states
or raises a TrackerError; a create answered with garbage may have happened.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.trackers import boundary
from adapters.trackers.base import TrackerError, WriteOutcomeUnknown
from adapters.trackers.boundary import Malformed, check_state
from syncer.model import TicketRef
from tests.contract.test_github_adapter import (
    API,
    BASE,
    NOW,
    REPO,
    SPEC,
    TARGET,
    Harness,
    issue,
    rate_headers,
)
from tests.contract.test_jira_adapter import Env, env  # noqa: F401  (the parametrised fixture)
from tests.contract.test_jira_adapter import spec as jira_spec

# What proxies and load balancers answer in place of the API (abridged from real pages).
GITHUB_UNICORN = (
    "<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv=\"Content-Type\" content=\"text/html; "
    "charset=utf-8\">\n    <title>Unicorn! &middot; GitHub</title>\n  </head>\n  <body>\n"
    "    <p>No server is currently available to service your request.</p>\n  </body>\n</html>\n"
)
ATLASSIAN_PROXY = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
    "</center><!-- SecurityTokenMissing --></body></html>"
)
REF = TicketRef("github", TARGET, "12", f"https://github.com/{REPO}/issues/12")


def _truncated(data: Any) -> str:
    text = json.dumps(data)
    return text[: len(text) // 2]


GITHUB_GARBAGE = {
    "html-200": dict(body=GITHUB_UNICORN, content_type="text/html"),
    "truncated": dict(body=_truncated(issue(12))),
    "title-number": dict(json={**issue(12), "title": 42}),
    "label-name-number": dict(json={**issue(12), "labels": [{"name": 5}]}),
    "number-missing": dict(json={k: v for k, v in issue(12).items() if k != "number"}),
    "list-not-object": dict(json=[issue(12)]),
    "dates-garbled": dict(json={**issue(12), "updated_at": "yesterday"}),
}


@pytest.mark.parametrize("answer", GITHUB_GARBAGE.values(), ids=GITHUB_GARBAGE.keys())
def test_github_get_maps_garbage_to_a_tracker_error(answer: dict[str, Any]) -> None:
    gh = Harness()
    with responses.RequestsMock() as rsps:
        rsps.get(f"{API}/repos/{REPO}/issues/12", headers=rate_headers(), **answer)
        with pytest.raises(TrackerError) as caught:
            gh.tracker.get(REF)
    assert caught.value.target == TARGET


@pytest.mark.parametrize("answer", GITHUB_GARBAGE.values(), ids=GITHUB_GARBAGE.keys())
def test_github_create_answered_with_garbage_may_have_happened(answer: dict[str, Any]) -> None:
    gh = Harness()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(f"{API}/repos/{REPO}/labels", json=[], headers=rate_headers())
        rsps.post(f"{API}/repos/{REPO}/labels", json={}, status=201, headers=rate_headers())
        rsps.post(f"{API}/repos/{REPO}/issues", status=201, headers=rate_headers(), **answer)
        with pytest.raises(WriteOutcomeUnknown):
            gh.tracker.create(TARGET, SPEC)
        assert len([c for c in rsps.calls if c.request.url.endswith("/issues")]) == 1  # no second POST


def test_github_poll_of_an_object_instead_of_a_list_fails_that_target() -> None:
    gh = Harness()
    with responses.RequestsMock() as rsps:
        rsps.get(f"{API}/repos/{REPO}/issues", json={"message": "Server Error"}, headers=rate_headers())
        with pytest.raises(Malformed):
            gh.tracker.poll(TARGET, None, NOW)


def test_an_endless_next_chain_stops_at_the_page_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boundary, "MAX_PAGES", 7)
    gh = Harness()
    served = []

    def page(request: Any) -> tuple[int, dict[str, str], str]:
        served.append(request.url)
        nxt = f"{BASE}/repositories/700123/issues?labels=pmsync&page={len(served) + 1}"
        return 200, {**rate_headers(), "Link": f'<{nxt}>; rel="next"'}, "[]"

    with responses.RequestsMock() as rsps:
        rsps.add_callback("GET", re.compile(rf"{re.escape(API)}/.*issues.*"), callback=page)
        with pytest.raises(Malformed, match="more than 7 pages"):
            gh.tracker.poll(TARGET, None, NOW)
    assert len(served) == 1 + 7  # the first page, then the bound of followed pages


def test_a_next_page_on_another_host_is_not_followed() -> None:
    gh = Harness()
    with responses.RequestsMock() as rsps:
        rsps.get(
            f"{API}/repos/{REPO}/issues",
            json=[issue(12)],
            headers=rate_headers(Link='<https://collector.evil.example/steal?page=2>; rel="next"'),
        )
        with pytest.raises(Malformed, match="another host"):
            gh.tracker.poll(TARGET, None, NOW)
        assert len(rsps.calls) == 1  # the token never went to the other host


def test_github_check_reports_garbage_as_a_problem() -> None:
    gh = Harness()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add(responses.GET, re.compile(rf"{re.escape(API)}/.*"), body=GITHUB_UNICORN, content_type="text/html")
        problems = gh.tracker.check([TARGET], ["alice"])
    assert problems and all(isinstance(p.message, str) for p in problems)


# -- Jira ---------------------------------------------------------------------------------------

def _jira_garbage(env: Env) -> dict[str, dict[str, Any]]:  # noqa: F811
    good = env.issue("OPS-24")
    return {
        "html-200": dict(body=ATLASSIAN_PROXY, content_type="text/html"),
        "truncated": dict(body=_truncated(good)),
        "fields-list": dict(json={**good, "fields": []}),
        "summary-object": dict(json={**good, "fields": {**good["fields"], "summary": {"text": "x"}}}),
        "labels-number": dict(json={**good, "fields": {**good["fields"], "labels": 7}}),
        "key-missing": dict(json={k: v for k, v in good.items() if k != "key"}),
    }


@pytest.mark.parametrize("case", ["html-200", "truncated", "fields-list", "summary-object", "labels-number", "key-missing"])
def test_jira_get_maps_garbage_to_a_tracker_error(env: Env, case: str) -> None:  # noqa: F811
    tracker = env.tracker(sprint_field="customfield_10020")
    env.rsps.assert_all_requests_are_fired = False
    env.server_info()
    env.add("GET", "issue/OPS-24", **_jira_garbage(env)[case])
    try:
        state = tracker.get(env.ref("OPS-24"))
    except TrackerError:
        return
    check_state(state)  # a tolerated oddity still yields a well-typed state


def test_jira_endless_next_page_tokens_stop_at_the_bound(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setattr(boundary, "MAX_PAGES", 5)
    tracker = env.tracker(sprint_field="customfield_10020")
    env.server_info()
    served = []

    def page(_request: Any) -> tuple[int, dict[str, str], str]:
        served.append(1)
        if env.cloud:
            return 200, {}, json.dumps({"issues": [], "nextPageToken": f"t{len(served)}", "isLast": False})
        return 200, {}, json.dumps({"startAt": 0, "maxResults": 100, "total": 10**9, "issues": [env.issue("OPS-1")]})

    env.rsps.add_callback("GET", re.compile(r".*/rest/api/2/search.*"), callback=page)
    with pytest.raises(Malformed, match="more than 5 pages"):
        tracker.poll("jira:OPS", None, NOW)
    assert len(served) == 5


def test_jira_create_answered_with_an_html_page_may_have_happened(env: Env) -> None:  # noqa: F811
    tracker = env.tracker(sprint_field="customfield_10020")
    env.rsps.assert_all_requests_are_fired = False
    env.server_info()
    env.add("POST", "issue", status=201, body=ATLASSIAN_PROXY, content_type="text/html")
    with pytest.raises(WriteOutcomeUnknown):
        tracker.create("jira:OPS", jira_spec())


# -- fuzzing the payload mapping at the boundary ---------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _mutate(data: Any, path: list[str | int], value: Any) -> Any:
    """`data` with the node at `path` (as far as it exists) replaced by `value`."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict) and data:
        key = sorted(data)[int(head) % len(data)] if isinstance(head, int) else head
        return {**data, key: _mutate(data.get(key), rest, value)}
    if isinstance(data, list) and data:
        i = int(head) % len(data) if isinstance(head, int) else 0
        return [*data[:i], _mutate(data[i], rest, value), *data[i + 1 :]]
    return value


_PATH = st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=4)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=_PATH, value=_JSON)
def test_fuzzed_github_issues_map_or_fail_cleanly(path: list[int], value: Any) -> None:
    gh = Harness()
    raw = _mutate(issue(12, closed_by="bob", state="closed", milestone_title="M1"), path, value)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(f"{API}/repos/{REPO}/issues/12", json=raw, headers=rate_headers())
        try:
            state = gh.tracker.get(REF)
        except TrackerError:
            return
    check_state(state)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=_PATH, value=_JSON)
def test_fuzzed_jira_issues_map_or_fail_cleanly(env: Env, path: list[int], value: Any) -> None:  # noqa: F811
    raw = _mutate(env.issue("OPS-24", labels=("pmsync", "postmortem")), ["fields", *path], value)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fuzz_env = Env(env.cloud, env.base, rsps)
        tracker = fuzz_env.tracker(sprint_field="customfield_10020")
        fuzz_env.server_info()
        fuzz_env.add("GET", "issue/OPS-24", json=raw)
        try:
            state = tracker.get(fuzz_env.ref("OPS-24"))
        except TrackerError:
            return
    check_state(state)
