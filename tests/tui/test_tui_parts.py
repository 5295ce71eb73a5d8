"""Small pure parts of the app: keymap file, safe text, result snippets, export files."""

from pathlib import Path

from rich.cells import cell_len

from tanwen.tui.export import default_path, figures_csv, figures_markdown
from tanwen.tui.keymap import load_keymap
from tanwen.tui.safe import clean, plain
from tanwen.tui.fitting import snippet


def test_keymap_file_top_level_or_keys_table(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('next-hit = "ctrl+n"\ntoggle-figures = "F"\n', encoding="utf-8")
    assert load_keymap(path) == ({"next-hit": "ctrl+n", "toggle-figures": "F"}, None)
    path.write_text('[keys]\nprevious-hit = "ctrl+b,N"\n', encoding="utf-8")
    assert load_keymap(path) == ({"previous-hit": "ctrl+b,N"}, None)


def test_a_broken_keymap_is_reported_not_fatal(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text("next-hit = ", encoding="utf-8")
    keymap, problem = load_keymap(path)
    assert keymap == {} and "ignored" in problem
    assert load_keymap(tmp_path / "missing.toml") == ({}, None)


def test_a_keymap_id_with_a_typo_is_named_and_the_other_lines_still_apply(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('next_hit = "ctrl+n"\ntoggle-figures = "F"\n', encoding="utf-8")
    keymap, problem = load_keymap(path)
    assert keymap == {"toggle-figures": "F"}
    assert "next_hit" in problem and "f1" in problem


def test_clean_keeps_offsets_and_shows_controls():
    text = "红\x1b[31m色\x07\x9b"
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\x9b" not in cleaned
    assert cleaned.startswith("红␛[31m色")
    assert plain("[bold]x[/bold]").plain == "[bold]x[/bold]"
    assert plain("[bold]x[/bold]").spans == []


def test_snippet_centres_the_first_match_and_fits_the_width():
    text = "一二三四五六七八九十" * 5 + "新质生产力" + "甲乙丙丁" * 10
    start = text.index("新质生产力")
    line = snippet(text, [(start, start + 5)], 30, "bold")
    assert cell_len(line.plain) <= 30
    assert "新质生产力" in line.plain
    assert line.plain.startswith("…")
    styled = [line.plain[span.start:span.end] for span in line.spans]
    assert "新质生产力" in styled


def _figures(builtin):
    from tanwen.corpus.figures import figures_of_section

    return figures_of_section(builtin.find_section("000_0ca8ddae1a5cdd31:3"))[:5]


def test_export_formats(builtin):
    figures = _figures(builtin)
    csv_text = figures_csv(figures)
    assert csv_text.splitlines()[0].startswith("text,start,end,kind,value")
    assert len(csv_text.strip().splitlines()) == 1 + len(figures)
    markdown = figures_markdown(figures, "节")
    assert markdown.startswith("# 节\n")
    assert markdown.count("\n| ") == 1 + len(figures)


def test_default_export_path_is_file_safe():
    path = default_path("善为科技创新 / 产业:融合", "markdown", Path("/tmp"))
    assert path.parent == Path("/tmp")
    assert path.name.startswith("tanwen-figures-善为科技创新") and path.suffix == ".md"
    assert "/" not in path.name and ":" not in path.name


def test_the_figures_pane_says_when_a_relative_year_is_left_unresolved():
    from tanwen.corpus.figures import extract_text
    from tanwen.tui.widgets.figures_pane import short_value

    unresolved = extract_text("今年前三季度，营收增长5%。")
    assert short_value(unresolved[0]) == "今年前三季度 (year not stated)"
    resolved = extract_text("今年前三季度，营收增长5%。", year=2025)
    assert short_value(resolved[0]) == "2025年前三季度"


def test_a_row_drawn_when_shown_is_the_row_drawn_with_the_results():
    """Rows past the first few are drawn when the list first shows them: the same lines, and
    the height the list lays them out with, found without drawing them, is the drawn one's."""
    from rich.style import Style
    from textual.content import Content

    from tanwen.corpus import load_corpus
    from tanwen.search import SearchEngine
    from tanwen.tui.widgets.results_list import DRAWN_AHEAD, PendingRow, RowFormat, prepared_row, result_row

    corpus = load_corpus()
    hits = SearchEngine(corpus).search("创新 OR 天津", limit=100).hits
    assert len(hits) > DRAWN_AHEAD
    styles = {name: Style(bold=True) for name in ("hit", "path", "literal", "pinyin", "rank")}
    rules = {"line_pad": 0, "text_overflow": "fold", "text_wrap": "wrap"}
    for width in (10, 23, 40, 77):
        row_format = RowFormat(styles, width, width + 1, rules)
        assert isinstance(prepared_row(DRAWN_AHEAD, hits[DRAWN_AHEAD], row_format), PendingRow)
        for rank, hit in enumerate(hits):
            pending = PendingRow(rank, hit, row_format)
            drawn = Content.from_rich_text(result_row(rank, hit, width, styles))
            assert pending.get_height(rules, width + 1) == drawn.get_height(rules, width + 1)
            assert "content" not in vars(pending)          # its height was known undrawn
            assert str(pending) == str(drawn)
        narrow = PendingRow(0, hits[0], row_format)
        assert narrow.get_height(rules, width // 2) == narrow.content.get_height(rules, width // 2)
