"""Command-line conventions: --version, global options on either side of the command,
help that explains itself, generated shell completion."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from syncer.cli import build_parser, main, parse_args, pmsync_version
from syncer.cli_help import COMMANDS

COMMAND_NAMES = sorted(COMMANDS)


def test_version_prints_the_installed_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out.strip()
    assert out == f"pmsync {pmsync_version()}"
    assert out.split()[1][0].isdigit()  # the package metadata, not a placeholder


@pytest.mark.parametrize(
    "argv",
    [
        ["--config", "c.toml", "-q", "status", "--flagged"],
        ["status", "--config", "c.toml", "--quiet", "--flagged"],
        ["--config", "c.toml", "status", "-q", "--flagged"],
        ["-q", "status", "--flagged", "--config", "c.toml"],
    ],
)
def test_global_options_go_before_or_after_the_command(argv):
    args = parse_args(argv)
    assert (args.config, args.log_level, args.command, args.flagged) == ("c.toml", "warning", "status", True)


def test_global_options_default_when_absent():
    args = parse_args(["lint", "x.md"])
    assert (args.config, args.log_level) == (None, None)


def test_verbose_and_quiet_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as exit_:
        parse_args(["sync", "--verbose", "--quiet"])
    assert exit_.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_help_has_description_examples_and_exit_codes(name, capsys):
    with pytest.raises(SystemExit):
        main([name, "--help"])
    out = capsys.readouterr().out
    text = COMMANDS[name]
    assert text.description.split()[0] in out
    assert "examples:" in out and text.examples[0] in out
    assert "exit codes:" in out
    for code, meaning in text.exit_codes:
        assert f"  {code}  {meaning}" in out
    assert "--config" in out and "--verbose" in out  # global options shown where they work


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_help_fits_an_80_column_terminal(name, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main([name, "--help"])
    assert max(len(line) for line in capsys.readouterr().out.splitlines()) <= 80


def test_every_command_has_help_and_every_help_a_command():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert sorted(sub.choices) == COMMAND_NAMES


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_every_command_and_option(shell, capsys):
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for name in COMMAND_NAMES:
        assert name in script
    for option in ("--config", "--dry-run", "--flagged", "--online", "--preview"):
        assert option.lstrip("-") in script


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_are_valid_for_their_shell(shell, capsys, tmp_path):
    binary = shutil.which(shell)
    if binary is None:
        pytest.skip(f"{shell} is not installed")
    assert main(["completion", shell]) == 0
    script = tmp_path / f"pmsync.{shell}"
    script.write_text(capsys.readouterr().out)
    check = [binary, "-n", str(script)] if shell != "fish" else [binary, "--no-execute", str(script)]
    result = subprocess.run(check, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_bash_completion_completes_commands_and_options(capsys, tmp_path):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    main(["completion", "bash"])
    script = tmp_path / "pmsync.bash"
    script.write_text(capsys.readouterr().out)

    def complete(*words: str) -> set[str]:
        line = " ".join(("pmsync", *words))
        probe = (
            f"source {script}; COMP_WORDS=({line}); COMP_CWORD={len(words)}; "
            f"COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; "
            "_shtab_pmsync pmsync; printf '%s\\n' \"${COMPREPLY[@]}\""
        )
        out = subprocess.run([bash, "-c", probe], capture_output=True, text=True, timeout=30).stdout
        return {w.strip() for w in out.split()}

    assert {"sync", "status"} <= complete("s")
    assert "--dry-run" in complete("sync", "--d")
