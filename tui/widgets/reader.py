"""The reader: a section (or an article) as readable Chinese prose.

A Line API widget: blocks are broken into lines at the current width (`reader_layout`, with
`tui.cjk_wrap`), and only the visible lines are rendered. Each block kind has its look (title,
heading, subtitle, summary bullet, caption, credit, byline, image placeholder, code); search hits
are highlighted, the current hit more strongly, and the figure selected in the figures pane is
marked.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.actions import SkipAction
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tanwen.corpus.model import Block, BlockKind
from tanwen.tui.cjk_wrap import line_of
from tanwen.tui.keys import bindings
from tanwen.tui.safe import clean
from tanwen.tui.widgets.reader_layout import ReaderLayout, look_of
from tanwen.tui.widgets.styling import StyleOncePerDraw, text_style

Span = tuple[int, int]


@dataclass
class ReaderView:
    """What the reader shows: a key (section or article id), a title and the blocks."""

    key: str
    title: str
    blocks: list[Block]
    section_ids: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self._ids = {block.id: index for index, block in enumerate(self.blocks)}

    def index_of(self, block_id: str) -> int | None:
        return self._ids.get(block_id)


_OVERLAYS = frozenset({"reader--hit", "reader--hit-current", "reader--figure"})


class Reader(StyleOncePerDraw, ScrollView, can_focus=True):
    """Shows a ReaderView; `set_hits`, `set_current` and `set_figure` mark text in it."""

    BINDINGS = bindings("reader")

    COMPONENT_CLASSES = {
        "reader--title", "reader--heading", "reader--subtitle", "reader--summary",
        "reader--bullet", "reader--body", "reader--caption", "reader--credit",
        "reader--byline", "reader--image", "reader--rule", "reader--hit",
        "reader--hit-current", "reader--figure", "reader--hint", "reader--code",
    }

    DEFAULT_CSS = """
    /* The scroll bar always shows: one that appeared with a long section laid the whole
       screen out again and drew the reader twice (a tenth of the start's UI time). */
    Reader { overflow-y: scroll; }
    Reader > .reader--title { text-style: bold; color: $text-accent; }
    Reader > .reader--heading { text-style: bold; color: $text-primary; }
    Reader > .reader--subtitle { text-style: italic; color: $text-secondary; }
    Reader > .reader--summary { color: $text; }
    Reader > .reader--bullet { color: $accent; text-style: bold; }
    Reader > .reader--body { color: $text; }
    Reader > .reader--caption { text-style: italic; color: $text-muted; }
    Reader > .reader--credit { color: $text-muted; }
    Reader > .reader--byline { color: $text-muted; text-style: italic; }
    Reader > .reader--image { color: $text-disabled; }
    Reader > .reader--code { color: $text-success; }
    Reader > .reader--rule { color: $text-disabled; }
    Reader > .reader--hit { color: $text-warning; background: $warning 15%; text-style: bold underline; }
    Reader > .reader--hit-current { background: $warning; color: $background; text-style: bold not underline; }
    Reader > .reader--figure { background: $success 45%; text-style: bold underline; }
    Reader > .reader--hint { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.view: ReaderView | None = None
        self.hint = Text("")
        self._hits: dict[str, list[Span]] = {}
        self._current: tuple[str, Span] | None = None
        self._figure: tuple[str, Span] | None = None
        self._laid_out = ReaderLayout([], 2)      # the view's lines at the current width
        self._layout_width = -1
        self._rest_later = False
        self._styled: dict[int, Text] = {}
        self._strips: dict[int, Strip] = {}

    # -- what to show ----------------------------------------------------------------------

    def show(self, view: ReaderView | None) -> None:
        """Show another view, from its top."""
        self.view = view
        self._figure = None
        self._relayout(force=True)
        self.scroll_to(y=0, animate=False, immediate=True)

    @contextmanager
    def rest_later(self):
        """A view shown meanwhile is laid out as far as the reader shows it, the rest when
        `finish_layout` is called or a line past it is needed (until then its height is an
        estimate). For the start: the first article is 400 lines at 120×35, 31 on screen."""
        self._rest_later = True
        try:
            yield
        finally:
            self._rest_later = False

    def finish_layout(self) -> None:
        """Lay out what `rest_later` left: the view's height is exact from now on."""
        if not self._laid_out.finished:
            self._laid_out.finish()
            self._size_to_layout()

    def set_hits(self, matches: dict[str, list[Span]]) -> None:
        self._hits = matches
        self._restyle()

    def set_current(self, block_id: str | None, span: Span | None = None, *, scroll: bool = True) -> None:
        self._current = (block_id, span) if block_id is not None and span is not None else None
        self._restyle()
        if scroll and self._current is not None:
            self.scroll_to_offset(block_id, span[0])

    def set_figure(self, block_id: str | None, span: Span | None = None, *, scroll: bool = True) -> None:
        self._figure = (block_id, span) if block_id is not None and span is not None else None
        self._restyle()
        if scroll and self._figure is not None:
            self.scroll_to_offset(block_id, span[0])

    @property
    def hits(self) -> dict[str, list[Span]]:
        """Block id → the spans highlighted in it (the search's, as given to `set_hits`)."""
        return self._hits

    @property
    def current(self) -> tuple[str, Span] | None:
        return self._current

    @property
    def figure(self) -> tuple[str, Span] | None:
        return self._figure

    def line_of_offset(self, block_id: str, offset: int) -> int | None:
        """The line (in the whole view) that shows character `offset` of a block."""
        if self.view is None:
            return None
        index = self.view.index_of(block_id)
        if index is None or index >= len(self.view.blocks):
            return None
        if index >= len(self._laid_out.block_lines):
            self.finish_layout()
        first, wrapped = self._laid_out.block_lines[index]
        return first + line_of(wrapped, offset)

    def scroll_to_offset(self, block_id: str, offset: int) -> None:
        """Scroll so that the line holding the offset is visible (a third down when it was not)."""
        self._relayout()
        y = self.line_of_offset(block_id, offset)
        if y is None:
            return
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if top <= y < top + height:
            return
        self.scroll_to(y=max(0, y - height // 3), animate=False, immediate=True)

    def visible_text(self) -> list[str]:
        """The lines currently on screen, as plain text (for tests and debugging)."""
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        self._laid_out.through_line(top + height - 1)
        return [self._line_text(y) for y in range(top, min(len(self._laid_out.lines), top + height))]

    def all_text(self) -> list[str]:
        self._relayout()
        self.finish_layout()
        return [self._line_text(y) for y in range(len(self._laid_out.lines))]

    # -- layout ----------------------------------------------------------------------------

    def _text_width(self) -> int:
        return max(2, self.scrollable_content_region.width)

    def _relayout(self, force: bool = False) -> None:
        width = self._text_width()
        if not force and width == self._layout_width:
            return
        anchor = None if force else self.top_anchor()
        self._layout_width = width
        self._laid_out = ReaderLayout(self.view.blocks if self.view is not None else [], width)
        if self._rest_later and anchor is None:     # a view shown in `rest_later`: what shows
            top = 0 if force else round(self.scroll_y)
            self._laid_out.through_line(top + max(1, self.scrollable_content_region.height) - 1)
        else:                                         # every line: the height is exact
            self._laid_out.finish()
        self._styled.clear()
        self._strips.clear()
        self._size_to_layout()
        if anchor is not None:
            y = self.line_of_offset(*anchor)
            if y is not None:
                self.scroll_to(y=y, animate=False, immediate=True)
        self.refresh()

    def _size_to_layout(self) -> None:
        # Nothing to show (the hint is drawn over no lines): no size, as before the first
        # layout, so the first frame is not laid out a second time for a width alone.
        lines = self._laid_out
        self.virtual_size = Size(lines.width, lines.height()) if lines.lines else Size(0, 0)

    def top_anchor(self) -> tuple[str, int] | None:
        """(block id, offset) of the first text line on screen."""
        lines = self._laid_out.lines
        if self.view is None or not lines:
            return None
        top = round(self.scroll_y)
        self._laid_out.through_line(top)
        top = min(len(lines) - 1, top)
        for y in range(top, len(lines)):
            entry = lines[y]
            if entry.block >= 0 and entry.line is not None:
                return self.view.blocks[entry.block].id, entry.line.start
        return None

    # -- styling ---------------------------------------------------------------------------

    def _restyle(self) -> None:
        self._styled.clear()
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styled.clear()
        self._strips.clear()

    def _style(self, name: str) -> Style:
        # Marks laid over the text have translucent backgrounds (`$warning 15%`): only a full
        # style resolves them against the reader's background; a partial one drops the alpha
        # and paints solid orange. Block looks are colours and attributes only.
        if name in _OVERLAYS:
            return self.get_component_rich_style(name)
        return text_style(self, name)

    def _block_text(self, index: int) -> Text:
        cached = self._styled.get(index)
        if cached is not None:
            return cached
        block = self.view.blocks[index]
        look = look_of(block)
        # The look is a span, not the Text's base style: Text.render() (rich 15) drops the base
        # style of a Text that has no spans, so a block without hits would lose its look.
        text = Text(clean(block.text), end="")
        text.stylize(self._style(look.style))
        if block.kind is BlockKind.SUMMARY and text.plain[:1] in "●•":
            text.stylize(self._style("reader--bullet"), 0, 1)
        for start, end in self._hits.get(block.id, ()):
            text.stylize(self._style("reader--hit"), start, end)
        if self._figure is not None and self._figure[0] == block.id:
            start, end = self._figure[1]
            text.stylize(self._style("reader--figure"), start, end)
        if self._current is not None and self._current[0] == block.id:
            start, end = self._current[1]
            text.stylize(self._style("reader--hit-current"), start, end)
        self._styled[index] = text
        return text

    def _line_text(self, y: int) -> str:
        entry = self._laid_out.lines[y]
        if entry.block < 0:
            return "· · ·" if entry.rule else ""
        text = clean(self.view.blocks[entry.block].text)
        return " " * entry.pad + entry.prefix + entry.line.text(text)

    # -- keys ------------------------------------------------------------------------------
    # The text moves at once, as in a pager: an animated page is some ten redraws of the
    # reader, 100 ms of the UI thread a key on a small machine.

    def _scroll_now(self, scroll) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()          # as Textual's: the key goes on to the app
        self.finish_layout()            # to scroll by the view's real height
        scroll(animate=False)

    def action_scroll_down(self) -> None:
        self._scroll_now(self.scroll_down)

    def action_scroll_up(self) -> None:
        self._scroll_now(self.scroll_up)

    def action_page_down(self) -> None:
        self._scroll_now(self.scroll_page_down)

    def action_page_up(self) -> None:
        self._scroll_now(self.scroll_page_up)

    def action_scroll_home(self) -> None:
        self._scroll_now(self.scroll_home)

    def action_scroll_end(self) -> None:
        self._scroll_now(self.scroll_end)

    # -- rendering -------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._relayout()

    def render_line(self, y: int) -> Strip:
        self._relayout()
        width = self.scrollable_content_region.width
        base = self.draw_style
        index = round(self.scroll_y) + y
        lines = self._laid_out
        if self.view is None or not lines.lines:
            if y == 1 and self.hint.plain:
                hint = self.hint.copy()
                hint.stylize(self._style("reader--hint"))
                hint.truncate(max(0, width - 2), overflow="ellipsis")
                segments = [Segment("  ")] + list(hint.render(self.app.console))
                return Strip(segments).extend_cell_length(width).apply_style(base)
            return Strip.blank(width, base)
        if index >= len(lines.lines) and not lines.finished:
            self.finish_layout()        # scrolled past what `rest_later` laid out
        if index >= len(lines.lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._render_index(index, width).apply_style(base)
            self._strips[index] = strip
        return strip

    def _render_index(self, index: int, width: int) -> Strip:
        entry = self._laid_out.lines[index]
        if entry.block < 0:
            if entry.rule:
                pad = max(0, (width - 5) // 2)
                rule = Segment("· · ·", self._style("reader--rule"))
                return Strip([Segment(" " * pad), rule]).extend_cell_length(width)
            return Strip.blank(width)
        source = self._block_text(entry.block)
        parts: list[Segment] = []
        if entry.pad:
            parts.append(Segment(" " * entry.pad))
        if entry.prefix:
            look = look_of(self.view.blocks[entry.block])
            parts.append(Segment(entry.prefix, self._style(look.style)))
        for start, end in entry.line.pieces:
            parts.extend(source[start:end].render(self.app.console))
        return Strip(parts).crop_extend(0, width, None)
