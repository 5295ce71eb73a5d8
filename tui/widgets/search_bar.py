"""The search box (top): results update as you type; up/down move through the results list
without leaving it; enter opens the highlighted (at first, the top) result."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

# Each finds something in the built-in corpus (a test runs them); they name its places.
BUILTIN_EXAMPLES = ("新质生产力", "天津 OR 北京", "-北京", '"天开实践 打造"', "heading:天开", "tianjin")
# For a corpus of one's own: the syntax, with no words that may not be in it.
SYNTAX_HINTS = ("words 词语", "a OR b", "-without", '"exact phrase"', "heading:…", "kind:caption",
                "pinyin or initials")


def placeholder(examples: tuple[str, ...]) -> str:
    return "/ 搜索 search: " + " · ".join(examples)


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
        super().__init__(placeholder=placeholder(SYNTAX_HINTS), id=id, compact=True,
                         select_on_focus=False)

    def show_examples_for(self, builtin: bool) -> None:
        """Examples from the built-in corpus only when that is the corpus being searched."""
        self.placeholder = placeholder(BUILTIN_EXAMPLES if builtin else SYNTAX_HINTS)

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))
