"""Pinyin terms of three units or more are matched only in the blocks the pair postings
chain up to (`search.class_runs`): the results must be those of the term's regex
run over every block, on a generated corpus (a Zipf vocabulary of tens of thousands of words,
where pairs of initials are in half of all blocks)."""


import pytest

from tanwen.corpus import load_corpus
from tanwen.search.class_runs import blocks_with_run, pair_counts
from tanwen.search.engine import SearchEngine
from tanwen.search.matching import _count_pinyin
from tanwen.search.pinyin import pinyin_regex, reading_regex, readings_of, unit_chars

from bench_loader import write_generated_articles

# Initials, syllables and both mixed; with heteronyms (行 xing/hang, 重 zhong/chong), whose
# characters are in the class of each of their readings.
TERMS = ["xzscl", "zgr", "jqr", "kjcx", "zgrm", "zgjj", "jsj", "yhy", "zdxm", "yxgs", "cxfz",
         "zhongguoren", "gongchengshi", "xinzhishengchanli", "yinhangy", "xingzhengq", "hangyeq",
         "chongxink", "zhongdianx", "shenghuo"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = write_generated_articles(tmp_path_factory.mktemp("generated"), "pinyin narrowing", 20)
    engine = SearchEngine(load_corpus(root))
    return engine, engine.tables()


def test_the_terms_are_searched_by_narrowing(generated):
    """The narrowing is what is tested: readings of three units or more, narrowed to fewer
    than half the blocks (else the whole text is scanned)."""
    _, tables = generated
    long_readings = [units for term in TERMS for units in readings_of(term) if len(units) >= 3]
    assert len(long_readings) >= len(TERMS)
    for units in long_readings:
        for table in tables:
            candidates = blocks_with_run(table.grams, [unit_chars(u) for u in units])
            assert 2 * len(candidates) <= len(table), units


def test_chained_pairs_hold_every_block_with_the_run_and_few_others(generated):
    _, tables = generated
    found = chained = unchained = 0
    for term in TERMS:
        for units in readings_of(term):
            regex = reading_regex(units)
            classes = [unit_chars(u) for u in units]
            for table in tables:
                candidates = blocks_with_run(table.grams, classes).tolist()
                assert candidates == sorted(set(candidates))
                holding = [doc for doc, text in enumerate(table.blocks()) if regex.search(text)]
                assert set(holding) <= set(candidates), (term, units)
                with_each_pair = set(range(len(table)))
                for first, second in zip(classes, classes[1:]):
                    with_each_pair &= set(pair_counts(table.grams, first, second)[0].tolist())
                assert set(candidates) <= with_each_pair
                found += len(holding)
                chained += len(candidates)
                unchained += len(with_each_pair)
    assert found > 300                              # the terms do occur
    # Chaining narrows to close to them: the blocks holding a pair of each step are many more.
    assert chained < 1.5 * found and 2 * chained < unchained


def test_narrowed_counts_are_those_of_each_reading_over_every_block(generated):
    """Runs of three units or more are counted in the chained blocks, of two read from the
    pair postings (their counts of repeated pairs included)."""
    _, tables = generated
    repeated = 0
    for term in TERMS + ["zg", "kj", "fazhan", "jingji", "xian"]:
        for table in tables:
            expected = {}
            for units in readings_of(term):
                regex = reading_regex(units)
                for doc, text in enumerate(table.blocks()):
                    if runs := len(regex.findall(text)):
                        expected[doc] = expected.get(doc, 0) + runs
            docs, counts = _count_pinyin(term, pinyin_regex(term), table)
            assert docs.tolist() == sorted(expected), term
            assert dict(zip(docs.tolist(), counts.tolist())) == expected, term
            repeated += sum(count > 1 for count in expected.values())
    assert repeated > 50


def test_pinyin_search_finds_the_blocks_and_spans_of_a_plain_scan(generated):
    engine, tables = generated
    for term in TERMS:
        pattern = pinyin_regex(term)
        expected = {}
        for table in tables:
            for doc, text in enumerate(table.blocks()):
                if spans := [m.span() for m in pattern.finditer(text)]:
                    expected[table.block_id(doc)] = spans
        assert expected, term
        assert engine.search(f"pinyin:{term}", limit=None).matches == expected, term


def test_postings_read_back_from_their_file_give_the_same_runs_and_counts(generated, tmp_path):
    """As the index maps them: arrays at any offset of the file (the counts of repeated
    postings lie after the one-byte deltas)."""
    from tanwen.search.grams import GramPostings

    _, tables = generated
    for number, table in enumerate(tables):
        with open(tmp_path / f"grams{number}", "wb") as handle:
            table.grams.write(handle)
        reopened = GramPostings.open(tmp_path / f"grams{number}")
        for term in TERMS + ["zg", "kj", "fazhan", "jingji", "xian"]:
            for units in readings_of(term):
                classes = [unit_chars(u) for u in units]
                assert blocks_with_run(reopened, classes).tolist() == \
                    blocks_with_run(table.grams, classes).tolist(), units
                for first, second in zip(classes, classes[1:]):
                    assert [part.tolist() for part in pair_counts(reopened, first, second)] == \
                        [part.tolist() for part in pair_counts(table.grams, first, second)], units
