"""Argument types shared by the subcommands' parsers. Light: the parser is built on every start."""

from __future__ import annotations

import argparse


def whole_number(text: str) -> int:
    """A count such as --limit: a whole number, 0 or more (-1 used to slice off the last)."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, not {text!r}")
    return number
