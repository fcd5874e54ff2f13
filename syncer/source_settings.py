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

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PositiveInt

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
    from syncer.settings import parse_target  # settings imports this module

    parse_target(value.strip())
    return value.strip()


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


SourceConfig = Annotated[MarkdownSource | GitSource, Field(discriminator="kind")]
SOURCE_MODELS: dict[str, type[_Source]] = {
    "markdown": MarkdownSource,
    "git": GitSource,
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
