"""`pmsync completion SHELL`: a completion script generated from the parser itself.

shtab writes bash, zsh and fish scripts from the argparse definition, so completion
never drifts from the options pmsync really has.
"""

from __future__ import annotations

import argparse

import shtab

from syncer.cli import EXIT_OK, build_parser

_FILE_ARGUMENTS = {"config", "paths", "html"}  # completed with file names


def _mark_files(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:  # argparse offers no public walk over actions
        if action.dest in _FILE_ARGUMENTS:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _mark_files(sub)


def run(args: argparse.Namespace) -> int:
    parser = build_parser()
    _mark_files(parser)
    print(shtab.complete(parser, shell=args.shell), end="")
    return EXIT_OK
