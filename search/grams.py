"""Character and character-pair postings of a document table: for every character and
every pair of adjacent characters, the blocks that hold it and how many times.

They answer the costly queries directly. A common character or pair (的, 万吨, 5g) is in
a third of all blocks; counting it block by block is a Python-level call per block, tens
of milliseconds at 100 MB, while its postings are two array slices. Longer strings are
counted only in the blocks that hold their two rarest pairs.

Built with numpy in a few sorts (no Python loop per character), stored as one flat file
beside the segment and memory-mapped, so a search touches only the postings it reads:

    header   11 × uint64: magic, characters, keys, bytes per key, postings, bytes per
             offset, bytes per block, packed keys, plain postings, exceptions, repeats
    chars    uint32 × characters: every character's code point, ascending; a character's
             number is its place here
    keys     uint32 (uint64 past 65,535 characters) × keys, ascending: a character's
             number c, or a pair's (first + 1) × characters + second
    offsets  uint32 (uint64 if need be) × (keys + 1): key i's postings are
             [offsets[i], offsets[i + 1])
    packed   uint32 × packed keys, ascending: the keys whose blocks are delta-coded
    plain    uint16 (uint32 past 65,536 blocks) × plain postings: the blocks of every
             other key, ascending within a key, keys in order
    deltas   uint8 × (postings - plain postings): the packed keys' blocks as differences
             from the one before (the first from 0), keys in order
    exceptions offsets' type × exceptions (the postings whose difference is not below
             256, ascending), then uint32 × exceptions, those differences
    repeated offsets' type × repeats: the postings whose block holds the gram more than
             once, ascending (in news text nine postings in ten are a single occurrence)
    counts   uint8 × repeats, their occurrences (255: that many or more); every other
             posting counts 1

A key is packed when that is smaller: a long list (a common character or pair) has small
differences, a short one does not. Decoding one is a cumulative sum (microseconds).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from tanwen.search.numpy_lean import np

MAGIC = 0x54574734          # "TWG4"; a new layout also bumps index_store.FORMAT_VERSION
_HEADER_FIELDS = 11
_HEADER = 8 * _HEADER_FIELDS
SATURATED = 255             # a count this high means "this many or more": recount
_CODE_BITS = 21             # every code point fits in 21 bits
_CODE_MASK = (1 << _CODE_BITS) - 1
_BLOCK_BITS = 22            # pair key (42 bits) and block packed in one uint64 when blocks fit
PACK_FROM = 64              # postings a key needs before its blocks may be delta-coded
DENSE_SUM = 8_000           # postings from which `sum_by_block` adds into an array
_UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}
_EMPTY_U32 = np.zeros(0, dtype=np.uint32)
_EMPTY_U16 = np.zeros(0, dtype=np.uint16)
_EMPTY_U8 = np.zeros(0, dtype=np.uint8)


class GramPostings:
    """The postings of one table: its characters, sorted keys, per key a range of postings
    (blocks stored plain or delta-coded), and the counts of the postings that are not 1."""

    def __init__(self, chars: np.ndarray, keys: np.ndarray, offsets: np.ndarray,
                 packed: np.ndarray, plain: np.ndarray, deltas: np.ndarray,
                 exception_at: np.ndarray, exceptions: np.ndarray,
                 repeated: np.ndarray, repeats: np.ndarray) -> None:
        self.chars, self.keys, self.offsets = chars, keys, offsets
        self.packed, self.plain, self.deltas = packed, plain, deltas
        self.exception_at, self.exceptions = exception_at, exceptions
        self.repeated, self.repeats = repeated, repeats
        self._width = len(chars)
        self._key = keys.dtype.type
        # Postings of the packed keys before each packed key: where its deltas start, and
        # how far a later plain key's blocks are shifted back.
        sizes = (offsets[packed.astype(np.int64) + 1] - offsets[packed]).astype(np.int64)
        self._packed_before = np.concatenate(([0], np.cumsum(sizes)))
        self._pair_runs: np.ndarray | None = None      # see `pairs_starting_with`

    def counts_of_keys(self, at: np.ndarray) -> np.ndarray:
        """The occurrence counts of the postings of keys `at`, key after key: the repeated
        postings are found by each key's range (two searches a key, not one a posting)."""
        starts = self.offsets[at].astype(np.int64)
        sizes = self.offsets[at + 1].astype(np.int64) - starts
        found = np.ones(int(sizes.sum()), dtype=np.uint8)
        if not len(found) or not len(self.repeated):
            return found
        # Searched in a copy of the stretch of repeated postings the keys can reach (see
        # `_bisect`), of its own type (a mixed search would convert it all).
        first = _bisect(self.repeated, int(starts.min()))
        repeated = np.array(self.repeated[first:_bisect(self.repeated, int((starts + sizes).max()))])
        low = np.searchsorted(repeated, starts.astype(repeated.dtype)) + first
        high = np.searchsorted(repeated, (starts + sizes).astype(repeated.dtype)) + first
        inside = _ranges(low, high)
        # A repeated posting's place in `found`: its offset in its key's range, after the
        # postings of the keys before.
        shift = np.repeat(np.cumsum(sizes) - sizes - starts, high - low)
        found[self.repeated[inside].astype(np.int64) + shift] = self.repeats[inside]
        return found

    def _counts_of_range(self, start: int, end: int) -> np.ndarray:
        found = np.ones(end - start, dtype=np.uint8)
        low, high = _bisect(self.repeated, start), _bisect(self.repeated, end)
        if high > low:
            found[self.repeated[low:high].astype(np.int64) - start] = self.repeats[low:high]
        return found

    # -- building --------------------------------------------------------------------------

    @classmethod
    def build(cls, text: str, starts) -> GramPostings:
        """Postings of the blocks of `text` (blocks joined by "\n", block i at starts[i])."""
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        sizes = np.diff(np.asarray(starts, dtype=np.int64))
        block_type = np.uint16 if len(sizes) <= 1 << 16 else np.uint32
        block_of = np.repeat(np.arange(len(sizes), dtype=np.uint32), sizes)
        inside = codes != ord("\n")
        pair = inside[:-1] & inside[1:]
        singles = int(np.count_nonzero(inside))
        # Keys filled in place, characters then pairs: arrays the size of the text are the
        # peak of a segment build's memory, so none is made twice (no concatenation).
        keys = np.empty(singles + int(np.count_nonzero(pair)), dtype=np.uint64)
        if not len(keys):
            return cls._of(keys, np.zeros(1, dtype=np.uint32), _EMPTY_U16, _EMPTY_U32, _EMPTY_U8)
        keys[:singles] = codes[inside]
        keys[singles:] = codes[:-1][pair]
        keys[singles:] += np.uint64(1)
        keys[singles:] <<= np.uint64(_CODE_BITS)
        keys[singles:] |= codes[1:][pair]
        del codes
        if len(sizes) < 1 << _BLOCK_BITS:
            # Key and block packed in one number: one sort, and equal numbers are one posting.
            keys <<= np.uint64(_BLOCK_BITS)
            keys[:singles] |= block_of[inside]
            keys[singles:] |= block_of[:-1][pair]
            del block_of, inside, pair
            keys.sort()
            first = _run_starts_mask(keys)
            repeated, counts = _repeats(first)
            keys = keys[first]
            del first
            blocks = (keys & np.uint64((1 << _BLOCK_BITS) - 1)).astype(block_type)
            keys >>= np.uint64(_BLOCK_BITS)
        else:       # too many blocks to pack: a stable sort keeps blocks ascending per key
            blocks = np.concatenate((block_of[inside], block_of[:-1][pair]))
            del block_of, inside, pair
            order = np.argsort(keys, kind="stable")
            keys, blocks = keys[order], blocks[order]
            del order
            first = _run_starts_mask(keys)
            first[1:] |= blocks[1:] != blocks[:-1]
            repeated, counts = _repeats(first)
            keys, blocks = keys[first], blocks[first].astype(block_type)
        key_starts = run_starts(keys)
        offsets = np.append(key_starts, len(keys))
        keys = keys[key_starts]
        return cls._of(keys, offsets.astype(np.uint32 if len(offsets) <= 1 << 32 else np.uint64),
                       blocks, repeated, counts)

    @classmethod
    def _of(cls, code_keys: np.ndarray, offsets: np.ndarray, blocks: np.ndarray,
            repeated: np.ndarray, counts: np.ndarray) -> GramPostings:
        """From keys by code point (a character's, or ((first + 1) << 21) | second), the
        blocks of each key ascending, and the postings counted more than once with their
        counts: numbered keys, packed."""
        singles = code_keys < (1 << _CODE_BITS)
        chars = code_keys[singles].astype(np.uint32)          # every character is a key
        width = len(chars)
        pairs = code_keys[~singles]
        first = np.searchsorted(chars, ((pairs >> _CODE_BITS) - 1).astype(np.uint32))
        second = np.searchsorted(chars, (pairs & _CODE_MASK).astype(np.uint32))
        key_type = np.uint32 if width < 1 << 16 else np.uint64
        keys = np.concatenate((np.arange(width, dtype=np.uint64),
                               (first.astype(np.uint64) + 1) * np.uint64(width) + second)).astype(key_type)
        # Delta-code a key's blocks where one byte a block, and 4 + 4 bytes an exception
        # (a difference of 256 or more), take less than the plain blocks.
        lengths = np.diff(offsets.astype(np.int64))
        # In the blocks' own unsigned type: ascending within a key, a difference fits it (the
        # wrapped ones between keys are overwritten by each key's first block).
        differences = np.empty_like(blocks)
        np.subtract(blocks[1:], blocks[:-1], out=differences[1:])
        key_firsts = offsets[:-1].astype(np.int64)
        differences[key_firsts[lengths > 0]] = blocks[key_firsts[lengths > 0]]
        large = differences > 0xFF
        per_key = np.zeros(len(lengths), dtype=np.int64)
        if len(blocks):
            per_key[lengths > 0] = np.add.reduceat(large, key_firsts[lengths > 0])
        offset_size = offsets.dtype.itemsize
        packing = (lengths >= PACK_FROM) & (
            lengths + per_key * (offset_size + 4) < lengths * blocks.dtype.itemsize)
        in_packed = np.repeat(packing, lengths)
        exception_at = np.flatnonzero(in_packed & large).astype(offsets.dtype)
        exceptions = differences[exception_at.astype(np.int64)].astype(np.uint32)
        deltas = differences[in_packed]
        del differences, large
        deltas[deltas > 0xFF] = 0
        return cls(chars, keys, offsets, np.flatnonzero(packing).astype(np.uint32),
                   blocks[~in_packed], deltas.astype(np.uint8), exception_at, exceptions,
                   repeated.astype(offsets.dtype), counts)

    # -- persistence -----------------------------------------------------------------------

    def _parts(self) -> list[np.ndarray]:
        return [self.chars, self.keys, self.offsets, self.packed, self.plain, self.deltas,
                self.exception_at, self.exceptions, self.repeated, self.repeats]

    def write(self, handle) -> None:
        header = np.array([MAGIC, len(self.chars), len(self.keys), self.keys.itemsize,
                           int(self.offsets[-1]), self.offsets.itemsize, self.plain.itemsize,
                           len(self.packed), len(self.plain), len(self.exceptions),
                           len(self.repeated)], dtype=np.uint64)
        handle.write(header.tobytes())
        for array in self._parts():
            handle.write(array.tobytes())

    @classmethod
    def open(cls, path: Path) -> GramPostings:
        """Map a written file; raises ValueError if it is not one, or is cut short."""
        # A plain array over the mapping: memmap's own indexing adds microseconds per call.
        data = np.memmap(path, dtype=np.uint8, mode="r").view(np.ndarray)
        if len(data) < 8 or int(data[:8].view(np.uint64)[0]) != MAGIC:
            raise ValueError("gram postings: not a postings file of this version")
        if len(data) < _HEADER:
            raise ValueError("gram postings: file too short")
        (magic, chars, keys, key_size, postings, offset_size, block_size, packed, plain,
         exceptions, repeats) = (int(v) for v in data[:_HEADER].view(np.uint64))
        offset_type = _UNSIGNED.get(offset_size) if offset_size > 2 else None
        layout = ((np.uint32, chars), (_UNSIGNED.get(key_size) if key_size > 2 else None, keys),
                  (offset_type, keys + 1), (np.uint32, packed),
                  (_UNSIGNED.get(block_size) if block_size > 1 else None, plain),
                  (np.uint8, postings - plain), (offset_type, exceptions), (np.uint32, exceptions),
                  (offset_type, repeats), (np.uint8, repeats))
        if (magic != MAGIC or None in (dtype for dtype, _ in layout) or plain > postings
                or repeats > postings or exceptions > postings or chars > keys
                or len(data) != _HEADER + sum(np.dtype(dtype).itemsize * count
                                              for dtype, count in layout)):
            raise ValueError("gram postings: not a postings file of this version, or truncated")
        at = _HEADER
        parts = []
        for dtype, count in layout:
            size = np.dtype(dtype).itemsize * count
            parts.append(data[at:at + size].view(dtype))
            at += size
        found = cls(*parts)
        if (int(found.offsets[-1]) != postings or found._packed_before[-1] != postings - plain
                or (packed and int(found.packed[-1]) >= keys)):
            raise ValueError("gram postings: inconsistent")
        return found

    # -- reading ---------------------------------------------------------------------------

    def _numbers(self, codes: np.ndarray) -> np.ndarray:
        """The numbers of those of `codes` (uint32, ascending) that are characters here."""
        if not len(self.chars):
            return np.zeros(0, dtype=np.int64)
        at = np.searchsorted(self.chars, codes)
        np.minimum(at, len(self.chars) - 1, out=at)        # past the last: not a character
        return at[self.chars[at] == codes]

    def _index(self, gram: str) -> int | None:
        """The index of a character's or a pair's key, or None if it occurs nowhere."""
        # Bisected in Python: for one or two values, numpy's calls cost thrice as much.
        numbers = []
        for char in gram:
            code = ord(char)
            i = _bisect(self.chars, code)
            if i == len(self.chars) or int(self.chars[i]) != code:
                return None
            numbers.append(i)
        key = numbers[0] if len(gram) == 1 else (numbers[0] + 1) * self._width + numbers[1]
        i = _bisect(self.keys, key)
        return i if i < len(self.keys) and int(self.keys[i]) == key else None

    def _blocks_of(self, i: int) -> np.ndarray:
        """The blocks of key i, ascending."""
        start, end = int(self.offsets[i]), int(self.offsets[i + 1])
        j = _bisect(self.packed, i)
        shift = int(self._packed_before[j])
        if j == len(self.packed) or int(self.packed[j]) != i:
            return self.plain[start - shift:end - shift]
        # A packed key's deltas start after those of the packed keys before it.
        differences = self.deltas[shift:shift + end - start].astype(np.uint32)
        low, high = _bisect(self.exception_at, start), _bisect(self.exception_at, end)
        if high > low:
            differences[self.exception_at[low:high].astype(np.int64) - start] = self.exceptions[low:high]
        return np.cumsum(differences, dtype=np.uint32)

    def blocks_of_keys(self, at: np.ndarray) -> np.ndarray:
        """The blocks of keys `at`, key after key (each ascending), as one array."""
        at = np.asarray(at, dtype=np.int64)
        starts, ends = self.offsets[at].astype(np.int64), self.offsets[at + 1].astype(np.int64)
        sizes = ends - starts
        found = np.empty(int(sizes.sum()), dtype=np.uint32)
        j = np.searchsorted(self.packed, at.astype(np.uint32))
        is_packed = np.zeros(len(at), dtype=bool)
        inside = j < len(self.packed)
        is_packed[inside] = self.packed[j[inside]] == at[inside]
        plain = ~is_packed
        shift = self._packed_before[j[plain]]
        from_plain = self.plain[_ranges(starts[plain] - shift, ends[plain] - shift)]
        if len(from_plain) == len(found):
            return from_plain.astype(np.uint32)
        found[np.repeat(plain, sizes)] = from_plain
        destination = np.cumsum(sizes) - sizes
        for k in np.flatnonzero(is_packed).tolist():
            found[destination[k]:destination[k] + sizes[k]] = self._blocks_of(int(at[k]))
        return found

    def postings(self, gram: str) -> tuple[np.ndarray, np.ndarray]:
        """(blocks, counts) of a character or a pair of characters; empty if absent."""
        i = self._index(gram)
        if i is None:
            return _EMPTY_U32, _EMPTY_U8
        return self._blocks_of(i), self._counts_of_range(int(self.offsets[i]), int(self.offsets[i + 1]))

    def size(self, gram: str) -> int:
        """How many blocks hold a character or a pair."""
        i = self._index(gram)
        return 0 if i is None else int(self.offsets[i + 1]) - int(self.offsets[i])

    def numbers_of(self, chars: str) -> np.ndarray:
        """The numbers of those of `chars` that are characters here, ascending."""
        return self._numbers(_codes(chars))

    def pairs_between(self, firsts: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        """The indexes of the keys of every pair of a character numbered in `firsts` followed
        by one numbered in `seconds`, ascending."""
        at = self.pairs_starting_with(firsts)
        second = np.zeros(self._width, dtype=bool)
        second[seconds] = True
        keys, width = self.keys[at], self._key(self._width)
        return at[second[keys - keys // width * width]]     # (a modulo takes thrice as long)

    def pairs_starting_with(self, firsts: np.ndarray) -> np.ndarray:
        """The indexes of the keys of every pair whose first character is numbered in `firsts`."""
        # Pairs are keyed (first + 1) × characters + second: each first character's pairs are
        # a run. Where each run starts is found once for all characters (a class of
        # thousands of them would search the keys as many times on every query).
        if self._pair_runs is None:
            bounds = (np.arange(1, self._width + 2, dtype=np.uint64) * np.uint64(self._width))
            self._pair_runs = np.searchsorted(self.keys, bounds.astype(self.keys.dtype))
        firsts = np.asarray(firsts, dtype=np.int64)
        return _ranges(self._pair_runs[firsts], self._pair_runs[firsts + 1])


def _run_starts_mask(ordered: np.ndarray) -> np.ndarray:
    """Whether each element of a sorted array starts a run of equal ones."""
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return first


def _repeats(first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(runs, lengths): the runs longer than one, numbered in order, given which elements
    start a run, and their lengths capped at SATURATED, as bytes. (Nine runs in ten are
    single: no array of every run's length is made.)"""
    run_of_repeat = np.cumsum(first, dtype=np.uint32 if len(first) < 1 << 32 else np.uint64)[~first]
    run_of_repeat -= 1
    runs = run_starts(run_of_repeat)
    lengths = np.diff(runs, append=len(run_of_repeat)) + 1
    np.minimum(lengths, SATURATED, out=lengths)
    return run_of_repeat[runs], lengths.astype(np.uint8)


@lru_cache(maxsize=256)
def _codes(chars: str) -> np.ndarray:
    """The code points of `chars`, ascending, once per class of characters."""
    return sorted_union([np.fromiter(map(ord, chars), dtype=np.uint32, count=len(chars))])


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Every index of the ranges [starts[i], ends[i]), in order, as one array."""
    sizes = (ends - starts).astype(np.int64)
    filled = sizes > 0
    starts, sizes = starts[filled].astype(np.int64), sizes[filled]
    total = int(sizes.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    # Steps of 1, but for a jump to each range's start: one cumulative sum (a repeat of
    # each range's shift and an arange cost seven times as much).
    steps = np.ones(total, dtype=np.int64)
    steps[0] = starts[0]
    steps[np.cumsum(sizes[:-1])] = starts[1:] - (starts[:-1] + sizes[:-1]) + 1
    return np.cumsum(steps, out=steps)


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """The index of the first element of each run of equal elements of a sorted array."""
    if not len(ordered):
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))


def _bisect(ordered: np.ndarray, value: int) -> int:
    """`np.searchsorted(ordered, value)`, in Python: for a single value numpy's call costs
    more than the few probes, and the arrays mapped after the one-byte deltas lie at
    offsets that need not be multiples of their item size, which numpy's search copies
    whole, each time (0.1–0.2 ms for a table's repeated postings; this takes 2 µs)."""
    return bisect_left(ordered, value)


def in_sorted(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each of `values` is in `ordered` (ascending): a binary search each, where
    np.isin would first hash or sort both arrays."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(ordered, values)
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
