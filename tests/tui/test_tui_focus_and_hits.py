"""The status line, the search box, the reader's focus mark and caption copies, as a person meets them."""

from textual import events
from textual.geometry import Region

from tanwen.corpus import load_corpus
from tanwen.corpus.model import BlockKind
from tanwen.tui.app import TanwenApp

from tui_support import settle, until

SIZE = (120, 35)


def make_app():
    return TanwenApp(load_corpus(), build_index=False, keymap={})


def counted_layouts(monkeypatch) -> list[int]:
    """A list that gets an item at each layout of the whole screen from now on."""
    from textual.screen import Screen

    layouts: list[int] = []
    refresh_layout = Screen._refresh_layout

    def counted(screen, *args, **kwargs):
        layouts.append(1)
        return refresh_layout(screen, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return layouts


def status(app) -> str:
    return str(app.query_one("#status").render())


async def search(pilot, app, query):
    await pilot.press("slash", *query)
    await settle(pilot, app)
    assert await until(pilot, lambda: app.results is not None and app.results.query.raw == app.search_bar.value)


async def test_the_status_forgets_the_hit_when_brackets_leave_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "创新")
        total = len(app.results.occurrence_list())
        await pilot.press("enter", "n", "n")
        await pilot.pause()
        assert f"hit {app.hit_index + 1} of {total}" in status(app)
        hit_block, _ = app.results.occurrence_list()[app.hit_index]
        for _ in app.tree.ordered_keys():            # ] until the reader no longer shows the hit
            await pilot.press("right_square_bracket")
            await pilot.pause()
            if app.reader.view.index_of(hit_block) is None:
                break
        assert app.reader.view.index_of(hit_block) is None
        assert f"{total} hits" in status(app) and "hit " not in status(app).replace(f"{total} hits", "")
        assert app.reader.current is None
        # n goes on from the section shown, to its first hit.
        await pilot.press("n")
        await pilot.pause()
        block, _ = app.results.occurrence_list()[app.hit_index]
        assert app.reader.view.index_of(block) is not None
        assert f"hit {app.hit_index + 1} of {total}" in status(app)


async def test_slash_selects_the_old_query_so_typing_replaces_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "天开")
        await pilot.press("escape")
        await search(pilot, app, "创新")
        assert app.search_bar.value == "创新"
        assert app.results.query.raw == "创新"
        # An arrow key keeps the old text and edits it.
        await pilot.press("escape", "slash", "end", *"天津")
        await settle(pilot, app)
        assert app.search_bar.value == "创新天津"


async def test_typing_in_the_search_box_redraws_the_box_not_the_screen(monkeypatch):
    """A key typed is drawn in the box; the panes stay as they are laid out (a layout of the
    whole screen per key made typing lag)."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await pilot.pause()
        layouts = counted_layouts(monkeypatch)
        app.searches.typed = lambda query: None        # the keys only, no search
        long_query = "天津 OR 北京 OR 上海 OR 广州 OR 深圳 OR 杭州 OR 南京 OR 成都"
        for char in long_query:
            await pilot.press(char)
        await pilot.pause()
        assert layouts == []
        assert app.search_bar.value == long_query
        # Longer than the box: it scrolls to the cursor, the end of the text shows.
        shown = "".join(segment.text for segment in app.search_bar.render_line(0))
        assert shown.rstrip().endswith("南京 OR 成都"), shown


def left_edge(widget) -> tuple[str, object]:
    segment = widget.render_lines(Region(0, 0, widget.outer_size.width, 1))[0]
    first = next(iter(segment))
    return first.text[:1], first.style


async def test_the_reader_shows_when_it_has_focus():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.focused is app.tree
        unfocused, _ = left_edge(app.reader)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.reader
        mark, style = left_edge(app.reader)
        assert unfocused == " " and mark == "▏"
        accent = app.theme_variables["accent"].lower()
        assert style.color.triplet.hex == accent


async def test_y_on_a_caption_copies_the_caption_without_its_list_number():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f", "f", "l")      # hide the figures pane, show and go to it, its captions tab
        await pilot.pause()
        block = app.figures_pane.current_caption()
        assert block.kind is BlockKind.CAPTION and block.text.startswith("1. ")
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == block.text[3:]
        assert app.clipboard.startswith("智能水平运输机器人")


async def test_the_reader_pages_at_once_through_each_section_shown():
    """Each section shown has its scrollbar for its length; the paging keys move the text at
    once (no animation: a page was some ten redraws of the reader)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        reader = app.reader
        animated: list[str] = []
        animate = reader.animate
        reader.animate = lambda attribute, *args, **kwargs: (animated.append(attribute),
                                                            animate(attribute, *args, **kwargs))
        seen = set()
        for _ in range(6):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            lines = reader.virtual_size.height
            seen.add(lines)
            if lines > reader.scrollable_content_region.height:
                bar = reader.vertical_scrollbar
                assert reader.show_vertical_scrollbar
                assert (bar.window_virtual_size, bar.window_size) == (lines, reader.scrollable_content_region.height)
                assert reader.scroll_y == 0
                app.focus_pane("reader")
                await pilot.press("pagedown")
                assert reader.scroll_y == reader.scrollable_content_region.height or reader.scroll_y == reader.max_scroll_y
                await pilot.press("end")
                assert reader.scroll_y == reader.max_scroll_y
                await pilot.press("home")
                assert reader.scroll_y == 0
                app.focus_pane("tree")
                await pilot.pause()
        assert len(seen) > 3, "sections of different lengths were shown"
        assert animated == []


async def test_a_long_section_shown_lays_the_screen_out_once(monkeypatch):
    """The reader's scroll bar is always there: a section longer than the screen is laid out
    with it, not laid out a second time when the bar appears (and drawn a second time)."""
    from tanwen.tui.navigation import make_view

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.reader.show(None)
        await pilot.pause()
        layouts = counted_layouts(monkeypatch)
        app.reader.show(make_view(app.corpus.articles[0]))
        await pilot.pause()
        await pilot.pause()
        assert app.reader.virtual_size.height > app.reader.size.height * 3
        assert len(layouts) == 1


async def test_hit_counts_and_the_focus_mark_redraw_the_tree_without_a_layout(monkeypatch):
    """The tree's counts and its focus colour change what its lines look like, not how many
    there are: its lines are drawn again, the screen is not laid out again (which redraws
    every pane)."""
    from tui_support import screen_lines

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.focus_pane("reader")
        await pilot.pause()
        await pilot.pause()
        tree = app.tree
        first = app.corpus.articles[0]
        layouts = counted_layouts(monkeypatch)
        tree.set_counts({first.id: 7})
        await pilot.pause()
        await pilot.pause()
        assert layouts == []
        assert screen_lines(tree)[0].startswith(f"{tree.ICON_NODE_EXPANDED}7 "), screen_lines(tree)
        app.focus_pane("tree")
        await pilot.pause()
        await pilot.pause()
        assert layouts == []
        assert tree.has_focus
        # Sized by a layout (as the first one that shows it does): drawn at that size, no other.
        tree.post_message(events.Resize(tree.size, tree.virtual_size, tree.container_size))
        await pilot.pause()
        await pilot.pause()
        assert layouts == []
        assert screen_lines(tree)[0].startswith(f"{tree.ICON_NODE_EXPANDED}7 "), screen_lines(tree)


async def test_results_shown_lay_the_screen_out_once_and_are_not_measured_again(monkeypatch):
    """The results panel appearing lays the screen out twice: once to show it, once more as
    Textual does for any widget shown (its size set as the layout finds it). The list's
    scroll bar appearing, or its height found as it first draws, made a third layout; both
    are known beforehand now (the bar is always there; the search worker measured the rows),
    and the rows are not wrapped again on the UI thread."""
    import threading

    from textual.content import Content

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        layouts = counted_layouts(monkeypatch)
        wrapped_here: list[int] = []
        wrap = Content._wrap_and_format

        def counted_wrap(content, width, *args, **kwargs):
            if threading.current_thread() is threading.main_thread():
                wrapped_here.append(width)
            return wrap(content, width, *args, **kwargs)

        monkeypatch.setattr(Content, "_wrap_and_format", counted_wrap)
        app.search_now("创新")
        assert await until(pilot, lambda: app.results is not None)
        for _ in range(4):
            await pilot.pause()
        rows = len(app.results.hits)
        assert rows * 2 > app.results_list.size.height        # longer than the list: it scrolls
        assert app.results_list.virtual_size.height == rows * 2
        assert len(layouts) == 2
        assert len(wrapped_here) < rows, wrapped_here          # only the rows on screen are drawn


async def test_a_long_result_list_draws_the_rows_it_shows(monkeypatch):
    """Of 53 results the list shows a few: those are drawn with the results, the others when
    scrolled to (drawing them all took longer than the search)."""
    from tanwen.tui.widgets import results_list
    from tui_support import screen_lines

    drawn: list[int] = []
    result_row = results_list.result_row
    monkeypatch.setattr(results_list, "result_row",
                        lambda rank, *args: drawn.append(rank) or result_row(rank, *args))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "创新")
        await pilot.pause()
        total = len(app.results.hits)
        assert total > results_list.DRAWN_AHEAD
        assert sorted(set(drawn)) == list(range(results_list.DRAWN_AHEAD))
        app.focus_pane("results")
        await pilot.press("end")
        await pilot.pause()
        await pilot.pause()
        assert total - 1 in drawn
        assert any(line.startswith(f"{total} ") for line in screen_lines(app.results_list))


async def test_the_tree_and_the_reader_take_their_style_once_a_draw(monkeypatch):
    """A widget's style is a walk over its ancestors' styles: the tree and the reader take it
    once for all the lines they draw, not once a line."""
    from textual.dom import DOMNode

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        taken: list[str] = []
        rich_style = DOMNode.rich_style

        def counted(node):
            taken.append(node.id)
            return rich_style.fget(node)

        monkeypatch.setattr(DOMNode, "rich_style", property(counted))
        app.tree._redraw()
        app.reader._strips.clear()
        for widget in (app.tree, app.reader):
            lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
            assert len(lines) > 20 and any(line.text.strip() for line in lines)
        assert taken.count("tree") == 1 and taken.count("reader") == 1, taken


async def test_results_found_while_the_centre_is_hidden_show_when_it_shows():
    """On a narrow screen with the tree shown alone, the centre (and the results list in it)
    has no width: the rows are measured once the list has one."""
    from tui_support import screen_lines

    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app)
        app.focus_pane("tree")
        await pilot.pause()
        assert app.results_list.row_format().wrap_width == 0
        app.search_now("创新")
        assert await until(pilot, lambda: app.results is not None)
        await settle(pilot, app)
        app.focus_pane("results")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert any(line.startswith("1 ") for line in screen_lines(app.results_list)), screen_lines(app.results_list)
