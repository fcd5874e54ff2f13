"""`pmsync report --json/--csv` on a ledger written by an earlier release: the ledger migrates
(schema 1 → current) on a read-only report, numbers come from what it holds, and after a sync
every item has its SLO deadline, keys and tickets unchanged."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from syncer.cli import main
from syncer.state import SCHEMA_VERSION
from tests.integration.test_sources_upgrade import LEGACY, _config, _keys


def test_an_old_ledger_reports_then_syncs_on(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = str(_config(tmp_path, LEGACY))
    state = tmp_path / "state.db"
    before = _keys(state)

    assert main(["--config", config, "report", "--json"]) == 0
    numbers = json.loads(capsys.readouterr().out)
    with sqlite3.connect(state) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert numbers["overall"]["items"] == 19
    assert len(numbers["trend"]) == 12
    assert set(numbers["groups"]) == {"team", "priority", "severity", "service"}
    assert set(numbers["groups"]["service"]) == {"none"}  # the old ledger never kept services

    assert main(["--config", config, "sync", "--json"]) == 0
    beyond = {f["item"] for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "deadline-beyond-slo"}
    assert _keys(state) == before
    assert main(["--config", config, "report", "--json", "--period", "2026"]) == 0
    numbers = json.loads(capsys.readouterr().out)
    assert {"checkout-api", "deploy-pipeline"} <= set(numbers["groups"]["service"])
    assert main(["--config", config, "report", "--csv", "--team", "payments"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["team"] for r in rows} == {"payments"}
    assert all(r["slo_deadline"] for r in rows)
    assert {r["deadline_source"] for r in rows} <= {"document", "slo"}
    for r in rows:
        assert r["beyond_slo"] == ("yes" if r["deadline"] > r["slo_deadline"] else "no")
    assert main(["--config", config, "report", "--csv"]) == 0
    every = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(every) == 19
    assert {r["item"] for r in every if r["beyond_slo"] == "yes"} == beyond and len(beyond) == 4
    with sqlite3.connect(state) as db:
        weeks = db.execute("SELECT COUNT(*), SUM(backfilled) FROM snapshots").fetchone()
    assert weeks == (12, 11)  # eleven past weeks backfilled from history, this week live


def test_report_arguments_are_checked_before_anything_is_read(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = str(_config(tmp_path, LEGACY))
    for args, says in (
        ([], "--html FILE, --json or --csv"),
        (["--json", "--csv"], "not both"),
        (["--html", "x.html", "--json"], "one at a time"),
        (["--json", "--period", "last month"], "--period 'last month': expected START..END"),
    ):
        assert main(["--config", config, "report", *args]) == 2
        assert says in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()
