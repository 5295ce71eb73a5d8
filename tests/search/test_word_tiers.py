"""Word tiers: reading only the posting blocks that can hold the blocks in question tells
the same tiers as reading every posting, and as segmenting the blocks' own text."""

import random

import pytest

from tanwen.corpus import load_corpus
from tanwen.search.analyzer import query_words, word_counts
from tanwen.search.engine import SearchEngine
from tanwen.search.query import parse_query
from tanwen.search.word_tiers import posting_docs, word_aligned

from word_index_support import segment_written

DOCS = 3000


def documents() -> list[list[str]]:
    """Words in every block, every third, 40 % and 2 % at random, two blocks, and only past
    block 2000: postings of two to 3,000 docnums, of 1- and 2-byte gaps."""
    rng = random.Random(5)
    docs = []
    for n in range(DOCS):
        words = ["every"]
        words += ["third"] if n % 3 == 0 else []
        words += ["often"] if rng.random() < 0.4 else []
        words += ["seldom"] if rng.random() < 0.02 else []
        words += ["twice"] if n in (5, 700) else []
        words += ["late"] if n >= 2000 else []
        docs.append(words)
    return docs


def test_posting_docs_of_some_blocks_are_those_of_all_postings(tmp_path):
    ix = segment_written(tmp_path, documents())
    holding: dict[str, set[int]] = {}
    for doc, words in enumerate(documents()):
        for word in words:
            holding.setdefault(word, set()).add(doc)
    rng = random.Random(11)
    edges = [0, 1, 126, 127, 128, 129, 255, 256, 1999, 2000, 2001, DOCS - 1]
    with ix.reader() as reader:
        [(leaf, _)] = reader.leaf_readers()
        for word in ["every", "third", "often", "seldom", "twice", "late", "absent"]:
            expected = holding.get(word, set())
            assert posting_docs(leaf, word) == expected, word
            assert posting_docs(leaf, word, []) == set(), word
            assert posting_docs(leaf, word, edges) == expected & set(edges), word
            for size in (1, 2, 7, 60, 500):
                among = sorted(rng.sample(range(DOCS), size))
                assert posting_docs(leaf, word, among) == expected & set(among), (word, among)


# Blocks that hold 天开 and 的人 as words, and blocks that hold them only as substrings
# (jieba cuts 天开园 as 天/开园, and 人生, 人民 are words of their own).
WORD_LEVEL = ["天开高教科创园开工了。", "异想天开的主意。", "他是个好的人。", "说的人多了。"]
SUBSTRING_ONLY = ["天开园开园了。", "我的人生很长。", "我们的人民很好。"]
FILLER = ["今年的产量翻了一番。", "厂长补充了一句。", "工人们都很忙。", "码头上船很多。"]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """An indexed corpus of 1,200 paragraphs, each a few sentences at random: hundreds of
    matches of each kind, in postings of several blocks."""
    rng = random.Random(3)
    files = {}
    for part in range(3):
        paragraphs = []
        for _ in range(400):
            sentences = rng.sample(WORD_LEVEL + SUBSTRING_ONLY, rng.randint(1, 3))
            sentences += rng.choices(FILLER, k=rng.randint(0, 6))
            rng.shuffle(sentences)
            paragraphs.append("".join(sentences))
        files[f"part{part}.md"] = f"# 第{part}部分\n\n" + "\n\n".join(paragraphs) + "\n"
    root = tmp_path_factory.mktemp("mixed")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    corpus = load_corpus(root)
    engine = SearchEngine(corpus)
    engine.ensure_index()
    return corpus, engine


def reference_word_level(corpus, query: str) -> set[str]:
    """The blocks whose segmented text holds every text group's query words: the check
    done without postings."""
    groups = [[set(query_words(term.text)) for term in group]
              for group in parse_query(query).groups if all(term.is_text for term in group)]
    found = set()
    for block in corpus.blocks():
        words = set(word_counts(block.folded))
        if all(any(wanted <= words for wanted in group) for group in groups):
            found.add(block.id)
    return found


@pytest.mark.parametrize("query", ["天开", "的人", "天开 的人", "的人 -天开", "天开 OR 的人"])
def test_leaders_are_told_the_tier_their_words_give(mixed, query):
    corpus, engine = mixed
    word_level = reference_word_level(corpus, query)
    everything = engine.search(query, limit=None).hits
    assert len(everything) > 200
    told = {hit.block_id for hit in everything if hit.score >= 2}
    assert told == word_level & {hit.block_id for hit in everything}
    assert 0 < len(told) < len(everything)      # both tiers are there to tell apart
    for limit in (1, 5, 20, 60):       # leaders checked alone: the first of the full ranking
        best = engine.search(query, limit=limit).hits
        assert [(h.block_id, h.score) for h in best] == \
            [(h.block_id, h.score) for h in everything[:limit]], (query, limit)


def test_word_aligned_among_some_blocks_is_that_of_all(mixed):
    corpus, engine = mixed
    tables, reader = engine.index.tables, engine._state[1]
    ids = {(t, doc): table.block_id(doc) for t, table in enumerate(tables) for doc in table.live_docs()}
    rng = random.Random(7)
    for query in ["天开", "的人", "天开 的人"]:
        parsed = parse_query(query)
        word_level = reference_word_level(corpus, query)
        everything = word_aligned(reader, parsed)
        for _ in range(20):
            among = [sorted(rng.sample(sorted(table.live_docs()), min(len(table), rng.randint(1, 300))))
                     for table in tables]
            some = word_aligned(reader, parsed, among)
            for t, docs in enumerate(among):
                assert some[t] == everything[t] & set(docs)
                assert {ids[t, doc] for doc in some[t]} == {ids[t, doc] for doc in docs} & word_level


def test_what_is_kept_of_the_postings_follows_an_updated_index(write_corpus):
    """The blocks a word is in are kept per reader: after an update the new reader reads
    the new postings (here the same files, with the word-level and substring-only
    sentences swapped)."""
    def paragraphs(first, second):
        return "\n\n".join((first if n % 3 else second) + FILLER[n % 4] * (n % 5)
                           for n in range(300)) + "\n"

    root = write_corpus({"a.md": paragraphs("天开园开园了。", "异想天开的主意。")})
    engine = SearchEngine(load_corpus(root))
    engine.ensure_index()
    swapped, back = paragraphs("异想天开的主意。", "天开园开园了。"), paragraphs("天开园开园了。", "异想天开的主意。")
    for text in (swapped, back):
        engine.search("天开", limit=5)
        (root / "a.md").write_text(text, encoding="utf-8")
        corpus = load_corpus(root)
        engine.corpus = corpus
        engine.ensure_index()
        word_level = reference_word_level(corpus, "天开")
        everything = engine.search("天开", limit=None).hits
        assert {h.block_id for h in everything if h.score >= 2} == word_level
        best = engine.search("天开", limit=5).hits
        assert [(h.block_id, h.score) for h in best] == [(h.block_id, h.score) for h in everything[:5]]
        assert all(h.block_id in word_level for h in best)
