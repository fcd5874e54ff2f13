"""The ledger's item and ticket rows, decoded once and kept while the file holds them unchanged.

A cycle looks at every item and ticket several times (matching, planning, polling, flags,
views, follow-through). pmsync is the ledger's only writer (its advisory lock), and each of
its writes to an item or ticket names the row it changes: that row is read again on the next
look and every other row is served as decoded before. A commit by another connection
(`PRAGMA data_version`) or a rolled-back transaction drops the whole cache, so what it serves
is always what the file says.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

Row = TypeVar("Row")
T = TypeVar("T")

# SQLite's default limit on host parameters in one statement is 999 (before 3.32).
_BATCH = 500


class RowCache(Generic[Row]):
    """Every row of one table keyed by its column `key`, decoded by `decode`; with `order_by`
    (SQL columns) and `place` (the same order as a sort key of a decoded row), in that order."""

    def __init__(
        self,
        table: str,
        columns: str,
        decode: Callable[[sqlite3.Row], Row],
        *,
        key: str = "ident",
        order_by: str = "",
        place: Callable[[Row], tuple[Any, ...]] = lambda row: (),
    ) -> None:
        self._select = f"SELECT {columns} FROM {table}"
        self._decode = decode
        self._key = key
        self._order_by = order_by
        self._place = place
        self._rows: dict[str, Row] | None = None
        self._stale: set[str] = set()
        self._sorted = True

    def cached(self, ident: str) -> Row | None:
        """The row as last read, when it is known not to have been written since."""
        if self._rows is None or ident in self._stale:
            return None
        return self._rows.get(ident)

    def touch(self, ident: str) -> None:
        """This row is being written: read it again on the next look."""
        if self._rows is not None:
            self._stale.add(ident)

    def drop(self) -> None:
        self._rows = None
        self._stale.clear()

    def rows(self, conn: sqlite3.Connection) -> dict[str, Row]:
        """ident -> decoded row, as the file holds them now (the caller must not change it)."""
        if self._rows is None:
            order = f" ORDER BY {self._order_by}" if self._order_by else ""
            self._rows = {r[self._key]: self._decode(r) for r in conn.execute(self._select + order)}
            self._stale.clear()
            self._sorted = True
            return self._rows
        if self._stale:
            stale, self._stale = sorted(self._stale), set()
            try:
                for batch in batches(stale):
                    self._refresh(conn, batch)
            except BaseException:
                self.drop()
                raise
        if not self._sorted:
            self._rows = dict(sorted(self._rows.items(), key=lambda kv: self._place(kv[1])))
            self._sorted = True
        return self._rows

    def _refresh(self, conn: sqlite3.Connection, idents: Sequence[str]) -> None:
        assert self._rows is not None
        marks = ",".join("?" * len(idents))
        query = f"{self._select} WHERE {self._key} IN ({marks})"
        found = {r[self._key]: self._decode(r) for r in conn.execute(query, idents)}
        for ident in idents:
            new = found.get(ident)
            old = self._rows.get(ident)
            if new is None:
                self._rows.pop(ident, None)
            elif old != new:  # an unchanged row keeps its object: memos keyed on it stay valid
                self._rows[ident] = new
                if old is None or self._place(old) != self._place(new):
                    self._sorted = not self._order_by


def batches(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """`values` in runs short enough for one `IN (...)` each."""
    for start in range(0, len(values), _BATCH):
        yield values[start : start + _BATCH]
