"""The source port: where postmortem documents come from (a folder, a git remote, Confluence,
Google Docs).

A source lists its documents cheaply (a stable key, a version, and what people see as the
document's place: a file path or a page URL) and reads the ones asked for. Reading turns
whatever the vendor serves into Markdown text for the one parser (syncer.parse); the core
never sees a vendor payload. A problem with one document is a finding on that document; a
source that cannot be listed at all raises SourceUnavailable.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import yaml

from adapters.trackers.base import (
    AuthError,
    NotFound,
    PermissionDenied,
    RateLimited,
    TrackerError,
    Unavailable,
)
from syncer.model import Document, Finding
from syncer.parse import parse_document
from syncer.private_dirs import private_directory


@dataclass(frozen=True, slots=True)
class Entry:
    """One listed document."""

    key: str  # stable within the source: a file path, a page id, a Drive file id
    version: str  # changes whenever the content does: stat, blob id, page version, modifiedTime
    path: str  # what people see: the file path or the page's URL


@dataclass
class Listing:
    entries: list[Entry]
    # documents that stand for a problem found while listing (an unreadable directory, a symlink)
    problems: list[Document] = field(default_factory=list)
    # what the source keeps from one listing to the next (cursors, the last full listing)
    memo: dict[str, Any] = field(default_factory=dict)


class SourceUnavailable(Exception):
    """The source as a whole cannot be read now (network, credentials, remote gone)."""


class Source(Protocol):
    name: str

    def listing(self, previous: Listing | None) -> Listing:
        """Every document the source holds now. Raises SourceUnavailable."""
        ...

    def read(self, entries: Sequence[Entry]) -> list[Document]:
        """One Document per entry, in order. Never raises for a single document's problem;
        raises SourceUnavailable when the source went away meanwhile."""
        ...


def read_error(status: int, message: str, where: str, retry_after: float | None = None) -> TrackerError:
    """The error an HTTP answer to a read means (the trackers' error types: one retry policy)."""
    if status == 401:
        return AuthError(f"credentials rejected: {message}", target=where, status=status)
    if status == 429:
        return RateLimited(message, target=where, status=status, retry_after=retry_after)
    if status == 403:
        return PermissionDenied(message, target=where, status=status)
    if status in (404, 410):
        return NotFound(message, target=where, status=status)
    if status >= 500:
        return Unavailable(message, target=where, status=status, retry_after=retry_after)
    return TrackerError(message, target=where, status=status)


def failed(path: str, rule: str, message: str) -> Document:
    """A document that could not be read: its items are held as they were."""
    return Document(path, None, (Finding(rule, "error", message, path, None),))


def front_matter(values: Mapping[str, Any]) -> str:
    """YAML front matter for generated Markdown; values are data, quoted by the YAML dumper."""
    kept = {k: v for k, v in values.items() if v not in (None, "", [], ())}
    if not kept:
        return ""
    return "---\n" + yaml.safe_dump(kept, allow_unicode=True, sort_keys=False) + "---\n\n"


def remote_document(
    text: str, path: str, *, doc_url: str | None, findings: Sequence[Finding] = ()
) -> Document:
    """Parse Markdown made from a page: findings point at the page (no lines exist there)."""
    document = parse_document(text, path, doc_url=doc_url)
    own = [replace(f, path=path, line=None) for f in (*findings, *document.findings)]
    return Document(path, document.postmortem, tuple(own), lines=False)


class TextCache:
    """The Markdown made from remote documents, kept in the state directory by key and version,
    so a restart does not fetch an unchanged page again."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def _file(self, key: str, version: str) -> Path | None:
        if self.directory is None:
            return None
        digest = hashlib.sha256(f"{key}\0{version}".encode()).hexdigest()
        return self.directory / f"{digest}.md"

    def get(self, key: str, version: str) -> str | None:
        file = self._file(key, version)
        try:
            return file.read_text(encoding="utf-8") if file else None
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, version: str, text: str) -> None:
        file = self._file(key, version)
        if file is None:
            return
        try:
            private_directory(file.parent)
            temporary = file.with_suffix(".tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, file)
        except OSError:
            pass  # a cache that cannot be written costs a fetch next time, nothing else

    def keep_only(self, live: Sequence[Entry]) -> None:
        """Forget texts of versions no longer listed."""
        if self.directory is None or not self.directory.is_dir():
            return
        wanted = {self._file(e.key, e.version) for e in live}
        for file in self.directory.glob("*.md"):
            if file not in wanted:
                file.unlink(missing_ok=True)
