"""The footer of keys: one widget drawing one line from the screen's active bindings.

Textual's Footer is a widget per key, all recomposed (unmounted, made, styled and drawn
again) after every bindings change: each focus change costs the UI thread 40–80 ms, and the
start has two of them while the corpus and a first search want the same thread. This footer
draws the same line (each key and its description in Footer's styles and theme variables,
the command palette's key on the right after a rule) as one piece of text, and draws it
again only when the keys it shows change. A click on a key presses it, as on Footer's.

Which keys (`footer_keys`) and where each goes (`lay_out`) are pure functions; the layout is
tested without Textual at every width.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

RULE = "▏"     # between the keys and the command palette's key, as Footer's `border-left: vkey`


@dataclass(frozen=True)
class FooterKey:
    """One key as the footer shows it."""

    key: str            # what a click presses
    display: str        # how the key is written (`^q`)
    description: str
    enabled: bool = True

    @property
    def cells(self) -> int:
        """` ^q Quit `: the key padded by a cell each side, the description by one after it."""
        return cell_len(self.display) + 2 + (cell_len(self.description) + 1 if self.description else 0)

    @property
    def compact_cells(self) -> int:
        """`^p Commands `, as Footer draws the command palette's key."""
        return cell_len(self.display) + (cell_len(self.description) + 1 if self.description else 0) + 1


@dataclass(frozen=True)
class Placed:
    key: FooterKey
    x: int              # first cell
    compact: bool = False

    @property
    def end(self) -> int:
        return self.x + (self.key.compact_cells if self.compact else self.key.cells)


def footer_keys(active_bindings, key_display, palette_binding: str | None) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
    """The keys to show, first binding of each action in order (as Footer shows them), and the
    command palette's apart. `active_bindings` is `Screen.active_bindings`; `key_display`
    writes a binding's key (`App.get_key_display`)."""
    keys: list[FooterKey] = []
    actions: set[str] = set()
    palette = None
    for name, (_node, binding, enabled, _tooltip) in active_bindings.items():
        if name == palette_binding:
            palette = FooterKey(binding.key, key_display(binding), binding.description, enabled)
            continue
        if not binding.show or binding.action in actions:
            continue
        actions.add(binding.action)
        keys.append(FooterKey(binding.key, key_display(binding), binding.description, enabled))
    return tuple(keys), palette


def lay_out(keys: tuple[FooterKey, ...], palette: FooterKey | None, width: int) -> tuple[list[Placed], int | None]:
    """Where each key starts on a line of `width` cells: the keys from the left, as many as fit
    whole; the palette's key at the right end after the rule (its x, or None when there is
    no room for it beside the first key)."""
    palette_x = None
    right = width
    if palette is not None:
        start = width - palette.compact_cells - cell_len(RULE)
        if start >= (keys[0].cells if keys else 0):
            palette_x = start
            right = start
    placed: list[Placed] = []
    x = 0
    for key in keys:
        if x + key.cells > right:
            break
        placed.append(Placed(key, x))
        x += key.cells
    return placed, palette_x


class KeyFooter(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--rule", "footer-key--hover"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .footer-key--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .footer-key--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .footer-key--rule {
        color: $foreground 20%;
    }
    KeyFooter > .footer-key--hover {
        background: $block-hover-background;
    }
    """

    keys: reactive[tuple] = reactive(((), None))     # (footer_keys' keys, the palette's key)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._update_pending = False
        self._placed: list[Placed] = []
        self._hovered: FooterKey | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def bindings_changed(self, screen) -> None:
        """The screen's keys changed (focus moved, a screen came): look once per refresh."""
        if not screen.app.app_focus:       # as Footer: the app lost focus, keys are not for now
            return
        if self.is_attached and screen is self.screen and not self._update_pending:
            self._update_pending = True
            self.call_after_refresh(self._update_keys)

    def _update_keys(self) -> None:
        self._update_pending = False
        if not self.is_attached:         # its screen went away meanwhile
            return
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        self.keys = footer_keys(self.screen.active_bindings, app.get_key_display, palette)   # drawn if changed

    def render(self) -> Text:
        keys, palette = self.keys
        width = self.size.width
        placed, palette_x = lay_out(keys, palette, width)
        line = Text(no_wrap=True, overflow="crop", end="")
        for item in placed:
            self._append_key(line, item.key)
        self._placed = list(placed)
        if palette_x is not None:
            line.pad_right(palette_x - line.cell_len)
            line.append(RULE, self.get_component_rich_style("footer-key--rule"))
            self._placed.append(Placed(palette, line.cell_len, compact=True))
            self._append_key(line, palette, compact=True)
        return line

    def _append_key(self, line: Text, key: FooterKey, *, compact: bool = False) -> None:
        key_style = self.get_component_rich_style("footer-key--key", partial=True)
        description_style = self.get_component_rich_style("footer-key--description", partial=True)
        start = len(line)
        line.append(key.display if compact else f" {key.display} ", key_style)
        if key.description:
            line.append(f" {key.description}" if compact else f"{key.description} ", description_style)
        if compact:
            line.append(" ")
        if not key.enabled:
            line.stylize("dim", start)
        if key == self._hovered:
            line.stylize(self.get_component_rich_style("footer-key--hover"), start)

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at cell `x` of the line."""
        for item in self._placed:
            if item.x <= x < item.end:
                return item.key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hovered = self.key_at(event.x)
        if hovered != self._hovered:
            self._hovered = hovered
            self.refresh()

    def on_leave(self) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
