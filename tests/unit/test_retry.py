import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.trackers.base import RateLimited, Rejected, Unavailable, Unreachable
from adapters.trackers.retry import BACKOFF_CAP, RATE_LIMIT_BASE, call_with_retry


def upper(low, high):
    """The jitter at its bound: shows the exponential envelope the waits are drawn from."""
    return high


def flaky(errors):
    calls = []

    def fn():
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return "ok"

    return fn, calls


def test_honours_retry_after():
    waits = []
    fn, calls = flaky([RateLimited("slow down", retry_after=7), RateLimited("again", retry_after=60)])
    assert call_with_retry(fn, sleep=waits.append, max_wait=60) == "ok"
    assert waits == [7, 60]
    assert len(calls) == 3


def test_a_retry_after_beyond_the_cap_is_not_retried_early():
    waits = []
    fn, calls = flaky([RateLimited("slow down", retry_after=7), RateLimited("later", retry_after=900)])
    with pytest.raises(RateLimited, match="later"):
        call_with_retry(fn, sleep=waits.append, max_wait=60)
    assert waits == [7] and len(calls) == 2


def test_the_exponential_back_off_is_capped():
    waits = []
    fn, _ = flaky([Unavailable("a"), Unavailable("b"), Unavailable("c")])
    call_with_retry(fn, sleep=waits.append, base=10, max_wait=25, jitter=upper)
    assert waits == [10, 20, 25]


def test_exponential_backoff_without_retry_after():
    waits = []
    fn, _ = flaky([Unavailable("503"), Unavailable("503"), Unavailable("503")])
    assert call_with_retry(fn, sleep=waits.append, base=0.5, jitter=upper) == "ok"
    assert waits == [0.5, 1.0, 2.0]


def test_gives_up_after_attempts_with_the_last_error():
    fn, calls = flaky([Unavailable("a"), Unavailable("b"), Unavailable("c")])
    with pytest.raises(Unavailable, match="b"):
        call_with_retry(fn, attempts=2, sleep=lambda s: None)
    assert len(calls) == 2


def test_never_retries_a_rejection():
    fn, calls = flaky([Rejected("bad priority")])
    with pytest.raises(Rejected):
        call_with_retry(fn, sleep=lambda s: None)
    assert len(calls) == 1


def test_reports_each_wait():
    seen = []
    fn, _ = flaky([RateLimited("x", retry_after=3)])
    call_with_retry(fn, sleep=lambda s: None, on_wait=lambda e, s: seen.append((e.message, s)))
    assert seen == [("x", 3)]


def test_a_429_without_retry_after_backs_off_from_seconds_to_a_cap():
    # Jira Cloud answers 429 without Retry-After (JRACLOUD-82801); Atlassian's guidance is a
    # few seconds doubling up to a cap, with jitter.
    waits = []
    fn, _ = flaky([RateLimited("429") for _ in range(5)])
    call_with_retry(fn, attempts=6, sleep=waits.append, jitter=upper)
    assert waits == [RATE_LIMIT_BASE, 10.0, 20.0, BACKOFF_CAP, BACKOFF_CAP]


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_full_jitter_draws_each_wait_between_zero_and_its_bound(seed):
    rng = random.Random(seed)
    waits = []
    fn, _ = flaky([RateLimited("429") for _ in range(4)])
    call_with_retry(fn, attempts=5, sleep=waits.append, jitter=rng.uniform)
    bounds = [5.0, 10.0, 20.0, 30.0]
    assert all(0.0 <= w <= b for w, b in zip(waits, bounds, strict=True))


def test_waits_of_several_clients_are_not_in_lock_step():
    def waits_of(seed):
        waits = []
        fn, _ = flaky([RateLimited("429") for _ in range(3)])
        call_with_retry(fn, sleep=waits.append, jitter=random.Random(seed).uniform)
        return waits

    assert len({tuple(waits_of(seed)) for seed in range(5)}) == 5


def test_a_connection_that_cannot_be_made_is_not_retried():
    fn, calls = flaky([Unreachable("connection refused")])
    waits = []
    with pytest.raises(Unreachable):
        call_with_retry(fn, sleep=waits.append)
    assert len(calls) == 1 and waits == []
