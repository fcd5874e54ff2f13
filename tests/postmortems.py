"""What pmsync reads out of a Markdown text, for the extraction tests."""

from __future__ import annotations

from syncer.model import Postmortem
from syncer.parse import parse_document


def read_postmortem(text: str, path: str = "pm/x.md") -> Postmortem:
    """The postmortem `text` holds, as `pmsync lint` reads it; fails when it reads none."""
    document = parse_document(text, path)
    assert document.postmortem is not None, [f.message for f in document.findings]
    return document.postmortem
