"""The word postings of a segment: which blocks hold each indexed jieba word, in one file.

    header        8 little-endian uint64: MAGIC, terms, documents, postings (a count, not
                  read back), bytes of the keys, bytes of the postings, and two zeros
    key offsets   uint32 × (terms + 1): term i is keys[offset[i]:offset[i + 1]]
    ends          uint32 × terms: where term i's gaps end in the postings part (they start
                  where term i - 1's end), and in the top two bits their width: 1 << code
    postings      each term's docnums, delta-coded (the first as it is), at the narrowest
                  width that holds its largest gap (1, 2 or 4 bytes), term after term
    keys          the terms, UTF-8 (surrogates passed), in byte order, back to back

A term is found by bisecting the keys; its docnums are one `cumsum` of its gaps, and its
document frequency is its bytes over its width: no separate count is kept. The file is
mapped: a search reads the pages of the keys it bisects and of the postings it decodes.
All little-endian; the gaps of 2 and 4 bytes are read unaligned (numpy handles that).
"""

from __future__ import annotations

from bisect import bisect_left

from tanwen.search.mapped_pages import release
from tanwen.search.numpy_lean import np

MAGIC = 0x32575754          # "TWW2"; a new layout also bumps index_store.FORMAT_VERSION
_HEADER = 8 * 8
_CODE_SHIFT = 30            # a term's width code sits above the ends, which stay under 1 GB
_END = (1 << _CODE_SHIFT) - 1
_GAPS = ("<u1", "<u2", "<u4")     # by width code


def write_postings(handle, terms: list[bytes], offsets: np.ndarray, docnums: np.ndarray,
                   documents: int) -> None:
    """Write what `segment_writer.invert` gives: term i (in byte order) is in the documents
    docnums[offsets[i]:offsets[i + 1]], ascending. All in bulk: no step per posting or term."""
    count = len(terms)
    bounds = np.asarray(offsets, dtype=np.int64)
    ids = np.asarray(docnums, dtype=np.int64)
    frequencies = np.diff(bounds)
    gaps = np.diff(ids, prepend=0)
    firsts = bounds[:-1]
    gaps[firsts] = ids[firsts]                   # each term's first docnum as it is
    largest = np.maximum.reduceat(gaps, firsts) if count else np.zeros(0, dtype=np.int64)
    code = (largest > 0xFF).astype(np.int64) + (largest > 0xFFFF)
    # Each gap's little-endian bytes, as many as its term's width: one boolean pick.
    width = np.repeat((1 << code).astype(np.uint8), frequencies)
    as_bytes = gaps.astype("<u4").view(np.uint8).reshape(-1, 4)
    postings = as_bytes[np.arange(4) < width[:, None]].tobytes()
    ends = np.cumsum(frequencies << code)
    key_offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, terms), dtype=np.int64, count=count), out=key_offsets[1:])
    if len(postings) > _END or key_offsets[-1] >= 1 << 32:
        raise ValueError("a segment's word postings must stay under 1 GB, its keys under 4 GB")
    header = [MAGIC, count, documents, len(ids), key_offsets[-1], len(postings), 0, 0]
    handle.write(np.array(header, dtype="<u8").tobytes())
    handle.write(key_offsets.astype("<u4").tobytes())
    handle.write((ends | code << _CODE_SHIFT).astype("<u4").tobytes())
    handle.write(postings)
    handle.write(b"".join(terms))


class WordPostings:
    """A written file, mapped: the terms, their document frequencies and docnums."""

    def __init__(self, data: np.ndarray) -> None:
        if len(data) < _HEADER or int(data[:8].view("<u8")[0]) != MAGIC:
            raise ValueError("word postings: not a postings file of this version")
        _, terms, documents, _, key_bytes, postings_bytes, *_ = (
            int(v) for v in data[:_HEADER].view("<u8"))
        at = _HEADER + 4 * (2 * terms + 1)
        if len(data) != at + postings_bytes + key_bytes:
            raise ValueError("word postings: truncated, or not a postings file of this version")
        # Indexed from Python one by one: a memoryview of native ints gives them fastest.
        tables = data[_HEADER:at].view("<u4").astype(np.uint32, copy=False)
        self._key_offsets, self._ends = memoryview(tables[:terms + 1]), memoryview(tables[terms + 1:])
        self._keys = memoryview(data[at + postings_bytes:])
        self._postings = data[at:at + postings_bytes]
        self.documents, self.terms = documents, terms
        if self._key_offsets[terms] != key_bytes or terms and self._ends[-1] & _END != postings_bytes:
            raise ValueError("word postings: the tables do not match the header")
        self._mapping = None        # the file's mapping, when opened from one

    def release_pages(self) -> None:
        """Give back the pages of the file read so far (`search.mapped_pages`)."""
        release(self._mapping)

    @classmethod
    def open(cls, path) -> WordPostings:
        """Map a written file; raises ValueError if it is not one, or is cut short."""
        # A plain array over the mapping: memmap's own indexing adds microseconds per call.
        mapped = np.memmap(path, dtype=np.uint8, mode="r")
        found = cls(mapped.view(np.ndarray))
        found._mapping = mapped._mmap
        return found

    def key(self, term: int) -> bytes:
        return bytes(self._keys[self._key_offsets[term]:self._key_offsets[term + 1]])

    def find(self, key: bytes) -> int:
        """The term's number, or -1 if it is not indexed."""
        at = self.first_from(key)
        return at if at < self.terms and self.key(at) == key else -1

    def first_from(self, key: bytes) -> int:
        """The number of the first term ≥ key (self.terms if none)."""
        return bisect_left(range(self.terms), key, key=self.key)

    def _extent(self, term: int) -> tuple[int, int, int]:
        """(start, end, width code) of the term's gaps in the postings part."""
        end = self._ends[term]
        return (self._ends[term - 1] & _END if term else 0), end & _END, end >> _CODE_SHIFT

    def frequency(self, term: int) -> int:
        """In how many documents term number `term` is: its bytes over its width."""
        start, end, code = self._extent(term)
        return (end - start) >> code

    def docnums(self, term: int) -> np.ndarray:
        """The documents of term number `term`, ascending (int64)."""
        start, end, code = self._extent(term)
        if not start < end or code >= len(_GAPS):
            raise ValueError("word postings: a term without postings")
        docs = np.cumsum(self._postings[start:end].view(_GAPS[code]), dtype=np.int64)
        if docs[-1] >= self.documents:
            raise ValueError("word postings: a docnum past the segment's documents")
        return docs
