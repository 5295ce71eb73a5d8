"""Command palette (ctrl+p): open any section, and the app's commands (figures, toggles…).

Section labels are corpus text: they are matched and highlighted here as plain Content,
never through the palette's markup-parsing highlighter.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from tanwen.tui.safe import clean
from tanwen.tui.screens import opening

if TYPE_CHECKING:
    from tanwen.tui.app import TanwenApp

# (name, action, help)
COMMANDS: list[tuple[str, str, str]] = [
    ("Search", "focus_search", "Focus the search box (/)"),
    ("Next hit", "next_hit", "Go to the next search hit (n)"),
    ("Previous hit", "previous_hit", "Go to the previous search hit (N)"),
    ("Next section", "next_section", "Open the next section (])"),
    ("Previous section", "previous_section", "Open the previous section ([)"),
    ("Clear search", "clear_search", "Forget the query and its highlights"),
    ("Toggle figures pane", "toggle_figures", "Show or hide the figures sidebar (f)"),
    ("Toggle section tree", "toggle_tree", "Show or hide the section tree (t)"),
    ("Figures: section / search results", "figures_scope",
     "List the figures of the current section, or of every search result (r)"),
    ("Copy figure", "copy_figure('value')", "Copy the selected figure (y)"),
    ("Copy figure citation", "copy_figure('citation')",
     "Copy the selected figure's sentence as printed, with its source (Y)"),
    ("Export figures", "export_figures", "Write the figure list to a CSV or Markdown file (e)"),
    ("Keys", "help", "Every key and what it does (f1, ?)"),
    *opening.COMMANDS,
]


def _highlight(query: str, candidate: str, matcher) -> Content:
    content = Content(candidate)
    _score, offsets = matcher.fuzzy_search.match(query, candidate)
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class TanwenCommands(Provider):
    @property
    def tanwen(self) -> "TanwenApp":
        return self.app  # type: ignore[return-value]

    def _entries(self) -> list[tuple[str, object, str]]:
        app = self.tanwen
        entries: list[tuple[str, object, str]] = [
            (name, partial(app.run_action, action), help_) for name, action, help_ in COMMANDS
        ]
        corpus = app.corpus
        if corpus is not None:
            for article in corpus.articles:
                entries.append((f"Open article: {clean(article.title)}",
                                partial(app.open_key, article.id, focus_reader=True), article.source))
                for section in article.walk():
                    path = " › ".join(" ".join(label.split()) for label in section.path)
                    entries.append((f"Open section: {clean(path)}",
                                    partial(app.open_key, section.id, focus_reader=True), section.id))
        return entries

    async def discover(self) -> Hits:
        for name, command, help_ in self._entries()[: len(COMMANDS)]:
            yield DiscoveryHit(Content(name), command, text=name, help=escape(help_))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_ in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(query, name, matcher), command, text=name, help=escape(help_))
