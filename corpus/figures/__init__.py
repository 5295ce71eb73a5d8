"""Figures: every number a reader would want to quote, with what it measures, ready to copy.

    >>> from tanwen.corpus.figures import extract_text
    >>> [f.text for f in extract_text("2024年，天津研发经费投入强度达到3.44%，同比提高0.1个百分点。")]
    ['2024年', '3.44%', '0.1个百分点']

Modules: `numerals` (Arabic and Chinese numerals → numbers), `patterns` (the regular
expressions and unit tables), `candidates` (what each match is), `extract` (candidates →
figures), `surroundings` (rules that read a figure with its neighbours), `context`
(sentence, direction, period and metric of a block's figures), `metric` (what a figure
measures), `traditional` (context in traditional text), `period` (the year an article
states, relative dates), `render` (value / quote / citation).

What a figure is
----------------
An Arabic or Chinese-numeral quantity with its unit or measure word:

- percent `3.44%`, `百分之五十` (value 3.44, unit `%`); percentage points `1.7个百分点` (unit
  `个百分点`, never merged into %);
- money `2821亿元` → value 2.821e11, unit `元` (the magnitude goes into the value; 美元,
  欧元 … stay as the unit);
- counts with their measure word `超400家`, `2449架`, `两批`, `十项` (行动), `三个` (层次),
  `六项`, `五类`, `两座`, `两张`, `五大` (服务: N大 counts N major things; unit None);
- measures `3万吨` (3e4 吨), `1万P`, `50公斤`, `5000米`, `31.8岁`, `4.5万标箱`;
- durations `两年多`, `一个半小时`, `不到三天`, `3个月以上`, `10年` (来), `3年` (连续);
- multiples `2倍`; ordinals `第1000艘`, `第16个年头` (unit 年), `第二大`, `前20强`;
- shares `三成左右` (percent, 30); signed values `利润-5%` (−5), `零下15摄氏度`;
- vague numbers as ranges: `几十支` (20–90), `十几个` (11–19), `五、六百米` and `五六百米`
  (500–600), with the qualifier before them (`约五、六百米`);
- money in speech: `10块钱`, `120块` at a clause end (元);
- ordinals of congresses and sessions: `十五大`, `十一届三中全会`, `九届全国人大`;
- years `2024年`, `2023年度`, ranges `2025—2027年` and `(2024—2027)` (value 2024, value_end
  2027), decades `８０年代` (1980–1989); dates `2025年6月19日`, `2024年底`, `今年上半年`, `去年11月`, `7月底`, `今年1至7月`
  (value: the year; the resolved date is the `period`, e.g. `2025年1—7月`). Photo dates in
  captions (`(2025年6月19日摄)`) are dates; so are datelines (`本报南京１月１４日电`,
  `十二月三十一日电`: metric 发稿日期), which date no other figure.

Matching runs on the figure fold (full-width → half-width, traditional → simplified, per
character), so `約8000人`, `20餘家`, `三種` read as their simplified forms; units and
qualifiers are reported simplified, the figure's text as printed (see `surroundings` for the
rules that look at a figure's neighbours, `traditional` for reading context in such text).

A qualifier touching the number is part of the figure's text and its `qualifier`: 约 近 超
超过 逾 不少于 不到 最高 累计 … before it; 多 余 几 inside it (`100多万元`, `两亿多条`);
以上 左右 以下 after it, 多 after a time unit (`两年多`), 级 after a measure (`8微米级`).
Verbs are not qualifiers: `突破2600亿元` and `高达22亿元` give `2600亿元` and `22亿元`.
`年`-suffixes are not part of a year's text: `2024年以来`, `2009年起`, `2025年内` give
`2024年`, `2009年`, `2025年`; the period of the figures they date keeps them (`2024年以来`).

What is not a figure
--------------------
- formats and names: `24小时制`, `5天工作制`, `两位数增长`, `七人橄榄球赛`;
- names and codes: `5G`, `G7`, `3D`, `AI+`, `2.0版`, `世界500强` (the `295家` before it is
  a figure), `十四五`, `六链五群`, `一基地三区`, `中建六局`, `空客二号线`, `三级医院`,
  `第二集装箱码头`, `第六指` — a number glued to Latin letters, or a Chinese numeral
  without a measure word, is a name;
- idioms and slogans: `从0到1`, `“0—1”`, `“1—N”`, `千行百业`, `一站式`, `一子落而满盘活`;
  bare magnitudes without a qualifier (`百年`, `万亿级`, `千船`), whereas `超千万元`, `超百家`
  are figures;
- `一` used as an article (`一所大学`, `一批`, `一罐`, `一次开车成功`, `第一次`), and `二`
  alone (`二次转型`; counts say 两);
- per-unit bases: `一吨烧结矿…从50公斤下降至42公斤` gives 50公斤 and 42公斤 with metric
  `一吨烧结矿固体燃料消耗量`; `每万人口` and `每三吨焊接管` are not figures;
- a publication's issue (`《瞭望》2025年第45期`), lone image numbers (image blocks have no
  figures) and caption list markers (`1.`); bare `今年`/`去年`/`今年以来` (they set the
  period of the figures after them).

Values and units
----------------
`value` is a float, fully scaled (`2821亿元` → 2.821e11, `3万吨` → 3e4, `1万P` → 1e4);
`unit` is the base unit (`元`, `美元`, `%`, `个百分点`, `吨`, `P`) or the measure word of a
count (`家`, `艘`, `批`; None for N大); durations use 年/月/天/小时 (`3个月` → 3, `月`);
a range keeps its upper bound in `value_end`. A year's or a date's value is its year (None
when a relative date has no year to resolve against) and its unit is None; the date itself
is the `period` (`2025年1—7月`, `2025年6月19日`, `2024年底`).

Context
-------
Each figure carries its metric (`metric.py`), its period — the nearest date or year before
it in its sentence (截至/到/以来 kept: `截至2025年7月末`), else 今年/去年 resolved against
the year the article states (`period.article_year`: meta.json, front matter `date:`, an
issue line, a dateline or a date line — never the years its body mentions; `比去年` is a
comparison's base, not a period), else the period of the previous sentence when this one
starts with 其中 — its direction (增长, 下降, 提高 … right before it), its sentence and where it is.
`extract_block` and `extract_text` compute all of it; `figures_of_section` and
`figures_of_corpus` compute these context fields on first use, block by block, so listing
or filtering many figures does not pay for the sentences of those left out.
"""

from importlib import import_module
from typing import TYPE_CHECKING

# Loaded on first use: the app shows its first screen before the patterns are compiled.
_PUBLIC = {
    "extract_block": "extract", "extract_text": "extract", "figures_of_corpus": "extract",
    "figures_of_section": "extract", "FIELDS": "record", "FIGURE_KINDS": "record",
    "KIND_LABELS": "record", "Figure": "record", "RENDER_STYLES": "render", "render_figure": "render",
}

__all__ = sorted(_PUBLIC)

if TYPE_CHECKING:
    from tanwen.corpus.figures.extract import extract_block, extract_text, figures_of_corpus, figures_of_section
    from tanwen.corpus.figures.record import FIELDS, FIGURE_KINDS, KIND_LABELS, Figure
    from tanwen.corpus.figures.render import RENDER_STYLES, render_figure


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
