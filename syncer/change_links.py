"""Lists that only link the changes merged for the incident ("### Fixes" over "- [org/repo#1127](…/pull/1127)").

A pull request, merge request or commit is a change already made: a part whose entries are
nothing but such links is the record of the fix, not follow-up work to track. An entry with
words ("- Add retries (#1127)"), an unticked box or a link to an issue keeps the part."""
from __future__ import annotations

import re
from itertools import groupby

from syncer.blocks import Raw

# The kinds of address of a change already made: "…/o/r/pull/12", "…/g/p/-/merge_requests/3",
# "…/commit/9fceb02"
_CHANGE_KINDS = frozenset({"pull", "pulls", "merge_requests", "commit", "commits"})
_QUERY = re.compile(r"[#?]")
_HEX = re.compile(r"[0-9a-fA-F]+")
_LISTED = 2  # entries a part needs before links alone tell it is a record


def _change_link(raw: Raw) -> bool:
    ref = raw.fields.ref
    return (raw.found_by == "list" and ref is not None and raw.fields.text.strip() == ref
            and _links_change(ref))


def _links_change(ref: str) -> bool:
    """Whether `ref` is the address of a pull request, merge request or commit. The path is
    split on "/" rather than matched by a repeated pattern, so a long path costs one pass and
    no backtracking."""
    if any(ch.isspace() for ch in ref):
        return False
    parts = _QUERY.split(ref, maxsplit=1)[0].split("/")
    if parts[-1] == "":
        parts.pop()  # a closing slash
    return (len(parts) >= 5 and parts[0].lower() in ("http:", "https:") and parts[1] == "" and all(parts[2:])
            and parts[-2].lower() in _CHANGE_KINDS and _HEX.fullmatch(parts[-1]) is not None)


def without_change_records(found: list[Raw]) -> list[Raw]:
    """`found` (in document order) without the parts that only link merged changes."""
    kept: list[Raw] = []
    for _, grouped in groupby(found, key=lambda raw: raw.section):
        run = list(grouped)
        if len(run) >= _LISTED and all(_change_link(raw) for raw in run):
            continue
        kept.extend(run)
    return kept
