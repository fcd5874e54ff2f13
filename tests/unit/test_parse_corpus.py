"""The parser against a corpus of postmortems written in the styles real teams publish.

Every expected item in tests/data/corpus/expected.json was written by hand from the
documents; the test pins each field, then measures recall/precision over the corpus.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

import pytest

from syncer.model import ActionItem, Postmortem
from syncer.parse import parse_document

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
ITEM_FIELDS = ("text", "owner", "due", "due_text", "priority", "raw_priority", "verify", "type", "ref", "done")


@functools.cache
def _parse(name: str) -> tuple[Postmortem, tuple]:
    path = CORPUS / name
    document = parse_document(path.read_text(encoding="utf-8"), f"corpus/{name}")
    assert document.postmortem is not None
    return document.postmortem, document.findings


def _as_expected(item: ActionItem) -> dict:
    values = {name: getattr(item, name) for name in ITEM_FIELDS}
    values["due"] = item.due.isoformat() if isinstance(item.due, date) else None
    return values


def test_every_corpus_document_has_expectations() -> None:
    documents = sorted(path.name for path in CORPUS.glob("*.md"))
    assert documents == sorted(EXPECTED)
    assert len(documents) >= 10


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_postmortem_fields(name: str) -> None:
    postmortem, _ = _parse(name)
    expected = EXPECTED[name]["postmortem"]
    assert postmortem.id == expected["id"]
    assert postmortem.id_explicit is expected["id_explicit"]
    assert postmortem.title == expected["title"]
    assert postmortem.date == date.fromisoformat(expected["date"])
    assert postmortem.review_date == date.fromisoformat(expected["review_date"])
    assert postmortem.severity == expected["severity"]
    assert postmortem.team == expected["team"]
    assert list(postmortem.services) == expected["services"]
    assert list(postmortem.related) == expected["related"]
    assert postmortem.status == expected["status"]
    assert postmortem.path == f"corpus/{name}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_findings(name: str) -> None:
    _, findings = _parse(name)
    got = [{"rule": f.rule, "severity": f.severity, "line": f.line} for f in findings]
    assert got == EXPECTED[name]["findings"]
    assert all(f.path == f"corpus/{name}" for f in findings)


@pytest.mark.parametrize(
    ("name", "index"),
    [(name, index) for name in sorted(EXPECTED) for index in range(len(EXPECTED[name]["items"]))],
)
def test_item(name: str, index: int) -> None:
    postmortem, _ = _parse(name)
    expected = EXPECTED[name]["items"][index]
    item = postmortem.items[index]
    assert _as_expected(item) == {field: expected[field] for field in ITEM_FIELDS}
    assert item.item_id == expected["item_id"]
    assert item.explicit_id is expected.get("explicit_id", False)
    assert item.key == f"{postmortem.id}/{expected['item_id']}"
    assert item.postmortem_id == postmortem.id


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_item_lines_point_at_the_item(name: str) -> None:
    postmortem, _ = _parse(name)
    lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    assert len(postmortem.items) == len(EXPECTED[name]["items"])
    for item in postmortem.items:
        assert item.text.split()[0] in lines[item.line - 1]


def test_recall_and_precision_over_the_corpus() -> None:
    expected_items = found_items = matched = 0
    for name, spec in EXPECTED.items():
        postmortem, _ = _parse(name)
        wanted = [(item["text"], item["owner"]) for item in spec["items"]]
        got = [(item.text, item.owner) for item in postmortem.items]
        expected_items += len(wanted)
        found_items += len(got)
        remaining = list(wanted)
        for pair in got:
            if pair in remaining:
                remaining.remove(pair)
                matched += 1
    recall, precision = matched / expected_items, matched / found_items
    assert expected_items >= 50
    assert recall >= 0.95, f"recall {recall:.3f}"
    assert precision >= 0.95, f"precision {precision:.3f}"


def test_sections_cover_every_heading() -> None:
    postmortem, _ = _parse("google-sre-search-index.md")
    titles = [(s.level, s.title) for s in postmortem.sections]
    assert titles[:3] == [(1, "Search Index Rollout Postmortem (incident #1187)"), (2, "Summary"), (2, "Impact")]
    assert (3, "What went well") in titles
    root = next(s for s in postmortem.sections if s.title == "Root Causes")
    assert "rollout tool pushed index and binary independently" in root.text
    assert "Borgmon" not in root.text  # stops at the next heading of the same level
    lessons = next(s for s in postmortem.sections if s.title == "Lessons Learned")
    assert "The alert fired within seven minutes." in lessons.text  # sub-sections belong to it
