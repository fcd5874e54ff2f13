"""Reading postmortems from disk: one bad file never stops the others."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from adapters.sources import markdown
from adapters.sources.markdown import MAX_BYTES, iter_paths, read_document, read_paths
from syncer.model import Document

GOOD = "---\nid: {id}\ndate: 2026-03-04\n---\n# Title {id}\n\n## Action Items\n\n- Add alert. Owner: @alice. Due: Friday.\n"


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _by_name(documents: list[Document]) -> dict[str, Document]:
    return {Path(d.path).name: d for d in documents}


def _rules(document: Document) -> list[tuple[str, str, int | None]]:
    return [(f.rule, f.severity, f.line) for f in document.findings]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "postmortems"
    _write(root / "a-good.md", GOOD.format(id="A"))
    _write(root / "b-latin1.md", GOOD.format(id="B").encode() + b"- Caf\xe9 owner: @b\n")
    _write(root / "c-binary.md", b"# T\n\x00\x01\x02 binary\n")
    _write(root / "d-huge.md", b"#" * (MAX_BYTES + 1))
    _write(root / "e-yaml.md", "---\nid: [E\n---\n# T\n## Action Items\n- X\n")
    _write(
        root / "f-cells.md",
        "# T\n## Action Items\n| Action | Owner | Due |\n|---|---|---|\n| Short row | @a |\n| Long | @b | Friday | x |\n",
    )
    _write(root / "g-empty-section.md", "# T\n## Action Items\n## Lessons\nNone.\n")
    (root / "h-dir.md").mkdir()
    _write(root / "sub" / "z-nested.md", GOOD.format(id="Z"))
    _write(root / ".git" / "hidden.md", GOOD.format(id="H"))
    _write(root / "notes.txt", "not markdown")
    return root


def test_every_file_is_read_and_bad_ones_become_findings(tree: Path) -> None:
    documents = read_paths([tree])
    names = [Path(d.path).name for d in documents]
    assert names == [
        "a-good.md", "b-latin1.md", "c-binary.md", "d-huge.md", "e-yaml.md", "f-cells.md",
        "g-empty-section.md", "h-dir.md", "z-nested.md",
    ]  # fmt: skip
    docs = _by_name(documents)

    good = docs["a-good.md"]
    assert good.findings == () and good.postmortem is not None
    assert [i.key for i in good.postmortem.items] == ["A/1"]
    assert good.path == str(tree / "a-good.md")

    latin1 = docs["b-latin1.md"]
    assert _rules(latin1) == [("encoding", "error", 10)]
    assert "0xe9" in latin1.findings[0].message
    assert latin1.postmortem is not None and latin1.postmortem.id == "B"  # still parsed
    assert [i.text for i in latin1.postmortem.items] == ["Add alert", "Caf\ufffd"]

    assert _rules(docs["c-binary.md"]) == [("file-binary", "error", 2)]
    assert docs["c-binary.md"].postmortem is None
    assert _rules(docs["d-huge.md"]) == [("file-too-large", "error", None)]
    assert docs["d-huge.md"].postmortem is None
    assert _rules(docs["e-yaml.md"]) == [("front-matter", "error", 2)]
    assert docs["e-yaml.md"].postmortem is not None
    assert _rules(docs["f-cells.md"]) == [("table-cells", "warning", 5), ("table-cells", "warning", 6)]
    assert _rules(docs["g-empty-section.md"]) == [("section-empty", "error", 2)]
    assert _rules(docs["h-dir.md"]) == [("file-unreadable", "error", None)]
    assert docs["h-dir.md"].postmortem is None
    assert docs["z-nested.md"].postmortem is not None
    for document in documents:
        assert all(f.path == document.path for f in document.findings)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    locked = _write(tmp_path / "locked.md", GOOD.format(id="L"))
    _write(tmp_path / "open.md", GOOD.format(id="O"))
    locked.chmod(0)
    try:
        docs = _by_name(read_paths([tmp_path]))
    finally:
        locked.chmod(0o644)
    assert _rules(docs["locked.md"]) == [("file-unreadable", "error", None)]
    assert "Permission denied" in docs["locked.md"].findings[0].message
    assert docs["open.md"].findings == ()


def test_missing_path_and_files_given_directly(tmp_path: Path) -> None:
    one = _write(tmp_path / "one.md", GOOD.format(id="ONE"))
    other = _write(tmp_path / "other.markdown", GOOD.format(id="OTHER"))
    documents = read_paths([tmp_path / "missing.md", str(one), other, one])
    assert [Path(d.path).name for d in documents] == ["missing.md", "one.md", "other.markdown"]
    assert _rules(documents[0]) == [("file-unreadable", "error", None)]
    assert documents[1].postmortem is not None and documents[2].postmortem is not None


def test_directory_walk_is_sorted_and_deduplicated(tmp_path: Path) -> None:
    for name in ["b/2.md", "a/9.md", "a/10.md", "c.md", "a.md"]:
        _write(tmp_path / name, GOOD.format(id=name.replace("/", "-")))
    documents = read_paths([tmp_path, tmp_path / "a", tmp_path / "c.md"])
    relative = [Path(d.path).relative_to(tmp_path).as_posix() for d in documents]
    assert relative == ["a.md", "a/10.md", "a/9.md", "b/2.md", "c.md"]
    assert read_paths([tmp_path]) == documents


def test_doc_url_template(tmp_path: Path) -> None:
    _write(tmp_path / "2026" / "db.md", GOOD.format(id="INC-7"))
    template = "https://git.example.com/sre/pm/blob/main/{path}?id={id}"
    (document,) = read_paths([tmp_path], doc_url_template=template)
    assert document.postmortem is not None
    assert document.postmortem.doc_url == "https://git.example.com/sre/pm/blob/main/2026/db.md?id=INC-7"
    direct = read_document(tmp_path / "2026" / "db.md", root=tmp_path / "2026", doc_url_template="u/{path}")
    assert direct.postmortem is not None and direct.postmortem.doc_url == "u/db.md"
    no_template = read_document(tmp_path / "2026" / "db.md")
    assert no_template.postmortem is not None and no_template.postmortem.doc_url is None


def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    _write(tmp_path / "ok.md", GOOD.format(id="OK"))
    docs = _by_name(read_paths([tmp_path]))
    assert _rules(docs["pipe.md"]) == [("file-unreadable", "error", None)]
    assert "not a regular file" in docs["pipe.md"].findings[0].message
    assert docs["ok.md"].findings == ()


def test_broken_symlink_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (document,) = read_paths([tmp_path])
    assert _rules(document) == [("file-unreadable", "error", None)]


def test_byte_order_mark_and_exact_size_limit(tmp_path: Path) -> None:
    bom = _write(tmp_path / "bom.md", b"\xef\xbb\xbf" + GOOD.format(id="BOM").encode())
    document = read_document(bom)
    assert document.findings == () and document.postmortem is not None and document.postmortem.id == "BOM"
    text = GOOD.format(id="MAX").encode()
    limit = _write(tmp_path / "limit.md", text + b" " * (MAX_BYTES - len(text)))
    assert read_document(limit).findings == ()


def test_worker_processes_give_the_same_documents(tree: Path) -> None:
    assert read_paths([tree], workers=2) == read_paths([tree], workers=1)


def _path_and_rules(document: Document) -> tuple[str, list[tuple[str, str, int | None]]]:
    return document.path, _rules(document)  # at module level: a worker imports it by name


def test_what_then_makes_of_each_document_crosses_back_in_order(tree: Path) -> None:
    given = [tree, tree / "missing.md"]  # a missing path's Document is made in the caller: it gets `then` too
    expected = [_path_and_rules(d) for d in read_paths(given, workers=1)]
    assert expected[-1] == (str(tree / "missing.md"), [("file-unreadable", "error", None)])
    assert list(iter_paths(given, workers=2, then=_path_and_rules)) == expected
    assert list(iter_paths(given, workers=1, then=_path_and_rules)) == expected


def test_with_other_threads_running_the_workers_are_spawned_not_forked(tree: Path) -> None:
    assert markdown._start_method() in ("fork", "spawn")
    release = threading.Event()
    other = threading.Thread(target=release.wait)  # the daemon's threads, as a fork would copy them
    other.start()
    try:
        assert markdown._start_method() == "spawn"
        assert read_paths([tree], workers=2) == read_paths([tree], workers=1)
    finally:
        release.set()
        other.join()


_KILLED_MID_PARSE = """
import multiprocessing, sys, time
from pathlib import Path
from adapters.sources.markdown import iter_files
documents = iter_files([(p, None) for p in sorted(Path(sys.argv[1]).glob("*.md"))], workers=2)
next(documents)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(600)
"""


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie no one reaps has ended


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_workers_end_with_a_pmsync_killed_mid_parse(tmp_path: Path) -> None:
    for n in range(80):
        _write(tmp_path / f"pm-{n:02}.md", GOOD.format(id=f"INC-{n}"))
    root = Path(markdown.__file__).parents[2]
    script = subprocess.Popen(
        [sys.executable, "-c", _KILLED_MID_PARSE, str(tmp_path)], cwd=root, stdout=subprocess.PIPE, text=True
    )
    assert script.stdout is not None
    workers = [int(pid) for pid in script.stdout.readline().split()]
    script.kill()
    script.wait()
    assert workers
    for _ in range(600):  # they end at once; the bound only keeps a regression from hanging
        if not any(_running(pid) for pid in workers):
            break
        time.sleep(0.1)
    leftover = [pid for pid in workers if _running(pid)]
    for pid in leftover:
        os.kill(pid, signal.SIGKILL)
    assert leftover == []


def test_documents_a_broken_pool_left_unread_are_read_in_process(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()

    def a_worker_dies_on_one_file(path: Path, **options: object) -> Document:
        if os.getpid() != parent and path.name == "e-yaml.md":
            os._exit(1)  # killed mid-way (out of memory, a signal): the pool breaks
        return read_document(path, **options)  # type: ignore[arg-type]

    # forked workers see the patched module; spawned ones import it afresh and never die
    monkeypatch.setattr(markdown, "read_document", a_worker_dies_on_one_file)
    streamed = iter_paths([tree], workers=2)
    first = next(streamed)  # the first documents may already have come from the workers
    assert [first, *streamed] == read_paths([tree], workers=1)


def test_a_pool_that_cannot_start_falls_back_to_reading_in_process(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class NoProcesses:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(markdown, "ProcessPoolExecutor", NoProcesses)
    assert read_paths([tree], workers=2) == read_paths([tree], workers=1)


def test_unreadable_directory_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "ok.md", GOOD.format(id="OK"))
    real_walk = os.walk

    def walk_with_error(top: str, onerror=None, **kwargs: object):  # type: ignore[no-untyped-def]
        assert onerror is not None
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "secret")))
        yield from real_walk(top, onerror=onerror, **kwargs)

    monkeypatch.setattr(os, "walk", walk_with_error)
    documents = read_paths([tmp_path])
    assert [(Path(d.path).name, _rules(d)) for d in documents] == [
        ("secret", [("file-unreadable", "error", None)]), ("ok.md", []),
    ]  # fmt: skip
