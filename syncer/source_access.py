"""Can the service read its postmortems? `check-config` asks before the daemon finds out.

Run as root (as admins run `check-config` during installation) the question is asked for the
service user `pmsync`, from the permission bits of the path and of every directory above it;
otherwise for the user running the command. The unit also hides /home, /root and /run/user
(ProtectHome=yes), so paths there are reported even when the bits allow reading.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SERVICE_USER = "pmsync"
_HIDDEN_FROM_UNIT = (Path("/home"), Path("/root"), Path("/run/user"))


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    uid: int
    gids: frozenset[int]


def service_account(name: str = SERVICE_USER) -> Account | None:
    """The service user when we are root and it exists; None: check as ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    gids = {entry.pw_gid, *(g.gr_gid for g in grp.getgrall() if name in g.gr_mem)}
    return Account(name, entry.pw_uid, frozenset(gids))


def _allows(st: os.stat_result, account: Account, want: int) -> bool:
    """Permission bits (`want`: 4 read, 1 search/execute) for `account`; ACLs are not read."""
    if account.uid == 0:
        return True
    if st.st_uid == account.uid:
        bits = (st.st_mode >> 6) & 7
    elif st.st_gid in account.gids:
        bits = (st.st_mode >> 3) & 7
    else:
        bits = st.st_mode & 7
    return bits & want == want


def _unreadable_by(path: Path, account: Account) -> str | None:
    for parent in reversed(path.parents):
        if not _allows(parent.stat(), account, 1):
            return f"user {account.name} cannot enter {parent}"
    st = path.stat()
    want = 5 if stat.S_ISDIR(st.st_mode) else 4
    if not _allows(st, account, want):
        return f"user {account.name} cannot read it (mode {stat.filemode(st.st_mode)})"
    return None


def source_problems(paths: Iterable[Path], account: Account | None) -> list[str]:
    """One line per source path that the service will not be able to read, or that is empty."""
    problems: list[str] = []
    for raw in paths:
        path = Path(os.path.abspath(raw))
        where = f"sources.paths: {path}"
        if not path.exists():
            problems.append(f"{where}: does not exist")
            continue
        if any(path.is_relative_to(hidden) for hidden in _HIDDEN_FROM_UNIT):
            problems.append(f"{where}: the service cannot see it (ProtectHome=yes); use e.g. /srv/postmortems")
        if account is not None:
            reason = _unreadable_by(path, account)
        elif not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
            reason = "cannot be read by the user running this check"
        else:
            reason = None
        if reason:
            problems.append(f"{where}: {reason}")
        elif path.is_dir() and next(path.rglob("*.md"), None) is None:
            problems.append(f"{where}: holds no *.md files: there is nothing to sync")
    return problems
