"""The segment writer and tanwen's codec: every term of a segment reads back, through
Whoosh's readers and through the word tiers, as a plain inversion of the same words."""

import io
import pickle

import numpy as np
import pytest

from tanwen.search import whoosh_pickles
from tanwen.search.segment_writer import CODEC, invert
from tanwen.search.word_postings import WordPostings, write_postings
from tanwen.search.word_tiers import posting_docs
from tanwen.search.words_codec import word_docnums

from word_index_support import inverted, segment_written

# Words beyond the BMP, a surrogate escape (a byte that was not UTF-8), and one that sorts
# before and after every other.
ODD_WORDS = ["𠀀字", "🙂", "\udcff", "\udcffx", "\x00", "\U0010ffff"]


def documents() -> list[list[str]]:
    """70,000 blocks: a word in every one, words in 1 to 300 of the first 300, some
    repeated within a block, words whose gaps need 1, 2 and 4 bytes, and blocks without
    words (documents too)."""
    docs = []
    for n in range(300):
        words = ["common"] * (1 + n % 3) + [f"rare{n}", f"pair{n // 2}", f"pair{n // 2}", "天津"]
        words += ["sometimes"] if n % 50 == 0 else []
        words += [f"w{n % 97:03d}"] if n % 2 else []
        words += [ODD_WORDS[n % len(ODD_WORDS)]] if n % 7 == 0 else []
        docs.append(words)
    docs += [[] for _ in range(70_000 - len(docs))]
    for n, doc in enumerate(docs):
        doc.append("every")
        if n in (0, 255, 511, 66_047, 69_999):       # gaps of 255, 256, 65,536, 3,952
            doc.append("far")
        if n in (299, 65_834):                        # one gap of 65,535: still 2 bytes
            doc.append("wide")
    return docs


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    docs = documents()
    return segment_written(tmp_path_factory.mktemp("words"), docs), inverted(docs)


def test_every_term_reads_back_as_the_plain_inversion(written):
    ix, expected = written
    absent = ["absent", "天", "", "\udcfe", "𠀀", "commo", "commons", "\U0010fffe"]
    with ix.reader() as reader:
        [(leaf, _)] = reader.leaf_readers()
        assert reader.doc_count() == 70_000
        assert list(reader.lexicon("words")) == sorted(expected) and len(expected) > 500
        assert [term for term, _ in reader.iter_from("words", "w")] == \
            [("words", key) for key in sorted(expected) if key >= b"w"]
        for key, docs in expected.items():
            word = key.decode("utf-8", "surrogatepass")
            assert ("words", key) in reader and ("words", word) in reader, key
            assert reader.doc_frequency("words", word) == reader.frequency("words", key) == len(docs)
            assert list(reader.postings("words", key).all_ids()) == docs, key
            assert word_docnums(leaf, word).tolist() == docs, key
            assert posting_docs(leaf, word) == set(docs), key
            among = [0, 1, 2, 255, 299, 300, 65_834, 69_999]
            assert posting_docs(leaf, word, among) == set(docs) & set(among), key
        for word in absent:
            assert ("words", word) not in reader and reader.doc_frequency("words", word) == 0
            assert word_docnums(leaf, word) is None and posting_docs(leaf, word, [0, 1]) == set()


def file_of(documents: list[list[str]], keep=None) -> tuple[bytes, WordPostings]:
    handle = io.BytesIO()
    terms, offsets, docnums, count = invert(documents, keep)
    write_postings(handle, terms, offsets, docnums, count)
    data = handle.getvalue()
    return data, WordPostings(np.frombuffer(data, dtype=np.uint8))


def test_each_term_takes_the_narrowest_width_that_holds_its_largest_gap():
    # (word, its docnums): largest gaps (the first docnum counts as a gap from 0)
    cases = {"a": [0, 255], "b": [1, 257], "c": [300], "d": [5, 65_540], "e": [65_536],
             "f": [2, 3, 4], "g": [65_535]}
    widths = {"a": 1, "b": 2, "c": 2, "d": 2, "e": 4, "f": 1, "g": 2}
    docs = [[word for word, held in cases.items() if n in held] for n in range(65_541)]
    data, postings = file_of(docs)
    by_width = {size: sum(len(cases[w]) for w in cases if widths[w] == size) for size in (4, 2, 1)}
    assert len(postings._postings) == 4 * by_width[4] + 2 * by_width[2] + by_width[1]
    for number in range(postings.terms):
        word = postings.key(number).decode()
        start, end, code = postings._extent(number)
        assert (1 << code, end - start) == (widths[word], widths[word] * len(cases[word])), word
        assert postings.docnums(number).tolist() == cases[word]
        assert postings.frequency(number) == len(cases[word])


@pytest.mark.parametrize("documents", [[], [[], []], [["只"]]])
def test_an_empty_or_tiny_segment_opens_and_answers(tmp_path, documents):
    ix = segment_written(tmp_path, documents)
    with ix.reader() as reader:
        assert reader.doc_count_all() == len(documents)
        assert list(reader.lexicon("words")) == sorted(inverted(documents))
        assert ("words", "x") not in reader and reader.doc_frequency("words", "x") == 0


def test_a_cut_or_grown_file_is_refused_not_misread():
    data, _ = file_of([["甲", "乙"], ["乙"], [], ["丙", "甲"]] * 40)
    for size in [0, 7, 8, 63, 64, 100, len(data) - 1]:
        with pytest.raises(ValueError, match="word postings"):
            WordPostings(np.frombuffer(data[:size], dtype=np.uint8))
    with pytest.raises(ValueError, match="word postings"):
        WordPostings(np.frombuffer(data + b"\0", dtype=np.uint8))


def test_invert_numbers_each_distinct_word_once_per_document_and_drops_the_unwanted():
    terms, offsets, docnums, count = invert([["b", "a", "b", "2024"], [], ["a", "中"]],
                                            keep=lambda word: not word.isdigit())
    assert count == 3
    assert terms == [b"a", b"b", "中".encode()]
    assert [docnums[offsets[i]:offsets[i + 1]].tolist() for i in range(len(terms))] == [[0, 2], [0], [2]]


def test_whoosh_cannot_write_through_the_codec():
    for write in (lambda: CODEC.field_writer(None, None), lambda: CODEC.per_document_writer(None, None)):
        with pytest.raises(NotImplementedError, match="segment_writer"):
            write()


def test_the_toc_may_name_the_codec_and_its_segment_but_nothing_else_of_its_module(tmp_path):
    segment = CODEC.new_segment(None, "MAIN")
    segment.delete_document(3)
    loaded = whoosh_pickles.loads(pickle.dumps([segment], 2))[0]
    assert loaded.segment_id() == segment.segment_id() and loaded.is_deleted(3)
    assert type(loaded.codec()) is type(CODEC)
    for forbidden in (word_docnums, WordPostings):
        with pytest.raises(pickle.UnpicklingError, match="never writes"):
            whoosh_pickles.loads(pickle.dumps(forbidden))


def test_whoosh_imported_lean_still_has_its_analysis_and_html_escape():
    """search.whoosh_lean imports Whoosh with stand-ins for `html` and `whoosh.analysis`;
    what Whoosh's modules took from them still works, from the real modules."""
    import subprocess
    import sys

    code = """
import sys
import tanwen.search.whoosh_lean
import whoosh.compat, whoosh.fields, whoosh.formats
assert "whoosh.analysis" not in sys.modules and "html" not in sys.modules
assert whoosh.compat.htmlescape("<a & b>") == "&lt;a &amp; b&gt;"
assert [t.text for t in whoosh.fields.TEXT().analyzer("Worlds RUNNING")] == ["worlds", "running"]
assert [t.text for t in whoosh.formats.entoken(["x", "y"])] == ["x", "y"]
import whoosh.analysis
assert whoosh.fields.analysis.Token is whoosh.analysis.Token is whoosh.analysis.acore.Token
"""
    done = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
