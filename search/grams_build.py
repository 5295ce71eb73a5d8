"""Building a table's character and pair postings (`search.grams`) from its text: numpy
sorts of every character and pair with its block, no Python loop per character."""

from __future__ import annotations

from tanwen.search.ascending_numbers import AscendingNumbers
from tanwen.search.grams import PACK_FROM, SATURATED, GramPostings, run_starts
from tanwen.search.numpy_lean import np

_CODE_BITS = 21             # every code point fits in 21 bits
_CODE_MASK = (1 << _CODE_BITS) - 1
_BLOCK_BITS = 22            # pair key (42 bits) and block packed in one uint64 when blocks fit
# An exception is 2 + 4 bytes (its place's low half, its difference), but counted as 8: a
# packed key costs a Python call when keys are read in bulk, so no more keys are packed
# than when places took 4 bytes.
_EXCEPTION_SIZE = 8


def build_postings(text: str, starts) -> GramPostings:
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
        return _numbered(keys, np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.uint16),
                         np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8))
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
        keys = _kept_in_place(keys, first)
        del first
        # A block is the low bits: cast down (which keeps them), masked if wider than them.
        blocks = keys.astype(block_type)
        if np.iinfo(block_type).bits > _BLOCK_BITS:
            blocks &= block_type((1 << _BLOCK_BITS) - 1)
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
    offsets = np.append(key_starts, len(keys)).astype(np.int64)
    code_keys = keys[key_starts]
    del keys, key_starts            # (a posting's key each: the size of the postings again)
    return _numbered(code_keys, offsets, blocks, repeated, counts)


def _numbered(code_keys: np.ndarray, offsets: np.ndarray, blocks: np.ndarray,
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
    # Pairs in order of their first character: where each one's pairs start.
    pair_starts = np.searchsorted(first, np.arange(width + 1)).astype(np.uint32)
    seconds = second.astype(np.uint16 if width <= 1 << 16 else np.uint32)
    # Delta-code a key's blocks where one byte a block, and _EXCEPTION_SIZE an exception
    # (a difference of 256 or more), take less than the plain blocks.
    lengths = np.diff(offsets)
    # In the blocks' own unsigned type: ascending within a key, a difference fits it (the
    # wrapped ones between keys are overwritten by each key's first block).
    differences = np.empty_like(blocks)
    np.subtract(blocks[1:], blocks[:-1], out=differences[1:])
    key_firsts = offsets[:-1]
    differences[key_firsts[lengths > 0]] = blocks[key_firsts[lengths > 0]]
    large = differences > 0xFF
    per_key = np.zeros(len(lengths), dtype=np.int64)
    if len(blocks):
        # Summed in the narrowest type that holds a key's count (reduceat copies `large`
        # into it whole): a key's differences sum to its last block, so fewer than
        # 2 ** 16 of them are 256 or more while blocks are below 2 ** 24.
        count_type = np.uint16 if int(blocks.max()) < 1 << 24 else np.uint32
        per_key[lengths > 0] = np.add.reduceat(large, key_firsts[lengths > 0], dtype=count_type)
    packing = (lengths >= PACK_FROM) & (
        lengths + per_key * _EXCEPTION_SIZE < lengths * blocks.dtype.itemsize)
    in_packed = np.repeat(packing, lengths)
    exception_at = np.flatnonzero(in_packed & large)
    exceptions = differences[exception_at].astype(np.uint32)
    deltas = differences[in_packed]
    del differences, large
    deltas[deltas > 0xFF] = 0
    return GramPostings(chars, pair_starts, seconds, AscendingNumbers.of(offsets),
                        np.flatnonzero(packing).astype(np.uint32), blocks[~in_packed],
                        deltas.astype(np.uint8), AscendingNumbers.of(exception_at), exceptions,
                        AscendingNumbers.of(repeated), counts)


def _run_starts_mask(ordered: np.ndarray) -> np.ndarray:
    """Whether each element of a sorted array starts a run of equal ones."""
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return first


def _kept_in_place(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """values[keep], written over the front of `values` a piece at a time (a kept value
    never moves right): no second array the size of the postings."""
    kept = 0
    for start in range(0, len(values), _PIECE):
        piece = values[start:start + _PIECE][keep[start:start + _PIECE]]
        values[kept:kept + len(piece)] = piece
        kept += len(piece)
    return values[:kept]


_PIECE = 1 << 20


def _repeats(first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(runs, lengths): the runs longer than one, numbered in order, given which elements
    start a run, and their lengths capped at SATURATED, as bytes. (Nine runs in ten are
    single: no array of every run's length is made.)"""
    # The k-th element that starts no run, at i, is in run i - k - 1 (i - k starts before it).
    run_of_repeat = np.flatnonzero(~first)
    run_of_repeat -= np.arange(1, len(run_of_repeat) + 1)
    runs = run_starts(run_of_repeat)
    lengths = np.diff(runs, append=len(run_of_repeat)) + 1
    np.minimum(lengths, SATURATED, out=lengths)
    return run_of_repeat[runs], lengths.astype(np.uint8)
