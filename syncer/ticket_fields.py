"""Ticket fields configured per route: `[jira.projects.<KEY>]` and `[github.repos."<owner/repo>"]`.

People's projects want more than summary and priority: an issue type of their own, a
component, the epic the follow-ups belong under, a custom field every ticket must
carry, a milestone. Values are fixed, or small templates over the item's postmortem:
`{severity}`, `{team}`, `{postmortem_id}`. Rendering is pure and linear: `str.format`
over a mapping of plain strings, so text from a document can only ever land as text.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from syncer.model import PRIORITIES

PLACEHOLDERS = ("severity", "team", "postmortem_id")
_CUSTOM_FIELD = re.compile(r"customfield_[0-9]+")
_ISSUE_KEY = re.compile(r"[A-Z][A-Z0-9_]*-[1-9][0-9]*")
PROJECT_BY_NUMBER = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*)/([1-9][0-9]{0,9})")  # owner/number
_PROJECT_ID = re.compile(r"PVT_[A-Za-z0-9_-]+")
STATUS_FIELD = "Status"  # the single-select field every GitHub project starts with


def template_checker(
    allowed: tuple[str, ...], required: tuple[str, ...] = ()
) -> Callable[[str], str]:
    """A validator of `str.format` templates naming only `allowed` placeholders (and every
    `required` one), with a message that names the placeholders allowed."""
    names = ", ".join(f"{{{a}}}" for a in allowed)

    def check(value: str) -> str:
        try:
            fields = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
        except ValueError as exc:
            raise ValueError(f"malformed template {value!r}: {exc}") from None
        unknown = sorted(fields - set(allowed))
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{unknown[0]}}} in {value!r} (allowed: {names})"
            )
        missing = [r for r in required if r not in fields]
        if missing:
            raise ValueError(f"{value!r} must contain {{{missing[0]}}}")
        return value

    return check


# a string whose only placeholders are {severity}, {team} and {postmortem_id}
check_template = template_checker(PLACEHOLDERS)


def _map_strings(value: Any, fn: Callable[[str], str]) -> Any:
    """`value` with `fn` applied to every string inside it (lists and dicts walked)."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_map_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _map_strings(v, fn) for k, v in value.items()}
    return value


def check_templates(value: Any) -> Any:
    """Every string inside a JSON-like value is a valid template."""
    return _map_strings(value, check_template)


def render(value: Any, context: Mapping[str, str | None]) -> Any:
    """The value with each template filled in (an unknown value renders as empty text)."""
    values = {name: context.get(name) or "" for name in PLACEHOLDERS}
    return _map_strings(value, lambda text: text.format_map(values))


def _label(value: str) -> str:
    check_template(value)
    if any(c.isspace() for c in value):
        raise ValueError(f"label {value!r} contains a space (Jira labels cannot)")
    return value


def _custom_fields(value: dict[str, Any]) -> dict[str, Any]:
    for name in value:
        if not _CUSTOM_FIELD.fullmatch(name):
            raise ValueError(f"{name!r} is not a custom field id (customfield_<number>)")
    return check_templates(value)


def _issue_key(value: str) -> str:
    if not _ISSUE_KEY.fullmatch(value):
        raise ValueError(f"{value!r} is not an issue key like OPS-100")
    return value


def check_project(value: str) -> str:
    """A GitHub project: "<owner>/<number>" or a project node id (PVT_…)."""
    if not (PROJECT_BY_NUMBER.fullmatch(value) or _PROJECT_ID.fullmatch(value)):
        raise ValueError(
            f"{value!r} is not a GitHub project: use \"<org or user>/<number>\" (the number in "
            "the project's URL) or its node id (PVT_…)"
        )
    return value


Template = Annotated[str, AfterValidator(check_template)]


class JiraProjectFields(BaseModel):
    """What every ticket pmsync creates in one Jira project carries besides its own fields."""

    model_config = ConfigDict(extra="forbid")

    issue_type: str | None = None
    labels: list[Annotated[str, AfterValidator(_label)]] = Field(default_factory=list)
    components: list[Template] = Field(default_factory=list)
    parent: Annotated[str, AfterValidator(_issue_key)] | None = None
    fields: Annotated[dict[str, Any], AfterValidator(_custom_fields)] = Field(default_factory=dict)


class GitHubRepoFields(BaseModel):
    """What every issue pmsync opens in one repository carries besides its own fields."""

    model_config = ConfigDict(extra="forbid")

    labels: list[Template] = Field(default_factory=list)
    milestone: str | None = None  # the milestone's title
    # GitHub Projects (v2): "<org or user>/<number>" or the project's node id
    project: Annotated[str, AfterValidator(check_project)] | None = None
    status: str | None = None  # option of the project's Status field for new items
    priority_field: str | None = None  # single-select field set from the item's priority
    # priority (P0…P3) -> option name, where the options are not named like the priorities
    priority_values: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _project_fields_need_a_project(self) -> GitHubRepoFields:
        if self.project is None and (self.status or self.priority_field or self.priority_values):
            raise ValueError("status, priority_field and priority_values need project")
        unknown = sorted(set(self.priority_values) - set(PRIORITIES))
        if unknown:
            raise ValueError(f"priority_values: {unknown[0]!r} is not one of {', '.join(PRIORITIES)}")
        return self

    def project_options(self, priority: str | None) -> list[tuple[str, str]]:
        """(field, option) pairs a new project item gets: the status, the priority's option."""
        wanted = [(STATUS_FIELD, self.status)] if self.status else []
        if self.priority_field and priority in PRIORITIES:
            wanted.append((self.priority_field, self.priority_values.get(priority, priority)))
        return wanted
