"""The shipped systemd unit: `systemd-analyze verify` clean, `security` exposure ≤ 1.5, and
pmsync works under MemoryDenyWriteExecute (emulated with prctl(PR_SET_MDWE))."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "systemd" / "pmsync.service"
ANALYZE = shutil.which("systemd-analyze")
PMSYNC = Path(sys.executable).with_name("pmsync")
needs_analyze = pytest.mark.skipif(
    ANALYZE is None, reason="systemd-analyze is not installed (apt-get install systemd)"
)


def local_unit(tmp_path: Path) -> Path:
    """The unit with ExecStart pointing at this checkout's pmsync (/usr/bin/pmsync is not here)."""
    text = UNIT.read_text().replace("ExecStart=/usr/bin/pmsync", f"ExecStart={PMSYNC}")
    path = tmp_path / "pmsync.service"
    path.write_text(text)
    return path


@needs_analyze
def test_verify_is_clean(tmp_path):
    result = subprocess.run([ANALYZE, "verify", str(local_unit(tmp_path))], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "pmsync.service" not in result.stderr, result.stderr


@needs_analyze
def test_security_exposure_is_at_most_1_5(tmp_path):
    result = subprocess.run(
        [ANALYZE, "security", "--offline=yes", "--no-pager", str(local_unit(tmp_path))],
        capture_output=True, text=True,
    )
    found = re.search(r"Overall exposure level for pmsync\.service: ([0-9.]+)", result.stdout)
    assert found, result.stdout + result.stderr
    assert float(found[1]) <= 1.5, result.stdout


def test_unit_carries_the_required_settings():
    text = UNIT.read_text()
    for line in (
        "Type=notify", "User=pmsync", "StateDirectory=pmsync", "TimeoutStopSec=30",
        "ExecStart=/usr/bin/pmsync --config /etc/pmsync/pmsync.toml run",
        "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure", "RestartPreventExitStatus=2",
        "LoadCredential=jira_token:/etc/pmsync/jira_token",
        "LoadCredential=github_token:/etc/pmsync/github_token",
        "LoadCredential=smtp_password:/etc/pmsync/smtp_password",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "MemoryDenyWriteExecute=yes",
        "ProtectSystem=strict", "UMask=0077",
    ):
        assert line in text.splitlines(), line
    assert re.search(r"^WatchdogSec=\S+", text, re.M)
    sysusers = (ROOT / "systemd" / "pmsync.sysusers.conf").read_text()
    assert re.search(r"^u\s+pmsync\s", sysusers, re.M)
    tmpfiles = (ROOT / "systemd" / "pmsync.tmpfiles.conf").read_text()
    assert re.search(r"^d\s+/etc/pmsync\s+0750\s+root\s+pmsync", tmpfiles, re.M)


# prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN) is what MemoryDenyWriteExecute= amounts to; the
# flag survives exec, so a small launcher sets it and then execs the Python under test.
_LAUNCHER = (
    "import ctypes, os, sys\n"
    "if ctypes.CDLL(None).prctl(65, 1, 0, 0, 0) != 0: os._exit(77)\n"
    "os.execv(sys.executable, [sys.executable, '-c', sys.argv[1]])\n"
)


def under_mdwe(code: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _LAUNCHER, code], capture_output=True, text=True, timeout=60, **kwargs
    )


def test_pmsync_runs_under_memory_deny_write_execute(tmp_path):
    probe = under_mdwe("import mmap; mmap.mmap(-1, 4096, prot=7)")
    if probe.returncode == 77:
        pytest.skip("this kernel has no PR_SET_MDWE (Linux < 6.3)")
    assert probe.returncode != 0 and "PermissionError" in probe.stderr  # W+X really is refused
    config = tmp_path / "demo.toml"  # the demo configuration with its ledger in tmp_path
    config.write_text(
        (ROOT / "config" / "demo.toml").read_text()
        .replace('"../examples/postmortems"', f'"{ROOT / "examples" / "postmortems"}"')
        .replace('"../demo-state/state.db"', f'"{tmp_path / "state.db"}"')
    )
    env = dict(os.environ)
    code = (
        "import adapters.trackers.jira, adapters.trackers.github, adapters.notify.smtp, "
        "syncer.commands.run, syncer.notify, prometheus_client, ssl, sqlite3; "
        f"from syncer.cli import main; raise SystemExit(main(['--config', '{config}', 'sync']))"
    )
    result = under_mdwe(code, cwd=ROOT, env=env)
    assert result.returncode in (0, 1), result.stderr
    assert "create" in result.stdout
