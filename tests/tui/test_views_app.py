"""The corpus view screens, driven by keys as a user would (Textual's Pilot)."""

import json
import time

from rich.cells import cell_len

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp
from tanwen.tui.palette import commands
from tanwen.tui.screens.collocates_screen import CollocatesScreen
from tanwen.tui.screens.concordance_screen import ConcordanceScreen
from tanwen.tui.screens.dispersion_screen import DispersionScreen
from tanwen.tui.screens.figure_table_screen import FigureTableScreen
from tanwen.tui.screens.terms_screen import TermsScreen
from tanwen.tui.widgets.kwic_view import KwicView

from tui_support import settle

SIZE = (120, 35)
MIXED = """# 混合宽度

R&D经费投入强度达到3.44%，创新驱动发展。

ＡＩ与5G赋能,创新成果转化;创新

“创新”一词：R&D、IPO和创新——还有創新。

短句创新
"""


def make_app(corpus=None, **kwargs):
    kwargs.setdefault("build_index", False)
    kwargs.setdefault("keymap", {})
    return TanwenApp(corpus if corpus is not None else load_corpus(), **kwargs)


async def open_view(pilot, app, key, query=None):
    if query is not None:
        await pilot.press("slash", *query, "escape")
        await settle(pilot, app)
    await pilot.press(key)
    await settle(pilot, app)


def strip_text(view: KwicView, y: int) -> str:
    return "".join(segment.text for segment in view.render_line(y))


async def test_kwic_aligns_matches_in_one_column_with_mixed_widths(write_corpus):
    app = make_app(load_corpus(write_corpus({"mixed.md": MIXED})))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_view(pilot, app, "K", "创新")
        assert isinstance(app.screen, ConcordanceScreen)
        view = app.screen.query_one(KwicView)
        lines = [strip_text(view, y) for y in range(len(view.concordance))]
        assert len(lines) == 7                      # 創新 too: the same fold as search
        left_cells, _, _ = view.columns()
        for row, line in enumerate(lines):
            # The match begins right after the left column and a space, on every line.
            match = view.concordance[row].match
            start = _cells_before(line, left_cells + 1)
            assert line[start:start + len(match)] == match, (row, line)
        # Context crosses punctuation but never into another block: 短句创新 has two characters left.
        assert any(line.startswith(" " * (left_cells - 4) + "短句 创新") for line in lines)


def _cells_before(line: str, cells: int) -> int:
    """The index of the character that starts at cell `cells` of `line`."""
    used = 0
    for index, char in enumerate(line):
        if used == cells:
            return index
        used += cell_len(char)
    raise AssertionError(f"no character starts at cell {cells}: {line!r}")


async def test_kwic_sorts_opens_the_occurrence_and_copies_the_line():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_view(pilot, app, "K", "天开园")
        view = app.screen.query_one(KwicView)
        title = str(app.screen.query_one("#view-title").render())
        assert "11 occurrences" in title and "sorted by position" in title
        await pilot.press("r")
        assert "sorted by R1, R2…" in str(app.screen.query_one("#view-title").render())
        rights = [view.concordance[row].right for row in range(len(view.concordance))]
        assert rights == sorted(rights)
        await pilot.press("j", "j", "y")
        line = view.concordance[2]
        assert app.clipboard == line.plain()
        assert f"【天开园】{line.right}" in app.clipboard and line.block_id in app.clipboard
        await pilot.press("enter")
        await settle(pilot, app)
        assert not isinstance(app.screen, ConcordanceScreen)
        assert app.reader.current == (line.block_id, (line.start, line.end))
        assert app.search_view.occurrences[app.hit_index] == (line.block_id, (line.start, line.end))
        await pilot.press("n")                      # n goes on from that hit
        assert app.hit_index is not None and app.search_view.occurrences[app.hit_index] != (line.block_id, (line.start, line.end))


async def test_kwic_of_100000_lines_renders_only_what_is_on_screen(write_corpus):
    block = "创" * 50 + "。"        # a sentence a block: 2,000 blocks
    text = "# 大\n\n" + "\n\n".join(block for _ in range(2000)) + "\n"
    app = make_app(load_corpus(write_corpus({"big.md": text})))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_view(pilot, app, "K", "创")
        view = app.screen.query_one(KwicView)
        assert len(view.concordance) == 100_000
        assert not view.children                     # lines are drawn, not widgets
        started = time.perf_counter()
        for _ in range(30):
            await pilot.press("pagedown")
        await pilot.press("end")
        await pilot.pause()
        elapsed = time.perf_counter() - started
        assert view.cursor == 99_999
        assert "100000/100000" in str(app.screen.query_one("#view-status").render())
        assert elapsed < 10, elapsed                 # ~30 ms a page here; a widget per line would not end


async def test_dispersion_rows_open_their_article_or_section():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_view(pilot, app, "D", "天开园")
        assert isinstance(app.screen, DispersionScreen)
        rows = app.screen.rows
        assert [row.count for row in rows] == [6, 5]
        bar_cells = app.screen.query_one("#plot").columns  # the bar column takes the width there is
        wide = list(bar_cells.values())[-1].width
        await pilot.resize_terminal(90, 30)
        await settle(pilot, app)
        assert list(app.screen.query_one("#plot").columns.values())[-1].width == wide - 30
        await pilot.press("s")
        await settle(pilot, app)
        assert sum(row.count for row in app.screen.rows) == 11 and len(app.screen.rows) == 4
        await pilot.press("down", "down", "enter")
        await settle(pilot, app)
        assert app.reader.view.key == "001_2a79924027f6625f:1.1.1"


async def test_collocates_choose_searches_for_both():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_view(pilot, app, "C", "创新")
        assert isinstance(app.screen, CollocatesScreen)
        assert app.screen.rows[0].word == "科技"
        await pilot.press("m")
        await settle(pilot, app)
        mis = [row.mi for row in app.screen.rows]
        assert mis == sorted(mis, reverse=True) and "by MI" in str(app.screen.query_one("#view-title").render())
        await pilot.press("m")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.search_bar.value == "创新 科技"
        assert app.results is not None and app.results.total > 0


async def test_terms_of_the_section_in_the_reader():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.open_key("001_2a79924027f6625f:1.4")
        await settle(pilot, app)
        await open_view(pilot, app, "W")
        assert isinstance(app.screen, TermsScreen)
        terms = [row.term for row in app.screen.rows]
        assert "中欧班列" in terms[:5] and "的" not in terms
        await pilot.press("k")                       # the word list of the section
        await settle(pilot, app)
        counts = [row.count for row in app.screen.rows]
        assert counts == sorted(counts, reverse=True) and app.screen.rows[0].term == "班列"
        assert str(app.screen.query_one("#view-title").render()).startswith("Words")
        await pilot.press("c")                       # of the whole corpus
        await settle(pilot, app)
        assert (app.screen.rows[0].term, app.screen.rows[0].count) == ("的", 197)
        await pilot.press("down", "enter")
        await settle(pilot, app)
        assert app.search_bar.value == "天津"


async def test_figure_table_sorts_money_filters_opens_and_exports(tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_view(pilot, app, "F")
        screen = app.screen
        assert isinstance(screen, FigureTableScreen)
        await pilot.press("slash", *"kind:count unit:家", "enter")
        await settle(pilot, app)
        assert screen.listed and {(f.kind, f.unit) for f in screen.listed} == {("count", "家")}
        await pilot.press("slash", "ctrl+u", *"kind:money", "enter")
        await settle(pilot, app)
        await pilot.press("s")                       # reading order → value
        await settle(pilot, app)
        texts = [figure.text for figure in screen.shown]
        assert texts.index("超2.3万亿元") < texts.index("2821亿元")
        assert "sorted by value" in str(screen.query_one("#view-title").render())
        await pilot.press("y")
        assert app.clipboard == screen.shown[0].text
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#fmt-json").value = True
        await pilot.pause()
        path_input = app.screen.query_one("#export-path")
        assert path_input.value.endswith(".json")
        path_input.value = str(tmp_path / "money.json")
        await pilot.press("enter")
        await pilot.pause()
        exported = json.loads((tmp_path / "money.json").read_text(encoding="utf-8"))
        assert [record["text"] for record in exported] == texts
        await pilot.press("g")                       # grouped by metric: a heading row first
        await settle(pilot, app)
        assert screen.shown[0] is None
        await pilot.press("down", "enter")
        await settle(pilot, app)
        figure = screen.shown[1]
        assert app.reader.figure == (figure.block_id, (figure.start, figure.end))


async def test_views_are_in_the_palette_and_the_help():
    actions = {action for _, action, _ in commands({})}
    assert {"concordance", "dispersion", "collocates", "terms", "figure_table"} <= actions
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        rows = app.key_rows()
        ids = {row.binding_id for row in rows}
        assert {"view-concordance", "view-dispersion", "view-collocates", "view-terms", "view-figures",
                "kwic.sort-right", "kwic.open", "kwic.copy", "plot.by", "colloc.measure", "terms.key",
                "table.sort", "table.group", "table.export"} <= ids
        await pilot.press("K")                       # no query yet: the box asks for one
        await settle(pilot, app)
        assert app.screen.focused.id == "view-query"
        await pilot.press(*"天开园", "enter")
        await settle(pilot, app)
        assert len(app.screen.query_one(KwicView).concordance) == 11
        hit, figures_shown = app.hit_index, app.panes.shown("figures")
        await pilot.press("f", "n", "right_square_bracket")   # the reader's keys do nothing here
        await pilot.pause()
        assert isinstance(app.screen, ConcordanceScreen)
        assert (app.hit_index, app.panes.shown("figures")) == (hit, figures_shown)
        footer_keys = {binding.key for binding in app.screen.active_bindings.values()
                       for binding in [binding.binding]}
        assert "n" not in footer_keys and "f" not in footer_keys and "r" in footer_keys
        await pilot.press("escape")
        assert not isinstance(app.screen, ConcordanceScreen)


async def test_views_closed_at_once_leave_the_app_working():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", "的", "escape")
        await settle(pilot, app)
        for key in "KDCWF":                          # closed before their workers are done
            await pilot.press(key, "escape")
        await settle(pilot, app)
        assert not app.screen_stack[1:] and app.return_code is None
        await pilot.press("n")
        assert app.hit_index is not None


async def test_kwic_of_a_query_not_yet_searched_opens_its_hit_once_results_arrive():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("K", *"中欧班列", "enter")   # typed in the view's own box
        await settle(pilot, app)
        view = app.screen.query_one(KwicView)
        await pilot.press("end")
        line = view.concordance[len(view.concordance) - 1]
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.search_bar.value == "中欧班列" and app.results is not None
        occurrence = (line.block_id, (line.start, line.end))
        assert app.reader.current == occurrence
        assert app.search_view.occurrences[app.hit_index] == occurrence     # n/N go on from it
