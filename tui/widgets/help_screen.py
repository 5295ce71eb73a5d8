"""The help screen: every key, generated from the bindings (so it never goes stale)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


@dataclass(frozen=True)
class KeyRow:
    pane: str
    keys: str
    description: str
    binding_id: str


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 116; max-width: 100%; height: 90%; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; color: $text-accent; height: auto; }
    HelpScreen #help-foot { color: $text-muted; height: auto; }
    HelpScreen VerticalScroll { height: 1fr; }
    """

    def __init__(self, rows: list[KeyRow], footnote: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.footnote = footnote

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("where", style="dim", no_wrap=True, max_width=13, overflow="ellipsis")
        table.add_column("keys", style="bold", no_wrap=True, max_width=14, overflow="ellipsis")
        table.add_column("does", ratio=3, min_width=16)
        table.add_column("id (keymap)", style="dim", ratio=1, no_wrap=True, overflow="ellipsis")
        pane = None
        for row in self.rows:
            table.add_row(Text(row.pane if row.pane != pane else ""), Text(row.keys),
                          Text(row.description), Text(row.binding_id))
            pane = row.pane
        with Vertical():
            yield Static(Text("探文 tanwen — keys"), id="help-title")
            with VerticalScroll():
                yield Static(table, id="help-table")
            yield Static(Text(self.footnote), id="help-foot")

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.scroll_to(y=scroll.scroll_y + step, animate=False)
