"""The figures sidebar: the figures of the current section (or of the search results), and a
second tab with the photo captions.

Each figure shows its text (value with qualifier and unit), its kind, and what it measures.
Moving through the list tells the app which figure to mark in the reader; `y` copies the
figure, `Y` its citation (its sentence as printed, in quotation marks, and its source),
`e` exports the list.

The tabs and their lists are a fifth of what the first screen costs to compose, style and
draw, and they are empty until the corpus is loaded: the pane composes its header only, and
mounts them after the first screen is painted — or, made with `lists_later`, when it is
first given figures or asked for them (`mount_lists`): the app's start has more urgent work
than empty lists. Until then the pane takes focus itself (and hands it to the list once
there is one), and what it is given to show waits for the lists.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tanwen.tui.cjk_wrap import wrap_text
from tanwen.tui.fitting import Field
from tanwen.tui.keys import bindings
from tanwen.tui.safe import plain
from tanwen.tui.widgets.fitted import FittedText, fitted_fields
from tanwen.tui.widgets.styling import text_style



# Said of 今年/去年 left as written: the article states no date to resolve them against.
UNRESOLVED_NOTE = "year not stated"


def short_value(figure) -> str:
    """The normalised value and unit, e.g. `2.821e11 元` as `2821亿 元`, `3.44 %`."""
    from tanwen.corpus.figures.period import unresolved

    value = figure.value
    if unresolved(figure.period) and figure.kind == "date":
        return f"{figure.period} ({UNRESOLVED_NOTE})"
    if value is None:
        return ""
    def number(v: float) -> str:
        for size, name in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
            if abs(v) >= size and figure.kind in ("money", "measure", "count"):
                return f"{v / size:.6g}{name}"
        return f"{v:.6g}" if not float(v).is_integer() else f"{int(v)}"
    shown = number(value)
    if figure.value_end is not None:
        shown += f"–{number(figure.value_end)}"
    if figure.kind in ("year", "date"):
        return figure.period or shown
    unit = figure.unit or ""
    return f"{shown} {unit}".strip()


class FigureList(OptionList):
    BINDINGS = bindings("figures pane", "list")


class FiguresPane(Vertical):
    """Tabs: figures, captions. Posts FigureChosen / CaptionChosen as the cursor moves."""

    BINDINGS = bindings("figures pane")
    COMPONENT_CLASSES = {"figures--value", "figures--kind", "figures--metric", "figures--unit"}
    DEFAULT_CSS = """
    FiguresPane > .figures--value { text-style: bold; color: $text-success; }
    FiguresPane > .figures--kind { color: $text-muted; }
    FiguresPane > .figures--metric { color: $text; }
    FiguresPane > .figures--unit { color: $text-secondary; }
    """

    class FigureChosen(Message):
        def __init__(self, figure) -> None:
            super().__init__()
            self.figure = figure

    class CaptionChosen(Message):
        def __init__(self, block) -> None:
            super().__init__()
            self.block = block

    class CopyRequested(Message):
        def __init__(self, style: str) -> None:
            super().__init__()
            self.style = style

    class ExportRequested(Message):
        pass

    # At most this many rows per list (a 100 KB article can hold a thousand figures; the
    # export still writes them all).
    LIST_LIMIT = 300

    def __init__(self, *, id: str | None = None, classes: str | None = None,
                 lists_later: bool = False) -> None:
        super().__init__(id=id, classes=classes)
        self.lists_later = lists_later
        self._lists_asked = False
        self.figures: list = []
        self.captions: list = []
        self.scope = "section"          # or "results"
        self.scope_label = ""
        self._lists_ready = False
        self.can_focus = True           # until the lists are there to take focus

    def compose(self) -> ComposeResult:
        yield FittedText(id="figures-header")

    def on_mount(self) -> None:
        if not self.lists_later:
            self.mount_lists()

    def mount_lists(self) -> None:
        """Mount the tabs and their lists after the next refresh (once)."""
        if not self._lists_asked:
            self._lists_asked = True
            self.call_after_refresh(self._mount_lists)

    def on_focus(self) -> None:
        self.mount_lists()        # focused before its lists: they take the focus once there

    async def _mount_lists(self) -> None:
        if self._lists_ready or not self.is_attached:    # the app is closing: nothing to show them in
            return
        from textual.widgets import TabbedContent, TabPane     # imported after the first paint too

        tabs = TabbedContent(id="figures-tabs")
        # As `with TabbedContent(): with TabPane(…): yield …` in a compose method adds them:
        tabs.compose_add_child(TabPane("Figures 数字", FigureList(id="figure-list"), id="tab-figures"))
        tabs.compose_add_child(TabPane("Captions 图注", FigureList(id="caption-list"), id="tab-captions"))
        await self.mount(tabs)
        self._lists_mounted()

    def _lists_mounted(self) -> None:
        """Once both lists are in the DOM, fill them. The tabs mount their panes' content
        up to a refresh after themselves: asked for sooner, a list is not there yet."""
        if not self.is_attached:
            return
        if not (self.query("#figure-list") and self.query("#caption-list")):
            self.call_after_refresh(self._lists_mounted)
            return
        from textual.widgets import Tabs

        for bar in self.query(Tabs):
            bar.can_focus = False
        self._lists_ready = True
        focused_here = self.has_focus
        self.can_focus = False
        if self.figures or self.captions:       # shown before the lists were there
            self._fill(reset=True)
            self.call_after_refresh(self.on_resize)    # drawn again if the lists' width, laid out now, differs
        if focused_here:
            self.focus_list()

    # -- content ---------------------------------------------------------------------------

    def _style(self, name: str):
        return text_style(self, name)

    def show(self, figures: list, captions: list, scope: str, scope_label: str) -> None:
        self.figures, self.captions = list(figures), list(captions)
        self.scope, self.scope_label = scope, scope_label
        if self._lists_ready:
            self._fill(reset=True)
        else:
            self.mount_lists()
        self._update_header()

    def _list_width(self) -> int:
        width = self.query_one("#figure-list", FigureList).scrollable_content_region.width
        return max(12, width or (self.size.width - 2) or 32)

    def _fill(self, reset: bool) -> None:
        width = self._list_width()
        self._filled_width = width
        for list_id, items, prompt, empty in (
            ("#figure-list", self.figures[: self.LIST_LIMIT], self._figure_prompt, "no figures here"),
            ("#caption-list", self.captions[: self.LIST_LIMIT], self._caption_prompt, "no photo captions here"),
        ):
            option_list = self.query_one(list_id, FigureList)
            highlighted = option_list.highlighted
            if items:
                option_list.set_options([Option(prompt(item, width), id=str(i)) for i, item in enumerate(items)])
                option_list.highlighted = 0 if reset or highlighted is None else min(highlighted, len(items) - 1)
            else:
                option_list.set_options([Option(Text(empty, style="italic"), disabled=True)])

    def on_resize(self) -> None:
        if self._lists_ready and getattr(self, "_filled_width", None) not in (None, self._list_width()):
            self._fill(reset=False)

    def _update_header(self) -> None:
        count, captions = len(self.figures), len(self.captions)
        fields = [Field(f"{count} figures", "bold")]
        if count > self.LIST_LIMIT:
            fields.append(Field(f"first {self.LIST_LIMIT} listed; e exports all", "dim", rank=3,
                                short=f"first {self.LIST_LIMIT}"))
        fields.append(Field(f"{captions} captions", "dim", rank=2, short=f"{captions} cap."))
        if self.scope == "results":
            fields.append(Field("of search results", "bold", rank=1, short="of results"))
        self.query_one("#figures-header", FittedText).update(fitted_fields(fields))

    def _figure_prompt(self, figure, width: int) -> Text:
        from tanwen.corpus.figures import KIND_LABELS
        from tanwen.corpus.figures.period import unresolved

        head = Text(end="")
        head.append_text(plain(figure.text, style=self._style("figures--value")))
        value = short_value(figure)
        if value and value.replace(" ", "") != figure.text:
            head.append("  ")
            head.append_text(plain(value, style=self._style("figures--unit")))
        head.append(f"  {KIND_LABELS.get(figure.kind, figure.kind)}", self._style("figures--kind"))
        if figure.direction:
            head.append_text(plain(f" {figure.direction}", style=self._style("figures--kind")))
        metric = figure.metric or "—"
        period = f" · {figure.period}" if figure.period and figure.kind not in ("year", "date") else ""
        if period and unresolved(figure.period):
            period += f" ({UNRESOLVED_NOTE})"
        tail = Text("  ", end="")
        tail.append_text(plain(metric + period, style=self._style("figures--metric")))
        head.truncate(width, overflow="ellipsis")
        tail.truncate(width, overflow="ellipsis")
        return Text.assemble(head, "\n", tail)

    def _caption_prompt(self, block, width: int) -> Text:
        lines = [line for _, line in wrap_text(plain(block.text), width - 1, collapse_spaces=False)]
        if len(lines) > 3:
            lines = lines[:3]
            lines[-1].truncate(max(1, lines[-1].cell_len - 1))
            lines[-1].append("…")
        return Text("\n", end="").join(lines)

    # -- the cursor ------------------------------------------------------------------------

    @property
    def active_tab(self) -> str:
        if not self._lists_ready:
            return "tab-figures"
        return self.query_one("#figures-tabs").active or "tab-figures"

    def current_figure(self):
        index = self.query_one("#figure-list", FigureList).highlighted if self._lists_ready else None
        return self.figures[index] if index is not None and 0 <= index < len(self.figures) else None

    def current_caption(self):
        index = self.query_one("#caption-list", FigureList).highlighted if self._lists_ready else None
        return self.captions[index] if index is not None and 0 <= index < len(self.captions) else None

    def set_figure_cursor(self, index: int) -> None:
        if self._lists_ready and 0 <= index < min(len(self.figures), self.LIST_LIMIT):
            self.query_one("#figure-list", FigureList).highlighted = index

    def current_list(self) -> FigureList | FiguresPane:
        """The list of the tab shown (the pane itself in the moment before there is one)."""
        if not self._lists_ready:
            return self
        target = "#caption-list" if self.active_tab == "tab-captions" else "#figure-list"
        return self.query_one(target, FigureList)

    def focus_list(self) -> None:
        self.current_list().focus()

    @on(OptionList.OptionHighlighted, "#figure-list")
    def _figure_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_list.has_focus and self.current_figure() is not None:
            self.post_message(self.FigureChosen(self.current_figure()))

    @on(OptionList.OptionHighlighted, "#caption-list")
    def _caption_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_list.has_focus and self.current_caption() is not None:
            self.post_message(self.CaptionChosen(self.current_caption()))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "figure-list" and self.current_figure() is not None:
            self.post_message(self.FigureChosen(self.current_figure()))
        elif event.option_list.id == "caption-list" and self.current_caption() is not None:
            self.post_message(self.CaptionChosen(self.current_caption()))

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, FigureList):
            if event.widget.id == "figure-list" and self.current_figure() is not None:
                self.post_message(self.FigureChosen(self.current_figure()))
            elif event.widget.id == "caption-list" and self.current_caption() is not None:
                self.post_message(self.CaptionChosen(self.current_caption()))

    def on_tabbed_content_tab_activated(self, event) -> None:      # TabbedContent.TabActivated
        event.stop()
        if self.has_focus_within:
            self.call_after_refresh(self.focus_list)

    # -- actions ---------------------------------------------------------------------------

    def action_tab(self, step: int) -> None:
        if not self._lists_ready:
            return
        tabs = ["tab-figures", "tab-captions"]
        current = tabs.index(self.active_tab) if self.active_tab in tabs else 0
        self.query_one("#figures-tabs").active = tabs[(current + step) % len(tabs)]
        self.call_after_refresh(self.focus_list)

    def action_copy_value(self) -> None:
        self.post_message(self.CopyRequested("value"))

    def action_copy_citation(self) -> None:
        self.post_message(self.CopyRequested("citation"))

    def action_export(self) -> None:
        self.post_message(self.ExportRequested())
