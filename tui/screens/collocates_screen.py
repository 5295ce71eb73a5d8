"""Collocates: the words near the query's occurrences, by MI or log-likelihood. Selecting one
searches for both together."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable

from tanwen.tui.keys import bindings
from tanwen.tui.screens.view_screen import ViewScreen
from tanwen.tui.safe import plain

WINDOWS = (1, 2, 3, 5, 10)
MIN_FREQS = (1, 2, 3, 5, 10)


class CollocatesScreen(ViewScreen):
    TITLE_TEXT = "Collocates"
    BINDINGS = bindings("collocates")

    def __init__(self, query: str = "") -> None:
        super().__init__(query)
        self.measure, self.window, self.min_freq = "ll", 5, 3
        self.rows = []

    def body(self) -> ComposeResult:
        yield DataTable(id="collocates", cursor_type="row")

    def main_widget(self) -> DataTable:
        return self.query_one("#collocates", DataTable)

    def compute(self, query: str):
        from tanwen.search import collocates, find_occurrences

        found = find_occurrences(self.engine(), query)
        return found, collocates(found, window=self.window, min_freq=self.min_freq,
                                 measure=self.measure, limit=500)

    def present(self, result) -> None:
        found, self.rows = result
        table = self.main_widget()
        table.clear(columns=True)
        for name, width in (("word", 16), ("together", 9), ("left", 6), ("right", 6),
                            ("corpus", 8), ("MI", 7), ("LL", 9)):
            table.add_column(name, width=width)
        for row in self.rows:
            table.add_row(plain(row.word, style="bold"), *(Text(value, justify="right") for value in (
                str(row.together), str(row.left), str(row.together - row.left), str(row.frequency),
                f"{row.mi:.2f}", f"{row.ll:.1f}")))
        self.set_title(f"Collocates · “{self.query_text}” · {len(found)} occurrences · ±{self.window} words"
                       f" · min {self.min_freq} · by {self.measure.upper()} · {len(self.rows)} words")
        self.set_status("⏎ search both · m MI/LL · w window · v min freq · / query · esc back"
                        if self.rows else "No collocate this often: press v for a lower minimum.")

    def action_measure(self) -> None:
        self.measure = "mi" if self.measure == "ll" else "ll"
        self.refresh_view()

    def action_window(self) -> None:
        self.window = WINDOWS[(WINDOWS.index(self.window) + 1) % len(WINDOWS)] if self.window in WINDOWS else 5
        self.refresh_view()

    def action_min_freq(self) -> None:
        self.min_freq = MIN_FREQS[(MIN_FREQS.index(self.min_freq) + 1) % len(MIN_FREQS)]
        self.refresh_view()

    @on(DataTable.RowSelected, "#collocates")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            word = self.rows[event.cursor_row].word
            self.dismiss()
            self.app.search_for(f"{self.query_text} {word}")
