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
FEW_STRETCHES = 8           # a slice across more stretches adds their high bits in one pass
_LOW_MASK = (1 << LOW_BITS) - 1


class AscendingNumbers:
    """Non-decreasing numbers ≥ 0: `lows[i]` their low 16 bits, and `high_starts[h]` the
    index of the first number whose high bits are h or more (the last entry: the count)."""

    def __init__(self, lows: np.ndarray, high_starts: np.ndarray) -> None:
        self.lows = lows
        self.high_starts = high_starts
        self._starts = high_starts.tolist()
        # Decoded as uint32 while they fit (half the memory and time of int64).
        self.dtype = np.dtype(np.uint32 if len(self._starts) <= 1 << (32 - LOW_BITS) else np.int64)
        self._highs = np.arange(max(len(self._starts) - 1, 1), dtype=self.dtype) << LOW_BITS

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
        """Numbers `at` (an index array), as `dtype`."""
        found = self.lows[at].astype(self.dtype)
        if len(self._starts) <= 2:          # no number past 65,535
            return found
        if len(at) < SORTED_FROM:           # a few: each one's high bits looked up
            found += self._highs[self.high_starts.searchsorted(at, side="right") - 1]
        else:
            found += stretches_of(self.high_starts, at, LOW_BITS, self.dtype)
        return found

    def slice(self, start: int, end: int) -> np.ndarray:
        """Numbers start to end - 1, as `dtype`."""
        found = self.lows[start:end].astype(self.dtype)
        if start >= end:
            return found
        starts = self._starts
        h = bisect_right(starts, start) - 1
        last = bisect_left(starts, end, h + 1) - 1          # the stretch of number end - 1
        if last - h <= FEW_STRETCHES:
            # The first stretch's high bits, then 65,536 more past each start of another.
            if h:
                found += h << LOW_BITS
            for number in range(h + 1, last + 1):
                found[starts[number] - start:] += 1 << LOW_BITS
            return found
        # Across many stretches: each number's high bits repeated over its stretch.
        bounds = np.minimum(np.maximum(self.high_starts.astype(np.int64), start), end) - start
        found += (np.arange(len(bounds) - 1, dtype=self.dtype) << LOW_BITS).repeat(np.diff(bounds))
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


def stretches_of(starts: np.ndarray, values: np.ndarray, shift: int = 0,
                 dtype=np.int64) -> np.ndarray:
    """For each of `values`, the stretch of `starts` (ascending, from 0) it lies in:
    np.searchsorted(starts, values, side="right") - 1, shifted left by `shift` bits, as
    `dtype`. Many
    values in order (the keys of a class of characters, tens of thousands) among few
    stretches are placed in one pass over them instead, where a binary search each costs
    several times more."""
    values = np.asarray(values)
    if (len(values) < SORTED_FROM or len(values) < 4 * len(starts)
            or not (values[1:] >= values[:-1]).all()):
        found = np.searchsorted(starts, values, side="right").astype(dtype) - 1
        if shift:
            found <<= shift
        return found
    # Where each stretch's values begin among them; each stretch's number repeated over its.
    begins = np.searchsorted(values, np.asarray(starts, dtype=values.dtype), side="left")
    numbers = np.arange(len(begins), dtype=dtype) << shift
    return np.repeat(numbers, run_lengths(begins, len(values)))


def run_lengths(begins: np.ndarray, total: int) -> np.ndarray:
    """The lengths of runs that begin at `begins` (ascending) and end at the next one, the
    last at `total`: np.diff(begins, append=total) without its Python-level overhead (a
    concatenation and a broadcast, 20 µs a call where the search's own steps take 2)."""
    ends = np.empty_like(begins)
    ends[:-1] = begins[1:]
    ends[-1:] = total
    ends -= begins
    return ends
