"""A fake Microsoft Teams webhook (incoming webhook / Workflows) on 127.0.0.1.

Each team gets a webhook path; a POST carrying an Adaptive Card in the message envelope is
accepted with 202 (as Workflows answer) and recorded. Anything else is a 400 with the
reason. Chosen answers (400, 429 with Retry-After, 5xx) can be queued per webhook.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.http_util import HttpReply, HttpRequest, LoopbackHTTPServer

CARD = "application/vnd.microsoft.card.adaptive"


@dataclass(frozen=True)
class Card:
    webhook: str
    content: dict[str, Any]
    raw: dict[str, Any]

    def texts(self) -> list[str]:
        """Every TextBlock and fact in the card's body, in order."""
        found: list[str] = []
        for node in _nodes(self.content.get("body", [])):
            if node.get("type") == "TextBlock":
                found.append(str(node.get("text", "")))
            if node.get("type") == "FactSet":
                found += [f"{fact.get('title')}: {fact.get('value')}" for fact in node.get("facts", [])]
        return found

    def urls(self) -> list[str]:
        return [str(node.get("url")) for node in _nodes(self.content) if node.get("type") == "Action.OpenUrl"]


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON tree, depth first, in document order."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


@dataclass
class FakeTeams:
    cards: list[Card] = field(default_factory=list)
    answers: dict[str, list[tuple[int, dict[str, str], str]]] = field(default_factory=dict)
    hooks: dict[str, str] = field(default_factory=dict)  # team -> path

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = LoopbackHTTPServer(self._dispatch, name="fake-teams")

    def __enter__(self) -> FakeTeams:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    def webhook(self, team: str) -> str:
        """The webhook URL of a team (created on first use)."""
        path = self.hooks.setdefault(team, f"/workflows/{secrets.token_hex(8)}/triggers/manual/paths/invoke")
        return self._server.url + path

    def answer(self, team: str, status: int, *, headers: dict[str, str] | None = None, body: str = "") -> None:
        """Answer the team's next POST with this instead of accepting it."""
        self.answers.setdefault(self.hooks[team], []).append((status, headers or {}, body))

    def to(self, team: str) -> list[Card]:
        return [c for c in self.cards if c.webhook == self.hooks.get(team)]

    def _dispatch(self, request: HttpRequest) -> HttpReply:
        with self._lock:
            if request.method != "POST" or request.path not in self.hooks.values():
                return HttpReply.json(404, {"error": {"code": "TriggerNotFound", "message": "not found"}})
            queued = self.answers.get(request.path)
            if queued:
                status, headers, body = queued.pop(0)
                return HttpReply(status, body.encode(), tuple(headers.items()))
            try:
                payload = json.loads(request.body)
            except ValueError:
                return _bad("the request body is not JSON")
            problem = _check(payload)
            if problem:
                return _bad(problem)
            self.cards.append(Card(request.path, payload["attachments"][0]["content"], payload))
            return HttpReply(202)


def _bad(message: str) -> HttpReply:
    return HttpReply.json(400, {"error": {"code": "InvalidRequestContent", "message": message}})


def _check(payload: Any) -> str | None:
    if not isinstance(payload, dict) or payload.get("type") != "message":
        return "the payload must be a message"
    attachments = payload.get("attachments")
    if not isinstance(attachments, list) or not attachments:
        return "the message has no attachments"
    first = attachments[0]
    if first.get("contentType") != CARD:
        return f"unsupported contentType {first.get('contentType')!r}"
    content = first.get("content")
    if not isinstance(content, dict) or content.get("type") != "AdaptiveCard" or not content.get("version"):
        return "content must be an AdaptiveCard with a version"
    if len(json.dumps(payload)) > 28_000:
        return "the card is larger than 28 KB"
    return None
