"""The concordance lines: left context, the match in one column, right context.

A Line API widget: only the lines on screen are made (from `Concordance[row]`) and drawn, so
a concordance of 100,000 lines scrolls as fast as one of ten. Columns are fitted in terminal
cells (`aligned`), so wide Chinese characters, half-width punctuation and `R&D` line up.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tanwen.search import Concordance, KwicLine, aligned
from tanwen.tui.keys import bindings
from tanwen.tui.wording import short_place
from tanwen.tui.safe import clean

MATCH_CELLS_MAX = 24
SOURCE_CELLS_MIN = 12


class KwicView(ScrollView, can_focus=True):
    BINDINGS = bindings("concordance", "lines")
    COMPONENT_CLASSES = {"kwic--context", "kwic--match", "kwic--cursor", "kwic--hint", "kwic--source"}
    DEFAULT_CSS = """
    KwicView { height: 1fr; scrollbar-gutter: stable; }
    KwicView > .kwic--context { color: $text; }
    KwicView > .kwic--match { color: $text-warning; text-style: bold; }
    KwicView > .kwic--cursor { background: $accent 30%; }
    KwicView:focus > .kwic--cursor { background: $accent 50%; }
    KwicView > .kwic--hint { color: $text-muted; }
    KwicView > .kwic--source { color: $text-muted; }
    """

    class Chosen(Message):
        def __init__(self, line: KwicLine) -> None:
            super().__init__()
            self.line = line

    class CopyRequested(Message):
        def __init__(self, line: KwicLine) -> None:
            super().__init__()
            self.line = line

    class Moved(Message):
        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.concordance: Concordance | None = None
        self.cursor = 0
        self.hint = ""
        self._match_cells = 0

    def show(self, concordance: Concordance | None, hint: str = "") -> None:
        self.concordance = concordance
        self.hint = hint
        self.cursor = 0
        # The widest match sets the column (every line of a one-word query: the same).
        found = concordance.found if concordance else None
        matches = {found.text(item)[item.start:item.end] for item in found.items} if found else set()
        self._match_cells = min(MATCH_CELLS_MAX, max(map(cell_len, matches), default=0))
        self.refresh_lines()
        self.scroll_to(y=0, animate=False, immediate=True)

    def refresh_lines(self) -> None:
        """Call after the concordance was re-sorted or its width changed."""
        rows = len(self.concordance) if self.concordance else 0
        self.virtual_size = Size(self.scrollable_content_region.width, max(rows, 1))
        self.cursor = min(self.cursor, max(0, rows - 1))
        self.refresh()

    @property
    def current(self) -> KwicLine | None:
        if not self.concordance or not len(self.concordance):
            return None
        return self.concordance[self.cursor]

    def columns(self) -> tuple[int, int, int]:
        """Cells for the left context, the match and the right context at this width: the
        context's characters at two cells each, or less on a narrow screen."""
        width = max(8, self.scrollable_content_region.width)
        match = self._match_cells
        wanted = 2 * self.concordance.width if self.concordance is not None else width
        side = max(2, min(wanted, (width - match - 2) // 2))
        return side, match, side

    def line_text(self, row: int) -> str:
        """A line as shown (for tests): left, match and right columns with their gaps."""
        left, match, right = aligned(self.concordance[row], *self.columns())
        return f"{left} {match} {right}"

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if self.concordance is None or not len(self.concordance):
            if y == 0 and self.hint:
                style = self.get_component_rich_style("kwic--hint")
                return Strip([Segment(clean(self.hint), style)]).crop_extend(0, width, None)
            return Strip.blank(width)
        if row >= len(self.concordance):
            return Strip.blank(width)
        left, match, right = aligned(self.concordance[row], *self.columns())
        context = self.get_component_rich_style("kwic--context")
        hit = self.get_component_rich_style("kwic--match")
        segments = [Segment(clean(left), context), Segment(" "), Segment(clean(match), hit),
                    Segment(" "), Segment(clean(right), context)]
        room = width - cell_len(left) - cell_len(match) - cell_len(right) - 2
        if room >= SOURCE_CELLS_MIN:           # where it is from, when there is room
            line = self.concordance[row]
            source = self.get_component_rich_style("kwic--source")
            segments.append(Segment("  " + clean(short_place(line.block_id))[:room - 2], source))
        if row == self.cursor:
            cursor = self.get_component_rich_style("kwic--cursor")
            segments = [Segment(text, (style or Style()) + cursor) for text, style, _ in segments]
        return Strip(segments).crop_extend(0, width, None)

    # -- moving ----------------------------------------------------------------------------

    def _move_to(self, row: int) -> None:
        if not self.concordance or not len(self.concordance):
            return
        self.cursor = max(0, min(row, len(self.concordance) - 1))
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Moved(self.cursor))

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._move_to(self.cursor + step * max(1, self.scrollable_content_region.height - 1))

    def action_edge(self, last: int) -> None:
        self._move_to(len(self.concordance) - 1 if last and self.concordance else 0)

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def action_copy(self) -> None:
        if self.current is not None:
            self.post_message(self.CopyRequested(self.current))

    def on_click(self, event) -> None:
        self._move_to(round(self.scroll_y) + event.y)
