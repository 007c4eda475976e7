"""The ``marsad`` entry point: builds the argument parser from one module per command."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module exposes ``register(subparsers)`` which adds its parser and sets ``func``,
# a callable taking the parsed namespace and returning the exit status.
COMMAND_MODULES: tuple[str, ...] = (
    "marsad.cli.extract",
    "marsad.cli.lookup",
    "marsad.cli.ner",
    "marsad.cli.train",
    "marsad.cli.evaluate",
    "marsad.cli.watch",
    "marsad.cli.ingest",
    "marsad.cli.events",
    "marsad.cli.export_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Arabic-first conflict-event monitor: structured events with evidence from Arabic news.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    status: int = func(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
