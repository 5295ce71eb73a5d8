"""Writing Whoosh segments of one word field, many times faster than `IndexWriter` does.

The engine reads one thing from Whoosh: which blocks hold a word (`search.engine`:
`doc_frequency`, the posting docnums). So a segment holds one field, `words`, in Whoosh's
`Existence` format: no frequencies, weights, lengths or stored fields, which nothing read.

Whoosh's writer feeds every posting through an external-sort pool and writes it through
per-posting method calls (~20 µs a posting). Here a segment is inverted with numpy (each
block's distinct words numbered, one sort of (word, block) pairs), and each term's postings
are written as the bytes Whoosh's W3 codec writes for them: inline in the term table for
fewer than INLINE_LIMIT blocks, else pickled blocks of up to 128 delta-coded docnums. The
files written are ordinary Whoosh segments, read by ordinary Whoosh searchers.

This leans on `whoosh.codec.whoosh3` internals of whoosh-reloaded 2.7.5 (pinned); the test
suite checks that Whoosh reads back what its own writer writes for the same words.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from itertools import count
from pickle import dumps
from typing import Iterable

from whoosh import fields, formats
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.filedb.filetables import _lengths, _pointer
from whoosh.index import TOC, clean_files
from whoosh.system import emptybytes, pack_int, pack_long, pack_ushort

from tanwen.search.numpy_lean import np

# whoosh-reloaded 2.7.5 calls `set_inline` where the method is `set_inlined`, so posting
# lists short enough to be stored inline in the term table crash its writer (the stock one,
# which the tests compare with). The reader handles inlined postings.
if not hasattr(W3TermInfo, "set_inline"):
    W3TermInfo.set_inline = W3TermInfo.set_inlined

WORDS = "words"
# Posting lists of fewer than 8 documents (most of a vocabulary) go inline in the term
# table instead of a block of their own. No zlib: blocks of small integers barely compress.
INLINE_LIMIT = 8
BLOCK_LIMIT = 128
ROWS_AT_ONCE = 4096         # term table rows written in one go
CODEC = W3Codec(blocklimit=BLOCK_LIMIT, compression=0, inlinelimit=INLINE_LIMIT)


class WordsField(fields.FieldType):
    """A field of words given already analysed: which blocks hold each, nothing more."""

    def __init__(self, field_boost: float = 1.0) -> None:
        self.format = formats.Existence(field_boost=field_boost)
        self.analyzer = None
        self.vector = None
        self.scorable = False
        self.stored = False
        self.unique = False

    def index(self, value, **kwargs):   # for Whoosh's own writer (the tests compare with it)
        for term in sorted(set(value)):
            yield term.encode("utf-8"), 1, 1.0, emptybytes


def words_schema() -> fields.Schema:
    return fields.Schema(**{WORDS: WordsField()})


def invert(doc_words: Iterable[Iterable[str]], keep=None):
    """(terms, offsets, docnums, documents): the distinct words of every document (docnums 0…n-1 in
    order), as UTF-8 terms in byte order; term i is in documents docnums[offsets[i]:offsets[i+1]],
    ascending. `keep(word)` says which words are indexed (default: all)."""
    # Every step per token is a C-level call: a set per block, and each distinct word looked
    # up in a dict that numbers a word it has not seen (its factory counts). Only the
    # numbers and one copy of each word are kept.
    vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
    number = vocabulary.__getitem__
    ids = array("I")
    sizes: list[int] = []
    for words in doc_words:
        distinct = set(words)
        sizes.append(len(distinct))
        ids.extend(map(number, distinct))
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
    terms = pairs >> np.uint64(32)
    indexed = int(np.searchsorted(terms, np.uint64(len(kept))))
    offsets = np.searchsorted(terms[:indexed], np.arange(len(kept) + 1, dtype=np.uint64))
    docnums = array("I", (pairs[:indexed] & np.uint64(0xFFFFFFFF)).astype(np.uint32).tobytes())
    return [encoded[i] for i in kept], offsets, docnums, len(sizes)


def write_segment(storage, indexname: str, doc_words: Iterable[Iterable[str]], keep=None):
    """Write one segment whose document i holds the words doc_words[i], and return it.

    The segment is not part of the index until `commit_segments` lists it.
    """
    terms, offsets, docnums, count = invert(doc_words, keep)
    segment = CODEC.new_segment(storage, indexname)
    perdoc = CODEC.per_document_writer(storage, segment)
    perdoc._doccount = count            # no per-document data at all: no column is written
    perdoc.close()
    segment.set_doc_count(count)
    schema = words_schema()
    writer = CODEC.field_writer(storage, segment)
    writer.start_field(WORDS, schema[WORDS])
    _write_terms(writer, pack_ushort(writer._fieldid), terms, offsets.tolist(), docnums)
    writer.finish_field()
    writer.close()
    return segment


def _write_terms(writer, prefix: bytes, terms: list[bytes], offsets: list[int],
                 docnums: array) -> None:
    """Each term's row in the term table, and the posting blocks of the longer lists: the
    bytes W3FieldWriter writes for an Existence field (see the tests)."""
    table, postfile = writer._tindex, writer._postwriter._postfile
    gaps = _block_gaps(offsets, docnums)
    rows: list[tuple[bytes, bytes]] = []
    pack_info = W3TermInfo._struct.pack
    for term, start, end in zip(terms, offsets, offsets[1:]):
        count = end - start
        docs = docnums[start:end]
        if count < INLINE_LIMIT:
            rows.append((prefix + term, pack_info(1, float(count), count, 0, 0, 1.0, docs[0], docs[-1])
                         + dumps((tuple(docs), None, ()), 2)))   # no weights: each is 1
            if len(rows) < ROWS_AT_ONCE:
                continue
            _add_rows(table, rows)
            rows = []
            continue
        offset = postfile.tell()
        postfile.write(_posting_blocks(gaps, start, end))
        rows.append((prefix + term, pack_info(0, float(count), count, 0, 0, 1.0, docs[0], docs[-1])
                     + pack_long(offset) + pack_int(postfile.tell() - offset)))
        if len(rows) >= ROWS_AT_ONCE:     # written as they come: a segment's rows never all live
            _add_rows(table, rows)
            rows = []
    _add_rows(table, rows)
    table._write_hashes = lambda: _write_hashes(table)


def _block_gaps(offsets: list[int], docnums: array) -> array:
    """Each docnum less the one before it, but the first of each term's blocks of
    BLOCK_LIMIT as it is: the delta-coded ids of W3's posting blocks, for all terms at once."""
    ids = np.frombuffer(docnums, dtype=np.uint32).astype(np.int64)
    gaps = np.diff(ids, prepend=0)
    bounds = np.asarray(offsets, dtype=np.int64)
    lengths = np.diff(bounds)
    # Every block start: a term's start plus multiples of BLOCK_LIMIT within it.
    per_term = (lengths + BLOCK_LIMIT - 1) // BLOCK_LIMIT
    firsts = np.repeat(bounds[:-1], per_term) + BLOCK_LIMIT * (
        np.arange(int(per_term.sum())) - np.repeat(np.cumsum(per_term) - per_term, per_term))
    gaps[firsts] = ids[firsts]
    return array("I", gaps.astype(np.uint32).tobytes())


def _posting_blocks(gaps: array, start: int, end: int) -> bytes:
    """A term's postings file entry: magic, then blocks of ≤ BLOCK_LIMIT docnums, each its
    length (negative for the last), pickled (count, last id, max weight, compression,
    min and max length bytes) and pickled (delta-coded ids, weights, values)."""
    chunks = [WHOOSH3_HEADER_MAGIC]
    for first in range(start, end, BLOCK_LIMIT):
        deltas = tuple(gaps[first:min(first + BLOCK_LIMIT, end)])
        info = dumps((len(deltas), sum(deltas), 1.0, 0, 0, 0), 2)     # the sum: its last id
        data = dumps((deltas, None, None), 2)
        length = len(info) + len(data)
        chunks += (pack_int(-length if first + BLOCK_LIMIT >= end else length), info, data)
    return b"".join(chunks)


def _add_rows(table, rows: list[tuple[bytes, bytes]]) -> None:
    """What OrderedHashWriter.add() does for each row (same bytes on disk), in one loop and
    one write: per-row method calls and small writes were a third of the indexing time."""
    if not rows:
        return
    if rows[0][0] <= table.lastkey:
        raise ValueError("keys must increase")
    dbfile = table.dbfile
    position = dbfile.tell()
    hashfn, buckets, index = table.hashfn, table.buckets, table.index
    pack_lengths = _lengths.pack
    chunks = []
    for key, value in rows:
        index.append(position)
        buckets[(h := hashfn(key)) & 255].append((h, position))
        chunks += (pack_lengths(len(key), len(value)), key, value)
        position += _lengths.size + len(key) + len(value)
    dbfile.write(b"".join(chunks))
    table.lastkey = rows[-1][0]


def _write_hashes(table) -> None:
    """OrderedHashWriter's 256 hash tables, with 5 slots for 4 keys rather than 2 for 1
    (12 bytes a slot: a tenth of the term table). Whoosh's reader probes a table from a
    key's slot on to the first empty one, wrapping around, whatever its size; the table
    always keeps an empty slot."""
    null = _pointer.pack(0, 0)
    chunks = []
    position = table.dbfile.tell()
    for entries in table.buckets:
        slots = len(entries) + (len(entries) + 3) // 4
        table.directory.append((position, slots))
        filled: list[bytes] = [null] * slots
        for value, at in entries:
            slot = (value >> 8) % slots
            while filled[slot] is not null:
                slot = slot + 1 if slot + 1 < slots else 0
            filled[slot] = _pointer.pack(value, at)
        chunks += filled
        position += slots * _pointer.size
    table.dbfile.write(b"".join(chunks))


def commit_segments(storage, indexname: str, schema: fields.Schema, segments: list) -> int:
    """Make `segments` the index's content, atomically (a new TOC generation); return it.

    Readers of the previous generation keep working; its leftover files are removed.
    """
    generation = TOC._latest_generation(storage, indexname) + 1
    TOC(schema, segments, generation).write(storage, indexname)
    clean_files(storage, indexname, generation, segments)
    return generation
