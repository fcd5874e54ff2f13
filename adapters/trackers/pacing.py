"""Pacing of content-creating requests to GitHub's secondary limits.

GitHub allows at most 80 content-creating requests a minute and 500 an hour
(api/README.md §2.5). A plain token bucket with an 80-token burst lets up to
160 through in a rolling minute (a full burst, then a refilled one), so the
buckets here are kept as sliding windows: the timestamps of the writes of the
last hour. A write may go when fewer than `per_minute` writes happened in the
last 60 s and fewer than `per_hour` in the last 3600 s; otherwise it waits for
the oldest one in the way to age out.

The timestamps live in a KeyValueStore (the ledger implements it), so a
restart does not hand out a fresh budget.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Protocol

MINUTE = 60.0
HOUR = 3600.0


class KeyValueStore(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...


class MemoryStore:
    """A dict-backed KeyValueStore for tests and dry runs."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.data.get(key)

    def set(self, key: str, value: str) -> None:
        self.data[key] = value


class WritePacer:
    """Buckets (per minute and per hour, as sliding windows) for content-creating requests; state
    persisted in a KeyValueStore so a restart does not reset the budget (the ledger implements it)."""

    def __init__(
        self,
        store: KeyValueStore,
        *,
        per_minute: int = 80,
        per_hour: int = 500,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        on_wait: Callable[[float], None] | None = None,
        key: str = "github.pacer",
    ) -> None:
        if per_minute < 1 or per_hour < 1:
            raise ValueError(
                f"write limits must be at least 1 (per_minute={per_minute}, per_hour={per_hour})"
            )
        self.store = store
        self.per_minute = per_minute
        self.per_hour = per_hour
        self.clock = clock
        self.sleep = sleep
        self.on_wait = on_wait
        self.key = key

    def acquire(self) -> float:
        """Block (via `sleep`) until a write may go, record it; return the seconds waited."""
        waited = 0.0
        while True:
            now = self.clock()
            stamps = self._load(now)
            wait = self._wait_for(stamps, now)
            if wait <= 0:
                stamps.append(now)
                self.store.set(self.key, json.dumps(stamps))
                return waited
            if self.on_wait:
                self.on_wait(wait)
            self.sleep(wait)
            waited += wait

    def _wait_for(self, stamps: list[float], now: float) -> float:
        wait = 0.0
        for window, limit in ((MINUTE, self.per_minute), (HOUR, self.per_hour)):
            recent = [t for t in stamps if t > now - window]
            if len(recent) >= limit:
                # the write that must age out so that one more fits in the window
                wait = max(wait, recent[len(recent) - limit] + window - now)
        return wait

    def _load(self, now: float) -> list[float]:
        raw = self.store.get(self.key)
        try:
            stamps = [float(t) for t in json.loads(raw)] if raw else []
        except (ValueError, TypeError):
            # an unreadable record only costs us the memory of past writes, never a crash
            stamps = []
        keep = max(self.per_minute, self.per_hour)
        # a clock set back must not leave writes "in the future" blocking the budget
        return sorted(min(t, now) for t in stamps if t > now - HOUR)[-keep:]
