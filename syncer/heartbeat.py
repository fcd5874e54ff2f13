"""The systemd watchdog fed during long work, yet never for a process that hangs.

The main thread feeds the watchdog between items and during tracker waits. One
unit of work can still run long without such a point — parsing a very large
document, linting it, a slow SQLite commit — and systemd would kill a healthy
daemon. A side thread therefore sends WATCHDOG=1 every interval as long as the
main thread has shown progress within `patience`; a main thread stuck for longer
stops the beats, and systemd restarts the unit as the watchdog intends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# No progress for this long means the daemon hangs, not that it works hard.
PATIENCE_SECONDS = 600.0


class Heartbeat:
    def __init__(
        self,
        beat: Callable[[], object],
        interval: float,
        *,
        patience: float = PATIENCE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._beat = beat
        self._interval = interval
        self._patience = patience
        self._clock = clock
        self._last_progress = clock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pmsync-heartbeat", daemon=True)

    def progress(self) -> None:
        """The main thread moved on (called wherever it feeds the watchdog itself)."""
        self._last_progress = self._clock()

    def start(self) -> Heartbeat:
        self.progress()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self._interval + 1)

    def _run(self) -> None:
        while not self._stopped.wait(self._interval):
            if self._clock() - self._last_progress <= self._patience:
                self._beat()
