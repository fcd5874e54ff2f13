"""A full disk or a read-only ledger: one clear message naming the file, exit 74, ledger intact."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syncer.state import EXIT_STORAGE, Ledger, LedgerUnwritable
from tests.integration.test_cli_commands import demo_config

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def _intact(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_a_full_disk_rolls_back_and_names_the_file(tmp_path):
    path = tmp_path / "state.db"
    with Ledger.open(path) as ledger:
        ledger.set("kept", "yes")
        pages = ledger.conn.execute("PRAGMA page_count").fetchone()[0]
        ledger.conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite's own SQLITE_FULL
        full = pytest.raises(LedgerUnwritable, match=rf"cannot write the ledger {path}: database or disk is full")
        with full, ledger.transaction():
            for n in range(2000):
                ledger.add_event("filler", NOW, None, text="x" * 500, n=n)
        assert ledger.get("kept") == "yes" and not ledger.conn.in_transaction
    _intact(path)


def test_a_read_only_ledger_names_the_file(tmp_path):
    path = tmp_path / "state.db"
    with Ledger.open(path) as ledger:
        ledger.conn.execute("PRAGMA query_only = ON")  # SQLite's own SQLITE_READONLY
        with pytest.raises(LedgerUnwritable, match="readonly database"):
            ledger.set("k", "v")
    _intact(path)


def _small_files() -> None:
    # the process may write files of at most 96 KiB: past it a write fails (EFBIG), as on a full disk
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (96 * 1024, 96 * 1024))


def test_sync_on_a_full_disk_exits_74_with_one_line_and_no_traceback(tmp_path):
    config = demo_config(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PMSYNC_")}
    done = subprocess.run(
        [sys.executable, "-m", "syncer", "--config", str(config), "sync"],
        capture_output=True, text=True, env=env, preexec_fn=_small_files, timeout=300, check=False,
    )
    assert done.returncode == EXIT_STORAGE, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    lines = [line for line in done.stderr.splitlines() if "cannot write the ledger" in line]
    assert len(lines) == 1 and str(tmp_path / "state.db") in lines[0]
    _intact(tmp_path / "state.db")


def test_the_unit_does_not_restart_on_a_storage_fault():
    unit = (Path(__file__).resolve().parents[2] / "systemd" / "pmsync.service").read_text()
    prevent = next(line for line in unit.splitlines() if line.startswith("RestartPreventExitStatus="))
    assert str(EXIT_STORAGE) in prevent.split("=", 1)[1].split()
