"""Translation between GitHub's issue JSON (api/README.md §2.4) and pmsync's model.

Pure functions over the raw JSON dicts: no HTTP, no PyGithub objects (reading an
attribute a list item lacks would cost a hidden GET, §2.3).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from adapters.trackers.base import MARKER_LABEL, POSTMORTEM_LABEL, body_marker, item_hash
from syncer.inert import GITHUB_BODY_MAX, GITHUB_TITLE_MAX, cap, cap_line, github_markdown, one_line
from syncer.model import PRIORITIES, Category, Change, TicketRef, TicketSpec, TicketState

TRACKER = "github"
MARKER_OPEN, MARKER_CLOSE = "<!-- pmsync:item=", " -->"  # as body_marker writes it
NEXT_LINK_RE = re.compile(r'<([^>]+)>;\s*rel="next"')

# colours and descriptions pmsync gives the labels it creates in a repository
PRIORITY_COLORS = {"P0": "b60205", "P1": "d93f0b", "P2": "fbca04", "P3": "0e8a16", "P4": "c5def5"}
BASE_LABELS = {
    MARKER_LABEL: ("5319e7", "Mirrors a postmortem action item (managed by pmsync)"),
    POSTMORTEM_LABEL: ("b60205", "Follow-up from a postmortem"),
}
# labels people put on an open issue to say work has started
IN_PROGRESS_LABELS = frozenset({"in progress", "wip", "doing", "status: in progress", "in review"})

Json = dict[str, Any]


def target_of(repo: str) -> str:
    return f"{TRACKER}:{repo}"


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def format_since(moment: datetime) -> str:
    """GitHub's `since` format, always in UTC (a naive datetime is taken to be UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def next_link(link_header: str | None) -> str | None:
    if not link_header:
        return None
    match = NEXT_LINK_RE.search(link_header)
    return match.group(1) if match else None


def marker_key(body: str | None) -> str | None:
    """The item key of pmsync's own marker: the last one in the body, alone on its line.

    Document text reaches the body escaped (no `<!--` survives), so an earlier look-alike
    is never pmsync's; one reverse search, linear in the body's length.
    """
    body = body if isinstance(body, str) else ""
    start = body.rfind(MARKER_OPEN)
    if start < 0:
        return None
    line = body[start + len(MARKER_OPEN) :].partition("\n")[0].rstrip()
    if not line.endswith(MARKER_CLOSE):
        return None
    key = line[: -len(MARKER_CLOSE)]
    return key if key and "-->" not in key else None


def issue_title(spec: TicketSpec) -> str:
    return cap_line(one_line(spec.summary), GITHUB_TITLE_MAX)


def issue_body(spec: TicketSpec) -> str:
    """The description (inert Markdown, capped to GitHub's limit), then the hidden identity
    marker on its own paragraph, last."""
    marker = f"\n\n{body_marker(spec.item_key)}"
    text = cap(github_markdown(spec.description.rstrip()), GITHUB_BODY_MAX - len(marker))
    return text + marker


class PriorityLabels:
    """The repository's priority labels, from the configured template ("priority: {priority}")."""

    def __init__(self, template: str) -> None:
        self.template = template
        head, _, tail = template.partition("{priority}")
        self._re = re.compile(re.escape(head) + r"(P[0-4])" + re.escape(tail), re.IGNORECASE)

    def label(self, priority: str) -> str:
        return self.template.format(priority=priority)

    def parse(self, name: str) -> str | None:
        match = self._re.fullmatch(name)
        return match.group(1).upper() if match else None

    def definition(self, priority: str) -> tuple[str, str, str]:
        return (
            self.label(priority),
            PRIORITY_COLORS[priority],
            f"Postmortem action item priority {priority}",
        )

    def replace(self, labels: list[str], priority: str | None) -> list[str]:
        """Swap the priority label, keeping every other label people added."""
        kept = [name for name in labels if self.parse(name) is None]
        return [*kept, self.label(priority)] if priority in PRIORITIES else kept


def repo_of(issue: Json) -> str | None:
    """ "owner/repo" from `repository_url` (…/repos/owner/repo, GHES prefix included)."""
    path = urlsplit(issue.get("repository_url") or "").path
    _, sep, repo = path.partition("/repos/")
    return repo if sep and repo.count("/") == 1 else None


def is_pull_request(issue: Json) -> bool:
    return "pull_request" in issue


def _login(user: Json | None) -> str | None:
    return user.get("login") if user else None


def _category(issue: Json, labels: list[str]) -> Category:
    if issue.get("state") == "closed":
        return Category.DONE
    if any(
        name.lower().replace("-", " ").replace("_", " ") in IN_PROGRESS_LABELS for name in labels
    ):
        return Category.IN_PROGRESS
    return Category.TODO


def ticket_state(issue: Json, fallback_repo: str, priorities: PriorityLabels) -> TicketState:
    """TicketState from an issue as a list, single GET, create or edit returns it."""
    repo = repo_of(issue) or fallback_repo
    labels = [label["name"] for label in issue.get("labels") or [] if isinstance(label, dict)]
    raw_priority = next((name for name in labels if priorities.parse(name)), None)
    key = marker_key(issue.get("body"))
    assignees = issue.get("assignees") or ([issue["assignee"]] if issue.get("assignee") else [])
    milestone = issue.get("milestone")
    closed = issue.get("state") == "closed"
    dependencies = issue.get("issue_dependencies_summary") or {}
    return TicketState(
        ref=TicketRef(TRACKER, target_of(repo), str(issue["number"]), issue.get("html_url")),
        marker=item_hash(key) if key else None,
        item_key=key,
        summary=issue.get("title"),
        status=issue.get("state"),
        category=_category(issue, labels),
        resolution=issue.get("state_reason") if closed else None,
        priority=priorities.parse(raw_priority) if raw_priority else None,
        raw_priority=raw_priority,
        assignee=_login(assignees[0]) if assignees else None,
        due=None,  # GitHub issues have no due date; the body states the deadline
        labels=tuple(labels),
        sprints=(milestone["title"],) if milestone else (),
        updated_at=parse_time(issue.get("updated_at")),
        closed_at=parse_time(issue.get("closed_at")),
        closed_by=_login(issue.get("closed_by")) if closed else None,
        blocked_by_open=bool(dependencies.get("blocked_by")),
    )


def event_changes(event: Json, priorities: PriorityLabels) -> list[Change]:
    """The Changes one issue event records (events we do not judge by are dropped)."""
    kind = event.get("event")
    at = parse_time(event.get("created_at"))
    actor = _login(event.get("actor"))
    if kind in ("labeled", "unlabeled"):
        name = (event.get("label") or {}).get("name")
        level = priorities.parse(name) if name else None
        field, value = ("priority", level) if level else ("labels", name)
        if kind == "labeled":
            return [Change(field, at, actor, None, value)]
        return [Change(field, at, actor, value, None)]
    if kind == "closed":
        changes = [Change("state", at, actor, "open", "closed")]
        if event.get("state_reason"):
            changes.append(Change("resolution", at, actor, None, event["state_reason"]))
        return changes
    if kind == "reopened":
        return [Change("state", at, actor, "closed", "open")]
    if kind in ("assigned", "unassigned"):
        login = _login(event.get("assignee"))
        return [
            Change("assignee", at, actor, None, login)
            if kind == "assigned"
            else Change("assignee", at, actor, login, None)
        ]
    if kind in ("milestoned", "demilestoned"):
        title = (event.get("milestone") or {}).get("title")
        if kind == "milestoned":
            return [Change("milestone", at, actor, None, title)]
        return [Change("milestone", at, actor, title, None)]
    return []


def validation_message(data: Any) -> str:
    """GitHub's error message, with the details of a 422's `errors` list."""
    if not isinstance(data, dict):
        return str(data) if data else "no message"
    message = str(data.get("message") or "no message")
    details = []
    for error in data.get("errors") or []:
        if isinstance(error, dict):
            details.append(
                error.get("message")
                or " ".join(
                    str(error[k])
                    for k in ("resource", "field", "code", "value")
                    if error.get(k) is not None
                )
            )
        else:
            details.append(str(error))
    return f"{message}: {'; '.join(details)}" if details else message


def names_field(data: Any, fields: tuple[str, ...]) -> bool:
    """Whether a 422's errors point at one of `fields` (e.g. an assignee without access)."""
    errors = data.get("errors") if isinstance(data, dict) else None
    return any(isinstance(e, dict) and e.get("field") in fields for e in errors or [])
