"""Directories pmsync creates hold its ledger, caches and clones: 0700, whatever the umask.

`Path.mkdir(parents=True, mode=…)` gives the mode to the last directory only (parents get
the umask's default) and the umask may clear bits of it; here every directory pmsync
creates is made 0700 explicitly. Directories that already exist are left as they are
(an operator's /var/lib layout is theirs).
"""

from __future__ import annotations

import os
from pathlib import Path

MODE = 0o700


def private_directory(path: Path | str) -> Path:
    """`path` as a directory; each missing component is created 0700."""
    path = Path(path)
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=MODE)
        except FileExistsError:  # made meanwhile by another process: theirs to set
            continue
        os.chmod(directory, MODE)
    return path
