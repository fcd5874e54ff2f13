"""Process-wide state a test may change through the real code paths, put back after each test."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest
import structlog
from hypothesis import settings

from syncer.logs import request_level, set_secrets

# Property tests judge results, not speed: on a loaded CI machine a per-example deadline only
# produces flaky failures (the linear-time tests measure growth ratios separately).
settings.register_profile("pmsync", deadline=None)
settings.load_profile("pmsync")


@pytest.fixture(autouse=True)
def _logging_reset() -> Iterator[None]:
    """Commands configure logging for the process (structlog, the root logger, excepthook);
    a test that runs one in-process must not leave it pointing at its captured streams."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    structlog.reset_defaults()
    root.handlers[:] = handlers
    root.setLevel(level)
    sys.excepthook = sys.__excepthook__
    set_secrets([])
    request_level(None)
