"""The search box (top): results update as you type; up/down move through the results list
without leaving it; enter opens the highlighted (at first, the top) result."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

from tanwen.tui.keys import bindings

# Each finds something in the built-in corpus (a test runs them); they name its places.
BUILTIN_EXAMPLES = ("新质生产力", "天津 OR 北京", "-北京", '"天开实践 打造"', "heading:天开", "tianjin")
# For a corpus of one's own: the syntax, with no words that may not be in it.
SYNTAX_HINTS = ("words 词语", "a OR b", "-without", '"exact phrase"', "heading:…", "kind:caption",
                "pinyin or initials")


def placeholder(examples: tuple[str, ...]) -> str:
    return "/ 搜索 search: " + " · ".join(examples)


class SearchBar(Input):
    BINDINGS = bindings("search box")
    # Input sets its virtual size (the text's width) on every keystroke, and Widget's makes
    # that a layout of the whole screen and a redraw of every pane: 30-40 ms a key. The box's
    # size never follows its text, and its scrolling reads the virtual size as it is.
    virtual_size = Reactive(Size(0, 0), layout=False)

    class Move(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    HOLD_SECONDS = 2.0     # longest that keys after enter wait for the app to open the result

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=placeholder(SYNTAX_HINTS), id=id, compact=True,
                         select_on_focus=False)
        self._held: list[events.Key] | None = None

    async def _on_key(self, event: events.Key) -> None:
        # Enter hands the keys typed after it (`天开⏎nn` in one burst) to the pane the app
        # opens: they reach this box before the app has moved the focus, so they are held
        # here, and passed on in order by release_keys().
        if self._held is not None:
            event.stop()
            event.prevent_default()
            self._held.append(event)
            return
        if event.key == "enter":
            self._held = []
            self.set_timer(self.HOLD_SECONDS, self.release_keys)
        await super()._on_key(event)

    def release_keys(self) -> None:
        """Pass the keys held since enter to whatever has the focus now (the reader, or this
        box when it kept it), as if just typed; an app-wide priority key (/, ctrl+p) to the app."""
        held, self._held = self._held, None
        for event in held or ():
            key = events.Key(event.key, event.character)
            if any(binding.priority for binding in self.app._bindings.key_to_bindings.get(key.key, ())):
                self.app.post_message(key)
            else:
                (self.screen.focused or self.screen)._forward_event(key)

    def show_examples_for(self, builtin: bool) -> None:
        """Examples from the built-in corpus only when that is the corpus being searched."""
        self.placeholder = placeholder(BUILTIN_EXAMPLES if builtin else SYNTAX_HINTS)

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))
