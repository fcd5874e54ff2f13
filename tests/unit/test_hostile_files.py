"""Hostile files in a docs folder: symlinks out of it, undecodable names, terminal escapes."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from adapters.sources.markdown import read_paths
from syncer.cli import main

DOC = """---
id: INC-{n}
title: Disk full {n}
---
# Disk full

## Action items

- Add disk space alert at 80% on ledger-db. Owner: @alice. Due: 2026-12-01. Verify: game day.
"""

ESCAPES = "Rotate \x1b]0;pwned\x07 the \x1b[2J key \x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\ \u202etxt.exe"


def _folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text(DOC.format(n=1))
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(DOC.format(n=666))
    (docs / "leak.md").symlink_to(secret)
    (docs / "alias.md").symlink_to(docs / "good.md")  # inside the folder: fine
    bad = os.fsencode(docs) + b"/caf\xe9-\xff.md"
    fd = os.open(bad, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, DOC.format(n=2).encode())
    os.close(fd)
    return docs


def test_symlinks_out_of_the_source_and_bad_names_are_findings_and_the_rest_is_read(tmp_path):
    docs = read_paths([_folder(tmp_path)])
    by_rule = {f.rule: d for d in docs for f in d.findings if f.rule.startswith("file-")}
    assert by_rule["file-outside-source"].path.endswith("leak.md")
    assert by_rule["file-outside-source"].postmortem is None
    assert by_rule["file-name-encoding"].path.endswith("caf\\xe9-\\xff.md")
    read = sorted(d.postmortem.id for d in docs if d.postmortem)
    assert read == ["INC-1", "INC-1"]  # good.md and the symlink to it; never INC-666 nor a crash
    for doc in docs:
        doc.path.encode("utf-8")  # every name pmsync keeps can be stored and printed


def test_lint_json_is_valid_utf8_with_a_bad_file_name(tmp_path, capsysbinary):
    assert main(["lint", "--json", str(_folder(tmp_path))]) == 1
    out = capsysbinary.readouterr().out
    payload = json.loads(out.decode("utf-8"))  # strict UTF-8, valid JSON
    text = json.dumps(payload)
    assert "file-name-encoding" in text and "file-outside-source" in text and "INC-666" not in text


def test_human_output_shows_terminal_escapes_escaped(tmp_path, capsys):
    doc = tmp_path / "esc.md"
    doc.write_text(DOC.format(n=3).replace("Add disk space alert at 80% on ledger-db", ESCAPES))
    main(["lint", str(doc)])
    out, err = capsys.readouterr()
    for stream in (out, err):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    assert "pwned" in out  # the words are shown, the controls are not obeyed


def test_everything_a_command_prints_is_filtered(capsys):
    from syncer.logs import set_secrets
    from syncer.output import safe_output

    set_secrets(["s3cr3t-token-value"])
    try:
        with safe_output():
            print(ESCAPES)
            print("proxy said: Authorization: Basic czNjcjN0LXRva2VuLXZhbHVl; s3cr3t-token-value", file=sys.stderr)
    finally:
        set_secrets([])
    out, err = capsys.readouterr()
    assert out.startswith("Rotate \\u001b]0;pwned\\u0007 the \\u001b[2J key")
    assert "\\u202etxt.exe" in out
    assert "s3cr3t" not in err and "czNjcjN0" not in err
