"""The sync, check-config and reconcile commands, run as a user runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

from syncer.cli import main
from syncer.state import Ledger
from tests.integration.stack import Item, Stack

REPO = Path(__file__).resolve().parents[2]


def demo_config(tmp_path: Path) -> Path:
    """config/demo.toml with its paths pointing at the examples and a ledger in tmp_path."""
    config = tmp_path / "demo.toml"
    text = (REPO / "config" / "demo.toml").read_text()
    config.write_text(
        text.replace('"../examples/postmortems"', f'"{REPO / "examples" / "postmortems"}"')
        .replace('"../demo-state/state.db"', f'"{tmp_path / "state.db"}"')
    )
    return config


def test_dry_run_on_the_examples_plans_every_ticket_and_writes_nothing(tmp_path, capsys):
    state = tmp_path / "state.db"
    code = main(["--config", str(demo_config(tmp_path)), "sync", "--dry-run", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["dry_run"] is True
    assert set(out) == {"dry_run", "plan", "summary", "errors", "fatal", "down", "not_synced", "findings"}
    kinds = {a["action"] for a in out["plan"]}
    assert kinds == {"create", "adopt"}
    first = next(a for a in out["plan"] if a["item"] == "INC-2026-014/3")
    assert first == {
        "action": "create", "item": "INC-2026-014/3", "target": "jira:PAY", "ticket": None,
        "summary": "Create runbook for checkout config mismatch alerts", "priority": "P2",
        "owner": "carol", "assignee": "5b10a2844c20165700ede21c", "due": "2026-03-19",
        "fields": [], "note": None,
    }
    assert {a["target"] for a in out["plan"]} == {"jira:PAY", "jira:OPS", "github:acme/web"}
    assert not state.exists()  # a dry run leaves no ledger behind


def test_sync_then_status_then_reconcile_rebuilds_a_lost_ledger(tmp_path, monkeypatch, capsys):
    stack = Stack(tmp_path, jira_mode="cloud", github=True,
                  routing={"payments": "jira:PAY", "web": "github:acme/web"})
    try:
        stack.write("INC-1", [Item("Checksum checkout-config.json in deploys"),
                              Item("Run the staging pre-flight smoke test per deploy", owner="bob")])
        stack.write("INC-2", [Item("Purge the CDN cache on config deploy", owner="carol")], team="web")
        for name, value in stack.env.items():
            monkeypatch.setenv(name, value)
        stack.ledger.close()
        config = str(stack.config)
        assert main(["--config", config, "sync"]) == 0
        capsys.readouterr()
        assert main(["--config", config, "status", "--json"]) == 0
        status = json.loads(capsys.readouterr().out)
        assert sorted(i["ticket"]["key"] for i in status["items"]) == ["1", "PAY-1", "PAY-2"]

        os.remove(stack.root / "state.db")  # the ledger is lost
        assert main(["--config", config, "reconcile"]) == 0
        assert "3 linked to items" in capsys.readouterr().out
        assert main(["--config", config, "sync", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert [a for a in out["plan"] if a["action"] == "create"] == []
        assert len(stack.jira.issues()) == 2 and len(stack.gh.issues("acme/web")) == 1
    finally:
        stack.ledger = Ledger.open(stack.root / "state.db")
        stack.close()


def test_second_writer_is_refused(tmp_path, monkeypatch, capsys):
    stack = Stack(tmp_path, jira_mode="cloud")
    try:
        for name, value in stack.env.items():
            monkeypatch.setenv(name, value)
        assert main(["--config", str(stack.config), "sync"]) == 2  # the stack holds the ledger
        assert "in use by pmsync" in capsys.readouterr().err
    finally:
        stack.close()


def test_check_config_reports_every_problem_and_exits_2(tmp_path, capsys):
    config = tmp_path / "pmsync.toml"
    config.write_text(
        '[routing]\ndefault = "jira:OPS"\nteams = { web = "gh:acme" }\n'
        '[people.alice]\nemail = "not-an-address"\nteam = "nope"\n'
    )
    assert main(["--config", str(config), "check-config"]) == 2
    err = capsys.readouterr().err
    for words in ("routing.teams.web", "people.alice.email", "people.alice.team", "jira"):
        assert words in err


def test_check_config_online_checks_trackers_people_and_smtp(tmp_path, monkeypatch, capsys):
    from tests.fakes.smtp_server import FakeSmtp

    stack = Stack(tmp_path, jira_mode="datacenter", github=True,
                  routing={"payments": "jira:PAY", "web": "github:acme/web", "ops": "github:acme/gone"})
    try:
        with FakeSmtp() as smtp:
            text = stack.config.read_text().replace(
                "[daemon]", f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nstarttls = false\n'
                'sender = "pmsync <pmsync@acme.example>"\nops = ["ops@acme.example"]\n\n[daemon]'
            )
            stack.config.write_text(text + '\n[teams.ops]\nleads = ["ops@acme.example"]\n')
            for name, value in stack.env.items():
                monkeypatch.setenv(name, value)
            assert main(["--config", str(stack.config), "check-config", "--online"]) == 1
            err = capsys.readouterr().err
            assert "github:acme/gone" in err
            assert "smtp" not in err.lower()  # the SMTP server answered
    finally:
        stack.close()


def test_sync_logs_item_failures_on_stderr_with_secrets_masked(tmp_path, monkeypatch, capsys):
    stack = Stack(tmp_path, jira_mode="cloud")
    try:
        stack.write("INC-7", [Item("Checksum checkout-config.json in deploys", ref="OPS-999"),
                              Item("Run the staging pre-flight smoke test per deploy", owner="bob")])
        for name, value in stack.env.items():
            monkeypatch.setenv(name, value)
        stack.ledger.close()
        assert main(["--config", str(stack.config), "sync", "--json"]) == 1
        out, err = capsys.readouterr()
        assert json.loads(out)["errors"][0]["item"] == "INC-7/1"  # stdout stays pure JSON
        assert "item_failed" in err and "INC-7/1" in err
        assert stack.jira.token not in out + err
    finally:
        stack.ledger = Ledger.open(stack.root / "state.db")
        stack.close()


def test_offline_demo_runs_the_whole_job_without_tokens_or_network(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("PMSYNC_JIRA__TOKEN", raising=False)
    monkeypatch.delenv("PMSYNC_GITHUB__TOKEN", raising=False)
    config = demo_config(tmp_path)
    assert main(["--config", str(config), "sync", "--json"]) == 0
    sync = json.loads(capsys.readouterr().out)
    assert sync["summary"]["create"] == 12 and sync["summary"]["adopt"] == 7
    assert main(["--config", str(config), "status", "--json", "--flagged"]) == 0
    status = json.loads(capsys.readouterr().out)
    kinds = {f["kind"] for item in status["items"] for f in item["flags"]}
    assert {"overdue", "repeat_incident", "unassigned"} <= kinds
    assert status["health"]["outbox"]["pending"] > 0  # queued, not sent
    assert main(["--config", str(config), "notify", "--send"]) == 2  # offline sends nothing
    capsys.readouterr()
    assert main(["--config", str(config), "sync", "--json"]) == 0  # the second cycle is idle
    assert json.loads(capsys.readouterr().out)["plan"] == []


def test_read_only_commands_need_no_tokens(tmp_path, monkeypatch, capsys):
    stack = Stack(tmp_path, jira_mode="cloud")
    try:
        stack.write("INC-1", [Item("Checksum checkout-config.json in deploys")])
        stack.cycle()
        stack.ledger.close()
        monkeypatch.delenv("PMSYNC_JIRA__TOKEN", raising=False)
        config = str(stack.config)
        assert main(["--config", config, "status", "--json"]) == 0
        assert main(["--config", config, "report", "--html", str(tmp_path / "r.html")]) == 0
        assert main(["--config", config, "sync"]) == 2  # writing needs the token
        assert "jira.token: missing" in capsys.readouterr().err
    finally:
        stack.ledger = Ledger.open(stack.root / "state.db")
        stack.close()
