"""Several sources in one configuration, through `pmsync sync` as a user runs it (offline:
tickets kept in the ledger): each source's routing defaults, and a git remote that goes
away holding its items instead of removing them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from syncer.cli import main
from tests.integration.test_source_git import DOC, commit, git

CONFIG = """
[[sources]]
name = "handbook"
paths = ["{docs}"]
target = "github:acme/web"

[[sources]]
name = "repo"
kind = "git"
remote = "file://{remote}"
subpath = "pm"
doc_url = "https://git.example.com/sre/pm/blob/{{branch}}/{{path}}"
team = "payments"

[jira]
url = "https://acme.atlassian.net"
email = "pmsync-bot@acme.example"

[github]

[routing]
default = "jira:OPS"
teams = {{ payments = "jira:PAY" }}

[teams.payments]
leads = ["payments-lead@acme.example"]

[people.alice]
email = "alice@acme.example"

[daemon]
offline = true
state = "{state}"
"""


def handbook_and_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A markdown folder and a git remote, one postmortem each."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "2026-05-01-handbook.md").write_text(DOC.format(id="handbook-one"))
    remote = tmp_path / "remote"
    remote.mkdir()
    git(remote, "init", "-q", "-b", "main")
    commit(remote, {"pm/2026-05-02-repo.md": DOC.format(id="repo-one")})
    return docs, remote


def sync(config: Path, capsys) -> tuple[int, dict]:
    code = main(["--config", str(config), "sync", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_two_sources_route_by_their_defaults_and_an_unreachable_remote_holds_its_items(tmp_path, capsys):
    docs, remote = handbook_and_repo(tmp_path)
    state = tmp_path / "state" / "state.db"
    config = tmp_path / "pmsync.toml"
    config.write_text(CONFIG.format(docs=docs, remote=remote, state=state))

    code, out = sync(config, capsys)
    assert code == 0, out
    targets = {a["item"]: a["target"] for a in out["plan"] if a["action"] == "create"}
    assert targets == {"handbook-one/1": "github:acme/web", "repo-one/1": "jira:PAY"}  # source target; source team
    assert (tmp_path / "state" / "sources" / "repo" / "repo.git").is_dir()

    remote.rename(tmp_path / "gone")
    code, out = sync(config, capsys)
    assert code == 1  # a source was left out
    assert [a for a in out["plan"] if a["action"] != "noop"] == []  # nothing removed, nothing created
    unavailable = [f for f in out["findings"] if f["rule"] == "source-unavailable"]
    assert len(unavailable) == 1 and unavailable[0]["path"] == "source repo"
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT count(*) FROM items WHERE in_doc = 1").fetchone()[0] == 2
        assert db.execute("SELECT count(*) FROM events WHERE kind = 'removed_from_doc'").fetchone()[0] == 0


def test_check_config_online_lists_each_remote_source_once(tmp_path, capsys):
    docs, remote = handbook_and_repo(tmp_path)
    config = tmp_path / "pmsync.toml"
    text = CONFIG.format(docs=docs, remote=remote, state=tmp_path / "state" / "state.db")
    config.write_text(text)
    main(["--config", str(config), "check-config", "--online"])  # offline trackers are warned about
    assert "source" not in capsys.readouterr().err
    assert not (tmp_path / "state").exists()  # a check leaves pmsync's state alone

    config.write_text(text.replace(f"file://{remote}", f"file://{tmp_path / 'nowhere'}"))
    assert main(["--config", str(config), "check-config", "--online"]) == 1
    assert "error: source repo: git fetch" in capsys.readouterr().err
