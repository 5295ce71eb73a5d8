"""The terminal app (first version: the section tree and the reader)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static, Tree

from corpus import Corpus, Section, load_corpus, resolve_corpus_path


class TanwenApp(App):
    TITLE = "探文 tanwen"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit")]
    CSS = """
    #tree { width: 36; }
    #reader { padding: 0 2; }
    """

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            tree: Tree[Section] = Tree(Text(self.corpus.name), id="tree")
            for article in self.corpus.articles:
                node = tree.root.add(Text(article.title), expand=True)
                self._add(node, article.sections)
            tree.root.expand()
            yield tree
            with VerticalScroll(id="reader"):
                yield Static(id="text")
        yield Footer()

    def _add(self, node, sections: list[Section]) -> None:
        for section in sections:
            child = node.add(Text(section.label), data=section, expand=True)
            self._add(child, section.children)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        section = event.node.data
        if section is not None:
            text = Text("\n\n").join(Text(block.text) for block in section.blocks)
            self.query_one("#text", Static).update(text)


def run_app(corpus_path: str | None) -> int:
    from tui.commands.common import CommandError, open_corpus
    from tui.cli import fail

    try:
        corpus = open_corpus(corpus_path)
    except CommandError as error:
        return fail(str(error))
    TanwenApp(corpus).run()
    return 0
