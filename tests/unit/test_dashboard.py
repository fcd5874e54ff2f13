"""The dashboard model's figures, its HTML (escaping, empty ledger) and the atomic write."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from markupsafe import escape

from syncer.commands.report import write_atomically
from syncer.dashboard import (
    NO_TEAM,
    Dashboard,
    Figures,
    PostmortemInfo,
    build_dashboard,
    render_dashboard,
    safe_url,
)
from syncer.model import TicketRef, TicketState
from syncer.state import FlagRow
from syncer.views import ItemView

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
RAISED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PMS = [
    PostmortemInfo("INC-1", "Checkout outage", "payments", date(2026, 11, 2), date(2026, 11, 4),
                   "https://git.example.com/pm/INC-1.md"),
    PostmortemInfo("INC-2", "Search latency", "web", date(2026, 11, 9), None, None),
    PostmortemInfo("INC-3", "Undated", None, None, None, None),
]


def view(
    n: int,
    lifecycle: str = "open",
    *,
    pm: str = "INC-1",
    team: str | None = "payments",
    flags: tuple[str, ...] = (),
    late: int = 0,
    verified: datetime | None = None,
    in_doc: bool = True,
    text: str = "Add disk space alert at 80% threshold",
    owner: str | None = "alice",
    url: str | None = None,
) -> ItemView:
    ident = f"{pm}/{n}"
    ticket = TicketState(ref=TicketRef("jira", "jira:PAY", f"PAY-{n}", url or f"https://jira.test/PAY-{n}"))
    return ItemView(
        ident=ident, key=ident, postmortem=pm, postmortem_title=f"Title {pm}", text=text,
        owner=owner, team=team, priority="P1", due=date(2026, 11, 10), verify="game day",
        in_doc=in_doc, ticket=ticket, ticket_url=ticket.ref.url, lifecycle=lifecycle,
        flags=tuple(FlagRow(i, ident, kind, f"{kind} details", RAISED, None, None) for i, kind in enumerate(flags)),
        days_overdue=late, last_error=None, verified_at=verified,
    )


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def dashboard(views, postmortems=PMS, **kw) -> Dashboard:
    kw.setdefault("timezone", "UTC")
    return build_dashboard(views, postmortems, now=NOW, **kw)


def counts(f: Figures) -> tuple[int, ...]:
    return (f.committed, f.open, f.overdue, f.demoted, f.unverified, f.verified, f.not_doing,
            f.flagged, f.removed)


# -- figures ----------------------------------------------------------------------------------

MIXED = [
    view(1, "open", flags=("overdue",), late=13),
    view(2, "in_progress", flags=("demoted_priority",)),
    view(3, "pending"),
    view(4, "done_awaiting_verification", flags=("unverified_done",)),
    view(5, "done_awaiting_verification"),
    view(6, "verified", verified=at(14)),  # 10 days after the review on 11-04
    view(7, "not_doing", flags=("closed_not_done",)),
    view(8, "open", flags=("demoted_backlog", "overdue"), late=2),
]


@pytest.mark.parametrize(
    ("views", "expected", "completion", "median"),
    [
        pytest.param([], (0, 0, 0, 0, 0, 0, 0, 0, 0), None, None, id="nothing"),
        pytest.param(MIXED, (8, 4, 2, 2, 2, 1, 1, 5, 0), 1 / 8, 10, id="every-lifecycle"),
        pytest.param(
            [view(1, "verified", verified=at(14)), view(2, "open", in_doc=False, flags=("removed_from_doc",)),
             view(3, "removed", in_doc=False)],
            (1, 0, 0, 0, 0, 1, 0, 1, 2), 1.0, 10, id="removed-items-are-not-committed",
        ),
        pytest.param(
            [view(1, "verified", verified=at(14)), view(2, "verified", verified=at(17)),
             view(3, "verified", verified=at(20)), view(4, "open")],
            (4, 1, 0, 0, 0, 3, 0, 0, 0), 3 / 4, 13, id="odd-median",
        ),
        pytest.param(
            [view(1, "verified", verified=at(14)), view(2, "verified", verified=at(17))],
            (2, 0, 0, 0, 0, 2, 0, 0, 0), 1.0, 11.5, id="even-median-averages",
        ),
        pytest.param(
            [view(1, "verified", verified=datetime(2026, 10, 30, tzinfo=UTC))],
            (1, 0, 0, 0, 0, 1, 0, 0, 0), 1.0, 0, id="closed-before-review-is-zero-days",
        ),
        pytest.param(
            [view(1, "verified", verified=None)],
            (1, 0, 0, 0, 0, 1, 0, 0, 0), 1.0, None, id="verified-without-a-time-has-no-duration",
        ),
        pytest.param(
            [view(1, "not_doing"), view(2, "not_doing")],
            (2, 0, 0, 0, 0, 0, 2, 0, 0), 0.0, None, id="not-doing-stays-committed",
        ),
    ],
)
def test_overall_figures(views, expected, completion, median):
    f = dashboard(views).overall
    assert counts(f) == expected
    assert f.completion == completion
    assert f.median_days_to_verify == median
    # every committed item is in exactly one lifecycle bucket
    assert f.open + f.unverified + f.verified + f.not_doing == f.committed


@pytest.mark.parametrize(
    ("pm", "first_seen", "verified", "timezone", "days"),
    [
        pytest.param("INC-1", None, at(14), "UTC", 10, id="from-the-review-date"),
        pytest.param("INC-2", None, at(19), "UTC", 10, id="incident-date-without-review"),
        pytest.param("INC-3", at(6), at(19), "UTC", 13, id="first-seen-without-dates"),
        pytest.param("INC-3", None, at(19), "UTC", None, id="no-start-known"),
        pytest.param("INC-9", at(6), at(19), "UTC", 13, id="postmortem-unknown-to-the-ledger"),
        # 23:30 UTC on the 14th is the 15th in Berlin: the verification day is the policy's
        pytest.param("INC-1", None, at(14, 23), "Europe/Berlin", 11, id="local-verification-day"),
    ],
)
def test_days_to_verified_start_and_zone(pm, first_seen, verified, timezone, days):
    v = view(1, "verified", pm=pm, verified=verified)
    seen = {v.ident: first_seen} if first_seen else {}
    assert dashboard([v], first_seen=seen, timezone=timezone).overall.median_days_to_verify == days


def test_teams_and_postmortems_are_grouped_and_ordered():
    views = [
        view(1, "verified", verified=at(14)),
        view(2, "open", flags=("overdue",), late=3),
        view(1, "open", pm="INC-2", team="web", flags=("blocked",)),
        view(2, "open", pm="INC-2", team=None, flags=("overdue", "unassigned"), late=9),
        view(1, "open", pm="INC-3", team="Api"),
    ]
    d = dashboard(views, postmortem_flags={"INC-2": [
        FlagRow(9, "INC-2", "repeat_incident", "relates to INC-1", RAISED, None, None)]})
    assert [(t.name, t.figures.committed, t.figures.overdue) for t in d.teams] == [
        ("Api", 1, 0), ("payments", 2, 1), ("web", 1, 0), (NO_TEAM, 1, 1)]
    assert [(p.id, p.figures.committed, p.figures.completion) for p in d.postmortems] == [
        ("INC-1", 2, 0.5), ("INC-2", 2, 0.0), ("INC-3", 1, 0.0)]
    assert [(f.kind, f.label) for f in d.postmortems[1].flags] == [("repeat_incident", "Repeat incident")]
    assert [line.key for line in d.attention] == ["INC-2/2", "INC-1/2", "INC-2/1"]  # most overdue first
    first = d.attention[0]
    assert [f.label for f in first.flags] == ["Overdue", "Not assigned to its owner"]
    assert (first.ticket_label, first.ticket_url, first.doc_url) == ("PAY-2", "https://jira.test/PAY-2", None)
    assert d.attention[1].doc_url == "https://git.example.com/pm/INC-1.md"


def test_header_shows_generation_time_and_sync_health_in_the_policy_zone():
    d = dashboard([view(1)], timezone="Europe/Berlin",
                  health={"last_success": "2026-11-23T08:55:00+00:00", "consecutive_failures": 2})
    assert d.generated_at.isoformat() == "2026-11-23T10:00:00+01:00"
    assert d.last_success is not None and d.last_success.isoformat() == "2026-11-23T09:55:00+01:00"
    html = render_dashboard(d)
    assert "Generated <time datetime=\"2026-11-23T10:00:00+01:00\">2026-11-23 10:00 CET</time>" in html
    assert "2026-11-23 09:55 CET" in html
    assert "The last 2 sync cycles did not complete" in html


def test_github_tickets_are_named_by_repository_and_number():
    v = view(1, flags=("blocked",))
    ticket = TicketState(ref=TicketRef("github", "github:acme/web", "42", "https://github.com/acme/web/issues/42"))
    d = dashboard([replace(v, ticket=ticket, ticket_url=ticket.ref.url)])
    assert d.attention[0].ticket_label == "acme/web#42"
    assert '<a href="https://github.com/acme/web/issues/42">acme/web#42</a>' in render_dashboard(d)


def test_now_must_be_timezone_aware():
    with pytest.raises(ValueError, match="timezone-aware"):
        build_dashboard([], [], now=datetime(2026, 11, 23, 9, 0), timezone="UTC")


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://jira.example.com/browse/PAY-1", "https://jira.example.com/browse/PAY-1"),
        ("http://jira.internal/browse/PAY-1", "http://jira.internal/browse/PAY-1"),
        ("  https://x.test/a  ", "https://x.test/a"),
        ("javascript:alert(1)", None),
        ("JavaScript://x.test/%0Aalert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("/relative/path", None),
        ("https:///no-host", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_links_are_made(url, safe):
    assert safe_url(url) == safe


# -- HTML ----------------------------------------------------------------------------------------


def test_hostile_text_renders_as_text():
    hostile = [
        view(1, flags=("overdue",), late=1, text="<script>alert('item')</script>",
             owner='"><img src=x onerror=alert(1)>', url="javascript:alert(1)"),
        view(2, "verified", verified=at(14), text="</title><script>alert(2)</script>"),
    ]
    pms = [PostmortemInfo("INC-1", "<b>Title</b></title><script>alert(3)</script>", "<i>payments</i>",
                          date(2026, 11, 2), date(2026, 11, 4), 'https://git.test/a"onmouseover="alert(4)')]
    html = render_dashboard(dashboard(hostile, pms))
    assert "<script" not in html.lower() and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#39;item&#39;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:" not in html and 'href="javascript' not in html
    assert 'href="https://git.test/a&#34;onmouseover=&#34;alert(4)"' in html
    assert len(re.findall(r"<title>", html)) == 1
    assert "script-src" not in html and "default-src 'none'" in html  # CSP: no script may run


@given(text=st.text(min_size=1, max_size=60), details=st.text(max_size=60))
@hsettings(max_examples=60, deadline=None)
def test_any_item_text_appears_escaped_and_never_as_markup(text, details):
    v = view(1, flags=("blocked",), text=text)
    flag = FlagRow(1, v.ident, "blocked", details, RAISED, None, None)
    html = render_dashboard(dashboard([replace(v, flags=(flag,))]))
    assert str(escape(text)) in html
    assert str(escape(details)) in html
    assert html.lower().count("<script") == 0


def test_empty_ledger_renders_a_friendly_page():
    html = render_dashboard(dashboard([], []))
    assert "Nothing to follow through yet" in html
    assert "Once pmsync has read the postmortem documents" in html
    assert "<table" not in html and "Needs attention" not in html
    assert "Last successful sync: never." in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_page_is_self_contained_and_accessible():
    html = render_dashboard(dashboard(MIXED, health={"last_success": NOW.isoformat()}))
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html
    assert not re.search(r"""(src|href)=["'](?!https?://)""", html)  # no local or relative assets
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    assert html.count("<h1>") == 1 and '<th scope="col">' in html and '<th scope="row">' in html
    assert 'data-label="Days overdue"' in html  # phone cards label every cell
    # flags are named in words, not only coloured
    assert "<strong>Overdue</strong>" in html and "<strong>Moved to backlog</strong>" in html
    assert "Needs attention (5)" in html


# -- atomic write ------------------------------------------------------------------------------


@pytest.fixture
def strict_umask():
    old = os.umask(0o077)
    yield
    os.umask(old)


def test_write_replaces_the_file_with_a_new_one_readable_by_all(tmp_path, strict_umask):
    target = tmp_path / "report.html"
    target.write_text("old page")
    os.link(target, tmp_path / "reader-holding-the-old-page")
    before = target.stat().st_ino
    write_atomically(target, b"new page")
    assert target.read_bytes() == b"new page"
    assert target.stat().st_ino != before  # renamed into place, not rewritten in place
    assert (tmp_path / "reader-holding-the-old-page").read_text() == "old page"  # never truncated
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reader-holding-the-old-page", "report.html"]


def test_the_page_is_complete_before_it_becomes_visible(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old page")
    data = b"x" * 200_000
    seen: list[tuple[str, bytes, bytes]] = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((Path(src).name, Path(src).read_bytes(), Path(dst).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_atomically(target, data)
    [(name, temp, visible)] = seen
    assert name.startswith(".report.html.") and temp == data and visible == b"old page"


def test_a_failed_write_leaves_the_old_page_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old page")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"new page")
    assert target.read_text() == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_an_accepted_won_t_do_shows_who_accepted_it_and_why():
    from dataclasses import replace

    from syncer.acceptance import Acceptance

    accepted = replace(view(1, "not_doing"), accepted=Acceptance("@dana", "retired <b>in Q1</b>", "document"))
    html = render_dashboard(dashboard([accepted, view(2)]))
    assert "Closed as not doing — accepted as won&#39;t do by @dana (document): retired &lt;b&gt;in Q1&lt;/b&gt;" in html
    assert dashboard([accepted]).overall.not_doing == 1


def test_a_deadline_from_the_slo_is_shown_as_such_and_owners_by_name():
    from dataclasses import replace

    own, objective = view(1, flags=("overdue",), late=3), replace(view(2, flags=("overdue",), late=3), due_from_slo=True)
    html = render_dashboard(dashboard([own, objective], owner_names={"alice": "Alice Moreau"}))
    assert html.count("2026-11-10 <span class=\"muted small\">(objective)</span>") == 2  # attention table + item list
    assert html.count("2026-11-10") == 4
    assert "Alice Moreau" in html and ">alice<" not in html
