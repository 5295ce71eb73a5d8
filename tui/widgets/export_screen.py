"""The export dialog: format (CSV, Markdown, or JSON where the caller offers it) and the file
to write.

The format and the file's extension never disagree: choosing a format changes the extension,
typing `.csv` or `.md` chooses the format. The full path that will be written is shown under
the field (the field itself may be too narrow for it), and a file that exists is replaced
only when Export is pressed a second time.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from tanwen.tui.export import FORMATS
from tanwen.tui.keys import bindings

FORMAT_OF_SUFFIX = {suffix: fmt for fmt, suffix in FORMATS.items()}


class ExportScreen(ModalScreen[tuple[str, Path] | None]):
    """Dismisses with (format, absolute path), or None when cancelled."""

    BINDINGS = bindings("export dialog")
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ExportScreen Static { height: auto; }
    ExportScreen #export-hint { color: $text-muted; }
    ExportScreen RadioSet { width: 100%; height: auto; layout: horizontal; }
    ExportScreen Horizontal { height: auto; align-horizontal: right; }
    ExportScreen Button { margin-left: 1; min-width: 10; }
    """

    def __init__(self, count: int, what: str, paths: dict[str, Path], fmt: str = "csv") -> None:
        super().__init__()
        self.count, self.what, self.paths, self.fmt = count, what, paths, fmt
        self._replace_confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Export {self.count} figures of {self.what}", style="bold"))
            with RadioSet(id="export-format"):
                yield RadioButton("CSV", value=self.fmt == "csv", id="fmt-csv")
                yield RadioButton("Markdown", value=self.fmt == "markdown", id="fmt-markdown")
                if "json" in self.paths:
                    yield RadioButton("JSON", value=self.fmt == "json", id="fmt-json")
            yield Input(str(self.paths[self.fmt]), id="export-path", select_on_focus=False)
            yield Static(id="export-target")
            yield Static(Text("tab next field · ←→ space: format · enter export · esc cancel"),
                         id="export-hint")
            with Horizontal():
                yield Button("Cancel", id="export-cancel")
                yield Button("Export", variant="primary", id="export-ok")

    def on_mount(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.focus()
        # Once the field has its width, scroll it to the end (where its cursor is): the
        # extension in view. (Input does not scroll for the value it was made with.)
        self.call_after_refresh(lambda: path_input.scroll_to(x=path_input.max_scroll_x, animate=False))
        self._show_target()

    def action_move_focus(self, step: int) -> None:
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    # -- what will be written --------------------------------------------------------------

    def target(self) -> Path | None:
        """The file the field names: `~` expanded, a relative path taken inside the default
        folder, the format's extension added when there is none."""
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            return None
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = self.paths[self.fmt].parent / path
        if path.name and not path.suffix and not path.is_dir():
            path = path.with_name(path.name + FORMATS[self.fmt])
        return path

    def _show_target(self, warning: str | None = None) -> None:
        path = self.target()
        line = Text()
        if path is None:
            line.append("Type the file to write.", style="yellow")
        else:
            line.append("Writes ", style="dim")
            line.append(str(path))
        if warning:
            line.append("\n⚠ " + warning, style="bold yellow")
        self.query_one("#export-target", Static).update(line)
        self.query_one("#export-ok", Button).label = "Replace" if self._replace_confirmed else "Export"

    def _problem(self, path: Path | None) -> str | None:
        if path is None:
            return "no file name given"
        if path.is_dir():
            return f"{path.name or path} is a folder: add a file name"
        folder = next((p for p in path.parents if p.exists()), None)
        if folder is None or not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            return f"cannot write in {folder or path.parent}"
        return None

    # -- format and path follow each other -------------------------------------------------

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        fmt = (event.pressed.id or "fmt-csv").removeprefix("fmt-")
        if fmt == self.fmt:
            return
        path_input = self.query_one("#export-path", Input)
        value = path_input.value.strip()
        if Path(value).expanduser() == self.paths[self.fmt]:
            new_value = str(self.paths[fmt])
        elif Path(value).suffix.lower() in FORMAT_OF_SUFFIX:
            new_value = value[: -len(Path(value).suffix)] + FORMATS[fmt]
        else:
            new_value = value       # no extension (one is added) or one the user chose
        self.fmt = fmt
        if new_value != path_input.value:
            path_input.value = new_value
            path_input.cursor_position = len(new_value)
        self._path_edited()

    @on(Input.Changed, "#export-path")
    def _path_edited(self) -> None:
        suffix = Path(self.query_one("#export-path", Input).value.strip()).suffix.lower()
        typed_format = FORMAT_OF_SUFFIX.get(suffix)
        if typed_format is not None and typed_format != self.fmt and typed_format in self.paths:
            self.fmt = typed_format
            self.query_one(f"#fmt-{typed_format}", RadioButton).value = True
        self._replace_confirmed = None
        self._show_target()

    # -- export or cancel ------------------------------------------------------------------

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-ok")
    def _ok(self) -> None:
        path = self.target()
        problem = self._problem(path)
        if problem:
            self._show_target(problem)
            return
        if path.exists() and self._replace_confirmed != path:
            self._replace_confirmed = path
            self._show_target(f"{path.name} exists. Export again to replace it, or change the name.")
            return
        self.dismiss((self.fmt, path))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
