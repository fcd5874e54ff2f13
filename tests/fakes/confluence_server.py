"""A fake Confluence (Cloud or Data Center) on 127.0.0.1, for the real HTTP client.

Serves what pmsync's Confluence source calls, shaped like the real REST API v1:
- GET {context}/rest/api/content/search?cql=…&limit=…&expand=version — CQL over the pages
  (space, label, type, id, ancestor, title, lastmodified with now("-Nm"); and/or/not,
  parentheses), paged through `_links.next`: a `cursor` on Cloud, `start` on Data Center;
- GET {context}/rest/api/content/{id}?expand=body.storage,version — the page in storage format.
Cloud answers under "/wiki" and takes basic auth (e-mail + API token); Data Center answers
at the root and takes a personal access token (Bearer). Wrong credentials: 401; a restricted
page: 403; an unknown page: 404; `fail_next` queues answers such as 429 with Retry-After.
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from tests.fakes.http_util import HttpReply, HttpRequest, LoopbackHTTPServer


@dataclass
class Page:
    id: str
    title: str
    space: str
    body: str
    labels: set[str] = field(default_factory=set)
    ancestors: tuple[str, ...] = ()
    version: int = 1
    modified: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    type: str = "page"


class CqlError(ValueError):
    pass


_TOKEN = re.compile(r'\s*(?:(\()|(\))|(>=|<=|!=|=|>|<|~)|("(?:[^"\\]|\\.)*")|([A-Za-z_][\w.-]*\s*\("[^"]*"\))|([\w.:-]+))')


def _tokens(cql: str) -> list[str]:
    out, at = [], 0
    while at < len(cql):
        if cql[at:].strip() == "":
            break
        match = _TOKEN.match(cql, at)
        if not match:
            raise CqlError(f"Could not parse cql : {cql}")
        out.append(match.group(0).strip())
        at = match.end()
    return out


def compile_cql(cql: str, now: datetime) -> Callable[[Page], bool]:
    """A predicate for the subset of CQL pmsync and its users write."""
    tokens = _tokens(re.sub(r"\border by\b.*$", "", cql, flags=re.IGNORECASE))
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        if position >= len(tokens):
            raise CqlError(f"Could not parse cql : {cql}")
        position += 1
        return tokens[position - 1]

    def expression() -> Callable[[Page], bool]:
        left = term()
        while (peek() or "").lower() == "or":
            take()
            right, first = term(), left
            left = lambda p, a=first, b=right: a(p) or b(p)  # noqa: E731
        return left

    def term() -> Callable[[Page], bool]:
        left = factor()
        while (peek() or "").lower() == "and":
            take()
            right, first = factor(), left
            left = lambda p, a=first, b=right: a(p) and b(p)  # noqa: E731
        return left

    def factor() -> Callable[[Page], bool]:
        if (peek() or "").lower() == "not":
            take()
            inner = factor()
            return lambda p: not inner(p)
        if peek() == "(":
            take()
            inner = expression()
            if take() != ")":
                raise CqlError(f"Could not parse cql : {cql}")
            return inner
        name, op, value = take().lower(), take(), take()
        return comparison(name, op, value)

    def comparison(name: str, op: str, raw: str) -> Callable[[Page], bool]:
        value = raw[1:-1].replace('\\"', '"') if raw.startswith('"') else raw
        if name == "lastmodified":
            when = _when(value, now)
            ops = {">=": lambda m: m >= when, ">": lambda m: m > when, "<=": lambda m: m <= when, "<": lambda m: m < when}
            if op not in ops:
                raise CqlError(f"Could not parse cql : {cql}")
            return lambda p: ops[op](p.modified)
        getters: dict[str, Callable[[Page], set[str]]] = {
            "space": lambda p: {p.space},
            "label": lambda p: p.labels,
            "type": lambda p: {p.type},
            "id": lambda p: {p.id},
            "ancestor": lambda p: set(p.ancestors),
            "title": lambda p: {p.title},
        }
        if name not in getters or op not in ("=", "!="):
            raise CqlError(f"Could not parse cql : {cql}")
        get = getters[name]
        return (lambda p: value in get(p)) if op == "=" else (lambda p: value not in get(p))

    predicate = expression()
    if position != len(tokens):
        raise CqlError(f"Could not parse cql : {cql}")
    return predicate


def _when(value: str, now: datetime) -> datetime:
    match = re.fullmatch(r'now\s*\("([+-]\d+)([mhdw])"\)', value.strip(), re.IGNORECASE)
    if match:
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match[2].lower()]
        return now + timedelta(**{unit: int(match[1])})
    for fmt in ("%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise CqlError(f"Could not parse cql date : {value}")


class FakeConfluence:
    def __init__(
        self,
        *,
        mode: str = "cloud",
        email: str = "pmsync@acme.example",
        token: str = "confluence-s3cret",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.mode = mode
        self.email = email
        self.token = token
        self.clock = clock or (lambda: datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
        self.context = "/wiki" if mode == "cloud" else ""
        self.pages: dict[str, Page] = {}
        self.restricted: set[str] = set()
        self.vanished: set[str] = set()  # still found by search (index lag), gone when fetched
        self.requests: list[HttpRequest] = []
        self.queued: list[HttpReply] = []
        self._cursors: dict[str, int] = {}
        self._lock = threading.Lock()
        self.server = LoopbackHTTPServer(self.dispatch, name="fake-confluence")

    # -- set-up --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The site URL a user configures (Cloud: https://<site>.atlassian.net/wiki)."""
        return self.server.url + self.context

    def start(self) -> str:
        self.server.start()
        return self.url

    def stop(self) -> None:
        self.server.stop()

    def add(self, page: Page) -> Page:
        page.modified = self.clock()
        self.pages[page.id] = page
        return page

    def edit(self, page_id: str, body: str) -> None:
        page = self.pages[page_id]
        page.body, page.version, page.modified = body, page.version + 1, self.clock()

    def fail_next(self, *replies: HttpReply) -> None:
        self.queued.extend(replies)

    def calls(self, kind: str) -> int:
        """Requests made: "search" or "page"."""
        return sum(1 for r in self.requests if (r.path.endswith("/content/search")) == (kind == "search"))

    # -- serving -------------------------------------------------------------------------

    def dispatch(self, request: HttpRequest) -> HttpReply:
        with self._lock:
            self.requests.append(request)
            if not self._authorised(request):
                return HttpReply.json(401, {"statusCode": 401, "message": "Client must be authenticated to access this resource."})
            if self.queued:
                return self.queued.pop(0)
            path = request.path.removeprefix(self.context)
            if request.method == "GET" and path == "/rest/api/content/search":
                return self._search(request)
            match = re.fullmatch(r"/rest/api/content/(\d+)", path)
            if request.method == "GET" and match:
                return self._page(match[1], request)
            return HttpReply.json(404, {"statusCode": 404, "message": "null for uri: " + request.path})

    def _authorised(self, request: HttpRequest) -> bool:
        header = request.headers.get("Authorization") or ""
        if self.mode == "cloud":
            expected = base64.b64encode(f"{self.email}:{self.token}".encode()).decode()
            return header == f"Basic {expected}"
        return header == f"Bearer {self.token}"

    def _search(self, request: HttpRequest) -> HttpReply:
        cql = request.param("cql") or ""
        limit = min(int(request.param("limit") or 25), 100 if self.mode == "cloud" else 200)
        try:
            predicate = compile_cql(cql, self.clock())
        except CqlError as exc:
            return HttpReply.json(400, {"statusCode": 400, "message": str(exc)})
        found = sorted((p for p in self.pages.values() if predicate(p)), key=lambda p: int(p.id))
        if self.mode == "cloud":
            cursor = request.param("cursor")
            start = self._cursors.get(cursor, 0) if cursor else 0
        else:
            start = int(request.param("start") or 0)
        chunk = found[start : start + limit]
        links: dict[str, str] = {"base": self.server.url + self.context, "context": self.context}
        if start + limit < len(found):
            query = {"cql": cql, "limit": str(limit), "expand": request.param("expand") or ""}
            if self.mode == "cloud":
                token = base64.urlsafe_b64encode(f"{cql}|{start + limit}".encode()).decode()
                self._cursors[token] = start + limit
                query["cursor"] = token
            else:
                query["start"] = str(start + limit)
            links["next"] = "/rest/api/content/search?" + urlencode(query)
        results = [self._summary(p, expand=request.param("expand") or "") for p in chunk]
        payload = {"results": results, "start": start, "limit": limit, "size": len(chunk), "_links": links}
        return HttpReply.json(200, payload)

    def _summary(self, page: Page, *, expand: str) -> dict[str, object]:
        data: dict[str, object] = {
            "id": page.id, "type": page.type, "status": "current", "title": page.title,
            "_links": {"webui": f"/spaces/{page.space}/pages/{page.id}", "self": f"{self.url}/rest/api/content/{page.id}"},
        }
        if "version" in expand.split(","):
            data["version"] = {"number": page.version, "when": page.modified.isoformat()}
        return data

    def _page(self, page_id: str, request: HttpRequest) -> HttpReply:
        page = self.pages.get(page_id)
        if page is None or page_id in self.vanished:
            return HttpReply.json(404, {"statusCode": 404, "message": f"No content found with id: ContentId{{id={page_id}}}"})
        if page_id in self.restricted:
            return HttpReply.json(403, {"statusCode": 403, "message": "User not permitted to view content"})
        expand = (request.param("expand") or "").split(",")
        data = self._summary(page, expand="version")
        if "body.storage" in expand:
            data["body"] = {"storage": {"value": page.body, "representation": "storage"}}
        return HttpReply.json(200, data)
