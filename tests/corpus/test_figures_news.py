"""Figures of real-style news: traditional and full-width text, signs, decades, datelines,
ordinals of congresses, money in speech, vague numbers (issues 9, 10 and 12)."""

import pytest

from tanwen.corpus.figures import extract_text


def found(text, year=1998):
    return [(f.text, f.kind, f.value, f.value_end, f.unit, f.qualifier) for f in extract_text(text, year=year)]


@pytest.mark.parametrize("simplified, traditional", [
    ("已有20余家企业入驻。", "已有20餘家企業入駐。"),
    ("约8000人参加。", "約8000人參加。"),
    ("推出三种产品、五组方案、六类服务。", "推出三種產品、五組方案、六類服務。"),
    ("建成12层大楼，完成两轮谈判，用时十分钟，耗时3小时。", "建成12層大樓，完成兩輪談判，用時十分鐘，耗時3小時。"),
])
def test_traditional_text_gives_the_figures_of_simplified(simplified, traditional):
    assert [f[1:] for f in found(traditional)] == [f[1:] for f in found(simplified)]
    assert len(found(traditional)) == len(found(simplified)) > 0


@pytest.mark.parametrize("sentence, expected", [
    ("企业利润-5%，", ("-5%", "percent", -5.0, None, "%", None)),
    ("营收－3.2亿元。", ("－3.2亿元", "money", -3.2e8, None, "元", None)),
    ("气温−2.5摄氏度。", ("−2.5摄氏度", "measure", -2.5, None, "摄氏度", None)),
    ("上世纪８０年代以来", ("８０年代", "year", 1980.0, 1989.0, None, None)),
    ("九十年代初", ("九十年代", "year", 1990.0, 1999.0, None, None)),
    ("几十支球队参赛。", ("几十支", "count", 20.0, 90.0, "支", "几")),
    ("来了十几个人。", ("十几个", "count", 11.0, 19.0, "个", "几")),
    ("全长约五、六百米。", ("约五、六百米", "measure", 500.0, 600.0, "米", "约")),
    ("有七八十人。", ("七八十人", "count", 70.0, 80.0, "人", None)),
    ("用一到两年建成。", ("一到两年", "duration", 1.0, 2.0, "年", None)),
    ("粮食亩产突破千斤。", ("千斤", "measure", 1000.0, None, "斤", None)),
    ("营业收入突破千亿元。", ("千亿元", "money", 1e11, None, "元", None)),
    ("发电２５２千瓦时。", ("２５２千瓦时", "measure", 252.0, None, "千瓦时", None)),
    ("装机120万千瓦。", ("120万千瓦", "measure", 1.2e6, None, "千瓦", None)),
    ("贯彻党的十五大精神。", ("十五大", "ordinal", 15.0, None, "大", None)),
    ("十一届三中全会以来，", ("十一届", "ordinal", 11.0, None, "届", None)),
    ("一张票120块。", ("120块", "money", 120.0, None, "元", None)),
    ("花了10块钱。", ("10块钱", "money", 10.0, None, "元", None)),
    ("市场份额三成左右。", ("三成左右", "percent", 30.0, None, "%", "左右")),
    ("出台３个制度文件。", ("３个", "count", 3.0, None, "个", None)),
    ("发电量约３亿度。", ("约３亿度", "measure", 3e8, None, "度", "约")),
    ("最高气温将达３８℃。", ("３８℃", "measure", 38.0, None, "℃", None)),
    ("用３年制定规划。", ("３年", "duration", 3.0, None, "年", None)),
])
def test_news_shapes(sentence, expected):
    assert found(sentence) == [expected]


@pytest.mark.parametrize("sentence", [
    "时间采用24小时制。", "实行5天工作制。", "实现两位数增长。", "参加七人橄榄球赛。", "三五成群。",
    "他是五成员之一。", "2024-2025年度", "他曾两度夺冠。", "两头跑。", "三头六臂。", "百年大计。", "成为万元户。", "千行百业。",
])
def test_not_quantities(sentence):
    assert all(f[1] == "year" for f in found(sentence)), found(sentence)


def test_a_dateline_dates_the_story_not_its_figures():
    figures = extract_text("本报南京１月１４日电 江苏省去年实现国内生产总值６６８０亿元，比上年增长１２％。", year=1998)
    dateline, gdp, growth = figures
    assert (dateline.text, dateline.kind, dateline.metric, dateline.period) == ("１月１４日", "date", "发稿日期", "1998年1月14日")
    assert gdp.metric == "江苏省去年实现国内生产总值" and gdp.period == "1997年" and gdp.value == 6.68e11
    assert growth.metric == gdp.metric and growth.direction == "增长" and growth.period == "1997年"
    january = extract_text("新华社北京一月十五日电 全市", year=1998)[0]
    assert (january.text, january.period, january.metric) == ("一月十五日", "1998年1月15日", "发稿日期")
    chinese = extract_text("新华社北京十二月三十一日电 今年全国粮食产量达到４９２５亿公斤，比去年增产约２％。", year=1998)
    assert (chinese[0].text, chinese[0].metric) == ("十二月三十一日", "发稿日期")
    assert chinese[2].period == "1998年" and chinese[2].direction == "增产"


def test_metrics_of_traditional_text_are_given_as_printed():
    fire, = [f for f in extract_text("臺北市今年上半年共發生火災１２６起。", year=2023) if f.kind == "count"]
    assert fire.metric == "臺北市共發生火災" and fire.period == "2023年上半年"
    growth = extract_text("首季本地生產總值按年實質增長２．７％。", year=2023)[-1]
    assert growth.direction == "增长" and "生產總值" in growth.metric


def test_respectively_pairs_figures_with_the_metrics_before_them():
    figures = extract_text("该厂去年完成工业总产值１．８亿元，实现利税２３００万元，同比分别增长１５．６％和２１％。", year=1998)
    assert [(f.text, f.metric, f.direction) for f in figures[2:]] == [
        ("１５．６％", "该厂去年完成工业总产值", "增长"), ("２１％", "实现利税", "增长")]


@pytest.mark.parametrize("sentence, expected", [
    ("该市９７年财政收入突破１００亿元。", ("９７年", "year", 1997.0, "1997年")),
    ("在98年底建成。", ("98年底", "date", 1998.0, "1998年底")),
    ("０５年全省粮食丰收。", ("０５年", "year", 2005.0, "2005年")),
    ("用了５０年时间。", ("５０年", "duration", 50.0, None)),
    ("保持５０年不变。", ("５０年", "duration", 50.0, None)),
    ("有５５年党龄。", ("５５年", "duration", 55.0, None)),
    ("６０年来变化巨大。", ("６０年", "duration", 60.0, None)),
])
def test_two_digit_years_and_spans_of_years(sentence, expected):
    first = extract_text(sentence, year=1998)[0]
    assert (first.text, first.kind, first.value, first.period) == expected


def test_the_builtin_corpus_in_traditional_characters_gives_the_same_figures(builtin):
    # Each simplified character written as a traditional one that folds back to it.
    from tanwen.corpus.normalize import traditional_to_simplified

    to_simplified = traditional_to_simplified()
    to_traditional: dict[str, str] = {}
    for traditional, simplified in to_simplified.items():
        to_traditional.setdefault(simplified, traditional)
    compared = 0
    for block in builtin.blocks():
        if block.kind.value == "image":
            continue
        written = "".join(to_traditional.get(char, char) for char in block.text)
        simplified = extract_text(block.text, year=2025)
        traditional = extract_text(written, year=2025)
        assert [(f.start, f.end, f.kind, f.value, f.value_end, f.unit, f.qualifier) for f in traditional] == \
            [(f.start, f.end, f.kind, f.value, f.value_end, f.unit, f.qualifier) for f in simplified]
        for simple, printed in zip(simplified, traditional):
            assert written[printed.start:printed.end] == printed.text
            assert "".join(to_simplified.get(char, char) for char in printed.metric or "") == (simple.metric or "")
            assert (printed.direction, printed.period) == (simple.direction, simple.period)
        compared += len(simplified)
    assert compared == 225
