"""The Confluence source with the real HTTP client against the fake Confluence (Cloud and
Data Center): the example postmortem built from Atlassian's template, incremental cost,
and every kind of bad page as a finding for that page alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import responses

from adapters.sources.confluence import ConfluenceClient, ConfluencePages
from adapters.sources.factory import credential_reader
from adapters.sources.reader import SourceReader
from syncer.source_settings import ConfluenceSource
from tests.fakes.confluence_server import FakeConfluence, Page
from tests.fakes.http_util import HttpReply

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "confluence" / "2026-11-19-payment-webhook-backlog.storage.xml"
PEOPLE = {
    "5b10a2844c20165700ede21a": "alice",
    "5b10a2844c20165700ede21b": "bob",
    "dlindqvist": "dave",
}
TASK = (
    '<ac:task><ac:task-id>{n}</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>'
    'Add alert number {n} <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21a" /></ac:link>'
    ' <time datetime="2026-08-01" /></ac:task-body></ac:task>'
)
SIMPLE = "<h2>Follow-up tasks</h2><ac:task-list>" + TASK.format(n=1) + "</ac:task-list>"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["cloud", "datacenter"])
def fake(request, clock):
    server = FakeConfluence(mode=request.param, clock=clock)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def cloud(clock):
    server = FakeConfluence(mode="cloud", clock=clock)
    server.start()
    yield server
    server.stop()


def make_source(fake: FakeConfluence, tmp_path: Path, clock: Clock, **kw) -> tuple[ConfluencePages, list[float]]:
    cloud = fake.mode == "cloud"
    config = ConfluenceSource(
        name="wiki", kind="confluence", url=fake.url, deployment="cloud" if cloud else "datacenter",
        email=fake.email if cloud else None, cql="space = SRE and label = postmortem", **kw,
    )
    sleeps: list[float] = []
    secret = credential_reader({"PMSYNC_CREDENTIAL_CONFLUENCE_TOKEN": fake.token})
    source = ConfluencePages(config, tmp_path / "wiki", secret, clock, people=PEOPLE, sleep=sleeps.append)
    return source, sleeps


def reader(source: ConfluencePages, tmp_path: Path) -> SourceReader:
    return SourceReader(source, team="sre", catalog=tmp_path / "wiki" / "listing.json")


def postmortem_page(fake: FakeConfluence, page_id: str, body: str, **kw) -> Page:
    return fake.add(Page(page_id, kw.pop("title", f"Postmortem {page_id}"), "SRE", body, {"postmortem"}, **kw))


def test_the_example_postmortem_reads_with_owners_deadlines_and_page_properties(fake, tmp_path, clock):
    postmortem_page(fake, "884736", EXAMPLE.read_text(), title="2026-11-19 Payment webhook backlog")
    source, _ = make_source(fake, tmp_path, clock)
    [document] = reader(source, tmp_path).read()
    pm = document.postmortem
    url = f"{fake.url}/pages/viewpage.action?pageId=884736"
    assert (document.path, pm.doc_url, pm.id, pm.id_explicit) == (url, url, "confluence-884736", True)
    assert (pm.title, pm.date, pm.review_date, pm.severity, pm.team) == (
        "2026-11-19 Payment webhook backlog", date(2026, 11, 19), date(2026, 11, 21), "SEV2", "payments",
    )
    items = [(i.text, i.owner, i.due, i.priority, i.done) for i in pm.items]
    assert items == [
        ("Re-enable the webhook queue depth alert at 5,000 messages and page payments on-call", "alice", date(2026, 11, 28), None, False),
        ("Reject visibility timeouts below the p99 processing time in the consumer's config check", "bob", date(2026, 12, 12), "P1", False),
        ("Restore the 120 s visibility timeout in production", "bob", date(2026, 11, 19), None, True),
        ("Publish webhook processing time (p50/p99) on the payments dashboard", "dave", date(2027, 1, 15), None, False),
    ]
    assert pm.items[3].verify == "dashboard reviewed at the weekly ops review"
    assert document.findings == () or all(f.line is None and f.path == url for f in document.findings)
    assert [f.rule for f in document.findings if f.rule == "unknown-macro"] == []


def test_an_unchanged_space_of_500_pages_costs_one_search_and_no_fetch(fake, tmp_path, clock):
    clock.advance(days=-30)  # written a month ago
    for n in range(500):
        postmortem_page(fake, str(1000 + n), SIMPLE)
    clock.advance(days=30)
    fake.add(Page("9", "Not a postmortem", "SRE", SIMPLE))  # no label: not selected
    source, _ = make_source(fake, tmp_path, clock, page_size=100)
    pages = reader(source, tmp_path)
    assert len(pages.read()) == 500
    assert (fake.calls("search"), fake.calls("page")) == (5, 500)

    clock.advance(minutes=5)
    fake.requests.clear()
    assert len(pages.read()) == 500
    assert (fake.calls("search"), fake.calls("page")) == (1, 0)
    assert 'lastmodified >= now("-15m")' in fake.requests[0].param("cql")

    clock.advance(minutes=5)
    fake.edit("1007", SIMPLE.replace("number 1", "number one"))
    fake.requests.clear()
    documents = pages.read()
    assert (fake.calls("search"), fake.calls("page")) == (1, 1)
    assert documents[7].postmortem.items[0].text == "Add alert number one"

    clock.advance(minutes=5)  # a restart: the listing and the page texts are kept on disk
    fake.requests.clear()
    source, _ = make_source(fake, tmp_path, clock, page_size=100)
    assert len(reader(source, tmp_path).read()) == 500
    assert (fake.calls("search"), fake.calls("page")) == (1, 0)

    clock.advance(minutes=5)  # a query with an order keeps working in the window
    fake.requests.clear()
    source, _ = make_source(fake, tmp_path, clock, page_size=100)
    source.config = source.config.model_copy(update={"cql": source.config.cql + " order by lastmodified desc"})
    assert len(reader(source, tmp_path).read()) == 500
    assert fake.requests[0].param("cql").startswith("(space = SRE and label = postmortem) and lastmodified")

    clock.advance(days=1)  # the daily full listing notices a deleted page
    del fake.pages["1003"]
    fake.requests.clear()
    assert len(pages.read()) == 499
    assert (fake.calls("search"), fake.calls("page")) == (5, 0)


def test_bad_pages_are_findings_for_that_page_and_the_rest_is_read(cloud, tmp_path, clock):
    fake = cloud  # the pages, not the deployment, are under test
    postmortem_page(fake, "1", SIMPLE)
    postmortem_page(fake, "2", "<h2>Follow-up tasks</h2><p>unclosed <strong>tag</p>")
    postmortem_page(fake, "3", SIMPLE.replace("<h2>", '<ac:structured-macro ac:name="mermaid-cloud">'
                                              "<ac:rich-text-body><p>graph</p></ac:rich-text-body>"
                                              "</ac:structured-macro><h2>"))
    postmortem_page(fake, "4", SIMPLE)
    fake.restricted.add("4")
    many = "<h2>Follow-up tasks</h2><ac:task-list>" + "".join(TASK.format(n=n) for n in range(10_000)) + "</ac:task-list>"
    postmortem_page(fake, "5", many)
    postmortem_page(fake, "6", "<ul><li>deep" * 5000 + "</li></ul>" * 5000)
    postmortem_page(fake, "7", SIMPLE)
    fake.vanished.add("7")
    source, _ = make_source(fake, tmp_path, clock)
    documents = {d.path.rsplit("=", 1)[1]: d for d in reader(source, tmp_path).read()}
    rules = {k: [f.rule for f in d.findings] for k, d in documents.items()}
    assert documents["1"].postmortem.items[0].owner == "alice"
    assert documents["2"].postmortem is None and rules["2"] == ["page-malformed"]
    assert "not well-formed" in documents["2"].findings[0].message
    assert documents["3"].postmortem is not None and "unknown-macro" in rules["3"]
    assert "'mermaid-cloud'" in next(f.message for f in documents["3"].findings if f.rule == "unknown-macro")
    assert documents["4"].postmortem is None and rules["4"] == ["page-unreadable"]
    assert "not permitted" in documents["4"].findings[0].message
    assert len(documents["5"].postmortem.items) == 10_000
    assert documents["6"].postmortem is None and rules["6"] == ["page-malformed"]
    assert documents["7"].postmortem is None and rules["7"] == ["page-unreadable"]
    assert "No content found" in documents["7"].findings[0].message


def test_rate_limits_are_waited_out_as_the_server_says(fake, tmp_path, clock):
    postmortem_page(fake, "1", SIMPLE)
    fake.fail_next(HttpReply.json(429, {"message": "Rate limit exceeded"}, (("Retry-After", "7"),)))
    source, sleeps = make_source(fake, tmp_path, clock)
    [document] = reader(source, tmp_path).read()
    assert document.postmortem is not None and sleeps == [7.0]


def test_rejected_credentials_hold_every_page(fake, tmp_path, clock):
    postmortem_page(fake, "1", SIMPLE)
    source, _ = make_source(fake, tmp_path, clock)
    pages = reader(source, tmp_path)
    pages.read()
    fake.token = "rotated"
    clock.advance(minutes=5)
    documents = pages.read()
    assert [d.postmortem for d in documents] == [None, None]
    assert documents[0].findings[0].rule == "source-unavailable"
    assert "credentials rejected" in documents[0].findings[0].message


@responses.activate(assert_all_requests_are_fired=True)
def test_a_scoped_token_goes_through_the_api_gateway():
    config = ConfluenceSource(
        name="wiki", kind="confluence", url="https://acme.atlassian.net/wiki", email="pmsync@acme.example",
        cloud_id="a436116f-02ce-4520-8fbb-7301462a1674", cql="label = postmortem",
    )
    root = "https://api.atlassian.com/ex/confluence/a436116f-02ce-4520-8fbb-7301462a1674/wiki/rest/api"
    responses.get(
        f"{root}/content/search",
        match=[responses.matchers.query_param_matcher({"cql": "label = postmortem", "limit": "50", "expand": "version"})],
        json={"results": [{"id": "11", "type": "page", "version": {"number": 3}}],
              "_links": {"base": "https://acme.atlassian.net/wiki", "context": "/wiki",
                         "next": "/rest/api/content/search?cql=label+%3D+postmortem&limit=50&cursor=abc"}},
    )
    responses.get(
        f"{root}/content/search",
        match=[responses.matchers.query_param_matcher({"cql": "label = postmortem", "limit": "50", "cursor": "abc"})],
        json={"results": [{"id": "12", "type": "page", "version": {"number": 1}}], "_links": {}},
    )
    client = ConfluenceClient(config, "scoped-token")
    assert [p["id"] for p in client.search(config.cql)] == ["11", "12"]


def test_lint_source_lints_the_pages_with_links_instead_of_lines(tmp_path, clock, monkeypatch, capsys):
    from syncer.cli import main

    server = FakeConfluence(mode="cloud", clock=clock)
    server.start()
    try:
        postmortem_page(server, "884736", EXAMPLE.read_text(), title="2026-11-19 Payment webhook backlog")
        postmortem_page(server, "2", "<h2>Follow-up tasks</h2><ul><li>Improve monitoring</li></ul>")
        config = tmp_path / "pmsync.toml"
        config.write_text(
            f'[[sources]]\nname = "wiki"\nkind = "confluence"\nurl = "{server.url}"\n'
            f'email = "{server.email}"\ncql = "space = SRE and label = postmortem"\n'
            '[people.alice]\nconfluence = "5b10a2844c20165700ede21a"\n'
            '[people.bob]\nconfluence = "5b10a2844c20165700ede21b"\n'
            f'[daemon]\nstate = "{tmp_path / "state" / "state.db"}"\n'
        )
        monkeypatch.setenv("PMSYNC_CREDENTIAL_CONFLUENCE_TOKEN", server.token)
        monkeypatch.setenv("COLUMNS", "1000")  # one finding a line
        code = main(["--config", str(config), "lint", "--source", "wiki"])
        out = capsys.readouterr().out
        assert code == 1  # the second page has a vague, unowned item
        page = f"{server.url}/pages/viewpage.action?pageId=2"
        assert f"{page} [confluence-2/1]: error owner-missing" in out
        assert f"{page}: warning section-missing" in out and f"{page}:1" not in out  # a page has no lines
        assert "confluence-884736/1" in out and "owner @alice" in out
        assert not (tmp_path / "state").exists()  # lint leaves the daemon's state alone

        assert main(["--config", str(config), "lint", "--source", "nope"]) == 2
        assert "no source 'nope' (configured: wiki)" in capsys.readouterr().err
    finally:
        server.stop()
