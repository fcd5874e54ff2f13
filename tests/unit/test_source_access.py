"""check-config's question: will the service user be able to read the postmortems?"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from syncer.cli import main
from syncer.source_access import Account, source_problems

SERVICE = Account("pmsync", uid=4242, gids=frozenset({4242}))


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """A directory every user can enter (pytest's own base is private to its user)."""
    base = Path(tempfile.mkdtemp(prefix="pmsync-access-", dir="/tmp"))
    os.chmod(base, 0o755)
    yield base
    shutil.rmtree(base)


def tree(tmp_path: Path) -> Path:
    docs = tmp_path / "srv" / "postmortems"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text("# A\n")
    os.chmod(tmp_path, 0o755)
    os.chmod(tmp_path / "srv", 0o755)
    return docs


def test_a_world_readable_checkout_is_fine(tmp_path):
    docs = tree(tmp_path)
    os.chmod(docs, 0o755)
    assert source_problems([docs], SERVICE) == []


def test_a_directory_closed_to_others_is_reported_with_its_mode(tmp_path):
    docs = tree(tmp_path)
    os.chmod(docs, 0o700)
    assert source_problems([docs], SERVICE) == [
        f"sources.paths: {docs}: user pmsync cannot read it (mode drwx------)"
    ]


def test_a_closed_parent_is_named(tmp_path):
    docs = tree(tmp_path)
    os.chmod(tmp_path / "srv", 0o750)  # root's group, not pmsync's
    assert source_problems([docs], SERVICE) == [
        f"sources.paths: {docs}: user pmsync cannot enter {tmp_path / 'srv'}"
    ]


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's group needs root")
def test_group_membership_opens_the_door(tmp_path):
    docs = tree(tmp_path)
    os.chmod(docs, 0o750)
    os.chown(docs, 0, 4242)
    assert source_problems([docs], SERVICE) == []


def test_missing_and_empty_sources_are_said_out_loud(tmp_path):
    docs = tree(tmp_path)
    empty = tmp_path / "srv" / "empty"
    empty.mkdir(mode=0o755)
    os.chmod(empty, 0o755)
    os.chmod(docs, 0o755)
    assert source_problems([tmp_path / "nope", empty, docs], SERVICE) == [
        f"sources.paths: {tmp_path / 'nope'}: does not exist",
        f"sources.paths: {empty}: holds no *.md files: there is nothing to sync",
    ]


def test_home_is_hidden_from_the_unit():
    problems = source_problems([Path("/root")], None)
    assert problems and "ProtectHome=yes" in problems[0]


def test_check_config_fails_on_a_missing_source_path(tmp_path, capsys):
    config = tmp_path / "pmsync.toml"
    config.write_text('[sources]\npaths = ["does-not-exist"]\n')
    assert main(["check-config", "--config", str(config)]) == 1
    captured = capsys.readouterr()
    assert "configuration is valid" in captured.out
    assert f"sources.paths: {tmp_path / 'does-not-exist'}: does not exist" in captured.err
    assert "1 problem found" in captured.err


def test_check_config_checks_every_markdown_source_entry(tmp_path, capsys):
    config = tmp_path / "pmsync.toml"
    config.write_text(
        '[[sources]]\nname = "handbook"\npaths = ["gone"]\n\n'
        '[[sources]]\nname = "repo"\nkind = "git"\nremote = "file:///nowhere.git"\n'
    )
    assert main(["check-config", "--config", str(config)]) == 1
    assert f"sources.paths: {tmp_path / 'gone'}: does not exist" in capsys.readouterr().err
