"""PyGithub connections with a short connect timeout.

PyGithub takes one integer timeout and hands it to requests as both the connect
and the read timeout, so a GitHub host that silently drops connection attempts
holds every request for the whole read timeout. requests accepts a
(connect, read) pair; PyGithub's connection classes pass their `timeout`
attribute through unchanged, so connections made from the subclasses below
carry the pair. They are set on one Requester only (PyGithub's own
`injectConnectionClasses` would change every client in the process and turn off
connection reuse). Connections PyGithub opens for a URL on another host or port
get no timeout at all from PyGithub; these get the pair as well.
"""

from __future__ import annotations

from typing import Any

from github.Requester import HTTPRequestsConnectionClass, HTTPSRequestsConnectionClass, Requester

# PyGithub 2.x's per-instance names for the classes it makes connections from
_SLOTS = (
    "_Requester__connectionClass",  # for the configured API
    "_Requester__httpConnectionClass",  # for a URL elsewhere
    "_Requester__httpsConnectionClass",
)


def use_timeouts(requester: Requester, timeout: tuple[float, float]) -> None:
    """Make every connection `requester` opens from now on use requests' (connect, read)."""

    class Http(HTTPRequestsConnectionClass):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.timeout = timeout  # type: ignore[assignment]  # requests takes the pair

    class Https(HTTPSRequestsConnectionClass):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.timeout = timeout  # type: ignore[assignment]

    for name in _SLOTS:
        # a PyGithub that renamed these would silently keep its single timeout: fail loudly
        if not hasattr(requester, name):
            raise RuntimeError(f"PyGithub's Requester has no {name}; cannot set timeouts")
    current = requester._Requester__connectionClass  # type: ignore[attr-defined]
    secure = issubclass(current, HTTPSRequestsConnectionClass)
    requester._Requester__connectionClass = Https if secure else Http  # type: ignore[attr-defined]
    requester._Requester__httpConnectionClass = Http  # type: ignore[attr-defined]
    requester._Requester__httpsConnectionClass = Https  # type: ignore[attr-defined]
