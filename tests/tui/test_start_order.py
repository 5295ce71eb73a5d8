"""What the start does before the first result of a query typed the moment the screen shows:
the index opens as it is when nothing changed, the result is searched once and drawn once,
and the segmenter's dictionary (which a search with the index does not need) loads after."""

import gc
import time

from textual import events

from tanwen.corpus import load_corpus
from tanwen.search import SearchEngine
from tanwen.tui import collector
from tanwen.tui.app import TanwenApp
from tanwen.tui.search_session import DEBOUNCE_SECONDS

from tui_support import settle, until

SIZE = (120, 35)


def burst(app, keys: str) -> None:
    """Keys as the driver delivers them when they arrive in one read."""
    for char in keys:
        app._driver.send_message(events.Key("slash" if char == "/" else char, char))


def index_on_disk(tmp_path, monkeypatch) -> None:
    """The built-in corpus' index, built, then found up to date (which notes how its files
    stat), as after earlier starts."""
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    engine = SearchEngine(load_corpus())
    engine.ensure_index()
    assert engine.ensure_index().action == "unchanged"
    engine.close()


def searches_made(monkeypatch) -> list[str]:
    """The queries the engine searches, in order."""
    made: list[str] = []
    search = SearchEngine.search

    def counted(self, query, *args, **kwargs):
        made.append(query)
        return search(self, query, *args, **kwargs)

    monkeypatch.setattr(SearchEngine, "search", counted)
    return made


def record(obj, name: str, seen: list, what) -> None:
    """Call through `obj.name`, noting `what(*args)` each time."""
    original = getattr(obj, name)

    def noted(*args, **kwargs):
        seen.append(what(*args))
        return original(*args, **kwargs)

    setattr(obj, name, noted)


async def test_an_unchanged_index_opens_without_indexing(tmp_path, monkeypatch):
    index_on_disk(tmp_path, monkeypatch)
    app = TanwenApp(corpus_path=None, build_index=True, keymap={})
    phases: list[str] = []
    record(app.loading, "index_moved_on", phases, lambda message: message.state.phase)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert await until(pilot, lambda: app.index_state.phase == "index")
        assert phases == ["index"], "no 'indexing…' in the status line for an index as it was"


async def test_a_query_typed_at_start_is_answered_once_then_the_segmenter_loads(tmp_path, monkeypatch):
    index_on_disk(tmp_path, monkeypatch)
    app = TanwenApp(corpus_path=None, build_index=True, keymap={})
    answers: list[str] = []
    results_at_warm_up: list[bool] = []
    async with app.run_test(size=SIZE) as pilot:
        record(app.searches, "is_current", answers, lambda message: message.query)
        record(app.loading, "warm_segmenter", results_at_warm_up, lambda: app.results is not None)
        burst(app, "/创新")                 # before the corpus is there
        assert await until(pilot, lambda: app.results is not None and app.results.query.raw == "创新")
        await settle(pilot, app)
        assert app.results.mode == "index"
        # The search waited for the index; when it settled, it was not searched again.
        assert answers == ["创新"]
        assert results_at_warm_up == [True]


async def test_a_search_held_up_as_the_index_settles_is_not_searched_again(tmp_path, monkeypatch):
    """The search worker waited for the index and was descheduled right after, while the UI
    thread heard the index settle: the search answers with the index, and no second search
    starts (which would stop this one, or draw the same rows again)."""
    index_on_disk(tmp_path, monkeypatch)
    searched = searches_made(monkeypatch)
    app = TanwenApp(corpus_path=None, build_index=True, keymap={})
    answers: list[str] = []
    started: list[bool] = []
    wait = app.loading.wait_for_index

    def wait_then_lag(engine):
        wait(engine)
        app.loading.index_settled.wait()
        time.sleep(0.3)                  # the UI thread handles the settling meanwhile

    app.loading.wait_for_index = wait_then_lag
    async with app.run_test(size=SIZE) as pilot:
        record(app.searches, "is_current", answers, lambda message: message.query)
        record(app.searches, "run", started, lambda query: app.corpus is not None)
        burst(app, "/创新")
        assert await until(pilot, lambda: app.results is not None and app.index_state.settled)
        await settle(pilot, app)
        assert app.results.mode == "index"
        assert answers == ["创新"] and searched == ["创新"]
        assert started.count(True) == 1, started


async def test_a_search_made_before_the_index_settled_is_made_again_with_it(tmp_path, monkeypatch):
    index_on_disk(tmp_path, monkeypatch)
    app = TanwenApp(corpus_path=None, build_index=True, keymap={})
    answers: list[str] = []
    opened = app.loading._open_unchanged

    def slow_open(engine):
        time.sleep(0.8)                  # the first search does not wait this long
        return opened(engine)

    app.loading._open_unchanged = slow_open
    app.loading.wait_for_index = lambda engine: None
    async with app.run_test(size=SIZE) as pilot:
        record(app.searches, "is_current", answers, lambda message: message.query)
        burst(app, "/创新")
        assert await until(pilot, lambda: app.results is not None and app.index_state.settled, 10)
        await settle(pilot, app)
        assert await until(pilot, lambda: app.results.mode == "index")
        assert answers == ["创新", "创新"]


async def test_a_search_started_while_typing_pauses_stops_the_debounce_of_that_query():
    """The index settles while the box's query waits out its debounce (keys typed as the
    corpus went on screen): the search made for the settling is the only one."""
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    searched: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        record(app.searches, "run", searched, lambda query: query)
        await pilot.press("slash", *"创新")         # its debounce is pending …
        app.searches.again()                       # … as the index settles
        await pilot.pause(3 * DEBOUNCE_SECONDS)
        await settle(pilot, app)
        assert searched == ["创新"]


async def test_without_a_query_the_segmenter_loads_once_the_engine_is_ready():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    warmed: list[bool] = []
    record(app.loading, "warm_segmenter", warmed, lambda: app.engine is not None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert warmed == [True]


async def test_rows_drawn_before_the_results_show_are_drawn_at_their_width():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        results = app.results_list
        assert results.size.width == 0              # no query yet: the panel is hidden
        drawn_for = results.row_format()            # what a first search's worker draws for
        rebuilt: list[int] = []
        record(results, "_rebuild", rebuilt, lambda *args: results.size.width)
        app.search_now("创新")
        assert await until(pilot, lambda: app.results is not None and len(app.results.hits) > 20)
        await settle(pilot, app)
        assert results.size.width > 0
        assert results.row_format() == drawn_for
        assert rebuilt == [], "the rows were drawn again once the list had its width"



async def test_the_collector_paused_for_the_start_runs_again_once_the_first_result_is_shown(tmp_path, monkeypatch):
    """run_app pauses the cyclic collector for the start (a hundred collections that free next
    to nothing); it stays paused until a query typed at start has its results, then runs."""
    index_on_disk(tmp_path, monkeypatch)
    app = TanwenApp(corpus_path=None, build_index=True, keymap={})
    collecting_at_results: list[bool] = []
    record(app, "_apply_results", collecting_at_results, lambda *args: gc.isenabled())
    collector.pause()
    try:
        async with app.run_test(size=SIZE) as pilot:
            burst(app, "/创新")
            assert await until(pilot, lambda: app.results is not None)
            await settle(pilot, app)
            assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
    assert collecting_at_results[:1] == [False]


async def test_the_collector_runs_again_when_the_search_engine_fails(monkeypatch):
    from tanwen.tui.loading import Loading

    def fails(self):
        raise RuntimeError("no engine")

    monkeypatch.setattr(Loading, "engine_now", fails)
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    collector.pause()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


async def test_the_start_styles_each_pane_once_and_a_return_restyles_them(monkeypatch):
    """Textual restyles a screen as it is shown, for CSS changed while it was hidden. At the
    start its widgets were just styled as they mounted: once is enough. Shown again later,
    it is restyled as any screen is."""
    from textual.css.stylesheet import Stylesheet

    styled: list[str | None] = []
    apply = Stylesheet.apply

    def counted(self, node, *args, **kwargs):
        styled.append(node.id)
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counted)
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    panes = ("reader", "results", "crumb", "status")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert [styled.count(pane) for pane in panes] == [1, 1, 1, 1]
        app.screen.post_message(events.ScreenResume())     # shown again (after a view)
        await pilot.pause()
        await pilot.pause()
        assert [styled.count(pane) for pane in panes] == [2, 2, 2, 2]
