"""The cheap checks every block or article pays for when figures are read (is there a
character to fold? which year does the article state?) give what their plain forms give.
What they cost is measured by `python -m bench.figures_checks_bench`, not here."""

import random

from bench_loader import load_bench_module

from tanwen.corpus.figures import patterns as P
from tanwen.corpus.figures import period
from tanwen.corpus.normalize import traditional_to_simplified

_checks = load_bench_module("figures_checks_bench")


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
        assert period.stated_year(text) == _checks.stated_year_line_by_line(text), text

