"""Secrets: never over plain connections, never in the ledger, config modes warned, private dirs."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from syncer.private_dirs import private_directory
from syncer.settings import ConfigError, load_settings

JIRA = '[jira]\nurl = "{url}"\nemail = "bot@example.com"\n[routing]\ndefault = "jira:OPS"\n'
SMTP = '[smtp]\nhost = "{host}"\nusername = "pmsync"\nsender = "pmsync@example.com"\nstarttls = false\n{extra}\n'


def _load(tmp_path: Path, text: str, env: dict[str, str]):
    path = tmp_path / "pmsync.toml"
    path.write_text(text)
    return load_settings(path, environ=env)


@pytest.mark.parametrize("url", ["http://jira.example.com", "http://10.0.0.5:8080"])
def test_a_token_over_plain_http_is_refused(tmp_path, url):
    with pytest.raises(ConfigError, match=r"jira.url: .* plain http"):
        _load(tmp_path, JIRA.format(url=url), {"PMSYNC_JIRA__TOKEN": "tok-123456"})


def test_plain_http_is_allowed_explicitly_or_on_loopback(tmp_path):
    env = {"PMSYNC_JIRA__TOKEN": "tok-123456"}
    allowed = JIRA.format(url="http://jira.example.com").replace(
        'email = "bot@example.com"', 'email = "bot@example.com"\nallow_insecure_http = true')
    assert _load(tmp_path, allowed, env).jira.allow_insecure_http
    for url in ("http://127.0.0.1:8080", "http://localhost:9", "http://[::1]:8080", "https://jira.example.com"):
        assert _load(tmp_path, JIRA.format(url=url), env).jira is not None


def test_smtp_auth_without_tls_is_refused_unless_allowed(tmp_path):
    env = {"PMSYNC_SMTP__PASSWORD": "pw-123456"}
    with pytest.raises(ConfigError, match="AUTH without TLS"):
        _load(tmp_path, SMTP.format(host="smtp.example.com", extra=""), env)
    assert _load(tmp_path, SMTP.format(host="smtp.example.com", extra="allow_insecure_auth = true"), env).smtp
    assert _load(tmp_path, SMTP.format(host="127.0.0.1", extra=""), env).smtp  # loopback relay


def test_directories_pmsync_creates_are_private_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        made = private_directory(tmp_path / "var" / "lib" / "pmsync")
    finally:
        os.umask(old)
    for directory in (made, made.parent, made.parent.parent):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_the_ledger_never_stores_a_secret_a_tracker_echoed(tmp_path):
    import base64
    from datetime import UTC, datetime

    from syncer.logs import secret_variants, set_secrets
    from syncer.state import Ledger

    token = "ATATT3xFfGF0-secret-token-value"
    basic = base64.b64encode(f"bot@example.com:{token}".encode()).decode()
    set_secrets(secret_variants(token, ["bot@example.com"]))
    now = datetime(2026, 11, 23, tzinfo=UTC)
    try:
        with Ledger.open(tmp_path / "state" / "state.db") as ledger:
            with ledger.transaction():
                ledger.add_event("error", now, "INC-7/1", message=f"proxy echoed Authorization: Basic {basic}",
                                 headers={"Authorization": f"Basic {basic}"}, detail=[token])
            run = ledger.start_run(now)
            ledger.finish_run(run, now, False, {"aborted": f"TrackerError: {basic}"})
    finally:
        set_secrets([])
    for path in (tmp_path / "state").iterdir():
        data = path.read_bytes()
        assert token.encode() not in data and basic.encode() not in data, path.name
    assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700


def test_every_start_warns_about_a_configuration_others_can_read(tmp_path, capsys):
    from syncer.app import load_or_exit

    path = tmp_path / "pmsync.toml"
    path.write_text('[sources]\npaths = ["docs"]\n')
    path.chmod(0o644)
    load_or_exit(str(path), require_secrets=False)
    assert "mode 0644 lets others read it" in capsys.readouterr().err
    path.chmod(0o600)
    load_or_exit(str(path), require_secrets=False)
    assert capsys.readouterr().err == ""


def test_a_token_a_tracker_echoes_reaches_neither_the_ledger_nor_any_output(world, capsys):
    """A proxy answering 400 with the request's headers in its body: the cycle records the
    error on the item and in the events, and prints its report, all without the secret."""
    import base64
    import json as jsonlib

    from adapters.trackers.base import Rejected
    from syncer.logs import secret_variants, set_secrets
    from syncer.output import safe_output

    token = "jira-api-token-5f0c2e"
    basic = base64.b64encode(f"bot@example.com:{token}".encode()).decode()
    set_secrets(secret_variants(token, ["bot@example.com"]))
    try:
        world.tracker.fail(Rejected(f"Bad Request; request had Authorization: Basic {basic} token={token}"), "create")
        report = world.cycle()
        with safe_output():
            print(jsonlib.dumps(report.summary(), default=str))
            for error in report.errors:
                print(f"item_failed {error.key}: {error.message}", file=sys.stderr)
        world.ledger.close()
    finally:
        set_secrets([])
    out, err = capsys.readouterr()
    assert report.errors and "Bad Request" in err
    for text in (out, err):
        assert token not in text and basic not in text
    for path in world.path.parent.iterdir():
        if path.name.startswith("state.db"):
            data = path.read_bytes()
            assert token.encode() not in data and basic.encode() not in data, path.name
    world.restart()
    stored = [row.last_error for row in world.ledger.items() if row.last_error]
    assert stored and all("Bad Request" in e and "***" in e for e in stored)
