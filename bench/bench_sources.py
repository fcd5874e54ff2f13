"""What reading postmortems costs per cycle, by source (Confluence, Google Docs, a Markdown folder).

Each source is read through pmsync's own reader (`adapters.sources.reader.SourceReader`, as the
daemon keeps it) against the local fakes in tests/fakes/ on 127.0.0.1 with the real clients
(requests for Confluence, google-api-python-client for Drive). Phases: the first cycle, an idle
cycle 5 minutes later, an idle cycle of a fresh process (`pmsync sync` from cron: the listing and
page texts come from the state directory), a cycle after 1% of the documents changed, and
the daily full listing. Targets (MET/MISSED): an idle cycle fetches no document and costs at
most two listing requests (Confluence: one search; the Drive listing is one request per folder
page); a changed cycle fetches only what changed.

    .venv/bin/python bench/bench_sources.py [--pages 500] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.sources import folder as folder_module
from adapters.sources.confluence import ConfluencePages
from adapters.sources.factory import credential_reader
from adapters.sources.folder import FolderSource
from adapters.sources.gdocs import DriveFolder
from adapters.sources.reader import SourceReader
from syncer.source_settings import ConfluenceSource, GDocsSource
from tests.fakes.confluence_server import FakeConfluence, Page
from tests.fakes.drive_server import FOLDER, DriveFile, FakeDrive

PAGE = (
    "<h2>Follow-up tasks</h2><ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete"
    '</ac:task-status><ac:task-body>Add alert {n} <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21a" />'
    '</ac:link> <time datetime="2026-08-01" /></ac:task-body></ac:task></ac:task-list>'
)
MARKDOWN = "---\nid: PM-{n}\n---\n# PM {n}\n\n## Action Items\n\n- Add alert {n}. Owner: @alice. Due: 2026-08-01.\n"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def confluence(pages: int, mode: str, state: Path) -> list[dict[str, object]]:
    clock = Clock()
    fake = FakeConfluence(mode=mode, clock=clock)
    fake.start()
    try:
        clock.now -= timedelta(days=30)
        for n in range(pages):
            fake.add(Page(str(1000 + n), f"PM {n}", "SRE", PAGE.format(n=n), {"postmortem"}))
        clock.now += timedelta(days=30)
        config = ConfluenceSource(
            name="wiki", kind="confluence", url=fake.url, deployment="cloud" if mode == "cloud" else "datacenter",
            email=fake.email if mode == "cloud" else None, cql="space = SRE and label = postmortem", page_size=100,
        )
        secret = credential_reader({"PMSYNC_CREDENTIAL_CONFLUENCE_TOKEN": fake.token})

        def fresh() -> SourceReader:
            source = ConfluencePages(config, state / mode, secret, clock)
            return SourceReader(source, catalog=state / mode / "listing.json")

        def change() -> None:
            for n in range(0, pages, 100):
                fake.edit(str(1000 + n), PAGE.format(n=f"{n} edited"))

        return run_phases(fresh, clock, change, lambda: (fake.calls("search"), fake.calls("page")), fake.requests.clear,
                          pages)
    finally:
        fake.stop()


def drive(pages: int, state: Path) -> list[dict[str, object]]:
    clock = Clock()
    fake = FakeDrive()
    fake.start()
    try:
        fake.add(DriveFile("root", "Postmortems", "top", mime_type=FOLDER))
        for n in range(pages):
            fake.add(DriveFile(f"doc-{n}", f"PM {n}", "root", markdown=MARKDOWN.format(n=n)))
        config = GDocsSource(name="drive", kind="gdocs", folder="root", api_url=fake.api_url)
        secret = credential_reader({"PMSYNC_CREDENTIAL_GDOCS_SERVICE_ACCOUNT": fake.service_account_key()})

        def fresh() -> SourceReader:
            return SourceReader(DriveFolder(config, state / "drive", secret), catalog=state / "drive" / "listing.json")

        def change() -> None:
            for n in range(0, pages, 100):
                fake.files[f"doc-{n}"].markdown += "\n"
                fake.files[f"doc-{n}"].modified = clock.now.isoformat()

        return run_phases(fresh, clock, change, lambda: (fake.count("list"), fake.count("export")), fake.requests.clear,
                          pages)
    finally:
        fake.stop()


def markdown_folder(pages: int, state: Path) -> list[dict[str, object]]:
    clock = Clock()
    docs = state / "folder"
    docs.mkdir()
    for n in range(pages):
        (docs / f"pm-{n}.md").write_text(MARKDOWN.format(n=n))
    parsed = [0]
    real = folder_module.read_files

    def counting(files, **kw):  # type: ignore[no-untyped-def]
        parsed[0] += len(files)
        return real(files, **kw)

    folder_module.read_files = counting
    try:
        def change() -> None:
            for n in range(0, pages, 100):
                (docs / f"pm-{n}.md").write_text(MARKDOWN.format(n=f"{n} edited"))

        return run_phases(lambda: SourceReader(FolderSource("folder", [docs])), clock, change,
                          lambda: (0, parsed[0]), lambda: parsed.__setitem__(0, 0), pages, kept=False)
    finally:
        folder_module.read_files = real


def run_phases(
    fresh: Callable[[], SourceReader], clock: Clock, change: Callable[[], None],
    counts: Callable[[], tuple[int, int]], reset: Callable[[], None], pages: int, *, kept: bool = True,
) -> list[dict[str, object]]:
    """`kept`: the source keeps its texts in the state directory (remote sources); a local
    folder is read again by a new process, which is the cheap way for files on disk."""
    rows: list[dict[str, object]] = []
    reader = fresh()

    def phase(name: str, read: SourceReader, expect_fetch: int | None, max_listing: int | None) -> None:
        reset()
        documents = read.read()
        listing, fetched = counts()
        met = (expect_fetch is None or fetched == expect_fetch) and (max_listing is None or listing <= max_listing)
        rows.append({"phase": name, "documents": len(documents), "listing requests": listing,
                     "fetched": fetched, "target": "-" if expect_fetch is None else ("MET" if met else "MISSED")})

    phase("first cycle", reader, None, None)
    clock.now += timedelta(minutes=5)
    phase("idle +5 m", reader, 0, 2)
    clock.now += timedelta(minutes=5)
    phase("one-shot idle (fresh process)", fresh(), 0 if kept else None, 2)
    clock.now += timedelta(minutes=5)
    change()
    phase("1% changed", reader, len(range(0, pages, 100)), None)
    clock.now += timedelta(days=1)
    phase("daily full listing", reader, 0, None)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, list[dict[str, object]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        state = Path(scratch)
        results["confluence cloud"] = confluence(args.pages, "cloud", state)
        results["confluence datacenter"] = confluence(args.pages, "datacenter", state)
        results["google docs"] = drive(args.pages, state)
        results["markdown folder (parsed = fetched)"] = markdown_folder(args.pages, state)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for source, rows in results.items():
        print(f"\n{source}, {args.pages} documents")
        print(f"  {'phase':32} {'documents':>9} {'listing':>8} {'fetched':>8}  target")
        for row in rows:
            print(f"  {row['phase']:32} {row['documents']:>9} {row['listing requests']:>8} {row['fetched']:>8}  {row['target']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
