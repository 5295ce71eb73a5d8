"""Which pane has focus and which panes show: tab and shift+tab through the panes, t and f to
toggle the side panes, a pane focused by name is shown first.

The app holds `focused_pane` and `pane_toggles`; when either changes (or the terminal's
width), `lay_out` shows the panes `pane_rules.visible_panes` chooses, by classes on #body.
"""

from __future__ import annotations

from dataclasses import replace

from tanwen.tui.pane_rules import TREE_MIN_WIDTH, visible_panes

# Panes in tab order; "centre" is the column of the results list and the reader.
PANES = ("search", "tree", "results", "reader", "figures")


def pane_of(widget) -> str | None:
    """The pane a widget is in (by the pane's id), if any."""
    node = widget
    while node is not None:
        if node.id in PANES:
            return node.id
        node = node.parent
    return None


class PaneFocus:
    """Moves focus between the app's panes and shows the panes that fit."""

    def __init__(self, app) -> None:
        self.app = app

    def lay_out(self, width: int | None = None) -> None:
        app = self.app
        toggles = app.pane_toggles
        panes = visible_panes(app.size.width if width is None else width, app.focused_pane, toggles.tree, toggles.figures, toggles.prefer)
        body = app.query_one("#body")
        body.set_class(not panes.tree, "-hide-tree")
        body.set_class(not panes.figures, "-hide-figures")
        body.set_class(not panes.centre, "-hide-centre")
        body.set_class(panes.narrow, "-narrow")
        body.set_class(panes.single, "-single")
        body.set_class(panes.stacked, "-stacked")

    def shown(self, pane: str) -> bool:
        return not self.app.query_one("#body").has_class(f"-hide-{pane}")

    def focus(self, pane: str) -> None:
        """Focus a pane by name, showing it first when the width had it hidden.

        At once, not after a refresh (as `Widget.focus` does): keys that arrive in the same
        burst as `/` or enter (`/xyz`, a paste, a fast typist) go to the newly focused pane.
        """
        app = self.app
        app.focused_pane = pane          # shown now: the app's watcher lays the panes out
        if pane == "figures":
            if not app.figures_pane.has_focus_within:
                app.figures.sync_cursor()
            target = app.figures_pane.current_list()
        else:
            target = app.query_one(f"#{pane}")
        target.screen.set_focus(target)

    def focus_search(self) -> None:
        """Focus the search box with its query selected, so typing starts a new one (as in
        less or a browser) and an arrow key keeps it."""
        self.focus("search")
        self.app.search_bar.select_all()

    def may_focus_search(self) -> bool:
        """`/` focuses the search box from the main screen, unless typing in a box already."""
        from textual.widgets import Input

        app = self.app
        return app.screen is app.screen_stack[0] and not isinstance(app.focused, Input)

    def cycle(self, step: int) -> None:
        app = self.app
        results_shown = app.query_one("#results-panel").has_class("-active")
        order = [pane for pane in PANES if pane != "results" or results_shown]
        current = pane_of(app.focused) or "reader"
        if current not in order:
            current = "reader"
        self.focus(order[(order.index(current) + step) % len(order)])

    def toggle(self, side: str) -> None:
        """t (side "tree") or f ("figures"): show or hide a side pane; one shown gets focus
        (and wins over the other if both do not fit). Narrow, where one pane shows at a
        time, go to it or back to the reader."""
        app = self.app
        if app.size.width < TREE_MIN_WIDTH:
            self.focus("reader" if app.focused_pane == side else side)
            return
        show = not self.shown(side)
        toggles = replace(app.pane_toggles, **{side: show})
        app.pane_toggles = replace(toggles, prefer=side) if show else toggles
        if show:
            self.focus(side)
        elif app.focused_pane == side:
            self.focus("reader")
