"""Collocates: the words found within N words left and right of a query's occurrences.

The occurrences are the exact matches of the query; each matching block is segmented (the
same precise-mode words as the word lists, punctuation and numbers left out) and the words
overlapping a match are the node. Every word in the N running words on either side counts
once per occurrence, without crossing into another block.

Association, from the 2×2 table of "in a window / elsewhere" × "this word / another word":
    O11 co-occurrences, R1 the running words in all windows, C1 the word's corpus frequency,
    N the corpus' running words, E11 = R1·C1/N
    MI  = log2(O11 / E11)                       rewards exclusive pairs, overrates rare ones
    LL  = 2 Σ O·ln(O/E) over the four cells      rewards pairs that are both frequent and attracted
Only attracted words (O11 > E11) seen at least `min_freq` times together are listed.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from tanwen.search.views import words as W
from tanwen.search.views.occurrences import Occurrences

MEASURES = ("ll", "mi")
DEFAULT_WINDOW = 5
DEFAULT_MIN_FREQ = 3


@dataclass
class CollocateRow:
    word: str
    together: int           # occurrences within the windows
    frequency: int          # in the whole corpus
    left: int               # of `together`, on the left of the node
    mi: float
    ll: float

    def as_record(self) -> dict:
        return {"word": self.word, "together": self.together, "frequency": self.frequency,
                "left": self.left, "right": self.together - self.left,
                "mi": round(self.mi, 3), "ll": round(self.ll, 2)}


def window_counts(found: Occurrences, window: int) -> tuple[Counter[str], Counter[str], int]:
    """(co-occurrences, of them on the left, running words in all windows)."""
    if window < 1:
        raise ValueError("the window must be at least one word")
    by_block: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for item in found.items:
        by_block[(item.table, item.doc)].append((item.start, item.end))
    together: Counter[str] = Counter()
    left: Counter[str] = Counter()
    in_windows = 0
    for (table, doc), spans in by_block.items():
        tokens = W.spans(found.tables[table].doc_text(doc))
        for start, end in spans:
            node = [i for i, (_, s, e) in enumerate(tokens) if s < end and e > start]
            if not node:
                continue
            before = tokens[max(0, node[0] - window):node[0]]
            after = tokens[node[-1] + 1:node[-1] + 1 + window]
            for word, _, _ in before:
                together[word] += 1
                left[word] += 1
            for word, _, _ in after:
                together[word] += 1
            in_windows += len(before) + len(after)
    return together, left, in_windows


def collocates(found: Occurrences, *, window: int = DEFAULT_WINDOW, min_freq: int = DEFAULT_MIN_FREQ,
               measure: str = "ll", limit: int | None = None) -> list[CollocateRow]:
    """The query's collocates, most strongly associated first by `measure` (ll or mi)."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected ll or mi")
    together, left, in_windows = window_counts(found, window)
    corpus, size = W.corpus_counts(found.tables)
    rows = []
    for word, o11 in together.items():
        if o11 < min_freq:
            continue
        frequency = max(corpus.get(word, 0), o11)
        expected = in_windows * frequency / size if size else 0.0
        if not expected or o11 <= expected:
            continue
        rows.append(CollocateRow(word, o11, frequency, left[word], math.log2(o11 / expected),
                                 _log_likelihood(o11, in_windows, frequency, size)))
    rows.sort(key=lambda row: (-(row.ll if measure == "ll" else row.mi), -row.together, row.word))
    return rows[:limit]


def _log_likelihood(o11: int, row_total: int, column_total: int, total: int) -> float:
    o12 = row_total - o11
    o21 = column_total - o11
    o22 = max(0, total - o11 - o12 - o21)
    cells = ((o11, row_total, column_total), (o12, row_total, total - column_total),
             (o21, total - row_total, column_total), (o22, total - row_total, total - column_total))
    return 2 * sum(o * math.log(o * total / (r * c)) for o, r, c in cells if o > 0 and r > 0 and c > 0)
