"""One retry policy for every tracker call that is safe to repeat.

Only idempotent calls go through here (reads, PUT/PATCH of absolute values,
marker look-ups). A create is never retried blindly: the engine resolves an
unfinished create by looking its marker up first.

Waits: the server's Retry-After when it sends one (capped by `max_wait`);
otherwise capped exponential backoff with full jitter (a random wait between
0 and min(cap, base·2ⁿ)), as Atlassian recommends for a 429 without
Retry-After: clients that back off in lock-step keep a throttle going. A 429
without Retry-After starts from RATE_LIMIT_BASE seconds (Atlassian's example
is 5 s doubling to a 30 s cap). A connection that could not even be made is
not retried at all: the engine marks the tracker down for the cycle instead.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from adapters.trackers.base import RateLimited, TrackerError, Unreachable

T = TypeVar("T")

OnWait = Callable[[TrackerError, float], None]

BACKOFF_CAP = 30.0  # the longest computed backoff (a server's Retry-After may ask for more)
RATE_LIMIT_BASE = 5.0  # first backoff after a 429 that names no wait


def _retryable(exc: BaseException, max_wait: float) -> bool:
    """Retry what may succeed later, but never before the server said it would: a
    Retry-After longer than the cap ends the attempts (the caller reports the wait)."""
    if not (isinstance(exc, TrackerError) and exc.retryable) or isinstance(exc, Unreachable):
        return False
    return exc.retry_after is None or exc.retry_after <= max_wait


def backoff(
    attempt: int, *, base: float, cap: float, jitter: Callable[[float, float], float]
) -> float:
    """Full jitter: uniformly between 0 and the capped exponential bound of this attempt."""
    return jitter(0.0, min(cap, base * 2 ** (attempt - 1)))


def call_with_retry(
    fn: Callable[[], T],
    *,
    attempts: int = 4,
    max_wait: float = 120.0,
    base: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    on_wait: OnWait | None = None,
    jitter: Callable[[float, float], float] = random.uniform,
) -> T:
    """Run `fn`, retrying retryable TrackerErrors.

    The wait honours the server's Retry-After (capped at `max_wait`), else backs
    off exponentially with full jitter from `base` (RATE_LIMIT_BASE for a 429).
    `on_wait` is told of every wait so it can be logged and counted.
    """

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, TrackerError) and exc.retry_after is not None:
            seconds = max(exc.retry_after, 0.0)
        else:
            start = max(base, RATE_LIMIT_BASE) if isinstance(exc, RateLimited) else base
            cap = min(max_wait, max(BACKOFF_CAP, start))
            seconds = backoff(state.attempt_number, base=start, cap=cap, jitter=jitter)
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
