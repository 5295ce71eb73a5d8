"""rjieba segments exactly as jieba 0.42.1 (the reference) does, on the built-in corpus."""

import jieba
import rjieba


def test_rjieba_matches_jieba_on_every_block(builtin):
    jieba.setLogLevel(60)
    for block in builtin.blocks():
        assert rjieba.cut(block.folded) == list(jieba.cut(block.folded)), block.id
        assert rjieba.cut_for_search(block.folded) == list(jieba.cut_for_search(block.folded)), block.id


def test_the_one_known_difference_is_a_run_after_a_decimal_fraction_and_queries_cut_alike():
    """jieba's unknown-word step splits `4.2d` at `[a-zA-Z0-9]+(?:\\.\\d+)?%?`; rjieba keeps
    it whole. The README states this; the index and the query agree on the word."""
    from tanwen.search.analyzer import query_words, word_counts

    jieba.setLogLevel(60)
    text = "首台4.2d相机研发"
    assert list(jieba.cut(text)) == ["首台", "4.2", "d", "相机", "研发"]
    assert rjieba.cut(text) == ["首台", "4.2d", "相机", "研发"]
    assert "4.2d" in word_counts(text)
    assert query_words("4.2d") == ["4.2d"]
    # Without a decimal fraction before the letters the two agree.
    assert rjieba.cut("首台42d相机") == list(jieba.cut("首台42d相机"))
