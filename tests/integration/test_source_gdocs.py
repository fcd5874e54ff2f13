"""The Google Docs source with the real google-api-python-client and google-auth against the
fake Drive API: a service account key, sub-folders, shared drives, paging, Markdown export,
modifiedTime as the version, rate limits and documents Drive will not export."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from adapters.sources.confluence import ConfluencePages
from adapters.sources.factory import credential_reader
from adapters.sources.folder import FolderSource
from adapters.sources.gdocs import DriveFolder
from adapters.sources.reader import SourceReader
from syncer.source_settings import ConfluenceSource, GDocsSource
from tests.fakes.confluence_server import FakeConfluence, Page
from tests.fakes.drive_server import FOLDER, DriveFile, FakeDrive, error

MARKDOWN = """# Search outage 2026-11-20

**Severity:** SEV2
**Team:** platform

## Action Items

| Action | Owner | Due | Priority |
|---|---|---|---|
| Add a disk usage alert at 80% on the search nodes | @erin | 2026-12-04 | P1 |
| Document the index rebuild procedure in the runbook | @dave | 2026-12-18 | P2 |
"""


@pytest.fixture
def drive():
    fake = FakeDrive()
    fake.start()
    yield fake
    fake.stop()


def make_source(drive: FakeDrive, tmp_path: Path, **kw) -> tuple[DriveFolder, list[float]]:
    config = GDocsSource(name="drive", kind="gdocs", folder="root-folder", api_url=drive.api_url, **kw)
    secret = credential_reader({"PMSYNC_CREDENTIAL_GDOCS_SERVICE_ACCOUNT": drive.service_account_key()})
    sleeps: list[float] = []
    return DriveFolder(config, tmp_path / "drive", secret, sleep=sleeps.append), sleeps


def tree(drive: FakeDrive) -> None:
    drive.add(DriveFile("root-folder", "Postmortems", "top", mime_type=FOLDER))
    drive.add(DriveFile("doc-a", "2026-11-20 Search outage", "root-folder", markdown=MARKDOWN))
    drive.add(DriveFile("sub", "2025", "root-folder", mime_type=FOLDER))
    drive.add(DriveFile("doc-c", "2025-03-02 Old outage", "sub", markdown=MARKDOWN.replace("80%", "85%")))
    drive.add(DriveFile("sheet", "Budget", "root-folder", mime_type="application/vnd.google-apps.spreadsheet"))


def test_reads_docs_under_the_folder_and_exports_only_what_changed(drive, tmp_path):
    tree(drive)
    source, _ = make_source(drive, tmp_path, page_size=1)
    reader = SourceReader(source, catalog=tmp_path / "drive" / "listing.json")
    documents = reader.read()
    assert [d.path for d in documents] == [
        "https://docs.google.com/document/d/doc-a/edit", "https://docs.google.com/document/d/doc-c/edit",
    ]
    pm = documents[0].postmortem
    assert (pm.id, pm.title, pm.severity, pm.team, pm.doc_url) == (
        "gdoc-doc-a", "2026-11-20 Search outage", "SEV2", "platform", documents[0].path,
    )
    assert [(i.owner, i.due, i.priority) for i in pm.items] == [("erin", date(2026, 12, 4), "P1"), ("dave", date(2026, 12, 18), "P2")]
    assert drive.count("export") == 2 and drive.count("list") > 2  # paged, one document a page

    drive.requests.clear()
    assert [d.postmortem.id for d in reader.read()] == ["gdoc-doc-a", "gdoc-doc-c"]
    assert drive.count("export") == 0

    drive.files["doc-c"].markdown += "| Rotate the search TLS certificates | @erin | 2027-01-08 | P3 |\n"
    drive.files["doc-c"].modified = "2026-11-21T08:00:00.000Z"
    drive.requests.clear()
    source, _ = make_source(drive, tmp_path, page_size=1)  # after a restart too
    documents = SourceReader(source, catalog=tmp_path / "drive" / "listing.json").read()
    assert drive.count("export") == 1 and len(documents[1].postmortem.items) == 3


def test_shared_drive_documents_are_listed_with_the_drive(drive, tmp_path):
    tree(drive)
    drive.add(DriveFile("doc-s", "2026-10-01 Shared", "root-folder", markdown=MARKDOWN, drive="0AbCsre"))
    plain, _ = make_source(drive, tmp_path / "plain")
    assert "gdoc-doc-s" not in [d.postmortem.id for d in SourceReader(plain).read()]
    shared, _ = make_source(drive, tmp_path / "shared", shared_drive="0AbCsre")
    assert "gdoc-doc-s" in [d.postmortem.id for d in SourceReader(shared).read()]


def test_unexportable_documents_and_rate_limits(drive, tmp_path):
    tree(drive)
    drive.files["doc-a"].refuse = "exportSizeLimitExceeded"
    drive.add(DriveFile("doc-b", "2026-11-22 Private", "root-folder", markdown=MARKDOWN, refuse="insufficientFilePermissions"))
    drive.fail_next(error(403, "userRateLimitExceeded", "User Rate Limit Exceeded"), error(429, "rateLimitExceeded", "Too many requests"))
    source, sleeps = make_source(drive, tmp_path)
    documents = {d.path.split("/")[-2]: d for d in SourceReader(source).read()}
    assert len(sleeps) == 2  # both rate limits waited out, then answered
    assert documents["doc-a"].postmortem is None
    assert [f.rule for f in documents["doc-a"].findings] == ["document-unexportable"]
    assert "exportSizeLimitExceeded" in documents["doc-a"].findings[0].message
    assert [f.rule for f in documents["doc-b"].findings] == ["document-unexportable"]
    assert documents["doc-c"].postmortem is not None


def test_a_folder_drive_refuses_holds_the_source(drive, tmp_path):
    source, _ = make_source(drive, tmp_path)  # the folder does not exist (or is not shared)
    documents = SourceReader(source).read()
    assert [d.path for d in documents] == ["source drive"]
    assert "File not found" in documents[0].findings[0].message


def test_a_key_that_is_not_a_service_account_key_holds_the_source(drive, tmp_path):
    config = GDocsSource(name="drive", kind="gdocs", folder="root-folder", api_url=drive.api_url)
    source = DriveFolder(config, tmp_path, credential_reader({"PMSYNC_CREDENTIAL_GDOCS_SERVICE_ACCOUNT": "{}"}))
    [document] = SourceReader(source).read()
    assert "is not a service account JSON key" in document.findings[0].message


def test_the_same_items_read_the_same_from_markdown_confluence_and_google_docs(drive, tmp_path):
    tree(drive)
    (tmp_path / "md").mkdir()
    (tmp_path / "md" / "search.md").write_text(MARKDOWN)
    storage = (
        "<p><strong>Severity:</strong> SEV2</p><p><strong>Team:</strong> platform</p>"
        "<h2>Action Items</h2><ac:task-list>"
        '<ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>'
        "[P1] Add a disk usage alert at 80% on the search nodes "
        '<ac:link><ri:user ri:account-id="5b10a2844c20165700ede21e" /></ac:link> <time datetime="2026-12-04" />'
        "</ac:task-body></ac:task>"
        '<ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>'
        "Document the index rebuild procedure in the runbook [P2] "
        '<ac:link><ri:user ri:username="dlindqvist" /></ac:link> by <time datetime="2026-12-18" />'
        "</ac:task-body></ac:task></ac:task-list>"
    )
    wiki = FakeConfluence(mode="datacenter")
    wiki.start()
    try:
        wiki.add(Page("77", "Search outage", "SRE", storage, {"postmortem"}))
        config = ConfluenceSource(name="wiki", kind="confluence", url=wiki.url, deployment="datacenter", cql="label = postmortem")
        confluence = ConfluencePages(
            config, tmp_path / "wiki", credential_reader({"PMSYNC_CREDENTIAL_CONFLUENCE_TOKEN": wiki.token}),
            lambda: datetime(2026, 12, 1, tzinfo=UTC), people={"5b10a2844c20165700ede21e": "erin", "dlindqvist": "dave"},
        )
        drive_source, _ = make_source(drive, tmp_path)
        read = {
            "markdown": SourceReader(FolderSource("md", [tmp_path / "md"])).read()[0],
            "confluence": SourceReader(confluence).read()[0],
            "gdocs": SourceReader(drive_source).read()[0],
        }
    finally:
        wiki.stop()

    def commitments(document):
        pm = document.postmortem
        return pm.severity, pm.team, [(i.text, i.owner, i.due, i.priority, i.done) for i in pm.items]

    assert commitments(read["confluence"]) == commitments(read["markdown"]) == commitments(read["gdocs"])
