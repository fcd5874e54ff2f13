"""Escalation mail end to end: the engine (MemoryTracker, controllable clock) raising flags, the
Notifier queuing them in a real SQLite ledger, and SmtpMailer delivering to aiosmtpd on
127.0.0.1."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from adapters.notify.smtp import SmtpMailer
from syncer import outbox
from syncer.engine import Engine
from syncer.model import ActionItem, Document, Postmortem
from syncer.notify import Notifier
from syncer.settings import Settings
from syncer.state import Ledger
from tests.fakes.memory_tracker import MemoryTracker
from tests.fakes.smtp_server import FakeSmtp

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday, 10:00 in Berlin
DUE = date(2026, 12, 15)
OWNER, BOB, LEAD, DIRECTOR, OPS = (
    "alice@example.com", "bob@example.com", "pay-lead@example.com", "director@example.com",
    "sre-oncall@example.com",
)


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)

    def set(self, day: date, hour: int = 9) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def make_settings(port: int, **smtp: object) -> Settings:
    return Settings(
        jira={"url": "http://127.0.0.1:9", "email": "bot@example.com", "token": "t"},
        routing={"default": "jira:OPS"},
        people={
            "alice": {"email": OWNER, "jira": "acc-alice", "team": "payments", "name": "Alice Ångström"},
            "bob": {"email": BOB, "jira": "acc-bob", "team": "payments"},
            "carol": {"jira": "acc-carol", "team": "payments"},
            "dave": {"email": "dave@example.com", "jira": "acc-dave", "team": "web"},
        },
        teams={
            "payments": {"leads": [f"Pay Lead <{LEAD}>"], "escalation": [DIRECTOR]},
            "web": {"leads": []},
        },
        # The ladder from the first cycle on: these tests start on a backlog already overdue
        # (the onboarding summary that replaces it by default is tested on its own).
        policy={"timezone": "Europe/Berlin", "reminder_days": 3, "escalate_after_days": 14, "renotify_days": 7,
                "escalate_backlog": "ladder"},
        smtp={"host": "127.0.0.1", "port": port, "starttls": False, "sender": "pmsync <pmsync@example.com>",
              "ops": [OPS], "timeout": 5, **smtp},
    )


def item(n: int, text: str, *, owner: str | None = "alice", due: date | None = DUE, pm: str = "INC-7") -> ActionItem:
    return ActionItem(
        key=f"{pm}/{n}", item_id=str(n), explicit_id=True, text=text, owner=owner, due=due,
        priority="P1", verify="alert fires in staging; checked by on-call", line=10 + n,
    )


def doc(*items: ActionItem, pm_id: str = "INC-7", team: str | None = None, related: tuple[str, ...] = (),
        title: str | None = None) -> Document:
    pm = Postmortem(
        id=pm_id, id_explicit=True, title=title or f"Checkout outage {pm_id}", path=f"{pm_id}.md",
        date=date(2026, 11, 2), review_date=date(2026, 11, 4), severity="SEV2", team=team,
        related=related, items=tuple(items),
    )
    return Document(pm.path, pm)


class World:
    def __init__(self, tmp_path, smtp: FakeSmtp, docs: list[Document], **smtp_settings: object) -> None:
        self.docs = docs
        self.clock = Clock()
        self.tracker = MemoryTracker()
        self.path = tmp_path / "state.db"
        self.smtp = smtp
        self.settings = make_settings(smtp.port, **smtp_settings)
        self.ledger = Ledger.open(self.path)
        self.notifier = Notifier(self.settings)

    def cycle(self):
        engine = Engine(self.settings, self.ledger, {"jira": self.tracker}, lambda: self.docs, self.clock,
                        notifier=self.notifier)
        return engine.cycle()

    def mailer(self) -> SmtpMailer:
        return SmtpMailer(self.settings.smtp, connect_attempts=2, sleep=lambda _: None)

    def deliver(self):
        return self.notifier.deliver(self.ledger, self.mailer(), self.clock())

    def run(self):
        """One daemon tick: sync, then deliver the outbox."""
        self.cycle()
        return self.deliver()

    def restart(self) -> None:
        self.ledger.close()
        self.ledger = Ledger.open(self.path)
        self.notifier = Notifier(self.settings)

    def new_mail(self) -> dict[str, list[str]]:
        """Subjects received since the last call, per recipient."""
        got: dict[str, list[str]] = {}
        for r in self.smtp.received[self._seen:]:
            for rcpt in r.rcpt_tos:
                # strip(): Python's parser keeps the space of a header folded after "Subject:"
                got.setdefault(rcpt.lower(), []).append(str(r.message["Subject"]).strip())
        self._seen = len(self.smtp.received)
        return got

    _seen = 0


@pytest.fixture
def smtp():
    with FakeSmtp() as server:
        yield server


@pytest.fixture
def world(tmp_path, smtp):
    w = World(tmp_path, smtp, [doc(item(1, "Add disk space alert at 80% threshold"),
                                   item(2, "Add config validation to CI pipeline", owner="bob"))])
    yield w
    w.ledger.close()


def text_of(received) -> str:
    return received.message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def html_of(received) -> str:
    return received.message.get_body(("html",)).get_content().replace("\r\n", "\n")


# -- the ladder ------------------------------------------------------------------------------


def test_the_ladder_owner_then_lead_then_escalation(world):
    world.run()
    assert world.new_mail() == {}  # tickets created, nothing flagged yet

    world.clock.set(date(2026, 12, 13))  # two days before the deadline: owners are reminded
    world.run()
    mail = world.new_mail()
    assert sorted(mail) == [OWNER, BOB]
    assert mail[OWNER] == ["[pmsync] 1 of your action items needs you: 1 due soon – Add disk space alert at 80% threshold"]

    world.clock.set(date(2026, 12, 16))  # overdue: the owner and the lead
    world.run()
    mail = world.new_mail()
    assert sorted(mail) == [OWNER, BOB, LEAD]
    assert len(mail[LEAD]) == 1 and mail[LEAD][0] == "[pmsync] 2 payments action items need you: 2 overdue"

    world.clock.set(date(2026, 12, 20))  # still overdue, inside renotify_days: silence
    world.run()
    assert world.new_mail() == {}

    world.clock.set(date(2026, 12, 30))  # overdue by 15 days > 14: escalation, and the 7-day repeat
    world.run()
    mail = world.new_mail()
    assert sorted(mail) == [OWNER, BOB, DIRECTOR, LEAD]
    assert mail[DIRECTOR][0] == "[pmsync] Escalation: 2 payments action items need you: 2 overdue"
    director = world.smtp.to(DIRECTOR)[0]
    assert "overdue by more than 14 days" in " ".join(text_of(director).split())


def test_escalation_reaches_the_contacts_at_once_not_at_the_next_repeat(world):
    world.clock.set(date(2026, 12, 16))
    world.run()
    world.new_mail()
    world.clock.set(date(2026, 12, 22))  # 7 days overdue: nobody new, nothing repeated
    world.run()
    assert world.new_mail() == {}
    world.clock.set(date(2026, 12, 30))
    world.clock.advance(days=-1)  # 2026-12-29: 14 days overdue, not more
    world.run()
    assert list(world.new_mail()) == [OWNER, BOB, LEAD]  # the 7-day repeat only
    world.clock.advance(days=1)  # 15 days: the director hears now, the others are not repeated
    world.run()
    assert list(world.new_mail()) == [DIRECTOR]


def test_demotion_and_blocked_go_to_the_lead_at_once_with_who_changed_it(world):
    world.run()
    world.clock.advance(minutes=5)
    t = world.clock()
    from syncer.model import Change

    world.tracker.human("jira:OPS", "OPS-1", priority="P3", updated_at=t,
                        history=(Change("priority", t, "acc-bob", "High", "Low"),))
    world.tracker.human("jira:OPS", "OPS-2", status="Blocked", updated_at=t)
    world.run()
    mail = world.new_mail()
    assert list(mail) == [LEAD]
    text = text_of(world.smtp.to(LEAD)[0])
    assert "Priority lowered: priority lowered P1 → P3 by @bob" in text  # a name, not an account id
    assert "Changed in the tracker by @bob" in text
    assert "* INC-7/2 - Add config validation" in text and "Blocked items are escalated at once" in text
    assert text.index("* INC-7/2") < text.index("* INC-7/1")
    assert "How we verify: alert fires in staging" in text and "https://tracker.test/OPS-1" in text


def test_repeat_incident_reaches_the_escalation_contacts(world):
    world.run()
    world.docs = [*world.docs, doc(item(1, "Cap retries of the payment client", pm="INC-9"),
                                   pm_id="INC-9", team="payments", related=("INC-7",))]
    world.run()
    mail = world.new_mail()
    assert sorted(mail) == [DIRECTOR, LEAD]
    assert any("Repeat incident" in s or "repeat incident" in s for s in mail[DIRECTOR])


def test_a_flag_with_nobody_to_tell_is_reported_to_ops(tmp_path, smtp):
    w = World(tmp_path, smtp, [doc(item(1, "Rotate TLS certificates automatically", owner="carol"),
                                   item(2, "Document the cache warm-up", owner="dave"),
                                   item(3, "Page on checkout errors", owner="zed"))])
    try:
        w.clock.set(date(2026, 12, 16))
        w.run()
        mail = w.new_mail()
        assert OPS in mail and LEAD in mail
        ops = text_of(w.smtp.to(OPS)[0])
        ops = " ".join(ops.split())  # folded at 80 columns
        assert "owner 'carol' has no e-mail address (people.carol.email)" in ops
        assert "team 'web' has no leads (teams.web.leads)" in ops
        assert "owner 'zed' is not in the people directory" in ops
        assert "no team: the postmortem names none and the owner 'zed' has no team" in ops
        w.clock.advance(days=1)
        w.run()
        assert w.new_mail() == {}  # gaps follow the flag's cooldown too
    finally:
        w.ledger.close()


def test_sync_failures_go_to_ops_once_per_renotify_window(world):
    problems = ["jira: 401 Unauthorized: the API token was revoked or has expired"]
    assert world.notifier.queue_ops(world.ledger, world.clock(), problems, kind="auth") == 1
    assert world.notifier.queue_ops(world.ledger, world.clock() + timedelta(hours=6), problems, kind="auth") == 0
    assert world.notifier.queue_ops(world.ledger, world.clock(), ["github: 403"], kind="permission") == 1
    world.deliver()
    mail = world.new_mail()
    assert list(mail) == [OPS] and len(mail[OPS]) == 2
    assert "401 Unauthorized" in text_of(world.smtp.to(OPS)[0])
    assert world.notifier.queue_ops(world.ledger, world.clock() + timedelta(days=7), problems, kind="auth") == 1
    world.notifier.clear_ops(world.ledger, "permission")
    later = world.clock() + timedelta(minutes=5)
    assert world.notifier.queue_ops(world.ledger, later, ["github: 403"], kind="permission") == 1


# -- grouping, cooldown, resolution, digest --------------------------------------------------


def test_resolved_flags_are_mentioned_once_in_the_next_message(world):
    world.run()
    world.clock.advance(minutes=5)
    world.tracker.human("jira:OPS", "OPS-1", status="Blocked", updated_at=world.clock())
    world.run()
    world.new_mail()
    world.clock.advance(minutes=5)
    world.tracker.human("jira:OPS", "OPS-1", status="In Progress", updated_at=world.clock())
    world.run()
    assert world.new_mail() == {}  # a resolution alone sends nothing
    world.clock.advance(minutes=5)
    world.tracker.human("jira:OPS", "OPS-2", priority="P4", updated_at=world.clock())
    world.run()
    assert list(world.new_mail()) == [LEAD]
    text = text_of(world.smtp.to(LEAD)[-1])
    assert "Resolved since last time:\n* Blocked: INC-7/1" in text
    world.clock.advance(minutes=5)
    world.tracker.human("jira:OPS", "OPS-1", labels=("pmsync", "icebox"), updated_at=world.clock())
    world.run()
    assert "Resolved since last time" not in text_of(world.smtp.to(LEAD)[-1])


def test_weekly_digest_once_a_week_from_the_configured_hour(world):
    world.run()
    world.tracker.close("jira:OPS", "OPS-2", by="acc-alice", at=world.clock())  # verified by someone else
    world.clock.set(date(2026, 11, 30), hour=7)  # Monday 08:00 in Berlin: before "monday 09:00"
    world.cycle()
    assert world.notifier.queue_weekly_digest(world.ledger, world.clock()) == 0
    world.clock.advance(hours=1)  # 09:00 Berlin
    assert world.notifier.queue_weekly_digest(world.ledger, world.clock()) == 1
    assert world.notifier.queue_weekly_digest(world.ledger, world.clock() + timedelta(days=3)) == 0
    world.deliver()
    mail = world.new_mail()
    assert mail == {LEAD: ["[pmsync] Weekly review 2026-W49 for payments: 1 open action item"]}
    text = text_of(world.smtp.to(LEAD)[0])
    assert "Verified: 1 of 2 (50%)" in text and "INC-7/1 - Add disk space alert" in text
    assert "INC-7/2" not in text.split("Verified:")[1]
    trend = re.search(r"On-time rate by week, last 12 weeks, oldest first: (.*)", text)
    assert trend and len(trend.group(1).split(", ")) == 12 and "On time, last 90 days: " in text
    world.clock.set(date(2026, 12, 7), hour=9)
    assert world.notifier.queue_weekly_digest(world.ledger, world.clock()) == 1


def test_the_organisation_wide_report_goes_out_once_a_week(world):
    director = "eng-director@example.com"
    world.settings = world.settings.model_copy(
        update={"daemon": world.settings.daemon.model_copy(update={"weekly_report": [f"Director <{director}>"]})}
    )
    world.notifier = Notifier(world.settings)
    world.run()
    world.tracker.close("jira:OPS", "OPS-2", by="acc-alice", at=world.clock())  # verified, before its deadline
    world.clock.set(date(2026, 12, 21), hour=8)  # the Monday after the deadline (2026-12-15), 09:00 Berlin
    world.cycle()
    assert world.notifier.queue_weekly_digest(world.ledger, world.clock()) == 2  # the lead's review and the report
    assert world.notifier.queue_weekly_digest(world.ledger, world.clock()) == 0
    world.deliver()
    mail = world.new_mail()
    assert mail[director] == ["[pmsync] Follow-through 2026-W52: 1 past deadline, 50% on time over 90 days"]
    text = text_of(world.smtp.to(director)[0])
    assert "All teams: on time, last 90 days: 50% (1 of 2 due).   Past deadline now: 1 of 1 not verified." in text
    assert "payments: on time 50% (1 of 2 due), past deadline 1 of 1 not verified" in text
    assert "on time over 90 days" not in html_of(world.smtp.to(director)[0]) and "<td>payments</td>" in html_of(
        world.smtp.to(director)[0])


# -- delivery guarantees ------------------------------------------------------------------------


def test_smtp_down_then_back_every_message_arrives_once_in_order(world):
    world.smtp.down()
    for kind in ("auth", "permission", "config"):
        world.notifier.queue_ops(world.ledger, world.clock(), [f"{kind} problem"], kind=kind)
    world.clock.set(date(2026, 12, 16))
    world.cycle()
    queued = [m.message_id for m in outbox.messages(world.ledger)]
    assert len(queued) == 6  # three ops messages, owner, bob, lead
    for _ in range(3):
        report = world.deliver()
        assert report.retrying == 6 and not report.ok
        world.clock.advance(hours=1)  # past the capped backoff
    world.smtp.up()
    report = world.deliver()
    assert (report.sent, report.retrying, report.failed) == (6, 0, 0)
    assert world.deliver().attempted == 0
    assert world.smtp.message_ids() == queued  # once each, in queue order
    row = outbox.messages(world.ledger)[0]
    assert row.attempts == 4 and row.sent_at is not None


def test_killed_between_queuing_and_sending_delivers_after_restart(world):
    world.clock.set(date(2026, 12, 16))
    world.cycle()  # queued, then the process dies before delivering
    queued = [m.message_id for m in outbox.messages(world.ledger)]
    world.restart()
    assert world.deliver().sent == 3
    assert world.smtp.message_ids() == queued


class Crash(BaseException):
    pass


def test_killed_after_the_server_accepted_resends_that_message_alone_with_the_same_message_id(world, monkeypatch):
    world.clock.set(date(2026, 12, 16))
    world.cycle()
    assert len(outbox.due(world.ledger, world.clock())) == 3

    def crash(*args, **kwargs):
        raise Crash()

    monkeypatch.setattr(outbox, "record", crash)
    with pytest.raises(Crash):
        world.deliver()
    monkeypatch.undo()
    first = world.smtp.message_ids()
    assert len(first) == 1  # the crash came before the next message went out
    world.restart()
    assert world.deliver().sent == 3
    again = world.smtp.message_ids()[len(first):]
    assert again[0] == first[0] and len(set(again)) == 3  # same Message-ID: clients show it once
    assert world.deliver().attempted == 0


def test_a_crash_inside_the_flag_transaction_queues_nothing(world):
    world.clock.set(date(2026, 12, 16))

    class Broken(Notifier):
        def queue_cycle(self, ledger, now, unread=()):
            super().queue_cycle(ledger, now, unread)
            raise Crash()

    engine = Engine(world.settings, world.ledger, {"jira": world.tracker}, lambda: world.docs,
                    world.clock, notifier=Broken(world.settings))
    with pytest.raises(Crash):
        engine.cycle()
    world.restart()
    assert outbox.messages(world.ledger) == [] and world.ledger.standing_flags() == []
    world.run()
    assert sorted(world.new_mail()) == [OWNER, BOB, LEAD]


def test_refused_recipients_are_recorded_and_a_total_refusal_is_final(world):
    world.smtp.refuse = {LEAD: "550 5.1.1 no such user", BOB: "450 4.2.1 mailbox busy"}
    world.clock.set(date(2026, 12, 16))
    world.notifier.queue_ops(world.ledger, world.clock(), ["auth"], kind="auth")
    report = world.run()
    assert report.failed == 1 and report.retrying == 1 and report.sent == 2
    rows = {m.recipients: m for m in outbox.messages(world.ledger)}
    assert rows[(LEAD,)].rejected == {LEAD: "550 5.1.1 no such user"} and rows[(LEAD,)].sent_at is None
    assert rows[(BOB,)].attempts == 1 and "450 4.2.1 mailbox busy" in rows[(BOB,)].last_error
    world.smtp.refuse = {}
    world.clock.advance(minutes=2)
    report = world.deliver()
    assert report.sent == 1 and report.attempted == 1  # bob's retry; the lead's refusal is final
    assert [r.rcpt_tos for r in world.smtp.to(BOB)] == [(BOB,)]


def test_authentication_required_wrong_password_keeps_the_mail_queued(tmp_path):
    with FakeSmtp(users={"pmsync": "right"}) as server:
        w = World(tmp_path, server, [doc(item(1, "Add disk space alert"))], username="pmsync", password="wrong")
        try:
            assert "authentication as 'pmsync' failed" in w.mailer().check()[0]
            w.notifier.queue_ops(w.ledger, w.clock(), ["jira: 401"], kind="auth")
            report = w.deliver()
            assert report.retrying == 1 and "authentication failed: 535" in report.errors[0]
            w.settings = make_settings(server.port, username="pmsync", password="right")
            w.clock.advance(minutes=5)
            assert w.mailer().check() == []
            assert w.deliver().sent == 1 and server.logins[-1] == "pmsync"
        finally:
            w.ledger.close()


def test_a_relay_refusing_the_sender_keeps_the_mail_queued(tmp_path):
    # AUTH is required but no username is configured: MAIL FROM is refused with 530
    with FakeSmtp(users={"pmsync": "right"}) as server:
        w = World(tmp_path, server, [doc(item(1, "Add disk space alert"))])
        try:
            w.notifier.queue_ops(w.ledger, w.clock(), ["jira: 401"], kind="auth")
            report = w.deliver()
            assert report.failed == 0 and report.retrying == 1
            assert "sender refused: 530" in report.errors[0]
            w.settings = make_settings(server.port, username="pmsync", password="right")
            w.clock.advance(minutes=5)
            assert w.deliver().sent == 1 and len(server.received) == 1
        finally:
            w.ledger.close()


def test_smtp_check_reports_an_unreachable_server(tmp_path, smtp):
    settings = make_settings(smtp.port)
    smtp.down()
    problems = SmtpMailer(settings.smtp, sleep=lambda _: None).check()
    assert problems and problems[0].startswith(f"cannot connect to 127.0.0.1:{smtp.port}")
    starttls = make_settings(smtp.port, starttls=True)
    smtp.up()
    assert "does not offer STARTTLS" in SmtpMailer(starttls.smtp).check()[0]


# -- hostile text ----------------------------------------------------------------------------


def test_hostile_item_text_cannot_inject_headers_or_markup(tmp_path, smtp):
    title = "Fix it\r\nBcc: victim@evil.example\r\nSubject: pwned"
    text = "Escape <script>alert('x')</script> & <b>bold</b>\nX-Injected: yes " + "long " * 400
    w = World(tmp_path, smtp, [doc(item(1, title, pm="INC-8"), item(2, text, pm="INC-8"), pm_id="INC-8",
                                   title="<img src=x onerror=alert(1)> outage")])
    w.settings.people["alice"] = w.settings.people["alice"].model_copy(update={"name": "Zoë Ñúñez <ops@evil>"})
    try:
        w.clock.set(date(2026, 12, 13))
        w.run()
        received = w.smtp.to(OWNER)
        assert len(received) == 1 and received[0].rcpt_tos == (OWNER,)
        message = received[0].message
        assert message.get_all("Bcc") is None and message.get_all("X-Injected") is None
        assert len(message.get_all("Subject")) == 1
        subject = str(message["Subject"]).strip()
        assert "\n" not in subject and "\r" not in subject and len(subject) <= 150
        assert subject.startswith("[pmsync] 2 of your action items need you: 2 due soon")
        html = html_of(received[0])
        assert "<script>" not in html and "<img" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
        assert message["Auto-Submitted"] == "auto-generated" and message["X-Auto-Response-Suppress"] == "All"
        assert message["Message-ID"].endswith("@example.com>") and message["Date"]
        assert all(len(line) <= 998 for line in received[0].raw.split(b"\r\n"))
        plain = text_of(received[0])
        assert "Zoë Ñúñez <ops@evil>" in plain
    finally:
        w.ledger.close()


def test_a_non_ascii_subject_is_encoded_and_reads_back(tmp_path, smtp):
    w = World(tmp_path, smtp, [doc(item(1, "Überwachung für Zahlungsdienst einrichten — 監視"))])
    try:
        w.clock.set(date(2026, 12, 13))
        w.run()
        [received] = w.smtp.to(OWNER)
        headers = received.raw.split(b"\r\n\r\n", 1)[0]
        assert headers.isascii() and b"=?utf-8?" in headers
        assert str(received.message["Subject"]).endswith("Überwachung für Zahlungsdienst einrichten — 監視")
    finally:
        w.ledger.close()


def test_edits_that_keep_a_flag_standing_do_not_resend(world):
    world.clock.set(date(2026, 12, 16))
    world.run()
    world.new_mail()
    items = list(world.docs[0].postmortem.items)
    world.docs = [doc(replace(items[0], text="Add disk space alert at 85% threshold"), items[1])]
    world.clock.advance(hours=1)
    world.run()
    assert world.new_mail() == {}


# -- the command line ----------------------------------------------------------------------


def write_config(tmp_path, port: int) -> str:
    path = tmp_path / "pmsync.toml"
    path.write_text(f"""
[jira]
url = "http://127.0.0.1:9"
email = "bot@example.com"

[routing]
default = "jira:OPS"

[people.alice]
email = "{OWNER}"
jira = "acc-alice"
team = "payments"
name = "Alice Ångström"

[people.bob]
email = "{BOB}"
jira = "acc-bob"
team = "payments"

[people.carol]
jira = "acc-carol"
team = "payments"

[people.dave]
email = "dave@example.com"
jira = "acc-dave"
team = "web"

[teams.payments]
leads = ["Pay Lead <{LEAD}>"]
escalation = ["{DIRECTOR}"]

[teams.web]

[policy]
timezone = "Europe/Berlin"
reminder_days = 3
escalate_after_days = 14
renotify_days = 7
escalate_backlog = "ladder"

[smtp]
host = "127.0.0.1"
port = {port}
starttls = false
sender = "pmsync <pmsync@example.com>"
ops = ["{OPS}"]
timeout = 5

[daemon]
state = "state.db"
""", encoding="utf-8")
    path.chmod(0o600)
    return str(path)


def test_cli_preview_writes_nothing_and_send_delivers(world, tmp_path, capsys, monkeypatch):
    from syncer.cli import main

    monkeypatch.setenv("PMSYNC_JIRA__TOKEN", "t")
    config = write_config(tmp_path, world.smtp.port)
    world.clock.set(date(2026, 12, 16))
    Engine(world.settings, world.ledger, {"jira": world.tracker}, lambda: world.docs, world.clock).cycle()
    assert outbox.messages(world.ledger) == []  # no notifier: flags standing, nothing queued
    world.ledger.close()

    def pmsync(*argv: str) -> int:
        with time_machine.travel(world.clock(), tick=False):
            return main(["--config", config, "notify", *argv])

    assert pmsync("--preview", "--to", LEAD) == 0
    out = capsys.readouterr().out
    assert f"To: {LEAD}" in out and "Subject: [pmsync] 2 payments action items need you: 2 overdue" in out
    assert "* INC-7/1 - Add disk space alert at 80% threshold\n  Overdue: overdue by 1 day (due 2026-12-15)" in out
    assert out.rstrip().endswith(f"1 message(s) would be sent now to {LEAD}")
    assert pmsync("--preview") == 0
    assert capsys.readouterr().out.rstrip().endswith("3 message(s) would be sent now")

    world.restart()
    assert outbox.messages(world.ledger) == [] and all(f.notified_at is None for f in world.ledger.flags())
    with world.ledger.transaction():  # what the daemon's cycle queues
        assert world.notifier.queue_cycle(world.ledger, world.clock()) == 3
    world.ledger.close()
    world.smtp.refuse = {LEAD: "550 5.1.1 no such user"}
    assert pmsync("--send") == 1
    captured = capsys.readouterr()
    assert "3 attempted, 2 sent, 0 to retry, 1 failed for good" in captured.out
    assert "550 5.1.1 no such user" in captured.err
    assert sorted(world.new_mail()) == [OWNER, BOB]
    world.clock.advance(hours=2)
    assert pmsync("--send") == 0  # nothing left to send: the refusal was final
    assert "0 attempted" in capsys.readouterr().out
    world.ledger = Ledger.open(world.path)


def test_cli_usage_errors(tmp_path, capsys, monkeypatch, smtp):
    from syncer.cli import main

    monkeypatch.setenv("PMSYNC_JIRA__TOKEN", "t")
    config = write_config(tmp_path, smtp.port)
    assert main(["--config", config, "notify", "--send"]) == 2
    assert "no ledger" in capsys.readouterr().err
    Ledger.open(tmp_path / "state.db").close()
    assert main(["--config", config, "notify", "--send", "--to", LEAD]) == 2
    assert "--to goes with --preview" in capsys.readouterr().err
