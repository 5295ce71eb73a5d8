"""The ranked search results: section path, literal/pinyin tag, and a snippet with the matches
highlighted, two lines per hit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.visual import Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tanwen.tui.fitting import section_path, snippet
from tanwen.tui.keys import bindings
from tanwen.tui.safe import plain
from tanwen.tui.widgets.styling import text_style


def result_row(rank: int, hit, width: int, styles: dict[str, Style]) -> Text:
    """A result's two lines: rank, literal/pinyin tag, section path; then the snippet.
    Safe in a worker thread: `styles` come from `ResultsList.row_styles`."""
    tag = "pinyin" if hit.match == "pinyin" else "literal"
    head = Text(no_wrap=True, overflow="ellipsis", end="")
    head.append(f"{rank + 1:>2} ", styles["rank"])
    head.append(tag, styles[tag])
    head.append(" ")
    path = section_path(hit.section) or hit.source
    head.append_text(plain(path, style=""))
    head.stylize(styles["path"], len(f"{rank + 1:>2} ") + len(tag) + 1)
    if hit.kind not in ("body",):
        head.append(f"  [{hit.kind}]", styles["rank"])
    head.truncate(width, overflow="ellipsis")
    body = snippet(hit.text, hit.spans, width - 3, styles["hit"])
    return Text.assemble(head, "\n   ", body)


@dataclass(frozen=True)
class RowFormat:
    """How rows are drawn at the list's width: read on the UI thread (styles, sizes) for the
    search worker, which draws and measures the rows — the list measures every row it is given."""

    styles: dict[str, Style]
    width: int              # cells a row is drawn in (`result_row`)
    wrap_width: int         # cells the option list lays a row out in
    rules: dict             # the list's text rules that measuring reads


ROW_LINES = 2        # a row's lines: `result_row` cuts both to the width it draws in
DRAWN_AHEAD = 8      # rows drawn with the results: more than the list shows (its panel is ≤ 14 lines)


def prepared_row(rank: int, hit, row_format: RowFormat) -> Content | PendingRow:
    """A result's row for the list, in the search worker: the first ones drawn and measured
    (their height cached), the rest drawn when the list first shows them."""
    if rank >= DRAWN_AHEAD:
        return PendingRow(rank, hit, row_format)
    content = Content.from_rich_text(result_row(rank, hit, row_format.width, row_format.styles))
    if row_format.wrap_width > 0:     # 0 while the results panel is hidden
        content.get_height(row_format.rules, row_format.wrap_width)
    return content


class PendingRow(Visual):
    """A row drawn as the list first draws it (scrolled to), not with the results: a long list
    shows a few of its rows, and drawing all of them took longer than the search. Its height
    is known undrawn, where its lines fit (the width it was made for)."""

    def __init__(self, rank: int, hit, row_format: RowFormat) -> None:
        self.rank, self.hit, self.row_format = rank, hit, row_format

    @cached_property
    def content(self) -> Content:
        fmt = self.row_format
        return Content.from_rich_text(result_row(self.rank, self.hit, fmt.width, fmt.styles))

    def get_height(self, rules, width: int) -> int:
        if width - 2 * rules.get("line_pad", 0) >= self.row_format.width:
            return ROW_LINES
        return self.content.get_height(rules, width)

    def get_optimal_width(self, rules, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules) -> int:
        return self.content.get_minimal_width(rules)

    def render_strips(self, width, height, style, options):
        return self.content.render_strips(width, height, style, options)

    @property
    def plain(self) -> str:
        return self.content.plain

    def __str__(self) -> str:
        return str(self.content)


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

    def show_rows(self, hits: list, rows: list[Content], row_format: RowFormat | None) -> None:
        """New results with their rows made already (in a worker, by `prepared_row`); made
        again here only if the list's width or styles changed meanwhile."""
        if row_format != self.row_format():
            self.show_hits(hits)
            return
        self.hits = list(hits)
        self._width = row_format.width
        self.set_options([Option(row, id=str(rank)) for rank, row in enumerate(rows)])
        if rows:
            self.highlighted = 0
        if rows and row_format.wrap_width > 0 and not self.scrollable_content_region:
            # Hidden until this view shows it: its height is known now (the rows are measured),
            # so the layout that shows the panel has it; set as the list first draws, it
            # would lay the screen out a second time.
            padding = self.get_component_styles("option-list--option").padding
            lines = sum(row.get_height(row_format.rules, row_format.wrap_width) for row in rows)
            self.virtual_size = Size(row_format.wrap_width + padding.width, lines)

    def row_styles(self) -> dict[str, Style]:
        """The styles rows are drawn with: read here, on the UI thread, for a worker to use."""
        return {name: self._style(f"results--{name}") for name in ("hit", "path", "literal", "pinyin", "rank")}

    def row_format(self) -> RowFormat:
        padding = self.get_component_styles("option-list--option").padding
        wrap_width = self._content_width() - self._get_left_gutter_width() - padding.width
        rules = {"line_pad": self.styles.line_pad, "text_overflow": self.styles.text_overflow,
                 "text_wrap": self.styles.text_wrap}
        return RowFormat(self.row_styles(), self._row_width(), wrap_width, rules)

    def _row_width(self) -> int:
        return max(10, self._content_width() - 1)

    def _content_width(self) -> int:
        """The cells the list lays rows out in: its own, once on screen. Before the first
        results its panel is hidden (no size), yet their rows are drawn then, in the search
        worker: the width the list takes when shown — its pane's, less the gutters and its
        scroll bar (always there) — so they need not be drawn or measured again when shown."""
        panel = self.parent
        if self.size.width or panel is None or panel.parent is None:
            return self.scrollable_content_region.width
        width = (panel.parent.content_region.width - panel.styles.gutter.width
                 - self.styles.gutter.width - self.styles.scrollbar_size_vertical)
        return max(0, width)

    def _rebuild(self, keep_highlight: bool = True) -> None:
        width = self._row_width()
        self._width = width
        highlighted = self.highlighted if keep_highlight else 0
        styles = self.row_styles()
        options = [Option(result_row(rank, hit, width, styles), id=str(rank)) for rank, hit in enumerate(self.hits)]
        self.set_options(options)
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)

    def on_resize(self) -> None:
        width = self._row_width()
        if self.hits and width != self._width:
            self._rebuild()
