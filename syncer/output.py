"""Everything pmsync prints passes one filter: secrets masked, terminal controls shown, valid UTF-8.

Document and tracker text reaches stdout and stderr in many places (lint findings, the
plan, status, check-config, error lines, logs). Rather than trusting each of them, the
command line swaps both streams for this filter while a command runs:

- secrets are masked (`syncer.logs.redact`), whatever the line is;
- C0/C1 control characters, bidirectional overrides and lone surrogates (undecodable file
  names) are written as `\\uXXXX`: a title change, a screen clear or a hyperlink in a
  document shows as text, and the same spelling is a valid escape inside JSON strings,
  so `--json` output stays valid JSON and valid UTF-8.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from syncer.inert import terminal
from syncer.logs import redact


def shown(text: str) -> str:
    """`text` as pmsync prints it."""
    return terminal(redact(text))


class SafeStream:
    """A text stream that writes `shown(text)` to the stream it wraps."""

    shows_controls_escaped = True  # the log renderer then adds no colour codes of its own

    def __init__(self, raw: TextIO) -> None:
        self._raw = raw

    def write(self, text: str) -> int:
        self._raw.write(shown(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, reconfigure, …
        return getattr(self._raw, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """stdout and stderr filtered for the duration (restored after, also for tests)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
