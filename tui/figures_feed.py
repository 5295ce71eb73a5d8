"""What the figures pane lists: the figures of the section in the reader, or of every search
result (`figures_scope`), extracted in a worker that posts FiguresReady; an answer for a
section or a query left meanwhile is dropped."""

from __future__ import annotations

from functools import partial

from textual.worker import get_current_worker

from tanwen.corpus.model import BlockKind
from tanwen.tui.messages import FiguresReady


class FiguresFeed:
    """Keeps the app's figures pane in step with the reader or the results."""

    def __init__(self, app) -> None:
        self.app = app

    def refresh(self) -> None:
        """Extract the figures of the current scope again (after the engine is ready: the
        pane stays empty until then, so the first screen is not slowed)."""
        app = self.app
        if app.corpus is None or not app._background_started:
            return
        scope, results = app.figures_scope, app.search_view.results
        if scope == "results" and results is not None:
            block_ids, blocks = results.matches, None      # looked up in the worker
            label = f"search {app.query_text.strip()}"
        else:
            view = app.reading
            block_ids, blocks = None, list(view.blocks) if view is not None else []
            label = view.title.split(" › ")[-1] if view is not None else "corpus"
        app.run_worker(partial(self._extract, scope, self.source(), label, blocks, block_ids),
                       name="extract_figures", group="figures", exclusive=True, thread=True)

    def source(self) -> str:
        """What the pane lists now: the search results' query, or the reader's section."""
        app = self.app
        if app.figures_scope == "results" and app.search_view.results is not None:
            return f"search:{app.query_text}"
        view = app.reading
        return f"section:{view.key if view is not None else ''}"

    def is_current(self, message: FiguresReady) -> bool:
        """Whether figures are still wanted: the reader and the scope have not moved on."""
        return message.scope == self.app.figures_scope and message.source == self.source()

    def _extract(self, scope: str, source: str, label: str, blocks: list | None, block_ids) -> None:
        from tanwen.corpus.figures import extract_block

        if blocks is None:
            blocks = [b for b in map(self.app.corpus.block, block_ids) if b is not None]
        figures = []
        for block in blocks:
            if get_current_worker().is_cancelled:
                return
            try:
                figures.extend(extract_block(block))
            except Exception:  # one odd block must not empty the whole list
                continue
        captions = [block for block in blocks if block.kind is BlockKind.CAPTION]
        self.app.post_message(FiguresReady(scope, source, label, figures, captions))

    def toggle_scope(self) -> None:
        app = self.app
        if app.figures_scope == "section" and app.search_view.results is None:
            app.notify("Search first: this lists the figures of every search result.", timeout=3)
            return
        app.figures_scope = "results" if app.figures_scope == "section" else "section"

    def sync_cursor(self) -> None:
        """Put the figures cursor on the first figure at or after where the reader is: the
        current hit, else the top of the screen."""
        pane, reader = self.app.figures_pane, self.app.reader
        view = reader.view
        if view is None or not pane.figures:
            return
        anchor = reader.current or reader.top_anchor()
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
