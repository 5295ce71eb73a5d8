"""The ranked search results: section path, literal/pinyin tag, and a snippet with the matches
highlighted, two lines per hit."""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.style import Style
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tanwen.tui.keys import bindings
from tanwen.tui.safe import clean, plain
from tanwen.tui.widgets.styling import text_style


def snippet(text: str, spans: list[tuple[int, int]], width: int, hit_style: Style | str) -> Text:
    """One line of at most `width` cells around the first span, matches highlighted."""
    text = clean(text).replace("\n", " ")
    width = max(4, width)
    first = spans[0][0] if spans else 0
    # Start about a third of the line before the first match.
    lead = width // 3
    start, cells = first, 0
    while start > 0:
        size = get_character_cell_size(text[start - 1])
        if cells + size > lead:
            break
        start -= 1
        cells += size
    line = Text(end="", no_wrap=True, overflow="ellipsis")
    if start > 0:
        line.append("…")
    line.append_text(plain(text[start:]))
    offset = 1 if start > 0 else 0
    for a, b in spans:
        if b > start:
            line.stylize(hit_style, max(a, start) - start + offset, b - start + offset)
    if cell_len(line.plain) > width:
        line.truncate(width, overflow="ellipsis")
    return line


class ResultsList(OptionList):
    BINDINGS = bindings("results")
    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | {
        "results--hit", "results--path", "results--literal", "results--pinyin", "results--rank",
    }
    DEFAULT_CSS = """
    ResultsList > .results--hit { color: $text-warning; text-style: bold underline; }
    ResultsList > .results--path { color: $text-secondary; }
    ResultsList > .results--literal { color: $text-success; }
    ResultsList > .results--pinyin { color: $text-accent; }
    ResultsList > .results--rank { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.hits: list = []
        self._width = 0

    def _style(self, name: str) -> Style:
        return text_style(self, name)

    def show_hits(self, hits: list) -> None:
        """New results: the top one highlighted (↓ goes to the second, whatever was chosen before)."""
        self.hits = list(hits)
        self._rebuild(keep_highlight=False)

    def _rebuild(self, keep_highlight: bool = True) -> None:
        width = max(10, self.scrollable_content_region.width - 1)
        self._width = width
        highlighted = self.highlighted if keep_highlight else 0
        options = [Option(self._prompt(rank, hit, width), id=str(rank)) for rank, hit in enumerate(self.hits)]
        self.set_options(options)
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)

    def _prompt(self, rank: int, hit, width: int) -> Text:
        tag = "pinyin" if hit.match == "pinyin" else "literal"
        head = Text(no_wrap=True, overflow="ellipsis", end="")
        head.append(f"{rank + 1:>2} ", self._style("results--rank"))
        head.append(tag, self._style(f"results--{tag}"))
        head.append(" ")
        path = " › ".join(" ".join(label.split()) for label in hit.section) or hit.source
        head.append_text(plain(path, style=""))
        head.stylize(self._style("results--path"), len(f"{rank + 1:>2} ") + len(tag) + 1)
        if hit.kind not in ("body",):
            head.append(f"  [{hit.kind}]", self._style("results--rank"))
        head.truncate(width, overflow="ellipsis")
        body = snippet(hit.text, hit.spans, width - 3, self._style("results--hit"))
        return Text.assemble(head, "\n   ", body)

    def on_resize(self) -> None:
        width = max(10, self.scrollable_content_region.width - 1)
        if self.hits and width != self._width:
            self._rebuild()
