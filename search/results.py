"""What a search returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from tanwen.search.query import Query

Span = tuple[int, int]


@dataclass
class Hit:
    """A matching block, with the character offsets of its matches in `text`."""

    block_id: str
    section_id: str
    source: str
    section: list[str]          # the section's path of labels
    kind: str
    text: str                   # the block's displayed text
    spans: list[Span]
    score: float
    match: str                  # "literal" or "pinyin"

    def as_record(self) -> dict:
        return {
            "source": self.source, "section_id": self.section_id, "section": self.section,
            "block_id": self.block_id, "kind": self.kind, "text": self.text,
            "spans": [list(span) for span in self.spans], "score": round(self.score, 4),
            "match": self.match,
        }


@dataclass
class SearchResults:
    query: Query
    hits: list[Hit] = field(default_factory=list)          # best first, at most `limit`
    total: int = 0                                         # matching blocks
    mode: str = "index"                                    # "index" or "scan"
    elapsed_ms: float = 0.0
    # Yields (block id, section id, spans) for every match in reading order; called once,
    # on first use of `matches`, `section_counts` or `occurrences`.
    _collect: Callable[[], list[tuple[str, str, list[Span]]]] | None = field(default=None, repr=False)
    # Counts every match's spans without collecting them (what a summary line needs).
    _count: Callable[[], int] | None = field(default=None, repr=False)

    @property
    def notice(self) -> str | None:
        return self.query.notice

    @cached_property
    def _all(self) -> list[tuple[str, str, list[Span]]]:
        return self._collect() if self._collect else []

    @cached_property
    def matches(self) -> dict[str, list[Span]]:
        """Every matching block → its spans, in reading order (corpus order of blocks)."""
        return {block_id: spans for block_id, _, spans in self._all}

    @cached_property
    def section_counts(self) -> dict[str, int]:
        """Section id → matches in that section's own blocks (a block without spans: 1)."""
        counts: dict[str, int] = {}
        for _, section_id, spans in self._all:
            counts[section_id] = counts.get(section_id, 0) + max(1, len(spans))
        return counts

    @cached_property
    def occurrences(self) -> int:
        """Hits, counted as `section_counts` counts them."""
        if self._count is not None and "_all" not in self.__dict__:
            return self._count()
        return sum(max(1, len(spans)) for _, _, spans in self._all)

    def occurrence_list(self) -> list[tuple[str, Span]]:
        """Every occurrence as (block id, span), in reading order: what n/N step through.
        A block matched without a highlighted span (`-北京`, `kind:caption`) is one
        occurrence, at its start: (0, 0)."""
        return [(block_id, span) for block_id, spans in self.matches.items() for span in spans or [(0, 0)]]
