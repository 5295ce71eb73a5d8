"""Text fitted to the width it is drawn at: a Rich renderable around a pure fitting function.

A Static updated with text fitted to its width at update time goes stale when the terminal
is resized or a pane beside it is shown or hidden; this fits again on every render.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.widget import Widget

from tanwen.tui.cjk_wrap import wrap_text
from tanwen.tui.fitting import Field, fit_fields


class Fitted:
    """`fit(width)` as one line; then `note` (a warning…) wrapped whole onto the lines below."""

    def __init__(self, fit: Callable[[int], Text], note: Text | None = None, plain: str = "") -> None:
        self.fit = fit
        self.note = note if note is not None and note.plain else None
        self.plain = plain     # what str() gives: the whole text, for logs and tests

    def __str__(self) -> str:
        return self.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        lines = []
        line = self.fit(width)
        if line.plain or self.note is None:
            lines.append(line)
        if self.note is not None:
            lines += [part for _, part in wrap_text(self.note, width, collapse_spaces=False)]
        for line in lines:
            line.end = "\n"      # one line each (Textual counts the newlines for the height)
            line.no_wrap = True
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def fitted_fields(fields: Sequence[Field], note: Text | None = None) -> Fitted:
    """Fields fitted on one line (fit_fields), a note wrapped below them."""
    fields = list(fields)
    whole = fit_fields(fields, 10**6).plain
    plain = " ".join(part for part in (whole, note.plain if note is not None else "") if part)
    return Fitted(lambda width: fit_fields(fields, width), note, plain)


class FittedText(Widget):
    """Shows a Fitted: a status line, a header, a summary with a warning under it."""

    DEFAULT_CSS = "FittedText { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fitted = Fitted(lambda width: Text(""))

    def update(self, fitted: Fitted) -> None:
        # Only a note (wrapped onto more lines) can change the height: otherwise no new layout.
        layout = fitted.note is not None or self.fitted.note is not None
        self.fitted = fitted
        self.refresh(layout=layout)

    def render(self) -> Fitted:
        return self.fitted
