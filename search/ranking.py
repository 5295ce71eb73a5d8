"""Ranking matches: word-level matches first, then substring-only, then pinyin.

Within a tier, a field-weighted BM25: each query group's occurrences in the block,
saturated (k1) and normalised by block length (b), weighted by the kind of block — a match
in a heading or title counts three times one in running text, a caption's less. The score
reported is monotonic with the order: word-level scores are in (2, 3), substring-only in
(1, 2), pinyin in (0, 1). Ties go to reading order.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from search.doctable import KINDS, DocTable
from search.matching import DocMatch

K1, B = 1.2, 0.75
KIND_WEIGHTS = {
    "title": 3.0, "heading": 3.0, "subtitle": 2.0, "summary": 1.5, "body": 1.0,
    "caption": 0.8, "byline": 0.5, "credit": 0.5, "image": 0.3,
}
_WEIGHT_BY_KIND_INDEX = [KIND_WEIGHTS.get(kind, 1.0) for kind in KINDS]
WORD, SUBSTRING, PINYIN = 0, 1, 2


@dataclass
class Ranked:
    match: DocMatch
    tier: int
    score: float          # monotonic with rank; higher is better

    @property
    def kind_of_match(self) -> str:
        return "pinyin" if self.tier == PINYIN else "literal"


def top(matches: list[DocMatch], tables: list[DocTable], is_word_aligned, reading_rank,
        limit: int | None) -> list[Ranked]:
    """The best `limit` matches (all if None), best first.

    `is_word_aligned(match) -> bool` decides tier 0 vs 1; `reading_rank(match)` orders ties.
    """
    if not matches:
        return []
    total_docs = sum(len(t) for t in tables) or 1
    average = max(1.0, sum(len(t.text) for t in tables) / total_docs)
    scored = []
    for match in matches:
        table = tables[match.table]
        starts = table.starts
        length = starts[match.doc + 1] - starts[match.doc] - 1
        norm = K1 * (1 - B + B * length / average)
        raw = _WEIGHT_BY_KIND_INDEX[table.kinds[match.doc]] * sum(
            tf * (K1 + 1) / (tf + norm) for tf in match.group_tf)
        tier = PINYIN if not match.literal else (WORD if is_word_aligned(match) else SUBSTRING)
        scored.append(((2 - tier) + raw / (raw + 1), match, tier))
    if limit is not None and limit < len(scored):
        # Keep a margin for ties, then order those by reading order.
        scored = heapq.nlargest(limit, scored, key=lambda item: item[0])
    scored.sort(key=lambda item: (-item[0], reading_rank(item[1])))
    if limit is not None:
        scored = scored[:limit]
    return [Ranked(match, tier, score) for score, match, tier in scored]
