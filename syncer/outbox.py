"""The transactional outbox (DESIGN §9): mail waits in the ledger until it is delivered.

A message is queued in the same transaction as the flag change that calls for it, so a
crash either loses both or keeps both. Its Message-ID is fixed when it is queued, so a
message re-sent after a crash (accepted by the server, not yet marked sent) carries the same
Message-ID and mail clients show it once. Each message is marked sent in its own commit right
after the server accepts it, so a crash mid-batch repeats at most the one in flight. Delivery failures back off exponentially up to a
cap and keep the message visible; only a permanent refusal of every recipient is final.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Literal, Protocol

from syncer.policy import bare_address
from syncer.render import clean_subject
from syncer.state import Ledger

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)

Outcome = Literal["sent", "retry", "failed"]


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: int
    message_id: str
    recipients: tuple[str, ...]
    subject: str
    body_text: str
    body_html: str
    kind: str
    created_at: datetime
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None
    rejected: dict[str, str]  # recipient -> the server's permanent refusal
    channel: str = "email"  # email | slack | msteams
    payload: str = ""  # chat: the rendered message (JSON) the channel posts

    @property
    def deliverable(self) -> tuple[str, ...]:
        """The recipients not refused for good."""
        return tuple(r for r in self.recipients if r not in self.rejected)


@dataclass(frozen=True, slots=True)
class SendResult:
    """What became of one message in a batch."""

    message_id: str
    ok: bool  # accepted for at least one recipient
    temporary: bool = False  # not ok, and worth retrying (connection, 4xx)
    rejected: dict[str, str] = field(default_factory=dict)  # refused for good (5xx), per recipient
    error: str | None = None
    deferred: dict[str, str] = field(default_factory=dict)  # refused for now (4xx), per recipient
    retry_after: float | None = None  # seconds the channel asked to wait (rate limit)


class Mailer(Protocol):
    def send_batch(self, messages: Sequence[EmailMessage]) -> Iterator[SendResult]:
        """Send the messages over one connection, yielding each message's result, in order, as
        soon as the server has answered it: the caller records it before the next is sent."""
        ...


class ChatSender(Protocol):
    """A chat channel (Slack, Microsoft Teams): posts one queued message at a time."""

    channel: str

    def send(self, message: OutboxMessage) -> SendResult:
        """Post the message to its one recipient; refusals come back as results, never raised."""
        ...


def make_message_id(
    kind: str, recipients: Sequence[str], subject: str, text: str, now: datetime, sender: str
) -> str:
    """`<pmsync.{sha}@{sender domain}>`, derived from what the outbox row holds."""
    seed = "\n".join([kind, ",".join(sorted(recipients)), _ts(now), subject, text])
    digest = hashlib.sha256(seed.encode()).hexdigest()[:32]
    domain = bare_address(sender).rpartition("@")[2] or "pmsync.invalid"
    return f"<pmsync.{digest}@{domain}>"


def queue(
    ledger: Ledger,
    *,
    kind: str,
    recipients: Sequence[str],
    subject: str,
    text: str,
    html: str,
    now: datetime,
    sender: str,
    about: Sequence[str] = (),
    channel: str = "email",
    payload: str = "",
) -> OutboxMessage | None:
    """Add a message to the outbox in the caller's transaction; None when it is already there."""
    if not ledger.conn.in_transaction:
        raise RuntimeError("outbox.queue runs inside the transaction that records why the mail is sent")
    # Chat recipients ("slack:user:…", "msteams:payments") are destinations, not addresses.
    addresses = list(dict.fromkeys(bare_address(r) if channel == "email" else r for r in recipients))
    subject = clean_subject(subject)
    message_id = make_message_id(f"{channel}:{kind}" if channel != "email" else kind, addresses, subject,
                                 text, now, sender)
    cur = ledger.conn.execute(
        """INSERT OR IGNORE INTO outbox(message_id, recipients, subject, body_text, body_html, kind,
               created_at, next_attempt_at, channel, payload)
           VALUES (?,?,?,?,?,?,?,?,?,?)""",
        (message_id, json.dumps(addresses), subject, text, html, kind, _ts(now), _ts(now), channel, payload),
    )
    if not cur.rowcount:
        return None
    ledger.add_event(
        "mail_queued" if channel == "email" else "message_queued", now, None, message_id=message_id,
        mail=kind, channel=channel, recipients=addresses, subject=subject, items=list(about),
    )
    return get(ledger, int(cur.lastrowid or 0))


def get(ledger: Ledger, row_id: int) -> OutboxMessage | None:
    row = ledger.conn.execute("SELECT * FROM outbox WHERE id = ?", (row_id,)).fetchone()
    return _message(row) if row else None


def due(ledger: Ledger, now: datetime, limit: int | None = 200) -> list[OutboxMessage]:
    """Unsent messages whose next attempt is due, oldest first; finally refused ones excluded."""
    rows = ledger.conn.execute(
        """SELECT * FROM outbox
           WHERE sent_at IS NULL AND next_attempt_at <= ?
             AND json_array_length(rejected) < json_array_length(recipients)
           ORDER BY id LIMIT ?""",
        (_ts(now), -1 if limit is None else limit),
    ).fetchall()
    return [_message(r) for r in rows]


def messages(ledger: Ledger) -> list[OutboxMessage]:
    return [_message(r) for r in ledger.conn.execute("SELECT * FROM outbox ORDER BY id")]


def backoff(attempts: int, base: timedelta = BACKOFF_BASE, cap: timedelta = BACKOFF_CAP) -> timedelta:
    """1, 2, 4, … minutes after the 1st, 2nd, 3rd failed attempt, never more than the cap."""
    return min(base * 2 ** min(max(attempts - 1, 0), 30), cap)


def mark_sent(ledger: Ledger, message: OutboxMessage, now: datetime, rejected: dict[str, str]) -> None:
    ledger.conn.execute(
        "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL, rejected = ? WHERE id = ?",
        (_ts(now), _rejected_json(message, rejected), message.id),
    )


def mark_failed(
    ledger: Ledger,
    message: OutboxMessage,
    now: datetime,
    error: str,
    rejected: dict[str, str],
    retry_after: float | None = None,
) -> datetime:
    """Record a failed attempt and schedule the next (not before the channel's own
    Retry-After); returns when it is due."""
    attempts = message.attempts + 1
    next_at = now + max(backoff(attempts), timedelta(seconds=retry_after or 0))
    ledger.conn.execute(
        """UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, rejected = ?
           WHERE id = ?""",
        (attempts, _ts(next_at), error, _rejected_json(message, rejected), message.id),
    )
    return next_at


def record(ledger: Ledger, message: OutboxMessage, result: SendResult, now: datetime) -> Outcome:
    """Store the outcome of one delivery attempt (inside the caller's transaction).

    Recipients the server deferred while others accepted the message get a copy of their own
    (same content, its own Message-ID), so nobody receives the message twice.
    """
    if result.ok:
        mark_sent(ledger, message, now, result.rejected)
        if result.deferred:
            _requeue(ledger, message, sorted(result.deferred), now)
        return "sent"
    left = [r for r in message.deliverable if r not in result.rejected]
    error = result.error or _describe(result.rejected) or "not delivered"
    if result.temporary and left:
        mark_failed(ledger, message, now, error, result.rejected, result.retry_after)
        return "retry"
    refused = dict(result.rejected)
    refused.update({r: error for r in left})  # refused for good: every recipient is final
    mark_failed(ledger, message, now, error, refused)
    return "failed"


def to_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The message as sent: plain text with an HTML alternative, and the stored Message-ID."""
    msg = EmailMessage()
    msg["Subject"] = clean_subject(message.subject)
    msg["From"] = sender
    msg["To"] = ", ".join(message.deliverable)
    msg["Date"] = format_datetime(message.created_at)
    msg["Message-ID"] = message.message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["X-Pmsync-Kind"] = clean_subject(message.kind, 40)
    msg.set_content(message.body_text)
    msg.add_alternative(message.body_html, subtype="html")
    # A boundary derived from the Message-ID makes a resend byte-for-byte the same message.
    msg.set_boundary("=_pmsync_" + hashlib.sha256(message.message_id.encode()).hexdigest()[:24])
    return msg


def _requeue(ledger: Ledger, message: OutboxMessage, recipients: list[str], now: datetime) -> None:
    digest = hashlib.sha256(f"{message.message_id}\n{','.join(recipients)}".encode()).hexdigest()[:32]
    domain = message.message_id.rstrip(">").rpartition("@")[2]
    ledger.conn.execute(
        """INSERT OR IGNORE INTO outbox(message_id, recipients, subject, body_text, body_html, kind,
               created_at, next_attempt_at, channel, payload)
           VALUES (?,?,?,?,?,?,?,?,?,?)""",
        (
            f"<pmsync.{digest}@{domain}>", json.dumps(recipients), message.subject, message.body_text,
            message.body_html, message.kind, _ts(message.created_at), _ts(now + backoff(1)),
            message.channel, message.payload,
        ),
    )


def _rejected_json(message: OutboxMessage, rejected: dict[str, str]) -> str:
    merged = dict(message.rejected)
    norm = bare_address if message.channel == "email" else str
    merged.update({norm(k): v for k, v in rejected.items() if norm(k) in message.recipients})
    return json.dumps(sorted(merged.items()))


def _describe(rejected: dict[str, str]) -> str:
    return "; ".join(f"{addr}: {why}" for addr, why in sorted(rejected.items()))


def _ts(value: datetime) -> str:
    # One fixed-width UTC spelling, so the ledger can compare times as text.
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _message(row: sqlite3.Row) -> OutboxMessage:
    return OutboxMessage(
        id=row["id"],
        message_id=row["message_id"],
        recipients=tuple(json.loads(row["recipients"])),
        subject=row["subject"],
        body_text=row["body_text"],
        body_html=row["body_html"],
        kind=row["kind"],
        created_at=datetime.fromisoformat(row["created_at"]),
        attempts=row["attempts"],
        next_attempt_at=datetime.fromisoformat(row["next_attempt_at"]),
        sent_at=datetime.fromisoformat(row["sent_at"]) if row["sent_at"] else None,
        last_error=row["last_error"],
        rejected=dict(json.loads(row["rejected"])),
        channel=row["channel"],
        payload=row["payload"],
    )
