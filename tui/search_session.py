"""A query's way from the search box to a view ready to show: the debounce while typing, the
search worker (one search at a time), and which answer is still wanted.

The worker builds the whole `SearchView` (tui.search_view) and posts it in a SearchFinished
that names its query; the app shows it only if `is_current` says the box still holds that
query, so a slow answer to an older query never replaces a newer one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

from textual.worker import get_current_worker

from tanwen.tui.messages import SearchFinished
from tanwen.tui.search_view import SearchView, build_search_view
from tanwen.tui.widgets.results_list import RowFormat, prepared_row
from tanwen.tui.widgets.search_bar import SearchBar

DEBOUNCE_SECONDS = 0.15
RESULT_LIMIT = 100


class SearchSession:
    """Searches for the app's `query`; `show(view)` puts a view on screen at once (the empty
    query's, which needs no worker)."""

    def __init__(self, app, loading, show: Callable[[SearchView], None]) -> None:
        self.app = app
        self.loading = loading            # tui.loading.Loading: the engine, the index wait
        self.show = show
        self._debounce = None
        self._lock = threading.Lock()
        self.pending_jump: str | None = None       # the query whose results enter opens
        # For `again`: the query of the latest search started, and that query again if its
        # search went on before the index settled (so searched without it).
        self._started: str | None = None
        self._unsettled: str | None = None
        self._settle_lock = threading.Lock()

    def typed(self, query: str) -> None:
        """The box changed: search once typing pauses."""
        self._stop_debounce()
        self._debounce = self.app.set_timer(DEBOUNCE_SECONDS, lambda: self.start(query))

    def now(self, query: str, *, into_box: bool = False) -> None:
        """Search at once, no debounce; `into_box`: put the query in the search box first (as
        a view does, asking for a search), without it reporting a change."""
        if into_box:
            with self.app.search_bar.prevent(SearchBar.Changed):
                self.app.search_bar.value = query
            self.app.query_text = query
        self._stop_debounce()
        self.start(query)

    def clear(self) -> None:
        """Empty the box and show no results."""
        self.app.search_bar.value = ""
        self.app.query_text = ""
        self.show(SearchView(""))

    def start(self, query: str) -> None:
        if query != self.app.query_text:
            return          # typed on since
        if not self.app.is_running:
            return          # the debounce ran out as the app closed: its widgets are going
        if not query.strip():
            self.show(SearchView(query))
            return
        self.run(query)

    def again(self) -> None:
        """Search the current query again (the index settled: with it, or for good without),
        unless its latest search saw the index settled, or will: it answers with the index,
        and a second search would only draw the same rows again. (A search notes, under the
        lock, that it went on unsettled; the index settles before this is called; so either
        the note is here, or the search sees the index settled.)"""
        query = self.app.query_text
        with self._settle_lock:
            answered = query == self._started and query != self._unsettled
        if query.strip() and not answered:
            self.run(query)

    def submit(self, query: str) -> bool:
        """Enter in the box: True when the results for `query` are on screen now; else search
        at once, and `take_jump` says when they arrive."""
        results = self.app.search_view.results
        if results is not None and results.query.raw == query and self.idle():
            return True
        self.pending_jump = self.app.query_text
        self.run(self.app.query_text)
        return False

    def take_jump(self, query: str) -> bool:
        """Whether results for `query` are those enter waited for (once)."""
        if self.pending_jump is None or self.pending_jump != query:
            return False
        self.pending_jump = None
        return True

    def is_current(self, message: SearchFinished) -> bool:
        """Whether an answer is for the query in the box (else it is an older one's: drop it)."""
        return message.query == self.app.query_text

    def idle(self) -> bool:
        workers = self.app.workers
        return not workers or not any(w.group == "search" and w.is_running for w in workers)

    def _stop_debounce(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()

    # -- the worker ------------------------------------------------------------------------

    def run(self, query: str) -> None:
        """Search in a worker, which draws the result rows for the list's width now. A
        debounce still pending is for this query too (the box's latest text): stopped, so it
        is searched once."""
        self._stop_debounce()
        row_format = self.app.results_list.row_format()
        with self._settle_lock:
            self._started, self._unsettled = query, None
        self.app.run_worker(partial(self._search, query, row_format), name="search", group="search",
                            exclusive=True, thread=True)

    def _search(self, query: str, row_format: RowFormat) -> None:
        corpus = self.app.corpus
        if corpus is None:
            return
        worker = get_current_worker()
        try:
            engine = self.loading.engine_now()
            self.loading.wait_for_index(engine)
            with self._settle_lock:          # before the check below: see `again`
                if not self.loading.index_settled.is_set():
                    self._unsettled = query
            if worker.is_cancelled:
                return
            # One search at a time: a first search builds tables the next ones reuse.
            with self._lock:
                if worker.is_cancelled:
                    return
                results = engine.search(query, limit=RESULT_LIMIT)
            view = build_search_view(query, results, corpus,
                                     lambda rank, hit: prepared_row(rank, hit, row_format), row_format)
            error = None
        except Exception as exc:  # the query language never raises; anything else is a bug to show
            view, error = SearchView(query), f"search failed: {exc}"
        if worker.is_cancelled:
            return
        self.app.post_message(SearchFinished(query, view, error))
