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

from tanwen.tui.fitting import section_path
from tanwen.tui.keys import palette_entries, palette_hint
from tanwen.tui.safe import clean

if TYPE_CHECKING:
    from tanwen.tui.app import TanwenApp


def commands(keymap: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, action, hint) of the app's commands, from the key table: each hint names the keys
    in effect after the user's keymap."""
    return [(entry.palette, entry.palette_action or entry.action, palette_hint(entry, keymap))
            for entry in palette_entries()]


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

    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.tanwen
        return [(name, partial(app.run_action, action), hint) for name, action, hint in commands(app.user_keymap)]

    def _entries(self) -> list[tuple[str, object, str]]:
        app = self.tanwen
        entries = self._commands()
        corpus = app.corpus
        if corpus is not None:
            for article in corpus.articles:
                entries.append((f"Open article: {clean(article.title)}",
                                partial(app.open_key, article.id, focus_reader=True), article.source))
                for section in article.walk():
                    path = section_path(section.path)
                    entries.append((f"Open section: {clean(path)}",
                                    partial(app.open_key, section.id, focus_reader=True), section.id))
        return entries

    async def discover(self) -> Hits:
        for name, command, help_ in self._commands():
            yield DiscoveryHit(Content(name), command, text=name, help=escape(help_))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_ in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(query, name, matcher), command, text=name, help=escape(help_))
