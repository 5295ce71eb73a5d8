"""The breadcrumb above the reader: the path of the section it shows, fitted to the width it is
drawn at."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive

from tanwen.tui.fitting import PATH_SEPARATOR, fit_path
from tanwen.tui.safe import clean
from tanwen.tui.widgets.fitted import Fitted, FittedText


def path_line(parts: list[str], width: int) -> Text:
    """The path in `width` cells (see fit_path), its last part — the section shown — in bold."""
    lead, last = fit_path(parts, width)
    text = Text(no_wrap=True, end="")
    text.append(clean(lead))
    text.append(clean(last), style="bold")
    return text


class Crumb(FittedText):
    """Article › … › section. Fitted when drawn, so a resize, or a pane shown or hidden beside
    it, never leaves a path fitted to an old width."""

    DEFAULT_CSS = "Crumb { height: 1; }"

    reading = reactive(None, init=False)     # the reader's view (bound to the app's `reading`)

    def watch_reading(self, view) -> None:
        self.show(view.title.split(PATH_SEPARATOR) if view is not None else [])

    def show(self, parts: list[str]) -> None:
        parts = list(parts)
        self.update(Fitted(lambda width: path_line(parts, width), plain=PATH_SEPARATOR.join(parts)))
