"""A words-only index of given blocks' words, written by Whoosh's own writer or by the
segment writer (search.segment_writer), for tests that compare or read the two."""

from whoosh.filedb.filestore import FileStorage
from whoosh.index import create_in

from tanwen.search.segment_writer import commit_segments, words_schema, write_segment


def whoosh_written(path, documents: list[list[str]]):
    """Whoosh's own writer (it compresses its posting blocks)."""
    ix = create_in(str(path), words_schema())
    writer = ix.writer()
    for words in documents:
        writer.add_document(words=words)
    writer.commit()
    return ix


def segment_written(path, documents: list[list[str]]):
    """The segment writer, one segment."""
    storage = FileStorage(str(path))
    storage.create_index(words_schema(), "MAIN")
    commit_segments(storage, "MAIN", words_schema(), [write_segment(storage, "MAIN", documents)])
    return storage.open_index("MAIN")
