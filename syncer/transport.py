"""Credentials travel only over encrypted connections unless the configuration says otherwise.

A tracker token sent to a plain `http://` URL, or an SMTP password sent by AUTH without
TLS, crosses the network readable by anyone on the path. Both are configuration errors
unless the section explicitly allows it (`allow_insecure_http`, `allow_insecure_auth`).
The loopback interface never leaves the machine, so it needs no such switch.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from syncer.settings import Settings


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def insecure_transport_problems(settings: Settings) -> list[str]:
    problems = []
    for name in ("jira", "github"):
        section = getattr(settings, name)
        credential = section.token if section is not None else None
        credential = credential or getattr(section, "app_private_key", None)  # a GitHub App's tokens
        if section is None or credential is None or section.allow_insecure_http:
            continue
        url = urlsplit(str(section.url))
        if url.scheme == "http" and not is_loopback(url.hostname):
            problems.append(
                f"{name}.url: {section.url} is plain http, so the token would cross the network "
                f"unencrypted; use https (or set {name}.allow_insecure_http = true)"
            )
    smtp = settings.smtp
    if (
        smtp is not None
        and smtp.password is not None
        and not (smtp.starttls or smtp.ssl or smtp.allow_insecure_auth or is_loopback(smtp.host))
    ):
        problems.append(
            "smtp: the password would be sent by AUTH without TLS; set smtp.starttls = true or "
            "smtp.ssl = true (or smtp.allow_insecure_auth = true)"
        )
    return problems
