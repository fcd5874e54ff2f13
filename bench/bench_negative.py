"""Measure what pmsync takes for action items where a postmortem has none: the negative material
of the real-world corpus's development half (tests/data/realworld/).

Usage: .venv/bin/python bench/bench_negative.py [--details] [--trace] [--json]

Every postmortem tells its incident (summary, impact, timeline, root cause, what went wrong,
lessons, status updates) beside its commitments. The hand annotation says which items a
document holds; the parts of it (from one heading to the next) that hold none of them are
negative material. Three figures, over the development half only (the held-back half is for
bench_extract.py's aggregate alone):

- in context: items read out of the whole document whose line falls in a part without
  annotated items and that match no annotated item;
- as a notice: each document with the parts that hold its items cut out, read again: it now
  reads like an incident notice or status update without follow-ups, so every item it yields
  is taken on the narrative's evidence alone (and the documents that yield any);
- documents annotated with no items: the items they yield.

`--details` lists each item taken so; `--trace` adds, for every item of a document, how it was
found: the mechanism, its section and the section's heading score.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from syncer.mdtokens import TokenDoc, headings  # noqa: E402
from syncer.model import ActionItem  # noqa: E402
from syncer.parse import parse_document  # noqa: E402
from syncer.section_names import heading_score  # noqa: E402
from tests.realworld import CORPUS, Entry, load_corpus, match, tokens  # noqa: E402

_LOCATED = 0.8  # an annotated item lives in the parts that hold this share of its words


@dataclass
class Negative:
    documents: int = 0
    parts: int = 0  # parts without annotated items
    unlocated: int = 0  # annotated items no part holds (wrapped across parts, reworded)
    in_context: int = 0
    notices: int = 0  # documents with at least one part cut out
    notice_items: int = 0
    notices_with_items: int = 0
    empty_documents: int = 0
    empty_items: int = 0
    empty_with_items: int = 0
    details: list[str] = field(default_factory=list)


def _parts(text: str) -> list[tuple[int, int]]:
    """(first line, end line) of each part: the lines before the first heading, then each
    heading with the lines up to the next one (0-based, end exclusive)."""
    doc = TokenDoc(text, "x.md")
    starts = [h.line - 1 for h in headings(doc)]
    bounds = [0, *[s for s in starts if s > 0], len(doc.lines)]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def _part_of(parts: list[tuple[int, int]], line: int) -> int:
    return next((k for k, (a, b) in enumerate(parts) if a <= line - 1 < b), len(parts) - 1)


def _items(text: str, slug: str) -> list[ActionItem]:
    document = parse_document(text, f"{slug}.md")
    return list(document.postmortem.items) if document.postmortem else []


def _describe(item: ActionItem) -> str:
    section = item.section or "-"
    score = heading_score(section) if item.section else 0.0
    return f"[{item.found_by} · {section[:40]!r} {score:+.2f}] line {item.line}: {' '.join(item.text.split())[:90]}"


def measure(entry: Entry, text: str, score: Negative, *, trace: bool) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts = _parts(text)
    part_words = [tokens("\n".join(lines[a:b])) for a, b in parts]
    holding: set[int] = set()
    for item in entry.items:
        words = tokens(item.text)
        shares = [len(words & p) / len(words) if words else 0.0 for p in part_words]
        here = {k for k, share in enumerate(shares) if share >= _LOCATED}  # told again in a summary too
        holding |= here
        score.unlocated += not here
    found = _items(text, entry.slug)
    matched = {j for _, j in match([i.text for i in entry.items], [i.text for i in found])}
    score.documents += 1
    score.parts += len(parts) - len(holding)
    lines_out: list[str] = []
    if trace:
        lines_out += [f"  {'ok' if j in matched else 'FP'} {_describe(item)}" for j, item in enumerate(found)]
    if not entry.items:
        score.empty_documents += 1
        score.empty_items += len(found)
        score.empty_with_items += bool(found)
        if not trace:
            lines_out += [f"  no-item document: {_describe(item)}" for item in found]
    else:
        for j, item in enumerate(found):
            if j not in matched and _part_of(parts, item.line) not in holding:
                score.in_context += 1
                if not trace:
                    lines_out.append(f"  in context: {_describe(item)}")
        if holding:
            kept = [line for k, (a, b) in enumerate(parts) if k not in holding for line in lines[a:b]]
            notice = _items("\n".join(kept), entry.slug)
            restated = {j for _, j in match([i.text for i in entry.items], [i.text for i in notice])}
            notice = [item for j, item in enumerate(notice) if j not in restated]  # a commitment told twice
            score.notices += 1
            score.notice_items += len(notice)
            score.notices_with_items += bool(notice)
            lines_out += [f"  as a notice: {_describe(item)}" for item in notice]
    if lines_out:
        score.details.append(f"{entry.slug}:")
        score.details.extend(lines_out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="each item taken on negative material")
    parser.add_argument("--trace", action="store_true", help="how every item of a document was found")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="corpus directory")
    args = parser.parse_args(argv)
    score = Negative()
    for entry in load_corpus(args.corpus):
        if entry.split == "dev" and entry.text_path is not None:
            text = entry.text_path.read_bytes().decode("utf-8", errors="replace")
            measure(entry, text, score, trace=args.trace)
    figures = {
        "documents": score.documents,
        "negative_parts": score.parts,
        "unlocated_items": score.unlocated,
        "items_in_context": score.in_context,
        "notices": score.notices,
        "notice_items": score.notice_items,
        "notices_with_items": score.notices_with_items,
        "no_item_documents": score.empty_documents,
        "no_item_document_items": score.empty_items,
        "no_item_documents_with_items": score.empty_with_items,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    if args.details or args.trace:
        print("\n".join(score.details), end="\n\n")
    print(
        f"negative material, dev half: {score.documents} documents, {score.parts} parts without items "
        f"({score.unlocated} annotated items not located)\n"
        f"  taken in context:            {score.in_context}\n"
        f"  as a notice (items cut out): {score.notice_items} items, "
        f"{score.notices_with_items}/{score.notices} documents yield some\n"
        f"  documents without items:     {score.empty_items} items, "
        f"{score.empty_with_items}/{score.empty_documents} documents yield some\n"
        f"  total taken:                 {score.in_context + score.notice_items + score.empty_items}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
