"""The fast segment writer writes what Whoosh's own writer writes, and Whoosh reads it."""

import pytest
from whoosh.query import Term

from tanwen.search import segment_writer
from tanwen.search.segment_writer import invert

from word_index_support import segment_written, whoosh_written


def documents() -> list[list[str]]:
    """A few hundred blocks: words in 1 to 300 of them (inline and block-stored postings,
    several blocks of 128), some repeated within a block."""
    docs = []
    for n in range(300):
        words = ["common"] * (1 + n % 3) + [f"rare{n}", f"pair{n // 2}", f"pair{n // 2}", "天津"]
        if n % 50 == 0:
            words.append("sometimes")
        if n % 2:
            words.append(f"w{n % 97:03d}")
        words += [f"v{n}-{k}" for k in range(12)]      # thousands of terms: full hash tables
        docs.append(words)
    docs.append([])                                  # a block without words is a document too
    return docs


def build_with_whoosh(path):
    return whoosh_written(path, documents())


def build_fast(path):
    return segment_written(path, documents())


@pytest.mark.parametrize("rows_at_once", [4096, 7])
def test_fast_segments_read_back_like_whoosh_written_ones(tmp_path, monkeypatch, rows_at_once):
    monkeypatch.setattr(segment_writer, "ROWS_AT_ONCE", rows_at_once)   # the term table in parts
    (tmp_path / "stock").mkdir()
    (tmp_path / "fast").mkdir()
    stock, fast = build_with_whoosh(tmp_path / "stock"), build_fast(tmp_path / "fast")
    with stock.searcher() as a, fast.searcher() as b:
        assert a.doc_count() == b.doc_count() == 301
        terms_a, terms_b = list(a.reader().lexicon("words")), list(b.reader().lexicon("words"))
        assert terms_a == terms_b and len(terms_a) > 3600
        for term in terms_a + [b"absent", "天".encode()]:
            assert (("words", term) in a.reader()) == (("words", term) in b.reader()), term
            if ("words", term) not in a.reader():
                continue
            pa, pb = a.reader().postings("words", term), b.reader().postings("words", term)
            assert list(pa.all_ids()) == list(pb.all_ids()), term
            assert a.doc_frequency("words", term) == b.doc_frequency("words", term)
            assert a.frequency("words", term) == b.frequency("words", term)
        for word in ("天津", "rare17", "common", "pair3", "w005"):
            hits_a = [h.docnum for h in a.search(Term("words", word), limit=None)]
            hits_b = [h.docnum for h in b.search(Term("words", word), limit=None)]
            assert hits_a == hits_b and hits_a, word


def test_invert_numbers_each_distinct_word_once_per_document_and_drops_the_unwanted():
    terms, offsets, docnums, count = invert([["b", "a", "b", "2024"], [], ["a", "中"]],
                                            keep=lambda word: not word.isdigit())
    assert count == 3
    assert terms == [b"a", b"b", "中".encode()]
    assert [docnums[offsets[i]:offsets[i + 1]].tolist() for i in range(len(terms))] == [[0, 2], [0], [2]]


def test_posting_docs_reads_what_all_ids_yields(tmp_path):
    from tanwen.search.word_tiers import posting_docs

    (tmp_path / "fast").mkdir()
    ix = build_fast(tmp_path / "fast")
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for word in ("common", "天津", "rare5", "pair3", "sometimes", "absent"):
            expected = set(reader.postings("words", word).all_ids()) if ("words", word) in reader else set()
            assert posting_docs(reader, word) == expected, word
            assert posting_docs(reader, word, [1, 3, 200]) == expected & {1, 3, 200}, word


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
