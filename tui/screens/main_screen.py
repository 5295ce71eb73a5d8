"""The screen of the panes (tree, results, reader, figures): the app's first screen."""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class MainScreen(Screen):
    """Textual restyles a screen each time it is shown, for the CSS that changed while it
    was hidden. The first time is the start: its widgets were styled as they mounted, a
    moment before, and a second pass over every widget and its parts took 20 ms before
    the first paint. Later (back from a view, help) it is restyled as any screen."""

    _shown_before = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:   # before Screen's handler
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False
