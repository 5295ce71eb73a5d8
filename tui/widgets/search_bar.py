"""The search box (top): results update as you type; up/down move through the results list
without leaving it; enter opens the highlighted (at first, the top) result."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = "/ 搜索 search: 新质生产力 · 天津 OR 北京 · -北京 · \"新质 生产力\" · heading:天开 · tianjin"


class SearchBar(Input):
    BINDINGS = [
        Binding("down", "move(1)", "Next result", show=False, id="search.next-result"),
        Binding("up", "move(-1)", "Previous result", show=False, id="search.previous-result"),
    ]

    class Move(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, compact=True, select_on_focus=False)

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))
