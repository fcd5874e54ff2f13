"""A release as users get it: `python -m build` makes a wheel and an sdist, the wheel
installs into a clean virtual environment without warnings, and its `pmsync` runs."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from tests.integration.checkout import ROOT, copy_checkout

EXAMPLES = ROOT / "examples" / "postmortems"


def run(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, timeout=600, cwd=cwd
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    source = copy_checkout(tmp_path_factory.mktemp("source"))
    built = run(sys.executable, "-m", "build", "--outdir", out, source)
    assert built.returncode == 0, built.stdout + built.stderr
    return out


def test_build_makes_a_wheel_and_an_sdist_with_everything_pmsync_needs(dist):
    wheel = next(dist.glob("pmsync-*-py3-none-any.whl"))
    sdist = next(dist.glob("pmsync-*.tar.gz"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for needed in ("syncer/cli.py", "syncer/templates/dashboard.html.j2", "adapters/trackers/jira.py"):
        assert needed in names, needed
    assert not any(n.startswith("tests/") for n in names)
    assert any(n.endswith("entry_points.txt") for n in names)
    with tarfile.open(sdist) as archive:
        members = {m.split("/", 1)[1] for m in archive.getnames() if "/" in m}
    for needed in ("pyproject.toml", "README.md", "syncer/cli.py", "systemd/pmsync.service", "config/pmsync.example.toml"):
        assert needed in members, needed


def test_the_wheel_installs_cleanly_and_runs(dist, tmp_path):
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    wheel = next(dist.glob("*.whl"))
    installed = run(env / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)
    assert installed.returncode == 0, installed.stderr
    own = [line for line in installed.stderr.splitlines() if "pmsync" in line.lower()]
    assert own == [], installed.stderr  # no warning about pmsync itself
    pmsync = env / "bin" / "pmsync"
    version = run(pmsync, "--version", cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == "pmsync " + wheel.name.split("-")[1]
    lint = run(pmsync, "lint", "--json", EXAMPLES, cwd=tmp_path)  # not from this checkout
    assert lint.returncode in (0, 1), lint.stderr
    assert '"documents"' in lint.stdout
    help_ = run(pmsync, "status", "--help", cwd=tmp_path)
    assert "exit codes:" in help_.stdout
