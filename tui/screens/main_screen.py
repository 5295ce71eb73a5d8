"""The screen of the panes (tree, results, reader, figures): the app's first screen."""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class MainScreen(Screen):
    """Textual restyles a screen each time it is shown, for the CSS that changed while it
    was hidden. The first time is the start: its widgets were styled as they mounted, a
    moment before, and a second pass over every widget and its parts took 20 ms before
    the first paint. Later (back from a view, help) it is restyled as any screen.

    Textual also lays the screen out and draws it whole whenever the terminal's size is
    reported, changed or not: twice as the app starts (the app's own report, then the
    driver's), each after the first frame was laid out at that size, 13 ms each between the
    first paint and the corpus loading. A report of the size the screen is laid out at
    changes nothing on it (Textual's app ignores one too, but passes it on when idle)."""

    _shown_before = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:   # before Screen's handler
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False

    def _on_resize(self, event: events.Resize) -> None:   # before Screen's handler
        if event.size == self._compositor.size:
            event.prevent_default()          # not Screen's: a layout at the same size
            event.stop()
