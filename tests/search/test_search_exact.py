"""Search is exact: every block containing the string, no other, spans on every occurrence.

Checked against a plain substring scan of the folded block texts, for random substrings of
the built-in corpus and for the query types a reader uses, with and without the index.
"""

import random
from collections import Counter

import pytest

from tanwen.corpus import fold
from tanwen.search.class_runs import blocks_with_run, pair_counts
from tanwen.search.engine import SearchEngine
from tanwen.search.matching import find_all

OPERATOR_CHARS = set(' \t"')


def truth(corpus, needle):
    """block id → spans of `needle` in the folded text, by brute force."""
    folded = fold(needle)
    return {b.id: find_all(b.folded, folded) for b in corpus.blocks() if folded in b.folded}


def random_substrings(corpus, count, seed):
    rng = random.Random(seed)
    blocks = [b for b in corpus.blocks() if len(b.text) >= 2]
    found = []
    while len(found) < count:
        text = rng.choice(blocks).text
        size = rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 12])
        start = rng.randrange(0, max(1, len(text) - size))
        piece = text[start:start + size]
        if not piece or OPERATOR_CHARS & set(piece) or piece[0] == "-" or piece in ("OR", "NOT"):
            continue
        if ":" in piece and piece.split(":")[0].lower() in ("heading", "section", "source", "article", "kind", "pinyin", "py"):
            continue
        found.append(piece)
    return found


@pytest.fixture(scope="module")
def engines(builtin):
    scan = SearchEngine(builtin)
    indexed = SearchEngine(builtin)
    indexed.ensure_index()
    return {"scan": scan, "index": indexed}


@pytest.mark.parametrize("mode", ["scan", "index"])
def test_random_substrings_find_exactly_the_blocks_that_hold_them(builtin, engines, mode):
    engine = engines[mode]
    for needle in random_substrings(builtin, 400, seed=20261122):
        expected = truth(builtin, needle)
        results = engine.search(needle, limit=None)
        assert results.mode == mode
        assert results.matches == expected, needle
        assert results.total == len(expected)
        assert {hit.block_id for hit in results.hits} == set(expected)
        for hit in results.hits:
            assert hit.spans == expected[hit.block_id]
            assert all(fold(hit.text[s:e]) == fold(needle) for s, e in hit.spans)
            assert hit.match == "literal"


@pytest.mark.parametrize("query", ["新质生产力", "質生產", "R&D", "r&d", "Ｒ＆Ｄ", "碱", "3.44", "3.44%",
                                   "带货", "AI", "ＩＰＯ", "5G", "創新", "人机共融", "人工智能赋能",
                                   "产业,规模大", "产业，规模大", "〇", "——", "（", "“两创融合”"])
def test_named_queries_are_exact(builtin, engines, query):
    expected = truth(builtin, query)
    for engine in engines.values():
        assert engine.search(query, limit=None).matches == expected


def test_repaired_text_is_what_is_searched(builtin, engines):
    # Both are broken across a blank line in the file; the loader joins them.
    for phrase in ["人机共融", "人工智能赋能新型工业化", "中试平台及应用场景"]:
        assert engines["index"].search(phrase).total >= 1, phrase


def test_traditional_fullwidth_and_case_variants_give_the_same_results(engines):
    engine = engines["index"]
    pairs = [("创新", "創新"), ("质生产", "質生產"), ("r&d", "Ｒ＆Ｄ"), ("ai", "AI"), ("ipo", "ＩＰＯ")]
    for plain, variant in pairs:
        assert engine.search(plain, limit=None).matches == engine.search(variant, limit=None).matches


def test_spans_point_into_the_displayed_text(engines):
    hit = engines["index"].search("产业，规模大").hits[0]
    start, end = hit.spans[0]
    assert hit.text[start:end] == "产业,规模大"       # the file's own half-width comma


def test_word_matches_rank_above_substring_matches(engines):
    # jieba reads 天开 as a word in 天开高教科创园 but cuts 天开园 as 天/开园 in some
    # sentences: those blocks hold the string only as a substring, and rank after.
    tiers = {}
    for mode, engine in engines.items():
        results = engine.search("天开", limit=None)
        word_level = [h.block_id for h in results.hits if h.score >= 2]
        substring_only = [h.block_id for h in results.hits if 1 <= h.score < 2]
        assert word_level and substring_only
        assert [h.block_id for h in results.hits] == word_level + substring_only
        tiers[mode] = set(word_level)
    assert tiers["scan"] == tiers["index"]


def test_headings_rank_first_for_a_heading_word(engines):
    top = engines["index"].search("新质生产力", limit=3).hits
    assert top[0].kind in ("heading", "title")


def test_results_carry_section_paths_and_counts(builtin, engines):
    results = engines["index"].search("天开园", limit=None)
    assert sum(results.section_counts.values()) == results.occurrences
    for hit in results.hits:
        section = builtin.section(hit.section_id)
        assert hit.section == section.path
        assert hit.source == section.article.source
    occurrences = results.occurrence_list()
    assert len(occurrences) == results.occurrences
    order = [b.id for b in builtin.blocks()]
    positions = [(order.index(block_id), span) for block_id, span in occurrences]
    assert positions == sorted(positions)           # reading order, for n/N


def test_pinyin_finds_words_and_says_so(engines):
    for query, word in [("tianjin", "天津"), ("xzscl", "新质生产力"), ("xinzhi", "新质"), ("chuangxin", "创新")]:
        results = engines["index"].search(query, limit=None)
        assert results.hits, query
        assert all(h.match == "pinyin" for h in results.hits)
        assert any(h.text[s:e] == word for h in results.hits for s, e in h.spans), query
        assert results.matches == engines["scan"].search(query, limit=None).matches


def test_letters_that_occur_literally_are_not_also_pinyin(builtin, engines):
    # "cpu" occurs (CPU芯片): only those blocks, not every Han pair read c-p-u.
    assert engines["index"].search("cpu", limit=None).matches == truth(builtin, "cpu")


def test_pinyin_prefix_forces_pinyin_and_literal_ranks_first(engines):
    results = engines["index"].search("pinyin:tianjin OR 天津", limit=None)
    kinds = [h.match for h in results.hits]
    assert "literal" in kinds
    assert kinds == sorted(kinds, key=lambda k: k == "pinyin")


PINYIN_TERMS = ["tianjin", "xzscl", "chuangxin", "xinzhi", "beijing", "kj", "cx", "zhongguo",
                "jingji", "shuju", "rengongzhineng", "gongye", "xian", "hebei", "tj", "zg",
                "binhai", "jqr", "haihe", "zhizao"]


@pytest.mark.parametrize("mode", ["scan", "index"])
def test_pinyin_finds_exactly_the_runs_that_read_that_way(builtin, engines, mode):
    """Every block with a run of characters reading as the term, none other, spans on
    each run (a literal occurrence, where there is one, is what is highlighted)."""
    from tanwen.search.pinyin import pinyin_regex

    for term in PINYIN_TERMS:
        pattern = pinyin_regex(term)
        expected = {}
        for block in builtin.blocks():
            spans = find_all(block.folded, term) or [m.span() for m in pattern.finditer(block.folded)]
            if spans:
                expected[block.id] = spans
        results = engines[mode].search(f"pinyin:{term}", limit=None)
        assert results.matches == expected, term


def test_postings_hold_every_character_and_pair_with_its_count(builtin, tmp_path):
    from tanwen.search.doctable import DocTable
    from tanwen.search.grams import GramPostings

    table = DocTable.from_articles(builtin.articles)
    texts = table.blocks()
    with open(tmp_path / "grams", "wb") as handle:
        table.grams.write(handle)
    reopened = GramPostings.open(tmp_path / "grams")
    expected: dict[str, dict[int, int]] = {}          # gram → block → occurrences (overlapping)
    for doc, text in enumerate(texts):
        for size in (1, 2):
            for i in range(len(text) - size + 1):
                per_block = expected.setdefault(text[i:i + size], {})
                per_block[doc] = per_block.get(doc, 0) + 1
    assert table.chars == set("".join(texts))
    for gram, per_block in expected.items():
        for postings in (table.grams, reopened):
            blocks, counts = postings.postings(gram)
            assert dict(zip(blocks.tolist(), counts.tolist())) == per_block, gram
    assert len(table.grams) == len(reopened) == len(expected)
    assert len(table.grams.postings("\n")[0]) == 0 and len(table.grams.postings("龘")[0]) == 0


def test_postings_store_counts_only_for_repeated_grams(builtin, tmp_path):
    """Nine postings in ten are a single occurrence: the file holds a count only for the
    others, and the counts read back are still every block's (checked above)."""
    from tanwen.search.doctable import DocTable
    from tanwen.search.grams import GramPostings

    table = DocTable.from_articles(builtin.articles)
    with open(tmp_path / "grams", "wb") as handle:
        table.grams.write(handle)
    reopened = GramPostings.open(tmp_path / "grams")
    postings = reopened.posting_count()
    repeated = 0                        # (gram, block) with more than one occurrence
    for text in table.blocks():
        grams = Counter(text) + Counter(text[i:i + 2] for i in range(len(text) - 1))
        repeated += sum(1 for count in grams.values() if count > 1)
    assert 0 < repeated < postings / 4 and len(reopened.repeated) == repeated
    size = (tmp_path / "grams").stat().st_size
    # Header, characters, 4 bytes a key (its second character, its offset), the blocks,
    # and three bytes a repeated posting (its place's low half, its count).
    keys = 104 + len(reopened.chars) * 8 + 4 + len(reopened) * 4 + 3 * 8
    assert size <= keys + postings * 2 + repeated * 3
    assert size < keys + postings * 3                                 # a count each


def test_postings_are_smaller_than_plain_uint64_keys_and_uint16_blocks(builtin, tmp_path):
    """Keys are numbered (a pair by its second character, 2 bytes, within its first's run),
    their offsets and the repeated postings' places kept in 2 bytes, and the blocks of long
    lists are delta-coded."""
    from tanwen.search.doctable import DocTable
    from tanwen.search.grams import GramPostings

    table = DocTable.from_articles(builtin.articles)
    with open(tmp_path / "grams", "wb") as handle:
        table.grams.write(handle)
    reopened = GramPostings.open(tmp_path / "grams")
    postings = reopened.posting_count()
    assert reopened.seconds.itemsize == reopened.offsets.lows.itemsize == reopened.repeated.lows.itemsize == 2
    assert len(reopened.packed) > 0
    assert len(reopened.plain) < postings
    plain_layout = 48 + len(reopened) * 12 + 4 + postings * 2 + len(reopened.repeated) * 5
    assert (tmp_path / "grams").stat().st_size < plain_layout * 0.65


def _built_and_reopened(texts: list[str], tmp_path):
    """Postings of blocks `texts`, as built and as read back from their file."""
    from tanwen.search.grams import GramPostings

    starts = [0]
    for block in texts:
        starts.append(starts[-1] + len(block) + 1)
    built = GramPostings.build("\n".join(texts) + "\n", starts)
    with open(tmp_path / "grams", "wb") as handle:
        built.write(handle)
    return built, GramPostings.open(tmp_path / "grams")


@pytest.mark.parametrize("blocks", [40_000, 70_000])      # blocks in 2 bytes, or in 4
def test_postings_past_65536_read_back_exactly(tmp_path, blocks):
    """Offsets, repeated postings and exceptions are kept as 16-bit low halves with a
    directory of the high bits: a table with several hundred thousand postings reads back
    every block and count, by gram and by keys."""
    import random

    rng = random.Random(11)
    alphabet = [chr(0x4E00 + i * 7) for i in range(60)]
    texts = []
    for i in range(blocks):
        chars = rng.choices(alphabet, k=rng.choice((2, 5, 9)))
        if i % 100 == 0 and (i < 20_000 or i % 1_000 == 0):
            chars.append("鑫")                      # packed, with gaps of 1,000: exceptions
        texts.append("".join(chars))
    built, reopened = _built_and_reopened(texts, tmp_path)
    assert reopened.plain.itemsize == (2 if blocks <= 65_536 else 4)
    assert reopened.posting_count() > 4 * 65_536 and reopened.repeated.last() > 4 * 65_536
    assert len(reopened.exceptions) and reopened.exception_at.at(0) > 65_536
    expected: dict[str, dict[int, int]] = {}
    for doc, text in enumerate(texts):
        for size in (1, 2):
            for i in range(len(text) - size + 1):
                per_block = expected.setdefault(text[i:i + size], {})
                per_block[doc] = per_block.get(doc, 0) + 1
    for gram, per_block in expected.items():
        for postings in (built, reopened):
            blocks, counts = postings.postings(gram)
            assert dict(zip(blocks.tolist(), counts.tolist())) == per_block, gram
    first_class = reopened.numbers_of("".join(alphabet[:20:2]))
    pairs = reopened.pairs_between(first_class, reopened.numbers_of("".join(alphabet[30:])))
    firsts, seconds = reopened.pair_characters(pairs)
    among = reopened.pair_characters(pairs, first_class)
    assert firsts.tolist() == among[0].tolist() and seconds.tolist() == among[1].tolist()
    assert set(firsts.tolist()) == set(first_class.tolist())
    names = [chr(int(code)) for code in reopened.chars]
    by_keys = list(zip(reopened.blocks_of_keys(pairs).tolist(), reopened.counts_of_keys(pairs).tolist()))
    assert len(by_keys) == int(reopened.sizes_of_keys(pairs).sum()) > 10_000
    assert reopened.offsets.take(pairs).max() > 2 * 65_536 and max(c for _, c in by_keys) > 1
    assert by_keys == [posting for first, second in zip(firsts.tolist(), seconds.tolist())
                       for posting in sorted(expected[names[first] + names[second]].items())]


def test_delta_coded_postings_read_back_exactly_whatever_the_gaps(tmp_path):
    """Blocks far apart (differences of 256 and more, stored as exceptions) and close
    together, in lists long enough to be packed, read back as the blocks that hold them."""
    import random

    rng = random.Random(3)
    texts = []
    for i in range(3000):
        chars = ["天" if i % 2 else "地", "津" if rng.random() < 0.3 else "京"]
        if i % 700 == 0 or rng.random() < 0.01:
            chars.append("龘")                       # rare: gaps of hundreds of blocks
        if i < 100 or 2000 <= i < 2100 or i == 2900:
            chars.append("鑫")                       # packed, with gaps of 1,900 and 800
        chars.append(rng.choice("甲乙丙丁"))
        texts.append("".join(chars))
    built, reopened = _built_and_reopened(texts, tmp_path)
    assert len(reopened.packed) and len(reopened.exceptions)
    grams = {t[i:i + n] for t in texts for n in (1, 2) for i in range(len(t) - n + 1)}
    for gram in grams:
        expected = [doc for doc, t in enumerate(texts) if gram in t]
        for postings in (built, reopened):
            blocks, counts = postings.postings(gram)
            assert blocks.tolist() == postings.blocks(gram).tolist() == expected, gram
            assert postings.size(gram) == len(expected)
    blocks, counts = pair_counts(reopened, "天地", "津京")
    assert blocks.tolist() == list(range(3000)) and set(counts.tolist()) == {1}
    assert blocks_with_run(reopened, ["天地", "津京", "龘"]).tolist() == \
        [doc for doc, t in enumerate(texts) if "龘" in t and ("津龘" in t or "京龘" in t)]


def test_counts_beyond_what_postings_hold_are_recounted(tmp_path):
    from tanwen.corpus import load_corpus
    from tanwen.search.matching import _count_literal

    (tmp_path / "a.txt").write_text("# 标题\n\n" + "天津" * 300 + "\n\n" + "哈" * 7 + "\n", encoding="utf-8")
    engine = SearchEngine(load_corpus(tmp_path))
    [table] = engine._corpus_tables()
    assert _count_literal("天津", table)[1].tolist() == [300]
    assert _count_literal("天", table)[1].tolist() == [300]
    assert _count_literal("哈哈", table)[1].tolist() == [3]      # str.count: no overlaps
    results = engine.search("天津", limit=None)
    assert results.occurrences == 300


@pytest.mark.parametrize("query", ["的", "创新", "天津", "发展", "产业 创新", "新 -天津", "企业 OR 项目"])
def test_the_best_few_are_the_first_of_the_full_ranking(engines, query):
    """Asking for 3 or 10 hits (word-level checked among the leaders only) gives the first
    3 or 10 of the complete ranking."""
    everything = engines["index"].search(query, limit=None).hits
    nothing = engines["index"].search(query, limit=0)
    assert nothing.hits == [] and nothing.total == len(everything)
    for limit in (1, 3, 10):
        best = engines["index"].search(query, limit=limit).hits
        assert [(h.block_id, h.score) for h in best] == \
            [(h.block_id, h.score) for h in everything[:limit]], (query, limit)


def test_occurrence_counts_are_exact(builtin):
    """What ranking is fed: per block, as many occurrences as `str.count` finds, whether
    read from the postings, inferred for three characters, or counted."""
    from tanwen.search.doctable import DocTable
    from tanwen.search.matching import _count_literal

    table = DocTable.from_articles(builtin.articles)
    texts = table.blocks()
    for needle in {fold(n) for n in random_substrings(builtin, 400, seed=7)} | {"r&d", "生产力", "的"}:
        docs, counts = _count_literal(needle, table)
        expected = {doc: text.count(needle) for doc, text in enumerate(texts) if needle in text}
        assert dict(zip(docs.tolist(), counts.tolist())) == expected, needle


def test_postings_of_a_table_with_more_blocks_than_sixteen_bits_hold(tmp_path):

    texts = ["天津" if i % 3 == 0 else "北京" for i in range(70_000)]
    for postings in _built_and_reopened(texts, tmp_path):
        blocks, counts = postings.postings("天津")
        assert blocks.tolist() == list(range(0, 70_000, 3)) and set(counts.tolist()) == {1}
        assert postings.postings("京")[0][-1] == 69_998


def test_an_empty_table_has_empty_postings(tmp_path):
    from tanwen.search.grams import GramPostings

    for text, starts in (("", [0]), ("\n\n", [0, 1, 2])):
        built = GramPostings.build(text, starts)
        with open(tmp_path / "grams", "wb") as handle:
            built.write(handle)
        for postings in (built, GramPostings.open(tmp_path / "grams")):
            assert len(postings.postings("a")[0]) == 0
            assert len(pair_counts(postings, "天", "津")[0]) == 0


def test_searching_without_an_index_in_several_tables_finds_the_same(builtin, monkeypatch):
    """A big corpus is searched before its index exists in tables of a segment's size."""
    import tanwen.search.segment_build as segment_build

    whole = SearchEngine(builtin)
    assert len(whole._corpus_tables()) == 1              # made now, at a segment's full size
    monkeypatch.setattr(segment_build, "SEGMENT_BYTES", 6_000)      # 2,000 characters a table
    parted = SearchEngine(builtin)
    assert len(parted._corpus_tables()) == 2             # one article each
    for query in ("创新", "天津 -北京", "xzscl", "質生產", "R&D", "heading:天开 创新"):
        assert parted.search(query, limit=None).matches == whole.search(query, limit=None).matches, query


def test_postings_of_the_previous_layout_are_refused_not_misread(tmp_path):
    """A TWG3 file (uint64 keys, plain blocks) is not read as TWG4: open says so."""
    import numpy as np

    from tanwen.search.grams import GramPostings

    keys = np.array([ord("天"), ((ord("天") + 1) << 21) | ord("津")], dtype=np.uint64)
    twg3 = np.array([0x54574733, 2, 2, 4, 2, 0], dtype=np.uint64).tobytes() + keys.tobytes() \
        + np.array([0, 1, 2], dtype=np.uint32).tobytes() + np.array([0, 0], dtype=np.uint16).tobytes()
    (tmp_path / "old").write_bytes(twg3)
    with pytest.raises(ValueError, match="not a postings file of this version"):
        GramPostings.open(tmp_path / "old")


def test_postings_of_layout_4_or_cut_short_are_refused(tmp_path):
    """TWG4 (uint32 keys and offsets) is refused by its magic number; a TWG5 file cut
    short, or whose directory of high bits does not fit its offsets, is refused too."""
    import numpy as np

    from tanwen.search.grams import GramPostings

    _built_and_reopened(["天津", "天天"] * 40_000, tmp_path)
    data = (tmp_path / "grams").read_bytes()
    damaged = {"old": np.array([0x54574734], dtype=np.uint64).tobytes() + data[8:],
               "cut": data[:-1]}
    # The offsets' directory (after characters and pair starts): its last entry one short.
    header = np.frombuffer(data[:104], dtype=np.uint64)
    chars, directory = int(header[1]), int(header[10])
    last = 104 + 4 * (chars + chars + 1) + 4 * (directory - 1)
    entry = np.frombuffer(data[last:last + 4], dtype=np.uint32)[0]
    damaged["directory"] = data[:last] + np.array([entry - 1], dtype=np.uint32).tobytes() + data[last + 4:]
    for name, content in damaged.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(ValueError):
            GramPostings.open(tmp_path / name)
    with pytest.raises(ValueError, match="not a postings file of this version"):
        GramPostings.open(tmp_path / "old")


def test_ties_go_to_reading_order_across_tables(write_corpus, tmp_path, monkeypatch):
    """Equal scores are ordered by file name, then by place in the file, whichever table
    (segment) holds the block: files indexed later sort among the earlier ones."""
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    text = "# 天津\n\n天津一\n\n天津二\n"
    folder = write_corpus({f"a{n}.md": text for n in (1, 3, 5)})
    SearchEngine(path=folder).ensure_index()
    for n in (2, 4):                                  # an update: a second segment
        (folder / f"a{n}.md").write_text(text, encoding="utf-8")
    engine = SearchEngine(path=folder)
    engine.ensure_index()
    assert len(engine.index.tables) == 2
    hits = engine.search("天津", limit=None).hits      # a heading, a subtitle, a body each
    assert len({hit.score for hit in hits}) == 3
    assert [hit.block_id for hit in hits] == [f"a{n}:1/{b}" for b in (1, 2, 3) for n in range(1, 6)]


def test_a_gram_in_all_of_65536_blocks_has_that_many(tmp_path):
    """A key's size is read from its offsets' 16-bit low halves while no key can be in
    more than 65,536 blocks: one in exactly that many (a difference of 0) is not empty."""
    from tanwen.search.numpy_lean import np

    built, reopened = _built_and_reopened(["天"] * 65_535 + ["天地"], tmp_path)
    for postings in (built, reopened):
        assert postings.plain.itemsize == 2 and len(postings) == 3      # 地, 天, 天地
        assert postings.size("天") == 65_536 and postings.size("地") == postings.size("天地") == 1
        assert postings.sizes_of_keys(np.arange(3)).tolist() == [1, 65_536, 1]
        assert postings.blocks_of_keys(np.arange(3)).tolist() == [65_535, *range(65_536), 65_535]
        assert postings.counts_of_keys(np.arange(3)).tolist() == [1] * 65_538
