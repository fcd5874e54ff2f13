"""One retry policy for every tracker call that is safe to repeat.

Only idempotent calls go through here (reads, PUT/PATCH of absolute values,
marker look-ups). A create is never retried blindly: the engine resolves an
unfinished create by looking its marker up first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from adapters.trackers.base import TrackerError

T = TypeVar("T")

OnWait = Callable[[TrackerError, float], None]


def _retryable(exc: BaseException, max_wait: float) -> bool:
    """Retry what may succeed later, but never before the server said it would: a
    Retry-After longer than the cap ends the attempts (the caller reports the wait)."""
    if not (isinstance(exc, TrackerError) and exc.retryable):
        return False
    return exc.retry_after is None or exc.retry_after <= max_wait


def call_with_retry(
    fn: Callable[[], T],
    *,
    attempts: int = 4,
    max_wait: float = 120.0,
    base: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    on_wait: OnWait | None = None,
) -> T:
    """Run `fn`, retrying retryable TrackerErrors.

    The wait honours the server's Retry-After (capped at `max_wait`), else
    backs off exponentially from `base`. `on_wait` is told of every wait so it
    can be logged and counted.
    """

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        backoff = base * 2 ** (state.attempt_number - 1)
        seconds = backoff
        if isinstance(exc, TrackerError) and exc.retry_after is not None:
            seconds = max(exc.retry_after, 0.0)
        seconds = min(seconds, max_wait)
        if on_wait and isinstance(exc, TrackerError):
            on_wait(exc, seconds)
        return seconds

    retrying = Retrying(
        retry=retry_if_exception(lambda exc: _retryable(exc, max_wait)),
        stop=stop_after_attempt(max(attempts, 1)),
        wait=wait,
        sleep=sleep,
        reraise=True,
    )
    return retrying(fn)
