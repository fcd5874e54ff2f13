"""`pmsync run` as a subprocess against the fake Jira and a real SMTP server on 127.0.0.1:
the systemd notification protocol, SIGTERM mid-cycle, kill -9, a second instance, an outage."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syncer import outbox
from syncer.state import Ledger
from tests.fakes.jira_server import FakeJira
from tests.fakes.smtp_server import FakeSmtp, free_port

PMSYNC = Path(sys.executable).with_name("pmsync")
LEAD = "pay-lead@example.com"
OPS = "sre-oncall@example.com"


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    with FakeJira("cloud") as fake:
        fake.add_project("OPS")
        fake.add_user("acc-alice", "Alice", email="alice@example.com")
        yield fake


@pytest.fixture
def smtp() -> Iterator[FakeSmtp]:
    with FakeSmtp() as server:
        yield server


class Deployment:
    """A config, postmortems and ledger in a temp dir, and the daemon processes run over them."""

    def __init__(self, root: Path, jira: FakeJira, smtp: FakeSmtp | None, **daemon: str) -> None:
        self.root, self.jira, self.smtp = root, jira, smtp
        self.docs = root / "postmortems"
        self.docs.mkdir()
        self.state = root / "state.db"
        self.config = root / "pmsync.toml"
        self.logs: list[Path] = []
        settings = {"interval": '"1s"', "jitter": '"0s"', "outbox_interval": '"1s"', **daemon}
        mail = (
            f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nstarttls = false\n'
            f'sender = "pmsync <pmsync@example.com>"\nops = ["{OPS}"]\n'
            if smtp
            else ""
        )
        self.config.write_text(
            f"""
[sources]
paths = ["postmortems"]

[jira]
url = "{jira.url}"
email = "{jira.email}"
deployment = "cloud"
sprint_field = "customfield_10020"
max_retries = 0
search_lag_seconds = 0

[routing]
default = "jira:OPS"

[people.alice]
email = "alice@example.com"
jira = "acc-alice"
team = "payments"

[teams.payments]
leads = ["{LEAD}"]

[policy]
escalate_backlog = "ladder"

{mail}
[daemon]
state = "state.db"
{chr(10).join(f"{k} = {v}" for k, v in settings.items())}
"""
        )

    def write_items(self, count: int, *, due: str = "2027-03-01", name: str = "INC-7") -> None:
        rows = "\n".join(
            f"| Alert when disk {i} on db-{i} passes 80% | @alice | {due} | P2 | fire it in staging |"
            for i in range(1, count + 1)
        )
        (self.docs / f"{name}.md").write_text(
            f"---\nid: {name}\ntitle: Disk full\ndate: 2026-11-02\nseverity: SEV2\nteam: payments\n"
            f"status: final\n---\n# Disk full\n\n## Action Items\n\n"
            f"| Action | Owner | Due | Priority | Verify |\n|---|---|---|---|---|\n{rows}\n"
        )

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PMSYNC_", "NOTIFY_", "WATCHDOG_"))}
        return {**env, "PMSYNC_JIRA__TOKEN": self.jira.token, **extra}

    def start(self, **extra: str) -> subprocess.Popen[bytes]:
        log = self.root / f"daemon-{len(self.logs)}.log"
        self.logs.append(log)
        with log.open("wb") as out:
            return subprocess.Popen(
                [str(PMSYNC), "--config", str(self.config), "run"],
                env=self.env(**extra), stdout=out, stderr=subprocess.STDOUT,
            )

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.logs)

    def query(self, sql: str) -> list[tuple]:
        if not self.state.exists():
            return []
        with sqlite3.connect(f"file:{self.state}?mode=ro", uri=True, timeout=10) as conn:
            try:
                return conn.execute(sql).fetchall()
            except sqlite3.OperationalError:  # schema not created yet
                return []

    def count(self, sql: str) -> int:
        rows = self.query(sql)
        return int(rows[0][0]) if rows else 0

    def stop(self, proc: subprocess.Popen[bytes], timeout: float = 10) -> int:
        proc.send_signal(signal.SIGTERM)
        return proc.wait(timeout=timeout)


def wait_for(check: Callable[[], object], timeout: float = 20, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def marker_labels(jira: FakeJira) -> Counter[str]:
    return Counter(label for issue in jira.issues() for label in issue.labels if label.startswith("pmsync-"))


def test_notify_socket_gets_ready_watchdog_status_and_stopping(tmp_path, jira):
    dep = Deployment(tmp_path, jira, None)
    dep.write_items(3)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify.sock"
    sock.bind(str(path))
    sock.settimeout(0.1)
    proc = dep.start(NOTIFY_SOCKET=str(path), WATCHDOG_USEC="400000")  # ping every 0.2 s
    messages: list[str] = []

    def receive() -> None:
        try:
            while True:
                messages.append(sock.recv(4096).decode())
        except TimeoutError:
            pass

    try:
        wait_for(lambda: receive() or sum(m == "WATCHDOG=1" for m in messages) >= 5, what="watchdog pings")
        assert dep.stop(proc) == 0
        receive()
    finally:
        proc.kill()
        sock.close()
    assert messages[0].startswith("READY=1")
    assert any(m.startswith("STATUS=last cycle") and "3 items" in m for m in messages)
    assert messages[-1].startswith("STOPPING=1")
    assert len(jira.issues()) == 3
    health = json.loads(
        subprocess.run(
            [str(PMSYNC), "--config", str(dep.config), "status", "--json"],
            env=dep.env(), capture_output=True, check=True,
        ).stdout
    )["health"]
    assert health["next_cycle"] is not None and health["last_success"] is not None


def test_sigterm_mid_cycle_exits_cleanly_and_the_next_start_finishes_without_duplicates(tmp_path, jira):
    dep = Deployment(tmp_path, jira, None)
    dep.write_items(200)
    proc = dep.start()
    try:
        wait_for(lambda: len(jira.issues()) >= 20, what="the first creates")
        # What is asserted is the behaviour (the cycle abandoned between creates, the create in
        # hand recorded), not speed: the stop finishes one create and a few ledger writes, well
        # under a second, yet a loaded 2-core runner may starve both processes for many.
        assert dep.stop(proc, timeout=120) == 0
    finally:
        proc.kill()
    created = len(jira.issues())
    assert created < 200  # the stop came mid-cycle
    assert dep.count("SELECT COUNT(*) FROM intents") == 0  # the create in hand was recorded
    assert dep.count("SELECT COUNT(*) FROM tickets") == created
    log = dep.log_text()
    assert '"event": "stop_requested"' in log
    (finished,) = [json.loads(line) for line in log.splitlines() if '"event": "cycle_finished"' in line]
    assert finished["interrupted"] is True and finished["create"] == created  # stopped, not run out

    proc = dep.start()
    try:
        wait_for(lambda: dep.count("SELECT COUNT(*) FROM tickets") == 200, what="the rest")
        assert dep.stop(proc) == 0
    finally:
        proc.kill()
    labels = marker_labels(jira)
    assert len(labels) == 200 and set(labels.values()) == {1}
    assert len(jira.issues()) == 200


def test_a_second_instance_refuses_to_start(tmp_path, jira):
    dep = Deployment(tmp_path, jira, None)
    dep.write_items(2)
    first = dep.start()
    try:
        wait_for(lambda: dep.count("SELECT COUNT(*) FROM runs") >= 1, what="the first cycle")
        second = subprocess.run(
            [str(PMSYNC), "--config", str(dep.config), "run"], env=dep.env(), capture_output=True, timeout=30
        )
        assert second.returncode == 2
        assert f"the ledger {dep.state} is in use by pmsync (pid {first.pid})" in second.stderr.decode()
        assert first.poll() is None
        assert dep.stop(first) == 0
    finally:
        first.kill()


def test_kill_9_at_random_moments_never_duplicates_a_ticket_or_loses_mail(tmp_path, jira, smtp):
    dep = Deployment(tmp_path, jira, smtp)
    delays = [0.05, 0.15, 0.3, 0.8, 1.3, 1.8]  # after the cycle starts: mid-create to mid-delivery
    random.Random(20261123).shuffle(delays)
    for run, delay in enumerate(delays):
        # each run brings new overdue items: creates to do, flags to raise, mail to queue
        dep.write_items(40, due="2026-11-02", name=f"INC-{run}")
        runs = dep.count("SELECT COUNT(*) FROM runs")
        proc = dep.start()
        wait_for(lambda n=runs: dep.count("SELECT COUNT(*) FROM runs") > n, what="the cycle to start")
        time.sleep(delay)
        proc.kill()
        proc.wait()
    total = 40 * len(delays)
    runs = dep.count("SELECT COUNT(*) FROM runs")
    proc = dep.start()
    try:
        wait_for(
            # this process's own cycle has finished (earlier runs may have done all the work,
            # and a SIGTERM before the daemon is up would only test the interpreter's default)
            lambda: dep.count(f"SELECT COUNT(*) FROM runs WHERE id > {runs} AND finished_at IS NOT NULL")
            and dep.count("SELECT COUNT(*) FROM tickets") == total
            and dep.count("SELECT COUNT(*) FROM flags WHERE kind = 'overdue' AND notified_at IS NOT NULL") == total
            and dep.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") == 0,
            timeout=30,
            what="all tickets and all mail",
        )
        assert dep.stop(proc) == 0
    finally:
        proc.kill()
    labels = marker_labels(jira)
    assert len(labels) == total and set(labels.values()) == {1}
    assert dep.count("SELECT COUNT(*) FROM intents") == 0
    # every overdue flag went out in a queued message (flag and mail commit together) ...
    assert dep.count("SELECT COUNT(*) FROM flags WHERE cleared_at IS NULL AND notified_at IS NULL") == 0
    queued = {row[0] for row in dep.query("SELECT message_id FROM outbox")}
    received = {mid.strip("<>") for mid in smtp.message_ids()} | set(smtp.message_ids())
    assert queued and queued <= received  # ... and every queued message arrived
    assert smtp.to(LEAD)


@pytest.mark.parametrize(
    ("moment", "repeated"),
    [
        ("MAIL", 0),  # killed after the relay's 250 for message 3, as message 4 begins
        ("DATA", 1),  # killed while message 3 is accepted but its 250 not yet read
    ],
)
def test_kill_9_mid_delivery_repeats_at_most_the_message_in_flight(tmp_path, jira, smtp, moment, repeated):
    dep = Deployment(tmp_path, jira, smtp)
    now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    with Ledger.open(dep.state) as ledger, ledger.transaction():
        queued = [
            outbox.queue(ledger, kind="cycle", recipients=[f"lead{n}@example.com"], subject=f"item {n}",
                         text=f"item {n}", html=f"<p>item {n}</p>", now=now, sender="pmsync@example.com")
            for n in range(6)
        ]
    procs: list[subprocess.Popen[bytes]] = []

    def crash(command: str, received: int) -> None:
        # The client waits for this reply, so it dies at exactly this point of the batch.
        if command == moment and received == 3 and len(procs) == 1:
            procs[0].kill()
            procs[0].wait()

    smtp.hook = crash
    send = [str(PMSYNC), "--config", str(dep.config), "notify", "--send"]
    procs.append(subprocess.Popen(send, env=dep.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
    assert procs[0].wait(timeout=30) == -signal.SIGKILL
    assert dep.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL") == 3 - repeated
    again = subprocess.run(send, env=dep.env(), capture_output=True, timeout=30)
    assert again.returncode == 0, again.stderr.decode()
    assert dep.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") == 0
    ids = Counter(smtp.message_ids())
    assert set(ids) == {m.message_id for m in queued if m}
    assert sorted(ids.values()) == [1] * (6 - repeated) + [2] * repeated
    if repeated:  # the repeat is the message in flight, under its own Message-ID
        assert ids[queued[2].message_id] == 2


def test_kill_9_mid_chat_delivery_repeats_at_most_the_post_in_flight(tmp_path, jira, smtp):
    from tests.fakes.fake_slack import FakeSlack

    with FakeSlack() as slack:
        slack.add_channel("C0PAY", "payments-sre")
        dep = Deployment(tmp_path, jira, smtp)
        with dep.config.open("a") as config:
            config.write(f'\n[slack]\nbase_url = "{slack.base_url}"\ntimeout = 5\n')
        now = datetime(2026, 11, 23, 9, tzinfo=UTC)
        with Ledger.open(dep.state) as ledger, ledger.transaction():
            for n in range(5):
                outbox.queue(ledger, kind="cycle", recipients=["slack:channel:C0PAY"], subject=f"item {n}",
                             text=f"item {n}", html="", now=now, sender="pmsync@example.com", channel="slack",
                             payload=json.dumps({"text": f"item {n}", "blocks": []}))
        procs: list[subprocess.Popen[bytes]] = []

        def crash(posts: int) -> None:
            if posts == 3 and len(procs) == 1:  # Slack took the 3rd post; its answer is never read
                procs[0].kill()
                procs[0].wait()

        slack.on_post = crash
        send = [str(PMSYNC), "--config", str(dep.config), "notify", "--send"]
        env = dep.env(PMSYNC_SLACK__TOKEN=slack.token)
        procs.append(subprocess.Popen(send, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
        assert procs[0].wait(timeout=30) == -signal.SIGKILL
        assert dep.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL") == 2
        again = subprocess.run(send, env=env, capture_output=True, timeout=30)
        assert again.returncode == 0, again.stderr.decode()
        assert dep.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") == 0
        texts = Counter(p.text for p in slack.posts)
        assert texts == {"item 0": 1, "item 1": 1, "item 2": 2, "item 3": 1, "item 4": 1}


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return response.read().decode()


def test_a_tracker_down_for_several_cycles_is_reported_and_caught_up(tmp_path, jira, smtp):
    port = free_port()
    dep = Deployment(tmp_path, jira, smtp, tracker_down_alert='"2s"', metrics_port=str(port))
    dep.write_items(3)
    proc = dep.start()
    try:
        wait_for(lambda: len(jira.issues()) == 3 and dep.count("SELECT COUNT(*) FROM runs WHERE ok = 1"), what="first sync")
        jira.fail_next(10, status=503)  # every request (a create and a poll a cycle): five cycles down
        dep.write_items(4)  # an item added while Jira is down
        wait_for(lambda: dep.count("SELECT COUNT(*) FROM kv WHERE key = 'down_since:jira:OPS'") == 1, what="outage noticed")
        # the gauges follow the ledger once the cycle that noticed it is over
        wait_for(lambda: 'pmsync_target_up{target="jira:OPS"} 0.0' in scrape(port), what="target down metric")
        wait_for(lambda: smtp.to(OPS), timeout=20, what="the ops alert")
        assert "unreachable" in smtp.to(OPS)[0].message.get_body(("plain",)).get_content()
        assert proc.poll() is None
        wait_for(lambda: len(jira.issues()) == 4, timeout=30, what="catching up")
        wait_for(lambda: dep.count("SELECT COUNT(*) FROM kv WHERE key LIKE 'down_since:%'") == 0, what="recovery")
        wait_for(lambda: 'pmsync_target_up{target="jira:OPS"} 1.0' in scrape(port), what="target up metric")
        metrics = scrape(port)
        assert 'pmsync_tracker_errors_total{operation="poll",tracker="jira"}' in metrics
        assert "pmsync_tracker_requests_total" in metrics and "pmsync_last_success_timestamp_seconds" in metrics
        assert dep.count("SELECT COUNT(*) FROM runs WHERE ok = 0") >= 2
        assert dep.stop(proc) == 0
    finally:
        proc.kill()
    assert set(marker_labels(jira).values()) == {1}
    assert jira.token not in dep.log_text()
