"""Runs of characters drawn from classes, `[天田…][津今金…]` (what a pinyin term reads as),
found in a table's pair postings (search.grams) rather than in its text.

A class of a pinyin initial holds thousands of characters, and the pairs of two such
classes are in half of all blocks: what narrows a longer run is that its pairs chain up in
a block, one pair's second character the next one's first.
"""

from __future__ import annotations

from tanwen.search.grams import GramPostings, in_sorted, sum_by_block
from tanwen.search.numpy_lean import np

_NO_BLOCKS = np.zeros(0, dtype=np.int64)


def pair_counts(grams: GramPostings, firsts: str, seconds: str) -> tuple[np.ndarray, np.ndarray]:
    """(blocks, occurrences) of every pair of a character of `firsts` followed by one of
    `seconds`, summed per block; blocks ascending. A block whose count for one pair is
    SATURATED has a sum that may be short."""
    at = grams.pairs_between(grams.numbers_of(firsts), grams.numbers_of(seconds))
    return sum_by_block(grams.blocks_of_keys(at), grams.counts_of_keys(at).astype(np.int64))


def blocks_with_run(grams: GramPostings, classes: list[str]) -> np.ndarray:
    """The blocks that may hold a run of characters, the i-th from `classes[i]`, ascending:
    those where pairs of adjacent characters from classes i and i + 1 chain up, each pair's
    second character the next pair's first, in the same block.

    A block holding such a run is always among them; one that is not holds the pairs of a
    run elsewhere than side by side (rare: for xzscl, some 2% more blocks). With classes of
    thousands of characters, each pair set alone is in half of all blocks, and their
    blocks' intersection still ten times the answer. Chained from the pair set with the
    fewest postings outwards, as (block, character) numbers, each step keeps only the
    postings that continue a chain.
    """
    width = len(grams.chars)
    numbers = [grams.numbers_of(chars) for chars in classes]
    links = []
    for i in range(len(classes) - 1):
        links.append(grams.pairs_between(numbers[i], numbers[i + 1]))
        if not len(links[-1]):
            return _NO_BLOCKS
    key_sizes = [grams.sizes_of_keys(at) for at in links]
    sizes = [int(each.sum()) for each in key_sizes]
    seed = min(range(len(links)), key=sizes.__getitem__)
    seed_blocks, seed_firsts, seed_seconds = _pair_postings(grams, links[seed], numbers[seed],
                                                            key_sizes[seed])
    # One more than the seed's blocks: a block past them is looked up there, and is not alive.
    alive = np.zeros(int(seed_blocks.max()) + 2, dtype=bool)
    alive[seed_blocks] = True
    # Rightwards a pair must start where a chain ends; leftwards end where one starts.
    for step, order in ((+1, range(seed + 1, len(links))), (-1, range(seed - 1, -1, -1))):
        ends = np.sort(seed_blocks * width + (seed_seconds if step > 0 else seed_firsts))
        for i in order:
            blocks, firsts, seconds = _pair_postings(grams, links[i], numbers[i], key_sizes[i])
            inside = np.flatnonzero(alive.take(blocks, mode="clip"))   # blocks still in the running
            blocks = blocks[inside]
            codes = blocks * width
            joined, grown = (firsts, seconds) if step > 0 else (seconds, firsts)
            kept = np.flatnonzero(in_sorted(codes + joined[inside], ends))
            if not len(kept):
                return _NO_BLOCKS
            ends = np.sort(codes[kept] + grown[inside[kept]])
            alive[:] = False
            alive[blocks[kept]] = True
    return np.flatnonzero(alive)


def _pair_postings(grams: GramPostings, at: np.ndarray, firsts: np.ndarray, sizes: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The postings of pair keys `at` (their first characters among `firsts`, their sizes
    `sizes`): (block, first character, second character) each, as int64 arrays, key after key."""
    firsts, seconds = grams.pair_characters(at, firsts)
    return (grams.blocks_of_keys(at, sizes).astype(np.int64), firsts.repeat(sizes),
            seconds.repeat(sizes))
