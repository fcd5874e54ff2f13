"""Measure how robust pmsync's action-item extraction is to the ways real authors write.

Usage: .venv/bin/python bench/bench_robust.py [--seed N] [--kind SUBSTRING] [--details KIND] [--json]

Takes the DEV half of the real-world corpus (tests/data/realworld/; the held-back half is never
read here) with its hand annotation, rewrites each document in meaning-preserving ways real
authors also produce (tests/perturbations.py: the action heading renamed to a name pmsync's
lexicon lacks or to "Part 4", made a bold label; other list markers, plain-text bullets,
checkboxes, one paragraph per item, a table whose headers pmsync may not know; deadlines,
owners and tickets written in other forms; invisible characters, HTML from exports, CRLF), and
scores each rewrite as bench_extract.py scores the corpus. Each kind is reported on the
documents it applies to, next to the unperturbed score of the same documents in the same run,
with the accuracy of the field the rewrite writes. Deterministic: one seed, one result.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.sources.markdown import document_from_bytes  # noqa: E402
from syncer.field_names import column_role  # noqa: E402
from syncer.section_items import MODERATE  # noqa: E402
from syncer.section_names import heading_score  # noqa: E402
from tests.perturbations import kinds, layout  # noqa: E402
from tests.realworld import CORPUS, CorpusError, Item, Score, as_found, load_corpus, score_document  # noqa: E402

_FIELD_OF = {"due": "due", "owner": "owner", "ref": "ref"}


def extract(text: str, name: str) -> list[Item]:
    """The items `pmsync lint --json` reports for a file holding `text`."""
    postmortem = document_from_bytes(text.encode("utf-8"), name).postmortem
    return [] if postmortem is None else as_found(postmortem.items)


def _rate(value: float | None) -> str:
    return "    -" if value is None else f"{value:.3f}"


def run(seed: int, only: str | None, details: str | None) -> tuple[dict[str, dict[str, object]], Score, list[str]]:
    entries = [e for e in load_corpus(CORPUS) if e.split == "dev" and e.text_path is not None]
    texts = {e.slug: e.text_path.read_text(encoding="utf-8") for e in entries}  # type: ignore[union-attr]
    layouts = {e.slug: layout(texts[e.slug], e.items) for e in entries}
    baseline = {e.slug: score_document(e.items, extract(texts[e.slug], f"{e.slug}.md")).score for e in entries}
    overall = Score()
    for score in baseline.values():
        overall.add(score)
    rewrites = kinds(
        known_heading=lambda name: heading_score(name) >= MODERATE,
        known_column=lambda name: column_role(name) is not None,
    )
    report: dict[str, dict[str, object]] = {}
    lines: list[str] = []
    for kind, rewrite in rewrites.items():
        if only and only not in kind:
            continue
        before, after = Score(), Score()
        touched = 0
        for entry in entries:
            rng = random.Random(f"{seed}:{kind}:{entry.slug}")
            rewritten = rewrite(layouts[entry.slug], entry.items, rng)
            if rewritten is None:
                continue
            predicted = extract(rewritten.text, f"{entry.slug}.md")
            result = score_document(rewritten.items, predicted)
            before.add(baseline[entry.slug])
            after.add(result.score)
            touched += rewritten.touched
            if details and details == kind and (result.missed or result.false_positives or result.wrong_fields):
                lines.append(f"{entry.slug}: {result.score.matched}/{result.score.annotated}")
                lines += [f"  missed: {rewritten.items[i].text[:90]}" for i in result.missed]
                lines += [f"  false positive: {predicted[j].text[:90]}" for j in result.false_positives]
                lines += [
                    f"  {name}: want {getattr(rewritten.items[i], name)!r}, got {getattr(predicted[j], name)!r}"
                    for i, j, name in result.wrong_fields
                ]
        field = _FIELD_OF.get(kind.split(":")[0])
        report[kind] = {
            "documents": after.documents, "items": after.annotated, "touched": touched,
            "recall": (before.recall, after.recall), "precision": (before.precision, after.precision),
            "field": field, "field_accuracy": after.accuracy(field) if field else None,
            "field_counts": after.fields[field] if field else None,
            "fields": {name: after.accuracy(name) for name in ("owner", "due", "ref")},
        }  # fmt: skip
    return report, overall, lines


def _table(report: dict[str, dict[str, object]], overall: Score) -> str:
    out = [
        f"unperturbed dev: {overall.documents} documents, {overall.annotated} items, recall "
        f"{_rate(overall.recall)}, precision {_rate(overall.precision)}, owner {_rate(overall.accuracy('owner'))}, "
        f"due {_rate(overall.accuracy('due'))}, ref {_rate(overall.accuracy('ref'))}",
        "",
        f"{'kind':34} {'docs':>4} {'items':>5}  {'recall':>15}  {'precision':>15}  {'owner':>5} {'due':>5} {'ref':>5}"
        "  field written",
    ]
    recalls, precisions = [], []
    for kind, row in report.items():
        (r0, r1), (p0, p1) = row["recall"], row["precision"]  # type: ignore[misc]
        field = row["field"]
        written = ""
        if field:
            right, stated = row["field_counts"]  # type: ignore[misc]
            written = f"{field} {_rate(row['field_accuracy'])} ({right}/{stated})"  # type: ignore[arg-type]
        out.append(
            f"{kind:34} {row['documents']:>4} {row['items']:>5}  {_rate(r0)} → {_rate(r1)}  "
            f"{_rate(p0)} → {_rate(p1)}  "
            + " ".join(_rate(row["fields"][name]) for name in ("owner", "due", "ref"))  # type: ignore[index]
            + f"  {written}"
        )
        if r1 is not None and p1 is not None:
            recalls.append(r1)
            precisions.append(p1)
    if recalls:
        out.append(
            f"\n{'mean over kinds':34} {'':>4} {'':>5}  {'':>8}{sum(recalls) / len(recalls):.3f}  "
            f"{'':>8}{sum(precisions) / len(precisions):.3f}   worst recall {min(recalls):.3f}, "
            f"worst precision {min(precisions):.3f}"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1, help="seed of the rewrites (default 1)")
    parser.add_argument("--kind", help="only the kinds whose name contains this")
    parser.add_argument("--details", metavar="KIND", help="per-document misses of one kind (dev only)")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args(argv)
    try:
        report, overall, lines = run(args.seed, args.kind, args.details)
    except CorpusError as error:
        print(f"bench_robust: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"unperturbed": {"recall": overall.recall, "precision": overall.precision},
                          "kinds": report}, indent=2))
        return 0
    print(_table(report, overall))
    if lines:
        print(f"\n{args.details}, per document:")
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
