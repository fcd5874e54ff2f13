import json

import pytest

from adapters.trackers.pacing import MemoryStore, WritePacer


class FakeClock:
    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def pacer(store, clock, **kw):
    return WritePacer(store, clock=clock, sleep=clock.sleep, **kw)


def max_in_window(stamps, window):
    return max(sum(1 for t in stamps if s <= t < s + window) for s in stamps)


def test_120_writes_at_80_a_minute():
    clock = FakeClock()
    p = pacer(MemoryStore(), clock, per_minute=80, per_hour=10_000)
    stamps, waits = [], []
    for _ in range(120):
        waits.append(p.acquire())
        stamps.append(clock.now)
    # the first 80 go at once; the 81st waits for the first minute to age out, the rest follow it
    assert waits[:80] == [0.0] * 80
    assert waits[80] == pytest.approx(60.0)
    assert waits[81:] == [0.0] * 39
    assert clock.sleeps == [pytest.approx(60.0)]
    assert max_in_window(stamps, 60.0) == 80


def test_writes_spread_over_time_never_wait():
    clock = FakeClock()
    p = pacer(MemoryStore(), clock, per_minute=80, per_hour=500)
    for _ in range(200):
        assert p.acquire() == 0.0
        clock.now += 1.0  # one write a second: 60 a minute, 200 in the hour
    assert clock.sleeps == []


def test_hourly_limit():
    clock = FakeClock(0.0)
    p = pacer(MemoryStore(), clock, per_minute=80, per_hour=500)
    stamps = []
    for _ in range(501):
        p.acquire()
        stamps.append(clock.now)
    assert max_in_window(stamps, 3600.0) == 500
    assert max_in_window(stamps, 60.0) == 80
    # 500 writes take six full minutes plus 20 (0, 60, …, 360); the 501st waits for the first hour to end
    assert stamps[499] == pytest.approx(360.0)
    assert stamps[500] == pytest.approx(3600.0)


def test_state_survives_a_new_pacer_on_the_same_store():
    clock = FakeClock()
    store = MemoryStore()
    first = pacer(store, clock, per_minute=3, per_hour=100)
    for _ in range(3):
        first.acquire()
    clock.now += 10.0
    restarted = pacer(store, clock, per_minute=3, per_hour=100)
    assert restarted.acquire() == pytest.approx(50.0)


def test_on_wait_is_told_and_keys_are_separate():
    clock = FakeClock()
    store = MemoryStore()
    told = []
    a = WritePacer(
        store, per_minute=1, clock=clock, sleep=clock.sleep, on_wait=told.append, key="a"
    )
    b = WritePacer(store, per_minute=1, clock=clock, sleep=clock.sleep, key="b")
    a.acquire()
    assert b.acquire() == 0.0
    assert a.acquire() == pytest.approx(60.0)
    assert told == [pytest.approx(60.0)]


def test_unreadable_state_starts_afresh():
    clock = FakeClock()
    store = MemoryStore()
    store.set("github.pacer", "not json")
    assert pacer(store, clock, per_minute=1).acquire() == 0.0
    assert json.loads(store.get("github.pacer")) == [clock.now]


def test_clock_set_back_does_not_block():
    clock = FakeClock()
    store = MemoryStore()
    store.set("github.pacer", json.dumps([clock.now + 3000.0]))
    assert pacer(store, clock, per_minute=2).acquire() == 0.0


@pytest.mark.parametrize("per_minute,per_hour", [(0, 500), (80, 0)])
def test_rejects_zero_limits(per_minute, per_hour):
    with pytest.raises(ValueError, match="at least 1"):
        WritePacer(MemoryStore(), per_minute=per_minute, per_hour=per_hour)
