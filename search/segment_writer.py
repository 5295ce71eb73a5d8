"""Writing Whoosh segments of one word field, many times faster than `IndexWriter` does.

The engine reads one thing from Whoosh: which blocks hold a word (`search.engine`:
`doc_frequency`, the posting docnums). So a segment holds one field, `words`, in Whoosh's
`Existence` format: no frequencies, weights, lengths or stored fields, which nothing read.

Whoosh's writer feeds every posting through an external-sort pool and writes it through
per-posting method calls (~20 µs a posting). Here a segment is inverted with numpy (each
block's distinct words numbered, one sort of (word, block) pairs) and written in bulk as a
`search.word_postings` file, which tanwen's codec (`search.words_codec`) reads: the index
is a Whoosh index of segments of that codec.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from itertools import count
from typing import Iterable

from tanwen.search import whoosh_lean  # noqa: F401 (first: Whoosh without urllib, asyncio)
from tanwen.search.numpy_lean import np
from whoosh import fields, formats
from whoosh.index import TOC, clean_files

from tanwen.search.word_postings import write_postings
from tanwen.search.words_codec import WORDS, WORDS_EXT, WordsCodec

CODEC = WordsCodec()


class WordsField(fields.FieldType):
    """A field of words given already analysed: which blocks hold each, nothing more."""

    def __init__(self, field_boost: float = 1.0) -> None:
        self.format = formats.Existence(field_boost=field_boost)
        self.analyzer = None
        self.vector = None
        self.scorable = False
        self.stored = False
        self.unique = False

    def to_bytes(self, value) -> bytes:
        # As the segment writer encodes words: text may hold unpaired surrogates.
        return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def words_schema() -> fields.Schema:
    return fields.Schema(**{WORDS: WordsField()})


def invert(doc_words: Iterable[Iterable[str]], keep=None):
    """(terms, offsets, docnums, documents): the distinct words of every document (docnums 0…n-1 in
    order), as UTF-8 terms in byte order; term i is in documents docnums[offsets[i]:offsets[i+1]],
    ascending. `keep(word)` says which words are indexed (default: all)."""
    # Every step per token is a C-level call: each word looked up in a dict that numbers a
    # word it has not seen (its factory counts). Only the numbers and one copy of each word
    # are kept. A word repeated in a block is numbered each time (cheaper than a set per
    # block first), its repeats dropped once the (word, block) pairs are sorted.
    vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
    number = vocabulary.__getitem__
    ids = array("I")
    sizes: list[int] = []
    for words in doc_words:
        before = len(ids)
        ids.extend(map(number, words))
        sizes.append(len(ids) - before)
    words = list(vocabulary)
    encoded = [word.encode("utf-8", "surrogatepass") for word in words]
    kept = [i for i, word in enumerate(words) if keep is None or keep(word)]
    kept.sort(key=encoded.__getitem__)
    # rank[id]: the term's place in byte order, or len(kept) for a word not indexed.
    rank = np.full(len(words) + 1, len(kept), dtype=np.uint64)
    rank[np.asarray(kept, dtype=np.int64)] = np.arange(len(kept), dtype=np.uint64)
    pairs = rank[np.frombuffer(ids, dtype=np.uint32)] << np.uint64(32)
    del ids
    pairs |= np.repeat(np.arange(len(sizes), dtype=np.uint64), sizes)
    pairs.sort()
    first = np.ones(len(pairs), dtype=bool)
    np.not_equal(pairs[1:], pairs[:-1], out=first[1:])
    pairs = pairs[first]                # each (word, block) once
    del first
    terms = pairs >> np.uint64(32)
    indexed = int(np.searchsorted(terms, np.uint64(len(kept))))
    offsets = np.searchsorted(terms[:indexed], np.arange(len(kept) + 1, dtype=np.uint64))
    docnums = (pairs[:indexed] & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return [encoded[i] for i in kept], offsets, docnums, len(sizes)


def write_segment(storage, indexname: str, doc_words: Iterable[Iterable[str]], keep=None):
    """Write one segment whose document i holds the words doc_words[i], and return it.

    The segment is not part of the index until `commit_segments` lists it.
    """
    terms, offsets, docnums, documents = invert(doc_words, keep)
    segment = CODEC.new_segment(storage, indexname)
    segment.set_doc_count(documents)
    with storage.create_file(segment.make_filename(WORDS_EXT)) as handle:
        write_postings(handle, terms, offsets, docnums, documents)
    return segment


def commit_segments(storage, indexname: str, schema: fields.Schema, segments: list) -> int:
    """Make `segments` the index's content, atomically (a new TOC generation); return it.

    Readers of the previous generation keep working; its leftover files are removed.
    """
    generation = TOC._latest_generation(storage, indexname) + 1
    TOC(schema, segments, generation).write(storage, indexname)
    clean_files(storage, indexname, generation, segments)
    return generation
