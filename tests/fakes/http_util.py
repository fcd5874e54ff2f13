"""A threaded HTTP server on 127.0.0.1 that hands every request to one dispatch function.

Used by the fake trackers: the fake owns the state and answers `HttpRequest`
with `HttpReply`; this module owns sockets, threads and HTTP framing.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True, slots=True)
class HttpRequest:
    method: str
    path: str  # without the query string
    query: dict[str, list[str]]
    headers: Message
    body: bytes
    target: str = ""  # the request target exactly as sent (path and query)

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass(frozen=True, slots=True)
class HttpReply:
    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    drop: bool = False  # close the connection without answering

    @classmethod
    def json(cls, status: int, payload: Any, headers: tuple[tuple[str, str], ...] = ()) -> HttpReply:
        body = json.dumps(payload).encode("utf-8")
        return cls(status, body, (("Content-Type", "application/json;charset=UTF-8"), *headers))


Dispatch = Callable[[HttpRequest], HttpReply]


Clock = Callable[[], datetime]


def _handler_class(dispatch: Dispatch, name: str, clock: Clock | None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real services do
        timeout = 30  # an idle pooled connection must not pin a thread forever
        disable_nagle_algorithm = True  # headers and body go out in separate writes
        server_version = name
        sys_version = ""

        def date_time_string(self, timestamp: float | None = None) -> str:
            # The Date header follows the fake's clock: clients compare it with reset times.
            if clock is None:
                return super().date_time_string(timestamp)
            return format_datetime(clock().astimezone(UTC), usegmt=True)

        def _handle(self) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = HttpRequest(
                self.command,
                split.path,
                parse_qs(split.query, keep_blank_values=True),
                self.headers,
                body,
                self.path,
            )
            try:
                reply = dispatch(request)
            except Exception:
                traceback.print_exc(file=sys.stderr)
                reply = HttpReply.json(500, {"errorMessages": ["Internal server error"], "errors": {}})
            if reply.drop:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(reply.status)
            for header, value in reply.headers:
                self.send_header(header, value)
            bodiless = reply.status in (204, 304)  # these answers carry no body at all
            if not bodiless:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.body and not bodiless and self.command != "HEAD":
                self.wfile.write(reply.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            return

    return Handler


class LoopbackHTTPServer:
    """Serves `dispatch` from a ThreadingHTTPServer on an ephemeral 127.0.0.1 port in a daemon thread."""

    def __init__(self, dispatch: Dispatch, *, name: str = "fake", clock: Clock | None = None) -> None:
        self._dispatch = dispatch
        self._name = name
        self._clock = clock
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("server not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        if self._server is None:
            server = ThreadingHTTPServer(
                ("127.0.0.1", 0), _handler_class(self._dispatch, self._name, self._clock)
            )
            server.daemon_threads = True
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self.url

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None
