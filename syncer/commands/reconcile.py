"""`pmsync reconcile`: rebuild the ledger's tickets from the trackers' markers (DESIGN §5)."""

from __future__ import annotations

import argparse
import sys

from syncer.app import build_engine, ledger_or_exit, load_or_exit
from syncer.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from syncer.reconcile import rebuild


def run(args: argparse.Namespace) -> int:
    settings = load_or_exit(args.config)
    with ledger_or_exit(settings) as ledger:
        engine = build_engine(settings, ledger)
        result = rebuild(engine)
    print(
        f"reconciled {result.found} pmsync tickets: {result.linked} linked to items, "
        f"{result.already} already known, {len(result.unknown)} not matching any item"
    )
    for ref in result.unknown:
        print(f"  no item for {ref}", file=sys.stderr)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    if result.fatal:
        return EXIT_USAGE
    return EXIT_FINDINGS if result.errors else EXIT_OK
