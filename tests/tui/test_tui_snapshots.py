"""A few pinned screens (pytest-textual-snapshot). Update with `pytest --snapshot-update`
after checking the new SVGs in tests/__snapshots__/ by eye."""

import pytest

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp

from tui_support import settle as settle_app

SIZE = (120, 35)


class FrozenApp(TanwenApp):
    SHOW_TIMINGS = False   # "0.8 ms" changes from run to run


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("TANWEN_KEYMAP", "/etc/tanwen-keymap.toml")   # the help screen shows it
    return FrozenApp(load_corpus(), build_index=False, keymap={})


async def settle(pilot):
    pilot.app.search_bar.cursor_blink = False
    await settle_app(pilot, pilot.app)


def test_main_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_search_screen(snap_compare, app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("slash", *"创新")
        await settle(pilot)
        await pilot.press("enter", "n", "n", "n")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
