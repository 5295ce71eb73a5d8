"""The app's state is a handful of reactives, and what shows it follows them: the status line,
the results panel and the crumb draw themselves from the state they are bound to, and the
panes shown follow the focused pane and the user's toggles. Setting the state is enough."""

from tanwen.corpus import load_corpus
from tanwen.search import SearchEngine
from tanwen.tui.app import TanwenApp
from tanwen.tui.messages import IndexState
from tanwen.tui.pane_rules import PaneToggles
from tanwen.tui.search_view import SearchView, build_search_view
from tanwen.tui.widgets.results_list import prepared_row
from tanwen.tui.widgets.results_panel import summary
from tanwen.tui.widgets.status_line import CorpusFacts, status_fields

from tui_support import settle

SIZE = (120, 35)


def words(fields) -> list[str]:
    return [field.text for field in fields]


def view_of(corpus, query: str, row_format=None) -> SearchView:
    """A search's view, made as the app's search worker makes it (rows drawn for `row_format`)."""
    results = SearchEngine(corpus).search(query, limit=100)
    make_row = (lambda rank, hit: prepared_row(rank, hit, row_format)) if row_format else (lambda rank, hit: None)
    return build_search_view(query, results, corpus, make_row, row_format)


def test_the_status_line_is_a_function_of_the_state():
    corpus = load_corpus()
    facts = CorpusFacts.of(corpus)
    assert facts.sections == sum(1 for article in corpus.articles for _ in article.walk()) > 0
    assert words(status_fields(None, SearchView(""), None, "section", IndexState("pending"), True)) == [
        "loading the corpus…"]
    view = view_of(corpus, "天开")
    hits = len(view.occurrences)
    fields = words(status_fields(facts, view, 2, "results", IndexState("indexing", 45), False))
    assert fields[0] == corpus.name
    assert f"hit 3 of {hits}" in fields and f"{view.results.total} blocks" in fields
    assert "figures of results" in fields and "indexing 45%…" in fields
    assert not any(field.endswith(" ms") for field in fields)          # timings off
    # A view of an empty query counts no hits, whatever the hit index says.
    assert words(status_fields(facts, SearchView(""), 2, "section", IndexState("index"), True))[2:] == []


def test_the_results_summary_is_a_function_of_the_view():
    corpus = load_corpus()
    view = view_of(corpus, "天开")
    assert f"{view.results.total} blocks" in str(summary(view))
    assert "no matches" in str(summary(view_of(corpus, "不存在的词语组合")))
    failed = SearchView("天开", error="search failed: boom")
    assert str(summary(failed)) == "search failed: boom"


async def test_setting_the_state_is_all_it_takes_to_show_it():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        status = app.query_one("#status")
        assert "hit" not in str(status.render())
        # A search's view, made as the worker makes it, assigned: the list, the summary, the
        # tree's counts, the reader's highlights and the status line follow.
        view = view_of(app.corpus, "天开", app.results_list.row_format())
        app.query_text = "天开"
        app.search_view = view
        await pilot.pause()
        assert app.results_list.option_count == len(view.results.hits)
        assert app.query_one("#results-panel").has_class("-active")
        assert str(app.query_one("#results-summary").render()).startswith(f"{view.results.total} blocks")
        assert app.reader.hits is view.matches
        assert f"{len(view.occurrences)} hits" in str(status.render())
        app.hit_index = 0
        assert f"hit 1 of {len(view.occurrences)}" in str(status.render())
        app.index_state = IndexState("indexing", 7)
        assert "indexing 7%…" in str(status.render())
        # What the reader shows: the crumb follows.
        section = app.corpus.articles[-1].sections[0]
        app.open_key(section.id)
        await pilot.pause()
        assert app.reading.key == section.id
        assert str(app.query_one("#crumb").render()) == app.reading.title
        # An empty view hides the panel again.
        app.query_text = ""
        app.search_view = SearchView("")
        await pilot.pause()
        assert not app.query_one("#results-panel").has_class("-active")
        assert "hit" not in str(status.render())


async def test_the_panes_shown_follow_the_focused_pane_and_the_toggles():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.panes.shown("tree") and app.panes.shown("figures")
        app.focus_pane("reader")
        app.pane_toggles = PaneToggles(tree=False)
        assert not app.panes.shown("tree") and app.panes.shown("figures")
        app.pane_toggles = PaneToggles(tree=True, figures=False, prefer="tree")
        assert app.panes.shown("tree") and not app.panes.shown("figures")
        app.focused_pane = "figures"             # a focused side pane always shows
        assert app.panes.shown("figures")
        await pilot.resize_terminal(60, 20)      # one pane at a time: the focused one
        await pilot.pause()
        app.focused_pane = "tree"
        assert app.panes.shown("tree") and not app.panes.shown("centre")
        app.focused_pane = "reader"
        assert not app.panes.shown("tree") and app.panes.shown("centre")
