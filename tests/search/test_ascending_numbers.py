"""Ascending numbers kept as low halves and a directory of high bits read back exactly,
across many stretches of 65,536 and with stretches that hold no number at all."""

from bisect import bisect_left
import random

from tanwen.search.ascending_numbers import AscendingNumbers
from tanwen.search.numpy_lean import np


def _numbers() -> np.ndarray:
    rng = random.Random(5)
    values, value = [], 0
    for _ in range(5000):
        value += rng.choice([0, 1, 2, 300, 40_000, 200_000])   # repeats, and empty stretches
        values.append(value)
    return np.array(values, dtype=np.int64)


def test_every_number_reads_back_by_place_range_and_gather():
    values = _numbers()
    stored = AscendingNumbers.of(values)
    assert stored.lows.itemsize == 2 and len(stored.high_starts) > 100 and stored.consistent()
    assert [stored.at(i) for i in range(len(values))] == values.tolist()
    assert stored.last() == values[-1]
    at = np.array([0, 7, 4999, 2500, 3, 3], dtype=np.int64)
    assert stored.take(at).tolist() == values[at].tolist()
    for start, end in ((0, 5000), (17, 4021), (1000, 1001), (300, 300), (4998, 5000), (5000, 5000),
                       (2000, 2040), (2000, 2400), (0, 1)):       # across many stretches, or few
        assert stored.slice(start, end).tolist() == values[start:end].tolist()
    for start in range(0, 5000, 37):        # across a few stretches, sliced one by one
        for end in (start + 2, start + 3, start + 6):
            assert stored.slice(start, min(end, 5000)).tolist() == values[start:end].tolist()


def test_bisect_is_bisect_left_for_any_value():
    values = _numbers()
    stored = AscendingNumbers.of(values)
    listed = values.tolist()
    probes = sorted({0, 1, listed[-1], listed[-1] + 1, listed[-1] + 70_000,
                     *listed[::97], *(v + 1 for v in listed[::89]), *(v - 1 for v in listed[1::83]),
                     *range(0, listed[-1], 65_536)})
    assert [stored.bisect(p) for p in probes] == [bisect_left(listed, p) for p in probes]


def test_no_numbers():
    stored = AscendingNumbers.of(np.zeros(0, dtype=np.int64))
    assert len(stored) == 0 and stored.consistent() and stored.bisect(12) == 0
    assert stored.slice(0, 0).tolist() == [] and stored.last() == 0


def test_a_directory_that_does_not_fit_its_numbers_is_inconsistent():
    stored = AscendingNumbers.of(_numbers())
    assert not AscendingNumbers(stored.lows[:-1], stored.high_starts).consistent()
    shuffled = stored.high_starts.copy()
    shuffled[1], shuffled[2] = shuffled[2] + 1, shuffled[1]
    assert not AscendingNumbers(stored.lows, shuffled).consistent()


def test_stretches_of_values_in_order_or_not_are_those_of_a_binary_search():
    from tanwen.search.ascending_numbers import SORTED_FROM, stretches_of

    starts = np.array([0, 0, 5, 5, 5, 90, 1000, 1000, 4000], dtype=np.uint32)
    rng = np.random.default_rng(2)
    for values in (np.sort(rng.integers(0, 5000, 3 * SORTED_FROM)), rng.integers(0, 5000, 3 * SORTED_FROM),
                   np.arange(0, 1200), np.array([5, 5, 999, 1000], dtype=np.int64)):
        expected = np.searchsorted(starts, values, side="right") - 1
        assert stretches_of(starts, values).tolist() == expected.tolist()
