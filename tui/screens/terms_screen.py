"""Key terms and word list of the section (or article) in the reader, or the corpus' word list.
Selecting a term searches for it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable

from tanwen.tui.keys import bindings
from tanwen.tui.screens.view_screen import ViewScreen
from tanwen.tui.safe import plain

LIMIT = 300


class TermsScreen(ViewScreen):
    TITLE_TEXT = "Terms"
    ASKS_QUERY = False
    BINDINGS = bindings("terms")

    def __init__(self, key: str | None, title: str) -> None:
        super().__init__("")
        self.scope_key, self.scope_title = key, title
        self.key = key is not None        # key terms need a section or an article
        self.whole_corpus = key is None
        self.pos = False
        self.rows = []

    def body(self) -> ComposeResult:
        yield DataTable(id="terms", cursor_type="row")

    def main_widget(self) -> DataTable:
        return self.query_one("#terms", DataTable)

    def _texts(self) -> list[str] | None:
        if self.whole_corpus:
            return None
        corpus = self.app.corpus
        item = corpus.section(self.scope_key) or next(a for a in corpus.articles if a.id == self.scope_key)
        blocks = item.all_blocks() if hasattr(item, "all_blocks") else item.blocks()
        return [block.folded for block in blocks]

    def compute(self, query: str):
        from tanwen.search import key_terms, tag_of, word_list

        tables = self.engine().tables()
        texts = self._texts()
        if self.key and texts is not None:
            rows = key_terms(texts, tables, limit=LIMIT)
            if self.pos:
                for row in rows:
                    row.tag = tag_of(row.term)
            return rows
        return word_list(texts, tables, pos=self.pos, limit=LIMIT)

    def present(self, rows) -> None:
        self.rows = rows
        key = self.key and not self.whole_corpus
        table = self.main_widget()
        table.clear(columns=True)
        columns = [("term", 18), ("count", 7), ("per 10k", 8)]
        columns += [("POS", 5)] if self.pos else []
        columns += [("reference", 10), ("LL", 8), ("log ratio", 9)] if key else []
        for name, width in columns:
            table.add_column(name, width=width)
        for row in rows:
            cells = [plain(row.term, style="bold"), Text(str(row.count), justify="right"),
                     Text(f"{row.per_10k:.1f}", justify="right")]
            cells += [Text(row.tag)] if self.pos else []
            cells += [Text(str(row.reference), justify="right"), Text(f"{row.ll:.1f}", justify="right"),
                      Text(f"{row.log_ratio:.2f}", justify="right")] if key else []
            table.add_row(*cells)
        what = "Key terms" if key else "Words"
        scope = "the whole corpus" if self.whole_corpus else self.scope_title
        self.set_title(f"{what} · {scope} · {len(rows)}")
        if key:
            note = "log-likelihood keyness against the rest of the corpus; log ratio = log2 of how many times more frequent"
        else:
            note = "frequencies of jieba words (no punctuation or numbers)"
        self.set_status(f"⏎ search · k key/words · c section/corpus · p POS · esc back — {note}"
                        if rows else "Nothing to list here.")

    def action_toggle_key(self) -> None:
        if self.scope_key is None:
            self.app.notify("Key terms are of a section or an article: open one first.", timeout=3)
            return
        self.key = not self.key
        self.whole_corpus = False
        self.refresh_view()

    def action_toggle_corpus(self) -> None:
        if self.scope_key is None:
            return
        self.whole_corpus = not self.whole_corpus
        self.refresh_view()

    def action_toggle_pos(self) -> None:
        self.pos = not self.pos
        self.refresh_view()

    @on(DataTable.RowSelected, "#terms")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            term = self.rows[event.cursor_row].term
            self.dismiss()
            self.app.search_for(term)
