"""The section tree: articles → stories → sections, labelled with their headings.

With a query active, every node is prefixed with its number of hits (its own blocks and
its subsections') and nodes without hits are dimmed.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets._tree import TOGGLE_STYLE
from textual.widgets.tree import TreeNode

from tanwen.corpus.model import Article, Corpus, Section
from tanwen.tui.keys import bindings
from tanwen.tui.safe import plain
from tanwen.tui.widgets.styling import StyleOncePerDraw, text_style

Node = Article | Section


def node_key(item: Node) -> str:
    return item.id


class SectionTree(StyleOncePerDraw, Tree[Node]):
    BINDINGS = bindings("section tree")
    COMPONENT_CLASSES = Tree.COMPONENT_CLASSES | {"section-tree--count", "section-tree--dim"}
    DEFAULT_CSS = """
    SectionTree > .section-tree--count { color: $text-warning; text-style: bold; }
    SectionTree > .section-tree--dim { color: $text-disabled; }
    """

    FOLD_ABOVE = 30            # articles; above this many, all but the first start folded

    # Tree sets its virtual size (its widest line, its number of lines) as it draws, and
    # Widget's makes any change a layout of the whole screen: counts shown widen the lines.
    # Only the number of lines can change what the screen looks like (the scroll bar); the
    # width cannot (overflow-x: hidden). See watch_virtual_size.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Text("corpus"), id=id, classes=classes)
        self.show_root = False
        self.guide_depth = 2
        self.nodes_by_key: dict[str, TreeNode[Node]] = {}
        self.counts: dict[str, int] | None = None

    def populate(self, corpus: Corpus) -> None:
        self.clear()
        self.nodes_by_key.clear()
        self.root.set_label(plain(corpus.name))
        # A big corpus starts with its articles folded (the first one open): thousands of
        # open nodes make every cursor move rebuild thousands of lines.
        fold = len(corpus.articles) > self.FOLD_ABOVE
        for number, article in enumerate(corpus.articles):
            node = self.root.add(self._label(article), data=article, expand=not fold or number == 0)
            self.nodes_by_key[article.id] = node
            self._add(node, article.sections)
        self.root.expand()

    def _add(self, parent: TreeNode[Node], sections: list[Section]) -> None:
        for section in sections:
            node = parent.add(self._label(section), data=section, expand=True,
                              allow_expand=bool(section.children))
            self.nodes_by_key[section.id] = node
            self._add(node, section.children)

    # -- hit counts ------------------------------------------------------------------------

    def set_counts(self, node_counts: dict[str, int] | None) -> None:
        """Show each node's hits (article or section id → count, see tui.search_view), or None
        to clear. Only the lines on screen are drawn again: a big corpus has thousands of nodes."""
        self.counts = node_counts
        self._redraw()

    def _redraw(self) -> None:
        """Draw every line again (counts, colours): the same lines, so no layout of the screen,
        as Tree's `_invalidate` asks for."""
        self._clear_line_cache()
        self._updates += 1
        self.refresh()

    def notify_style_update(self) -> None:
        """A restyle (focus recolours the border) redraws the lines; a rule that changes the
        tree's size lays the screen out by itself."""
        super(Tree, self).notify_style_update()
        self._redraw()

    def _on_resize(self, event: events.Resize) -> None:
        """Sized by a layout (the first one that shows it, or the terminal resized): the lines
        are drawn again at the new size; Tree's handler asks for another layout of the screen."""
        event.prevent_default()
        self._line_cache.grow(event.size.height)
        self._redraw()

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        if old.height != new.height:      # lines folded or unfolded: the scroll bar may change
            self.refresh(layout=True)

    def render_line(self, y: int) -> Strip:
        # As Tree draws a line, with the style taken once a draw (Tree takes it each line).
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(y + scroll_y, scroll_x, scroll_x + self.size.width, self.draw_style)

    def count_of(self, key: str) -> int | None:
        return None if self.counts is None else self.counts.get(key, 0)

    def _label(self, item: Node) -> Text:
        title = item.title if isinstance(item, Article) else item.label
        label = plain(" ".join(title.split()))
        if isinstance(item, Article):
            label.stylize("bold")
        return label

    def render_label(self, node: TreeNode[Node], base_style: Style, style: Style) -> Text:
        """As Tree draws a label, prefixed with the node's hits while a query is active
        (dimmed without): counts are drawn as lines are, not stored in every node."""
        label = node._label.copy()
        count = self.count_of(node.data.id) if node.data is not None else None
        if count == 0:
            label.stylize(text_style(self, "section-tree--dim"))
        elif count is not None:
            label = Text.assemble(Text(str(count), style=text_style(self, "section-tree--count")), " ", label)
        label.stylize(style)
        if node._allow_expand:
            icon = (self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE, base_style + TOGGLE_STYLE)
        else:
            icon = ("", base_style)
        return Text.assemble(icon, label)

    # -- moving ----------------------------------------------------------------------------

    def reveal(self, key: str) -> None:
        """Put the cursor on a node (its ancestors expanded) and scroll it into view."""
        node = self.nodes_by_key.get(key)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:
                parent.expand()
            parent = parent.parent
        if self.cursor_node is not node:
            self.move_cursor(node)

    def ordered_keys(self) -> list[str]:
        """Every node's key, in reading order."""
        return list(self.nodes_by_key)
