"""Counts read from the postings, without the text, must be those of a plain scan.

A three-character string is counted from its pairs' and middle character's counts where
they settle it; the driver group is picked from the postings' sizes; postings are summed
per block. On blocks made in the test from a few letters, so that the middle character
often stands elsewhere too (`ipu cpo` and `ipo cpu` have the same pairs).
"""

import random
from collections import Counter

import numpy as np
import pytest

from tanwen.corpus import load_corpus
from tanwen.search.engine import SearchEngine
from tanwen.search.grams import DENSE_SUM, sum_by_block
from tanwen.search.matching import _candidate_count, _count_literal

CRAFTED = ["ipu cpo", "ipo cpu", "pipo", "ipop", "ipoipo", "iipoo", "ipo", "pi po", "ip po",
           "cpu ipo ipo", "opi", "ipoxpo", "ipxipo"]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    rng = random.Random("three characters")
    blocks = CRAFTED + ["".join(rng.choice("ipocu 生产力质") for _ in range(rng.randint(3, 40)))
                        for _ in range(1500)]
    blocks = [b.strip() or "空" for b in blocks]
    root = tmp_path_factory.mktemp("three")
    (root / "a.txt").write_text("# 标题\n\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
    [found] = SearchEngine(load_corpus(root))._corpus_tables()
    return found


def scan(table, needle):
    counts = {doc: text.count(needle) for doc, text in enumerate(table.blocks())}
    return {doc: count for doc, count in counts.items() if count}


THREES = ["ipo", "cpu", "pip", "opi", "poc", "ucp", "生产力", "质生产", "产力质", "力ip"]


@pytest.mark.parametrize("needle", THREES)
def test_three_characters_are_counted_as_a_scan_counts_them(table, needle):
    docs, counts = _count_literal(needle, table)
    assert docs.tolist() == sorted(docs.tolist())
    assert dict(zip(docs.tolist(), counts.tolist())) == scan(table, needle)


def test_the_crafted_blocks_need_the_text_and_are_counted(table):
    """`ipu cpo` holds the pairs and characters of `ipo cpu`, and no ipo."""
    counted = dict(zip(*(part.tolist() for part in _count_literal("ipo", table))))
    texts = table.blocks()
    assert counted.get(texts.index("ipu cpo")) is None
    assert counted[texts.index("ipo cpu")] == 1 and counted[texts.index("ipoipo")] == 2
    assert counted[texts.index("pipo")] == 1 and counted[texts.index("ipoxpo")] == 1


@pytest.mark.parametrize("needle", THREES + ["i", "ip", "ipoc", "生产", "生产力质", "xyz", "龘"])
def test_the_driver_is_picked_by_how_many_candidates_there_are(table, needle):
    candidates = table.candidates(needle)
    assert _candidate_count(needle, table) == (0 if candidates is None else len(candidates))


@pytest.mark.parametrize("size", [0, 1, 50, DENSE_SUM - 1, DENSE_SUM, 3 * DENSE_SUM])
def test_postings_summed_per_block_are_those_of_a_counter(size):
    rng = np.random.default_rng(size)
    blocks = rng.integers(0, 5_000, size).astype(np.uint32)
    counts = rng.integers(1, 300, size).astype(np.int64)
    expected = Counter()
    for block, count in zip(blocks.tolist(), counts.tolist()):
        expected[block] += count
    found, sums = sum_by_block(blocks, counts)
    assert found.tolist() == sorted(expected)
    assert sums.tolist() == [expected[block] for block in sorted(expected)]
    assert found.dtype == blocks.dtype and sums.dtype == counts.dtype
