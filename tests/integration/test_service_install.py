"""The service installation as the README writes it.

Booting the unit under systemd itself needs systemd as PID 1 or systemd-nspawn with an OS
tree, which test machines (containers, CI) lack; the tests do everything short of that:
`systemd-analyze verify` and `security --offline` on the unit, systemd-sysusers and
systemd-tmpfiles applied with --root to a scratch root, and the daemon started as the
service user (setpriv) with the unit's environment, umask, working directory, credentials
directory and notify socket. It then checks what the README promises: READY=1, the dashboard
in /var/lib/pmsync/www readable by another user, only the credentials in use needed, an
orderly stop on SIGTERM.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.checkout import ROOT, copy_checkout

SYSTEMD = ROOT / "systemd"
UNIT = SYSTEMD / "pmsync.service"
NOBODY = 65534


def unit_settings() -> dict[str, list[str]]:
    return unit_settings_of("pmsync.service")


def install_commands() -> list[str]:
    """The shell lines of the README's "Install as a service" block, comments dropped."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Install as a service", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_the_readme_installs_what_the_unit_expects():
    unit = unit_settings()
    commands = "\n".join(install_commands())
    executable = unit["ExecStart"][0].split()[0]
    assert executable == "/usr/local/bin/pmsync" and f" {executable}" in commands
    for doc in unit["Documentation"]:
        assert doc.startswith("file://"), doc
        assert doc.removeprefix("file://") in commands  # the README installs what the unit names
    for source, target in (
        ("systemd/pmsync.sysusers.conf", "/etc/sysusers.d/pmsync.conf"),
        ("systemd/pmsync.tmpfiles.conf", "/etc/tmpfiles.d/pmsync.conf"),
        ("systemd/pmsync.service", "/etc/systemd/system/pmsync.service"),
    ):
        assert f"{source} {target}" in commands
        assert (ROOT / source).is_file()
    credentials = next(v for v in unit["LoadCredential"] if v)
    assert credentials == "pmsync:/etc/pmsync/credentials"
    assert "/etc/pmsync/credentials/" in commands
    assert unit["StateDirectory"] == ["pmsync pmsync/www"]
    assert "/var/lib/pmsync/www/index.html" in (ROOT / "README.md").read_text()


@pytest.fixture(scope="module")
def pmsync() -> Iterator[Path]:
    """pmsync installed as the README does it: a venv in /opt/pmsync made by the system's
    python3, `pip install .` of this checkout (here under a scratch directory, since the
    service user must be able to run it and this test's own interpreter may be private)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("starting pmsync as the service user needs root and setpriv (util-linux)")
    python = shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin")
    probe = python and subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", python, "-c",
         "import sys, venv; assert sys.version_info >= (3, 11)"],
        capture_output=True, timeout=60,
    )
    if not probe or probe.returncode != 0:
        pytest.skip("no system python3 >= 3.11 that another user may run")
    base = scratch_root()
    opt = base / "opt/pmsync"
    made = subprocess.run([python, "-m", "venv", str(opt)], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    source = copy_checkout(base)
    installed = subprocess.run(
        [str(opt / "bin/pip"), "install", "--quiet", str(source)], capture_output=True, text=True, timeout=600
    )
    assert installed.returncode == 0, installed.stderr
    yield opt / "bin/pmsync"
    shutil.rmtree(base, ignore_errors=True)


def scratch_root() -> Path:
    base = Path(tempfile.mkdtemp(prefix="pmsync-root-", dir="/tmp"))
    os.chmod(base, 0o755)  # other users (the service user, nobody) must pass through
    return base


@pytest.fixture
def root() -> Iterator[Path]:
    base = scratch_root()
    yield base
    shutil.rmtree(base, ignore_errors=True)


def apply_snippets(root: Path) -> tuple[int, int]:
    """sysusers and tmpfiles as the README runs them, into `root`; the service user's uid/gid."""
    for tool in ("systemd-sysusers", "systemd-tmpfiles"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (apt-get install systemd)")
    (root / "etc").mkdir(exist_ok=True)
    done = subprocess.run(
        ["systemd-sysusers", f"--root={root}", str(SYSTEMD / "pmsync.sysusers.conf")],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        ["systemd-tmpfiles", f"--root={root}", "--create", str(SYSTEMD / "pmsync.tmpfiles.conf")],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    entry = next(
        line.split(":") for line in (root / "etc/passwd").read_text().splitlines() if line.startswith("pmsync:")
    )
    assert entry[6] == "/usr/sbin/nologin" and entry[5] == "/var/lib/pmsync"
    return int(entry[2]), int(entry[3])


def mode_owner(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return oct(stat.S_IMODE(st.st_mode)), st.st_uid, st.st_gid


@pytest.mark.skipif(os.geteuid() != 0, reason="sysusers/tmpfiles --root set owners: needs root")
def test_sysusers_and_tmpfiles_make_the_directories_the_unit_needs(root):
    uid, gid = apply_snippets(root)
    assert mode_owner(root / "etc/pmsync") == ("0o750", 0, gid)
    assert mode_owner(root / "etc/pmsync/credentials") == ("0o700", 0, 0)
    assert mode_owner(root / "var/lib/pmsync") == ("0o711", uid, gid)
    assert mode_owner(root / "var/lib/pmsync/www") == ("0o755", uid, gid)
    # StateDirectoryMode= must not ask for bits tmpfiles withheld (systemd would warn each start)
    wanted = int(unit_settings()["StateDirectoryMode"][0], 8)
    for directory in ("var/lib/pmsync", "var/lib/pmsync/www"):
        assert stat.S_IMODE((root / directory).stat().st_mode) & ~wanted == 0


def service_config(root: Path, gid: int) -> Path:
    """The demo configuration installed as the README installs one: 0640 root:pmsync."""
    config = root / "etc/pmsync/pmsync.toml"
    text = (ROOT / "config/demo.toml").read_text()
    text = text.replace('"../examples/postmortems"', f'"{ROOT / "examples/postmortems"}"')
    text = text.replace('"../demo-state/state.db"', f'"{root}/var/lib/pmsync/state.db"')
    text = re.sub(r"(?m)^report_html = .*$", "", text)
    text = text.replace("[daemon]", f'[daemon]\nreport_html = "{root}/var/lib/pmsync/www/index.html"')
    config.write_text(text)
    os.chown(config, 0, gid)
    os.chmod(config, 0o640)
    return config


def unit_environment(root: Path, credentials: Path, notify: Path) -> dict[str, str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    for assignment in unit_settings().get("Environment", []):
        for pair in shlex.split(assignment):
            key, value = pair.split("=", 1)
            env[key] = value
    env.update(CREDENTIALS_DIRECTORY=str(credentials), NOTIFY_SOCKET=str(notify), HOME=f"{root}/var/lib/pmsync")
    return env


def credentials_directory(root: Path, uid: int, files: dict[str, str]) -> Path:
    """What systemd makes of LoadCredential=pmsync:/etc/pmsync/credentials: each file as
    pmsync_<name>, read-only, owned by the service user."""
    source = root / "etc/pmsync/credentials"
    for name, value in files.items():
        (source / name).write_text(value + "\n")
    target = root / "run/credentials/pmsync.service"
    target.mkdir(parents=True)
    for file in source.iterdir():
        copy = target / f"pmsync_{file.name}"
        copy.write_bytes(file.read_bytes())
        os.chown(copy, uid, -1)
        os.chmod(copy, 0o400)
    os.chown(target, uid, -1)
    os.chmod(target, 0o500)
    return target


def as_service_user(root: Path, uid: int, gid: int, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
    """`argv` as the unit starts it: the service user, no other groups, no new privileges,
    the unit's umask, in its WorkingDirectory (inside the scratch root)."""
    unit = unit_settings()
    workdir = f"{root}{unit['WorkingDirectory'][0]}"
    wrapped = [
        "setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--no-new-privs",
        "sh", "-c", f'umask {unit["UMask"][0]} && cd "$0" && exec "$@"', workdir, *argv,
    ]
    return subprocess.Popen(wrapped, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def as_nobody(*argv: str) -> subprocess.CompletedProcess[str]:
    """What another local user, such as the web server's, may do."""
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *argv],
        capture_output=True, text=True, timeout=30,
    )


def exec_start(unit: str, config: Path, pmsync: Path) -> list[str]:
    """The unit's ExecStart with this checkout's pmsync and the scratch root's configuration."""
    line = next(v for k, v in _pairs(SYSTEMD / unit) if k == "ExecStart")
    argv = shlex.split(line)
    assert argv[0] == "/usr/local/bin/pmsync" and argv[1:3] == ["--config", "/etc/pmsync/pmsync.toml"]
    return [str(pmsync), "--config", str(config), *argv[3:]]


def _pairs(path: Path) -> list[tuple[str, str]]:
    return [
        tuple(line.split("=", 1))  # type: ignore[misc]
        for line in path.read_text().splitlines()
        if "=" in line and not line.startswith(("#", "["))
    ]


def test_the_daemon_runs_as_the_service_user_and_publishes_the_dashboard(root, pmsync):
    uid, gid = apply_snippets(root)
    config = service_config(root, gid)
    credentials = credentials_directory(root, uid, {"github_token": "ghp_" + "x" * 36})
    notify = root / "notify.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(notify))
    os.chmod(notify, 0o777)
    listener.settimeout(1)
    env = unit_environment(root, credentials, notify)
    daemon = as_service_user(root, uid, gid, exec_start("pmsync.service", config, pmsync), env)
    try:
        messages: list[str] = []
        report = root / "var/lib/pmsync/www/index.html"
        # the dashboard is written right after the cycle's STATUS=
        while not (any(m.startswith("STATUS=last cycle") for m in messages) and report.exists()):
            try:
                messages.append(listener.recv(4096).decode())
            except TimeoutError:
                assert daemon.poll() is None, daemon.communicate()[1]  # it died: say why
        assert any("READY=1" in m for m in messages)
        assert mode_owner(report) == ("0o644", uid, gid)
        assert mode_owner(root / "var/lib/pmsync/state.db")[0] == "0o600"
        web = as_nobody("cat", str(report))  # a web server's user reads the dashboard…
        assert web.returncode == 0 and "<html" in web.stdout.lower(), web.stderr
        assert as_nobody("cat", f"{root}/var/lib/pmsync/state.db").returncode != 0  # …not the ledger
        assert as_nobody("ls", f"{root}/var/lib/pmsync").returncode != 0  # nor lists the directory
    finally:
        daemon.send_signal(signal.SIGTERM)
        out, err = daemon.communicate(timeout=60)
        listener.close()
    assert daemon.returncode == 0, err
    started = next(line for line in out.splitlines() if "daemon_started" in line)
    assert "sync every 5 minutes" in started and "Job(" not in started


def test_the_one_shot_unit_syncs_and_writes_the_dashboard(root, pmsync):
    uid, gid = apply_snippets(root)
    config = service_config(root, gid)
    credentials = credentials_directory(root, uid, {})
    env = unit_environment(root, credentials, root / "no-notify.sock")
    run = as_service_user(root, uid, gid, exec_start("pmsync-sync.service", config, pmsync), env)
    out, err = run.communicate(timeout=300)
    success = {"0", *unit_settings_of("pmsync-sync.service").get("SuccessExitStatus", [])}
    assert str(run.returncode) in success, err
    assert "done:" in out
    assert mode_owner(root / "var/lib/pmsync/www/index.html") == ("0o644", uid, gid)


def test_only_the_credentials_in_use_are_needed(root, pmsync):
    """A GitHub-only configuration starts with github_token alone; a missing one is named."""
    uid, gid = apply_snippets(root)
    docs = root / "srv/postmortems"
    shutil.copytree(ROOT / "examples/postmortems", docs)
    config = root / "etc/pmsync/pmsync.toml"
    config.write_text(
        f'[sources]\npaths = ["{docs}"]\n[github]\n[routing]\ndefault = "github:acme/web"\n'
        f'[daemon]\nstate = "{root}/var/lib/pmsync/state.db"\n'
    )
    os.chown(config, 0, gid)
    os.chmod(config, 0o640)
    credentials = credentials_directory(root, uid, {"github_token": "ghp_" + "y" * 36})
    env = unit_environment(root, credentials, root / "no-notify.sock")
    check = as_service_user(root, uid, gid, [str(pmsync), "--config", str(config), "check-config"], env)
    out, err = check.communicate(timeout=60)
    assert check.returncode == 0, err
    assert "github:acme/web" in out
    (credentials / "pmsync_github_token").chmod(0o600)
    (credentials / "pmsync_github_token").unlink()
    check = as_service_user(root, uid, gid, [str(pmsync), "--config", str(config), "check-config"], env)
    _, err = check.communicate(timeout=60)
    assert check.returncode == 2 and "github.token: missing" in err and "/etc/pmsync/credentials/github_token" in err


def unit_settings_of(name: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in _pairs(SYSTEMD / name):
        found.setdefault(key, []).append(value)
    return found
