"""Taking things out of the app: copy a figure or a caption (y / Y), or any text a view
offers, by every clipboard route (tui.clipboard); export the figures pane's list to a file.

Copying by OSC 52 is immediate; the system clipboard tools run in a worker that posts
CopyFinished, and the notification says which routes worked.
"""

from __future__ import annotations

import os
from pathlib import Path

from tanwen.tui.captions import caption_text
from tanwen.tui.clipboard import CopyOutcome, copy_everywhere, terminal_sequences
from tanwen.tui.messages import CopyFinished
from tanwen.tui.safe import clean


def caption_source(block) -> str:
    """《Article title》，its date and source: what a caption is cited with."""
    section = block.section
    article = section.article if section is not None else None
    if article is None:
        return ""
    parts = [f"《{' '.join(article.title.split())}》"]
    described = article.meta.describe()
    if described:
        parts.append(described)
    return "，".join(clean(part) for part in parts)


class Copying:
    """The app's copy and export."""

    def __init__(self, app) -> None:
        self.app = app

    def to_terminal(self, text: str) -> None:
        """OSC 52 to the terminal (also wrapped for tmux inside tmux)."""
        app = self.app
        if app._driver is None or app.is_headless:
            return
        for sequence in terminal_sequences(text, os.environ):
            app._driver.write(sequence)

    def copy_text(self, text: str, what: str) -> None:
        """Copy by every route and say what was copied where."""
        app = self.app
        app.copy_to_clipboard(text)
        if app.is_headless:
            self.notify(CopyOutcome(text, what, ["terminal (OSC 52)"]))
        else:
            app.run_worker(lambda: self._copy_elsewhere(text, what), name="copy_elsewhere",
                           group="clipboard", thread=True)

    def _copy_elsewhere(self, text: str, what: str) -> None:
        outcome = copy_everywhere(text, what, write_terminal=None)
        outcome.routes.insert(0, "terminal (OSC 52)")
        self.app.post_message(CopyFinished(outcome))

    def notify(self, outcome: CopyOutcome) -> None:
        title, message, severity = outcome.summary()
        self.app.notify(message, title=title, severity=severity, markup=False,
                        timeout=4 if outcome.verified else 8)

    def copy_figure(self, style: str = "value") -> None:
        """The figures pane's current figure (or caption): its value, or with its citation."""
        app = self.app
        pane = app.figures_pane
        if pane.active_tab == "tab-captions":
            block = pane.current_caption()
            if block is None:
                app.notify("No caption to copy here.", severity="warning", timeout=3)
                return
            text = clean(caption_text(block.text))
            if style != "value":
                text = f"{text}——{caption_source(block)}"
            self.copy_text(text, "caption" if style == "value" else "caption with source")
            return
        figure = pane.current_figure()
        if figure is None:
            app.notify("No figure to copy here.", severity="warning", timeout=3)
            return
        from tanwen.corpus.figures import render_figure

        text = render_figure(figure, "value" if style == "value" else "citation", app.corpus)
        self.copy_text(clean(text), "figure" if style == "value" else "citation")

    def export_figures(self) -> None:
        """Ask where to write the pane's figures (CSV or Markdown), then write them."""
        from tanwen.tui.export import default_path
        from tanwen.tui.widgets.export_screen import ExportScreen

        app = self.app
        pane = app.figures_pane
        if not pane.figures:
            app.notify("No figures to export here.", severity="warning", timeout=3)
            return
        figures, label = list(pane.figures), pane.scope_label
        paths = {fmt: default_path(label, fmt) for fmt in ("csv", "markdown")}
        what = "the search results" if pane.scope == "results" else clean(label)

        def done(choice) -> None:
            if choice is None:
                return
            fmt, path = choice
            self.write_export(figures, fmt, path, label)

        app.push_screen(ExportScreen(len(figures), what, paths), done)

    def write_export(self, figures: list, fmt: str, path: Path, label: str) -> None:
        from tanwen.tui.export import write_export

        try:
            count = write_export(figures, path, fmt, title=f"tanwen figures: {label}")
        except (OSError, ValueError) as error:
            self.app.notify(f"Could not write {path}: {error}", title="Export", severity="error", markup=False)
            return
        self.app.notify(f"{count} figures → {path}", title="Exported", markup=False)
