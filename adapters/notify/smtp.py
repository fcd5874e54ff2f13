"""Escalation mail over SMTP (DESIGN §9): smtplib and email.message.EmailMessage.

One connection per batch (implicit TLS or STARTTLS, optional AUTH), retried briefly when it
cannot be opened; each message's outcome is reported per recipient, so the outbox can retry
what the server deferred and stop on what it refused for good.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from syncer.outbox import SendResult
from syncer.settings import SmtpSettings

# Failures of the connection itself; the server has not refused anything yet.
_CONNECTION_ERRORS = (OSError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)


class SmtpMailer:
    """The Mailer port over SMTP."""

    def __init__(
        self,
        settings: SmtpSettings,
        *,
        timeout: float | None = None,
        connect_attempts: int = 3,
        sleep: Callable[[float], None] = time.sleep,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self.settings = settings
        self.timeout = timeout if timeout is not None else settings.timeout
        self.connect_attempts = max(connect_attempts, 1)
        self.sleep = sleep
        self.tls_context = tls_context or ssl.create_default_context()

    # -- the Mailer port ---------------------------------------------------------------

    def send_batch(self, messages: Sequence[EmailMessage]) -> Iterator[SendResult]:
        if not messages:
            return
        try:
            conn = self._connect()
        except smtplib.SMTPAuthenticationError as exc:
            # A configuration problem, not the message's: keep it queued until it is fixed.
            yield from (_failure(m, f"authentication failed: {_reply(exc)}", temporary=True) for m in messages)
            return
        except (smtplib.SMTPException, OSError) as exc:
            yield from (_failure(m, f"cannot connect: {_error(exc)}", temporary=True) for m in messages)
            return
        try:
            for index, message in enumerate(messages):
                try:
                    result = self._send(conn, message)
                except _CONNECTION_ERRORS as exc:
                    # The connection is gone: this message and the rest wait for the next run.
                    reason = f"connection lost: {_error(exc)}"
                    yield from (_failure(m, reason, temporary=True) for m in messages[index:])
                    return
                yield result  # recorded by the caller before the next message goes out
        finally:
            _quit(conn)

    def check(self) -> list[str]:
        """Problems reaching the server: connection, TLS, authentication."""
        try:
            conn = self._connect(attempts=1)
        except smtplib.SMTPAuthenticationError as exc:
            return [f"authentication as {self.settings.username!r} failed: {_reply(exc)}"]
        except smtplib.SMTPNotSupportedError as exc:
            return [f"{self._where()}: {exc}"]
        except ssl.SSLError as exc:
            return [f"{self._where()}: TLS failed: {exc.reason or exc}"]
        except (smtplib.SMTPException, OSError) as exc:
            return [f"cannot connect to {self._where()}: {_error(exc)}"]
        _quit(conn)
        return []

    # -- internals ---------------------------------------------------------------------

    def _where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def _connect(self, attempts: int | None = None) -> smtplib.SMTP:
        retrying = Retrying(
            retry=retry_if_exception(lambda exc: isinstance(exc, _CONNECTION_ERRORS) and not isinstance(exc, ssl.SSLError)),
            stop=stop_after_attempt(attempts or self.connect_attempts),
            wait=wait_exponential(multiplier=1, max=10),
            sleep=self.sleep,
            reraise=True,
        )
        return retrying(self._open)

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        conn: smtplib.SMTP
        if s.ssl:
            conn = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout, context=self.tls_context)
        else:
            conn = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
        try:
            conn.ehlo()
            if s.starttls and not s.ssl:
                if not conn.has_extn("starttls"):
                    raise smtplib.SMTPNotSupportedError(
                        "the server does not offer STARTTLS (smtp.starttls = true); "
                        "refusing to send credentials and mail in the clear"
                    )
                conn.starttls(context=self.tls_context)
                conn.ehlo()
            if s.username:
                password = s.password.get_secret_value() if s.password else ""
                conn.login(s.username, password)
        except BaseException:
            _quit(conn)
            raise
        return conn

    def _send(self, conn: smtplib.SMTP, message: EmailMessage) -> SendResult:
        message_id = str(message["Message-ID"] or "")
        sender = parseaddr(str(message["From"]))[1]
        recipients = [addr for _, addr in getaddresses([str(v) for v in message.get_all("To", [])]) if addr]
        try:
            refused = conn.send_message(message, from_addr=sender, to_addrs=recipients)
        except smtplib.SMTPRecipientsRefused as exc:
            rejected, deferred = _split(exc.recipients)
            refusals = "; ".join(f"{a}: {why}" for a, why in sorted({**rejected, **deferred}.items()))
            return SendResult(
                message_id, ok=False, temporary=bool(deferred), rejected=rejected,
                error=f"every recipient was refused ({refusals})", deferred=deferred,
            )
        except smtplib.SMTPSenderRefused as exc:
            # MAIL FROM refused (authentication required, sender not allowed): the relay's
            # set-up, not this message, so it stays queued until the configuration is fixed.
            _reset(conn)
            return SendResult(message_id, ok=False, temporary=True, error=f"sender refused: {_reply(exc)}")
        except smtplib.SMTPResponseException as exc:  # content refused
            _reset(conn)
            return SendResult(message_id, ok=False, temporary=_temporary(exc.smtp_code), error=_reply(exc))
        except smtplib.SMTPNotSupportedError as exc:  # e.g. an address that needs SMTPUTF8
            return SendResult(message_id, ok=False, temporary=False, error=str(exc))
        rejected, deferred = _split(refused)
        return SendResult(message_id, ok=True, rejected=rejected, deferred=deferred)


def _split(refused: dict[str, tuple[int, bytes]]) -> tuple[dict[str, str], dict[str, str]]:
    """Per-recipient refusals → (for good, for now)."""
    rejected: dict[str, str] = {}
    deferred: dict[str, str] = {}
    for address, (code, reply) in refused.items():
        text = f"{code} {_decode(reply)}"
        (deferred if _temporary(code) else rejected)[address.lower()] = text
    return rejected, deferred


def _temporary(code: int) -> bool:
    # 4xx is transient by definition; anything else but 5xx (e.g. -1, a broken reply) too.
    return not 500 <= code < 600


def _failure(message: EmailMessage, error: str, *, temporary: bool) -> SendResult:
    return SendResult(str(message["Message-ID"] or ""), ok=False, temporary=temporary, error=error)


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_decode(exc.smtp_error)}"


def _decode(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


def _error(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc)
    if isinstance(exc, TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__


def _reset(conn: smtplib.SMTP) -> None:
    # After a refused transaction the next MAIL FROM needs a clean state.
    with contextlib.suppress(smtplib.SMTPException, OSError):
        conn.rset()


def _quit(conn: smtplib.SMTP) -> None:
    try:
        conn.quit()
    except (smtplib.SMTPException, OSError):
        conn.close()
