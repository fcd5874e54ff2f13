"""The slice of JQL a sync client speaks, for the fake Jira server.

Clauses over project, labels, key/issuekey, status, statusCategory, assignee,
created and updated, joined by AND/OR/NOT with parentheses, and ORDER BY.
Error texts follow Jira's, because clients surface them to operators.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

OPERATORS_TEXT = (
    "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', "
    "'IN', 'NOT IN', 'IS' and 'IS NOT'."
)
DATE_FORMATS_TEXT = (
    "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', "
    "'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
)

# JQL names (lower case) → canonical field; Jira matches field names case-insensitively.
FIELD_ALIASES: dict[str, str] = {
    "project": "project",
    "labels": "labels",
    "key": "key",
    "issuekey": "key",
    "status": "status",
    "statuscategory": "statusCategory",
    "assignee": "assignee",
    "created": "created",
    "createddate": "created",
    "updated": "updated",
    "updateddate": "updated",
}
DATE_FIELDS = frozenset({"created", "updated"})
SORTABLE: dict[str, str] = {
    **{k: v for k, v in FIELD_ALIASES.items() if v != "labels"},
    "priority": "priority",
    "duedate": "duedate",
    "due": "duedate",
    "summary": "summary",
}
STATUS_CATEGORIES: dict[str, str] = {  # every spelling Jira accepts → category key
    "1": "undefined", "undefined": "undefined", "no category": "undefined",
    "2": "new", "new": "new", "to do": "new",
    "4": "indeterminate", "indeterminate": "indeterminate", "in progress": "indeterminate",
    "3": "done", "done": "done",
}  # fmt: skip
KEYWORDS = frozenset({"and", "or", "not", "in", "is", "empty", "null", "order", "by", "asc", "desc"})
_EQUALITY = frozenset({"=", "!=", "in", "not in", "is", "is not"})
_COMPARISON = frozenset({">", ">=", "<", "<="})
_KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*-\d+$")
_PERIOD_RE = re.compile(r"^([-+]?)\s*((?:\d+\s*[wdhm]\s*)+)$")
_PERIOD_PART = re.compile(r"(\d+)\s*([wdhm])")
_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
_ABSOLUTE_FORMATS = ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d")


class JqlError(ValueError):
    """A query Jira would answer with 400; the message is Jira's own wording."""


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # word | string | op | ( | ) | , | end
    text: str
    pos: int  # 1-based character, as Jira reports it


@dataclass(frozen=True, slots=True)
class Value:
    text: str
    pos: int


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    pos: int


Operand = Value | Function | tuple[Value | Function, ...] | None  # None: EMPTY


@dataclass(frozen=True, slots=True)
class Clause:
    field: str  # canonical
    written: str  # as in the query, for messages
    op: str  # = != > >= < <= in "not in" is "is not" ~ !~
    operand: Operand


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # and | or
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    part: Node


Node = Clause | BoolOp | Not


@dataclass(frozen=True, slots=True)
class SortKey:
    field: str  # canonical: key created updated priority status duedate project summary ...
    descending: bool


@dataclass(frozen=True, slots=True)
class Query:
    where: Node | None
    order_by: tuple[SortKey, ...]


def _syntax(message: str, token: Token) -> JqlError:
    return JqlError(f"Error in the JQL Query: {message} (line 1, character {token.pos})")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "(),":
            tokens.append(Token(ch, ch, i + 1))
            i += 1
        elif ch in "\"'":
            start, i, chars = i, i + 1, []
            while i < n and text[i] != ch:
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                chars.append(text[i])
                i += 1
            if i >= n:
                raise JqlError(
                    f"Error in the JQL Query: The quoted string '{''.join(chars)}' has not "
                    f"been completed. (line 1, character {start + 1})"
                )
            tokens.append(Token("string", "".join(chars), start + 1))
            i += 1
        elif ch in "=!<>~":
            two = text[i : i + 2]
            op = two if two in ("!=", "<=", ">=", "!~") else ch
            if op == "!":
                raise JqlError(f"Error in the JQL Query: The character '!' is a reserved JQL character. (line 1, character {i + 1})")
            tokens.append(Token("op", op, i + 1))
            i += len(op)
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in "(),\"'=!<>~":
                i += 1
            tokens.append(Token("word", text[start:i], start + 1))
    tokens.append(Token("end", "", n + 1))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def _is_word(self, *words: str) -> bool:
        return self.tok.kind == "word" and self.tok.text.lower() in words

    def _advance(self) -> Token:
        tok = self.tok
        self.i += 1
        return tok

    def _got(self) -> str:
        return "reached the end of the query." if self.tok.kind == "end" else f"got '{self.tok.text}'."

    def query(self) -> Query:
        where = None if self.tok.kind == "end" or self._is_word("order") else self._or()
        order: tuple[SortKey, ...] = ()
        if self._is_word("order"):
            self._advance()
            if not self._is_word("by"):
                raise _syntax(f"Expecting 'BY' but {self._got()}", self.tok)
            self._advance()
            order = self._order_list()
        if self.tok.kind != "end":
            raise _syntax(f"Expecting either 'OR' or 'AND' but got '{self.tok.text}'.", self.tok)
        return Query(where, order)

    def _or(self) -> Node:
        parts = [self._and()]
        while self._is_word("or"):
            self._advance()
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else BoolOp("or", tuple(parts))

    def _and(self) -> Node:
        parts = [self._not()]
        while self._is_word("and"):
            self._advance()
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def _not(self) -> Node:
        if self._is_word("not"):
            self._advance()
            return Not(self._not())
        if self.tok.kind == "(":
            self._advance()
            node = self._or()
            if self.tok.kind != ")":
                raise _syntax(f"Expecting ')' but {self._got()}", self.tok)
            self._advance()
            return node
        return self._clause()

    def _field(self) -> tuple[str, Token]:
        tok = self.tok
        if tok.kind not in ("word", "string") or (tok.kind == "word" and tok.text.lower() in KEYWORDS):
            raise _syntax(f"Expecting a field name but {self._got()}", tok)
        self._advance()
        return tok.text, tok

    def _clause(self) -> Clause:
        written, _ = self._field()
        field = FIELD_ALIASES.get(written.lower())
        if field is None:
            raise JqlError(f"Field '{written}' does not exist or you do not have permission to view it.")
        op = self._operator()
        if op in ("is", "is not"):
            if not self._is_word("empty", "null"):
                raise _syntax(f"Expecting 'EMPTY' or 'NULL' but {self._got()}", self.tok)
            self._advance()
            return Clause(field, written, op, None)
        if op in ("in", "not in"):
            return Clause(field, written, op, self._list())
        return Clause(field, written, op, self._single())

    def _operator(self) -> str:
        tok = self.tok
        if tok.kind == "op":
            self._advance()
            return tok.text
        if self._is_word("in"):
            self._advance()
            return "in"
        if self._is_word("is"):
            self._advance()
            if self._is_word("not"):
                self._advance()
                return "is not"
            return "is"
        if self._is_word("not"):
            self._advance()
            if self._is_word("in"):
                self._advance()
                return "not in"
        raise _syntax(f"Expecting operator but {self._got()} {OPERATORS_TEXT}", tok)

    def _single(self) -> Value | Function:
        tok = self.tok
        if tok.kind == "string":
            self._advance()
            return Value(tok.text, tok.pos)
        if tok.kind == "word" and tok.text.lower() not in KEYWORDS:
            self._advance()
            if self.tok.kind == "(":
                self._advance()
                if self.tok.kind != ")":
                    raise _syntax(f"Expecting ')' but {self._got()}", self.tok)
                self._advance()
                return Function(tok.text, tok.pos)
            return Value(tok.text, tok.pos)
        raise _syntax(f"Expecting either a value, list or function but {self._got()}", tok)

    def _list(self) -> tuple[Value | Function, ...]:
        if self.tok.kind != "(":
            raise _syntax(f"Expecting '(' but {self._got()}", self.tok)
        self._advance()
        values = [self._single()]
        while self.tok.kind == ",":
            self._advance()
            values.append(self._single())
        if self.tok.kind != ")":
            raise _syntax(f"Expecting ')' but {self._got()}", self.tok)
        self._advance()
        return tuple(values)

    def _order_list(self) -> tuple[SortKey, ...]:
        keys = []
        while True:
            written, _ = self._field()
            field = SORTABLE.get(written.lower())
            if field is None:
                raise JqlError(f"Field '{written}' does not exist or you do not have permission to view it.")
            descending = False
            if self._is_word("asc", "desc"):
                descending = self._advance().text.lower() == "desc"
            keys.append(SortKey(field, descending))
            if self.tok.kind != ",":
                return tuple(keys)
            self._advance()


def parse(text: str) -> Query:
    """Parse a JQL string; raises JqlError with Jira's message on a malformed query."""
    return _Parser(text).query()


def parse_date(text: str, written: str, now: datetime) -> datetime:
    """A JQL date literal in the searching user's time zone (UTC here), or a period from now."""
    period = _PERIOD_RE.match(text.strip())
    if period:
        span = sum((int(n) * _UNITS[u] for n, u in _PERIOD_PART.findall(period.group(2))), timedelta())
        return now - span if period.group(1) == "-" else now + span
    for fmt in _ABSOLUTE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise JqlError(f"Date value '{text}' for field '{written}' is invalid. {DATE_FORMATS_TEXT}")


class Catalog(Protocol):
    """What the server knows, to resolve a query's values like Jira does."""

    now: datetime
    current_user: str

    def project(self, value: str) -> str | None: ...  # key, name or id → project key

    def issue(self, value: str) -> int | None: ...  # key (current or moved) → issue id

    def status(self, value: str) -> str | None: ...  # name or id → status name

    def user(self, value: str) -> str | None: ...  # account id / username → user id


Record = Mapping[str, object]
Predicate = Callable[[Record], bool]
_MISSING = object()  # a value that matches nothing (unknown, with validation off)


def compile_filter(query: Query, catalog: Catalog, *, strict: bool = True) -> Predicate:
    """Resolve the query's values and return a predicate over issue records.

    A record maps canonical field names to values: project key, issue id (for
    `key`), status name, status category key, assignee id or None, a label list,
    and aware datetimes for created/updated. With `strict`, unknown values are
    400 errors (Jira's validateQuery); otherwise they match nothing.
    """
    if query.where is None:
        return lambda record: True
    return _compile(query.where, catalog, strict)


def _compile(node: Node, catalog: Catalog, strict: bool) -> Predicate:
    if isinstance(node, BoolOp):
        parts = [_compile(p, catalog, strict) for p in node.parts]
        if node.op == "and":
            return lambda r: all(p(r) for p in parts)
        return lambda r: any(p(r) for p in parts)
    if isinstance(node, Not):
        inner = _compile(node.part, catalog, strict)
        return lambda r: not inner(r)
    return _clause(node, catalog, strict)


def _clause(clause: Clause, catalog: Catalog, strict: bool) -> Predicate:
    field, op = clause.field, clause.op
    allowed = _EQUALITY | _COMPARISON if field in DATE_FIELDS else _EQUALITY
    if op not in allowed:
        raise JqlError(f"The operator '{op.upper()}' is not supported by the '{clause.written}' field.")
    if clause.operand is None:
        return (lambda r: _empty(r[field])) if op == "is" else (lambda r: not _empty(r[field]))
    operands = clause.operand if isinstance(clause.operand, tuple) else (clause.operand,)
    values = [_resolve(clause, v, catalog, strict) for v in operands]
    if field in DATE_FIELDS and op in _COMPARISON:
        bound = values[0]
        compare: Callable[[datetime], bool] = {
            ">": lambda d: d > bound, ">=": lambda d: d >= bound,
            "<": lambda d: d < bound, "<=": lambda d: d <= bound,
        }[op]  # fmt: skip
        return lambda r: r[field] is not None and compare(r[field])  # type: ignore[arg-type]
    wanted = set(values)
    if op in ("=", "in"):
        return lambda r: bool(_as_set(r[field]) & wanted)
    # Jira's negative operators never match an empty field.
    return lambda r: not _empty(r[field]) and not (_as_set(r[field]) & wanted)


def _empty(value: object) -> bool:
    return value is None or value == [] or value == ()


def _as_set(value: object) -> set[object]:
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return set(value)
    return {value}


def _resolve(clause: Clause, operand: Value | Function, catalog: Catalog, strict: bool) -> object:
    field, written = clause.field, clause.written
    if isinstance(operand, Function):
        if operand.name.lower() == "currentuser" and field == "assignee":
            return catalog.current_user
        if operand.name.lower() == "now" and field in DATE_FIELDS:
            return catalog.now
        raise JqlError(f"Unable to find JQL function '{operand.name}()'.")
    text = operand.text
    if field in DATE_FIELDS:
        return parse_date(text, written, catalog.now)
    if field == "labels":
        return text
    if field == "key" and not _KEY_RE.match(text):
        raise JqlError(f"The issue key '{text}' for field '{written}' is invalid.")
    found: object | None
    if field == "statusCategory":
        found = STATUS_CATEGORIES.get(text.lower())
    else:
        lookup: dict[str, Callable[[str], object | None]] = {
            "project": catalog.project,
            "key": catalog.issue,
            "status": catalog.status,
            "assignee": catalog.user,
        }
        found = lookup[field](text)
    if found is not None:
        return found
    if not strict:
        return _MISSING
    if field == "key":
        raise JqlError(f"An issue with key '{text}' does not exist for field '{written}'.")
    raise JqlError(f"The value '{text}' does not exist for the field '{written}'.")


T = TypeVar("T")


def order(items: Sequence[T], keys: Sequence[SortKey], value: Callable[[T, str], object]) -> list[T]:
    """Sort by ORDER BY keys; empty values sort last ascending and first descending, as in Jira."""
    result = list(items)
    for key in reversed(keys):
        present = [i for i in result if value(i, key.field) is not None]
        absent = [i for i in result if value(i, key.field) is None]
        present.sort(key=lambda i, f=key.field: value(i, f), reverse=key.descending)  # type: ignore[misc]
        result = absent + present if key.descending else present + absent
    return result
