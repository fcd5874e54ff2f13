"""Jira Cloud and Data Center tracker, over the `jira` 3.10.5 client (api/README.md §1).

Request costs (counted by endpoint in `counter`, which sees every HTTP request the
client makes, hidden ones included):

- once per process: `GET /serverInfo` (skipped when `deployment` is forced),
  `GET /field` (skipped when `sprint_field` is configured), `GET /myself` (the
  user's time zone, first incremental poll only);
- create: `POST /issue` + `POST /issue/{key}/remotelink` when the doc has a URL;
  the returned state is built from what was sent (the next poll reads the rest);
- update: `PUT /issue/{key}` + one `GET /issue/{key}` (read-after-write);
- get: one `GET /issue/{key}`; find_by_marker: one search;
- poll: one search page per 100 changed tickets, so exactly one per project when
  nothing changed; fetch: one search per 100 refs.

The library's own retries are off (`max_retries=0`): it would re-POST a create
after a 503 or a dropped connection. Safe calls are retried by `call_with_retry`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
import structlog
from jira import JIRA, JIRAError

from adapters.trackers import jira_payloads as payloads
from adapters.trackers import transport
from adapters.trackers.base import (
    MARKER_LABEL,
    POSTMORTEM_LABEL,
    AuthError,
    NotFound,
    PermissionDenied,
    PollResult,
    Problem,
    RateLimited,
    Rejected,
    RequestCounter,
    TrackerError,
    Unavailable,
    Unreachable,
    WriteOutcomeUnknown,
    item_label,
)
from adapters.trackers.boundary import guarded, pages
from adapters.trackers.jira_payloads import Json, Site, jql_string
from adapters.trackers.retry import call_with_retry
from syncer.model import TicketRef, TicketSpec, TicketState
from syncer.settings import parse_target

if TYPE_CHECKING:
    from syncer.settings import JiraSettings

T = TypeVar("T")
Deployment = Literal["cloud", "datacenter"]

log = structlog.get_logger(__name__)

PAGE_SIZE = 100  # the most either search endpoint returns per page
BATCH_SIZE = 100  # keys per `key in (…)` search
SITE = "jira"  # the Problem target for site-wide findings (priorities, accounts)
# Data Center answers a request with rejected credentials anonymously (200) on readable resources.
_LOGIN_FAILED = frozenset({"AUTHENTICATED_FAILED", "AUTHENTICATION_DENIED"})
_ISSUE_PATH = re.compile(r"/(issue|project)/[^/]+")
_API_PREFIX = re.compile(r"^.*?/rest/(?:api/(?:2|3|latest)|[^/]+/[^/]+)")


class _AnonymousAnswer(Exception):
    """Raised from the response hook: Jira served a request without the bot's identity."""


@guarded
class JiraTracker:
    """Implements `adapters.trackers.base.Tracker` for one Jira site; targets are `jira:KEY`."""

    name = "jira"

    def __init__(
        self,
        settings: JiraSettings,
        *,
        counter: RequestCounter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_wait: Callable[[TrackerError, float], None] | None = None,
    ) -> None:
        self.settings = settings
        self.search_lag = settings.search_lag_seconds
        self.counter = counter if counter is not None else RequestCounter()
        self._sleep = sleep
        self._on_wait = on_wait
        self._api = f"{settings.url}/rest/api/2"  # through the gateway once its cloud id is known
        self._client: JIRA | None = None
        # scoped API tokens and service accounts exist on Cloud only
        self._deployment: Deployment | None = (
            "cloud"
            if settings.cloud_id
            else None
            if settings.deployment == "auto"
            else settings.deployment
        )
        self._sprint_field = settings.sprint_field
        self._fields_known = settings.sprint_field is not None
        self._zone: tzinfo | None = None
        self._zone_known = False
        # (project, field, value or None for any value) -> Jira's words refusing it on a write
        self._refusals: dict[tuple[str, str, str | None], str] = {}

    # -- the Tracker protocol ------------------------------------------------------------------

    @property
    def deployment(self) -> Deployment:
        self._jira()
        assert self._deployment is not None  # set by _jira()
        return self._deployment

    def create(self, target: str, spec: TicketSpec) -> TicketState:
        project = self._project(target)
        site = self._site(reading=False)
        try:
            fields = payloads.create_fields(site, project, self.settings.issue_type, spec)
            fields = payloads.with_route_fields(fields, self.settings.projects.get(project), spec)
        except ValueError as exc:
            raise Rejected(f"create in {project}: {exc}", target=target) from exc
        dropped = self._drop_known_refusals(project, fields)
        client = self._jira()
        while True:
            try:
                issue = client.create_issue(fields=fields, prefetch=False)
                break
            except JIRAError as exc:
                refused = _refused_fields(exc, fields)
                if not refused:
                    raise _translate(exc, f"create in {project}", target, write=True) from exc
                # A 400 created nothing: create without what Jira will not take here (a
                # field off the create screen, a priority outside the project's scheme).
                self._learn_refusals(project, fields, refused)
                log.warning(
                    "jira.fields_dropped",
                    target=target,
                    item=spec.item_key,
                    fields=sorted(refused),
                    error=exc.text,
                )
                for name in refused:
                    del fields[name]
                dropped.update(refused)
            except _VENDOR_ERRORS as exc:
                raise _translate(exc, f"create in {project}", target, write=True) from exc
        key = str(issue.raw["key"])
        if spec.doc_url:
            self._link(key, target, spec)
        state = payloads.created_state(site, key, spec, fields)
        return replace(state, dropped=tuple(sorted(dropped.items())))

    def update(self, ref: TicketRef, spec: TicketSpec, fields: Iterable[str]) -> TicketState:
        project = self._project(ref.target)
        try:
            body = {"fields": payloads.edit_fields(self._site(reading=False), spec, fields)}
        except ValueError as exc:
            raise Rejected(f"update {ref.key}: {exc}", target=ref.target) from exc
        dropped = self._drop_known_refusals(project, body["fields"])
        while body["fields"]:
            # No notifyUsers=false: Cloud allows it to admins only and answers 403 otherwise.
            try:
                self._safe(
                    f"update {ref.key}",
                    ref.target,
                    lambda: self._call("PUT", f"issue/{ref.key}", body=body),
                    raw=True,
                )
                break
            except JIRAError as exc:
                refused = _refused_fields(exc, body["fields"])
                if not refused:
                    raise _translate(exc, f"update {ref.key}", ref.target) from exc
                self._learn_refusals(project, body["fields"], refused)
                log.warning(
                    "jira.fields_dropped", ticket=ref.key, fields=sorted(refused), error=exc.text
                )
                for name in refused:
                    del body["fields"][name]
                dropped.update(refused)
        return replace(self.get(ref), dropped=tuple(sorted(dropped.items())))

    def complete(self, ref: TicketRef) -> TicketState:
        """Move a ticket pmsync just created into the workflow's first done-category status."""
        found = self._safe(
            f"transitions of {ref.key}", ref.target,
            lambda: self._call("GET", f"issue/{ref.key}/transitions"),
        )
        done = next(
            (t for t in (found or {}).get("transitions", [])
             if ((t.get("to") or {}).get("statusCategory") or {}).get("key") == "done"),
            None,
        )
        if done is None:
            raise Rejected(f"{ref.key}: the workflow offers no transition to a done status", target=ref.target)
        self._safe(
            f"close {ref.key}", ref.target,
            lambda: self._call("POST", f"issue/{ref.key}/transitions", body={"transition": {"id": done["id"]}}),
        )
        return self.get(ref)

    def adopt(self, ref: TicketRef, spec: TicketSpec) -> TicketState:
        """Label an existing ticket as pmsync's; its fields stay as people left them."""
        state = self.get(ref)
        if not state.exists:
            return state
        wanted = [MARKER_LABEL, POSTMORTEM_LABEL, item_label(spec.item_key)]
        missing = [label for label in wanted if label not in state.labels]
        if missing:
            body = {"update": {"labels": [{"add": label} for label in missing]}}
            self._safe(
                f"adopt {state.ref.key}",
                state.ref.target,
                lambda: self._call("PUT", f"issue/{state.ref.key}", body=body),
            )
            state = self.get(state.ref)
        return state

    def find_by_marker(self, target: str, item_key: str) -> TicketState | None:
        project = self._project(target)
        jql = (
            f"project = {jql_string(project)} AND labels = {jql_string(item_label(item_key))}"
            " ORDER BY created ASC"
        )
        found = self._search(jql, target, f"marker search in {project}")
        return found[0] if found else None

    def get(self, ref: TicketRef, *, history: bool = False) -> TicketState:
        params = {"fields": ",".join(self._fields(payloads.GET_FIELDS))}
        if history:
            params["expand"] = "changelog"
        try:
            raw = self._safe(
                f"get {ref.key}",
                ref.target,
                lambda: self._call("GET", f"issue/{ref.key}", params=params),
            )
        except NotFound:
            return TicketState(ref, exists=False)
        if history:
            raw = self._complete_changelog(raw, ref)
        return payloads.to_state(self._site(), raw)

    def _offset_pages(
        self, what: str, target: str, path: str, size: int, *keys: str, **params: object
    ) -> Iterator[tuple[Json, list[Json], int]]:
        """Each page of a `startAt`-paged resource: (the answer, its items under the first of
        `keys` present, the next page's `startAt`). The caller decides where the pages end."""
        start = 0
        for _page in pages(what, target):
            query = {**params, "startAt": start, "maxResults": size}
            page = self._safe(what, target, lambda q=query: self._call("GET", path, params=q))
            values = payloads.page_values(page, *keys)
            start += len(values)
            yield page, values, start

    def _complete_changelog(self, raw: Json, ref: TicketRef) -> Json:
        """`expand=changelog` embeds only the newest 100 histories; the older ones (who closed a
        long-lived ticket, who labelled it verified) come from the paged changelog resource."""
        embedded = raw.get("changelog")
        if not isinstance(embedded, dict):
            return raw
        histories = [h for h in embedded.get("histories") or [] if isinstance(h, dict)]
        total = embedded.get("total")
        if not isinstance(total, int) or total <= len(histories):
            return raw
        key = str(raw.get("key") or ref.key)
        seen = {str(h.get("id")) for h in histories}
        changelog = self._offset_pages(
            f"changelog of {key}", ref.target, f"issue/{key}/changelog", PAGE_SIZE, "values"
        )
        try:
            for page, values, start in changelog:
                histories += [v for v in values if str(v.get("id")) not in seen]
                seen.update(str(v.get("id")) for v in values)
                if not values or page.get("isLast") is True or start >= total:
                    break
        except NotFound:
            pass  # a Data Center without the paged resource: keep what was embedded
        return {**raw, "changelog": {**embedded, "histories": histories}}

    def resolve_ref(self, target: str, written: str) -> TicketRef | None:
        return payloads.parse_ref(self._static_site(), written)

    def poll(self, target: str, cursor: str | None, now: datetime) -> PollResult:
        project = self._project(target)
        before = self.counter.total
        jql = f"project = {jql_string(project)} AND labels = {jql_string(MARKER_LABEL)}"
        since = _parse_cursor(cursor)
        if since is not None:
            window = since - timedelta(minutes=self.settings.overlap_minutes)
            jql += f' AND updated >= "{payloads.jql_time(window, self._user_zone())}"'
        jql += " ORDER BY updated ASC"
        tickets = self._search(jql, target, f"poll {project}")
        moment = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
        return PollResult(tickets, cursor=moment.isoformat(), requests=self.counter.total - before)

    def fetch(self, refs: Sequence[TicketRef]) -> list[TicketState]:
        keys = list(dict.fromkeys(ref.key for ref in refs))
        targets = {ref.target for ref in refs}
        target = targets.pop() if len(targets) == 1 else SITE
        found: dict[str, TicketState] = {}
        for start in range(0, len(keys), BATCH_SIZE):
            found.update(self._fetch_batch(keys[start : start + BATCH_SIZE], target))
        # A ref the search did not return may have moved to another project (the search
        # answers with the new key): one read follows the move or confirms it is gone.
        return [found.get(ref.key) or self.get(ref) for ref in refs]

    def list_managed(self, target: str) -> list[TicketState]:
        project = self._project(target)
        jql = f"project = {jql_string(project)} AND labels = {jql_string(MARKER_LABEL)} ORDER BY key ASC"
        return self._search(jql, target, f"list {project}")

    def check(self, targets: Sequence[str], accounts: Sequence[str]) -> list[Problem]:
        """Credentials, projects and their issue type, priority names, people's accounts."""
        where = list(targets) or [SITE]
        try:
            client = self._jira()
            self._safe("credentials check", None, client.myself)
        except TrackerError as exc:
            return [
                Problem(target, f"cannot use Jira at {self.settings.url}: {exc.message}")
                for target in where
            ]
        site, problems = self._check_priorities()
        for target in targets:
            problems += self._check_project(target, site)
        for account in dict.fromkeys(accounts):
            problems += self._check_account(account)
        return problems

    # -- searching -----------------------------------------------------------------------------

    def _search(self, jql: str, target: str, what: str) -> list[TicketState]:
        """Every page of a JQL search: Cloud pages by token on /search/jql, DC by startAt on /search."""
        fields = self._fields(payloads.SEARCH_FIELDS)
        site = self._site()
        issues: list[Json] = []
        if self.deployment == "cloud":
            token: str | None = None
            seen: set[str] = set()
            for _page in pages(what, target):
                params: dict[str, Any] = {"jql": jql, "fields": fields, "maxResults": PAGE_SIZE}
                if token:
                    params["nextPageToken"] = token
                page = self._safe(
                    what, target, lambda p=params: self._call("GET", "search/jql", params=p)
                )
                issues.extend(_issues(page))
                token = page.get("nextPageToken") or None
                if token is None or page.get("isLast") is True or token in seen:
                    break
                seen.add(token)
        else:
            start = 0
            for _page in pages(what, target):
                params = {"jql": jql, "startAt": start, "maxResults": PAGE_SIZE, "fields": fields}
                page = self._safe(
                    what, target, lambda p=params: self._call("GET", "search", params=p)
                )
                got = _issues(page)
                issues.extend(got)
                start += len(got)
                total = page.get("total")
                if not got or not isinstance(total, int) or start >= total:
                    break
        return [payloads.to_state(site, raw) for raw in issues]

    def _fetch_batch(self, keys: list[str], target: str) -> dict[str, TicketState]:
        """One `key in (…)` search; keys Jira says do not exist (a strict JQL error) are dropped."""
        while keys:
            jql = f"key in ({', '.join(map(jql_string, keys))})"
            try:
                return {state.ref.key: state for state in self._search(jql, target, "reconcile")}
            except Rejected as exc:
                named = set(payloads.KEY_RE.findall(exc.message))
                if not named & set(keys):
                    raise
                keys = [key for key in keys if key not in named]
        return {}

    # -- checks --------------------------------------------------------------------------------

    def _check_project(self, target: str, site: set[str]) -> list[Problem]:
        """The project, its issue type, what its create screen takes and its priority scheme."""
        try:
            project = self._project(target)
            client = self._jira()
            raw = self._safe(f"project {project}", target, lambda: client.project(project).raw)
        except TrackerError as exc:
            return [Problem(target, exc.message)]
        types = [t for t in raw.get("issueTypes") or [] if isinstance(t, dict)]
        route = self.settings.projects.get(project)
        wanted = route.issue_type if route and route.issue_type else self.settings.issue_type
        issue_type = next(
            (t for t in types if str(t.get("name")).casefold() == wanted.casefold()), None
        )
        if issue_type is None:
            known = ", ".join(sorted(str(t.get("name")) for t in types)) or "none"
            return [
                Problem(target, f"project {project} has no issue type {wanted!r} (it has: {known})")
            ]
        try:
            screen = self._create_screen(project, str(issue_type.get("id")), target)
        except TrackerError as exc:
            return [Problem(target, f"create metadata of {project}/{wanted}: {exc.message}")]
        problems = [
            Problem(target, message, severity)
            for severity, message in payloads.screen_findings(project, wanted, screen, route)
        ]
        if "priority" not in screen:
            return problems  # no priority is sent there, so no scheme to match
        scheme = payloads.allowed_names(screen["priority"])
        if scheme is None and self.deployment == "cloud" and raw.get("id") is not None:
            try:
                scheme = self._project_priorities(str(raw["id"]), target)
            except TrackerError as exc:
                problems.append(Problem(target, f"priority scheme of {project}: {exc.message}"))
        if scheme:
            problems += [
                Problem(target, message, "warning")
                for message in payloads.scheme_findings(project, self._mapped_on(site), scheme)
            ]
        return problems

    def _create_screen(self, project: str, type_id: str, target: str) -> dict[str, Json]:
        """fieldId → its create metadata (`required`, `allowedValues`, …), every page read."""
        fields: dict[str, Json] = {}
        screen = self._offset_pages(
            f"create metadata of {project}",
            target,
            f"issue/createmeta/{project}/issuetypes/{type_id}",
            50,
            "fields",
            "values",
            "results",
        )
        for page, values, start in screen:
            for field in values:
                name = field.get("fieldId") or field.get("key")
                if isinstance(name, str):
                    fields[name] = field
            total = page.get("total")
            if (
                not values
                or page.get("isLast") is True
                or not isinstance(total, int)
                or start >= total
            ):
                return fields

    def _project_priorities(self, project_id: str, target: str) -> set[str]:
        """The names in the project's priority scheme (Cloud: `GET /priority/search?projectId=`)."""
        names: set[str] = set()
        scheme = self._offset_pages(
            "priority scheme", target, "priority/search", 50, "values", projectId=project_id
        )
        for page, values, _start in scheme:
            names.update(str(v["name"]) for v in values if isinstance(v.get("name"), str))
            if not values or page.get("isLast") is not False:
                return names

    def _check_priorities(self) -> tuple[set[str], list[Problem]]:
        """The site's priority names (folded), and a problem per mapped name it lacks."""
        client = self._jira()
        try:
            listed = self._safe("priorities", None, client.priorities)
            names = {str(p.raw.get("name")).casefold(): str(p.raw.get("name")) for p in listed}
        except TrackerError as exc:
            return set(), [Problem(SITE, exc.message)]
        return set(names), [
            Problem(
                SITE,
                f"priority {name!r} (for {level}) does not exist in Jira; it has: {', '.join(sorted(names.values()))}",
            )
            for level, name in sorted(self.settings.priorities.items())
            if name.casefold() not in names
        ]

    def _mapped_on(self, site: set[str]) -> dict[str, str]:
        """The mapped priorities the site has (the others are reported once, site-wide)."""
        return {
            level: name
            for level, name in self.settings.priorities.items()
            if not site or name.casefold() in site
        }

    def _check_account(self, account: str) -> list[Problem]:
        param = "accountId" if self.deployment == "cloud" else "username"
        try:
            user = self._safe(
                f"account {account}",
                None,
                lambda: self._call("GET", "user", params={param: account}),
            )
        except NotFound as exc:
            return [Problem(SITE, f"Jira account {account!r} does not exist: {exc.message}")]
        except TrackerError as exc:
            return [Problem(SITE, exc.message)]
        if user.get("active") is False:
            return [Problem(SITE, f"Jira account {account!r} is deactivated", severity="warning")]
        return []

    # -- fields Jira will not take ---------------------------------------------------------------

    def _drop_known_refusals(self, project: str, fields: Json) -> dict[str, str]:
        """Leave out what this project already refused this run, so each create costs one POST."""
        dropped: dict[str, str] = {}
        for name, value in list(fields.items()):
            reason = self._refusals.get((project, name, None)) or self._refusals.get(
                (project, name, _value_key(value))
            )
            if reason is not None:
                dropped[name] = reason
                del fields[name]
        return dropped

    def _learn_refusals(self, project: str, fields: Json, refused: dict[str, str]) -> None:
        """A field off the screen is refused whatever its value; a value (a priority outside the
        scheme) only for that value. The assignee is the person's matter, never remembered."""
        for name, reason in refused.items():
            if name == "assignee":
                continue
            value = None if _off_screen(reason) else _value_key(fields[name])
            self._refusals[(project, name, value)] = reason

    # -- plumbing ------------------------------------------------------------------------------

    def _jira(self) -> JIRA:
        """The client, built on first use.

        Built with get_server_info=False and asked for serverInfo right after the
        counting hook is on its session, so that call is counted like every other;
        deploymentType is then set as the constructor would set it.
        """
        if self._client is not None:
            return self._client
        settings = self.settings
        token = settings.token.get_secret_value() if settings.token else ""
        if not token:
            raise AuthError(
                "no Jira token configured (PMSYNC_JIRA__TOKEN or the credential jira_token)",
                target=SITE,
            )
        auth: dict[str, Any] = (
            {"basic_auth": (settings.email, token)} if settings.email else {"token_auth": token}
        )
        server = self._server()
        self._api = f"{server}/rest/api/2"
        client = JIRA(
            server=server,
            options={"rest_api_version": "2"},
            max_retries=0,
            timeout=transport.timeouts(settings.timeout),
            get_server_info=False,
            **auth,
        )
        client._session.hooks["response"].append(self._on_response)
        if self._deployment is None:
            info = self._safe("serverInfo", SITE, client.server_info)
            self._deployment = "cloud" if info.get("deploymentType") == "Cloud" else "datacenter"
        client.deploymentType = "Cloud" if self._deployment == "cloud" else "Server"
        self._client = client
        return client

    def _server(self) -> str:
        """Where requests go: the site, or for scoped API tokens and service accounts Atlassian's
        gateway `…/ex/jira/{cloudId}` (links shown to people keep the site URL)."""
        settings = self.settings
        if not settings.cloud_id:
            return settings.url
        cloud_id = settings.cloud_id
        if cloud_id == "auto":
            try:
                info = requests.get(
                    f"{settings.url}/_edge/tenant_info",
                    timeout=transport.timeouts(settings.timeout),
                )
                info.raise_for_status()
                cloud_id = str(info.json()["cloudId"])
            except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
                raise _translate(exc, "cloud id (/_edge/tenant_info)", SITE) from exc
        return f"{str(settings.gateway).rstrip('/')}/ex/jira/{quote(cloud_id, safe='')}"

    def _on_response(self, response: requests.Response, *args: object, **kwargs: object) -> None:
        request = response.request
        self.counter.add(_endpoint(request.method or "GET", request.url or ""))
        reason = response.headers.get("X-Seraph-LoginReason", "")
        if response.ok and reason in _LOGIN_FAILED:
            raise _AnonymousAnswer(
                f"Jira did not accept the credentials (X-Seraph-LoginReason: {reason})"
            )

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Json | None = None,
    ) -> Any:
        """One request through the client's session (auth, headers, timeout, JIRAError on failure)."""
        session = self._jira()._session
        data = json.dumps(body) if body is not None else None
        response = session.request(method, f"{self._api}/{path}", params=params, data=data)
        return response.json() if response.content else {}

    def _safe(self, what: str, target: str | None, fn: Callable[[], T], *, raw: bool = False) -> T:
        """A call that may be repeated: vendor errors translated, retryable ones retried.

        With `raw`, a 400 comes back as the JIRAError itself, for the caller to read its fields.
        """

        def attempt() -> T:
            try:
                return fn()
            except _VENDOR_ERRORS as exc:
                if raw and isinstance(exc, JIRAError) and exc.status_code == 400:
                    raise
                raise _translate(exc, what, target) from exc

        return call_with_retry(
            attempt,
            attempts=self.settings.max_retries,
            max_wait=self.settings.max_wait_seconds,
            sleep=self._sleep,
            on_wait=self._on_wait,
        )

    def _link(self, key: str, target: str, spec: TicketSpec) -> None:
        """Link the postmortem document; the ticket exists either way, so a failure is logged only.

        Posted straight to the remotelink endpoint: the library's add_remote_link
        would first GET the application links on every call.
        """
        body = payloads.remote_link(spec)
        try:
            self._safe(
                f"link {key}",
                target,
                lambda: self._call("POST", f"issue/{key}/remotelink", body=body),
            )
        except TrackerError as exc:
            log.warning("jira_remote_link_failed", ticket=key, target=target, error=str(exc))

    def _fields(self, base: Sequence[str]) -> list[str]:
        sprint = self._sprint()
        return [*base, sprint] if sprint else list(base)

    def _sprint(self) -> str | None:
        """The sprint field id: configured, else found once in GET /field (None without Jira Software)."""
        if not self._fields_known:
            client = self._jira()
            self._sprint_field = payloads.sprint_field_of(
                self._safe("field ids", SITE, client.fields)
            )
            self._fields_known = True
        return self._sprint_field

    def _user_zone(self) -> tzinfo | None:
        """The time zone Jira reads JQL dates in (the bot user's), fetched once."""
        if not self._zone_known:
            client = self._jira()
            me = self._safe("user time zone", SITE, client.myself)
            try:
                self._zone = ZoneInfo(str(me.get("timeZone")))
            except (ZoneInfoNotFoundError, ValueError):
                self._zone = None
            self._zone_known = True
        return self._zone

    def _site(self, *, reading: bool = True) -> Site:
        """Reading needs the sprint field id; writing does not (pmsync never sets sprints)."""
        sprint = self._sprint() if reading else None
        return Site(self.settings.url, self.deployment == "cloud", self.settings.priorities, sprint)

    def _static_site(self) -> Site:
        """Enough of the site to build refs, without any request."""
        return Site(self.settings.url, self._deployment == "cloud", self.settings.priorities)

    @staticmethod
    def _project(target: str) -> str:
        try:
            tracker, project = parse_target(target)
        except ValueError as exc:
            raise Rejected(str(exc), target=target) from exc
        if tracker != "jira":
            raise Rejected(f"{target!r} is not a Jira target", target=target)
        return project


# -- errors ------------------------------------------------------------------------------------

# requests.JSONDecodeError (a 200 that is not JSON, e.g. a login page) is a RequestException too.
_VENDOR_ERRORS = (JIRAError, requests.RequestException, _AnonymousAnswer)


def _translate(
    exc: Exception, what: str, target: str | None, *, write: bool = False
) -> TrackerError:
    """The one place vendor errors become pmsync's, keeping Jira's own words."""
    if isinstance(exc, _AnonymousAnswer):
        return AuthError(f"{what}: {exc}", target=target)
    if isinstance(exc, JIRAError):
        return _from_status(exc, what, target, write=write)
    if isinstance(exc, requests.JSONDecodeError):
        detail = f"{what}: Jira's answer is not JSON ({exc})"
        return (WriteOutcomeUnknown if write else Unavailable)(detail, target=target)
    if not isinstance(exc, requests.RequestException):
        return Unavailable(f"{what}: {type(exc).__name__}: {exc}", target=target)
    unreached = transport.never_connected(exc)
    if unreached:
        return Unreachable(f"{what}: Jira unreachable ({unreached})", target=target)
    detail = f"{what}: Jira unreachable ({transport.cause(exc)})"
    if write:
        # one answer lost after the request went out is no outage; no answer in time is
        return WriteOutcomeUnknown(detail, target=target, down=transport.timed_out(exc))
    return Unavailable(detail, target=target, down=True)


def _from_status(exc: JIRAError, what: str, target: str | None, *, write: bool) -> TrackerError:
    status = exc.status_code
    message = f"{what}: {(exc.text or '').strip() or 'no error text'}"
    headers = exc.response.headers if exc.response is not None else {}
    retry_after = _retry_after(headers.get("Retry-After"))
    kwargs: dict[str, Any] = {"target": target, "status": status}
    if status is None or 200 <= status < 300:
        # A client-side failure, e.g. a create answered without a key.
        return (WriteOutcomeUnknown if write else Unavailable)(message, **kwargs)
    if status == 401:
        return AuthError(message, **kwargs)
    if status == 403:
        return PermissionDenied(message, **kwargs)
    if status in (404, 410):
        return NotFound(message, **kwargs)
    if status == 429:
        return RateLimited(message, retry_after=retry_after, **kwargs)
    if status >= 500:
        # 503 says the request was not handled; any other 5xx may come after the issue was
        # created (or from a gateway that lost the answer), so a create's outcome is unknown.
        unknown = write and status != 503
        return (WriteOutcomeUnknown if unknown else Unavailable)(
            message, retry_after=retry_after, **kwargs
        )
    return Rejected(message, **kwargs)


# Fields a ticket can go without: Jira's 400 naming one of them is answered by leaving it out.
# Summary, description, labels (pmsync's marker), project and issue type are never dropped.
_OPTIONAL_FIELDS = frozenset({"priority", "duedate", "assignee", "components", "parent"})


def _refused_fields(exc: JIRAError, sent: Json) -> dict[str, str]:
    """The optional fields a 400 names ("Field 'duedate' cannot be set…", "The priority selected
    is invalid.", "User 'x' cannot be assigned issues."), with Jira's words; empty otherwise."""
    if exc.status_code != 400 or exc.response is None:
        return {}
    try:
        errors = exc.response.json().get("errors") or {}
    except (ValueError, AttributeError):
        return {}
    if not isinstance(errors, dict):
        return {}
    refused = {
        name: str(message)
        for name, message in errors.items()
        if name in sent and (name in _OPTIONAL_FIELDS or name.startswith("customfield_"))
    }
    # Any other named error (a summary too long, a missing required field) stays a rejection.
    return refused if len(refused) == len(errors) else {}


def _off_screen(message: str) -> bool:
    return "cannot be set" in message.casefold()


def _value_key(value: object) -> str:
    return json.dumps(value, sort_keys=True)


def _retry_after(value: str | None) -> float | None:
    """Integer seconds only (what Jira sends); an HTTP date falls back to backoff."""
    if value is None or not value.strip().isdigit():
        return None
    return float(int(value.strip()))


# -- small helpers -----------------------------------------------------------------------------


def _endpoint(method: str, url: str) -> str:
    """`GET https://x/rest/api/2/issue/OPS-1?fields=…` → `GET /issue/{key}`."""
    path = _API_PREFIX.sub("", urlsplit(url).path)
    return f"{method} {_ISSUE_PATH.sub(lambda m: f'/{m.group(1)}/{{key}}', path)}"


def _issues(page: object) -> list[Json]:
    issues = page.get("issues") if isinstance(page, dict) else None
    return (
        [i for i in issues if isinstance(i, dict) and i.get("key")]
        if isinstance(issues, list)
        else []
    )


def _parse_cursor(cursor: str | None) -> datetime | None:
    """The previous poll's time; an unreadable cursor means a full poll, which is always safe."""
    if not cursor:
        return None
    try:
        moment = datetime.fromisoformat(cursor)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
