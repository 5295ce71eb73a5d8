"""Figures as text to paste: a quote is the article's sentence exactly as printed, and a
citation adds where it is from."""

import re


from tanwen.corpus import load_corpus
from tanwen.corpus.figures import figures_of_corpus, render_figure
from tanwen.corpus.figures.render import CLOSE_MARK, INSERTION, OPEN_MARK

SENTENCE_END = "。！？!?"
CLOSING = "”’」』)）"


def between_marks(quoted: str) -> str:
    assert quoted.startswith(OPEN_MARK) and quoted.endswith(CLOSE_MARK), quoted
    return quoted[len(OPEN_MARK):-len(CLOSE_MARK)]


def test_every_quote_of_the_builtin_corpus_is_a_whole_sentence_as_printed(builtin):
    checked = 0
    for figure in figures_of_corpus(builtin):
        block = builtin.block(figure.block_id)
        words = between_marks(render_figure(figure, "quote", builtin))
        printed = INSERTION.sub("", words)
        at = block.text.find(printed)
        assert at >= 0, (figure.text, words)
        assert figure.text in printed
        # It ends where the sentence ends: at a sentence end (and its closing marks), or
        # where the block ends.
        stripped = printed.rstrip(CLOSING)
        assert stripped[-1] in SENTENCE_END or at + len(printed) == len(block.text.rstrip()), words
        # … and starts where the sentence starts.
        before = block.text[:at].rstrip(" ●•\n")
        assert not before or before.rstrip(CLOSING)[-1] in SENTENCE_END or re.fullmatch(r"\d{1,2}[.．、]", before), words
        assert words.count("“") == words.count("”"), words
        checked += 1
    assert checked > 200


def test_a_quote_is_not_cut_at_the_next_figure(builtin):
    figure = next(f for f in figures_of_corpus(builtin) if f.text == "100多万元")
    quoted = render_figure(figure, "quote", builtin)
    assert "专利转化金额从2020年的100多万元增加到1000多万元。" in quoted
    assert "100多万元。" not in quoted


def test_relative_years_are_marked_as_insertions_never_substituted(builtin):
    figure = next(f for f in figures_of_corpus(builtin) if f.text == "2821亿元")
    quoted = render_figure(figure, "quote", builtin)
    assert quoted.startswith("“今年[2025年]上半年,天津数字经济核心产业")
    assert "2025年上半年" not in quoted


def test_quotation_marks_stay_paired(write_corpus):
    root = write_corpus({"a.md": "# 产能\n\n厂长说：“下一步要把产能扩大到每月5万片。今年产量要翻一番。”他补充了一句。\n"})
    corpus = load_corpus(root)
    figure = next(f for f in figures_of_corpus(corpus) if f.text == "5万片")
    words = between_marks(render_figure(figure, "quote", corpus))
    assert words == "厂长说：“下一步要把产能扩大到每月5万片。今年产量要翻一番。”"


def test_citation_is_the_quote_and_its_source(builtin):
    figure = next(f for f in figures_of_corpus(builtin)
                  if f.text == "3.44%" and f.block_id == "000_0ca8ddae1a5cdd31:3/10")
    quoted = render_figure(figure, "quote", builtin)
    assert quoted.startswith("“2024年") and quoted.endswith("。”") and "经费投入强度达到3.44%" in quoted
    citation = render_figure(figure, "citation", builtin)
    assert citation.startswith(quoted + "——《在发展新质生产力上勇争先、善作为》")
    assert "《瞭望》新闻周刊2025年第45期" in citation
    assert "善为科技创新与产业创新融合 争技术革命性突破之先" in citation


def test_citation_of_a_newspaper_story(builtin):
    figure = next(f for f in figures_of_corpus(builtin) if f.text == "2449架")
    citation = render_figure(figure, "citation", builtin)
    assert "《创新天津 动能澎湃》" in citation and "创新引领 行业首单频现" in citation
    assert "记者 岳付玉" in citation and citation.startswith(
        "“东疆综保区全力打造世界级飞机租赁、船舶租赁、出口租赁离岸租赁中心，截至2025年7月末，累计完成2449架飞机")
