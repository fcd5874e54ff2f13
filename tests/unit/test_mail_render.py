"""Mail rendering (pure): subjects, both alternatives, escaping, and the digest's figures."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncer.followthrough import Headline
from syncer.policy import FLAG_KINDS
from syncer.render import (
    FLAG_LABELS,
    NEXT_STEPS,
    SUBJECT_MAX,
    DigestItem,
    Figures,
    MailGap,
    MailItem,
    MailResolved,
    clean_subject,
    cycle_mail,
    digest_mail,
    ops_mail,
    web_url,
)

NOW = datetime(2026, 12, 16, 9, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Berlin")


def mail_item(kind: str = "overdue", key: str = "INC-7/1", text: str = "Add disk space alert", **kw) -> MailItem:
    fields = {
        "details": "overdue by 1 day (due 2026-12-15)",
        "since": NOW,
        "postmortem": "INC-7",
        "postmortem_title": "Checkout outage",
        "owner": "@alice",
        "priority": "P1",
        "due": date(2026, 12, 15),
        "verify": "next standup",
        "ticket": "OPS-1",
        "ticket_url": "https://jira.example.com/browse/OPS-1",
        "status": "To Do",
        **kw,
    }
    return MailItem(kind=kind, key=key, text=text, **fields)


def render(role: str = "lead", items=(), resolved=(), gaps=()):
    return cycle_mail(role, list(items), list(resolved), list(gaps), now=NOW, tz=TZ, escalate_after_days=14)


def test_every_flag_kind_has_a_label_and_a_next_step():
    assert set(FLAG_LABELS) == set(FLAG_KINDS) == set(NEXT_STEPS)


@pytest.mark.parametrize(
    ("role", "items", "subject"),
    [
        ("owner", [mail_item("due_soon")], "[pmsync] 1 of your action items needs you: 1 due soon – Add disk space alert"),
        ("lead", [mail_item("blocked", team="payments")], "[pmsync] 1 payments action item needs you: 1 blocked – Add disk space alert"),
        (
            "lead",
            [mail_item("overdue", team="payments"), mail_item("demoted_priority", team="payments", ticket_priority="P3"),
             mail_item("overdue", "INC-7/2", team="payments")],
            "[pmsync] 2 payments action items need you: 2 overdue, 1 lowered to P3",
        ),
        ("lead", [mail_item("overdue"), mail_item("blocked")], "[pmsync] 1 action item needs you: 1 blocked, 1 overdue – Add disk space alert"),
        ("escalation", [mail_item("overdue", team="payments")], "[pmsync] Escalation: 1 payments action item needs you: 1 overdue – Add disk space alert"),
    ],
)
def test_subjects_say_what_needs_the_reader(role, items, subject):
    assert render(role, items).subject == subject


def test_one_entry_per_item_with_all_its_flags():
    mail = render("lead", [mail_item("overdue", details="overdue by 262 days (due 2026-03-19)"),
                           mail_item("demoted_priority", details="priority lowered P1 → P3 by Bob"),
                           mail_item("unassigned", details="no assignee")])
    assert mail.text.count("INC-7/1 - Add disk space alert") == 1
    assert "  Overdue: overdue by 262 days (due 2026-03-19)\n" in mail.text  # no misleading "since"
    assert "  Priority lowered: priority lowered P1 → P3 by Bob (noticed 2026-12-16)" in mail.text
    assert mail.text.count("Next step:") == 1 and mail.html.count("<h3>") == 1


def test_a_group_owner_is_asked_to_name_one_person():
    mail = render("lead", [mail_item("unassigned", details="no assignee", owner="payments-team", owner_is_group=True)])
    assert "name one person as owner in the postmortem" in " ".join(mail.text.split())
    assert "Assign the ticket to the owner" not in mail.text


def test_text_is_folded_to_80_columns_and_links_stay_whole():
    url = "https://git.example.com/sre/postmortems/blob/main/2026/11/INC-7-checkout-outage-with-a-long-name.md"
    mail = render("lead", [mail_item(text="Add " + "disk space alert " * 12, postmortem_url=url, team="payments")])
    lines = mail.text.splitlines()
    assert all(len(line) <= 80 for line in lines if url not in line)
    assert any(line.strip() == url for line in lines) or any(url in line for line in lines)
    assert f'<a href="{url}">INC-7</a>' in mail.html


def test_the_footer_says_why_and_how_to_stop():
    assert "the postmortem names you as the owner" in render("owner", [mail_item()]).text
    lead = render("lead", [mail_item(team="payments")]).text
    assert "you are a lead of payments" in lead and "to stop getting these" in lead


def test_a_message_lists_blocked_first_and_carries_the_commitment():
    mail = render("lead", [mail_item("unassigned", "INC-7/2", details="no assignee"), mail_item("blocked", details="status 'Blocked'")])
    assert mail.text.index("* INC-7/1") < mail.text.index("* INC-7/2")
    assert mail.text.index("Blocked: status 'Blocked'") < mail.text.index("Not assigned to the owner: no assignee")
    for fact in ("Commitment: owner @alice, priority P1, due 2026-12-15", "How we verify: next standup",
                 "Ticket: OPS-1 (To Do) https://jira.example.com/browse/OPS-1", "Postmortem: INC-7 - Checkout outage",
                 "(noticed 2026-12-16)", NEXT_STEPS["blocked"].split(":")[0], "judges no one"):
        assert fact in mail.text
    assert '<a href="https://jira.example.com/browse/OPS-1">OPS-1</a>' in mail.html


def test_resolved_and_gaps_are_their_own_sections():
    resolved = MailResolved("blocked", "INC-7/3", "Runbook", datetime(2026, 12, 15, 8, tzinfo=UTC))
    gap = MailGap("INC-7/4", "overdue", "lead", "team 'web' has no leads (teams.web.leads)")
    mail = render("lead", [mail_item()], [resolved], [gap])
    assert "Resolved since last time:\n* Blocked: INC-7/3 - Runbook (cleared 2026-12-15 09:00 CET)" in mail.text
    assert "* INC-7/4 (overdue, lead): team 'web' has no leads (teams.web.leads)" in mail.text
    assert render("ops", gaps=[gap]).subject == "[pmsync] 1 notification without a recipient"


def test_html_is_escaped_and_only_web_links_become_links():
    hostile = mail_item(
        text="<script>alert(1)</script>", details='"><img src=x onerror=alert(2)>',
        owner="Zoë <b>", ticket_url="javascript:alert(3)",
    )
    mail = render("lead", [hostile])
    assert "<script>" not in mail.html and "<img" not in mail.html and "<b>" not in mail.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mail.html and "javascript:" not in mail.html
    assert "<script>alert(1)</script>" in mail.text  # plain text shows the text as written
    assert "javascript:" not in mail.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://jira.example.com/browse/OPS-1", "https://jira.example.com/browse/OPS-1"),
        ("http://ghe.local/acme/web/issues/4", "http://ghe.local/acme/web/issues/4"),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("https://x.example/\r\nBcc: a@b", None),
        (None, None),
    ],
)
def test_web_url(url, expected):
    assert web_url(url) == expected


def test_one_line_fields_stay_on_one_line():
    mail = render("lead", [mail_item(text="Fix it\r\nSubject: pwned\n\n* Blocked: fake", details="a\nb")])
    assert "* INC-7/1 - Fix it Subject: pwned * Blocked: fake" in mail.text
    assert "Subject: pwned\n" not in mail.text and "Overdue: a b\n" in mail.text
    assert "\r" not in mail.subject and "\n" not in mail.subject


def test_long_text_is_capped_in_body_and_subject():
    mail = render("lead", [mail_item(text="x" * 5000)])
    assert len(mail.subject) == SUBJECT_MAX and mail.subject.endswith("…")
    assert max(len(line) for line in mail.text.splitlines()) < 1100


@given(st.text(max_size=400))
def test_clean_subject_is_one_safe_capped_line(text):
    subject = clean_subject(text)
    assert len(subject) <= SUBJECT_MAX
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in subject)
    assert subject == subject.strip() and clean_subject(subject) == subject
    message = EmailMessage()
    message["Subject"] = subject  # the email package accepts it: no CR/LF reached the header
    assert str(message["Subject"]) == subject


def test_rendering_is_pure():
    items = [mail_item(), mail_item("blocked", "INC-7/2")]
    assert render("lead", items) == render("lead", list(reversed(items)))


def test_digest_lists_open_items_and_the_completion_figures():
    item = DigestItem(
        key="INC-7/1", text="Add disk space alert", postmortem="INC-7", postmortem_title="Checkout outage",
        owner="@alice", priority="P1", due=date(2026, 12, 15), lifecycle="in progress", days_overdue=1,
        ticket="OPS-1", ticket_url="https://jira.example.com/browse/OPS-1", verify="next standup",
        flags=(("Overdue", "overdue by 1 day"),),
    )
    figures = Figures(total=4, open=2, overdue=1, awaiting_verification=1, verified=1, not_doing=0)
    mail = digest_mail(["payments"], [item], figures, [], week="2026-W51", now=NOW, tz=TZ)
    assert mail.subject == "[pmsync] Weekly review 2026-W51 for payments: 2 open action items, 1 overdue"
    assert "Open: 2   Overdue: 1   Awaiting verification: 1   Verified: 1 of 4 (25%)" in mail.text
    assert "in progress, overdue by 1 day; owner @alice, priority P1, due 2026-12-15" in mail.text
    assert "Flag: Overdue: overdue by 1 day" in mail.text and "reviewed weekly until every one is verified" in mail.text
    assert "<td>1 of 4</td><td>25%</td>" in mail.html


def test_digest_carries_the_on_time_rate_and_its_trend():
    figures = Figures(total=4, open=2, overdue=1, awaiting_verification=1, verified=1, not_doing=0)
    weekly = (None,) * 9 + (0.5, 1.0, 2 / 3)
    headline = Headline(days=90, on_time_rate=0.75, due=4, on_time=3, open=2, overdue=1, weekly=weekly)
    mail = digest_mail(["payments"], [], figures, [], week="2026-W51", now=NOW, tz=TZ, followthrough=headline)
    assert "On time, last 90 days: 75% (3 of 4 due)   Past deadline now: 1 of 2 not verified" in mail.text
    assert "last 12 weeks, oldest first: -, -, -, -, -, -, -, -, -, 50%, 100%, 67%\n" in mail.text
    assert "<strong>75%</strong> (3 of 4 due)" in mail.html


@pytest.mark.parametrize(("verified", "total", "rate"), [(0, 0, 1.0), (1, 4, 0.25), (3, 3, 1.0)])
def test_completion_rate(verified, total, rate):
    assert Figures(total, 0, 0, 0, verified, 0).completion_rate == rate


def test_ops_mail_names_the_problem():
    mail = ops_mail("auth", ["jira: 401 Unauthorized\r\nX-Evil: 1"], now=NOW, tz=TZ)
    assert mail.subject == "[pmsync] Sync problem (auth): jira: 401 Unauthorized X-Evil: 1"
    assert "* jira: 401 Unauthorized X-Evil: 1" in mail.text
