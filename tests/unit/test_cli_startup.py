"""What each command loads: printing commands never load the tracker, chat, metrics or
template libraries, nor the logging stack (each costs start-up time on every run)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "postmortems"

# Run `pmsync ARGS` in a fresh interpreter and list the top-level modules it loaded.
_PROBE = """
import json, sys
from syncer.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --help and --version exit from argparse
    code = exc.code
sys.stdout.flush()
print(json.dumps(sorted({m.partition('.')[0] for m in sys.modules})), file=sys.stderr)
"""

SERVICE_LIBRARIES = {
    "jira", "github", "slack_sdk", "googleapiclient", "prometheus_client", "jinja2", "requests",
    "structlog", "rich", "tenacity", "schedule",
}


def loaded(*argv: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], cwd=ROOT, capture_output=True, text=True, check=False,
    )
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("argv", [("--version",), ("--help",), ("lint", "--help")])
def test_help_and_version_load_only_the_command_line(argv):
    modules = loaded(*argv)
    assert "syncer" in modules
    assert not modules & (SERVICE_LIBRARIES | {"pydantic", "markdown_it", "sqlite3", "yaml"})


def test_lint_loads_the_parser_and_nothing_of_the_service():
    modules = loaded("lint", "--json", str(EXAMPLES))
    assert {"markdown_it", "yaml"} <= modules
    assert not modules & (SERVICE_LIBRARIES | {"pydantic", "pydantic_settings", "sqlite3"})


def test_check_config_offline_loads_no_tracker_client(tmp_path):
    config = tmp_path / "pmsync.toml"
    config.write_text((ROOT / "config" / "demo.toml").read_text(encoding="utf-8"), encoding="utf-8")
    config.chmod(0o600)
    modules = loaded("--config", str(config), "check-config")
    assert "pydantic" in modules
    assert not modules & SERVICE_LIBRARIES
