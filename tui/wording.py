"""Words for counts, shared by the app and the command line."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 article`, `2 articles`; `1 match`, `2 matches` (given as `nouns`)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
