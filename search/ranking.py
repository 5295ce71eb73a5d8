"""Ranking matches: word-level matches first, then substring-only, then pinyin.

Within a tier, a field-weighted BM25: each query group's occurrences in the block,
saturated (k1) and normalised by block length (b), weighted by the kind of block — a match
in a heading or title counts three times one in running text, a caption's less. The score
reported is monotonic with the order: word-level scores are in (2, 3), substring-only in
(1, 2), pinyin in (0, 1). Ties go to reading order.
"""

from __future__ import annotations

from dataclasses import dataclass

from tanwen.search.doctable import KINDS, DocTable
from tanwen.search.grams import in_sorted
from tanwen.search.matching import DocMatch, TableMatches
from tanwen.search.numpy_lean import np

K1, B = 1.2, 0.75
KIND_WEIGHTS = {
    "title": 3.0, "heading": 3.0, "subtitle": 2.0, "summary": 1.5, "body": 1.0,
    "caption": 0.8, "byline": 0.5, "credit": 0.5, "image": 0.3,
}
_WEIGHT_BY_KIND_INDEX = np.array([KIND_WEIGHTS.get(kind, 1.0) for kind in KINDS])
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
        reading_rank, limit: int | None, *, with_ties: bool = False) -> list[Ranked]:
    """The best `limit` matches (all if None), best first; `with_ties`: and every other
    match that scores as much as the last of them.

    `aligned[t]` holds the blocks of table t whose words include the query's (tier 0 vs 1;
    None: all of them do); `reading_rank(table, doc)` orders ties. A common word matches
    thousands of blocks, so scores are computed as arrays.
    """
    total_docs = sum(len(t) for t in tables) or 1
    average = max(1.0, sum(t.starts[-1] for t in tables) / total_docs)   # len(t.text)
    columns = [(matches.table, matches.docs,
                _scores(matches, tables[matches.table], aligned[matches.table], average))
               for matches in found if len(matches.docs)]
    if not columns or limit == 0:
        return []
    scores = np.concatenate([column_scores for _, _, column_scores in columns])
    if limit is not None and limit < len(scores):
        # Keep every match that scores at least the limit-th best, ties included, so that
        # ties are settled by reading order below.
        threshold = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = [np.flatnonzero(column_scores >= threshold) for _, _, column_scores in columns]
    else:
        keep = [range(len(docs)) for _, docs, _ in columns]
    candidates = [(float(column_scores[i]), table, int(docs[i]))
                  for (table, docs, column_scores), chosen in zip(columns, keep) for i in chosen]
    candidates.sort(key=lambda c: (-c[0], reading_rank(c[1], c[2])))
    if limit is not None and not with_ties:
        candidates = candidates[:limit]
    return [Ranked(DocMatch(table, doc), 2 - int(score), score)
            for score, table, doc in candidates]


def _scores(matches: TableMatches, table: DocTable, aligned: set[int] | None,
            average: float) -> np.ndarray:
    """The score of each matching block of one table: tier offset + r / (r + 1)."""
    docs = matches.docs
    # The matching blocks' lengths and kinds only: a cold search would otherwise work them
    # out for every block of the table (10 ms at 100 MB) to read a few thousand.
    starts = np.frombuffer(table.starts, dtype=np.uint32)
    lengths = (starts[docs + 1] - starts[docs]).astype(np.float64) - 1
    weights = _WEIGHT_BY_KIND_INDEX[np.frombuffer(table.kinds, dtype=np.uint8)[docs]]
    # BM25 per group: tf·(k1+1) / (tf + k1·(1 − b + b·length/average)), summed.
    norms = K1 * (1 - B) + (K1 * B / average) * lengths
    raw = np.zeros(len(docs))
    for tfs in matches.group_tf:
        tf = tfs.astype(np.float64)
        raw += tf * (K1 + 1) / (tf + norms)
    raw *= weights
    scores = raw / (raw + 1)
    if aligned is None:
        scores += 2 - WORD
    else:   # word-level: 2 + …, substring-only: 1 + …
        scores += 2 - SUBSTRING
        if aligned:      # looked up as arrays: a call per match costs ms with 30,000 of them
            scores += in_sorted(docs, np.sort(np.fromiter(aligned, dtype=np.int64, count=len(aligned))))
    if len(matches.pinyin_only):
        # (pinyin_only is among docs: all of them when as many)
        pinyin = (slice(None) if len(matches.pinyin_only) == len(docs)
                  else in_sorted(docs, matches.pinyin_only))
        scores[pinyin] -= np.floor(scores[pinyin]) - (2 - PINYIN)
    return scores
