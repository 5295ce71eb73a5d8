"""Words for counts and places, shared by the app and the command line."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 article`, `2 articles`; `1 match`, `2 matches` (given as `nouns`)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def short_place(place_id: str) -> str:
    """`000_0ca8ddae1a5cdd31:3/16` → `000:3/16`: the file's number and the section's or block's
    place (what `tanwen show` accepts, as a unique prefix)."""
    article, _, place = place_id.partition(":")
    prefix = article.split("_", 1)[0]
    return f"{prefix}:{place}" if prefix and place else place_id
