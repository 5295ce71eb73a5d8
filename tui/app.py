"""The terminal app: section tree, search, reader and figures, wired together.

This module composes the screen, holds the state (the reactives below) and routes messages
and keys to the part that does each job:

    tui.loading          the corpus, then the search engine and its index, in workers
    tui.search_session   a query from the box to a view ready to show (debounce, worker)
    tui.navigation       sections and hits: what the reader shows, n/N, [ ], results
    tui.figures_feed     what the figures pane lists (the section's, or the results')
    tui.copying          copy (y / Y) and export of figures
    tui.pane_focus       which pane has focus, which panes show
    tui.pane_keys        the keys for panes and help (a mixin: their actions)
    tui.screens.opening  the keys that open the corpus views (a mixin)

State down, messages up: the status line, the results panel and the crumb are bound to the
state (`data_bind`) and draw themselves from it; workers post typed messages (tui.messages)
that carry their data and say what they answer, so a stale one is dropped. Nothing slow runs
on the UI thread.
"""

from __future__ import annotations

import gc
import time
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import OptionList, Static, Tree

from tanwen.corpus.model import Corpus
from tanwen.tui import collector, compositing, hangup
from tanwen.tui.exits import EXIT_ERROR, EXIT_INTERNAL, EXIT_OK
from tanwen.tui.figures_feed import FiguresFeed
from tanwen.tui.keymap import load_keymap
from tanwen.tui.keys import EVERYWHERE, bindings
from tanwen.tui.loading import Loading
from tanwen.tui.messages import (CopyFinished, CorpusLoaded, EngineFailed, EngineReady, FiguresReady,
                                 IndexProgress, IndexState, LoadFailed, SearchFinished, while_running)
from tanwen.tui.navigation import Navigator
from tanwen.tui.pane_focus import PaneFocus, pane_of
from tanwen.tui.pane_keys import PaneKeys
from tanwen.tui.pane_rules import PaneToggles
from tanwen.tui.screens import opening
from tanwen.tui.screens.main_screen import MainScreen
from tanwen.tui.search_session import SearchSession
from tanwen.tui.search_view import SearchView
from tanwen.tui.widgets.crumb import Crumb
from tanwen.tui.widgets.figures_pane import FiguresPane
from tanwen.tui.widgets.key_footer import KeyFooter
from tanwen.tui.widgets.reader import Reader, ReaderView
from tanwen.tui.widgets.results_list import ResultsList
from tanwen.tui.widgets.results_panel import ResultsPanel
from tanwen.tui.widgets.search_bar import SearchBar
from tanwen.tui.widgets.section_tree import SectionTree
from tanwen.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tanwen.tui.copying import Copying

compositing.install()      # wide characters stay whole where a notification crosses a pane border


def _tanwen_commands():
    """The command palette's provider, imported when the palette first opens."""
    from tanwen.tui.palette import TanwenCommands

    return TanwenCommands


class TanwenApp(PaneKeys, opening.CorpusViews, App[int]):
    TITLE = "探文 tanwen"
    CSS_PATH = Path(__file__).with_name("theme.tcss")   # absolute: subclasses live elsewhere
    COMMANDS = App.COMMANDS | {_tanwen_commands}
    SHOW_TIMINGS = True        # search time in the status line (off for snapshots)
    AUTO_FOCUS = None          # the tree (or the reader) takes focus once the corpus is there

    BINDINGS = bindings(EVERYWHERE)

    # The state. Set one, and what shows it follows: the widgets bound to it in `compose`,
    # the watchers below.
    corpus: var[Corpus | None] = var(None, init=False)
    query_text: var[str] = var("", init=False)                   # what the search box holds
    search_view: var[SearchView] = var(SearchView(""), init=False)   # the search on screen
    hit_index: var[int | None] = var(None, init=False)           # the current hit, if any
    reading: var[ReaderView | None] = var(None, init=False)      # what the reader shows
    figures_scope: var[str] = var("section", init=False)         # "section" or "results"
    index_state: var[IndexState] = var(IndexState("pending"), init=False)
    focused_pane: var[str | None] = var(None, init=False)        # see pane_focus.PANES
    pane_toggles: var[PaneToggles] = var(PaneToggles(), init=False)   # t and f

    def __init__(self, corpus: Corpus | None = None, *, corpus_path: str | Path | None = None,
                 build_index: bool = True, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.set_reactive(TanwenApp.corpus, corpus)
        self.set_reactive(TanwenApp.index_state, IndexState("pending" if build_index else "scan"))
        self.corpus_path = corpus_path
        self.load_error: str | None = None
        self._background_started = False      # the engine is ready: figures may be extracted
        self._after_results = False   # the figures and the segmenter wait for a query typed at start
        self.timings: dict[str, float] = {}
        self.loading = Loading(self, build_index=build_index)
        self.searches = SearchSession(self, self.loading, self._apply_results)
        self.navigator = Navigator(self)
        self.figures = FiguresFeed(self)
        self.panes = PaneFocus(self)
        self._keymap_problem = None
        if keymap is None:
            keymap, self._keymap_problem = load_keymap()
        self.user_keymap = dict(keymap)

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(Text("探文", style="bold"), id="brand")
            yield SearchBar(id="search")
        with Horizontal(id="body"):
            yield SectionTree(id="tree")
            with Vertical(id="centre"):
                yield ResultsPanel(id="results-panel").data_bind(TanwenApp.search_view)
                yield Crumb(id="crumb").data_bind(TanwenApp.reading)
                yield Reader(id="reader")
            yield FiguresPane(id="figures", lists_later=True)   # see _background_work
        yield StatusLine(id="status", show_timings=self.SHOW_TIMINGS).data_bind(
            TanwenApp.corpus, TanwenApp.search_view, TanwenApp.hit_index, TanwenApp.figures_scope,
            TanwenApp.index_state)
        yield KeyFooter()

    def get_default_screen(self) -> MainScreen:
        return MainScreen(id="_default")

    @property
    def tree(self) -> SectionTree:
        return self.query_one("#tree", SectionTree)

    @property
    def reader(self) -> Reader:
        return self.query_one("#reader", Reader)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search", SearchBar)

    @property
    def results_list(self) -> ResultsList:
        return self.query_one("#results", ResultsList)

    @property
    def figures_pane(self) -> FiguresPane:
        return self.query_one("#figures", FiguresPane)

    @property
    def results(self):
        """The shown search's results (tanwen.search.SearchResults), None without a query."""
        return self.search_view.results

    @property
    def engine(self):
        return self.loading.engine

    @cached_property
    def copying(self) -> Copying:
        """Copy and export: imported when first used (nothing on the first screen needs it)."""
        from tanwen.tui.copying import Copying

        return Copying(self)

    # -- the state's watchers --------------------------------------------------------------

    def watch_search_view(self, view: SearchView) -> None:
        self.hit_index = None
        self.tree.set_counts(view.node_counts)
        self.reader.set_hits(view.matches)
        self.reader.set_current(None)
        if self._after_results:
            self._after_results = False
            self.call_after_refresh(self._background_work)
        elif self.figures_scope == "results":
            self.figures.refresh()

    def watch_reading(self) -> None:
        if self.figures_scope == "section":
            self.figures.refresh()

    def watch_figures_scope(self) -> None:
        self.figures.refresh()

    def watch_focused_pane(self) -> None:
        self.panes.lay_out()

    watch_pane_toggles = watch_focused_pane

    # -- start: the frame first, then the corpus, then the engine --------------------------

    def on_mount(self) -> None:
        self.timings["mount"] = time.perf_counter()
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        if self._keymap_problem:
            self.notify(self._keymap_problem, title="Keymap", severity="warning", markup=False)
        self.panes.lay_out()
        self.reader.hint = Text("Loading the corpus…")
        if not self.is_headless:
            hangup.watch(self)

    def on_ready(self) -> None:
        """The first frame is on screen: load the corpus now. (Waiting for the screen to be
        idle, as `call_after_refresh` does, waited for the frames of keys typed meanwhile and
        of widgets that size themselves as they first draw.)"""
        self._first_paint()

    def _first_paint(self) -> None:
        self.timings.setdefault("first_paint", time.perf_counter())
        if self.corpus is not None:
            self.loading.show_corpus(self.corpus)
        else:
            self.loading.load_corpus(self.corpus_path)

    @on(LoadFailed)
    @while_running
    def _load_failed(self, message: LoadFailed) -> None:
        self.load_error = message.message
        self.exit(2)

    @on(CorpusLoaded)
    @while_running
    def _corpus_loaded(self, message: CorpusLoaded) -> None:
        self.loading.show_corpus(message.corpus)

    @on(EngineReady)
    @while_running
    def _engine_ready(self, message: EngineReady) -> None:
        self._background_started = True
        # A query typed during the start: its results first, the section's figures and the
        # segmenter's dictionary after them (both hold the GIL for a tenth of a second).
        self._after_results = bool(self.query_text.strip()) and self.search_view.results is None
        if not self._after_results:
            self._background_work()

    def _background_work(self) -> None:
        """What the start leaves until a query typed during it has its results: the rest of
        the first article's lines, the figures pane's tabs and lists, its figures, the
        segmenter's dictionary (then the collector resumes: see tui.collector)."""
        self.reader.finish_layout()
        self.figures_pane.mount_lists()
        self.figures.refresh()
        self.loading.warm_segmenter()

    @on(EngineFailed)
    @while_running
    def _engine_failed(self, message: EngineFailed) -> None:
        collector.resume()        # no background work follows: the start is over
        self.reader.finish_layout()
        self.notify(message.message, title="Search", severity="error", markup=False)

    @on(IndexProgress)
    @while_running
    def _index_progress(self, message: IndexProgress) -> None:
        self.loading.index_moved_on(message)

    # -- searching -------------------------------------------------------------------------

    @on(SearchBar.Changed, "#search")
    def _query_changed(self, event: SearchBar.Changed) -> None:
        self.query_text = event.value
        self.searches.typed(event.value)

    def search_now(self, query: str) -> None:
        """Search for `query` at once (no debounce), as if typed into the search box."""
        self.searches.now(query, into_box=True)

    @on(SearchFinished)
    @while_running
    def _search_finished(self, message: SearchFinished) -> None:
        if self.searches.is_current(message):    # else an older query's: the current one is on its way
            self._apply_results(message.view, message.error)

    def _apply_results(self, view: SearchView, error: str | None = None) -> None:
        """Show a search's view, built in the worker: an assignment; what shows it follows."""
        if view.results is not None:
            self.timings.setdefault("first_results", time.perf_counter())
        self.search_view = replace(view, error=error) if error else view
        if self.searches.take_jump(view.query):      # enter was pressed before it came
            self._open_highlighted_result()
        self._settle_pending_occurrence(view.query)

    @on(SearchBar.Submitted, "#search")
    def _query_submitted(self, event: SearchBar.Submitted) -> None:
        if not event.value.strip():
            self.action_back()
            self.search_bar.release_keys()
        elif self.searches.submit(event.value):
            self._open_highlighted_result()
        # else keys typed after enter wait for this search (see _apply_results)

    def _open_highlighted_result(self) -> None:
        self.navigator.open_result(self.results_list.highlighted or 0, focus_reader=True)
        self.search_bar.release_keys()     # keys typed after enter go to the reader now

    @on(SearchBar.Move)
    def _move_result(self, event: SearchBar.Move) -> None:
        self.navigator.move_result(event.step)

    @on(OptionList.OptionHighlighted, "#results")
    @on(OptionList.OptionSelected, "#results")
    def _result_chosen(self, event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> None:
        if isinstance(event, OptionList.OptionSelected):         # enter: open it in the reader
            self.navigator.open_result(event.option_index, focus_reader=True)
        elif self.results_list.has_focus and event.option_index is not None:   # moved onto it
            self.navigator.open_result(event.option_index, focus_reader=False)

    def action_clear_search(self) -> None:
        self.searches.clear()

    # -- sections and hits -----------------------------------------------------------------

    def open_key(self, key: str, *, focus_reader: bool = False, from_tree: bool = False) -> None:
        """Show an article or a section (by id) in the reader."""
        self.navigator.open_key(key, focus_reader=focus_reader, from_tree=from_tree)

    @on(Tree.NodeHighlighted, "#tree")
    @on(Tree.NodeSelected, "#tree")
    def _node_chosen(self, event: Tree.NodeHighlighted | Tree.NodeSelected) -> None:
        if event.node.data is not None:     # enter (selected) also focuses the reader
            self.open_key(event.node.data.id, from_tree=True, focus_reader=isinstance(event, Tree.NodeSelected))

    def action_next_hit(self) -> None:
        self.navigator.step_hit(1)

    def action_previous_hit(self) -> None:
        self.navigator.step_hit(-1)

    def action_next_section(self) -> None:
        self.navigator.step_section(1)

    def action_previous_section(self) -> None:
        self.navigator.step_section(-1)

    # -- figures, copy, export -------------------------------------------------------------

    @on(FiguresReady)
    @while_running
    def _figures_ready(self, message: FiguresReady) -> None:
        if self.figures.is_current(message):     # else the reader or the scope moved on meanwhile
            self.figures_pane.show(message.figures, message.captions, message.scope, message.label)

    def action_figures_scope(self) -> None:
        self.figures.toggle_scope()

    @on(FiguresPane.FigureChosen)
    def _figure_chosen(self, event: FiguresPane.FigureChosen) -> None:
        self.navigator.show_span(event.figure.block_id, (event.figure.start, event.figure.end))

    @on(FiguresPane.CaptionChosen)
    def _caption_chosen(self, event: FiguresPane.CaptionChosen) -> None:
        self.navigator.show_span(event.block.id, (0, len(event.block.text)))

    @on(FiguresPane.CopyRequested)
    def _copy_requested(self, event: FiguresPane.CopyRequested) -> None:
        self.action_copy_figure(event.style)

    def action_copy_figure(self, style: str = "value") -> None:
        self.copying.copy_figure(style)

    @on(FiguresPane.ExportRequested)
    def action_export_figures(self) -> None:
        self.copying.export_figures()

    def copy_to_clipboard(self, text: str) -> None:
        """OSC 52 to the terminal (also wrapped for tmux inside tmux); `self.clipboard` holds it."""
        self._clipboard = text
        self.copying.to_terminal(text)

    def copy_text(self, text: str, what: str) -> None:
        """Copy by every route (see tui.clipboard) and say what was copied where."""
        self.copying.copy_text(text, what)

    @on(CopyFinished)
    @while_running
    def _copy_finished(self, message: CopyFinished) -> None:
        self.copying.notify(message.outcome)

    # -- panes and focus -------------------------------------------------------------------

    def on_descendant_focus(self, event) -> None:
        self.focused_pane = pane_of(event.widget) or self.focused_pane

    def on_resize(self, event) -> None:
        self.panes.lay_out(event.size.width)


def run_app(corpus_path: Path | None) -> tuple[int, str | None]:
    """Run the app; its exit code, and what went wrong if the corpus could not be loaded."""
    app = TanwenApp(corpus_path=corpus_path)
    # What is imported by now (Textual, rich, the app) lives as long as the process: the
    # collector need not walk it again at each full collection (one is 15 ms at the start).
    gc.freeze()
    collector.pause()       # for the start (see tui.collector)
    app.run()
    if app.load_error:
        return EXIT_ERROR, app.load_error
    if app.return_code:     # Textual has printed the traceback; 0 would say all went well
        return EXIT_INTERNAL, "the app stopped on an error (its traceback is above)"
    return EXIT_OK, None
