"""The export dialog: format (CSV, Markdown or JSON) and the file to write."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from tanwen.tui.export import FORMATS


class ExportScreen(ModalScreen[tuple[str, Path] | None]):
    """Dismisses with (format, path), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ExportScreen Static { height: auto; }
    ExportScreen RadioSet { width: 100%; height: auto; layout: horizontal; }
    ExportScreen Horizontal { height: auto; align-horizontal: right; }
    ExportScreen Button { margin-left: 1; min-width: 10; }
    """

    def __init__(self, count: int, what: str, paths: dict[str, Path], fmt: str = "csv") -> None:
        super().__init__()
        self.count, self.what, self.paths, self.fmt = count, what, paths, fmt

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Export {self.count} figures of {self.what}", style="bold"))
            with RadioSet(id="export-format"):
                yield RadioButton("CSV", value=self.fmt == "csv", id="fmt-csv")
                yield RadioButton("Markdown", value=self.fmt == "markdown", id="fmt-markdown")
                if "json" in self.paths:
                    yield RadioButton("JSON", value=self.fmt == "json", id="fmt-json")
            yield Input(str(self.paths[self.fmt]), id="export-path", select_on_focus=False)
            with Horizontal():
                yield Button("Cancel", id="export-cancel")
                yield Button("Export", variant="primary", id="export-ok")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        fmt = (event.pressed.id or "fmt-csv").removeprefix("fmt-")
        path_input = self.query_one("#export-path", Input)
        current = Path(path_input.value)
        old_default = self.paths[self.fmt]
        if current == old_default:
            path_input.value = str(self.paths[fmt])
        elif current.suffix in FORMATS.values():
            path_input.value = str(current.with_suffix(FORMATS[fmt]))
        self.fmt = fmt

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-ok")
    def _ok(self) -> None:
        value = self.query_one("#export-path", Input).value.strip()
        if value:
            self.dismiss((self.fmt, Path(value).expanduser()))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
