"""The help screen: every key of the key table (tui/keys.py), with the keys in effect after the
user's keymap, so it never goes stale."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tanwen.tui.keys import KEYS, bindings, keys_label


@dataclass(frozen=True)
class KeyRow:
    pane: str
    keys: str
    description: str
    binding_id: str


def key_rows(keymap: dict[str, str]) -> list[KeyRow]:
    """One row per entry of the key table that has keys, scope by scope, as the user's keymap sets them."""
    return [KeyRow(entry.scope, keys_label(entry, keymap), entry.description, entry.id)
            for entry in KEYS if keys_label(entry, keymap)]


WHERE_WIDTH, KEYS_WIDTH, DOES_MIN_WIDTH = 13, 14, 16


def key_table(rows: list[KeyRow], width: int) -> Table:
    """The keys as a table for `width` cells. Binding ids are what a keymap file needs, so they
    are never cut: in their own column when it fits whole, otherwise under the description."""
    id_width = max((cell_len(row.binding_id) for row in rows), default=0)
    own_column = WHERE_WIDTH + KEYS_WIDTH + DOES_MIN_WIDTH + id_width + 3 <= width
    table = Table(box=None, expand=True, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("where", style="dim", no_wrap=True, max_width=WHERE_WIDTH, overflow="ellipsis")
    table.add_column("keys", style="bold", no_wrap=True, max_width=KEYS_WIDTH, overflow="ellipsis")
    table.add_column("does" if own_column else "does (id for the keymap)", ratio=3, min_width=DOES_MIN_WIDTH)
    if own_column:
        table.add_column("id (keymap)", style="dim", no_wrap=True, min_width=id_width)
    pane = None
    for row in rows:
        cells = [Text(row.pane if row.pane != pane else ""), Text(row.keys)]
        if own_column:
            cells += [Text(row.description), Text(row.binding_id)]
        else:
            does = Text(row.description)
            if row.binding_id:
                does.append("\n" + row.binding_id, "dim")
            cells.append(does)
        table.add_row(*cells)
        pane = row.pane
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings("help")
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
        with Vertical():
            yield Static(Text("探文 tanwen — keys"), id="help-title")
            with VerticalScroll():
                yield Static(id="help-table")
            yield Static(Text(self.footnote), id="help-foot")

    def on_resize(self) -> None:
        # The table is laid out for the width it has: ids are never cut.
        width = self.query_one("#help-table", Static).content_size.width or self.size.width
        self.query_one("#help-table", Static).update(key_table(self.rows, width))

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.scroll_to(y=scroll.scroll_y + step, animate=False)


def help_for(keymap: dict[str, str]) -> HelpScreen:
    """The help screen for the keys in effect after the user's keymap."""
    from tanwen.tui.keymap import keymap_path

    note = (f"Remap any key by its id in {keymap_path()} (e.g. next-hit = \"ctrl+n\"). "
            "Mouse: click a section, a result or a figure; scroll with the wheel.")
    return HelpScreen(key_rows(keymap), note)
