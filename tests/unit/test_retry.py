import pytest

from adapters.trackers.base import RateLimited, Rejected, Unavailable
from adapters.trackers.retry import call_with_retry


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
    call_with_retry(fn, sleep=waits.append, base=40, max_wait=60)
    assert waits == [40, 60, 60]


def test_exponential_backoff_without_retry_after():
    waits = []
    fn, _ = flaky([Unavailable("503"), Unavailable("503"), Unavailable("503")])
    assert call_with_retry(fn, sleep=waits.append, base=0.5) == "ok"
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
