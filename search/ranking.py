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
from search.matching import DocMatch, TableMatches

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


def top(found: list[TableMatches], tables: list[DocTable], aligned: list[set[int] | None],
        reading_rank, limit: int | None) -> list[Ranked]:
    """The best `limit` matches (all if None), best first.

    `aligned[t]` holds the blocks of table t whose words include the query's (tier 0 vs 1;
    None: all of them do); `reading_rank(table, doc)` orders ties. Scores are computed a
    column at a time (list comprehensions): a common word matches thousands of blocks.
    """
    total_docs = sum(len(t) for t in tables) or 1
    average = max(1.0, sum(len(t.text) for t in tables) / total_docs)
    k1_plus_1, length_factor, base = K1 + 1, K1 * B / average, K1 * (1 - B)
    candidates: list[tuple[float, int, int, int]] = []     # (score, table, doc, tier)
    for matches in found:
        if not matches.docs:
            continue
        table = tables[matches.table]
        starts, kinds, docs = table.starts, table.kinds, matches.docs
        norms = [base + length_factor * (starts[d + 1] - starts[d] - 1) for d in docs]
        raw = [0.0] * len(docs)
        for tfs in matches.group_tf:
            raw = [r + tf * k1_plus_1 / (tf + n) for r, tf, n in zip(raw, tfs, norms)]
        raw = [r * _WEIGHT_BY_KIND_INDEX[kinds[d]] for r, d in zip(raw, docs)]
        table_aligned, pinyin = aligned[matches.table], matches.pinyin_only
        tiers = [PINYIN if d in pinyin else WORD if table_aligned is None or d in table_aligned
                 else SUBSTRING for d in docs]
        candidates += [((2 - t) + r / (r + 1), matches.table, d, t)
                       for r, d, t in zip(raw, docs, tiers)]
    if limit is not None and limit < len(candidates):
        candidates = heapq.nlargest(limit, candidates, key=lambda c: c[0])
    candidates.sort(key=lambda c: (-c[0], reading_rank(c[1], c[2])))
    if limit is not None:
        candidates = candidates[:limit]
    return [Ranked(DocMatch(table, doc), tier, score) for score, table, doc, tier in candidates]
