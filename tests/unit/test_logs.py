"""Logging: JSON or console rendering, engine adapter, and no secret in any line or traceback."""

from __future__ import annotations

import base64
import io
import json
import logging
import smtplib
import sys

import pytest
import structlog
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.trackers.base import AuthError, Unavailable
from syncer import logs
from syncer.logs import (
    MASK,
    configure_logging,
    engine_log,
    get_logger,
    redact,
    secret_variants,
    set_secrets,
)

JIRA_TOKEN = "ATATT3xFfGF0jira-secret-token-4711"
GITHUB_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
SMTP_PASSWORD = "correct horse battery staple"
ALL = (JIRA_TOKEN, GITHUB_TOKEN, SMTP_PASSWORD)


@pytest.fixture
def output(monkeypatch):
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buffer)
    saved_hook = sys.excepthook
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    configure_logging(json=True)
    set_secrets(
        [*secret_variants(JIRA_TOKEN, ["bot@example.com"]), *secret_variants(GITHUB_TOKEN),
         *secret_variants(SMTP_PASSWORD, ["pmsync"])]
    )
    yield buffer
    set_secrets([])
    sys.excepthook = saved_hook
    root.handlers[:], _ = saved
    root.setLevel(saved[1])
    structlog.reset_defaults()


def lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def assert_clean(text: str) -> None:
    for secret in ALL:
        assert secret not in text
    basic = base64.b64encode(f"bot@example.com:{JIRA_TOKEN}".encode()).decode()
    assert basic not in text


def test_json_lines_carry_level_timestamp_and_context(output):
    get_logger("pmsync.test", cycle=3).info("action", item="INC-1/2", ticket="OPS-7", target="jira:OPS")
    (line,) = lines(output)
    assert line["event"] == "action" and line["level"] == "info" and line["timestamp"].endswith("Z")
    assert (line["item"], line["ticket"], line["target"], line["cycle"]) == ("INC-1/2", "OPS-7", "jira:OPS", 3)


def test_console_rendering_on_a_terminal(monkeypatch):
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buffer)
    try:
        configure_logging(json=False)
        get_logger().warning("item_failed", item="INC-1/1", error=f"token={JIRA_TOKEN}")
    finally:
        structlog.reset_defaults()
    text = buffer.getvalue()
    assert "item_failed" in text and "INC-1/1" in text and not text.lstrip().startswith("{")
    assert JIRA_TOKEN not in text


def test_engine_adapter_maps_failures_to_warnings(output):
    log = engine_log(get_logger())
    log("item_failed", item="INC-1/1", target="jira:OPS", error="boom")
    log("action", item="INC-1/2", target="jira:OPS", kind="create")
    log("tracker_auth_failed", tracker="jira", error="401")
    assert [(e["event"], e["level"]) for e in lines(output)] == [
        ("item_failed", "warning"), ("action", "info"), ("tracker_auth_failed", "error"),
    ]


def test_secrets_never_reach_a_line_or_traceback_on_any_failure_path(output):
    log = get_logger("pmsync.test")
    # a tracker rejecting the credentials, with the header echoed back
    auth = AuthError(
        f"401 Unauthorized for https://bot%40example.com:{JIRA_TOKEN}@jira.example.com/rest/api/2/myself "
        f"(Authorization: Basic {base64.b64encode(f'bot@example.com:{JIRA_TOKEN}'.encode()).decode()})",
        target="jira:OPS", status=401,
    )
    log.error("tracker_auth_failed", tracker="jira", error=str(auth))
    # an SMTP server refusing the password, the exception logged with its traceback
    try:
        raise smtplib.SMTPAuthenticationError(535, f"5.7.8 bad credentials for pmsync/{SMTP_PASSWORD}".encode())
    except smtplib.SMTPAuthenticationError:
        log.error("mail_failed", exc_info=True)
    # an exception that carries the token in its message, raised from a frame holding it
    def call_github(token: str) -> None:
        raise Unavailable(f"GET https://api.github.com/repos/acme/web/issues?access_token={token} failed")

    try:
        call_github(GITHUB_TOKEN)
    except Unavailable:
        log.exception("poll_failed", target="github:acme/web")
    # URLs, headers and key-value pairs of every shape, and secret-named fields
    log.warning(
        "request_dump",
        url=f"https://user:{SMTP_PASSWORD.replace(' ', '%20')}@smtp.example.com:587",
        query=f"https://ghe.example.com/api/v3?token={GITHUB_TOKEN}&per_page=100",
        headers={"Authorization": f"token {GITHUB_TOKEN}", "Accept": "application/json"},
        password=SMTP_PASSWORD,
        token=JIRA_TOKEN,
        nested=[{"detail": f"Bearer {GITHUB_TOKEN}"}, f"login failed: password={SMTP_PASSWORD}"],
        error=RuntimeError(f"rejected {JIRA_TOKEN}"),
    )
    # a standard-library logger, as urllib3 and jira use
    logging.getLogger("urllib3.connectionpool").warning(
        "Retrying after connection broken: %s", f"https://x-access-token:{GITHUB_TOKEN}@github.com/"
    )
    text = output.getvalue()
    assert_clean(text)
    assert text.count(MASK) >= 10
    events = [e["event"] for e in lines(output)]
    assert events[:4] == ["tracker_auth_failed", "mail_failed", "poll_failed", "request_dump"]
    assert any("Traceback" in e.get("exception", "") for e in lines(output))  # tracebacks kept, cleaned
    assert "Accept" in text and "github:acme/web" in text  # the rest stays readable


def test_uncaught_exceptions_are_logged_redacted(output):
    try:
        raise RuntimeError(f"cannot authenticate with {GITHUB_TOKEN}")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    (line,) = lines(output)
    assert line["event"] == "uncaught_exception" and "RuntimeError" in line["exception"]
    assert_clean(output.getvalue())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://alice:s3cr3tpass@host/x", f"https://{MASK}@host/x"),
        ("https://tok3n1234@github.com/acme/web.git", f"https://{MASK}@github.com/acme/web.git"),
        ("GET /issues?state=all&access_token=abcd1234&page=2", f"GET /issues?state=all&access_token={MASK}&page=2"),
        ("/search?jql=x&token=abcd1234", f"/search?jql=x&token={MASK}"),
        ("Authorization: Bearer abc.def.ghi", f"Authorization: {MASK}"),
        ('{"authorization": "Basic Ym90OnNlY3JldA=="}', f'{{"authorization": "{MASK}"}}'),
        ("password=hunter2 user=bob", f"password={MASK} user=bob"),
        # letters that ignore-case matching takes for ASCII ones (ſ for s, İ and ı for i)
        ("pa\u017fsword=hunter2", f"pa\u017fsword={MASK}"),
        ("Author\u0130zation: Bearer abcdefgh1", f"Author\u0130zation: {MASK}"),
        ("author\u0131zation=abcdefgh1", f"author\u0131zation={MASK}"),
        # prose about settings keeps its meaning
        ("jira.token: missing (routing.default uses jira)", "jira.token: missing (routing.default uses jira)"),
        ("add basic monitoring for the queue", "add basic monitoring for the queue"),
        ("mailto:alice@example.com", "mailto:alice@example.com"),
    ],
)
def test_redact_patterns(text, expected):
    assert redact(text) == expected


# What secrets are written with, look-alikes in other cases, and the letters that ignore-case
# matching equates with ASCII ones (İ ı ſ K, also inside keywords): the drawn texts hit
# every pattern, alone and next to each other.
_KEYS = st.sampled_from([
    "https://u:p", "HTTPS://tok3n1234", "?access_token", "&Token", ";sig", "TOKEN", "api_key",
    "Api-Key", "apikey", "password", "PaSsWd", "pwd", "passphrase", "client_secret", "auth",
    "authorization", "AUTHORIZATION", "Bearer", "bearer", "Basic", "basic", "ghp_", "github_pat_",
    "ATATT", "eyJabcdefgh.abcdefgh", "pa\u017fswd", "\u017fecret", "author\u0131zation",
    "author\u0130zation", "api_\u212aey", "to\u212aen", "\u0130", "\u0131", "\u017f",
])
_SEPARATORS = st.sampled_from(["=", ": ", '": "', "':'", " ", "@", ".", ""])
_VALUES = st.sampled_from(["abcdefgh12345678", "A1b2C3d4E5f6G7h8I9j0", "Ym90OnNlY3JldA==", "***", "x", ""])
_PIECES = st.tuples(_KEYS, _SEPARATORS, _VALUES).map("".join) | st.sampled_from([" ", "\n", '"', "&", "="])


@settings(max_examples=500)  # each odd letter is one draw in ~50: enough tries to meet each
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_redact_masks_as_if_every_pattern_ran_on_every_text(text):
    """Skipping a pattern whose needles a text lacks changes nothing."""
    expected = text
    for pattern, replacement, _needles in logs._PATTERNS:
        expected = pattern.sub(replacement, expected)
    assert redact(text) == expected


def test_exact_configured_secrets_are_masked_anywhere():
    try:
        set_secrets(["plain-secret-value", None, "abc"])  # too short to mask ordinary words
        assert redact("xx plain-secret-value yy abc") == f"xx {MASK} yy abc"
    finally:
        set_secrets([])
    assert logs.redact("plain-secret-value") == "plain-secret-value"


def test_unknown_level_is_rejected():
    with pytest.raises(ValueError, match="unknown log level"):
        configure_logging(json=True, level="chatty")
