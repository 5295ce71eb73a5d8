"""The word postings of a segment: which blocks hold each indexed jieba word, in one file.

    header        8 native uint64: MAGIC, terms, documents, postings, bytes of the keys,
                  and where the postings of each width end (4-, 2-, 1-byte gaps)
    key offsets   uint32 × (terms + 1): term i is keys[offset[i]:offset[i + 1]]
    starts        uint32 × terms: where term i's gaps start in the postings part
    frequencies   uint32 × terms: in how many documents term i is (its count of gaps)
    postings      each term's docnums, delta-coded (the first as it is), at the narrowest
                  width that holds its largest gap: first every term of 4-byte gaps, then
                  those of 2, then those of 1 (each part stays aligned to its width)
    keys          the terms, UTF-8 (surrogates passed), in byte order, back to back

A term is found by bisecting the keys; its docnums are one `cumsum` of its gaps, and its
document frequency is read without them. The file is mapped: a search reads the pages of
the keys it bisects and of the postings it decodes. Native byte order, as search.grams.
"""

from __future__ import annotations

from bisect import bisect_left

from tanwen.search.numpy_lean import np

MAGIC = 0x31575754          # "TWW1"; a new layout also bumps index_store.FORMAT_VERSION
_HEADER = 8 * 8
WIDTHS = (4, 2, 1)          # the order of the postings' parts
_UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32}


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
    width = np.where(largest > 0xFFFF, 4, np.where(largest > 0xFF, 2, 1))
    # Terms of the widest gaps first, each width's in term order: a term's start is the
    # bytes of the terms before it in that order.
    order = np.argsort(-width, kind="stable")
    sizes = (frequencies * width)[order]
    starts = np.zeros(count, dtype=np.int64)
    starts[order] = np.cumsum(sizes) - sizes
    per_posting = np.repeat(width, frequencies)
    parts = [gaps[per_posting == size].astype(_UNSIGNED[size]).tobytes() for size in WIDTHS]
    ends = np.cumsum([len(part) for part in parts])
    key_offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, terms), dtype=np.int64, count=count), out=key_offsets[1:])
    if ends[-1] >= 1 << 32 or key_offsets[-1] >= 1 << 32:
        raise ValueError("a segment's word postings must stay under 4 GB")
    header = np.array([MAGIC, count, documents, len(ids), key_offsets[-1], *ends],
                      dtype=np.uint64)
    handle.write(header.tobytes())
    for array in (key_offsets, starts, frequencies):
        handle.write(array.astype(np.uint32).tobytes())
    handle.write(b"".join(parts))
    handle.write(b"".join(terms))


class WordPostings:
    """A written file, mapped: the terms, their document frequencies and docnums."""

    def __init__(self, data: np.ndarray) -> None:
        if len(data) < _HEADER or int(data[:8].view(np.uint64)[0]) != MAGIC:
            raise ValueError("word postings: not a postings file of this version")
        magic, terms, documents, postings, key_bytes, *ends = (
            int(v) for v in data[:_HEADER].view(np.uint64))
        at = _HEADER + 4 * (3 * terms + 1)
        if (len(data) != at + ends[-1] + key_bytes or not ends[0] <= ends[1] <= ends[2]
                or ends[0] % 4 or ends[1] % 2):
            raise ValueError("word postings: truncated, or not a postings file of this version")
        self.documents, self.terms, self._postings = documents, terms, at
        self._ends = ends
        tables = data[_HEADER:at].view(np.uint32)
        # Indexed from Python one by one while bisecting: a memoryview gives ints fastest.
        self._key_offsets = memoryview(tables[:terms + 1])
        self._keys = memoryview(data[at + ends[-1]:])
        self._starts, self._frequencies = tables[terms + 1:2 * terms + 1], tables[2 * terms + 1:]
        self._data = data
        if terms and (self._key_offsets[terms] != key_bytes
                      or int(self._frequencies.sum(dtype=np.int64)) != postings):
            raise ValueError("word postings: the tables do not match the header")

    @classmethod
    def open(cls, path) -> WordPostings:
        """Map a written file; raises ValueError if it is not one, or is cut short."""
        # A plain array over the mapping: memmap's own indexing adds microseconds per call.
        return cls(np.memmap(path, dtype=np.uint8, mode="r").view(np.ndarray))

    def key(self, term: int) -> bytes:
        return bytes(self._keys[self._key_offsets[term]:self._key_offsets[term + 1]])

    def find(self, key: bytes) -> int:
        """The term's number, or -1 if it is not indexed."""
        at = self.first_from(key)
        return at if at < self.terms and self.key(at) == key else -1

    def first_from(self, key: bytes) -> int:
        """The number of the first term ≥ key (self.terms if none)."""
        return bisect_left(range(self.terms), key, key=self.key)

    def frequency(self, term: int) -> int:
        """In how many documents term number `term` is."""
        return int(self._frequencies[term])

    def docnums(self, term: int) -> np.ndarray:
        """The documents of term number `term`, ascending (int64)."""
        start, count = int(self._starts[term]), int(self._frequencies[term])
        width = next((size for size, end in zip(WIDTHS, self._ends) if start < end), 1)
        at = self._postings + start
        gaps = self._data[at:min(at + width * count, self._postings + self._ends[-1])]
        docs = np.cumsum(gaps.view(_UNSIGNED[width]), dtype=np.int64)
        if len(docs) != count or not count or docs[-1] >= self.documents:
            raise ValueError("word postings: a term's postings run past their part")
        return docs
