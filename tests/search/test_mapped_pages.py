"""Pages of the mapped index given back (`search.mapped_pages`): the process stops holding
them, what it reads afterwards is the same; the scans that read most of a table give back
what they read, and opening a postings file keeps none of what it read."""

import mmap
import random
import sys
from contextlib import contextmanager

import pytest

from tanwen.corpus import load_corpus
from tanwen.search.engine import SearchEngine
from tanwen.search.mapped_pages import release
from tanwen.search.matching import _count_pinyin, _count_pinyin_in_text
from tanwen.search.pinyin import pinyin_regex

from bench_loader import write_generated_articles

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads the process's mappings from /proc")


def resident_kb(suffixes: tuple[str, ...], folder="/") -> int:
    """The process's resident pages of files mapped from `folder` whose names end in
    `suffixes` (other tests' indexes may be open in the process too)."""
    total, counting = 0, False
    with open("/proc/self/smaps") as handle:
        for line in handle:
            fields = line.split()
            if "-" in fields[0] and not fields[0].endswith(":"):    # a mapping's first line
                counting = (len(fields) > 5 and fields[-1].endswith(suffixes)
                            and fields[-1].startswith(str(folder)))
            elif counting and fields[0] == "Rss:":
                total += int(fields[1])
    return total


def test_released_pages_leave_the_process_and_read_back_the_same(tmp_path):
    data = random.Random(1).randbytes(1 << 20)
    path = tmp_path / "pages.bin"
    path.write_bytes(data)
    with open(path, "rb") as handle:
        mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    assert mapping[:] == data
    assert resident_kb(("pages.bin",), tmp_path) == 1024
    release(mapping, 4096 + 10, 8192)         # the page these bytes lie in
    assert resident_kb(("pages.bin",), tmp_path) == 1020
    release(mapping)
    assert resident_kb(("pages.bin",), tmp_path) == 0
    assert mapping[:] == data
    mapping.close()
    release(mapping)                          # a closed mapping: nothing to give back


@contextmanager
def generated_and_indexed(tmp_path_factory, seed: str):
    """The folder of a generated corpus, indexed in a cache of its own (set meanwhile)."""
    root = write_generated_articles(tmp_path_factory.mktemp("generated"), seed, 12)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TANWEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        SearchEngine(load_corpus(root)).ensure_index()
        yield root


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """(an engine searching a generated corpus' index, one scanning the loaded corpus)."""
    with generated_and_indexed(tmp_path_factory, "mapped pages") as root:
        engine = SearchEngine(path=root)
        assert engine.open_existing_index()
        yield engine, SearchEngine(load_corpus(root))


def test_counting_an_initials_runs_gives_the_postings_it_read_back(indexed):
    """xzscl reads the pair postings of thousands of characters (a scan): counted, the
    tables' postings files hold no more than their keys' tables. What is found is what a
    scan of the loaded corpus finds, before and after."""
    engine, scanning = indexed
    found = engine.search("xzscl", limit=5)
    assert found.total and found.matches == scanning.search("xzscl", limit=5).matches
    counted = [_count_pinyin("xzscl", pinyin_regex("xzscl"), table) for table in engine.index.tables]
    assert sum(len(docs) for docs, _ in counted) == found.total
    # What stays is at most the keys' tables (characters, pairs, offsets), pages of their
    # edges included.
    tables = [table.grams for table in engine.index.tables]
    keys = sum(part.nbytes + 2 * 4096 for grams in tables
               for part in (grams.chars, grams.pair_starts, grams.seconds, grams.offsets.lows))
    postings = sum(part.nbytes for grams in tables for part in (grams.plain, grams.deltas))
    assert resident_kb((".twg",), engine.store.path) * 1024 <= keys < postings
    again = engine.search("xzscl", limit=5)
    assert again.matches == found.matches
    assert [(hit.block_id, hit.score) for hit in again.hits] == \
        [(hit.block_id, hit.score) for hit in found.hits]


def test_a_scan_of_the_whole_text_gives_its_pages_back(indexed):
    engine, _ = indexed
    table = engine.index.tables[0]
    pattern = pinyin_regex("zhongguo")
    docs, counts = _count_pinyin_in_text(pattern, table)
    assert len(docs) and counts.tolist() == [len(pattern.findall(table.doc_text(doc)))
                                             for doc in docs.tolist()]
    for each in engine.index.tables:          # (what counting them read back, and others)
        each.release_pages()
    _count_pinyin_in_text(pattern, table)
    assert resident_kb((".tws",), engine.store.path) == 0


def test_opened_postings_hold_none_of_the_offsets_opening_read(indexed, tmp_path):
    from tanwen.search.grams import GramPostings

    engine, _ = indexed
    copy = tmp_path / "copy.twg"
    copy.write_bytes(next(engine.store.path.rglob("*.twg")).read_bytes())
    opened = GramPostings.open(copy)
    assert resident_kb(("copy.twg",), tmp_path) == 0
    assert len(opened.blocks("的")) == len(engine.index.tables[0].grams.blocks("的")) > 0


def test_the_files_pages_held_count_a_mapping_once_read(tmp_path):
    from tanwen.search.mapped_pages import file_pages_held

    path = tmp_path / "held.bin"
    path.write_bytes(random.Random(2).randbytes(8 << 20))
    with open(path, "rb") as handle:
        mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    before = file_pages_held()
    assert sum(mapping[at] for at in range(0, len(mapping), 4096)) >= 0    # every page read
    assert file_pages_held() - before >= resident_kb(("held.bin",), tmp_path) * 1024 == 8 << 20
    release(mapping)
    assert file_pages_held() - before < 1 << 20
    mapping.close()


QUERIES = ("的", "中国", "发展", "新质生产力", "天津 -北京", "tianjin", "xzscl", "R&D")


@pytest.fixture(scope="module")
def own_index(tmp_path_factory):
    """A generated corpus' index no other test's engine maps (its pages are counted)."""
    with generated_and_indexed(tmp_path_factory, "page budget") as root:
        yield root


def outcome(found) -> tuple:
    return (found.total, [(hit.block_id, hit.score, hit.match, hit.spans) for hit in found.hits],
            found.matches)


def test_past_its_budget_an_engine_gives_the_index_back_with_the_same_results(own_index):
    """Searches hold the pages they read until the engine's budget is passed; then every
    index file's pages are given back (document tables, character and word postings), and
    the searches after find what they found before."""
    index_files = (".tws", ".twg", ".tww")
    engine = SearchEngine(path=own_index)
    assert engine.open_existing_index()
    before = [outcome(engine.search(query, limit=10)) for query in QUERIES]   # within budget
    assert resident_kb(index_files, engine.store.path) > 0
    engine._pages.limit = 0                  # (the index is small: no budget to spare)
    for query, found in zip(QUERIES, before):
        engine.search("天津 创新", limit=10)    # (reads words' postings too)
        again = engine.search(query, limit=10)
        assert resident_kb(index_files, engine.store.path) == 0
        assert outcome(again) == found         # (its matches read the index again)
