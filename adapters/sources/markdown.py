"""Postmortem documents on disk: find them, read them safely, hand the text to the parser.

Every problem with one file (unreadable, too large, binary, not UTF-8) becomes a finding
on that file's Document; the other files are still read. Parsing is pure
(syncer.parse); this module owns the I/O and, for large batches, spreads the parsing
over worker processes (the Markdown parser is pure Python and CPU-bound). The documents
come back in order as the workers finish them, so a caller can lint and print the first
ones while the rest are still being parsed.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any

from syncer.exclude import DEFAULT_EXCLUDE, is_excluded
from syncer.model import Document, Finding
from syncer.parse import parse_document

MAX_BYTES = 5 * 1024 * 1024
# Below this many files, starting worker processes costs more than it saves: a forked worker
# starts in milliseconds, a spawned one imports the parser afresh (about 0.3 s of CPU).
PARALLEL_MIN_FILES = {"fork": 64, "spawn": 200}
MAX_WORKERS = 8
_MAX_CHUNK = 32  # documents per task: fewer round trips, yet the first results come early


def _failed(path: str, rule: str, message: str, line: int | None = None) -> Document:
    return Document(path, None, (Finding(rule, "error", message, path, line),))


def _doc_url(template: str, path: Path, root: Path | None, postmortem_id: str) -> str:
    try:
        relative = path.relative_to(root).as_posix() if root is not None else path.as_posix()
    except ValueError:
        relative = path.as_posix()
    return template.replace("{path}", relative).replace("{id}", postmortem_id)


def read_document(
    path: Path, *, root: Path | None = None, doc_url_template: str | None = None
) -> Document:
    """Read and parse one file. Never raises: a bad file yields a Document with findings."""
    path = Path(path)
    shown = str(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            return _failed(shown, "file-unreadable", "is a directory, not a Markdown file")
        if not stat.S_ISREG(mode):  # a FIFO or device would block or never end
            return _failed(shown, "file-unreadable", "is not a regular file")
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = b"" if size > MAX_BYTES else handle.read(MAX_BYTES + 1)  # it may grow meanwhile
    except OSError as error:
        return _failed(shown, "file-unreadable", f"cannot read the file: {error.strerror or error}")
    if size > MAX_BYTES:
        message = f"larger than {MAX_BYTES // (1024 * 1024)} MB ({size} bytes); not read"
        return _failed(shown, "file-too-large", message)
    document = document_from_bytes(data, shown)
    postmortem = document.postmortem
    if postmortem is not None and doc_url_template:
        url = _doc_url(doc_url_template, path, root, postmortem.id)
        document = replace(document, postmortem=replace(postmortem, doc_url=url))
    return document


def document_from_bytes(data: bytes, shown: str) -> Document:
    """Check and parse a file's bytes (from disk or a git blob). Never raises."""
    if len(data) > MAX_BYTES:
        message = f"larger than {MAX_BYTES // (1024 * 1024)} MB ({len(data)} bytes); not read"
        return _failed(shown, "file-too-large", message)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return _failed(shown, "file-binary", "contains NUL bytes: a binary file, not Markdown", line)
    findings: list[Finding] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = (
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); "
            "undecodable bytes were replaced with U+FFFD"
        )
        findings.append(Finding("encoding", "error", message, shown, line))
        text = data.decode("utf-8", errors="replace")
    document = parse_document(text, shown)
    return Document(shown, document.postmortem, (*findings, *document.findings))


def _walk(directory: Path, seen: set[Path], exclude: Sequence[str]) -> Iterator[tuple[Path, Path] | Document]:
    """(file, root) for every *.md under directory that no exclude glob names, sorted;
    unreadable directories as findings."""
    errors: list[OSError] = []
    found: list[Path] = []
    for current, dirs, files in os.walk(directory, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(current, name) for name in files if name.endswith(".md"))
        # a directory named like a document is reported, not silently skipped
        found.extend(Path(current, name) for name in dirs if name.endswith(".md"))
    for error in errors:
        shown = str(error.filename or directory)
        yield _failed(shown, "file-unreadable", f"cannot read the directory: {error.strerror or error}")
    root = directory.resolve()
    for relative, path in sorted((p.relative_to(directory).as_posix(), p) for p in found):
        if exclude and is_excluded(relative, exclude):
            continue
        key = path.absolute()
        if key in seen:
            continue
        seen.add(key)
        refused = _refused(path, root)
        yield refused if refused is not None else (path, directory)


def _refused(path: Path, root: Path) -> Document | None:
    """A file under a source directory that must not be read: a name that is not UTF-8
    (it could be stored or printed nowhere), or a symlink leading out of the directory."""
    shown = str(path)
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:
        safe = os.fsencode(path).decode("utf-8", "backslashreplace")
        return _failed(safe, "file-name-encoding", "the file name is not valid UTF-8; rename the file")
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as error:  # dangling, or a loop
            return _failed(shown, "file-unreadable", f"the symlink cannot be followed: {error}")
        if not target.is_relative_to(root):
            return _failed(shown, "file-outside-source",
                           "a symlink to a file outside the source directory; not read")
    return None


def _jobs(paths: Sequence[Path | str], exclude: Sequence[str]) -> Iterator[tuple[Path, Path | None] | Document]:
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir() and not path.name.endswith(".md"):
            yield from _walk(path, seen, exclude)
        elif path.exists() or path.is_symlink():
            if path.absolute() not in seen:
                seen.add(path.absolute())
                yield path, None
        else:
            yield _failed(str(path), "file-unreadable", "no such file or directory")


# What a caller makes of each document where it is read (in the parse worker), so that only
# that crosses back; None: the document itself.
Then = Callable[[Document], Any] | None
_Job = tuple[Path, Path | None, str | None, Then]


def _read_job(job: _Job) -> Any:
    path, root, template, then = job
    document = read_document(path, root=root, doc_url_template=template)
    return document if then is None else then(document)


def _cpus() -> int:
    """CPUs this process may run on (not the host's count, which a container may not have)."""
    if hasattr(os, "sched_getaffinity"):
        return min(len(os.sched_getaffinity(0)), MAX_WORKERS)
    return min(os.cpu_count() or 1, MAX_WORKERS)


def _start_method() -> str:
    """fork while this process runs a single thread (`pmsync lint`, a one-shot sync): the
    workers start at once with the parser already imported. spawn otherwise (the daemon):
    a fork would copy locks that other threads hold at that moment."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _worker_started() -> None:
    """A parse worker keeps the collector off what it inherited or imported (gc.freeze) and
    collects young objects every 7,000 net allocations instead of 700: parsing makes many
    short-lived tokens and few cycles, and the worker ends when the batch does."""
    gc.freeze()
    gc.set_threshold(7000, 10, 10)
    # A forked worker holds copies of the pool's pipes, so it would never see them close:
    # it ends when pmsync does, even by kill -9, instead of waiting for work forever.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True).start()


def _end_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _parsed_in_workers(jobs: list[_Job], workers: int, method: str) -> Iterator[Any]:
    """Documents parsed by worker processes, in order, each as soon as it and those before it
    are done. Raises BrokenProcessPool, OSError or RuntimeError when the pool cannot run here
    (a missing `if __name__ == "__main__"` guard under spawn, a process limit)."""
    chunk = max(1, min(_MAX_CHUNK, len(jobs) // (workers * 8)))  # ≥ 8 tasks a worker: even loads
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context(method), initializer=_worker_started
    )
    try:
        yield from pool.map(_read_job, jobs, chunksize=chunk)
    finally:  # also when the caller stops early (a closed pipe): drop the tasks not started
        pool.shutdown(wait=True, cancel_futures=True)


def read_paths(
    paths: Sequence[Path | str],
    *,
    doc_url_template: str | None = None,
    workers: int | None = None,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
) -> list[Document]:
    """Documents for files as given and every *.md under directories (recursively, sorted)
    that no `exclude` glob names (syncer.exclude).

    Never raises for a bad file. `workers`: processes to parse with; None picks one per
    CPU for large batches (≥ PARALLEL_MIN_FILES files) and reads in-process otherwise.
    """
    return list(iter_paths(paths, doc_url_template=doc_url_template, workers=workers, exclude=exclude))


def iter_paths(
    paths: Sequence[Path | str],
    *,
    doc_url_template: str | None = None,
    workers: int | None = None,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    then: Then = None,
) -> Iterator[Any]:
    """read_paths one document at a time, in the same order; with `then`, what it returns for
    each document (called where the document is read; a picklable function)."""
    planned = plan_paths(paths, exclude)
    files = [job for job in planned if isinstance(job, tuple)]
    results = iter_files(files, doc_url_template=doc_url_template, workers=workers, then=then)
    for job in planned:
        if isinstance(job, Document):
            yield job if then is None else then(job)
        else:
            yield next(results)


def plan_paths(
    paths: Sequence[Path | str], exclude: Sequence[str] = DEFAULT_EXCLUDE
) -> list[tuple[Path, Path | None] | Document]:
    """(file, root) for every file to read, in order; problems found on the way as Documents."""
    return list(_jobs(paths, exclude))


def read_files(
    files: Sequence[tuple[Path, Path | None]],
    *,
    doc_url_template: str | None = None,
    workers: int | None = None,
) -> list[Document]:
    """One Document per (file, root), in order; see read_paths for `workers`."""
    return list(iter_files(files, doc_url_template=doc_url_template, workers=workers))


def iter_files(
    files: Sequence[tuple[Path, Path | None]],
    *,
    doc_url_template: str | None = None,
    workers: int | None = None,
    then: Then = None,
) -> Iterator[Any]:
    """read_files one document at a time, in the same order; `then` as for iter_paths."""
    jobs = [(path, root, doc_url_template, then) for path, root in files]
    method = _start_method()
    if workers is None:
        workers = _cpus() if len(jobs) >= PARALLEL_MIN_FILES[method] else 1
    done = 0
    if workers > 1 and len(jobs) > 1:
        try:
            for document in _parsed_in_workers(jobs, min(workers, len(jobs)), method):
                yield document
                done += 1
        except (BrokenProcessPool, OSError, RuntimeError):
            pass  # the pool cannot run here: the documents not yet read are read in-process
    for job in jobs[done:]:
        yield _read_job(job)
