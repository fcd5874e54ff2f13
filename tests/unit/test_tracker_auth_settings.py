"""Settings for the authentication companies use: GitHub Apps and Jira scoped tokens."""

from __future__ import annotations

import pytest

from syncer.settings import ConfigError, load_settings

BASE = """
[routing]
default = "github:acme/web"

[github]
{github}

[jira]
url = "https://acme.atlassian.net"
email = "svc@acme.example"
{jira}
"""


def load(tmp_path, *, github: str = "", jira: str = "", environ: dict | None = None):
    path = tmp_path / "pmsync.toml"
    path.write_text(BASE.format(github=github, jira=jira))
    return load_settings(path, environ=environ or {})


def test_a_github_app_needs_no_token_but_its_installation_and_key(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, github="app_id = 12")
    problems = " | ".join(caught.value.problems)
    assert "github.installation_id: required" in problems
    assert "github.app_private_key: missing" in problems and "github.token" not in problems


def test_a_github_app_with_its_key_from_the_environment(tmp_path):
    settings = load(
        tmp_path,
        github="app_id = 12\ninstallation_id = 34",
        environ={"PMSYNC_GITHUB__APP_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----"},
    )
    assert settings.github.app_id == 12 and settings.github.installation_id == 34
    assert settings.github.app_private_key.get_secret_value().startswith("-----BEGIN")


def test_the_private_key_never_sits_in_the_file(tmp_path):
    with pytest.raises(ConfigError, match="app_private_key: secrets must not be in the configuration file"):
        load(tmp_path, github='app_id = 12\ninstallation_id = 34\napp_private_key = "x"')


def test_a_jira_scoped_token_names_its_cloud_id(tmp_path):
    settings = load(
        tmp_path,
        github="app_id = 12\ninstallation_id = 34",
        jira='cloud_id = "auto"',
        environ={"PMSYNC_GITHUB__APP_PRIVATE_KEY": "k", "PMSYNC_JIRA__TOKEN": "scoped"},
    )
    assert settings.jira.cloud_id == "auto" and str(settings.jira.gateway).rstrip("/") == "https://api.atlassian.com"
