"""Slack and Microsoft Teams through the outbox: the real slack_sdk WebClient against a fake
Slack Web API and requests against a fake Teams webhook, both on 127.0.0.1, beside real SMTP
(aiosmtpd) and a real SQLite ledger."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from adapters.notify.slack import SlackSender
from adapters.notify.teams import TeamsSender
from syncer import outbox
from syncer.app import build_notifier, delivers_mail
from syncer.cli import main
from syncer.model import Change
from syncer.notify import Notifier
from syncer.settings import Settings
from tests.fakes.fake_slack import FakeSlack
from tests.fakes.fake_teams import FakeTeams
from tests.fakes.smtp_server import FakeSmtp
from tests.integration.test_mail import BOB, LEAD, OWNER, World, doc, item

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

DOC_URL = "https://git.example.com/sre/postmortems/blob/main/INC-7.md"


class ChatWorld(World):
    def __init__(self, tmp_path, smtp: FakeSmtp, slack: FakeSlack, teams: FakeTeams, docs) -> None:
        super().__init__(tmp_path, smtp, docs)
        self.slack, self.teams = slack, teams
        data = self.settings.model_dump()
        data["people"]["alice"].update(channels=["email", "slack"])  # looked up by e-mail
        data["people"]["bob"].update(channels=["slack"], slack="U0BOB")
        data["teams"]["payments"].update(channels=["email", "slack", "msteams"], slack_channel="C0PAY")
        data["slack"] = {"token": slack.token, "base_url": slack.base_url, "timeout": 5}
        data["msteams"] = {"timeout": 5}
        data["smtp"]["password"] = None
        self.settings = Settings.model_validate(data)
        from syncer.notify import Notifier

        self.notifier = Notifier(self.settings)

    def chat(self) -> dict[str, object]:
        assert self.settings.slack is not None and self.settings.msteams is not None
        return {
            "slack": SlackSender(self.settings.slack),
            "msteams": TeamsSender(self.settings.msteams, {"payments": self.teams.webhook("payments")}),
        }

    def deliver(self):
        return self.notifier.deliver(self.ledger, self.mailer(), self.clock(), chat=self.chat())


@pytest.fixture
def smtp():
    with FakeSmtp() as server:
        yield server


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        fake.add_member(OWNER, "U0ALICE")
        fake.add_member(BOB, "U0BOB")
        fake.add_channel("C0PAY", "payments-sre")
        yield fake


@pytest.fixture
def teams():
    with FakeTeams() as fake:
        fake.webhook("payments")
        yield fake


def make_world(tmp_path, smtp, slack, teams, *items) -> ChatWorld:
    d = doc(*(items or (item(1, "Add disk space alert at 80% threshold"),
                        item(2, "Add config validation to CI pipeline", owner="bob"))))
    d = replace(d, postmortem=replace(d.postmortem, doc_url=DOC_URL))
    return ChatWorld(tmp_path, smtp, slack, teams, [d])


def section_texts(post) -> str:
    return "\n".join(b["text"]["text"] for b in post.blocks if b["type"] == "section")


def all_texts(post) -> str:
    parts = []
    for b in post.blocks:
        if "text" in b:
            parts.append(b["text"]["text"])
        parts += [e["text"] for e in b.get("elements", [])]
    return "\n".join(parts)


def mrkdwn(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "mrkdwn" else []
        return own + [t for v in node.values() for t in mrkdwn(v)]
    if isinstance(node, list):
        return [t for v in node for t in mrkdwn(v)]
    return []


def test_every_configured_channel_hears_each_change_exactly_once(tmp_path, smtp, slack, teams):
    w = make_world(tmp_path, smtp, slack, teams)
    w.run()
    assert w.new_mail() == {} and slack.posts == [] and teams.cards == []

    # a lead-level change: the lead by mail, the team's Slack channel and Teams webhook
    w.clock.advance(minutes=5)
    t = w.clock()
    w.tracker.human("jira:OPS", "OPS-1", priority="P3", updated_at=t,
                    history=(Change("priority", t, "acc-bob", "High", "Low"),))
    report = w.run()
    assert report.ok and report.sent == 3
    assert list(w.new_mail()) == [LEAD]
    [post] = slack.to("C0PAY")
    assert "Priority lowered: priority lowered P1 → P3" in section_texts(post)
    assert "<https://tracker.test/OPS-1|OPS-1>" in section_texts(post)
    assert f"<{DOC_URL}|INC-7>" in all_texts(post)
    [card] = teams.to("payments")
    assert any("Priority lowered" in text for text in card.texts())
    assert card.urls() == ["https://tracker.test/OPS-1", DOC_URL]
    w.clock.advance(minutes=5)
    assert w.run().attempted == 0  # nothing new: nobody hears again
    assert len(slack.posts) == 1 and len(teams.cards) == 1

    # overdue: owners on their own channels (Bob on Slack only), the lead, and the team
    w.clock.set(date(2026, 12, 16))
    w.run()
    mail = w.new_mail()
    assert sorted(mail) == [OWNER, LEAD]  # Bob chose Slack only
    assert len(slack.to("U0ALICE")) == 1 and len(slack.to("U0BOB")) == 1
    assert "Overdue: overdue by 1 day (due 2026-12-15)" in section_texts(slack.to("U0BOB")[0])
    assert len(slack.to("C0PAY")) == 2 and len(teams.to("payments")) == 2
    # one entry per item with all its flags
    team_post = slack.to("C0PAY")[1]
    assert section_texts(team_post).count("INC-7/1") == 1 and "Priority lowered" in section_texts(team_post)


def test_slack_refusals_stay_queued_with_their_reason_and_block_nothing(tmp_path, smtp, slack, teams):
    w = make_world(tmp_path, smtp, slack, teams)
    del slack.members[OWNER]  # Alice has no Slack account under her address
    slack.channels["C0PAY"].clear()  # the bot was removed from the team channel
    w.run()
    w.clock.set(date(2026, 12, 16))
    report = w.run()
    assert sorted(w.new_mail()) == [OWNER, LEAD]  # mail is not held up
    assert len(teams.to("payments")) == 1 and len(slack.to("U0BOB")) == 1
    by_recipient = {m.recipients[0]: m for m in outbox.messages(w.ledger) if m.channel == "slack"}
    alice = by_recipient[f"slack:email:{OWNER}"]
    assert alice.sent_at is None and alice.rejected == {
        f"slack:email:{OWNER}": "no Slack user has this e-mail address (users_not_found)"}
    team = by_recipient["slack:channel:C0PAY"]
    assert team.sent_at is None and "the bot is not a member of the channel: invite it" in team.last_error
    assert report.failed == 1 and report.retrying == 1
    # the bot is invited: the queued message goes out once its retry is due, and only it
    slack.channels["C0PAY"].add("UBOT0001")
    w.clock.advance(minutes=2)
    assert w.deliver().sent == 1 and len(slack.to("C0PAY")) == 1
    assert w.deliver().attempted == 0


def test_a_revoked_token_and_a_rate_limit_hold_only_slack(tmp_path, smtp, slack, teams):
    w = make_world(tmp_path, smtp, slack, teams)
    w.run()
    w.clock.set(date(2026, 12, 16))
    slack.revoked = True
    w.run()
    assert sorted(w.new_mail()) == [OWNER, LEAD] and len(teams.to("payments")) == 1
    waiting = [m for m in outbox.messages(w.ledger) if m.channel == "slack"]
    assert len(waiting) == 3 and all(m.sent_at is None for m in waiting)
    assert all(m.last_error == "the Slack token was revoked (token_revoked)" for m in waiting)
    assert len(slack.calls) == 1  # one refusal is enough to know

    slack.revoked = False
    slack.rate_limited, slack.retry_after = 1, 600
    w.clock.advance(minutes=5)
    report = w.deliver()
    assert report.sent == 0 and report.retrying == 3
    first = min(waiting, key=lambda m: m.id)
    again = outbox.get(w.ledger, first.id)
    assert again is not None and again.next_attempt_at >= w.clock() + timedelta(seconds=600)
    assert "rate limited by Slack (ratelimited); retry after 600s" in (again.last_error or "")
    w.clock.advance(minutes=11)
    assert w.deliver().sent == 3 and len(slack.posts) == 3


@pytest.mark.parametrize(("status", "final"), [(400, True), (429, False), (502, False)])
def test_teams_webhook_refusals(tmp_path, smtp, slack, teams, status, final):
    w = make_world(tmp_path, smtp, slack, teams)
    w.run()
    headers = {"Retry-After": "120"} if status == 429 else {}
    teams.answer("payments", status, headers=headers,
                 body=json.dumps({"error": {"code": "BadRequest", "message": "Card is malformed"}}))
    w.clock.set(date(2026, 12, 16))
    report = w.run()
    assert sorted(w.new_mail()) == [OWNER, LEAD] and len(slack.posts) == 3  # nothing else waits
    [card] = [m for m in outbox.messages(w.ledger) if m.channel == "msteams"]
    assert card.sent_at is None and f"Microsoft Teams webhook answered {status}" in (card.last_error or "")
    assert (report.failed, report.retrying) == ((1, 0) if final else (0, 1))
    if final:
        assert card.rejected == {"msteams:payments": card.last_error}
        assert "Card is malformed" in (card.last_error or "")
    else:
        later = w.clock() + timedelta(minutes=3)
        assert (card.next_attempt_at >= w.clock() + timedelta(seconds=120)) == (status == 429)
        w.clock.now = later
        assert w.deliver().sent == 1 and len(teams.to("payments")) == 1


def test_hostile_text_stays_inert_in_slack_and_teams(tmp_path, smtp, slack, teams):
    hostile = ("<!channel> ping <https://evil.example|click here> *bold* [x](https://evil.example) "
               "&amp; line\r\nBcc: victim@example.com " + "A" * 10_000)
    w = make_world(tmp_path, smtp, slack, teams, item(1, hostile), item(2, "Rotate keys", owner="bob"))
    data = w.settings.model_dump()
    data["people"]["alice"]["name"] = "Alice\r\nBcc: victim@example.com <!here> " + "B" * 10_000
    w.settings = Settings.model_validate(data)
    w.notifier = type(w.notifier)(w.settings)
    w.run()
    w.clock.set(date(2026, 12, 16))
    assert w.run().ok
    for post in slack.posts:
        # Slack parses mentions and links in mrkdwn and in the notification text; plain_text
        # (the header) is shown as written
        parsed = "\n".join([post.text, *mrkdwn(post.blocks)])
        assert "<!channel>" not in parsed and "<https://evil.example" not in parsed
        assert "&lt;!channel&gt;" in section_texts(post) or post.channel == "D0BOB"
        assert all(len(b["text"]["text"]) <= 3000 for b in post.blocks if b["type"] == "section")
    for card in teams.cards:
        assert "https://evil.example" not in card.urls()
        assert not any("[x](https" in text for text in card.texts())
        assert any(r"\[x\]\(https://evil\.example\)" in text for text in card.texts())
    assert all("<!here>" not in t for post in slack.posts for t in mrkdwn(post.blocks))
    for received in smtp.received:
        assert "Bcc" not in received.message and received.message["Subject"].count("\n") == 0
        assert all(len(line) < 1100 for line in received.raw.decode().splitlines())


def test_the_onboarding_summary_reaches_the_team_channels_once(tmp_path, smtp, slack, teams):
    w = make_world(tmp_path, smtp, slack, teams)
    w.settings = w.settings.model_copy(
        update={"policy": w.settings.policy.model_copy(update={"escalate_backlog": "summary"})})
    w.notifier = type(w.notifier)(w.settings)
    w.clock.set(date(2026, 12, 16))  # the backlog is already overdue on the first look
    w.run()
    assert sorted(w.new_mail()) == [LEAD, "sre-oncall@example.com"]
    assert [p.channel for p in slack.posts] == ["C0PAY"] and len(teams.to("payments")) == 1
    assert "Now following 2 payments action items" in slack.posts[0].text
    w.clock.advance(days=1)
    w.run()
    assert w.new_mail() == {} and len(slack.posts) == 1 and len(teams.cards) == 1


def test_first_day_then_a_demotion_and_a_won_t_do_each_heard_once_everywhere(tmp_path, smtp, slack, teams):
    from syncer.model import Category
    from syncer.views import item_views

    w = make_world(tmp_path, smtp, slack, teams,
                   item(1, "Add disk space alert at 80% threshold", due=date(2026, 11, 20)),
                   item(2, "Add config validation to CI pipeline", owner="bob"))
    data = w.settings.model_dump()
    data["people"]["dana"] = {"email": LEAD, "jira": "acc-dana", "team": "payments", "name": "Dana Lead"}
    data["policy"]["escalate_backlog"] = "summary"
    w.settings = Settings.model_validate(data)
    w.notifier = type(w.notifier)(w.settings)

    def heard() -> dict[str, int]:
        mail = {k: len(v) for k, v in w.new_mail().items()}
        chat = {p.channel: 1 for p in slack.posts[heard.slack:]}
        chat.update({f"teams:{c.webhook[:10]}": 1 for c in teams.cards[heard.teams:]})
        heard.slack, heard.teams = len(slack.posts), len(teams.cards)
        return {**mail, **chat}

    heard.slack = heard.teams = 0
    w.run()  # day one: item 1 is already overdue → the onboarding summary, no escalation
    assert heard() == {LEAD: 1, "sre-oncall@example.com": 1, "C0PAY": 1, "teams:/workflows": 1}

    w.clock.advance(minutes=5)
    t = w.clock()
    w.tracker.human("jira:OPS", "OPS-2", priority="P3", updated_at=t,
                    history=(Change("priority", t, "acc-dana", "High", "Low"),))
    w.run()  # a demotion: the lead and the team's channels, once each
    assert heard() == {LEAD: 1, "C0PAY": 1, "teams:/workflows": 1}
    w.run()
    assert heard() == {}

    w.clock.advance(minutes=5)
    w.tracker.close("jira:OPS", "OPS-1", by="acc-alice", resolution="Won't Do", at=w.clock())
    w.run()  # closed as won't do by its owner: not accepted; the lead and the team hear once
    assert heard() == {LEAD: 1, "C0PAY": 1, "teams:/workflows": 1}
    assert "Closed as not done" in text_of_last(smtp, LEAD)

    w.clock.advance(minutes=5)
    w.tracker.human("jira:OPS", "OPS-1", updated_at=w.clock(),
                    comments=(("acc-dana", "Won't do: the disk array is replaced by managed storage in Q1"),))
    w.run()  # the lead accepts it with a reason: the flag clears, recorded, nobody is nagged
    assert heard() == {}
    assert not [f for f in w.ledger.standing_flags() if f.kind == "closed_not_done"]
    events = w.ledger.conn.execute("SELECT details FROM events WHERE kind = 'accepted'").fetchall()
    assert len(events) == 1 and "managed storage" in events[0][0]
    view = next(v for v in item_views(w.settings, w.ledger, date(2026, 11, 24)) if v.key == "INC-7/1")
    assert view.lifecycle == "not_doing" and view.accepted is not None and view.accepted.by == "acc-dana"
    assert view.ticket is not None and view.ticket.category == Category.DONE
    w.clock.advance(days=8)
    w.run()  # the standing demotion repeats after renotify_days; the won't do only as resolved
    assert heard() == {LEAD: 1, "C0PAY": 1, "teams:/workflows": 1}
    text = text_of_last(smtp, LEAD)
    assert "still standing" in text and "Resolved since last time: * Closed as not done: INC-7/1" in text


def text_of_last(smtp: FakeSmtp, address: str) -> str:
    body = smtp.to(address)[-1].message.get_body(("plain",))
    return " ".join(body.get_content().split()) if body is not None else ""


def test_the_weekly_review_goes_to_the_team_channels_once_a_week(tmp_path, smtp, slack, teams):
    w = make_world(tmp_path, smtp, slack, teams)
    w.run()
    w.clock.set(date(2026, 11, 30), hour=9)  # Monday 10:00 in Berlin: the review is due
    assert w.notifier.queue_weekly_digest(w.ledger, w.clock()) == 3  # the lead, Slack, Teams
    assert w.notifier.queue_weekly_digest(w.ledger, w.clock()) == 0
    w.deliver()
    [post] = slack.to("C0PAY")
    assert post.text.startswith("[pmsync] Weekly review 2026-W49 for payments")
    assert "INC-7/1" in section_texts(post) and f"<{DOC_URL}|INC-7>" in all_texts(post)
    assert len(teams.to("payments")) == 1 and len(w.smtp.to(LEAD)) == 1


# -- chat without [smtp]: no mail channel, chat still served, ops notices logged --------


def chat_only(w: ChatWorld) -> list[tuple[str, dict]]:
    """The world's configuration without [smtp]; returns the notifier's log."""
    data = w.settings.model_dump()
    data["smtp"] = None
    w.settings = Settings.model_validate(data)
    logged: list[tuple[str, dict]] = []
    w.notifier = Notifier(w.settings, log=lambda event, **kw: logged.append((event, kw)))
    w.deliver = lambda: w.notifier.deliver(w.ledger, None, w.clock(), chat=w.chat())  # type: ignore[method-assign]
    return logged


def test_chat_channels_work_without_smtp(tmp_path, smtp, slack, teams):
    w = make_world(tmp_path, smtp, slack, teams)
    logged = chat_only(w)
    assert isinstance(build_notifier(w.settings), Notifier) and delivers_mail(w.settings)
    w.run()
    w.clock.advance(minutes=5)
    t = w.clock()
    w.tracker.human("jira:OPS", "OPS-1", priority="P3", updated_at=t,
                    history=(Change("priority", t, "acc-bob", "High", "Low"),))
    report = w.run()
    assert report.ok and report.sent == 2  # the team's Slack channel and Teams webhook
    assert len(slack.to("C0PAY")) == 1 and len(teams.to("payments")) == 1
    w.clock.set(date(2026, 12, 16))  # overdue: owners on Slack; e-mail-only readers are logged
    report = w.run()
    assert report.ok and report.failed == 0 and report.retrying == 0
    assert len(slack.to("U0ALICE")) == 1 and len(slack.to("U0BOB")) == 1
    assert [m for m in outbox.messages(w.ledger) if m.channel == "email"] == []
    unsent = {r for event, kw in logged if event == "mail_unroutable" for r in kw.get("recipients", ())}
    assert LEAD in unsent and all("no [smtp] section" in kw["reason"] for e, kw in logged if e == "mail_unroutable")
    assert smtp.received == []
    w.ledger.close()


def test_ops_notices_without_smtp_are_logged(tmp_path, smtp, slack, teams):
    w = make_world(tmp_path, smtp, slack, teams)
    logged = chat_only(w)
    assert w.notifier.queue_ops(w.ledger, w.clock(), ["jira: 401 Unauthorized"], kind="auth") == 0
    [(_, details)] = [(e, kw) for e, kw in logged if e == "mail_unroutable"]
    assert "no [smtp] section" in details["reason"] and details["problems"] == ["jira: 401 Unauthorized"]
    w.ledger.close()


def test_check_config_accepts_chat_without_smtp(tmp_path, monkeypatch, capsys):
    docs = tmp_path / "postmortems"
    docs.mkdir()
    (docs / "INC-7.md").write_text("# INC-7\n\n## Action items\n\n- Add disk space alert (owner: @alice, due 2026-12-15)\n")
    config = tmp_path / "pmsync.toml"
    config.write_text(
        f'[daemon]\nstate = "{tmp_path / "state.db"}"\n[sources]\npaths = ["{docs}"]\n'
        '[jira]\nurl = "http://127.0.0.1:9"\nemail = "bot@example.com"\n[routing]\ndefault = "jira:OPS"\n'
        '[slack]\n[msteams]\n'
        '[people.alice]\nemail = "alice@example.com"\nchannels = ["slack"]\n'
        '[teams.payments]\nleads = ["lead@example.com"]\nchannels = ["slack", "msteams"]\nslack_channel = "C0PAY"\n'
    )
    config.chmod(0o600)
    monkeypatch.setenv("PMSYNC_JIRA__TOKEN", "t")
    monkeypatch.setenv("PMSYNC_SLACK__TOKEN", "xoxb-1")
    monkeypatch.setenv("PMSYNC_MSTEAMS_WEBHOOK_PAYMENTS", "https://example.webhook.office.com/x")
    assert main(["--config", str(config), "check-config"]) == 0
    out = capsys.readouterr()
    assert "configuration is valid" in out.out


def test_the_organisation_wide_report_reaches_each_chat_destination_once_a_week(tmp_path, smtp, slack, teams):
    w = make_world(tmp_path, smtp, slack, teams)
    slack.add_channel("C0ORG", "sre-leadership")
    data = w.settings.model_dump()
    # "web" shares the org channel and "sre" posts to it too: one destination, one report
    data["teams"]["web"].update(channels=["slack"], slack_channel="C0ORG")
    data["teams"]["sre"] = {"channels": ["slack"], "slack_channel": "C0ORG"}
    data["daemon"]["weekly_report_teams"] = ["payments", "web", "sre"]
    w.settings = Settings.model_validate(data)
    w.notifier = Notifier(w.settings)
    w.run()
    w.tracker.close("jira:OPS", "OPS-2", by="acc-alice", at=w.clock())  # verified before its deadline
    w.clock.set(date(2026, 12, 21), hour=8)  # the Monday after the deadline (2026-12-15), 09:00 Berlin
    w.cycle()
    # the lead's review, payments' review in Slack and Teams, the report in C0PAY, C0ORG and Teams
    assert w.notifier.queue_weekly_digest(w.ledger, w.clock()) == 6
    assert w.notifier.queue_weekly_digest(w.ledger, w.clock()) == 0
    w.deliver()
    assert w.notifier.queue_weekly_digest(w.ledger, w.clock()) == 0
    w.deliver()

    subject = "[pmsync] Follow-through 2026-W52: 1 past deadline, 50% on time over 90 days"
    overall = "on time, last 90 days: 50% (1 of 2 due); past deadline now: 1 of 1 not verified"
    [report] = slack.to("C0ORG")
    assert [p.text for p in slack.to("C0PAY")].count(subject) == 1 and report.text == subject
    text = section_texts(report)
    assert f"*All teams* – {overall}" in text and "*payments* – on time, last 90 days: 50%" in text
    trend = re.search(r"On-time rate by week, last 12 weeks, oldest first: (.*)", text)
    assert trend and len(trend.group(1).split(", ")) == 12

    cards = [c for c in teams.to("payments") if c.texts()[0].replace("\\", "") == subject]
    assert len(cards) == 1
    card = " ".join(cards[0].texts()).replace("\\", "")
    assert f"All teams – {overall}" in card and "last 12 weeks, oldest first: " in card

    w.clock.set(date(2026, 12, 28), hour=8)  # the next week: the next report, once more each
    w.cycle()
    w.notifier.queue_weekly_digest(w.ledger, w.clock())
    w.deliver()
    assert len(slack.to("C0ORG")) == 2 and slack.to("C0ORG")[-1].text.startswith("[pmsync] Follow-through 2026-W53")
