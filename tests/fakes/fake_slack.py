"""A fake Slack Web API on 127.0.0.1, for the real slack_sdk WebClient (base_url=…/api/).

Methods: auth.test, users.lookupByEmail (GET), chat.postMessage (JSON body). Answers are
shaped like Slack's: HTTP 200 with `{"ok": false, "error": …}` for refusals, HTTP 429 with
`Retry-After` for rate limits. It keeps the workspace's members and channels (and who is
in them), checks Block Kit against Slack's limits, and records every accepted post.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from tests.fakes.http_util import HttpReply, HttpRequest, LoopbackHTTPServer

BOT = "UBOT0001"
BLOCK_TYPES = {"header", "section", "context", "divider", "actions", "image", "rich_text"}


@dataclass(frozen=True)
class Post:
    channel: str  # the conversation it landed in (a DM's "D…" id for a user)
    text: str
    blocks: list[dict[str, Any]]
    raw: dict[str, Any]


@dataclass
class FakeSlack:
    token: str = "xoxb-fake-bot-token"
    members: dict[str, str] = field(default_factory=dict)  # e-mail -> member id
    channels: dict[str, set[str]] = field(default_factory=dict)  # channel id -> member ids
    names: dict[str, str] = field(default_factory=dict)  # "#name" / "name" -> channel id
    posts: list[Post] = field(default_factory=list)
    revoked: bool = False
    rate_limited: int = 0  # the next N calls answer 429
    retry_after: int | None = 30  # None: a 429 without Retry-After (as some proxies answer)
    calls: list[str] = field(default_factory=list)
    # Called with the number of posts so far after a post is stored, before it is answered:
    # a test can crash the client between Slack's acceptance and the client reading it.
    on_post: Callable[[int], None] | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = LoopbackHTTPServer(self._dispatch, name="fake-slack")

    # -- control -----------------------------------------------------------------------

    def __enter__(self) -> FakeSlack:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    @property
    def base_url(self) -> str:
        return self._server.url + "/api/"

    def add_member(self, email: str, member_id: str) -> None:
        self.members[email.lower()] = member_id

    def add_channel(self, channel_id: str, name: str, *, bot_member: bool = True) -> None:
        self.channels[channel_id] = {BOT} if bot_member else set()
        self.names[name] = channel_id
        self.names[f"#{name}"] = channel_id

    def to(self, channel: str) -> list[Post]:
        """Posts in a channel (id or name) or in the DM with a member."""
        wanted = self.names.get(channel, channel)
        return [p for p in self.posts if p.channel in (wanted, _dm(wanted))]

    # -- the API -------------------------------------------------------------------------

    def _dispatch(self, request: HttpRequest) -> HttpReply:
        method = request.path.removeprefix("/api/")
        with self._lock:
            self.calls.append(method)
            if self.rate_limited > 0:
                self.rate_limited -= 1
                wait = () if self.retry_after is None else (("Retry-After", str(self.retry_after)),)
                return HttpReply.json(429, {"ok": False, "error": "ratelimited"}, wait)
            auth = request.headers.get("Authorization", "")
            if auth != f"Bearer {self.token}":
                return _error("not_authed" if not auth else "invalid_auth")
            if self.revoked:
                return _error("token_revoked")
            handler = {
                "auth.test": self._auth_test,
                "users.lookupByEmail": self._lookup,
                "chat.postMessage": self._post,
            }.get(method)
            if handler is None:
                return _error("unknown_method")
            return handler(request)

    def _auth_test(self, request: HttpRequest) -> HttpReply:
        return HttpReply.json(200, {"ok": True, "user_id": BOT, "team": "Example", "user": "pmsync"})

    def _lookup(self, request: HttpRequest) -> HttpReply:
        # Slack takes arguments in the query string or as a form body (slack_sdk POSTs a form).
        form = parse_qs(request.body.decode("utf-8")) if request.body else {}
        email = (request.param("email") or (form.get("email") or [""])[0]).lower()
        member = self.members.get(email)
        if member is None:
            return _error("users_not_found")
        return HttpReply.json(200, {"ok": True, "user": {"id": member, "deleted": False,
                                                          "profile": {"email": email}}})

    def _post(self, request: HttpRequest) -> HttpReply:
        if "application/json" not in (request.headers.get("Content-Type") or ""):
            return _error("invalid_arguments")
        body = json.loads(request.body or b"{}")
        target = str(body.get("channel") or "")
        blocks = body.get("blocks") or []
        text = body.get("text") or ""
        if not text and not blocks:
            return _error("no_text")
        problem = _check_blocks(blocks)
        if problem:
            return _error("invalid_blocks", detail=problem)
        if target in self.members.values():
            landed = _dm(target)
        else:
            channel = self.names.get(target, target)
            if channel not in self.channels:
                return _error("channel_not_found")
            if BOT not in self.channels[channel]:
                return _error("not_in_channel")
            landed = channel
        self.posts.append(Post(landed, text, blocks, body))
        if self.on_post is not None:
            self.on_post(len(self.posts))
        ts = f"1700000000.{len(self.posts):06d}"
        return HttpReply.json(200, {"ok": True, "channel": landed, "ts": ts,
                                    "message": {"type": "message", "text": text, "ts": ts, "bot_id": "BFAKE"}})


def _dm(member: str) -> str:
    return "D" + member[1:] if member.startswith(("U", "W")) else member


def _error(code: str, *, detail: str | None = None) -> HttpReply:
    body: dict[str, Any] = {"ok": False, "error": code}
    if detail:
        body["response_metadata"] = {"messages": [f"[ERROR] {detail}"]}
    return HttpReply.json(200, body)


def _check_blocks(blocks: Any) -> str | None:
    """Slack's documented limits: 50 blocks; header text 150, section text 3000 characters."""
    if not isinstance(blocks, list):
        return "blocks must be an array"
    if len(blocks) > 50:
        return "no more than 50 items allowed"
    for i, block in enumerate(blocks):
        kind = block.get("type") if isinstance(block, dict) else None
        if kind not in BLOCK_TYPES:
            return f"unsupported type at /blocks/{i}"
        text = block.get("text")
        if kind == "header" and (text or {}).get("type") != "plain_text":
            return f"header text must be plain_text at /blocks/{i}"
        if kind == "header" and len(text["text"]) > 150:
            return f"must be less than 151 characters at /blocks/{i}/text"
        if kind == "section" and text is not None and len(text.get("text", "")) > 3000:
            return f"must be less than 3001 characters at /blocks/{i}/text"
    return None
