"""A clean copy of this checkout, for tests that build or install pmsync from source: builds
write build/ and *.egg-info into the tree they build, and tests run in parallel."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_LEFT_OUT = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "demo-state", "__pycache__", ".*_cache", ".hypothesis"
)


def copy_checkout(dest: Path) -> Path:
    """The source tree under `dest/pmsync`, without environments, caches or build output."""
    target = dest / "pmsync"
    shutil.copytree(ROOT, target, ignore=_LEFT_OUT)
    return target
