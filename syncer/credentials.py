"""Secrets handed over by systemd: files in $CREDENTIALS_DIRECTORY.

The unit loads the directory /etc/pmsync/credentials as a whole
(`LoadCredential=pmsync:/etc/pmsync/credentials`), so only the secrets in use need to
exist there; systemd names each of its files `pmsync_<file name>`. A credential such as
`jira_token` is therefore looked for under its own name (a `LoadCredential=jira_token:…`
line, or `CREDENTIALS_DIRECTORY=/etc/pmsync/credentials` when checking by hand) and then
as `pmsync_jira_token`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

DIRECTORY_PREFIX = "pmsync_"


def credential_file(name: str, environ: Mapping[str, str]) -> Path | None:
    """The file holding credential `name`, or None when there is none."""
    directory = environ.get("CREDENTIALS_DIRECTORY", "").strip()
    if not directory:
        return None
    for candidate in (name, DIRECTORY_PREFIX + name):
        path = Path(directory) / candidate
        if path.exists():
            return path
    return None
