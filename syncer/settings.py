"""pmsync configuration (DESIGN §11): one TOML file, `PMSYNC_…` environment overrides, secrets
from the environment or systemd credentials, and every problem reported at once.

`load_settings()` is the only place that reads files and the environment. Constructing
`Settings(...)` directly only validates what it is given, which keeps tests hermetic.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from collections.abc import Callable, Mapping
from datetime import time, timedelta
from difflib import get_close_matches
from email.utils import parseaddr
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PositiveInt,
    SecretStr,
    StringConstraints,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from syncer.credentials import credential_file
from syncer.exclude import DEFAULT_EXCLUDE
from syncer.model import PRIORITIES
from syncer.source_settings import (
    ENTRIES,
    LEGACY_NAME,
    TABLE,
    MarkdownSource,
    SourceConfig,
    duplicate_names,
    sources_form,
    with_kind,
)
from syncer.ticket_fields import GitHubRepoFields, JiraProjectFields
from syncer.ticket_fields import template_checker as _template
from syncer.transport import insecure_transport_problems

DEFAULT_CONFIG_PATH = Path("/etc/pmsync/pmsync.toml")
ENV_PREFIX = "PMSYNC_"

# (section, key) -> credential file name in $CREDENTIALS_DIRECTORY
SECRETS: dict[tuple[str, str], str] = {
    ("jira", "token"): "jira_token",
    ("github", "token"): "github_token",
    ("github", "app_private_key"): "github_app_private_key",
    ("smtp", "password"): "smtp_password",
    ("slack", "token"): "slack_token",
}

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class ConfigError(Exception):
    """The configuration is unusable; `problems` lists every problem, each naming its key."""

    def __init__(self, problems: list[str], path: Path | None = None) -> None:
        self.problems = problems
        self.path = path
        where = f"{path}: " if path else ""
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{where}invalid configuration ({count}):\n  " + "\n  ".join(problems))


# ---------------------------------------------------------------------------------------------
# Value parsers, shared by the validators below and by callers that take the same formats.

_DURATION_PART = re.compile(r"([0-9]+)\s*([dhms])")
_DURATION = re.compile(r"\s*(?:[0-9]+\s*[dhms]\s*)+")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_MAX_SECONDS = 366 * 86400  # no pmsync interval is longer; bigger numbers are typos


def parse_duration(text: str) -> timedelta:
    """"5m", "30s", "1h", "2h30m", "1d" → timedelta; a number needs its unit ("0" aside)."""
    cleaned = text.strip().lower()
    if re.fullmatch(r"[0-9]+(\.[0-9]*)?", cleaned):
        return _unitless(text, float(cleaned))
    if not cleaned or not _DURATION.fullmatch(cleaned):
        raise ValueError(
            f"unparseable duration {text!r} (expected e.g. '30s', '5m', '1h', '2h30m', '1d')"
        )
    units = [unit for _, unit in _DURATION_PART.findall(cleaned)]
    if len(set(units)) != len(units) or units != sorted(units, key="dhms".index):
        raise ValueError(f"unparseable duration {text!r} (give each unit once, largest first, e.g. '2h30m')")
    return _seconds(text, sum(int(n) * _UNIT_SECONDS[u] for n, u in _DURATION_PART.findall(cleaned)))


def _unitless(text: object, number: float) -> timedelta:
    """A bare number is refused (is `interval = 5` five seconds or five minutes?), with the
    spelling that keeps what older pmsync versions read it as: seconds. Zero needs no unit."""
    if number == 0:
        return timedelta(0)
    if number != int(number) or number < 0:
        raise ValueError(f"{text!r} is not a duration (write it with a unit, e.g. '30s', '5m', '1h')")
    seconds = int(number)
    same = next(
        (f" (= '{seconds // n}{u}')" for u, n in _UNIT_SECONDS.items() if n > 1 and seconds % n == 0),
        "",
    )
    raise ValueError(
        f"{text!r} has no unit: durations are written with one, e.g. '30s', '5m', '1h'; "
        f"earlier versions read a bare number as seconds: write '{seconds}s'{same} to keep that"
    )


def _seconds(text: str, seconds: int) -> timedelta:
    if seconds > _MAX_SECONDS:
        raise ValueError(f"unparseable duration {text!r} (longer than a year)")
    return timedelta(seconds=seconds)


_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def parse_clock(text: str) -> str:
    """"9:00" / "09:00" → "09:00" (24-hour HH:MM)."""
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        raise ValueError(f"unparseable time of day {text!r} (expected HH:MM, 24-hour)")
    return f"{int(match[1]):02d}:{match[2]}"


def parse_day_time(text: str) -> tuple[str, str]:
    """"Monday 9:00" / "mon 09:00" → ("monday", "09:00")."""
    parts = text.split()
    day = parts[0].lower() if parts else ""
    full = next((d for d in WEEKDAYS if d == day or (len(day) >= 3 and d.startswith(day))), None)
    if len(parts) != 2 or full is None:
        raise ValueError(f"unparseable day and time {text!r} (expected a weekday and HH:MM, e.g. 'monday 09:00')")
    return full, parse_clock(parts[1])


_JIRA_KEY = re.compile(r"[A-Z][A-Z0-9_]*")
_GITHUB_REPO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?!\.\.?$)[A-Za-z0-9._-]+")


def parse_target(target: str) -> tuple[str, str]:
    """"jira:OPS" → ("jira", "OPS"); "github:owner/repo" → ("github", "owner/repo")."""
    tracker, sep, where = target.partition(":")
    if sep and (
        (tracker == "jira" and _JIRA_KEY.fullmatch(where))
        or (tracker == "github" and _GITHUB_REPO.fullmatch(where))
    ):
        return tracker, where
    raise ValueError(f"malformed target {target!r} (expected jira:KEY or github:owner/repo)")


_ADDRESS = re.compile(
    r"[^@\s<>(),;:\"\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
)


def email_address(value: str) -> str:
    """The bare address of "alice@example.com" or "Alice <alice@example.com>", lower-cased."""
    return parseaddr(value)[1].lower()


# ---------------------------------------------------------------------------------------------
# Annotated field types: each reports a message that names the offending value.


def _check_email(value: str) -> str:
    text = value.strip()
    addr = parseaddr(text)[1]
    if (
        "\r" in text
        or "\n" in text
        or not addr
        or not _ADDRESS.fullmatch(addr)
        or not (text == addr or text.endswith(f"<{addr}>"))
    ):
        raise ValueError(f"{value!r} is not a valid e-mail address")
    return text


def _check_target(value: str) -> str:
    parse_target(value.strip())
    return value.strip()


def _check_priority(value: Any) -> Any:
    if isinstance(value, str) and value.strip().upper() in PRIORITIES:
        return value.strip().upper()
    raise ValueError(f"{value!r} is not a priority (expected P0..P4)")


def _to_duration(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration")
    if isinstance(value, int | float):
        if not 0 <= value <= _MAX_SECONDS:  # also rejects NaN, which TOML can spell
            raise ValueError(f"{value!r} is not a duration (write it with a unit, e.g. '30s', '5m', '1h')")
        return _unitless(value, value)
    if isinstance(value, str):
        return parse_duration(value)
    return value


def _to_clock(value: Any) -> Any:
    # TOML has a native local-time type (reminders_at = 09:00:00); accept it as well.
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    return parse_clock(value) if isinstance(value, str) else value


def _to_day_time(value: Any) -> Any:
    return " ".join(parse_day_time(value)) if isinstance(value, str) else value


def _http_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value.strip().rstrip("/")


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(
            f"unknown time zone {value!r} (use an IANA name such as 'Europe/Berlin' or 'UTC')"
        ) from None
    return value


def _priority_map(defaults: Mapping[str, Any]) -> Callable[[Any], Any]:
    """Keys P0..P4 (case-insensitive, since environment names are lower-cased); omitted keys keep
    their default so a partial table cannot leave a priority unmapped."""

    def check(value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        normalised = {str(k).strip().upper(): v for k, v in value.items()}
        bad = [str(k) for k in value if str(k).strip().upper() not in PRIORITIES]
        if bad:
            raise ValueError(f"bad priority key{'s' if len(bad) > 1 else ''} {', '.join(map(repr, bad))} (expected P0..P4)")
        return {**defaults, **normalised}

    return check


def _upper_keys(value: Any) -> Any:
    return {str(k).strip().upper(): v for k, v in value.items()} if isinstance(value, Mapping) else value


Email = Annotated[str, AfterValidator(_check_email)]
Target = Annotated[str, AfterValidator(_check_target)]
Priority = Annotated[str, BeforeValidator(_check_priority)]
Duration = Annotated[timedelta, BeforeValidator(_to_duration)]
Clock = Annotated[str, BeforeValidator(_to_clock)]
DayTime = Annotated[str, BeforeValidator(_to_day_time)]
HttpUrl = Annotated[str, AfterValidator(_http_url)]
Port = Annotated[int, Field(ge=1, le=65535)]

DEFAULT_JIRA_PRIORITIES = {"P0": "Highest", "P1": "High", "P2": "Medium", "P3": "Low", "P4": "Lowest"}
DEFAULT_DUE_DAYS = {"P0": 7, "P1": 28, "P2": 56, "P3": 90, "P4": 180}
DEFAULT_SEVERITY_PRIORITY = {"SEV1": "P1", "SEV2": "P2", "SEV3": "P3"}


# ---------------------------------------------------------------------------------------------
# The sections.


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourcesSettings(_Section):
    paths: list[Path] = Field(default_factory=lambda: [Path("postmortems")])
    doc_url: Annotated[str, AfterValidator(_template(("path", "id")))] | None = None
    exclude: list[str] = Field(default_factory=lambda: list(DEFAULT_EXCLUDE))


class JiraSettings(_Section):
    url: HttpUrl
    email: Email | None = None
    token: SecretStr | None = None
    deployment: Literal["auto", "cloud", "datacenter"] = "auto"
    issue_type: str = "Task"
    priorities: Annotated[dict[str, str], BeforeValidator(_priority_map(DEFAULT_JIRA_PRIORITIES))] = Field(
        default_factory=lambda: dict(DEFAULT_JIRA_PRIORITIES)
    )
    sprint_field: str | None = None
    timeout: float = Field(default=30.0, gt=0)
    overlap_minutes: int = Field(default=10, ge=0)
    max_retries: int = Field(default=4, ge=0)
    max_wait_seconds: float = Field(default=120.0, gt=0)
    search_lag_seconds: float = Field(default=60.0, ge=0)
    projects: dict[str, JiraProjectFields] = Field(default_factory=dict)
    cloud_id: str | None = None
    gateway: HttpUrl = "https://api.atlassian.com"
    allow_insecure_http: bool = False  # send the token to a plain http:// URL (never needed on loopback)


class GitHubSettings(_Section):
    url: HttpUrl = "https://api.github.com"
    token: SecretStr | None = None
    priority_label: Annotated[str, AfterValidator(_template(("priority",), ("priority",)))] = "priority: {priority}"
    writes_per_minute: PositiveInt = 80
    writes_per_hour: PositiveInt = 500
    timeout: float = Field(default=15.0, gt=0)
    max_retries: int = Field(default=4, ge=0)
    max_wait_seconds: float = Field(default=120.0, gt=0)
    repos: dict[str, GitHubRepoFields] = Field(default_factory=dict)
    app_id: PositiveInt | None = None
    installation_id: PositiveInt | None = None
    app_private_key: SecretStr | None = None
    allow_insecure_http: bool = False  # send the token to a plain http:// URL (never needed on loopback)


class RoutingSettings(_Section):
    default: Target | None = None
    teams: dict[str, Target] = Field(default_factory=dict)
    # targets whose tickets a document may name for adoption, besides the routed ones
    adopt_from: list[Target] = Field(default_factory=list)


PersonChannel = Literal["email", "slack"]
# Slack ids as Slack issues them (U…/W… members, C…/G… channels) or a channel name: nothing
# else can reach a Slack API call or a message.
SlackMember = Annotated[str, StringConstraints(pattern=r"^[UW][A-Z0-9]{2,20}$")]
SlackChannel = Annotated[str, StringConstraints(pattern=r"^(?:[CG][A-Z0-9]{2,20}|#?[a-z0-9][a-z0-9._-]{0,79})$")]
TeamChannel = Literal["email", "slack", "msteams"]


class Person(_Section):
    email: Email | None = None
    name: str | None = None
    jira: str | None = None
    github: str | None = None
    confluence: str | None = None
    team: str | None = None
    # Where this person hears from pmsync (as owner, lead or escalation contact).
    channels: list[PersonChannel] = Field(default_factory=lambda: ["email"], min_length=1)
    slack: SlackMember | None = None  # Slack member id; else looked up by e-mail


class Team(_Section):
    leads: list[Email] = Field(default_factory=list)
    escalation: list[Email] = Field(default_factory=list)
    # Where lead-level messages and the weekly review go: "email" to the leads, "slack" to
    # slack_channel, "msteams" to the team's webhook (a credential, never in this file).
    channels: list[TeamChannel] = Field(default_factory=lambda: ["email"], min_length=1)
    slack_channel: SlackChannel | None = None

    @model_validator(mode="after")
    def _slack_needs_a_channel(self) -> Team:
        if "slack" in self.channels and not (self.slack_channel or "").strip():
            raise ValueError("channels has 'slack' but slack_channel is not set")
        return self


class SloSettings(_Section):
    """Deadline objectives: days from the review date (else the incident date) to verified done."""

    priority: Annotated[dict[str, PositiveInt], BeforeValidator(_priority_map(DEFAULT_DUE_DAYS))] = Field(
        default_factory=lambda: dict(DEFAULT_DUE_DAYS)
    )
    # A postmortem's severity with an entry here sets the objective of all its items.
    severity: Annotated[dict[str, PositiveInt], BeforeValidator(_upper_keys)] = Field(default_factory=dict)
    # Raise the deadline_beyond_slo flag (to the team lead) for a written deadline later than the
    # objective; off by default so an upgrade does not flag every long-standing deadline at once.
    flag_beyond: bool = False


class PolicySettings(_Section):
    timezone: Annotated[str, AfterValidator(_check_timezone)] = "UTC"
    default_priority: Priority = "P2"
    default_due_days: Annotated[dict[str, PositiveInt], BeforeValidator(_priority_map(DEFAULT_DUE_DAYS))] = Field(
        default_factory=lambda: dict(DEFAULT_DUE_DAYS)
    )
    severity_priority: Annotated[dict[str, Priority], BeforeValidator(_upper_keys)] = Field(
        default_factory=lambda: dict(DEFAULT_SEVERITY_PRIORITY)
    )
    reminder_days: int = Field(default=3, ge=0)
    escalate_after_days: int = Field(default=14, ge=0)
    renotify_days: PositiveInt = 7
    escalate_backlog: Literal["summary", "ladder", "never"] = "summary"
    done_in_doc: Literal["closed", "none"] = "closed"
    backlog_statuses: list[str] = Field(default_factory=lambda: ["Backlog", "Icebox"])
    backlog_labels: list[str] = Field(default_factory=lambda: ["backlog", "icebox", "someday"])
    blocked_statuses: list[str] = Field(default_factory=lambda: ["Blocked"])
    blocked_labels: list[str] = Field(default_factory=lambda: ["blocked"])
    not_done_resolutions: list[str] = Field(
        default_factory=lambda: [
            "Won't Do", "Won't Fix", "Duplicate", "Cannot Reproduce", "Declined", "Obsolete",
            "not_planned", "duplicate",
        ]
    )
    require_independent_verification: bool = True
    # owners written as addresses in these domains are mailed without a [people] entry
    allowed_mail_domains: list[str] = Field(default_factory=list)
    verified_label: str = "verified"
    verified_keyword: str = "Verified:"
    slo: SloSettings = Field(default_factory=SloSettings)

    @model_validator(mode="after")
    def _default_due_days_are_the_slo(self) -> PolicySettings:
        # Configurations written before [policy.slo] keep their deadlines: default_due_days is the
        # priority objective unless [policy.slo] sets one.
        if "default_due_days" in self.model_fields_set and "priority" not in self.slo.model_fields_set:
            self.slo = self.slo.model_copy(update={"priority": dict(self.default_due_days)})
        else:
            self.default_due_days = dict(self.slo.priority)
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class SlackSettings(_Section):
    # token: secret (bot token, xoxb-…) — PMSYNC_SLACK__TOKEN or credential file `slack_token`
    token: SecretStr | None = None
    base_url: str = "https://slack.com/api/"
    timeout: float = Field(default=30.0, gt=0)


class MsTeamsSettings(_Section):
    # Each team's webhook URL is a secret: PMSYNC_MSTEAMS_WEBHOOK_<TEAM> or credential file
    # `msteams_webhook_<team>`.
    timeout: float = Field(default=30.0, gt=0)


class SmtpSettings(_Section):
    host: str
    port: Port = 587
    starttls: bool = True
    ssl: bool = False
    username: str | None = None
    password: SecretStr | None = None
    sender: Email
    ops: list[Email] = Field(default_factory=list)
    timeout: float = Field(default=30.0, gt=0)
    allow_insecure_auth: bool = False  # send the password by AUTH without TLS (never needed on loopback)

    @model_validator(mode="after")
    def _implicit_tls_replaces_starttls(self) -> SmtpSettings:
        # An explicit starttls = true next to ssl = true is reported by load_settings.
        if self.ssl:
            self.starttls = False
        return self


class DaemonSettings(_Section):
    state: Path = Path("/var/lib/pmsync/state.db")
    interval: Duration = timedelta(minutes=5)
    jitter: Duration = timedelta(seconds=30)
    outbox_interval: Duration = timedelta(minutes=1)
    weekly_digest: DayTime = "monday 09:00"
    weekly_report: list[Email] = Field(default_factory=list)  # org-wide follow-through report, same time
    weekly_report_teams: list[str] = Field(default_factory=list)  # whose chat channels get it too
    reminders_at: Clock = "09:00"
    reconcile_at: Clock = "03:30"
    tracker_down_alert: Duration = timedelta(minutes=30)
    metrics_port: Port | None = None
    metrics_address: str = "127.0.0.1"
    report_html: Path | None = None
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # Keep tickets in the ledger instead of contacting Jira/GitHub, and send no mail:
    # for trying a configuration on real postmortems (the demo) with nothing leaving the machine.
    offline: bool = False

    @field_validator("interval", "outbox_interval", "tracker_down_alert")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("must be longer than zero")
        return value

    @model_validator(mode="after")
    def _jitter_below_interval(self) -> DaemonSettings:
        if self.jitter >= self.interval:
            raise ValueError(f"jitter ({self.jitter}) must be shorter than interval ({self.interval})")
        return self


class Settings(BaseSettings):
    """The whole configuration. Build it with `load_settings()`."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", env_ignore_empty=True, extra="forbid"
    )

    # the `[sources]` table (one Markdown source), or `[[sources]]` entries of any kind
    sources: Annotated[
        Annotated[SourcesSettings, Tag(TABLE)] | Annotated[list[SourceConfig], Tag(ENTRIES)],
        Discriminator(sources_form),
        BeforeValidator(with_kind),
    ] = Field(default_factory=SourcesSettings)
    jira: JiraSettings | None = None
    github: GitHubSettings | None = None
    routing: RoutingSettings = Field(default_factory=RoutingSettings)
    people: dict[str, Person] = Field(default_factory=dict)
    teams: dict[str, Team] = Field(default_factory=dict)
    policy: PolicySettings = Field(default_factory=PolicySettings)
    smtp: SmtpSettings | None = None
    slack: SlackSettings | None = None
    msteams: MsTeamsSettings | None = None
    daemon: DaemonSettings = Field(default_factory=DaemonSettings)
    config_path: Path | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # load_settings layers file, environment and credentials itself, from the environment
        # it is given, so a bare Settings(...) never reads the process environment.
        return (init_settings,)

    def person(self, owner: str | None) -> tuple[str, Person] | None:
        """The person an owner names: a handle ("@alice", case-insensitive) or an e-mail address."""
        if not owner or not owner.strip():
            return None
        wanted = owner.strip()
        if "@" in wanted.lstrip("@"):
            addr = email_address(wanted)
            for handle, person in self.people.items():
                if person.email and email_address(person.email) == addr:
                    return handle, person
        handle = wanted.lstrip("@").lower()
        for key, person in self.people.items():
            if key.lstrip("@").lower() == handle:
                return key, person
        return None

    def platform_accounts(self) -> dict[str, str]:
        """Confluence account ids/usernames -> handles, for mentions in pages. A Cloud site's
        account id is the same in Jira, so `jira` serves when `confluence` is not given."""
        accounts = {p.jira: handle for handle, p in self.people.items() if p.jira}
        accounts.update({p.confluence: handle for handle, p in self.people.items() if p.confluence})
        return accounts

    def team_of(self, postmortem_team: str | None, owner: str | None) -> str | None:
        """The postmortem's team, else the owner's team; spelled as configured when known."""
        if postmortem_team and postmortem_team.strip():
            return self._team_key(postmortem_team.strip())
        found = self.person(owner)
        return found[1].team if found else None

    def target_for(self, team: str | None, source: str | None = None) -> str | None:
        """The team's routing target, else the source's `target`, else `routing.default`."""
        if team:
            wanted = team.strip().lower()
            for name, target in self.routing.teams.items():
                if name.lower() == wanted:
                    return target
        own = next((s.target for s in self.source_configs() if s.name == source), None)
        return own or self.routing.default

    def source_configs(self) -> list[SourceConfig]:
        """Every configured source; the `[sources]` table is the Markdown source "markdown"."""
        if isinstance(self.sources, SourcesSettings):
            legacy = self.sources
            return [MarkdownSource(name=LEGACY_NAME, paths=legacy.paths, doc_url=legacy.doc_url,
                                   exclude=legacy.exclude)]
        return list(self.sources)

    def targets(self) -> list[str]:
        """Every routing target in use, each once, the default first."""
        found = [self.routing.default] if self.routing.default else []
        own = [s.target for s in self.source_configs() if s.target]
        return list(dict.fromkeys([*found, *self.routing.teams.values(), *own]))

    def may_adopt(self, target: str) -> bool:
        """Whether a ticket in `target` may be taken under management because a document names it."""
        return target in self.targets() or target in self.routing.adopt_from

    def _team_key(self, team: str) -> str:
        wanted = team.lower()
        return next((name for name in self.teams if name.lower() == wanted), team)


# ---------------------------------------------------------------------------------------------
# Loading.


class _MappingEnvSource(EnvSettingsSource):
    """pydantic-settings' environment source, reading a given mapping instead of os.environ."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = environ
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        # Settings is case-insensitive and ignores empty values (see its model_config).
        return {name.lower(): value for name, value in self._environ.items() if value != ""}


def config_file_path(path: Path | str | None, environ: Mapping[str, str]) -> Path:
    """--config, else $PMSYNC_CONFIG, else /etc/pmsync/pmsync.toml."""
    if path:
        return Path(path)
    if environ.get("PMSYNC_CONFIG", "").strip():
        return Path(environ["PMSYNC_CONFIG"].strip())
    return DEFAULT_CONFIG_PATH


def load_settings(
    path: Path | str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    require_secrets: bool = True,
) -> Settings:
    """Read the TOML file, apply `PMSYNC_…` overrides and secrets, validate everything.

    Raises ConfigError listing every problem found, each naming its key path.
    `require_secrets=False` is for commands that contact nothing (`lint` in a docs
    repository's CI needs the people directory, not the tokens).
    """
    env = os.environ if environ is None else environ
    config_path = config_file_path(path, env).expanduser().absolute()
    data = _read_toml(config_path)

    problems: list[str] = []
    for section, key in SECRETS:
        table = data.get(section)
        if isinstance(table, dict) and key in table:
            del table[key]
            problems.append(f"{section}.{key}: secrets must not be in the configuration file; {_secret_hint(section, key)}")
    # Not settings, though the model would take them: config_path is set here, and
    # underscore names are pydantic-settings' own options.
    for key in [k for k in data if k == "config_path" or k.startswith("_")]:
        del data[key]
        problems.append(f"{key}: unknown key")

    env_problems, unusable = _env_problems(env)
    problems += env_problems
    try:
        overrides = _MappingEnvSource(Settings, {k: v for k, v in env.items() if k not in unusable})()
    except SettingsError as exc:  # whatever _env_problems did not foresee
        overrides = {}
        problems.append(f"environment: {exc}")
    overrides.pop("config_path", None)
    secrets = {}
    for section, key in SECRETS:
        table = overrides.get(section)
        if isinstance(table, dict) and key in table:
            secrets[(section, key)] = table.pop(key)
            if not table:  # a secret alone does not configure its section
                del overrides[section]
    merged = _deep_merge(data, overrides)
    problems += _attach_secrets(merged, secrets, env)
    problems += _reference_problems(merged, require_secrets=require_secrets)
    if isinstance(merged.get("sources"), list):
        problems += duplicate_names(merged["sources"])

    settings: Settings | None = None
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:
        problems += [_describe(err, env) for err in exc.errors()]
    if settings is not None:
        problems += insecure_transport_problems(settings)
    if problems or settings is None:
        raise ConfigError(sorted(dict.fromkeys(problems)), config_path)

    base = config_path.parent
    settings.config_path = config_path
    for source in [settings.sources, *settings.source_configs()]:
        if isinstance(source, SourcesSettings | MarkdownSource):
            source.paths = [_resolve(p, base) for p in source.paths]
    settings.daemon.state = _resolve(settings.daemon.state, base)
    if settings.daemon.report_html is not None:
        settings.daemon.report_html = _resolve(settings.daemon.report_html, base)
    return settings


def file_mode_warning(path: Path | str) -> str | None:
    """A warning when others can read the configuration file, or group/others can change it.

    Group read is the intended set-up (root:pmsync 0640: the service reads it through its group).
    """
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None
    readable, writable = mode & 0o004, mode & 0o022
    if not (readable or writable):
        return None
    what = (
        "others read it and group/others change it"
        if readable and writable
        else "others read it" if readable else "group/others change it"
    )
    return (
        f"{path}: mode {mode:04o} lets {what} (it names people, teams and trackers); "
        "chmod 0640 root:pmsync, or 0600 owned by the user pmsync runs as"
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            [f"{path}: configuration file not found (give --config FILE or set PMSYNC_CONFIG)"], path
        ) from None
    except IsADirectoryError:
        raise ConfigError([f"{path}: is a directory, not a configuration file"], path) from None
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read the configuration file ({exc.strerror})"], path) from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError([f"{path}: not UTF-8 text (byte {exc.start})"], path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: TOML syntax error: {exc}"], path) from None


def _secret_hint(section: str, key: str) -> str:
    var = f"{ENV_PREFIX}{section.upper()}__{key.upper()}"
    name = SECRETS[(section, key)]
    return (
        f"set {var} in the environment or put it in the credential file '{name}' "
        f"($CREDENTIALS_DIRECTORY; the shipped unit loads /etc/pmsync/credentials/{name})"
    )


def _clean_secret(value: str) -> str | None:
    return value.rstrip("\r\n") or None


def _attach_secrets(
    merged: dict[str, Any], from_env: Mapping[tuple[str, str], Any], environ: Mapping[str, str]
) -> list[str]:
    """Secrets go only into sections that are configured: the environment first, then the
    systemd credentials directory. Secrets alone never create a section."""
    problems = []
    for (section, key), name in SECRETS.items():
        table = merged.get(section)
        if not isinstance(table, dict):
            continue
        value = from_env.get((section, key))
        secret = _clean_secret(value) if isinstance(value, str) else None
        file = credential_file(name, environ) if secret is None else None
        if file is not None:
            try:
                secret = _clean_secret(file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
                problems.append(f"{section}.{key}: cannot read credential file {file} ({reason})")
        if secret is not None:
            table[key] = secret
    return problems


def _reference_problems(data: Mapping[str, Any], *, require_secrets: bool = True) -> list[str]:
    """Cross-references, checked on the raw data so they are reported even when some value
    elsewhere has the wrong type (those are reported by validation)."""
    problems = []
    teams = data.get("teams")
    team_names = set(teams) if isinstance(teams, dict) else set()

    def unknown_team(team: str) -> str:
        return f"unknown team {team!r} (no [teams.{team}] section)"

    people = data.get("people")
    for handle, person in people.items() if isinstance(people, dict) else ():
        team = person.get("team") if isinstance(person, dict) else None
        if isinstance(team, str) and team not in team_names:
            problems.append(f"people.{handle}.team: {unknown_team(team)}")

    routes: list[tuple[str, str]] = []
    routing = data.get("routing")
    if isinstance(routing, dict):
        if isinstance(routing.get("default"), str):
            routes.append(("routing.default", routing["default"]))
        route_teams = routing.get("teams")
        for team, target in route_teams.items() if isinstance(route_teams, dict) else ():
            if team not in team_names:
                problems.append(f"routing.teams.{team}: {unknown_team(team)}")
            if isinstance(target, str):
                routes.append((f"routing.teams.{team}", target))
    daemon = data.get("daemon")
    report_teams = daemon.get("weekly_report_teams") if isinstance(daemon, dict) else None
    for team in report_teams if isinstance(report_teams, list) else ():
        if not isinstance(team, str):
            continue  # reported by validation
        if team not in team_names:
            problems.append(f"daemon.weekly_report_teams: {unknown_team(team)}")
        elif isinstance(teams[team], dict) and not {"slack", "msteams"} & set(teams[team].get("channels") or ()):
            problems.append(f"daemon.weekly_report_teams: team {team!r} has no chat channel "
                            f"(set [teams.{team}] channels to include 'slack' or 'msteams')")
    sources = data.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else ()):
        if not isinstance(source, dict):
            continue
        if isinstance(source.get("team"), str) and source["team"] not in team_names:
            problems.append(f"sources[{index}].team: {unknown_team(source['team'])}")
        if isinstance(source.get("target"), str):
            routes.append((f"sources[{index}].target", source["target"]))

    used: dict[str, str] = {}
    for where, target in routes:
        try:
            tracker, _ = parse_target(target.strip())
        except ValueError:
            continue  # reported by validation
        if isinstance(data.get(tracker), dict):
            used.setdefault(tracker, where)
        else:
            problems.append(f"{where}: target {target.strip()!r} needs a [{tracker}] section")
    offline = isinstance(daemon, dict) and daemon.get("offline") is True
    for tracker, where in used.items():
        app = tracker == "github" and data[tracker].get("app_id") is not None
        if data[tracker].get("token") is None and not app and require_secrets and not offline:
            problems.append(f"{tracker}.token: missing ({where} uses {tracker}); {_secret_hint(tracker, 'token')}")
    github = data.get("github")
    if isinstance(github, dict) and github.get("app_id") is not None:
        # a GitHub App signs in as one installation with its private key
        if github.get("installation_id") is None:
            problems.append("github.installation_id: required with github.app_id (the installation to act as)")
        if github.get("app_private_key") is None and require_secrets and not offline:
            problems.append(f"github.app_private_key: missing (github.app_id is set); {_secret_hint('github', 'app_private_key')}")

    jira = data.get("jira")
    if isinstance(jira, dict) and jira.get("deployment") == "cloud" and not jira.get("email"):
        problems.append("jira.email: required for Jira Cloud (the account the API token belongs to)")
    problems += _channel_problems(data, require_secrets=require_secrets)
    smtp = data.get("smtp")
    if isinstance(smtp, dict):
        if smtp.get("username") and smtp.get("password") is None and require_secrets:
            problems.append(f"smtp.password: missing (smtp.username is set); {_secret_hint('smtp', 'password')}")
        if smtp.get("ssl") is True and smtp.get("starttls") is True:
            problems.append("smtp: ssl = true (implicit TLS) and starttls = true exclude each other; set one")
    return problems


def _describe(error: Any, environ: Mapping[str, str]) -> str:
    loc = tuple(error["loc"])
    where = _loc_str(loc) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        known = _keys_at(loc[:-1])
        close = get_close_matches(str(loc[-1]), known, n=1)
        message = "unknown key" + (f" (did you mean {close[0]!r}?)" if close else "")
    elif kind == "missing":
        message = "required key is missing"
    elif kind == "value_error":
        message = error["msg"].removeprefix("Value error, ")
    else:
        message = error["msg"][:1].lower() + error["msg"][1:]
        value = error.get("input")
        secret = bool(loc) and (str(loc[0]), str(loc[-1])) in SECRETS
        if isinstance(value, str | int | float) and not secret:
            message += f" (got {str(value)[:60]!r})" if isinstance(value, str) else f" (got {value!r})"
    return f"{where}: {message}{_env_origin(loc, environ)}"


def _env_origin(loc: tuple[Any, ...], environ: Mapping[str, str]) -> str:
    """Name the environment variable a bad value came from, since the file is not to blame."""
    parts = [str(p).lower() for p in loc]
    for name in environ:
        if name.upper().startswith(ENV_PREFIX) and environ[name]:
            path = name[len(ENV_PREFIX):].lower().split("__")
            if parts[: len(path)] == path:
                return f" (from {name})"
    return ""


def _loc_str(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if part in (TABLE, ENTRIES):  # which form of `sources` was given is plain to see
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _keys_at(loc: tuple[Any, ...]) -> list[str]:
    """The keys valid at a location, for "did you mean" suggestions."""
    ann = _unwrap(_annotation_at(loc))
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return [name for name in ann.model_fields if name != "config_path"]
    return []


def _annotation_at(loc: tuple[Any, ...] | list[str]) -> Any:
    """The type expected at a key path (None when the path leads nowhere)."""
    ann: Any = Settings
    for part in loc:
        ann = _unwrap(ann)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            field = ann.model_fields.get(str(part))
            if field is None:
                return None
            ann = field.annotation
        elif get_origin(ann) is dict:
            ann = get_args(ann)[1]
        else:
            return None
    return ann


def _env_problems(environ: Mapping[str, str]) -> tuple[list[str], set[str]]:
    """Environment variables that cannot be applied, and their names (left out of the merge).

    Catches what pydantic-settings would report only vaguely or not at all: a list or table
    that is not JSON, and a single underscore where a double one was meant (PMSYNC_JIRA_URL).
    """
    problems, bad = [], set()
    sections = [name for name in Settings.model_fields if name != "config_path"]
    for name, value in environ.items():
        upper = name.upper()
        if not upper.startswith(ENV_PREFIX) or value == "":
            continue
        rest = upper[len(ENV_PREFIX) :].lower()
        path = rest.split("__")
        if rest.startswith("msteams_webhook_"):
            continue  # a team's Teams webhook (a secret read by the channel, not a setting)
        if len(path) == 1 and any(rest.startswith(f"{s}_") for s in sections):
            problems.append(f"{name}: not a pmsync setting (nested keys take a double underscore, e.g. PMSYNC_JIRA__URL)")
            bad.add(name)
            continue
        ann = _unwrap(_annotation_at(path))
        is_list = get_origin(ann) is list
        if is_list or get_origin(ann) is dict or (isinstance(ann, type) and issubclass(ann, BaseModel)):
            try:
                json.loads(value)
            except ValueError:
                example = '["a", "b"]' if is_list else '{"key": "value"}'
                problems.append(f"{name}: lists and tables set from the environment must be JSON, e.g. '{example}'")
                bad.add(name)
    return problems, bad


def _unwrap(ann: Any) -> Any:
    while True:
        origin = get_origin(ann)
        if origin is Annotated:
            ann = get_args(ann)[0]
        elif origin in (Union, UnionType):
            ann = next(a for a in get_args(ann) if a is not type(None))
        else:
            return ann


def _deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _resolve(path: Path, base: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else base / path


def _channel_problems(data: Mapping[str, Any], *, require_secrets: bool) -> list[str]:
    """A chat channel chosen for a person or team needs its section (and Slack its token)."""
    problems = []
    for kind in ("people", "teams"):
        table = data.get(kind)
        for name, entry in table.items() if isinstance(table, dict) else ():
            channels = entry.get("channels") if isinstance(entry, dict) else None
            for channel in channels if isinstance(channels, list) else ():
                if channel in ("slack", "msteams") and not isinstance(data.get(channel), dict):
                    problems.append(f"{kind}.{name}.channels: {channel!r} needs a [{channel}] section")
    slack = data.get("slack")
    if isinstance(slack, dict) and slack.get("token") is None and require_secrets:
        problems.append(f"slack.token: missing; {_secret_hint('slack', 'token')}")
    return problems
