"""One reader per configured source (used by the composition root, syncer.app).

Remote sources keep their clone, saved listing and page texts under
`<state directory>/sources/<name>/`; their secrets come from systemd credentials
(`$CREDENTIALS_DIRECTORY/<credential>`) or, for trying things out, the environment
variable `PMSYNC_CREDENTIAL_<CREDENTIAL>` (upper case, other characters as `_`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from adapters.sources.base import Source, SourceUnavailable
from adapters.sources.folder import FolderSource
from adapters.sources.reader import SourceReader
from syncer.credentials import credential_file
from syncer.engine import Log
from syncer.source_settings import (
    ConfluenceSource,
    GDocsSource,
    GitSource,
    MarkdownSource,
    SourceConfig,
)


def credential_env(name: str) -> str:
    return "PMSYNC_CREDENTIAL_" + re.sub(r"[^A-Z0-9]", "_", name.upper())


def credential_reader(environ: Mapping[str, str]) -> Callable[[str], str]:
    """A function returning a credential's text; SourceUnavailable names where it was looked for."""

    def read(name: str) -> str:
        file = credential_file(name, environ)
        if file is not None:
            try:
                return file.read_text(encoding="utf-8").rstrip("\r\n")
            except (OSError, UnicodeDecodeError) as exc:
                raise SourceUnavailable(f"cannot read credential {name!r}: {exc}") from None
        value = environ.get(credential_env(name), "")
        if value:
            return value
        raise SourceUnavailable(
            f"credential {name!r} not found (/etc/pmsync/credentials/{name} under the shipped unit, or ${credential_env(name)})"
        )

    return read


def build_source(
    config: SourceConfig,
    state_dir: Path,
    *,
    environ: Mapping[str, str],
    clock: Callable[[], datetime],
    people: Mapping[str, str] | None = None,
) -> Source:
    own = state_dir / config.name
    secret = credential_reader(environ)
    if isinstance(config, MarkdownSource):
        return FolderSource(config.name, config.paths, doc_url=config.doc_url, exclude=config.exclude)
    if isinstance(config, GitSource):
        from adapters.sources.git import GitRepoSource

        return GitRepoSource(config, own, secret)
    if isinstance(config, ConfluenceSource):
        from adapters.sources.confluence import ConfluencePages

        return ConfluencePages(config, own, secret, clock, people=people)
    if isinstance(config, GDocsSource):
        from adapters.sources.gdocs import DriveFolder

        return DriveFolder(config, own, secret)
    raise TypeError(f"unknown source kind {config!r}")


def build_readers(
    configs: list[SourceConfig],
    state_dir: Path,
    *,
    environ: Mapping[str, str],
    clock: Callable[[], datetime],
    people: Mapping[str, str] | None = None,
    log: Log | None = None,
    sections: bool = False,
) -> list[SourceReader]:
    """`people`: account ids and usernames on the document platforms -> people's handles;
    `sections`: keep the documents' section texts (the linter reads them, a sync does not)."""
    readers = []
    for config in configs:
        source = build_source(config, state_dir, environ=environ, clock=clock, people=people)
        # the listing is kept across restarts, so a source found unreachable after one still
        # knows which documents to hold
        catalog = state_dir / config.name / "listing.json"
        readers.append(SourceReader(source, team=config.team, catalog=catalog, log=log, sections=sections))
    return readers


def probe(
    config: SourceConfig,
    *,
    environ: Mapping[str, str],
    clock: Callable[[], datetime],
) -> str | None:
    """Why a source cannot be listed now (credentials, network, query), or None. Lists it once
    into a scratch directory: no page is fetched and pmsync's own state is left alone."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pmsync-check-") as scratch:
        source = build_source(config, Path(scratch), environ=environ, clock=clock)
        try:
            source.listing(None)
        except SourceUnavailable as exc:
            return str(exc)
    return None
