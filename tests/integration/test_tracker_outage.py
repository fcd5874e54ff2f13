"""A tracker that refuses connections costs one attempt per cycle, not one per item: the
rest of its items are skipped and counted, one line says why, and `sync` exits 3 saying
how many items were not synced. Proven by counting attempts and waits, not by timing."""

from __future__ import annotations

import json
import socket

from syncer.cli import EXIT_TRACKER_DOWN, main
from tests.integration.stack import Item, Stack


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable(stack: Stack) -> None:
    """Point pmsync's Jira at a port that refuses connections."""
    stack.config.write_text(stack.config.read_text().replace(stack.jira.url, f"http://127.0.0.1:{closed_port()}"))


def test_an_unreachable_jira_is_tried_once_per_cycle_whatever_the_number_of_items(tmp_path):
    stack = Stack(tmp_path, jira_mode="cloud")
    try:
        stack.write("INC-7", [Item(f"Add alert number {n} for the ledger database") for n in range(19)])
        unreachable(stack)
        lines: list[tuple[str, dict]] = []

        report = stack.engine(log=lambda event, **kw: lines.append((event, kw))).cycle()

        assert sum(report.not_synced.values()) == 19 and report.not_synced == {"jira:PAY": 19}
        assert stack.sleeps == []  # no retry, no backoff
        down = [kw for event, kw in lines if event == "tracker_down"]
        assert [(d["target"], d["not_synced"]) for d in down] == [("jira:OPS", 0), ("jira:PAY", 19)]
        assert all(d["cause"].endswith("(connection refused)") for d in down)
        assert not [event for event, _ in lines if event == "item_failed"]
        assert set(report.down) == {"jira"} and not report.ok
        assert report.summary()["not_synced"] == 19
        assert len(report.errors) == 1  # the one attempt, recorded against its item
    finally:
        stack.close()


def test_sync_says_how_many_items_were_not_synced_and_why(tmp_path, monkeypatch, capsys):
    stack = Stack(tmp_path, jira_mode="datacenter")
    try:
        stack.write("INC-7", [Item(f"Rotate credential number {n} for the gateway") for n in range(5)])
        unreachable(stack)
        for name, value in stack.env.items():
            monkeypatch.setenv(name, value)
        stack.ledger.close()

        code = main(["--config", str(stack.config), "sync"])

        out, err = capsys.readouterr()
        assert code == EXIT_TRACKER_DOWN
        assert "NOT SYNCED: 5 item(s) (jira:PAY 5)" in out and "connection refused" in out
        assert err.count("tracker_down") == 2  # one per target: jira:OPS (poll) and jira:PAY
        assert "Max retries exceeded" not in out + err  # urllib3's text stays out

        assert main(["--config", str(stack.config), "sync", "--json"]) == EXIT_TRACKER_DOWN
        doc = json.loads(capsys.readouterr().out)
        assert doc["not_synced"] == {"jira:PAY": 5} and "connection refused" in doc["down"]["jira"]
    finally:
        stack.ledger = stack.ledger.open(stack.root / "state.db")
        stack.close()


def test_check_config_says_unreachable_not_that_a_token_fails(tmp_path, monkeypatch, capsys):
    stack = Stack(tmp_path, jira_mode=None, github=True, routing={"web": "github:acme/web"},
                  default_target="github:acme/web")
    try:
        stack.config.write_text(stack.config.read_text().replace(stack.gh.url, f"http://127.0.0.1:{closed_port()}"))
        for name, value in stack.env.items():
            monkeypatch.setenv(name, value)

        assert main(["--config", str(stack.config), "check-config", "--online"]) == 1

        err = capsys.readouterr().err
        assert "unreachable" in err and "connection refused" in err
        assert "token does not work" not in err
    finally:
        stack.close()


def test_an_unreachable_github_is_tried_once_per_cycle(tmp_path):
    stack = Stack(tmp_path, jira_mode=None, github=True, routing={"web": "github:acme/web"},
                  default_target="github:acme/web")
    try:
        stack.write("INC-9", [Item(f"Purge cache number {n} on deploy", owner="carol") for n in range(12)],
                    team="web")
        stack.config.write_text(stack.config.read_text().replace(stack.gh.url, f"http://127.0.0.1:{closed_port()}"))
        lines: list[tuple[str, dict]] = []

        report = stack.engine(log=lambda event, **kw: lines.append((event, kw))).cycle()

        assert report.not_synced == {"github:acme/web": 12} and stack.sleeps == []
        assert [kw["target"] for event, kw in lines if event == "tracker_down"] == ["github:acme/web"]
    finally:
        stack.close()
