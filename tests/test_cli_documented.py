"""Every command the CLI offers is documented in the README (as sqlite-utils checks its commands)."""

from __future__ import annotations

import argparse

from marsad.cli.main import build_parser
from tests.conftest import ROOT


def test_cli_documented_every_command_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = [
        name
        for action in parser._actions  # argparse keeps its sub-parsers here
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    ]
    assert commands
    missing = [name for name in commands if f"marsad {name}" not in readme]
    assert missing == [], f"commands not in README.md: {missing}"
