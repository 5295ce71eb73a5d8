"""The figures extractor: what is a figure, its value, unit, kind, qualifier, period, metric,
and how it renders."""

import dataclasses
import json
import pickle
import subprocess
import sys

import pytest

from tanwen.corpus.figures import (
    FIELDS, FIGURE_KINDS, Figure, extract_block, extract_text, figures_of_corpus,
    figures_of_section, render_figure,
)
from tanwen.corpus.figures.extract import _extract

from figures_support import reference_scan


def one(text, year=2025):
    figures = extract_text(text, year=year)
    assert len(figures) == 1, [f.text for f in figures]
    return figures[0]


def texts(text, year=2025):
    return [f.text for f in extract_text(text, year=year)]


# ---- what a figure is ---------------------------------------------------------------------

@pytest.mark.parametrize("sentence, text, kind, value, unit, qualifier", [
    ("R&D经费投入强度达到3.44%。", "3.44%", "percent", 3.44, "%", None),
    ("营业收入2821亿元，", "2821亿元", "money", 2.821e11, "元", None),
    ("同比提高1.7个百分点。", "1.7个百分点", "percentage_point", 1.7, "个百分点", None),
    ("累计完成2449架飞机", "2449架", "count", 2449, "架", None),
    ("赋能超400家智能工厂", "超400家", "count", 400, "家", "超"),
    ("毕业生就有近3000人。", "近3000人", "count", 3000, "人", "近"),
    ("资产总额超2.3万亿元，", "超2.3万亿元", "money", 2.3e12, "元", "超"),
    ("年产值近15亿元。", "近15亿元", "money", 1.5e9, "元", "近"),
    ("融资金额最大(约12亿美元)", "约12亿美元", "money", 1.2e9, "美元", "约"),
    ("注册企业3000多家，", "3000多家", "count", 3000, "家", "多"),
    ("转化金额从100多万元", "100多万元", "money", 1e6, "元", "多"),
    ("营收超千万元。", "超千万元", "money", 1e7, "元", "超"),
    ("两亿多条质量检测数据", "两亿多条", "count", 2e8, "条", "多"),
    ("已积累10亿条工业数据", "10亿条", "count", 1e9, "条", None),
    ("应用于20余家企业", "20余家", "count", 20, "家", "余"),
    ("建设10家左右重点实验室", "10家左右", "count", 10, "家", "左右"),
    ("产生100项以上成果", "100项以上", "count", 100, "项", "以上"),
    ("培育不少于3个园区", "不少于3个", "count", 3, "个", "不少于"),
    ("最高50万元奖励资助", "最高50万元", "money", 5e5, "元", "最高"),
    ("累计295家世界500强企业", "累计295家", "count", 295, "家", "累计"),
    ("年产3万吨纳米纤维素", "3万吨", "measure", 3e4, "吨", None),
    ("智算规模超过1万P的数字底座", "超过1万P", "measure", 1e4, "P", "超过"),
    ("搭载货物4.5万标箱，", "4.5万标箱", "measure", 4.5e4, "标箱", None),
    ("平均年龄31.8岁，", "31.8岁", "measure", 31.8, "岁", None),
    ("8微米级缺陷检测需求", "8微米级", "measure", 8, "微米", "级"),
    ("最终实现100%检出率", "100%", "percent", 100, "%", None),
    ("百分之五十的企业", "百分之五十", "percent", 50, "%", None),
    ("增长2倍", "2倍", "multiple", 2, "倍", None),
    ("先后推出两批支持政策", "两批", "count", 2, "批", None),
    ("扎实推进“十项行动”", "十项", "count", 10, "项", None),
    ("围绕三个层次推进", "三个", "count", 3, "个", None),
    ("五大服务", "五大", "count", 5, None, None),
    ("运行两年多来，", "两年多", "duration", 2, "年", "多"),
    ("以一个半小时绕地球一周", "一个半小时", "duration", 1.5, "小时", None),
    ("不到三天就发放", "不到三天", "duration", 3, "天", "不到"),
    ("连续作业3个月以上", "3个月以上", "duration", 3, "月", "以上"),
    ("10年来累计实施", "10年", "duration", 10, "年", None),
    ("迎来第1000艘租赁船舶", "第1000艘", "ordinal", 1000, "艘", None),
    ("合作已经进入第16个年头。", "第16个年头", "ordinal", 16, "年", None),
    ("成为全球第二大飞机租赁中心", "第二大", "ordinal", 2, None, None),
    ("排名全球前20强。", "前20强", "ordinal", 20, "强", "前"),
    ("１２億元", "１２億元", "money", 1.2e9, "元", None),
])
def test_figures_of_the_issue(sentence, text, kind, value, unit, qualifier):
    figure = one(sentence)
    assert (figure.text, figure.kind, figure.unit, figure.qualifier) == (text, kind, unit, qualifier)
    assert figure.value == pytest.approx(value, rel=1e-12)
    assert sentence[figure.start:figure.end] == text


@pytest.mark.parametrize("sentence, text, value, value_end, period", [
    ("《方案(2025—2027年)》", "2025—2027年", 2025, 2027, "2025—2027年"),
    ("《行动方案(2024—2027)》", "2024—2027", 2024, 2027, "2024—2027年"),
    ("2024年，天津", "2024年", 2024, None, "2024年"),
    ("入选2023年度最佳实践案例", "2023年度", 2023, None, "2023年"),
    ("(2025年6月19日摄)", "2025年6月19日", 2025, None, "2025年6月19日"),
    ("2024年底，文件印发", "2024年底", 2024, None, "2024年底"),
    ("截至2025年7月末，", "2025年7月末", 2025, None, "2025年7月末"),
    ("今年上半年，", "今年上半年", 2025, None, "2025年上半年"),
    ("今年1至7月，", "今年1至7月", 2025, None, "2025年1—7月"),
    ("今年7月底，", "今年7月底", 2025, None, "2025年7月底"),
    ("去年11月，", "去年11月", 2024, None, "2024年11月"),
    ("7月底，四川", "7月底", 2025, None, "2025年7月底"),
    ("二〇二五年六月", "二〇二五年六月", 2025, None, "2025年6月"),
    ("一季度，", "一季度", 2025, None, "2025年一季度"),
    ("前三季度，", "前三季度", 2025, None, "2025年前三季度"),
    ("第三季度营收", "第三季度", 2025, None, "2025年第三季度"),
    ("今年前8个月，", "今年前8个月", 2025, None, "2025年前8个月"),
])
def test_years_and_dates(sentence, text, value, value_end, period):
    figure = one(sentence)
    assert figure.kind in ("year", "date")
    assert (figure.text, figure.value, figure.value_end, figure.period) == (text, value, value_end, period)


def test_ranges_carry_their_end():
    figure = one("建设10—20家实验室")
    assert (figure.value, figure.value_end, figure.unit) == (10, 20, "家")
    assert one("3至5年").value_end == 5


@pytest.mark.parametrize("sentence", [
    "5G全连接工厂", "G7易流", "首台3D相机", "“AI+光学技术”", "“从0到1”的原始创新", "“从1到N”",
    "“0—1”的原创突破", "“1—N”的成果转化", "“2.0版”支持政策", "世界500强企业", "“十四五”以来",
    "“六链五群”建设", "“一基地三区”", "中建六局", "空客二号线", "三级综合医院", "第二集装箱码头",
    "“第六指”", "一所大学与一座城市", "一吨烧结矿", "每三吨焊接管就有一支", "每万人口", "百年前",
    "已书写百年", "千行百业", "万亿级赛道", "千船俱乐部", "二次转型", "第一次合作", "一次开车成功",
    "二氧化碳", "四川华蓥市", "今年，天津", "去年产值", "今年以来", "最后一公里", "绕地球一周",
    "《瞭望》2025年第45期", "1. 智能水平运输机器人", "京津两地", "三地协会", "双方",
])
def test_not_figures(sentence):
    assert texts(sentence) == []


def test_a_rate_gives_its_two_measures_not_its_base():
    figures = extract_text("一吨烧结矿固体燃料消耗量从50公斤下降至42公斤左右", year=2025)
    assert [f.text for f in figures] == ["50公斤", "42公斤左右"]
    assert figures[1].direction == "下降"
    assert all(f.metric == "一吨烧结矿固体燃料消耗量" for f in figures)


def test_percentage_points_are_never_percent():
    figure = one("占比16.4%，同比提高1.7个百分点。".split("，")[1])
    assert (figure.kind, figure.unit) == ("percentage_point", "个百分点")


# ---- context: direction, period, metric ---------------------------------------------------

def test_direction_metric_and_period_of_a_statistic():
    figures = extract_text("今年上半年，天津数字经济核心产业实现营业收入2821亿元，同比增长12.8%。", year=2025)
    date, money, growth = figures
    assert date.period == money.period == growth.period == "2025年上半年"
    assert "数字经济核心产业" in money.metric and "营业收入" in money.metric
    assert growth.direction == "增长" and growth.metric == money.metric


def test_metric_before_and_after_the_figure():
    figures = extract_text("2024年，天津研究与试验发展(R&D)经费投入强度达到3.44%，"
                           "建设29家全国重点实验室和7家海河实验室。", year=2025)
    assert figures[1].metric.endswith("经费投入强度")
    assert [f.metric for f in figures[2:]] == ["全国重点实验室", "海河实验室"]


def test_periods_from_dates_and_relative_years():
    text = "各种政策鼓励下，2024年该校超200项成果实现转化，专利转化金额从2020年的100多万元增加到1000多万元。"
    by_text = {f.text: f for f in extract_text(text, year=2025)}
    assert by_text["超200项"].period == "2024年"
    assert by_text["100多万元"].period == "2020年"          # 从2020年的: bound to this one
    assert by_text["1000多万元"].period == "2024年"
    assert by_text["1000多万元"].direction == "增加"
    assert one("去年，我市20项成果获评国家科学技术奖").period == "2024年"
    counted = extract_text("截至2024年底，推进超过86项重点", year=2025)[1]
    assert counted.period == "截至2024年底"
    assert extract_text("2024年以来，建立合作超过60项", year=2025)[1].period == "2024年以来"
    assert extract_text("计划到2027年产生100项以上成果", year=2025)[1].period == "到2027年"


def test_directions():
    figures = extract_text("CPI同比上涨0.2%，环比下降0.1%，比上半年回落0.1个百分点，下降至42公斤", year=2025)
    assert [f.direction for f in figures] == ["上涨", "下降", "回落", "下降"]
    assert one("产量达到3万吨").direction is None


def test_a_subset_sentence_keeps_the_period_before_it():
    figures = extract_text("今年1至7月，发运班列417列。其中，发运海铁联运货物3.9万标箱。", year=2025)
    assert figures[-1].period == "2025年1—7月"


def test_relative_dates_resolve_against_the_article_year_not_today():
    assert one("今年上半年，", year=2025).period == "2025年上半年"
    assert one("今年上半年，", year=2019).period == "2019年上半年"


def test_years_in_the_body_never_date_the_article():
    # An article about 2020 written later: 今年 is not the first (or any) year it mentions.
    figures = extract_text("2020年，专利转化金额为100多万元。今年前三季度，营收增长5%。")
    assert [f.period for f in figures if f.text == "5%"] == ["今年前三季度"]
    assert [f.value for f in figures if f.text == "今年前三季度"] == [None]


@pytest.mark.parametrize("statement", [
    "《瞭望》2025年第45期", "新华社北京2025年1月14日电", "２０２５年１月１４日电", "2025年11月10日 星期一",
    "发布时间：2025-11-10 08:30", "日期：2025年11月10日",
])
def test_what_states_the_date_resolves_relative_years(statement):
    figures = extract_text(f"{statement}\n2020年，金额为100多万元。今年前三季度，营收增长5%。")
    assert [f.period for f in figures if f.text == "5%"] == ["2025年前三季度"]


def _articles(write_corpus, files):
    from tanwen.corpus import load_corpus

    corpus = load_corpus(write_corpus(files))
    return {figure.text: figure for figure in figures_of_corpus(corpus)}, corpus


def test_an_article_without_a_stated_date_keeps_jinnian_unresolved(write_corpus):
    text = "# 南沙\n\n2020年，南沙有企业20家。今年前三季度，南沙新增企业300家。\n"
    figures, corpus = _articles(write_corpus, {"a.txt": text.encode("gb18030")})
    assert figures["今年前三季度"].period == "今年前三季度" and figures["今年前三季度"].value is None
    assert figures["300家"].period == "今年前三季度"
    # … and a quote adds no year to it.
    quoted = render_figure(figures["300家"], "quote", corpus)
    assert quoted == "“今年前三季度，南沙新增企业300家。”"


def test_front_matter_date_and_meta_json_date_the_article(write_corpus):
    text = "---\ntitle: 南沙\ndate: 2025-10-20\n---\n\n2020年，南沙有企业20家。今年前三季度，南沙新增企业300家。\n"
    figures, corpus = _articles(write_corpus, {"a.md": text})
    assert figures["300家"].period == "2025年前三季度"
    assert render_figure(figures["300家"], "quote", corpus) == "“今年[2025年]前三季度，南沙新增企业300家。”"
    plain = "# 南沙\n\n2020年，南沙有企业20家。今年前三季度，南沙新增企业300家。\n"
    figures, _ = _articles(write_corpus, {"b.md": plain, "meta.json": '{"b.md": {"date": "2024-05-01"}}'})
    assert figures["300家"].period == "2024年前三季度"


def test_photo_dates_in_captions(builtin):
    caption = builtin.block("000_0ca8ddae1a5cdd31:1/11")
    (figure,) = extract_block(caption)
    assert (figure.text, figure.kind, figure.metric) == ("2025年6月19日", "date", "拍摄日期")


# ---- blocks, sections, corpus ------------------------------------------------------------

def test_block_figures_know_where_they_are(builtin):
    block = builtin.block("000_0ca8ddae1a5cdd31:3/10")
    figures = extract_block(block)
    assert [f.text for f in figures] == ["2024年", "3.44%", "53.5件", "21.8件", "15.3%"]
    for figure in figures:
        assert block.text[figure.start:figure.end] == figure.text
        assert figure.block_id == block.id
        assert figure.section_id == "000_0ca8ddae1a5cdd31:3"
        assert figure.source == "000_0ca8ddae1a5cdd31.txt"
        assert figure.text in figure.sentence


def test_image_blocks_have_no_figures(builtin):
    images = [b for b in builtin.blocks() if b.kind.value == "image"]
    assert images and all(extract_block(b) == [] for b in images)


def test_sections_and_corpus(builtin):
    top = builtin.section("001_2a79924027f6625f:1")
    own = figures_of_section(top, include_children=False)
    everything = figures_of_section(top)
    assert own == [] and len(everything) > 50
    assert all(f.section_id.startswith("001_2a79924027f6625f:1") for f in everything)
    corpus_figures = figures_of_corpus(builtin)
    assert len(corpus_figures) > 200
    assert {f.kind for f in corpus_figures} <= set(FIGURE_KINDS)


# ---- the record -------------------------------------------------------------------------

def test_record_has_exactly_the_fields(builtin):
    figure = figures_of_corpus(builtin)[1]
    record = figure.as_record()
    assert tuple(record) == FIELDS == tuple(f.name for f in dataclasses.fields(Figure))
    assert set(FIELDS) == {"text", "start", "end", "kind", "value", "value_end", "unit", "qualifier",
                           "direction", "metric", "period", "sentence", "source", "section_id",
                           "block_id"}
    json.dumps(record, ensure_ascii=False)


def test_context_read_on_first_use_equals_reading_it_at_once(builtin):
    for block in list(builtin.blocks())[:60]:
        lazy = extract_block(block)
        article = block.section.article
        eager = _extract(block.text, block.text, article.meta.year, article.source,
                         block.section.id, block.id, lazy=False)
        assert lazy == eager
        assert [f.as_record() for f in lazy] == [f.as_record() for f in eager]


def test_figures_are_frozen_and_pickle(builtin):
    figure = figures_of_corpus(builtin)[2]
    with pytest.raises(dataclasses.FrozenInstanceError):
        figure.metric = "x"
    copy = pickle.loads(pickle.dumps(figure))
    assert copy == figure and copy.metric == figure.metric
    made = Figure(**figure.as_record())
    assert made == figure and hash(made) == hash(figure)


# ---- rendering ----------------------------------------------------------------------------

def test_render_value_keeps_the_qualifier(builtin):
    figure = next(f for f in figures_of_corpus(builtin) if f.text == "超400家")
    assert render_figure(figure, "value", builtin) == "超400家"


def test_unknown_style():
    with pytest.raises(ValueError):
        render_figure(one("3%"), "poem", None)


# ---- cost -----------------------------------------------------------------------------------

def test_no_slow_imports():
    code = ("import sys, tanwen.corpus.figures\n"
            "from tanwen.corpus.figures import extract_text\n"
            "extract_text('2024年增长3%')[0].metric\n"
            "bad = [m for m in ('jieba', 'textual', 'whoosh', 'pypinyin', 'rjieba') if m in sys.modules]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_fast_scan_finds_what_the_reference_pattern_finds(builtin):
    from tanwen.corpus.figures import extract as E

    extra = "前三季度，一年半，一年半载，一大半，第四场，上年末，１２億元，约12亿美元，2025—2027年，十项行动。"
    texts = [block.text for block in builtin.blocks() if block.kind.value != "image"] + [extra]
    for text in texts:
        folded = E._folded(text)
        assert E._scan(text, folded, 2025) == reference_scan(text, folded, 2025), text
