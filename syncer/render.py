"""What a ticket says: summary and description built from the postmortem (pure)."""

from __future__ import annotations

from datetime import date

from syncer.model import ActionItem, Postmortem, TicketSpec

MANAGED_LINE = (
    "This ticket is managed by pmsync from the postmortem: the commitment (action, owner, "
    "deadline, priority, verification) is changed in the document; progress and comments "
    "belong here. It is done when someone other than the owner has verified it."
)


def ticket_description(
    item: ActionItem,
    pm: Postmortem,
    ident: str,
    *,
    committed_due: date | None,
    committed_priority: str | None,
) -> str:
    lines = [f'Action item from the postmortem "{pm.title}" ({pm.id}).', ""]
    facts = [
        ("Incident date", pm.date.isoformat() if pm.date else None),
        ("Severity", pm.severity),
        ("Owner", f"@{item.owner}" if item.owner and "@" not in item.owner else item.owner),
        ("Deadline", committed_due.isoformat() if committed_due else None),
        ("Priority", committed_priority),
        ("How we verify", item.verify),
        ("Postmortem", pm.doc_url or pm.path),
    ]
    lines += [f"{label}: {value}" for label, value in facts if value]
    lines += ["", MANAGED_LINE, f"pmsync item: {ident}"]
    return "\n".join(lines)


def ticket_spec(
    item: ActionItem,
    pm: Postmortem,
    ident: str,
    *,
    committed_due: date | None,
    committed_priority: str | None,
    assignee: str | None,
) -> TicketSpec:
    return TicketSpec(
        item_key=ident,
        summary=item.text,
        description=ticket_description(
            item, pm, ident, committed_due=committed_due, committed_priority=committed_priority
        ),
        priority=committed_priority,
        owner=item.owner,
        assignee=assignee,
        due=committed_due,
        doc_url=pm.doc_url,
        postmortem_title=pm.title,
    )
