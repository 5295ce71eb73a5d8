"""Ascending numbers (posting offsets, positions) stored in two bytes each instead of four
or eight: their low 16 bits, and, per value of the bits above, where its numbers start.

The numbers a postings file keeps in order run to millions, but the high bits change only
every 65,536 of them: a directory of a few hundred entries holds those, and a number is
its low half plus the high bits of the stretch it lies in. Read in place (the low halves
are a view of the mapped file); the directory is a Python list, bisected in microseconds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from tanwen.search.numpy_lean import np

LOW_BITS = 16
_LOW_MASK = (1 << LOW_BITS) - 1


class AscendingNumbers:
    """Non-decreasing numbers ≥ 0: `lows[i]` their low 16 bits, and `high_starts[h]` the
    index of the first number whose high bits are h or more (the last entry: the count)."""

    def __init__(self, lows: np.ndarray, high_starts: np.ndarray) -> None:
        self.lows = lows
        self.high_starts = high_starts
        self._starts = high_starts.tolist()

    @classmethod
    def of(cls, values: np.ndarray) -> AscendingNumbers:
        values = np.asarray(values, dtype=np.int64)
        highs = (int(values[-1]) >> LOW_BITS) + 1 if len(values) else 0
        bounds = np.arange(highs + 1, dtype=np.int64) << LOW_BITS
        return cls((values & _LOW_MASK).astype(np.uint16),
                   np.searchsorted(values, bounds).astype(np.uint32))

    def consistent(self) -> bool:
        """Whether the directory fits the low halves: from 0 to their count, in order."""
        starts = self._starts
        return (len(starts) >= 1 and starts[0] == 0 and starts[-1] == len(self.lows)
                and starts == sorted(starts))

    def __len__(self) -> int:
        return len(self.lows)

    def at(self, i: int) -> int:
        """Number i (0 ≤ i < len)."""
        return int(self.lows[i]) + ((bisect_right(self._starts, i) - 1) << LOW_BITS)

    def last(self) -> int:
        return self.at(len(self.lows) - 1) if len(self.lows) else 0

    def take(self, at: np.ndarray) -> np.ndarray:
        """Numbers `at` (an index array), as int64."""
        return self.lows[at].astype(np.int64) + (stretches_of(self.high_starts, at) << LOW_BITS)

    def slice(self, start: int, end: int) -> np.ndarray:
        """Numbers start to end - 1, as int64."""
        found = self.lows[start:end].astype(np.int64)
        starts = self._starts
        h = bisect_right(starts, start) - 1
        while h >= 0 and h + 1 < len(starts) and starts[h] < end:
            # The numbers of high bits h among those asked for get them added.
            low, high = max(starts[h], start) - start, min(starts[h + 1], end) - start
            if h and high > low:
                found[low:high] += h << LOW_BITS
            h += 1
        return found

    def bisect(self, value: int) -> int:
        """How many numbers are below `value` (bisect_left): within the stretch of its high
        bits only."""
        h = value >> LOW_BITS
        starts = self._starts
        if h + 1 >= len(starts):
            return starts[-1]
        return bisect_left(self.lows, value & _LOW_MASK, starts[h], starts[h + 1])


SORTED_FROM = 256       # values from which `stretches_of` checks whether they are in order


def stretches_of(starts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each of `values`, the stretch of `starts` (ascending, from 0) it lies in:
    np.searchsorted(starts, values, side="right") - 1. Values in order (the keys of a class
    of characters, tens of thousands) are placed in one pass over them instead, where a
    binary search each costs several times more."""
    values = np.asarray(values)
    if len(values) < SORTED_FROM or not (values[1:] >= values[:-1]).all():
        return np.searchsorted(starts, values, side="right").astype(np.int64) - 1
    # The k-th value has passed every start at or below it: count them as it goes.
    passed = np.searchsorted(values, starts[1:], side="left")
    return np.cumsum(np.bincount(passed, minlength=len(values) + 1)[:len(values)])
