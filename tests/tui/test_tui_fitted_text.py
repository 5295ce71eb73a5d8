"""Warnings, the figures header, the status line and the help screen's binding ids, read off
the screen at 60×20, 80×24 and 120×35: nothing a person needs is cut off."""

import pytest

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp

from tui_support import screen_lines, settle, until

SIZES = [(60, 20), (80, 24), (120, 35)]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_warning_wraps_whole_and_the_status_fits(size, corpus):
    app = TanwenApp(corpus, build_index=False, keymap={})
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"天津 OR")
        await settle(pilot, app)
        assert await until(pilot, lambda: app.results is not None and app.results.query.raw == "天津 OR")
        notice = app.results.notice
        assert notice and "OR" in notice
        lines = screen_lines(app.query_one("#results-summary"))
        shown = "".join(line for line in lines[1:])
        assert shown.replace(" ", "") == ("⚠" + notice).replace(" ", ""), lines
        status = screen_lines(app.query_one("#status"))[0]
        assert "no hits" in status and not status.endswith(("·", "│")), status
        # Resized narrower, the warning wraps again and is still whole.
        await pilot.resize_terminal(44, size[1])
        await settle(pilot, app)
        lines = screen_lines(app.query_one("#results-summary"))
        assert "".join(lines[1:]).replace(" ", "") == ("⚠" + notice).replace(" ", ""), lines


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_figures_header_says_whose_figures_they_are(size, corpus):
    app = TanwenApp(corpus, build_index=False, keymap={})
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"创新")
        await settle(pilot, app)
        assert await until(pilot, lambda: app.results is not None and app.results.query.raw == "创新")
        await pilot.press("escape", "r")
        await settle(pilot, app)
        app.focus_pane("figures")
        await settle(pilot, app)
        header = screen_lines(app.query_one("#figures-header"))[0]
        count = len(app.figures_pane.figures)
        assert header.startswith(f"{count} figures"), header
        assert header.endswith(("of search results", "of results")), header


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_binding_id_is_whole_on_the_help_screen(size, corpus):
    app = TanwenApp(corpus, build_index=False, keymap={})
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press("f1")
        await settle(pilot, app)
        table = app.screen.query_one("#help-table")
        words = set(" ".join(screen_lines(table)).split())
        ids = [row.binding_id for row in app.key_rows() if row.binding_id]
        assert "search.previous-result" in ids
        missing = [binding_id for binding_id in ids if binding_id not in words]
        assert not missing, missing
