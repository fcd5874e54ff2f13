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

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

PLACEHOLDERS = ("severity", "team", "postmortem_id")
_CUSTOM_FIELD = re.compile(r"customfield_[0-9]+")
_ISSUE_KEY = re.compile(r"[A-Z][A-Z0-9_]*-[1-9][0-9]*")


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


def check_templates(value: Any) -> Any:
    """Every string inside a JSON-like value is a valid template."""
    if isinstance(value, str):
        return check_template(value)
    if isinstance(value, list):
        return [check_templates(v) for v in value]
    if isinstance(value, dict):
        return {k: check_templates(v) for k, v in value.items()}
    return value


def render(value: Any, context: Mapping[str, str | None]) -> Any:
    """The value with each template filled in (an unknown value renders as empty text)."""
    if isinstance(value, str):
        return value.format_map({name: context.get(name) or "" for name in PLACEHOLDERS})
    if isinstance(value, list):
        return [render(v, context) for v in value]
    if isinstance(value, dict):
        return {k: render(v, context) for k, v in value.items()}
    return value


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
