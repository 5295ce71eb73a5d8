"""The status line: the corpus, the search's hits (and the current one), the figures' scope and
the index build, on one line; what matters least gives way on a narrow screen.

Its reactives are bound to the app's (`data_bind` in TanwenApp.compose): whatever changes one
of them, the line is drawn again from all of them, fitted to its width when painted.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.reactive import reactive

from tanwen.tui.fitting import Field
from tanwen.tui.messages import IndexState
from tanwen.tui.safe import clean
from tanwen.tui.search_view import SearchView
from tanwen.tui.widgets.fitted import Fitted, FittedText, fitted_fields
from tanwen.tui.wording import plural

BAR = "  │  "


@dataclass(frozen=True)
class CorpusFacts:
    name: str
    articles: int
    sections: int

    @classmethod
    def of(cls, corpus) -> CorpusFacts:
        sections = sum(1 for article in corpus.articles for _ in article.walk())
        return cls(corpus.name, len(corpus.articles), sections)


def status_fields(facts: CorpusFacts | None, view: SearchView, hit_index: int | None,
                  figures_scope: str, index_state: IndexState, show_timings: bool) -> list[Field]:
    """The status line's fields, in order, each with how soon it gives way (its rank)."""
    fields: list[Field] = []
    if facts is None:
        fields.append(Field("loading the corpus…", "dim"))
    else:
        fields += [Field(clean(facts.name), "bold", rank=2),
                   Field(f"{plural(facts.articles, 'article')} · {plural(facts.sections, 'section')}",
                         "dim", rank=3, short=f"{facts.sections} §")]
    results = view.results
    if results is not None and view.active:
        hits = len(view.occurrences)
        if hits:
            where = f"hit {hit_index + 1} of {hits}" if hit_index is not None else plural(hits, "hit")
            fields += [Field(where, "bold", separator=BAR), Field(plural(results.total, "block"), rank=2)]
        else:
            fields.append(Field("no hits", "bold", separator=BAR))
        if show_timings:
            fields.append(Field(f"{results.elapsed_ms:.1f} ms", "dim", rank=4))
        fields.append(Field(results.mode, "dim", rank=3))
    if figures_scope == "results":
        fields.append(Field("figures of results", "dim", rank=1, short="figs: results", separator=BAR))
    if index_state.describe():
        fields.append(Field(index_state.describe(), "italic", rank=1, separator=BAR))
    return fields


class StatusLine(FittedText):
    """Drawn from its reactives, which follow the app's."""

    corpus = reactive(None)
    search_view: reactive[SearchView] = reactive(SearchView(""))
    hit_index: reactive[int | None] = reactive(None)
    figures_scope = reactive("section")
    index_state = reactive(IndexState("pending"))

    def __init__(self, *, show_timings: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_timings = show_timings
        self._facts: CorpusFacts | None = None

    def watch_corpus(self, corpus) -> None:
        self._facts = CorpusFacts.of(corpus) if corpus is not None else None

    def render(self) -> Fitted:
        return fitted_fields(status_fields(self._facts, self.search_view, self.hit_index,
                                           self.figures_scope, self.index_state, self.show_timings))
