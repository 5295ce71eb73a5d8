"""The app's keys for its panes and its help: `/` and escape, tab and shift+tab, t and f, ?.

A mixin of TanwenApp (as `screens.opening.CorpusViews` is): each action hands over to the
app's `PaneFocus` (tui/pane_focus.py), or shows the help screen, imported when first asked
for. Their keys are in the key table (tui/keys.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tanwen.tui.widgets.help_screen import KeyRow


class PaneKeys:
    """Mixed into TanwenApp: needs its `panes` (a PaneFocus), `user_keymap` and screens."""

    def focus_pane(self, pane: str) -> None:
        """Focus a pane by name ("search", "tree", "results", "reader", "figures"), showing it
        first when the width had it hidden."""
        self.panes.focus(pane)

    def action_focus_search(self) -> None:
        self.panes.focus_search()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "focus_search":
            return self.panes.may_focus_search()
        return super().check_action(action, parameters)     # the corpus views' rule (opening.py)

    def action_back(self) -> None:
        self.focus_pane("reader")

    def action_focus_next(self) -> None:
        self.panes.cycle(1)

    def action_focus_previous(self) -> None:
        self.panes.cycle(-1)

    def action_toggle_tree(self) -> None:
        self.panes.toggle("tree")

    def action_toggle_figures(self) -> None:
        self.panes.toggle("figures")

    def key_rows(self) -> list[KeyRow]:
        """The help screen's rows: every key, with the keys in effect after the user keymap."""
        from tanwen.tui.widgets.help_screen import key_rows

        return key_rows(self.user_keymap)

    def action_help(self) -> None:
        from tanwen.tui.widgets.help_screen import HelpScreen, help_for

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(help_for(self.user_keymap))
