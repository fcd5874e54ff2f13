"""Reading every configured source incrementally, with one rule for a source that is down.

Per source: list, read only the entries whose version changed since the last cycle (the
parsed Documents of the others are kept), and apply the source's routing defaults. A sync
keeps its documents without their section texts: only the linter reads those, and they would
hold every document's whole text in memory. The
listing is saved in the state directory, so after a restart an unreachable source still
knows its documents and holds their items and flags exactly as an unreadable file does;
the outage is one finding per cycle.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from adapters.sources.base import Entry, Listing, Source, SourceUnavailable
from syncer.engine import Log
from syncer.model import Document, Finding
from syncer.private_dirs import private_directory


class SourceReader:
    """One source, read incrementally."""

    def __init__(
        self, source: Source, *, team: str | None = None, catalog: Path | None = None,
        log: Log | None = None, sections: bool = False,
    ) -> None:  # fmt: skip
        self.source = source
        self.team = team
        self.catalog = catalog
        self.log = log or (lambda event, **kw: None)
        self.sections = sections  # keep the section texts (for the linter)
        self._listing: Listing | None = self._load()
        self._documents: dict[str, tuple[str, Document]] = {}  # key -> (version, document)

    @property
    def name(self) -> str:
        return self.source.name

    def read(self) -> list[Document]:
        try:
            listing = self.source.listing(self._listing)
            changed = [e for e in listing.entries if self._version(e.key) != e.version]
            fresh = self.source.read(changed) if changed else []
        except SourceUnavailable as exc:
            return self._held(str(exc))
        for entry, document in zip(changed, fresh, strict=True):
            owned = self._own(document)
            self._documents[entry.key] = (entry.version, owned if self.sections else _without_sections(owned))
        listed = {e.key for e in listing.entries}
        for key in [k for k in self._documents if k not in listed]:
            del self._documents[key]
        unchanged = self._listing is not None and (self._listing.entries, self._listing.memo) == (
            listing.entries, listing.memo,
        )
        self._listing = listing
        if not unchanged:  # an idle cycle writes nothing
            self._save(listing)
        self.log("source_read", source=self.name, documents=len(listing.entries), fetched=len(changed))
        return [*(self._documents[e.key][1] for e in listing.entries), *listing.problems]

    def _version(self, key: str) -> str | None:
        known = self._documents.get(key)
        return known[0] if known else None

    def _own(self, document: Document) -> Document:
        """The source's name on the postmortem, and its team where the document names none."""
        pm = document.postmortem
        if pm is None:
            return document
        team = pm.team if pm.team and pm.team.strip() else self.team
        return replace(document, postmortem=replace(pm, source=self.name, team=team))

    def _held(self, reason: str) -> list[Document]:
        """Every known document unread (its items and flags held) and one finding for the source."""
        self.log("source_unavailable", source=self.name, error=reason)
        known = self._listing.entries if self._listing else []
        where = f"source {self.name}"
        finding = Finding("source-unavailable", "error", f"{reason}; its documents are held as they were", where)
        return [Document(where, None, (finding,)), *(Document(e.path, None) for e in known)]

    # -- the saved listing ------------------------------------------------------------------

    def _load(self) -> Listing | None:
        if self.catalog is None:
            return None
        try:
            data = json.loads(self.catalog.read_text(encoding="utf-8"))
            entries = [Entry(str(k), str(v), str(p)) for k, v, p in data["entries"]]
            return Listing(entries, memo=dict(data.get("memo", {})))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # none yet, or unusable: the next listing starts afresh

    def _save(self, listing: Listing) -> None:
        if self.catalog is None:
            return
        data = {"entries": [[e.key, e.version, e.path] for e in listing.entries], "memo": listing.memo}
        try:
            private_directory(self.catalog.parent)
            temporary = self.catalog.with_suffix(".tmp")
            temporary.write_text(json.dumps(data), encoding="utf-8")
            os.replace(temporary, self.catalog)
        except OSError as exc:
            self.log("source_catalog_unwritable", source=self.name, error=str(exc))


def _without_sections(document: Document) -> Document:
    pm = document.postmortem
    return document if pm is None or not pm.sections else replace(document, postmortem=replace(pm, sections=()))


def read_all(readers: Sequence[SourceReader]) -> list[Document]:
    """Every source's documents, one source after the other (one down never stops the rest)."""
    return [document for reader in readers for document in reader.read()]
