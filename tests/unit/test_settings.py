import json
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncer.settings import (
    ConfigError,
    DaemonSettings,
    GitHubSettings,
    JiraSettings,
    MsTeamsSettings,
    Person,
    PolicySettings,
    RoutingSettings,
    Settings,
    SlackSettings,
    SloSettings,
    SmtpSettings,
    SourcesSettings,
    Team,
    config_file_path,
    file_mode_warning,
    load_settings,
    parse_clock,
    parse_day_time,
    parse_duration,
    parse_target,
)
from syncer.ticket_fields import GitHubRepoFields, JiraProjectFields

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "pmsync.example.toml"
TOKENS = {
    "PMSYNC_JIRA__TOKEN": "jira-s3cret-token",
    "PMSYNC_GITHUB__TOKEN": "ghp_s3cret_github",
    "PMSYNC_SMTP__PASSWORD": "smtp-s3cret-pw",
    "PMSYNC_SLACK__TOKEN": "xoxb-s3cret-slack",
}
SECRET_VALUES = list(TOKENS.values())

JIRA_ROUTED = """
[jira]
url = "https://jira.example.com"
[routing]
default = "jira:OPS"
"""


def write(tmp_path: Path, text: str, name: str = "pmsync.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> Settings:
    return load_settings(write(tmp_path, text), environ=env or {})


def problems(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text, env)
    return caught.value.problems


# --- defaults and layering ---------------------------------------------------------------------


def test_an_empty_file_gives_the_documented_defaults(tmp_path):
    s = load(tmp_path, "")
    assert s.config_path == tmp_path / "pmsync.toml"
    assert s.sources.paths == [tmp_path / "postmortems"]
    assert s.sources.doc_url is None
    assert (s.jira, s.github, s.smtp) == (None, None, None)
    assert s.routing == RoutingSettings()
    assert (s.people, s.teams) == ({}, {})
    assert s.policy == PolicySettings()
    assert s.policy.timezone == "UTC"
    assert s.policy.default_due_days == {"P0": 7, "P1": 28, "P2": 56, "P3": 90, "P4": 180}
    assert s.daemon.state == Path("/var/lib/pmsync/state.db")
    assert s.daemon.interval == timedelta(minutes=5)
    assert s.daemon.jitter == timedelta(seconds=30)
    assert s.daemon.outbox_interval == timedelta(minutes=1)
    assert s.daemon.tracker_down_alert == timedelta(minutes=30)
    assert (s.daemon.weekly_digest, s.daemon.reminders_at, s.daemon.reconcile_at) == (
        "monday 09:00",
        "09:00",
        "03:30",
    )
    assert s.daemon.metrics_port is None
    assert s.targets() == []


def test_section_defaults():
    jira = JiraSettings(url="https://x.atlassian.net")
    assert (jira.deployment, jira.issue_type, jira.timeout, jira.overlap_minutes) == ("auto", "Task", 30.0, 10)
    assert jira.priorities == {"P0": "Highest", "P1": "High", "P2": "Medium", "P3": "Low", "P4": "Lowest"}
    github = GitHubSettings()
    assert (github.url, github.priority_label, github.writes_per_minute, github.writes_per_hour) == (
        "https://api.github.com",
        "priority: {priority}",
        80,
        500,
    )
    smtp = SmtpSettings(host="h", sender="pmsync@example.com")
    assert (smtp.port, smtp.starttls, smtp.ssl, smtp.ops) == (587, True, False, [])
    assert SourcesSettings().paths == [Path("postmortems")]


def test_a_bare_settings_object_reads_no_environment(monkeypatch):
    monkeypatch.setenv("PMSYNC_POLICY__REMINDER_DAYS", "9")
    assert Settings().policy.reminder_days == 3


@pytest.mark.parametrize(
    ("toml", "env", "get", "expected"),
    [
        ("[policy]\nreminder_days = 5", {}, lambda s: s.policy.reminder_days, 5),
        ("[policy]\nreminder_days = 5", {"PMSYNC_POLICY__REMINDER_DAYS": "9"}, lambda s: s.policy.reminder_days, 9),
        ("", {"pmsync_policy__reminder_days": "2"}, lambda s: s.policy.reminder_days, 2),
        ("", {"PMSYNC_DAEMON__INTERVAL": "10m"}, lambda s: s.daemon.interval, timedelta(minutes=10)),
        ('[daemon]\ninterval = "1h"', {"PMSYNC_DAEMON__INTERVAL": "90s"}, lambda s: s.daemon.interval, timedelta(seconds=90)),
        ('[daemon]\ninterval = "1h"', {"PMSYNC_DAEMON__INTERVAL": ""}, lambda s: s.daemon.interval, timedelta(hours=1)),
        (JIRA_ROUTED, {"PMSYNC_JIRA__URL": "https://other.example.com/", **TOKENS}, lambda s: s.jira.url, "https://other.example.com"),
        (
            '[jira]\nurl = "https://j.example.com"\npriorities = { P1 = "Critical" }',
            {"PMSYNC_JIRA__PRIORITIES__P0": "Blocker", **TOKENS},
            lambda s: s.jira.priorities,
            {"P0": "Blocker", "P1": "Critical", "P2": "Medium", "P3": "Low", "P4": "Lowest"},
        ),
        ("", {"PMSYNC_SOURCES__PATHS": '["docs", "/srv/pm"]'}, lambda s: [p.name for p in s.sources.paths], ["docs", "pm"]),
        ("", {"PMSYNC_POLICY__BACKLOG_LABELS": '["later"]'}, lambda s: s.policy.backlog_labels, ["later"]),
        (
            '[teams.web]\n[people.alice]\nemail = "alice@example.com"',
            {"PMSYNC_PEOPLE__ALICE__TEAM": "web"},
            lambda s: (s.people["alice"].email, s.people["alice"].team),
            ("alice@example.com", "web"),
        ),
        ("", {"PMSYNC_SMTP__HOST": "mx", "PMSYNC_SMTP__SENDER": "p@example.com"}, lambda s: s.smtp.host, "mx"),
        ("", {"PMSYNC_UNRELATED": "x", "PMSYNC_CONFIG_DIR": "/x"}, lambda s: s.config_path.name, "pmsync.toml"),
    ],
    ids=[
        "file",
        "env-beats-file",
        "env-case-insensitive",
        "env-duration",
        "env-seconds-beat-file",
        "empty-env-ignored",
        "env-url",
        "env-merges-into-file-table",
        "env-json-list",
        "env-json-list-policy",
        "env-adds-to-file-person",
        "env-only-section",
        "unrelated-env-ignored",
    ],
)
def test_file_and_environment_layering(tmp_path, toml, env, get, expected):
    assert get(load(tmp_path, toml, env)) == expected


@pytest.mark.parametrize(
    ("path", "env", "expected"),
    [
        ("/a.toml", {"PMSYNC_CONFIG": "/b.toml"}, Path("/a.toml")),
        (None, {"PMSYNC_CONFIG": "/b.toml"}, Path("/b.toml")),
        (None, {"PMSYNC_CONFIG": " "}, Path("/etc/pmsync/pmsync.toml")),
        (None, {}, Path("/etc/pmsync/pmsync.toml")),
    ],
)
def test_config_file_choice(path, env, expected):
    assert config_file_path(path, env) == expected


def test_pmsync_config_names_the_file(tmp_path):
    path = write(tmp_path, "[policy]\nrenotify_days = 2")
    s = load_settings(environ={"PMSYNC_CONFIG": str(path)})
    assert (s.config_path, s.policy.renotify_days) == (path, 2)


def test_relative_paths_resolve_against_the_config_directory(tmp_path):
    text = '[sources]\npaths = ["pm", "/abs/pm"]\n[daemon]\nstate = "var/state.db"\nreport_html = "out/report.html"'
    base = tmp_path / "etc"
    base.mkdir()
    s = load_settings(write(base, text), environ={})
    assert s.sources.paths == [base / "pm", Path("/abs/pm")]
    assert s.daemon.state == base / "var" / "state.db"
    assert s.daemon.report_html == base / "out" / "report.html"


# --- file problems -----------------------------------------------------------------------------


def test_a_missing_file_has_its_own_message(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as caught:
        load_settings(missing, environ={})
    assert caught.value.problems == [
        f"{missing}: configuration file not found (give --config FILE or set PMSYNC_CONFIG)"
    ]


def test_a_toml_syntax_error_names_the_line(tmp_path):
    [problem] = problems(tmp_path, '[policy]\nreminder_days = 3\ntimezone = "UTC\n')
    assert problem.startswith(f"{tmp_path / 'pmsync.toml'}: TOML syntax error: ")
    assert "line 3" in problem


def test_a_directory_is_not_a_config_file(tmp_path):
    with pytest.raises(ConfigError, match="is a directory"):
        load_settings(tmp_path, environ={})


# --- secrets -----------------------------------------------------------------------------------


def credentials(tmp_path: Path, files: dict[str, str]) -> dict[str, str]:
    directory = tmp_path / "creds"
    directory.mkdir()
    for name, content in files.items():
        (directory / name).write_text(content)
    return {"CREDENTIALS_DIRECTORY": str(directory)}


@pytest.mark.parametrize(
    ("env", "files", "expected"),
    [
        ({"PMSYNC_JIRA__TOKEN": "from-env"}, {}, "from-env"),
        ({}, {"jira_token": "from-file\n"}, "from-file"),
        ({}, {"jira_token": "crlf-file\r\n"}, "crlf-file"),
        ({"PMSYNC_JIRA__TOKEN": "env-wins"}, {"jira_token": "from-file"}, "env-wins"),
    ],
    ids=["environment", "credential-file", "credential-file-crlf", "environment-beats-credential"],
)
def test_secret_sources(tmp_path, env, files, expected):
    s = load(tmp_path, JIRA_ROUTED, env | credentials(tmp_path, files))
    assert s.jira.token.get_secret_value() == expected


def test_every_secret_from_the_credentials_directory(tmp_path):
    text = (
        JIRA_ROUTED
        + 'teams = { web = "github:acme/web" }\n[teams.web]\n[github]\n'
        + '[smtp]\nhost = "mx"\nusername = "pmsync"\nsender = "pmsync@example.com"\n'
    )
    env = credentials(tmp_path, {"jira_token": "j\n", "github_token": "g\n", "smtp_password": "p\n"})
    s = load(tmp_path, text, env)
    got = (s.jira.token.get_secret_value(), s.github.token.get_secret_value(), s.smtp.password.get_secret_value())
    assert got == ("j", "g", "p")


def test_a_secret_alone_does_not_configure_its_section(tmp_path):
    s = load(tmp_path, "", {**TOKENS, **credentials(tmp_path, {"jira_token": "x"})})
    assert (s.jira, s.github, s.smtp) == (None, None, None)


@pytest.mark.parametrize(
    ("section", "key", "extra", "hint"),
    [
        ("jira", "token", 'url = "https://jira.example.com"', "set PMSYNC_JIRA__TOKEN in the environment or put it in the credential file 'jira_token'"),
        ("github", "token", "", "set PMSYNC_GITHUB__TOKEN in the environment or put it in the credential file 'github_token'"),
        ("smtp", "password", 'host = "mx"\nsender = "p@example.com"', "set PMSYNC_SMTP__PASSWORD in the environment or put it in the credential file 'smtp_password'"),
    ],
)
def test_a_secret_in_the_file_is_rejected_without_echoing_it(tmp_path, section, key, extra, hint):
    text = f'[{section}]\n{extra}\n{key} = "hunter2-in-file"\n'
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text, {})
    assert caught.value.problems == [
        f"{section}.{key}: secrets must not be in the configuration file; {hint} "
        f"($CREDENTIALS_DIRECTORY; the shipped unit loads /etc/pmsync/credentials/{hint.split(chr(39))[1]})"
    ]
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (JIRA_ROUTED, "jira.token: missing (routing.default uses jira); set PMSYNC_JIRA__TOKEN in the environment or put it in the credential file 'jira_token' ($CREDENTIALS_DIRECTORY; the shipped unit loads /etc/pmsync/credentials/jira_token)"),
        ('[github]\n[teams.web]\n[routing]\nteams = { web = "github:acme/web" }', "github.token: missing (routing.teams.web uses github); set PMSYNC_GITHUB__TOKEN in the environment or put it in the credential file 'github_token' ($CREDENTIALS_DIRECTORY; the shipped unit loads /etc/pmsync/credentials/github_token)"),
        ('[smtp]\nhost = "mx"\nsender = "p@example.com"\nusername = "u"', "smtp.password: missing (smtp.username is set); set PMSYNC_SMTP__PASSWORD in the environment or put it in the credential file 'smtp_password' ($CREDENTIALS_DIRECTORY; the shipped unit loads /etc/pmsync/credentials/smtp_password)"),
    ],
)
def test_a_missing_secret_for_a_used_service(tmp_path, text, expected):
    assert problems(tmp_path, text, credentials(tmp_path, {"jira_token": "\n"})) == [expected]


def test_an_unused_tracker_needs_no_token(tmp_path):
    s = load(tmp_path, '[github]\n[jira]\nurl = "https://j.example.com"')
    assert s.github.token is None and s.jira.token is None


def test_secrets_never_appear_in_repr_str_or_dumps(tmp_path):
    s = load_settings(EXAMPLE, environ=TOKENS)
    shown = repr(s) + str(s) + s.model_dump_json() + repr(s.model_dump())
    assert not [v for v in SECRET_VALUES if v in shown]
    assert [s.jira.token.get_secret_value(), s.github.token.get_secret_value(), s.smtp.password.get_secret_value(),
            s.slack.token.get_secret_value()] == SECRET_VALUES


def test_secrets_never_appear_in_errors(tmp_path):
    # the example with a token pasted into it and a bad value, loaded with every secret set
    broken = EXAMPLE.read_text().replace("[jira]\n", '[jira]\ntoken = "file-s3cret"\n')
    env = {**TOKENS, **credentials(tmp_path, {"jira_token": "cred-s3cret"}), "PMSYNC_JIRA__TIMEOUT": "x"}
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, broken, env)
    shown = str(caught.value) + repr(caught.value.problems)
    assert not [v for v in [*SECRET_VALUES, "file-s3cret", "cred-s3cret"] if v in shown]
    assert any(p.startswith("jira.token: secrets must not be") for p in caught.value.problems)


# --- validation: all problems at once ----------------------------------------------------------

BROKEN = """
[jira]
url = "https://jira.example.com"
tokn = "typo"

[routing]
default = "github:acme/ops"
teams = { web = "gh:acme", payments = "jira:PAY", ghost = "jira:GHO" }

[people.alice]
email = "not-an-address"
team = "nope"

[people.bob]
email = "Bob <bob@example.com>"
team = "payments"

[teams.web]
leads = ["web-lead@example.com"]
escalation = ["director at example.com"]

[teams.payments]

[policy]
timezone = "Mars/Olympus"
default_due_days = { P9 = 3 }
default_priority = "urgent"
reminder_days = "three"

[smtp]
host = "smtp.example.com"
sender = "pmsync"
ops = ["ops@example.com", "oops"]

[daemon]
interval = "soon"
weekly_digest = "funday 09:00"
reminders_at = "25:00"
"""


def test_every_problem_is_reported_together(tmp_path):
    assert problems(tmp_path, BROKEN, {"PMSYNC_DAEMON__METRICS_PORT": "99999"}) == [
        "daemon.interval: unparseable duration 'soon' (expected e.g. '30s', '5m', '1h', '2h30m', '1d')",
        "daemon.metrics_port: input should be less than or equal to 65535 (got '99999') (from PMSYNC_DAEMON__METRICS_PORT)",
        "daemon.reminders_at: unparseable time of day '25:00' (expected HH:MM, 24-hour)",
        "daemon.weekly_digest: unparseable day and time 'funday 09:00' (expected a weekday and HH:MM, e.g. 'monday 09:00')",
        "jira.token: missing (routing.teams.payments uses jira); set PMSYNC_JIRA__TOKEN in the environment or put it in the credential file 'jira_token' ($CREDENTIALS_DIRECTORY; the shipped unit loads /etc/pmsync/credentials/jira_token)",
        "jira.tokn: unknown key (did you mean 'token'?)",
        "people.alice.email: 'not-an-address' is not a valid e-mail address",
        "people.alice.team: unknown team 'nope' (no [teams.nope] section)",
        "policy.default_due_days: bad priority key 'P9' (expected P0..P4)",
        "policy.default_priority: 'urgent' is not a priority (expected P0..P4)",
        "policy.reminder_days: input should be a valid integer, unable to parse string as an integer (got 'three')",
        "policy.timezone: unknown time zone 'Mars/Olympus' (use an IANA name such as 'Europe/Berlin' or 'UTC')",
        "routing.default: target 'github:acme/ops' needs a [github] section",
        "routing.teams.ghost: unknown team 'ghost' (no [teams.ghost] section)",
        "routing.teams.web: malformed target 'gh:acme' (expected jira:KEY or github:owner/repo)",
        "smtp.ops[1]: 'oops' is not a valid e-mail address",
        "smtp.sender: 'pmsync' is not a valid e-mail address",
        "teams.web.escalation[0]: 'director at example.com' is not a valid e-mail address",
    ]


def test_the_error_message_lists_the_file_and_every_problem(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, '[policy]\nreminder_days = -1\nrenotify_days = 0\n')
    assert str(caught.value) == (
        f"{tmp_path / 'pmsync.toml'}: invalid configuration (2 problems):\n"
        "  policy.reminder_days: input should be greater than or equal to 0 (got -1)\n"
        "  policy.renotify_days: input should be greater than 0 (got 0)"
    )


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("[polcy]", {}, "polcy: unknown key (did you mean 'policy'?)"),
        ("config_path = '/x'", {}, "config_path: unknown key"),
        ("_secrets_dir = '/'", {}, "_secrets_dir: unknown key"),
        ("[daemon]\nintervall = '5m'", {}, "daemon.intervall: unknown key (did you mean 'interval'?)"),
        ("[people.a]\nmail = 'a@example.com'", {}, "people.a.mail: unknown key (did you mean 'email'?)"),
        ("[teams.a]\nlead = []", {}, "teams.a.lead: unknown key (did you mean 'leads'?)"),
        ("", {"PMSYNC_POLICY__RENOTIFY": "3"}, "policy.renotify: unknown key (did you mean 'renotify_days'?) (from PMSYNC_POLICY__RENOTIFY)"),
        ("", {"PMSYNC_JIRA_URL": "https://j"}, "PMSYNC_JIRA_URL: not a pmsync setting (nested keys take a double underscore, e.g. PMSYNC_JIRA__URL)"),
        ("", {"PMSYNC_SOURCES__PATHS": "docs"}, "PMSYNC_SOURCES__PATHS: lists and tables set from the environment must be JSON, e.g. '[\"a\", \"b\"]'"),
        ("", {"PMSYNC_JIRA__PRIORITIES": "P0=x"}, "PMSYNC_JIRA__PRIORITIES: lists and tables set from the environment must be JSON, e.g. '{\"key\": \"value\"}'"),
        ("[routing]\ndefault = 'jira:ops'", {}, "routing.default: malformed target 'jira:ops' (expected jira:KEY or github:owner/repo)"),
        ("[routing]\ndefault = 'github:acme'", {}, "routing.default: malformed target 'github:acme' (expected jira:KEY or github:owner/repo)"),
        ("[jira]", {}, "jira.url: required key is missing"),
        ("", {"PMSYNC_SMTP__HOST": "mx"}, "smtp.sender: required key is missing"),
        ("[jira]\nurl = 'jira.example.com'", {}, "jira.url: 'jira.example.com' is not an http(s) URL"),
        ("[jira]\nurl = 'https://j'\ndeployment = 'cloud'", {}, "jira.email: required for Jira Cloud (the account the API token belongs to)"),
        ("[jira]\nurl = 'https://j'\ndeployment = 'server'", {}, "jira.deployment: input should be 'auto', 'cloud' or 'datacenter' (got 'server')"),
        ("[jira]\nurl = 'https://j'\npriorities = { P1 = 'High', PX = 'x', p7 = 'y' }", {}, "jira.priorities: bad priority keys 'PX', 'p7' (expected P0..P4)"),
        ("[github]\npriority_label = 'prio'", {}, "github.priority_label: 'prio' must contain {priority}"),
        ("[sources]\ndoc_url = 'https://x/{file}'", {}, "sources.doc_url: unknown placeholder {file} in 'https://x/{file}' (allowed: {path}, {id})"),
        ("[policy]\nseverity_priority = { SEV1 = 'P7' }", {}, "policy.severity_priority.SEV1: 'P7' is not a priority (expected P0..P4)"),
        ("[smtp]\nhost = 'mx'\nsender = 'p@example.com'\nssl = true\nstarttls = true", {}, "smtp: ssl = true (implicit TLS) and starttls = true exclude each other; set one"),
        ("[smtp]\nhost = 'mx'\nsender = 'p@example.com'\nport = 0", {}, "smtp.port: input should be greater than or equal to 1 (got 0)"),
        ("[daemon]\ninterval = '0s'", {}, "daemon.interval: must be longer than zero"),
        ("[daemon]\ninterval = '30s'\njitter = '1m'", {}, "daemon: jitter (0:01:00) must be shorter than interval (0:00:30)"),
        ("[daemon]\ninterval = true", {}, "daemon.interval: True is not a duration"),
        ("[daemon]\ninterval = inf", {}, "daemon.interval: inf is not a duration (write it with a unit, e.g. '30s', '5m', '1h')"),
        ("[daemon]\ninterval = nan", {}, "daemon.interval: nan is not a duration (write it with a unit, e.g. '30s', '5m', '1h')"),
        ("[daemon]\njitter = -1", {}, "daemon.jitter: -1 is not a duration (write it with a unit, e.g. '30s', '5m', '1h')"),
        ("[daemon]\ninterval = 5", {}, "daemon.interval: 5 has no unit: durations are written with one, e.g. '30s', '5m', '1h'; earlier versions read a bare number as seconds: write '5s' to keep that"),
        ("[daemon]\ninterval = 600", {}, "daemon.interval: 600 has no unit: durations are written with one, e.g. '30s', '5m', '1h'; earlier versions read a bare number as seconds: write '600s' (= '10m') to keep that"),
        ("[daemon]\ninterval = '300'", {}, "daemon.interval: '300' has no unit: durations are written with one, e.g. '30s', '5m', '1h'; earlier versions read a bare number as seconds: write '300s' (= '5m') to keep that"),
        ("[daemon]\njitter = 7.5", {}, "daemon.jitter: 7.5 is not a duration (write it with a unit, e.g. '30s', '5m', '1h')"),
        ("", {"PMSYNC_DAEMON__INTERVAL": "90"}, "daemon.interval: '90' has no unit: durations are written with one, e.g. '30s', '5m', '1h'; earlier versions read a bare number as seconds: write '90s' to keep that (from PMSYNC_DAEMON__INTERVAL)"),
        ("[daemon]\nlog_level = 'loud'", {}, "daemon.log_level: input should be 'debug', 'info', 'warning' or 'error' (got 'loud')"),
        ("[daemon]\ninterval = '999999999999d'", {}, "daemon.interval: unparseable duration '999999999999d' (longer than a year)"),
        ("[jira]\nurl = 'https://j'\npriorities = { p1 = 'a', P1 = 'b', P8 = 'c' }", {}, "jira.priorities: bad priority key 'P8' (expected P0..P4)"),
        ("[policy]\ntimezone = 'Europe'", {}, "policy.timezone: unknown time zone 'Europe' (use an IANA name such as 'Europe/Berlin' or 'UTC')"),
        ("[daemon]\ninterval = '1m5h'", {}, "daemon.interval: unparseable duration '1m5h' (give each unit once, largest first, e.g. '2h30m')"),
    ],
)
def test_single_problems(tmp_path, text, env, expected):
    assert problems(tmp_path, text, env) == [expected]


@pytest.mark.parametrize(
    "address",
    ["alice@example.com", "Alice Example <alice@example.com>", "a.b+tag@sub.example.co.uk", "ops@localhost"],
)
def test_valid_email_addresses(tmp_path, address):
    assert load(tmp_path, f'[people.a]\nemail = "{address}"').people["a"].email == address


@pytest.mark.parametrize(
    "address",
    ["not-an-address", "alice@", "@example.com", "alice@exa mple.com", "a@b.com, c@d.com", "Alice <alice@example.com", "a@-bad-.com", "x@y.com\\nBcc: z@w.com"],
)
def test_invalid_email_addresses(tmp_path, address):
    text = f'[people.a]\nemail = "{address}"'
    shown = address.replace("\\n", "\n")
    assert problems(tmp_path, text) == [f"people.a.email: {shown!r} is not a valid e-mail address"]


def test_smtp_ssl_turns_starttls_off_and_priorities_normalise(tmp_path):
    text = (
        "[smtp]\nhost = 'mx'\nport = 465\nssl = true\nsender = 'p@example.com'\n"
        "[policy]\ndefault_priority = 'p1'\ndefault_due_days = { p0 = 3 }\nseverity_priority = { sev0 = 'p0' }\n"
    )
    s = load(tmp_path, text)
    assert (s.smtp.ssl, s.smtp.starttls) == (True, False)
    assert s.policy.default_priority == "P1"
    assert s.policy.default_due_days == {"P0": 3, "P1": 28, "P2": 56, "P3": 90, "P4": 180}
    assert s.policy.severity_priority == {"SEV0": "P0"}


def test_toml_native_times_and_zero_without_unit_are_accepted(tmp_path):
    s = load(tmp_path, "[daemon]\ninterval = '10m'\njitter = 0\nreminders_at = 08:15:00\nweekly_digest = 'Fri 7:05'")
    assert (s.daemon.interval, s.daemon.jitter) == (timedelta(minutes=10), timedelta(0))
    assert (s.daemon.reminders_at, s.daemon.weekly_digest) == ("08:15", "friday 07:05")


def test_the_policy_time_zone_is_usable(tmp_path):
    assert str(load(tmp_path, "[policy]\ntimezone = 'Europe/Berlin'").policy.tz) == "Europe/Berlin"


# --- value parsers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5m", timedelta(minutes=5)),
        ("30s", timedelta(seconds=30)),
        ("1h", timedelta(hours=1)),
        ("2h30m", timedelta(hours=2, minutes=30)),
        ("2h 30m", timedelta(hours=2, minutes=30)),
        ("1d", timedelta(days=1)),
        ("1d2h3m4s", timedelta(days=1, hours=2, minutes=3, seconds=4)),
        ("0", timedelta(0)),
        (" 5M ", timedelta(minutes=5)),
        ("0", timedelta(0)),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "m", "5 minutes", "5x", "-5m", "1.5h", "5m5m", "30s1m", "h5", "5m foo"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError, match="unparseable duration"):
        parse_duration(text)


@given(st.integers(0, 99), st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_parse_duration_round_trips(d, h, m, s):
    parts = [f"{n}{u}" for n, u in ((d, "d"), (h, "h"), (m, "m"), (s, "s")) if n]
    text = "".join(parts) or "0"
    assert parse_duration(text) == timedelta(days=d, hours=h, minutes=m, seconds=s)


@given(st.text(max_size=20) | st.from_regex(r"[0-9]{1,20}[dhms]?( ?[0-9]{1,20}[dhms])?", fullmatch=True))
def test_parse_duration_fails_only_with_value_error(text):
    try:
        assert parse_duration(text) >= timedelta(0)
    except ValueError as exc:
        assert "duration" in str(exc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9:00", "09:00"), ("09:00", "09:00"), ("23:59", "23:59"), ("0:05", "00:05")],
)
def test_parse_clock(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "9:5", "09:60", "9am", ""])
def test_parse_clock_rejects(text):
    with pytest.raises(ValueError, match="time of day"):
        parse_clock(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("monday 09:00", ("monday", "09:00")), ("Mon 9:00", ("monday", "09:00")), ("SUNDAY 18:30", ("sunday", "18:30")), ("thu 7:00", ("thursday", "07:00"))],
)
def test_parse_day_time(text, expected):
    assert parse_day_time(text) == expected


@pytest.mark.parametrize("text", ["monday", "09:00", "mo 09:00", "funday 09:00", "monday 9", "monday 09:00 UTC"])
def test_parse_day_time_rejects(text):
    with pytest.raises(ValueError):
        parse_day_time(text)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("jira:OPS", ("jira", "OPS")),
        ("jira:PAY2_X", ("jira", "PAY2_X")),
        ("github:acme/web", ("github", "acme/web")),
        ("github:Acme-Co/web.site_v2", ("github", "Acme-Co/web.site_v2")),
    ],
)
def test_parse_target(target, expected):
    assert parse_target(target) == expected


@pytest.mark.parametrize(
    "target",
    ["gh:acme", "jira:", "jira:ops", "jira:1OPS", "github:acme", "github:acme/", "github:/web", "github:acme/web/x", "github:acme/..", "JIRA:OPS", "OPS", ""],
)
def test_parse_target_rejects(target):
    with pytest.raises(ValueError, match=re.escape(f"malformed target {target!r} (expected jira:KEY or github:owner/repo)")):
        parse_target(target)


# --- helpers on Settings -----------------------------------------------------------------------


def directory() -> Settings:
    return Settings(
        people={
            "alice": Person(email="Alice <Alice@Example.com>", team="payments"),
            "Bob": Person(email="bob@example.com", team="web"),
            "carol": Person(),
        },
        teams={"payments": Team(), "web": Team()},
        routing=RoutingSettings(default="jira:OPS", teams={"payments": "jira:PAY", "web": "github:acme/web", "ops": "jira:OPS"}),
    )


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        ("alice", "alice"),
        ("@alice", "alice"),
        ("ALICE", "alice"),
        ("@bob", "Bob"),
        ("alice@example.com", "alice"),
        ("Someone <ALICE@example.com>", "alice"),
        ("bob@example.com", "Bob"),
        ("carol", "carol"),
        ("dave", None),
        ("dave@example.com", None),
        ("", None),
        (None, None),
    ],
)
def test_person(owner, expected):
    found = directory().person(owner)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("postmortem_team", "owner", "expected"),
    [
        ("web", "alice", "web"),
        ("WEB", "alice", "web"),
        ("infra", "alice", "infra"),
        (None, "alice", "payments"),
        ("", "@bob", "web"),
        (None, "carol", None),
        (None, "nobody", None),
        (None, None, None),
    ],
)
def test_team_of(postmortem_team, owner, expected):
    assert directory().team_of(postmortem_team, owner) == expected


@pytest.mark.parametrize(
    ("team", "expected"),
    [("payments", "jira:PAY"), ("Web", "github:acme/web"), ("infra", "jira:OPS"), (None, "jira:OPS")],
)
def test_target_for(team, expected):
    assert directory().target_for(team) == expected


def test_targets_lists_each_target_once_default_first():
    assert directory().targets() == ["jira:OPS", "jira:PAY", "github:acme/web"]
    assert Settings(routing=RoutingSettings(teams={"a": "jira:A"})).targets() == ["jira:A"]
    assert Settings(routing=RoutingSettings(teams={"a": "jira:A"})).target_for("b") is None


# --- file mode -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (0o600, None),
        (0o400, None),
        (0o640, None),  # root:pmsync 0640 is the intended set-up
        (0o604, "others read it"),
        (0o620, "group/others change it"),
        (0o602, "group/others change it"),
        (0o666, "others read it and group/others change it"),
    ],
)
def test_file_mode_warning(tmp_path, mode, expected):
    path = write(tmp_path, "")
    os.chmod(path, mode)
    warning = file_mode_warning(path)
    if expected is None:
        assert warning is None
    else:
        assert warning.startswith(f"{path}: mode {mode:04o} lets {expected} (")
        assert "chmod 0640 root:pmsync" in warning


def test_file_mode_warning_ignores_a_missing_file(tmp_path):
    assert file_mode_warning(tmp_path / "absent.toml") is None


# --- the shipped example -----------------------------------------------------------------------


def test_the_example_loads_with_the_tokens_in_the_environment():
    s = load_settings(EXAMPLE, environ=TOKENS)
    assert s.config_path == EXAMPLE
    assert s.sources.paths == [EXAMPLE.parent / "postmortems"]
    assert s.targets() == ["jira:OPS", "jira:PAY", "github:acme/web"]
    assert s.target_for(s.team_of(None, "@bob")) == "github:acme/web"
    assert s.policy.timezone == "Europe/Berlin"
    assert s.daemon.interval == timedelta(minutes=5)


def test_the_example_needs_its_tokens():
    with pytest.raises(ConfigError) as caught:
        load_settings(EXAMPLE, environ={})
    assert [p.split(":")[0] for p in caught.value.problems] == ["github.token", "jira.token", "slack.token", "smtp.password"]


SECTIONS = {
    "sources": SourcesSettings,
    "jira": JiraSettings,
    "jira.projects.PAY": JiraProjectFields,
    "github": GitHubSettings,
    'github.repos."acme/web"': GitHubRepoFields,
    "routing": RoutingSettings,
    "people.alice": Person,
    "teams.payments": Team,
    "policy": PolicySettings,
    "smtp": SmtpSettings,
    "slack": SlackSettings,
    "msteams": MsTeamsSettings,
    "daemon": DaemonSettings,
    "policy.slo": SloSettings,
}


@pytest.mark.parametrize(("section", "model"), SECTIONS.items())
def test_the_example_documents_every_key_with_a_comment(section, model):
    text = EXAMPLE.read_text()
    body = text.split(f"\n[{section}]\n", 1)[1].split("\n[", 1)[0]
    for key in model.model_fields:
        # set (`key = …`), or shown as a comment (`# key = …` / `# key: secret …`)
        match = re.search(rf"^(#\s*)?{key}\s*[=:]", body, re.MULTILINE)
        assert match, f"[{section}] does not document {key}"
        preceding = body[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        assert preceding.startswith("#") or match.group(1), f"[{section}] {key} has no comment"


def test_credentials_loaded_from_the_unit_directory_carry_its_prefix(tmp_path):
    """LoadCredential=pmsync:/etc/pmsync/credentials hands each file over as pmsync_<name>."""
    creds = tmp_path / "creds"
    creds.mkdir()
    (creds / "pmsync_github_token").write_text("ghp_from_the_unit_directory\n")
    config = tmp_path / "pmsync.toml"
    config.write_text('[github]\n[routing]\ndefault = "github:acme/web"\n')
    s = load_settings(str(config), environ={"CREDENTIALS_DIRECTORY": str(creds)})
    assert s.github.token.get_secret_value() == "ghp_from_the_unit_directory"
    assert s.jira is None  # no Jira: no jira_token needed


@pytest.mark.parametrize(
    ("section", "where"),
    [
        ({"people": {"alice": {"email": "alice@example.com", "slack": "U0ALICE\r\nX"}}}, "people.alice.slack"),
        ({"people": {"alice": {"email": "alice@example.com", "channels": ["slack"]}}}, "people.alice.channels"),
        ({"teams": {"pay": {"channels": ["slack"], "slack_channel": "<!channel>"}}, "slack": {}},
         "teams.pay.slack_channel"),
        ({"teams": {"pay": {"channels": ["slack"]}}, "slack": {}}, "teams.pay"),
        ({"teams": {"pay": {"channels": ["msteams"]}}}, "teams.pay.channels"),
    ],
)
def test_chat_channel_settings_are_checked_and_name_the_field(tmp_path, section, where):
    # JSON strings and arrays are TOML too
    lines = ['[routing]\ndefault = "jira:OPS"\n[jira]\nurl = "https://jira.example.com"\nemail = "b@example.com"\n']
    for name, table in section.items():
        for key, entry in table.items() if name in ("people", "teams") else [(None, table)]:
            header = f"[{name}.{key}]" if key else f"[{name}]"
            body = "\n".join(f"{k} = {json.dumps(v)}" for k, v in (entry or {}).items())
            lines.append(f"{header}\n{body}\n")
    path = tmp_path / "pmsync.toml"
    path.write_text("\n".join(lines))
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={"PMSYNC_JIRA__TOKEN": "t", "PMSYNC_SLACK__TOKEN": "xoxb-t"})
    assert any(p.startswith(where) for p in caught.value.problems), caught.value.problems


def test_the_report_s_chat_teams_must_exist_and_have_a_chat_channel(tmp_path):
    text = (
        '[teams.payments]\nchannels = ["email", "slack"]\nslack_channel = "C0PAY"\n'
        '[teams.web]\nleads = ["lead@example.com"]\n'
        '[slack]\n[daemon]\nweekly_report_teams = ["payments", "ghost", "web"]\n'
    )
    assert problems(tmp_path, text, {"PMSYNC_SLACK__TOKEN": "xoxb-t"}) == [
        "daemon.weekly_report_teams: team 'web' has no chat channel "
        "(set [teams.web] channels to include 'slack' or 'msteams')",
        "daemon.weekly_report_teams: unknown team 'ghost' (no [teams.ghost] section)",
    ]
    fixed = text.replace(', "ghost", "web"', "")
    assert load(tmp_path, fixed, {"PMSYNC_SLACK__TOKEN": "xoxb-t"}).daemon.weekly_report_teams == ["payments"]


@pytest.mark.parametrize(
    ("text", "priority", "severity"),
    [
        ("", {"P0": 7, "P1": 28, "P2": 56, "P3": 90, "P4": 180}, {}),
        ("[policy.slo]\npriority = { p1 = 21 }\nseverity = { sev1 = 5 }",
         {"P0": 7, "P1": 21, "P2": 56, "P3": 90, "P4": 180}, {"SEV1": 5}),
        # written before [policy.slo]: the old default deadlines are the objectives
        ("[policy]\ndefault_due_days = { P2 = 30 }", {"P0": 7, "P1": 28, "P2": 30, "P3": 90, "P4": 180}, {}),
        ("[policy]\ndefault_due_days = { P2 = 30 }\n[policy.slo]\npriority = { P2 = 40 }",
         {"P0": 7, "P1": 28, "P2": 40, "P3": 90, "P4": 180}, {}),
    ],
)
def test_slo_objectives(tmp_path, text, priority, severity):
    s = load(tmp_path, text)
    assert (s.policy.slo.priority, s.policy.slo.severity) == (priority, severity)
    assert s.policy.default_due_days == priority
    assert s.policy.slo.flag_beyond is False


def test_a_bad_slo_key_names_the_field(tmp_path):
    with pytest.raises(ConfigError, match="slo"):
        load(tmp_path, "[policy.slo]\npriority = { P9 = 3 }")
