"""tests/data/realworld/fetch.py against documents served from 127.0.0.1: Markdown kept as
served, a GitHub issue's JSON reduced to its body, and every failure named by its slug."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from tests.fakes.http_util import HttpReply, HttpRequest, LoopbackHTTPServer
from tests.realworld import CORPUS


def _load_fetch() -> ModuleType:
    spec = importlib.util.spec_from_file_location("realworld_fetch", CORPUS / "fetch.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fetch = _load_fetch()

# A description as GitHub's web editor stores it: CRLF line ends, no final newline.
ISSUE_BODY = (
    "### Summary\r\n\r\n- **What caused it?** A power outage; the search index did not restart\r\n"
    "- **Followup actions:**\r\n    - [ ] Restart the index service automatically (@dana)\r\n\r\n"
    "Überwachung: 監視を追加する"
)
MARKDOWN = "# Outage\r\n\r\n## Action items\r\n\r\n- Add an alert on queue depth (owner: ops)\r\n"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def issue(number: int, base: str, body: object = ISSUE_BODY, *, with_body: bool = True) -> dict:
    """An issue as GET /repos/{owner}/{repo}/issues/{number} returns it (top-level keys as recorded)."""
    record = {
        "url": f"{base}/repos/acme/infra/issues/{number}",
        "repository_url": f"{base}/repos/acme/infra",
        "html_url": f"https://github.com/acme/infra/issues/{number}",
        "id": 700000000 + number,
        "node_id": "I_kwDOABCDEF5",
        "number": number,
        "title": "Outage 2024-07-07",
        "user": {"login": "dana", "id": 6251786, "type": "User", "site_admin": False},
        "labels": [{"id": 1, "name": "Type: Post-Mortem", "color": "000000", "default": False}],
        "state": "closed",
        "locked": False,
        "assignees": [],
        "milestone": None,
        "comments": 2,
        "created_at": "2024-07-10T14:02:11Z",
        "updated_at": "2024-07-12T09:00:00Z",
        "closed_at": "2024-07-12T09:00:00Z",
        "author_association": "MEMBER",
        "body": body,
        "closed_by": None,
        "state_reason": "completed",
    }
    if not with_body:
        del record["body"]
    return record


class Site:
    """Documents by path on a loopback server; records the paths asked for."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[], HttpReply]] = {}
        self.asked: list[str] = []
        self.server = LoopbackHTTPServer(self._dispatch, name="corpus-site")

    def _dispatch(self, request: HttpRequest) -> HttpReply:
        self.asked.append(request.path)
        route = self.routes.get(request.path)
        return route() if route else HttpReply.json(404, {"message": "Not Found"})

    def markdown(self, path: str, text: str) -> str:
        reply = HttpReply(200, text.encode(), (("Content-Type", "text/plain; charset=utf-8"),))
        self.routes[path] = lambda: reply
        return self.server.url + path

    def json(self, path: str, payload: object, status: int = 200, headers: tuple = ()) -> str:
        self.routes[path] = lambda: HttpReply(
            status, json.dumps(payload).encode(), (("Content-Type", "application/json; charset=utf-8"), *headers)
        )
        return self.server.url + path


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    served.server.start()
    yield served
    served.server.stop()


def manifest(root: Path, slug: str, raw_url: str, sha256: str | None = None) -> None:
    data = {"source": raw_url, "raw_url": raw_url, "redistributable": False, "items": []}
    if sha256:
        data["sha256"] = sha256
    (root / f"{slug}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def cached(root: Path, slug: str) -> bytes:
    return (root / "cache" / f"{slug}.md").read_bytes()


def test_markdown_is_stored_as_served(tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    manifest(tmp_path, "acme-queue-outage", site.markdown("/acme/outage.md", MARKDOWN), sha(MARKDOWN))

    assert fetch.main([], root=tmp_path) == 0

    assert cached(tmp_path, "acme-queue-outage") == MARKDOWN.encode()
    assert capsys.readouterr().err == ""


def test_github_issue_json_stores_its_body_exactly(tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    base = site.server.url
    url = site.json("/repos/acme/infra/issues/9548", issue(9548, base))
    # The annotators' copy of such a body has LF line ends and one final newline.
    annotated = ISSUE_BODY.replace("\r\n", "\n") + "\n"
    manifest(tmp_path, "acme-power-outage", url, sha(annotated))

    assert fetch.main([], root=tmp_path) == 0

    assert cached(tmp_path, "acme-power-outage") == ISSUE_BODY.encode()
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        (lambda base: issue(3960, base, body=None), "has an empty body"),
        (lambda base: issue(3960, base, with_body=False), "has no body field"),
        (lambda base: [issue(3960, base)], "has no body field"),
        (lambda base: issue(3960, base, body=["text"]), "has a list as body, not text"),
    ],
)
def test_json_without_a_body_is_an_error_naming_the_slug(
    tmp_path: Path,
    site: Site,
    capsys: pytest.CaptureFixture[str],
    record: Callable[[str], object],
    problem: str,
) -> None:
    url = site.json("/repos/acme/infra/issues/3960", record(site.server.url))
    manifest(tmp_path, "acme-solr-outage", url)
    manifest(tmp_path, "acme-queue-outage", site.markdown("/acme/outage.md", MARKDOWN))

    assert fetch.main([], root=tmp_path) == 1

    err = capsys.readouterr().err
    assert f"fetch: acme-solr-outage: the JSON from {url} {problem}" in err
    assert not (tmp_path / "cache" / "acme-solr-outage.md").exists()
    assert cached(tmp_path, "acme-queue-outage") == MARKDOWN.encode()  # the rest still fetched


@pytest.mark.parametrize("kind", ["markdown", "issue"])
def test_a_changed_source_is_reported_and_still_stored(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    if kind == "markdown":
        url, stored = site.markdown("/acme/outage.md", MARKDOWN), MARKDOWN
    else:
        url, stored = site.json("/repos/acme/infra/issues/12", issue(12, site.server.url)), ISSUE_BODY
    manifest(tmp_path, "acme-changed", url, sha(stored + "\n- An item added after the annotation\n"))

    assert fetch.main([], root=tmp_path) == 0

    captured = capsys.readouterr()
    assert "fetch: acme-changed: warning: the text differs from the annotated version" in captured.err
    assert cached(tmp_path, "acme-changed") == stored.encode()
    assert "1 downloaded" in captured.out


def test_a_rate_limit_is_named_and_the_host_is_not_asked_again(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    limit = {
        "message": "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated "
        "requests get a higher rate limit. Check out the documentation for more details.)",
        "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
    }
    headers = (("X-RateLimit-Limit", "60"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "1733533200"))
    manifest(tmp_path, "acme-a", site.json("/repos/acme/infra/issues/1", limit, 403, headers))
    manifest(tmp_path, "acme-b", site.json("/repos/acme/infra/issues/2", issue(2, site.server.url)))

    assert fetch.main([], root=tmp_path) == 1

    err = capsys.readouterr().err
    host = site.server.url.removeprefix("http://")
    assert f"fetch: acme-a: rate limited by {host} (HTTP 403: API rate limit exceeded for 127.0.0.1." in err
    assert "try again after 2024-12-07 01:00 UTC" in err
    assert f"fetch: acme-b: not asked: rate limited by {host}" in err
    assert site.asked == ["/repos/acme/infra/issues/1"]


def test_a_secondary_limit_gives_the_wait_and_other_refusals_their_reason(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    secondary = {
        "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    }
    forbidden = {"message": "Resource protected by organization SAML enforcement.\x1b[2J"}
    site.json("/repos/acme/infra/issues/5", secondary, 429, (("Retry-After", "60"),))
    manifest(tmp_path, "acme-secondary", site.server.url + "/repos/acme/infra/issues/5")
    # fetched first (slug order): a refusal that is no rate limit does not stop the host
    manifest(tmp_path, "acme-saml", site.json("/repos/acme/saml/issues/6", forbidden, 403))

    assert fetch.main([], root=tmp_path) == 1

    err = capsys.readouterr().err
    assert "fetch: acme-secondary: rate limited by" in err
    assert "(HTTP 429: You have exceeded a secondary rate limit." in err
    assert "try again in 60 s" in err
    assert "fetch: acme-saml: HTTP 403 Forbidden from " in err
    assert "SAML enforcement." in err
    assert "\x1b" not in err
    assert site.asked == ["/repos/acme/saml/issues/6", "/repos/acme/infra/issues/5"]
