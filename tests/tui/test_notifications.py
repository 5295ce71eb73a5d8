"""Notifications are read whole, wide characters included, wherever they fall on the screen.

A notification lies over the panes' borders; when only OSC 52 was possible, a copy's
notification is the user's copy of the text, to select by hand.
"""

import pytest
from textual.widgets._toast import Toast

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp

from tui_support import settle

TEXT = ("赋能超400家智能工厂和数字化车间 《瞭望》新闻周刊 天津研究与试验发展(R&D)经费投入强度"
        "达到3.44%，居全国前列，全市每万人口发明专利拥有量53.5件")


def on_screen(app, widget) -> str:
    """The characters the screen shows inside `widget`'s region, row after row."""
    region = widget.region
    rows = app.screen._compositor.render_strips()[region.y:region.bottom]
    return "".join(row.crop(region.x, region.right).text for row in rows)


def squeezed(text: str) -> str:
    return "".join(text.split()).replace("▌", "")


@pytest.mark.parametrize("size", [(120, 35), (80, 24), (60, 20)])
async def test_a_notification_over_pane_borders_shows_every_character(size):
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot, app)
        app.notify(TEXT, markup=False, timeout=30)
        await pilot.pause(0.3)
        toast = app.screen.query_one(Toast)
        assert squeezed(TEXT) in squeezed(on_screen(app, toast))


async def test_a_copied_quote_is_whole_in_its_notification():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await settle(pilot, app)
        app.focus_pane("figures")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("j")
        await pilot.press("Y")          # copy as a quote: headless, only OSC 52 was possible
        await pilot.pause(0.3)
        copied = app.clipboard
        assert copied and "《" in copied
        toast = app.screen.query_one(Toast)
        assert squeezed(copied) in squeezed(on_screen(app, toast))


def longest_quote(corpus) -> str:
    from tanwen.corpus.figures import figures_of_section, render_figure

    return max((render_figure(figure, "citation", corpus)
                for section in corpus.sections() for figure in figures_of_section(section)), key=len)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 35)])
async def test_the_longest_quote_fits_whole_when_only_osc52_took_it(size):
    corpus = load_corpus()
    quote = longest_quote(corpus)
    app = TanwenApp(corpus, build_index=False, keymap={})
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot, app)
        app.copy_text(quote, "quote")              # headless: the terminal route only
        await pilot.pause(0.3)
        toast = app.screen.query_one(Toast)
        assert toast.region.bottom <= size[1]
        assert squeezed(quote) in squeezed(on_screen(app, toast))


def cells(strips) -> list[list[tuple[str, str]]]:
    """Each screen line as (character, style) per character."""
    return [[(char, str(segment.style)) for segment in strip for char in segment.text] for strip in strips]


@pytest.mark.parametrize("size, keys", [
    ((120, 35), ["slash", *"创新"]), ((120, 35), ["f1"]), ((80, 24), ["ctrl+p"]), ((60, 20), ["e"]),
])
async def test_screens_without_a_split_wide_character_render_as_textual_renders_them(size, keys, monkeypatch):
    from textual._compositor import Compositor

    from tanwen.tui.compositing import TEXTUAL_RENDER_CHOPS

    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press(*keys)
        await settle(pilot, app)
        compositor = app.screen._compositor
        ours = cells(compositor.render_strips())
        monkeypatch.setattr(Compositor, "_render_chops", TEXTUAL_RENDER_CHOPS)
        assert cells(compositor.render_strips()) == ours
