"""Character and character-pair postings of a document table: for every character and
every pair of adjacent characters, the blocks that hold it and how many times.

They answer the costly queries directly. A common character or pair (的, 万吨, 5g) is in
a third of all blocks; counting it block by block is a Python-level call per block, tens
of milliseconds at 100 MB, while its postings are two array slices. Longer strings are
counted only in the blocks that hold their two rarest pairs.

Built with numpy in a few sorts (no Python loop per character), stored as one flat file
beside the segment and memory-mapped, so a search touches only the postings it reads:

    header   magic, keys, postings, bytes per offset, bytes per block, repeats (6 × uint64)
    keys     uint64 × keys, ascending: a character's code point, or a pair's
             ((first + 1) << 21) | second, always above every code point
    offsets  uint32 (uint64 if need be) × (keys + 1): key i's postings are
             [offsets[i], offsets[i + 1])
    blocks   uint16 (uint32 past 65,536 blocks) × postings, ascending within a key
    repeated offsets' type × repeats: the postings whose block holds the gram more than
             once, ascending (in news text nine postings in ten are a single occurrence)
    counts   uint8 × repeats, their occurrences (255: that many or more); every other
             posting counts 1
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

MAGIC = 0x54574733          # "TWG3"; a new layout also bumps doctable.TABLE_VERSION (the index format)
_HEADER = 48                # bytes: six uint64
SATURATED = 255             # a count this high means "this many or more": recount
_CODE_BITS = 21             # every code point fits in 21 bits
_CODE_MASK = (1 << _CODE_BITS) - 1
_BLOCK_BITS = 22            # pair key (42 bits) and block packed in one uint64 when blocks fit
_UNSIGNED = {2: np.uint16, 4: np.uint32, 8: np.uint64}
_EMPTY_U32 = np.zeros(0, dtype=np.uint32)
_EMPTY_U16 = np.zeros(0, dtype=np.uint16)
_EMPTY_U8 = np.zeros(0, dtype=np.uint8)


class GramPostings:
    """The postings of one table: sorted keys, per key a slice of blocks, and the counts of
    the postings that are not 1 (`repeated`, `repeats`)."""

    def __init__(self, keys: np.ndarray, offsets: np.ndarray, blocks: np.ndarray,
                 repeated: np.ndarray, repeats: np.ndarray) -> None:
        self.keys, self.offsets, self.blocks = keys, offsets, blocks
        self.repeated, self.repeats = repeated, repeats

    @classmethod
    def _with_counts(cls, keys, offsets, blocks, counts: np.ndarray) -> GramPostings:
        repeated = np.flatnonzero(counts > 1).astype(offsets.dtype)
        return cls(keys, offsets, blocks, repeated,
                   np.minimum(counts[repeated], SATURATED).astype(np.uint8))

    def counts_of(self, postings: np.ndarray) -> np.ndarray:
        """The occurrence counts of postings given by index, ascending."""
        found = np.ones(len(postings), dtype=np.uint8)
        if len(postings) and len(self.repeated):
            # Same dtype both sides: a mixed search would convert the whole mapped array.
            wanted = postings.astype(self.repeated.dtype)
            at = np.searchsorted(self.repeated, wanted)
            inside = at < len(self.repeated)
            hit = np.flatnonzero(inside)[self.repeated[at[inside]] == wanted[inside]]
            found[hit] = self.repeats[at[hit]]
        return found

    def _counts_of_range(self, start: int, end: int) -> np.ndarray:
        found = np.ones(end - start, dtype=np.uint8)
        index = self.repeated.dtype.type
        low, high = (int(i) for i in np.searchsorted(self.repeated, [index(start), index(end)]))
        if high > low:
            found[self.repeated[low:high].astype(np.int64) - start] = self.repeats[low:high]
        return found

    # -- building --------------------------------------------------------------------------

    @classmethod
    def build(cls, text: str, starts) -> GramPostings:
        """Postings of the blocks of `text` (blocks joined by "\n", block i at starts[i])."""
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        sizes = np.diff(np.asarray(starts, dtype=np.int64))
        block_of = np.repeat(np.arange(len(sizes), dtype=np.uint32), sizes)
        inside = codes != ord("\n")
        pair = inside[:-1] & inside[1:]
        keys = np.concatenate((codes[inside].astype(np.uint64),
                               ((codes[:-1][pair].astype(np.uint64) + 1) << _CODE_BITS) | codes[1:][pair]))
        blocks = np.concatenate((block_of[inside], block_of[:-1][pair]))
        del codes, block_of, inside, pair
        if not len(keys):
            return cls(keys, np.zeros(1, dtype=np.uint32), _EMPTY_U16, _EMPTY_U32, _EMPTY_U8)
        if len(sizes) < 1 << _BLOCK_BITS:
            # Key and block packed in one number: one sort, and equal numbers are one posting.
            keys <<= _BLOCK_BITS
            keys |= blocks
            del blocks
            keys.sort()
            firsts = run_starts(keys)
            counts = np.diff(np.append(firsts, len(keys)))
            packed = keys[firsts]
            del keys
            keys, blocks = packed >> _BLOCK_BITS, packed & ((1 << _BLOCK_BITS) - 1)
        else:       # too many blocks to pack: a stable sort keeps blocks ascending per key
            order = np.argsort(keys, kind="stable")
            keys, blocks = keys[order], blocks[order]
            firsts = np.flatnonzero(np.concatenate(
                ([True], (keys[1:] != keys[:-1]) | (blocks[1:] != blocks[:-1]))))
            counts = np.diff(np.append(firsts, len(keys)))
            keys, blocks = keys[firsts], blocks[firsts]
        key_starts = run_starts(keys)
        offsets = np.append(key_starts, len(keys))
        return cls._with_counts(keys[key_starts],
                                offsets.astype(np.uint32 if len(keys) < 1 << 32 else np.uint64),
                                blocks.astype(np.uint16 if len(sizes) <= 1 << 16 else np.uint32),
                                counts)

    # -- persistence -----------------------------------------------------------------------

    def write(self, handle) -> None:
        header = np.array([MAGIC, len(self.keys), len(self.blocks), self.offsets.itemsize,
                           self.blocks.itemsize, len(self.repeated)], dtype=np.uint64)
        repeated = self.repeated.astype(self.offsets.dtype)
        for array in (header, self.keys, self.offsets, self.blocks, repeated, self.repeats):
            handle.write(array.tobytes())

    @classmethod
    def open(cls, path: Path) -> GramPostings:
        """Map a written file; raises ValueError if it is not one, or is cut short."""
        # A plain array over the mapping: memmap's own indexing adds microseconds per call.
        data = np.memmap(path, dtype=np.uint8, mode="r").view(np.ndarray)
        if len(data) < _HEADER:
            raise ValueError("gram postings: file too short")
        magic, keys, postings, offset_size, block_size, repeats = (
            int(v) for v in data[:_HEADER].view(np.uint64))
        layout = ((np.uint64, keys), (_UNSIGNED.get(offset_size), keys + 1),
                  (_UNSIGNED.get(block_size), postings), (_UNSIGNED.get(offset_size), repeats),
                  (np.uint8, repeats))
        if (magic != MAGIC or None in (dtype for dtype, _ in layout) or repeats > postings
                or len(data) != _HEADER + sum(np.dtype(dtype).itemsize * count
                                              for dtype, count in layout)):
            raise ValueError("gram postings: not a postings file, or truncated")
        at = _HEADER
        parts = []
        for dtype, count in layout:
            size = np.dtype(dtype).itemsize * count
            parts.append(data[at:at + size].view(dtype))
            at += size
        return cls(*parts)

    # -- reading ---------------------------------------------------------------------------

    def postings(self, gram: str) -> tuple[np.ndarray, np.ndarray]:
        """(blocks, counts) of a character or a pair of characters; empty if absent."""
        key = ord(gram) if len(gram) == 1 else ((ord(gram[0]) + 1) << _CODE_BITS) | ord(gram[1])
        # As uint64: a Python int would make numpy convert the whole array for the search.
        i = int(np.searchsorted(self.keys, np.uint64(key)))
        if i == len(self.keys) or int(self.keys[i]) != key:
            return _EMPTY_U32, _EMPTY_U8
        start, end = int(self.offsets[i]), int(self.offsets[i + 1])
        return self.blocks[start:end], self._counts_of_range(start, end)

    def size(self, gram: str) -> int:
        """How many blocks hold a character or a pair."""
        return len(self.postings(gram)[0])

    def blocks_with_run(self, classes: list[str], limit: int) -> np.ndarray | None:
        """The blocks that may hold a run of characters, the i-th from `classes[i]`: those
        holding, for each i, a pair of adjacent characters from classes i and i + 1 that can
        be part of such a run. Ascending; None if even the narrowest of those pair sets is
        in more than `limit` postings (it would narrow nothing).
        """
        codes = [_codes(chars) for chars in classes]
        # Forward: the pairs (a, b) with a in class i — among the characters that can end
        # the pairs before — and b in class i + 1.
        pairs: list[np.ndarray] = []
        firsts = codes[0]
        for following in codes[1:]:
            at = self._pairs_starting_with(firsts)
            at = at[np.isin(self.keys[at] & _CODE_MASK, following)]
            if not len(at):
                return _EMPTY_U32
            pairs.append(at)
            firsts = sorted_union([self.keys[at] & _CODE_MASK])
        # Backward: keep the pairs whose second character can start the pairs after.
        for i in range(len(pairs) - 2, -1, -1):
            starting = (self.keys[pairs[i + 1]] >> _CODE_BITS) - 1
            pairs[i] = pairs[i][np.isin(self.keys[pairs[i]] & _CODE_MASK, starting)]
        blocks = None
        for at in sorted(pairs, key=lambda at: int((self.offsets[at + 1] - self.offsets[at]).sum())):
            postings = _ranges(self.offsets[at], self.offsets[at + 1])
            if len(postings) > limit:
                break
            found = sorted_union([self.blocks[postings]])
            blocks = found if blocks is None else np.intersect1d(blocks, found, assume_unique=True)
        return blocks

    def pair_counts(self, firsts: str, seconds: str) -> tuple[np.ndarray, np.ndarray]:
        """(blocks, occurrences) of every pair of a character of `firsts` followed by one of
        `seconds`, summed per block; blocks ascending. A block whose count for one pair is
        SATURATED has a sum that may be short."""
        at = self._pairs_starting_with(_codes(firsts))
        at = at[np.isin(self.keys[at] & _CODE_MASK, _codes(seconds))]
        postings = _ranges(self.offsets[at], self.offsets[at + 1])
        return sum_by_block(self.blocks[postings], self.counts_of(postings).astype(np.int64))

    def _pairs_starting_with(self, firsts: np.ndarray) -> np.ndarray:
        """The indexes of the keys of every pair whose first character is one of `firsts`."""
        # Pairs are keyed (first + 1) << 21 | second: each first character's pairs are a run.
        return _ranges(np.searchsorted(self.keys, (firsts + 1) << _CODE_BITS),
                       np.searchsorted(self.keys, (firsts + 2) << _CODE_BITS))


@lru_cache(maxsize=256)
def _codes(chars: str) -> np.ndarray:
    """The code points of `chars`, ascending, once per class of characters."""
    return sorted_union([np.fromiter(map(ord, chars), dtype=np.uint64, count=len(chars))])


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Every index of the ranges [starts[i], ends[i]), in order, as one array."""
    sizes = (ends - starts).astype(np.int64)
    total = int(sizes.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    shift = starts.astype(np.int64) - np.concatenate(([0], np.cumsum(sizes)[:-1]))
    return np.repeat(shift, sizes) + np.arange(total)


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """The index of the first element of each run of equal elements of a sorted array."""
    if not len(ordered):
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))


def sorted_union(arrays: list[np.ndarray]) -> np.ndarray:
    """The ascending union of arrays (sort, drop repeats: np.unique hashes, slower here)."""
    merged = np.sort(np.concatenate(arrays)) if arrays else _EMPTY_U32
    return merged[run_starts(merged)]


def sum_by_block(blocks: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each block once, ascending, with its counts summed."""
    order = np.argsort(blocks, kind="stable")
    blocks, counts = blocks[order], counts[order]
    firsts = run_starts(blocks)
    return blocks[firsts], (np.add.reduceat(counts, firsts) if len(firsts) else counts)
