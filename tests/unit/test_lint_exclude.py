"""`[sources] exclude` keeps templates and indexes out; a run that finds no postmortem says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.sources.markdown import read_paths
from syncer.cli import main
from syncer.exclude import DEFAULT_EXCLUDE, is_excluded

POSTMORTEM = "# Outage\n\n## Summary\n\nDown.\n\n## Action items\n\n- Add a probe\n"


@pytest.mark.parametrize(
    ("relative", "excluded"),
    [
        ("README.md", True), ("readme.md", True), ("team/README.md", True),
        ("postmortem-template.md", True), ("Template.md", True), ("_index.md", True),
        ("drafts/_wip.md", True), ("2026-03-04-outage.md", False), ("team/outage.md", False),
    ],
)  # fmt: skip
def test_default_globs(relative: str, excluded: bool) -> None:
    assert is_excluded(relative, DEFAULT_EXCLUDE) is excluded


def test_walked_directories_leave_excluded_files_out_but_named_files_are_read(tmp_path: Path) -> None:
    for name in ("README.md", "postmortem-template.md", "_index.md", "outage.md"):
        (tmp_path / name).write_text(POSTMORTEM, encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "wip.md").write_text(POSTMORTEM, encoding="utf-8")
    assert [Path(d.path).name for d in read_paths([tmp_path])] == ["wip.md", "outage.md"]
    assert [Path(d.path).name for d in read_paths([tmp_path], exclude=["drafts/*"])] == [
        "README.md", "_index.md", "outage.md", "postmortem-template.md",
    ]  # fmt: skip
    assert [Path(d.path).name for d in read_paths([tmp_path / "README.md"])] == ["README.md"]


def test_lint_uses_the_configured_globs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "outage.md").write_text(POSTMORTEM, encoding="utf-8")
    (docs / "notes.md").write_text(POSTMORTEM, encoding="utf-8")
    config = tmp_path / "pmsync.toml"
    config.write_text('[sources]\npaths = ["docs"]\nexclude = ["notes.md"]\n', encoding="utf-8")
    main(["--config", str(config), "lint", "--json", str(docs)])
    paths = [Path(d["path"]).name for d in json.loads(capsys.readouterr().out)["documents"]]
    assert paths == ["outage.md"]


def test_a_directory_without_postmortems_is_reported_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text(POSTMORTEM, encoding="utf-8")
    (tmp_path / "index.md").write_text("# Index\n\n- [one](one.md)\n", encoding="utf-8")
    assert main(["lint", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "no postmortem under" in captured.err and "1 Markdown file read" in captured.err
    assert "not-a-postmortem" in captured.out and "section-missing" not in captured.out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["lint", str(empty)]) == 2
    assert "no Markdown file under" in capsys.readouterr().err


def test_a_postmortem_beside_an_index_lints_as_usual(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "index.md").write_text("# Index\n\n- [one](one.md)\n", encoding="utf-8")
    (tmp_path / "outage.md").write_text("---\nid: INC-1\n---\n" + POSTMORTEM, encoding="utf-8")
    assert main(["lint", str(tmp_path)]) == 1  # the item's own findings (owner, due, …) are errors
    assert "no postmortem" not in capsys.readouterr().err
