"""tanwen's Whoosh codec: a segment's one field, `words`, in one compact file of its own.

The index stays a Whoosh index (its TOC, its segments, opened by `whoosh.index` and read
through Whoosh's SegmentReader and MultiReader), but each segment's words — which blocks
hold each jieba word, nothing more — are in a `search.word_postings` file (`.tww`), read
here. No frequencies, lengths, positions or stored fields: nothing reads them.

Segments are written by `search.segment_writer`, never through Whoosh's IndexWriter: this
codec's writing methods raise. Every use of Whoosh's codec and reader internals is here
(`word_docnums` reaches the codec's reader under Whoosh's SegmentReader).
"""

from __future__ import annotations

from tanwen.search import whoosh_lean  # noqa: F401 (first: Whoosh without urllib, asyncio)
from tanwen.search.numpy_lean import np
from whoosh.codec import base
from whoosh.matching import ListMatcher
from whoosh.reading import TermInfo

from tanwen.search.word_postings import WordPostings

WORDS = "words"
WORDS_EXT = ".tww"


class WordsCodec(base.Codec):
    """Reads segments of one `words` field written by search.segment_writer."""

    length_stats = False

    def terms_reader(self, storage, segment):
        return WordsTermsReader(WordPostings.open(_path(storage, segment.make_filename(WORDS_EXT))))

    def per_document_reader(self, storage, segment):
        return WordsPerDocReader(segment)

    def new_segment(self, storage, indexname):
        return WordsSegment(self, indexname)

    def per_document_writer(self, storage, segment):
        raise _unwritable()

    def field_writer(self, storage, segment):
        raise _unwritable()

    def postings_writer(self, dbfile, byteids=False):
        raise _unwritable()

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        raise _unwritable()


def _unwritable() -> NotImplementedError:
    return NotImplementedError("tanwen's word segments are written by search.segment_writer, "
                               "not through Whoosh's IndexWriter")


def _path(storage, name: str) -> str:
    folder = getattr(storage, "folder", None)
    if folder is None:
        raise ValueError(f"word postings are read from a folder, not from {storage!r}")
    return f"{folder}/{name}"


class WordsSegment(base.Segment):
    """A segment's document count and deleted documents (pickled in the TOC)."""

    def __init__(self, codec: WordsCodec, indexname: str) -> None:
        super().__init__(indexname)
        self._codec = codec
        self._doccount = 0
        self._deleted: set[int] | None = None

    def codec(self, **kwargs):
        return self._codec

    def set_doc_count(self, count: int) -> None:
        self._doccount = count

    def doc_count_all(self) -> int:
        return self._doccount

    def deleted_count(self) -> int:
        return len(self._deleted) if self._deleted else 0

    def deleted_docs(self):
        return iter(self._deleted or ())

    def delete_document(self, docnum: int, delete: bool = True) -> None:
        if delete:
            if self._deleted is None:
                self._deleted = set()
            self._deleted.add(docnum)
        elif self._deleted:
            self._deleted.discard(docnum)

    def is_deleted(self, docnum: int) -> bool:
        return bool(self._deleted) and docnum in self._deleted


class WordsPerDocReader(base.PerDocumentReader):
    """Counts and deletions; no lengths, vectors or stored fields are kept."""

    def __init__(self, segment: WordsSegment) -> None:
        self._segment = segment

    def doc_count(self) -> int:
        return self._segment.doc_count_all() - self._segment.deleted_count()

    def doc_count_all(self) -> int:
        return self._segment.doc_count_all()

    def has_deletions(self) -> bool:
        return self._segment.deleted_count() > 0

    def is_deleted(self, docnum: int) -> bool:
        return self._segment.is_deleted(docnum)

    def deleted_docs(self):
        return self._segment.deleted_docs()

    def doc_field_length(self, docnum, fieldname, default=0):
        return default

    def field_length(self, fieldname) -> int:
        return 0

    def min_field_length(self, fieldname) -> int:
        return 0

    def max_field_length(self, fieldname) -> int:
        return 0

    def stored_fields(self, docnum) -> dict:
        return {}


class WordsTermsReader(base.TermsReader):
    """Whoosh's view of a word postings file: terms are (field, UTF-8 bytes) pairs."""

    def __init__(self, postings: WordPostings) -> None:
        self.postings = postings

    def _number(self, fieldname: str, key: bytes) -> int:
        """The term's number; KeyError if it is not indexed (as Whoosh's readers raise)."""
        found = self.postings.find(key) if fieldname == WORDS else -1
        if found < 0:
            raise KeyError((fieldname, key))
        return found

    def __contains__(self, term) -> bool:
        fieldname, key = term
        return fieldname == WORDS and self.postings.find(key) >= 0

    def indexed_field_names(self):
        return [WORDS]

    def terms(self):
        return self.terms_from(WORDS, b"")

    def terms_from(self, fieldname, prefix):
        if fieldname != WORDS:
            return
        postings = self.postings
        for number in range(postings.first_from(prefix), postings.terms):
            yield WORDS, postings.key(number)

    def items(self):
        return self.items_from(WORDS, b"")

    def items_from(self, fieldname, prefix):
        for term in self.terms_from(fieldname, prefix):
            yield term, self.term_info(*term)

    def term_info(self, fieldname, key):
        number = self._number(fieldname, key)
        frequency = self.postings.frequency(number)
        docs = self.postings.docnums(number)
        return TermInfo(weight=frequency, df=frequency, minlength=0, maxlength=0, maxweight=1,
                        minid=int(docs[0]), maxid=int(docs[-1]))

    def frequency(self, fieldname, key) -> int:
        return self.postings.frequency(self._number(fieldname, key))   # each posting weighs 1

    def doc_frequency(self, fieldname, key) -> int:
        return self.postings.frequency(self._number(fieldname, key))

    def matcher(self, fieldname, key, format_, scorer=None):
        docs = self.postings.docnums(self._number(fieldname, key))
        return ListMatcher(docs.tolist(), format=format_, scorer=scorer, term=(fieldname, key))

    def cursor(self, fieldname, fieldobj):
        raise NotImplementedError("tanwen's word segments have no term cursor")


def word_docnums(leaf, word: str) -> np.ndarray | None:
    """The docnums of the blocks of segment reader `leaf` that hold `word` (deleted ones
    too: the document tables filter those), ascending; None if it is not indexed."""
    terms = leaf._terms                  # the codec's reader, under Whoosh's SegmentReader
    number = terms.postings.find(word.encode("utf-8", "surrogatepass"))
    return None if number < 0 else terms.postings.docnums(number)


def release_word_pages(reader) -> None:
    """Give back the pages of every segment's word postings that `reader` (Whoosh's reader
    of the index) has read so far (`search.mapped_pages`)."""
    for leaf, _ in reader.leaf_readers():
        terms = getattr(leaf, "_terms", None)     # the codec's reader, as in `word_docnums`
        if isinstance(terms, WordsTermsReader):
            terms.postings.release_pages()
