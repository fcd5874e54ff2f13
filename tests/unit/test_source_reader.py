"""The incremental reader: an unchanged version is not read again; a source that cannot be
listed holds every document it had (also after a restart) and says so once per cycle."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from adapters.sources.base import Entry, Listing, SourceUnavailable, remote_document
from adapters.sources.folder import FolderSource
from adapters.sources.reader import SourceReader, read_all
from syncer.model import Document

DOC = "---\nid: {id}\n---\n# {id}\n\n## Action Items\n\n- Add an alert on {id}. Owner: @alice. Due: 2026-05-01.\n"


class Pages:
    """A source in memory: pages by key with a version; `down` makes the listing fail."""

    name = "pages"

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, str]] = {}
        self.down = False
        self.fetched: list[str] = []

    def listing(self, previous: Listing | None) -> Listing:
        if self.down:
            raise SourceUnavailable("https://wiki.example.com: connection refused")
        entries = [Entry(k, v, f"https://wiki.example.com/{k}") for k, (v, _) in sorted(self.pages.items())]
        return Listing(entries)

    def read(self, entries: Sequence[Entry]) -> list[Document]:
        self.fetched.extend(e.key for e in entries)
        return [remote_document(self.pages[e.key][1], e.path, doc_url=e.path) for e in entries]


def test_only_changed_versions_are_read_and_the_team_default_applies():
    pages = Pages()
    pages.pages = {"1": ("v1", DOC.format(id="A")), "2": ("v1", DOC.format(id="B"))}
    reader = SourceReader(pages, team="sre")
    first = reader.read()
    assert [d.postmortem.id for d in first] == ["A", "B"]
    assert {(d.postmortem.source, d.postmortem.team) for d in first} == {("pages", "sre")}
    assert pages.fetched == ["1", "2"]
    pages.pages["2"] = ("v2", DOC.format(id="B").replace("alert", "page"))
    second = reader.read()
    assert pages.fetched == ["1", "2", "2"]
    assert second[0] is first[0]  # kept, not parsed again
    # A sync keeps no section texts (only the linter reads them, and asks for them).
    assert all(d.postmortem.sections == () for d in second)
    assert all(d.postmortem.sections for d in SourceReader(pages, sections=True).read())
    assert "page" in second[1].postmortem.items[0].text
    del pages.pages["1"]
    assert [d.postmortem.id for d in reader.read()] == ["B"]


def test_an_unreachable_source_holds_its_documents_and_is_reported_once(tmp_path):
    pages = Pages()
    pages.pages = {"1": ("v1", DOC.format(id="A")), "2": ("v1", DOC.format(id="B"))}
    catalog = tmp_path / "sources" / "pages" / "listing.json"
    SourceReader(pages, catalog=catalog).read()
    pages.down = True
    restarted = SourceReader(pages, catalog=catalog)  # a new process knows the listing
    docs = restarted.read()
    assert [d.path for d in docs] == [
        "source pages", "https://wiki.example.com/1", "https://wiki.example.com/2",
    ]
    assert all(d.postmortem is None for d in docs)
    findings = [f for d in docs for f in d.findings]
    assert [(f.rule, f.path) for f in findings] == [("source-unavailable", "source pages")]
    assert "connection refused" in findings[0].message
    pages.down = False
    assert [d.postmortem.id for d in restarted.read()] == ["A", "B"]


def test_an_unusable_saved_listing_starts_afresh(tmp_path):
    catalog = tmp_path / "listing.json"
    catalog.write_text("{not json")
    pages = Pages()
    pages.pages = {"1": ("v1", DOC.format(id="A"))}
    assert [d.postmortem.id for d in SourceReader(pages, catalog=catalog).read()] == ["A"]


def test_a_folder_reads_a_file_again_only_when_it_changed(tmp_path, monkeypatch):
    import adapters.sources.folder as folder

    (tmp_path / "a.md").write_text(DOC.format(id="A"))
    (tmp_path / "b.md").write_text(DOC.format(id="B"))
    read: list[str] = []
    real = folder.read_files

    def counting(files, **kw):
        read.extend(Path(f).name for f, _ in files)
        return real(files, **kw)

    monkeypatch.setattr(folder, "read_files", counting)
    reader = SourceReader(FolderSource("docs", [tmp_path]))
    assert [d.postmortem.id for d in read_all([reader])] == ["A", "B"]
    (tmp_path / "b.md").write_text(DOC.format(id="B").replace("alert", "pager"))
    assert [d.postmortem.id for d in read_all([reader])] == ["A", "B"]
    assert read == ["a.md", "b.md", "b.md"]


def test_a_folder_that_disappears_holds_its_documents_even_after_a_restart(tmp_path):
    docs = tmp_path / "mnt" / "postmortems"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text(DOC.format(id="A"))
    catalog = tmp_path / "state" / "sources" / "docs" / "listing.json"
    SourceReader(FolderSource("docs", [docs]), catalog=catalog).read()
    saved = catalog.stat().st_mtime_ns
    SourceReader(FolderSource("docs", [docs]), catalog=catalog).read()
    assert catalog.stat().st_mtime_ns == saved  # an unchanged listing is not written again

    docs.rename(tmp_path / "mnt" / "elsewhere")  # the share is unmounted
    documents = SourceReader(FolderSource("docs", [docs]), catalog=catalog).read()
    assert [(d.path, d.postmortem) for d in documents] == [("source docs", None), (str(docs / "a.md"), None)]
    assert "no such directory any more" in documents[0].findings[0].message


def test_a_folder_never_seen_is_a_finding_on_its_path(tmp_path):
    missing = tmp_path / "typo"
    [document] = SourceReader(FolderSource("docs", [missing])).read()
    assert document.path == str(missing) and document.findings[0].rule == "file-unreadable"

