"""The terminal app: section tree, search, reader and figures, wired together.

    ┌ 探文 / search box ───────────────────────────────────────────────┐
    │ section tree │ results (with a query)           │ figures │ captions │
    │              │ reader: the section as prose     │                    │
    ├ status: corpus · hit 3 of 17 · 12 blocks · index / indexing 45%… ─┤
    └ key hints ────────────────────────────────────────────────────────┘

Nothing slow runs on the UI thread: the corpus loads, the search engine is created (whoosh
import, jieba dictionary), the index is built and every search runs in thread workers. They
post messages that carry their data (tui.messages): a search's comes with its view ready to
assign (tui.search_view), and says which query it answers, so a stale one is dropped. The
tree and the reader work while the index builds; searches scan the loaded corpus until the
index is ready.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import Footer, OptionList, Static, Tree
from textual.worker import get_current_worker

from tanwen.corpus.model import Article, BlockKind, Corpus, Section
from tanwen.tui import compositing, hangup
from tanwen.tui.fitting import PATH_SEPARATOR, Field, section_path
from tanwen.tui.exits import EXIT_ERROR, EXIT_INTERNAL, EXIT_OK
from tanwen.tui.clipboard import CopyOutcome, copy_everywhere, terminal_sequences
from tanwen.tui.keymap import load_keymap
from tanwen.tui.messages import (CopyFinished, CorpusLoaded, EngineFailed, EngineReady, FiguresReady,
                                 IndexProgress, IndexState, LoadFailed, SearchFinished, while_running)
from tanwen.tui.keys import EVERYWHERE, bindings
from tanwen.tui.pane_rules import TREE_MIN_WIDTH, visible_panes
from tanwen.tui.screens import opening
from tanwen.tui.captions import caption_text
from tanwen.tui.safe import clean, plain
from tanwen.tui.search_view import SearchView, build_search_view
from tanwen.tui.wording import plural
from tanwen.tui.widgets.crumb import Crumb
from tanwen.tui.widgets.fitted import FittedText, fitted_fields
from tanwen.tui.widgets.figures_pane import FiguresPane
from tanwen.tui.widgets.help_screen import HelpScreen, KeyRow, key_rows
from tanwen.tui.widgets.reader import Reader, ReaderView
from tanwen.tui.widgets.results_list import ResultsList, RowFormat, prepared_row
from tanwen.tui.widgets.search_bar import SearchBar
from tanwen.tui.widgets.section_tree import SectionTree

DEBOUNCE_SECONDS = 0.15
INDEX_WAIT_SECONDS = 1.5   # how long a first search waits for the index to open or build …
BIG_CORPUS_CHARS = 1_000_000   # … unless a corpus this big is being indexed from scratch
RESULT_LIMIT = 100

compositing.install()      # wide characters stay whole where a notification crosses a pane border


def _tanwen_commands():
    """The command palette's provider, imported when the palette first opens."""
    from tanwen.tui.palette import TanwenCommands

    return TanwenCommands


class _BuildCancelled(Exception):
    """The index build was stopped because the app is closing."""


class TanwenApp(opening.CorpusViews, App[int]):
    TITLE = "探文 tanwen"
    CSS_PATH = Path(__file__).with_name("theme.tcss")   # absolute: subclasses live elsewhere
    COMMANDS = App.COMMANDS | {_tanwen_commands}
    SHOW_TIMINGS = True        # search time in the status line (off for snapshots)
    AUTO_FOCUS = None          # the tree (or the reader) takes focus once the corpus is there

    BINDINGS = bindings(EVERYWHERE)

    # State the status line shows, which it follows (the watch_ methods): set it, and the
    # line is drawn again.
    index_state: var[IndexState] = var(IndexState("pending"), init=False)
    hit_index: var[int | None] = var(None, init=False)            # the current hit, if any
    figures_scope: var[str] = var("section", init=False)         # "section" or "results"

    def __init__(self, corpus: Corpus | None = None, *, corpus_path: str | Path | None = None,
                 build_index: bool = True, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.corpus: Corpus | None = corpus
        self.corpus_path = corpus_path
        self.build_index = build_index
        self.load_error: str | None = None
        self.engine = None
        self._engine_lock = threading.Lock()
        self._search_lock = threading.Lock()
        self._index_settled = threading.Event()      # the index is ready, or will not be
        self._index_on_disk: bool | None = None
        self._corpus_chars: int | None = None
        self.set_reactive(TanwenApp.index_state, IndexState("pending" if build_index else "scan"))
        self.results = None
        self.query_text = ""
        self._debounce = None
        self._pending_jump: str | None = None        # the query whose results enter opens
        self._occurrences: list[tuple[str, tuple[int, int]]] = []
        self._occurrence_index: dict[tuple[str, tuple[int, int]], int] = {}
        self._user_tree: bool | None = None
        self._user_figures: bool | None = None
        self._preferred_side: str | None = None      # the side pane turned on last
        self._focused_pane: str | None = None
        self._background_started = False
        self._figures_after_results = False          # the figures wait for a query typed at start
        self.timings: dict[str, float] = {}
        self._keymap_problem = None
        if keymap is None:
            keymap, self._keymap_problem = load_keymap()
        self.user_keymap = dict(keymap)

    # -- composition -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(Text("探文", style="bold"), id="brand")
            yield SearchBar(id="search")
        with Horizontal(id="body"):
            yield SectionTree(id="tree")
            with Vertical(id="centre"):
                with Vertical(id="results-panel"):
                    yield FittedText(id="results-summary")
                    yield ResultsList(id="results")
                yield Crumb(id="crumb")
                yield Reader(id="reader")
            yield FiguresPane(id="figures")
        yield FittedText(id="status")
        yield Footer()

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

    def on_mount(self) -> None:
        self.timings["mount"] = time.perf_counter()
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        if self._keymap_problem:
            self.notify(self._keymap_problem, title="Keymap", severity="warning", markup=False)
        self._apply_size(self.size.width)
        self.reader.hint = Text("Loading the corpus…")
        self._update_status()
        if not self.is_headless:
            hangup.watch(self)
        # Paint the frame first; everything else follows it.
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        self.timings.setdefault("first_paint", time.perf_counter())
        if self.corpus is not None:
            self._corpus_ready(self.corpus)
        else:
            self._load_corpus()

    @work(thread=True, exclusive=True, group="load")
    def _load_corpus(self) -> None:
        from tanwen.corpus import CorpusError, load_corpus

        try:
            corpus = load_corpus(self.corpus_path)
        except CorpusError as error:
            self.post_message(LoadFailed(str(error)))
            return
        except Exception as error:  # anything else: say what, rather than a traceback
            self.post_message(LoadFailed(f"could not load {self.corpus_path}: {error}"))
            return
        if not corpus.articles:
            reasons = "".join(f"\n  skipped {problem}" for problem in corpus.problems)
            self.post_message(LoadFailed(f"no article could be loaded from {corpus.root}{reasons}"))
            return
        # The reader keeps each figure on one line (tui.cjk_wrap asks the figure extractor
        # where they are): import it here, off the UI thread, before a section is shown, and
        # run it once (its tables are built on first use).
        from tanwen.corpus.figures import extract_text
        extract_text("2024年，增长3.44%。")
        self.post_message(CorpusLoaded(corpus))

    @on(LoadFailed)
    @while_running
    def _load_failed(self, message: LoadFailed) -> None:
        self.load_error = message.message
        self.exit(2)

    @on(CorpusLoaded)
    @while_running
    def _corpus_loaded(self, message: CorpusLoaded) -> None:
        self._corpus_ready(message.corpus)

    def _corpus_ready(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.tree.populate(corpus)
        self.search_bar.show_examples_for(corpus.builtin)
        self.reader.hint = Text("Select a section on the left, or press / to search.")
        self.timings["corpus"] = time.perf_counter()
        if corpus.problems:
            lines = "\n".join(clean(str(problem)) for problem in corpus.problems[:8])
            more = f"\n… and {len(corpus.problems) - 8} more" if len(corpus.problems) > 8 else ""
            self.notify(lines + more, title=f"Skipped {plural(len(corpus.problems), 'file')}",
                        severity="warning", timeout=10, markup=False)
        if corpus.articles:
            first = corpus.articles[0]
            self.open_key(first.id)
            self.tree.reveal(first.id)
        if self.focused is None:   # keys pressed while it loaded (`/创新`) keep their pane
            self.focus_pane("tree" if self.size.width >= TREE_MIN_WIDTH else "reader")
        if self.query_text.strip():  # a query typed while it loaded
            self._start_search(self.query_text)
        self._update_status()
        # Background work starts once the corpus is on screen: first the search engine
        # (imports, the segmenter's dictionary), then the figures, then the index.
        self.call_after_refresh(self._start_engine)

    @on(EngineReady)
    @while_running
    def _engine_ready(self, message: EngineReady) -> None:
        self._background_started = True
        # A query typed during the start: its results first, the section's figures after them.
        self._figures_after_results = bool(self.query_text.strip()) and self.results is None
        if not self._figures_after_results:
            self._refresh_figures()

    @on(EngineFailed)
    @while_running
    def _engine_failed(self, message: EngineFailed) -> None:
        self.notify(message.message, title="Search", severity="error", markup=False)

    # -- the search engine and its index ---------------------------------------------------

    def _big_corpus(self) -> bool:
        """Whether a first search without the index would take long (it folds every block)."""
        if self._corpus_chars is None:
            self._corpus_chars = sum(len(block.text) for block in self.corpus.blocks())
        return self._corpus_chars > BIG_CORPUS_CHARS

    def _get_engine(self):
        with self._engine_lock:
            if self.engine is None:
                from tanwen.search import SearchEngine

                self.engine = SearchEngine(self.corpus)
            return self.engine

    @work(thread=True, exclusive=True, group="engine")
    def _start_engine(self) -> None:
        try:
            engine = self._get_engine()
        except Exception as error:  # the tree and the reader still work
            self._index_settled.set()
            self.post_message(EngineFailed(f"search is unavailable: {error}"))
            return
        if self.build_index:
            self._index_on_disk = _has_index(engine)
            self._build_index()
        if not self.build_index or not self._index_on_disk:
            try:   # searches scan the corpus until an index is ready: make that ready now
                engine.prepare()
            except Exception:
                pass
        try:  # load the segmenter's dictionary now, not on the first keystroke
            from tanwen.search import warm_up

            warm_up()
        except Exception:
            pass
        self.post_message(EngineReady(self._index_on_disk))

    @work(thread=True, exclusive=True, group="index")
    def _build_index(self) -> None:
        from tanwen.search import DiskFull, IndexBusy, IndexUnwritable

        engine = self._get_engine()
        worker = get_current_worker()

        last = [-1]

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:        # the app is closing: end the build (and its workers)
                raise _BuildCancelled
            percent = int(done * 100 / total) if total else 100
            if percent != last[0]:
                last[0] = percent
                self.post_message(IndexProgress(IndexState("indexing", percent)))

        self.post_message(IndexProgress(IndexState("indexing")))
        try:
            engine.ensure_index(progress=progress)
        except _BuildCancelled:
            return
        except IndexBusy:
            opened = engine.open_existing_index()
            self._index_done("index" if opened else "scan",
                             None if opened else "another tanwen is writing the index; searching without it")
        except IndexUnwritable as error:
            # An up-to-date index on disk still serves; on a full disk, the last good one.
            if engine.open_existing_index(fresh_only=True):
                self._index_done("index", f"{error}; using the index on disk")
            elif isinstance(error, DiskFull) and engine.open_existing_index():
                self._index_done("index", f"{error}; using the index as it was (recent changes are missing)")
            else:
                self._index_done("scan", f"{error}; searching without an index")
        except Exception as error:  # search still works by scanning the loaded corpus
            self._index_done("scan", f"index unavailable ({error}); searching without it")
        else:
            self._index_done("index", None)

    def _index_done(self, phase: str, warning: str | None) -> None:
        """In the build worker: searches may use what there is now; tell the UI thread."""
        self._index_settled.set()
        self.post_message(IndexProgress(IndexState(phase), warning))

    @on(IndexProgress)
    @while_running
    def _index_progress(self, message: IndexProgress) -> None:
        self.index_state = message.state
        if not message.state.settled:
            return
        if message.warning:
            self.notify(message.warning, title="Search index", markup=False,
                        severity="warning" if message.state.phase == "scan" else "information")
        if self.query_text.strip():     # search again with the index (or without, for good)
            self._search(self.query_text)

    # -- searching -------------------------------------------------------------------------

    @on(SearchBar.Changed, "#search")
    def _query_changed(self, event: SearchBar.Changed) -> None:
        self.query_text = query = event.value
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self._start_search(query))

    def _start_search(self, query: str) -> None:
        if query != self.query_text:
            return          # typed on since
        if not self.is_running:
            return          # the debounce ran out as the app closed: its widgets are going
        if not query.strip():
            self._apply_results(SearchView(query), None)
            return
        self._search(query)

    def search_now(self, query: str) -> None:
        """Search for `query` at once (no debounce), as if typed into the search box."""
        with self.search_bar.prevent(SearchBar.Changed):
            self.search_bar.value = query
        self.query_text = query
        if self._debounce is not None:
            self._debounce.stop()
        self._start_search(query)

    def _search(self, query: str) -> None:
        """Search in a worker, which draws the result rows for the list's width now."""
        self._run_search(query, self.results_list.row_format())

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: str, row_format: RowFormat) -> None:
        if self.corpus is None:
            return
        try:
            engine = self._get_engine()
            on_disk = self._index_on_disk if self._index_on_disk is not None else _has_index(engine)
            if self.build_index and not self._index_settled.is_set() and (on_disk or not self._big_corpus()):
                # An index on disk opens in a fraction of a second, and a small corpus indexes
                # as fast; then a search takes milliseconds. A first scan of a big corpus takes
                # seconds. So wait a little for the index, unless a big one is being built.
                self._index_settled.wait(INDEX_WAIT_SECONDS)
            if get_current_worker().is_cancelled:
                return
            # One search at a time: a first search builds tables the next ones reuse.
            with self._search_lock:
                if get_current_worker().is_cancelled:
                    return
                results = engine.search(query, limit=RESULT_LIMIT)
            view = build_search_view(query, results, self.corpus,
                                     lambda rank, hit: prepared_row(rank, hit, row_format), row_format)
            error = None
        except Exception as exc:  # the query language never raises; anything else is a bug to show
            view, error = SearchView(query), f"search failed: {exc}"
        if get_current_worker().is_cancelled:
            return
        self.post_message(SearchFinished(query, view, error))

    @on(SearchFinished)
    @while_running
    def _search_finished(self, message: SearchFinished) -> None:
        if message.query != self.query_text:
            return  # an older query's answer: the current one is on its way
        self._apply_results(message.view, message.error)

    def _apply_results(self, view: SearchView, error: str | None) -> None:
        """Show a search's view, built in the worker: only assignments here."""
        if view.results is not None:
            self.timings.setdefault("first_results", time.perf_counter())
        self.results = view.results
        self._occurrences = view.occurrences
        self._occurrence_index = view.occurrence_index
        self.hit_index = None
        self.tree.set_counts(view.node_counts)
        self.reader.set_hits(view.matches)
        self.reader.set_current(None)
        panel = self.query_one("#results-panel")
        active = bool(self.query_text.strip())
        panel.set_class(active, "-active")
        self.results_list.show_rows(view.results.hits if view.results is not None else [], view.rows, view.row_format)
        self._update_results_summary(error)
        self._update_status()
        if self.figures_scope == "results" or self._figures_after_results:
            self._figures_after_results = False
            self._refresh_figures()
        if self._pending_jump is not None and self._pending_jump == view.query:
            self._pending_jump = None
            self._open_result(self.results_list.highlighted or 0, focus_reader=True)
            self.search_bar.release_keys()
        self._settle_pending_occurrence(view.query)

    def _update_results_summary(self, error: str | None = None) -> None:
        """Counts and keys on one line, fitted to the width; an error or a notice below, whole."""
        fields: list[Field] = []
        note = Text(end="")
        results = self.results
        if error:
            note.append(error, "bold red")
        elif results is not None:
            if results.total:
                listed = len(results.hits)
                fields += [Field(plural(results.total, "block"), "bold"),
                           Field(plural(len(self._occurrences), "hit"), "bold", rank=1)]
                if results.total > listed:
                    fields.append(Field(f"top {listed} listed", "dim", rank=3, short=f"top {listed}"))
                fields.append(Field("↑↓ choose · enter open · n/N step", "dim", rank=4,
                                    short="↑↓ enter n/N", separator="  "))
            else:
                fields.append(Field("no matches", "bold"))
                described = results.query.describe() if not results.query.is_empty else ""
                if described:
                    fields.append(Field(clean(f"for {described}"), "dim", rank=2, separator=" "))
            if results.notice:
                note.append("⚠ ", "bold yellow")
                note.append_text(plain(results.notice, style="yellow"))
        self.query_one("#results-summary", FittedText).update(fitted_fields(fields, note))

    @on(SearchBar.Submitted, "#search")
    def _query_submitted(self, event: SearchBar.Submitted) -> None:
        if not event.value.strip():
            self.action_back()
            self.search_bar.release_keys()
            return
        ready = self.results is not None and self.results.query.raw == event.value and self._debounce_idle()
        if ready:
            self._open_result(self.results_list.highlighted or 0, focus_reader=True)
            self.search_bar.release_keys()     # keys typed after enter go to the reader now
        else:   # keys typed after enter wait for this search (see _apply_results)
            self._pending_jump = self.query_text
            if self._debounce is not None:
                self._debounce.stop()
            self._search(self.query_text)

    def _debounce_idle(self) -> bool:
        return not self.workers or not any(w.group == "search" and w.is_running for w in self.workers)

    @on(SearchBar.Move)
    def _move_result(self, event: SearchBar.Move) -> None:
        results = self.results_list
        if not results.option_count:
            return
        current = results.highlighted if results.highlighted is not None else -1
        results.highlighted = max(0, min(results.option_count - 1, current + event.step))
        self._open_result(results.highlighted, focus_reader=False)

    @on(OptionList.OptionHighlighted, "#results")
    def _result_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.results_list.has_focus and event.option_index is not None:
            self._open_result(event.option_index, focus_reader=False)

    @on(OptionList.OptionSelected, "#results")
    def _result_selected(self, event: OptionList.OptionSelected) -> None:
        self._open_result(event.option_index, focus_reader=True)

    def _open_result(self, rank: int, *, focus_reader: bool) -> None:
        if self.results is None or not self.results.hits:
            if self.results is not None and focus_reader:
                self.focus_pane("reader")
            return
        hit = self.results.hits[max(0, min(rank, len(self.results.hits) - 1))]
        span = tuple(hit.spans[0]) if hit.spans else (0, 0)
        index = self._occurrence_index.get((hit.block_id, span))
        if index is not None:
            self.go_to_occurrence(index)
        else:
            self._show_block(hit.block_id, own_section=True)
            self.reader.set_current(hit.block_id, span)
        if focus_reader:
            self.focus_pane("reader")

    # -- hits ------------------------------------------------------------------------------

    def go_to_occurrence(self, index: int) -> None:
        if not self._occurrences:
            return
        index %= len(self._occurrences)
        self.hit_index = index
        block_id, span = self._occurrences[index]
        self._show_block(block_id, own_section=True)
        self.reader.set_current(block_id, span)

    def _show_block(self, block_id: str, *, own_section: bool = False) -> None:
        """Open the block's section — for a search hit always its own section, so that the
        reader, the tree cursor and the figures follow the hit; otherwise only when the
        reader does not show the block already."""
        block = self.corpus.block(block_id) if self.corpus is not None else None
        if block is None or block.section is None:
            return
        view = self.reader.view
        if own_section:
            if view is None or view.key != block.section.id:
                self.open_key(block.section.id)
        elif view is None or view.index_of(block_id) is None:
            self.open_key(block.section.id)

    def _first_occurrence_from_view(self, forward: bool) -> int:
        view = self.reader.view
        if view is not None:
            indices = [i for i, (block_id, _) in enumerate(self._occurrences) if view.index_of(block_id) is not None]
            if indices:
                return indices[0] if forward else indices[-1]
        return 0 if forward else len(self._occurrences) - 1

    def action_next_hit(self) -> None:
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        if not self._occurrences:
            self.notify("No hits to step through: press / and type a query." if not self.query_text.strip()
                        else "No hits for this query.", severity="warning", timeout=3)
            return
        if self.hit_index is None:
            index = self._first_occurrence_from_view(step > 0)
        else:
            index = self.hit_index + step
            if not 0 <= index < len(self._occurrences):
                self.notify("Search wrapped to the " + ("first" if step > 0 else "last") + " hit.", timeout=2)
        self.go_to_occurrence(index)

    # -- sections --------------------------------------------------------------------------

    def open_key(self, key: str, *, focus_reader: bool = False, from_tree: bool = False) -> None:
        """Show an article or a section (by id) in the reader."""
        if self.corpus is None:
            return
        view = self.reader.view
        if view is None or view.key != key:
            item = self.corpus.section(key) or next((a for a in self.corpus.articles if a.id == key), None)
            if item is None:
                return
            self.reader.show(make_view(item))
            self._forget_hit_outside_view()
            self._update_crumb()
            if self.figures_scope == "section":
                self._refresh_figures()
            self._update_status()
        if not from_tree:
            self.tree.reveal(key)
        if focus_reader:
            self.focus_pane("reader")

    def _forget_hit_outside_view(self) -> None:
        """A hit the reader no longer shows is no longer the current one: the status says
        `N hits` again (not `hit 16 of 91`), and n starts from the section shown."""
        if self.hit_index is None or self.reader.view is None:
            return
        block_id, _ = self._occurrences[self.hit_index]
        if self.reader.view.index_of(block_id) is None:
            self.hit_index = None
            self.reader.set_current(None)

    @on(Tree.NodeHighlighted, "#tree")
    def _node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data is not None:
            self.open_key(event.node.data.id, from_tree=True)

    @on(Tree.NodeSelected, "#tree")
    def _node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None:
            self.open_key(event.node.data.id, from_tree=True, focus_reader=True)

    def _step_section(self, step: int) -> None:
        keys = self.tree.ordered_keys()
        if not keys:
            return
        current = self.reader.view.key if self.reader.view is not None else None
        index = keys.index(current) + step if current in keys else 0
        index = max(0, min(len(keys) - 1, index))
        self.open_key(keys[index])

    def action_next_section(self) -> None:
        self._step_section(1)

    def action_previous_section(self) -> None:
        self._step_section(-1)

    def _update_crumb(self) -> None:
        """The view's path; the crumb fits it to its width (its first parts give way to its last)."""
        view = self.reader.view
        self.query_one("#crumb", Crumb).show(view.title.split(PATH_SEPARATOR) if view is not None else [])

    # -- figures ---------------------------------------------------------------------------

    def _refresh_figures(self) -> None:
        if self.corpus is None or not self._background_started:
            return
        source = self._figures_source()
        if self.figures_scope == "results" and self.results is not None:
            block_ids, blocks = self.results.matches, None      # looked up in the worker
            label = f"search {self.query_text.strip()}"
        else:
            view = self.reader.view
            block_ids, blocks = None, list(view.blocks) if view is not None else []
            label = view.title.split(" › ")[-1] if view is not None else "corpus"
        self._extract_figures(self.figures_scope, source, label, blocks, block_ids)

    def _figures_source(self) -> str:
        """What the figures pane lists now: the search results' query, or the reader's section."""
        if self.figures_scope == "results" and self.results is not None:
            return f"search:{self.query_text}"
        view = self.reader.view
        return f"section:{view.key if view is not None else ''}"

    @work(thread=True, exclusive=True, group="figures")
    def _extract_figures(self, scope: str, source: str, label: str, blocks: list | None, block_ids) -> None:
        from tanwen.corpus.figures import extract_block

        if blocks is None:
            blocks = [b for b in map(self.corpus.block, block_ids) if b is not None]
        figures = []
        for block in blocks:
            if get_current_worker().is_cancelled:
                return
            try:
                figures.extend(extract_block(block))
            except Exception:  # one odd block must not empty the whole list
                continue
        captions = [block for block in blocks if block.kind is BlockKind.CAPTION]
        self.post_message(FiguresReady(scope, source, label, figures, captions))

    @on(FiguresReady)
    @while_running
    def _figures_ready(self, message: FiguresReady) -> None:
        if message.scope != self.figures_scope or message.source != self._figures_source():
            return    # the reader moved on, or the scope changed, while they were extracted
        self.figures_pane.show(message.figures, message.captions, message.scope, message.label)

    def action_figures_scope(self) -> None:
        if self.figures_scope == "section" and self.results is None:
            self.notify("Search first: this lists the figures of every search result.", timeout=3)
            return
        self.figures_scope = "results" if self.figures_scope == "section" else "section"
        self._refresh_figures()

    @on(FiguresPane.FigureChosen)
    def _figure_chosen(self, event: FiguresPane.FigureChosen) -> None:
        figure = event.figure
        self._show_block(figure.block_id)
        self.reader.set_figure(figure.block_id, (figure.start, figure.end))

    @on(FiguresPane.CaptionChosen)
    def _caption_chosen(self, event: FiguresPane.CaptionChosen) -> None:
        block = event.block
        self._show_block(block.id)
        self.reader.set_figure(block.id, (0, len(block.text)))

    @on(FiguresPane.CopyRequested)
    def _copy_requested(self, event: FiguresPane.CopyRequested) -> None:
        self.action_copy_figure(event.style)

    def action_copy_figure(self, style: str = "value") -> None:
        pane = self.figures_pane
        if pane.active_tab == "tab-captions":
            block = pane.current_caption()
            if block is None:
                self.notify("No caption to copy here.", severity="warning", timeout=3)
                return
            text = clean(caption_text(block.text))
            if style != "value":
                text = f"{text}——{caption_source(block)}"
            self.copy_text(text, "caption" if style == "value" else "caption with source")
            return
        figure = pane.current_figure()
        if figure is None:
            self.notify("No figure to copy here.", severity="warning", timeout=3)
            return
        from tanwen.corpus.figures import render_figure

        text = render_figure(figure, "value" if style == "value" else "citation", self.corpus)
        self.copy_text(clean(text), "figure" if style == "value" else "citation")

    @on(FiguresPane.ExportRequested)
    def action_export_figures(self) -> None:
        from tanwen.tui.export import default_path
        from tanwen.tui.widgets.export_screen import ExportScreen

        pane = self.figures_pane
        if not pane.figures:
            self.notify("No figures to export here.", severity="warning", timeout=3)
            return
        figures, label = list(pane.figures), pane.scope_label
        paths = {fmt: default_path(label, fmt) for fmt in ("csv", "markdown")}
        what = "the search results" if pane.scope == "results" else clean(label)

        def done(choice) -> None:
            if choice is None:
                return
            fmt, path = choice
            self._write_export(figures, fmt, path, label)

        self.push_screen(ExportScreen(len(figures), what, paths), done)

    def _write_export(self, figures: list, fmt: str, path: Path, label: str) -> None:
        from tanwen.tui.export import write_export

        try:
            count = write_export(figures, path, fmt, title=f"tanwen figures: {label}")
        except (OSError, ValueError) as error:
            self.notify(f"Could not write {path}: {error}", title="Export", severity="error", markup=False)
            return
        self.notify(f"{count} figures → {path}", title="Exported", markup=False)

    # -- clipboard -------------------------------------------------------------------------

    def copy_to_clipboard(self, text: str) -> None:
        """OSC 52 to the terminal (also wrapped for tmux inside tmux); `self.clipboard` holds it."""
        self._clipboard = text
        if self._driver is None or self.is_headless:
            return
        for sequence in terminal_sequences(text, os.environ):
            self._driver.write(sequence)

    def copy_text(self, text: str, what: str) -> None:
        """Copy by every route (see tui.clipboard) and say what was copied where."""
        self.copy_to_clipboard(text)
        if self.is_headless:
            self._notify_copy(CopyFinished(CopyOutcome(text, what, ["terminal (OSC 52)"])))
        else:
            self._copy_elsewhere(text, what)

    @work(thread=True, group="clipboard")
    def _copy_elsewhere(self, text: str, what: str) -> None:
        outcome = copy_everywhere(text, what, write_terminal=None)
        outcome.routes.insert(0, "terminal (OSC 52)")
        self.post_message(CopyFinished(outcome))

    @on(CopyFinished)
    @while_running
    def _notify_copy(self, finished: CopyFinished) -> None:
        outcome = finished.outcome
        title, message, severity = outcome.summary()
        self.notify(message, title=title, severity=severity, markup=False,
                    timeout=4 if outcome.verified else 8)

    # -- panes, focus, size ----------------------------------------------------------------

    def action_focus_search(self) -> None:
        """Focus the search box with its query selected, so typing starts a new one (as in
        less or a browser) and an arrow key keeps it."""
        self.focus_pane("search")
        self.search_bar.select_all()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "focus_search":
            from textual.widgets import Input

            return self.screen is self.screen_stack[0] and not isinstance(self.focused, Input)
        return super().check_action(action, parameters)     # the corpus views' rule (opening.py)

    def action_back(self) -> None:
        self.focus_pane("reader")

    def action_clear_search(self) -> None:
        self.search_bar.value = ""
        self.query_text = ""
        self._apply_results(SearchView(""), None)

    def on_resize(self, event) -> None:
        self._apply_size(event.size.width)

    # Panes in tab order; "centre" is the column of the results list and the reader.
    PANES = ("search", "tree", "results", "reader", "figures")

    def _pane_of(self, widget) -> str | None:
        node = widget
        while node is not None:
            if node.id in ("search", "tree", "results", "reader", "figures"):
                return node.id
            node = node.parent
        return None

    def on_descendant_focus(self, event) -> None:
        pane = self._pane_of(event.widget)
        if pane is not None and pane != self._focused_pane:
            self._focused_pane = pane
            self._apply_size(self.size.width)

    def _apply_size(self, width: int) -> None:
        """Show the panes `pane_rules.visible_panes` chooses for this width, focus and toggles."""
        panes = visible_panes(width, self._focused_pane, self._user_tree, self._user_figures,
                              self._preferred_side)
        body = self.query_one("#body")
        body.set_class(not panes.tree, "-hide-tree")
        body.set_class(not panes.figures, "-hide-figures")
        body.set_class(not panes.centre, "-hide-centre")
        body.set_class(panes.narrow, "-narrow")
        body.set_class(panes.single, "-single")
        body.set_class(panes.stacked, "-stacked")

    def action_focus_next(self) -> None:
        self._cycle(1)

    def action_focus_previous(self) -> None:
        self._cycle(-1)

    def _cycle(self, step: int) -> None:
        order = [p for p in self.PANES if p != "results" or self.query_one("#results-panel").has_class("-active")]
        current = self._pane_of(self.focused) or "reader"
        if current not in order:
            current = "reader"
        self.focus_pane(order[(order.index(current) + step) % len(order)])

    def focus_pane(self, pane: str) -> None:
        """Focus a pane by name, showing it first when the width had it hidden.

        At once, not after a refresh (as `Widget.focus` does): keys that arrive in the same
        burst as `/` or enter (`/xyz`, a paste, a fast typist) go to the newly focused pane.
        """
        self._focused_pane = pane
        self._apply_size(self.size.width)
        if pane == "figures":
            if not self.figures_pane.has_focus_within:
                self._sync_figure_cursor()
            target = self.figures_pane.current_list()
        else:
            target = self.query_one(f"#{pane}")
        target.screen.set_focus(target)

    def _sync_figure_cursor(self) -> None:
        """Put the figures cursor on the first figure at or after where the reader is: the
        current hit, else the top of the screen."""
        pane, view = self.figures_pane, self.reader.view
        if view is None or not pane.figures:
            return
        anchor = self.reader.current or self.reader.top_anchor()
        if anchor is None:
            return
        block_id, where = anchor
        offset = where[0] if isinstance(where, tuple) else where
        index = view.index_of(block_id)
        if index is None:
            return
        for number, figure in enumerate(pane.figures):
            position = view.index_of(figure.block_id)
            if position is not None and (position, figure.end) > (index, offset):
                pane.set_figure_cursor(number)
                return

    def _pane_shown(self, pane: str) -> bool:
        return not self.query_one("#body").has_class(f"-hide-{pane}")

    def action_toggle_tree(self) -> None:
        if self.size.width < TREE_MIN_WIDTH:
            self.focus_pane("reader" if self._focused_pane == "tree" else "tree")
            return
        self._user_tree = not self._pane_shown("tree")
        if self._user_tree:   # like f: the pane shown gets focus (and wins over the other if both do not fit)
            self._preferred_side = "tree"
            self.focus_pane("tree")
        elif self._focused_pane == "tree":
            self.focus_pane("reader")
        else:
            self._apply_size(self.size.width)

    def action_toggle_figures(self) -> None:
        if self.size.width < TREE_MIN_WIDTH:
            self.focus_pane("reader" if self._focused_pane == "figures" else "figures")
            return
        self._user_figures = not self._pane_shown("figures")
        if self._user_figures:
            self._preferred_side = "figures"
            self.focus_pane("figures")
        else:
            if self._focused_pane == "figures":
                self.focus_pane("reader")
            self._apply_size(self.size.width)

    # -- status ----------------------------------------------------------------------------

    def watch_index_state(self) -> None:
        self._update_status()

    def watch_hit_index(self) -> None:
        self._update_status()

    def watch_figures_scope(self) -> None:
        self._update_status()

    def _update_status(self) -> None:
        """Corpus, hits, index state on one line; what matters least gives way on a narrow screen."""
        bar = "  │  "
        fields: list[Field] = []
        corpus = self.corpus
        if corpus is None:
            fields.append(Field("loading the corpus…", "dim"))
        else:
            sections = len(self.tree.nodes_by_key) - len(corpus.articles)
            fields += [Field(clean(corpus.name), "bold", rank=2),
                       Field(f"{plural(len(corpus.articles), 'article')} · {plural(sections, 'section')}",
                             "dim", rank=3,
                             short=f"{sections} §")]
        results = self.results
        if results is not None and self.query_text.strip():
            if self._occurrences:
                where = (f"hit {self.hit_index + 1} of {len(self._occurrences)}" if self.hit_index is not None
                         else plural(len(self._occurrences), "hit"))
                fields += [Field(where, "bold", separator=bar), Field(plural(results.total, "block"), rank=2)]
            else:
                fields.append(Field("no hits", "bold", separator=bar))
            if self.SHOW_TIMINGS:
                fields.append(Field(f"{results.elapsed_ms:.1f} ms", "dim", rank=4))
            fields.append(Field(results.mode, "dim", rank=3))
        if self.figures_scope == "results":
            fields.append(Field("figures of results", "dim", rank=1, short="figs: results", separator=bar))
        if self.index_state.describe():
            fields.append(Field(self.index_state.describe(), "italic", rank=1, separator=bar))
        self.query_one("#status", FittedText).update(fitted_fields(fields))

    # -- help ------------------------------------------------------------------------------

    def key_rows(self) -> list[KeyRow]:
        """The help screen's rows: every key, with the keys in effect after the user keymap."""
        return key_rows(self.user_keymap)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        from tanwen.tui.keymap import keymap_path

        note = (f"Remap any key by its id in {keymap_path()} (e.g. next-hit = \"ctrl+n\"). "
                "Mouse: click a section, a result or a figure; scroll with the wheel.")
        self.push_screen(HelpScreen(self.key_rows(), note))


def _has_index(engine) -> bool:
    """Whether an index (of any generation) is on disk for the engine's corpus."""
    try:
        return engine.has_index_on_disk()
    except OSError:
        return False


def make_view(item: Article | Section) -> ReaderView:
    if isinstance(item, Article):
        blocks = list(item.blocks())
        ids = frozenset(section.id for section in item.walk())
        return ReaderView(item.id, " ".join(item.title.split()), blocks, ids)
    blocks = list(item.all_blocks())
    ids = frozenset(section.id for section in item.walk())
    article = item.article.title if item.article is not None else ""
    path = section_path(item.path)
    title = path if not article or path.startswith(article) else f"{' '.join(article.split())} › {path}"
    return ReaderView(item.id, title, blocks, ids)


def caption_source(block) -> str:
    section = block.section
    article = section.article if section is not None else None
    if article is None:
        return ""
    parts = [f"《{' '.join(article.title.split())}》"]
    described = article.meta.describe()
    if described:
        parts.append(described)
    return "，".join(clean(part) for part in parts)


def run_app(corpus_path: Path | None) -> tuple[int, str | None]:
    """Run the app; its exit code, and what went wrong if the corpus could not be loaded."""
    app = TanwenApp(corpus_path=corpus_path)
    app.run()
    if app.load_error:
        return EXIT_ERROR, app.load_error
    if app.return_code:     # Textual has printed the traceback; 0 would say all went well
        return EXIT_INTERNAL, "the app stopped on an error (its traceback is above)"
    return EXIT_OK, None
