"""The shipped systemd units: `systemd-analyze verify` clean, `security` exposure ≤ 1.5, and
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
UNITS = ("pmsync.service", "pmsync-sync.service")  # the daemon, and the timer-driven one-shot
ANALYZE = shutil.which("systemd-analyze")
PMSYNC = Path(sys.executable).with_name("pmsync")
needs_analyze = pytest.mark.skipif(
    ANALYZE is None, reason="systemd-analyze is not installed (apt-get install systemd)"
)


def local_unit(tmp_path: Path, name: str = "pmsync.service") -> Path:
    """A unit with ExecStart pointing at this checkout's pmsync (/usr/local/bin/pmsync is not
    here), and the timer beside the one-shot service it starts."""
    for file in (ROOT / "systemd").glob("pmsync*.[st]*[er]"):
        text = file.read_text().replace("/usr/local/bin/pmsync", str(PMSYNC))
        (tmp_path / file.name).write_text(text)
    return tmp_path / name


@needs_analyze
@pytest.mark.parametrize("name", [*UNITS, "pmsync-sync.timer"])
def test_verify_is_clean(tmp_path, name):
    result = subprocess.run([ANALYZE, "verify", str(local_unit(tmp_path, name))], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "pmsync" not in result.stderr, result.stderr


@needs_analyze
@pytest.mark.parametrize("name", UNITS)
def test_security_exposure_is_at_most_1_5(tmp_path, name):
    result = subprocess.run(
        [ANALYZE, "security", "--offline=yes", "--no-pager", str(local_unit(tmp_path, name))],
        capture_output=True, text=True,
    )
    found = re.search(rf"Overall exposure level for {re.escape(name)}: ([0-9.]+)", result.stdout)
    assert found, result.stdout + result.stderr
    assert float(found[1]) <= 1.5, result.stdout


def test_unit_carries_the_required_settings():
    text = UNIT.read_text()
    for line in (
        "Type=notify", "User=pmsync", "TimeoutStopSec=45",
        "ExecStart=/usr/local/bin/pmsync --config /etc/pmsync/pmsync.toml run",
        "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure", "RestartPreventExitStatus=2 74",
        "LoadCredential=pmsync:/etc/pmsync/credentials", "StateDirectory=pmsync pmsync/www",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "MemoryDenyWriteExecute=yes",
        "ProtectSystem=strict", "UMask=0077", "SyslogLevelPrefix=yes",
    ):
        assert line in text.splitlines(), line
    assert re.search(r"^WatchdogSec=\S+", text, re.M)
    sysusers = (ROOT / "systemd" / "pmsync.sysusers.conf").read_text()
    assert re.search(r"^u\s+pmsync\s", sysusers, re.M)
    tmpfiles = (ROOT / "systemd" / "pmsync.tmpfiles.conf").read_text()
    assert re.search(r"^d\s+/etc/pmsync\s+0750\s+root\s+pmsync", tmpfiles, re.M)
    assert re.search(r"^d\s+/etc/pmsync/credentials\s+0700\s+root\s+root", tmpfiles, re.M)
    assert re.search(r"^d\s+/var/lib/pmsync/www\s+0755\s+pmsync\s+pmsync", tmpfiles, re.M)


def test_the_one_shot_unit_shares_the_daemons_sandbox():
    daemon = UNIT.read_text()
    one_shot = (ROOT / "systemd" / "pmsync-sync.service").read_text()
    sandbox = daemon[daemon.index("User=pmsync"):daemon.index("[Install]")].rstrip()
    assert sandbox in one_shot
    assert "ExecStart=/usr/local/bin/pmsync --config /etc/pmsync/pmsync.toml sync" in one_shot.splitlines()
    assert "Conflicts=pmsync.service" in one_shot.splitlines()


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
