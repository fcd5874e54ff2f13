"""A GitHub host that silently drops connection attempts costs pmsync's short connect
timeout once per cycle, not PyGithub's single read timeout per request.

The "host" is a socket on 127.0.0.1 listening with a full accept queue: the kernel drops
further SYNs, exactly what a firewall that swallows packets does. Proven by what reaches
requests (the (connect, read) pair) and by counting attempts, never by timing.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
import requests

from adapters.trackers import transport
from adapters.trackers.base import Unreachable
from adapters.trackers.github import GitHubTracker
from syncer.model import TicketRef
from syncer.settings import GitHubSettings
from tests.fakes.github_server import FakeGitHub
from tests.integration.stack import Item, Stack

SHORT = 0.2  # the connect timeout under test, kept small so the suite stays quick


@pytest.fixture
def swallowing_port() -> Iterator[int]:
    """A port whose listener never accepts and whose queue is full: connects hang."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(4):  # backlog 0 queues one connection; the rest wait in SYN retries
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    yield port
    for filler in fillers:
        filler.close()
    server.close()


@pytest.fixture
def sends(monkeypatch) -> list[object]:
    """The timeout of every request requests' adapter sends."""
    seen: list[object] = []
    original = requests.adapters.HTTPAdapter.send

    def spy(self, request, **kwargs):
        seen.append(kwargs.get("timeout"))
        return original(self, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", spy)
    return seen


def test_github_requests_carry_a_short_connect_timeout_and_the_read_timeout(sends):
    with FakeGitHub() as gh:
        gh.add_repo("acme/web")
        settings = GitHubSettings(url=gh.url, token="ghs_test", timeout=20)
        tracker = GitHubTracker(settings, sleep=lambda _s: None)

        assert tracker.check(["github:acme/web"], []) == []

    assert sends and set(sends) == {(transport.CONNECT_TIMEOUT, 20.0)}
    assert transport.CONNECT_TIMEOUT < 20.0


def test_a_host_dropping_connection_attempts_is_one_connect_timeout(swallowing_port, sends, monkeypatch):
    monkeypatch.setattr(transport, "CONNECT_TIMEOUT", SHORT)
    settings = GitHubSettings(url=f"http://127.0.0.1:{swallowing_port}", token="ghs_test", timeout=15)
    tracker = GitHubTracker(settings, sleep=lambda _s: None)

    with pytest.raises(Unreachable, match=r"connect timeout"):
        tracker.get(TicketRef("github", "github:acme/web", "7"))

    assert sends == [(SHORT, 15.0)]  # one attempt, connect bounded apart from the read


def test_a_cycle_against_a_host_dropping_connections_tries_once(tmp_path, swallowing_port, sends, monkeypatch):
    monkeypatch.setattr(transport, "CONNECT_TIMEOUT", SHORT)
    stack = Stack(tmp_path, jira_mode=None, github=True, routing={"web": "github:acme/web"},
                  default_target="github:acme/web")
    try:
        stack.write("INC-9", [Item(f"Purge cache number {n} on deploy", owner="carol") for n in range(8)],
                    team="web")
        stack.config.write_text(
            stack.config.read_text().replace(stack.gh.url, f"http://127.0.0.1:{swallowing_port}")
        )
        lines: list[tuple[str, dict]] = []

        report = stack.engine(log=lambda event, **kw: lines.append((event, kw))).cycle()

        assert report.not_synced == {"github:acme/web": 8} and stack.sleeps == []
        down = [kw for event, kw in lines if event == "tracker_down"]
        assert [d["target"] for d in down] == ["github:acme/web"]
        assert down[0]["cause"].endswith("(connect timeout)")
        assert len(sends) == 1 and sends[0][0] == SHORT
    finally:
        stack.close()
