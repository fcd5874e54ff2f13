"""A git repository as a source: a bare, shallow clone in pmsync's state directory, fetched
each cycle, read blob by blob (there is no working tree: nothing is checked out, so a
symlink is never followed and no file is ever edited).

A blob's id is its version, so only changed files are read again. A fetch that fails (the
remote is unreachable, asks for a password, refuses the key) or that finds the branch
force-pushed changes nothing: the documents of the last good commit are held (a failed
fetch) or still read (a rewritten history, until an operator removes the clone to accept
it), and the problem is reported once per cycle.
"""

from __future__ import annotations

import base64
import os
import posixpath
import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from adapters.sources.base import Entry, Listing, SourceUnavailable, failed
from adapters.sources.markdown import document_from_bytes
from syncer.credentials import credential_file
from syncer.model import Document, Finding
from syncer.private_dirs import private_directory
from syncer.source_settings import GitSource

CURRENT = "refs/pmsync/current"  # the commit pmsync reads
INCOMING = "refs/pmsync/incoming"  # what the last fetch brought
_DEEPEN = 1000  # commits fetched to connect a new tip to the current one before calling it a rewrite
_SSH = re.compile(r"^(ssh://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)")
_URL_SECRET = re.compile(r"(://)[^/@\s]+@")


def _mask(text: str) -> str:
    """Git messages may echo a remote URL with a user:password in it."""
    return _URL_SECRET.sub(r"\1***@", text)


class GitRepoSource:
    def __init__(self, config: GitSource, directory: Path, secret: Callable[[str], str]) -> None:
        self.name = config.name
        self.config = config
        self.repo = directory / "repo.git"
        self.directory = directory
        self.secret = secret
        self.subpath = config.subpath.strip("/")
        self._commit: str | None = None

    # -- running git ----------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.directory),  # no user's ~/.gitconfig, credential store or ssh config
            "LC_ALL": "C",
            "GIT_TERMINAL_PROMPT": "0",  # a remote asking for a password fails at once, never hangs
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
        }
        known_hosts = self.directory / "known_hosts"
        ssh = (
            "ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new "
            f"-o UserKnownHostsFile='{known_hosts}' -o ConnectTimeout=30"
        )
        credential = self.config.credential
        if credential and _SSH.match(self.config.remote):
            key = self._key_file(credential)
            ssh += f" -o IdentitiesOnly=yes -i '{key}'"
        elif credential:  # an HTTPS token, sent as a header so it is in no URL, argv or log
            pair = f"{self.config.username}:{self.secret(credential)}".encode()
            env.update(
                GIT_CONFIG_COUNT="1",
                GIT_CONFIG_KEY_0="http.extraHeader",
                GIT_CONFIG_VALUE_0=f"Authorization: Basic {base64.b64encode(pair).decode()}",
            )
        env["GIT_SSH_COMMAND"] = ssh
        return env

    def _key_file(self, credential: str) -> Path:
        """The deploy key's file: the credential file itself when systemd provides one."""
        file = credential_file(credential, os.environ)
        if file is not None and file.is_file():
            return file
        key = self.directory / "deploy_key"  # from the environment: ssh needs a file, 0600
        private_directory(self.directory)
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(self.secret(credential).strip() + "\n")
        return key

    def _run(self, argv: list[str], *, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                argv,
                input=input,
                stdin=None if input is not None else subprocess.DEVNULL,
                capture_output=True,
                env=self._env(),
                timeout=self.config.timeout.total_seconds(),
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise SourceUnavailable(
                f"git {argv[3] if len(argv) > 3 else argv[1]}: no answer from {_mask(self.config.remote)} "
                f"within {self.config.timeout.total_seconds():g}s"
            ) from None
        except OSError as exc:
            raise SourceUnavailable(f"cannot run git: {exc.strerror or exc}") from None

    def _git(self, *args: str, input: bytes | None = None) -> bytes:
        done = self._run(["git", f"--git-dir={self.repo}", *args], input=input)
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            message = _mask(lines[-1]) if lines else f"exit status {done.returncode}"
            raise SourceUnavailable(f"git {args[0]} {_mask(self.config.remote)}: {message}")
        return done.stdout

    def _ok(self, *args: str) -> bool:
        return self._run(["git", f"--git-dir={self.repo}", *args]).returncode == 0

    def _rev(self, ref: str) -> str | None:
        done = self._run(["git", f"--git-dir={self.repo}", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"])
        return done.stdout.decode().strip() or None if done.returncode == 0 else None

    # -- the port ---------------------------------------------------------------------------

    def listing(self, previous: Listing | None) -> Listing:
        self._fetch()
        problems: list[Document] = []
        new, current = self._rev(INCOMING), self._rev(CURRENT)
        if new is None:
            raise SourceUnavailable(f"branch {self.config.branch!r} not found on {_mask(self.config.remote)}")
        if current and current != new and not self._descends(current, new):
            where = f"source {self.name}"
            message = (
                f"branch {self.config.branch!r} was force-pushed ({current[:12]} is not an ancestor of "
                f"{new[:12]}); pmsync keeps reading {current[:12]}. To accept the new history, "
                f"remove {self.directory}"
            )
            problems.append(Document(where, None, (Finding("source-history-rewritten", "error", message, where),)))
            new = current
        elif current != new:
            self._git("update-ref", CURRENT, new)
        self._commit = new
        entries, skipped = self._tree(new)
        return Listing(entries, [*problems, *skipped])

    def read(self, entries: Sequence[Entry]) -> list[Document]:
        if not entries:
            return []
        blobs = self._blobs([e.version for e in entries])
        documents = []
        for entry in entries:
            data = blobs.get(entry.version)
            if data is None:
                documents.append(failed(entry.path, "file-unreadable", "the blob is missing from the clone"))
                continue
            document = document_from_bytes(data, entry.path)
            pm = document.postmortem
            if pm is not None and self.config.doc_url:
                document = replace(document, postmortem=replace(pm, doc_url=self._url(entry.key, pm.id)))
            documents.append(document)
        return documents

    # -- internals --------------------------------------------------------------------------

    def _fetch(self, *depth: str) -> None:
        if not (self.repo / "HEAD").is_file():
            private_directory(self.directory)
            self._run(["git", "init", "--quiet", "--bare", str(self.repo)])
        refspec = f"+refs/heads/{self.config.branch}:{INCOMING}"
        depth = depth or (f"--depth={self.config.depth}",)
        self._git("fetch", "--quiet", "--no-tags", "--no-write-fetch-head", *depth, self.config.remote, refspec)

    def _descends(self, old: str, new: str) -> bool:
        if self._ok("merge-base", "--is-ancestor", old, new):
            return True
        # a shallow clone may miss the commits in between: fetch more history once
        self._fetch(f"--deepen={_DEEPEN}")
        return self._ok("merge-base", "--is-ancestor", old, new)

    def _tree(self, commit: str) -> tuple[list[Entry], list[Document]]:
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if self.subpath:
            args += ["--", self.subpath]
        entries: list[Entry] = []
        problems: list[Document] = []
        for record in self._git(*args).split(b"\0"):
            if not record:
                continue
            meta, _, raw = record.partition(b"\t")
            mode, kind, sha = meta.decode().split()
            path = raw.decode("utf-8", "replace")
            if not path.endswith(".md") or any(p.startswith(".") for p in path.split("/")[:-1]):
                continue
            shown = self._shown(path)
            if mode == "120000":
                problems.extend(self._symlink(path, sha, shown))
            elif kind == "blob":
                entries.append(Entry(path, sha, shown))
        return entries, problems

    def _symlink(self, path: str, sha: str, shown: str) -> list[Document]:
        """A symlink is never followed: one that leaves the repository is a finding; one inside
        it names a file that is read on its own."""
        target = self._blobs([sha]).get(sha, b"").decode("utf-8", "replace")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        if target.startswith("/") or resolved == ".." or resolved.startswith("../"):
            message = f"a symlink to {target!r}, outside the repository: not read"
            return [failed(shown, "symlink-escapes", message)]
        return []

    def _blobs(self, shas: Sequence[str]) -> dict[str, bytes]:
        """Blob contents by id through one `git cat-file --batch`."""
        wanted = list(dict.fromkeys(shas))
        out = self._git("cat-file", "--batch", input="".join(f"{s}\n" for s in wanted).encode())
        blobs: dict[str, bytes] = {}
        at = 0
        for sha in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) < 3 or header[1] == b"missing":
                continue
            size = int(header[2])
            blobs[sha] = out[at : at + size]
            at += size + 1
        return blobs

    def _shown(self, path: str) -> str:
        return f"{self.name}:{path}"

    def _url(self, path: str, postmortem_id: str) -> str:
        """The document's web view (`doc_url`): {path} is the path in the repository."""
        template = self.config.doc_url or ""
        return template.replace("{path}", path).replace("{branch}", self.config.branch).replace("{id}", postmortem_id)
