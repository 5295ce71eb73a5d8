"""What every corpus view screen has: a title line, an optional query box, the view, a status
line and the footer. The view is computed in a thread worker (the app stays responsive);
escape goes back to the reader.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from tanwen.tui.messages import while_running
from tanwen.tui.keys import bindings
from tanwen.tui.safe import plain
from tanwen.tui.widgets.key_footer import KeyFooter


class ViewScreen(Screen):
    """Subclasses give `TITLE_TEXT`, `body()`, `compute(query)` (in a worker thread) and
    `present(result)` (on the UI thread). `ASKS_QUERY`: whether the view needs a query."""

    TITLE_TEXT = ""
    ASKS_QUERY = True
    QUERY_REQUIRED = True
    AUTO_FOCUS = ""            # on_mount chooses: the view, or the query box when it is empty
    PLACEHOLDER = "query (as in the search box), then ⏎"
    BINDINGS = bindings("every view")
    DEFAULT_CSS = """
    ViewScreen { layout: vertical; }
    ViewScreen #view-title { height: 1; background: $boost; color: $text-accent; padding: 0 1; }
    ViewScreen #view-query { height: 1; border: none; padding: 0 1; }
    ViewScreen #view-status { height: 1; color: $text-muted; padding: 0 1; }
    ViewScreen DataTable { height: 1fr; }
    """

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query.strip()

    def compose(self) -> ComposeResult:
        yield Static(Text(self.TITLE_TEXT, style="bold"), id="view-title")
        if self.ASKS_QUERY:
            yield Input(self.query_text, placeholder=self.PLACEHOLDER, id="view-query")
        yield from self.body()
        yield Static(id="view-status")
        yield KeyFooter()

    def body(self) -> ComposeResult:
        raise NotImplementedError

    def main_widget(self):
        raise NotImplementedError

    def on_mount(self) -> None:
        # Textual calls every class' on_mount: subclasses do not define one.
        if self.ASKS_QUERY and self.QUERY_REQUIRED and not self.query_text:
            self.set_status("Type a query and press ⏎.")
            self.query_one("#view-query", Input).focus()
            return
        self.main_widget().focus()
        self.refresh_view()

    # -- computing -------------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Compute the view again (after the query or an option changed)."""
        if self.ASKS_QUERY and self.QUERY_REQUIRED and not self.query_text:
            return
        self.set_status("Working…")
        self._run(self.query_text)

    @work(thread=True, exclusive=True, group="view")
    def _run(self, query: str) -> None:
        try:
            result = self.compute(query)
            error = None
        except Exception as exc:      # a view that cannot be made says why; the app goes on
            result, error = None, f"{type(exc).__name__}: {exc}"
        if get_current_worker().is_cancelled:
            return
        # Posted to the screen: a screen closed while its worker ran drops it.
        self.post_message(self.Computed(result, error))

    class Computed(Message):
        """A view's result (or why there is none), from its worker."""

        bubble = False

        def __init__(self, result, error: str | None) -> None:
            super().__init__()
            self.result = result
            self.error = error

    @on(Computed)
    @while_running
    def _done(self, message: Computed) -> None:
        if not self.is_attached:
            return
        if message.error is not None:
            self.set_status(message.error, style="bold red")
            return
        self.present(message.result)

    def compute(self, query: str):
        raise NotImplementedError

    def present(self, result) -> None:
        raise NotImplementedError

    def engine(self):
        """The app's search engine (made on first use)."""
        return self.app.search_engine()

    # -- status and keys -------------------------------------------------------------------

    def set_title(self, text: str) -> None:
        self.query_one("#view-title", Static).update(plain(text, style="bold"))

    def set_status(self, text: str, style: str = "") -> None:
        self.query_one("#view-status", Static).update(plain(text, style=style))

    def action_close(self) -> None:
        self.dismiss()

    def action_edit_query(self) -> None:
        if self.ASKS_QUERY:
            self.query_one("#view-query", Input).focus()

    @on(Input.Submitted, "#view-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        if self.query_text or not self.QUERY_REQUIRED:
            self.main_widget().focus()
            self.refresh_view()
