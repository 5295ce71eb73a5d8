"""Moving through the corpus: open a section or an article, step to the next hit (n/N) or
section ([/]), open a search result; the reader shows it, the tree's cursor follows.

What the reader shows becomes the app's `reading`, and the current hit its `hit_index`: the
crumb, the figures and the status line follow those (see TanwenApp's watchers).
"""

from __future__ import annotations

from tanwen.corpus.model import Article, Section
from tanwen.tui.fitting import section_path
from tanwen.tui.widgets.reader import ReaderView


def make_view(item: Article | Section) -> ReaderView:
    if isinstance(item, Article):
        blocks = list(item.blocks())
        ids = frozenset(section.id for section in item.walk())
        return ReaderView(item.id, " ".join(item.title.split()), blocks, ids)
    blocks = list(item.all_blocks())
    ids = frozenset(section.id for section in item.walk())
    article = item.article.title if item.article is not None else ""
    path = section_path(item.path)
    title = path if not article or path.startswith(article) else f"{' '.join(article.split())} › {path}"
    return ReaderView(item.id, title, blocks, ids)


class Navigator:
    """The app's moves between sections and hits."""

    def __init__(self, app) -> None:
        self.app = app

    @property
    def occurrences(self) -> list:
        return self.app.search_view.occurrences

    # -- sections --------------------------------------------------------------------------

    def open_key(self, key: str, *, focus_reader: bool = False, from_tree: bool = False) -> None:
        """Show an article or a section (by id) in the reader."""
        app = self.app
        if app.corpus is None:
            return
        view = app.reader.view
        if view is None or view.key != key:
            item = app.corpus.section(key) or next((a for a in app.corpus.articles if a.id == key), None)
            if item is None:
                return
            app.reader.show(make_view(item))
            self._forget_hit_outside_view()
            app.reading = app.reader.view
        if not from_tree:
            app.tree.reveal(key)
        if focus_reader:
            app.focus_pane("reader")

    def show_block(self, block_id: str, *, own_section: bool = False) -> None:
        """Open the block's section — for a search hit always its own section, so that the
        reader, the tree cursor and the figures follow the hit; otherwise only when the
        reader does not show the block already."""
        corpus = self.app.corpus
        block = corpus.block(block_id) if corpus is not None else None
        if block is None or block.section is None:
            return
        view = self.app.reader.view
        if own_section:
            if view is None or view.key != block.section.id:
                self.open_key(block.section.id)
        elif view is None or view.index_of(block_id) is None:
            self.open_key(block.section.id)

    def show_span(self, block_id: str, span: tuple[int, int]) -> None:
        """A figure or a caption chosen in the figures pane: show it marked in the reader."""
        self.show_block(block_id)
        self.app.reader.set_figure(block_id, span)

    def step_section(self, step: int) -> None:
        keys = self.app.tree.ordered_keys()
        if not keys:
            return
        view = self.app.reader.view
        current = view.key if view is not None else None
        index = keys.index(current) + step if current in keys else 0
        self.open_key(keys[max(0, min(len(keys) - 1, index))])

    def _forget_hit_outside_view(self) -> None:
        """A hit the reader no longer shows is no longer the current one: the status says
        `N hits` again (not `hit 16 of 91`), and n starts from the section shown."""
        app = self.app
        if app.hit_index is None or app.reader.view is None:
            return
        block_id, _ = self.occurrences[app.hit_index]
        if app.reader.view.index_of(block_id) is None:
            app.hit_index = None
            app.reader.set_current(None)

    # -- hits ------------------------------------------------------------------------------

    def go_to_occurrence(self, index: int) -> None:
        if not self.occurrences:
            return
        index %= len(self.occurrences)
        self.app.hit_index = index
        block_id, span = self.occurrences[index]
        self.show_block(block_id, own_section=True)
        self.app.reader.set_current(block_id, span)

    def step_hit(self, step: int) -> None:
        app = self.app
        if not self.occurrences:
            app.notify("No hits to step through: press / and type a query." if not app.query_text.strip()
                       else "No hits for this query.", severity="warning", timeout=3)
            return
        if app.hit_index is None:
            index = self._first_occurrence_from_view(step > 0)
        else:
            index = app.hit_index + step
            if not 0 <= index < len(self.occurrences):
                app.notify("Search wrapped to the " + ("first" if step > 0 else "last") + " hit.", timeout=2)
        self.go_to_occurrence(index)

    def _first_occurrence_from_view(self, forward: bool) -> int:
        view = self.app.reader.view
        if view is not None:
            indices = [i for i, (block_id, _) in enumerate(self.occurrences) if view.index_of(block_id) is not None]
            if indices:
                return indices[0] if forward else indices[-1]
        return 0 if forward else len(self.occurrences) - 1

    # -- search results --------------------------------------------------------------------

    def open_result(self, rank: int, *, focus_reader: bool) -> None:
        app = self.app
        results = app.search_view.results
        if results is None or not results.hits:
            if results is not None and focus_reader:
                app.focus_pane("reader")
            return
        hit = results.hits[max(0, min(rank, len(results.hits) - 1))]
        span = tuple(hit.spans[0]) if hit.spans else (0, 0)
        index = app.search_view.occurrence_index.get((hit.block_id, span))
        if index is not None:
            self.go_to_occurrence(index)
        else:
            self.show_block(hit.block_id, own_section=True)
            app.reader.set_current(hit.block_id, span)
        if focus_reader:
            app.focus_pane("reader")

    def move_result(self, step: int) -> None:
        """↑/↓ in the search box: move the results' cursor and show that result."""
        results = self.app.results_list
        if not results.option_count:
            return
        current = results.highlighted if results.highlighted is not None else -1
        results.highlighted = max(0, min(results.option_count - 1, current + step))
        self.open_result(results.highlighted, focus_reader=False)

    def open_occurrence(self, block_id: str, span: tuple[int, int]) -> bool:
        """Make an occurrence of the shown results the current hit; False if it is not one."""
        index = self.app.search_view.occurrence_index.get((block_id, span))
        if index is None:
            return False
        self.go_to_occurrence(index)
        return True
