"""The outbox on a real SQLite ledger: queuing in the caller's transaction, stable Message-IDs,
backoff, per-recipient outcomes, and what is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from syncer import outbox
from syncer.outbox import SendResult
from syncer.state import Ledger

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SENDER = "pmsync <pmsync@example.com>"


@pytest.fixture
def ledger(tmp_path):
    with Ledger.open(tmp_path / "state.db") as opened:
        yield opened


def put(ledger: Ledger, *recipients: str, subject: str = "[pmsync] s", now: datetime = NOW, text: str = "body"):
    with ledger.transaction():
        return outbox.queue(ledger, kind="cycle", recipients=list(recipients) or ["a@example.com"],
                            subject=subject, text=text, html="<p>body</p>", now=now, sender=SENDER)


def test_queue_only_inside_the_callers_transaction(ledger):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        outbox.queue(ledger, kind="cycle", recipients=["a@example.com"], subject="s", text="t", html="h",
                     now=NOW, sender=SENDER)
    assert outbox.messages(ledger) == []


def test_queue_rolls_back_with_the_transaction(ledger):
    with pytest.raises(KeyError), ledger.transaction():
        outbox.queue(ledger, kind="cycle", recipients=["a@example.com"], subject="s", text="t", html="h",
                     now=NOW, sender=SENDER)
        raise KeyError("the flag change failed")
    assert outbox.messages(ledger) == []


def test_message_ids_are_derived_from_the_row_and_stable(ledger):
    first = put(ledger, "A <A@Example.com>")
    assert first.recipients == ("a@example.com",)
    assert first.message_id.startswith("<pmsync.") and first.message_id.endswith("@example.com>")
    assert put(ledger, "a@example.com") is None  # the same message is queued once
    assert put(ledger, "a@example.com", now=NOW + timedelta(minutes=5)).message_id != first.message_id
    again = outbox.make_message_id("cycle", ["a@example.com"], "[pmsync] s", "body", NOW.astimezone(), SENDER)
    assert again == first.message_id


def test_the_email_carries_the_stored_message_id_date_and_headers(ledger):
    row = put(ledger, "a@example.com", "b@example.com", subject="[pmsync] Überwachung\r\nBcc: x@evil.example")
    msg = outbox.to_email(row, SENDER)
    assert msg["Message-ID"] == row.message_id and msg["From"] == SENDER
    assert msg["To"] == "a@example.com, b@example.com"
    assert msg["Date"] == "Mon, 23 Nov 2026 09:00:00 +0000"
    assert msg["Subject"] == "[pmsync] Überwachung Bcc: x@evil.example" and msg["Bcc"] is None
    assert (msg["Auto-Submitted"], msg["X-Auto-Response-Suppress"]) == ("auto-generated", "All")
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert outbox.to_email(row, SENDER).as_bytes() == msg.as_bytes()  # a resend is the same message


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [(0, 1), (1, 1), (2, 2), (3, 4), (6, 32), (7, 60), (50, 60)],
)
def test_backoff_doubles_up_to_the_cap(attempts, wait):
    assert outbox.backoff(attempts) == timedelta(minutes=wait)


def test_a_temporary_failure_is_retried_after_the_backoff(ledger):
    row = put(ledger)
    with ledger.transaction():
        assert outbox.record(ledger, row, SendResult(row.message_id, ok=False, temporary=True, error="421 busy"), NOW) == "retry"
    assert outbox.due(ledger, NOW + timedelta(seconds=59)) == []
    [due] = outbox.due(ledger, NOW + timedelta(minutes=1))
    assert (due.attempts, due.last_error, due.sent_at) == (1, "421 busy", None)
    with ledger.transaction():
        assert outbox.record(ledger, due, SendResult(row.message_id, ok=True), NOW + timedelta(minutes=1)) == "sent"
    assert outbox.due(ledger, NOW + timedelta(days=1)) == []
    assert outbox.messages(ledger)[0].sent_at == NOW + timedelta(minutes=1)


def test_a_permanent_refusal_of_every_recipient_is_final_and_stays_visible(ledger):
    row = put(ledger, "a@example.com", "b@example.com")
    result = SendResult(row.message_id, ok=False, temporary=True, error="every recipient was refused",
                        rejected={"a@example.com": "550 no such user"}, deferred={"b@example.com": "450 busy"})
    with ledger.transaction():
        assert outbox.record(ledger, row, result, NOW) == "retry"
    [due] = outbox.due(ledger, NOW + timedelta(hours=1))
    assert due.deliverable == ("b@example.com",) and outbox.to_email(due, SENDER)["To"] == "b@example.com"
    with ledger.transaction():
        final = SendResult(row.message_id, ok=False, rejected={"b@example.com": "550 gone"}, error="refused")
        assert outbox.record(ledger, due, final, NOW + timedelta(hours=1)) == "failed"
    assert outbox.due(ledger, NOW + timedelta(days=30)) == []
    [kept] = outbox.messages(ledger)
    assert kept.sent_at is None and kept.rejected == {"a@example.com": "550 no such user", "b@example.com": "550 gone"}


def test_a_whole_message_refusal_is_final(ledger):
    row = put(ledger)
    with ledger.transaction():
        result = SendResult(row.message_id, ok=False, temporary=False, error="554 5.7.1 message refused")
        assert outbox.record(ledger, row, result, NOW) == "failed"
    assert outbox.due(ledger, NOW + timedelta(days=1)) == []
    assert outbox.messages(ledger)[0].rejected == {"a@example.com": "554 5.7.1 message refused"}


def test_recipients_deferred_while_others_accepted_get_their_own_copy(ledger):
    row = put(ledger, "a@example.com", "b@example.com", "c@example.com")
    result = SendResult(row.message_id, ok=True, rejected={"c@example.com": "550 unknown"},
                        deferred={"b@example.com": "451 try later"})
    with ledger.transaction():
        assert outbox.record(ledger, row, result, NOW) == "sent"
    sent, copy = outbox.messages(ledger)
    assert sent.sent_at == NOW and sent.rejected == {"c@example.com": "550 unknown"}
    assert copy.recipients == ("b@example.com",) and copy.message_id != sent.message_id
    assert (copy.subject, copy.body_text, copy.created_at) == (sent.subject, sent.body_text, sent.created_at)
    assert outbox.due(ledger, NOW) == [] and outbox.due(ledger, NOW + timedelta(minutes=1)) == [copy]


def test_due_is_oldest_first_and_limited(ledger):
    rows = [put(ledger, subject=f"[pmsync] {n}", now=NOW + timedelta(seconds=n)) for n in range(5)]
    later = NOW + timedelta(minutes=1)
    assert [m.id for m in outbox.due(ledger, later, limit=3)] == [r.id for r in rows[:3]]
    assert len(outbox.due(ledger, later, limit=None)) == 5
    assert outbox.due(ledger, NOW + timedelta(seconds=2)) == rows[:3]


def test_times_in_other_zones_compare_correctly(ledger):
    berlin = NOW.astimezone(ZoneInfo("Europe/Berlin"))
    row = put(ledger, now=berlin)
    assert outbox.due(ledger, NOW - timedelta(microseconds=1)) == []
    assert outbox.due(ledger, NOW) == [row]
