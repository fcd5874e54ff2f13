"""A folder of Markdown postmortems as a source: listed by walking the configured paths,
versioned by each file's status (modification time, size, inode), so a file that did not
change is neither read nor parsed again."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from adapters.sources.base import Entry, Listing, SourceUnavailable
from adapters.sources.markdown import plan_paths, read_files
from syncer.exclude import DEFAULT_EXCLUDE
from syncer.model import Document


def _version(path: Path) -> str:
    try:
        st = os.stat(path)
    except OSError as error:
        return f"unreadable:{error.errno}"  # read again, and reported by the reader, once it changes
    return f"{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_size}:{st.st_ino}:{st.st_mode}"


class FolderSource:
    def __init__(self, name: str, paths: Sequence[Path], *, doc_url: str | None = None,
                 exclude: Sequence[str] = DEFAULT_EXCLUDE) -> None:
        self.name = name
        self.paths = list(paths)
        self.doc_url = doc_url
        self.exclude = tuple(exclude)
        self._roots: dict[str, Path | None] = {}

    def listing(self, previous: Listing | None) -> Listing:
        self._check_mounted(previous)
        entries: list[Entry] = []
        problems: list[Document] = []
        self._roots = {}
        for job in plan_paths(self.paths, self.exclude):
            if isinstance(job, Document):
                problems.append(job)
                continue
            path, root = job
            shown = str(path)
            self._roots[shown] = root
            entries.append(Entry(shown, _version(path), shown))
        return Listing(entries, problems)

    def _check_mounted(self, previous: Listing | None) -> None:
        """A configured directory that held postmortems and is gone now (an unmounted share, a
        checkout being replaced) is the source being unreachable, not every file deleted."""
        known = [e.key for e in previous.entries] if previous else []
        for path in self.paths:
            if path.exists():
                continue
            prefix = f"{path}{os.sep}"
            if any(key.startswith(prefix) for key in known):
                raise SourceUnavailable(f"{path}: no such directory any more (unmounted?)")

    def read(self, entries: Sequence[Entry]) -> list[Document]:
        files = [(Path(e.key), self._roots.get(e.key)) for e in entries]
        return read_files(files, doc_url_template=self.doc_url)
