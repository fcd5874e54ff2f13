"""Under journald every line carries its syslog priority; levels follow the command line first."""

from __future__ import annotations

import json
import logging
import os

import pytest

from syncer.logs import configure_logging, get_logger, request_level, set_level, writes_to_journal


def journal_file(tmp_path, monkeypatch):
    """A file standing in for the journal stream: $JOURNAL_STREAM names its device and inode."""
    stream = open(tmp_path / "journal", "w+")  # noqa: SIM115 - closed by the test's teardown
    st = os.fstat(stream.fileno())
    monkeypatch.setenv("JOURNAL_STREAM", f"{st.st_dev}:{st.st_ino}")
    return stream


def records(stream) -> list[tuple[int, dict]]:
    stream.flush()
    stream.seek(0)
    found = []
    for line in stream.read().splitlines():
        assert line.startswith("<") and line[2] == ">", line
        found.append((int(line[1]), json.loads(line[3:])))
    return found


def test_lines_to_the_journal_carry_their_priority_and_stay_json(tmp_path, monkeypatch):
    with journal_file(tmp_path, monkeypatch) as stream:
        configure_logging(level="debug", stream=stream)
        log = get_logger("pmsync.test")
        log.debug("detail", n=1)
        log.info("cycle_finished", items=3)
        log.warning("item_failed", item="INC-1/1")
        log.error("job_failed", job="sync")
        log.critical("uncaught_exception")
        logging.getLogger("urllib3").warning("Retrying %s", "GET /x")
        found = records(stream)
    assert [p for p, _ in found] == [7, 6, 4, 3, 2, 4]
    assert found[1][1]["items"] == 3 and found[1][1]["event"] == "cycle_finished"
    assert found[2][1]["item"] == "INC-1/1"
    assert found[5][1]["logger"] == "urllib3"


def test_other_streams_get_no_prefix(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNAL_STREAM", "1:2")
    with open(tmp_path / "log", "w+") as stream:
        assert not writes_to_journal(stream)
        configure_logging(level="info", stream=stream)
        get_logger().warning("plain")
        stream.seek(0)
        assert json.loads(stream.read())["event"] == "plain"


@pytest.mark.parametrize(
    ("requested", "configured", "shown"),
    [(None, "info", ["info", "warning"]), ("warning", "debug", ["warning"]), ("debug", "error", ["debug", "info", "warning"])],
)
def test_the_command_line_level_beats_the_configured_one(tmp_path, requested, configured, shown):
    request_level(requested)
    with open(tmp_path / "log", "w+") as stream:
        configure_logging(level=configured, stream=stream, json=True)
        log = get_logger()
        log.debug("debug")
        log.info("info")
        log.warning("warning")
        stream.seek(0)
        assert [json.loads(line)["event"] for line in stream.read().splitlines()] == shown


def test_a_reloaded_level_applies_at_once(tmp_path):
    with open(tmp_path / "log", "w+") as stream:
        configure_logging(level="info", stream=stream, json=True)
        set_level("warning")
        get_logger().info("hidden")
        get_logger().warning("shown")
        stream.seek(0)
        assert [json.loads(line)["event"] for line in stream.read().splitlines()] == ["shown"]
