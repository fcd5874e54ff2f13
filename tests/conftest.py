"""Process-wide state a test may change through the real code paths, put back after each test."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest
import structlog

from syncer.logs import request_level, set_secrets


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
