"""Lists that only link the changes merged for the incident ("### Fixes" over "- [org/repo#1127](…/pull/1127)").

A pull request, merge request or commit is a change already made: a part whose entries are
nothing but such links is the record of the fix, not follow-up work to track. An entry with
words ("- Add retries (#1127)"), an unticked box or a link to an issue keeps the part."""
from __future__ import annotations

import re
from itertools import groupby

from syncer.blocks import Raw

# "https://github.com/o/r/pull/12", "https://gitlab.com/g/p/-/merge_requests/3", "…/commit/9fceb02"
# (path segments hold no "/", so each is read once: linear time)
_CHANGE_LINK = re.compile(
    r"https?://[^\s/]+(?:/[^\s/]+)*?/(?:pulls?|merge_requests|commits?)/[0-9a-fA-F]+/?(?:[#?]\S*)?",
    re.IGNORECASE,
)
_LISTED = 2  # entries a part needs before links alone tell it is a record


def _change_link(raw: Raw) -> bool:
    ref = raw.fields.ref
    return (raw.found_by == "list" and ref is not None and raw.fields.text.strip() == ref
            and _CHANGE_LINK.fullmatch(ref) is not None)


def without_change_records(found: list[Raw]) -> list[Raw]:
    """`found` (in document order) without the parts that only link merged changes."""
    kept: list[Raw] = []
    for _, grouped in groupby(found, key=lambda raw: raw.section):
        run = list(grouped)
        if len(run) >= _LISTED and all(_change_link(raw) for raw in run):
            continue
        kept.extend(run)
    return kept
