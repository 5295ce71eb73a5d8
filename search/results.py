"""What a search returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.query import Query

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
    occurrences: int = 0                                   # highlighted spans, all blocks
    # Every matching block → its spans, in reading order (corpus order of blocks).
    matches: dict[str, list[Span]] = field(default_factory=dict)
    section_counts: dict[str, int] = field(default_factory=dict)  # section id → occurrences
    mode: str = "index"                                    # "index" or "scan"
    elapsed_ms: float = 0.0

    @property
    def notice(self) -> str | None:
        return self.query.notice

    def occurrence_list(self) -> list[tuple[str, Span]]:
        """Every occurrence as (block id, span), in reading order: what n/N step through."""
        return [(block_id, span) for block_id, spans in self.matches.items() for span in spans]
