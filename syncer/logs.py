"""Logging: structlog, JSON lines for journald or a readable console, secrets always redacted.

Under journald (stdout is the stream named by $JOURNAL_STREAM) each line starts with its
syslog priority, `<4>{...}` for a warning: journald's SyslogLevelPrefix= (on by default)
files the line at that level and strips the prefix, so `journalctl -p warning` filters
and the JSON fields stay as they are.

Every event passes one redaction processor after exceptions are formatted, so a
token can reach neither a log line nor a traceback: credentials in URLs and
query strings, Authorization headers, `password=`/`token=` pairs, well-known
token shapes, and the exact secret values the configuration holds (plus their
Basic-auth encodings). Standard-library loggers (urllib3, jira, PyGithub) and
uncaught exceptions go through the same chain.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import sys
import threading
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from structlog.typing import EventDict, Processor, WrappedLogger

    from syncer.settings import Settings

# structlog (and rich, which it loads) is imported where logging is set up, not here: commands
# that only print (lint, check-config, --help) mask their output with `redact` and start faster.

MASK = "***"
_MIN_SECRET = 4  # shorter "secrets" would mask ordinary words

# Each pattern with what every match of it contains (lower case where the pattern ignores case):
# a text holding none of that skips the pattern, so megabytes of `lint --json` cost a few scans.
_PATTERNS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    # https://user:pass@host and https://token@host
    # (a scheme starts only where a run of scheme characters starts: linear on "a.b.c…")
    (re.compile(r"(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*://)[^/?#\s@'\"<>]+@"), rf"\1{MASK}@", ("://",)),
    # ?access_token=…, &token=…, api_key=…, client_secret=…, sig=…
    (
        re.compile(
            r"(?i)([?&;](?:access_token|refresh_token|id_token|token|api[_-]?key|apikey|key|"
            r"password|passwd|pwd|secret|client_secret|sig|signature|auth)=)[^&\s#'\"<>]+"
        ),
        rf"\1{MASK}",
        ("=",),
    ),
    # Authorization: Basic …  / "authorization": "Bearer …"  / Proxy-Authorization
    (
        re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(?:(?:basic|bearer|token|digest)\s+)?[^\s'\",}]+"),
        rf"\1{MASK}",
        ("authorization",),
    ),
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}"), f"Bearer {MASK}", ("bearer",)),
    (re.compile(r"\bBasic\s+[A-Za-z0-9+/]{12,}={0,2}"), f"Basic {MASK}", ("Basic",)),
    # password=…, "token": "…" (not prose such as "jira.token: missing")
    (
        re.compile(
            r"(?i)\b(password|passwd|pwd|passphrase|token|api[_-]?key|secret|client_secret)"
            r"(=|['\"]\s*[:=]\s*['\"]?)(?!\*\*\*)[^\s'\",}&]+"
        ),
        rf"\1\2{MASK}",
        ("passw", "pwd", "passphrase", "token", "api_key", "api-key", "apikey", "secret"),
    ),
    # GitHub tokens, Atlassian API tokens, JWTs
    (re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"), MASK,
     ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
    (re.compile(r"\bATATT[A-Za-z0-9_=-]{20,}"), MASK, ("ATATT",)),
    (re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+"), MASK, ("eyJ",)),
)
_GUARDED = tuple((p, r, needles, bool(p.flags & re.IGNORECASE)) for p, r, needles in _PATTERNS)
# Letters an ignore-case pattern matches with ASCII ones that lower() leaves alone: İ ı (i), ſ (s)
_ODD_CASES = ("\u0130", "\u0131", "\u017f")
_SECRET_KEYS = re.compile(
    r"(?i)^(password|passwd|pwd|token|access_token|secret|client_secret|api_key|apikey|"
    r"authorization|proxy-authorization|cookie|set-cookie|credentials?)$"
)

_lock = threading.Lock()
_secrets: tuple[str, ...] = ()
_requested_level: str | None = None  # --verbose / --quiet: beats every configured level

# syslog(3) priorities of structlog's level names
_PRIORITIES = {"critical": 2, "exception": 3, "error": 3, "warning": 4, "warn": 4, "info": 6, "debug": 7}
LEVELS = ("debug", "info", "warning", "error")


def request_level(level: str | None) -> None:
    """The level asked for on the command line (None: the configured or default one)."""
    global _requested_level
    if level is not None:
        _numeric(level)
    _requested_level = level


def _numeric(level: str) -> int:
    numeric = logging.getLevelNamesMapping().get(level.upper())
    if numeric is None:
        raise ValueError(f"unknown log level {level!r}")
    return numeric


def set_level(level: str) -> None:
    """Change the level of the logging already configured (a reloaded daemon.log_level)."""
    import structlog

    numeric = _numeric(_requested_level or level)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(numeric))
    logging.getLogger().setLevel(max(numeric, logging.WARNING))


def writes_to_journal(stream: Any) -> bool:
    """Whether `stream` is the journal stream systemd connected us to (systemd.exec(5))."""
    device, _, inode = os.environ.get("JOURNAL_STREAM", "").partition(":")
    try:
        st = os.fstat(stream.fileno())
        return (st.st_dev, st.st_ino) == (int(device), int(inode))
    except (AttributeError, OSError, ValueError):
        return False


def _with_priority(renderer: Processor) -> Processor:
    def render(logger: WrappedLogger, method: str, event_dict: EventDict) -> str:
        priority = _PRIORITIES.get(str(event_dict.get("level", method)), 6)
        return f"<{priority}>{renderer(logger, method, event_dict)}"

    return render


def set_secrets(values: Iterable[str | None]) -> None:
    """The exact secret values to mask wherever they appear (replaces the previous set)."""
    global _secrets
    found = {v for v in values if v and len(v) >= _MIN_SECRET}
    with _lock:
        _secrets = tuple(sorted(found, key=len, reverse=True))  # longest first: no partial leftovers


def secret_variants(secret: str, usernames: Iterable[str | None] = ()) -> list[str]:
    """A secret and the forms it travels in: Basic-auth base64 of `user:secret`, of the secret."""
    variants = [secret, base64.b64encode(secret.encode()).decode()]
    for user in usernames:
        if user:
            variants.append(base64.b64encode(f"{user}:{secret}".encode()).decode())
    return variants


def redact(text: str) -> str:
    """`text` with every secret masked."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    folded = _folded(text)
    for pattern, replacement, needles, ignores_case in _GUARDED:
        haystack = folded if ignores_case else text
        if haystack is None or any(map(haystack.__contains__, needles)):
            text, replaced = pattern.subn(replacement, text)
            if replaced:
                folded = _folded(text)
    return text


def _folded(text: str) -> str | None:
    """`text` in lower case to look for an ignore-case pattern's needles in; None when it holds
    a letter that such a pattern matches with an ASCII one and lower() does not turn into it."""
    if not text.isascii() and any(odd in text for odd in _ODD_CASES):
        return None
    return text.lower()



def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {k: MASK if _is_secret_key(k) else _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_clean(v) for v in value]
    if isinstance(value, BaseException):
        return redact(f"{type(value).__name__}: {value}")
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact(str(value))


def redact_value(value: Any) -> Any:
    """A JSON-like value (dicts, lists, strings) with every secret masked, secret keys included."""
    return _clean(value)


def _is_secret_key(key: Any) -> bool:
    return isinstance(key, str) and bool(_SECRET_KEYS.match(key))


def redact_processor(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """structlog processor: masks secrets in every value, formatted tracebacks included."""
    return {
        key: MASK if _is_secret_key(key) and value is not None else _clean(value)
        for key, value in event_dict.items()
    }


def _shared_processors() -> list[Processor]:
    import structlog

    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,  # tracebacks become text here, before redaction
        redact_processor,
    ]


def configure_logging(json: bool | None = None, level: str = "info", stream: Any = None) -> None:
    """JSON lines when the stream is not a terminal (journald), a console renderer on one.

    The daemon logs to stdout; one-shot commands pass stderr so their output stays clean.
    A level given on the command line (`request_level`) beats `level`.
    """
    import structlog

    stream = stream if stream is not None else sys.stdout
    if json is None:
        json = not stream.isatty()
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(line_buffering=True)  # journald gets each line as it happens
    numeric = _numeric(_requested_level or level)
    renderer: Processor = (
        structlog.processors.JSONRenderer(default=str)
        if json
        else structlog.dev.ConsoleRenderer(colors=stream.isatty() and not getattr(stream, "shows_controls_escaped", False))
    )
    if writes_to_journal(stream):
        renderer = _with_priority(renderer)
    structlog.configure(
        processors=[*_shared_processors(), renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.WriteLoggerFactory(stream),
        cache_logger_on_first_use=False,
    )
    # The libraries' own loggers (urllib3 echoes URLs, jira echoes responses): same chain.
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *_shared_processors()],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(numeric, logging.WARNING))
    sys.excepthook = _log_uncaught


def get_logger(name: str = "pmsync", **context: Any) -> Any:
    import structlog

    return structlog.get_logger(name).bind(**context) if context else structlog.get_logger(name)


def _log_uncaught(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    get_logger().critical("uncaught_exception", exc_info=(kind, exc, tb))


_LEVELS = {
    "item_failed": "warning",
    "poll_failed": "warning",
    "create_deferred": "info",
    "tracker_auth_failed": "error",
    "tracker_down": "warning",
    "fields_refused": "warning",
}


def engine_log(logger: Any, levels: Mapping[str, str] | None = None, default: str = "info") -> Any:
    """The engine's `log(event, **fields)` callable, writing through `logger` (warnings for
    failures); `levels` moves events to other levels, `default` is the level of the rest."""
    table = {**_LEVELS, **(levels or {})}

    def log(event: str, **fields: Any) -> None:
        getattr(logger, table.get(event, default))(event, **fields)

    return log


def configured_secrets(settings: Settings) -> list[str]:
    """Every secret value the configuration holds, in the forms it may travel in."""
    found: list[str] = []
    if settings.jira is not None and settings.jira.token is not None:
        found += secret_variants(settings.jira.token.get_secret_value(), [settings.jira.email])
    if settings.github is not None and settings.github.token is not None:
        found += secret_variants(settings.github.token.get_secret_value())
    if settings.smtp is not None and settings.smtp.password is not None:
        found += secret_variants(settings.smtp.password.get_secret_value(), [settings.smtp.username])
    if settings.slack is not None and settings.slack.token is not None:
        found += secret_variants(settings.slack.token.get_secret_value())
    return found
