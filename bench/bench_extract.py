"""Measure pmsync's action-item extraction on the real-world corpus (tests/data/realworld/).

Usage: .venv/bin/python bench/bench_extract.py [--details] [--json] [--corpus DIR]

Every document whose text is present (committed `<slug>.md`, or `cache/<slug>.md` downloaded by
tests/data/realworld/fetch.py) is read by the same code as `pmsync lint --json`, and the items it
yields are matched one to one with the hand annotation (the matching rule is documented in
tests/realworld.py). Printed per split (dev, holdout) and overall: documents, annotated items,
found items, matched items, recall, precision, documents without items that still yielded some,
and per-field accuracy over matched items whose annotation states the field; then, per split,
how many found items each way of finding them (`found_by`) took and how many of those were right,
so a fall in precision points at the mechanism that over-reaches without naming a document;
and where the false positives stood: in documents without action items, in a section that also
gave a right item (an item-level mistake) or in a section that gave none (a section-level one);
and, per split, how the ref, owner and due fields of matched items went wrong: none found where
the annotation states one, a different one found, or one found where the annotation states none
(counts only: the holdout split's say whether a change helps, never where to look); and, per
split, where the missed items stand (tests/realworld_misses.py): in a part pmsync took as an
action section, another part, or a document where it found nothing, by the kind of block
holding each (list entry, checkbox, table row, heading, paragraph, sentence in a paragraph).

`--details` lists, for the dev split only, each document's missed items, false positives and
wrong fields. The holdout split is only ever reported in aggregate: it is not for tuning.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.sources.markdown import read_paths  # noqa: E402
from tests.realworld import (  # noqa: E402
    CORPUS,
    FIELDS,
    MISMATCH_FIELDS,
    MISMATCHES,
    NO_ITEMS,
    WITH_RIGHT,
    WITHOUT_RIGHT,
    CorpusError,
    DocumentResult,
    Entry,
    Item,
    Score,
    as_found,
    false_positive_places,
    field_mismatches,
    load_corpus,
    score_document,
)
from tests.realworld_misses import BLOCK_KINDS, PLACES, miss_places  # noqa: E402

SPLITS = ("dev", "holdout")


def extract(path: Path) -> tuple[list[Item], list[str], list[str | None], list[int]]:
    """The items `pmsync lint --json` reports for one file, as scoring items, with how each was
    found, the section it came from and its line (read as lint reads it; the lint findings play
    no part in the score, so lint is not run)."""
    postmortem = read_paths([path])[0].postmortem
    if postmortem is None:
        return [], [], [], []
    items = postmortem.items
    return as_found(items), [i.found_by for i in items], [i.section for i in items], [i.line for i in items]


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _summary(score: Score) -> dict[str, object]:
    return {
        "documents": score.documents,
        "annotated": score.annotated,
        "found": score.found,
        "matched": score.matched,
        "recall": score.recall,
        "precision": score.precision,
        "empty_documents": score.empty_documents,
        "empty_with_items": score.empty_with_items,
        "fields": {
            name: {"right": right, "stated": stated, "accuracy": score.accuracy(name)}
            for name, (right, stated) in score.fields.items()
        },
    }


def _table(scores: dict[str, Score]) -> str:
    names = list(scores)
    rows = [
        ("documents", [str(s.documents) for s in scores.values()]),
        ("annotated items", [str(s.annotated) for s in scores.values()]),
        ("found items", [str(s.found) for s in scores.values()]),
        ("matched items", [str(s.matched) for s in scores.values()]),
        ("recall", [_rate(s.recall) for s in scores.values()]),
        ("precision", [_rate(s.precision) for s in scores.values()]),
        ("no-item docs with items", [f"{s.empty_with_items}/{s.empty_documents}" for s in scores.values()]),
    ]
    for name in FIELDS:
        rows.append((
            f"{name} accuracy",
            [f"{_rate(s.accuracy(name))} ({s.fields[name][0]}/{s.fields[name][1]})" for s in scores.values()],
        ))  # fmt: skip
    width = max(len(label) for label, _ in rows)
    cols = [max(len(n), *(len(r[1][k]) for r in rows)) for k, n in enumerate(names)]
    out = [" " * width + "  " + "  ".join(n.rjust(c) for n, c in zip(names, cols, strict=True))]
    for label, values in rows:
        out.append(label.ljust(width) + "  " + "  ".join(v.rjust(c) for v, c in zip(values, cols, strict=True)))
    return "\n".join(out)


def _by_mechanism(found: dict[str, Counter[str]], wrong: dict[str, Counter[str]], where: dict[str, Counter[str]]) -> str:
    """Found items and their precision per `found_by`, then where the false positives stood,
    one column per split."""
    kinds = sorted({kind for counts in found.values() for kind in counts})
    lines = ["found_by".ljust(28) + "".join(f"{name:>22}" for name in found)]
    for kind in kinds:
        cells = []
        for name, counts in found.items():
            total, right = counts[kind], counts[kind] - wrong[name][kind]
            cells.append(f"{right}/{total} " + (f"({right / total:.3f})" if total else "(-)"))
        lines.append(kind.ljust(28) + "".join(f"{cell:>22}" for cell in cells))
    lines.append("\nfalse positives in a".ljust(29) + "".join(f"{name:>22}" for name in where))
    for place in (NO_ITEMS, WITH_RIGHT, WITHOUT_RIGHT):
        lines.append(place.ljust(28) + "".join(f"{where[name][place]:>22}" for name in where))
    return "\n".join(lines)


def _mismatch_table(mismatches: dict[str, Counter[tuple[str, str]]]) -> str:
    """Per split, how each field of MISMATCH_FIELDS went wrong over matched items (counts only)."""
    width = max(len(f"{name} {kind}") for name in MISMATCH_FIELDS for kind in MISMATCHES)
    lines = ["field mismatches".ljust(width) + "".join(f"{name:>12}" for name in mismatches)]
    for name in MISMATCH_FIELDS:
        for kind in MISMATCHES:
            lines.append(f"{name} {kind}".ljust(width) + "".join(f"{c[name, kind]:>12}" for c in mismatches.values()))
    return "\n".join(lines)


def _miss_table(places: dict[str, Counter[tuple[str, str]]]) -> str:
    """Per split, the missed items by the kind of block holding them (rows) and the part of the
    document they stand in (columns: an action part, another part, a document where nothing was
    found, not located), counts only."""
    width = max(len(kind) for kind in (*BLOCK_KINDS, "missed items in a"))
    cols = [f"{place.split()[0]}" for place in PLACES] + ["all"]
    lines = [" " * width + "".join(f"{split:>{9 * len(cols)}}" for split in places)]
    lines.append("missed items in a".ljust(width) + "".join(f"{c:>9}" for _ in places for c in cols))
    for kind in (*BLOCK_KINDS, "all"):
        cells = []
        for counts in places.values():
            row = [sum(n for (p, k), n in counts.items() if p == place and kind in (k, "all")) for place in PLACES]
            cells += [*row, sum(row)]
        lines.append(kind.ljust(width) + "".join(f"{n:>9}" for n in cells))
    return "\n".join(lines)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _details(entry: Entry, predicted: list[Item], result: DocumentResult) -> list[str]:
    score = result.score
    lines = [f"{entry.slug}: {score.matched}/{score.annotated} found, {len(result.false_positives)} false positive(s)"]
    lines += [f"  missed: {_short(entry.items[i].text)}" for i in result.missed]
    lines += [f"  false positive: {_short(predicted[j].text)}" for j in result.false_positives]
    for i, j, name in result.wrong_fields:
        want, got = getattr(entry.items[i], name), getattr(predicted[j], name)
        lines.append(f"  {name}: want {want!r}, got {got!r}  ({_short(entry.items[i].text, 50)})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="per-document misses (dev split only)")
    parser.add_argument("--json", action="store_true", help="the aggregates as JSON")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="corpus directory")
    args = parser.parse_args(argv)
    try:
        entries = load_corpus(args.corpus)
    except CorpusError as error:
        print(f"bench_extract: {error}", file=sys.stderr)
        return 2
    scores = {name: Score() for name in (*SPLITS, "overall")}
    absent = {name: 0 for name in SPLITS}
    found_by: dict[str, Counter[str]] = {name: Counter() for name in SPLITS}
    wrong_by: dict[str, Counter[str]] = {name: Counter() for name in SPLITS}
    wrong_where: dict[str, Counter[str]] = {name: Counter() for name in SPLITS}
    mismatches: dict[str, Counter[tuple[str, str]]] = {name: Counter() for name in SPLITS}
    missed_at: dict[str, Counter[tuple[str, str]]] = {name: Counter() for name in SPLITS}
    details: list[str] = []
    for entry in entries:
        if entry.text_path is None:
            absent[entry.split] += 1
            continue
        predicted, ways, sections, lines = extract(entry.text_path)
        result = score_document(entry.items, predicted)
        scores[entry.split].add(result.score)
        scores["overall"].add(result.score)
        found_by[entry.split].update(ways)
        wrong_by[entry.split].update(ways[j] for j in result.false_positives)
        wrong_where[entry.split].update(false_positive_places(result, len(entry.items), sections))
        mismatches[entry.split].update(field_mismatches(entry.items, predicted, result))
        if result.missed:
            text = entry.text_path.read_text(encoding="utf-8", errors="replace")
            missed_at[entry.split].update(miss_places(text, [entry.items[i].text for i in result.missed], lines))
        if args.details and entry.split == "dev" and (result.missed or result.false_positives or result.wrong_fields):
            details.extend(_details(entry, predicted, result))
    if args.json:
        payload = {name: _summary(s) for name, s in scores.items()}
        payload["not_downloaded"] = absent
        payload["found_by"] = {
            name: {kind: {"found": n, "right": n - wrong_by[name][kind]} for kind, n in sorted(counts.items())}
            for name, counts in found_by.items()
        }
        payload["false_positives_in"] = {name: dict(counts) for name, counts in wrong_where.items()}
        payload["field_mismatches"] = {
            split: {name: {kind: counts[name, kind] for kind in MISMATCHES} for name in MISMATCH_FIELDS}
            for split, counts in mismatches.items()
        }
        payload["missed_items"] = {
            split: {place: {kind: counts[place, kind] for kind in BLOCK_KINDS} for place in PLACES}
            for split, counts in missed_at.items()
        }
        print(json.dumps(payload, indent=2))
        return 0
    organisations = len({e.organisation for e in entries if e.text_path is not None})
    print(f"real-world corpus {args.corpus}: {len(entries)} manifests, {organisations} organisations measured")
    if any(absent.values()):
        print(
            f"not downloaded (run tests/data/realworld/fetch.py): "
            f"dev {absent['dev']}, holdout {absent['holdout']}"
        )
    print()
    print(_table(scores))
    print()
    print(_by_mechanism(found_by, wrong_by, wrong_where))
    print()
    print(_mismatch_table(mismatches))
    print()
    print(_miss_table(missed_at))
    if details:
        print("\ndev split, per document:")
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
