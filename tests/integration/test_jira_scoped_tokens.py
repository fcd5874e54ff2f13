"""Jira Cloud scoped API tokens and service accounts: every request goes through Atlassian's
gateway `…/ex/jira/{cloudId}` (the id read from the site's /_edge/tenant_info), while the
ticket links people get keep the site URL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from adapters.trackers.jira import JiraTracker
from syncer.model import TicketSpec
from syncer.settings import JiraSettings
from tests.fakes.jira_server import FakeJira

SPEC = TicketSpec(
    item_key="INC-7/alert", summary="Add disk alert", description="From INC-7", priority="P1",
    owner=None, assignee=None, due=date(2026, 12, 18),
)  # fmt: skip


def test_a_scoped_token_goes_through_the_gateway_and_links_keep_the_site():
    with FakeJira("cloud", clock=lambda: datetime(2026, 11, 23, 9, tzinfo=UTC)) as fake:
        fake.add_project("OPS")
        site = "https://acme.atlassian.net"
        tracker = JiraTracker(
            JiraSettings(
                url=fake.url, email=fake.email, token=fake.token, cloud_id="auto", gateway=fake.url
            )
        )

        created = tracker.create("jira:OPS", SPEC)
        read = tracker.get(created.ref)

        api = [r.path for r in fake.request_log]
        assert api and all(p.startswith(f"/ex/jira/{fake.cloud_id}/rest/") for p in api)
        assert read.exists and read.summary == "Add disk alert"
        assert created.ref.url == f"{fake.url}/browse/{created.ref.key}"
        assert tracker.deployment == "cloud"
        # the site URL people see stays the configured one, whatever the gateway
        other = JiraTracker(JiraSettings(url=site, token="t", email="e@x.io", cloud_id=fake.cloud_id))
        assert other.resolve_ref("jira:OPS", "OPS-1").url == f"{site}/browse/OPS-1"
