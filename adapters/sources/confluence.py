"""Confluence Cloud and Data Center as a source: pages chosen by CQL, read in storage format.

Plain `requests` (already installed with the Jira and GitHub clients) rather than
atlassian-python-api: pmsync makes two read-only calls, CQL content search and content by
id, and needs their paging (`_links.next`, a cursor on Cloud, `start` on Data Center, both
relative to the API root) and their 401/403/404/429 answers exactly; the library would add
a dependency tree for two GETs and hide the answers behind its own retries.

Cost per cycle: one CQL search for pages modified since the last listing (minus an
overlap; `now("-Nm")` is the server's own clock, so neither clock skew nor the API user's
time zone can move the window), and once a day (`full_listing`) a complete listing that
also notices pages deleted or moved out of the query. A page is fetched only when its
version number changed; the Markdown made from it is kept in the state directory, so a
restart fetches nothing that did not change.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from adapters.sources.base import (
    Entry,
    Listing,
    SourceUnavailable,
    TextCache,
    failed,
    front_matter,
    read_error,
    remote_document,
)
from adapters.sources.storage_format import StorageFormatError, mention_resolver, to_markdown
from adapters.trackers.base import AuthError, TrackerError, Unavailable
from adapters.trackers.retry import call_with_retry
from syncer.model import Document, Finding
from syncer.source_settings import ConfluenceSource

MAX_BODY = 5 * 1024 * 1024  # characters of storage format read from one page
_ORDER_BY = re.compile(r"\s+order\s+by\s.*$", re.IGNORECASE | re.DOTALL)
MAX_PAGES = 100_000  # a query matching more is not a postmortem space; stop paging


def _retry_after(response: requests.Response) -> float | None:
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return None


class ConfluenceClient:
    """The two calls, with Atlassian's answers translated to pmsync's errors."""

    def __init__(
        self, config: ConfluenceSource, token: str, *, sleep: Callable[[float], None] | None = None
    ) -> None:
        self.config = config
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.session.trust_env = False  # no proxy or .netrc credentials from the environment
        if config.email:  # Cloud: the account's e-mail and an API token
            self.session.auth = (config.email, token)
        else:  # Data Center: a personal access token
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.root = self._api_root(config)
        self.requests = 0
        self._sleep = sleep

    @staticmethod
    def _api_root(config: ConfluenceSource) -> str:
        if config.cloud_id:  # scoped API tokens answer only through the API gateway
            path = urlsplit(config.url).path.rstrip("/") or "/wiki"
            return f"https://api.atlassian.com/ex/confluence/{config.cloud_id}{path}"
        return config.url.rstrip("/")

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """GET `root + path`; retries 429 and 5xx (honouring Retry-After), raises TrackerErrors."""
        timing = {"sleep": self._sleep} if self._sleep else {}
        return call_with_retry(
            lambda: self._get(path, params),
            attempts=self.config.max_retries + 1,
            max_wait=self.config.max_wait_seconds,
            **timing,
        )

    def _get(self, path: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
        self.requests += 1
        where = self.config.url
        try:
            response = self.session.get(self.root + path, params=params, timeout=self.config.timeout)
        except requests.RequestException as exc:
            raise Unavailable(f"cannot reach Confluence: {type(exc).__name__}", target=where) from None
        status = response.status_code
        if status == 200:
            try:
                return response.json()
            except ValueError:
                raise Unavailable("Confluence answered with something that is not JSON", target=where, status=status) from None
        raise read_error(status, _message(response), where, _retry_after(response))

    def search(self, cql: str) -> list[dict[str, Any]]:
        """Every page the query finds (id, title, version, links), following `_links.next`."""
        params: dict[str, Any] | None = {"cql": cql, "limit": self.config.page_size, "expand": "version"}
        path = "/rest/api/content/search"
        found: list[dict[str, Any]] = []
        while path and len(found) < MAX_PAGES:
            answer = self.get(path, params)
            found.extend(r for r in answer.get("results", []) if isinstance(r, dict))
            following = (answer.get("_links") or {}).get("next")
            path, params = (_relative(following), None) if following else ("", None)
        return found

    def page(self, page_id: str) -> dict[str, Any]:
        return self.get(f"/rest/api/content/{page_id}", {"expand": "body.storage,version"})


def _relative(link: str) -> str:
    """`_links.next` relative to the API root. Confluence writes it relative to `_links.base`
    ("/rest/api/…"), some versions with the context path in front ("/wiki/rest/api/…",
    "/confluence/rest/api/…") or as an absolute URL: keep what follows the context."""
    parts = urlsplit(link)
    path = parts.path
    at = path.find("/rest/api/")
    path = path[at:] if at > 0 else path
    return path + (f"?{parts.query}" if parts.query else "")


def _message(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.reason or f"HTTP {response.status_code}"
    if isinstance(data, dict):
        return str(data.get("message") or data.get("reason") or response.reason)[:300]
    return response.reason or f"HTTP {response.status_code}"


class ConfluencePages:
    """The source port over a ConfluenceClient."""

    def __init__(
        self,
        config: ConfluenceSource,
        directory: Path,
        secret: Callable[[str], str],
        clock: Callable[[], datetime],
        *,
        people: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.name = config.name
        self.config = config
        self.secret = secret
        self.clock = clock
        self.cache = TextCache(directory / "pages")
        self.mention = mention_resolver(people or {})
        self._sleep = sleep
        self._client: ConfluenceClient | None = None

    @property
    def client(self) -> ConfluenceClient:
        if self._client is None:
            self._client = ConfluenceClient(self.config, self.secret(self.config.credential), sleep=self._sleep)
        return self._client

    def page_url(self, page_id: str) -> str:
        """The page's address for people; it survives renames and moves."""
        return f"{self.config.url}/pages/viewpage.action?pageId={page_id}"

    # -- listing ---------------------------------------------------------------------------

    def listing(self, previous: Listing | None) -> Listing:
        now = self.clock()
        memo = dict(previous.memo) if previous else {}
        last_full = _when(memo.get("full"))
        last_listed = _when(memo.get("listed"))
        full = previous is None or last_full is None or last_listed is None or now - last_full >= self.config.full_listing
        try:
            if full:
                pages = self.client.search(self.config.cql)
                entries = self._entries(pages)
                memo["full"] = now.isoformat()
                self.cache.keep_only(entries)  # texts of deleted pages and old versions go
            else:
                assert previous is not None and last_listed is not None
                minutes = math.ceil((now - last_listed + self.config.overlap) / timedelta(minutes=1))
                query = _ORDER_BY.sub("", self.config.cql)  # "order by" must end a query
                window = f'({query}) and lastmodified >= now("-{max(minutes, 1)}m")'
                changed = {e.key: e for e in self._entries(self.client.search(window))}
                entries = [changed.pop(e.key, e) for e in previous.entries] + list(changed.values())
        except TrackerError as exc:
            raise SourceUnavailable(f"Confluence {self.config.url}: {exc}") from None
        memo["listed"] = now.isoformat()
        return Listing(entries, memo=memo)

    def _entries(self, pages: Sequence[dict[str, Any]]) -> list[Entry]:
        entries = {}
        for page in pages:
            page_id = str(page.get("id") or "")
            if not page_id.isdigit() or page.get("type", "page") not in ("page", "blogpost"):
                continue
            version = (page.get("version") or {}).get("number")
            entries[page_id] = Entry(page_id, str(version), self.page_url(page_id))
        return list(entries.values())

    # -- reading ---------------------------------------------------------------------------

    def read(self, entries: Sequence[Entry]) -> list[Document]:
        return [self._read(entry) for entry in entries]

    def _read(self, entry: Entry) -> Document:
        cached = self.cache.get(entry.key, entry.version)
        if cached is not None:
            return self._document(cached, entry)
        try:
            page = self.client.page(entry.key)
        except (AuthError, Unavailable) as exc:  # the site, not the page: hold everything
            raise SourceUnavailable(f"Confluence {self.config.url}: {exc}") from None
        except TrackerError as exc:
            return failed(entry.path, "page-unreadable", f"cannot read the page: {exc}")
        body = ((page.get("body") or {}).get("storage") or {}).get("value")
        if not isinstance(body, str):
            return failed(entry.path, "page-unreadable", "the page has no storage-format body")
        if len(body) > MAX_BODY:
            return failed(entry.path, "file-too-large", f"the page body is larger than {MAX_BODY} characters; not read")
        try:
            converted = to_markdown(body, self.mention)
        except StorageFormatError as exc:
            return failed(entry.path, "page-malformed", f"the page cannot be read: {exc}")
        values: dict[str, Any] = {"id": f"confluence-{entry.key}", "title": page.get("title")}
        for label, value in converted.properties.items():
            values.setdefault(label, value)
        version = str((page.get("version") or {}).get("number") or entry.version)
        warnings = [f"macro {name!r} is not one pmsync knows: only its text was read" for name in converted.unknown_macros]
        made = json.dumps({"markdown": front_matter(values) + converted.markdown, "warnings": warnings})
        self.cache.put(entry.key, version, made)
        return self._document(made, entry)

    def _document(self, made: str, entry: Entry) -> Document:
        """A page's Markdown (fresh or from the cache) as a Document pointing at the page."""
        try:
            data = json.loads(made)
            text, warnings = str(data["markdown"]), [str(w) for w in data["warnings"]]
        except (ValueError, KeyError, TypeError):
            return failed(entry.path, "page-unreadable", "the kept copy of the page is unusable")
        findings = [Finding("unknown-macro", "warning", w, entry.path) for w in warnings]
        return remote_document(text, entry.path, doc_url=entry.path, findings=findings)


def _when(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
