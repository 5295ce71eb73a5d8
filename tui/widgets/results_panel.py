"""The results panel above the reader: a summary line (counts and keys, or why there are no
results) and the ranked list. It shows while there is a query.

Its `search_view` is bound to the app's (`data_bind` in TanwenApp.compose): a new view,
built in the search worker, is shown by assignment — the rows come drawn.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive

from tanwen.tui.fitting import Field
from tanwen.tui.safe import clean, plain
from tanwen.tui.search_view import SearchView
from tanwen.tui.widgets.fitted import Fitted, FittedText, fitted_fields
from tanwen.tui.widgets.results_list import ResultsList
from tanwen.tui.wording import plural


def summary(view: SearchView) -> Fitted:
    """Counts and keys on one line, fitted to the width; an error or a notice below, whole."""
    fields: list[Field] = []
    note = Text(end="")
    results = view.results
    if view.error:
        note.append(view.error, "bold red")
    elif results is not None:
        if results.total:
            listed = len(results.hits)
            fields += [Field(plural(results.total, "block"), "bold"),
                       Field(plural(len(view.occurrences), "hit"), "bold", rank=1)]
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
    return fitted_fields(fields, note)


class ResultsPanel(Vertical):
    """The summary (#results-summary) over the list (#results); `-active` while there is a query."""

    search_view: reactive[SearchView] = reactive(SearchView(""), init=False)

    def compose(self) -> ComposeResult:
        yield FittedText(id="results-summary")
        yield ResultsList(id="results")

    def watch_search_view(self, view: SearchView) -> None:
        self.set_class(view.active, "-active")
        hits = view.results.hits if view.results is not None else []
        self.query_one(ResultsList).show_rows(hits, view.rows, view.row_format)
        self.query_one("#results-summary", FittedText).update(summary(view))
