"""The systemd notification protocol (sd_notify(3)) over $NOTIFY_SOCKET, without libsystemd.

A datagram of newline-separated `KEY=value` assignments goes to the AF_UNIX
socket systemd names in `NOTIFY_SOCKET` (a path, or `@name` for the abstract
namespace). Without the variable every call is a silent no-op, so the daemon
runs the same under systemd, in a terminal and in tests.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Mapping


class SdNotifier:
    """Sends notifications to systemd; `enabled` is False outside a Type=notify service."""

    def __init__(self, address: str | None, watchdog_usec: int | None = None) -> None:
        self._address = _socket_address(address) if address else None
        self.watchdog_usec = watchdog_usec

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SdNotifier:
        env = os.environ if environ is None else environ
        return cls(env.get("NOTIFY_SOCKET") or None, watchdog_usec(env))

    @property
    def enabled(self) -> bool:
        return self._address is not None

    @property
    def watchdog_interval(self) -> float | None:
        """Seconds between WATCHDOG=1 pings (half the timeout, as sd_watchdog_enabled(3) advises)."""
        return self.watchdog_usec / 2_000_000 if self.watchdog_usec else None

    def notify(self, *assignments: str) -> bool:
        """Send `KEY=value` lines in one datagram; False when not under systemd or on failure."""
        if self._address is None or not assignments:
            return False
        message = "\n".join(a.replace("\n", " ") for a in assignments).encode("utf-8", "replace")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(message, self._address)
        except OSError:
            return False  # a notification is advisory: systemd gone must not stop the daemon
        return True

    def ready(self, status: str | None = None) -> bool:
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def reloading(self) -> bool:
        # systemd ≥ 253 wants the monotonic time of the reload request alongside RELOADING=1
        usec = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        return self.notify("RELOADING=1", f"MONOTONIC_USEC={usec}")

    def stopping(self, status: str | None = None) -> bool:
        return self.notify("STOPPING=1", *([f"STATUS={status}"] if status else []))


def watchdog_usec(environ: Mapping[str, str]) -> int | None:
    """The watchdog timeout systemd set for this process, or None (sd_watchdog_enabled(3))."""
    raw = environ.get("WATCHDOG_USEC", "").strip()
    if not raw.isdigit() or int(raw) == 0:
        return None
    pid = environ.get("WATCHDOG_PID", "").strip()
    if pid and pid != str(os.getpid()):
        return None  # meant for another process (e.g. a wrapper that exec'd us is not us)
    return int(raw)


def _socket_address(address: str) -> str | bytes:
    # Abstract-namespace sockets are written with a leading '@' and start with a NUL byte.
    if address.startswith("@"):
        return b"\0" + address[1:].encode()
    return address
