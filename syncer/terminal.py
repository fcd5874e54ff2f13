"""Text for a terminal: lines wrapped to its width, never cut (a cut ticket key or owner
would be a wrong one)."""

from __future__ import annotations

import shutil
import textwrap

FALLBACK_COLUMNS = 100  # not a terminal (a pipe, a file, CI): a width that reads well anywhere
MIN_COLUMNS = 40


def columns() -> int:
    """The terminal's width ($COLUMNS wins, as shells and `shutil` agree)."""
    return max(MIN_COLUMNS, shutil.get_terminal_size((FALLBACK_COLUMNS, 24)).columns)


def wrap(text: str, *, indent: str = "", hang: str = "  ", width: int | None = None) -> str:
    """`text` on as many lines as it needs: the first starts with `indent`, the rest with
    `indent + hang`. Control characters from documents and trackers become spaces."""
    clean = "".join(c if c.isprintable() else " " for c in text)
    return textwrap.fill(
        clean,
        width=width or columns(),
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_on_hyphens=False,
    )
