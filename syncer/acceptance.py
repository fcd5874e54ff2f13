"""Accepted "won't do" (pure): a team lead's recorded decision not to do an action item.

A lead (someone listed as lead or escalation contact of the item's team) accepts in the
tracker — the `pmsync-accepted` label plus a comment with the reason, or closing the ticket
as won't do with a reason comment — or in the document:

    Status: won't do — the service is being retired (accepted by @dana)

The decision clears the item's flags and is recorded with its reason. The owner alone cannot
accept: the comment or the document must name someone on the team's lead list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

ACCEPTED_LABEL = "pmsync-accepted"
REASON_MAX = 500

# "won't do — <reason> (accepted by @lead)"; dashes, colon or nothing between, any apostrophe.
_DOC = re.compile(
    r"^\s*(?:won[’']?t|will\s+not)\s+do\b[\s:–—-]*(?P<reason>.*?)\s*"
    # the closing parenthesis is optional: field parsers may trim it with the sentence's end
    r"\(\s*accepted\s+by\s+@?(?P<by>[^\s()]+?)\s*\)?\s*\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
# A reason comment may start with a keyword; the rest is the reason.
_PREFIX = re.compile(r"^\s*(?:accepted|won[’']?t\s+do|will\s+not\s+do|not\s+doing)\s*[:–—-]?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Acceptance:
    by: str  # as written: a handle, an e-mail address, or the tracker account
    reason: str
    where: str  # "document" | "tracker"

    def describe(self) -> str:
        return f"accepted as won't do by {self.by} ({self.where}): {self.reason}"


@dataclass(frozen=True, slots=True)
class Leads:
    """Who may accept for the item's team, in every form they can appear in."""

    names: frozenset[str] = frozenset()  # handles and e-mail addresses, case-folded, no "@" prefix
    accounts: frozenset[str] = frozenset()  # tracker accounts, case-folded
    owner_accounts: frozenset[str] = frozenset()


def from_document(status: str | None, leads: Leads, owner: str | None) -> Acceptance | None:
    """`Status: won't do — reason (accepted by @lead)`; None unless a lead who is not the
    owner accepted it with a reason."""
    if not status:
        return None
    match = _DOC.match(status[:2000])
    if match is None:
        return None
    by = match.group("by").strip().lstrip("@")
    reason = _clean(match.group("reason"))
    owner_name = (owner or "").strip().lstrip("@").casefold()
    if not reason or by.casefold() not in leads.names or by.casefold() == owner_name:
        return None
    return Acceptance(f"@{by}" if "@" not in by else by, reason, "document")


def from_tracker(
    labels: Iterable[str],
    comments: Iterable[tuple[str | None, str]],
    closed_not_done: bool,
    leads: Leads,
) -> Acceptance | None:
    """The acceptance label, or a close as won't do, with a reason comment by a lead who is
    not the owner (the newest such comment gives the reason)."""
    labelled = ACCEPTED_LABEL in {label.casefold() for label in labels}
    if not (labelled or closed_not_done):
        return None
    for author, body in reversed(tuple(comments)):
        who = (author or "").casefold()
        if not who or who not in leads.accounts or who in leads.owner_accounts:
            continue
        reason = _clean(_PREFIX.sub("", body, count=1))
        if reason:
            return Acceptance(author or "", reason, "tracker")
    return None


def _clean(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= REASON_MAX else line[: REASON_MAX - 1] + "…"
