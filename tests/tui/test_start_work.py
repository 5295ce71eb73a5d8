"""Work the start no longer does on the way to the first result of a query typed the moment
the screen shows: the first article's lines past the screen are wrapped after that result,
and the terminal's size reported as the app starts does not lay the screen out again."""

from textual.screen import Screen

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp

from test_start_order import SIZE, burst, index_on_disk, record
from tui_support import settle, until


def wraps_made(monkeypatch) -> list[int]:
    """The reader's wrapping of a block, one entry (the width) per block wrapped."""
    from tanwen.tui.widgets import reader_layout

    made: list[int] = []
    wrap = reader_layout.wrap

    def counted(text, width, **kwargs):
        made.append(width)
        return wrap(text, width, **kwargs)

    monkeypatch.setattr(reader_layout, "wrap", counted)
    return made


async def test_the_first_article_is_wrapped_as_far_as_it_shows_until_the_first_result(tmp_path, monkeypatch):
    """The first article is some 400 lines at 120×35, 31 of them on screen: as the corpus
    shows, the reader wraps the blocks that fill the screen, and the rest once a query typed
    at start has its results. Then its lines and its height are those of a whole layout."""
    index_on_disk(tmp_path, monkeypatch)
    wrapped = wraps_made(monkeypatch)
    app = TanwenApp(corpus_path=None, build_index=True, keymap={})
    at_results: list[int] = []
    record(app, "_apply_results", at_results, lambda view, *rest: len(wrapped))
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "/创新")
        assert await until(pilot, lambda: app.results is not None)
        await settle(pilot, app)
        reader = app.reader
        blocks = len(reader.view.blocks)
        assert 0 < at_results[0] < blocks / 4, (at_results, blocks)
        assert len(wrapped) == blocks           # each block once, the rest after the result
        lines = reader.all_text()
        assert len(lines) > 3 * reader.size.height
        assert reader.virtual_size.height == len(lines)
        reader.show(reader.view)                # shown again, outside the start: all at once
        assert len(wrapped) == 2 * blocks
        assert reader.all_text() == lines
        assert reader.virtual_size.height == len(lines)


async def test_a_key_that_scrolls_before_the_rest_is_wrapped_scrolls_the_whole_article():
    """End pressed before the start's work is done goes to the article's real last line."""
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        reader = app.reader
        full = reader.all_text()
        with reader.rest_later():
            reader.show(reader.view)
        assert reader.virtual_size.height != len(full)   # an estimate until the rest is wrapped
        reader.focus()
        await pilot.press("end")
        await pilot.pause()
        assert reader.virtual_size.height == len(full)
        assert reader.visible_text()[-1] == full[-1]
        assert reader.all_text() == full


async def test_the_size_reported_as_the_app_starts_does_not_lay_the_screen_out_again(monkeypatch):
    """The first frame is laid out at the terminal's size; the app's and the driver's reports
    of that same size do not lay it out (and draw it whole) a second and third time."""
    sizes: list[object] = []
    refresh_layout = Screen._refresh_layout

    def noted(screen, size=None, scroll=False):
        sizes.append(size)
        return refresh_layout(screen, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", noted)
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert [size for size in sizes if size is not None] == [SIZE]
        await pilot.resize_terminal(100, 30)         # a real resize still lays it out
        await settle(pilot, app)
        assert app.screen.size == (100, 30)
        assert [size for size in sizes if size is not None] == [SIZE, (100, 30)]
