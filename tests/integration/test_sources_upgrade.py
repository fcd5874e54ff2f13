"""Upgrading to `[[sources]]`: a ledger written by the previous release, with the examples'
tickets in it, syncs on with either form of the configuration and no item gets a second
ticket or another key."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from syncer.cli import main

REPO = Path(__file__).resolve().parents[2]
BEFORE = REPO / "tests" / "data" / "ledgers" / "demo-before-sources.db"
OLD_DIR = "/tmp/pmsync-old/config/../examples/postmortems/"  # where the previous release read them

LEGACY = '[sources]\npaths = ["{docs}"]\ndoc_url = "https://git.example.com/sre/postmortems/blob/main/{{path}}"\n'
ENTRIES = (
    '[[sources]]\nname = "postmortems"\nkind = "markdown"\npaths = ["{docs}"]\n'
    'doc_url = "https://git.example.com/sre/postmortems/blob/main/{{path}}"\n'
)


def _config(tmp_path: Path, sources: str) -> Path:
    docs = tmp_path / "postmortems"
    shutil.copytree(REPO / "examples" / "postmortems", docs)
    state = tmp_path / "state.db"
    shutil.copy(BEFORE, state)
    with sqlite3.connect(state) as db:  # the files were elsewhere on the old host
        db.execute("UPDATE postmortems SET path = replace(path, ?, ?)", (OLD_DIR, f"{docs}/"))
    text = (REPO / "config" / "demo.toml").read_text()
    head, rest = text.split("[sources]\n", 1)
    rest = rest.split("\n\n", 1)[1]
    text = head + sources.format(docs=docs) + "\n" + rest
    config = tmp_path / "pmsync.toml"
    config.write_text(text.replace('"../demo-state/state.db"', f'"{state}"'))
    return config


def _keys(state: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(state) as db:
        return sorted(db.execute("SELECT ident, key FROM items").fetchall())


@pytest.mark.parametrize("sources", [LEGACY, ENTRIES], ids=["[sources]", "[[sources]]"])
def test_an_existing_ledger_syncs_on_without_a_second_ticket(tmp_path, capsys, monkeypatch, sources):
    monkeypatch.chdir(tmp_path)
    config = _config(tmp_path, sources)
    before = _keys(tmp_path / "state.db")
    assert len(before) == 19
    code = main(["--config", str(config), "sync", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    assert [a for a in out["plan"] if a["action"] in ("create", "adopt")] == []
    assert out["summary"]["items"] == 19
    assert _keys(tmp_path / "state.db") == before
    with sqlite3.connect(tmp_path / "state.db") as db:
        assert db.execute("SELECT count(*) FROM tickets").fetchone()[0] == 19
        # The ledger had no next-decision dates: every item was decided once and now has one
        # ('' = not decided yet; NULL = only a change to the item or its ticket decides again).
        days = [r[0] for r in db.execute("SELECT next_decision FROM items")]
        assert len(days) == 19 and "" not in days
        assert all(day is None or day > "2026-" for day in days)
