"""The engine test world (a real SQLite ledger, the in-memory tracker, a fixed clock)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.unit.test_engine import World, doc, item


@pytest.fixture
def world(tmp_path) -> Iterator[World]:
    """Three action items of postmortem INC-7, routed to jira:OPS."""
    w = World(tmp_path, [doc(item(1, "Add disk space alert at 80% threshold"),
                             item(2, "Add config validation to CI pipeline", owner="bob"),
                             item(3, "Create runbook for payment service timeout"))])
    yield w
    w.ledger.close()
