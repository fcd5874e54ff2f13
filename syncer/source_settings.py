"""Where postmortems are read from: the `[[sources]]` entries of the configuration.

Several sources may be configured at once, each a table with a unique `name` and a `kind`
(markdown, git, confluence, gdocs) plus its own routing defaults (`team`, `target`). The
single `[sources]` table of earlier configurations is the markdown source named "markdown"
and means exactly what it meant before. Secrets are never here: a source names the
credential file (systemd `LoadCredential=`) that holds its token or key.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PositiveInt,
    model_validator,
)

from syncer.exclude import DEFAULT_EXCLUDE

# The name the single `[sources]` table of earlier configurations is known by.
# (The shared value checks live in syncer.settings, which imports this module: they are
# imported when a value is checked, not when this module loads.)
LEGACY_NAME = "markdown"

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_CREDENTIAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


def _check_name(value: str) -> str:
    if not _NAME.fullmatch(value):
        raise ValueError(f"{value!r} is not a source name (letters, digits, '-', '_'; at most 64)")
    return value


def _check_credential(value: str) -> str:
    if not _CREDENTIAL.fullmatch(value):
        raise ValueError(f"{value!r} is not a credential file name (no '/', no leading '.')")
    return value


def _check_target(value: str) -> str:
    from syncer.settings import _check_target as check

    return check(value)


def _to_duration(value: Any) -> Any:
    from syncer.settings import _to_duration as convert

    return convert(value)


def _url_template(allowed: tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        from syncer.settings import _template

        return _template(allowed)(value)

    return AfterValidator(check)


def _http_url(value: str) -> str:
    from syncer.settings import _http_url as check

    return check(value)


SourceName = Annotated[str, AfterValidator(_check_name)]
Credential = Annotated[str, AfterValidator(_check_credential)]
Target = Annotated[str, AfterValidator(_check_target)]
Duration = Annotated[timedelta, BeforeValidator(_to_duration)]
HttpUrl = Annotated[str, AfterValidator(_http_url)]


class _Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SourceName
    team: str | None = None  # the team of a postmortem that names none
    target: Target | None = None  # where its items go when its team has no route


class MarkdownSource(_Source):
    kind: Literal["markdown"] = "markdown"
    paths: list[Path] = Field(default_factory=lambda: [Path("postmortems")])
    doc_url: Annotated[str, _url_template(("path", "id"))] | None = None
    exclude: list[str] = Field(default_factory=lambda: list(DEFAULT_EXCLUDE))


class GitSource(_Source):
    kind: Literal["git"]
    remote: str  # https://…, ssh://…, git@host:path, or file://… (tests, local mirrors)
    branch: str = "main"
    subpath: str = ""  # only documents under this directory of the repository
    doc_url: Annotated[str, _url_template(("path", "branch", "id"))] | None = None
    credential: Credential | None = None  # SSH deploy key (ssh remotes) or HTTPS token
    username: str = "git"  # HTTPS user the token is sent as (GitLab: oauth2, Bitbucket: x-token-auth)
    timeout: Duration = timedelta(minutes=2)
    depth: PositiveInt = 1


class ConfluenceSource(_Source):
    kind: Literal["confluence"]
    url: HttpUrl  # https://example.atlassian.net/wiki (Cloud) or https://confluence.example.com (DC)
    deployment: Literal["cloud", "datacenter"] = "cloud"
    cql: str  # which pages, e.g. 'space = SRE and label = postmortem'
    email: str | None = None  # Cloud: the account the API token belongs to; DC uses a PAT alone
    cloud_id: str | None = None  # scoped tokens: requests go through api.atlassian.com/ex/confluence/<id>
    credential: Credential = "confluence_token"
    overlap: Duration = timedelta(minutes=10)
    full_listing: Duration = timedelta(days=1)
    page_size: Annotated[int, Field(ge=1, le=250)] = 50
    timeout: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=4, ge=0)
    max_wait_seconds: float = Field(default=120.0, gt=0)

    @model_validator(mode="after")
    def _auth_fits_the_deployment(self) -> ConfluenceSource:
        if self.deployment == "cloud" and not self.email:
            raise ValueError("Confluence Cloud needs `email` (the account the API token belongs to)")
        if self.deployment == "datacenter" and (self.email or self.cloud_id):
            raise ValueError("Confluence Data Center takes a personal access token alone: remove `email`/`cloud_id`")
        return self


class GDocsSource(_Source):
    kind: Literal["gdocs"]
    folder: str  # the Drive folder id (sub-folders are read too)
    shared_drive: str | None = None  # the shared drive the folder is on, if any
    credential: Credential = "gdocs_service_account"  # the service account's JSON key
    api_url: HttpUrl | None = None  # another Drive endpoint (a proxy); default Google's
    page_size: Annotated[int, Field(ge=1, le=1000)] = 1000
    timeout: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=4, ge=0)


SourceConfig = Annotated[
    MarkdownSource | GitSource | ConfluenceSource | GDocsSource, Field(discriminator="kind")
]
SOURCE_MODELS: dict[str, type[_Source]] = {
    "markdown": MarkdownSource,
    "git": GitSource,
    "confluence": ConfluenceSource,
    "gdocs": GDocsSource,
}


# The two forms of `sources` (tags of the union in Settings).
TABLE, ENTRIES = "[sources]", "[[sources]]"


def sources_form(value: Any) -> str:
    return ENTRIES if isinstance(value, list) else TABLE


def with_kind(value: Any) -> Any:
    """`[[sources]]` entries without `kind` are markdown folders, like the `[sources]` table."""
    if isinstance(value, list):
        return [{"kind": "markdown", **v} if isinstance(v, dict) and "kind" not in v else v for v in value]
    return value


def duplicate_names(sources: list[Any]) -> list[str]:
    """Problems for `[[sources]]` names used twice (a name keys the source's state)."""
    seen: set[str] = set()
    problems = []
    for index, source in enumerate(sources):
        name = source.get("name") if isinstance(source, dict) else None
        if isinstance(name, str) and name in seen:
            problems.append(f"sources[{index}].name: {name!r} is used by another source")
        if isinstance(name, str):
            seen.add(name)
    return problems
