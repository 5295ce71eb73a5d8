"""A words-only index of given blocks' words, written by the segment writer
(search.segment_writer), and the same words inverted plainly, to compare it with."""

from whoosh.filedb.filestore import FileStorage

from tanwen.search.segment_writer import commit_segments, words_schema, write_segment


def segment_written(path, documents: list[list[str]]):
    """The segment writer, one segment."""
    storage = FileStorage(str(path))
    storage.create_index(words_schema(), "MAIN")
    commit_segments(storage, "MAIN", words_schema(), [write_segment(storage, "MAIN", documents)])
    return storage.open_index("MAIN")


def inverted(documents: list[list[str]]) -> dict[bytes, list[int]]:
    """Each distinct word, UTF-8 (surrogates passed), and the documents that hold it."""
    holding: dict[bytes, list[int]] = {}
    for doc, words in enumerate(documents):
        for word in sorted(set(words)):
            holding.setdefault(word.encode("utf-8", "surrogatepass"), []).append(doc)
    return holding
