"""Translation between Jira's REST v2 JSON (api/README.md §1.4) and pmsync's model.

Pure functions over raw JSON dicts: no HTTP, no `jira` resource objects. Every
reader tolerates missing or malformed parts (a ticket someone mangled must not
stop the sync), so lookups go through `_obj`/`_text` rather than indexing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from urllib.parse import urlsplit

from adapters.trackers.base import MARKER_LABEL, POSTMORTEM_LABEL, item_hash, item_label
from syncer.inert import JIRA_DESCRIPTION_MAX, cap, cap_line, jira_wiki, one_line
from syncer.model import PRIORITIES, Category, Change, TicketRef, TicketSpec, TicketState
from syncer.ticket_fields import JiraProjectFields, render

TRACKER = "jira"
SUMMARY_MAX = 255
SPRINT_SCHEMA = "com.pyxis.greenhopper.jira:gh-sprint"
# Fields a search returns for each ticket; a single GET adds comments (and the changelog).
SEARCH_FIELDS = (
    "summary", "status", "resolution", "resolutiondate", "priority", "assignee",
    "duedate", "labels", "updated", "issuelinks",
)  # fmt: skip
GET_FIELDS = (*SEARCH_FIELDS, "comment")
EDITABLE = frozenset({"summary", "description", "priority", "assignee", "due"})
# With no known user time zone, JQL times are written this much earlier than the UTC
# wall time: no server offset (UTC-12…UTC+14) can then place them after the cursor.
UNKNOWN_TZ_SHIFT = timedelta(hours=14)

KEY_RE = re.compile(r"[A-Z][A-Z0-9_]*-[1-9][0-9]*")
MARKER_RE = re.compile(rf"{MARKER_LABEL}-([0-9a-f]{{12}})")
_CATEGORIES = {"new": Category.TODO, "indeterminate": Category.IN_PROGRESS, "done": Category.DONE}
# Data Center renders a sprint as "com.atlassian.greenhopper.service.sprint.Sprint@1a2b[id=1,
# rapidViewId=1,state=ACTIVE,name=Sprint 1,startDate=…]"; a name may contain commas, so it
# ends only where the next known attribute starts.
_DC_SPRINT_STATE = re.compile(r"[\[,]state=([A-Za-z_]+)")
_DC_SPRINT_NAME = re.compile(
    r"[\[,]name=(.*?)(?=,(?:startDate|endDate|completeDate|activatedDate|sequence|goal|"
    r"autoStartStop|synced|incompleteIssuesDestinationId|rapidViewId|state|id)=|\]$)"
)
_LIVE_SPRINT_STATES = frozenset({"active", "future"})
# changelog field names → Change.field
_HISTORY_FIELDS = {
    "status": "status", "priority": "priority", "sprint": "sprint", "duedate": "duedate",
    "assignee": "assignee", "resolution": "resolution", "labels": "labels",
}  # fmt: skip
# for these the raw value (account id / username, ISO date) is more useful than the display string
_RAW_VALUE_FIELDS = frozenset({"assignee", "duedate"})

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Site:
    """What translation needs to know about the Jira site."""

    url: str  # base URL without a trailing slash
    cloud: bool
    priorities: Mapping[str, str]  # P0..P4 → Jira priority name
    sprint_field: str | None = None  # e.g. "customfield_10020"

    def priority_level(self, name: str | None) -> str | None:
        """The most urgent P-level mapped to this Jira priority name (None when unmapped)."""
        if not name:
            return None
        folded = name.casefold()
        return next(
            (p for p in PRIORITIES if self.priorities.get(p, "").casefold() == folded), None
        )

    def ref(self, key: str) -> TicketRef:
        return TicketRef(TRACKER, target_of(key), key, f"{self.url}/browse/{key}")


def target_of(key: str) -> str:
    """`OPS-12` → `jira:OPS`."""
    return f"{TRACKER}:{key.rsplit('-', 1)[0]}"


# ---------------------------------------------------------------------------------------------
# Writing


def summary_text(text: str) -> str:
    """One line of at most 255 characters, cut on a word boundary with an ellipsis."""
    return cap_line(one_line(text), SUMMARY_MAX)


def description_text(text: str) -> str:
    """Document text as inert wiki markup (no macro, mention, image or link is live), capped."""
    return cap(jira_wiki(text), JIRA_DESCRIPTION_MAX)


def user_field(account: str | None, *, cloud: bool) -> Json | None:
    if account is None:
        return None
    return {"accountId": account} if cloud else {"name": account}


def priority_field(site: Site, priority: str | None) -> Json | None:
    if priority is None:
        return None
    name = site.priorities.get(priority)
    if name is None:
        raise ValueError(f"no Jira priority is configured for {priority}")
    return {"name": name}


def create_fields(site: Site, project: str, issue_type: str, spec: TicketSpec) -> Json:
    """The `fields` of POST /issue; project and issue type as dicts so the library looks nothing up."""
    fields: Json = {
        "project": {"key": project},
        "issuetype": {"name": issue_type},
        "summary": summary_text(spec.summary),
        "description": description_text(spec.description),
        "labels": [POSTMORTEM_LABEL, MARKER_LABEL, item_label(spec.item_key)],
    }
    priority = priority_field(site, spec.priority)
    if priority is not None:
        fields["priority"] = priority
    assignee = user_field(spec.assignee, cloud=site.cloud)
    if assignee is not None:
        fields["assignee"] = assignee
    if spec.due is not None:
        fields["duedate"] = spec.due.isoformat()
    return fields


def with_route_fields(fields: Json, route: JiraProjectFields | None, spec: TicketSpec) -> Json:
    """The create fields plus what the project's configuration adds (issue type, labels,
    components, parent, custom fields), templates filled in from the item's postmortem."""
    if route is None:
        return fields
    context = {"severity": spec.severity, "team": spec.team, "postmortem_id": spec.postmortem_id}
    out = dict(fields)
    if route.issue_type:
        out["issuetype"] = {"name": route.issue_type}
    extra = [label for label in render(route.labels, context) if label]
    out["labels"] = list(dict.fromkeys([*fields["labels"], *extra]))
    components = [name for name in render(route.components, context) if name]
    if components:
        out["components"] = [{"name": name} for name in components]
    if route.parent:
        out["parent"] = {"key": route.parent}
    out.update(render(route.fields, context))
    return out


def edit_fields(site: Site, spec: TicketSpec, names: Iterable[str]) -> Json:
    """The `fields` of PUT /issue/{key}: only the named doc-owned fields, as absolute values.

    A priority the document lacks is left alone (Jira requires one); a missing
    assignee or due date clears the ticket's.
    """
    wanted = set(names)
    unknown = wanted - EDITABLE
    if unknown:
        raise ValueError(f"not a doc-owned Jira field: {', '.join(sorted(unknown))}")
    fields: Json = {}
    if "summary" in wanted:
        fields["summary"] = summary_text(spec.summary)
    if "description" in wanted:
        fields["description"] = description_text(spec.description)
    if "priority" in wanted and spec.priority is not None:
        fields["priority"] = priority_field(site, spec.priority)
    if "assignee" in wanted:
        fields["assignee"] = user_field(spec.assignee, cloud=site.cloud)
    if "due" in wanted:
        fields["duedate"] = spec.due.isoformat() if spec.due else None
    return fields


def remote_link(spec: TicketSpec) -> Json:
    """POST /issue/{key}/remotelink body; the globalId makes a repeat an update, not a second link."""
    return {
        "globalId": f"pmsync:{item_hash(spec.item_key)}",
        "relationship": "postmortem",
        "object": {"url": spec.doc_url, "title": spec.postmortem_title or "Postmortem"},
    }


def created_state(site: Site, key: str, spec: TicketSpec, fields: Json) -> TicketState:
    """The state of a ticket just created, from what was sent (status is the workflow's, unknown here)."""
    return TicketState(
        ref=site.ref(key),
        marker=item_hash(spec.item_key),
        summary=fields["summary"],
        priority=spec.priority if "priority" in fields else None,
        raw_priority=fields["priority"]["name"] if "priority" in fields else None,
        assignee=spec.assignee if "assignee" in fields else None,
        due=spec.due if "duedate" in fields else None,
        labels=tuple(fields["labels"]),
    )


# ---------------------------------------------------------------------------------------------
# Create metadata (GET /issue/createmeta/{project}/issuetypes/{id}) and priority schemes

# What pmsync sets on create, and what it does when the project's create screen lacks it.
SCREEN_FALLBACKS: dict[str, tuple[str, str]] = {
    "priority": ("warning", "tickets get the project's default priority"),
    "duedate": (
        "warning",
        "tickets are created without a due date; the deadline stays in the description and "
        "in pmsync's ledger, and each such create is reported",
    ),
    "assignee": (
        "warning",
        "tickets are created unassigned (the owner is named in the description)",
    ),
    "labels": (
        "error",
        "pmsync cannot mark its tickets, so every create is rejected: add Labels to the create screen",
    ),
}
# Fields pmsync fills itself, or Jira fills by default, so "required" is not a problem for them.
SET_BY_PMSYNC = frozenset({"project", "issuetype", "summary", "description", "labels", "reporter"})


def page_values(page: object, *keys: str) -> list[Json]:
    """The items of a paged answer under the first key present (Cloud and Data Center differ)."""
    body = _obj(page)
    for key in keys:
        if isinstance(body.get(key), list):
            return [v for v in body[key] if isinstance(v, dict)]
    return []


def allowed_names(field: Json | None) -> set[str] | None:
    """Names among a create-metadata field's `allowedValues` (None when it lists none)."""
    values = _list(_obj(field).get("allowedValues"))
    names = {
        str(v["name"]) for v in values if isinstance(v, dict) and isinstance(v.get("name"), str)
    }
    return names or None


def screen_findings(
    project: str,
    issue_type: str,
    screen: Mapping[str, Json],
    route: JiraProjectFields | None = None,
) -> list[tuple[str, str]]:
    """(severity, message) per field pmsync sets that the create screen lacks, per configured
    field it lacks or whose fixed value it does not allow, and per required field pmsync does
    not set and Jira has no default for."""
    found: list[tuple[str, str]] = []
    where = f"{project}/{issue_type}"
    for name, (severity, fallback) in SCREEN_FALLBACKS.items():
        if name not in screen:
            found.append(
                (severity, f"field {name!r} is not on the create screen of {where}: {fallback}")
            )
    configured = _configured(route)
    for name, value in configured.items():
        key = f"fields.{name}" if name.startswith("customfield_") else name
        config = f"jira.projects.{project}.{key}"
        if name not in screen:
            found.append(
                (
                    "warning",
                    f"field {name!r} ({config}) is not on the create screen of {where}: "
                    "tickets are created without it",
                )
            )
            continue
        refused = _not_allowed(screen[name], value)
        if refused:
            found.append(
                (
                    "error",
                    f"field {name!r} ({config}): {refused} is not allowed on the create screen "
                    f"of {where}: tickets are created without the field",
                )
            )
    for name, field in sorted(screen.items()):
        if name in SET_BY_PMSYNC or name in SCREEN_FALLBACKS or name in configured:
            continue
        if field.get("required") is True and field.get("hasDefaultValue") is not True:
            label = _text(field.get("name")) or name
            found.append(
                (
                    "error",
                    f"field {name!r} ({label}) is required on the create screen of {where} and pmsync "
                    "does not set it: every create there is rejected until it has a default value",
                )
            )
    return found


def _configured(route: JiraProjectFields | None) -> dict[str, Any]:
    """fieldId → configured value (templates unfilled) of what the project's configuration adds."""
    if route is None:
        return {}
    found: dict[str, Any] = dict(route.fields)
    if route.components:
        found["components"] = [{"name": name} for name in route.components]
    if route.parent:
        found["parent"] = {"key": route.parent}
    return found


def _not_allowed(field: Json, value: Any) -> str | None:
    """A fixed (template-free) choice the field's `allowedValues` do not list, else None."""
    allowed = [v for v in _list(field.get("allowedValues")) if isinstance(v, dict)]
    if not allowed:
        return None
    known = {
        str(v.get(k)).casefold()
        for v in allowed
        for k in ("name", "value", "id")
        if v.get(k) is not None
    }
    for choice in value if isinstance(value, list) else [value]:
        wanted = (
            choice.get("name") or choice.get("value") or choice.get("id")
            if isinstance(choice, dict)
            else choice
        )
        if isinstance(wanted, str) and "{" not in wanted and wanted.casefold() not in known:
            return repr(wanted)
    return None


def scheme_findings(project: str, mapping: Mapping[str, str], scheme: set[str]) -> list[str]:
    """One message per mapped priority name the project's priority scheme does not offer."""
    offered = {name.casefold() for name in scheme}
    return [
        f"priority {name!r} (for {level}) is not in the priority scheme of {project} "
        f"(it offers: {', '.join(sorted(scheme))}): {level} tickets there get the project's "
        "default priority"
        for level, name in sorted(mapping.items())
        if name.casefold() not in offered
    ]


# ---------------------------------------------------------------------------------------------
# JQL


def jql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def jql_time(moment: datetime, zone: tzinfo | None) -> str:
    """`yyyy-MM-dd HH:mm` as Jira reads it: in the searching user's time zone.

    Minutes are truncated, so the bound only ever moves earlier.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = (
        moment.astimezone(zone) if zone is not None else moment.astimezone(UTC) - UNKNOWN_TZ_SHIFT
    )
    return local.strftime("%Y-%m-%d %H:%M")


def parse_ref(site: Site, written: str) -> TicketRef | None:
    """`OPS-12`, or a `…/browse/OPS-12` URL on this site → a ref; anything else → None."""
    text = written.strip()
    if KEY_RE.fullmatch(text.upper()):
        return site.ref(text.upper())
    parts, base = urlsplit(text), urlsplit(site.url)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != base.netloc.lower():
        return None
    prefix = base.path.rstrip("/") + "/browse/"
    if not parts.path.startswith(prefix):
        return None
    key = parts.path[len(prefix) :].rstrip("/").upper()
    return site.ref(key) if KEY_RE.fullmatch(key) else None


# ---------------------------------------------------------------------------------------------
# Reading


def to_state(site: Site, raw: Json) -> TicketState:
    """A ticket from an issue GET or a search result (with `changelog` when expanded)."""
    fields = _obj(raw.get("fields"))
    status = _obj(fields.get("status"))
    status_name = _text(status.get("name"))
    category = _CATEGORIES.get(
        _text(_obj(status.get("statusCategory")).get("key")) or "", Category.TODO
    )
    raw_priority = _text(_obj(fields.get("priority")).get("name"))
    labels = tuple(label for label in _list(fields.get("labels")) if isinstance(label, str))
    history = parse_changelog(raw.get("changelog"), site.sprint_field)
    return TicketState(
        ref=site.ref(str(raw.get("key"))),
        marker=next((m.group(1) for m in map(MARKER_RE.fullmatch, labels) if m), None),
        summary=_text(fields.get("summary")),
        status=status_name,
        category=category,
        resolution=_text(_obj(fields.get("resolution")).get("name")),
        priority=site.priority_level(raw_priority),
        raw_priority=raw_priority,
        assignee=account_of(fields.get("assignee")),
        due=_date(fields.get("duedate")),
        labels=labels,
        sprints=parse_sprints(fields.get(site.sprint_field)) if site.sprint_field else (),
        updated_at=parse_time(fields.get("updated")),
        closed_at=parse_time(fields.get("resolutiondate")),
        closed_by=closed_by(history, status_name, category),
        history=history,
        comments=_comments(fields.get("comment")),
        blocked_by_open=_blocked_by_open(fields.get("issuelinks")),
    )


def account_of(user: object) -> str | None:
    """Cloud: accountId (Cloud hides name/key); Data Center: username, else the user key."""
    user = _obj(user)
    return _text(user.get("accountId")) or _text(user.get("name")) or _text(user.get("key"))


def parse_sprints(value: object) -> tuple[str, ...]:
    """Names of the active or future sprints, from Cloud objects or Data Center strings."""
    names: list[str] = []
    for sprint in _list(value):
        if isinstance(sprint, dict):
            state, name = _text(sprint.get("state")), _text(sprint.get("name"))
        elif isinstance(sprint, str):
            state_match, name_match = (
                _DC_SPRINT_STATE.search(sprint),
                _DC_SPRINT_NAME.search(sprint),
            )
            state = state_match.group(1) if state_match else None
            name = name_match.group(1) if name_match else None
        else:
            continue
        if name and state and state.casefold() in _LIVE_SPRINT_STATES and name not in names:
            names.append(name)
    return tuple(names)


def parse_changelog(changelog: object, sprint_field: str | None = None) -> tuple[Change, ...]:
    """The changes pmsync cares about, newest first; malformed entries are skipped."""
    entries: list[tuple[datetime | None, int, Change]] = []
    for order, history in enumerate(_list(_obj(changelog).get("histories"))):
        if not isinstance(history, dict):
            continue
        at = parse_time(history.get("created"))
        actor = account_of(history.get("author"))
        for item in _list(history.get("items")):
            if not isinstance(item, dict):
                continue
            name = _history_field(item, sprint_field)
            if name is None:
                continue
            if name in _RAW_VALUE_FIELDS:
                old = _text(item.get("from")) or _text(item.get("fromString"))
                new = _text(item.get("to")) or _text(item.get("toString"))
            else:
                old, new = _text(item.get("fromString")), _text(item.get("toString"))
            entries.append((at, order, Change(name, at, actor, old, new)))
    # Newest first whatever order the server used; undated entries last, ties in server order.
    epoch = datetime.min.replace(tzinfo=UTC)
    entries.sort(key=lambda e: (e[0] is not None, e[0] or epoch, -e[1]), reverse=True)
    return tuple(change for _, _, change in entries)


def closed_by(history: Iterable[Change], status: str | None, category: Category) -> str | None:
    """Who closed it: the newest change that set a resolution or moved it into its done status."""
    if category is not Category.DONE:
        return None
    folded = (status or "").casefold()
    for change in history:
        if change.field == "resolution" and change.to_value:
            return change.actor
        if change.field == "status" and folded and (change.to_value or "").casefold() == folded:
            return change.actor
    return None


def parse_time(value: object) -> datetime | None:
    """Jira's `2024-03-05T10:20:30.123+0000` (offset without a colon); None when unreadable."""
    if not isinstance(value, str) or not value:
        return None
    for pattern in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def sprint_field_of(fields: object) -> str | None:
    """The sprint custom field's id in a GET /field answer (None without Jira Software)."""
    for field in _list(fields):
        if isinstance(field, dict) and _obj(field.get("schema")).get("custom") == SPRINT_SCHEMA:
            return _text(field.get("id"))
    return None


def _history_field(item: Json, sprint_field: str | None) -> str | None:
    if sprint_field and item.get("fieldId") == sprint_field:
        return "sprint"
    return _HISTORY_FIELDS.get((_text(item.get("field")) or "").casefold())


def _comments(value: object) -> tuple[tuple[str | None, str], ...]:
    return tuple(
        (account_of(c.get("author")), c["body"])
        for c in _list(_obj(value).get("comments"))
        if isinstance(c, dict) and isinstance(c.get("body"), str)
    )


def _blocked_by_open(links: object) -> bool:
    """An inward "is blocked by" link to an issue whose status is not in the done category."""
    for link in _list(links):
        if not isinstance(link, dict) or "inwardIssue" not in link:
            continue
        if (_text(_obj(link.get("type")).get("inward")) or "").casefold() != "is blocked by":
            continue
        status = _obj(_obj(_obj(link["inwardIssue"]).get("fields")).get("status"))
        if _obj(status.get("statusCategory")).get("key") != "done":
            return True
    return False


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _obj(value: object) -> Json:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None
