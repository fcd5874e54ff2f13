"""sd_notify over $NOTIFY_SOCKET: path and abstract sockets, no-op without systemd, WATCHDOG_PID."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

from syncer.sdnotify import SdNotifier, watchdog_usec


@pytest.fixture
def listener(tmp_path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify"
    sock.bind(str(path))
    sock.settimeout(2)
    yield sock, str(path)
    sock.close()


def test_ready_status_watchdog_and_stopping_reach_the_socket(listener):
    sock, path = listener
    sd = SdNotifier.from_env({"NOTIFY_SOCKET": path})
    assert sd.enabled
    assert sd.ready("warming up")
    assert sock.recv(4096) == b"READY=1\nSTATUS=warming up"
    assert sd.watchdog()
    assert sock.recv(4096) == b"WATCHDOG=1"
    assert sd.status("last cycle: 3 items\nsecond line")
    assert sock.recv(4096) == b"STATUS=last cycle: 3 items second line"  # one assignment per line
    assert sd.stopping()
    assert sock.recv(4096) == b"STOPPING=1"


def test_reloading_carries_the_monotonic_time(listener):
    sock, path = listener
    assert SdNotifier(path).reloading()
    lines = sock.recv(4096).decode().split("\n")
    assert lines[0] == "RELOADING=1" and lines[1].startswith("MONOTONIC_USEC=")
    assert int(lines[1].split("=")[1]) > 0


def test_abstract_namespace_socket():
    name = f"pmsync-test-{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(2)
    try:
        assert SdNotifier(f"@{name}").notify("READY=1")
        assert sock.recv(4096) == b"READY=1"
    finally:
        sock.close()


def test_without_notify_socket_everything_is_a_silent_no_op():
    sd = SdNotifier.from_env({})
    assert not sd.enabled
    assert sd.ready() is False and sd.watchdog() is False and sd.stopping() is False
    assert sd.watchdog_interval is None


def test_a_vanished_socket_is_not_an_error(tmp_path):
    assert SdNotifier(str(tmp_path / "gone")).notify("READY=1") is False


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        ({"WATCHDOG_USEC": "30000000"}, 30_000_000),
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}, 30_000_000),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, None),  # meant for another process
    ],
)
def test_watchdog_usec_honours_watchdog_pid(env, expected):
    assert watchdog_usec(env) == expected


def test_watchdog_interval_is_half_the_timeout():
    assert SdNotifier("/x", watchdog_usec=10_000_000).watchdog_interval == 5.0
