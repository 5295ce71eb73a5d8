"""Word tiers: which matching blocks hold the query's words as indexed jieba words.

Word-level matches rank above substring-only ones. The words' postings in Whoosh tell them
apart; a common word has thousands, so only the blocks in question are read: each word's
posting-block headers (last id of each block, where its data lies) are walked once per
index reader and kept, and only the blocks that can hold one of the leaders are decoded.
"""

from __future__ import annotations

import io
import threading
import weakref
import zlib
from array import array
from bisect import bisect_left
from itertools import accumulate
from struct import Struct

from tanwen.search import whoosh_lean  # noqa: F401 (first: Whoosh without urllib, asyncio)
from tanwen.search.numpy_lean import np
from whoosh.matching import ListMatcher, WrappingMatcher

from tanwen.search import whoosh_pickles
from tanwen.search.analyzer import query_words
from tanwen.search.doctable import DocTable
from tanwen.search.matching import TableMatches
from tanwen.search.query import Query
from tanwen.search.ranking import WORD, Ranked, top

# Words in more blocks than this do not tell word-level matches apart; skip their postings.
COMMON_WORD_BLOCKS = 50_000
# Words whose block counts (per reader) and posting-block headers (per segment reader) are
# kept: at most some 400 blocks a word (COMMON_WORD_BLOCKS / 128), 17 bytes each.
WORDS_KEPT = 512
_BLOCK_LENGTH = Struct("!i")           # Whoosh's int: negative for a term's last block


def rank_checking_leaders(reader, query: Query, found: list[TableMatches],
                          tables: list[DocTable], reading, limit: int | None) -> list[Ranked] | None:
    """The best `limit` matches, telling word-level matches apart among the leaders only;
    None when that cannot settle the ranking.

    Which matches are word-level costs a read of each query word's postings — tens of
    thousands for a common word. But word-level matches rank first, and within them by
    score: rank every match as if it were word-level, check the leading 4 × limit (and any
    that tie with the last of them), and if `limit` of those are word-level, they are the
    answer — every other block scores less. (So are the first `limit` word-level ones of
    any leading part of them.)
    """
    if limit is None:
        return None
    lead_size = 4 * limit
    if sum(len(matches.docs) for matches in found) <= lead_size:
        return None            # few matches: checking them all is as cheap
    if sum(len(matches.docs) - len(matches.pinyin_only) for matches in found) < limit:
        return None            # mostly pinyin-only: fewer than `limit` can be word-level
    # `lead` holds lead_size matches or more (ties with the last): never fewer.
    lead = top(found, tables, [None] * len(tables), reading, lead_size, with_ties=True)
    if sum(ranked.tier == WORD for ranked in lead) < limit:
        return None            # pinyin-only leaders: the word check cannot settle it
    # Checked in lead order, the first `limit` before the rest: most often they all are
    # word-level, and the rest need not be read.
    chosen: list[Ranked] = []
    for part in (lead[:limit], lead[limit:]):
        among: list[list[int]] = [[] for _ in tables]
        for ranked in part:
            among[ranked.match.table].append(ranked.match.doc)
        aligned = word_aligned(reader, query, [sorted(docs) for docs in among])
        chosen += [ranked for ranked in part
                   if ranked.tier == WORD and (aligned[ranked.match.table] is None
                                               or ranked.match.doc in aligned[ranked.match.table])]
        if len(chosen) >= limit:
            return chosen[:limit]
    return None


def word_aligned(reader, query: Query,
                 among: list[list[int]] | None = None) -> list[set[int] | None]:
    """Per segment, the blocks whose indexed words include every text group's query words
    (only those of `among[segment]`, ascending, if given).

    None means no constraint (no group has a word that discriminates). A word in more than
    COMMON_WORD_BLOCKS blocks is skipped: it says little and its postings are long.
    """
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    aligned: list[set[int] | None] = [None] * len(leaves)
    for group in query.groups:
        if not all(term.is_text for term in group):
            continue
        group_docs: list[set[int]] | None = [set() for _ in leaves]
        for term in group:
            # A term that is itself an indexed word needs no segmenting (nor jieba loaded).
            words = [term.text] if _frequency(reader, term.text) else query_words(term.text)
            words = [w for w in dict.fromkeys(words) if _frequency(reader, w) <= COMMON_WORD_BLOCKS]
            if not words:            # nothing discriminating: every match counts as a word match
                group_docs = None
                break
            for index, leaf in enumerate(leaves):
                # Only the blocks still in question: those earlier groups left.
                if aligned[index] is not None:
                    docs = sorted(aligned[index])
                else:
                    docs = None if among is None else among[index]
                if docs is not None and not docs:
                    continue         # none in this segment: nothing to read
                term_docs = posting_docs(leaf, words[0], docs)
                for word in words[1:]:
                    if term_docs:
                        term_docs = posting_docs(leaf, word, sorted(term_docs))
                group_docs[index] |= term_docs
        if group_docs is None:
            continue
        aligned = [docs if before is None else before & docs
                   for before, docs in zip(aligned, group_docs)]
    return aligned


def posting_docs(leaf, word: str, among: list[int] | None = None) -> set[int]:
    """The segment's docnums that hold `word` (only those of `among`, ascending, if given).

    Only the posting blocks that can hold one of `among` are decoded: the block a docnum
    would be in is found by bisecting the blocks' last ids, kept from one walk of the
    headers.
    """
    postings = _postings(leaf, word)
    if postings is None:
        return set()
    if isinstance(postings, frozenset):              # an inlined posting list
        return set(postings) if among is None else postings.intersection(among)
    postfile, start, last_ids, data_starts, ends, compressed = postings
    if among is None:
        wanted = list(range(len(ends)))
    else:                # the first block whose last id is ≥ the docnum (past the end: none)
        in_block = np.searchsorted(last_ids, among)
        # `among` ascends, so its blocks do: repeats are neighbours (np.unique would import
        # numpy.ma, 15-20 ms of a fresh process).
        wanted = list(dict.fromkeys(in_block[in_block < len(ends)].tolist()))
    if not wanted:
        return set()
    # One read from the first block wanted to the end of the last.
    begin = data_starts[wanted[0]]
    data = postfile.get(begin, ends[wanted[-1]] - begin)

    def ids_of(block: int) -> list[int]:
        return _block_ids(data[data_starts[block] - begin:ends[block] - begin], compressed[block])

    if among is None or len(among) > 2 * len(wanted):     # many in a block: a set of all
        docs: set[int] = set()
        for block in wanted:
            docs.update(ids_of(block))
        return docs if among is None else docs.intersection(among)
    # A few in a block: each looked up in its block's ids.
    found: set[int] = set()
    decoded, ids = -1, []
    for doc, block in zip(among, in_block.tolist()):
        if block == len(ends):
            continue                                 # past the word's last docnum
        if block != decoded:
            decoded, ids = block, ids_of(block)
        at = bisect_left(ids, doc)
        if at < len(ids) and ids[at] == doc:
            found.add(doc)
    return found


def _block_ids(data: bytes, compressed: bool) -> list[int]:
    """The ids of one posting block: its delta-coded ids (the first as it is), summed in C.
    (Whoosh's own writer compresses blocks; the segment writer does not.)"""
    return list(accumulate(whoosh_pickles.loads(zlib.decompress(data) if compressed else data)[0]))


# What a reader holds, kept while it lives (dropped with it): a reader reads one index
# generation, so what it held once holds. Leaf reader → {word: its posting blocks}.
_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_frequencies: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()     # reader → {word: n}
_kept_lock = threading.Lock()


def _frequency(reader, word: str) -> int:
    """In how many blocks the word is indexed (0: not at all). Kept per reader: a word
    absent from a segment costs dozens of probes of its hash table, each a read."""
    return _kept_for(_frequencies, reader, word, lambda: reader.doc_frequency("words", word)
                     if ("words", word) in reader else 0)


def _postings(leaf, word: str):
    """None (not indexed), the docnums of an inlined list, or (postfile, offset of the
    first block, and of each block: its last id, the offset of its ids, its end, whether
    they are compressed)."""
    return _kept_for(_kept, leaf, word, lambda: _read_postings(leaf, word))


def _kept_for(kept: weakref.WeakKeyDictionary, owner, word: str, work):
    """`work()`'s answer for `word`, kept with `owner` (a reader or a leaf: dropped with it),
    WORDS_KEPT words at most, the first kept going first."""
    with _kept_lock:
        words = kept.setdefault(owner, {})
        if word in words:
            return words[word]
    found = work()
    with _kept_lock:
        if len(words) >= WORDS_KEPT:
            words.pop(next(iter(words)))            # the first kept
        words[word] = found
    return found


def _read_postings(leaf, word: str):
    if ("words", word) not in leaf:
        return None
    matcher = leaf.postings("words", word)
    while isinstance(matcher, WrappingMatcher):   # deleted blocks are filtered by the tables
        matcher = matcher.child
    if isinstance(matcher, ListMatcher):
        return frozenset(matcher._ids)
    postfile, start = matcher._postfile, matcher._baseoffset
    # The blocks follow one another, each its length (negative for the last), a pickled
    # header (count, last id, …) and the pickled ids. Read them at once and walk them here:
    # Whoosh's matcher takes a dozen Python calls a block.
    size = matcher._length
    size = (size[0] if isinstance(size, tuple) else size) - (start - matcher._startoffset)
    data = postfile.get(start, size)
    stream = io.BytesIO(data)
    last_ids: list[int] = []
    data_starts, ends = array("q"), array("q")      # compact, and read back as Python ints
    compressed = bytearray()
    at = 0
    while True:
        length = _BLOCK_LENGTH.unpack_from(data, at)[0]
        stream.seek(at + _BLOCK_LENGTH.size)
        header = whoosh_pickles.load(stream)       # (count, last id, weight, compression, …)
        last_ids.append(header[1])
        compressed.append(header[3] != 0)
        data_starts.append(start + stream.tell())
        at += _BLOCK_LENGTH.size + abs(length)
        ends.append(start + at)
        if length < 0:
            break
    if at != len(data):
        raise ValueError(f"the posting blocks of {word!r} do not fill their extent")
    return postfile, start, np.asarray(last_ids, dtype=np.int64), data_starts, ends, bytes(compressed)

