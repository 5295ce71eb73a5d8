"""Search results reach the UI thread as messages with their view built in the worker: an
older query's answer arriving after a newer one's is dropped, and the handler only assigns."""

import threading

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp
from tanwen.tui.messages import IndexState, SearchFinished
from tanwen.tui.search_view import build_search_view
from tanwen.tui.widgets.results_list import prepared_row

from tui_support import settle, until

SIZE = (120, 35)


def screen_text(app) -> tuple[str, str, list[str]]:
    """What a person reads of a search: the summary, the status line, the result rows."""
    rows = app.results_list
    return (str(app.query_one("#results-summary").render()), str(app.query_one("#status").render()),
            [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)])


def view_in_thread(app, query: str):
    """A search's view, made in a thread of its own as the app's worker makes it."""
    row_format = app.results_list.row_format()
    made = []

    def work() -> None:
        results = app.engine.search(query, limit=100)
        made.append(build_search_view(query, results, app.corpus,
                                      lambda rank, hit: prepared_row(rank, hit, row_format), row_format))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    return made[0]


async def test_an_older_query_finishing_after_a_newer_one_is_not_shown():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.search_now("创新")
        assert await until(pilot, lambda: app.results is not None and app.results.query.raw == "创新")
        await settle(pilot, app)
        shown = screen_text(app)
        highlights = dict(app.reader.hits)
        assert "创新" in "".join(shown[2])
        # The answer to 经济 (typed before 创新, and slower) comes in last.
        older = view_in_thread(app, "经济")
        assert older.results.total and older.matches != highlights
        threading.Thread(target=app.post_message, args=(SearchFinished("经济", older),)).start()
        await settle(pilot, app)
        assert screen_text(app) == shown
        assert app.reader.hits == highlights
        assert app.results.query.raw == "创新"
        # The same answer for the query in the box is shown.
        app.search_bar.value = "经济"
        app.query_text = "经济"
        app.post_message(SearchFinished("经济", older))
        assert await until(pilot, lambda: app.results is older.results)
        assert app.reader.hits is older.matches


async def test_results_arrive_with_their_view_ready_and_are_only_assigned():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    arrived = []

    def hook(message) -> None:      # runs on the UI thread, before the app's handler
        if isinstance(message, SearchFinished):
            arrived.append(message)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"的")
        await settle(pilot, app)
        assert await until(pilot, lambda: app.results is not None)
        message = arrived[-1]
        every = app.engine.search("的", limit=None)
        # The reader highlights the engine's spans, block for block, in reading order …
        assert app.reader.hits == every.matches
        assert list(app.reader.hits) == list(every.matches)
        # … which came with the message, made in the worker: the handler assigned them.
        assert app.reader.hits is message.view.matches
        assert message.view.occurrences == every.occurrence_list()
        # n steps through them in that order, from the section on screen.
        await pilot.press("escape", "n")
        block_id, span = app.reader.current
        assert (block_id, span) in message.view.occurrence_index
        # The tree shows every node's count the worker added up.
        article = app.corpus.articles[0]
        assert app.tree.count_of(article.id) == sum(
            every.section_counts.get(section.id, 0) for section in article.walk())


async def test_the_status_line_follows_the_index_state_and_the_current_hit():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})

    def status() -> str:
        return str(app.query_one("#status").render())

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.index_state = IndexState("indexing", 45)
        await pilot.pause()
        assert "indexing 45%…" in status()
        app.index_state = IndexState("index")
        await pilot.pause()
        assert "indexing" not in status()
        app.search_now("创新")
        assert await until(pilot, lambda: app.results is not None)
        total = len(app.results.occurrence_list())
        app.hit_index = 2
        await pilot.pause()
        assert f"hit 3 of {total}" in status()
