"""Ranking matches: word-level matches first, then substring-only, then pinyin.

Within a tier, a field-weighted BM25: each query group's occurrences in the block,
saturated (k1) and normalised by block length (b), weighted by the kind of block — a match
in a heading or title counts three times one in running text, a caption's less. The score
reported is monotonic with the order: tier 0 scores in (2, 3), tier 1 in (1, 2), pinyin in
(0, 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from search.doctable import DocTable
from search.matching import DocMatch

K1, B = 1.2, 0.75
KIND_WEIGHTS = {
    "title": 3.0, "heading": 3.0, "subtitle": 2.0, "summary": 1.5, "body": 1.0,
    "caption": 0.8, "byline": 0.5, "credit": 0.5, "image": 0.3,
}
WORD, SUBSTRING, PINYIN = 0, 1, 2


@dataclass
class Ranked:
    match: DocMatch
    tier: int
    score: float          # monotonic with rank; higher is better

    @property
    def kind_of_match(self) -> str:
        return "pinyin" if self.tier == PINYIN else "literal"


def bm25(match: DocMatch, table: DocTable, average_length: float) -> float:
    length = table.doc_length(match.doc)
    norm = K1 * (1 - B + B * length / average_length)
    saturated = sum(tf * (K1 + 1) / (tf + norm) for tf in match.group_tf)
    return KIND_WEIGHTS.get(table.kind(match.doc), 1.0) * saturated


def tier_of(match: DocMatch, word_aligned: bool) -> int:
    if not match.literal:
        return PINYIN
    return WORD if word_aligned else SUBSTRING


def rank(matches: list[DocMatch], tables: list[DocTable],
         is_word_aligned) -> list[Ranked]:
    """Order matches best first. `is_word_aligned(match) -> bool` decides tier 0 vs 1."""
    if not matches:
        return []
    total_length = sum(len(t.text) for t in tables)
    total_docs = sum(len(t) for t in tables) or 1
    average = max(1.0, total_length / total_docs)
    ranked = []
    for match in matches:
        table = tables[match.table]
        raw = bm25(match, table, average)
        tier = tier_of(match, is_word_aligned(match))
        ranked.append(Ranked(match, tier, (2 - tier) + raw / (raw + 1)))
    ranked.sort(key=lambda r: (-r.score, _reading_order(r.match, tables)))
    return ranked


def _reading_order(match: DocMatch, tables: list[DocTable]) -> tuple[str, int]:
    table = tables[match.table]
    return table.source(match.doc), table.seq[match.doc]
