"""Jira REST v2 payloads shaped as api/README.md §1.4 and Atlassian's OpenAPI examples.

Cloud and Data Center differ where the real services do: user objects (accountId
vs name/key, each with its `self`), sprints (objects vs greenhopper strings),
serverInfo's deploymentType, and the search answer (token pages vs startAt/total).
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

CLOUD_URL = "https://acme.atlassian.net"
DC_URL = "https://jira.acme.example"
SPRINT_FIELD = "customfield_10020"

_CATEGORIES = {
    "new": (2, "To Do", "blue-gray"),
    "indeterminate": (4, "In Progress", "yellow"),
    "done": (3, "Done", "green"),
    "undefined": (1, "No Category", "medium-gray"),
}


def api(base: str, path: str) -> str:
    return f"{base}/rest/api/2/{path}"


def server_info(base: str, *, cloud: bool) -> Json:
    if cloud:
        return {
            "baseUrl": base,
            "version": "1001.0.0-SNAPSHOT",
            "versionNumbers": [1001, 0, 0],
            "deploymentType": "Cloud",
            "buildNumber": 100289,
            "buildDate": "2026-11-20T00:00:00.000+0000",
            "serverTime": "2026-11-23T09:00:00.000+0000",
            "scmInfo": "8f3a9a5c",
            "serverTitle": "Jira",
        }
    return {
        "baseUrl": base,
        "version": "9.12.7",
        "versionNumbers": [9, 12, 7],
        "deploymentType": "Server",
        "buildNumber": 9120007,
        "buildDate": "2024-05-01T00:00:00.000-0700",
        "serverTime": "2026-11-23T01:00:00.000-0800",
        "scmInfo": "0bd6b2b",
        "serverTitle": "Acme Jira",
    }


def user(
    base: str, account: str, *, cloud: bool, name: str = "Someone", active: bool = True
) -> Json:
    if cloud:
        return {
            "self": api(base, f"user?accountId={account}"),
            "accountId": account,
            "accountType": "atlassian",
            "displayName": name,
            "active": active,
            "timeZone": "Europe/Berlin",
            "avatarUrls": {"48x48": "https://avatar.example/48.png"},
        }
    return {
        "self": api(base, f"user?username={account}"),
        "name": account,
        "key": account,
        "displayName": name,
        "emailAddress": f"{account}@acme.example",
        "active": active,
        "avatarUrls": {"48x48": f"{base}/secure/useravatar?size=large"},
    }


def myself(
    base: str, account: str, *, cloud: bool, time_zone: str | None = "Europe/Berlin"
) -> Json:
    me = user(base, account, cloud=cloud, name="pmsync bot")
    me.update({"emailAddress": "pmsync@acme.example", "locale": "en_US"})
    me["groups"] = {"size": 1, "items": []}
    me["applicationRoles"] = {"size": 1, "items": []}
    if time_zone is None:
        me.pop("timeZone", None)
    else:
        me["timeZone"] = time_zone
    return me


def status(base: str, name: str, category: str | None, status_id: str = "10001") -> Json:
    body: Json = {
        "self": api(base, f"status/{status_id}"),
        "id": status_id,
        "name": name,
        "description": "",
        "iconUrl": f"{base}/images/icons/statuses/generic.png",
    }
    if category is not None:
        cid, cname, colour = _CATEGORIES.get(category, (9, category.title(), "grey"))
        body["statusCategory"] = {
            "self": api(base, f"statuscategory/{cid}"),
            "id": cid,
            "key": category,
            "colorName": colour,
            "name": cname,
        }
    return body


def priority(base: str, name: str, priority_id: str = "2") -> Json:
    return {
        "self": api(base, f"priority/{priority_id}"),
        "id": priority_id,
        "name": name,
        "iconUrl": f"{base}/images/icons/priorities/{name.lower()}.svg",
    }


def resolution(base: str, name: str) -> Json:
    return {"self": api(base, "resolution/10000"), "id": "10000", "name": name, "description": ""}


def sprint_cloud(sprint_id: int, name: str, state: str) -> Json:
    return {
        "id": sprint_id,
        "name": name,
        "state": state,
        "boardId": 1,
        "goal": "",
        "startDate": "2026-11-16T09:00:00.000Z",
        "endDate": "2026-11-30T09:00:00.000Z",
    }


def sprint_dc(sprint_id: int, name: str, state: str) -> str:
    return (
        f"com.atlassian.greenhopper.service.sprint.Sprint@1a2b{sprint_id}[id={sprint_id},"
        f"rapidViewId=1,state={state.upper()},name={name},startDate=2026-11-16T09:00:00.000Z,"
        f"endDate=2026-11-30T09:00:00.000Z,completeDate=<null>,activatedDate=2026-11-16T09:00:00.000Z,"
        f"sequence={sprint_id},goal=,autoStartStop=false,synced=false]"
    )


def blocked_by(base: str, key: str, category: str) -> Json:
    return {
        "id": "10100",
        "self": api(base, "issueLink/10100"),
        "type": {
            "id": "10000",
            "name": "Blocks",
            "inward": "is blocked by",
            "outward": "blocks",
            "self": api(base, "issueLinkType/10000"),
        },
        "inwardIssue": {
            "id": "20001",
            "key": key,
            "self": api(base, "issue/20001"),
            "fields": {"summary": "Upstream fix", "status": status(base, "Whatever", category)},
        },
    }


def comment(base: str, author: Json, body: str, comment_id: str = "10000") -> Json:
    return {
        "self": api(base, f"issue/10001/comment/{comment_id}"),
        "id": comment_id,
        "author": author,
        "body": body,
        "updateAuthor": author,
        "created": "2026-11-21T10:00:00.000+0000",
        "updated": "2026-11-21T10:00:00.000+0000",
    }


def change_item(field: str, from_string: str | None, to_string: str | None, **raw: Any) -> Json:
    item: Json = {
        "field": field,
        "fieldtype": "custom" if field == "Sprint" else "jira",
        "fieldId": raw.pop("field_id", field.lower()),
        "from": raw.pop("from_", None),
        "fromString": from_string,
        "to": raw.pop("to", None),
        "toString": to_string,
    }
    return item


def history(author: Json | None, created: str, *items: Json, history_id: str = "10001") -> Json:
    entry: Json = {"id": history_id, "created": created, "items": list(items)}
    if author is not None:
        entry["author"] = author
    return entry


def changelog(*histories: Json) -> Json:
    return {
        "startAt": 0,
        "maxResults": len(histories),
        "total": len(histories),
        "histories": list(histories),
    }


def issue(
    base: str,
    key: str,
    *,
    issue_id: str = "10001",
    summary: str = "Add disk space alert at 80% threshold",
    status_name: str = "To Do",
    category: str | None = "new",
    resolution_name: str | None = None,
    resolved: str | None = None,
    priority_name: str | None = "High",
    assignee: Json | None = None,
    due: str | None = "2026-12-18",
    labels: tuple[str, ...] = ("postmortem", "pmsync"),
    updated: str = "2026-11-20T10:20:30.123+0000",
    links: tuple[Json, ...] = (),
    comments: tuple[Json, ...] | None = None,
    sprints: list[Any] | None = None,
    history: Json | None = None,
) -> Json:
    fields: Json = {
        "summary": summary,
        "status": status(base, status_name, category),
        "resolution": resolution(base, resolution_name) if resolution_name else None,
        "resolutiondate": resolved,
        "priority": priority(base, priority_name) if priority_name else None,
        "assignee": assignee,
        "duedate": due,
        "labels": list(labels),
        "updated": updated,
        "issuelinks": list(links),
        SPRINT_FIELD: sprints,
    }
    if comments is not None:
        fields["comment"] = {
            "comments": list(comments),
            "maxResults": len(comments),
            "total": len(comments),
            "startAt": 0,
        }
    body: Json = {
        "expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
        "id": issue_id,
        "self": api(base, f"issue/{issue_id}"),
        "key": key,
        "fields": fields,
    }
    if history is not None:
        body["changelog"] = history
    return body


def fields_list() -> list[Json]:
    return [
        {
            "id": "summary",
            "key": "summary",
            "name": "Summary",
            "custom": False,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": ["summary"],
            "schema": {"type": "string", "system": "summary"},
        },
        {
            "id": "customfield_10011",
            "key": "customfield_10011",
            "name": "Epic Name",
            "custom": True,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": ["cf[10011]", "Epic Name"],
            "schema": {
                "type": "string",
                "custom": "com.pyxis.greenhopper.jira:gh-epic-label",
                "customId": 10011,
            },
        },
        {
            "id": SPRINT_FIELD,
            "key": SPRINT_FIELD,
            "name": "Sprint",
            "custom": True,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": ["cf[10020]", "sprint"],
            "schema": {
                "type": "array",
                "items": "json",
                "custom": "com.pyxis.greenhopper.jira:gh-sprint",
                "customId": 10020,
            },
        },
    ]


def cloud_page(issues: list[Json], next_token: str | None = None) -> Json:
    page: Json = {"issues": issues, "isLast": next_token is None}
    if next_token is not None:
        page["nextPageToken"] = next_token
    return page


def dc_page(issues: list[Json], start: int, total: int, max_results: int = 100) -> Json:
    return {
        "expand": "names,schema",
        "startAt": start,
        "maxResults": max_results,
        "total": total,
        "issues": issues,
    }


def created(base: str, key: str, issue_id: str = "10001") -> Json:
    return {"id": issue_id, "key": key, "self": api(base, f"issue/{issue_id}")}


def error(*messages: str, **errors: str) -> Json:
    return {"errorMessages": list(messages), "errors": errors}


def priorities(base: str, *names: str) -> list[Json]:
    return [
        {**priority(base, name, str(i)), "description": name, "statusColor": "#ff0000"}
        for i, name in enumerate(names, start=1)
    ]


def project(base: str, key: str, *issue_types: str) -> Json:
    return {
        "self": api(base, f"project/{key}"),
        "id": "10000",
        "key": key,
        "name": f"{key} project",
        "projectTypeKey": "software",
        "simplified": False,
        "style": "classic",
        "issueTypes": [
            {
                "self": api(base, f"issuetype/{i}"),
                "id": str(i),
                "name": name,
                "description": "",
                "subtask": False,
            }
            for i, name in enumerate(issue_types, start=10001)
        ],
    }


# Create metadata, shaped as Atlassian's FieldCreateMetadata / PageOfCreateMetaIssueTypeWithField
# (Cloud pages it under "fields", Data Center under "values").
def field_meta(
    field_id: str,
    name: str,
    *,
    required: bool = False,
    kind: str = "string",
    allowed: list[Json] | None = None,
    has_default: bool = False,
) -> Json:
    meta: Json = {
        "required": required,
        "schema": {"type": kind, "system": field_id}
        if not field_id.startswith("customfield_")
        else {"type": kind, "custom": "com.atlassian.jira.plugin.system.customfieldtypes:select"},
        "name": name,
        "fieldId": field_id,
        "key": field_id,
        "hasDefaultValue": has_default,
        "operations": ["set"],
    }
    if allowed is not None:
        meta["allowedValues"] = allowed
    return meta


def screen(
    base: str,
    *,
    priorities: tuple[str, ...] | None = None,
    without: tuple[str, ...] = (),
    extra: tuple[Json, ...] = (),
) -> list[Json]:
    """A create screen with what pmsync sets, less `without`, plus `extra` fields."""
    fields = [
        field_meta("summary", "Summary", required=True),
        field_meta("issuetype", "Issue Type", required=True, kind="issuetype"),
        field_meta("project", "Project", required=True, kind="project"),
        field_meta("description", "Description"),
        field_meta("reporter", "Reporter", required=True, kind="user", has_default=True),
        field_meta(
            "priority",
            "Priority",
            kind="priority",
            allowed=None if priorities is None else priorities_of(base, *priorities),
            has_default=True,
        ),
        field_meta("duedate", "Due date", kind="date"),
        field_meta("assignee", "Assignee", kind="user"),
        field_meta("labels", "Labels", kind="array"),
        *extra,
    ]
    return [f for f in fields if f["fieldId"] not in without]


def create_meta(fields: list[Json], *, cloud: bool) -> Json:
    page: Json = {"maxResults": 50, "startAt": 0, "total": len(fields)}
    if cloud:
        return {**page, "fields": fields}
    return {**page, "isLast": True, "values": fields}


def priorities_of(base: str, *names: str) -> list[Json]:
    return [priority(base, name, str(i)) for i, name in enumerate(names, start=1)]


def priority_page(base: str, *names: str) -> Json:
    """GET /priority/search?projectId=… (PageBeanPriority, as the Cloud OpenAPI example)."""
    values = [
        {
            **priority(base, name, str(i)),
            "description": name,
            "isDefault": i == 1,
            "statusColor": "#009900",
        }
        for i, name in enumerate(names, start=1)
    ]
    return {"isLast": True, "maxResults": 50, "startAt": 0, "total": len(values), "values": values}
