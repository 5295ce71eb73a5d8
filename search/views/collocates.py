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

from collections import Counter
from dataclasses import dataclass

from tanwen.search.numpy_lean import np
from tanwen.search.views import words as W
from tanwen.search.views.occurrences import Occurrences
from tanwen.search.views.tokens import TableWords, table_words

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


@dataclass
class TableWindows:
    """The words in the windows of one table's occurrences, counted per word id."""

    words: TableWords
    together: np.ndarray        # per id: in any window
    left: np.ndarray            # per id: in a left window


def table_windows(found: Occurrences, window: int) -> tuple[list[TableWindows], int]:
    """Per table holding occurrences, its window counts; and the running words in all windows."""
    if window < 1:
        raise ValueError("the window must be at least one word")
    counted: list[TableWindows] = []
    in_windows = 0
    for number, table in enumerate(found.tables):
        items = [item for item in found.items if item.table == number]
        if not items:
            continue
        words = table_words(table)
        block_starts = np.asarray(table.starts, dtype=np.int64)
        docs = np.fromiter((item.doc for item in items), dtype=np.int64, count=len(items))
        starts = block_starts[docs] + np.fromiter((item.start for item in items), dtype=np.int64, count=len(items))
        ends = block_starts[docs] + np.fromiter((item.end for item in items), dtype=np.int64, count=len(items))
        # The node: the words overlapping the match (the first ending after its start, the
        # last starting before its end). A match inside punctuation has none.
        first = np.searchsorted(words.ends, starts, side="right")
        last = np.searchsorted(words.starts, ends, side="left") - 1
        has_node = (first <= last) & (first < len(words.ids))
        first, last, docs = first[has_node], last[has_node], docs[has_node]
        before = _window_ids(words, first, docs, -np.arange(1, window + 1))
        after = _window_ids(words, last, docs, np.arange(1, window + 1))
        size = len(words.vocab)
        left = np.bincount(before, minlength=size)
        counted.append(TableWindows(words, left + np.bincount(after, minlength=size), left))
        in_windows += len(before) + len(after)
    return counted, in_windows


def window_counts(found: Occurrences, window: int) -> tuple[Counter[str], Counter[str], int]:
    """(co-occurrences, of them on the left, running words in all windows), by word."""
    counted, in_windows = table_windows(found, window)
    together: Counter[str] = Counter()
    left: Counter[str] = Counter()
    for part in counted:
        seen = np.flatnonzero(part.together).tolist()
        vocab = part.words.vocab
        together.update(dict(zip(map(vocab.__getitem__, seen), part.together[seen].tolist())))
        left.update({vocab[i]: n for i, n in zip(seen, part.left[seen].tolist()) if n})
    return together, left, in_windows


def _window_ids(words, anchors: np.ndarray, docs: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """The ids of the words `steps` away from each anchor word, within the anchor's block."""
    at = anchors[:, None] + steps[None, :]
    inside = (at >= 0) & (at < len(words.ids))
    at = np.where(inside, at, 0)
    inside &= words.docs[at] == docs[:, None]           # never into another block
    return words.ids[at[inside]]


def _candidates(counted: list[TableWindows], min_freq: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(words, together, left) for the words seen at least `min_freq` times in all windows.

    A word that reaches min_freq over T tables reaches min_freq / T in one of them: only
    those are looked up everywhere (most words near a common one are seen once).
    """
    floor = max(1, -(-min_freq // max(1, len(counted))))
    names = sorted({part.words.vocab[i] for part in counted
                    for i in np.flatnonzero(part.together >= floor).tolist()})
    together = np.zeros(len(names), dtype=np.int64)
    left = np.zeros(len(names), dtype=np.int64)
    for part in counted:
        ids = np.fromiter(map(lambda word: part.words.index.get(word, -1), names), dtype=np.int64,
                          count=len(names))
        present = ids >= 0
        together[present] += part.together[ids[present]]
        left[present] += part.left[ids[present]]
    keep = together >= min_freq
    return [name for name, kept in zip(names, keep.tolist()) if kept], together[keep], left[keep]


def collocates(found: Occurrences, *, window: int = DEFAULT_WINDOW, min_freq: int = DEFAULT_MIN_FREQ,
               measure: str = "ll", limit: int | None = None) -> list[CollocateRow]:
    """The query's collocates, most strongly associated first by `measure` (ll or mi)."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected ll or mi")
    counted, in_windows = table_windows(found, window)
    corpus, size = W.corpus_counts(found.tables)
    words, o11, left = _candidates(counted, min_freq)
    if not words or not size:
        return []
    # The statistics of thousands of candidates at once, as arrays.
    o11 = o11.astype(np.float64)
    frequency = np.maximum(np.fromiter(map(lambda word: corpus.get(word, 0), words), dtype=np.float64,
                                       count=len(words)), o11)
    expected = in_windows * frequency / size
    attracted = np.flatnonzero(o11 > expected)
    mi = np.log2(o11 / expected)
    ll = log_likelihood(o11, float(in_windows), frequency, float(size))
    score = ll if measure == "ll" else mi
    # Strongest first, then most often together, then by word (`words` is sorted).
    order = attracted[np.lexsort((attracted, -o11[attracted], -score[attracted]))][:limit].tolist()
    return [CollocateRow(words[i], int(o11[i]), int(frequency[i]), int(left[i]), float(mi[i]), float(ll[i]))
            for i in order]


def log_likelihood(o11: np.ndarray, row_total: float, column_total: np.ndarray, total: float) -> np.ndarray:
    """Dunning's G² of 2×2 tables: o11 of a row total and a column total, in `total`."""
    observed = (o11, row_total - o11, column_total - o11, total - row_total - column_total + o11)
    rows = (row_total, row_total, total - row_total, total - row_total)
    columns = (column_total, total - column_total, column_total, total - column_total)
    g2 = np.zeros_like(o11)
    for o, r, c in zip(observed, rows, columns):
        o = np.maximum(o, 0.0)
        expected = r * c / total
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 += np.where((o > 0) & (expected > 0), o * np.log(o / expected), 0.0)
    return 2 * g2
