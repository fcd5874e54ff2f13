"""The ledger: pmsync's SQLite status database (DESIGN §10).

WAL mode, one transaction per unit of work, schema versioned with
`PRAGMA user_version`, file mode 0600, and a single writer enforced by an
advisory lock next to the database.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, overload

from syncer.logs import redact, redact_value
from syncer.model import ActionItem, Category, Change, Postmortem, TicketRef, TicketState
from syncer.private_dirs import private_directory
from syncer.row_cache import RowCache, batches

MIGRATIONS: tuple[str, ...] = (
    # 1: the initial schema
    """
    CREATE TABLE postmortems (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        title TEXT NOT NULL,
        date TEXT,
        review_date TEXT,
        severity TEXT,
        team TEXT,
        related TEXT NOT NULL DEFAULT '[]',
        status TEXT,
        doc_url TEXT,
        in_docs INTEGER NOT NULL DEFAULT 1,
        seen_at TEXT NOT NULL
    );
    CREATE TABLE items (
        ident TEXT PRIMARY KEY,          -- fixed when first seen; the ticket marker derives from it
        key TEXT NOT NULL,               -- where the item is now (<postmortem>/<item id>)
        postmortem_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        explicit_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        owner TEXT,
        due TEXT,
        due_text TEXT,
        committed_due TEXT,
        priority TEXT,
        committed_priority TEXT,
        verify TEXT,
        type TEXT,
        ref TEXT,
        done INTEGER NOT NULL DEFAULT 0,
        line INTEGER NOT NULL DEFAULT 0,
        team TEXT,
        target TEXT,
        in_doc INTEGER NOT NULL DEFAULT 1,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        last_error TEXT
    );
    CREATE INDEX items_postmortem ON items(postmortem_id);
    CREATE TABLE tickets (
        ident TEXT PRIMARY KEY REFERENCES items(ident),
        tracker TEXT NOT NULL,
        target TEXT NOT NULL,
        ticket_key TEXT NOT NULL,
        url TEXT,
        pushed TEXT NOT NULL DEFAULT '{}',
        state TEXT,
        adopted INTEGER NOT NULL DEFAULT 0,
        was_in_sprint INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        polled_at TEXT
    );
    CREATE UNIQUE INDEX tickets_ref ON tickets(target, ticket_key);
    CREATE TABLE intents (
        ident TEXT PRIMARY KEY,
        target TEXT NOT NULL,
        started_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE flags (
        id INTEGER PRIMARY KEY,
        ident TEXT NOT NULL,
        kind TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '',
        raised_at TEXT NOT NULL,
        cleared_at TEXT,
        notified_at TEXT
    );
    CREATE UNIQUE INDEX flags_standing ON flags(ident, kind) WHERE cleared_at IS NULL;
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        ident TEXT,
        details TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX events_ident ON events(ident);
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL UNIQUE,
        recipients TEXT NOT NULL,
        subject TEXT NOT NULL,
        body_text TEXT NOT NULL,
        body_html TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        sent_at TEXT,
        last_error TEXT,
        rejected TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE cursors (
        target TEXT PRIMARY KEY,
        cursor TEXT,
        polled_at TEXT
    );
    CREATE TABLE kv (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        ok INTEGER,
        summary TEXT NOT NULL DEFAULT '{}'
    );
    """,
    # 2: chat deliveries (Slack, Microsoft Teams) share the outbox with mail
    """
    ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
    ALTER TABLE outbox ADD COLUMN payload TEXT NOT NULL DEFAULT '';
    """,
    # 3: follow-through: SLO deadlines, when items were verified, weekly snapshots
    """
    ALTER TABLE postmortems ADD COLUMN services TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE items ADD COLUMN slo_due TEXT;
    CREATE TABLE outcomes (
        ident TEXT PRIMARY KEY,
        verified_at TEXT,                -- when it was verified done (the close, else when seen)
        on_time INTEGER,                 -- verified on or before its deadline
        not_doing_at TEXT                -- when it was closed as not doing
    );
    CREATE TABLE snapshots (
        week_end TEXT PRIMARY KEY,       -- the Sunday ending the ISO week, policy time zone
        taken_at TEXT NOT NULL,
        final INTEGER NOT NULL,          -- taken after the week ended
        backfilled INTEGER NOT NULL,     -- computed from history after the fact
        numbers TEXT NOT NULL
    );
    """,
    # 4: indexes for what every cycle reads of the tables that only grow (flags, events, outbox)
    """
    CREATE INDEX IF NOT EXISTS flags_open ON flags(id) WHERE cleared_at IS NULL;
    CREATE INDEX IF NOT EXISTS events_kind ON events(kind, id);
    CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox(id) WHERE sent_at IS NULL;
    """,
    # 5: the day each item's flags are next to be decided again by time alone: '' (every row
    # this migration finds, every new row) = not decided yet, so due at once; NULL = only a
    # change to the item or its ticket can change them
    """
    ALTER TABLE items ADD COLUMN next_decision TEXT DEFAULT '';
    CREATE INDEX IF NOT EXISTS items_next_decision ON items(next_decision);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

class LedgerLocked(RuntimeError):
    """Another pmsync process holds the ledger for writing."""


class LedgerError(RuntimeError):
    """The ledger file cannot be used (unreadable, newer schema, corrupt)."""


# The exit status of a storage fault (sysexits EX_IOERR): the unit does not restart on it,
# since a full disk or a read-only ledger will be the same ten seconds later.
EXIT_STORAGE = 74

# SQLite's words for a write the storage refused (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR,
# SQLITE_CANTOPEN), and the OS errors that mean the same.
_STORAGE_WORDS = ("disk is full", "readonly database", "read-only", "disk i/o error", "unable to open")
_STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EFBIG}


class LedgerUnwritable(LedgerError):
    """The ledger's storage refuses writes (disk full, read-only, I/O error): nothing is lost
    (the transaction in hand rolls back), but pmsync cannot go on until ops fix the storage."""

    def __init__(self, path: Path, cause: str) -> None:
        super().__init__(
            f"cannot write the ledger {path}: {cause}; the ledger is intact (the unit of work in "
            "hand was rolled back). Free space or make the file and its directory writable, then "
            "start pmsync again"
        )
        self.path = path


def storage_cause(exc: BaseException) -> str | None:
    """What a storage fault says, or None when `exc` is not one."""
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc)
        return text if any(w in text.lower() for w in _STORAGE_WORDS) else None
    if isinstance(exc, OSError) and exc.errno in _STORAGE_ERRNOS:
        return f"{exc.strerror or exc} ({errno.errorcode.get(exc.errno or 0, exc.errno)})"
    return None


class _LedgerConnection(sqlite3.Connection):
    """Every statement's storage fault becomes LedgerUnwritable naming the file."""

    ledger_path: Path = Path("?")

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:  # type: ignore[override]
        return self._storage(super().execute, *args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:  # type: ignore[override]
        return self._storage(super().executemany, *args, **kwargs)

    def _storage(self, call: Callable[..., sqlite3.Cursor], *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        try:
            return call(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            cause = storage_cause(exc)
            if cause is None:
                raise
            raise LedgerUnwritable(self.ledger_path, cause) from exc


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> date | None:
    return _day(value) if value else None


@functools.lru_cache(maxsize=4096)
def _day(value: str) -> date:
    """Deadlines repeat across thousands of rows: one date object each."""
    return date.fromisoformat(value)


@overload
def _shared(value: str) -> str: ...
@overload
def _shared(value: None) -> None: ...
def _shared(value: str | None) -> str | None:
    """Short values that repeat across rows (statuses, priorities, targets, people, labels)
    share one string object instead of one per row."""
    return sys.intern(value) if value is not None and len(value) <= _SHARED_LENGTH else value


_SHARED_LENGTH = 64


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def state_to_json(state: TicketState) -> str:
    return json.dumps(
        {
            "ref": [state.ref.tracker, state.ref.target, state.ref.key, state.ref.url],
            "exists": state.exists,
            "marker": state.marker,
            "item_key": state.item_key,
            "summary": state.summary,
            "status": state.status,
            "category": state.category.value,
            "resolution": state.resolution,
            "priority": state.priority,
            "raw_priority": state.raw_priority,
            "assignee": state.assignee,
            "due": _iso(state.due),
            "labels": list(state.labels),
            "sprints": list(state.sprints),
            "updated_at": _iso(state.updated_at),
            "closed_at": _iso(state.closed_at),
            "closed_by": state.closed_by,
            "history": [
                [c.field, _iso(c.at), c.actor, c.from_value, c.to_value] for c in state.history
            ],
            "comments": [list(c) for c in state.comments],
            "blocked_by_open": state.blocked_by_open,
        },
        sort_keys=True,
    )


def state_from_json(text: str) -> TicketState:
    d = json.loads(text)
    tracker, target, key, url = d["ref"]
    return TicketState(
        ref=TicketRef(_shared(tracker), _shared(target), key, url),
        exists=d["exists"],
        marker=d.get("marker"),
        item_key=d.get("item_key"),
        summary=d.get("summary"),
        status=_shared(d.get("status")),
        category=Category(d.get("category", "todo")),
        resolution=_shared(d.get("resolution")),
        priority=_shared(d.get("priority")),
        raw_priority=_shared(d.get("raw_priority")),
        assignee=_shared(d.get("assignee")),
        due=_date(d.get("due")),
        labels=tuple(map(_shared, d.get("labels", ()))),
        sprints=tuple(map(_shared, d.get("sprints", ()))),
        updated_at=_dt(d.get("updated_at")),
        closed_at=_dt(d.get("closed_at")),
        closed_by=_shared(d.get("closed_by")),
        history=tuple(
            Change(_shared(f), _dt(at), _shared(actor), _shared(fv), _shared(tv))
            for f, at, actor, fv, tv in d.get("history", ())
        ),
        comments=tuple((_shared(a), b) for a, b in d.get("comments", ())),
        blocked_by_open=d.get("blocked_by_open", False),
    )


@dataclass(frozen=True, slots=True)
class ItemRow:
    ident: str
    key: str
    postmortem_id: str
    item_id: str
    explicit_id: bool
    text: str
    owner: str | None
    due: date | None
    committed_due: date | None
    priority: str | None
    committed_priority: str | None
    verify: str | None
    ref: str | None
    done: bool
    team: str | None
    target: str | None
    in_doc: bool
    first_seen: datetime
    last_error: str | None
    slo_due: date | None = None  # the deadline objective (SLO) for the item's priority/severity
    due_text: str | None = None  # the deadline as written
    type: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class TicketRow:
    """A ticket as the ledger links it; what pmsync last pushed to it is read apart (`pushed`)."""

    ident: str
    ref: TicketRef
    state: TicketState | None
    adopted: bool
    was_in_sprint: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class IntentRow:
    ident: str
    target: str
    started_at: datetime
    attempts: int


@dataclass(frozen=True, slots=True)
class FlagRow:
    id: int
    ident: str
    kind: str
    details: str
    raised_at: datetime
    cleared_at: datetime | None
    notified_at: datetime | None


def _connect(path: Path, *, write: bool) -> sqlite3.Connection:
    if str(path) != ":memory:" and (write or not path.exists()):
        private_directory(path.parent)
        # Create the file 0600 before SQLite does, so the ledger is never world-readable.
        # (A reader of an existing ledger leaves the file as the writer made it.)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    old_umask = os.umask(0o077)  # the -wal and -shm files inherit 0600 too
    try:
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, factory=_LedgerConnection)
        conn.ledger_path = path
        if write or conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
    finally:
        os.umask(old_umask)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


# The descriptors holding a ledger's lock in this process. A forked child (a parse worker)
# closes its copies at once: a flock belongs to the open file, so a child that outlived a
# killed pmsync would otherwise keep the ledger locked against the next one.
_HELD_LOCKS: set[int] = set()


def _unlock(fd: int) -> None:
    if fd in _HELD_LOCKS:  # not when a forked child already closed its copy
        _HELD_LOCKS.discard(fd)
        os.close(fd)


def _close_locks_in_child() -> None:
    for fd in _HELD_LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_close_locks_in_child)


class Ledger:
    """Access to the ledger. Open with `Ledger.open(path, write=True)` for the single writer."""

    def __init__(self, conn: sqlite3.Connection, path: Path, lock_fd: int | None) -> None:
        self.conn = conn
        self.path = path
        self._lock_fd = lock_fd
        # Every item and ticket decoded once, while unchanged: a cycle's repeated looks at every
        # row cost neither a SELECT nor JSON. Each write below names the row it changes.
        self._items = RowCache(
            "items", _ITEM_COLUMNS, _item_row, order_by="postmortem_id, key",
            place=lambda row: (row.postmortem_id, row.key),
        )
        self._tickets: RowCache[TicketRow] = RowCache("tickets", _TICKET_COLUMNS, _ticket_row)
        self._postmortems: RowCache[sqlite3.Row] = RowCache(
            "postmortems", "*", lambda row: row, key="id", order_by="id", place=lambda row: (row["id"],)
        )
        self._data_version: int | None = None

    @classmethod
    def open(cls, path: Path | str, *, write: bool = True) -> Ledger:
        path = Path(path)
        try:
            lock_fd = cls._lock(path) if write else None
        except OSError as exc:
            cause = storage_cause(exc)
            if cause is None:
                raise
            raise LedgerUnwritable(path, cause) from None
        try:
            conn = _connect(path, write=write)
            ledger = cls(conn, path, lock_fd)
            ledger._migrate()
        except LedgerUnwritable:
            if lock_fd is not None:
                _unlock(lock_fd)
            raise
        except sqlite3.DatabaseError as exc:
            if lock_fd is not None:
                _unlock(lock_fd)
            if cause := storage_cause(exc):
                raise LedgerUnwritable(path, cause) from exc
            raise LedgerError(f"{path}: cannot use the ledger: {exc}") from exc
        except OSError as exc:
            if lock_fd is not None:
                _unlock(lock_fd)
            if cause := storage_cause(exc):
                raise LedgerUnwritable(path, cause) from None
            raise
        except BaseException:
            if lock_fd is not None:
                _unlock(lock_fd)
            raise
        return ledger

    @staticmethod
    def _lock(path: Path) -> int:
        """One writer per ledger *file*: the lock is taken on the database file itself (its
        inode), so two configurations naming it through a symlink, a hard link or a relative
        path still exclude each other. The `.lock` file beside the resolved path keeps the pid
        for the message (and excludes a writer that locks only by name)."""
        private_directory(path.parent)
        real = path.resolve()
        database = os.open(real, os.O_RDWR | os.O_CREAT, 0o600)
        named = os.open(real.with_name(real.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            for fd in (named, database):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(named, 64).decode(errors="replace").strip() or "another process"
            os.close(named)
            os.close(database)
            same = "" if real == path.absolute() else f" (the file {real})"
            raise LedgerLocked(
                f"the ledger {path}{same} is in use by pmsync (pid {holder}); "
                "only one `pmsync run` or `pmsync sync` may write it at a time"
            ) from None
        os.ftruncate(named, 0)
        os.write(named, str(os.getpid()).encode())
        os.close(named)  # the pid stays readable; the database file's lock is the one held
        _HELD_LOCKS.add(database)
        return database

    def close(self) -> None:
        self.conn.close()
        if self._lock_fd is not None:
            _unlock(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LedgerError(
                f"{self.path}: ledger schema {version} is newer than this pmsync ({SCHEMA_VERSION}); "
                "upgrade pmsync"
            )
        for number in range(version, SCHEMA_VERSION):
            # One script per migration, schema and version bump in one transaction.
            try:
                self.conn.executescript(
                    f"BEGIN IMMEDIATE;{MIGRATIONS[number]};PRAGMA user_version = {number + 1};COMMIT;"
                )
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One unit of work: everything inside commits together or not at all."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")  # a failed commit is rolled back too: the next unit starts clean
        except BaseException:
            self._forget()  # rows read inside the transaction may be rolled back
            if self.conn.in_transaction:  # SQLite rolls back by itself on a full disk or I/O error
                self.conn.execute("ROLLBACK")
            raise

    # -- postmortems and items -------------------------------------------------

    def upsert_postmortem(self, pm: Postmortem, now: datetime) -> None:
        """Record what the document says; a row that already says it is not written again
        (`seen_at` is when the ledger last learned something new about the postmortem)."""
        values = (
            pm.path, pm.title, _iso(pm.date), _iso(pm.review_date), pm.severity, pm.team,
            json.dumps(list(pm.related)), pm.status, pm.doc_url, json.dumps(list(pm.services)),
        )
        known = self._postmortems.cached(pm.id)
        if known is not None and known["in_docs"] and tuple(known[c] for c in _PM_WRITTEN) == values:
            return
        self._postmortems.touch(pm.id)
        self.conn.execute(
            """INSERT INTO postmortems(path, title, date, review_date, severity, team, related,
                   status, doc_url, services, id, in_docs, seen_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?)
               ON CONFLICT(id) DO UPDATE SET path=excluded.path, title=excluded.title,
                   date=excluded.date, review_date=excluded.review_date, severity=excluded.severity,
                   team=excluded.team, related=excluded.related, status=excluded.status,
                   doc_url=excluded.doc_url, in_docs=1, seen_at=excluded.seen_at,
                   services=excluded.services""",
            (*values, pm.id, _iso(now)),
        )

    def postmortems(self) -> list[sqlite3.Row]:
        return list(self._current(self._postmortems).values())

    def items(self, postmortem_id: str | None = None) -> list[ItemRow]:
        rows = self._current(self._items).values()
        if postmortem_id is None:
            return list(rows)
        return [row for row in rows if row.postmortem_id == postmortem_id]

    def _current(self, cache: RowCache[Any]) -> dict[str, Any]:
        """The cache's rows, after dropping everything when another connection committed."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._forget()
            self._data_version = version
        return cache.rows(self.conn)

    def _forget(self) -> None:
        for cache in (self._items, self._tickets, self._postmortems):
            cache.drop()

    def upsert_item(
        self,
        ident: str,
        item: ActionItem,
        *,
        committed_due: date | None,
        committed_priority: str | None,
        team: str | None,
        target: str | None,
        now: datetime,
        slo_due: date | None = None,
    ) -> None:
        """Record what the document says of an item; a row that already says it is not written
        again (`last_seen` is when the ledger last learned something new about the item)."""
        values = (
            item.key, item.item_id, item.explicit_id, item.text, item.owner, item.due, item.due_text,
            committed_due, item.priority, committed_priority, item.verify, item.type, item.ref,
            item.done, item.line, team, target, slo_due,
        )
        known = self._items.cached(ident)
        if known is not None and known.in_doc and _written(known) == values:
            return
        self._items.touch(ident)
        self.conn.execute(
            """INSERT INTO items(ident, key, postmortem_id, item_id, explicit_id, text, owner, due,
                   due_text, committed_due, priority, committed_priority, verify, type, ref, done,
                   line, team, target, in_doc, first_seen, last_seen, slo_due)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?)
               ON CONFLICT(ident) DO UPDATE SET key=excluded.key, item_id=excluded.item_id,
                   explicit_id=excluded.explicit_id, text=excluded.text, owner=excluded.owner,
                   due=excluded.due, due_text=excluded.due_text,
                   committed_due=excluded.committed_due, priority=excluded.priority,
                   committed_priority=excluded.committed_priority, verify=excluded.verify,
                   type=excluded.type, ref=excluded.ref, done=excluded.done, line=excluded.line,
                   team=excluded.team, target=excluded.target, in_doc=1,
                   last_seen=excluded.last_seen, slo_due=excluded.slo_due""",
            (
                ident, item.key, item.postmortem_id, item.item_id, int(item.explicit_id),
                item.text, item.owner, _iso(item.due), item.due_text, _iso(committed_due),
                item.priority, committed_priority, item.verify, item.type, item.ref,
                int(item.done), item.line, team, target, _iso(now), _iso(now), _iso(slo_due),
            ),
        )

    def mark_removed(self, ident: str) -> None:
        self._items.touch(ident)
        self.conn.execute("UPDATE items SET in_doc = 0 WHERE ident = ?", (ident,))

    def set_item_error(self, ident: str, error: str | None) -> None:
        # error texts quote trackers and proxies, which may echo a credential back
        error = redact(error) if error else error
        self._items.touch(ident)
        self.conn.execute("UPDATE items SET last_error = ? WHERE ident = ?", (error, ident))

    def decisions_due(self, today: date) -> set[str]:
        """Items whose flags are to be decided again by `today`: a range of the date index
        (NULL, never by time alone, is outside every range)."""
        rows = self.conn.execute("SELECT ident FROM items WHERE next_decision <= ?", (today.isoformat(),))
        return {r[0] for r in rows}

    def set_next_decisions(self, found: Mapping[str, date | None]) -> None:
        """Store when each item's flags are next to be decided (`policy.next_decision`). Not a
        column of ItemRow: a decision changes no row the cycle's memos are keyed on."""
        self.conn.executemany(
            "UPDATE items SET next_decision = ? WHERE ident = ? AND next_decision IS NOT ?",
            [(_iso(day), ident, _iso(day)) for ident, day in found.items()],
        )

    # -- tickets and intents ---------------------------------------------------

    def tickets(self) -> dict[str, TicketRow]:
        return dict(self._current(self._tickets))

    def ticket(self, ident: str) -> TicketRow | None:
        row = self.conn.execute(f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE ident = ?", (ident,)).fetchone()
        return _ticket_row(row) if row else None

    def pushed(self, idents: Sequence[str]) -> dict[str, dict[str, Any]]:
        """ident -> the document's fields as pmsync last pushed them to its ticket. Read only for
        the items being planned: held for every ticket, the descriptions would fill memory."""
        found: dict[str, dict[str, Any]] = {}
        for batch in batches(idents):
            marks = ",".join("?" * len(batch))
            query = f"SELECT ident, pushed FROM tickets WHERE ident IN ({marks})"
            found.update((r["ident"], json.loads(r["pushed"])) for r in self.conn.execute(query, batch))
        return found

    def record_ticket(
        self,
        ident: str,
        state: TicketState,
        *,
        pushed: dict[str, Any],
        now: datetime,
        adopted: bool = False,
    ) -> None:
        """Record a created/adopted ticket and close the item's intent, in one go.

        An item's link to another ticket is never replaced: two writers (or a stale one) that
        each created a ticket leave the first link standing and the second is refused.
        """
        known = self.ticket(ident)
        if known is not None and (known.ref.target, known.ref.key) != (state.ref.target, state.ref.key):
            raise sqlite3.IntegrityError(
                f"item {ident} is linked to {known.ref.target} {known.ref.key}; "
                f"not replaced by {state.ref.target} {state.ref.key}"
            )
        self._tickets.touch(ident)
        self.conn.execute(
            """INSERT INTO tickets(ident, tracker, target, ticket_key, url, pushed, state, adopted,
                   was_in_sprint, created_at, polled_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(ident) DO UPDATE SET tracker=excluded.tracker, target=excluded.target,
                   ticket_key=excluded.ticket_key, url=excluded.url, pushed=excluded.pushed,
                   state=excluded.state""",
            (
                ident, state.ref.tracker, state.ref.target, state.ref.key, state.ref.url,
                json.dumps(pushed, sort_keys=True), state_to_json(state), int(adopted),
                int(bool(state.sprints)), _iso(now), _iso(now),
            ),
        )
        self.conn.execute("DELETE FROM intents WHERE ident = ?", (ident,))

    def set_pushed(self, ident: str, pushed: dict[str, Any]) -> None:
        self._tickets.touch(ident)
        self.conn.execute(
            "UPDATE tickets SET pushed = ? WHERE ident = ?", (json.dumps(pushed, sort_keys=True), ident)
        )

    def set_ticket_state(self, ident: str, state: TicketState, now: datetime) -> None:
        """Store the latest polled state; a moved ticket is recorded under its new ref."""
        self._tickets.touch(ident)
        self.conn.execute(
            """UPDATE tickets SET tracker=?, target=?, ticket_key=?, url=COALESCE(?, url), state=?,
                   polled_at=?, was_in_sprint = MAX(was_in_sprint, ?)
               WHERE ident = ?""",
            (
                state.ref.tracker, state.ref.target, state.ref.key, state.ref.url,
                state_to_json(state), _iso(now), int(bool(state.sprints)), ident,
            ),
        )

    def begin_intent(self, ident: str, target: str, now: datetime) -> None:
        self.conn.execute(
            """INSERT INTO intents(ident, target, started_at) VALUES (?,?,?)
               ON CONFLICT(ident) DO UPDATE SET attempts = attempts + 1,
                   started_at = excluded.started_at""",  # where the first create went stays
            (ident, target, _iso(now)),
        )

    def drop_intent(self, ident: str) -> None:
        self.conn.execute("DELETE FROM intents WHERE ident = ?", (ident,))

    def intents(self) -> dict[str, IntentRow]:
        rows = self.conn.execute("SELECT * FROM intents").fetchall()
        return {
            r["ident"]: IntentRow(r["ident"], r["target"], _dt(r["started_at"]), r["attempts"])
            for r in rows
        }

    # -- cursors, key-value ----------------------------------------------------

    def cursor(self, target: str) -> str | None:
        row = self.conn.execute("SELECT cursor FROM cursors WHERE target = ?", (target,)).fetchone()
        return row["cursor"] if row else None

    def set_cursor(self, target: str, cursor: str | None, now: datetime) -> None:
        self.conn.execute(
            """INSERT INTO cursors(target, cursor, polled_at) VALUES (?,?,?)
               ON CONFLICT(target) DO UPDATE SET cursor=excluded.cursor, polled_at=excluded.polled_at""",
            (target, cursor, _iso(now)),
        )

    def get(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO kv(key, value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    def with_prefix(self, prefix: str) -> dict[str, str]:
        """The key-value entries whose key starts with `prefix`, keyed by the rest of the key, in
        key order: a range over the primary key, not a LIKE scan of every entry."""
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self.conn.execute("SELECT key, value FROM kv WHERE key >= ? AND key < ? ORDER BY key", (prefix, end))
        return {r["key"][len(prefix):]: r["value"] for r in rows}

    def mark_unreachable(self, target: str, now: datetime) -> None:
        """Remember since when a target has been unreachable (kept across restarts)."""
        self.conn.execute(
            "INSERT OR IGNORE INTO kv(key, value) VALUES (?, ?)", (f"down_since:{target}", _iso(now))
        )

    def mark_reachable(self, target: str) -> None:
        self.conn.execute("DELETE FROM kv WHERE key = ?", (f"down_since:{target}",))

    def down_since(self) -> dict[str, datetime]:
        return {target: datetime.fromisoformat(value) for target, value in self.with_prefix("down_since:").items()}

    # -- events and flags ------------------------------------------------------

    def add_event(self, kind: str, now: datetime, ident: str | None = None, **details: Any) -> None:
        self.conn.execute(
            "INSERT INTO events(at, kind, ident, details) VALUES (?,?,?,?)",
            (_iso(now), kind, ident, json.dumps(redact_value(details), sort_keys=True, default=str)),
        )

    def events(self, ident: str | None = None, kind: str | None = None) -> list[sqlite3.Row]:
        query, args = "SELECT * FROM events WHERE 1=1", []
        if ident is not None:
            query += " AND ident = ?"
            args.append(ident)
        if kind is not None:
            query += " AND kind = ?"
            args.append(kind)
        return self.conn.execute(query + " ORDER BY id", args).fetchall()

    def standing_flags(self, ident: str | None = None) -> list[FlagRow]:
        query = "SELECT * FROM flags WHERE cleared_at IS NULL"
        args: Sequence[Any] = ()
        if ident is not None:
            query += " AND ident = ?"
            args = (ident,)
        return [_flag_row(r) for r in self.conn.execute(query + " ORDER BY id", args)]

    def flags(self, ids: Collection[int] | None = None) -> list[FlagRow]:
        """Every flag ever raised, or those with the given ids, in id order."""
        if ids is None:
            return [_flag_row(r) for r in self.conn.execute("SELECT * FROM flags ORDER BY id")]
        found = []
        for batch in batches(sorted(ids)):
            query = f"SELECT * FROM flags WHERE id IN ({','.join('?' * len(batch))}) ORDER BY id"
            found += [_flag_row(r) for r in self.conn.execute(query, batch)]
        return found

    def raise_flag(self, ident: str, kind: str, details: str, now: datetime) -> int:
        cur = self.conn.execute(
            "INSERT INTO flags(ident, kind, details, raised_at) VALUES (?,?,?,?)",
            (ident, kind, details, _iso(now)),
        )
        return int(cur.lastrowid or 0)

    def update_flag_details(self, flag_id: int, details: str) -> None:
        self.conn.execute("UPDATE flags SET details = ? WHERE id = ?", (details, flag_id))

    def clear_flag(self, flag_id: int, now: datetime) -> None:
        self.conn.execute("UPDATE flags SET cleared_at = ? WHERE id = ?", (_iso(now), flag_id))

    def mark_flags_notified(self, flag_ids: Sequence[int], now: datetime) -> None:
        self.conn.executemany(
            "UPDATE flags SET notified_at = ? WHERE id = ?", [(_iso(now), i) for i in flag_ids]
        )

    # -- runs ----------------------------------------------------------------------

    def start_run(self, now: datetime) -> int:
        with self.transaction():
            cur = self.conn.execute("INSERT INTO runs(started_at) VALUES (?)", (_iso(now),))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, now: datetime, ok: bool, summary: dict[str, Any]) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE runs SET finished_at = ?, ok = ?, summary = ? WHERE id = ?",
                (_iso(now), int(ok), json.dumps(redact_value(summary), sort_keys=True, default=str), run_id),
            )

    def last_runs(self, limit: int = 10) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,)).fetchall()


_ITEM_COLUMNS = ", ".join(f.name for f in fields(ItemRow))  # what an ItemRow holds, no more


def _item_row(r: sqlite3.Row) -> ItemRow:
    return ItemRow(
        ident=r["ident"],
        key=r["key"],
        postmortem_id=_shared(r["postmortem_id"]),
        item_id=_shared(r["item_id"]),
        explicit_id=bool(r["explicit_id"]),
        text=r["text"],
        owner=_shared(r["owner"]),
        due=_date(r["due"]),
        committed_due=_date(r["committed_due"]),
        priority=_shared(r["priority"]),
        committed_priority=_shared(r["committed_priority"]),
        verify=r["verify"],
        ref=r["ref"],
        done=bool(r["done"]),
        team=_shared(r["team"]),
        target=_shared(r["target"]),
        in_doc=bool(r["in_doc"]),
        first_seen=datetime.fromisoformat(r["first_seen"]),
        last_error=r["last_error"],
        slo_due=_date(r["slo_due"]),
        due_text=_shared(r["due_text"]),
        type=_shared(r["type"]),
        line=r["line"],
    )


def _written(row: ItemRow) -> tuple[Any, ...]:
    """The values upsert_item writes, as an ItemRow holds them (in its order)."""
    return (
        row.key, row.item_id, row.explicit_id, row.text, row.owner, row.due, row.due_text,
        row.committed_due, row.priority, row.committed_priority, row.verify, row.type, row.ref,
        row.done, row.line, row.team, row.target, row.slo_due,
    )


# The postmortem columns upsert_postmortem writes, in its order.
_PM_WRITTEN = ("path", "title", "date", "review_date", "severity", "team", "related", "status", "doc_url", "services")


_TICKET_COLUMNS = "ident, tracker, target, ticket_key, url, state, adopted, was_in_sprint, created_at"


def _ticket_row(r: sqlite3.Row) -> TicketRow:
    return TicketRow(
        ident=r["ident"],
        ref=TicketRef(_shared(r["tracker"]), _shared(r["target"]), r["ticket_key"], r["url"]),
        state=state_from_json(r["state"]) if r["state"] else None,
        adopted=bool(r["adopted"]),
        was_in_sprint=bool(r["was_in_sprint"]),
        created_at=datetime.fromisoformat(r["created_at"]),
    )


def _flag_row(r: sqlite3.Row) -> FlagRow:
    return FlagRow(
        id=r["id"],
        ident=r["ident"],
        kind=r["kind"],
        details=r["details"],
        raised_at=datetime.fromisoformat(r["raised_at"]),
        cleared_at=_dt(r["cleared_at"]),
        notified_at=_dt(r["notified_at"]),
    )
