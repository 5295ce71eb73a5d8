"""The breadcrumb above the reader: the section's path, fitted to the width it is drawn at."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.widget import Widget

from tanwen.tui.fitting import PATH_SEPARATOR, fit_path
from tanwen.tui.safe import clean


class FittedPath:
    """A path (article › … › section), the last part bold, fitted by `fit_path` to the width
    it is rendered at — so a resize, or a pane shown or hidden beside it, never leaves a path
    fitted to an old width."""

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts

    def __str__(self) -> str:
        return PATH_SEPARATOR.join(self.parts)

    def text(self, width: int) -> Text:
        lead, last = fit_path(self.parts, width)
        text = Text(no_wrap=True, end="")
        text.append(clean(lead))
        text.append(clean(last), style="bold")
        return text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


class Crumb(Widget):
    DEFAULT_CSS = "Crumb { height: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.path = FittedPath([])

    def show(self, parts: list[str]) -> None:
        self.path = FittedPath(list(parts))
        self.refresh()

    def render(self) -> FittedPath:
        return self.path
