"""The adapters' last line: whatever a tracker answers, the engine sees a TicketState or a TrackerError.

A proxy's HTML error page, a truncated JSON body, a field of the wrong type or an
endless `Link: rel="next"` chain must cost one item or one target, never a cycle
or a traceback. `guarded` wraps every method of the Tracker port: payload-shape
failures (KeyError, TypeError, AttributeError, ValueError, …) become `Malformed`
(an outage of that target), and every TicketState handed back is type-checked here,
so a title that is a number or a label that is an object never reaches the core.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import fields
from datetime import date, datetime
from typing import Any, TypeVar

from adapters.trackers.base import (
    PollResult,
    Problem,
    TrackerError,
    Unavailable,
    WriteOutcomeUnknown,
)
from syncer.model import Category, Change, TicketRef, TicketState

# A tracker lists at most this many pages for one question (100 per page: 100,000 tickets);
# beyond it the tracker is answering in a loop, and the question fails instead of never returning.
MAX_PAGES = 1000

# what reading a payload of the wrong shape raises (json's decode error is a ValueError)
PAYLOAD_ERRORS: tuple[type[Exception], ...] = (
    KeyError, TypeError, AttributeError, ValueError, IndexError, LookupError, UnicodeError,
    RecursionError, OverflowError, AssertionError,
)  # fmt: skip

C = TypeVar("C", bound=type)
_PORT = ("create", "update", "adopt", "find_by_marker", "get", "resolve_ref", "poll", "fetch",
         "list_managed")  # fmt: skip
_WRITES = ("create",)  # a write whose answer is garbage may still have happened


class Malformed(Unavailable):
    """The tracker (or a proxy in front of it) answered something that is not its API's shape."""


def pages(what: str, target: str | None) -> Iterator[int]:
    """Page numbers 1…MAX_PAGES; asking for one more is a Malformed answer (a pagination loop)."""
    yield from range(1, MAX_PAGES + 1)
    raise Malformed(f"{what}: more than {MAX_PAGES} pages; the tracker's pagination does not end",
                    target=target)


def guarded(cls: C) -> C:
    """Wrap the Tracker port methods of an adapter class (see the module doc)."""
    for name in _PORT:
        setattr(cls, name, _guard(name, getattr(cls, name)))
    cls.check = _guard_check(cls.check)
    return cls


def _target(args: tuple[Any, ...]) -> str | None:
    first = args[0] if args else None
    if isinstance(first, TicketRef):
        return first.target
    return first if isinstance(first, str) else None


def _guard(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        target = _target(args)
        try:
            return check_result(method(self, *args, **kwargs))
        except Malformed as exc:
            raise _unknown(name, exc.message, target) from None
        except TrackerError:
            raise
        except PAYLOAD_ERRORS as exc:
            raise _unknown(name, f"unexpected answer ({type(exc).__name__}: {exc})", target) from None

    return call


def _unknown(name: str, message: str, target: str | None) -> TrackerError:
    if name in _WRITES:
        return WriteOutcomeUnknown(f"{message}; the ticket may or may not have been created", target=target)
    return Malformed(f"{name}: {message}", target=target)


def _guard_check(method: Callable[..., list[Problem]]) -> Callable[..., list[Problem]]:
    @functools.wraps(method)
    def check(self: Any, targets: Any, accounts: Any) -> list[Problem]:
        try:
            return list(method(self, targets, accounts))
        except (TrackerError, *PAYLOAD_ERRORS) as exc:
            where = getattr(exc, "target", None) or getattr(self, "name", "tracker")
            text = exc.message if isinstance(exc, TrackerError) else f"unexpected answer ({type(exc).__name__}: {exc})"
            return [Problem(where, text)]

    return check


# -- result types ---------------------------------------------------------------------------

_OPTIONAL_TEXT = ("marker", "item_key", "summary", "status", "resolution", "priority",
                  "raw_priority", "assignee", "closed_by")  # fmt: skip


def check_result(value: Any) -> Any:
    if isinstance(value, TicketState):
        return check_state(value)
    if isinstance(value, PollResult):
        for state in value.tickets:
            check_state(state)
        return value
    if isinstance(value, list):
        for state in value:
            if isinstance(state, TicketState):
                check_state(state)
    return value


def check_state(state: TicketState) -> TicketState:
    """Every field of the type the core relies on; raises TypeError naming the field otherwise."""
    ref = state.ref
    _want(isinstance(ref, TicketRef), "ref", ref)
    for name in ("tracker", "target", "key"):
        _want(isinstance(getattr(ref, name), str), f"ref.{name}", getattr(ref, name))
    _want(ref.url is None or isinstance(ref.url, str), "ref.url", ref.url)
    for name in _OPTIONAL_TEXT:
        value = getattr(state, name)
        _want(value is None or isinstance(value, str), name, value)
    _want(isinstance(state.category, Category), "category", state.category)
    _want(state.due is None or (isinstance(state.due, date) and not isinstance(state.due, datetime)), "due", state.due)
    for name in ("updated_at", "closed_at"):
        value = getattr(state, name)
        _want(value is None or isinstance(value, datetime), name, value)
    for name in ("labels", "sprints"):
        value = getattr(state, name)
        _want(isinstance(value, tuple) and all(isinstance(v, str) for v in value), name, value)
    for name in ("blocked_by_open", "exists"):
        _want(isinstance(getattr(state, name), bool), name, getattr(state, name))
    _want(all(isinstance(c, Change) for c in state.history), "history", state.history)
    for change in state.history:
        for f in fields(change):
            value = getattr(change, f.name)
            ok = isinstance(value, datetime) if f.name == "at" else isinstance(value, str)
            _want(value is None or ok, f"history.{f.name}", value)
    _want(
        all(isinstance(c, tuple) and all(v is None or isinstance(v, str) for v in c) for c in state.comments),
        "comments", state.comments,
    )
    return state


def _want(ok: bool, name: str, value: Any) -> None:
    if not ok:
        raise TypeError(f"ticket field {name} has an unexpected value {str(value)[:80]!r}")
