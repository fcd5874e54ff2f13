"""Per-project configuration of the fake Jira: create screens and priority schemes.

Real Jira projects differ from the site: a priority scheme offers only some of
the site's priorities, and a project's create screen may lack the due date (or
priority, assignee, …) and may require a custom field. Jira then answers a
create or edit with 400 and a field error; create metadata
(`GET /issue/createmeta/{project}/issuetypes[/{id}]`) and, on Cloud,
`GET /priority/search?projectId=` say so beforehand. Wording of the errors as
Atlassian's users quote them (Cloud / Data Center).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

SPRINT_FIELD = "customfield_10020"  # the fake site's sprint field (Jira Software): on every screen
OFF_SCREEN = "Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."
SCHEME_CLOUD = "The priority selected is invalid."
SCHEME_DC = "This priority is not available for this project."

# (field id, display name, schema type) of the system fields a default create screen shows
SYSTEM_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("summary", "Summary", "string"),
    ("issuetype", "Issue Type", "issuetype"),
    ("project", "Project", "project"),
    ("description", "Description", "string"),
    ("reporter", "Reporter", "user"),
    ("priority", "Priority", "priority"),
    ("duedate", "Due date", "date"),
    ("assignee", "Assignee", "user"),
    ("labels", "Labels", "array"),
)
ALWAYS_REQUIRED = frozenset({"summary", "issuetype", "project"})


@dataclass
class ProjectSetup:
    """What a project's create screen shows and which priorities its scheme offers."""

    without: frozenset[str] = frozenset()  # system fields missing from the screen
    required: dict[str, str] = field(default_factory=dict)  # custom field id -> name, no default
    scheme: tuple[str, ...] | None = None  # None: every priority of the site
    extra: frozenset[str] = frozenset()  # further fields the screen takes (components, parent, …)

    def on_screen(self, name: str) -> bool:
        if name in self.required or name in self.extra:
            return True
        optional = (name.startswith("customfield_") and name != SPRINT_FIELD) or name in (
            "components",
            "parent",
        )
        return name not in self.without and not optional

    def offers(self, priority: str) -> bool:
        return self.scheme is None or priority in self.scheme

    def create_errors(self, fields: dict[str, Any], *, cloud: bool) -> dict[str, str]:
        """Jira's 400 field errors for a create (or edit) in this project."""
        errors = {name: OFF_SCREEN.format(name=name) for name in fields if not self.on_screen(name)}
        priority = fields.get("priority")
        name = priority.get("name") if isinstance(priority, dict) else None
        if "priority" not in errors and isinstance(name, str) and not self.offers(name):
            errors["priority"] = SCHEME_CLOUD if cloud else SCHEME_DC
        return errors

    def missing_required(self, fields: dict[str, Any]) -> dict[str, str]:
        return {fid: f"{label} is required." for fid, label in self.required.items() if fields.get(fid) in (None, "", [])}


def field_meta(
    fid: str, name: str, kind: str, *, required: bool, allowed: list[dict[str, Any]] | None, default: bool
) -> dict[str, Any]:
    """One FieldCreateMetadata, as the Cloud OpenAPI describes it."""
    schema: dict[str, Any] = {"type": kind, "system": fid}
    if fid.startswith("customfield_"):
        schema = {"type": kind, "custom": "com.atlassian.jira.plugin.system.customfieldtypes:select", "customId": int(fid.split("_")[1])}
    meta: dict[str, Any] = {
        "required": required, "schema": schema, "name": name, "fieldId": fid, "key": fid,
        "hasDefaultValue": default, "operations": ["set"],
    }  # fmt: skip
    if allowed is not None:
        meta["allowedValues"] = allowed
    return meta


def screen_meta(setup: ProjectSetup, priorities: Iterable[str], priority_json: Callable[[str], Any]) -> list[dict[str, Any]]:
    """The create screen's fields: system ones on the screen, then the required custom fields."""
    out = []
    for fid, name, kind in SYSTEM_FIELDS:
        if fid in setup.without:
            continue
        allowed = [priority_json(p) for p in priorities if setup.offers(p)] if fid == "priority" else None
        out.append(field_meta(fid, name, kind, required=fid in ALWAYS_REQUIRED or fid == "reporter", allowed=allowed, default=fid in ("reporter", "priority")))
    out += [field_meta(fid, name, "option", required=True, allowed=None, default=False) for fid, name in setup.required.items()]
    out += [field_meta(fid, fid, "any", required=False, allowed=None, default=False) for fid in sorted(setup.extra)]
    return out


def page(values: list[dict[str, Any]], start: int, size: int, key: str, *, cloud: bool) -> dict[str, Any]:
    """A createmeta page: Cloud names the list `fields`/`issueTypes`, Data Center `values`."""
    chunk = values[start : start + size]
    body: dict[str, Any] = {"maxResults": size, "startAt": start, "total": len(values)}
    if cloud:
        return {**body, key: chunk}
    return {**body, "isLast": start + size >= len(values), "values": chunk}
