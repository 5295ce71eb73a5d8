"""Character and character-pair postings of a document table: for every character and
every pair of adjacent characters, the blocks that hold it and how many times.

They answer the costly queries directly. A common character or pair (的, 万吨, 5g) is in
a third of all blocks; counting it block by block is a Python-level call per block, tens
of milliseconds at 100 MB, while its postings are two array slices. Longer strings are
counted only in the blocks that hold their two rarest pairs.

Built with numpy in a few sorts (`search.grams_build`), stored as one flat file beside
the segment and memory-mapped, so a search touches only the postings it reads. Keys are
numbered: character c (its place among the characters) is key c, the pairs follow, in
order of first then second character. Ascending numbers (offsets, places of postings) are
stored as their low halves with a directory of the high ones (`search.ascending_numbers`).

    header      13 × uint64: magic, characters, pairs, bytes per second character,
                postings, bytes per block, packed keys, plain postings, exceptions,
                repeats, and the directory sizes of offsets, exceptions and repeats
    then the parts below, wider items first (each starts aligned to its item size):
    chars       uint32 × characters: every character's code point, ascending
    pair_starts uint32 × (characters + 1): where the pairs of each first character start
    seconds     uint16 (uint32 past 65,536 characters) × pairs: each pair's second character
    offsets     uint16 × (keys + 1) + directory: key i's postings are
                [offsets[i], offsets[i + 1])
    packed      uint32 × packed keys, ascending: the keys whose blocks are delta-coded
    plain       uint16 (uint32 past 65,536 blocks) × plain postings: the blocks of every
                other key, ascending within a key, keys in order
    deltas      uint8 × (postings - plain postings): the packed keys' blocks as differences
                from the one before (the first from 0), keys in order
    exceptions  uint16 + directory, then uint32, × exceptions: the postings whose difference
                is not below 256, ascending, and those differences
    repeated    uint16 + directory × repeats: the postings whose block holds the gram more
                than once, ascending (in news text nine postings in ten are a single one)
    counts      uint8 × repeats, their occurrences (255: that many or more); every other
                posting counts 1

A key is packed when that is smaller: a long list (a common character or pair) has small
differences, a short one does not. Decoding one is a cumulative sum (microseconds).
"""

from __future__ import annotations

import mmap
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from tanwen.search.ascending_numbers import AscendingNumbers, run_lengths, stretches_of
from tanwen.search.mapped_pages import release
from tanwen.search.numpy_lean import np

MAGIC = 0x54574735          # "TWG5"; a new layout also bumps index_store.FORMAT_VERSION
_HEADER_FIELDS = 13
_HEADER = 8 * _HEADER_FIELDS
SATURATED = 255             # a count this high means "this many or more": recount
PACK_FROM = 64              # postings a key needs before its blocks may be delta-coded
DENSE_SUM = 8_000           # postings from which `sum_by_block` adds into an array
_UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32}
_EMPTY_U32 = np.zeros(0, dtype=np.uint32)
_EMPTY_U8 = np.zeros(0, dtype=np.uint8)


class GramPostings:
    """The postings of one table: its characters and pairs, per key a range of postings
    (blocks stored plain or delta-coded), and the counts of the postings that are not 1."""

    def __init__(self, chars: np.ndarray, pair_starts: np.ndarray, seconds: np.ndarray,
                 offsets: AscendingNumbers, packed: np.ndarray, plain: np.ndarray,
                 deltas: np.ndarray, exception_at: AscendingNumbers, exceptions: np.ndarray,
                 repeated: AscendingNumbers, repeats: np.ndarray) -> None:
        self.chars, self.pair_starts, self.seconds = chars, pair_starts, seconds
        self.offsets, self.packed, self.plain, self.deltas = offsets, packed, plain, deltas
        self.exception_at, self.exceptions = exception_at, exceptions
        self.repeated, self.repeats = repeated, repeats
        self._width = len(chars)
        self._mapping = None        # the file's mapping, when opened from one
        # No key is in more than 65,536 blocks: its size is the difference of its offsets'
        # low halves (modulo 65,536, 0 meaning 65,536), no directory looked up.
        self._short_lists = plain.dtype.itemsize == 2
        # Postings of the packed keys before each packed key: where its deltas start, and
        # how far a later plain key's blocks are shifted back.
        self._packed_before = np.concatenate(([0], np.cumsum(self.sizes_of_keys(packed))))

    def __len__(self) -> int:
        """How many keys: every character and every pair."""
        return self._width + len(self.seconds)

    def posting_count(self) -> int:
        return self.offsets.last()

    def sizes_of_keys(self, at: np.ndarray) -> np.ndarray:
        """How many blocks hold each of keys `at`."""
        at = np.asarray(at, dtype=np.int64)
        if not self._short_lists:
            return self.offsets.take(at + 1).astype(np.int64) - self.offsets.take(at)
        # (A key is in at least one block: size - 1 is below 65,536, exact modulo 65,536.)
        lows = self.offsets.lows
        sizes = (lows[at + 1] - lows[at] - 1).astype(np.int64)     # (uint16: modulo 65,536)
        sizes += 1
        return sizes

    def counts_of_keys(self, at: np.ndarray) -> np.ndarray:
        """The occurrence counts of the postings of keys `at`, key after key: the repeated
        postings are found by each key's range (two searches a key, not one a posting)."""
        at = np.asarray(at, dtype=np.int64)
        starts, sizes = self.offsets.take(at), self.sizes_of_keys(at)
        found = np.ones(int(sizes.sum()), dtype=np.uint8)
        if not len(found) or not len(self.repeated):
            return found
        # Searched in the stretch of repeated postings the keys can reach, decoded once.
        first = self.repeated.bisect(int(starts.min()))
        repeated = self.repeated.slice(first, self.repeated.bisect(int((starts + sizes).max())))
        # (Searched with values of its own type: a mixed search would convert it all.)
        ends = starts + sizes
        low = repeated.searchsorted(starts.astype(repeated.dtype))
        high = repeated.searchsorted(ends.astype(repeated.dtype))
        inside = _ranges(low, high)
        # A repeated posting's place in `found`: its offset in its key's range, after the
        # postings of the keys before.
        shift = (sizes.cumsum() - sizes - starts).repeat(high - low)
        found[repeated[inside] + shift] = self.repeats[inside + first]
        return found

    def _counts_of_range(self, start: int, end: int) -> np.ndarray:
        found = np.ones(end - start, dtype=np.uint8)
        low, high = self.repeated.bisect(start), self.repeated.bisect(end)
        if high > low:
            found[self.repeated.slice(low, high) - start] = self.repeats[low:high]
        return found

    # -- building and persistence ----------------------------------------------------------

    @classmethod
    def build(cls, text: str, starts) -> GramPostings:
        """Postings of the blocks of `text` (blocks joined by "\n", block i at starts[i])."""
        from tanwen.search.grams_build import build_postings

        return build_postings(text, starts)

    def _parts(self) -> list[np.ndarray]:
        parts = [self.chars, self.pair_starts, self.seconds, self.offsets.high_starts,
                 self.offsets.lows, self.packed, self.plain, self.deltas,
                 self.exception_at.high_starts, self.exception_at.lows, self.exceptions,
                 self.repeated.high_starts, self.repeated.lows, self.repeats]
        return _widest_first(parts)

    def write(self, handle) -> None:
        header = np.array([MAGIC, len(self.chars), len(self.seconds), self.seconds.itemsize,
                           self.posting_count(), self.plain.itemsize, len(self.packed),
                           len(self.plain), len(self.exceptions), len(self.repeats),
                           len(self.offsets.high_starts), len(self.exception_at.high_starts),
                           len(self.repeated.high_starts)], dtype=np.uint64)
        handle.write(header.tobytes())
        for array in self._parts():
            handle.write(array.tobytes())

    @classmethod
    def open(cls, path: Path) -> GramPostings:
        """Map a written file; raises ValueError if it is not one, or is cut short."""
        # A plain array over the mapping: memmap's own indexing adds microseconds per call.
        with open(path, "rb") as handle:
            mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        data = np.frombuffer(mapping, dtype=np.uint8)
        if len(data) < 8 or int(data[:8].view(np.uint64)[0]) != MAGIC:
            raise ValueError("gram postings: not a postings file of this version")
        if len(data) < _HEADER:
            raise ValueError("gram postings: file too short")
        (magic, chars, pairs, second_size, postings, block_size, packed, plain, exceptions,
         repeats, offset_highs, exception_highs, repeat_highs) = (
            int(v) for v in data[:_HEADER].view(np.uint64))
        keys = chars + pairs
        layout = ((np.uint32, chars), (np.uint32, chars + 1),
                  (_UNSIGNED.get(second_size) if second_size > 1 else None, pairs),
                  (np.uint32, offset_highs), (np.uint16, keys + 1), (np.uint32, packed),
                  (_UNSIGNED.get(block_size) if block_size > 1 else None, plain),
                  (np.uint8, postings - plain), (np.uint32, exception_highs),
                  (np.uint16, exceptions), (np.uint32, exceptions), (np.uint32, repeat_highs),
                  (np.uint16, repeats), (np.uint8, repeats))
        if (magic != MAGIC or None in (dtype for dtype, _ in layout) or plain > postings
                or repeats > postings or exceptions > postings
                or len(data) != _HEADER + sum(np.dtype(dtype).itemsize * count
                                              for dtype, count in layout)):
            raise ValueError("gram postings: not a postings file of this version, or truncated")
        at, views = _HEADER, {}
        for place in _widest_first(range(len(layout)), [dtype for dtype, _ in layout]):
            dtype, count = layout[place]
            size = np.dtype(dtype).itemsize * count
            views[place] = data[at:at + size].view(dtype)
            at += size
        (chars_, pair_starts, seconds, offset_dir, offset_lows, packed_, plain_, deltas,
         exception_dir, exception_lows, exceptions_, repeat_dir, repeat_lows, counts) = (
            views[place] for place in range(len(layout)))
        numbers = [AscendingNumbers(offset_lows, offset_dir),
                   AscendingNumbers(exception_lows, exception_dir),
                   AscendingNumbers(repeat_lows, repeat_dir)]
        if not all(part.consistent() for part in numbers) or int(pair_starts[-1]) != pairs:
            raise ValueError("gram postings: inconsistent")
        found = cls(chars_, pair_starts, seconds, numbers[0], packed_, plain_, deltas,
                    numbers[1], exceptions_, numbers[2], counts)
        if (found.posting_count() != postings or found._packed_before[-1] != postings - plain
                or (packed and int(found.packed[-1]) >= keys)):
            raise ValueError("gram postings: inconsistent")
        found._mapping = mapping
        # Opening read every packed key's offsets (`_packed_before`): pages across the whole
        # offsets part, of which a search reads a few.
        found.release()
        return found

    def release(self) -> None:
        """Give back the pages of the file read so far (`search.mapped_pages`)."""
        release(self._mapping)

    def release_postings(self) -> None:
        """Give back the pages of the postings themselves read so far (blocks, differences,
        counts); the keys' tables, of which every search reads a little, stay."""
        if self._mapping is None:
            return
        start = np.frombuffer(self._mapping, dtype=np.uint8).ctypes.data
        for part in (self.plain, self.deltas, self.exception_at.lows, self.exceptions,
                     self.repeated.lows, self.repeats):
            at = part.ctypes.data - start
            release(self._mapping, at, at + part.nbytes)

    # -- reading ---------------------------------------------------------------------------

    def _numbers(self, codes: np.ndarray) -> np.ndarray:
        """The numbers of those of `codes` (uint32, ascending) that are characters here."""
        if not len(self.chars):
            return np.zeros(0, dtype=np.int64)
        at = self.chars.searchsorted(codes)
        np.minimum(at, len(self.chars) - 1, out=at)        # past the last: not a character
        return at[self.chars[at] == codes]

    def _index(self, gram: str) -> int | None:
        """The index of a character's or a pair's key, or None if it occurs nowhere."""
        # Bisected in Python: for one or two values, numpy's calls cost thrice as much.
        numbers = []
        for char in gram:
            code = ord(char)
            i = bisect_left(self.chars, code)
            if i == len(self.chars) or int(self.chars[i]) != code:
                return None
            numbers.append(i)
        if len(gram) == 1:
            return numbers[0]
        low, high = int(self.pair_starts[numbers[0]]), int(self.pair_starts[numbers[0] + 1])
        i = bisect_left(self.seconds, numbers[1], low, high)
        return self._width + i if i < high and int(self.seconds[i]) == numbers[1] else None

    def _blocks_of(self, i: int) -> np.ndarray:
        """The blocks of key i, ascending."""
        start, end = self.offsets.at(i), self.offsets.at(i + 1)
        j = bisect_left(self.packed, i)
        shift = int(self._packed_before[j])
        if j == len(self.packed) or int(self.packed[j]) != i:
            return self.plain[start - shift:end - shift]
        # A packed key's deltas start after those of the packed keys before it.
        differences = self.deltas[shift:shift + end - start].astype(np.uint32)
        low, high = self.exception_at.bisect(start), self.exception_at.bisect(end)
        if high > low:
            differences[self.exception_at.slice(low, high) - start] = self.exceptions[low:high]
        return differences.cumsum(dtype=np.uint32)

    def blocks_of_keys(self, at: np.ndarray, sizes: np.ndarray | None = None) -> np.ndarray:
        """The blocks of keys `at`, key after key (each ascending), as one array (`sizes`:
        their `sizes_of_keys`, if the caller has them)."""
        at = np.asarray(at, dtype=np.int64)
        starts = self.offsets.take(at)
        if sizes is None:
            sizes = self.sizes_of_keys(at)
        ends = starts + sizes
        j = self.packed.searchsorted(at.astype(np.uint32))
        is_packed = (self.packed.take(j, mode="clip") == at if len(self.packed)
                     else np.zeros(len(at), dtype=bool))
        if not is_packed.any():         # rare keys: all plain, one gather
            shift = self._packed_before[j]
            return self.plain[_ranges(starts - shift, ends - shift)].astype(np.uint32, copy=False)
        plain = ~is_packed
        shift = self._packed_before[j[plain]]
        from_plain = self.plain[_ranges(starts[plain] - shift, ends[plain] - shift)]
        found = np.empty(int(sizes.sum()), dtype=np.uint32)
        found[plain.repeat(sizes)] = from_plain
        destination = sizes.cumsum() - sizes
        for k in np.flatnonzero(is_packed).tolist():
            found[destination[k]:destination[k] + sizes[k]] = self._blocks_of(int(at[k]))
        return found

    def postings(self, gram: str) -> tuple[np.ndarray, np.ndarray]:
        """(blocks, counts) of a character or a pair of characters; empty if absent."""
        i = self._index(gram)
        if i is None:
            return _EMPTY_U32, _EMPTY_U8
        return self._blocks_of(i), self._counts_of_range(self.offsets.at(i), self.offsets.at(i + 1))

    def blocks(self, gram: str) -> np.ndarray:
        """The blocks that hold a character or a pair (its counts not looked up)."""
        i = self._index(gram)
        return _EMPTY_U32 if i is None else self._blocks_of(i)

    def size(self, gram: str) -> int:
        """How many blocks hold a character or a pair."""
        i = self._index(gram)
        return 0 if i is None else self.offsets.at(i + 1) - self.offsets.at(i)

    def numbers_of(self, chars: str) -> np.ndarray:
        """The numbers of those of `chars` that are characters here, ascending."""
        return self._numbers(_codes(chars))

    def pairs_between(self, firsts: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        """The indexes of the keys of every pair of a character numbered in `firsts` followed
        by one numbered in `seconds`, ascending."""
        pairs = self._pairs_of(firsts)
        second = np.zeros(self._width, dtype=bool)
        second[seconds] = True
        pairs = pairs[second[self.seconds[pairs]]]
        pairs += self._width
        return pairs

    def _pairs_of(self, firsts: np.ndarray) -> np.ndarray:
        """The numbers among the pairs (not yet key indexes) of the pairs of `firsts`."""
        firsts = np.asarray(firsts, dtype=np.int64)
        return _ranges(self.pair_starts[firsts], self.pair_starts[firsts + 1])

    def pair_characters(self, at: np.ndarray, firsts: np.ndarray | None = None
                        ) -> tuple[np.ndarray, np.ndarray]:
        """(first, second): the numbers of the characters of pair keys `at` (ascending), as
        int64; `firsts`, if given, the ascending numbers their first characters are among
        (as `pairs_between` was given them): each one's pairs found among `at`, where
        finding each pair's among all characters costs thrice as much."""
        pairs = np.asarray(at, dtype=np.int64) - self._width
        seconds = self.seconds[pairs].astype(np.int64)
        if firsts is None:
            return stretches_of(self.pair_starts, pairs), seconds
        firsts = np.asarray(firsts, dtype=np.int64)
        begins = pairs.searchsorted(self.pair_starts[firsts].astype(np.int64))
        return firsts.repeat(run_lengths(begins, len(pairs))), seconds


def _widest_first(parts: list, dtypes: list | None = None) -> list:
    """`parts` in order of their items' size, widest first (stable): every part then starts
    at a multiple of its item size, which numpy reads fastest (an unaligned view is copied
    by some calls)."""
    sizes = [np.dtype(dtype).itemsize for dtype in dtypes] if dtypes else [p.itemsize for p in parts]
    order = sorted(range(len(parts)), key=lambda i: -sizes[i])
    return [parts[i] for i in order]


@lru_cache(maxsize=256)
def _codes(chars: str) -> np.ndarray:
    """The code points of `chars`, ascending, once per class of characters."""
    return sorted_union([np.fromiter(map(ord, chars), dtype=np.uint32, count=len(chars))])


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Every index of the ranges [starts[i], ends[i]), in order, as one array."""
    sizes = (ends - starts).astype(np.int64)
    starts = starts.astype(np.int64)
    if not len(sizes) or sizes.min() <= 0:     # (the postings' ranges never are empty)
        filled = sizes > 0
        starts, sizes = starts[filled], sizes[filled]
    total = int(sizes.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    # Steps of 1, but for a jump to each range's start: one cumulative sum (a repeat of
    # each range's shift and an arange cost seven times as much).
    steps = np.ones(total, dtype=np.int64)
    steps[0] = starts[0]
    steps[sizes[:-1].cumsum()] = starts[1:] - (starts[:-1] + sizes[:-1]) + 1
    return steps.cumsum(out=steps)


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """The index of the first element of each run of equal elements of a sorted array."""
    if not len(ordered):
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))


def in_sorted(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each of `values` is in `ordered` (ascending): a binary search each, where
    np.isin would first hash or sort both arrays."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = ordered.searchsorted(values)
    at[at == len(ordered)] = 0
    return ordered[at] == values


def sorted_union(arrays: list[np.ndarray]) -> np.ndarray:
    """The ascending union of arrays (sort, drop repeats: np.unique hashes, slower here)."""
    merged = np.sort(np.concatenate(arrays)) if arrays else _EMPTY_U32
    return merged[run_starts(merged)]


def sum_by_block(blocks: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each block once, ascending, with its counts summed."""
    if len(blocks) >= DENSE_SUM:
        # Many postings: summed in an array over the blocks (a sort of 30,000 takes ten
        # times as long).
        sums = np.zeros(int(blocks.max()) + 1, dtype=np.int64)
        np.add.at(sums, blocks, counts)
        found = np.flatnonzero(sums)
        return found.astype(blocks.dtype), sums[found].astype(counts.dtype)
    order = np.argsort(blocks, kind="stable")
    blocks, counts = blocks[order], counts[order]
    firsts = run_starts(blocks)
    return blocks[firsts], (np.add.reduceat(counts, firsts) if len(firsts) else counts)
