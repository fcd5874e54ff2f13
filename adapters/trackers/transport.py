"""What a failed HTTP exchange says about the tracker, shared by both adapters.

A request that never got an HTTP answer is a connection-level failure. When the
connection could not even be made (refused, unknown host, connect timeout,
no route) the request cannot have reached the tracker: a write did not happen
and the tracker is down, so one failure is enough to stop trying it this cycle.
The cause is named in a few words: urllib3's full text repeats pool objects and
addresses that help nobody reading a log.
"""

from __future__ import annotations

import requests
from urllib3.exceptions import NameResolutionError, NewConnectionError

CONNECT_TIMEOUT = 5.0  # seconds to establish a connection; answers get the configured timeout


def timeouts(read: float) -> tuple[float, float]:
    """requests' (connect, read) timeout: a host that swallows connection attempts costs
    seconds, not a full read timeout."""
    return (min(read, CONNECT_TIMEOUT), read)


def never_connected(exc: BaseException) -> str | None:
    """The short cause when no connection was made (so nothing was sent), else None."""
    if isinstance(exc, requests.ConnectTimeout):
        return "connect timeout"
    reason = _reason(exc)
    if isinstance(reason, NameResolutionError):
        return "unknown host"
    if isinstance(reason, NewConnectionError):
        text = str(reason).lower()
        if "refused" in text:
            return "connection refused"
        if "unreachable" in text or "no route" in text:
            return "network unreachable"
        return "cannot connect"
    return None


def cause(exc: BaseException) -> str:
    """A few words for any transport failure: never-connected causes, else what broke."""
    named = never_connected(exc)
    if named:
        return named
    if isinstance(exc, requests.ReadTimeout):
        return "read timeout"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS error"
    if isinstance(exc, requests.ConnectionError):
        return "connection lost"
    return type(exc).__name__


def timed_out(exc: BaseException) -> bool:
    """The tracker took the connection but did not answer in time."""
    return isinstance(exc, requests.Timeout)


def _reason(exc: BaseException) -> object:
    """The urllib3 error inside requests' wrapper (MaxRetryError.reason), if any."""
    inner = exc.args[0] if exc.args else None
    return getattr(inner, "reason", inner)
