"""What extracting figures spends its time on: the checks every block or every article pays
for (is there a character to fold? which year does the article state?) stay a small part of
reading its figures, and give what their plain forms give."""

import gc
import random
import time

import pytest

from tanwen.corpus import load_corpus
from tanwen.corpus.figures import extract as E
from tanwen.corpus.figures import patterns as P
from tanwen.corpus.figures import period
from tanwen.corpus.figures import figures_of_corpus
from tanwen.corpus.normalize import traditional_to_simplified


def _best_seconds(work, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


@pytest.fixture(scope="module")
def undated_corpus(tmp_path_factory, builtin):
    """~0.5 MB of the built-in articles' paragraphs in files with no metadata and no line
    that states a date: the year of each is looked for in its text, and not found."""
    paragraphs = [block.text for block in builtin.blocks()
                  if block.kind.value == "body" and period.stated_year(block.text) is None]
    root = tmp_path_factory.mktemp("undated")
    for number in range(4):
        (root / f"article-{number}.txt").write_text("\n\n".join(paragraphs * 3), encoding="utf-8")
    corpus = load_corpus(root)
    assert all(period.article_year(article) is None for article in corpus.articles)
    return corpus


@pytest.fixture(scope="module")
def extraction_seconds(undated_corpus) -> float:
    def extract():
        for figure in figures_of_corpus(undated_corpus):
            figure.metric           # every field, as the bench and tanwen figures --json read them
    return _best_seconds(extract, 3)


# Measured on 0.5 MB: each check took 7–8% of the extraction before, 0.8–1.5% now. Both
# sides of the ratio are timed on the same machine at the same time, so load cancels out.
LIMIT = 0.04


def test_looking_for_the_stated_year_reads_only_lines_with_a_year(undated_corpus):
    # What article_year reads: titles, headings, short blocks and the opening of long ones.
    texts = ["\n".join([article.title] + [block.text if len(block.text) <= 120 else block.text[:40]
                                           for block in article.blocks()])
             for article in undated_corpus.articles]
    assert [period.stated_year(text) for text in texts] == [None] * len(texts)
    # Every line was folded and searched (the plain form); now one scan finds the lines with
    # a year of four digits, and only those are: a sixth of these (year-dense) lines. The
    # plain form took 1.0x as long before, 2.8x as long now.
    fast = _best_seconds(lambda: [period.stated_year(text) for text in texts], 9)
    plain = _best_seconds(lambda: [_stated_year_line_by_line(text) for text in texts], 9)
    assert plain / fast > 2, plain / fast


def test_checking_blocks_for_characters_to_fold_is_a_small_part_of_extraction(undated_corpus, extraction_seconds):
    texts = [block.text for block in undated_corpus.blocks()]
    assert not any(E._folded(text) is not text for text in texts)     # simplified text
    # A set of 5,000 characters hashed each character of every block; now one regex class
    # (a bitmap in C) is searched.
    share = _best_seconds(lambda: [E._folded(text) for text in texts], 9) / extraction_seconds
    assert share < LIMIT, share


def test_contains_any_says_what_a_set_says():
    traditional = "".join(traditional_to_simplified())
    wanted = frozenset(random.Random(1).sample(traditional, 300) + ["\U00020000", "\U0002a6d6", "Ａ"])
    contains = P.contains_any(wanted)
    pool = list(traditional[:2000]) + ["\U00020001", "\U0002a6d6", "\U0001f600", "Ａ", "A", "年", "1", "\n"]
    rng = random.Random(2)
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert contains(text) == (not wanted.isdisjoint(text)), text
    assert contains("年\U0001f600\U0002a6d6") and not contains("年\U0001f600\U00020001")


def _stated_year_line_by_line(text: str) -> int | None:
    """The plain form: every line short enough or with a word of dates, folded and searched."""
    table = P.figure_fold()[1]
    for line in text.split("\n"):
        if len(line) > 40 and "时间" not in line and "日期" not in line and not (
                "年" in line and ("期" in line or "电" in line or "讯" in line)):
            continue
        found = period._STATED_DATE.search(line.translate(table))
        if found is not None:
            return int(next(group for group in found.groups() if group))
    return None


STATED_PIECES = [
    "2025年", "１９９８年", "2025-11-10", "２０２５", "1月14日", "１月１４日", "电", "讯", "第45期", "《瞭望》",
    "发布时间：", "日期:", "星期一", " 08:30", "\n", "\n", "年", "期", "新华社北京", "本报南京", "记者王伟报道",
    "今年全国粮食总产量达到", "亿公斤", "同比增长", "12%", "时间", "１８９９年", "2100年", "20", "19", "95",
    "—", "/", ".", " ", "　", "發佈時間：", "電", "訊",
]


def test_the_stated_year_is_what_reading_every_line_finds():
    rng = random.Random(20261206)
    for _ in range(6000):
        text = "".join(rng.choice(STATED_PIECES) for _ in range(rng.randint(1, 24)))
        assert period.stated_year(text) == _stated_year_line_by_line(text), text

