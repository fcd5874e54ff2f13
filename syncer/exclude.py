"""Which files under a source directory are not postmortems: `[sources] exclude` globs.

Pure. Templates, indexes and drafts live beside real postmortems; reading them as
postmortems yields findings nobody can fix. A glob is matched, case-insensitively, against
a file's name and against its path relative to the directory that was walked, so
"README.md", "*template*", "_*" and "drafts/*" all work as written. A file named on its
own (not found by walking a directory) is always read.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

DEFAULT_EXCLUDE: tuple[str, ...] = ("README.md", "*template*", "_*")


def is_excluded(relative: str, patterns: Iterable[str]) -> bool:
    relative = relative.replace("\\", "/").lower()
    name = relative.rsplit("/", 1)[-1]
    return any(
        fnmatchcase(name, pattern) or fnmatchcase(relative, pattern)
        for pattern in (p.lower() for p in patterns)
    )
