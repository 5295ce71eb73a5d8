"""Word tiers: which matching blocks hold the query's words as indexed jieba words.

Word-level matches rank above substring-only ones. The words' postings in the index tell
them apart: a word's docnums are one decode of its gaps in the mapped postings file
(search.words_codec, tens of microseconds for the commonest words read), intersected with
the blocks in question.
"""

from __future__ import annotations

import threading
import weakref

from tanwen.search import whoosh_lean  # noqa: F401 (first: Whoosh without urllib, asyncio)
from tanwen.search.numpy_lean import np

from tanwen.search.analyzer import query_words
from tanwen.search.doctable import DocTable
from tanwen.search.matching import TableMatches
from tanwen.search.query import Query
from tanwen.search.ranking import WORD, Ranked, top
from tanwen.search.words_codec import word_docnums

# Words in more blocks than this do not tell word-level matches apart; skip their postings.
COMMON_WORD_BLOCKS = 50_000
# Words whose block counts are kept per reader.
WORDS_KEPT = 512


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
    """The segment's docnums that hold `word` (only those of `among`, ascending, if given)."""
    docs = word_docnums(leaf, word)
    if docs is None or among is not None and not among:
        return set()
    if among is None:
        return set(docs.tolist())
    wanted = np.asarray(among, dtype=np.int64)
    # Each of `among` looked up by bisection in the word's ascending docnums (np.intersect1d
    # would sort both, and its np.unique imports numpy.ma: 15-20 ms of a fresh process).
    at = np.searchsorted(docs, wanted)
    held = at < len(docs)
    held[held] = docs[at[held]] == wanted[held]
    return set(wanted[held].tolist())


# What a reader holds, kept while it lives (dropped with it): a reader reads one index
# generation, so what it held once holds.
_frequencies: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()     # reader → {word: n}
_kept_lock = threading.Lock()


def _frequency(reader, word: str) -> int:
    """In how many blocks the word is indexed (0: not at all). Kept per reader: asking
    bisects every segment's terms."""
    return _kept_for(_frequencies, reader, word, lambda: reader.doc_frequency("words", word))


def _kept_for(kept: weakref.WeakKeyDictionary, owner, word: str, work):
    """`work()`'s answer for `word`, kept with `owner` (a reader: dropped with it),
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
