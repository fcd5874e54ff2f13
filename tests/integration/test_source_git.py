"""The git source against real repositories over file:// and a real HTTP server on 127.0.0.1:
shallow fetches into the state directory, only changed blobs read, symlinks never followed,
a force-push or an unreachable remote changing nothing, a password prompt never waited for."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from adapters.sources.base import SourceUnavailable
from adapters.sources.factory import credential_reader
from adapters.sources.git import GitRepoSource
from adapters.sources.reader import SourceReader
from syncer.source_settings import GitSource

DOC = "---\nid: {id}\n---\n# {id}\n\n## Action Items\n\n- Add an alert on {id}. Owner: @alice. Due: 2026-05-01.\n"
GIT_ENV = {
    **os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], env=GIT_ENV, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(repo: Path, files: dict[str, str | None], message: str = "edit") -> str:
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    repo = tmp_path / "remote"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (tmp_path / "outside.md").write_text(DOC.format(id="SECRET"))
    commit(repo, {
        "README.md": "# Postmortems\n",
        "pm/2026-01-a.md": DOC.format(id="A"),
        "pm/2026-02-b.md": DOC.format(id="B"),
        "pm/.drafts/x.md": DOC.format(id="DRAFT"),
        "other/c.md": DOC.format(id="C"),
    })
    return repo


def source(tmp_path: Path, remote: Path, **kw) -> GitRepoSource:
    config = GitSource(
        name="repo", kind="git", remote=f"file://{remote}", subpath="pm",
        doc_url="https://git.example.com/sre/pm/blob/{branch}/{path}", **kw,
    )
    return GitRepoSource(config, tmp_path / "state" / "sources" / "repo", credential_reader({}))


def ids(documents) -> list[str]:
    return [d.postmortem.id for d in documents if d.postmortem]


def test_reads_the_branch_under_its_subpath_and_only_changed_files(tmp_path, remote):
    src = source(tmp_path, remote)
    reader = SourceReader(src, team="sre")
    first = reader.read()
    assert ids(first) == ["A", "B"]
    a = first[0]
    assert a.path == "repo:pm/2026-01-a.md"
    assert a.postmortem.doc_url == "https://git.example.com/sre/pm/blob/main/pm/2026-01-a.md"
    assert a.postmortem.team == "sre" and a.postmortem.items[0].owner == "alice"
    clone = tmp_path / "state" / "sources" / "repo" / "repo.git"
    assert (clone / "shallow").is_file() and not (clone / "index").exists()  # shallow, no work tree
    assert (remote / "pm" / "2026-01-a.md").read_text() == DOC.format(id="A")  # nothing edited

    commit(remote, {"pm/2026-02-b.md": DOC.format(id="B").replace("alert", "pager"),
                    "pm/2026-03-d.md": DOC.format(id="D")})
    second = reader.read()
    assert ids(second) == ["A", "B", "D"]
    assert second[0] is a  # the unchanged blob was neither read nor parsed again
    assert "pager" in second[1].postmortem.items[0].text


def test_a_symlink_leaving_the_repository_is_a_finding_and_the_rest_is_read(tmp_path, remote):
    os.symlink("/etc/passwd", remote / "pm" / "passwd.md")
    os.symlink("../../outside.md", remote / "pm" / "escape.md")
    os.symlink("2026-01-a.md", remote / "pm" / "alias.md")  # inside: the target is read on its own
    commit(remote, {})
    documents = SourceReader(source(tmp_path, remote)).read()
    assert ids(documents) == ["A", "B"]
    findings = {d.path: [f.rule for f in d.findings] for d in documents if d.postmortem is None}
    assert findings == {"repo:pm/passwd.md": ["symlink-escapes"], "repo:pm/escape.md": ["symlink-escapes"]}
    assert all("SECRET" not in repr(d) and "root:" not in repr(d) for d in documents)


def test_a_force_push_is_reported_and_changes_nothing(tmp_path, remote):
    reader = SourceReader(source(tmp_path, remote))
    before = reader.read()
    git(remote, "checkout", "-q", "--orphan", "rewritten")
    commit(remote, {"pm/2026-01-a.md": DOC.format(id="A").replace("alert", "REWRITTEN")}, "rewrite")
    git(remote, "branch", "-q", "-M", "rewritten", "main")
    after = reader.read()
    assert ids(after) == ["A", "B"] and after[0] is before[0]
    [problem] = [d for d in after if d.postmortem is None]
    assert problem.findings[0].rule == "source-history-rewritten"
    assert "was force-pushed" in problem.findings[0].message

    # removing the clone accepts the new history
    shutil.rmtree(tmp_path / "state" / "sources" / "repo")
    fresh = SourceReader(source(tmp_path, remote)).read()
    assert "REWRITTEN" in fresh[0].postmortem.items[0].text


def test_a_new_commit_many_commits_ahead_is_not_a_force_push(tmp_path, remote):
    reader = SourceReader(source(tmp_path, remote))
    reader.read()
    for n in range(5):
        commit(remote, {f"pm/n{n}.md": DOC.format(id=f"N{n}")})
    documents = reader.read()
    assert ids(documents) == ["A", "B", "N0", "N1", "N2", "N3", "N4"]
    assert all(d.postmortem for d in documents)


def test_an_unreachable_remote_holds_the_documents(tmp_path, remote):
    catalog = tmp_path / "state" / "sources" / "repo" / "listing.json"
    SourceReader(source(tmp_path, remote), catalog=catalog).read()
    remote.rename(tmp_path / "moved")
    documents = SourceReader(source(tmp_path, remote), catalog=catalog).read()  # after a restart too
    assert [d.path for d in documents] == ["source repo", "repo:pm/2026-01-a.md", "repo:pm/2026-02-b.md"]
    assert all(d.postmortem is None for d in documents)
    [finding] = documents[0].findings
    assert finding.rule == "source-unavailable" and "git fetch" in finding.message


class _AsksForPassword(BaseHTTPRequestHandler):
    seen: ClassVar[list[str | None]] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.headers.get("Authorization"))
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="git"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def password_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AsksForPassword)
    _AsksForPassword.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sre/postmortems.git"
    server.shutdown()
    server.server_close()


def test_a_remote_asking_for_a_password_fails_at_once_instead_of_waiting(tmp_path, password_server):
    config = GitSource(name="repo", kind="git", remote=password_server, timeout=timedelta(seconds=60))
    src = GitRepoSource(config, tmp_path / "repo", credential_reader({}))
    with pytest.raises(SourceUnavailable) as caught:
        src.listing(None)
    assert "terminal prompts disabled" in str(caught.value)


def test_an_https_token_goes_in_a_header_not_the_url(tmp_path, password_server):
    config = GitSource(name="repo", kind="git", remote=password_server, credential="pm_token",
                       username="oauth2", timeout=timedelta(seconds=60))
    secret = credential_reader({"PMSYNC_CREDENTIAL_PM_TOKEN": "s3cret"})
    with pytest.raises(SourceUnavailable) as caught:
        GitRepoSource(config, tmp_path / "repo", secret).listing(None)
    assert _AsksForPassword.seen[0] == "Basic " + base64.b64encode(b"oauth2:s3cret").decode()
    assert "s3cret" not in str(caught.value)


def test_a_deploy_key_from_the_environment_is_written_private(tmp_path):
    config = GitSource(name="repo", kind="git", remote="git@git.example.com:sre/pm.git", credential="pm_key")
    secret = credential_reader({"PMSYNC_CREDENTIAL_PM_KEY": "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n"})
    src = GitRepoSource(config, tmp_path / "repo", secret)
    env = src._env()
    key = tmp_path / "repo" / "deploy_key"
    assert f"-i '{key}'" in env["GIT_SSH_COMMAND"] and "BatchMode=yes" in env["GIT_SSH_COMMAND"]
    assert oct(key.stat().st_mode & 0o777) == "0o600"

