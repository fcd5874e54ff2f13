"""A controllable SMTP server on 127.0.0.1 (aiosmtpd) for the mail tests.

It records every accepted message with its envelope, can be taken down and brought back on
the same port, refuses chosen recipients (for good or for now), answers DATA with a chosen
reply, and can require AUTH (over plain TCP, which only a test may allow).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    raw: bytes


class FakeSmtp:
    def __init__(self, *, users: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.users = users  # login -> password; None: no AUTH
        self.received: list[Received] = []
        self.refuse: dict[str, str] = {}  # recipient -> reply, e.g. "550 5.1.1 no such user"
        self.data_reply: str | None = None  # answer DATA with this instead of accepting
        self.logins: list[str] = []
        # Called as hook(command, messages received so far) at MAIL FROM and after DATA is
        # stored but before it is answered: a test can crash the client at either moment.
        self.hook: Callable[[str, int], None] | None = None
        self._controller: Controller | None = None

    # -- control ---------------------------------------------------------------------

    def start(self) -> FakeSmtp:
        kwargs: dict[str, Any] = {}
        if self.users is not None:
            kwargs = {"auth_required": True, "auth_require_tls": False, "authenticator": self._authenticate}
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    down = stop

    def up(self) -> None:
        if self._controller is None:
            self.start()

    def __enter__(self) -> FakeSmtp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what arrived --------------------------------------------------------------------

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address.lower() in {a.lower() for a in r.rcpt_tos}]

    def message_ids(self, address: str | None = None) -> list[str]:
        found = self.received if address is None else self.to(address)
        return [str(r.message["Message-ID"]) for r in found]

    # -- aiosmtpd handler hooks --------------------------------------------------------------

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]) -> str:
        if self.hook is not None:
            self.hook("MAIL", len(self.received))
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        reply = self.refuse.get(address.lower())
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply is not None:
            return self.data_reply
        raw = bytes(envelope.original_content or envelope.content)
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), message, raw))
        if self.hook is not None:
            self.hook("DATA", len(self.received))
        return "250 2.0.0 accepted"

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword) and self.users is not None:
            login = auth_data.login.decode()
            if self.users.get(login) == auth_data.password.decode():
                self.logins.append(login)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)
