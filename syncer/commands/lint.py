"""`pmsync lint PATH... [--json]`: parse and lint postmortems, for people and for CI.

Exit 0 without errors, 1 with any error finding, 2 on usage or configuration errors and
when no file read is a postmortem (a wrong path, a directory of templates).
No configuration is needed; `--config` adds the people directory (unknown owners).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from itertools import tee
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from adapters.sources.markdown import iter_paths
from syncer.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from syncer.exclude import DEFAULT_EXCLUDE
from syncer.lint import across_documents, lint_document
from syncer.model import ActionItem, Document, Finding
from syncer.terminal import wrap

if TYPE_CHECKING:
    from syncer.settings import Settings


def _directory(settings: Settings) -> tuple[set[str], set[str], tuple[str, ...]]:
    """People (handles, e-mails, GitHub logins), group names and the `[sources] exclude`
    globs from the configuration."""
    from syncer.settings import SourcesSettings

    people: set[str] = set()
    for handle, person in settings.people.items():
        people.update(v for v in (handle, person.email, person.github) if v)
    exclude = tuple(settings.sources.exclude) if isinstance(settings.sources, SourcesSettings) else DEFAULT_EXCLUDE
    return people, {*settings.teams, *settings.routing.teams}, exclude


def _merged(doc: Document, linted: Iterable[Finding]) -> list[Finding]:
    """The parser's and the linter's findings on one document, by line."""
    findings = sorted((*doc.findings, *linted), key=lambda f: (f.line or 0, f.rule))
    # a page has no lines: its findings point at the page (in document order)
    return findings if doc.lines else [replace(f, line=None) for f in findings]


class _Linted(NamedTuple):
    """A document linted where it is read (a parse worker), as it crosses back to be printed."""

    doc: Document  # without its items and section texts, which are no longer read
    findings: list[Finding]  # its own; the cross-document rules may add to them
    items: int
    head: str  # the document printed up to its findings: one string to unpickle, not its items


def _linted(
    doc: Document, people: set[str] | None, groups: set[str], head: Callable[[Document], str]
) -> _Linted:
    findings = lint_document(doc, people=people, groups=groups)
    pm = doc.postmortem
    if pm is None:
        return _Linted(doc, findings, 0, head(doc))
    light = replace(doc, postmortem=replace(pm, sections=(), items=()))
    return _Linted(light, findings, len(pm.items), head(doc))


def _item_json(item: ActionItem) -> dict[str, object]:
    return {
        "key": item.key,
        "text": item.text,
        "owner": item.owner,
        "due": item.due.isoformat() if item.due else None,
        "due_text": item.due_text,
        "priority": item.priority,
        "priority_text": item.raw_priority,
        "verify": item.verify,
        "type": item.type,
        "ref": item.ref,
        "done": item.done,
        "line": item.line,
        "found_by": item.found_by,
        "section": item.section,
    }


def _finding_json(finding: Finding) -> dict[str, object]:
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "line": finding.line,
        "item": finding.item,
    }


def _document_json(doc: Document) -> dict[str, object]:
    pm = doc.postmortem
    return {
        "path": doc.path,
        "id": pm.id if pm else None,
        "title": pm.title if pm else None,
        "date": pm.date.isoformat() if pm and pm.date else None,
        "review_date": pm.review_date.isoformat() if pm and pm.review_date else None,
        "severity": pm.severity if pm else None,
        "team": pm.team if pm else None,
        "related": list(pm.related) if pm else [],
        "items": [_item_json(i) for i in pm.items] if pm else [],
    }


def _json_head(doc: Document) -> str:
    """The document's JSON object up to the value of its last key, "findings"."""
    # One line: with `indent`, json falls back to its slow pure-Python encoder.
    return json.dumps(_document_json(doc), ensure_ascii=False)[:-1] + ', "findings": '


def _json_tail(findings: Sequence[Finding]) -> str:
    return json.dumps([_finding_json(f) for f in findings], ensure_ascii=False) + "}"


class _Summary:
    """The totals, counted as the documents go by."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys(("documents", "items", "errors", "warnings", "infos"), 0)
        self.postmortems = 0  # documents read as a postmortem (not an index or a note)

    def add(self, doc: Document, findings: Sequence[Finding], items: int) -> None:
        self.counts["documents"] += 1
        for finding in findings:
            self.counts[f"{finding.severity}s"] += 1
        if doc.postmortem is not None:
            self.counts["items"] += items
            if not any(f.rule == "not-a-postmortem" for f in doc.findings):
                self.postmortems += 1


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _item_line(item: ActionItem) -> str:
    owner = item.owner and (item.owner if "@" in item.owner else f"@{item.owner}")
    due = item.due.isoformat() if item.due else (f'"{item.due_text}" (unparsed)' if item.due_text else None)
    text = " ".join(item.text.split())
    parts = [
        f"{'[x] ' if item.done else ''}{item.key}",
        f"owner {owner or '-'}",
        f"due {due or '-'}",
        f"priority {item.priority or '-'}",
        f"verify {item.verify or '-'}",
        f"ref {item.ref or '-'}",
        f'"{text}"',
    ]
    return "    " + "  ".join(parts)


def _human_head(doc: Document) -> str:
    pm = doc.postmortem
    out = [f"{doc.path}  {pm.id}  {pm.title}" if pm else f"{doc.path}  (not read)"]
    if pm:
        out.append(f"  items ({len(pm.items)}):")
        out.extend(_item_line(item) for item in pm.items)
    return "".join(_fit(line) + "\n" for line in out)


def _human_tail(findings: Sequence[Finding]) -> str:
    out = []
    if findings:
        out.append(f"  findings ({len(findings)}):")
        for f in findings:
            where = f"{f.path}:{f.line}" if f.line else f"{f.path} [{f.item}]" if f.item else f.path
            out.append(f"    {where}: {f.severity} {f.rule} {f.message}")
    return "".join(_fit(line) + "\n" for line in out) + "\n"


def _human_totals(c: dict[str, int]) -> str:
    return _fit(
        f"{_plural(c['documents'], 'document')}, {_plural(c['items'], 'item')}: "
        f"{_plural(c['errors'], 'error')}, {_plural(c['warnings'], 'warning')}"
        + (f", {_plural(c['infos'], 'info')}" if c["infos"] else "")
    ) + "\n"


def _fit(line: str) -> str:
    """A line wrapped to the terminal, its continuation indented under it (never cut)."""
    body = line.lstrip(" ")
    return wrap(body, indent=line[: len(line) - len(body)], hang="    ") if body else line


def _no_postmortem(summary: _Summary, paths: Sequence[str], exclude: Sequence[str]) -> str | None:
    """Why nothing was linted, when no file read as a postmortem: a wrong path or a
    directory of templates is a mistake to report, not a clean run."""
    if summary.postmortems:
        return None
    where = ", ".join(paths)
    documents = summary.counts["documents"]
    if not documents:
        return f"no Markdown file under {where} (files named {', '.join(exclude)} are left out)"
    return (f"no postmortem under {where}: {_plural(documents, 'Markdown file')} read, none with incident "
            "sections or action items")


def read_source(settings: Settings, name: str) -> list[Document]:
    """What a configured source holds now, read into a scratch directory (the daemon's clone,
    listing and page texts are left alone)."""
    import os
    import tempfile

    from adapters.sources.factory import build_readers
    from syncer.app import utc_now

    config = next(s for s in settings.source_configs() if s.name == name)
    with tempfile.TemporaryDirectory(prefix="pmsync-lint-") as scratch:
        [reader] = build_readers(
            [config], Path(scratch), environ=os.environ, clock=utc_now, people=settings.platform_accounts(),
            sections=True,
        )
        return reader.read()


def run(args: argparse.Namespace) -> int:
    if bool(args.paths) == bool(args.source):
        print("pmsync lint: give PATHs or --source NAME (one of them)", file=sys.stderr)
        return EXIT_USAGE
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        for path in missing:
            print(f"pmsync lint: {path}: no such file or directory", file=sys.stderr)
        return EXIT_USAGE
    people: set[str] | None = None
    groups: set[str] = set()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    settings = None
    if args.config or args.source:
        from syncer.settings import ConfigError, load_settings  # pydantic is slow to import

        try:
            settings = load_settings(args.config, require_secrets=False)  # lint contacts no tracker
        except ConfigError as exc:
            print(f"pmsync: {exc}", file=sys.stderr)
            return EXIT_USAGE
        people, groups, exclude = _directory(settings)
    lint = partial(_linted, people=people, groups=groups, head=_json_head if args.json else _human_head)
    tail = _json_tail if args.json else _human_tail
    if args.source:
        assert settings is not None
        names = [s.name for s in settings.source_configs()]
        if args.source not in names:
            print(f"pmsync lint: no source {args.source!r} (configured: {', '.join(names)})", file=sys.stderr)
            return EXIT_USAGE
        linted: Iterable[_Linted] = map(lint, read_source(settings, args.source))
    else:
        linted = iter_paths(args.paths, exclude=exclude, then=lint)
    # A lint run is short and what its imports made lives to its end: the collector leaves that
    # alone (a full collection walked it for about 0.1 s) and forked parse workers share it.
    gc.freeze()
    try:
        # Each document is linted and printed as soon as it is parsed, while the workers parse
        # the next ones; the totals come last.
        summary = _Summary()
        out = sys.stdout
        if args.json:
            out.write('{"documents": [')  # what json.dumps writes for {"documents": [...], ...}
        reads, linted = tee(linted)  # in step: across_documents yields each document as it takes it
        checked = across_documents((read.doc, read.findings) for read in linted)
        for n, (read, (doc, own)) in enumerate(zip(reads, checked, strict=True)):
            findings = _merged(doc, own)
            summary.add(doc, findings, read.items)
            out.write((", " if n and args.json else "") + read.head + tail(findings))
    finally:
        gc.unfreeze()  # for a caller that goes on (tests run pmsync in-process), also after a closed pipe
    if args.json:
        out.write(f'], "summary": {json.dumps(summary.counts)}}}\n')
    else:
        out.write(_human_totals(summary.counts))
    errors = summary.counts["errors"] > 0
    if args.paths and (nothing := _no_postmortem(summary, args.paths, exclude)) is not None:
        print(f"pmsync lint: {nothing}", file=sys.stderr)
        return EXIT_FINDINGS if errors else EXIT_USAGE
    return EXIT_FINDINGS if errors else EXIT_OK
