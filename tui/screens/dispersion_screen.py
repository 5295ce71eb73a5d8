"""The dispersion plot: a row per article (or section) with its hits, their frequency per
10,000 characters, and a bar marking where in the text each occurrence falls."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable

from tanwen.tui.keys import bindings
from tanwen.tui.screens.view_screen import ViewScreen
from tanwen.tui.safe import plain

LABEL_CELLS = 30


def fit(text: str, cells: int) -> str:
    """`text` cut to `cells` terminal cells, with … when cut."""
    if cell_len(text) <= cells:
        return text
    out, used = "", 0
    for char in text:
        if used + cell_len(char) > cells - 1:
            break
        out += char
        used += cell_len(char)
    return out + "…"


class DispersionScreen(ViewScreen):
    TITLE_TEXT = "Dispersion"
    BINDINGS = bindings("dispersion")

    def __init__(self, query: str = "", by: str = "article") -> None:
        super().__init__(query)
        self.by = by
        self.rows = []
        self._shown = None

    def body(self) -> ComposeResult:
        yield DataTable(id="plot", cursor_type="row", zebra_stripes=False)

    def main_widget(self) -> DataTable:
        return self.query_one("#plot", DataTable)

    def compute(self, query: str):
        from tanwen.search import dispersion, find_occurrences

        found = find_occurrences(self.engine(), query)
        return found, dispersion(found, self.by)

    def on_resize(self) -> None:
        if self._shown is not None:             # the bars take the width there is
            self.present(self._shown)

    def present(self, result) -> None:
        from tanwen.search import dispersion_bar

        self._shown = result
        found, self.rows = result
        table = self.main_widget()
        table.clear(columns=True)
        cells = max(10, self.size.width - LABEL_CELLS - 6 - 8 - 10)
        table.add_column("article" if self.by == "article" else "section", width=LABEL_CELLS)
        table.add_column("hits", width=6)
        table.add_column("per 10k", width=8)
        table.add_column("start → end", width=cells)
        titles = {a.id: a.title for a in self.app.corpus.articles} if self.app.corpus else {}
        for row in self.rows:
            # A section by its own heading: the path's start is the same for many rows.
            label = titles.get(row.key, row.label) if self.by == "article" else row.label.split(" › ")[-1]
            table.add_row(plain(fit(" ".join(label.split()), LABEL_CELLS)), Text(str(row.count), justify="right"),
                          Text(f"{row.per_10k:.1f}", justify="right"),
                          Text(dispersion_bar(row.positions, cells), style="bold yellow" if row.count else "dim"))
        notice = f" · {found.notice}" if found.notice else ""
        self.set_title(f"Dispersion · “{self.query_text}” · {len(found)} occurrences in "
                       f"{sum(1 for r in self.rows if r.count)} {self.by}s{notice}")
        self.set_status("⏎ open · s articles/sections · / query · esc back")

    def action_toggle_by(self) -> None:
        self.by = "section" if self.by == "article" else "article"
        self.refresh_view()

    @on(DataTable.RowSelected, "#plot")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if not 0 <= event.cursor_row < len(self.rows):
            return
        key = self.rows[event.cursor_row].key
        self.dismiss()
        self.app.open_with_query(key, self.query_text)
