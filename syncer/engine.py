"""The sync cycle: read → match → plan → execute → poll (DESIGN §5–7).

Modelled on vdirsyncer: every action is planned before any runs, the ledger
records intent before a create and the result after it, and one item's
failure is recorded against that item without stopping the cycle.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Protocol

from adapters.trackers.base import (
    AuthError,
    RateLimited,
    Tracker,
    TrackerError,
    WriteOutcomeUnknown,
    item_hash,
)
from syncer import outcomes
from syncer.acceptance import Acceptance
from syncer.closing import closed, pending_closes, want_closed
from syncer.followthrough import beyond_slo_findings, slo_deadline
from syncer.identity import Known, match_items
from syncer.model import (
    ActionItem,
    Category,
    Document,
    Finding,
    Postmortem,
    TicketRef,
    TicketSpec,
    TicketState,
)
from syncer.plan import Action
from syncer.planner import Planner, Resolved
from syncer.policy import (
    ItemHistory,
    accepted,
    evaluate,
    is_verified,
    local_today,
    next_decision,
    repeat_incidents,
)
from syncer.settings import Settings, parse_target
from syncer.state import ItemRow, Ledger, TicketRow
from syncer.views import (
    ADOPTED_KEY,
    CLOSED_BY_PMSYNC,
    adoption_baseline,
    adoption_baselines,
    closed_by_pmsync,
    history_of,
    record_acceptances,
    with_adoption,
)
from syncer.wording import ticket_label

Log = Callable[..., None]


class FlagListener(Protocol):
    def queue_cycle(self, ledger: Ledger, now: datetime, unread: Collection[str] = ()) -> int:
        """Queue the mail the cycle's flag changes call for; runs inside the flag transaction.
        `unread`: tracker targets that could not be read this cycle."""
        ...

    def queue_ops(
        self, ledger: Ledger, now: datetime, problems: Sequence[str], *, kind: str
    ) -> int:
        """Queue a sync-failure message to the ops addresses."""
        ...

    def clear_ops(self, ledger: Ledger, kind: str) -> None:
        """The failure of this kind is over: report the next one at once."""
        ...


@dataclass(frozen=True, slots=True)
class ItemError:
    key: str
    target: str | None
    message: str


@dataclass
class CycleReport:
    started_at: datetime
    documents: int = 0
    items: int = 0
    findings: list[Finding] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    done: dict[str, int] = field(default_factory=dict)  # action kind -> count executed
    errors: list[ItemError] = field(default_factory=list)
    fatal: list[str] = field(default_factory=list)  # trackers that could not be used at all
    polled: int = 0
    changed: int = 0
    flags_raised: int = 0
    flags_cleared: int = 0
    finished_at: datetime | None = None
    interrupted: bool = False
    skipped: list[str] = field(default_factory=list)  # documents that could not be read
    unread: set[str] = field(default_factory=set)  # tracker targets that could not be read
    down: dict[str, str] = field(default_factory=dict)  # tracker -> why it was out of reach
    not_synced: dict[str, int] = field(default_factory=dict)  # target -> items left for next cycle
    unpolled: list[str] = field(default_factory=list)  # targets not polled: their tracker was down


    def count(self, kind: str) -> None:
        self.done[kind] = self.done.get(kind, 0) + 1

    @property
    def ok(self) -> bool:
        """Nothing failed and nothing was left out (an unreadable file, a duplicate id)."""
        left_out = any(
            f.rule in ("duplicate-postmortem-id", "duplicate-item-id") for f in self.findings
        )
        return (
            not self.errors
            and not self.fatal
            and not self.skipped
            and not self.not_synced
            and not left_out
        )

    def summary(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "items": self.items,
            "planned": len(self.actions),
            **{k: v for k, v in sorted(self.done.items())},
            "errors": len(self.errors),
            "fatal": len(self.fatal),
            "not_synced": sum(self.not_synced.values()),
            "polled": self.polled,
            "changed": self.changed,
            "flags_raised": self.flags_raised,
            "flags_cleared": self.flags_cleared,
        }


@dataclass(frozen=True, slots=True)
class Prepared:
    docs: list[Document]
    postmortems: list[Postmortem]
    resolved: list[Resolved]
    removed: list[ItemRow]  # ledger items that left their (readable) postmortem
    specs: dict[str, TicketSpec]  # ident -> what its ticket should say, for items planned without one
    broken: set[str]  # postmortems whose file could not be read: their items are held as they were
    gone: set[str]  # ledger postmortems whose file is no more (neither read nor broken)


TICKET_FIELD_REFUSED = "ticket-field-refused"  # the finding of a ticket written without a field

# Ticket fields whose change makes the history worth fetching (who did it, from what).
_HISTORY_FIELDS = ("status", "category", "resolution", "priority", "sprints", "assignee", "due", "labels")


class Engine:
    def __init__(
        self,
        settings: Settings,
        ledger: Ledger,
        trackers: Mapping[str, Tracker],
        read_documents: Callable[[], list[Document]],
        clock: Callable[[], datetime],
        *,
        log: Log | None = None,
        notifier: FlagListener | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.notifier = notifier
        # hears (done, total) as tracker actions run: live lines, progress logs, STATUS=
        self.progress = progress or (lambda done, total: None)
        self.settings = settings
        self.ledger = ledger
        self.trackers = trackers
        self.read_documents = read_documents
        self.clock = clock
        self.log = log or (lambda event, **kw: None)
        # A postmortem read again unchanged, whose ledger items and ticket refs are unchanged
        # too, matches and derives as last cycle: pm id -> (inputs, result).
        self._matched: dict[str, tuple[tuple[Any, ...], list[Resolved]]] = {}
        self._evaluated: dict[str, tuple[Any, ...]] = {}  # ident -> (inputs..., flags, acceptance)
        self.planner = Planner(settings, ledger, trackers)

    def forget(self) -> None:
        """Match, plan and evaluate every item afresh next cycle (the daily full pass)."""
        self._matched, self._evaluated = {}, {}
        self.planner.forget()

    # -- the cycle -------------------------------------------------------------

    def prepare(self, now: datetime, report: CycleReport) -> Prepared:
        """Read the documents, match identities and plan: no tracker call, no ledger write."""
        docs = self.read_documents()
        report.documents = len(docs)
        postmortems = self._accept(docs, report)
        # Items of a file that could not be read are not "removed": the file is broken, not edited.
        broken_paths = {d.path for d in docs if d.postmortem is None}
        known = self.ledger.postmortems()
        broken = {row["id"] for row in known if row["path"] in broken_paths}
        read = {pm.id for pm in postmortems}
        gone = {row["id"] for row in known if row["id"] not in read and row["id"] not in broken}
        report.skipped.extend(sorted(broken_paths))
        # One read of the ledger's items and tickets serves matching and planning.
        rows, tickets = self.ledger.items(), self.ledger.tickets()
        resolved, removed = self._resolve(postmortems, now, broken, rows, tickets)
        report.items = len(resolved)
        planned = self.planner.plan(resolved, removed, tickets)
        report.actions = planned.actions
        report.findings.extend(self._account_findings(resolved, planned.assignees))
        report.findings.extend(beyond_slo_findings((r.item, r.pm.path, r.committed_priority, r.slo_due) for r in resolved))
        return Prepared(docs, postmortems, resolved, removed, planned.specs, broken, gone)

    def _account_findings(
        self, resolved: Sequence[Resolved], assignees: Mapping[str, str | None]
    ) -> list[Finding]:
        """An owner the tracker cannot assign is worth saying: the ticket goes out unassigned.
        `assignees`: the assignee of every item that has a ticket spec."""
        findings = []
        for r in resolved:
            if r.ident not in assignees or not r.item.owner or assignees[r.ident] or r.target is None:
                continue
            tracker = parse_target(r.target)[0]
            known = self.settings.person(r.item.owner) is not None
            why = (
                f"has no {tracker} account in [people.{r.item.owner}]"
                if known
                else "is not in the people directory"
            )
            findings.append(
                Finding(
                    "owner-no-account",
                    "warning",
                    f"owner {r.item.owner!r} {why}: the ticket is created unassigned",
                    r.pm.path,
                    r.item.line,
                    r.item.key,
                )
            )
        return findings

    def record(self, prepared: Prepared, now: datetime) -> None:
        self._record_documents(prepared.postmortems, prepared.resolved, prepared.removed, now)

    def cycle(
        self,
        *,
        dry_run: bool = False,
        full: bool = False,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> CycleReport:
        now = self.clock()
        report = CycleReport(started_at=now)
        if full:
            self.forget()
        prepared = self.prepare(now, report)
        if dry_run:
            report.finished_at = self.clock()
            return report
        run_id = self.ledger.start_run(now)
        try:
            self.record(prepared, now)
            self._execute(report.actions, report, should_stop)
            if not report.interrupted:
                self._poll(report, full=full, should_stop=should_stop)
            if not report.interrupted:
                self._retry_closes(report)
            if not report.interrupted:
                self._evaluate(prepared, report)
                outcomes.record(self.settings, self.ledger, self.clock())
            self._log_down(report)
        except Exception as exc:
            # The run is recorded as failed (status, metrics) before the error travels on.
            summary = {**report.summary(), "aborted": f"{type(exc).__name__}: {exc}"}
            self.ledger.finish_run(run_id, self.clock(), False, summary)
            raise
        report.finished_at = self.clock()
        self.ledger.finish_run(run_id, report.finished_at, report.ok, report.summary())
        self._report_failures(report)
        return report

    def _report_failures(self, report: CycleReport) -> None:
        """Tell ops about what stops pmsync from doing its job: credentials, trackers down."""
        if self.notifier is None:
            return
        now = self.clock()
        if report.fatal:
            self.notifier.queue_ops(self.ledger, now, report.fatal, kind="auth")
        limit = self.settings.daemon.tracker_down_alert
        for target, since in self.ledger.down_since().items():
            if now - since >= limit:
                minutes = int((now - since).total_seconds() // 60)
                self.notifier.queue_ops(
                    self.ledger,
                    now,
                    [f"{target}: unreachable for {minutes} minutes (since {since.isoformat()})"],
                    kind=f"down:{target}",
                )

    # -- reading ---------------------------------------------------------------

    def _accept(self, docs: Sequence[Document], report: CycleReport) -> list[Postmortem]:
        """Keep one postmortem per id and one item per key; the rest become findings."""
        seen: dict[str, str] = {}
        accepted: list[Postmortem] = []
        for doc in docs:
            report.findings.extend(doc.findings)
            pm = doc.postmortem
            if pm is None:
                continue
            if pm.id in seen:
                report.findings.append(
                    Finding(
                        "duplicate-postmortem-id",
                        "error",
                        f"postmortem id {pm.id!r} is already used by {seen[pm.id]}; this file is not synced",
                        doc.path,
                        pm.line,
                    )
                )
                continue
            seen[pm.id] = doc.path
            keys: set[str] = set()
            items = []
            for item in pm.items:
                if item.key in keys:
                    report.findings.append(
                        Finding(
                            "duplicate-item-id",
                            "error",
                            f"item id {item.item_id!r} appears twice; the second is not synced",
                            doc.path,
                            item.line,
                            item.key,
                        )
                    )
                    continue
                keys.add(item.key)
                items.append(item)
            accepted.append(_with_items(pm, items))
        return accepted

    def _resolve(
        self,
        postmortems: Sequence[Postmortem],
        now: datetime,
        broken: set[str],
        ledger_items: Sequence[ItemRow],
        tickets: Mapping[str, TicketRow],
    ) -> tuple[list[Resolved], list[ItemRow]]:
        """Match items to ledger identities and derive routing and commitments."""
        taken = {row.ident for row in ledger_items}
        by_pm: dict[str, list] = {}
        for row in ledger_items:
            by_pm.setdefault(row.postmortem_id, []).append(row)
        resolved: list[Resolved] = []
        matched: set[str] = set()
        memo: dict[str, tuple[tuple[Any, ...], list[Resolved]]] = {}
        for pm in postmortems:
            rows = tuple(by_pm.get(pm.id, ()))
            inputs = (pm, rows, tuple(_refs_of(row.ref, tickets.get(row.ident)) for row in rows))
            before = self._matched.get(pm.id)
            if before is not None and before[0] == inputs:
                memo[pm.id] = before
                resolved.extend(before[1])
                matched.update(r.ident for r in before[1])
                continue
            known = [
                Known(
                    ident=row.ident,
                    key=row.key,
                    item_id=row.item_id,
                    explicit_id=row.explicit_id,
                    text=row.text,
                    owner=row.owner,
                    refs=_refs_of(row.ref, tickets.get(row.ident)),
                )
                for row in by_pm.get(pm.id, [])
            ]
            first_seen = {row.ident: row.first_seen for row in by_pm.get(pm.id, [])}
            found = match_items(pm.items, known, taken=taken)
            derived = [
                self._derive(m.ident, m.item, pm, first_seen.get(m.ident, now).date()) for m in found
            ]
            taken.update(m.ident for m in found)
            matched.update(m.ident for m in found)
            resolved.extend(derived)
            if all(m.known for m in found):  # a new item's ident depends on every other: not kept
                memo[pm.id] = (inputs, derived)
        self._matched = memo  # postmortems not read this cycle are forgotten
        removed = [
            row
            for row in ledger_items
            if row.in_doc and row.ident not in matched and row.postmortem_id not in broken
        ]
        return resolved, removed

    def _derive(self, ident: str, item: ActionItem, pm: Postmortem, seen_on: date) -> Resolved:
        policy = self.settings.policy
        team = self.settings.team_of(pm.team, item.owner)
        target = self.settings.target_for(team, pm.source)
        priority = (
            item.priority
            or policy.severity_priority.get((pm.severity or "").upper())
            or policy.default_priority
        )
        # The SLO is the deadline of an item without one, and the bound a written one is checked against.
        slo_due = slo_deadline(pm.review_date or pm.date or seen_on, policy.slo, priority, pm.severity)
        return Resolved(ident, item, pm, team, target, item.due or slo_due, priority, slo_due)

    def _record_documents(
        self,
        postmortems: Sequence[Postmortem],
        resolved: Sequence[Resolved],
        removed: Sequence[ItemRow],
        now: datetime,
    ) -> None:
        with self.ledger.transaction():
            for pm in postmortems:
                self.ledger.upsert_postmortem(pm, now)
            for r in resolved:
                self.ledger.upsert_item(
                    r.ident,
                    r.item,
                    committed_due=r.committed_due,
                    committed_priority=r.committed_priority,
                    team=r.team,
                    target=r.target,
                    now=now,
                    slo_due=r.slo_due,
                )
            for row in removed:
                self.ledger.mark_removed(row.ident)
                self.ledger.add_event("removed_from_doc", now, row.ident, key=row.key)

    # -- executing -------------------------------------------------------------

    def _tracker(self, target: str | None) -> Tracker | None:
        if target is None:
            return None
        return self.trackers.get(parse_target(target)[0])

    def _execute(
        self, actions: Sequence[Action], report: CycleReport, should_stop: Callable[[], bool]
    ) -> None:
        dead: set[str] = set()
        paused: set[str] = set()  # rate limited: the rest waits for the next cycle
        for done, action in enumerate(actions):
            if should_stop():
                report.interrupted = True
                return
            self.progress(done, len(actions))
            if action.kind == "removed":
                report.count("removed")
                continue
            if action.kind in ("unroutable", "conflict"):
                self._fail(report, action, action.note)
                continue
            tracker = self._tracker(action.target)
            if tracker is None:
                self._fail(report, action, f"no tracker configured for target {action.target}")
                continue
            if tracker.name in report.down:
                # one failed connection says it all: the rest waits for the next cycle
                target = action.target or tracker.name
                report.not_synced[target] = report.not_synced.get(target, 0) + 1
                continue
            if tracker.name in dead or tracker.name in paused:
                continue
            try:
                if self._run(action, tracker, report):
                    report.count(action.kind)
                    self.log("action", item=action.key, target=action.target, kind=action.kind)
            except AuthError as exc:
                dead.add(tracker.name)
                report.fatal.append(f"{tracker.name}: {exc}")
                if action.kind == "create":  # the POST was refused: nothing was created
                    with self.ledger.transaction():
                        self.ledger.drop_intent(action.ident)
                self.log("tracker_auth_failed", tracker=tracker.name, error=str(exc))
            except RateLimited as exc:
                # Writing on into a rate limit only prolongs it (and GitHub may block the token):
                # this tracker's remaining actions are planned again next cycle.
                paused.add(tracker.name)
                self._fail(report, action, str(exc))
                self.log("tracker_paused", tracker=tracker.name, retry_after=exc.retry_after)
            except TrackerError as exc:
                unknown = isinstance(exc, WriteOutcomeUnknown)
                if exc.down:
                    report.down[tracker.name] = exc.message
                    target = action.target or tracker.name
                    report.not_synced[target] = report.not_synced.get(target, 0) + 1
                    self._fail(report, action, str(exc), outcome_unknown=unknown, logged=False)
                else:
                    self._fail(report, action, str(exc), outcome_unknown=unknown)
            except sqlite3.IntegrityError as exc:  # the ledger refuses this item's record, not the cycle
                self._fail(report, action, f"the ledger refused the record: {exc}", outcome_unknown=True)
        self.progress(len(actions), len(actions))

    def _log_down(self, report: CycleReport) -> None:
        """One line per unreachable target and cause, however many items it held back."""
        for name, cause in sorted(report.down.items()):
            targets = {t for t in report.not_synced if t.startswith(f"{name}:")}
            targets |= {t for t in report.unpolled if t.startswith(f"{name}:")}
            for target in sorted(targets) or [name]:
                self.log(
                    "tracker_down",
                    tracker=name,
                    target=target,
                    cause=cause,
                    not_synced=report.not_synced.get(target, 0),
                    polled=target not in report.unpolled,
                )

    def _fail(
        self,
        report: CycleReport,
        action: Action,
        message: str,
        *,
        outcome_unknown: bool = False,
        logged: bool = True,
    ) -> None:
        now = self.clock()
        report.errors.append(ItemError(action.key, action.target, message))
        if logged:  # a tracker found down is logged once for all its items (_log_down)
            self.log("item_failed", item=action.key, target=action.target, kind=action.kind, error=message)
        with self.ledger.transaction():
            # Only a refused create proves nothing was created; a failed recovery keeps its
            # intent so the next cycle looks for the marker again.
            if action.kind == "create" and not outcome_unknown:
                self.ledger.drop_intent(action.ident)
            self.ledger.set_item_error(action.ident, message)
            self.ledger.add_event("error", now, action.ident, action=action.kind, message=message)

    def _run(self, action: Action, tracker: Tracker, report: CycleReport) -> bool:
        """Execute one action; False when it was deferred (nothing done this cycle)."""
        if action.spec is None:
            return self._settle(action, tracker)
        if action.kind == "create":
            self._create(action, tracker, report)
            return True
        if action.kind == "recover":
            return self._recover(action, tracker, report)
        if action.kind == "adopt":
            assert action.ref is not None
            state = tracker.adopt(action.ref, action.spec)
            if not state.exists:
                raise TrackerError(
                    f"the ticket {ticket_label(action.ref)} named in the document does not exist or is not visible",
                    target=action.ref.target,
                )
            self._record_created(action, state, adopted=True)
            return True
        if action.kind == "update":
            assert action.ref is not None
            state = tracker.update(action.ref, action.spec, action.fields)
            self._note_dropped(action, state, report)
            now = self.clock()
            with self.ledger.transaction():
                pushed = self.ledger.pushed([action.ident]).get(action.ident, {})
                wanted = action.spec.doc_fields()
                pushed.update({name: wanted[name] for name in action.fields})
                self.ledger.set_pushed(action.ident, pushed)
                self.ledger.set_ticket_state(action.ident, state, now)
                self.ledger.set_item_error(action.ident, None)
                self.ledger.add_event("updated", now, action.ident, fields=list(action.fields))
            return True
        raise AssertionError(f"unexpected action {action.kind}")

    def _create(self, action: Action, tracker: Tracker, report: CycleReport) -> None:
        assert action.spec is not None and action.target is not None
        with self.ledger.transaction():  # write-ahead: the intent is durable before the POST
            self.ledger.begin_intent(action.ident, action.target, self.clock())
            if action.spec.done:
                want_closed(self.ledger, action.ident)
        state = tracker.create(action.target, action.spec)
        self._record_created(action, state)
        self._note_dropped(action, state, report)
        if action.spec.done:
            self._complete(action.ident, state.ref, tracker)

    def _complete(self, ident: str, ref: TicketRef, tracker: Tracker) -> None:
        """Done in the document: close the ticket pmsync just made, so what is left to track is
        its verification. The close is pmsync's, so it verifies nothing."""
        now = self.clock()
        try:
            state = tracker.complete(ref)
        except TrackerError as exc:
            with self.ledger.transaction():  # the ticket stays open until a later cycle closes it
                self.ledger.set_item_error(ident, f"could not close the new ticket: {exc}")
            return
        with self.ledger.transaction():
            self.ledger.set_ticket_state(ident, state, now)
            self.ledger.set(f"{CLOSED_BY_PMSYNC}{ident}", now.isoformat())
            closed(self.ledger, ident)
            self.ledger.add_event("closed_done_in_doc", now, ident, ticket=state.ref.key)

    def _retry_closes(self, report: CycleReport) -> None:
        """Close the tickets of done-in-the-document items whose close failed or never ran in
        an earlier cycle (after polling, so a close made meanwhile by someone else is seen)."""
        pending = pending_closes(self.ledger)
        if not pending:  # the usual cycle: no whole-ledger read for nothing
            return
        items = {row.ident: row for row in self.ledger.items()}
        intents = self.ledger.intents()
        for ident in pending:
            ticket, row = self.ledger.ticket(ident), items.get(ident)
            if (ticket is None and ident in intents) or (ticket and ticket.created_at >= report.started_at):
                continue  # the create is unresolved, or made this cycle and its close just tried
            tracker = self._tracker(ticket.ref.target) if ticket else None
            done = ticket is not None and ticket.state is not None and ticket.state.category == Category.DONE
            if ticket is None or row is None or not (row.done and row.in_doc) or done:
                with self.ledger.transaction():  # refused, unticked, or closed already: nothing to close
                    closed(self.ledger, ident)
            elif tracker is not None and tracker.name not in report.down:
                self._complete(ident, ticket.ref, tracker)

    def _note_dropped(self, action: Action, state: TicketState, report: CycleReport) -> None:
        """A ticket written without fields its project would not take: say which and why, and
        remember a refused due date so its absence is not taken for someone removing it."""
        if not state.dropped:
            return
        fields = ", ".join(f"{name} ({reason})" for name, reason in state.dropped)
        message = (
            f"{state.ref.key} in {state.ref.target} was written without {fields}; "
            "the committed values stay in the description and pmsync's ledger"
        )
        report.findings.append(
            Finding(TICKET_FIELD_REFUSED, "warning", message, action.target or "", item=action.key)
        )
        self.log("fields_refused", item=action.key, ticket=state.ref.key, fields=[n for n, _ in state.dropped])
        refused = self._refused(state.ref.target) | {name for name, _ in state.dropped}
        with self.ledger.transaction():
            self.ledger.add_event("fields_refused", self.clock(), action.ident, ticket=state.ref.key, fields=dict(state.dropped))
            self.ledger.set(f"refused_fields:{state.ref.target}", json.dumps(sorted(refused)))

    def _refused(self, target: str) -> set[str]:
        """Fields the tracker refused on a write to this target (learned from its 400s)."""
        raw = self.ledger.get(f"refused_fields:{target}")
        try:
            return {str(name) for name in json.loads(raw)} if raw else set()
        except (ValueError, TypeError):
            return set()

    def _record_created(self, action: Action, state: TicketState, *, adopted: bool = False) -> None:
        assert action.spec is not None
        now = self.clock()
        with self.ledger.transaction():
            self.ledger.record_ticket(
                action.ident, state, pushed=action.spec.doc_fields(), now=now, adopted=adopted
            )
            self.ledger.set_item_error(action.ident, None)
            if adopted:
                # The ticket's own values at adoption are the baseline drift is measured from:
                # pmsync leaves people's fields alone on adoption, so they are no drift.
                self.ledger.set(f"{ADOPTED_KEY}{action.ident}", json.dumps(adoption_baseline(state)))
            self.ledger.add_event(
                "adopted" if adopted else "created",
                now,
                action.ident,
                ticket=state.ref.key,
                target=state.ref.target,
                url=state.ref.url,
            )

    def _recover(self, action: Action, tracker: Tracker, report: CycleReport) -> bool:
        """An earlier create may have happened: look for its marker before creating again."""
        assert action.spec is not None and action.target is not None
        found = tracker.find_by_marker(action.target, action.ident)
        if found is not None:
            self._record_found(action, found)
            return True
        intent = self.ledger.intents().get(action.ident)
        if intent is not None:
            waited = (self.clock() - intent.started_at).total_seconds()
            if waited < tracker.search_lag:
                self.log("create_deferred", item=action.key, target=action.target, waited=waited)
                return False
        self._create(action, tracker, report)
        return True

    def _record_found(self, action: Action, found: TicketState) -> None:
        """Link a ticket an earlier, interrupted create made. What it says is taken as pushed,
        so any document edit made since is pushed by the next plan. A search does not return
        the description: it was written from the same commitment, so it is taken as current
        when the other fields are, else pushed again."""
        pushed: dict[str, object] = {
            "summary": found.summary,
            "priority": found.priority,
            "assignee": found.assignee,
            "due": found.due.isoformat() if found.due else None,
        }
        wanted = action.spec.doc_fields() if action.spec else {}
        same = all(wanted.get(name) == value for name, value in pushed.items())
        pushed["description"] = wanted.get("description") if same else None
        now = self.clock()
        with self.ledger.transaction():
            self.ledger.record_ticket(action.ident, found, pushed=pushed, now=now)
            self.ledger.add_event(
                "recovered", now, action.ident, ticket=found.ref.key, target=found.ref.target
            )

    def _settle(self, action: Action, tracker: Tracker) -> bool:
        """An item left the document while its create was unfinished: link the ticket if the
        create happened (so it is tracked and flagged like any removed item), else forget it."""
        assert action.target is not None
        found = tracker.find_by_marker(action.target, action.ident)
        if found is not None:
            self._record_found(action, found)
            return True
        intent = self.ledger.intents().get(action.ident)
        if intent is not None and (self.clock() - intent.started_at).total_seconds() < tracker.search_lag:
            return False
        with self.ledger.transaction():
            self.ledger.drop_intent(action.ident)
        return True

    # -- flags -----------------------------------------------------------------

    def _evaluate(self, prepared: Prepared, report: CycleReport) -> None:
        """Raise and clear flags from the doc's commitment and the tickets' state (DESIGN §8).

        Items of a postmortem whose file could not be read keep their flags as they are.
        """
        resolved, postmortems = prepared.resolved, prepared.postmortems
        now = self.clock()
        policy = self.settings.policy
        today = local_today(now, policy.timezone)
        tickets = self.ledger.tickets()
        doc_items = {r.ident: r for r in resolved}
        ident_of = {r.item.key: r.ident for r in resolved}
        items_of: dict[str, list[ActionItem]] = {}
        for r in resolved:  # grouped once: a scan per postmortem was quadratic in the ledger's size
            items_of.setdefault(r.pm.id, []).append(r.item)
        pm_items = [_with_items(pm, items_of.get(pm.id, ())) for pm in postmortems]

        refused = {target: self._refused(target) for target in {t.ref.target for t in tickets.values()}}

        adoptions = adoption_baselines(self.ledger)
        self_closed = closed_by_pmsync(self.ledger)

        def history_for(row: ItemRow, repeat: tuple[str, ...] = ()) -> ItemHistory:
            ticket = tickets.get(row.ident)
            history = history_of(self.settings, row, bool(ticket and ticket.was_in_sprint))
            due_settable = ticket is None or "duedate" not in refused.get(ticket.ref.target, ())
            history = replace(history, repeat_of_open=repeat, due_settable=due_settable,
                              closed_by_pmsync=row.ident in self_closed)
            return with_adoption(history, row, adoptions.get(row.ident))

        rows = {row.ident: row for row in self.ledger.items()}
        due = self.ledger.decisions_due(today)  # the date index: time may have changed these

        def verified(key: str) -> bool:
            ident = ident_of.get(key)
            row = rows.get(ident) if ident else None
            if row is None:
                return False
            ticket = tickets.get(row.ident)
            state = ticket.state if ticket else None
            item = doc_items[row.ident].item if row.ident in doc_items else None
            return is_verified(item, state, history_for(row), policy).verified

        repeats = repeat_incidents(pm_items, verified)
        # A tracker that refused pmsync's credentials says nothing about its items: their
        # flags stay as they were, like those of an unreadable document.
        dead = {entry.split(":", 1)[0] for entry in report.fatal}
        wanted: dict[str, dict[str, str]] = {}
        decisions: dict[str, Acceptance | None] = {}  # a lead's accepted "won't do", per item
        evaluated: dict[str, tuple[Any, ...]] = {}
        nexts: dict[str, date | None] = {}  # ident -> when time alone may change its decision
        for ident, row in rows.items():
            ticket = tickets.get(ident)
            target = ticket.ref.target if ticket else row.target
            if row.postmortem_id in prepared.broken or (target and parse_target(target)[0] in dead):
                continue
            state = ticket.state if ticket else None
            item = doc_items[ident].item if ident in doc_items else None
            if item is None and not row.in_doc and state is None:
                wanted[ident] = {}  # gone from the doc and never ticketed: nothing to watch
                if ident in due:
                    nexts[ident] = None
                continue
            # evaluate() and accepted() are pure: an item whose inputs are the very rows and item
            # of last cycle is decided as last cycle until the day its decision said time may
            # change it (policy.next_decision, stored in the ledger's date index).
            repeat = repeats.get(row.key, ())
            due_settable = ticket is None or "duedate" not in refused.get(ticket.ref.target, ())
            same = (repeat, due_settable, adoptions.get(ident), ident in self_closed)
            before = self._evaluated.get(ident)
            if (
                before is not None and before[0] is row and before[1] is ticket and before[2] is item
                and before[3] == same and ident not in due
            ):
                evaluated[ident] = before  # no new object: an idle cycle leaves the collector nothing
                kinds, decision = before[4], before[5]
            else:
                history = history_for(row, repeat)
                kinds = {f.kind: f.details for f in evaluate(item, state, history, policy, today)}
                decision = accepted(item, state, history, policy)
                nexts[ident] = next_decision(item, state, history, policy, today)
                evaluated[ident] = (row, ticket, item, same, kinds, decision)
            wanted[ident] = kinds  # read only
            decisions[ident] = decision
        for pm_id in sorted(prepared.gone):  # a postmortem whose file was deleted has nothing left to flag
            wanted.setdefault(pm_id, {})
        for pm in postmortems:
            # Every postmortem read is evaluated, so its flag clears once the earlier items are verified.
            wanted.setdefault(pm.id, {})
            if pm.id in repeats:
                earlier = ", ".join(repeats[pm.id])
                wanted[pm.id] = {
                    "repeat_incident": f"relates to {earlier}, whose action items are not all verified done"
                }
        self._apply_flags(wanted, now, report, decisions, nexts)
        # Kept once its next-decision dates are stored: a memo never outlives what the index says.
        self._evaluated = evaluated

    def _apply_flags(
        self,
        wanted: Mapping[str, Mapping[str, str]],
        now: datetime,
        report: CycleReport,
        decisions: Mapping[str, Acceptance | None],
        nexts: Mapping[str, date | None],
    ) -> None:
        standing = {(f.ident, f.kind): f for f in self.ledger.standing_flags()}
        with self.ledger.transaction():
            record_acceptances(self.ledger, decisions, now)
            self.ledger.set_next_decisions(nexts)
            for ident, kinds in wanted.items():
                for kind, details in kinds.items():
                    flag = standing.pop((ident, kind), None)
                    if flag is None:
                        self.ledger.raise_flag(ident, kind, details, now)
                        self.ledger.add_event("flag_raised", now, ident, flag=kind, details=details)
                        report.flags_raised += 1
                        self.log("flag_raised", item=ident, flag=kind, details=details)
                    elif flag.details != details:
                        self.ledger.update_flag_details(flag.id, details)
            for (ident, kind), flag in standing.items():
                # An item that was not evaluated this cycle keeps its flags.
                if ident in wanted:
                    self.ledger.clear_flag(flag.id, now)
                    self.ledger.add_event("flag_cleared", now, ident, flag=kind)
                    report.flags_cleared += 1
                    self.log("flag_cleared", item=ident, flag=kind)
            if self.notifier is not None:
                # Mail is queued in the same transaction as the flag change (outbox pattern).
                self.notifier.queue_cycle(self.ledger, now, report.unread)

    # -- polling ---------------------------------------------------------------

    def _poll(self, report: CycleReport, *, full: bool, should_stop: Callable[[], bool]) -> None:
        tickets = self.ledger.tickets()
        by_ref = {(t.ref.target, t.ref.key): t for t in tickets.values()}
        by_marker = {item_hash(ident): ident for ident in tickets}
        targets = sorted({t.ref.target for t in tickets.values()} | set(self.settings.targets()))
        dead = {entry.split(":", 1)[0] for entry in report.fatal}
        for target in targets:
            if should_stop():
                report.interrupted = True
                return
            tracker = self._tracker(target)
            if tracker is None:
                continue
            if tracker.name in dead:
                report.unread.add(target)
                continue
            now = self.clock()
            if tracker.name in report.down:
                report.unpolled.append(target)
                report.unread.add(target)
                with self.ledger.transaction():
                    self.ledger.mark_unreachable(target, now)
                continue
            try:
                cursor = None if full else self.ledger.cursor(target)
                result = tracker.poll(target, cursor, now)
                states = list(result.tickets)
                if full:
                    known = [t.ref for t in tickets.values() if t.ref.target == target]
                    seen = {s.ref.key for s in states}
                    states += tracker.fetch([r for r in known if r.key not in seen])
                for state in states:
                    row = by_ref.get((target, state.ref.key))
                    if row is None and state.marker in by_marker:
                        row = tickets[by_marker[state.marker]]
                    if row is None:
                        continue  # a pmsync ticket this ledger does not track (another instance)
                    self._observe(row, state, tracker, report)
                with self.ledger.transaction():
                    self.ledger.set_cursor(target, result.cursor, now)
                    self.ledger.mark_reachable(target)
                if self.notifier is not None:
                    self.notifier.clear_ops(self.ledger, f"down:{target}")
            except AuthError as exc:
                report.fatal.append(f"{tracker.name}: {exc}")
                report.unread.add(target)
                dead.add(tracker.name)
            except TrackerError as exc:
                report.unread.add(target)
                report.errors.append(ItemError(f"poll {target}", target, str(exc)))
                if exc.down:
                    report.down[tracker.name] = exc.message
                    report.unpolled.append(target)
                else:
                    self.log("poll_failed", target=target, error=str(exc))
                if exc.retryable:
                    with self.ledger.transaction():
                        self.ledger.mark_unreachable(target, now)

    def _observe(
        self, row: TicketRow, state: TicketState, tracker: Tracker, report: CycleReport
    ) -> None:
        report.polled += 1
        before = row.state
        listed = not state.history and not state.comments
        if listed:
            state = _with_evidence(before, state)
        diff = _diff(before, state)
        tracked = set(diff) & set(_HISTORY_FIELDS)
        if before is not None and before.status is None and state.category != Category.DONE:
            # The first poll after a create only learns the workflow's initial status.
            tracked -= {"status", "category"}
        # Verification arrives after the close (a comment, a label): a closed ticket that was
        # touched again is read in full, as is one whose tracked fields changed.
        fetch = (
            listed
            and state.exists
            and (
                bool(tracked)
                or (
                    state.category == Category.DONE
                    and before is not None
                    and before.updated_at != state.updated_at
                )
            )
        )
        # New comments are evidence too (verification, a lead's accepted "won't do").
        same_comments = before is not None and before.comments == state.comments
        if not diff and not fetch and before is not None and before.ref == state.ref and same_comments:
            return
        if fetch:
            state = tracker.get(state.ref, history=True)
            diff = _diff(before, state)
        now = self.clock()
        with self.ledger.transaction():
            self.ledger.set_ticket_state(row.ident, state, now)
            if diff:
                report.changed += 1
                self.ledger.add_event("polled", now, row.ident, ticket=state.ref.key, changes=diff)


def _with_evidence(before: TicketState | None, listed: TicketState) -> TicketState:
    """A search/list answer carries no changelog or comments (and Jira derives the closer from
    the changelog): keep what the last full read found, or the next poll would erase it."""
    if before is None or not listed.exists:
        return listed
    closed_by = listed.closed_by
    if closed_by is None and listed.category == Category.DONE:
        closed_by = before.closed_by
    return replace(listed, history=before.history, comments=before.comments, closed_by=closed_by)


def _with_items(pm: Postmortem, items: Iterable[ActionItem]) -> Postmortem:
    items = tuple(items)
    # The same object when nothing was left out: memos compare postmortems, identity first.
    return pm if items == pm.items else replace(pm, items=items)


def _refs_of(doc_ref: str | None, ticket: TicketRow | None) -> tuple[str, ...]:
    refs = [doc_ref] if doc_ref else []
    if ticket is not None:
        refs.append(ticket.ref.key)
        if ticket.ref.url:
            refs.append(ticket.ref.url)
    return tuple(refs)


_COMPARED = (
    "exists", "status", "category", "resolution", "priority", "assignee", "due", "labels",
    "sprints", "closed_by", "summary", "blocked_by_open",
)


def _diff(before: TicketState | None, after: TicketState) -> dict[str, list[Any]]:
    if before is None:
        return {}
    changes: dict[str, list[Any]] = {}
    for name in _COMPARED:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)
