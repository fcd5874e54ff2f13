"""The first day over an existing backlog: one onboarding summary per lead and one to ops, no
escalation flood; afterwards the ladder runs on changes and new deadlines. Engine + Notifier
on a real SQLite ledger, delivered over SMTP to aiosmtpd on 127.0.0.1."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.trackers.base import AuthError, Unavailable
from syncer import outbox
from syncer.model import Change
from syncer.notify import Notifier
from tests.fakes.smtp_server import FakeSmtp
from tests.integration.test_mail import BOB, DIRECTOR, LEAD, OPS, OWNER, World, doc, item, text_of

BACKLOG_DAY = date(2026, 12, 16)  # INC-7's items (due 2026-12-15) are overdue on the first look


def backlog_world(tmp_path, smtp: FakeSmtp, mode: str = "summary") -> World:
    w = World(tmp_path, smtp, [
        doc(item(1, "Add disk space alert at 80% threshold"),
            item(2, "Add config validation to CI pipeline", owner="bob")),
        doc(item(1, "Cap retries of the payment client", due=date(2027, 1, 20), pm="INC-8"),
            item(2, "Load-test the checkout path", owner="bob", due=date(2027, 2, 1), pm="INC-8"),
            pm_id="INC-8"),
    ])
    w.settings = w.settings.model_copy(
        update={"policy": w.settings.policy.model_copy(update={"escalate_backlog": mode})}
    )
    w.notifier = Notifier(w.settings)
    w.clock.set(BACKLOG_DAY)
    return w


@pytest.fixture
def smtp():
    with FakeSmtp() as server:
        yield server


def test_first_cycle_sends_one_summary_per_lead_and_one_to_ops_and_no_escalation(tmp_path, smtp):
    w = backlog_world(tmp_path, smtp)
    w.run()
    mail = w.new_mail()
    assert sorted(mail) == [LEAD, OPS]  # no owner, no escalation contact
    assert mail[LEAD] == ["[pmsync] Now following 4 payments action items: 2 already need attention"]
    text = text_of(w.smtp.to(LEAD)[0])
    assert "INC-7/1 - Add disk space alert" in text and "overdue by 1 day" in text
    assert "INC-8/1" not in text  # not due yet: not part of what was found
    assert "are not escalated one by one" in text
    assert len(w.smtp.to(OPS)) == 1

    for day in (date(2026, 12, 20), date(2026, 12, 31)):  # renotify and escalation days pass
        w.clock.set(day)
        w.run()
        assert w.new_mail() == {}  # the backlog stays out of the ladder


def test_after_the_baseline_changes_and_new_deadlines_go_down_the_ladder_once(tmp_path, smtp):
    w = backlog_world(tmp_path, smtp)
    w.run()
    w.new_mail()
    # a lead demotes a baseline item: that is news, for the lead, once
    w.clock.advance(minutes=5)
    t = w.clock()
    key = next(k for (_, k), s in w.tracker.tickets.items() if s.marker and "disk space" in (s.summary or ""))
    w.tracker.human("jira:OPS", key, priority="P3", updated_at=t,
                    history=(Change("priority", t, "acc-bob", "High", "Low"),))
    w.run()
    mail = w.new_mail()
    assert list(mail) == [LEAD] and len(mail[LEAD]) == 1
    assert "Priority lowered" in text_of(w.smtp.to(LEAD)[-1])
    w.clock.advance(minutes=5)
    w.run()
    assert w.new_mail() == {}
    # INC-8/1's deadline passes after the baseline: the owner and the lead hear of it
    w.clock.set(date(2027, 1, 21))
    w.run()
    mail = w.new_mail()
    assert sorted(mail) == [OWNER, LEAD]
    assert "INC-8/1" in text_of(w.smtp.to(OWNER)[-1]) and "INC-7/1" not in text_of(w.smtp.to(OWNER)[-1])


def test_never_records_the_baseline_silently_and_ladder_escalates_it(tmp_path, smtp):
    quiet = backlog_world(tmp_path / "never", smtp, "never")
    quiet.run()
    assert quiet.new_mail() == {}
    quiet.ledger.close()
    loud = backlog_world(tmp_path / "ladder", smtp, "ladder")
    loud.run()
    assert sorted(loud.new_mail()) == [OWNER, BOB, LEAD]
    loud.ledger.close()


def test_no_personal_mail_while_a_tracker_cannot_be_read(tmp_path, smtp):
    w = backlog_world(tmp_path, smtp)
    w.tracker.fail(Unavailable("503 Service Unavailable", target="jira:OPS"), "any", times=50)
    report = w.cycle()
    assert report.unread == {"jira:OPS"}
    w.deliver()
    assert w.new_mail() == {}  # trackers unreachable: no ticket, no mail, no summary yet
    w.tracker.failures.clear()
    w.clock.advance(minutes=5)
    w.run()
    assert sorted(w.new_mail()) == [LEAD, OPS]  # the baseline completes with the first full read
    # after the baseline: a poll failure holds the personal mail about that target's items
    w.clock.set(date(2027, 1, 21))
    w.tracker.fail(Unavailable("503 Service Unavailable", target="jira:OPS"), "poll")
    w.run()
    assert w.new_mail() == {}
    w.clock.advance(minutes=5)
    w.run()
    assert sorted(w.new_mail()) == [OWNER, LEAD]


def test_a_fatal_tracker_error_raises_no_item_flags(tmp_path, smtp):
    w = backlog_world(tmp_path, smtp)
    w.tracker.fail(AuthError("401 Unauthorized", target="jira:OPS", status=401), "any", times=50)
    report = w.cycle()
    assert report.fatal
    assert w.ledger.standing_flags() == []
    w.deliver()
    mail = w.new_mail()
    assert list(mail) == [OPS] and "Sync problem (auth)" in mail[OPS][0]


def test_an_upgraded_ledger_that_already_mailed_takes_no_baseline(tmp_path, smtp):
    w = backlog_world(tmp_path, smtp, "ladder")
    w.clock.set(date(2026, 11, 23))
    w.run()
    w.clock.set(BACKLOG_DAY)
    w.run()  # mail went out the old way
    assert sorted(w.new_mail()) == [OWNER, BOB, LEAD]
    with w.ledger.transaction():  # as a ledger from before baselines looks
        w.ledger.conn.execute("DELETE FROM kv WHERE key LIKE 'baseline.%'")
    w.settings = w.settings.model_copy(
        update={"policy": w.settings.policy.model_copy(update={"escalate_backlog": "summary"})}
    )
    w.notifier = Notifier(w.settings)
    w.docs = [*w.docs, doc(item(1, "Alert on queue depth", due=date(2026, 12, 10), pm="INC-9"), pm_id="INC-9")]
    w.clock.advance(minutes=5)
    w.run()
    mail = w.new_mail()
    assert "Now following" not in " ".join(s for subjects in mail.values() for s in subjects)
    assert sorted(mail) == [OWNER, LEAD]  # the new overdue item goes down the ladder
    assert all(m.kind != "onboarding" for m in outbox.messages(w.ledger))
    assert DIRECTOR not in mail
