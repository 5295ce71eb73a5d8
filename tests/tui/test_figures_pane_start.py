"""The figures pane mounts its tabs and lists after the first paint: what it is given, or
asked to take, in the moment before is not lost."""

from textual.app import App, ComposeResult

from tanwen.corpus.figures import extract_text
from tanwen.tui.widgets.figures_pane import FigureList, FiguresPane

SENTENCE = "2024年，天津研发经费投入强度达到3.44%，同比提高0.1个百分点。"


class PaneApp(App):
    def __init__(self, on_mount_do=None, *, lists_later: bool = False) -> None:
        super().__init__()
        self.on_mount_do = on_mount_do
        self.lists_later = lists_later
        self.lists_at_mount: int | None = None

    def compose(self) -> ComposeResult:
        yield FiguresPane(id="figures", lists_later=self.lists_later)

    def on_mount(self) -> None:
        pane = self.query_one(FiguresPane)
        self.lists_at_mount = len(pane.query(FigureList))
        if self.on_mount_do:
            self.on_mount_do(pane)


async def test_the_lists_come_after_the_first_paint():
    app = PaneApp()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        assert app.lists_at_mount == 0
        pane = app.query_one(FiguresPane)
        assert [item.id for item in pane.query(FigureList)] == ["figure-list", "caption-list"]
        assert pane.active_tab == "tab-figures"
        assert not pane.can_focus, "once the lists are there, they take focus, not the pane"


async def test_figures_shown_before_the_lists_are_listed_once_they_are_there():
    figures = extract_text(SENTENCE)

    def show(pane: FiguresPane) -> None:
        assert pane.current_figure() is None and pane.active_tab == "tab-figures"
        pane.set_figure_cursor(1)          # no list yet: nothing to move, nothing to fail
        pane.show(figures, [], "section", "a section")

    app = PaneApp(show)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(FiguresPane)
        assert app.query_one("#figure-list", FigureList).option_count == len(figures) == 3
        assert pane.current_figure() is figures[0]


async def test_focus_asked_for_before_the_lists_goes_to_the_list():
    def focus(pane: FiguresPane) -> None:
        target = pane.current_list()
        assert target is pane
        target.focus()

    app = PaneApp(focus)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.query_one("#figure-list", FigureList)


class QuietPaneApp(PaneApp):
    AUTO_FOCUS = None          # as the app: focus would ask for the lists


async def test_lists_later_come_with_the_first_figures_drawn_at_the_lists_width():
    app = QuietPaneApp(lists_later=True)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(FiguresPane)
        assert not pane.query(FigureList), "no lists before there is something to list"
        pane.show(extract_text(SENTENCE), [], "section", "a section")
        await pilot.pause()
        await pilot.pause()
        figure_list = app.query_one("#figure-list", FigureList)
        assert figure_list.option_count == 3
        assert pane._filled_width == figure_list.scrollable_content_region.width


async def test_lists_later_come_when_the_pane_is_focused():
    app = QuietPaneApp(lambda pane: pane.focus(), lists_later=True)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.query_one("#figure-list", FigureList)


async def test_lists_mounted_after_the_pane_went_away_are_not_mounted():
    """The app quit between asking for the lists and their mounting, as when `q` follows a
    first search's results: the screen still runs the deferred mount, for a pane no longer
    in the DOM. Nothing to mount into, and no error."""
    app = QuietPaneApp(lists_later=True)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(FiguresPane)
        app.exit()
        await pane._mount_lists()        # as the screen's after-refresh callbacks call it
        assert not pane.query(FigureList)
