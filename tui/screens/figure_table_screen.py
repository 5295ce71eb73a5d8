"""Every figure of the corpus in one table: filter, sort (by value: money normalised), group
by metric; ⏎ opens the figure's sentence in the reader, y/Y copy, e exports."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable

from tanwen.corpus.figure_table import SORTS, filter_figures, group_by_metric, sort_figures
from tanwen.tui.export import format_value
from tanwen.tui.keys import bindings
from tanwen.tui.screens.view_screen import ViewScreen
from tanwen.tui.safe import clean, plain
from tanwen.tui.wording import short_place

# A table widget holds every row it is given: past this many, filtering narrows the list.
ROW_LIMIT = 3000
SORT_NAMES = {"position": "reading order", "value": "value (within kind and unit)", "kind": "kind",
              "metric": "metric", "period": "period", "article": "article"}


class FigureTableScreen(ViewScreen):
    TITLE_TEXT = "Figures of the corpus"
    QUERY_REQUIRED = False         # the box filters; empty shows every figure
    PLACEHOLDER = "filter: text in the figure, metric, period or file; kind:money unit:元 …; then ⏎"
    BINDINGS = bindings("figures of the corpus")

    def __init__(self) -> None:
        super().__init__("")
        self.sort, self.grouped = "position", False
        self.all_figures: list | None = None
        self.shown: list = []          # the figures in the table, row by row (None: a group row)
        self.listed: list = []         # every figure the filter keeps, in order

    def body(self) -> ComposeResult:
        yield DataTable(id="figure-table", cursor_type="row")

    def main_widget(self) -> DataTable:
        return self.query_one("#figure-table", DataTable)

    def compute(self, query: str):
        if self.all_figures is None:
            from tanwen.corpus.figures.processes import every_figure

            # Every field now, in this worker: the table shows metric and period of each.
            self.all_figures = every_figure(self.app.corpus)
        fields = {"kind": None, "unit": None}
        words = []
        for word in query.split():                 # kind:money, unit:亿元 … narrow; the rest is text
            name, colon, value = word.partition(":")
            if colon and name in fields and value:
                fields[name] = value
            else:
                words.append(word)
        chosen = sort_figures(filter_figures(self.all_figures, **fields, text=" ".join(words)), self.sort)
        return group_by_metric(chosen) if self.grouped else [(None, chosen)]

    def present(self, groups) -> None:
        table = self.main_widget()
        table.clear(columns=True)
        for name, width in (("figure", 16), ("kind", 10), ("value", 19), ("unit", 6),
                            ("metric", 30), ("period", 14), ("where", 12)):
            table.add_column(name, width=width)
        self.shown = []
        self.listed = [figure for _, figures in groups for figure in figures]
        total = len(self.listed)
        for metric, figures in groups:
            if len(self.shown) >= ROW_LIMIT:
                break
            figures = figures[:ROW_LIMIT - len(self.shown)]
            if metric is not None:
                table.add_row(Text(f"{len(figures)} ×", style="dim"), "", "", "",
                              plain(metric or "(no metric)", style="bold underline"), "", "")
                self.shown.append(None)
            for figure in figures:
                table.add_row(plain(figure.text, style="bold"), Text(figure.kind), Text(format_value(figure), justify="right"),
                              plain(figure.unit or ""), plain(figure.metric or ""), plain(figure.period or ""),
                              Text(short_place(figure.block_id)))
                self.shown.append(figure)
        count = sum(1 for figure in self.shown if figure is not None)
        grouped = " · grouped by metric" if self.grouped else ""
        cut = f" (first {count:,} shown: filter to narrow)" if count < total else ""
        self.set_title(f"Figures of the corpus · {total:,} of {len(self.all_figures or []):,}{cut} · "
                       f"sorted by {SORT_NAMES[self.sort]}{grouped}")
        self.set_status("⏎ open · s sort · g group · y/Y copy · e export · / filter (kind:money unit:元 …) · esc back")

    def current(self):
        table = self.main_widget()
        row = table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refresh_view()

    def action_group(self) -> None:
        self.grouped = not self.grouped
        self.refresh_view()

    def action_copy(self, style: str) -> None:
        figure = self.current()
        if figure is None:
            self.app.notify("No figure on this row.", severity="warning", timeout=3)
            return
        from tanwen.corpus.figures import render_figure

        text = render_figure(figure, "value" if style == "value" else "citation", self.app.corpus)
        self.app.copy_text(clean(text), "figure" if style == "value" else "citation")

    def action_export(self) -> None:
        from tanwen.tui.export import default_path
        from tanwen.tui.widgets.export_screen import ExportScreen

        figures = list(self.listed)                 # every figure the filter keeps, shown or not
        if not figures:
            self.app.notify("No figures to export here.", severity="warning", timeout=3)
            return
        label = f"corpus-{self.query_text}" if self.query_text else "corpus"
        paths = {fmt: default_path(label, fmt) for fmt in ("csv", "markdown", "json")}

        def done(choice) -> None:
            if choice is not None:
                self.app.write_figures(figures, choice[0], choice[1], label)

        self.app.push_screen(ExportScreen(len(figures), "the corpus table", paths), done)

    @on(DataTable.RowSelected, "#figure-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        figure = self.current()
        if figure is not None:
            self.dismiss()
            self.app.open_figure(figure)
