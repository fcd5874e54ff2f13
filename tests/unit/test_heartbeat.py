"""The watchdog keeps beating through one long unit of work, and stops for a hung daemon."""

from __future__ import annotations

import time

from syncer.heartbeat import Heartbeat


def _wait_for(condition, limit: float = 5.0) -> None:
    end = time.monotonic() + limit
    while not condition() and time.monotonic() < end:
        time.sleep(0.005)


def test_beats_during_long_work_without_progress_points() -> None:
    beats: list[int] = []
    heartbeat = Heartbeat(lambda: beats.append(1), 0.01, patience=60).start()
    try:
        _wait_for(lambda: len(beats) >= 5)  # the main thread is busy: no progress() at all
    finally:
        heartbeat.stop()
    assert len(beats) >= 5


def test_stops_beating_when_the_main_thread_shows_no_progress_within_patience() -> None:
    now = [0.0]
    beats: list[float] = []
    heartbeat = Heartbeat(lambda: beats.append(now[0]), 0.01, patience=5, clock=lambda: now[0]).start()
    try:
        _wait_for(lambda: len(beats) >= 2)
        now[0] = 6.0  # the main thread has been stuck longer than the patience
        time.sleep(0.03)  # (a beat already past its check may still land)
        beats.clear()
        time.sleep(0.08)
        assert beats == []  # eight intervals, not one beat
        heartbeat.progress()  # it moved on again
        _wait_for(lambda: len(beats) >= 1)
    finally:
        heartbeat.stop()
    assert beats
