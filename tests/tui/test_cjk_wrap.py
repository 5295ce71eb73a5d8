import re

import pytest
from rich.cells import cell_len
from rich.text import Text

from tanwen.tui.cjk_wrap import CLOSING, OPENING, figure_spans, line_of, wrap, wrap_text

SAMPLE = (
    "● 2024年,天津研究与试验发展(R&D)经费投入强度达到3.44%,居全国前列,全市每万人口发明专利"
    "拥有量53.5件,其中高价值发明专利拥有量达21.8件,同比增长15.3%。今年上半年,天津数字经济核心"
    "产业实现营业收入2821亿元,同比增长5.3%。“中国信创谷”的横空出世……多个产业集群 AI+光学技术 "
    "hello world，《天津市人工智能赋能新型工业化实施方案》。"
)
WIDTHS = list(range(2, 41)) + [60, 80, 120]


def lines_of(text, width, **kw):
    return [line.text(text) for line in wrap(text, width, **kw)]


def corpus_texts(builtin):
    return [block.text for block in builtin.blocks()]


@pytest.mark.parametrize("width", WIDTHS)
def test_widths_never_exceed_the_limit(width):
    for line in wrap(SAMPLE, width):
        assert cell_len(line.text(SAMPLE)) <= width
        assert line.width == cell_len(line.text(SAMPLE))


@pytest.mark.parametrize("width", [8, 9, 10, 11, 13, 20, 31, 57, 80])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(builtin, width):
    # From 8 cells up (below that a character with its punctuation may not fit a line).
    for text in corpus_texts(builtin) + [SAMPLE]:
        lines = lines_of(text, width)
        for number, line in enumerate(lines):
            if number:
                assert line[:1] not in CLOSING, (width, line)
            if number < len(lines) - 1:
                assert line[-1:] not in OPENING, (width, line)


@pytest.mark.parametrize("width", WIDTHS)
def test_number_runs_and_latin_words_stay_whole(width):
    text = SAMPLE
    for run in ("3.44%", "53.5件", "21.8件", "15.3%", "5.3%", "R&D", "2821亿", "AI+", "hello", "world"):
        if cell_len(run) + 2 > width:  # room for the run and a bracket or comma glued to it
            continue
        assert any(run in line for line in lines_of(text, width)), (run, width)


def test_five_point_three_percent_is_never_split():
    text = "同比增长5.3%。" * 7
    for width in range(6, 40):
        joined = "|".join(lines_of(text, width))
        assert joined.count("5.3%") == 7, (width, joined)


def test_a_space_between_han_characters_costs_no_cell():
    lines = wrap("天津 创新 动能", 40)
    assert len(lines) == 1
    assert lines[0].text("天津 创新 动能") == "天津创新动能"
    assert lines[0].width == 12


def test_spaces_are_kept_between_latin_words_and_in_headings():
    assert lines_of("天津 AI 创新", 40) == ["天津 AI 创新"]
    assert lines_of("创新天津 动能澎湃", 40, collapse_spaces=False) == ["创新天津 动能澎湃"]


def test_spaces_are_dropped_at_line_breaks():
    lines = lines_of("hello world again", 6)
    assert lines == ["hello", "world", "again"]


@pytest.mark.parametrize("width", WIDTHS)
def test_all_text_is_preserved(builtin, width):
    for text in corpus_texts(builtin)[:60] + [SAMPLE]:
        shown = "".join(lines_of(text, width))
        assert re.sub(r"\s", "", shown) == re.sub(r"\s", "", text)


def test_lines_cover_the_text_in_order():
    lines = wrap(SAMPLE, 17)
    assert lines[0].start == 0
    for before, after in zip(lines, lines[1:]):
        assert before.end == after.start
        assert before.pieces[-1][1] <= after.pieces[0][0]
    assert lines[-1].end == len(SAMPLE)


def test_line_of_finds_every_offset():
    lines = wrap(SAMPLE, 20)
    for offset, char in enumerate(SAMPLE):
        index = line_of(lines, offset)
        line = lines[index]
        if not char.isspace():
            assert any(a <= offset < b for a, b in line.pieces)


def test_first_width_narrows_only_the_first_line():
    lines = wrap("一二三四五六七八九十" * 3, 20, first_width=12)
    assert lines[0].width <= 12
    assert all(line.width <= 20 for line in lines[1:])
    assert lines[1].width == 20


def test_a_run_longer_than_the_line_is_cut_by_character():
    url = "https://example.com/a/very/long/path/that/does/not/fit"
    lines = lines_of(url, 10)
    assert "".join(lines) == url
    assert all(cell_len(line) <= 10 for line in lines)


def test_tiny_widths_and_empty_text():
    assert lines_of("", 10) == [""]
    for width in (0, 1, 2):
        assert all(cell_len(line) <= 2 for line in lines_of("天津创新", width))


def test_newlines_force_a_break():
    assert lines_of("天津\n创新", 40) == ["天津", "创新"]


def test_wrap_text_keeps_styles():
    text = Text("天津研究与试验发展经费投入强度达到3.44%,居全国前列")
    text.stylize("bold red", 17, 22)  # 3.44%
    lines = [part for _, part in wrap_text(text, 12)]
    styled = [(part.plain[s.start:s.end], str(s.style)) for part in lines for s in part.spans]
    assert ("3.44%", "bold red") in styled
    assert "".join(part.plain for part in lines) == text.plain


# -- figures stay on one line ---------------------------------------------------------------

FIGURE_SENTENCES = (
    "天开九安海河海药科创母基金等47只基金、总规模248亿元，“天开大学”建设稳步推进。",
    "截至目前，已吸引100余家企业入驻，带动就业超400家。",
    "1. 智能水平运输机器人行驶在天津港第二集装箱码头(2025年6月19日摄)。",
)


def whole_unit(text: str, start: int, end: int) -> tuple[int, int]:
    """The figure with the punctuation that must share its line: an opening mark before it,
    closing marks after it."""
    while start and text[start - 1] in OPENING:
        start -= 1
    while end < len(text) and text[end] in CLOSING:
        end += 1
    return start, end


def split_figures(text: str, width: int) -> list[str]:
    """The figures of `text` that fit on a line (with their punctuation) yet are broken."""
    lines = wrap(text, width)
    broken = []
    for start, end in figure_spans(text):
        unit_start, unit_end = whole_unit(text, start, end)
        if cell_len(text[unit_start:unit_end]) > width:
            continue
        if line_of(lines, start) != line_of(lines, end - 1):
            broken.append(text[start:end])
    return broken


@pytest.mark.parametrize("text", FIGURE_SENTENCES)
def test_amounts_and_dates_are_not_split_across_lines(text):
    shown = {text[s:e] for s, e in figure_spans(text)}
    assert {"248亿元", "100余家", "超400家", "2025年6月19日"} & shown
    for width in range(2, 80):
        assert split_figures(text, width) == [], (width, [line.text(text) for line in wrap(text, width)])


def test_a_date_too_long_for_the_line_breaks_between_its_parts():
    text = FIGURE_SENTENCES[2]
    lines = [line.text(text) for line in wrap(text, 12)]
    assert "(2025年6月" in lines and "19日摄)。" in lines


@pytest.mark.parametrize("width", list(range(4, 41)) + [50, 60, 80, 120])
def test_no_figure_of_the_builtin_corpus_is_split_when_it_fits(builtin, width):
    for text in corpus_texts(builtin):
        assert split_figures(text, width) == [], (width, text[:30])


def test_given_spans_are_kept_whole_and_none_means_no_figures():
    text = "总规模248亿元的基金"
    assert [line.text(text) for line in wrap(text, 12, keep=())] == ["总规模248亿", "元的基金"]
    assert [line.text(text) for line in wrap(text, 12)] == ["总规模", "248亿元的基", "金"]
    assert [line.text(text) for line in wrap(text, 12, keep=[(0, 3)])][0] == "总规模248亿"
