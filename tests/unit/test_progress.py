"""Progress of a long sync: counts, rate, time left, waits — on a driven clock."""

from __future__ import annotations

import io

from syncer.progress import Progress, Snapshot, live_line


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_and_time_left_follow_the_actions_done():
    clock, emitted = Clock(), []
    progress = Progress(on_emit=emitted.append, every=30, clock=clock)
    progress(0, 900)
    for done in range(1, 121):
        clock.now += 0.5  # 120 a minute
        progress(done, 900)
    assert [s.done for s in emitted] == [60, 120]
    final = progress.snapshot()
    assert final.fields() == {
        "done": 120, "total": 900, "per_minute": 120.0, "eta_seconds": 390,
        "waiting_for": None, "waiting_seconds": None,
    }
    assert final.words() == "120 of 900 tracker actions, 120.0 a minute, about 6 minutes 30 seconds left"


def test_lines_come_every_30_seconds_not_every_action():
    clock, emitted = Clock(), []
    progress = Progress(on_emit=emitted.append, every=30, clock=clock)
    progress(0, 1000)
    for done in range(1, 1001):
        clock.now += 0.125  # 125 seconds in all
        progress(done, 1000)
    assert [s.done for s in emitted] == [240, 480, 720, 960]


def test_a_short_cycle_says_nothing():
    clock, emitted = Clock(), []
    progress = Progress(on_emit=emitted.append, every=30, clock=clock)
    progress(0, 3)
    for done in (1, 2, 3):
        clock.now += 1
        progress(done, 3)
    assert emitted == []


def test_a_wait_is_said_with_what_it_waits_for_and_ticks_while_it_lasts():
    clock, emitted, seen = Clock(), [], []
    progress = Progress(on_emit=emitted.append, on_update=seen.append, every=30, clock=clock)
    progress(0, 500)
    clock.now += 45
    progress(80, 500)  # emits: 45 s since the start
    progress.waiting(600.0)
    assert seen[-1].waiting_for == "the tracker's rate limit or write pacing"
    for _ in range(40):
        clock.now += 1
        progress.tick()
    snap = emitted[-1]
    assert snap.fields()["waiting_seconds"] == 570
    assert snap.words().endswith("; waiting 9 minutes 30 seconds for the tracker's rate limit or write pacing")
    progress(81, 500)  # the next action: the wait is over
    assert progress.snapshot().waiting_for is None


def test_waits_before_the_first_action_are_not_progress():
    emitted = []
    progress = Progress(on_emit=emitted.append, every=0, clock=Clock())
    progress.waiting(10)
    progress.tick()
    assert emitted == []


def test_the_live_line_shows_the_count_and_the_wait():
    stream = io.StringIO()
    with live_line(stream, force_terminal=True) as update:
        update(Snapshot(done=3, total=10, elapsed=6.0, waiting=42.0, waiting_for="GitHub's write limit"))
    drawn = stream.getvalue()
    assert "3/10" in drawn and "waiting 42 seconds for GitHub's write limit" in drawn
