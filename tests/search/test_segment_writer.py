"""The fast segment writer writes what Whoosh's own writer writes, and Whoosh reads it."""

from collections import Counter

from whoosh import fields
from whoosh.filedb.filestore import FileStorage
from whoosh.index import create_in
from whoosh.query import Term

from tanwen.search.segment_writer import IndexedDoc, WordsField, commit_segments, write_segment


def schema():
    return fields.Schema(block_id=fields.ID(stored=True, unique=True), kind=fields.ID,
                         text=fields.STORED, words=WordsField(), head=WordsField(field_boost=3.0))


def documents():
    """A few hundred blocks: terms with 1 to 300 postings (inline and block-stored)."""
    docs = []
    for n in range(300):
        words = Counter({"common": 1 + n % 3, f"rare{n}": 1, f"pair{n // 2}": 2, "天津": n % 5 or 1})
        if n % 50 == 0:
            words["sometimes"] = 4
        docs.append({"block_id": f"b{n}", "kind": "heading" if n % 7 == 0 else "body",
                     "text": f"text {n}", "words": words,
                     **({"head": words} if n % 7 == 0 else {})})
    return docs


def build_with_whoosh(path):
    ix = create_in(str(path), schema())
    writer = ix.writer()
    for doc in documents():
        writer.add_document(**doc)
    writer.commit()
    return ix


def build_fast(path):
    storage = FileStorage(str(path))
    storage.create_index(schema(), "MAIN")
    docs = [IndexedDoc(stored={"block_id": d["block_id"], "text": d["text"]},
                       words={k: d[k] for k in ("words", "head") if k in d},
                       ids={"block_id": d["block_id"], "kind": d["kind"]}) for d in documents()]
    segment = write_segment(storage, "MAIN", schema(), docs)
    commit_segments(storage, "MAIN", schema(), [segment])
    return storage.open_index("MAIN")


def test_fast_segments_read_back_like_whoosh_written_ones(tmp_path):
    (tmp_path / "stock").mkdir()
    (tmp_path / "fast").mkdir()
    stock, fast = build_with_whoosh(tmp_path / "stock"), build_fast(tmp_path / "fast")
    with stock.searcher() as a, fast.searcher() as b:
        assert a.doc_count() == b.doc_count() == 300
        for field in ("words", "head", "kind", "block_id"):
            terms_a, terms_b = list(a.reader().lexicon(field)), list(b.reader().lexicon(field))
            assert terms_a == terms_b, field
            for term in terms_a:
                pa, pb = a.reader().postings(field, term), b.reader().postings(field, term)
                assert list(pa.all_ids()) == list(pb.all_ids()), (field, term)
                assert a.doc_frequency(field, term) == b.doc_frequency(field, term)
                assert a.frequency(field, term) == b.frequency(field, term)
        for docnum in (0, 7, 299):
            assert a.stored_fields(docnum) == b.stored_fields(docnum)
            assert a.doc_field_length(docnum, "words") == b.doc_field_length(docnum, "words")
        for query in (Term("words", "天津"), Term("words", "rare17"), Term("head", "common")):
            hits_a = [(h["block_id"], round(h.score, 5)) for h in a.search(query, limit=None)]
            hits_b = [(h["block_id"], round(h.score, 5)) for h in b.search(query, limit=None)]
            assert hits_a == hits_b, query


def test_posting_docs_reads_what_all_ids_yields(tmp_path):
    from tanwen.search.engine import posting_docs

    (tmp_path / "fast").mkdir()
    ix = build_fast(tmp_path / "fast")
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for word in ("common", "天津", "rare5", "pair3", "sometimes", "absent"):
            expected = set(reader.postings("words", word).all_ids()) if ("words", word) in reader else set()
            assert posting_docs(reader, word) == expected, word
