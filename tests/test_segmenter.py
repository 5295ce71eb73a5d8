"""rjieba segments exactly as jieba 0.42.1 (the reference) does, on the built-in corpus."""

import jieba
import rjieba


def test_rjieba_matches_jieba_on_every_block(builtin):
    jieba.setLogLevel(60)
    for block in builtin.blocks():
        assert rjieba.cut(block.folded) == list(jieba.cut(block.folded)), block.id
        assert rjieba.cut_for_search(block.folded) == list(jieba.cut_for_search(block.folded)), block.id
