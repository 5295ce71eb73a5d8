"""The app's side of the corpus views: the actions that open them (K, D, C, W, F) and what
they ask of the app when a row is chosen (open an occurrence, a section, a figure; search).

A mixin of TanwenApp; their keys are in the key table (tui/keys.py).
"""

from __future__ import annotations

from pathlib import Path


class CorpusViews:
    """Mixed into TanwenApp: needs its corpus, reader, and its loading, navigator, copying."""

    _pending_occurrence: tuple[str, str, tuple[int, int]] | None = None   # (query, block, span)

    def _view_ready(self) -> bool:
        if self.corpus is None:
            self.notify("The corpus is still loading.", timeout=3)
            return False
        return True

    def _push_view(self, screen) -> None:
        from tanwen.tui.screens.view_screen import ViewScreen

        if isinstance(self.screen, ViewScreen):       # one view at a time: replace it
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_concordance(self) -> None:
        from tanwen.tui.screens.concordance_screen import ConcordanceScreen

        if self._view_ready():
            self._push_view(ConcordanceScreen(self.query_text))

    def action_dispersion(self) -> None:
        from tanwen.tui.screens.dispersion_screen import DispersionScreen

        if self._view_ready():
            self._push_view(DispersionScreen(self.query_text))

    def action_collocates(self) -> None:
        from tanwen.tui.screens.collocates_screen import CollocatesScreen

        if self._view_ready():
            self._push_view(CollocatesScreen(self.query_text))

    def action_terms(self) -> None:
        from tanwen.tui.screens.terms_screen import TermsScreen

        if self._view_ready():
            view = self.reader.view
            self._push_view(TermsScreen(view.key if view else None, view.title if view else ""))

    def action_figure_table(self) -> None:
        from tanwen.tui.screens.figure_table_screen import FigureTableScreen

        if self._view_ready():
            self._push_view(FigureTableScreen())

    # -- what the views ask of the app -----------------------------------------------------

    def search_engine(self):
        return self.loading.engine_now()

    def search_for(self, query: str) -> None:
        """Search as if typed, and show the results."""
        self.search_now(query)
        self.focus_pane("results")

    def open_with_query(self, key: str, query: str) -> None:
        """Open an article or section with the query's hits highlighted."""
        if query.strip() and query.strip() != self.query_text.strip():
            self.search_now(query)
        self.open_key(key, focus_reader=True)

    def open_occurrence(self, query: str, block_id: str, span: tuple[int, int]) -> None:
        """Open the occurrence in the reader as the current hit (n/N go on from it)."""
        if query.strip() == self.query_text.strip() and self.results is not None:
            if self.navigator.open_occurrence(block_id, span):
                self.reader.focus()
                return
        self.search_now(query)
        self._pending_occurrence = (query, block_id, span)
        # Until the results are in, show it already.
        self.navigator.show_block(block_id, own_section=True)
        self.reader.set_current(block_id, span)
        self.reader.focus()

    def _settle_pending_occurrence(self, query: str) -> None:
        """Called when results arrive: make the occurrence a view opened the current hit."""
        pending = self._pending_occurrence
        if pending is None or pending[0] != query:
            return
        self._pending_occurrence = None
        self.navigator.open_occurrence(pending[1], pending[2])

    def open_figure(self, figure) -> None:
        self.navigator.show_block(figure.block_id, own_section=True)
        self.reader.set_figure(figure.block_id, (figure.start, figure.end))
        self.reader.focus()

    def write_figures(self, figures: list, fmt: str, path: Path, label: str) -> None:
        self.copying.write_export(figures, fmt, path, label)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a view screen is up, the reader's keys (n, f, t, [, ] …) do nothing."""
        from tanwen.tui.screens.view_screen import ViewScreen

        if action in MAIN_SCREEN_ACTIONS and isinstance(self.screen, ViewScreen):
            return False
        return super().check_action(action, parameters)


MAIN_SCREEN_ACTIONS = frozenset({
    "focus_search", "next_hit", "previous_hit", "previous_section", "next_section", "back",
    "toggle_figures", "toggle_tree", "figures_scope", "focus_next", "focus_previous",
})
