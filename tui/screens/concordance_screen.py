"""The concordance (KWIC) screen: every occurrence of the query on a line of its own."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from tanwen.tui.fitting import section_path
from tanwen.tui.keys import bindings
from tanwen.tui.screens.view_screen import ViewScreen
from tanwen.tui.widgets.kwic_view import KwicView

SORT_NAMES = {"position": "position", "right": "R1, R2…", "left": "L1, L2…", "article": "article, R1…"}
DEFAULT_WIDTH = 20
WIDTH_STEP = 5


class ConcordanceScreen(ViewScreen):
    TITLE_TEXT = "Concordance"
    BINDINGS = bindings("concordance")

    def __init__(self, query: str = "", width: int = DEFAULT_WIDTH) -> None:
        super().__init__(query)
        self.width = width
        self.sort = "position"
        self.found = None

    def body(self) -> ComposeResult:
        yield KwicView(id="kwic")

    def main_widget(self) -> KwicView:
        return self.query_one("#kwic", KwicView)

    def compute(self, query: str):
        from tanwen.search import Concordance, find_occurrences

        found = find_occurrences(self.engine(), query)
        return Concordance(found, width=self.width, sort=self.sort)

    def present(self, concordance) -> None:
        self.found = concordance.found
        hint = "No occurrences." if not len(concordance) else ""
        self.main_widget().show(concordance, hint)
        self._describe()

    def _describe(self) -> None:
        view = self.main_widget()
        concordance = view.concordance
        if concordance is None:
            return
        notice = f" · {concordance.found.notice}" if concordance.found.notice else ""
        self.set_title(f"Concordance · “{self.query_text}” · {len(concordance)} occurrences · "
                       f"sorted by {SORT_NAMES[concordance.sorted_by]} · ±{concordance.width} characters"
                       f"{notice}")
        self._status_for(view.cursor)

    def _status_for(self, row: int) -> None:
        line = self.main_widget().current
        if line is None:
            self.set_status("r/l/p/a sort · +/- context · / query · esc back")
            return
        section = self.app.corpus.section(line.section_id) if self.app.corpus is not None else None
        where = section_path(section.path) if section is not None else line.section_id
        self.set_status(f"{row + 1}/{len(self.main_widget().concordance)}  {line.source} · {where}")

    @on(KwicView.Moved)
    def _moved(self, event: KwicView.Moved) -> None:
        self._status_for(event.row)

    def action_sort(self, by: str) -> None:
        self.sort = by
        view = self.main_widget()
        if view.concordance is not None:
            view.concordance.sort(by)
            view.refresh_lines()
            view.action_edge(0)
            self._describe()

    def action_context(self, step: int) -> None:
        self.width = max(WIDTH_STEP, min(100, self.width + step * WIDTH_STEP))
        view = self.main_widget()
        if view.concordance is not None:
            view.concordance.width = self.width
            view.concordance.sort(self.sort)      # the sort keys read the context
            view.refresh_lines()
            self._describe()

    @on(KwicView.Chosen)
    def _chosen(self, event: KwicView.Chosen) -> None:
        line = event.line
        self.dismiss()
        self.app.open_occurrence(self.query_text, line.block_id, (line.start, line.end))

    @on(KwicView.CopyRequested)
    def _copy(self, event: KwicView.CopyRequested) -> None:
        self.app.copy_text(event.line.plain(), "concordance line")
