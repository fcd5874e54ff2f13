"""How far a long sync is: tracker actions done of planned, rate, time left, what it waits for.

A first sync can take hours (GitHub lets an account create about 80 issues a minute and 500
an hour), and silence until the end is no way to run a service. The engine reports each
action it starts and the trackers each wait; `Progress` turns that into what fits where
pmsync runs: a live line on a terminal (`live_line`, drawn by rich), and otherwise a
`progress` log line every so often — also the daemon's systemd STATUS=.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TextIO

from syncer.wording import duration_words

EMIT_EVERY = 30.0  # seconds between progress log lines / STATUS= updates in a long cycle
WAITING_FOR = "the tracker's rate limit or write pacing"


@dataclass(frozen=True, slots=True)
class Snapshot:
    done: int
    total: int
    elapsed: float  # seconds since the first action
    waiting: float | None  # seconds left of the wait under way
    waiting_for: str | None

    @property
    def rate(self) -> float | None:
        """Actions per second so far."""
        return self.done / self.elapsed if self.done and self.elapsed > 0 else None

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far."""
        rate = self.rate
        return (self.total - self.done) / rate if rate else None

    def fields(self) -> dict[str, Any]:
        """For a structured log line."""
        return {
            "done": self.done,
            "total": self.total,
            "per_minute": round(self.rate * 60, 1) if self.rate else None,
            "eta_seconds": round(self.eta) if self.eta is not None else None,
            "waiting_for": self.waiting_for,
            "waiting_seconds": round(self.waiting) if self.waiting is not None else None,
        }

    def words(self) -> str:
        """For STATUS= and the terminal: "120 of 900 tracker actions, 75.0 a minute, about
        10 minutes left; waiting 42 seconds for the tracker's rate limit or write pacing"."""
        text = f"{self.done} of {self.total} tracker actions"
        if self.rate:
            text += f", {self.rate * 60:.1f} a minute"
        if self.eta is not None and self.done < self.total:
            text += f", about {duration_words(_roughly(self.eta))} left"
        if self.waiting_for:
            text += f"; waiting {duration_words(_roughly(self.waiting or 0))} for {self.waiting_for}"
        return text


def _roughly(seconds: float) -> timedelta:
    step = 60 if seconds >= 600 else 1  # "about 2 hours 13 minutes", not "… and 7 seconds"
    return timedelta(seconds=max(round(seconds / step) * step, 1))


class Progress:
    """Hears the engine's `(done, total)` and the trackers' waits.

    `on_update` hears every change (a live terminal line); `on_emit` at most every `every`
    seconds and only once a cycle has run that long, so short cycles stay quiet.
    """

    def __init__(
        self,
        *,
        on_update: Callable[[Snapshot], None] | None = None,
        on_emit: Callable[[Snapshot], None] | None = None,
        every: float = EMIT_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.on_update = on_update
        self.on_emit = on_emit
        self._every = every
        self._clock = clock
        self._started: float | None = None
        self._last_emit = 0.0
        self._done = self._total = 0
        self._waiting: tuple[float, str] | None = None  # (ends at, what for)

    def __call__(self, done: int, total: int) -> None:
        """The engine is at action `done` of `total` (done == total: finished)."""
        now = self._clock()
        if done == 0 or self._started is None:
            self._started, self._last_emit = now, now
        self._done, self._total, self._waiting = done, total, None
        self._tell(now)

    def waiting(self, seconds: float, what: str = WAITING_FOR) -> None:
        """A tracker wait of `seconds` begins."""
        if self._started is None or seconds <= 0:
            return
        now = self._clock()
        self._waiting = (now + seconds, what)
        self._tell(now)

    def tick(self) -> None:
        """Time passes (during a long wait): emit when one is due."""
        if self._started is not None:
            self._tell(self._clock())

    def sleep(self, seconds: float, slice_seconds: float = 1.0) -> None:
        """A tracker's sleep that keeps the progress current while it waits."""
        self.waiting(seconds)
        end = time.monotonic() + max(seconds, 0.0)
        while (left := end - time.monotonic()) > 0:
            time.sleep(min(left, slice_seconds))
            self.tick()

    def snapshot(self) -> Snapshot:
        now = self._clock()
        started = self._started if self._started is not None else now
        waiting = self._waiting if self._waiting and self._waiting[0] > now else None
        return Snapshot(
            self._done,
            self._total,
            now - started,
            waiting[0] - now if waiting else None,
            waiting[1] if waiting else None,
        )

    def _tell(self, now: float) -> None:
        snap = self.snapshot()
        if self.on_update is not None:
            self.on_update(snap)
        if self.on_emit is not None and now - self._last_emit >= self._every:
            self._last_emit = now
            self.on_emit(snap)


@contextmanager
def live_line(stream: TextIO, *, force_terminal: bool | None = None) -> Iterator[Callable[[Snapshot], None]]:
    """A progress bar on the terminal `stream` while the block runs, gone when it ends.

    Log lines written to sys.stderr meanwhile are printed above the bar (rich redirects it),
    so configure logging inside the block.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    bar = Bar(
        TextColumn("syncing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[note]}"),
        console=Console(file=stream, force_terminal=force_terminal),
        transient=True,
        redirect_stderr=True,
        redirect_stdout=False,
    )
    with bar:
        task = bar.add_task("sync", total=None, note="")

        def update(snap: Snapshot) -> None:
            note = f"waiting {duration_words(_roughly(snap.waiting or 0))} for {snap.waiting_for}" if snap.waiting_for else ""
            bar.update(task, total=snap.total or None, completed=snap.done, note=note)

        yield update
